# An organisation's own pages, for its admins: the dashboard, the users, the product versions
# and the audit trail.

## The dashboard.
dash-lead = Credits left per product, and which bank expires next: use those credits first.
dash-empty = Your organisation has no credit banks yet. Your vendor adds them when you buy credits.
dash-warnings = Credits about to be lost
dash-bank-licences = Licences from this bank
dash-remaining = Credits remaining
dash-next-expiry = Next bank expiry
dash-no-usable-bank = No usable bank with credits
dash-forfeited = Forfeited
dash-forecast = At the current use
# $credits: "14 credits".
dash-forfeited-lost = { $credits } lost in expired banks
dash-view-licences = View { $product } licences
dash-banks = Banks ({ $n })
dash-bank = Version { $version }, { $start } to { $expiry }:
# $amount (in bold): dash-bank-amount; $total: the credits granted.
dash-bank-left = { $amount } { $total ->
    [one] credit
   *[other] credits
} left
dash-bank-amount = { $remaining } of { $granted }
dash-bank-forfeited = { $forfeited } of { $granted } { $total ->
    [one] credit
   *[other] credits
} forfeited

## The users.
users-lead = People of your organisation. Members see their own licences; admins manage the organisation.
users-invite-heading = Invite someone
users-invite-submit = Send invitation
users-email = Email
users-role = Role
users-status = Status
users-people = People
users-you = you
users-who-you = { $email } (you)
users-the-organisation = the organisation
users-invited = Invitation sent to { $email } as { $role ->
    [admin] admin
   *[other] member
}.
users-invited-again = { $email } is already a member; the invitation was sent again.
users-cancel = Cancel
users-close = Close
users-from-to = { $from } → { $to }
# The review of a role or status change: its title, question, consequences and button.
users-make-admin = Make admin
users-make-admin-what = Make { $who } an admin of { $org }?
users-make-admin-then = Admins have the same rights as the first admin: banks, licences, product versions, users and the audit trail. They are told by email.
users-make-admin-confirm = Confirm: make admin
users-make-admin-aria = Make admin: { $email }
users-make-member = Make member
users-make-member-what = Make { $who } a member of { $org }, no longer an admin?
users-make-member-then = Members see only their own licences and downloads. The organisation keeps at least one active admin. They are told by email.
users-make-member-confirm = Confirm: make member
users-make-member-aria = Make member: { $email }
users-deactivate = Deactivate
users-deactivate-what = Deactivate { $who }?
# $licences: "2 licences".
users-deactivate-then = They can no longer use the portal; they keep { $licences }, and can be reactivated later. They are told by email.
users-deactivate-confirm = Confirm: deactivate
users-deactivate-aria = Deactivate { $email }
users-reactivate = Reactivate
users-reactivate-what = Reactivate { $who }?
users-reactivate-then = They can use the portal again with their role. They are told by email.
users-reactivate-confirm = Confirm: reactivate
users-reactivate-aria = Reactivate { $email }
users-changed = { $email } is now { $role ->
    [admin] admin
   *[other] member
}, { $status ->
    [active] active
    [invited] invited
   *[other] inactive
}.
# Removing someone.
users-holds = { $email } holds { $count ->
    [one] { $n } licence that has
   *[other] { $n } licences that have
} not expired:
users-held-licence = { $product } { $version }, { $type }, until { $expiry }:
# $reason: why the licence cannot be returned, in sentences.
users-held-not-returnable = cannot be returned. { $reason } They can be removed once it expires.
users-held-returnable = can be returned from its page; then they can be removed.
users-remove-title = Remove from the organisation
users-remove = Remove
users-remove-aria = Remove { $email }
# $email is in bold.
users-remove-what = Remove { $email } ({ $role ->
    [admin] admin
   *[other] member
}) from { $org }?
users-remove-holds = They hold { $licences }: people who hold unexpired licences cannot be removed.
users-remove-note = They can no longer sign in to the portal. People who still hold unexpired licences cannot be removed.
users-removed = { $email } was removed from the organisation.
# $licences: "2 unexpired licences".
users-still-holds = { $email } still holds { $licences }
users-reinvite = Resend invitation
users-reinvite-aria = Resend invitation to { $email }
users-reinvited = The invitation was sent to { $email } again.
users-licences-held = Licences held
users-held-by = { $licences } held by { $email }
users-last-sign-in = Last sign-in
users-never-invited = Never (invited)
users-not-recorded = Not recorded
users-invited-on = Invited on
users-actions = Actions
users-empty = Nobody yet.

