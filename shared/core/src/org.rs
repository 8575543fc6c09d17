//! Organisations: a studio that buys banks of credits and whose people use the portal.

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::values::OrgId;
use crate::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub created_on: Date,
}

/// An organisation's display name: 1 to 100 printable characters, trimmed. It appears in mail
/// subjects, so line breaks and other control characters are refused rather than escaped.
pub fn parse_org_name(raw: &str) -> Result<String, Invalid> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Invalid::new("name", "must be 1 to 100 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid::new(
            "name",
            "must not contain line breaks or control characters",
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
