# Les courriels que reçoivent les personnes : objets, phrases et libellés. Une valeur venue d'une
# personne (un nom, une adresse, une note) est un argument, jamais une partie d'un message.

## Les mots de tous les courriels.
mail-hello = Bonjour,
# Un libellé et sa valeur sur une ligne : « Produit : Harmony Premium ».
mail-line = { $label } : { $value }
# Un libellé au-dessus d'une liste : « Téléchargements : ».
mail-heading = { $label } :
mail-portal = Le portail : { $url }
mail-open-portal = Ouvrir le portail
mail-licences-listed = Vos licences sont toujours répertoriées dans « Gérer l'espace de travail » sur { $url }.
mail-your-organisation = votre organisation
# Qui signe ce que fait le personnel du fournisseur de licences.
mail-provider = Votre fournisseur de licences
mail-product-version = { $product } (version { $version })
mail-label-product = Produit
mail-label-request = Demande
mail-label-credits = Crédits

## Une invitation.
mail-invitation-subject = { $inviter } vous invite à rejoindre { $org } sur le portail de licences d'entreprise
mail-invitation-intro =
    { $role ->
        [admin] { $inviter } vous invite à rejoindre { $org } sur le portail de licences d'entreprise en tant qu'administrateur.
       *[member] { $inviter } vous invite à rejoindre { $org } sur le portail de licences d'entreprise en tant qu'utilisateur normal.
    }
mail-invitation-sign-in = Connectez-vous sur { $url } avec cette adresse courriel ({ $to }). Si vous n'avez pas encore de compte, choisissez « S'inscrire » sur la page de connexion et utilisez cette adresse.
mail-invitation-button = Se connecter au portail
mail-invitation-address = Utilisez cette adresse courriel ({ $to }). Vous n'avez pas encore de compte ? Choisissez « S'inscrire » sur la page de connexion avec cette adresse.
mail-invitation-purpose =
    { $role ->
        [admin] En tant qu'administrateur, vous pourrez consulter les banques de crédits de l'organisation, générer et renouveler des licences, et inviter votre équipe.
       *[member] Après avoir ouvert une session, vous trouverez dans « Gérer l'espace de travail » les licences qui vous ont été attribuées, leurs codes d'activation et les liens de téléchargement des logiciels.
    }
mail-invitation-open = Cette invitation est valable jusqu'au { $expires } (elle expire ce jour-là). Si vous ne souhaitez pas rejoindre l'organisation, déclinez-la : { $link }
mail-invitation-open-html = Cette invitation est valable jusqu'au { $expires } (elle expire ce jour-là). Elle ne vous concerne pas ? { $decline }.
mail-invitation-decline = Décliner l'invitation
mail-invitation-unexpected = Si vous n'attendiez pas cette invitation, vous pouvez ignorer ce message.

## Une licence générée, renouvelée ou assignée.
mail-license-subject =
    { $event ->
        [renewed] Votre licence { $product } a été renouvelée
       *[other] Votre licence { $product }
    }
mail-license-headline =
    { $event ->
        [renewed] Votre licence a été renouvelée.
        [assigned] Une licence vous a été assignée.
       *[other] Une licence vous a été attribuée.
    }
