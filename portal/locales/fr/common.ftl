# L'ossature du portail : ce que montre chaque page.

brand = Portail de licences entreprise
skip-to-content = Aller au contenu
menu = Menu
sign-out = Se déconnecter
loading = Chargement…
needs-javascript = Ce portail a besoin de JavaScript.
language = Langue
page-title = { $page } · Portail de licences entreprise
