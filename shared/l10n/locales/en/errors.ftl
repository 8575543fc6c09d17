# The API's error messages. The machine `code` of an error never changes with the language;
# these are the sentences people read (`message`).

## Refusals (409), by code: refusal-<code>.
refusal-insufficient-credits = the bank has { $remaining } credits left and this request needs { $needed }
refusal-bank-expired = the bank expired on { $expiry }; its credits can no longer be used
refusal-product-mismatch = the bank is for { $bank_product }, not { $requested }
refusal-license-expired = the licence expired on { $expiry }; generate a new licence instead of renewing
refusal-at-bank-limit = the licence already ends on its bank's expiry date ({ $bank_expiry }) and cannot be renewed further
refusal-not-assigned = the licence has no assignee to return
refusal-already-assigned = the licence is already assigned to { $email }; return it first
refusal-member-of-another-organisation = { $email } belongs to another organisation; they must be removed from it first
refusal-last-admin = { $email } is the last active admin of the organisation
refusal-holds-licenses =
    { $count ->
        [one] { $email } still holds { $count } unexpired licence
       *[other] { $email } still holds { $count } unexpired licences
    }
refusal-quote-changed = the quote said { $quoted } credits but the request now costs { $now }; review the new quote
refusal-org-suspended = the organisation is suspended by the licence provider ({ $reason }); it can read its data but change nothing until it is resumed
refusal-too-many-pending = the organisation already has { $max } credit requests waiting for the licence provider; withdraw one or wait for an answer
refusal-catalog-changed = the catalogue was changed by someone else since you read it (it is now at revision { $revision }); reload it and make your changes again
refusal-product-in-use =
    { $banks ->
        [one] { $banks } bank was bought for { $product }, so it cannot be removed from the catalogue
       *[other] { $banks } banks were bought for { $product }, so it cannot be removed from the catalogue
    }

## Other errors, by HTTP status.
error-not-found =
    { $thing ->
        [bank] bank not found
        [credit-request] credit request not found
        [invitation] invitation not found
        [licence] licence not found
        [organisation] organisation not found
        [product] product not found
        [user] user not found
        [webhook] webhook endpoint not found
       *[other] not found
    }
error-method-not-allowed = this method is not allowed here
error-idempotency-key-reused = this Idempotency-Key was already used for a different request
error-too-large = the request body is larger than { $bytes } bytes
error-unavailable = the service is busy; nothing was changed, please retry
error-interrupted = { $done } of { $total } lines were written before the service was interrupted; send the same request again with the same Idempotency-Key to finish the others
error-internal = something went wrong on our side; nothing was changed, please retry

## Invalid fields (422): why the field named by `field` is refused, reused across fields
## where the sentence is the same.
invalid-required = is required
invalid-unknown-field = is not a field of this request
invalid-json-object = must be a JSON object
invalid-type =
    { $expected ->
        [integer] must be a whole number
        [number] must be a number
        [text] must be a string
        [boolean] must be true or false
        [list] must be a list
        [object] must be an object
       *[other] is not of the expected type
    }
invalid-variant = must be one of { $expected }
invalid-value = has a value this request cannot use
invalid-duplicate-field = appears twice
invalid-not-negative = must not be negative
invalid-at-least = must be at least { $min }
invalid-at-most = must be at most { $max }
invalid-between = must be from { $min } to { $max }
invalid-whole-number = must be a whole number from { $min } to { $max }
invalid-too-large = is too large
invalid-at-least-months =
    { $min ->
        [one] must be at least { $min } month
       *[other] must be at least { $min } months
    }
invalid-at-most-months =
    { $max ->
        [one] must be at most { $max } month
       *[other] must be at most { $max } months
    }
