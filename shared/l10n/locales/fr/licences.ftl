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
