# Les banques de crédits et les demandes de crédits d'une organisation ; refuser une invitation.

## Les banques.
banks-lead = Les crédits achetés auprès de votre fournisseur, par produit et par version.
banks-refresh = Actualiser
banks-refreshing = Actualisation…
banks-updated = Mis à jour à { $time }.
banks-refresh-failed = Certaines banques n'ont pas pu être actualisées ({ $time }).
banks-empty = Votre organisation n'a encore aucune banque de crédits. Demandez des crédits à votre fournisseur avec « Demander des crédits ».
banks-product = Produit
banks-view-licences = Voir les licences
banks-view-ledger = Registre
banks-view-history = Historique
banks-purchased = Achetés
banks-requested = Demandés
banks-granted-col = Accordés
banks-used = Utilisés
banks-remaining = Restants
banks-start = Début
banks-expiry = Expiration
banks-version = Version
banks-portable = Portable
banks-yes = Oui
banks-no = Non
banks-status = Statut
banks-forfeited = { $n } perdus
banks-forecast = Au rythme actuel
banks-no-forecast = Plus rien à utiliser
banks-status-pending = En attente
banks-status-active = Active
banks-status-expired = Expirée
banks-status-granted = Accordée
banks-status-declined = Refusée
banks-status-withdrawn = Retirée
banks-bank-label = { $product } { $version }, du { $start } au { $expiry }
banks-bank-name = la banque { $version } du { $start } au { $expiry }
banks-bank-id = la banque { $id }
banks-close = Fermer

## Demander des crédits.
banks-request = Demander des crédits
banks-a-new-bank = Une nouvelle banque
banks-top-up-option = Compléter : { $bank } ({ $remaining } restants)
banks-top-up = Compléter : { $bank }
banks-note-count = { $count ->
    [one] { $n } caractère sur { $max }
   *[other] { $n } caractères sur { $max }
}
banks-review-request = Vérifier la demande
banks-cancel = Annuler
banks-note-label = Note pour votre fournisseur de licences (facultatif)
banks-note-hint = À quoi servent les crédits, un numéro de bon de commande…
banks-request-intro = Votre fournisseur de licences est prévenu aussitôt et répond par courriel. Les crédits demandés ne peuvent pas être utilisés avant d'être accordés.
banks-bank = Banque
banks-bank-hint = Complétez l'une de vos banques de ce produit, ou demandez une nouvelle banque.
banks-credits = Crédits
banks-credits-hint = 1 crédit = un mois de licence pour un ordinateur. Au plus { $max }.
banks-start-label = Début souhaité (facultatif)
banks-start-hint = Quand vous souhaitez les utiliser ; aujourd'hui ou plus tard.
banks-wished-start = Début souhaité
banks-note = Note
banks-credits-invalid = doit être un nombre entier de 1 à { $max }
banks-review-confirm = Vérifier et confirmer
banks-change = Modifier
banks-confirm-ask = { $count ->
    [one] Confirmer : demander { $n } crédit
   *[other] Confirmer : demander { $n } crédits
}
banks-for = Pour
banks-asap = Dès que possible
banks-no-note = Aucune note
banks-review-top-up-note = Tant que la demande n'a pas de réponse, la banque affiche ces crédits comme demandés.
banks-review-new-note = Votre fournisseur de licences crée la banque lorsqu'il accorde la demande.
banks-request-sent = Demande envoyée
banks-request-sent-text = { $count ->
    [one] Votre demande de { $n } crédit de { $product } a été envoyée à votre fournisseur de licences. Vous serez prévenu par courriel de sa réponse.
   *[other] Votre demande de { $n } crédits de { $product } a été envoyée à votre fournisseur de licences. Vous serez prévenu par courriel de sa réponse.
}
banks-done = Terminé
banks-asked = { $count ->
    [one] { $n } crédit de { $product } demandé.
   *[other] { $n } crédits de { $product } demandés.
}

## Les demandes de crédits.
banks-requests = Demandes de crédits
banks-withdraw-title = Retirer la demande
banks-keep-it = La garder
banks-withdraw-question = { $count ->
    [one] Retirer la demande de { $n } crédit de { $product } ?
   *[other] Retirer la demande de { $n } crédits de { $product } ?
}
banks-withdraw-note = Votre fournisseur de licences n'y répondra plus. Vous pourrez en refaire une plus tard.
banks-withdrew = { $count ->
    [one] Demande de { $n } crédit retirée.
   *[other] Demande de { $n } crédits retirée.
}
banks-granted = { $count ->
    [one] { $n } crédit accordé
   *[other] { $n } crédits accordés
}
banks-granted-to = { $count ->
    [one] { $n } crédit accordé dans { $bank }
   *[other] { $n } crédits accordés dans { $bank }
}
banks-declined = Refusée :
banks-waiting = En attente de votre fournisseur de licences
banks-requests-loading = Chargement des demandes de crédits…
banks-requests-empty = Aucune demande de crédits pour l'instant.
banks-asked-on = Demandée le
banks-top-up-of = Compléter { $bank }
banks-new-bank = Nouvelle banque
banks-decision = Décision
banks-actions = Actions
banks-withdraw-aria = { $count ->
    [one] Retirer la demande de { $n } crédit
   *[other] Retirer la demande de { $n } crédits
}
banks-withdraw = Retirer
banks-withdrawn-done = Retirée : plus rien à faire
banks-answered-done = Traitée : plus rien à faire

## Refuser une invitation (depuis le lien du courriel d'invitation).
decline-title = Refuser l'invitation
decline-incomplete = Ce lien est incomplet. Ouvrez à nouveau le lien du courriel d'invitation, ou ignorez l'invitation : elle expire d'elle-même.
decline-keep = La garder et se connecter
decline-done = Vous avez refusé l'invitation. { $email } n'est pas membre de l'organisation, et plus rien ne sera envoyé à ce sujet.
decline-gone = Cette invitation ne peut plus être refusée : elle a déjà été acceptée, refusée ou retirée, ou le lien n'est pas le dernier envoyé.
decline-sent-to = Une invitation au Portail de licences entreprise a été envoyée à { $email }.
decline-explain = Si vous ne souhaitez pas rejoindre l'organisation, refusez-la : l'adresse est libérée et les administrateurs de l'organisation voient que vous avez refusé. Si vous souhaitez la rejoindre, connectez-vous plutôt avec cette adresse.

## Le registre d'une banque (#/banks/<id>/ledger).
ledger-bank = { $product } { $version }, du { $start } au { $expiry }
ledger-title = Registre de { $bank }
ledger-lead = Chaque mouvement des crédits de cette banque, du plus ancien au plus récent, avec ce que la banque pouvait encore utiliser après lui.
ledger-caption = Mouvements de { $bank }
ledger-col-movement = Mouvement
ledger-col-balance = Solde après
ledger-remaining = Crédits restants
ledger-used = Crédits utilisés pour des licences
ledger-empty = Aucun mouvement pour le moment.
ledger-csv = Télécharger le registre (CSV)
ledger-downloaded = { $file } téléchargé.
ledger-back = Retour aux banques de crédits
ledger-back-org = Retour à l'organisation
