# Les pages de l'organisation, pour ses administrateurs : le tableau de bord, les utilisateurs,
# les versions de produit et le journal d'audit.

## Le tableau de bord.
dash-lead = Les crédits restants par produit, et la banque qui expire la première : utilisez d'abord ces crédits.
dash-empty = Votre organisation n'a encore aucune banque de crédits. Votre fournisseur les ajoute lorsque vous achetez des crédits.
dash-warnings = Crédits sur le point d'être perdus
dash-bank-licences = Licences de cette banque
dash-remaining = Crédits restants
dash-next-expiry = Prochaine expiration d'une banque
dash-no-usable-bank = Aucune banque utilisable avec des crédits
dash-forfeited = Perdus
dash-forecast = Au rythme actuel
# $credits : « 14 crédits ».
dash-forfeited-lost = { $credits } { $count ->
    [one] perdu
   *[other] perdus
} dans des banques expirées
dash-view-licences = Voir les licences { $product }
dash-banks = Banques ({ $n })
dash-bank = Version { $version }, du { $start } au { $expiry } :
# $amount (en gras) : dash-bank-amount ; $total : les crédits accordés.
dash-bank-left = { $amount } { $total ->
    [one] crédit restant
   *[other] crédits restants
}
dash-bank-amount = { $remaining } sur { $granted }
dash-bank-forfeited = { $forfeited } sur { $granted } { $total ->
    [one] crédit perdu
   *[other] crédits perdus
}

## Les utilisateurs.
users-lead = Les utilisateurs de votre organisation. Les utilisateurs normaux voient leurs propres licences ; les administrateurs gèrent l'organisation.
users-invite-heading = Inviter un utilisateur
users-invite-submit = Envoyer l'invitation
users-email = Courriel
users-role = Rôle
users-status = Statut
users-people = Utilisateurs
users-you = vous
users-who-you = { $email } (vous)
users-the-organisation = l'organisation
users-invited = Invitation envoyée à { $email } en tant { $role ->
    [admin] qu'administrateur
   *[other] qu'utilisateur normal
}.
users-invited-again = { $email } est déjà membre de l'organisation ; l'invitation a été envoyée de nouveau.
users-cancel = Annuler
users-close = Fermer
users-from-to = { $from } → { $to }
# La vérification d'un changement de rôle ou de statut : titre, question, conséquences et bouton.
users-make-admin = Nommer administrateur
users-make-admin-what = Faire de { $who } un administrateur de { $org } ?
users-make-admin-then = Les administrateurs ont les mêmes droits que le premier administrateur : banques, licences, versions de produit, utilisateurs et journal d'audit. La personne en est informée par courriel.
users-make-admin-confirm = Confirmer : nommer administrateur
users-make-admin-aria = Nommer administrateur : { $email }
users-make-member = Rendre utilisateur normal
users-make-member-what = Faire de { $who } un utilisateur normal de { $org }, qui ne sera plus administrateur ?
users-make-member-then = Les utilisateurs normaux ne voient que leurs propres licences et téléchargements. L'organisation garde au moins un administrateur actif. La personne en est informée par courriel.
users-make-member-confirm = Confirmer : rendre utilisateur normal
users-make-member-aria = Rendre utilisateur normal : { $email }
users-deactivate = Désactiver
users-deactivate-what = Désactiver { $who } ?
# $licences : « 2 licences ».
users-deactivate-then = La personne ne pourra plus utiliser le portail ; elle garde { $licences } et pourra être réactivée plus tard. Elle en est informée par courriel.
users-deactivate-confirm = Confirmer : désactiver
users-deactivate-aria = Désactiver { $email }
users-reactivate = Réactiver
users-reactivate-what = Réactiver { $who } ?
users-reactivate-then = La personne pourra de nouveau utiliser le portail, avec son rôle. Elle en est informée par courriel.
users-reactivate-confirm = Confirmer : réactiver
users-reactivate-aria = Réactiver { $email }
users-changed = { $email } est désormais { $role ->
    [admin] administrateur
   *[other] utilisateur normal
}, { $status ->
    [active] actif
    [invited] invité
   *[other] inactif
}.
# Retirer quelqu'un.
users-holds = { $email } détient { $count ->
    [one] { $n } licence qui n'a pas expiré
   *[other] { $n } licences qui n'ont pas expiré
} :
users-held-licence = { $product } { $version }, { $type }, jusqu'au { $expiry } :
# $reason : pourquoi la licence ne peut pas être retournée, en phrases.
users-held-not-returnable = ne peut pas être retournée. { $reason } La personne pourra être retirée une fois la licence expirée.
users-held-returnable = peut être retournée depuis sa page ; la personne pourra ensuite être retirée.
users-remove-title = Retirer de l'organisation
users-remove = Retirer
users-remove-aria = Retirer { $email }
# $email est en gras.
users-remove-what = Retirer { $email } ({ $role ->
    [admin] administrateur
   *[other] utilisateur normal
}) de { $org } ?
users-remove-holds = Cette personne détient { $licences } : une personne qui détient des licences non expirées ne peut pas être retirée.
users-remove-note = La personne ne pourra plus se connecter au portail. Une personne qui détient encore des licences non expirées ne peut pas être retirée.
users-removed = { $email } a été retiré de l'organisation.
# $licences : « 2 licences non expirées ».
users-still-holds = { $email } détient encore { $licences }
users-reinvite = Renvoyer l'invitation
users-reinvite-aria = Renvoyer l'invitation à { $email }
users-reinvited = L'invitation a été envoyée de nouveau à { $email }.
users-licences-held = Licences détenues
users-held-by = { $licences } { $count ->
    [one] détenue
   *[other] détenues
} par { $email }
users-last-sign-in = Dernière connexion
users-never-invited = Jamais (invité)
users-not-recorded = Non enregistrée
users-invited-on = Invité le
users-actions = Actions
users-empty = Aucun utilisateur pour l'instant.

