# L'ossature du portail : ce que montre chaque page.

brand = Portail de licences entreprise
skip-to-content = Aller au contenu
nav-main = Principale
menu = Menu
sign-out = Se déconnecter
loading = Chargement…
needs-javascript = Ce portail a besoin de JavaScript.
language = Langue
page-title = { $page } · Portail de licences entreprise

## La navigation et les titres des pages.
nav-group-workspace = Gérer l'espace de travail
nav-group-organisation = Gérer l'organisation
nav-group-console = Console du fournisseur
title-my-licences = Mes licences
title-dashboard = Tableau de bord
title-banks = Banques de crédits
nav-banks = Banques
title-licences = Licences
title-licence = Licence
title-versions = Versions de produit
title-users = Utilisateurs
title-credentials = Identifiants d’API
nav-credentials = Identifiants d’API
title-audit = Journal d'audit
title-webhooks = Webhooks
title-ledger = Registre de la banque
title-console-orgs = Organisations
title-console-org = Organisation
title-console-find = Trouver une licence ou une personne
nav-console-find = Trouver
title-console-requests = Demandes de crédits
title-console-catalog = Catalogue
title-console-audit = Journal du fournisseur
title-console-mail = Courriels non distribués

## Qui est connecté.
who-licence-provider = Fournisseur de licences
role-operator = Opérateur

## La connexion.
signin-title-signed-out = Vous êtes déconnecté
signin-title-refused = Connexion refusée
signin-title-needed = Veuillez vous connecter
signin-signed-out = Vous êtes déconnecté du portail et du fournisseur d'identité.
signin-start = Se connecter
signin-unreachable = Le fournisseur d'identité est injoignable. Réessayez.
signin-unreachable-finish = Le fournisseur d'identité est injoignable : la connexion n'a pas pu aboutir.
signin-unreachable-later = Le fournisseur d'identité est injoignable. Réessayez dans un instant.
signin-not-signed-in = Vous n'êtes pas connecté.

## Une organisation suspendue.
suspended-title = { $org } est suspendue par votre fournisseur de licences
suspended-your-organisation = Votre organisation
suspended-since = { " " }depuis le { $date }
suspended-body = Vous pouvez toujours tout consulter ici, et chaque licence reste valide ; mais les modifications (générer, renouveler, retourner ou assigner des licences, inviter ou modifier des utilisateurs, les versions de produit, les exports) sont refusées jusqu'à ce que le fournisseur de licences la réactive. Contactez votre fournisseur de licences à ce sujet.

## Les pages que l'on ne peut pas voir.
not-found-title = Page introuvable
not-found-text = Il n'y a aucune page à cette adresse.
go-start = Aller à la page d'accueil
console-only = Seul le personnel du fournisseur de licences peut voir la console.
members-only = Cette page est destinée aux membres d'une organisation. Vous êtes connecté en tant que personnel du fournisseur de licences : les banques, licences et utilisateurs d'une organisation sont dans la console.
go-organisations = Aller aux organisations
admins-only = Seuls les administrateurs de l'organisation peuvent voir cette page.
go-my-licences = Aller à Mes licences
no-access-title = Accès refusé
signed-in-as = Connecté en tant que { $email }.
signed-in-as-unknown = un compte inconnu
sign-in-other = Se connecter avec un autre compte
boot-error-title = Le portail n'a pas pu démarrer
try-again = Réessayer
