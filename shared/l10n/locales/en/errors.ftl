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
       *[other] not found
    }
error-method-not-allowed = this method is not allowed here
error-idempotency-key-reused = this Idempotency-Key was already used for a different request
error-too-large = the request body is larger than { $bytes } bytes
error-unavailable = the service is busy; nothing was changed, please retry
error-internal = something went wrong on our side; nothing was changed, please retry
