//! The dashboard: per product, the credits an organisation can still spend and the bank expiry
//! that matters (use those credits first), what it bought, used and lost; and warnings for the
//! banks whose unused credits will soon be lost.

use std::collections::BTreeMap;

use crate::bank::Bank;
use crate::catalog::Catalog;
use crate::dates::Lifecycle;
use crate::message::Message;
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
    /// Credits purchased or requested, over every bank of the product.
    pub purchased: Credits,
    /// Credits used, over every bank of the product.
    pub used: Credits,
    /// Credits lost when the product's banks expired unused.
    pub forfeited: Credits,
}

/// How far ahead the dashboard warns of a bank expiring with unused credits (the warning mails
/// go out 30, 7 and 1 days before; the dashboard shows it earlier, while there is time to plan).
pub const WARNING_DAYS: i64 = 60;

/// A usable bank that expires within [`WARNING_DAYS`] days with unused credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryWarning<'a> {
    pub bank: &'a Bank,
    pub product_name: String,
    /// Days from `today` to the expiry (1 on the last usable day).
    pub days_left: i64,
    pub unused: Credits,
    /// The warning in a sentence (a catalogue message, said in the reader's language).
    pub message: Message,
}

/// The banks of `banks` that warrant a warning on `today`, soonest expiry first.
pub fn warnings<'a>(banks: &'a [Bank], catalog: &Catalog, today: Date) -> Vec<ExpiryWarning<'a>> {
    let mut found: Vec<ExpiryWarning<'a>> = banks
        .iter()
        .filter(|b| b.status(today) != Lifecycle::Expired && b.remaining() > Credits::ZERO)
        .filter_map(|bank| {
            let days_left = (bank.expiry - today).num_days();
            if !(1..=WARNING_DAYS).contains(&days_left) {
                return None;
            }
            let product_name = catalog.product_name(&bank.product);
            let unused = bank.remaining();
            let message = Message::new("warning-bank-expiring")
                .text("product", product_name.as_str())
                .text("version", bank.version.to_string())
                .number("days", days_left)
                .date("expiry", bank.expiry)
                .number("unused", unused.get());
            Some(ExpiryWarning {
                bank,
                product_name,
                days_left,
                unused,
                message,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        (a.days_left, a.bank.product.as_str(), a.bank.id.as_str()).cmp(&(
            b.days_left,
            b.bank.product.as_str(),
            b.bank.id.as_str(),
        ))
    });
    found
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
                purchased: Credits::ZERO,
                used: Credits::ZERO,
                forfeited: Credits::ZERO,
            });
        let add = |sum: Credits, more: Credits| sum.checked_add(more).unwrap_or(sum);
        summary.purchased = add(summary.purchased, bank.purchased);
        summary.used = add(summary.used, bank.used);
        summary.forfeited = add(summary.forfeited, bank.forfeited.unwrap_or(Credits::ZERO));
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

    #[test]
    fn what_was_bought_used_and_lost_per_product() {
        let today = d("2026-03-01");
        let mut gone = bank("24", false, 50, "2025-01-01", "2026-02-01");
        gone.used = Credits::new(20);
        gone.forfeited = Some(Credits::new(30));
        let mut live = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        live.used = Credits::new(15);
        let banks = vec![gone, live];
        let line = &summarise(&banks, &Catalog::default(), today)[0];
        assert_eq!(
            (line.purchased, line.used, line.forfeited, line.remaining),
            (
                Credits::new(150),
                Credits::new(35),
                Credits::new(30),
                Credits::new(85)
            )
        );
    }

    #[test]
    fn banks_expiring_within_sixty_days_with_unused_credits_are_warned_of() {
        let today = d("2026-11-01");
        let catalog: Catalog = serde_json::from_value(serde_json::json!({ "products": [
            { "id": "harmony-premium", "name": "Harmony Premium", "releases": [] }
        ] }))
        .unwrap();
        let mut soon = bank("25.1", true, 50, "2026-01-01", "2026-12-16");
        soon.id = BankId::parse("soon").unwrap();
        soon.used = Credits::new(6);
        let mut later = bank("25.1", true, 50, "2026-01-01", "2026-12-31");
        later.id = BankId::parse("later").unwrap();
        let far = bank("25.1", true, 50, "2026-01-01", "2027-01-01");
        let mut spent = bank("25.1", true, 5, "2026-01-01", "2026-11-20");
        spent.used = Credits::new(5);
        let mut last_day = bank("24", false, 1, "2026-01-01", "2026-11-02");
        last_day.id = BankId::parse("last").unwrap();
        let gone = bank("24", false, 9, "2026-01-01", "2026-11-01");
        let banks = vec![far, later, spent, soon, gone, last_day];
        let found = warnings(&banks, &catalog, today);
        let seen: Vec<(&str, i64, u32)> = found
            .iter()
            .map(|w| (w.bank.id.as_str(), w.days_left, w.unused.get()))
            .collect();
        assert_eq!(
            seen,
            vec![("last", 1, 1), ("soon", 45, 44), ("later", 60, 50)],
            "61 days away, spent and expired banks are not warned of"
        );
        assert_eq!(
            found[1].message.say(elp_l10n::Lang::En),
            "Harmony Premium 25.1 expires in 45 days (16 December 2026) with 44 unused credits"
        );
        assert_eq!(
            found[0].message.say(elp_l10n::Lang::En),
            "Harmony Premium 24 expires in 1 day (2 November 2026) with 1 unused credit"
        );
        assert_eq!(
            found[0].message.say(elp_l10n::Lang::Fr),
            "Harmony Premium 24 expire dans 1 jour (le 2 novembre 2026) avec 1 crédit non utilisé"
        );
    }
}
