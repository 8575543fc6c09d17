# Les licences de l'organisation : la liste, générer, renouveler, retourner et assigner, la page
# d'une licence, et Mes licences.

## Les mots que partagent les pages des licences.
lic-type-node_lock = Node lock
lic-type-multiseat = Multiseat
lic-type-floating = Licence flottante
lic-status-pending = En attente
lic-status-active = Active
lic-status-expired = Expirée
lic-units = { $type ->
    [floating] { $count ->
        [one] { $n } place
       *[other] { $n } places
    }
   *[other] { $count ->
        [one] { $n } ordinateur
       *[other] { $n } ordinateurs
    }
}
lic-units-label = { $type ->
    [floating] Places
   *[other] Ordinateurs
}
lic-credits = { $count ->
    [one] { $n } crédit
   *[other] { $n } crédits
}
lic-range = du { $start } au { $expiry }
lic-range-hidden = au
lic-bank-label = { $product } { $version }, du { $start } au { $expiry }
lic-months-of = { $count ->
    [one] { $charged } (sur { $requested } demandé)
   *[other] { $charged } (sur { $requested } demandés)
}
lic-close = Fermer
lic-cancel = Annuler
lic-done = Terminé
lic-the-organisation = l'organisation
lic-whole-number = { $label } doit être un nombre entier
lic-action-renew = Renouveler
lic-action-return = Retourner
lic-action-assign = Assigner
lic-action-renew-aria = Renouveler { $code }
lic-action-return-aria = Retourner { $code }
lic-action-assign-aria = Assigner { $code }
lic-activation-code = Code d'activation
lic-held-by = Détenue par
lic-product = Produit
lic-bank = Banque
lic-status = Statut
lic-months = Mois
lic-credits-label = Crédits
lic-credits-used = Crédits utilisés
lic-current-term = Période en cours
lic-computers-or-seats = Ordinateurs ou places
lic-type = Type

## Générer et renouveler : le formulaire, le devis, la vérification.
lic-quantity-node_lock = Nombre de licences
lic-quantity-node_lock-hint = Node lock : chaque licence s'active sur un ordinateur ; un code d'activation par licence.
lic-quantity-multiseat = Ordinateurs
lic-quantity-multiseat-hint = Multiseat : un seul code d'activation, partagé par ce nombre d'ordinateurs.
lic-quantity-floating = Places
lic-quantity-floating-hint = Licence flottante : un seul code d'activation ; ce nombre de personnes peuvent l'utiliser en même temps.
lic-quantity = Quantité
lic-quote-licences = Licences
lic-quote-licences-value = { $count ->
    [one] { $n } licence, { $units }
   *[other] { $n } licences, { $units } chacune
}
lic-quote-start = Début
lic-quote-expiry = Expiration
lic-quote-months = Mois facturés
lic-quote-remaining = Restant dans la banque
lic-quote-remaining-value = { $before } maintenant, { $after } ensuite
lic-quote-summary = { $licences ->
        [one] { $n } licence pour { $units }
       *[other] { $n } licences de { $units } chacune
    }, { $months ->
        [one] { $monthsN } mois
       *[other] { $monthsN } mois
    } : { $credits ->
        [one] { $creditsN } crédit
       *[other] { $creditsN } crédits
    }, du { $start } au { $expiry } ; { $remaining ->
        [one] il restera { $remainingN } crédit dans la banque.
       *[other] il restera { $remainingN } crédits dans la banque.
    }
lic-max-none = Cette banque ne peut en payer aucune pour ce nombre de mois : choisissez moins de mois ou une autre banque.
lic-use-max = Utiliser { $max }, le maximum que permet cette banque
lic-use-max-aria = Utiliser { $max }, le maximum que permet cette banque, comme { $label }
lic-capped-title = Limitée à l'expiration de la banque :
lic-capped-text = { $charged ->
    [one] la période se termine le { $expiry } ; { $chargedN } des { $requested } mois demandés est facturé.
   *[other] la période se termine le { $expiry } ; { $chargedN } des { $requested } mois demandés sont facturés.
}
lic-review-confirm = Vérifier et confirmer
lic-change = Modifier
lic-confirm-use = { $count ->
    [one] Confirmer : utiliser { $n } crédit
   *[other] Confirmer : utiliser { $n } crédits
}
lic-review-quote = Voir le devis

