# The organisation's licences: the list, generating, renewing, returning and assigning, one
# licence's page, and My licences.

## Words the licence pages share.
lic-type-node_lock = Node lock
lic-type-multiseat = Multiseat
lic-type-floating = Floating
lic-status-pending = Pending
lic-status-active = Active
lic-status-expired = Expired
lic-units = { $type ->
    [floating] { $count ->
        [one] { $n } seat
       *[other] { $n } seats
    }
   *[other] { $count ->
        [one] { $n } computer
       *[other] { $n } computers
    }
}
lic-units-label = { $type ->
    [floating] Seats
   *[other] Computers
}
lic-credits = { $count ->
    [one] { $n } credit
   *[other] { $n } credits
}
lic-range = { $start } to { $expiry }
lic-range-hidden = to
lic-bank-label = { $product } { $version }, { $start } to { $expiry }
lic-months-of = { $charged } (of { $requested } asked for)
lic-close = Close
lic-cancel = Cancel
lic-done = Done
lic-the-organisation = the organisation
lic-whole-number = { $label } must be a whole number
lic-action-renew = Renew
lic-action-return = Return
lic-action-assign = Assign
lic-action-renew-aria = Renew { $code }
lic-action-return-aria = Return { $code }
lic-action-assign-aria = Assign { $code }
lic-activation-code = Activation code
lic-held-by = Held by
lic-product = Product
lic-bank = Bank
lic-status = Status
lic-months = Months
lic-credits-label = Credits
lic-credits-used = Credits used
lic-current-term = Current term
lic-computers-or-seats = Computers or seats
lic-type = Type

## Generating and renewing: the form, the quote, the review.
lic-quantity-node_lock = Number of licences
lic-quantity-node_lock-hint = Node lock: each licence activates one computer; one activation code per licence.
lic-quantity-multiseat = Computers
lic-quantity-multiseat-hint = Multiseat: one activation code shared by this many computers.
lic-quantity-floating = Seats
lic-quantity-floating-hint = Floating: one activation code; this many people can use it at the same time.
lic-quantity = Quantity
lic-quote-licences = Licences
lic-quote-licences-value = { $count ->
    [one] { $n } licence, { $units }
   *[other] { $n } licences, { $units } each
}
lic-quote-start = Start
lic-quote-expiry = Expiry
lic-quote-months = Months charged
lic-quote-remaining = Remaining in the bank
lic-quote-remaining-value = { $before } now, { $after } after
lic-quote-summary = { $licences ->
        [one] { $n } licence for { $units }
       *[other] { $n } licences of { $units } each
    }, { $months ->
        [one] { $monthsN } month
       *[other] { $monthsN } months
    }: { $credits ->
        [one] { $creditsN } credit
       *[other] { $creditsN } credits
    }, from { $start } to { $expiry }; { $remaining ->
        [one] { $remainingN } credit
       *[other] { $remainingN } credits
    } will remain in the bank.
lic-max-none = This bank cannot pay for any with these months: choose fewer months or another bank.
lic-use-max = Use { $max }, the most this bank allows
lic-use-max-aria = Use { $max }, the most this bank allows, as { $label }
lic-capped-title = Capped at the bank's expiry:
lic-capped-text = { $charged ->
    [one] the term ends on { $expiry }; { $chargedN } of the { $requested } months asked for is charged.
   *[other] the term ends on { $expiry }; { $chargedN } of the { $requested } months asked for are charged.
}
lic-review-confirm = Review and confirm
lic-change = Change
lic-confirm-use = { $count ->
    [one] Confirm: use { $n } credit
   *[other] Confirm: use { $n } credits
}
lic-review-quote = Review quote

## Generating.
lic-generate = Generate licences
lic-generate-no-banks = No bank has credits left to use. Your vendor adds banks when you buy credits.
lic-bank-proposed = { $product }: the bank closest to losing its credits that pays for the whole term
lic-bank-option = { $count ->
    [one] { $bank } ({ $n } credit left)
   *[other] { $bank } ({ $n } credits left)
}
lic-licence-type = Licence type
lic-months-hint = A term never runs past its bank's expiry.
lic-start-date = Start date
lic-start-hint = Today or later.
lic-recipient-email = Recipient email
lic-recipient-hint = Someone new is invited to { $org }.
lic-recipient = Recipient
lic-joins = (new: will be invited to { $org })
lic-generated = { $count ->
    [one] Licence generated
   *[other] { $n } licences generated
}
lic-generated-text = { $credits ->
        [one] { $creditsN } credit used.
       *[other] { $creditsN } credits used.
    } { $codes ->
        [one] { $email } receives the activation code by email.
       *[other] { $email } receives the activation codes by email.
    }
