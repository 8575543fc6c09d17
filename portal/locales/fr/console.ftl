# La console du fournisseur : organisations, une organisation, recherche, demandes de crédits,
# catalogue, journal du fournisseur et courriels non distribués.

## Les mots que partagent les pages de la console.
con-status-pending = En attente
con-status-active = Active
con-status-expired = Expirée
con-status-granted = Accordée
con-status-declined = Refusée
con-status-withdrawn = Retirée
con-status-suspended = Suspendue
con-person-active = Actif
con-person-invited = Invité
con-person-inactive = Inactif
con-type-node_lock = Node lock
con-type-multiseat = Multiseat
con-type-floating = Licence flottante
con-role-admin = Administrateur
con-role-member = Utilisateur normal
con-yes = Oui
con-no = Non
con-credits = { $count ->
    [one] { $n } crédit
   *[other] { $n } crédits
}

## La fenêtre de vérification et de confirmation de chaque action.
kit-no-org = Le fournisseur (aucune organisation)
kit-close = Fermer
kit-cancel = Annuler
kit-review = Vérifier
kit-review-confirm = Vérifier et confirmer
kit-confirm = Confirmer
kit-change = Modifier
kit-done = Terminé
kit-whole-number = { $label } doit être un nombre entier
kit-at-least = { $label } doit valoir au moins { $min }
kit-at-most = { $label } doit valoir au plus { $max }
kit-required = { $label } est obligatoire