## The product versions.
versions-lead = Choose which versions your members see download links for. Without a restriction every version of the catalogue is available.
versions-no-bank = Your organisation has no bank of any product yet: there is no version to choose.
versions-no-products = The catalogue has no products yet.
# $products: "2 other products".
versions-others = { $products } of the catalogue { $count ->
    [one] is not shown: your organisation has no bank of it.
   *[other] are not shown: your organisation has no bank of them.
}
versions-restrict = Restrict downloads to selected versions
versions-on = On
versions-off = Off
versions-legend = Versions members may download
versions-version = Version { $version }
versions-versions = Versions
versions-restriction = Restriction
versions-save = Save
versions-saving = Saving…
# $state: versions-all-available, -selected-available or -none-available.
versions-saved = Saved. { $state }
versions-not-saved = Not saved.
versions-not-saved-yet = Not saved yet.
versions-all-available = Every version is available.
versions-selected-available = Only the selected versions are available.
versions-none-available = No version is available to members.
# $versions: "22, 24 and 25.1".
versions-in-use = Your organisation's licences are on { $count ->
    [one] version
   *[other] versions
} { $versions }.
versions-none-note = With nothing selected, members can download no version at all.
versions-hides-note = Your organisation's licences are on { $count ->
    [one] version { $versions }: members holding them will no longer see its downloads.
   *[other] versions { $versions }: members holding them will no longer see their downloads.
}
versions-warning-title = Save the { $product } policy?
versions-warning-none = Nothing is allowed: members will see no { $product } download at all.
versions-warning-hidden = Your organisation's licences are on { $count ->
    [one] version
   *[other] versions
} { $versions }, which members will no longer be able to download.
versions-save-anyway = Save anyway
versions-go-back = Go back

