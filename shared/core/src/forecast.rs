//! The forecast of a bank: what its credits become at the organisation's current use. Every
//! unexpired licence whose last term drew on the bank is renewed when that term ends, with the
//! same type, computers and months as its last term, each renewal capped at the bank's expiry as
//! a real renewal is (only the months started before it are charged; a licence that already ends
//! on the bank's expiry is not renewed). That is the burn, month by month; what the bank holds
//! beyond it is forfeited at its expiry; and when the burn needs more than the bank holds, the
//! credits run out in the month of the first renewal it cannot pay in full.
//!
//! It is a forecast, not a promise: it assumes no new licences, no grants and no returns. It
//! reads the bank and its licences and nothing else.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::dates::Lifecycle;
use crate::license::License;
use crate::message::Message;
use crate::quote::plan_term;
use crate::values::Credits;
use crate::Date;

/// The credits renewals would draw in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthBurn {
    /// The first day of the month.
    pub month: Date,
    /// What the renewals starting that month would be charged.
    pub credits: Credits,
}

/// A bank's forecast on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// What the bank can still spend on the day (nothing once expired).
    pub remaining: Credits,
    /// The day the unspent credits are forfeited.
    pub expiry: Date,
    /// What renewals at the current settings would be charged until the bank's expiry.
    pub needed: Credits,
    /// What of that the bank can pay: `min(needed, remaining)`.
    pub burn: Credits,
    /// What the bank will still hold at its expiry: `remaining - burn`.
    pub forfeited: Credits,
    /// The first day of the month of the first renewal the bank cannot pay in full, if any.
    pub run_out: Option<Date>,
    /// The renewals' charges by month, in month order (months with none are left out).
    pub months: Vec<MonthBurn>,
}

/// The first day of `day`'s month.
fn month_of(day: Date) -> Date {
    day.with_day(1).expect("every month has a first day")
}

/// The renewals `license` would go through until `bank` expires: (start, credits) of each,
/// in order. None unless it is unexpired on `today` and its last term drew on `bank`.
fn renewals(license: &License, bank: &Bank, today: Date) -> Vec<(Date, u64)> {
    let mut found = Vec::new();
    let last = license.terms.last();
    let draws_here = last.is_some_and(|t| *license.term_bank(t) == bank.id);
    if !draws_here || license.status(today) == Lifecycle::Expired {
        return found;
    }
    let (months, computers) = (license.last_months(), u64::from(license.computers().get()));
    let mut start = license.expiry();
    while start < bank.expiry {
        let (end, charged, capped) = plan_term(start, months, bank.expiry);
        found.push((start, u64::from(charged) * computers));
        if capped || end <= start {
            break;
        }
        start = end;
    }
    found
}

