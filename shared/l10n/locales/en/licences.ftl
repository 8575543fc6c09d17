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