## Les organisations.
orgs-since = depuis le { $date }
orgs-none-active = aucun actif pour l'instant
orgs-new = Nouvelle organisation
orgs-new-intro = Un studio qui a acheté des crédits. Son premier administrateur est invité par courriel et devient actif à sa première connexion ; ajoutez ensuite ses banques depuis sa page.
orgs-name = Nom
orgs-name-hint = Tel que les membres du studio le connaissent ; de 1 à 100 caractères sur une ligne.
orgs-admin-email = Courriel du premier administrateur
orgs-admin-email-hint = Ne doit pas appartenir à une autre organisation.
orgs-new-summary = Créer l'organisation « { $name } » et inviter { $email } comme premier administrateur.
orgs-first-admin = Premier administrateur
orgs-new-note = Le courriel d'invitation part aussitôt. L'organisation n'a aucun crédit tant que vous ne lui créez pas de banque.
orgs-create = Créer l'organisation
orgs-created = Organisation créée
orgs-created-text = { $name } existe ; { $email } est invité comme administrateur (l'invitation expire le { $date } si elle n'est pas acceptée).
orgs-created-text-undated = { $name } existe ; { $email } est invité comme administrateur (l'invitation expire à sa date d'expiration si elle n'est pas acceptée).
orgs-open = Ouvrir { $name }
orgs-find = Trouver des organisations
orgs-find-hint = Un mot du nom (nord), l'adresse d'une personne, ou @ suivi d'un domaine de messagerie (@studio.example).
orgs-search = Rechercher
orgs-show-all = Afficher toutes les organisations
orgs-lead = Les studios qui achètent des crédits, par nom. Ouvrez-en un pour voir ses banques, licences, utilisateurs et son journal, et pour agir dessus.
orgs-caption = Organisations
orgs-caption-found = Organisations trouvées pour { $q }
orgs-created-on = Créée le
orgs-active-admins = Administrateurs actifs
orgs-mail-budget = Quota quotidien de courriels
orgs-default = par défaut
orgs-status = Statut
orgs-loading = Chargement des organisations…
orgs-none-match = Aucune organisation ne correspond à « { $q } ».
orgs-none-yet = Aucune organisation pour l'instant. Créez la première avec « Nouvelle organisation ».
orgs-count = { $count ->
    [one] { $n } organisation affichée.
   *[other] { $n } organisations affichées.
}
orgs-count-more = { $count ->
    [one] { $n } organisation affichée ; il y en a d'autres.
   *[other] { $n } organisations affichées ; il y en a d'autres.
}

## Une organisation : ses sections.
org-section-banks = Banques
org-section-licences = Licences
org-section-people = Utilisateurs
org-section-trail = Journal
org-sections = Sections de l'organisation
org-all-orgs = ← Toutes les organisations
org-summary = Résumé
org-id = Identifiant
org-invalid-date = { $label } doit être une date (AAAA-MM-JJ)
org-to = au
org-from-to = du { $start } au { $expiry }

## Une organisation : ses banques.
org-product = Produit
org-version = Version
org-version-hint = Les licences peuvent être retournées et réassignées à partir de la version 25.1, sur les banques portables.
org-product-id = Identifiant du produit
org-product-id-hint = Tel que le catalogue le nomme, par exemple harmony-premium (le catalogue n'a pas pu être lu).
org-version-text-hint = Une version de ce produit dans le catalogue, par exemple 24 ou 25.1.
org-new-bank = Nouvelle banque
org-new-bank-title = Nouvelle banque pour { $org }
org-new-bank-intro = Les crédits que le studio a achetés pour une version de produit, utilisables de la date de début jusqu'à la date d'expiration.
org-purchased-label = Crédits achetés
org-purchased-hint = Ce que le studio a acheté ou demandé.
org-granted-label = Crédits accordés
org-granted-hint = Ce qu'il peut dépenser dès maintenant ; vide, tous les crédits achetés sont accordés ; 0, aucun pour l'instant.
org-start = Début
org-expiry = Expiration
org-expiry-hint = Après le début et après aujourd'hui ; les crédits inutilisés sont perdus à cette date.
org-portable-check = Portable : ses licences peuvent être retournées et réassignées (version 25.1 ou ultérieure)
org-portable = Portable
org-not-portable = Non portable
org-expiry-after-start = L'expiration doit suivre le début
org-new-bank-summary = { $count ->
    [one] Créer une banque { $bank } pour { $org } : { $purchased } crédit acheté, { $granted } accordé, du { $start } au { $expiry }{ $portable ->
        [yes] , portable.
       *[no] .
    }
   *[other] Créer une banque { $bank } pour { $org } : { $purchased } crédits achetés, { $granted } accordés, du { $start } au { $expiry }{ $portable ->
        [yes] , portable.
       *[no] .
    }
}
org-purchased = Achetés
org-granted-spendable = Accordés (utilisables)
org-new-bank-note = Les crédits inutilisés sont perdus le { $date } ; les administrateurs du studio sont prévenus 30, 7 et 1 jours avant.
org-create-bank = Créer la banque
org-bank-created = Banque créée
org-bank-created-text = { $count ->
    [one] { $bank } pour { $org } : { $n } crédit utilisable du { $start } au { $expiry }.
   *[other] { $bank } pour { $org } : { $n } crédits utilisables du { $start } au { $expiry }.
}
org-bank = Banque
org-remaining = Restants
org-status = Statut
org-bank-figures = { $granted } accordés, { $used } utilisés, { $remaining } restants ; expire le { $expiry }.
org-grant-title = Accorder des crédits : { $bank }
org-grant-label = Crédits à accorder
org-grant-hint = Ajoutés aux crédits accordés et restants.
org-grant-summary = { $count ->
    [one] Accorder { $n } crédit à la banque { $bank } (du { $start } au { $expiry }).
   *[other] Accorder { $n } crédits à la banque { $bank } (du { $start } au { $expiry }).
}
org-granted = Accordés
org-grant-note = Les crédits peuvent être utilisés jusqu'à l'expiration de la banque, le { $date }.
org-grant-confirm = { $count ->
    [one] Accorder { $n } crédit
   *[other] Accorder { $n } crédits
}
org-granted-heading = Crédits accordés
org-grant-result = { $count ->
    [one] { $n } crédit accordé : la banque compte désormais { $granted } crédits accordés et { $remaining } restants.
   *[other] { $n } crédits accordés : la banque compte désormais { $granted } crédits accordés et { $remaining } restants.
}
org-extend-title = Prolonger : { $bank }
org-extend-intro = La banque expire le { $date }. Le studio a acheté une prolongation : reportez son expiration.
org-new-expiry = Nouvelle expiration
org-new-expiry-hint = Après le { $date }.
org-reason = Motif
org-extend-reason-hint = Pour le journal, par exemple le numéro de commande ; une ligne.
org-new-expiry-later = La nouvelle expiration doit être postérieure au { $date }
org-extend-summary = Reporter l'expiration de la banque { $bank } du { $from } au { $to }.
org-extend-note-licences = Les licences tirées de cette banque gardent leurs dates ; leurs renouvellements peuvent désormais aller jusqu'à la nouvelle expiration.
org-extend-note-jobs = La tâche d'expiration et les avertissements à 30, 7 et 1 jours suivent la nouvelle date.
org-extend-confirm = Prolonger la banque
org-extended = Banque prolongée
org-extended-text = La banque { $bank } expire désormais le { $date }.
org-void-title = Annuler des crédits : { $bank }
org-void-intro = { $granted } accordés, { $used } utilisés, { $remaining } restants. Une banque créée trop grande par erreur rend ses crédits inutilisés.
org-void-label = Crédits à annuler
org-void-hint = { $count ->
    [one] Au plus le { $n } restant : ce qui est utilisé ne peut pas être annulé.
   *[other] Au plus les { $n } restants : ce qui est utilisé ne peut pas être annulé.
}
org-void-reason-hint = Pour le journal ; une ligne.
org-void-too-many = { $count ->
    [one] Seul { $n } crédit est inutilisé
   *[other] Seuls { $n } crédits sont inutilisés
}
org-void-summary = { $count ->
    [one] Reprendre { $n } crédit inutilisé à la banque { $bank }.
   *[other] Reprendre { $n } crédits inutilisés à la banque { $bank }.
}
org-voided = Annulés
org-purchased-kept = { $n } (reste enregistré)
org-void-note = On ne peut pas descendre sous ce qui est utilisé ({ $used }) : les licences déjà générées gardent leurs crédits.
org-void-confirm = { $count ->
    [one] Annuler { $n } crédit
   *[other] Annuler { $n } crédits
}
org-voided-heading = Crédits annulés
org-void-result = { $count ->
    [one] { $n } crédit annulé : la banque compte désormais { $granted } crédits accordés et { $remaining } restants.
   *[other] { $n } crédits annulés : la banque compte désormais { $granted } crédits accordés et { $remaining } restants.
}
org-banks-lead = Les crédits par version de produit : achetés, demandés, accordés, utilisés et restants.
org-banks-empty = Aucune banque pour l'instant : créez-en une quand le studio achète des crédits.
org-banks-caption = Banques de { $org }
org-its-licences = Ses licences
org-its-ledger = Son registre
org-requested = Demandés
org-used = Utilisés
org-start-expiry = Début / expiration
org-forfeited = { $n } perdus
org-actions = Actions
org-no-action-expired = Aucune : expirée
org-bank-action-aria = { $action } : banque { $bank }, du { $start } au { $expiry }
org-grant = Accorder
org-extend = Prolonger
org-void = Annuler

## Une organisation : ses licences.
org-all-banks = Toutes les banques
org-bank-option = { $bank }, du { $start } au { $expiry }
org-bank-option-expired = { $bank }, du { $start } au { $expiry } (expirée)
org-any-status = Tous les statuts
org-licences-filter = Filtrer les licences de { $org }
org-assignee-email = Courriel de l'utilisateur assigné
org-apply-filters = Appliquer les filtres
org-clear-filters = Effacer les filtres
org-licences-lead = Toutes les licences de l'organisation, les plus récentes d'abord, telles que ses administrateurs les voient.
org-licences-loading = Chargement des licences…
org-licences-none-match = Aucune licence ne correspond à ces filtres.
org-licences-none = Aucune licence pour l'instant.
org-licences-caption = Licences de { $org }
org-activation-code = Code d'activation
org-computers = Ordinateurs
org-type = Type
org-assignee = Assignée à
org-unassigned = Non assignée
org-credits-used = Crédits utilisés
org-bank-cell = { $portable ->
    [yes] { $version }, portable
   *[no] { $version }
}

## Une organisation : ses utilisateurs.
org-last-admin = { $message } : une organisation garde toujours un administrateur actif, y compris pour le fournisseur de licences. Invitez ou promouvez d'abord un autre administrateur (il compte dès sa première connexion), puis modifiez celui-ci.
org-make-admin = Nommer administrateur
org-make-member = Rendre utilisateur normal
org-deactivate = Désactiver
org-reactivate = Réactiver
org-make-admin-title = Nommer { $email } administrateur
org-make-member-title = Rendre { $email } utilisateur normal
org-deactivate-title = Désactiver { $email }
org-reactivate-title = Réactiver { $email }
org-make-admin-summary = Nommer { $email } administrateur de { $org }.
org-make-member-summary = Rendre { $email } utilisateur normal de { $org }.
org-deactivate-summary = Désactiver { $email } dans { $org }.
org-reactivate-summary = Réactiver { $email } dans { $org }.
org-make-admin-aria = Nommer administrateur : { $email }
org-make-member-aria = Rendre utilisateur normal : { $email }
org-deactivate-aria = Désactiver { $email }
org-reactivate-aria = Réactiver { $email }
org-role = Rôle
org-inactive-note = Un utilisateur inactif ne peut pas utiliser le portail ; il garde ses licences.
org-only-admin-note = { $email } est le seul administrateur actif : le service refuse ce changement tant qu'un autre administrateur n'est pas actif.
org-no-admin-note = { $org } n'a pas encore d'administrateur actif : après ce changement, personne ne pourra la gérer tant que vous n'aurez pas invité un administrateur.
org-changed = Modifié
org-changed-text = { $email } est désormais { $role ->
    [admin] administrateur
   *[member] utilisateur normal
}, { $status ->
    [active] actif
    [invited] invité
   *[inactive] inactif
}.
org-invite-admin = Inviter un administrateur
org-invite-title = Inviter un administrateur dans { $org }
org-email = Courriel
org-invite-hint = Une personne déjà dans l'organisation est invitée à nouveau ; une personne d'une autre organisation est refusée, sauf si elle n'y a qu'une invitation expirée.
org-invite-summary = Inviter { $email } comme administrateur de { $org }.
org-invite-note = Le courriel d'invitation part aussitôt ; la personne devient active à sa première connexion.
org-send-invitation = Envoyer l'invitation
org-invitation-sent = Invitation envoyée
org-invited-text = { $role ->
    [admin] { $email } est invité comme administrateur de { $org }, jusqu'au { $date }.
   *[member] { $email } est invité comme utilisateur normal de { $org }, jusqu'au { $date }.
}
org-invited-text-undated = { $role ->
    [admin] { $email } est invité comme administrateur de { $org }.
   *[member] { $email } est invité comme utilisateur normal de { $org }.
}
org-release-invitation-title = Libérer l'invitation
org-release-invitation-summary = Retirer l'invitation de { $email } dans { $org }, qu'il n'a jamais acceptée.
org-release-invitation-note = L'adresse est de nouveau libre : une autre organisation peut l'inviter. Refusé si l'invitation est venue avec des licences qu'il détient encore.
org-invitation-released = Invitation libérée
org-invitation-released-text = { $email } n'est plus invité dans { $org }.
org-release-account-title = Libérer le compte de connexion
org-release-account-summary = Détacher le compte { $subject } ({ $issuer }) de l'adhésion de { $email } à { $org }.
org-release-account-note = À la demande de la personne : sa prochaine connexion liera le compte dont elle vient. D'ici là, quiconque se connecte avec cette adresse auprès d'un fournisseur de confiance devient cette personne.
org-release-account-confirm = Libérer le compte
org-account-released = Compte libéré
org-account-released-text = { $email } n'est lié à aucun compte ; sa prochaine connexion en liera un.
org-bind-title = Lier un autre compte à { $email }
org-bind-intro = À la demande de la personne : son compte chez le fournisseur d'identité a changé, ou elle passe à un autre fournisseur de confiance.
org-issuer = Émetteur
org-issuer-hint = L'URL d'émetteur du fournisseur, telle que ses jetons l'écrivent dans iss (https).
org-subject = Sujet
org-subject-hint = Le nom que ce fournisseur donne à la personne (sub), sans espaces.
org-bind-summary = Désormais, seul le compte { $subject } de { $issuer } agit en tant que { $email } dans { $org }.
org-now = Actuellement
org-no-account = Aucun compte
org-after = Ensuite
org-bind-confirm = Lier le compte
org-account-bound = Compte lié
org-account-bound-text = { $email } est lié à { $subject } de { $issuer }.
org-account-none-invited = Aucun : pas encore connecté
org-account-none = Aucun : la prochaine connexion en liera un
org-people-lead = Les utilisateurs de l'organisation, avec le compte de connexion auquel chaque adhésion est liée.
org-people-loading = Chargement des utilisateurs…
org-people-empty = Personne pour l'instant.
org-people-caption = Utilisateurs de { $org }
org-invitation-until = invitation jusqu'au { $date }
org-invited-on = Invité le
org-account = Compte
org-release-invitation = Libérer l'invitation
org-release-invitation-aria = Libérer l'invitation de { $email }
org-release-account = Libérer le compte
org-release-account-aria = Libérer le compte : le compte de connexion de { $email }
org-bind-account = Lier un compte
org-bind-account-aria = Lier un compte : un autre compte de connexion pour { $email }

## Une organisation : son journal.
org-trail-lead = Tout ce qui a changé dans l'organisation, le plus récent d'abord, tel que ses administrateurs le voient.
org-trail-empty = Rien ne s'est encore passé.
org-trail-caption = Journal de { $org }
org-time = Heure
org-actor = Auteur
org-action = Action
org-subject-col = Objet
org-credits = Crédits
org-detail = Détail

## Une organisation : la renommer, la suspendre, la réactiver, son quota de courriels.
org-rename-title = Renommer { $org }
org-new-name = Nouveau nom
org-new-name-hint = De 1 à 100 caractères sur une ligne.
org-same-name = Le nouveau nom est identique au nom actuel
org-rename-summary = Renommer « { $from } » en « { $to } ».
org-rename-note = Ses courriels et la console utilisent désormais le nouveau nom.
org-rename = Renommer
org-renamed = Renommée
org-renamed-text = L'organisation s'appelle désormais { $org }.
org-suspend-title = Suspendre { $org }
org-suspend-intro = Une facture impayée, un litige, la demande du client.
org-suspend-reason-hint = Ses administrateurs le voient sur chaque page et dans les refus ; une ligne.
org-suspend-summary = Suspendre { $org } : « { $reason } ».
org-suspend-note-read = Ses utilisateurs peuvent toujours se connecter et tout consulter, et leurs licences restent valides ; les tâches quotidiennes continuent.
org-suspend-note-refused = Toute modification de sa part est refusée (générer, renouveler, retourner et assigner des licences, inviter et modifier des utilisateurs, les versions de produit, les exports, les demandes de crédits) jusqu'à ce que vous la réactiviez. Vos propres actions sur elle fonctionnent toujours.
org-suspend = Suspendre
org-suspended = Suspendue
org-suspended-text = { $org } est suspendue : elle consulte, mais ne modifie rien jusqu'à sa réactivation.
org-resume-title = Réactiver { $org }
org-resume-summary = Réactiver { $org } : ses modifications sont de nouveau acceptées.
org-suspended-since = Suspendue depuis
org-by = Par
org-resume = Réactiver
org-resumed = Réactivée
org-resumed-text = { $org } n'est plus suspendue.
org-mail-budget = Quota de courriels
org-mail-budget-title = Quota quotidien de courriels de { $org }
org-mail-budget-intro = { $count ->
    [one] Actuellement { $n } courriel par jour : invitations, avis de licence, retours, exports et avertissements de banque.
   *[other] Actuellement { $n } courriels par jour : invitations, avis de licence, retours, exports et avertissements de banque.
}
org-mail-budget-intro-default = { $count ->
    [one] Actuellement { $n } courriel par jour (la valeur par défaut du déploiement) : invitations, avis de licence, retours, exports et avertissements de banque.
   *[other] Actuellement { $n } courriels par jour (la valeur par défaut du déploiement) : invitations, avis de licence, retours, exports et avertissements de banque.
}
org-mails-a-day = Courriels par jour
org-mails-a-day-hint = De 1 à { $max } (jours UTC).
org-mail-budget-summary = Faire passer le quota quotidien de courriels de { $org } de { $from } à { $to }.
org-mail-budget-note = Au-delà, les courriels attendent le lendemain dans la file d'envoi ; une demande dont le seul effet serait un courriel (une invitation renvoyée, un export par courriel) est refusée entre-temps.
org-set-budget = Fixer le quota
org-budget-set = Quota fixé
org-budget-set-text = { $count ->
    [one] { $org } peut désormais envoyer { $n } courriel par jour.
   *[other] { $org } peut désormais envoyer { $n } courriels par jour.
}
org-suspended-banner = { $state } depuis le { $since } par { $by } : { $reason }
org-suspended-banner-note = Ses utilisateurs consultent tout et leurs licences restent valides ; toute modification de leur part est refusée jusqu'à ce que vous la réactiviez.

## La file des demandes de crédits.
req-bank-words = { $bank }, du { $start } au { $expiry }
req-bank-option = { $bank } ({ $remaining } restants)
req-new-bank-legend = La nouvelle banque
req-portable-check = Portable (25.1 ou ultérieure : les licences peuvent être retournées et réassignées)
req-wished = Date souhaitée : le { $date }.
req-no-date = Aucune date souhaitée.
req-expiry-hint = Les crédits inutilisés sont perdus à cette date.
req-bank-to-top-up = Banque à compléter
req-grant-title = Accorder des crédits à { $org }
req-asked-top-up = { $count ->
    [one] { $who } a demandé le { $on } { $n } crédit de { $product }, pour compléter la banque { $version } (du { $start } au { $expiry }){ $dated ->
        [yes] , à partir du { $from }.
       *[no] .
    }
   *[other] { $who } a demandé le { $on } { $n } crédits de { $product }, pour compléter la banque { $version } (du { $start } au { $expiry }){ $dated ->
        [yes] , à partir du { $from }.
       *[no] .
    }
}
req-asked-new = { $count ->
    [one] { $who } a demandé le { $on } { $n } crédit de { $product }, dans une nouvelle banque{ $dated ->
        [yes] , à partir du { $from }.
       *[no] .
    }
   *[other] { $who } a demandé le { $on } { $n } crédits de { $product }, dans une nouvelle banque{ $dated ->
        [yes] , à partir du { $from }.
       *[no] .
    }
}
req-quoted = « { $text } »
req-credits-hint = Les crédits demandés, sauf si vous en accordez un autre nombre.
req-into = Destination
req-existing-bank = Une banque existante de ce produit
req-existing-bank-none = Une banque existante (aucune utilisable : toutes expirées ou aucune encore)
req-a-new-bank = Une nouvelle banque
req-a-bank = Une banque
req-grant-summary-top-up = { $count ->
    [one] Accorder { $n } crédit à { $org } : compléter la banque { $bank }.
   *[other] Accorder { $n } crédits à { $org } : compléter la banque { $bank }.
}
req-grant-summary-new = { $count ->
    [one] Accorder { $n } crédit à { $org } : créer une banque { $bank }{ $portable ->
        [yes] { " " }(portable)
       *[no] {""}
    } { $dated ->
        [yes] du { $start }
       *[no] d'aujourd'hui
    } au { $expiry }.
   *[other] Accorder { $n } crédits à { $org } : créer une banque { $bank }{ $portable ->
        [yes] { " " }(portable)
       *[no] {""}
    } { $dated ->
        [yes] du { $start }
       *[no] d'aujourd'hui
    } au { $expiry }.
}
req-expires = Expire le
req-today = aujourd'hui
req-other-number = { $count ->
    [one] La demande portait sur { $n } crédit ; vous en accordez { $granted }.
   *[other] La demande portait sur { $n } crédits ; vous en accordez { $granted }.
}
req-grant-mailed = { $who } est prévenu par courriel que la demande a été accordée.
req-granted = Demande accordée
req-granted-text = { $count ->
    [one] { $n } crédit accordé à { $org } : la banque { $bank } compte désormais { $granted } crédits accordés et { $remaining } restants.
   *[other] { $n } crédits accordés à { $org } : la banque { $bank } compte désormais { $granted } crédits accordés et { $remaining } restants.
}
req-banks-of = Les banques de { $org }
req-decline-title = Refuser la demande de { $org }
req-decline-intro = { $count ->
    [one] { $who } a demandé { $n } crédit de { $product }.
   *[other] { $who } a demandé { $n } crédits de { $product }.
}
req-reason-hint = Envoyé par courriel à l'administrateur qui a fait la demande ; une ligne.
req-decline-summary = { $count ->
    [one] Refuser la demande de { $org } portant sur { $n } crédit de { $product } : « { $reason } ».
   *[other] Refuser la demande de { $org } portant sur { $n } crédits de { $product } : « { $reason } ».
}
req-decline-note = { $who } reçoit le motif par courriel. Les crédits qu'elle réservait comme demandés sur une banque sont libérés.
req-decline-confirm = Refuser la demande
req-declined = Demande refusée
req-declined-text = La demande de { $org } est refusée : { $reason }.
req-filter = Filtrer les demandes de crédits
req-organisation = Organisation
req-all-orgs = Toutes les organisations
req-show = Afficher
req-lead-pending = Ce que les organisations ont demandé et attendent, les plus anciennes d'abord : accordez chaque demande dans une banque, ou refusez-la avec un motif.
req-lead-decided = Les demandes déjà traitées ou retirées, les plus récemment décidées d'abord.
req-asked = Demandée le
req-top-up = Compléter : { $version }, du { $start } au { $expiry }
req-from = à partir du { $date }
req-note = Note
req-n-granted = { $count ->
    [one] { $n } accordé
   *[other] { $n } accordés
}
req-none-action = Aucune
req-grant-aria = { $count ->
    [one] Accorder la demande de { $who } portant sur { $n } crédit
   *[other] Accorder la demande de { $who } portant sur { $n } crédits
}
req-decline-aria = { $count ->
    [one] Refuser la demande de { $who } portant sur { $n } crédit
   *[other] Refuser la demande de { $who } portant sur { $n } crédits
}
req-decline = Refuser
req-loading = Chargement des demandes de crédits…
req-empty-pending = Rien n'attend : chaque demande a reçu une réponse.
req-empty = Aucune.

## Trouver une licence ou une personne.
find-org-line = Organisation : { $org }
find-licence-heading = Licence { $code }
find-terms-caption = Périodes de { $code }
find-from = Du
find-to = Au
find-months = Mois
find-months-of = { $charged } sur { $requested }
find-unassigned = Non assignée (retournée)
find-bank = { $portable ->
    [yes] { $version }, portable, du { $start } au { $expiry } { $link }
   *[no] { $version }, du { $start } au { $expiry } { $link }
}
find-its-licences = ses licences
find-created = Créée le
find-terms = Périodes
find-holders = Détenteurs
find-held = { $email } du { $from } au { $until }
find-holds = { $email } depuis le { $from } (la détient actuellement)
find-invitation-lapses = L'invitation expire le
find-account = Compte de connexion
find-account-of = { $subject } de { $issuer }
find-account-none = Aucun lié pour l'instant
find-act-on = Agir sur { $email } parmi les utilisateurs de { $org }
find-their-licences = Licences qui lui sont assignées
find-licences-of = Licences de { $email }
find-all-their-licences = Toutes ses licences, dans la liste de l'organisation
find-label = Code d'activation ou courriel
find-hint = Un code en majuscules ou minuscules, avec ou sans tirets (7KQM-3XWD-RP9T-HN4C), ou l'adresse d'une personne.
find-submit = Trouver
find-lead = Quel que soit l'appelant : trouvez la licence dont il lit le code, ou la personne, quelle que soit son organisation.
find-domain = { $q } est un domaine de messagerie : { $link }.
find-domain-link = les organisations dont des utilisateurs ont une adresse en { $domain }
find-looking-person = Recherche de la personne…
find-looking-licence = Recherche de la licence…
find-no-person = Aucune organisation ne compte l'adresse { $q }.
find-no-licence = Aucune licence n'a le code d'activation { $q }.

## Le journal du fournisseur.
vaudit-lead = Ce qu'a fait le personnel du fournisseur de licences, dans chaque organisation et dans le catalogue, le plus récent d'abord.
vaudit-empty = Rien pour l'instant.
vaudit-action-subject = Action et objet
vaudit-catalog-only = N'afficher que les modifications du catalogue
vaudit-all = Afficher tous les événements
vaudit-empty-filtered = Aucun événement ne correspond à ce filtre.

## Les courriels non distribués.
mail-lead = Les courriels dont les 8 tentatives (espacées de 30 secondes à 6 heures) ont échoué et qui ne sont plus réessayés. Chacun compte aussi dans la métrique ELP/DeadMail, qui déclenche une alarme.
mail-empty = Aucun courriel non distribué : tout a été remis ou est encore en cours d'envoi.
mail-dead-since = Abandonné le
mail-kind = Courriel
mail-kind-license = Licence assignée
mail-kind-invitation = Invitation
mail-kind-returned = Licence retournée
mail-kind-bank_expired = Banque expirée
mail-kind-bank_expiring = Banque bientôt expirée
mail-kind-export = Export des licences
mail-to = Destinataire
mail-attempts = Tentatives
mail-last-error = Dernière erreur
mail-written = Écrit le

## Le catalogue.
cat-no-revision = Le catalogue n'a pas encore été défini (révision 0).
cat-revision = Révision { $revision }.
cat-revision-at = Révision { $revision }, dernière modification le { $at }.
cat-revision-by = Révision { $revision }, dernière modification le { $at } par { $by }.
cat-review = Vérifier les modifications
cat-add-product = Ajouter un produit
cat-form = Catalogue des produits
cat-members-org = Afficher la vue des utilisateurs d'une organisation (facultatif)
cat-members-org-hint = Un identifiant d'organisation comme o_… : l'aperçu filtre les téléchargements selon ses versions de produit autorisées.
cat-lead = Tout ce que le fournisseur vend et livre : les produits, leurs versions et un lien de téléchargement par système d'exploitation. Vérifiez l'effet d'une modification avant de l'enregistrer.
cat-hint = Les versions sont des nombres comme 24 ou 25.1. Les liens sont des adresses https ; laissez un lien vide s'il n'existe pas de version pour ce système.
cat-link = Lien { $os }
cat-this-product = ce produit
cat-remove-version-aria = Supprimer la version { $version } de { $product }
cat-remove-new-version-aria = Supprimer la nouvelle version de { $product }
cat-version-removed = Version { $version } supprimée.
cat-new-version-removed = Nouvelle version supprimée.
cat-remove-version = Supprimer la version
cat-version-legend = Version { $version }
cat-new-version = Nouvelle version
cat-new-product = Nouveau produit { $n }
cat-version-added = Version ajoutée.
cat-add-version = Ajouter une version de { $product }
cat-product-removed = { $product } supprimé.
cat-new-product-removed = Nouveau produit supprimé.
cat-remove-product = Supprimer { $product }
cat-product-id-hint = Lettres minuscules, chiffres et tirets, comme harmony-premium. Il désigne le produit dans les banques et les versions autorisées.
cat-name-hint = Tel que les utilisateurs le voient.
cat-no-version = Aucune version pour l'instant.
cat-empty = Le catalogue ne contient aucun produit.
cat-product-added = Produit ajouté.
cat-error-at = { $field } : { $message }
cat-reload = Recharger le catalogue
cat-conflict = Quelqu'un d'autre a modifié le catalogue pendant que vous le modifiiez (il en est maintenant à la révision { $revision }). Rien n'a été enregistré.
cat-conflict-unknown = Quelqu'un d'autre a modifié le catalogue pendant que vous le modifiiez. Rien n'a été enregistré.
cat-conflict-reload = Rechargez-le pour voir ses modifications, puis refaites les vôtres. Recharger remplace ce que vous avez modifié ici.
cat-members-of = Ce que verraient les utilisateurs de { $org }
cat-members-all = Ce que verraient les utilisateurs (toutes les versions)
cat-member-version = Version { $version } :{ " " }
cat-no-download = aucun téléchargement
cat-nothing-to-download = Aucune version à télécharger.
cat-no-products = Aucun produit.
cat-save = Enregistrer
cat-back = Revenir à la modification
cat-changes = Modifications
cat-no-changes = Rien n'a changé : il n'y a rien à enregistrer.
cat-before-save = Avant d'enregistrer
cat-review-said = { $changes ->
    [one] { $n } modification
   *[other] { $n } modifications
}, { $warnings ->
    [one] { $w } avertissement
   *[other] { $w } avertissements
}.
cat-saved = Enregistré comme révision { $revision }.
cat-no-such-org = Aucune organisation n'a cet identifiant.
cat-loaded = Catalogue chargé, révision { $revision }.

## Règles d'activation d'une organisation (console-org.js)
org-policy = Règles d'activation
org-policy-title = Règles d'activation de { $org }
org-policy-intro = Comment les activations du logiciel se comportent pour les licences de cette organisation, telles que fixées pour elle.
org-policy-intro-default = Comment les activations du logiciel se comportent pour les licences de cette organisation : les valeurs par défaut, tant que vous ne les fixez pas.
org-policy-max_releases = Libérations d'ordinateur par licence
org-policy-release_days = Sur (jours)
org-policy-lease_minutes = Bail flottant sans signal (minutes)
org-policy-max_borrow_days = Emprunt hors ligne le plus long (jours)
org-policy-hint = De { $min } à { $max }.
org-policy-summary = Fixer les règles d'activation de { $org } :
org-policy-change = de { $from } à { $to }
org-policy-note = Les libérations déjà faites comptent encore sur leur période ; baux et emprunts changent à leur prochaine prise ou au prochain signal.
org-policy-set = Fixer les règles
org-policy-done = Règles fixées
org-policy-done-text = { $org } autorise désormais { $releases } libérations d'ordinateur par licence sur { $days } jours.
org-policy-shown = { $releases } libérations sur { $days } jours · baux de { $lease } min · emprunt jusqu'à { $borrow } jours
