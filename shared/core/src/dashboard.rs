//! The dashboard: per product, the credits an organisation can still spend and the bank expiry
//! that matters (use those credits first).

use std::collections::BTreeMap;

use crate::bank::Bank;
use crate::catalog::Catalog;
use crate::dates::Lifecycle;
use crate::values::{Credits, ProductId};
use crate::Date;

/// One product's line of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductSummary<'a> {
    pub product: &'a ProductId,
    pub name: String,
    /// Credits left in the product's usable banks.
    pub remaining: Credits,
    /// The soonest expiry among usable banks that still hold credits.
    pub next_expiry: Option<Date>,
    /// Every bank of the product, usable or not, in the order given.
    pub banks: Vec<&'a Bank>,
}

/// The organisation's `banks` summed up per product on `today`, products in id order.
pub fn summarise<'a>(banks: &'a [Bank], catalog: &Catalog, today: Date) -> Vec<ProductSummary<'a>> {
    let mut products: BTreeMap<&str, ProductSummary<'a>> = BTreeMap::new();
    for bank in banks {
        let summary = products
            .entry(bank.product.as_str())
            .or_insert_with(|| ProductSummary {
                product: &bank.product,
                name: catalog.product_name(&bank.product),
                remaining: Credits::ZERO,
                next_expiry: None,
                banks: Vec::new(),
            });
        if bank.status(today) != Lifecycle::Expired && bank.remaining() > Credits::ZERO {
            summary.remaining = summary
                .remaining
                .checked_add(bank.remaining())
                .unwrap_or(summary.remaining);
            summary.next_expiry = Some(
                summary
                    .next_expiry
                    .map_or(bank.expiry, |e| e.min(bank.expiry)),
            );
        }
        summary.banks.push(bank);
    }
    products.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::values::BankId;

    #[test]
    fn only_usable_banks_with_credits_count() {
        let today = d("2026-03-01");
        let mut soon = bank("25.1", true, 10, "2026-01-01", "2026-04-01");
        soon.id = BankId::parse("soon").unwrap();
        let mut later = bank("25.1", true, 30, "2026-01-01", "2026-12-01");
        later.id = BankId::parse("later").unwrap();
        let mut spent = bank("25.1", true, 5, "2026-01-01", "2026-03-15");
        spent.used = Credits::new(5);
        let gone = bank("24", false, 50, "2025-01-01", "2026-02-01");
        let mut other = bank("24", false, 7, "2026-01-01", "2026-06-01");
        other.product = ProductId::parse("storyboard-pro").unwrap();
        let banks = vec![soon, later, spent, gone, other];
        let lines = summarise(&banks, &Catalog::default(), today);
        assert_eq!(lines.len(), 2);
        let harmony = &lines[0];
        assert_eq!(harmony.product.as_str(), "harmony-premium");
        assert_eq!(
            harmony.name, "harmony-premium",
            "no catalogue entry: the id"
        );
        assert_eq!(harmony.remaining, Credits::new(40));
        assert_eq!(harmony.next_expiry, Some(d("2026-04-01")));
        assert_eq!(harmony.banks.len(), 4, "every bank is listed");
        assert_eq!(lines[1].remaining, Credits::new(7));
    }
}
