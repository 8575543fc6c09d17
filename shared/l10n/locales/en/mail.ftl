# The mail people receive: subjects, sentences and labels. A value that came from a person
# (a name, an address, a note) is an argument, never part of a message.

## Words every mail uses.
mail-hello = Hello,
# A label and its value on one line: "Product: Harmony Premium".
mail-line = { $label }: { $value }
# A label over a list: "Downloads:".
mail-heading = { $label }:
mail-portal = The portal: { $url }
mail-open-portal = Open the portal
mail-licences-listed = Your licences are always listed at { $url }.
mail-your-organisation = your organisation
# Who signs what the licence provider's staff do.
mail-provider = Your licence provider
mail-product-version = { $product } (version { $version })
mail-label-product = Product
mail-label-request = Request
mail-label-credits = Credits

## An invitation.
mail-invitation-subject = { $inviter } invited you to { $org } on the Enterprise License Portal
mail-invitation-intro =
    { $role ->
        [admin] { $inviter } invited you to join { $org } on the Enterprise License Portal as an administrator.
       *[member] { $inviter } invited you to join { $org } on the Enterprise License Portal as a member.
    }
mail-invitation-sign-in = Sign in at { $url } with this email address ({ $to }). If you do not have an account yet, choose "Sign up" on the sign-in page and use this address.
mail-invitation-button = Sign in to the portal
mail-invitation-address = Use this email address ({ $to }). No account yet? Choose "Sign up" on the sign-in page with this address.
mail-invitation-purpose =
    { $role ->
        [admin] As an administrator you can see the organisation's credit banks, generate and renew licences, and invite your team.
       *[member] Once signed in you will find the licences assigned to you, their activation codes and the software downloads.
    }
mail-invitation-open = This invitation is open until { $expires } (it lapses on that day). If you do not want to join, decline it: { $link }
mail-invitation-open-html = This invitation is open until { $expires } (it lapses on that day). Not for you? { $decline }.
mail-invitation-decline = Decline the invitation
mail-invitation-unexpected = If you did not expect this invitation, you can ignore this message.

## A licence generated, renewed or assigned.
mail-license-subject =
    { $event ->
        [renewed] Your { $product } licence was renewed
       *[other] Your { $product } licence
    }
mail-license-headline =
    { $event ->
        [renewed] Your licence was renewed.
       *[other] A licence was assigned to you.
    }
mail-license-label-kind = Licence
mail-license-kind =
    { $type ->
        [node-lock] node-lock (one computer per code)
        [multiseat]
            { $computers ->
                [one] multiseat, for { $computers } computer
               *[other] multiseat, for { $computers } computers
            }
       *[floating]
            { $computers ->
                [one] floating, { $computers } concurrent seat
               *[other] floating, { $computers } concurrent seats
            }
    }
mail-license-label-codes =
    { $count ->
        [one] Activation code
       *[other] Activation codes
    }
mail-license-label-current = Current term
mail-license-label-next = Next term
mail-license-current = from { $from } until { $until } (it expires on that day), { $computers }
mail-license-next = from { $from } until { $until }, { $computers }
mail-license-computers =
    { $type ->
        [floating]
            { $count ->
                [one] { $count } concurrent seat
               *[other] { $count } concurrent seats
            }
       *[other]
            { $count ->
                [one] { $count } computer
               *[other] { $count } computers
            }
    }