## The audit trail.
audit-lead = Everything that changed in the organisation, newest first.
audit-empty = Nothing has happened yet.
audit-caption = Audit trail
audit-col-time = Time
audit-col-actor = Actor
audit-col-action = Action
audit-col-subject = Subject
audit-col-credits = Credits
audit-col-detail = Detail
audit-credits-added = { $count ->
    [one] { $n } credit added
   *[other] { $n } credits added
}
audit-credits-used = { $count ->
    [one] { $n } credit used
   *[other] { $n } credits used
}
audit-credits-none = no credits moved
# A bank named in a subject or a detail.
audit-bank = { $product } { $version } ({ $start } to { $expiry })
# What happened, for each action of the trail.
audit-action-org_created = Organisation created
audit-action-bank_created = Bank created
audit-action-credits_granted = Credits granted
audit-action-license_generated = Licence generated
audit-action-license_renewed = Licence renewed
audit-action-license_returned = Licence returned
audit-action-license_assigned = Licence assigned
audit-action-user_invited = User invited
audit-action-user_changed = User changed
audit-action-user_removed = User removed
audit-action-version_policy_changed = Version policy changed
audit-action-bank_expired = Bank expired
audit-action-licenses_exported = Licences exported
audit-action-sign_in = Sign-in
audit-action-invitation_declined = Invitation declined
audit-action-invitation_released = Invitation released by the licence provider
audit-action-account_released = Sign-in account released by the licence provider
audit-action-mail_budget_changed = Daily mail budget changed
audit-action-account_bound = Sign-in account bound by the licence provider
audit-action-org_renamed = Organisation renamed
audit-action-org_language_changed = Organisation language changed
audit-action-org_suspended = Organisation suspended
audit-action-org_resumed = Organisation resumed
audit-action-bank_extended = Bank extended
audit-action-credits_voided = Credits voided
audit-action-catalog_changed = Catalogue changed
audit-action-credits_requested = Credits requested
audit-action-credit_request_granted = Credit request granted
audit-action-credit_request_declined = Credit request declined
audit-action-credit_request_withdrawn = Credit request withdrawn
audit-action-machine_activated = Machine activated
audit-action-machine_released = Machine released
audit-action-machines_released = Machines released by a return
audit-action-activation_policy_changed = Activation policy changed
audit-action-licenses_downloaded = Licences downloaded (CSV)
audit-action-ledger_downloaded = Ledger downloaded (CSV)
audit-action-audit_downloaded = Audit trail downloaded (CSV)
# The trail's filters, kept in the address (#/audit?actor=&action=&bank=&license=&from=&to=).
audit-filters = Filter the audit trail
audit-filter-actor = Who
audit-filter-actor-hint = An address, or "system" for the daily jobs, "software" for the desktop software.
audit-filter-action = Actions
audit-filter-action-hint = With none selected, every action is shown. Hold Ctrl (⌘ on a Mac) to select several.
audit-filter-bank = Bank
audit-any-bank = Any bank
audit-filter-license = Activation code
audit-filter-from = From
audit-filter-to = To
audit-filter-days-hint = Days in UTC; both days are included.
audit-apply-filters = Apply filters
audit-clear-filters = Clear filters
audit-empty-filtered = No event matches these filters.
audit-empty-so-far = No event matches these filters among the most recent ones read. Load more reads further back.
audit-csv = Download CSV
audit-csv-downloaded = Downloaded { $file }.
audit-action-credential_created = API credential created
audit-action-credential_revoked = API credential revoked
cred-lead = Keys your organisation's scripts call the API with, instead of a person signing in. Each key acts for the organisation only, as its role allows, and everything it changes is in the audit trail under its name.
cred-create-heading = Create an API credential
cred-roles-explained = Read only: lists and reads the organisation's banks, licences, users and audit trail. Admin: also generates, renews, returns and assigns licences and sets product versions. Neither manages people or credentials.
cred-name = Name
cred-role = Role
cred-role-read_only = Read only
cred-role-admin = Admin
cred-create = Create
cred-created = The API credential “{ $name }” was created.
cred-key-heading = The key of “{ $name }”
cred-key-once = Copy it now: it is shown only this once and cannot be shown again. If it is lost, revoke the credential and create another.
cred-key-use = A script sends it as the header Authorization: Bearer followed by the key, to the scripts API.
cred-copy = Copy the key
cred-copied = Copied
cred-copy-failed = Select the key to copy it
cred-list-heading = Credentials
cred-key-hint = Key
cred-created-col = Created
cred-by = by { $who }
cred-last-used = Last used
cred-never-used = Never used
cred-state = State
cred-active = Active
cred-revoked-on = Revoked
cred-actions = Actions
cred-revoke = Revoke
cred-revoke-aria = Revoke the API credential { $name }
cred-revoke-title = Revoke an API credential
cred-revoke-what = Revoke “{ $name }”?
cred-revoke-then = Its key is refused from the next request on; scripts using it stop working. This cannot be undone: a new credential needs a new name.
cred-revoked = The API credential “{ $name }” was revoked.
cred-cancel = Cancel
cred-empty = No API credentials yet.

