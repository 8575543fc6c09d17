//! The licence export: its columns, one row per licence, and cells made safe for spreadsheets.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
//! by spreadsheet programs (CSV injection). Following OWASP's guidance, such a cell is prefixed
//! with a single quote, which makes it text; the adapters' CSV writer then quotes what needs it.

use std::borrow::Cow;

use crate::catalog::Catalog;
use crate::license::{License, LicenseType};
use crate::Date;

/// The columns, in words a studio's admin reads in a spreadsheet: the product's name, the type
/// as the portal says it, the bank as a label; no internal id.
pub const HEADER: [&str; 11] = [
    "code",
    "product",
    "version",
    "type",
    "computers",
    "current_term_start",
    "current_term_expiry",
    "expiry",
    "status",
    "assignee",
    "bank",
];

/// A licence type as people read it.
pub fn type_label(license_type: LicenseType) -> &'static str {
    match license_type {
        LicenseType::NodeLock => "Node lock",
        LicenseType::Multiseat => "Multiseat",
        LicenseType::Floating => "Floating",
    }
}

/// The cell as text no spreadsheet will evaluate.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The licence's bank as a label: "Harmony Premium 25.1, 2026-01-01 to 2027-01-01".
pub fn bank_label(license: &License, product_name: &str) -> String {
    format!(
        "{product_name} {}, {} to {}",
        license.bank.version, license.bank.start, license.bank.expiry
    )
}

/// One licence as a row of [`HEADER`], every cell neutralised; product names come from
/// `catalog` (its id when the catalogue no longer has it).
pub fn row(license: &License, catalog: &Catalog, today: Date) -> [String; 11] {
    let product = catalog.product_name(&license.product);
    let term = license.current_term(today);
    let cells = [
        license.code.to_string(),
        product.clone(),
        license.bank.version.to_string(),
        type_label(license.license_type).to_string(),
        term.computers.to_string(),
        term.start.to_string(),
        term.expiry.to_string(),
        license.expiry().to_string(),
        license.status(today).as_str().to_string(),
        license
            .assignee()
            .map(ToString::to_string)
            .unwrap_or_default(),
        bank_label(license, &product),
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

    #[test]
    fn a_renewed_licence_shows_the_term_in_force_and_its_last_expiry() {
        use crate::bank::tests::{bank, d};
        use crate::quote::{quote_generation, quote_renewal, GenerationRequest, RenewalRequest};
        use crate::values::{Email, Months, Quantity};
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let request = GenerationRequest {
            license_type: LicenseType::Multiseat,
            months: Months::parse("months", 2).unwrap(),
            quantity: Quantity::parse("quantity", 3).unwrap(),
            start: d("2026-01-10"),
        };
        let quote = quote_generation(&b, &request, d("2026-01-10")).unwrap();
        let ana = Email::parse("email", "ana@studio.example").unwrap();
        let code = crate::ActivationCode::from_entropy([7; 10]);
        let mut license = quote
            .issue(
                &b,
                request.license_type,
                &ana,
                [code],
                chrono::DateTime::UNIX_EPOCH,
            )
            .unwrap()
            .remove(0);
        let more = RenewalRequest {
            months: None,
            computers: Some(Quantity::parse("computers", 5).unwrap()),
        };
        let renewal = quote_renewal(&license, &b, &more, d("2026-01-20")).unwrap();
        license.terms.push(renewal.term(&b.id));
        let catalog: Catalog = serde_json::from_value(serde_json::json!({ "products": [
            { "id": "harmony-premium", "name": "Harmony Premium", "releases": [] }
        ] }))
        .unwrap();
        let cells = row(&license, &catalog, d("2026-02-01"));
        assert_eq!(
            cells[1..].to_vec(),
            vec![
                "Harmony Premium",
                "25.1",
                "Multiseat",
                "3",
                "2026-01-10",
                "2026-03-10",
                "2026-05-10",
                "active",
                "ana@studio.example",
                "Harmony Premium 25.1, 2026-01-01 to 2027-01-01",
            ]
        );
        let later = row(&license, &catalog, d("2026-04-01"));
        assert_eq!((later[4].as_str(), later[5].as_str()), ("5", "2026-03-10"));
        let before = row(&license, &catalog, d("2026-01-01"));
        assert_eq!(before[5], "2026-01-10", "not started: the first term");
        let after = row(&license, &catalog, d("2026-06-01"));
        assert_eq!(
            (after[5].as_str(), after[8].as_str()),
            ("2026-03-10", "expired")
        );
    }
}
