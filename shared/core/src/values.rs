//! Values that a bare integer or string would let go wrong: credits, months, quantities,
//! emails and identifiers. Each constructor validates once; holding a value means it is valid.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::message::Message;

/// The longest term one request may ask for (ten years).
pub const MAX_MONTHS: u32 = 120;
/// The most computers, seats or separate licences one request may ask for.
pub const MAX_QUANTITY: u32 = 1_000;
/// The most credits one bank can hold or one grant can add.
pub const MAX_CREDITS: u32 = 10_000_000;

/// Licence-months for one computer. Never negative; arithmetic that could overflow is checked.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Credits(u32);

impl Credits {
    pub const ZERO: Credits = Credits(0);

    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// Credits from an untrusted number, e.g. an operator's grant (`field` names it in errors).
    pub fn parse(field: &'static str, n: i64) -> Result<Self, Invalid> {
        if n < 0 {
            return Err(Invalid::new(field, Message::new("invalid-not-negative")));
        }
        if n > i64::from(MAX_CREDITS) {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-most").number("max", MAX_CREDITS),
            ));
        }
        Ok(Credits(n as u32))
    }

    /// For values already known to be in range (stored data, computed costs).
    pub const fn new(n: u32) -> Self {
        Credits(n)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    pub fn checked_add(self, other: Credits) -> Option<Credits> {
        self.0.checked_add(other.0).map(Credits)
    }

    pub fn checked_sub(self, other: Credits) -> Option<Credits> {
        self.0.checked_sub(other.0).map(Credits)
    }

    pub fn saturating_sub(self, other: Credits) -> Credits {
        Credits(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A number of calendar months, 1 to [`MAX_MONTHS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Months(u32);

impl Months {
    pub fn parse(field: &'static str, n: i64) -> Result<Self, Invalid> {
        if n < 1 {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-least-months").number("min", 1),
            ));
        }
        if n > i64::from(MAX_MONTHS) {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-most-months").number("max", MAX_MONTHS),
            ));
        }
        Ok(Months(n as u32))
    }

    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Months {
    type Error = Invalid;
    fn try_from(n: u32) -> Result<Self, Invalid> {
        Months::parse("months", i64::from(n))
    }
}

impl From<Months> for u32 {
    fn from(m: Months) -> u32 {
        m.0
    }
}

impl fmt::Display for Months {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Computers, seats or licences in one request: 1 to [`MAX_QUANTITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    pub const ONE: Quantity = Quantity(1);

    pub fn parse(field: &'static str, n: i64) -> Result<Self, Invalid> {
        if n < 1 {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-least").number("min", 1),
            ));
        }
        if n > i64::from(MAX_QUANTITY) {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-most").number("max", MAX_QUANTITY),
            ));
        }
        Ok(Quantity(n as u32))
    }

    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Quantity {
    type Error = Invalid;
    fn try_from(n: u32) -> Result<Self, Invalid> {
        Quantity::parse("quantity", i64::from(n))
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> u32 {
        q.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A person's address, trimmed and lower-cased once so comparisons are case-insensitive.
///
/// Deliberately stricter than RFC 5322: no quoted local parts, comments, spaces or control
/// characters, so an address can never break a mail header or a storage key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// An address typed by a person: surrounding whitespace is trimmed, then it must be plain
    /// ASCII (checked before lower-casing, so no Unicode character can fold into an ASCII one:
    /// U+212A KELVIN SIGN lower-cases to `k`).
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        Self::parse_exact(field, raw.trim())
    }

    /// An address exactly as given, as an identity provider asserts it: any whitespace, inside
    /// or around it, is refused rather than trimmed.
    pub fn parse_exact(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        let bad = |why: Message| Err(Invalid::new(field, why));
        if !raw.is_ascii() {
            return bad(Message::new("invalid-email-ascii"));
        }
        if raw
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
        {
            return bad(Message::new("invalid-email-spaces"));
        }
        let email = raw.to_ascii_lowercase();
        if email.is_empty() {
            return bad(Message::new("invalid-empty"));
        }
        if email.len() > 254 {
            return bad(Message::new("invalid-at-most-characters").number("max", 254));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return bad(Message::new("invalid-email-at"));
        };
        if local.is_empty() || local.len() > 64 {
            return bad(Message::new("invalid-email-local-length"));
        }
        let local_ok = local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return bad(Message::new("invalid-email-local-characters"));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !domain_ok {
            return bad(Message::new("invalid-email-domain"));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the @ (already lower-cased).
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, d)| d)
    }
}

/// A mail domain as the operator types it to find organisations (`studio.example` or
/// `@studio.example`): the domain an [`Email`] at it would have.
pub fn parse_domain(field: &'static str, raw: &str) -> Result<String, Invalid> {
    let bare = raw.trim().trim_start_matches('@');
    Email::parse(field, &format!("x@{bare}"))
        .map(|e| e.domain().to_string())
        .map_err(|_| Invalid::new(field, Message::new("invalid-mail-domain")))
}

