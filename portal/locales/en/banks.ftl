# Credit banks and credit requests of an organisation; declining an invitation.

## The banks.
banks-lead = Credits bought from your vendor, per product and version.
banks-refresh = Refresh
banks-refreshing = Refreshing…
banks-updated = Updated at { $time }.
banks-refresh-failed = Some banks could not be refreshed ({ $time }).
banks-empty = Your organisation has no credit banks yet. Ask your vendor for credits with “Request credits”.
banks-product = Product
banks-view-licences = View licences
banks-view-ledger = Ledger
banks-view-history = History
banks-purchased = Purchased
banks-requested = Requested
banks-granted-col = Granted
banks-used = Used
banks-remaining = Remaining
banks-start = Start
banks-expiry = Expiry
banks-version = Version
banks-portable = Portable
banks-yes = Yes
banks-no = No
banks-status = Status
banks-forfeited = { $n } forfeited
banks-forecast = At the current use
banks-no-forecast = Nothing left to spend
banks-status-pending = Pending
banks-status-active = Active
banks-status-expired = Expired
banks-status-granted = Granted
banks-status-declined = Declined
banks-status-withdrawn = Withdrawn
banks-bank-label = { $product } { $version }, { $start } to { $expiry }
banks-bank-name = the { $version } bank of { $start } to { $expiry }
banks-bank-id = bank { $id }
banks-close = Close

## Asking for credits.
banks-request = Request credits
banks-a-new-bank = A new bank
banks-top-up-option = Top up: { $bank } ({ $remaining } remaining)
banks-top-up = Top up: { $bank }
banks-note-count = { $n } of { $max } characters
banks-review-request = Review request
banks-cancel = Cancel
banks-note-label = Note for your licence provider (optional)
banks-note-hint = What the credits are for, a purchase order number…
banks-request-intro = Your licence provider is told at once and answers by mail. Requested credits cannot be used until they are granted.
banks-bank = Bank
banks-bank-hint = Top up one of your banks of this product, or ask for a new bank.
banks-credits = Credits
banks-credits-hint = 1 credit = one licence-month for one computer. At most { $max }.
banks-start-label = Wished start (optional)
banks-start-hint = When you would like to use them; today or later.
banks-wished-start = Wished start
banks-note = Note
banks-credits-invalid = must be a whole number from 1 to { $max }
banks-review-confirm = Review and confirm
banks-change = Change
banks-confirm-ask = { $count ->
    [one] Confirm: ask for { $n } credit
   *[other] Confirm: ask for { $n } credits
}
banks-for = For
banks-asap = As soon as possible
banks-no-note = No note
banks-review-top-up-note = Until it is answered, the bank shows these credits as requested.
banks-review-new-note = Your licence provider creates the bank when it grants the request.
banks-request-sent = Request sent
banks-request-sent-text = { $count ->
    [one] Your request for { $n } credit of { $product } was sent to your licence provider. You will be told by mail when it is answered.
   *[other] Your request for { $n } credits of { $product } was sent to your licence provider. You will be told by mail when it is answered.
}
banks-done = Done
banks-asked = { $count ->
    [one] Asked for { $n } credit of { $product }.
   *[other] Asked for { $n } credits of { $product }.
}

## The credit requests.
banks-requests = Credit requests
banks-withdraw-title = Withdraw request
banks-keep-it = Keep it
banks-withdraw-question = { $count ->
    [one] Withdraw the request for { $n } credit of { $product }?
   *[other] Withdraw the request for { $n } credits of { $product }?
}
banks-withdraw-note = Your licence provider will no longer answer it. You can ask again later.
banks-withdrew = { $count ->
    [one] Withdrew the request for { $n } credit.
   *[other] Withdrew the request for { $n } credits.
}
banks-granted = { $count ->
    [one] { $n } credit granted
   *[other] { $n } credits granted
}
banks-granted-to = { $count ->
    [one] { $n } credit granted to { $bank }
   *[other] { $n } credits granted to { $bank }
}
banks-declined = Declined:
banks-waiting = Waiting for your licence provider
banks-requests-loading = Loading credit requests…
banks-requests-empty = No credit requests yet.
banks-asked-on = Asked on
banks-top-up-of = Top up { $bank }
banks-new-bank = New bank
banks-decision = Decision
banks-actions = Actions
banks-withdraw-aria = { $count ->
    [one] Withdraw the request for { $n } credit
   *[other] Withdraw the request for { $n } credits
}
banks-withdraw = Withdraw
banks-withdrawn-done = Withdrawn: nothing left to do
banks-answered-done = Answered: nothing left to do

## Declining an invitation (from the invitation mail's link).
decline-title = Decline the invitation
decline-incomplete = This link is incomplete. Open the link from the invitation mail again, or ignore the invitation: it lapses by itself.
decline-keep = Keep it and sign in
decline-done = You declined the invitation. { $email } is not a member of the organisation, and nothing more will be sent about it.
decline-gone = This invitation can no longer be declined: it was accepted, declined or withdrawn already, or the link is not the latest one sent.
decline-sent-to = An invitation to the Enterprise License Portal was sent to { $email }.
decline-explain = If you do not want to join the organisation, decline it: the address is released and the organisation's administrators see that you declined. If you want to join, sign in with this address instead.

## A bank's ledger (#/banks/<id>/ledger).
ledger-bank = { $product } { $version }, { $start } to { $expiry }
ledger-title = Ledger of { $bank }
ledger-lead = Every movement of this bank's credits, oldest first, with what the bank could still spend after it.
ledger-caption = Movements of { $bank }
ledger-col-movement = Movement
ledger-col-balance = Balance after
ledger-remaining = Credits remaining
ledger-used = Credits used for licences
ledger-empty = No movement yet.
ledger-csv = Download the ledger (CSV)
ledger-downloaded = Downloaded { $file }.
ledger-back = Back to the credit banks
ledger-back-org = Back to the organisation
