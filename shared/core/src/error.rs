//! The two ways a rule says no: the input is malformed or out of range ([`Invalid`], which field
//! and why), or the input is well-formed but the rules refuse it in the current state
//! ([`Refusal`], with a stable machine code and a sentence for a person).

use std::borrow::Cow;
use std::fmt;

use crate::message::Message;
use crate::values::Credits;
use crate::Date;

/// A field of the input is not acceptable, whatever the state of the data: which field, and
/// why as a catalogue message (its English, [`Invalid::reason`], is what `Display` shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field's name or JSON path (`months`, `products[0].name`).
    pub field: Cow<'static, str>,
    pub message: Message,
}

impl Invalid {
    pub fn new(field: impl Into<Cow<'static, str>>, message: Message) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }

    /// Why, in English.
    pub fn reason(&self) -> String {
        self.message.to_string()
    }

    /// The same reason for a field named otherwise (nested under another, as `new_bank.start`).
    pub fn at(self, field: impl Into<Cow<'static, str>>) -> Self {
        Self {
            field: field.into(),
            ..self
        }
    }
}

/// `field: reason` in English. The alternate form (`{:#}`) is the message itself, written so
/// that [`Invalid::from_alternate`] reads it back: serde carries a value's refusal to a body's
/// reader only as text (a `try_from` type's error in a JSON body).
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.write_str(&self.message.encode())
        } else {
            write!(f, "{}: {}", self.field, self.reason())
        }
    }
}

impl std::error::Error for Invalid {}

impl Invalid {
    /// The message an [`Invalid`]'s alternate form wrote, if `text` is one.
    pub fn from_alternate(text: &str) -> Option<Message> {
        Message::decode(text)
    }
}

/// A well-formed request that the rules refuse in the current state of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the bank has {remaining} credits left and this request needs {needed}")]
    InsufficientCredits {
        needed: Credits,
        remaining: Credits,
        /// What the bank could pay for instead, when a quote knows the request (a bare draw,
        /// such as a void, does not).
        fit: Option<Fit>,
    },
    #[error("the bank expired on {expiry}; its credits can no longer be used")]
    BankExpired { expiry: Date },
    #[error("the bank is for {bank_product}, not {requested}")]
    ProductMismatch {
        bank_product: String,
        requested: String,
    },
    #[error("the licence expired on {expiry}; generate a new licence instead of renewing")]
    LicenseExpired { expiry: Date },
    #[error("the licence already ends on its bank's expiry date ({bank_expiry}) and cannot be renewed further")]
    AtBankLimit { bank_expiry: Date },
    #[error("{0}")]
    NotPortable(Message),
    #[error("the licence has no assignee to return")]
    NotAssigned,
    #[error("the licence is already assigned to {0}; return it first")]
    AlreadyAssigned(String),
    #[error("{email} belongs to another organisation; they must be removed from it first")]
    MemberOfAnotherOrganisation { email: String },
    #[error("{email} is the last active admin of the organisation")]
    LastAdmin { email: String },
    #[error("{email} still holds {count} unexpired licence(s)")]
    HoldsLicenses { email: String, count: usize },
    #[error(
        "the quote said {quoted} credits but the request now costs {now}; review the new quote"
    )]
    QuoteChanged { quoted: Credits, now: Credits },
    #[error("the organisation is suspended by the licence provider ({reason}); it can read its data but change nothing until it is resumed")]
    Suspended { reason: String },
    #[error("the organisation already has {max} credit requests waiting for the licence provider; withdraw one or wait for an answer")]
    TooManyPending { max: u32 },
    #[error("the catalogue was changed by someone else since you read it (it is now at revision {revision}); reload it and make your changes again")]
    CatalogChanged { revision: u64 },
    #[error(
        "{banks} bank(s) were bought for {product}, so it cannot be removed from the catalogue"
    )]
    ProductInUse { product: String, banks: u64 },
    #[error("{0}")]
    Conflict(Message),
}

impl Refusal {
    /// The stable machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::InsufficientCredits { .. } => "insufficient_credits",
            Refusal::BankExpired { .. } => "bank_expired",
            Refusal::ProductMismatch { .. } => "product_mismatch",
            Refusal::LicenseExpired { .. } => "license_expired",
            Refusal::AtBankLimit { .. } => "at_bank_limit",
            Refusal::NotPortable(_) => "not_portable",
            Refusal::NotAssigned => "not_assigned",
            Refusal::AlreadyAssigned(_) => "already_assigned",
            Refusal::MemberOfAnotherOrganisation { .. } => "member_of_another_organisation",
            Refusal::LastAdmin { .. } => "last_admin",
            Refusal::HoldsLicenses { .. } => "holds_licenses",
            Refusal::QuoteChanged { .. } => "quote_changed",
            Refusal::Suspended { .. } => "org_suspended",
            Refusal::TooManyPending { .. } => "too_many_pending",
            Refusal::CatalogChanged { .. } => "catalog_changed",
            Refusal::ProductInUse { .. } => "product_in_use",
            Refusal::Conflict(_) => "conflict",
        }
    }
}

/// The largest request of the same shape a bank can still pay for, told with a refusal for lack
/// of credits: which field of the request to change, and to what at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// The request's field to lower: `quantity` (generation), `computers` (a multiseat
    /// renewal) or `months` (another renewal, whose computers cannot change).
    pub field: &'static str,
    /// The most licences, computers or seats the bank pays for with the same months, type and
    /// computers per licence; 0 when not even one.
    pub max_quantity: u32,
    /// For a renewal: the most months it pays for with the same computers; 0 when not even one.
    pub max_months: Option<u32>,
}

/// Any rule's answer when it says no.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Refused(#[from] Refusal),
}