## Générer.
lic-generate = Générer des licences
lic-generate-no-banks = Aucune banque n'a de crédits disponibles. Votre fournisseur ajoute des banques lorsque vous achetez des crédits.
lic-bank-proposed = { $product } : la banque la plus proche de perdre ses crédits qui paie toute la période
lic-bank-option = { $count ->
    [one] { $bank } ({ $n } crédit restant)
   *[other] { $bank } ({ $n } crédits restants)
}
lic-licence-type = Type de licence
lic-months-hint = Une période ne dépasse jamais l'expiration de sa banque.
lic-start-date = Date de début
lic-start-hint = Aujourd'hui ou plus tard.
lic-recipient-email = Courriel du destinataire
lic-recipient-hint = Une personne nouvelle est invitée à rejoindre { $org }.
lic-recipient = Destinataire
lic-joins = (nouveau : sera invité à rejoindre { $org })
lic-generated = { $count ->
    [one] Licence générée
   *[other] { $n } licences générées
}
lic-generated-text = { $credits ->
        [one] { $creditsN } crédit utilisé.
       *[other] { $creditsN } crédits utilisés.
    } { $codes ->
        [one] { $email } reçoit le code d'activation par courriel.
       *[other] { $email } reçoit les codes d'activation par courriel.
    }
lic-generated-notice = { $count ->
    [one] Licence { $codes } générée pour { $email } ({ $credits }).
   *[other] { $n } licences générées pour { $email } : { $codes } ({ $credits }).
}

## Renouveler.
lic-renew-title = Renouveler { $code }
lic-holder-nobody = personne (licence retournée)
lic-unknown = inconnue
lic-renew-context = { $type ->
        [floating] Licence flottante
        [multiseat] Licence Multiseat
       *[other] Licence node lock
    } de { $product } pour { $holder }, { $units } jusqu'au { $expiry }. La nouvelle période commence à cette date et se termine au plus tard à l'expiration de sa banque ({ $bankExpiry }).
lic-renew-months-hint = La durée de la dernière période, sauf si vous la modifiez.
lic-renew-computers-hint = Une licence Multiseat peut changer de nombre d'ordinateurs pour la nouvelle période.
lic-renew-bank = Banque qui paie
lic-renew-bank-proposed = Celle que propose le devis : la première à expirer qui paie toute la période
lic-renew-bank-hint = Une autre banque du même produit et de la même version peut prolonger la licence, celle de la nouvelle année par exemple ; son code d'activation reste le même.
lic-quote-bank = Payée par
lic-renewed = Licence renouvelée
lic-renewed-text = { $count ->
    [one] { $code } a une nouvelle période du { $start } au { $expiry }, { $units } ; { $n } crédit utilisé.
   *[other] { $code } a une nouvelle période du { $start } au { $expiry }, { $units } ; { $n } crédits utilisés.
}
lic-renewed-notice = { $code } renouvelée : prochaine période du { $start } au { $expiry }, { $units } ({ $credits }).

## Retourner.
lic-return-title = Retourner la licence
lic-return-confirm = Confirmer : retourner la licence
lic-return-check = Vérifiez la licence et son détenteur :
lic-return-note = Cette personne ne peut plus l'utiliser et chaque ordinateur sur lequel elle est activée est libéré ; la licence garde sa période et peut être assignée à quelqu'un d'autre. Aucun crédit n'est déplacé.
lic-returned-notice = Licence { $code } retournée : { $email } ne la détient plus.

## Assigner.
lic-assign-title = Assigner { $code }
lic-assign-person = { $role ->
    [admin] { $email } (administrateur)
   *[other] { $email } (utilisateur normal)
}
lic-assign-person-invited = { $role ->
    [admin] { $email } (administrateur, invité)
   *[other] { $email } (utilisateur normal, invité)
}
lic-assign-other = Quelqu'un d'autre : saisissez son adresse
lic-assign-email = Courriel du nouveau détenteur
lic-assign-email-hint = Une personne nouvelle est invitée dans l'organisation comme utilisateur normal.
lic-assign-confirm = Confirmer : assigner
lic-assign-check = Vérifiez la licence : { $code }, { $type }, du { $start } au { $expiry }.
lic-new-holder = Nouveau détenteur
lic-new-holder-hint = Une personne de votre organisation, ou l'adresse de quelqu'un d'autre.
lic-email = Courriel
lic-assign-no-address = saisissez l'adresse de la personne qui reçoit la licence
lic-assigned-notice = { $code } assignée à { $email } ; cette personne est prévenue par courriel.

## L'export.
lic-csv-download = Télécharger le CSV
lic-export-preparing = Préparation de l'export…
lic-export-emailed-to = L'export est envoyé par courriel à { $email }.
lic-export-downloaded = { $file } téléchargé.
lic-export-email = M'envoyer l'export par courriel
lic-export-sending = Envoi…
lic-export-emailed = L'export vous est envoyé par courriel.

