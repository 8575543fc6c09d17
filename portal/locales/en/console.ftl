# The vendor's console: organisations, one organisation, find, credit requests, catalogue,
# the vendor's trail and dead mail.

## Words the console's pages share.
con-status-pending = Pending
con-status-active = Active
con-status-expired = Expired
con-status-granted = Granted
con-status-declined = Declined
con-status-withdrawn = Withdrawn
con-status-suspended = Suspended
con-person-active = Active
con-person-invited = Invited
con-person-inactive = Inactive
con-type-node_lock = Node lock
con-type-multiseat = Multiseat
con-type-floating = Floating
con-role-admin = Admin
con-role-member = Member
con-yes = Yes
con-no = No
con-credits = { $count ->
    [one] { $n } credit
   *[other] { $n } credits
}

## The review-and-confirm dialog of every action.
kit-no-org = The vendor (no organisation)
kit-close = Close
kit-cancel = Cancel
kit-review = Review
kit-review-confirm = Review and confirm
kit-confirm = Confirm
kit-change = Change
kit-done = Done
kit-whole-number = { $label } must be a whole number
kit-at-least = { $label } must be at least { $min }
kit-at-most = { $label } must be at most { $max }
kit-required = { $label } is required

## The organisations.
orgs-since = since { $date }
orgs-none-active = none active yet
orgs-new = New organisation
orgs-new-intro = A studio that bought credits. Its first admin is invited by mail and becomes active at their first sign-in; add its banks on its page next.
orgs-name = Name
orgs-name-hint = As the studio's people know it; 1 to 100 characters on one line.
orgs-admin-email = First admin's email
orgs-admin-email-hint = Must not belong to another organisation.
orgs-new-summary = Create the organisation “{ $name }” and invite { $email } as its first admin.
orgs-first-admin = First admin
orgs-new-note = The invitation mail goes out at once. The organisation has no credits until you create a bank for it.
orgs-create = Create organisation
orgs-created = Organisation created
orgs-created-text = { $name } exists; { $email } is invited as its admin (the invitation lapses on { $date } unless accepted).
orgs-created-text-undated = { $name } exists; { $email } is invited as its admin (the invitation lapses on its expiry date unless accepted).
orgs-open = Open { $name }
orgs-find = Find organisations
orgs-find-hint = A word of the name (nord), a person's address, or @ and a mail domain (@studio.example).
orgs-search = Search
orgs-show-all = Show every organisation
orgs-lead = The studios that buy credits, by name. Open one to see its banks, licences, people and trail, and to act on them.
orgs-caption = Organisations
orgs-caption-found = Organisations found for { $q }
orgs-created-on = Created
orgs-active-admins = Active admins
orgs-mail-budget = Daily mail budget
orgs-default = default
orgs-status = Status
orgs-loading = Loading organisations…
orgs-none-match = No organisation matches “{ $q }”.
orgs-none-yet = No organisations yet. Create the first with “New organisation”.
orgs-count = { $count ->
    [one] Showing { $n } organisation.
   *[other] Showing { $n } organisations.
}
orgs-count-more = { $count ->
    [one] Showing { $n } organisation; more available.
   *[other] Showing { $n } organisations; more available.
}

## One organisation: its sections.
org-section-banks = Banks
org-section-licences = Licences
org-section-people = People
org-section-trail = Trail
org-sections = Sections of the organisation
org-all-orgs = ← All organisations
org-summary = Summary
org-id = Id
org-invalid-date = { $label } must be a date (YYYY-MM-DD)
org-to = to
org-from-to = { $start } to { $expiry }

