//! The audit trail: who did what, when, and how credits moved. Written in the same transaction
//! as the change it describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::values::{BankId, OrgId};

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub org: OrgId,
    pub at: DateTime<Utc>,
    /// The signed-in email, `operator:<subject>` or `scheduler`.
    pub actor: String,
    pub action: AuditAction,
    /// What was acted on: an activation code, an email, a product.
    pub subject: String,
    pub bank: Option<BankId>,
    /// Credits added to (+) or taken from (-) the bank's remaining credits.
    pub credits: i64,
    pub detail: String,
}