## La liste.
lic-sort-newest = Les plus récentes d'abord
lic-sort-expiry = Expiration la plus proche d'abord
lic-sort-expiry-latest = Expiration la plus lointaine d'abord
lic-then = Puis du { $start } au { $expiry }
lic-then-units = Puis du { $start } au { $expiry }, { $units }
lic-why-not = { $actions ->
    [renew] Renouveler
    [return] Retourner
    [assign] Assigner
    [renew-return] Renouveler et retourner
    [renew-assign] Renouveler et assigner
    [return-assign] Retourner et assigner
   *[renew-return-assign] Renouveler, retourner et assigner
} : { $why }
lic-details = Détails
lic-details-aria = Détails de { $code }
lic-refresh = Actualiser
lic-all-products = Tous les produits
lic-all-banks = Toutes les banques
lic-bank-expired = { $bank } (expirée)
lic-any-status = Tous les statuts
lic-find = Rechercher des licences
lic-filter-q = Code d'activation ou courriel
lic-filter-q-hint = Une partie de l'un ou de l'autre suffit.
lic-order = Ordre
lic-apply-filters = Appliquer les filtres
lic-clear-filters = Effacer les filtres
lic-lead = Toutes les licences de l'organisation. Générez-en de nouvelles à partir des crédits d'une banque.
lic-assignee = Utilisateur assigné
lic-unassigned = Non assignée
lic-bank-dates = Début / expiration de la banque
lic-actions = Actions
lic-loading = Chargement des licences…
lic-none-match = Aucune licence ne correspond à ces filtres.
lic-none-yet = Aucune licence pour l'instant. Générez les premières avec « Générer des licences ».
lic-caption = Licences
lic-showing = { $count ->
    [one] { $n } licence affichée.
   *[other] { $n } licences affichées.
}
lic-showing-more = { $count ->
    [one] { $n } licence affichée ; il y en a d'autres.
   *[other] { $n } licences affichées ; il y en a d'autres.
}
lic-refreshed = Liste actualisée.

## La page d'une licence.
lic-mail-license_generated = Licence générée
lic-mail-license_renewed = Licence renouvelée
lic-mail-license_assigned = Licence assignée
lic-mail-license_returned = Licence retournée
lic-not-found = Il n'y a pas de licence { $code } dans votre organisation.
lic-back-to-licences = Retour aux licences
lic-detail-title = Licence { $code }
lic-all-licences = Toutes les licences
lic-my-licences = Mes licences
lic-detail-heading = { $product }, { $type }
lic-nobody-returned = Personne (licence retournée)
lic-next-term = Période suivante
lic-next-term-value = du { $start } au { $expiry }, { $units }
lic-not-renewed = Pas encore renouvelée
lic-not-available = { $action ->
    [renew] Renouveler : indisponible.
    [return] Retourner : indisponible.
   *[assign] Assigner : indisponible.
}
lic-what-you-can-do = Ce que vous pouvez faire
lic-terms = Périodes
lic-history = Son historique dans le journal d'audit
lic-from = Du
lic-to = Au
lic-in-force = En vigueur
lic-term-current = En cours
lic-term-next = Suivante
lic-term-past = Passée
lic-term-later = Ultérieure
lic-assignees = Utilisateurs assignés
lic-until = Jusqu'au
lic-until-returned = { $date } (retournée)
lic-holds-it = La détient maintenant
lic-nobody-held = Personne ne l'a encore détenue.
lic-mails = Courriels envoyés
lic-no-mail = Aucun courriel n'a été envoyé à son sujet.
lic-mail = Courriel
lic-when = Date
lic-detail-footer = { $terms ->
        [one] { $termsN } période
       *[other] { $termsN } périodes
    }, { $assignees ->
        [one] { $assigneesN } utilisateur assigné.
       *[other] { $assigneesN } utilisateurs assignés.
    }

## Mes licences.
lic-mine-copy-aria = Copier le code d'activation { $code }
lic-mine-copy = Copier
lic-mine-copied = Copié
lic-mine-copy-failed = Sélectionnez le code pour le copier
lic-mine-no-downloads = Aucun téléchargement disponible
lic-mine-version = Version { $version }
lic-mine-licensed = sous licence
lic-mine-download-aria = Télécharger { $product } { $version } pour { $os }
lic-mine-lead = Vos licences, leurs codes d'activation et les installateurs que vous pouvez télécharger.
lic-mine-empty = Vous n'avez pas encore de licence. Lorsqu'un administrateur vous en génère ou vous en assigne une, elle apparaît ici et vous recevez un courriel.
lic-mine-caption = Mes licences
lic-mine-code-aria = { $code } : détails
lic-mine-start = Début
lic-mine-expiry = Expiration
lic-mine-renewed = Renouvelée : du { $start } au { $expiry }, { $units }
lic-mine-downloads = Téléchargements

