# Les messages d'erreur de l'API, par code d'erreur.