impl TryFrom<String> for Email {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Email::parse("email", &s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identifiers travel in paths and storage keys, so they are limited to characters that are
/// harmless in both: ASCII letters, digits, `-` and `_`, 1 to 64 of them.
fn check_id(field: &'static str, raw: &str) -> Result<(), Invalid> {
    if raw.is_empty() || raw.len() > 64 {
        return Err(Invalid::new(
            field,
            Message::new("invalid-length")
                .number("min", 1)
                .number("max", 64),
        ));
    }
    if !raw
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Invalid::new(field, Message::new("invalid-id-characters")));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                check_id($field, raw)?;
                Ok(Self(raw.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(s: String) -> Result<Self, Invalid> {
                check_id($field, &s)?;
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// An organisation (a studio).
    OrgId,
    "org"
);
id_type!(
    /// A bank of credits.
    BankId,
    "bank"
);
id_type!(
    /// A product of the catalogue, e.g. `harmony-premium`.
    ProductId,
    "product"
);
id_type!(
    /// An organisation's request for credits (`r_...`).
    CreditRequestId,
    "id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_reject_zero_negative_and_absurd() {
        assert_eq!(Months::parse("months", 0).unwrap_err().field, "months");
        assert!(Months::parse("months", -3).is_err());
        assert!(Months::parse("months", i64::MAX).is_err());
        assert!(Months::parse("months", 121).is_err());
        assert_eq!(Months::parse("months", 120).unwrap().get(), 120);
        assert_eq!(Months::parse("months", 1).unwrap().get(), 1);
    }

    #[test]
    fn quantity_rejects_zero_negative_and_absurd() {
        assert!(Quantity::parse("quantity", 0).is_err());
        assert!(Quantity::parse("quantity", -1).is_err());
        assert!(Quantity::parse("quantity", 1_001).is_err());
        assert_eq!(Quantity::parse("quantity", 1_000).unwrap().get(), 1_000);
    }

    #[test]
    fn credits_reject_negative_and_absurd() {
        assert!(Credits::parse("credits", -1).is_err());
        assert!(Credits::parse("credits", i64::from(MAX_CREDITS) + 1).is_err());
        assert_eq!(Credits::parse("credits", 0).unwrap(), Credits::ZERO);
    }

    #[test]
    fn credits_subtraction_never_goes_below_zero() {
        assert_eq!(
            Credits::new(3).saturating_sub(Credits::new(5)),
            Credits::ZERO
        );
        assert_eq!(Credits::new(3).checked_sub(Credits::new(5)), None);
    }

    #[test]
    fn email_is_normalised_once() {
        let e = Email::parse("email", "  Ada.Lovelace@Studio.EXAMPLE ").unwrap();
        assert_eq!(e.as_str(), "ada.lovelace@studio.example");
        assert_eq!(
            e,
            Email::parse("email", "ada.lovelace@studio.example").unwrap()
        );
    }

    #[test]
    fn email_rejects_header_injection_and_oddities() {
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@c.com\r\nBcc: x@y.com",
            "a\n@c.com",
            "\"quoted\"@c.com",
            "<a@c.com>",
            "a@c.com, b@d.com",
            ".a@c.com",
            "a..b@c.com",
            "a@-c.com",
            "a@c..com",
            "été@c.com",
        ] {
            let err = Email::parse("email", bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad:?}");
        }
        let long = format!("{}@c.com", "a".repeat(65));
        assert!(Email::parse("email", &long).is_err());
    }

    #[test]
    fn no_unicode_folds_into_an_address() {
        // U+212A KELVIN SIGN lower-cases to an ASCII `k`; U+0130 to `i` and a combining dot.
        for sneaky in [
            "\u{212A}im@studio.example",
            "adm\u{0130}n@studio.example",
            "ana@studio.exampl\u{0435}",
        ] {
            assert!(Email::parse("email", sneaky).is_err(), "{sneaky}");
            assert!(Email::parse_exact("email", sneaky).is_err(), "{sneaky}");
        }
    }

    #[test]
    fn an_asserted_address_is_taken_exactly() {
        assert_eq!(
            Email::parse_exact("email", "Ana@Studio.example")
                .unwrap()
                .as_str(),
            "ana@studio.example"
        );
        for spaced in [
            " ana@studio.example",
            "ana@studio.example ",
            "ana @studio.example",
            "ana@studio.example\t",
        ] {
            assert!(Email::parse_exact("email", spaced).is_err(), "{spaced:?}");
        }
        assert!(
            Email::parse("email", " ana@studio.example ").is_ok(),
            "a form's input is trimmed"
        );
    }

    #[test]
    fn ids_reject_key_and_path_characters() {
        for bad in ["", "a#b", "../x", "a/b", "a b", "é", &"x".repeat(65)] {
            assert!(OrgId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(BankId::parse("bank_2026-01-AbC").is_ok());
        assert_eq!(ProductId::parse("a#b").unwrap_err().field, "product");
    }
}
