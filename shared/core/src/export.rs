//! The licence export: its columns, one row per licence, and cells made safe for spreadsheets.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
//! by spreadsheet programs (CSV injection). Following OWASP's guidance, such a cell is prefixed
//! with a single quote, which makes it text; the adapters' CSV writer then quotes what needs it.

use std::borrow::Cow;

use crate::license::License;
use crate::Date;

pub const HEADER: [&str; 12] = [
    "activation_code",
    "product",
    "type",
    "computers",
    "start",
    "expiry",
    "status",
    "assignee",
    "credits_used",
    "bank",
    "bank_start",
    "bank_expiry",
];

/// The cell as text no spreadsheet will evaluate.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// One licence as a row of [`HEADER`], every cell neutralised.
pub fn row(license: &License, today: Date) -> [String; 12] {
    let cells = [
        license.code.to_string(),
        license.product.to_string(),
        license.license_type.as_str().to_string(),
        license.computers().to_string(),
        license.start().to_string(),
        license.expiry().to_string(),
        license.status(today).as_str().to_string(),
        license
            .assignee()
            .map(ToString::to_string)
            .unwrap_or_default(),
        license.credits_used().to_string(),
        license.bank.id.to_string(),
        license.bank.start.to_string(),
        license.bank.expiry.to_string(),
    ];
    cells.map(|c| neutralise(&c).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for (raw, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(neutralise(raw), safe);
        }
        for plain in ["", "harmony-premium", "a@b.co", "2026-01-01", "7KQM-3XWD"] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
