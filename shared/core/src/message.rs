//! What to tell a person, in no language: a message of the catalogues (`shared/l10n/locales`)
//! by id, with its arguments. The rules say which message; the adapters say it in the reader's
//! language. A refusal's or an invalid field's English sentence (their `Display`) stays for logs.

use crate::error::Refusal;
use crate::Date;

/// A message argument: text used as it is, a number (plurals select on it, and it is grouped as
/// the language writes numbers) or a day (written as the language writes dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Date(Date),
}

/// A catalogue message and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Self {
        self.args
            .push((name, Arg::Number(value.try_into().unwrap_or(i64::MAX))));
        self
    }

    pub fn date(mut self, name: &'static str, value: Date) -> Self {
        self.args.push((name, Arg::Date(value)));
        self
    }
}

impl Refusal {
    /// What the refusal tells a person, as a catalogue message `refusal-<code>`; `None` for
    /// the refusals whose sentence is made where they happen (`Conflict`, `NotPortable`), said
    /// in English until they have their own messages.
    pub fn message(&self) -> Option<Message> {
        let m = |id| Message::new(id);
        Some(match self {
            Refusal::InsufficientCredits {
                needed, remaining, ..
            } => m("refusal-insufficient-credits")
                .number("remaining", remaining.get())
                .number("needed", needed.get()),
            Refusal::BankExpired { expiry } => m("refusal-bank-expired").date("expiry", *expiry),
            Refusal::ProductMismatch {
                bank_product,
                requested,
            } => m("refusal-product-mismatch")
                .text("bank_product", bank_product)
                .text("requested", requested),
            Refusal::LicenseExpired { expiry } => {
                m("refusal-license-expired").date("expiry", *expiry)
            }
            Refusal::AtBankLimit { bank_expiry } => {
                m("refusal-at-bank-limit").date("bank_expiry", *bank_expiry)
            }
            Refusal::NotAssigned => m("refusal-not-assigned"),
            Refusal::AlreadyAssigned(email) => m("refusal-already-assigned").text("email", email),
            Refusal::MemberOfAnotherOrganisation { email } => {
                m("refusal-member-of-another-organisation").text("email", email)
            }
            Refusal::LastAdmin { email } => m("refusal-last-admin").text("email", email),
            Refusal::HoldsLicenses { email, count } => m("refusal-holds-licenses")
                .text("email", email)
                .number("count", *count),
            Refusal::QuoteChanged { quoted, now } => m("refusal-quote-changed")
                .number("quoted", quoted.get())
                .number("now", now.get()),
            Refusal::Suspended { reason } => m("refusal-org-suspended").text("reason", reason),
            Refusal::TooManyPending { max } => m("refusal-too-many-pending").number("max", *max),
            Refusal::CatalogChanged { revision } => {
                m("refusal-catalog-changed").number("revision", *revision)
            }
            Refusal::ProductInUse { product, banks } => m("refusal-product-in-use")
                .text("product", product)
                .number("banks", *banks),
            Refusal::NotPortable(_) | Refusal::Conflict(_) => return None,
        })
    }
}
