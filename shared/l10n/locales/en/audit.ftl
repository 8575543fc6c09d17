# The audit trail's details: what each recorded change did, said in the reader's language when
# the trail is read (an event stores its message and arguments, not a sentence).

## A quote in words (a generation's and a renewal's detail).
quote-what = { $type ->
    [node_lock] { $licenses ->
            [one] { $licenses } node-lock licence
           *[other] { $licenses } node-lock licences
        } (one computer each)
    [multiseat] { $licenses ->
            [one] { $licenses } multiseat licence
           *[other] { $licenses } multiseat licences
        } for { $computers ->
            [one] { $computers } computer
           *[other] { $computers } computers
        }
   *[floating] { $licenses ->
            [one] { $licenses } floating licence
           *[other] { $licenses } floating licences
        } for { $computers ->
            [one] { $computers } seat
           *[other] { $computers } seats
        }
}
quote-summary = { quote-what }, { $months ->
        [one] { $months } month
       *[other] { $months } months
    }: { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    }, from { $start } to { $expiry }; { $remaining ->
        [one] { $remaining } credit
       *[other] { $remaining } credits
    } will remain in the bank.
quote-summary-capped = { quote-summary } The bank expires on { $expiry }, so the term ends then instead of after { $requested ->
        [one] { $requested } month
       *[other] { $requested } months
    }: only the { $months ->
        [one] { $months } month started before that date is charged
       *[other] { $months } months started before that date are charged
    }.

## Licences.
audit-generated = { $type ->
        [node_lock] node lock
        [multiseat] multiseat
       *[floating] floating
    } for { $recipient }: { $quote }
audit-renewed = { $quote }
audit-returned = returned from { $email }
audit-assigned = assigned to { $email }
audit-export-asked = CSV export emailed (asked for by email)
audit-export-too-large = CSV export emailed (larger than a download can carry)
audit-downloaded-licenses = licences CSV downloaded
audit-downloaded-ledger = ledger CSV downloaded
audit-downloaded-trail = audit trail CSV downloaded (every event)
audit-downloaded-trail-filtered = audit trail CSV downloaded ({ $filter })

## People.
audit-invited = invited as { $role ->
        [admin] admin
       *[member] member
    }
audit-invited-again = invitation sent again
audit-first-sign-in = first sign-in: bound to { $account }
audit-first-sign-in-accepted = first sign-in: invited -> active, bound to { $account }
audit-sign-in-refused = sign-in refused: { $account } is not the account bound to this membership
audit-declined = declined the invitation
audit-invitation-released = pending invitation released by the licence provider
audit-account-released = released { $account }; the next sign-in binds the account it comes from
audit-account-bound = bound to { $account } (was { $was })
audit-role-changed = role changed from { $from ->
        [admin] admin
       *[member] member
    } to { $to ->
        [admin] admin
       *[member] member
    }
audit-status-changed = status changed from { $from ->
        [active] active
        [inactive] inactive
       *[invited] invited
    } to { $to ->
        [active] active
        [inactive] inactive
       *[invited] invited
    }
audit-changes = { $changes }
audit-removed = removed from the organisation

## Product versions.
audit-versions-all = { $product }: every version available
audit-versions-none = { $product }: allows no version
audit-versions-only = { $product }: only { $count ->
        [one] version
       *[other] versions
    } { $versions }

## The organisation.
audit-org-created = organisation created with { $admin } as its first admin
audit-org-renamed = renamed from “{ $from }” to “{ $to }”
audit-org-language = mail for people who chose no language is now in { $language ->
        [fr] French
       *[en] English
    }
audit-org-suspended = suspended: { $reason }
audit-org-resumed = resumed (suspended since { $since } for: { $reason })
audit-mail-budget = daily mail budget set to { $per_day }

## Banks and credits.
audit-bank-created = { $product } { $version } bank of { $purchased ->
        [one] { $purchased } credit
       *[other] { $purchased } credits
    } ({ $granted } granted) from { $start } to { $expiry }
audit-credits-granted = { $credits ->
        [one] { $credits } credit granted
       *[other] { $credits } credits granted
    }
audit-bank-extended = expiry moved from { $from } to { $to }: { $reason }
audit-credits-voided = { $credits ->
        [one] { $credits } unused credit voided
       *[other] { $credits } unused credits voided
    }: { $reason }
audit-bank-expired = expired on { $expiry }; { $forfeited ->
        [one] { $forfeited } unused credit
       *[other] { $forfeited } unused credits
    } forfeited

## Credit requests.
audit-credits-requested = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } requested
audit-credits-requested-bank = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } requested on bank { $bank }
audit-credits-requested-from = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } requested, wished from { $start }
audit-credits-requested-bank-from = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } requested on bank { $bank }, wished from { $start }
audit-request-withdrawn = request for { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } withdrawn
audit-request-granted-top-up = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } granted ({ $asked } asked): topped up
audit-request-granted-new-bank = { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } granted ({ $asked } asked): a new bank of version { $version }, from { $start } to { $expiry }
audit-request-declined = request for { $credits ->
        [one] { $credits } credit
       *[other] { $credits } credits
    } of { $product } declined: { $reason }

## Who did it.
actor-system = the system
actor-software = the desktop software
actor-provider = the licence provider
actor-operator = { $email } (licence provider)
actor-person = { $email }
actor-credential = the API credential “{ $name }”
audit-credential-created = created with the role { $role }
audit-credential-revoked = revoked: its key is refused from now on

## Activation (the desktop software).
audit-machine-activated = machine { $hostname } ({ $platform }) activated on seat { $seat } of { $seats }
audit-machine-released = machine { $hostname } ({ $platform }) released from seat { $seat }
audit-activation-policy = activation policy set: { $releases } machine releases per licence within { $days } days, floating leases of { $lease } minutes, borrowing up to { $borrow } days
audit-machines-released = every machine of the licence released by its return

## Webhooks (decisions 150-159).
audit-webhook-created = webhook endpoint { $url } registered for { $events }
audit-webhook-changed = webhook endpoint changed: { $changes }
audit-webhook-unchanged = webhook endpoint saved unchanged
audit-webhook-url = URL set to { $url }
audit-webhook-description = description changed
audit-webhook-events = event types set to { $events }
audit-webhook-enabled = enabled
audit-webhook-disabled-by-admin = disabled
audit-webhook-deleted = webhook endpoint { $url } deleted
audit-webhook-secret-rotated = signing secret of webhook endpoint { $url } replaced
audit-webhook-disabled-failing = webhook endpoint { $url } disabled: every delivery failed for { $hours } hours