## One organisation: its banks.
org-product = Product
org-version = Version
org-version-hint = Licences can be returned and reassigned from version 25.1, on portable banks.
org-product-id = Product id
org-product-id-hint = As the catalogue names it, e.g. harmony-premium (the catalogue could not be read).
org-version-text-hint = A version of that product in the catalogue, e.g. 24 or 25.1.
org-new-bank = New bank
org-new-bank-title = New bank for { $org }
org-new-bank-intro = The credits the studio bought for one product version, usable from the start date until the expiry date.
org-purchased-label = Credits purchased
org-purchased-hint = What the studio bought or asked for.
org-granted-label = Credits granted
org-granted-hint = What it may spend now; empty grants all purchased credits, 0 none yet.
org-start = Start
org-expiry = Expiry
org-expiry-hint = After the start and after today; unused credits are forfeited on this date.
org-portable-check = Portable: its licences can be returned and reassigned (version 25.1 or later)
org-portable = Portable
org-not-portable = Not portable
org-expiry-after-start = Expiry must be after the start
org-new-bank-summary = { $count ->
    [one] Create a { $bank } bank for { $org }: { $purchased } credit purchased, { $granted } granted, from { $start } to { $expiry }{ $portable ->
        [yes] , portable.
       *[no] .
    }
   *[other] Create a { $bank } bank for { $org }: { $purchased } credits purchased, { $granted } granted, from { $start } to { $expiry }{ $portable ->
        [yes] , portable.
       *[no] .
    }
}
org-purchased = Purchased
org-granted-spendable = Granted (can be spent)
org-new-bank-note = Unused credits are forfeited on { $date }; the studio's admins are warned 30, 7 and 1 days before.
org-create-bank = Create bank
org-bank-created = Bank created
org-bank-created-text = { $count ->
    [one] { $bank } for { $org }: { $n } credit can be spent from { $start } until { $expiry }.
   *[other] { $bank } for { $org }: { $n } credits can be spent from { $start } until { $expiry }.
}
org-bank = Bank
org-remaining = Remaining
org-status = Status
org-bank-figures = { $granted } granted, { $used } used, { $remaining } remaining; expires { $expiry }.
org-grant-title = Grant credits: { $bank }
org-grant-label = Credits to grant
org-grant-hint = Added to the granted and remaining credits.
org-grant-summary = { $count ->
    [one] Grant { $n } credit to the { $bank } bank ({ $start } to { $expiry }).
   *[other] Grant { $n } credits to the { $bank } bank ({ $start } to { $expiry }).
}
org-granted = Granted
org-grant-note = The credits can be spent until the bank expires on { $date }.
org-grant-confirm = { $count ->
    [one] Grant { $n } credit
   *[other] Grant { $n } credits
}
org-granted-heading = Credits granted
org-grant-result = { $count ->
    [one] { $n } credit granted: the bank now has { $granted } granted and { $remaining } remaining.
   *[other] { $n } credits granted: the bank now has { $granted } granted and { $remaining } remaining.
}
org-extend-title = Extend: { $bank }
org-extend-intro = The bank expires on { $date }. The studio bought an extension: move its expiry later.
org-new-expiry = New expiry
org-new-expiry-hint = Later than { $date }.
org-reason = Reason
org-extend-reason-hint = For the trail, e.g. the order number; one line.
org-new-expiry-later = New expiry must be later than { $date }
org-extend-summary = Move the expiry of the { $bank } bank from { $from } to { $to }.
org-extend-note-licences = Licences drawn from this bank keep their dates; their renewals may now run to the new expiry.
org-extend-note-jobs = The expiry job and the 30, 7 and 1-day warnings follow the new date.
org-extend-confirm = Extend the bank
org-extended = Bank extended
org-extended-text = The { $bank } bank now expires on { $date }.
org-void-title = Void credits: { $bank }
org-void-intro = { $granted } granted, { $used } used, { $remaining } remaining. A bank created too large by mistake gives its unused credits back.
org-void-label = Credits to void
org-void-hint = { $count ->
    [one] At most the { $n } remaining: what is used cannot be voided.
   *[other] At most the { $n } remaining: what is used cannot be voided.
}
org-void-reason-hint = For the trail; one line.
org-void-too-many = { $count ->
    [one] Only { $n } credit is unused
   *[other] Only { $n } credits are unused
}
org-void-summary = { $count ->
    [one] Take { $n } unused credit back from the { $bank } bank.
   *[other] Take { $n } unused credits back from the { $bank } bank.
}
org-voided = Voided
org-purchased-kept = { $n } (stays on record)
org-void-note = It cannot go below what is used ({ $used }): licences already generated keep their credits.
org-void-confirm = { $count ->
    [one] Void { $n } credit
   *[other] Void { $n } credits
}
org-voided-heading = Credits voided
org-void-result = { $count ->
    [one] { $n } credit voided: the bank now has { $granted } granted and { $remaining } remaining.
   *[other] { $n } credits voided: the bank now has { $granted } granted and { $remaining } remaining.
}
org-banks-lead = Credits per product version: what was bought, asked for, granted, used and what is left.
org-banks-empty = No banks yet: create one when the studio buys credits.
org-banks-caption = Banks of { $org }
org-its-licences = Its licences
org-its-ledger = Its ledger
org-requested = Requested
org-used = Used
org-start-expiry = Start / expiry
org-forfeited = { $n } forfeited
org-actions = Actions
org-no-action-expired = None: expired
org-bank-action-aria = { $action }: { $bank } bank, { $start } to { $expiry }
org-grant = Grant
org-extend = Extend
org-void = Void