lic-generated-notice = { $count ->
    [one] Generated licence { $codes } for { $email } ({ $credits }).
   *[other] Generated { $n } licences { $codes } for { $email } ({ $credits }).
}

## Renewing.
lic-renew-title = Renew { $code }
lic-holder-nobody = nobody (returned)
lic-unknown = unknown
lic-renew-context = { $type ->
        [floating] Floating
        [multiseat] Multiseat
       *[other] Node lock
    } licence of { $product } for { $holder }, { $units } until { $expiry }. The new term starts on that date and ends no later than its bank's expiry ({ $bankExpiry }).
lic-renew-months-hint = The last term's length unless you change it.
lic-renew-computers-hint = A multiseat licence may change its number of computers for the new term.
lic-renew-bank = Bank that pays
lic-renew-bank-proposed = The one the quote proposes: the earliest to expire that pays for the whole term
lic-renew-bank-hint = Another bank of the same product and version can take the licence further, the new year's bank for instance; its activation code stays the same.
lic-quote-bank = Paid from
lic-renewed = Licence renewed
lic-renewed-text = { $count ->
    [one] { $code } has a new term from { $start } to { $expiry }, { $units }; { $n } credit used.
   *[other] { $code } has a new term from { $start } to { $expiry }, { $units }; { $n } credits used.
}
lic-renewed-notice = Renewed { $code }: next term from { $start } to { $expiry }, { $units } ({ $credits }).

## Returning.
lic-return-title = Return licence
lic-return-confirm = Confirm: return licence
lic-return-check = Check the licence and its holder:
lic-return-note = They can no longer use it and every computer it is activated on is released; it keeps its term and can be assigned to someone else. No credits move.
lic-returned-notice = Returned { $code } from { $email }.

## Assigning.
lic-assign-title = Assign { $code }
lic-assign-person = { $role ->
    [admin] { $email } (admin)
   *[other] { $email } (member)
}
lic-assign-person-invited = { $role ->
    [admin] { $email } (admin, invited)
   *[other] { $email } (member, invited)
}
lic-assign-other = Someone else: type their address
lic-assign-email = Email of the new holder
lic-assign-email-hint = Someone new is invited to the organisation as a member.
lic-assign-confirm = Confirm: assign
lic-assign-check = Check the licence: { $code }, { $type }, { $start } to { $expiry }.
lic-new-holder = New holder
lic-new-holder-hint = A person of your organisation, or someone else's address.
lic-email = Email
lic-assign-no-address = type the address of the person who gets the licence
lic-assigned-notice = Assigned { $code } to { $email }; they are told by email.

## The export.
lic-csv-download = Download CSV
lic-export-preparing = Preparing the export…
lic-export-emailed-to = The export is being emailed to { $email }.
lic-export-downloaded = Downloaded { $file }.
lic-export-email = Email me the export
lic-export-sending = Sending…
lic-export-emailed = The export is being emailed to you.

## The list.
lic-sort-newest = Newest first
lic-sort-expiry = Soonest expiry first
lic-sort-expiry-latest = Latest expiry first
lic-then = Then { $start } to { $expiry }
lic-then-units = Then { $start } to { $expiry }, { $units }
lic-why-not = { $actions ->
    [renew] Renew
    [return] Return
    [assign] Assign
    [renew-return] Renew and return
    [renew-assign] Renew and assign
    [return-assign] Return and assign
   *[renew-return-assign] Renew, return and assign
}: { $why }
lic-details = Details
lic-details-aria = Details of { $code }
lic-refresh = Refresh
lic-all-products = All products
lic-all-banks = All banks
lic-bank-expired = { $bank } (expired)
lic-any-status = Any status
lic-find = Find licences
lic-filter-q = Activation code or email
lic-filter-q-hint = Part of either is enough.
lic-order = Order
lic-apply-filters = Apply filters
lic-clear-filters = Clear filters
lic-lead = Every licence of the organisation. Generate new ones from a bank's credits.
lic-assignee = Assignee
lic-unassigned = Unassigned
lic-bank-dates = Bank start / expiry
lic-actions = Actions
lic-loading = Loading licences…
lic-none-match = No licences match these filters.
lic-none-yet = No licences yet. Generate the first ones with “Generate licences”.
lic-caption = Licences
lic-showing = { $count ->
    [one] Showing { $n } licence.
   *[other] Showing { $n } licences.
}
lic-showing-more = { $count ->
    [one] Showing { $n } licence; more available.
   *[other] Showing { $n } licences; more available.
}
lic-refreshed = Refreshed.

