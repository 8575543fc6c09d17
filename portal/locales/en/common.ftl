# The portal's shell: what every page shows.

brand = Enterprise License Portal
skip-to-content = Skip to content
nav-main = Main
menu = Menu
sign-out = Sign out
loading = Loading…
needs-javascript = This portal needs JavaScript.
language = Language
page-title = { $page } · Enterprise License Portal

## The navigation and the pages' titles.
nav-group-workspace = Manage workspace
nav-group-organisation = Manage organisation
nav-group-console = Vendor console
title-my-licences = My licences
title-dashboard = Dashboard
title-banks = Credit banks
nav-banks = Banks
title-licences = Licences
title-licence = Licence
title-versions = Product versions
title-users = Users
title-credentials = API credentials
nav-credentials = API credentials
title-audit = Audit trail
title-webhooks = Webhooks
title-ledger = Bank ledger
title-console-orgs = Organisations
title-console-org = Organisation
title-console-find = Find a licence or a person
nav-console-find = Find
title-console-requests = Credit requests
title-console-catalog = Catalogue
title-console-audit = Vendor trail
title-console-mail = Dead mail

## Who is signed in.
who-licence-provider = Licence provider
role-operator = Operator

## Signing in.
signin-title-signed-out = You have signed out
signin-title-refused = Sign-in refused
signin-title-needed = Please sign in
signin-signed-out = You are signed out of the portal and of the identity provider.
signin-start = Sign in
signin-unreachable = The identity provider could not be reached. Try again.
signin-unreachable-finish = The identity provider could not be reached to finish signing in.
signin-unreachable-later = The identity provider could not be reached. Try again in a moment.
signin-not-signed-in = You are not signed in.

## A suspended organisation.
suspended-title = { $org } is suspended by your licence provider
suspended-your-organisation = Your organisation
suspended-since = { " " }since { $date }
suspended-body = You can still read everything here, and every licence stays valid; but changes (generating, renewing, returning or assigning licences, inviting or changing people, version policies, exports) are refused until the licence provider resumes it. Contact your licence provider about it.

## Pages one cannot see.
not-found-title = Page not found
not-found-text = There is no page at this address.
go-start = Go to the start page
console-only = Only the licence provider's staff can see the console.
members-only = This page is for the people of an organisation. You are signed in as the licence provider's staff: an organisation's banks, licences and people are in the console.
go-organisations = Go to the organisations
admins-only = Only administrators of the organisation can see this page.
go-my-licences = Go to My licences
no-access-title = No access
signed-in-as = Signed in as { $email }.
signed-in-as-unknown = an unknown account
sign-in-other = Sign in with another account
boot-error-title = The portal could not start
try-again = Try again
