//! What to tell a person, in no language: a message of the catalogues (`shared/l10n/locales`)
//! by id, with its arguments. The rules say which message; the adapters say it in the reader's
//! language. Every error sentence is one: an invalid field's reason, a refusal's, a conflict's.
//! Their English (`Display`, for logs and tests) is the English catalogue's.

use std::borrow::Cow;
use std::fmt;

use elp_l10n::{Args, Lang};
use serde::{Deserialize, Serialize};

use crate::error::Refusal;
use crate::Date;

/// A message argument: text used as it is, a number (plurals select on it, and it is grouped as
/// the language writes numbers), a day (written as the language writes dates), a month, or
/// other messages said in the same language (joined by "; ").
///
/// Stored with the audit events that say it (`{"Number": 3}`), so an event is read in the
/// reader's language, not the writer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arg {
    Text(String),
    Number(i64),
    Date(Date),
    Said(Vec<Message>),
    /// A calendar month (the day's month and year), written as the language writes months.
    Month(Date),
}

/// A catalogue message and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id: Cow::Borrowed(id),
            args: Vec::new(),
        }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name.into(), Arg::Text(value.into())));
        self
    }

    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Self {
        self.args.push((
            name.into(),
            Arg::Number(value.try_into().unwrap_or(i64::MAX)),
        ));
        self
    }

    pub fn date(mut self, name: &'static str, value: Date) -> Self {
        self.args.push((name.into(), Arg::Date(value)));
        self
    }

    /// `parts`, each said in the message's language, joined by "; ".
    pub fn said(mut self, name: &'static str, parts: Vec<Message>) -> Self {
        self.args.push((name.into(), Arg::Said(parts)));
        self
    }

    /// The month of `value` ("March 2027", "mars 2027").
    pub fn month(mut self, name: &'static str, value: Date) -> Self {
        self.args.push((name.into(), Arg::Month(value)));
        self
    }

    /// The message in `lang`: dates as the language writes them, numbers grouped.
    pub fn say(&self, lang: Lang) -> String {
        let mut args = Args::new();
        for (name, value) in &self.args {
            args = match value {
                Arg::Text(t) => args.text(name, t.as_str()),
                Arg::Number(n) => args.number(name, *n),
                Arg::Date(d) => args.text(name, elp_l10n::date(lang, *d)),
                Arg::Said(parts) => args.text(name, say_all(parts, lang)),
                Arg::Month(d) => args.text(name, elp_l10n::month(lang, *d)),
            };
        }
        elp_l10n::text(lang, &self.id, &args)
    }

    /// The message as one line of text that [`Message::decode`] reads back.
    pub(crate) fn encode(&self) -> String {
        let mut out = format!("{MARK}{}", self.id);
        for (name, value) in &self.args {
            let (kind, value) = match value {
                Arg::Text(t) => ('t', t.clone()),
                Arg::Number(n) => ('n', n.to_string()),
                Arg::Date(d) => ('d', d.to_string()),
                Arg::Month(d) => ('m', d.to_string()),
                // Only refusals are encoded, and none says other messages: in English if one does.
                Arg::Said(parts) => ('t', say_all(parts, Lang::En)),
            };
            out.push_str(&format!("{ARG}{name}{KIND}{kind}{value}"));
        }
        out
    }

    /// A message [`Message::encode`] wrote, or `None` for any other text.
    pub(crate) fn decode(text: &str) -> Option<Message> {
        let mut parts = text.strip_prefix(MARK)?.split(ARG);
        let mut message = Message {
            id: Cow::Owned(parts.next()?.to_string()),
            args: Vec::new(),
        };
        for part in parts {
            let (name, value) = part.split_once(KIND)?;
            let mut chars = value.chars();
            let kind = chars.next()?;
            let value = chars.as_str();
            let arg = match kind {
                't' => Arg::Text(value.to_string()),
                'n' => Arg::Number(value.parse().ok()?),
                'd' => Arg::Date(value.parse().ok()?),
                'm' => Arg::Month(value.parse().ok()?),
                _ => return None,
            };
            message.args.push((Cow::Owned(name.to_string()), arg));
        }
        Some(message)
    }
}

/// Messages said in `lang`, joined by "; ".
fn say_all(parts: &[Message], lang: Lang) -> String {
    let said: Vec<String> = parts.iter().map(|m| m.say(lang)).collect();
    said.join("; ")
}

const MARK: &str = "\u{0}elp-message\u{1}";
const ARG: char = '\u{1}';
const KIND: char = '\u{2}';

/// The English sentence.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl Refusal {
    /// What the refusal tells a person: a catalogue message `refusal-<code>`, or for a conflict
    /// and a bank that is not portable, the message their site chose.
    pub fn message(&self) -> Message {
        let m = |id| Message::new(id);
        match self {
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
            Refusal::NotPortable(message) | Refusal::Conflict(message) => message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Invalid;

    #[test]
    fn an_invalid_fields_alternate_form_gives_its_message_back() {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        let invalid = Invalid::new(
            "start",
            Message::new("invalid-before-bank-start")
                .date("start", day)
                .number("n", -3)
                .text("t", "a=b; c"),
        );
        let back = Invalid::from_alternate(&format!("{invalid:#}")).expect("a message");
        assert_eq!(back, invalid.message);
        assert_eq!(
            invalid.to_string(),
            "start: must not be before the bank's start date (1 February 2027)"
        );
        assert_eq!(Invalid::from_alternate("start: must be a date"), None);
    }
}