## One licence's page.
lic-mail-license_generated = Licence generated
lic-mail-license_renewed = Licence renewed
lic-mail-license_assigned = Licence assigned
lic-mail-license_returned = Licence returned
lic-not-found = There is no licence { $code } in your organisation.
lic-back-to-licences = Back to the licences
lic-detail-title = Licence { $code }
lic-all-licences = All licences
lic-my-licences = My licences
lic-detail-heading = { $product }, { $type }
lic-nobody-returned = Nobody (returned)
lic-next-term = Next term
lic-next-term-value = { $start } to { $expiry }, { $units }
lic-not-renewed = Not renewed yet
lic-not-available = { $action ->
    [renew] Renew: not available.
    [return] Return: not available.
   *[assign] Assign: not available.
}
lic-what-you-can-do = What you can do
lic-terms = Terms
lic-history = Its history in the audit trail
lic-from = From
lic-to = To
lic-in-force = In force
lic-term-current = Current
lic-term-next = Next
lic-term-past = Past
lic-term-later = Later
lic-assignees = Assignees
lic-until = Until
lic-until-returned = { $date } (returned)
lic-holds-it = Holds it now
lic-nobody-held = Nobody has held it yet.
lic-mails = Mails sent
lic-no-mail = No mail was sent about it.
lic-mail = Mail
lic-when = When
lic-detail-footer = { $terms ->
        [one] { $termsN } term
       *[other] { $termsN } terms
    }, { $assignees ->
        [one] { $assigneesN } assignee.
       *[other] { $assigneesN } assignees.
    }

## My licences.
lic-mine-copy-aria = Copy activation code { $code }
lic-mine-copy = Copy
lic-mine-copied = Copied
lic-mine-copy-failed = Select the code to copy it
lic-mine-no-downloads = No downloads available
lic-mine-version = Version { $version }
lic-mine-licensed = licensed
lic-mine-download-aria = Download { $product } { $version } for { $os }
lic-mine-lead = Your licences, their activation codes and the installers you may download.
lic-mine-empty = You have no licences yet. When an administrator generates or assigns one to you, it appears here and you receive an email.
lic-mine-caption = My licences
lic-mine-code-aria = { $code }: details
lic-mine-start = Start
lic-mine-expiry = Expiry
lic-mine-renewed = Renewed: { $start } to { $expiry }, { $units }
lic-mine-downloads = Downloads

## In bulk: for a crew, several renewals, several assignments.
bulk-group = In bulk
bulk-generate-open = Generate for a crew
bulk-renew-open = Renew several
bulk-assign-open = Assign returned licences
bulk-generate-title = Generate licences for a crew
bulk-quantity = Each recipient gets
bulk-quantity-hint = Node-lock licences (at most 40), computers on one multiseat key or floating seats, unless a line of the list gives its own number.
bulk-recipients = Recipients
bulk-recipients-hint = One address per line, or "address, quantity"; at most { $max }. People new to { $org } are invited.
bulk-file = Or a CSV file
bulk-file-hint = Columns: email, then an optional quantity; a first line naming the columns is skipped.
bulk-no-recipients = Enter at least one address.
bulk-too-many = At most { $max } recipients per request.
bulk-line-not-address = Line { $line } is not an email address.
bulk-line-bad-quantity = The quantity on line { $line } must be a whole number.
bulk-line-error = Line { $line }: { $message }
bulk-lines = The lines of the request
bulk-results = What happened to each line
bulk-what = Licences
bulk-note = Note
bulk-codes = Activation codes
bulk-joins = Will be invited
bulk-joined = Invited
bulk-capped = Ends on the bank's expiry
bulk-licences-of = { $count ->
    [one] { $n } licence, { $units }
   *[other] { $n } licences, { $units } each
}
bulk-generate-summary = { $recipients ->
        [one] { $recipientsN } recipient,
       *[other] { $recipientsN } recipients,
    } { $licences ->
        [one] { $licencesN } licence:
       *[other] { $licencesN } licences:
    } { $credits ->
        [one] { $creditsN } credit;
       *[other] { $creditsN } credits;
    } { $remaining ->
        [one] { $remainingN } credit will remain in the bank.
       *[other] { $remainingN } credits will remain in the bank.
    }
bulk-refused-note = { $count ->
    [one] { $n } line cannot be made; the others can. It is marked below.
   *[other] { $n } lines cannot be made; the others can. They are marked below.
}
bulk-joining-note = { $count ->
    [one] { $n } person is new and will be invited to { $org } before their licence mail.
   *[other] { $n } people are new and will be invited to { $org } before their licence mail.
}
bulk-finish = Finish the request
bulk-interrupted = The service stopped after { $done } of { $total } lines. Nothing was charged twice: finish the request to do the others.
bulk-done = Done
bulk-status-generated = Generated
bulk-status-renewed = Renewed
bulk-status-assigned = Assigned
bulk-status-refused = Not done
bulk-generated = { $count ->
    [one] { $n } recipient has a licence
   *[other] { $n } recipients have their licences
}
bulk-generated-summary = { $refused ->
        [0] Generated for { $generated } recipients, { $credits } used.
       *[other] Generated for { $generated } recipients, { $credits } used; { $refusedN } not done, as marked below.
    }