## En lot : pour une équipe, plusieurs renouvellements, plusieurs assignations.
bulk-group = En lot
bulk-generate-open = Générer pour une équipe
bulk-renew-open = Renouveler plusieurs licences
bulk-assign-open = Assigner les licences retournées
bulk-generate-title = Générer des licences pour une équipe
bulk-quantity = Chaque destinataire reçoit
bulk-quantity-hint = Des licences node lock (40 au plus), des ordinateurs sur une clé multiposte ou des postes flottants, sauf si une ligne de la liste donne son propre nombre.
bulk-recipients = Destinataires
bulk-recipients-hint = Une adresse par ligne, ou « adresse, quantité » ; { $max } au plus. Les personnes nouvelles sont invitées à rejoindre { $org }.
bulk-file = Ou un fichier CSV
bulk-file-hint = Colonnes : le courriel, puis une quantité facultative ; une première ligne qui nomme les colonnes est ignorée.
bulk-no-recipients = Saisissez au moins une adresse.
bulk-too-many = Au plus { $max } destinataires par demande.
bulk-line-not-address = La ligne { $line } n'est pas une adresse électronique.
bulk-line-bad-quantity = La quantité de la ligne { $line } doit être un nombre entier.
bulk-line-error = Ligne { $line } : { $message }
bulk-lines = Les lignes de la demande
bulk-results = Le résultat de chaque ligne
bulk-what = Licences
bulk-note = Remarque
bulk-codes = Codes d'activation
bulk-joins = Sera invité
bulk-joined = Invité
bulk-capped = Se termine à l'expiration de la banque
bulk-licences-of = { $count ->
    [one] { $n } licence, { $units }
   *[other] { $n } licences, { $units } chacune
}
bulk-generate-summary = { $recipients ->
        [one] { $recipientsN } destinataire,
       *[other] { $recipientsN } destinataires,
    } { $licences ->
        [one] { $licencesN } licence :
       *[other] { $licencesN } licences :
    } { $credits ->
        [one] { $creditsN } crédit ;
       *[other] { $creditsN } crédits ;
    } { $remaining ->
        [one] { $remainingN } crédit restera dans la banque.
       *[other] { $remainingN } crédits resteront dans la banque.
    }
bulk-refused-note = { $count ->
    [one] { $n } ligne ne peut pas être traitée ; les autres le peuvent. Elle est signalée ci-dessous.
   *[other] { $n } lignes ne peuvent pas être traitées ; les autres le peuvent. Elles sont signalées ci-dessous.
}
bulk-joining-note = { $count ->
    [one] { $n } personne est nouvelle et sera invitée à rejoindre { $org } avant le courriel de sa licence.
   *[other] { $n } personnes sont nouvelles et seront invitées à rejoindre { $org } avant le courriel de leur licence.
}
bulk-finish = Terminer la demande
bulk-interrupted = Le service s'est arrêté après { $done } lignes sur { $total }. Rien n'a été facturé deux fois : terminez la demande pour traiter les autres.
bulk-done = Terminé
bulk-status-generated = Générée
bulk-status-renewed = Renouvelée
bulk-status-assigned = Assignée
bulk-status-refused = Non traitée
bulk-generated = { $count ->
    [one] { $n } destinataire a sa licence
   *[other] { $n } destinataires ont leurs licences
}
bulk-generated-summary = { $refused ->
        [0] Générées pour { $generated } destinataires, { $credits } utilisés.
       *[other] Générées pour { $generated } destinataires, { $credits } utilisés ; { $refusedN } non traitées, signalées ci-dessous.
    }
bulk-generated-notice = { $count ->
    [one] Licences générées pour { $n } destinataire ({ $credits }).
   *[other] Licences générées pour { $n } destinataires ({ $credits }).
}
bulk-renew-title = Renouveler plusieurs licences
bulk-renew-pick = Licences à renouveler
bulk-renew-none = Aucune licence ne peut être renouvelée pour le moment.
bulk-renew-nothing = Cochez au moins une licence.
bulk-renew-months-hint = Laissez vide pour renouveler chaque licence pour les mois de sa dernière période.
bulk-select-all = Tout sélectionner
bulk-pick-line = { $type }, { $assignee }, jusqu'au { $expiry }
bulk-new-term = Nouvelle période
bulk-expiry = Nouvelle expiration
bulk-renew-summary = { $licences ->
        [one] { $licencesN } licence renouvelée
       *[other] { $licencesN } licences renouvelées
    } { $credits ->
        [one] pour { $creditsN } crédit.
       *[other] pour { $creditsN } crédits.
    }
