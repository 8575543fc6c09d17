# Les mots des outils communs (dom.js) : types de licence, rôles et statuts, nombres, tableaux,
# fenêtres, « Charger plus » et erreurs sans message.

## Types de licence, rôles et statuts.
ui-type-node_lock = Node lock
ui-type-multiseat = Multiseat
ui-type-floating = Licence flottante
ui-role-admin = Administrateur
ui-role-member = Utilisateur normal
# Le statut d'une licence, d'une banque ou d'une demande de crédits (au féminin).
ui-status-pending = En attente
ui-status-active = Active
ui-status-expired = Expirée
ui-status-granted = Accordée
ui-status-declined = Refusée
ui-status-withdrawn = Retirée
ui-status-suspended = Suspendue
ui-status-invited = Invitée
ui-status-inactive = Inactive
# Le statut d'une personne.
ui-person-active = Actif
ui-person-invited = Invité
ui-person-inactive = Inactif
ui-yes = Oui
ui-no = Non
ui-os-windows = Windows
ui-os-macos = macOS
ui-os-linux = Linux

## Un nombre et son nom.
ui-count-licence = { $count ->
    [one] { $n } licence
   *[other] { $n } licences
}
ui-count-unexpired-licence = { $count ->
    [one] { $n } licence non expirée
   *[other] { $n } licences non expirées
}
ui-count-credit = { $count ->
    [one] { $n } crédit
   *[other] { $n } crédits
}
ui-count-month = { $count ->
    [one] { $n } mois
   *[other] { $n } mois
}
ui-count-term = { $count ->
    [one] { $n } période
   *[other] { $n } périodes
}
ui-count-assignee = { $count ->
    [one] { $n } utilisateur assigné
   *[other] { $n } utilisateurs assignés
}
ui-count-computer = { $count ->
    [one] { $n } ordinateur
   *[other] { $n } ordinateurs
}
ui-count-seat = { $count ->
    [one] { $n } place
   *[other] { $n } places
}
ui-count-other-product = { $count ->
    [one] { $n } autre produit
   *[other] { $n } autres produits
}
# Ce que compte la quantité d'une licence, en titre de colonne ou de champ.
ui-units-computer = Ordinateurs
ui-units-seat = Places

## Tableaux, fenêtres, listes et erreurs.
ui-something-wrong = Une erreur s'est produite.
# Une erreur sous un champ, dite aux lecteurs d'écran avec le nom du champ.
ui-field-error = { $label } : { $message }
ui-table = Tableau
ui-table-scrolls = { $caption } (défile horizontalement)
ui-close = Fermer
ui-load-more = Charger plus
ui-more-loaded = { $count ->
    [one] { $n } élément de plus chargé.
   *[other] { $n } éléments de plus chargés.
}