invalid-length = must be { $min } to { $max } characters
invalid-at-most-characters = must be at most { $max } characters
invalid-empty = must not be empty
invalid-bulk-lines = at most { $max } lines per request
invalid-bulk-duplicate = appears on an earlier line of this request
invalid-idempotency-key-required = is required for this request: a retry with the same key finishes what an interrupted one started
invalid-control-characters = must not contain line breaks or control characters
invalid-control-characters-but-lines = must not contain control characters other than line breaks
invalid-id-characters = may hold only letters, digits, '-' and '_'
invalid-email-ascii = must be written in ASCII letters, digits and punctuation
invalid-email-spaces = must not contain spaces or control characters
invalid-email-at = must contain one @
invalid-email-local-length = the part before @ must be 1 to 64 characters
invalid-email-local-characters = the part before @ may hold letters, digits and !#$%&'*+/=?^_`{"{"}|{"}"}~.- (no leading, trailing or double dots)
invalid-email-domain = the domain must be a dotted name of letters, digits and hyphens
invalid-mail-domain = must be a mail domain such as studio.example
invalid-date-format = must be a date written YYYY-MM-DD
invalid-date-years = must be a date between the years { $first } and { $last }
invalid-date-no-such-day = must be a day of the calendar: { $date } does not exist
invalid-lifecycle = must be pending, active or expired
invalid-request-status = must be pending, granted, declined or withdrawn
invalid-status-change = can be set to active or inactive only
invalid-issuer = must be the identity provider's https URL, as its tokens write it in `iss`
invalid-subject = must be 1 to 255 characters without spaces, as the provider's tokens write it in `sub`
invalid-same-name = is the organisation's name already
invalid-after-start = must be after the start date
invalid-after-today = must be after today ({ $today })
invalid-not-before-today = must not be before today ({ $today })
invalid-not-in-past = must not be in the past (today is { $today })
invalid-not-before-from = must not be before from ({ $from }): both days are included
invalid-audit-action = must be audit actions separated by commas, such as license_generated,license_renewed: { $name } is not one
invalid-audit-actions-count = may name at most { $max } actions
invalid-audit-csv-too-large = holds more events than one download can carry ({ $events } events or { $limit } bytes): the events from { $day } on fit, so choose that day or a later one, or narrow the filter
invalid-audit-csv-day-too-large = holds more events than one download can carry ({ $events } events or { $limit } bytes), even on { $day } alone: narrow the filter by actor, action, bank or licence
invalid-before-bank-start = must not be before the bank's start date ({ $start })
invalid-not-before-bank-expiry = must be before the bank's expiry date ({ $expiry })
invalid-after-bank-expiry = must be after the bank's current expiry ({ $expiry })
invalid-bank-or-product = is required unless product is given: name the bank that pays, or the product for the quote to propose its bank
invalid-renewal-bank = must be a bank of the licence's product and version ({ $version }), portable exactly when the licence's bank is
invalid-renewal-bank-start = must have started by the day the new term starts: the bank starts on { $start }, the licence ends on { $expiry }
invalid-no-paying-bank = no bank of this product can pay for it: ask your licence provider for credits
invalid-licences-per-request = at most { $max } licences per request
invalid-node-lock-per-request = at most { $max } node-lock licences per request
invalid-computers-multiseat-only = only multiseat licences can change their number of computers at renewal
invalid-credits-required = is required: send the credits the quote showed
invalid-version = must be a version like 24 or 25.1
invalid-not-in-catalog = is not in the catalogue
invalid-no-such-version = { $product } has no version { $version } in the catalogue
invalid-version-not-in-catalog = version { $version } of { $product } is not in the catalogue
invalid-catalog-products = a catalogue has at most { $max } products
invalid-product-twice = product { $product } appears twice
invalid-product-name = { $product }: the name must be 1 to 100 printable characters
invalid-product-releases = a product has at most { $max } versions
invalid-version-twice = { $product } version { $version } appears twice
invalid-one-link-per-os = { $product } { $version }: one link per OS
invalid-url = must be an https URL without spaces or quotes
invalid-code-too-long = is too long to be an activation code
invalid-code-symbol = { $symbol } is not used in activation codes (they have no 0, 1, I or O)
invalid-code-too-many = has more than { $count } symbols
invalid-code-length = must have 16 symbols, e.g. 7KQM-3XWD-RP9T-HN4C
invalid-code-check = has a typing mistake (its check symbol does not match)
invalid-search = must hold a letter or digit of a name, an address, or @ and a mail domain
invalid-license-search-empty = must not be empty: part of an activation code or of an assignee's address
invalid-license-search-dashes = must hold a letter, digit or symbol besides dashes and spaces
invalid-license-sort = must be created (newest first), expiry (soonest first) or -expiry (latest first)
invalid-bank-or-new-bank = give either bank (a bank to top up) or new_bank (a bank to create), not both
invalid-no-bank = the request names no bank: give bank (a bank to top up) or new_bank (a bank to create)
invalid-language = must be one of { $known }, or null
invalid-nothing-to-change = say the new role, the new status, or both

