# What the licence views say besides the refusals: what an admin can do instead of an action
# a licence does not offer (`why_not`'s hints).

hint-not-portable = Returning and reassigning need a portable bank of version 25.1 or later; to have this licence's bank made portable, contact your licence provider's support.
hint-at-bank-limit = Generate a new licence from a bank that runs longer, or request credits from your licence provider.
hint-license-expired = An expired licence is not renewed: generate a new licence from a bank with credits.
hint-bank-expired = Generate a new licence from another bank, or request credits from your licence provider.

## The dashboard: a bank that expires soon with unused credits.
warning-bank-expiring = { $product } { $version } expires in { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ({ $expiry }) with { $unused ->
        [one] { $unused } unused credit
       *[other] { $unused } unused credits
    }

## The export's answers (202): the CSV goes by email.
export-emailed = The export is being emailed to { $email }.
export-too-large = The export is larger than { $limit } bytes, more than a download can carry; it is being emailed to { $email } instead.

## The forecast: a bank's (or a product's) credits at the organisation's current use, renewals
## following each licence's last term.
forecast-lost = At your current use, { $lost ->
        [one] { $lost } credit will be lost
       *[other] { $lost } credits will be lost
    } on { $expiry }
forecast-all-used = At your current use, every credit will be used before the bank expires on { $expiry }
forecast-run-out = At your current use, the credits run out in { $month }, before the bank expires on { $expiry }
forecast-product-lost = At your current use, { $lost ->
        [one] { $lost } credit will be lost
       *[other] { $lost } credits will be lost
    } as banks expire, the first on { $expiry }
forecast-product-run-out = At your current use, the credits of a bank run out in { $month }
forecast-product-all-used = At your current use, every credit will be used before its bank expires

## A bank's ledger: each movement of its credits in words (its CSV).
ledger-movement-bank-created = Bank created
ledger-movement-credits-granted = Credits granted
ledger-movement-credit-request-granted = Credit request granted
ledger-movement-license-generated = Licences generated
ledger-movement-license-renewed = Licence renewed
ledger-movement-credits-voided = Credits voided
ledger-movement-bank-expired = Unused credits forfeited at expiry
ledger-movement-bank-extended = Expiry extended
ledger-movement-other = Other change
