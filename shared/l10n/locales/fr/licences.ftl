# Ce que disent les vues des licences en plus des refus : ce qu'un administrateur peut faire à
# la place d'une action qu'une licence n'offre pas (les conseils de `why_not`).

hint-not-portable = Retourner et réassigner une licence demandent une banque portable de la version 25.1 ou ultérieure du produit ; pour que la banque de cette licence devienne portable, contactez le service d'assistance de votre fournisseur de licences.
hint-at-bank-limit = Générez une nouvelle licence depuis une banque qui dure plus longtemps, ou demandez des crédits à votre fournisseur de licences.
hint-license-expired = Une licence expirée n'est pas renouvelée : générez une nouvelle licence depuis une banque qui a des crédits.
hint-bank-expired = Générez une nouvelle licence depuis une autre banque, ou demandez des crédits à votre fournisseur de licences.

## Le tableau de bord : une banque qui expire bientôt avec des crédits non utilisés.
warning-bank-expiring = { $product } { $version } expire dans { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } (le { $expiry }) avec { $unused ->
        [one] { $unused } crédit non utilisé
       *[other] { $unused } crédits non utilisés
    }

## Les réponses de l'export (202) : le CSV part par courriel.
export-emailed = L'export est envoyé par courriel à { $email }.
export-too-large = L'export dépasse { $limit } octets, plus qu'un téléchargement ne peut porter ; il est envoyé par courriel à { $email } à la place.

## La prévision : les crédits d'une banque (ou d'un produit) au rythme actuel de l'organisation,
## chaque licence renouvelée comme sa dernière période.
forecast-lost = À votre rythme actuel, { $lost ->
        [one] { $lost } crédit sera perdu
       *[other] { $lost } crédits seront perdus
    } le { $expiry }
forecast-all-used = À votre rythme actuel, tous les crédits seront utilisés avant l'expiration de la banque le { $expiry }
forecast-run-out = À votre rythme actuel, les crédits seront épuisés en { $month }, avant l'expiration de la banque le { $expiry }
forecast-product-lost = À votre rythme actuel, { $lost ->
        [one] { $lost } crédit sera perdu
       *[other] { $lost } crédits seront perdus
    } à l'expiration des banques, le premier le { $expiry }
forecast-product-run-out = À votre rythme actuel, les crédits d'une banque seront épuisés en { $month }
forecast-product-all-used = À votre rythme actuel, tous les crédits seront utilisés avant l'expiration de leur banque

## Le registre d'une banque : chaque mouvement de ses crédits en mots (son CSV).
ledger-movement-bank-created = Banque créée
ledger-movement-credits-granted = Crédits accordés
ledger-movement-credit-request-granted = Demande de crédits accordée
ledger-movement-license-generated = Licences générées
ledger-movement-license-renewed = Licence renouvelée
ledger-movement-credits-voided = Crédits annulés
ledger-movement-bank-expired = Crédits non utilisés perdus à l'expiration
ledger-movement-bank-extended = Expiration prolongée
ledger-movement-other = Autre changement