mail-license-label-kind = Type de licence
mail-license-kind =
    { $type ->
        [node-lock] node lock (un ordinateur par code d'activation)
        [multiseat]
            { $computers ->
                [one] multiposte, pour { $computers } ordinateur
               *[other] multiposte, pour { $computers } ordinateurs
            }
       *[floating]
            { $computers ->
                [one] licence flottante, { $computers } poste simultané
               *[other] licence flottante, { $computers } postes simultanés
            }
    }
mail-license-label-codes =
    { $count ->
        [one] Code d'activation
       *[other] Codes d'activation
    }
mail-license-label-current = Période en cours
mail-license-label-next = Période suivante
mail-license-current = du { $from } au { $until } (elle expire ce jour-là), { $computers }
mail-license-next = du { $from } au { $until }, { $computers }
mail-license-computers =
    { $type ->
        [floating]
            { $count ->
                [one] { $count } poste simultané
               *[other] { $count } postes simultanés
            }
       *[other]
            { $count ->
                [one] { $count } ordinateur
               *[other] { $count } ordinateurs
            }
    }
mail-license-no-downloads = Votre organisation n'a encore rendu aucun téléchargement disponible pour ce produit.
mail-license-label-downloads = Téléchargements
mail-license-download =
    { $licensed ->
        [yes] { $product } { $version } (la version de votre licence) pour { $os }
       *[no] { $product } { $version } pour { $os }
    }
mail-license-licensed = (la version de votre licence)

## Une licence retournée : la personne qui la détenait.
mail-returned-subject = La licence { $code } a été retournée
mail-returned-body = Un administrateur de votre organisation a retourné la licence { $code } qui vous était assignée. Elle peut désormais être assignée à quelqu'un d'autre, et vous ne pouvez plus l'utiliser.

## Un export envoyé par courriel.
mail-export-subject = Votre export des licences du { $day }
mail-export-body = Vous trouverez ci-joint l'export demandé : toutes les licences de votre organisation, actives, en attente et expirées, au { $day } ({ $size }).
mail-export-link-body = L'export demandé est trop volumineux pour être joint : toutes les licences de votre organisation, actives, en attente et expirées, au { $day } ({ $size }). Téléchargez-le avec ce lien, valable jusqu'au { $until } : { $url }
    Passé ce délai, demandez un nouvel export depuis le portail.
mail-export-until = { $day } à { $time } UTC
mail-export-size =
    { $gzip ->
        [yes]
            { $bytes ->
                [one] { $bytes } octet de CSV, compressé avec gzip
               *[other] { $bytes } octets de CSV, compressés avec gzip
            }
       *[no]
            { $bytes ->
                [one] { $bytes } octet de CSV
               *[other] { $bytes } octets de CSV
            }
    }

## Une banque expirée avec des crédits restants.
mail-bank-expired-subject =
    { $forfeited ->
        [one] Une banque { $product } a expiré : { $forfeited } crédit non utilisé est perdu
       *[other] Une banque { $product } a expiré : { $forfeited } crédits non utilisés sont perdus
    }
mail-bank-expired-body =
    { $forfeited ->
        [one] La banque { $id } de { $product } (version { $version }) de votre organisation a expiré le { $expiry }. { $forfeited } crédit non utilisé est perdu ; les licences déjà générées à partir de cette banque conservent leurs dates.
       *[other] La banque { $id } de { $product } (version { $version }) de votre organisation a expiré le { $expiry }. { $forfeited } crédits non utilisés sont perdus ; les licences déjà générées à partir de cette banque conservent leurs dates.
    }
mail-bank-expired-next = Pour continuer à générer des licences, demandez une nouvelle banque à votre fournisseur de licences.

## Une banque avec des crédits non utilisés expire bientôt.
mail-bank-expiring-subject =
    { $remaining ->
        [one] { $remaining } crédit { $product } expire
       *[other] { $remaining } crédits { $product } expirent
    } { $days ->
        [one] dans { $days } jour
       *[other] dans { $days } jours
    }
mail-bank-expiring-body =
    La banque { $id } de { $product } (version { $version }) de votre organisation expire le { $expiry } ({ $days ->
        [one] dans { $days } jour
       *[other] dans { $days } jours
    }) avec { $remaining ->
        [one] { $remaining } crédit non utilisé
       *[other] { $remaining } crédits non utilisés
    }. Une fois la date d'expiration passée, les crédits non utilisés sont perdus.
mail-bank-expiring-use = Pour les utiliser, générez ou renouvelez des licences à partir de cette banque dans le portail avant cette date : { $url }
mail-bank-expiring-limit = N'oubliez pas que la date d'expiration de la banque est la limite supérieure de toute licence qui en est tirée.

## Une demande de crédits, dans la boîte du fournisseur de licences.
mail-credits-requested-subject =
    { $credits ->
        [one] { $org } demande { $credits } crédit { $product }
       *[other] { $org } demande { $credits } crédits { $product }
    }
mail-credits-requested-intro =
    { $credits ->
        [one] { $by } de { $org } demande { $credits } crédit de { $product }.
       *[other] { $by } de { $org } demande { $credits } crédits de { $product }.
    }
mail-credits-requested-label-org = Organisation
mail-credits-requested-label-for = Pour
mail-credits-requested-label-start = Début souhaité
mail-credits-requested-label-note = Note
mail-credits-requested-new-bank = une nouvelle banque
mail-credits-requested-top-up = la banque { $bank } (ajout de crédits)
mail-credits-requested-asap = dès que possible
mail-credits-requested-no-note = (aucune)
mail-credits-requested-answer = Accordez-la ou refusez-la depuis la console du fournisseur de licences (les demandes de crédits en attente de { $url }).

## Une demande de crédits accordée.
mail-credits-granted-subject =
    { $granted ->
        [one] { $granted } crédit { $product } a été accordé
       *[other] { $granted } crédits { $product } ont été accordés
    }
mail-credits-granted-body =
    { $granted ->
        [one] Votre fournisseur de licences a accordé { $granted } crédit de { $product }{ $asked } à la banque { $id } (version { $version }, du { $start } au { $expiry }).
       *[other] Votre fournisseur de licences a accordé { $granted } crédits de { $product }{ $asked } à la banque { $id } (version { $version }, du { $start } au { $expiry }).
    }
# Dit après le produit quand moins a été accordé que demandé, avec son espace initiale.
mail-credits-granted-asked = { " " }(vous en aviez demandé { $asked })
mail-credits-granted-figures =
    La banque compte désormais { $total ->
        [one] { $total } crédit accordé
       *[other] { $total } crédits accordés
    }, dont { $used ->
        [one] { $used } utilisé
       *[other] { $used } utilisés
    }, et { $remaining ->
        [one] { $remaining } restant
       *[other] { $remaining } restants
    }.
mail-credits-granted-label-granted = Accordés
mail-credits-granted-label-used = Utilisés
mail-credits-granted-label-remaining = Restants

## Une demande de crédits refusée.
mail-credits-declined-subject =
    { $credits ->
        [one] Votre demande de { $credits } crédit { $product } a été refusée
       *[other] Votre demande de { $credits } crédits { $product } a été refusée
    }
mail-credits-declined-body =
    { $credits ->
        [one] Votre fournisseur de licences a refusé la demande { $id } de { $credits } crédit de { $product }.
       *[other] Votre fournisseur de licences a refusé la demande { $id } de { $credits } crédits de { $product }.
    }
mail-credits-declined-label-reason = Motif
mail-credits-declined-no-reason = aucun motif indiqué
mail-credits-declined-next = Aucun crédit n'a été ajouté à vos banques. Pour toute question, contactez votre fournisseur de licences.

## Le rôle ou le statut d'une personne a changé.
mail-access-subject = Votre accès à { $org } a changé
mail-access-body = Dans { $org }, { $what }.
mail-access-role =
    vous êtes désormais { $after ->
        [admin] administrateur
       *[member] utilisateur normal
    } (vous étiez { $before ->
        [admin] administrateur
       *[member] utilisateur normal
    })
mail-access-status =
    { $status ->
        [inactive] votre compte a été désactivé
        [active] votre compte est de nouveau actif
       *[invited] votre invitation est de nouveau ouverte
    }
mail-access-both = { $role }, et { $status }
mail-access-meaning =
    { $now ->
        [inactive] Vous ne pouvez plus vous connecter au portail ; les licences qui vous ont été attribuées restent valables. Si vous pensez qu'il s'agit d'une erreur, adressez-vous à un administrateur de l'organisation.
        [admin] Dans « Gérer l'organisation », vous pouvez gérer les banques, les licences, les versions de produit et les utilisateurs de l'organisation.
       *[member] Dans « Gérer l'espace de travail », vous voyez vos propres licences et leurs téléchargements.
    }

## Un point de terminaison de webhook désactivé après une journée d'échecs.
mail-webhook-disabled-subject = Un point de terminaison de webhook de { $org } a été désactivé
mail-webhook-disabled-body = Toutes les livraisons au point de terminaison de webhook { $url } échouent depuis le { $since } : il ne reçoit plus d'événements.
mail-webhook-disabled-next = Vérifiez le récepteur et ses dernières livraisons sur la page Webhooks, puis réactivez le point de terminaison.