## Les versions de produit.
versions-lead = Choisissez les versions dont vos utilisateurs voient les liens de téléchargement. Sans restriction, toutes les versions du catalogue sont disponibles.
versions-no-bank = Votre organisation n'a encore de banque d'aucun produit : il n'y a aucune version à choisir.
versions-no-products = Le catalogue n'a encore aucun produit.
# $products : « 2 autres produits ».
versions-others = { $products } du catalogue { $count ->
    [one] n'est pas affiché : votre organisation n'en a aucune banque.
   *[other] ne sont pas affichés : votre organisation n'en a aucune banque.
}
versions-restrict = Limiter les téléchargements aux versions sélectionnées
versions-on = Activé
versions-off = Désactivé
versions-legend = Versions que les utilisateurs peuvent télécharger
versions-version = Version { $version }
versions-versions = Versions
versions-restriction = Restriction
versions-save = Enregistrer
versions-saving = Enregistrement…
# $state : versions-all-available, -selected-available ou -none-available.
versions-saved = Enregistré. { $state }
versions-not-saved = Non enregistré.
versions-not-saved-yet = Pas encore enregistré.
versions-all-available = Toutes les versions sont disponibles.
versions-selected-available = Seules les versions sélectionnées sont disponibles.
versions-none-available = Aucune version n'est disponible pour les utilisateurs.
# $versions : « 22, 24 et 25.1 ».
versions-in-use = Les licences de votre organisation utilisent { $count ->
    [one] la version
   *[other] les versions
} { $versions }.
versions-none-note = Sans aucune sélection, les utilisateurs ne peuvent télécharger aucune version.
versions-hides-note = Les licences de votre organisation utilisent { $count ->
    [one] la version { $versions } : les utilisateurs qui les détiennent n'en verront plus les téléchargements.
   *[other] les versions { $versions } : les utilisateurs qui les détiennent n'en verront plus les téléchargements.
}
versions-warning-title = Enregistrer les versions autorisées de { $product } ?
versions-warning-none = Rien n'est autorisé : les utilisateurs ne verront aucun téléchargement de { $product }.
versions-warning-hidden = Les licences de votre organisation utilisent { $count ->
    [one] la version { $versions }, que les utilisateurs ne pourront plus télécharger.
   *[other] les versions { $versions }, que les utilisateurs ne pourront plus télécharger.
}
versions-save-anyway = Enregistrer quand même
versions-go-back = Revenir