## Conflicts (409, code `conflict`) and banks whose licences cannot move (`not_portable`).
conflict-invitation-accepted = { $email } accepted the invitation; only the organisation's admins can remove them
conflict-not-bound = no sign-in account is bound to { $email } yet
conflict-already-suspended = the organisation is already suspended
conflict-not-suspended = the organisation is not suspended
conflict-not-accepted-yet = { $email } has not accepted the invitation yet: their first sign-in binds the account it comes from
conflict-already-bound = { $email } is bound to that account already
conflict-bank-full = a bank holds at most { $max } credits
conflict-request-closed =
    { $status ->
        [granted] the credit request { $request } was already granted
        [declined] the credit request { $request } was already declined
       *[withdrawn] the credit request { $request } was already withdrawn
    }
conflict-bank-other-org = the bank { $bank } belongs to another organisation than the request
conflict-request-changed = the credit request changed meanwhile; reload it
conflict-credential-revoked = the API credential “{ $name }” is already revoked
conflict-credential-name-taken = an API credential of the organisation is already named “{ $name }” (revoked ones keep their names); choose another name
conflict-too-many-credentials = the organisation already has { $max } active API credentials; revoke one first
invalid-credential-name-control = must not hold control characters (line breaks, tabs)
invalid-credential-role = must be read_only or admin
conflict-requests-changed = the organisation's credit requests changed meanwhile; reload them
conflict-bank-requested-changed = the bank's requested credits changed meanwhile; reload it
conflict-policy-changed = the version policy was changed at the same time; read it again
conflict-already-member = { $email } is already a member of this organisation
conflict-user-changed = { $email } was changed by someone else meanwhile; reload and try again
conflict-no-longer-member = { $email } is no longer a member of this organisation
conflict-accepted-meanwhile = { $email } accepted the invitation meanwhile
conflict-user-changed-or-licensed = { $email } was changed or given a licence meanwhile; reload and try again
conflict-licence-changed = the licence changed while this request was made; reload it and try again
conflict-bank-changed = the bank changed while this request was made; reload it and try again
not-portable-version = licences of this bank (version { $version }) cannot be returned or reassigned; that needs version { $since } or later
not-portable-bank = this bank is not configured with portable licences, so its licences cannot be returned or reassigned

## Malformed requests (400) and bodies that are not JSON (415).
bad-request-path = the path is not valid UTF-8
bad-request-idempotency-key = Idempotency-Key must be 1 to 128 visible ASCII characters
bad-request-if-match = If-Match must be the ETag of what you read: a revision in quotes, like "7"
bad-request-no-body = the request needs a JSON body
bad-request-not-json = the body is not valid JSON (line { $line }, column { $column })
bad-request-cursor = the cursor is not valid for this list
unsupported-not-json = send the body as application/json