## One organisation: its licences.
org-all-banks = All banks
org-bank-option = { $bank }, { $start } to { $expiry }
org-bank-option-expired = { $bank }, { $start } to { $expiry } (expired)
org-any-status = Any status
org-licences-filter = Filter the licences of { $org }
org-assignee-email = Assignee email
org-apply-filters = Apply filters
org-clear-filters = Clear filters
org-licences-lead = Every licence of the organisation, newest first, as its admins see them.
org-licences-loading = Loading licences…
org-licences-none-match = No licences match these filters.
org-licences-none = No licences yet.
org-licences-caption = Licences of { $org }
org-activation-code = Activation code
org-computers = Computers
org-type = Type
org-assignee = Assignee
org-unassigned = Unassigned
org-credits-used = Credits used
org-bank-cell = { $portable ->
    [yes] { $version }, portable
   *[no] { $version }
}

## One organisation: its people.
org-last-admin = { $message }: an organisation always keeps one active admin, for the licence provider too. Invite or promote another admin first (they count once they have signed in), then change this one.
org-make-admin = Make admin
org-make-member = Make member
org-deactivate = Deactivate
org-reactivate = Reactivate
org-make-admin-title = Make { $email } an admin
org-make-member-title = Make { $email } a member
org-deactivate-title = Deactivate { $email }
org-reactivate-title = Reactivate { $email }
org-make-admin-summary = Make { $email } an admin of { $org }.
org-make-member-summary = Make { $email } a member of { $org }.
org-deactivate-summary = Deactivate { $email } of { $org }.
org-reactivate-summary = Reactivate { $email } of { $org }.
org-make-admin-aria = Make admin: { $email }
org-make-member-aria = Make member: { $email }
org-deactivate-aria = Deactivate { $email }
org-reactivate-aria = Reactivate { $email }
org-role = Role
org-inactive-note = An inactive person cannot use the portal; they keep their licences.
org-only-admin-note = { $email } is the only active admin: the service refuses this until another admin is active.
org-no-admin-note = { $org } has no active admin yet: after this nobody can manage it until you invite an admin.
org-changed = Changed
org-changed-text = { $email } is now { $role ->
    [admin] an admin
   *[member] a member
}, { $status ->
    [active] active
    [invited] invited
   *[inactive] inactive
}.
org-invite-admin = Invite an admin
org-invite-title = Invite an admin to { $org }
org-email = Email
org-invite-hint = Someone already in the organisation is invited again; someone of another organisation is refused, unless all they have there is a lapsed invitation.
org-invite-summary = Invite { $email } as an admin of { $org }.
org-invite-note = The invitation mail goes out at once; they become active at their first sign-in.
org-send-invitation = Send invitation
org-invitation-sent = Invitation sent
org-invited-text = { $role ->
    [admin] { $email } is invited as admin of { $org }, until { $date }.
   *[member] { $email } is invited as member of { $org }, until { $date }.
}
org-invited-text-undated = { $role ->
    [admin] { $email } is invited as admin of { $org }.
   *[member] { $email } is invited as member of { $org }.
}
org-release-invitation-title = Release the invitation
org-release-invitation-summary = Withdraw { $email }'s invitation to { $org }, which they never accepted.
org-release-invitation-note = The address is free again: another organisation can invite them. Refused when the invitation came with licences they still hold.
org-invitation-released = Invitation released
org-invitation-released-text = { $email } is no longer invited to { $org }.
org-release-account-title = Release the sign-in account
org-release-account-summary = Release the account { $subject } ({ $issuer }) from { $email }'s membership of { $org }.
org-release-account-note = On the person's request: their next sign-in binds the account it comes from. Until then, anyone signing in with this address at a trusted provider becomes them.
org-release-account-confirm = Release the account
org-account-released = Account released
org-account-released-text = { $email } is bound to no account; their next sign-in binds one.
org-bind-title = Bind another account to { $email }
org-bind-intro = On the person's request: their account at the identity provider changed, or they move to another trusted provider.
org-issuer = Issuer
org-issuer-hint = The provider's issuer URL, as its tokens write iss (https).
org-subject = Subject
org-subject-hint = What that provider calls the person (sub), without spaces.
org-bind-summary = From now on only the account { $subject } of { $issuer } acts as { $email } in { $org }.
org-now = Now
org-no-account = No account
org-after = After
org-bind-confirm = Bind the account
org-account-bound = Account bound
org-account-bound-text = { $email } is bound to { $subject } of { $issuer }.
org-account-none-invited = None: not signed in yet
org-account-none = None: the next sign-in binds one
org-people-lead = The organisation's people, with the sign-in account each membership is bound to.
org-people-loading = Loading people…
org-people-empty = Nobody yet.
org-people-caption = People of { $org }
org-invitation-until = invitation until { $date }
org-invited-on = Invited on
org-account = Account
org-release-invitation = Release invitation
org-release-invitation-aria = Release invitation of { $email }
org-release-account = Release account
org-release-account-aria = Release account: the sign-in account of { $email }
org-bind-account = Bind account
org-bind-account-aria = Bind account: another sign-in account for { $email }