fn credits(n: u64) -> Credits {
    Credits::new(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The forecast of `bank` on `today`, from `licenses` (any licences: those not drawing on the
/// bank, or expired, are left out).
pub fn forecast_bank(bank: &Bank, licenses: &[License], today: Date) -> Forecast {
    let usable = bank.status(today) != Lifecycle::Expired;
    let remaining = if usable {
        bank.remaining()
    } else {
        Credits::ZERO
    };
    let mut all: Vec<(Date, u64)> = if usable {
        licenses
            .iter()
            .flat_map(|l| renewals(l, bank, today))
            .collect()
    } else {
        Vec::new()
    };
    all.sort_unstable();
    let have = u64::from(remaining.get());
    let (mut needed, mut run_out) = (0u64, None);
    let mut by_month: BTreeMap<Date, u64> = BTreeMap::new();
    for (start, cost) in all {
        needed += cost;
        if needed > have && run_out.is_none() {
            run_out = Some(month_of(start));
        }
        *by_month.entry(month_of(start)).or_default() += cost;
    }
    let burn = needed.min(have);
    Forecast {
        remaining,
        expiry: bank.expiry,
        needed: credits(needed),
        burn: credits(burn),
        forfeited: credits(have - burn),
        run_out,
        months: by_month
            .into_iter()
            .map(|(month, c)| MonthBurn {
                month,
                credits: credits(c),
            })
            .collect(),
    }
}

impl Forecast {
    /// The forecast in a sentence: what will be lost and when, that everything will be used,
    /// or when the credits run out. `None` for a bank with nothing left to spend.
    pub fn message(&self) -> Option<Message> {
        if self.remaining.is_zero() {
            return None;
        }
        Some(match self.run_out {
            Some(month) => Message::new("forecast-run-out")
                .month("month", month)
                .date("expiry", self.expiry),
            None if self.forfeited.is_zero() => {
                Message::new("forecast-all-used").date("expiry", self.expiry)
            }
            None => Message::new("forecast-lost")
                .number("lost", self.forfeited.get())
                .date("expiry", self.expiry),
        })
    }
}

/// A product's forecast: its usable banks' forecasts added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductForecast {
    pub remaining: Credits,
    pub needed: Credits,
    pub burn: Credits,
    /// Credits the product's banks will forfeit, added over the banks.
    pub forfeited: Credits,
    /// The soonest expiry of a bank that will forfeit credits.
    pub first_loss: Option<Date>,
    /// The soonest month a bank of the product runs out.
    pub run_out: Option<Date>,
    /// The renewals' charges by month over every bank of the product.
    pub months: Vec<MonthBurn>,
}

/// The forecasts of one product's banks, added up.
pub fn forecast_product<'a>(banks: impl IntoIterator<Item = &'a Forecast>) -> ProductForecast {
    let add = |a: Credits, b: Credits| credits(u64::from(a.get()) + u64::from(b.get()));
    let mut out = ProductForecast {
        remaining: Credits::ZERO,
        needed: Credits::ZERO,
        burn: Credits::ZERO,
        forfeited: Credits::ZERO,
        first_loss: None,
        run_out: None,
        months: Vec::new(),
    };
    let mut by_month: BTreeMap<Date, Credits> = BTreeMap::new();
    for f in banks {
        out.remaining = add(out.remaining, f.remaining);
        out.needed = add(out.needed, f.needed);
        out.burn = add(out.burn, f.burn);
        out.forfeited = add(out.forfeited, f.forfeited);
        if !f.forfeited.is_zero() {
            out.first_loss = Some(out.first_loss.map_or(f.expiry, |d| d.min(f.expiry)));
        }
        if let Some(m) = f.run_out {
            out.run_out = Some(out.run_out.map_or(m, |d| d.min(m)));
        }
        for m in &f.months {
            let sum = by_month.entry(m.month).or_insert(Credits::ZERO);
            *sum = add(*sum, m.credits);
        }
    }
    out.months = by_month
        .into_iter()
        .map(|(month, credits)| MonthBurn { month, credits })
        .collect();
    out
}

impl ProductForecast {
    /// The product's forecast in a sentence: the credits that will be lost and the first day
    /// one of its banks loses some; else when the first bank runs out; else that every credit
    /// will be used. `None` when nothing is left to spend.
    pub fn message(&self) -> Option<Message> {
        if self.remaining.is_zero() {
            return None;
        }
        Some(match (self.first_loss, self.run_out) {
            (Some(first), _) => Message::new("forecast-product-lost")
                .number("lost", self.forfeited.get())
                .date("expiry", first),
            (None, Some(month)) => Message::new("forecast-product-run-out").month("month", month),
            (None, None) => Message::new("forecast-product-all-used"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::code::ActivationCode;
    use crate::license::{LicenseType, Term};
    use crate::values::{Months, Quantity};

    pub(crate) fn licence(
        bank: &Bank,
        seed: u8,
        start: &str,
        expiry: &str,
        months: i64,
        computers: i64,
    ) -> License {
        let (start, expiry) = (d(start), d(expiry));
        let computers = Quantity::parse("computers", computers).unwrap();
        License {
            code: ActivationCode::from_entropy([seed; 10]),
            org: bank.org.clone(),
            bank: bank.reference(),
            product: bank.product.clone(),
            license_type: if computers.get() == 1 {
                LicenseType::NodeLock
            } else {
                LicenseType::Multiseat
            },
            terms: vec![Term {
                start,
                expiry,
                months_requested: Months::parse("months", months).unwrap(),
                months_charged: months as u32,
                computers,
                credits: Credits::new(months as u32 * computers.get()),
                bank: Some(bank.id.clone()),
            }],
            assignments: vec![],
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: vec![],
            earlier_banks: vec![],
        }
    }

    #[test]
    fn renewals_follow_the_last_term_until_the_bank_expires() {
        // 100 left; a 3-month node lock ending 2026-04-01 renews on 04-01, 07-01, 10-01 (3 +
        // 3 + 3) and, capped, on 2027-01-01 for the 1 month started before 2027-02-14.
        let mut b = bank("25.1", true, 120, "2026-01-01", "2027-02-14");
        b.used = Credits::new(20);
        let l = licence(&b, 1, "2026-01-01", "2026-04-01", 3, 1);
        let f = forecast_bank(&b, &[l], d("2026-02-01"));
        assert_eq!(f.needed, Credits::new(3 + 3 + 3 + 2));
        assert_eq!(f.forfeited, Credits::new(100 - 11));
        assert_eq!(f.run_out, None);
        let months: Vec<_> = f
            .months
            .iter()
            .map(|m| (m.month, m.credits.get()))
            .collect();
        assert_eq!(
            months,
            vec![
                (d("2026-04-01"), 3),
                (d("2026-07-01"), 3),
                (d("2026-10-01"), 3),
                (d("2027-01-01"), 2)
            ],
            "the last renewal is charged the 2 months started before 14 February"
        );
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::En),
            "At your current use, 89 credits will be lost on 14 February 2027"
        );
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::Fr),
            "À votre rythme actuel, 89 crédits seront perdus le 14 février 2027"
        );
    }

    #[test]
    fn credits_run_out_in_the_month_of_the_first_renewal_not_paid() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let l = licence(&b, 1, "2026-01-01", "2026-03-01", 2, 4);
        // 8 on 03-01, 8 on 05-01: the second does not fit in 10.
        let f = forecast_bank(&b, &[l], d("2026-02-01"));
        assert_eq!(f.run_out, Some(d("2026-05-01")));
        assert_eq!((f.burn, f.forfeited), (Credits::new(10), Credits::ZERO));
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::En),
            "At your current use, the credits run out in May 2026, before the bank expires on 1 January 2027"
        );
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::Fr),
            "À votre rythme actuel, les crédits seront épuisés en mai 2026, avant l'expiration de la banque le 1er janvier 2027"
        );
    }

    #[test]
    fn a_licence_ending_on_the_bank_expiry_or_expired_or_elsewhere_is_not_renewed() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let at_limit = licence(&b, 1, "2026-01-01", "2027-01-01", 12, 1);
        let expired = licence(&b, 2, "2026-01-01", "2026-02-01", 1, 1);
        let mut other = licence(&b, 3, "2026-01-01", "2026-06-01", 5, 1);
        other.terms[0].bank = Some(crate::BankId::parse("other").unwrap());
        let f = forecast_bank(&b, &[at_limit, expired, other], d("2026-03-01"));
        assert_eq!((f.needed, f.forfeited), (Credits::ZERO, Credits::new(10)));
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::En),
            "At your current use, 10 credits will be lost on 1 January 2027"
        );
    }

    #[test]
    fn everything_used_exactly_and_nothing_left() {
        let b = bank("25.1", true, 2, "2026-01-01", "2026-05-01");
        let l = licence(&b, 1, "2026-01-01", "2026-03-01", 2, 1);
        let f = forecast_bank(&b, std::slice::from_ref(&l), d("2026-02-01"));
        assert_eq!((f.forfeited, f.run_out), (Credits::ZERO, None));
        assert_eq!(
            f.message().unwrap().say(elp_l10n::Lang::En),
            "At your current use, every credit will be used before the bank expires on 1 May 2026"
        );
        let mut spent = b.clone();
        spent.used = Credits::new(2);
        assert_eq!(forecast_bank(&spent, &[l], d("2026-02-01")).message(), None);
    }

    #[test]
    fn a_product_adds_its_banks_up() {
        let mut b1 = bank("25.1", true, 10, "2026-01-01", "2026-06-01");
        b1.id = crate::BankId::parse("b1").unwrap();
        let mut b2 = bank("25.1", true, 5, "2026-01-01", "2027-01-01");
        b2.id = crate::BankId::parse("b2").unwrap();
        let l = licence(&b2, 1, "2026-01-01", "2026-03-01", 2, 4);
        let today = d("2026-02-01");
        let (f1, f2) = (
            forecast_bank(&b1, &[], today),
            forecast_bank(&b2, &[l], today),
        );
        let p = forecast_product([&f1, &f2]);
        assert_eq!(
            (p.remaining, p.forfeited),
            (Credits::new(15), Credits::new(10))
        );
        assert_eq!(
            (p.first_loss, p.run_out),
            (Some(d("2026-06-01")), Some(d("2026-03-01")))
        );
        assert_eq!(
            p.message().unwrap().say(elp_l10n::Lang::En),
            "At your current use, 10 credits will be lost as banks expire, the first on 1 June 2026"
        );
        let only_run_out = forecast_product([&f2]);
        assert_eq!(
            only_run_out.message().unwrap().say(elp_l10n::Lang::Fr),
            "À votre rythme actuel, les crédits d'une banque seront épuisés en mars 2026"
        );
    }
}
