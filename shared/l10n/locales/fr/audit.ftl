# Les détails du journal d'audit : ce qu'a fait chaque changement enregistré, dit dans la langue
# du lecteur quand le journal est lu (un événement garde son message et ses arguments, pas une
# phrase).

## Un devis en mots (le détail d'une génération et d'un renouvellement).
quote-what = { $type ->
    [node_lock] { $licenses ->
            [one] { $licenses } licence node lock (un ordinateur)
           *[other] { $licenses } licences node lock (un ordinateur chacune)
        }
    [multiseat] { $licenses ->
            [one] { $licenses } licence multiseat
           *[other] { $licenses } licences multiseat
        } pour { $computers ->
            [one] { $computers } ordinateur
           *[other] { $computers } ordinateurs
        }
   *[floating] { $licenses ->
            [one] { $licenses } licence flottante
           *[other] { $licenses } licences flottantes
        } pour { $computers ->
            [one] { $computers } place
           *[other] { $computers } places
        }
}
quote-summary = { quote-what }, { $months } mois : { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    }, du { $start } au { $expiry } ; il restera { $remaining ->
        [one] { $remaining } crédit
       *[other] { $remaining } crédits
    } dans la banque.
quote-summary-capped = { quote-summary } La banque expire le { $expiry } : la période se termine alors au lieu de durer { $requested } mois, et { $months ->
        [one] seul le mois commencé avant cette date est facturé
       *[other] seuls les { $months } mois commencés avant cette date sont facturés
    }.

## Les licences.
audit-generated = { $type ->
        [node_lock] node lock
        [multiseat] multiseat
       *[floating] flottante
    } pour { $recipient } : { $quote }
audit-renewed = { $quote }
audit-returned = retournée par { $email }
audit-assigned = assignée à { $email }
audit-export-asked = export CSV envoyé par courriel (demandé par courriel)
audit-export-too-large = export CSV envoyé par courriel (trop volumineux pour un téléchargement)
audit-downloaded-licenses = CSV des licences téléchargé
audit-downloaded-ledger = CSV du registre téléchargé
audit-downloaded-trail = CSV du journal d'audit téléchargé (tous les événements)
audit-downloaded-trail-filtered = CSV du journal d'audit téléchargé ({ $filter })

## Les personnes.
audit-invited = invité en tant { $role ->
        [admin] qu'administrateur
       *[member] qu'utilisateur normal
    }
audit-invited-again = invitation envoyée de nouveau
audit-first-sign-in = première connexion : liée au compte { $account }
audit-first-sign-in-accepted = première connexion : invité -> actif, lié au compte { $account }
audit-sign-in-refused = connexion refusée : { $account } n'est pas le compte lié à cette adhésion
audit-declined = a décliné l'invitation
audit-invitation-released = invitation en attente libérée par le fournisseur de licences
audit-account-released = compte { $account } libéré ; la prochaine connexion liera le compte dont elle vient
audit-account-bound = lié au compte { $account } (auparavant { $was })
audit-role-changed = rôle changé de { $from ->
        [admin] administrateur
       *[member] utilisateur normal
    } en { $to ->
        [admin] administrateur
       *[member] utilisateur normal
    }
audit-status-changed = statut changé de { $from ->
        [active] actif
        [inactive] inactif
       *[invited] invité
    } en { $to ->
        [active] actif
        [inactive] inactif
       *[invited] invité
    }
audit-changes = { $changes }
audit-removed = retiré de l'organisation

## Les versions de produit.
audit-versions-all = { $product } : toutes les versions disponibles
audit-versions-none = { $product } : aucune version autorisée
audit-versions-only = { $product } : { $count ->
        [one] seulement la version
       *[other] seulement les versions
    } { $versions }

## L'organisation.
audit-org-created = organisation créée avec { $admin } comme premier administrateur
audit-org-renamed = renommée de « { $from } » en « { $to } »
audit-org-language = les courriels des personnes qui n'ont pas choisi de langue sont désormais en { $language ->
        [fr] français
       *[en] anglais
    }
audit-org-suspended = suspendue : { $reason }
audit-org-resumed = réactivée (suspendue depuis le { $since } pour : { $reason })
audit-mail-budget = budget quotidien de courriels fixé à { $per_day }

## Les banques et les crédits.
audit-bank-created = banque { $product } { $version } de { $purchased ->
        [one] { $purchased } crédit
       *[other] { $purchased } crédits
    } ({ $granted } accordés) du { $start } au { $expiry }
audit-credits-granted = { $credits ->
        [one] { $credits } crédit accordé
       *[other] { $credits } crédits accordés
    }
audit-bank-extended = expiration déplacée du { $from } au { $to } : { $reason }
audit-credits-voided = { $credits ->
        [one] { $credits } crédit non utilisé annulé
       *[other] { $credits } crédits non utilisés annulés
    } : { $reason }
audit-bank-expired = expirée le { $expiry } ; { $forfeited ->
        [one] { $forfeited } crédit non utilisé perdu
       *[other] { $forfeited } crédits non utilisés perdus
    }

## Les demandes de crédits.
audit-credits-requested = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } demandés
audit-credits-requested-bank = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } demandés sur la banque { $bank }
audit-credits-requested-from = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } demandés, souhaités à partir du { $start }
audit-credits-requested-bank-from = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } demandés sur la banque { $bank }, souhaités à partir du { $start }
audit-request-withdrawn = demande de { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } retirée
audit-request-granted-top-up = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } accordés ({ $asked } demandés) : banque complétée
audit-request-granted-new-bank = { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } accordés ({ $asked } demandés) : une nouvelle banque de la version { $version }, du { $start } au { $expiry }
audit-request-declined = demande de { $credits ->
        [one] { $credits } crédit
       *[other] { $credits } crédits
    } de { $product } refusée : { $reason }

## Qui l'a fait.
actor-system = le système
actor-software = le logiciel
actor-provider = le fournisseur de licences
actor-operator = { $email } (fournisseur de licences)
actor-person = { $email }
actor-credential = l’identifiant d’API « { $name } »
audit-credential-created = créé avec le rôle { $role }
audit-credential-revoked = révoqué : sa clé est refusée désormais

## Activation (le logiciel).
audit-machine-activated = machine { $hostname } ({ $platform }) activée sur la place { $seat } sur { $seats }
audit-machine-released = machine { $hostname } ({ $platform }) libérée de la place { $seat }
audit-activation-policy = règles d'activation fixées : { $releases } libérations de machine par licence sur { $days } jours, baux flottants de { $lease } minutes, emprunt jusqu'à { $borrow } jours
audit-machines-released = toutes les machines de la licence libérées par son retour

## Webhooks (décisions 150-159).
audit-webhook-created = point de terminaison de webhook { $url } enregistré pour { $events }
audit-webhook-changed = point de terminaison de webhook modifié : { $changes }
audit-webhook-unchanged = point de terminaison de webhook enregistré sans changement
audit-webhook-url = URL remplacée par { $url }
audit-webhook-description = description modifiée
audit-webhook-events = types d'événements : { $events }
audit-webhook-enabled = activé
audit-webhook-disabled-by-admin = désactivé
audit-webhook-deleted = point de terminaison de webhook { $url } supprimé
audit-webhook-secret-rotated = secret de signature du point de terminaison de webhook { $url } remplacé
audit-webhook-disabled-failing = point de terminaison de webhook { $url } désactivé : toutes les livraisons ont échoué pendant { $hours } heures
