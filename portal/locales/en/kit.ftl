# The words of the shared helpers (dom.js): licence types, roles and statuses, counts, tables,
# dialogs, "Load more" and errors without a message.

## Licence types, roles and statuses.
ui-type-node_lock = Node lock
ui-type-multiseat = Multiseat
ui-type-floating = Floating
ui-role-admin = Admin
ui-role-member = Member
# A licence's, a bank's or a credit request's status.
ui-status-pending = Pending
ui-status-active = Active
ui-status-expired = Expired
ui-status-granted = Granted
ui-status-declined = Declined
ui-status-withdrawn = Withdrawn
ui-status-suspended = Suspended
ui-status-invited = Invited
ui-status-inactive = Inactive
# A person's status.
ui-person-active = Active
ui-person-invited = Invited
ui-person-inactive = Inactive
ui-yes = Yes
ui-no = No
ui-os-windows = Windows
ui-os-macos = macOS
ui-os-linux = Linux

## A number with its noun.
ui-count-licence = { $count ->
    [one] { $n } licence
   *[other] { $n } licences
}
ui-count-unexpired-licence = { $count ->
    [one] { $n } unexpired licence
   *[other] { $n } unexpired licences
}
ui-count-credit = { $count ->
    [one] { $n } credit
   *[other] { $n } credits
}
ui-count-month = { $count ->
    [one] { $n } month
   *[other] { $n } months
}
ui-count-term = { $count ->
    [one] { $n } term
   *[other] { $n } terms
}
ui-count-assignee = { $count ->
    [one] { $n } assignee
   *[other] { $n } assignees
}
ui-count-computer = { $count ->
    [one] { $n } computer
   *[other] { $n } computers
}
ui-count-seat = { $count ->
    [one] { $n } seat
   *[other] { $n } seats
}
ui-count-other-product = { $count ->
    [one] { $n } other product
   *[other] { $n } other products
}
# What a licence's quantity counts, as a column or field label.
ui-units-computer = Computers
ui-units-seat = Seats

## Tables, dialogs, lists and errors.
ui-something-wrong = Something went wrong.
# An error under a field, told to screen readers with the field's name.
ui-field-error = { $label }: { $message }
ui-table = Table
ui-table-scrolls = { $caption } (scrolls sideways)
ui-close = Close
ui-load-more = Load more
ui-more-loaded = { $count ->
    [one] { $n } more loaded.
   *[other] { $n } more loaded.
}
