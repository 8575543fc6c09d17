# The portal's shell: what every page shows.

brand = Enterprise License Portal
skip-to-content = Skip to content
menu = Menu
sign-out = Sign out
loading = Loading…
needs-javascript = This portal needs JavaScript.
language = Language
page-title = { $page } · Enterprise License Portal
