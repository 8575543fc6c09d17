# Les messages d'erreur de l'API. Le `code` d'une erreur ne change jamais avec la langue ;
# voici les phrases que l'on lit (`message`).

## Refus (409), par code : refusal-<code>.
refusal-insufficient-credits =
    { $remaining ->
        [one] il reste { $remaining } crédit dans la banque et cette demande en nécessite { $needed }
       *[other] il reste { $remaining } crédits dans la banque et cette demande en nécessite { $needed }
    }
refusal-bank-expired = la banque a expiré le { $expiry } ; ses crédits ne peuvent plus être utilisés
refusal-product-mismatch = la banque est pour { $bank_product }, pas pour { $requested }
refusal-license-expired = la licence a expiré le { $expiry } ; générez une nouvelle licence au lieu de la renouveler
refusal-at-bank-limit = la licence se termine déjà à la date d'expiration de sa banque ({ $bank_expiry }) et ne peut plus être renouvelée
refusal-not-assigned = la licence n'est assignée à personne : il n'y a rien à retourner
refusal-already-assigned = la licence est déjà assignée à { $email } ; retournez-la d'abord
refusal-member-of-another-organisation = { $email } appartient à une autre organisation ; cette personne doit d'abord en être retirée
refusal-last-admin = { $email } est le dernier administrateur actif de l'organisation
refusal-holds-licenses =
    { $count ->
        [one] { $email } détient encore { $count } licence non expirée
       *[other] { $email } détient encore { $count } licences non expirées
    }
refusal-quote-changed = le devis indiquait { $quoted } crédits mais la demande en coûte maintenant { $now } ; vérifiez le nouveau devis
refusal-org-suspended = l'organisation est suspendue par le fournisseur de licences ({ $reason }) ; elle peut consulter ses données mais ne rien modifier jusqu'à sa réactivation
refusal-too-many-pending = l'organisation a déjà { $max } demandes de crédits en attente auprès du fournisseur de licences ; retirez-en une ou attendez une réponse
refusal-catalog-changed = le catalogue a été modifié par quelqu'un d'autre depuis que vous l'avez lu (il est maintenant à la révision { $revision }) ; rechargez-le et refaites vos modifications
refusal-product-in-use =
    { $banks ->
        [one] { $banks } banque a été achetée pour { $product } : ce produit ne peut pas être retiré du catalogue
       *[other] { $banks } banques ont été achetées pour { $product } : ce produit ne peut pas être retiré du catalogue
    }

## Autres erreurs, par statut HTTP.
error-not-found =
    { $thing ->
        [bank] banque introuvable
        [credit-request] demande de crédits introuvable
        [invitation] invitation introuvable
        [licence] licence introuvable
        [organisation] organisation introuvable
        [product] produit introuvable
        [user] utilisateur introuvable
       *[other] introuvable
    }
error-method-not-allowed = cette méthode n'est pas permise ici
error-idempotency-key-reused = cette Idempotency-Key a déjà servi pour une autre requête
error-too-large = le corps de la requête dépasse { $bytes } octets
error-unavailable = le service est occupé ; rien n'a été modifié, veuillez réessayer
error-internal = une erreur s'est produite de notre côté ; rien n'a été modifié, veuillez réessayer