## Le journal d'audit.
audit-lead = Tout ce qui a changé dans l'organisation, du plus récent au plus ancien.
audit-empty = Rien ne s'est encore passé.
audit-caption = Journal d'audit
audit-col-time = Date
audit-col-actor = Auteur
audit-col-action = Action
audit-col-subject = Objet
audit-col-credits = Crédits
audit-col-detail = Détail
audit-credits-added = { $count ->
    [one] { $n } crédit ajouté
   *[other] { $n } crédits ajoutés
}
audit-credits-used = { $count ->
    [one] { $n } crédit utilisé
   *[other] { $n } crédits utilisés
}
audit-credits-none = aucun mouvement de crédits
# Une banque nommée dans un objet ou un détail.
audit-bank = { $product } { $version } (du { $start } au { $expiry })
# Ce qui s'est passé, pour chaque action du journal.
audit-action-org_created = Organisation créée
audit-action-bank_created = Banque créée
audit-action-credits_granted = Crédits accordés
audit-action-license_generated = Licence générée
audit-action-license_renewed = Licence renouvelée
audit-action-license_returned = Licence retournée
audit-action-license_assigned = Licence assignée
audit-action-user_invited = Utilisateur invité
audit-action-user_changed = Utilisateur modifié
audit-action-user_removed = Utilisateur retiré
audit-action-version_policy_changed = Versions de produit modifiées
audit-action-bank_expired = Banque expirée
audit-action-licenses_exported = Licences exportées
audit-action-sign_in = Connexion
audit-action-invitation_declined = Invitation refusée
audit-action-invitation_released = Invitation libérée par le fournisseur de licences
audit-action-account_released = Compte de connexion libéré par le fournisseur de licences
audit-action-mail_budget_changed = Quota quotidien de courriels modifié
audit-action-account_bound = Compte de connexion lié par le fournisseur de licences
audit-action-org_renamed = Organisation renommée
audit-action-org_language_changed = Langue de l'organisation modifiée
audit-action-org_suspended = Organisation suspendue
audit-action-org_resumed = Organisation réactivée
audit-action-bank_extended = Banque prolongée
audit-action-credits_voided = Crédits annulés
audit-action-catalog_changed = Catalogue modifié
audit-action-credits_requested = Crédits demandés
audit-action-credit_request_granted = Demande de crédits accordée
audit-action-credit_request_declined = Demande de crédits refusée
audit-action-credit_request_withdrawn = Demande de crédits retirée
audit-action-machine_activated = Machine activée
audit-action-machine_released = Machine libérée
audit-action-machines_released = Machines libérées par un retour
audit-action-activation_policy_changed = Règles d'activation modifiées
audit-action-licenses_downloaded = Licences téléchargées (CSV)
audit-action-ledger_downloaded = Registre téléchargé (CSV)
audit-action-audit_downloaded = Journal d'audit téléchargé (CSV)
# Les filtres du journal, gardés dans l'adresse (#/audit?actor=&action=&bank=&license=&from=&to=).
audit-filters = Filtrer le journal d'audit
audit-filter-actor = Qui
audit-filter-actor-hint = Une adresse, ou « system » pour les tâches quotidiennes, « software » pour le logiciel.
audit-filter-action = Actions
audit-filter-action-hint = Aucune choisie : toutes les actions. Maintenez Ctrl (⌘ sur un Mac) pour en choisir plusieurs.
audit-filter-bank = Banque
audit-any-bank = Toutes les banques
audit-filter-license = Code d'activation
audit-filter-from = Du
audit-filter-to = Au
audit-filter-days-hint = Jours en UTC ; les deux jours sont inclus.
audit-apply-filters = Appliquer les filtres
audit-clear-filters = Effacer les filtres
audit-empty-filtered = Aucun événement ne correspond à ces filtres.
audit-empty-so-far = Aucun événement ne correspond à ces filtres parmi les plus récents lus. « Charger plus » remonte plus loin.
audit-csv = Télécharger le CSV
audit-csv-downloaded = { $file } téléchargé.
audit-action-credential_created = Identifiant d’API créé
audit-action-credential_revoked = Identifiant d’API révoqué
cred-lead = Les clés avec lesquelles les scripts de votre organisation appellent l’API, sans qu’une personne se connecte. Chaque clé n’agit que pour l’organisation, selon son rôle, et tout ce qu’elle modifie figure dans le journal d’audit sous son nom.
cred-create-heading = Créer un identifiant d’API
cred-roles-explained = Lecture seule : liste et lit les banques, licences, utilisateurs et le journal d’audit de l’organisation. Administrateur : génère aussi, renouvelle, retourne et attribue des licences et règle les versions de produits. Aucun des deux ne gère les personnes ni les identifiants.
cred-name = Nom
cred-role = Rôle
cred-role-read_only = Lecture seule
cred-role-admin = Administrateur
cred-create = Créer
cred-created = L’identifiant d’API « { $name } » a été créé.
cred-key-heading = La clé de « { $name } »
cred-key-once = Copiez-la maintenant : elle n’est affichée que cette fois et ne pourra plus l’être. Si elle est perdue, révoquez l’identifiant et créez-en un autre.
cred-key-use = Un script l’envoie dans l’en-tête Authorization: Bearer suivi de la clé, à l’API des scripts.
cred-copy = Copier la clé
cred-copied = Copiée
cred-copy-failed = Sélectionnez la clé pour la copier
cred-list-heading = Identifiants
cred-key-hint = Clé
cred-created-col = Créé
cred-by = par { $who }
cred-last-used = Dernière utilisation
cred-never-used = Jamais utilisé
cred-state = État
cred-active = Actif
cred-revoked-on = Révoqué
cred-actions = Actions
cred-revoke = Révoquer
cred-revoke-aria = Révoquer l’identifiant d’API { $name }
cred-revoke-title = Révoquer un identifiant d’API
cred-revoke-what = Révoquer « { $name } » ?
cred-revoke-then = Sa clé est refusée dès la requête suivante ; les scripts qui l’utilisent s’arrêtent. C’est définitif : un nouvel identifiant demande un nouveau nom.
cred-revoked = L’identifiant d’API « { $name } » a été révoqué.
cred-cancel = Annuler
cred-empty = Aucun identifiant d’API pour l’instant.