## One organisation: its trail.
org-trail-lead = Everything that changed in the organisation, newest first, as its admins see it.
org-trail-empty = Nothing has happened yet.
org-trail-caption = Trail of { $org }
org-time = Time
org-actor = Actor
org-action = Action
org-subject-col = Subject
org-credits = Credits
org-detail = Detail

## One organisation: renaming, suspending, resuming, its mail budget.
org-rename-title = Rename { $org }
org-new-name = New name
org-new-name-hint = 1 to 100 characters on one line.
org-same-name = New name is the same as the current one
org-rename-summary = Rename “{ $from }” to “{ $to }”.
org-rename-note = Its mail and the console use the new name from now on.
org-rename = Rename
org-renamed = Renamed
org-renamed-text = The organisation is now called { $org }.
org-suspend-title = Suspend { $org }
org-suspend-intro = An unpaid invoice, a dispute, the customer's request.
org-suspend-reason-hint = Its admins see it on every page and in the refusals; one line.
org-suspend-summary = Suspend { $org }: “{ $reason }”.
org-suspend-note-read = Its people keep signing in and reading everything, and their licences stay valid; the daily jobs go on.
org-suspend-note-refused = Every change of its own is refused (generating, renewing, returning and assigning licences, inviting and changing people, version policies, exports, credit requests) until you resume it. Your own actions on it still work.
org-suspend = Suspend
org-suspended = Suspended
org-suspended-text = { $org } is suspended: it reads, but changes nothing until resumed.
org-resume-title = Resume { $org }
org-resume-summary = Resume { $org }: its changes are accepted again.
org-suspended-since = Suspended since
org-by = By
org-resume = Resume
org-resumed = Resumed
org-resumed-text = { $org } is no longer suspended.
org-mail-budget = Mail budget
org-mail-budget-title = Daily mail budget of { $org }
org-mail-budget-intro = { $count ->
    [one] Now { $n } mail a day: invitations, licence notices, returns, exports and bank warnings.
   *[other] Now { $n } mails a day: invitations, licence notices, returns, exports and bank warnings.
}
org-mail-budget-intro-default = { $count ->
    [one] Now { $n } mail a day (the deployment's default): invitations, licence notices, returns, exports and bank warnings.
   *[other] Now { $n } mails a day (the deployment's default): invitations, licence notices, returns, exports and bank warnings.
}
org-mails-a-day = Mails a day
org-mails-a-day-hint = 1 to { $max } (UTC days).
org-mail-budget-summary = Set the daily mail budget of { $org } from { $from } to { $to }.
org-mail-budget-note = Mail past it waits in the outbox for the next day; a request whose only effect would be mail (an invitation sent again, an emailed export) is refused meanwhile.
org-set-budget = Set the budget
org-budget-set = Budget set
org-budget-set-text = { $count ->
    [one] { $org } may now cause { $n } mail a day.
   *[other] { $org } may now cause { $n } mails a day.
}
org-suspended-banner = { $state } since { $since } by { $by }: { $reason }
org-suspended-banner-note = Its people read everything and their licences stay valid; every change of their own is refused until you resume it.

## The credit requests' queue.
req-bank-words = { $bank }, { $start } to { $expiry }
req-bank-option = { $bank } ({ $remaining } remaining)
req-new-bank-legend = The new bank
req-portable-check = Portable (25.1 or later: licences can be returned and reassigned)
req-wished = They wished { $date }.
req-no-date = They named no date.
req-expiry-hint = Unused credits are forfeited on this date.
req-bank-to-top-up = Bank to top up
req-grant-title = Grant credits to { $org }
req-asked-top-up = { $count ->
    [one] { $who } asked on { $on } for { $n } credit of { $product }, to top up the { $version } bank ({ $start } to { $expiry }){ $dated ->
        [yes] , from { $from }.
       *[no] .
    }
   *[other] { $who } asked on { $on } for { $n } credits of { $product }, to top up the { $version } bank ({ $start } to { $expiry }){ $dated ->
        [yes] , from { $from }.
       *[no] .
    }
}
req-asked-new = { $count ->
    [one] { $who } asked on { $on } for { $n } credit of { $product }, in a new bank{ $dated ->
        [yes] , from { $from }.
       *[no] .
    }
   *[other] { $who } asked on { $on } for { $n } credits of { $product }, in a new bank{ $dated ->
        [yes] , from { $from }.
       *[no] .
    }
}
req-quoted = “{ $text }”
req-credits-hint = The credits asked for, unless you grant another number.
req-into = Into
req-existing-bank = An existing bank of this product
req-existing-bank-none = An existing bank (none usable: all expired or none yet)
req-a-new-bank = A new bank
req-a-bank = A bank
req-grant-summary-top-up = { $count ->
    [one] Grant { $n } credit to { $org }: top up the { $bank } bank.
   *[other] Grant { $n } credits to { $org }: top up the { $bank } bank.
}
req-grant-summary-new = { $count ->
    [one] Grant { $n } credit to { $org }: create a { $bank } bank{ $portable ->
        [yes] { " " }(portable)
       *[no] {""}
    } from { $dated ->
        [yes] { $start }
       *[no] today
    } to { $expiry }.
   *[other] Grant { $n } credits to { $org }: create a { $bank } bank{ $portable ->
        [yes] { " " }(portable)
       *[no] {""}
    } from { $dated ->
        [yes] { $start }
       *[no] today
    } to { $expiry }.
}
req-expires = Expires
req-today = today
req-other-number = { $count ->
    [one] They asked for { $n } credit; you grant { $granted }.
   *[other] They asked for { $n } credits; you grant { $granted }.
}
req-grant-mailed = { $who } is mailed that the request was granted.
req-granted = Request granted
req-granted-text = { $count ->
    [one] { $n } credit granted to { $org }: the { $bank } bank now has { $granted } granted and { $remaining } remaining.
   *[other] { $n } credits granted to { $org }: the { $bank } bank now has { $granted } granted and { $remaining } remaining.
}
req-banks-of = The banks of { $org }
req-decline-title = Decline the request of { $org }
req-decline-intro = { $count ->
    [one] { $who } asked for { $n } credit of { $product }.
   *[other] { $who } asked for { $n } credits of { $product }.
}
req-reason-hint = Mailed to the admin who asked; one line.
req-decline-summary = { $count ->
    [one] Decline { $org }'s request for { $n } credit of { $product }: “{ $reason }”.
   *[other] Decline { $org }'s request for { $n } credits of { $product }: “{ $reason }”.
}
req-decline-note = { $who } is mailed the reason. Credits it held as requested on a bank are released.
req-decline-confirm = Decline the request
req-declined = Request declined
req-declined-text = The request of { $org } is declined: { $reason }.
req-filter = Filter credit requests
req-organisation = Organisation
req-all-orgs = All organisations
req-show = Show
req-lead-pending = What organisations asked for and wait for, oldest first: grant each into a bank, or decline it with a reason.
req-lead-decided = Requests already answered or withdrawn, most recently decided first.
req-asked = Asked
req-top-up = Top up: { $version }, { $start } to { $expiry }
req-from = from { $date }
req-note = Note
req-n-granted = { $n } granted
req-none-action = None
req-grant-aria = { $count ->
    [one] Grant the request of { $who } for { $n } credit
   *[other] Grant the request of { $who } for { $n } credits
}
req-decline-aria = { $count ->
    [one] Decline the request of { $who } for { $n } credit
   *[other] Decline the request of { $who } for { $n } credits
}
req-decline = Decline
req-loading = Loading credit requests…
req-empty-pending = Nothing waits: every request is answered.
req-empty = None.

## Finding a licence or a person.
find-org-line = Organisation: { $org }
find-licence-heading = Licence { $code }
find-terms-caption = Terms of { $code }
find-from = From
find-to = To
find-months = Months
find-months-of = { $charged } of { $requested }
find-unassigned = Unassigned (returned)
find-bank = { $portable ->
    [yes] { $version }, portable, { $start } to { $expiry } { $link }
   *[no] { $version }, { $start } to { $expiry } { $link }
}
find-its-licences = its licences
find-created = Created
find-terms = Terms
find-holders = Holders
find-held = { $email } from { $from } until { $until }
find-holds = { $email } from { $from } (holds it now)
find-invitation-lapses = Invitation lapses
find-account = Sign-in account
find-account-of = { $subject } of { $issuer }
find-account-none = None bound yet
find-act-on = Act on { $email } among the people of { $org }
find-their-licences = Licences assigned to them
find-licences-of = Licences of { $email }
find-all-their-licences = All their licences, in the organisation's list
find-label = Activation code or email
find-hint = A code in any case, with or without dashes (7KQM-3XWD-RP9T-HN4C), or a person's address.
find-submit = Find
find-lead = Whoever calls: find the licence they read out, or the person, in whichever organisation it is.
find-domain = { $q } is a mail domain: { $link }.
find-domain-link = the organisations with people at { $domain }
find-looking-person = Looking for the person…
find-looking-licence = Looking for the licence…
find-no-person = Nobody with the address { $q } is in any organisation.
find-no-licence = No licence has the activation code { $q }.

## The vendor's trail.
vaudit-lead = What the licence provider's staff did, in every organisation and in the catalogue, newest first.
vaudit-empty = Nothing yet.
vaudit-action-subject = Action and subject
vaudit-catalog-only = Show the catalogue's changes only
vaudit-all = Show every event
vaudit-empty-filtered = No event matches this filter.

## Dead mail.
mail-lead = Mail that failed all 8 attempts (from 30 seconds to 6 hours apart) and is no longer tried. Each one also counts in the ELP/DeadMail metric, which alarms.
mail-empty = No dead mail: everything was delivered or is still being tried.
mail-dead-since = Dead since
mail-kind = Mail
mail-kind-license = Licence assigned
mail-kind-invitation = Invitation
mail-kind-returned = Licence returned
mail-kind-bank_expired = Bank expired
mail-kind-bank_expiring = Bank expiring
mail-kind-export = Licence export
mail-to = To
mail-attempts = Attempts
mail-last-error = Last error
mail-written = Written

## The catalogue.
cat-no-revision = The catalogue has not been set yet (revision 0).
cat-revision = Revision { $revision }.
cat-revision-at = Revision { $revision }, last changed { $at }.
cat-revision-by = Revision { $revision }, last changed { $at } by { $by }.
cat-review = Review changes
cat-add-product = Add product
cat-form = Product catalogue
cat-members-org = Show members' view for organisation (optional)
cat-members-org-hint = An organisation id such as o_…: the preview filters downloads by its version policies.
cat-lead = Everything the vendor sells and ships: products, their versions, and a download link per operating system. Review what a change does before saving it.
cat-hint = Versions are numbers like 24 or 25.1. Links are https addresses; leave one empty when there is no build for that system.
cat-link = { $os } link
cat-this-product = this product
cat-remove-version-aria = Remove version { $version } of { $product }
cat-remove-new-version-aria = Remove the new version of { $product }
cat-version-removed = Version { $version } removed.
cat-new-version-removed = New version removed.
cat-remove-version = Remove version
cat-version-legend = Version { $version }
cat-new-version = New version
cat-new-product = New product { $n }
cat-version-added = Version added.
cat-add-version = Add a version of { $product }
cat-product-removed = { $product } removed.
cat-new-product-removed = New product removed.
cat-remove-product = Remove { $product }
cat-product-id-hint = Lower case letters, digits and dashes, like harmony-premium. It names the product in banks and policies.
cat-name-hint = As members see it.
cat-no-version = No version yet.
cat-empty = The catalogue has no products.
cat-product-added = Product added.
cat-error-at = { $field }: { $message }
cat-reload = Reload the catalogue
cat-conflict = Someone else changed the catalogue while you were editing it (it is now at revision { $revision }). Nothing was saved.
cat-conflict-unknown = Someone else changed the catalogue while you were editing it. Nothing was saved.
cat-conflict-reload = Reload it to see their changes, then make yours again. Reloading replaces what you edited here.
cat-members-of = What members of { $org } would see
cat-members-all = What members would see (every version)
cat-member-version = Version { $version }:{ " " }
cat-no-download = no download
cat-nothing-to-download = No version to download.
cat-no-products = No products.
cat-save = Save
cat-back = Back to editing
cat-changes = Changes
cat-no-changes = Nothing changed: there is nothing to save.
cat-before-save = Before you save
cat-review-said = { $changes ->
    [one] { $n } change
   *[other] { $n } changes
}, { $warnings ->
    [one] { $w } warning
   *[other] { $w } warnings
}.
cat-saved = Saved as revision { $revision }.
cat-no-such-org = There is no organisation with this id.
cat-loaded = Catalogue loaded, revision { $revision }.

## An organisation's activation policy (console-org.js)
org-policy = Activation policy
org-policy-title = Activation policy of { $org }
org-policy-intro = How the desktop software's activations behave for this organisation's licences, as set for it.
org-policy-intro-default = How the desktop software's activations behave for this organisation's licences: the defaults, until you set them.
org-policy-max_releases = Releases of a computer per licence
org-policy-release_days = Within (days)
org-policy-lease_minutes = Floating lease without a heartbeat (minutes)
org-policy-max_borrow_days = Longest offline borrowing (days)
org-policy-hint = From { $min } to { $max }.
org-policy-summary = Set the activation policy of { $org }:
org-policy-change = from { $from } to { $to }
org-policy-note = Releases already made still count within their period; leases and borrowings change from their next check-out or heartbeat.
org-policy-set = Set the policy
org-policy-done = Policy set
org-policy-done-text = { $org } now allows { $releases } releases of a computer per licence within { $days } days.
org-policy-shown = { $releases } releases per { $days } days · leases of { $lease } min · borrowing up to { $borrow } days