bulk-generated-notice = { $count ->
    [one] Generated licences for { $n } recipient ({ $credits }).
   *[other] Generated licences for { $n } recipients ({ $credits }).
}
bulk-renew-title = Renew several licences
bulk-renew-pick = Licences to renew
bulk-renew-none = No licence can be renewed now.
bulk-renew-nothing = Tick at least one licence.
bulk-renew-months-hint = Leave empty to renew each licence for the months of its last term.
bulk-select-all = Select all
bulk-pick-line = { $type }, { $assignee }, until { $expiry }
bulk-new-term = New term
bulk-expiry = New expiry
bulk-renew-summary = { $licences ->
        [one] { $licencesN } licence renewed
       *[other] { $licencesN } licences renewed
    } { $credits ->
        [one] for { $creditsN } credit.
       *[other] for { $creditsN } credits.
    }
bulk-renewed = { $count ->
    [one] { $n } licence renewed
   *[other] { $n } licences renewed
}
bulk-renewed-summary = { $refused ->
        [0] Renewed { $renewed }, { $credits } used.
       *[other] Renewed { $renewed }, { $credits } used; { $refusedN } not done, as marked below.
    }
bulk-renewed-notice = { $count ->
    [one] Renewed { $n } licence ({ $credits }).
   *[other] Renewed { $n } licences ({ $credits }).
}
bulk-assign-title = Assign returned licences
bulk-assign-none = No returned licence is waiting to be assigned.
bulk-assign-legend = Returned licences
bulk-assign-hint = Enter the address of who gets each licence; leave the others empty. People new to the organisation are invited.
bulk-assign-to = { $code } ({ $type }) to
bulk-assign-check = Review
bulk-assign-nothing = Enter at least one address.
bulk-new-holder = New holder
bulk-assign-summary = { $count ->
    [one] { $n } licence will be assigned and its new holder told by email.
   *[other] { $n } licences will be assigned and their new holders told by email.
}
bulk-assign-confirm = { $count ->
    [one] Confirm: assign { $n } licence
   *[other] Confirm: assign { $n } licences
}
bulk-assigned = { $count ->
    [one] { $n } licence assigned
   *[other] { $n } licences assigned
}
bulk-assigned-summary = { $refused ->
        [0] Assigned { $assigned }.
       *[other] Assigned { $assigned }; { $refusedN } not done, as marked below.
    }
bulk-assigned-notice = { $count ->
    [one] Assigned { $n } licence.
   *[other] Assigned { $n } licences.
}

## Computers using a licence (portal/machines.js)
mach-heading = Computers using this licence
mach-heading-floating = Floating seats in use
mach-in-use = { $usedN } of { $seatsN } { $seats ->
    [one] computer
   *[other] computers
  } in use
mach-leases-in-use = { $usedN } of { $seatsN } floating { $seats ->
    [one] seat
   *[other] seats
  } in use
mach-none = No computer has activated this licence yet.
mach-none-floating = No computer holds a floating seat right now.
mach-caption = Computers using licence { $code }
mach-hostname = Computer name
mach-platform = Platform
mach-first-seen = First seen
mach-last-seen = Last seen
mach-kind = Kind
mach-kind-machine = Activated computer
mach-kind-lease = Floating seat
mach-borrowed-until = borrowed for offline use until { $date }
mach-actions = Actions
mach-release = Release
mach-release-aria = Release the computer { $hostname }
mach-release-title = Release { $hostname }?
mach-release-meaning = The software on { $hostname } stops working with this licence the next time it checks, and its place is free for another computer (a replacement, say).
mach-release-not-deactivate = Releasing a computer does not deactivate the licence: the licence stays yours, with its term and its activation code.
mach-release-counts = Releases are limited: { $leftN } of { $maxN } { $max ->
    [one] release
   *[other] releases
  } left for this licence in { $daysN } { $days ->
    [one] day
   *[other] days
  }. This one counts.
mach-release-lease-free = Releasing a floating seat does not count against the licence's releases.
mach-release-confirm = Release the computer
mach-released-notice = { $hostname } was released; its place is free for another computer.
mach-releases-left = { $leftN } of { $maxN } { $max ->
    [one] release
   *[other] releases
  } of a computer left in { $daysN } { $days ->
    [one] day
   *[other] days
  }.
mach-heading-of = { $product } · { $code }
mach-mine-heading = Your computers
mach-mine-lead = The computers each of your licences is activated on. Release a lost or replaced one to activate the licence on another computer.