## Webhooks.
webhooks-lead = Les webhooks envoient les événements de l'organisation à vos propres systèmes : chaque livraison est une requête HTTPS POST signée avec le secret du point de terminaison. Une organisation a au plus { $max } points de terminaison.
webhooks-add-heading = Ajouter un point de terminaison
webhooks-url = URL du point de terminaison
webhooks-url-hint = Une adresse https sur un hôte public, sans nom d'utilisateur ni mot de passe.
webhooks-url-placeholder = https://hooks.studio.example/elp
webhooks-description = Description (facultative)
webhooks-events = Événements
webhooks-add-submit = Ajouter le point de terminaison
webhooks-added = { $url } ajouté.
webhooks-endpoints = Points de terminaison
webhooks-empty = Aucun point de terminaison de webhook pour l'instant.
webhooks-state = État
webhooks-state-enabled = Activé
webhooks-state-disabled = Désactivé
webhooks-state-failing = Désactivé après des échecs
webhooks-last-success = Dernier succès
webhooks-never = Jamais
webhooks-actions = Actions
webhooks-enable = Activer
webhooks-disable = Désactiver
webhooks-enable-aria = Activer { $url }
webhooks-disable-aria = Désactiver { $url }
webhooks-enabled = { $url } est activé.
webhooks-disabled = { $url } est désactivé.
webhooks-rotate = Nouveau secret
webhooks-rotate-aria = Nouveau secret pour { $url }
webhooks-delete = Supprimer
webhooks-delete-aria = Supprimer { $url }
webhooks-deleted = { $url } supprimé.
webhooks-show-deliveries = Livraisons
webhooks-show-deliveries-aria = Dernières livraisons à { $url }
webhooks-cancel = Annuler
webhooks-enable-title = Activer le point de terminaison
webhooks-enable-what = { $url } recevra de nouveau les événements auxquels il est abonné. Les événements survenus pendant sa désactivation ne sont pas envoyés.
webhooks-enable-confirm = Activer
webhooks-disable-title = Désactiver le point de terminaison
webhooks-disable-what = { $url } ne recevra plus rien jusqu'à sa réactivation ; les livraisons en attente d'une nouvelle tentative sont abandonnées.
webhooks-disable-confirm = Désactiver
webhooks-rotate-title = Remplacer le secret de signature
webhooks-rotate-what = Un nouveau secret signe désormais chaque livraison à { $url } ; l'actuel cesse aussitôt de fonctionner. Mettez à jour votre récepteur avec le nouveau secret.
webhooks-rotate-confirm = Remplacer le secret
webhooks-delete-title = Supprimer le point de terminaison
webhooks-delete-what = { $url } ne recevra plus rien, et le journal de ses livraisons disparaît avec lui.
webhooks-delete-confirm = Supprimer
webhooks-secret-title = Le secret de signature du point de terminaison
webhooks-secret-what = Les livraisons à { $url } sont signées avec ce secret. Votre récepteur vérifie avec lui l'en-tête Elp-Signature de chaque livraison.
webhooks-secret-once = Copiez-le maintenant : il n'est affiché que cette fois. S'il est perdu, remplacez-le par un nouveau secret.
webhooks-secret-done = Je l'ai copié
webhooks-deliveries-heading = Dernières livraisons à { $url }
webhooks-deliveries-caption = Livraisons, les plus récentes d'abord
webhooks-deliveries-empty = Rien n'a encore été livré à ce point de terminaison.
webhooks-col-time = Heure
webhooks-col-event = Événement
webhooks-col-status = Statut
webhooks-col-code = Réponse
webhooks-col-latency = Durée
webhooks-col-attempts = Tentatives
webhooks-col-next = Prochaine tentative
webhooks-col-error = Erreur
webhooks-no-answer = Aucune
webhooks-ms = { $ms } ms
webhooks-delivery-pending = Nouvelle tentative prévue
webhooks-delivery-delivered = Livrée
webhooks-delivery-failed = Échouée
webhooks-delivery-abandoned = Abandonnée
webhooks-event-licence-generated = Licence générée
webhooks-event-licence-renewed = Licence renouvelée
webhooks-event-licence-returned = Licence retournée
webhooks-event-licence-assigned = Licence attribuée
webhooks-event-machine-activated = Machine activée
webhooks-event-machine-released = Machine libérée
webhooks-event-bank-created = Banque créée
webhooks-event-bank-granted = Crédits accordés
webhooks-event-bank-voided = Crédits annulés
webhooks-event-bank-extended = Banque prolongée
webhooks-event-bank-expired = Banque expirée
webhooks-event-user-invited = Utilisateur invité
webhooks-event-user-changed = Utilisateur modifié
webhooks-event-user-removed = Utilisateur retiré
audit-action-webhook_created = Point de terminaison de webhook ajouté
audit-action-webhook_changed = Point de terminaison de webhook modifié
audit-action-webhook_deleted = Point de terminaison de webhook supprimé
audit-action-webhook_secret_rotated = Secret de webhook remplacé
audit-action-webhook_disabled = Point de terminaison de webhook désactivé après des échecs
