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
        [webhook] point de terminaison de webhook introuvable
       *[other] introuvable
    }
error-method-not-allowed = cette méthode n'est pas permise ici
error-idempotency-key-reused = cette Idempotency-Key a déjà servi pour une autre requête
error-too-large = le corps de la requête dépasse { $bytes } octets
error-unavailable = le service est occupé ; rien n'a été modifié, veuillez réessayer
error-interrupted = { $done } lignes sur { $total } ont été enregistrées avant l'interruption du service ; renvoyez la même requête avec la même clé Idempotency-Key pour terminer les autres
error-internal = une erreur s'est produite de notre côté ; rien n'a été modifié, veuillez réessayer

## Champs refusés (422) : pourquoi le champ nommé par `field` est refusé, la même phrase pour
## les champs où elle est la même.
invalid-required = est obligatoire
invalid-unknown-field = n'est pas un champ de cette requête
invalid-json-object = doit être un objet JSON
invalid-type =
    { $expected ->
        [integer] doit être un nombre entier
        [number] doit être un nombre
        [text] doit être une chaîne de caractères
        [boolean] doit valoir true ou false
        [list] doit être une liste
        [object] doit être un objet
       *[other] n'est pas du type attendu
    }
invalid-variant = doit être l'une des valeurs { $expected }
invalid-value = a une valeur que cette requête ne peut pas utiliser
invalid-duplicate-field = apparaît deux fois
invalid-not-negative = ne doit pas être négatif
invalid-at-least = doit valoir au moins { $min }
invalid-at-most = doit valoir au plus { $max }
invalid-between = doit être compris entre { $min } et { $max }
invalid-whole-number = doit être un nombre entier compris entre { $min } et { $max }
invalid-too-large = est trop grand
invalid-at-least-months = doit être d'au moins { $min } mois
invalid-at-most-months = doit être d'au plus { $max } mois
invalid-length = doit compter de { $min } à { $max } caractères
invalid-at-most-characters = doit compter au plus { $max } caractères
invalid-empty = ne doit pas être vide
invalid-bulk-lines = au plus { $max } lignes par demande
invalid-bulk-duplicate = figure déjà sur une ligne précédente de cette demande
invalid-idempotency-key-required = est obligatoire pour cette demande : une nouvelle tentative avec la même clé termine ce qu'une demande interrompue a commencé
invalid-control-characters = ne doit contenir ni saut de ligne ni caractère de contrôle
invalid-control-characters-but-lines = ne doit contenir aucun caractère de contrôle autre que des sauts de ligne
invalid-id-characters = ne peut contenir que des lettres, des chiffres, « - » et « _ »
invalid-email-ascii = doit être écrite en lettres, chiffres et ponctuation ASCII
invalid-email-spaces = ne doit contenir ni espace ni caractère de contrôle
invalid-email-at = doit contenir un seul @
invalid-email-local-length = la partie avant @ doit compter de 1 à 64 caractères
invalid-email-local-characters = la partie avant @ peut contenir des lettres, des chiffres et !#$%&'*+/=?^_`{"{"}|{"}"}~.- (sans point au début, à la fin ni deux points de suite)
invalid-email-domain = le domaine doit être un nom à points fait de lettres, de chiffres et de tirets
invalid-mail-domain = doit être un domaine de messagerie comme studio.example
invalid-date-format = doit être une date écrite AAAA-MM-JJ (YYYY-MM-DD)
invalid-date-years = doit être une date comprise entre les années { $first } et { $last }
invalid-date-no-such-day = doit être un jour du calendrier : le { $date } n'existe pas
invalid-lifecycle = doit valoir pending (en attente), active (active) ou expired (expirée)
invalid-request-status = doit valoir pending (en attente), granted (accordée), declined (refusée) ou withdrawn (retirée)
invalid-status-change = ne peut être mis qu'à active (actif) ou inactive (inactif)
invalid-issuer = doit être l'URL https du fournisseur d'identité, telle que ses jetons l'écrivent dans `iss`
invalid-subject = doit compter de 1 à 255 caractères sans espace, tel que les jetons du fournisseur l'écrivent dans `sub`
invalid-same-name = est déjà le nom de l'organisation
invalid-after-start = doit être postérieure à la date de début
invalid-after-today = doit être postérieure à aujourd'hui ({ $today })
invalid-not-before-today = ne doit pas être antérieure à aujourd'hui ({ $today })
invalid-not-in-past = ne doit pas être dans le passé (nous sommes le { $today })
invalid-not-before-from = ne doit pas être antérieure à from ({ $from }) : les deux jours sont inclus
invalid-audit-action = doit être des actions du journal séparées par des virgules, comme license_generated,license_renewed : { $name } n'en est pas une
invalid-audit-actions-count = peut nommer au plus { $max } actions
invalid-audit-csv-too-large = contient plus d'événements qu'un téléchargement ne peut porter ({ $events } événements ou { $limit } octets) : les événements à partir du { $day } tiennent ; choisissez ce jour ou un jour plus tardif, ou affinez le filtre
invalid-audit-csv-day-too-large = contient plus d'événements qu'un téléchargement ne peut porter ({ $events } événements ou { $limit } octets), même le { $day } seul : affinez le filtre par auteur, action, banque ou licence
invalid-before-bank-start = ne doit pas être antérieure à la date de début de la banque ({ $start })
invalid-not-before-bank-expiry = doit être antérieure à la date d'expiration de la banque ({ $expiry })
invalid-after-bank-expiry = doit être postérieure à la date d'expiration actuelle de la banque ({ $expiry })
invalid-bank-or-product = est obligatoire sauf si product est indiqué : nommez la banque qui paie, ou le produit pour que le devis propose sa banque
invalid-renewal-bank = doit être une banque du produit et de la version de la licence ({ $version }), portable exactement si la banque de la licence l'est
invalid-renewal-bank-start = doit avoir commencé le jour où commence la nouvelle période : la banque commence le { $start }, la licence se termine le { $expiry }
invalid-no-paying-bank = aucune banque de ce produit ne peut la payer : demandez des crédits à votre fournisseur de licences
invalid-licences-per-request = au plus { $max } licences par demande
invalid-node-lock-per-request = au plus { $max } licences node lock par demande
invalid-computers-multiseat-only = seules les licences multiposte peuvent changer leur nombre d'ordinateurs au renouvellement
invalid-credits-required = est obligatoire : envoyez les crédits indiqués par le devis
invalid-version = doit être une version comme 24 ou 25.1
invalid-not-in-catalog = n'est pas dans le catalogue
invalid-no-such-version = { $product } n'a pas de version { $version } dans le catalogue
invalid-version-not-in-catalog = la version { $version } de { $product } n'est pas dans le catalogue
invalid-catalog-products = un catalogue compte au plus { $max } produits
invalid-product-twice = le produit { $product } apparaît deux fois
invalid-product-name = { $product } : le nom doit compter de 1 à 100 caractères imprimables
invalid-product-releases = un produit compte au plus { $max } versions
invalid-version-twice = la version { $version } de { $product } apparaît deux fois
invalid-one-link-per-os = { $product } { $version } : un seul lien par système d'exploitation
invalid-url = doit être une URL https sans espace ni guillemet
invalid-code-too-long = est trop long pour être un code d'activation
invalid-code-symbol = { $symbol } n'est pas utilisé dans les codes d'activation (ils n'ont ni 0, ni 1, ni I, ni O)
invalid-code-too-many = compte plus de { $count } symboles
invalid-code-length = doit compter 16 symboles, par exemple 7KQM-3XWD-RP9T-HN4C
invalid-code-check = contient une faute de frappe (son symbole de contrôle ne correspond pas)
invalid-search = doit contenir une lettre ou un chiffre d'un nom, d'une adresse, ou @ et un domaine de messagerie
invalid-license-search-empty = ne doit pas être vide : une partie d'un code d'activation ou de l'adresse d'un titulaire
invalid-license-search-dashes = doit contenir une lettre, un chiffre ou un symbole autre que des tirets et des espaces
invalid-license-sort = doit être created (les plus récentes d'abord), expiry (les plus proches de l'expiration d'abord) ou -expiry (les plus lointaines d'abord)
invalid-bank-or-new-bank = indiquez soit bank (une banque à compléter), soit new_bank (une banque à créer), pas les deux
invalid-no-bank = la demande ne nomme aucune banque : indiquez bank (une banque à compléter) ou new_bank (une banque à créer)
invalid-language = doit être l'une des langues { $known }, ou null
invalid-nothing-to-change = indiquez le nouveau rôle, le nouveau statut, ou les deux

## Conflits (409, code `conflict`) et banques dont les licences ne peuvent pas changer de main
## (`not_portable`).
conflict-invitation-accepted = { $email } a accepté l'invitation ; seuls les administrateurs de l'organisation peuvent retirer cette personne
conflict-not-bound = aucun compte de connexion n'est encore lié à { $email }
conflict-already-suspended = l'organisation est déjà suspendue
conflict-not-suspended = l'organisation n'est pas suspendue
conflict-not-accepted-yet = { $email } n'a pas encore accepté l'invitation : sa première connexion liera le compte dont elle vient
conflict-already-bound = { $email } est déjà lié à ce compte
conflict-bank-full = une banque contient au plus { $max } crédits
conflict-request-closed =
    { $status ->
        [granted] la demande de crédits { $request } a déjà été accordée
        [declined] la demande de crédits { $request } a déjà été refusée
       *[withdrawn] la demande de crédits { $request } a déjà été retirée
    }
conflict-bank-other-org = la banque { $bank } appartient à une autre organisation que la demande
conflict-request-changed = la demande de crédits a changé entre-temps ; rechargez-la
conflict-credential-revoked = l'identifiant d'API « { $name } » est déjà révoqué
conflict-credential-name-taken = un identifiant d'API de l'organisation s'appelle déjà « { $name } » (les identifiants révoqués gardent leur nom) ; choisissez un autre nom
conflict-too-many-credentials = l'organisation a déjà { $max } identifiants d'API actifs ; révoquez-en un d'abord
invalid-credential-name-control = ne doit pas contenir de caractères de contrôle (sauts de ligne, tabulations)
invalid-credential-role = doit valoir read_only ou admin
conflict-requests-changed = les demandes de crédits de l'organisation ont changé entre-temps ; rechargez-les
conflict-bank-requested-changed = les crédits demandés de la banque ont changé entre-temps ; rechargez-la
conflict-policy-changed = la politique des versions de produit a été modifiée au même moment ; relisez-la
conflict-already-member = { $email } est déjà membre de cette organisation
conflict-user-changed = { $email } a été modifié par quelqu'un d'autre entre-temps ; rechargez et réessayez
conflict-no-longer-member = { $email } n'est plus membre de cette organisation
conflict-accepted-meanwhile = { $email } a accepté l'invitation entre-temps
conflict-user-changed-or-licensed = { $email } a été modifié ou a reçu une licence entre-temps ; rechargez et réessayez
conflict-licence-changed = la licence a changé pendant cette requête ; rechargez-la et réessayez
conflict-bank-changed = la banque a changé pendant cette requête ; rechargez-la et réessayez
not-portable-version = les licences de cette banque (version { $version }) ne peuvent être ni retournées ni réassignées : il faut une banque utilisant la version { $since } ou ultérieure du produit
not-portable-bank = cette banque n'est pas configurée avec des licences portables : ses licences ne peuvent être ni retournées ni réassignées

## Requêtes malformées (400) et corps qui ne sont pas du JSON (415).
bad-request-path = le chemin n'est pas en UTF-8 valide
bad-request-idempotency-key = l'en-tête Idempotency-Key doit compter de 1 à 128 caractères ASCII visibles
bad-request-if-match = l'en-tête If-Match doit être l'ETag de ce que vous avez lu : une révision entre guillemets, comme "7"
bad-request-no-body = la requête nécessite un corps JSON
bad-request-not-json = le corps n'est pas du JSON valide (ligne { $line }, colonne { $column })
bad-request-cursor = le curseur n'est pas valide pour cette liste
unsupported-not-json = envoyez le corps en application/json

## Connexion (401) et ce qu'une personne ne peut pas faire (403).
unauthenticated-sign-in = connectez-vous pour utiliser le portail
unauthenticated-no-subject = le jeton n'a pas de sujet
unauthenticated-no-issuer = le jeton n'a pas d'émetteur
unauthenticated-email-not-verified = l'adresse e-mail de ce compte n'est pas vérifiée ; vérifiez-la auprès de votre fournisseur d'identité, puis reconnectez-vous
unauthenticated-email-verified-missing = le jeton ne dit pas que son adresse e-mail est vérifiée (email_verified)
unauthenticated-no-email = le jeton ne contient aucune adresse e-mail
unauthenticated-bad-email = l'adresse e-mail du jeton n'est pas utilisable
forbidden-operators-only = seuls les opérateurs de l'éditeur peuvent faire ceci
forbidden-credential-route = un identifiant d'API ne peut pas faire ceci : les personnes gèrent les utilisateurs, les identifiants, les exports et les demandes de crédits
forbidden-credential-read-only = cet identifiant d'API est en lecture seule ; il faut un identifiant administrateur pour modifier
forbidden-people-only = seule une personne connectée peut faire ceci, pas un identifiant d'API
unauthenticated-key-unknown = la clé d'API est inconnue ; vérifiez qu'elle a été copiée en entier
unauthenticated-key-revoked = la clé d'API a été révoquée ; demandez-en une nouvelle à un administrateur
unauthenticated-key-malformed = l'en-tête Authorization ne contient pas de clé d'API (Bearer elp_...)
forbidden-admins-only = seuls les administrateurs de l'organisation peuvent faire ceci
forbidden-not-a-member = vous n'êtes membre d'aucune organisation de ce portail ; demandez une invitation à votre administrateur
forbidden-invitation-expired = votre invitation a expiré le { $expiry } ; demandez à un administrateur de l'organisation de vous inviter à nouveau
forbidden-inactive = votre compte est inactif ; demandez à un administrateur de votre organisation de le réactiver
forbidden-no-longer-member = vous n'êtes plus membre de cette organisation
forbidden-other-account = cette adresse e-mail appartient à un membre qui se connecte avec un autre compte ; connectez-vous avec ce compte, ou demandez à votre fournisseur de licences de le libérer

## Limites (429), par code.
limited-rate =
    { $whose ->
        [organisation] les requêtes de votre organisation dépassent la limite du portail pour cette minute ; réessayez dans { seconds }
       *[caller] vos requêtes dépassent la limite du portail pour cette minute ; réessayez dans { seconds }
    }
limited-mail-budget = l'organisation a envoyé ses { $budget } e-mails du jour ; celui-ci pourra partir demain (UTC)
limited-export = un export des licences de l'organisation a été demandé il y a moins de { minutes } ; il arrive par e-mail
limited-invitation = une invitation a été envoyée à { $email } il y a moins de { minutes } ; elle pourra être renvoyée ensuite

## L'activation : ce qui est dit au logiciel de l'éditeur (`activation-<code>`).
invalid-fingerprint = doit compter de { $min } à { $max } lettres, chiffres, points, tirets bas, deux-points ou tirets (l'empreinte de la machine)
activation-not-yet-valid = la licence commence le { $start } ; elle ne peut pas être utilisée avant
activation-expired = la licence a pris fin le { $expiry } ; renouvelez-la dans le portail pour l'utiliser de nouveau
activation-no-seat = toutes les places de la licence sont prises ({ $seats ->
        [one] { $seats } machine
       *[other] { $seats } machines
    } à la fois) ; libérez-en une dans le portail ou demandez-en davantage
activation-not-activated = cette machine n'est pas activée sur la licence (elle a été libérée, ou la licence a été retournée) : activez-la de nouveau
activation-seat-withdrawn = la licence permet désormais { $seats ->
        [one] { $seats } ordinateur
       *[other] { $seats } ordinateurs
    } et la place de cette machine n'en fait plus partie : activez-la de nouveau
activation-lease-expired = le bail de la place a expiré : réservez de nouveau une place
activation-wrong-use = { $type ->
        [floating] une licence flottante prête des places : réservez une place
       *[other] seules les licences flottantes prêtent et empruntent des places : activez la machine
    }
activation-too-many-releases = les machines de la licence ont été libérées { $max } fois au cours des { $days } derniers jours, le maximum permis ; la prochaine libération sera possible le { $next }
activation-borrow-too-long = une place peut être empruntée de 1 à { $max } jours
activation-unknown-license = aucune licence n'a ce code d'activation
limited-activation =
    { $whose ->
        [code] les demandes d'activation de cette licence dépassent leur limite pour cette minute ; réessayez dans { seconds }
       *[source] les demandes d'activation de cette adresse dépassent leur limite pour cette minute ; réessayez dans { seconds }
    }

## Webhooks.
invalid-webhook-url = doit être une URL absolue comme https://hooks.studio.example/elp
invalid-webhook-url-length = doit compter au plus { $max } caractères
invalid-webhook-url-https = doit être une URL https
invalid-webhook-url-credentials = ne doit contenir ni nom d'utilisateur ni mot de passe (les livraisons sont signées)
invalid-webhook-url-fragment = ne doit pas avoir de fragment (#...)
invalid-webhook-url-private = doit désigner un hôte public : les adresses privées, de bouclage et de liaison locale ne sont pas joignables depuis le portail
invalid-webhook-no-events = doit nommer au moins un type d'événement
invalid-webhook-event-type = nomme { $type }, qui n'est pas un type d'événement ; les types sont { $types }
conflict-too-many-webhooks = l'organisation a déjà { $max } points de terminaison de webhook ; supprimez-en un d'abord
conflict-webhook-changed = le point de terminaison de webhook a changé entre-temps ; rechargez-le