mail-license-no-downloads = Your organisation has not made any download available for this product yet.
mail-license-label-downloads = Downloads
mail-license-download =
    { $licensed ->
        [yes] { $product } { $version } (your licence's version) for { $os }
       *[no] { $product } { $version } for { $os }
    }
mail-license-licensed = (your licence's version)

## A licence returned: its former holder.
mail-returned-subject = Licence { $code } was returned
mail-returned-body = An administrator of your organisation returned the licence { $code } that was assigned to you. It can be assigned to someone else now, and you can no longer use it.

## An emailed export.
mail-export-subject = Your licence export of { $day }
mail-export-body = Attached is the export you asked for: every licence of your organisation, active, pending and expired, as of { $day } ({ $size }).
mail-export-link-body = The export you asked for is too large to attach: every licence of your organisation, active, pending and expired, as of { $day } ({ $size }). Download it from this link, which works until { $until }: { $url }
    After that, ask for a new export from the portal.
mail-export-until = { $day } at { $time } UTC
mail-export-size =
    { $gzip ->
        [yes]
            { $bytes ->
                [one] { $bytes } byte of CSV, compressed with gzip
               *[other] { $bytes } bytes of CSV, compressed with gzip
            }
       *[no]
            { $bytes ->
                [one] { $bytes } byte of CSV
               *[other] { $bytes } bytes of CSV
            }
    }

## A bank expired with credits left.
mail-bank-expired-subject =
    { $forfeited ->
        [one] A { $product } bank expired: { $forfeited } unused credit was lost
       *[other] A { $product } bank expired: { $forfeited } unused credits were lost
    }
mail-bank-expired-body =
    { $forfeited ->
        [one] The { $product } (version { $version }) bank { $id } of your organisation expired on { $expiry }. Its { $forfeited } unused credit was forfeited; licences already generated from it keep their dates.
       *[other] The { $product } (version { $version }) bank { $id } of your organisation expired on { $expiry }. Its { $forfeited } unused credits were forfeited; licences already generated from it keep their dates.
    }
mail-bank-expired-next = To keep generating licences, ask your licence provider for a new bank.

## A bank with unused credits expires soon.
mail-bank-expiring-subject =
    { $remaining ->
        [one] { $remaining } { $product } credit expires
       *[other] { $remaining } { $product } credits expire
    } { $days ->
        [one] in { $days } day
       *[other] in { $days } days
    }
mail-bank-expiring-body =
    The { $product } (version { $version }) bank { $id } of your organisation expires on { $expiry } ({ $days ->
        [one] in { $days } day
       *[other] in { $days } days
    }) with { $remaining ->
        [one] { $remaining } unused credit
       *[other] { $remaining } unused credits
    }. Unused credits are lost when a bank expires.
mail-bank-expiring-use = To use them, generate or renew licences from this bank in the portal before that date: { $url }
mail-bank-expiring-limit = Remember that a licence drawn from it cannot run past the bank's expiry.

## A credit request, to the licence provider's inbox.
mail-credits-requested-subject =
    { $credits ->
        [one] { $org } asks for { $credits } { $product } credit
       *[other] { $org } asks for { $credits } { $product } credits
    }
mail-credits-requested-intro =
    { $credits ->
        [one] { $by } of { $org } asks for { $credits } credit of { $product }.
       *[other] { $by } of { $org } asks for { $credits } credits of { $product }.
    }
mail-credits-requested-label-org = Organisation
mail-credits-requested-label-for = For
mail-credits-requested-label-start = Wished start
mail-credits-requested-label-note = Note
mail-credits-requested-new-bank = a new bank
mail-credits-requested-top-up = bank { $bank } (top up)
mail-credits-requested-asap = as soon as possible
mail-credits-requested-no-note = (none)
mail-credits-requested-answer = Grant or decline it from the licence provider's console (the pending credit requests of { $url }).

## A credit request granted.
mail-credits-granted-subject =
    { $granted ->
        [one] { $granted } { $product } credit was granted
       *[other] { $granted } { $product } credits were granted
    }
mail-credits-granted-body =
    { $granted ->
        [one] Your licence provider granted { $granted } credit of { $product }{ $asked } to the bank { $id } (version { $version }, from { $start } to { $expiry }).
       *[other] Your licence provider granted { $granted } credits of { $product }{ $asked } to the bank { $id } (version { $version }, from { $start } to { $expiry }).
    }
# Said after the product when less was granted than asked, with its leading space.
mail-credits-granted-asked = { " " }(you asked for { $asked })
mail-credits-granted-figures =
    { $total ->
        [one] The bank now holds { $total } granted credit, { $used } used and { $remaining } remaining.
       *[other] The bank now holds { $total } granted credits, { $used } used and { $remaining } remaining.
    }
mail-credits-granted-label-granted = Granted
mail-credits-granted-label-used = Used
mail-credits-granted-label-remaining = Remaining

## A credit request declined.
mail-credits-declined-subject =
    { $credits ->
        [one] Your request for { $credits } { $product } credit was declined
       *[other] Your request for { $credits } { $product } credits was declined
    }
mail-credits-declined-body =
    { $credits ->
        [one] Your licence provider declined the request { $id } for { $credits } credit of { $product }.
       *[other] Your licence provider declined the request { $id } for { $credits } credits of { $product }.
    }
mail-credits-declined-label-reason = Reason
mail-credits-declined-no-reason = no reason given
mail-credits-declined-next = Nothing was added to your banks. Contact your licence provider if you have questions.

## A person's role or status changed.
mail-access-subject = Your access to { $org } changed
mail-access-body = In { $org }, { $what }.
mail-access-role =
    you are now { $after ->
        [admin] an administrator
       *[member] a member
    } (you were { $before ->
        [admin] an administrator
       *[member] a member
    })
mail-access-status =
    { $status ->
        [inactive] your account was deactivated
        [active] your account is active again
       *[invited] your invitation is open again
    }
mail-access-both = { $role }, and { $status }
mail-access-meaning =
    { $now ->
        [inactive] You can no longer sign in to the portal; the licences assigned to you stay valid. Ask an administrator of the organisation if you think this is a mistake.
        [admin] You can manage the organisation's banks, licences, product versions and users in the portal.
       *[member] You see your own licences and their downloads in the portal.
    }

## An organisation's webhook endpoint disabled after failing for a day.
mail-webhook-disabled-subject = A webhook endpoint of { $org } was disabled
mail-webhook-disabled-body = Every delivery to the webhook endpoint { $url } has failed since { $since }, so it no longer receives events.
mail-webhook-disabled-next = Check the receiver and its recent deliveries on the Webhooks page, then enable the endpoint again.