bulk-renewed = { $count ->
    [one] { $n } licence renouvelée
   *[other] { $n } licences renouvelées
}
bulk-renewed-summary = { $refused ->
        [0] { $renewed } renouvelées, { $credits } utilisés.
       *[other] { $renewed } renouvelées, { $credits } utilisés ; { $refusedN } non traitées, signalées ci-dessous.
    }
bulk-renewed-notice = { $count ->
    [one] { $n } licence renouvelée ({ $credits }).
   *[other] { $n } licences renouvelées ({ $credits }).
}
bulk-assign-title = Assigner les licences retournées
bulk-assign-none = Aucune licence retournée n'attend d'être assignée.
bulk-assign-legend = Licences retournées
bulk-assign-hint = Saisissez l'adresse de la personne qui reçoit chaque licence ; laissez les autres vides. Les personnes nouvelles sont invitées à rejoindre l'organisation.
bulk-assign-to = { $code } ({ $type }) à
bulk-assign-check = Vérifier
bulk-assign-nothing = Saisissez au moins une adresse.
bulk-new-holder = Nouveau titulaire
bulk-assign-summary = { $count ->
    [one] { $n } licence sera assignée et son nouveau titulaire prévenu par courriel.
   *[other] { $n } licences seront assignées et leurs nouveaux titulaires prévenus par courriel.
}
bulk-assign-confirm = { $count ->
    [one] Confirmer : assigner { $n } licence
   *[other] Confirmer : assigner { $n } licences
}
bulk-assigned = { $count ->
    [one] { $n } licence assignée
   *[other] { $n } licences assignées
}
bulk-assigned-summary = { $refused ->
        [0] { $assigned } assignées.
       *[other] { $assigned } assignées ; { $refusedN } non traitées, signalées ci-dessous.
    }
bulk-assigned-notice = { $count ->
    [one] { $n } licence assignée.
   *[other] { $n } licences assignées.
}

## Ordinateurs utilisant une licence (portal/machines.js)
mach-heading = Ordinateurs utilisant cette licence
mach-heading-floating = Postes flottants utilisés
mach-in-use = { $usedN } { $seats ->
    [one] ordinateur utilisé
   *[other] ordinateurs utilisés
  } sur { $seatsN }
mach-leases-in-use = { $usedN } { $seats ->
    [one] poste flottant utilisé
   *[other] postes flottants utilisés
  } sur { $seatsN }
mach-none = Aucun ordinateur n'a encore activé cette licence.
mach-none-floating = Aucun ordinateur n'occupe de poste flottant en ce moment.
mach-caption = Ordinateurs utilisant la licence { $code }
mach-hostname = Nom de l'ordinateur
mach-platform = Plateforme
mach-first-seen = Vu la première fois
mach-last-seen = Vu la dernière fois
mach-kind = Type
mach-kind-machine = Ordinateur activé
mach-kind-lease = Poste flottant
mach-borrowed-until = emprunté hors ligne jusqu'au { $date }
mach-actions = Actions
mach-release = Libérer
mach-release-aria = Libérer l'ordinateur { $hostname }
mach-release-title = Libérer { $hostname } ?
mach-release-meaning = Le logiciel sur { $hostname } cesse de fonctionner avec cette licence à sa prochaine vérification, et sa place est libre pour un autre ordinateur (un remplaçant, par exemple).
mach-release-not-deactivate = Libérer un ordinateur ne désactive pas la licence : elle reste la vôtre, avec sa période et son code d'activation.
mach-release-counts = Les libérations sont limitées : il reste { $leftN } { $left ->
    [one] libération
   *[other] libérations
  } sur { $maxN } pour cette licence en { $daysN } jours. Celle-ci compte.
mach-release-lease-free = Libérer un poste flottant ne compte pas dans les libérations de la licence.
mach-release-confirm = Libérer l'ordinateur
mach-released-notice = { $hostname } a été libéré ; sa place est libre pour un autre ordinateur.
mach-releases-left = Il reste { $leftN } { $left ->
    [one] libération
   *[other] libérations
  } d'ordinateur sur { $maxN } en { $daysN } jours.
mach-heading-of = { $product } · { $code }
mach-mine-heading = Vos ordinateurs
mach-mine-lead = Les ordinateurs sur lesquels chacune de vos licences est activée. Libérez un ordinateur perdu ou remplacé pour activer la licence sur un autre.
