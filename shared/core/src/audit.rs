//! The audit trail: who did what, when, and how credits moved. Written in the same transaction
//! as the change it describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::message::Message;
use crate::values::{BankId, Email, OrgId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    OrgCreated,
    BankCreated,
    CreditsGranted,
    LicenseGenerated,
    LicenseRenewed,
    LicenseReturned,
    LicenseAssigned,
    UserInvited,
    UserChanged,
    UserRemoved,
    VersionPolicyChanged,
    BankExpired,
    LicensesExported,
    /// A first sign-in bound the membership to its account, or another account was refused.
    SignIn,
    InvitationDeclined,
    InvitationReleased,
    AccountReleased,
    MailBudgetChanged,
    /// The operator bound a membership to a named account (on the person's request).
    AccountBound,
    OrgRenamed,
    OrgLanguageChanged,
    OrgSuspended,
    OrgResumed,
    /// The operator moved a bank's expiry later (a purchased extension).
    BankExtended,
    /// The operator voided unused credits of a bank created by mistake.
    CreditsVoided,
    /// The operator changed the product catalogue (the vendor's trail only).
    CatalogChanged,
    CreditsRequested,
    CreditRequestGranted,
    CreditRequestDeclined,
    CreditRequestWithdrawn,
    /// The desktop software activated a machine on a licence (node lock, multiseat).
    MachineActivated,
    /// A machine was released and its seat freed.
    MachineReleased,
    /// A return released every machine of the licence (its activation epoch moved on).
    MachinesReleased,
    /// The operator changed an organisation's activation policy (releases, leases, borrowing).
    ActivationPolicyChanged,
    /// An admin downloaded the licences CSV (`GET /v1/licenses.csv`; an emailed one is
    /// `licenses_exported`).
    LicensesDownloaded,
    /// An admin downloaded a bank's ledger CSV.
    LedgerDownloaded,
    /// An admin downloaded the audit trail as CSV (the filter in the detail).
    AuditDownloaded,
    /// An admin created an API credential (its name is the subject).
    CredentialCreated,
    /// An admin revoked an API credential: its key is refused from then on.
    CredentialRevoked,
    /// An admin registered a webhook endpoint.
    WebhookCreated,
    /// An admin changed an endpoint (its URL, description, event types, enabled).
    WebhookChanged,
    WebhookDeleted,
    WebhookSecretRotated,
    /// An endpoint that failed every delivery for a day was disabled (by the system).
    WebhookDisabled,
}

impl AuditAction {
    /// The action's name as the API and the trail write it (`bank_extended`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::OrgCreated => "org_created",
            AuditAction::BankCreated => "bank_created",
            AuditAction::CreditsGranted => "credits_granted",
            AuditAction::LicenseGenerated => "license_generated",
            AuditAction::LicenseRenewed => "license_renewed",
            AuditAction::LicenseReturned => "license_returned",
            AuditAction::LicenseAssigned => "license_assigned",
            AuditAction::UserInvited => "user_invited",
            AuditAction::UserChanged => "user_changed",
            AuditAction::UserRemoved => "user_removed",
            AuditAction::VersionPolicyChanged => "version_policy_changed",
            AuditAction::BankExpired => "bank_expired",
            AuditAction::LicensesExported => "licenses_exported",
            AuditAction::SignIn => "sign_in",
            AuditAction::InvitationDeclined => "invitation_declined",
            AuditAction::InvitationReleased => "invitation_released",
            AuditAction::AccountReleased => "account_released",
            AuditAction::MailBudgetChanged => "mail_budget_changed",
            AuditAction::AccountBound => "account_bound",
            AuditAction::OrgRenamed => "org_renamed",
            AuditAction::OrgLanguageChanged => "org_language_changed",
            AuditAction::OrgSuspended => "org_suspended",
            AuditAction::OrgResumed => "org_resumed",
            AuditAction::BankExtended => "bank_extended",
            AuditAction::CreditsVoided => "credits_voided",
            AuditAction::CatalogChanged => "catalog_changed",
            AuditAction::CreditsRequested => "credits_requested",
            AuditAction::CreditRequestGranted => "credit_request_granted",
            AuditAction::CreditRequestDeclined => "credit_request_declined",
            AuditAction::CreditRequestWithdrawn => "credit_request_withdrawn",
            AuditAction::MachineActivated => "machine_activated",
            AuditAction::MachineReleased => "machine_released",
            AuditAction::MachinesReleased => "machines_released",
            AuditAction::ActivationPolicyChanged => "activation_policy_changed",
            AuditAction::LicensesDownloaded => "licenses_downloaded",
            AuditAction::LedgerDownloaded => "ledger_downloaded",
            AuditAction::AuditDownloaded => "audit_downloaded",
            AuditAction::CredentialCreated => "credential_created",
            AuditAction::CredentialRevoked => "credential_revoked",
            AuditAction::WebhookCreated => "webhook_created",
            AuditAction::WebhookChanged => "webhook_changed",
            AuditAction::WebhookDeleted => "webhook_deleted",
            AuditAction::WebhookSecretRotated => "webhook_secret_rotated",
            AuditAction::WebhookDisabled => "webhook_disabled",
        }
    }
}

/// How the vendor's staff are named as actors: `operator:<subject> <email>` (the subject
/// their identity provider gives them, then their address; events recorded before the address
/// was added name the subject alone).
pub const OPERATOR_ACTOR: &str = "operator:";