## Sign-in (401) and what a person may not do (403).
unauthenticated-sign-in = sign in to use the portal
unauthenticated-no-subject = the token has no subject
unauthenticated-no-issuer = the token has no issuer
unauthenticated-email-not-verified = the email address of this account is not verified; verify it with your identity provider, then sign in again
unauthenticated-email-verified-missing = the token does not say that its email address is verified (email_verified)
unauthenticated-no-email = the token carries no email address
unauthenticated-bad-email = the token's email is not a usable address
forbidden-operators-only = only the vendor's operators can do this
forbidden-credential-route = an API credential cannot do this: people manage users, credentials, exports and credit requests
forbidden-credential-read-only = this API credential is read-only; an admin credential is needed for changes
forbidden-people-only = only a signed-in person can do this, not an API credential
unauthenticated-key-unknown = the API key is not known; check it was copied whole
unauthenticated-key-revoked = the API key was revoked; ask an administrator for a new one
unauthenticated-key-malformed = the Authorization header does not hold an API key (Bearer elp_...)
forbidden-admins-only = only administrators of the organisation can do this
forbidden-not-a-member = you are not a member of any organisation on this portal; ask your administrator for an invitation
forbidden-invitation-expired = your invitation expired on { $expiry }; ask an administrator of the organisation to invite you again
forbidden-inactive = your account is inactive; ask an administrator of your organisation to reactivate it
forbidden-no-longer-member = you are no longer a member of this organisation
forbidden-other-account = this email address belongs to a member who signs in with another account; sign in with that account, or ask your licence provider to release it

## Limits (429), by code.
limited-rate =
    { $whose ->
        [organisation] your organisation's requests are past the portal's limit for this minute; retry in { seconds }
       *[caller] your requests are past the portal's limit for this minute; retry in { seconds }
    }
limited-mail-budget = the organisation has sent its { $budget } mails for today; this one could go tomorrow (UTC)
limited-export = an export of the organisation's licences was asked for less than { minutes } ago; it is on its way by email
limited-invitation = an invitation was mailed to { $email } less than { minutes } ago; it can be sent again after that

## Activation: what the vendor's desktop software is told (`activation-<code>`).
invalid-fingerprint = must be { $min } to { $max } letters, digits, dots, underscores, colons or dashes (the machine's fingerprint)
activation-not-yet-valid = the licence starts on { $start }; it cannot be used before
activation-expired = the licence ended on { $expiry }; renew it in the portal to use it again
activation-no-seat = every seat of the licence is in use ({ $seats ->
        [one] { $seats } machine
       *[other] { $seats } machines
    } at once); release one in the portal or ask for more
activation-not-activated = this machine is not activated on the licence (it was released, or the licence was returned): activate it again
activation-seat-withdrawn = the licence now allows { $seats ->
        [one] { $seats } computer
       *[other] { $seats } computers
    } and this machine's seat is no longer one of them: activate it again
activation-lease-expired = the seat's lease ran out: check out a seat again
activation-wrong-use = { $type ->
        [floating] a floating licence leases seats: check out a seat instead
       *[other] only floating licences lease and borrow seats: activate the machine instead
    }
activation-too-many-releases = the licence's machines were released { $max } times in the last { $days } days, the most allowed; the next release is possible on { $next }
activation-borrow-too-long = a seat may be borrowed for 1 to { $max } days
activation-unknown-license = no licence has this activation code
limited-activation =
    { $whose ->
        [code] this licence's activation requests are past their limit for this minute; retry in { seconds }
       *[source] activation requests from this address are past their limit for this minute; retry in { seconds }
    }

## Webhooks.
invalid-webhook-url = must be an absolute URL such as https://hooks.studio.example/elp
invalid-webhook-url-length = must be at most { $max } characters
invalid-webhook-url-https = must be an https URL
invalid-webhook-url-credentials = must not hold a user name or password (the deliveries are signed instead)
invalid-webhook-url-fragment = must not have a fragment (#...)
invalid-webhook-url-private = must name a public host: private, loopback and link-local addresses are not reachable from the portal
invalid-webhook-no-events = must name at least one event type
invalid-webhook-event-type = names { $type }, which is not an event type; the types are { $types }
conflict-too-many-webhooks = the organisation already has { $max } webhook endpoints; delete one first
conflict-webhook-changed = the webhook endpoint changed meanwhile; reload it
