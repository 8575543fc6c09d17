//! Organisations: a studio that buys banks of credits and whose people use the portal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Invalid, Refusal};
use crate::message::Message;
use crate::values::OrgId;
use crate::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub created_on: Date,
    /// Set while the vendor has suspended the organisation: its people read everything and
    /// their licences stay valid, but nothing changes until it is resumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<Suspension>,
    /// The language its mail is written in for people who have not chosen one (an invitation
    /// to someone new, above all), set by its admins; none: English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// How activation behaves for its licences, as the operator set it; none: the defaults
    /// (decision 127).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation: Option<crate::activation::ActivationPolicy>,
}

/// Why and since when an organisation is suspended (an unpaid invoice, a dispute, a request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub since: DateTime<Utc>,
    pub by: String,
    pub reason: String,
}

impl Organisation {
    /// The activation policy its licences follow: the operator's, else the defaults.
    pub fn activation_policy(&self) -> crate::activation::ActivationPolicy {
        self.activation.unwrap_or_default()
    }

    /// A change of the organisation's data is refused while it is suspended.
    pub fn check_open(&self) -> Result<(), Refusal> {
        match &self.suspended {
            Some(s) => Err(Refusal::Suspended {
                reason: s.reason.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// What the operator writes as the reason of a suspension, a void or an extension: 1 to 500
/// characters on one line, trimmed.
pub fn parse_reason(field: &'static str, raw: &str) -> Result<String, Invalid> {
    let reason = raw.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Invalid::new(
            field,
            Message::new("invalid-length")
                .number("min", 1)
                .number("max", 500),
        ));
    }
    if reason.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            Message::new("invalid-control-characters"),
        ));
    }
    Ok(reason.to_string())
}

/// The words of a name as the operator's search matches them: lower-cased, split on anything
/// that is not a letter or digit, each preceded by a space (`" studio nord 3d"`), so that a
/// search matches the start of any word by looking for `" " + query`.
pub fn search_words(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push(' ');
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// What the operator typed, in the form [`search_words`] matches: `" nor"` finds
/// "Studio Nord". `None` when it holds no letter or digit.
pub fn search_query(raw: &str) -> Option<String> {
    let words = search_words(raw);
    (!words.is_empty()).then_some(words)
}

/// Whether a name's [`search_words`] match a [`search_query`]: every word searched starts a word
/// of the name, in any order (the store asks DynamoDB the same, one `contains` per word).
pub fn name_matches(words: &str, query: &str) -> bool {
    query
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|w| words.contains(&format!(" {w}")))
}

/// The sort key of an organisation among all of them: its lower-cased name, so the operator's
/// list reads alphabetically.
pub fn name_order(name: &str) -> String {
    name.chars().flat_map(char::to_lowercase).collect()
}

/// An organisation's display name: 1 to 100 printable characters, trimmed. It appears in mail
/// subjects, so line breaks and other control characters are refused rather than escaped.
pub fn parse_org_name(raw: &str) -> Result<String, Invalid> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Invalid::new(
            "name",
            Message::new("invalid-length")
                .number("min", 1)
                .number("max", 100),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid::new(
            "name",
            Message::new("invalid-control-characters"),
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_the_start_of_any_word() {
        let words = search_words("Studio Nord-3D (Lyon)");
        assert_eq!(words, " studio nord 3d lyon");
        for q in [
            "nor",
            "Studio",
            "3d",
            "LYON",
            "studio nord",
            "lyon stu",
            "nord, 3",
        ] {
            assert!(name_matches(&words, &search_query(q).unwrap()), "{q}");
        }
        for q in ["ord", "tudio", "nordx", "nord paris"] {
            assert!(!name_matches(&words, &search_query(q).unwrap()), "{q}");
        }
        assert_eq!(search_query("  -- "), None);
        assert_eq!(search_words("Ärger Études"), " ärger études");
    }

    #[test]
    fn reasons_are_one_line() {
        assert_eq!(parse_reason("reason", " unpaid ").unwrap(), "unpaid");
        assert!(parse_reason("reason", "").is_err());
        assert!(parse_reason("reason", "a\nb").is_err());
        assert!(parse_reason("reason", &"x".repeat(501)).is_err());
    }

    #[test]
    fn names_are_trimmed_and_single_line() {
        assert_eq!(parse_org_name("  Studio Nord ").unwrap(), "Studio Nord");
        assert!(parse_org_name("").is_err());
        assert!(parse_org_name("   ").is_err());
        assert!(parse_org_name("Evil\r\nBcc: x@y.z").is_err());
        assert!(parse_org_name(&"x".repeat(101)).is_err());
        assert_eq!(
            parse_org_name("Studio Ünïcode 🎬").unwrap(),
            "Studio Ünïcode 🎬"
        );
    }
}