/// The actor name of the operator whose identity has this subject and address. An address
/// holds no whitespace, so the last space always separates it, whatever the subject holds.
pub fn operator_actor(subject: &str, email: &Email) -> String {
    format!("{OPERATOR_ACTOR}{subject} {email}")
}

/// Who did it, in words a studio's admin reads: a person's address; an operator's address
/// marked as the licence provider's (or the licence provider, for an operator recorded without
/// one); the system for the daily jobs. In English: [`actor_message`] says it in any language.
pub fn actor_label(actor: &str) -> String {
    actor_message(actor).to_string()
}

/// Who did it ([`actor_label`]), as a message.
pub fn actor_message(actor: &str) -> Message {
    if actor == crate::decide::SCHEDULER {
        return Message::new("actor-system");
    }
    if actor == crate::activation::SOFTWARE {
        return Message::new("actor-software");
    }
    if let Some(name) = crate::credential::credential_named(actor) {
        return Message::new("actor-credential").text("name", name);
    }
    match actor.strip_prefix(OPERATOR_ACTOR) {
        Some(rest) => match rest.rsplit_once(' ') {
            Some((_, email)) if email.contains('@') => {
                Message::new("actor-operator").text("email", email)
            }
            _ => Message::new("actor-provider"),
        },
        // A person's address, said as it is.
        None => Message::new("actor-person").text("email", actor),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub org: OrgId,
    pub at: DateTime<Utc>,
    /// The signed-in email, `operator:<subject>`, `credential:<id> <name>` or `scheduler`.
    pub actor: String,
    pub action: AuditAction,
    /// What was acted on: an activation code, an email, a product.
    pub subject: String,
    pub bank: Option<BankId>,
    /// Credits added to (+) or taken from (-) the bank's remaining credits.
    pub credits: i64,
    /// What it did, in English (as written; events recorded before `said` have only this).
    pub detail: String,
    /// What it did as a catalogue message, said in the reader's language when the trail is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Message>,
}

impl AuditEvent {
    /// What it did, in `lang`: its message, or the English it was recorded with.
    pub fn detail_in(&self, lang: elp_l10n::Lang) -> String {
        detail_in(&self.said, &self.detail, lang)
    }

    /// Whether a member of the vendor's staff did it: such events are also written to the
    /// vendor's own trail.
    pub fn by_operator(&self) -> bool {
        self.actor.starts_with(OPERATOR_ACTOR)
    }
}

/// An event of the vendor's trail: every operator action, across organisations, and the
/// vendor's own changes (the catalogue), which belong to no organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorEvent {
    /// The organisation acted on, if any.
    pub org: Option<OrgId>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    pub bank: Option<BankId>,
    pub credits: i64,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Message>,
}

impl VendorEvent {
    /// What it did, in `lang` ([`AuditEvent::detail_in`]).
    pub fn detail_in(&self, lang: elp_l10n::Lang) -> String {
        detail_in(&self.said, &self.detail, lang)
    }
}

fn detail_in(said: &Option<Message>, detail: &str, lang: elp_l10n::Lang) -> String {
    match said {
        Some(message) => message.say(lang),
        None => detail.to_string(),
    }
}

impl From<&AuditEvent> for VendorEvent {
    fn from(e: &AuditEvent) -> Self {
        VendorEvent {
            org: Some(e.org.clone()),
            at: e.at,
            actor: e.actor.clone(),
            action: e.action,
            subject: e.subject.clone(),
            bank: e.bank.clone(),
            credits: e.credits,
            detail: e.detail.clone(),
            said: e.said.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_their_serde_names() {
        for action in [
            AuditAction::OrgCreated,
            AuditAction::LicensesExported,
            AuditAction::MailBudgetChanged,
            AuditAction::BankExtended,
            AuditAction::CreditRequestWithdrawn,
            AuditAction::CatalogChanged,
            AuditAction::WebhookSecretRotated,
        ] {
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                serde_json::Value::String(action.as_str().into())
            );
        }
    }

    #[test]
    fn operator_events_are_known_by_their_actor() {
        let mut e = AuditEvent {
            org: OrgId::parse("o_1").unwrap(),
            at: DateTime::UNIX_EPOCH,
            actor: operator_actor(
                "sub-1",
                &Email::parse("email", "ops@vendor.example").unwrap(),
            ),
            action: AuditAction::OrgRenamed,
            subject: "x".into(),
            bank: None,
            credits: 0,
            detail: String::new(),
            said: None,
        };
        assert!(e.by_operator());
        e.actor = "admin@studio.example".into();
        assert!(!e.by_operator());
        assert_eq!(VendorEvent::from(&e).org, Some(e.org.clone()));
    }

    #[test]
    fn actors_are_labelled_for_people() {
        let ops = Email::parse("email", "ops@vendor.example").unwrap();
        assert_eq!(
            actor_label(&operator_actor("auth0|a b", &ops)),
            "ops@vendor.example (licence provider)",
            "the address follows the last space, whatever the subject holds"
        );
        assert_eq!(actor_label("operator:sub-1"), "the licence provider");
        assert_eq!(actor_label(crate::decide::SCHEDULER), "the system");
        assert_eq!(actor_label("ana@studio.example"), "ana@studio.example");
        assert_eq!(
            actor_label("credential:0123456789abcdef0123 nightly sync"),
            "the API credential “nightly sync”"
        );
    }
}