## Webhooks.
webhooks-lead = Webhooks send the organisation's events to your own systems: each delivery is an HTTPS POST signed with the endpoint's secret. An organisation has at most { $max } endpoints.
webhooks-add-heading = Add an endpoint
webhooks-url = Endpoint URL
webhooks-url-hint = An https address on a public host, without a user name or password.
webhooks-url-placeholder = https://hooks.studio.example/elp
webhooks-description = Description (optional)
webhooks-events = Events
webhooks-add-submit = Add endpoint
webhooks-added = { $url } added.
webhooks-endpoints = Endpoints
webhooks-empty = No webhook endpoint yet.
webhooks-state = State
webhooks-state-enabled = Enabled
webhooks-state-disabled = Disabled
webhooks-state-failing = Disabled after failing
webhooks-last-success = Last success
webhooks-never = Never
webhooks-actions = Actions
webhooks-enable = Enable
webhooks-disable = Disable
webhooks-enable-aria = Enable { $url }
webhooks-disable-aria = Disable { $url }
webhooks-enabled = { $url } is enabled.
webhooks-disabled = { $url } is disabled.
webhooks-rotate = New secret
webhooks-rotate-aria = New secret for { $url }
webhooks-delete = Delete
webhooks-delete-aria = Delete { $url }
webhooks-deleted = { $url } deleted.
webhooks-show-deliveries = Deliveries
webhooks-show-deliveries-aria = Recent deliveries to { $url }
webhooks-cancel = Cancel
webhooks-enable-title = Enable the endpoint
webhooks-enable-what = { $url } will receive the events it subscribes to again. Events that happened while it was disabled are not sent.
webhooks-enable-confirm = Enable
webhooks-disable-title = Disable the endpoint
webhooks-disable-what = { $url } will receive nothing until it is enabled again; deliveries waiting for a retry are given up.
webhooks-disable-confirm = Disable
webhooks-rotate-title = Replace the signing secret
webhooks-rotate-what = A new secret signs every delivery to { $url } from now on; the current one stops working at once. Update your receiver with the new secret.
webhooks-rotate-confirm = Replace the secret
webhooks-delete-title = Delete the endpoint
webhooks-delete-what = { $url } will receive nothing more, and its deliveries' log goes with it.
webhooks-delete-confirm = Delete
webhooks-secret-title = The endpoint's signing secret
webhooks-secret-what = Deliveries to { $url } are signed with this secret. Your receiver checks each delivery's Elp-Signature header with it.
webhooks-secret-once = Copy it now: it is shown only this once. If it is lost, replace it with a new secret.
webhooks-secret-done = I have copied it
webhooks-deliveries-heading = Recent deliveries to { $url }
webhooks-deliveries-caption = Deliveries, newest first
webhooks-deliveries-empty = Nothing was delivered to this endpoint yet.
webhooks-col-time = Time
webhooks-col-event = Event
webhooks-col-status = Status
webhooks-col-code = Answer
webhooks-col-latency = Time taken
webhooks-col-attempts = Attempts
webhooks-col-next = Next attempt
webhooks-col-error = Error
webhooks-no-answer = None
webhooks-ms = { $ms } ms
webhooks-delivery-pending = Retrying
webhooks-delivery-delivered = Delivered
webhooks-delivery-failed = Failed
webhooks-delivery-abandoned = Given up
webhooks-event-licence-generated = Licence generated
webhooks-event-licence-renewed = Licence renewed
webhooks-event-licence-returned = Licence returned
webhooks-event-licence-assigned = Licence assigned
webhooks-event-machine-activated = Machine activated
webhooks-event-machine-released = Machine released
webhooks-event-bank-created = Bank created
webhooks-event-bank-granted = Credits granted
webhooks-event-bank-voided = Credits voided
webhooks-event-bank-extended = Bank extended
webhooks-event-bank-expired = Bank expired
webhooks-event-user-invited = User invited
webhooks-event-user-changed = User changed
webhooks-event-user-removed = User removed
audit-action-webhook_created = Webhook endpoint added
audit-action-webhook_changed = Webhook endpoint changed
audit-action-webhook_deleted = Webhook endpoint deleted
audit-action-webhook_secret_rotated = Webhook secret replaced
audit-action-webhook_disabled = Webhook endpoint disabled after failing
