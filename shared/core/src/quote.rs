//! Quotes: what a generation or a renewal would cost and produce, computed before anything is
//! charged. Confirming re-runs the same quote on fresh data and charges only if it matches.
//!
//! Cost = months charged x computers, summed over the licences made. A term that would run past
//! its bank's expiry ends on that date, and only the months started before it are charged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::code::ActivationCode;
use crate::dates::{add_months, months_started_before};
use crate::error::{Fit, Invalid, Refusal, RuleError};
use crate::license::{Assignment, License, LicenseType, Term};
use crate::message::Message;
use crate::values::{BankId, Credits, Email, Months, Quantity, MAX_MONTHS, MAX_QUANTITY};
use crate::Date;

/// Generating licences: the administrator's form, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerationRequest {
    pub license_type: LicenseType,
    pub months: Months,
    /// Separate licences for node-lock, computers for multiseat, seats for floating.
    pub quantity: Quantity,
    pub start: Date,
}

/// Renewing a licence: by default the previous term's months and computers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenewalRequest {
    pub months: Option<Months>,
    /// Only multiseat licences may change their number of computers for the new term.
    pub computers: Option<Quantity>,
}

/// What a request will do, shown before it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub start: Date,
    pub expiry: Date,
    pub months_requested: Months,
    pub months_charged: u32,
    /// Licences (activation codes) the request makes: N for node-lock, otherwise 1.
    pub licenses: u32,
    /// Computers or seats on each licence.
    pub computers: Quantity,
    pub credits: Credits,
    pub remaining_before: Credits,
    pub remaining_after: Credits,
    /// True when the term was cut at the bank's expiry.
    pub capped: bool,
    /// The quote in words, for the review-and-confirm step.
    pub summary: String,
}

impl Quote {
    /// The quote with its `summary` in `lang` (the API says it in the reader's language).
    pub fn said(mut self, license_type: LicenseType, lang: elp_l10n::Lang) -> Quote {
        self.summary = self.message(license_type).say(lang);
        self
    }

    /// The quote in words, as a message said in the reader's language ([`Quote::summary`] is
    /// the API's English). A capped term ends on the bank's expiry, which is then its expiry.
    pub fn message(&self, license_type: LicenseType) -> Message {
        let id = if self.capped {
            "quote-summary-capped"
        } else {
            "quote-summary"
        };
        Message::new(id)
            .text("type", license_type.as_str())
            .number("licenses", self.licenses)
            .number("computers", self.computers.get())
            .number("months", self.months_charged)
            .number("requested", self.months_requested.get())
            .number("credits", self.credits.get())
            .date("start", self.start)
            .date("expiry", self.expiry)
            .number("remaining", self.remaining_after.get())
    }

    /// The term each licence of this quote gets (credits per licence), drawn on `bank`.
    pub fn term(&self, bank: &BankId) -> Term {
        Term {
            start: self.start,
            expiry: self.expiry,
            months_requested: self.months_requested,
            months_charged: self.months_charged,
            computers: self.computers,
            credits: Credits::new(self.months_charged * self.computers.get()),
            bank: Some(bank.clone()),
        }
    }

    /// The licences a confirmed generation quote makes from `bank`: one per code, each with the
    /// quote's term, assigned to `recipient` from the day of `created_at`. `codes` must hold at
    /// least [`Quote::licenses`] fresh codes.
    pub fn issue(
        &self,
        bank: &Bank,
        license_type: LicenseType,
        recipient: &Email,
        codes: impl IntoIterator<Item = ActivationCode>,
        created_at: DateTime<Utc>,
    ) -> Result<Vec<License>, Invalid> {
        let today = created_at.date_naive();
        let licenses: Vec<License> = codes
            .into_iter()
            .take(self.licenses as usize)
            .map(|code| License {
                code,
                org: bank.org.clone(),
                bank: bank.reference(),
                product: bank.product.clone(),
                license_type,
                terms: vec![self.term(&bank.id)],
                assignments: vec![Assignment {
                    email: recipient.clone(),
                    from: today,
                    until: None,
                }],
                created_at,
                mails: Vec::new(),
                earlier_banks: Vec::new(),
            })
            .collect();
        if licenses.len() != self.licenses as usize {
            return Err(Invalid::new(
                "quantity",
                Message::new("invalid-licences-per-request").number("max", licenses.len()),
            ));
        }
        Ok(licenses)
    }

    /// A refusal for lack of credits found when the quote was committed (a concurrent draw took
    /// them after it was made) told with the fit a fresh quote would give, from the credits the
    /// bank turned out to hold. Other errors are left as they are.
    pub fn refit(&self, shape: Shape, refusal: Refusal) -> Refusal {
        match refusal {
            Refusal::InsufficientCredits {
                needed,
                remaining,
                fit: None,
            } => Refusal::InsufficientCredits {
                needed,
                remaining,
                fit: Some(shape.fit(remaining, self.months_charged, self.computers)),
            },
            other => other,
        }
    }

    /// Confirm charges exactly what the quote said: the client sends the credits it was shown
    /// and the request fails if a fresh quote now says otherwise.
    pub fn confirm(&self, quoted: Credits) -> Result<(), Refusal> {
        confirm_credits(quoted, self.credits)
    }
}

/// A confirm states the credits it was quoted; refused when the request now costs otherwise.
pub fn confirm_credits(quoted: Credits, now: Credits) -> Result<(), Refusal> {
    if quoted != now {
        return Err(Refusal::QuoteChanged { quoted, now });
    }
    Ok(())
}

/// A licence can start today or later, not before its bank starts, and before its bank expires.
pub fn check_start(bank: &Bank, start: Date, today: Date) -> Result<(), Invalid> {
    if start < today {
        return Err(Invalid::new(
            "start",
            Message::new("invalid-not-in-past").date("today", today),
        ));
    }
    if start < bank.start {
        return Err(Invalid::new(
            "start",
            Message::new("invalid-before-bank-start").date("start", bank.start),
        ));
    }
    if start >= bank.expiry {
        return Err(Invalid::new(
            "start",
            Message::new("invalid-not-before-bank-expiry").date("expiry", bank.expiry),
        ));
    }
    Ok(())
}

/// The term of `months` from `start`, capped at the bank's expiry, with the months charged.
/// Requires `start < bank_expiry` (checked by [`check_start`] or the renewal rules).
pub fn plan_term(start: Date, months: Months, bank_expiry: Date) -> (Date, u32, bool) {
    let natural = add_months(start, months.get());
    if natural <= bank_expiry {
        (natural, months.get(), false)
    } else {
        (
            bank_expiry,
            months_started_before(start, months.get(), bank_expiry),
            true,
        )
    }
}

/// What a request asks to change when the bank cannot pay for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Generating: its quantity (node-lock licences, or computers or seats on one licence).
    Generation { node_lock: bool },
    /// Renewing: a multiseat's computers, or another type's months.
    Renewal { multiseat: bool },
}

impl Shape {
    /// The shape of generating licences of this type.
    pub fn generation(license_type: LicenseType) -> Shape {
        Shape::Generation {
            node_lock: license_type == LicenseType::NodeLock,
        }
    }

    /// The shape of renewing a licence of this type.
    pub fn renewal(license_type: LicenseType) -> Shape {
        Shape::Renewal {
            multiseat: license_type == LicenseType::Multiseat,
        }
    }

    /// The largest request of this shape that `remaining` credits pay for, when each month
    /// charged costs `computers` credits per licence and `charged` months are charged.
    fn fit(self, remaining: Credits, charged: u32, computers: Quantity) -> Fit {
        // Generating, each licence (node-lock) or computer (the others) costs the months charged.
        let per_unit = charged.max(1);
        let units = remaining.get() / per_unit;
        match self {
            Shape::Generation { node_lock } => Fit {
                field: "quantity",
                max_quantity: units.min(if node_lock {
                    MAX_LICENSES_PER_REQUEST
                } else {
                    MAX_QUANTITY
                }),
                max_months: None,
            },
            Shape::Renewal { multiseat } => Fit {
                field: if multiseat { "computers" } else { "months" },
                max_quantity: units.min(MAX_QUANTITY),
                // Fewer months are charged at most what they are (a cap only lowers it).
                max_months: Some((remaining.get() / computers.get().max(1)).min(MAX_MONTHS)),
            },
        }
    }
}

/// `n` of a thing, in English: "1 credit", "2 credits".
pub fn count(n: impl Into<u64>, one: &str, other: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { other })
}

fn build(
    bank: &Bank,
    start: Date,
    months: Months,
    licenses: u32,
    computers: Quantity,
    shape: Shape,
    license_type: LicenseType,
) -> Result<Quote, RuleError> {
    let (expiry, charged, capped) = plan_term(start, months, bank.expiry);
    // Bounded by MAX_MONTHS x MAX_QUANTITY, far inside u32.
    let credits = Credits::new(charged * computers.get() * licenses);
    let remaining_after = bank.check_funds(credits).map_err(|refusal| match refusal {
        Refusal::InsufficientCredits {
            needed, remaining, ..
        } => Refusal::InsufficientCredits {
            needed,
            remaining,
            fit: Some(shape.fit(remaining, charged, computers)),
        },
        other => other,
    })?;
    Ok(Quote {
        start,
        expiry,
        months_requested: months,
        months_charged: charged,
        licenses,
        computers,
        credits,
        remaining_before: bank.remaining(),
        remaining_after,
        capped,
        summary: String::new(),
    }
    .said(license_type, elp_l10n::Lang::En))
}

/// Quotes generating licences from `bank`.
pub fn quote_generation(
    bank: &Bank,
    request: &GenerationRequest,
    today: Date,
) -> Result<Quote, RuleError> {
    bank.check_usable(today)?;
    check_start(bank, request.start, today)?;
    let (licenses, computers) = request.license_type.split(request.quantity);
    if request.license_type == LicenseType::NodeLock && licenses > MAX_LICENSES_PER_REQUEST {
        return Err(Invalid::new(
            "quantity",
            Message::new("invalid-node-lock-per-request").number("max", MAX_LICENSES_PER_REQUEST),
        )
        .into());
    }
    let shape = Shape::generation(request.license_type);
    build(
        bank,
        request.start,
        request.months,
        licenses,
        computers,
        shape,
        request.license_type,
    )
}

/// The most node-lock licences one request makes: each is its own item, and one request is one
/// all-or-nothing transaction.
pub const MAX_LICENSES_PER_REQUEST: u32 = 40;

/// Quotes renewing `license` (drawn from `bank`): the new term starts at the current expiry.
pub fn quote_renewal(
    license: &License,
    bank: &Bank,
    request: &RenewalRequest,
    today: Date,
) -> Result<Quote, RuleError> {
    // The bank read now says how far the licence can go (an extension moves it). Another bank
    // of the same product and version may pay instead (the new year's bank, say): the term is
    // then capped at that bank's expiry.
    if bank.id != license.bank.id {
        license.check_other_bank(bank)?;
    }
    let license = &license.drawing_on(bank);
    license.check_renewable(today)?;
    bank.check_usable(today)?;
    let computers = match request.computers {
        Some(c) if c != license.computers() && license.license_type != LicenseType::Multiseat => {
            return Err(Invalid::new(
                "computers",
                Message::new("invalid-computers-multiseat-only"),
            )
            .into())
        }
        Some(c) => c,
        None => license.computers(),
    };
    let months = request.months.unwrap_or_else(|| license.last_months());
    let shape = Shape::renewal(license.license_type);
    build(
        bank,
        license.expiry(),
        months,
        1,
        computers,
        shape,
        license.license_type,
    )
}

/// The bank a quote proposes among `candidates` (banks of the organisation): of those `quote`
/// accepts, the earliest to expire whose term is not cut short by its expiry, else the earliest
/// to expire at all, so the credits closest to being lost are used first without shortening
/// what was asked for. Ties go to the lower id. When none can pay, `quote`'s refusal for
/// `fallback` (the licence's own bank, or the first candidate) says why.
pub fn choose_bank<'a>(
    candidates: &'a [Bank],
    fallback: Option<&'a Bank>,
    quote: impl Fn(&Bank) -> Result<Quote, RuleError>,
) -> Result<(&'a Bank, Quote), RuleError> {
    let mut order: Vec<&Bank> = candidates.iter().collect();
    order.sort_by(|a, b| (a.expiry, a.id.as_str()).cmp(&(b.expiry, b.id.as_str())));
    let quoted: Vec<(&Bank, Quote)> = order
        .iter()
        .filter_map(|b| quote(b).ok().map(|q| (*b, q)))
        .collect();
    if let Some(i) = quoted.iter().position(|(_, q)| !q.capped) {
        return Ok(quoted.into_iter().nth(i).expect("position found it"));
    }
    if let Some(first) = quoted.into_iter().next() {
        return Ok(first);
    }
    match fallback.or(order.first().copied()) {
        Some(bank) => quote(bank).map(|q| (bank, q)),
        None => Err(Invalid::new("bank", Message::new("invalid-no-paying-bank")).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::code::ActivationCode;

    fn months(n: i64) -> Months {
        Months::parse("months", n).unwrap()
    }

    fn qty(n: i64) -> Quantity {
        Quantity::parse("quantity", n).unwrap()
    }

    fn gen(t: LicenseType, m: i64, q: i64, start: &str) -> GenerationRequest {
        GenerationRequest {
            license_type: t,
            months: months(m),
            quantity: qty(q),
            start: d(start),
        }
    }

    #[test]
    fn node_lock_cost_is_months_times_licenses() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let q = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 3, 4, "2026-02-01"),
            d("2026-01-10"),
        )
        .unwrap();
        assert_eq!((q.licenses, q.computers.get(), q.credits.get()), (4, 1, 12));
        assert_eq!(q.expiry, d("2026-05-01"));
        assert_eq!(q.remaining_after, Credits::new(88));
        assert!(!q.capped);
        assert_eq!(q.term(&b.id).credits, Credits::new(3));
    }

    #[test]
    fn multiseat_and_floating_are_one_license_with_n_computers() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        for t in [LicenseType::Multiseat, LicenseType::Floating] {
            let q = quote_generation(&b, &gen(t, 2, 5, "2026-01-10"), d("2026-01-10")).unwrap();
            assert_eq!((q.licenses, q.computers.get(), q.credits.get()), (1, 5, 10));
            assert_eq!(q.term(&b.id).credits, Credits::new(10));
        }
    }

    #[test]
    fn term_capped_at_bank_expiry_charges_started_months_only() {
        let b = bank("24", false, 100, "2026-01-01", "2026-03-10");
        let q = quote_generation(
            &b,
            &gen(LicenseType::Multiseat, 6, 2, "2026-01-15"),
            d("2026-01-15"),
        )
        .unwrap();
        // Jan 15, Feb 15 start before Mar 10; Mar 15 does not.
        assert_eq!(q.expiry, d("2026-03-10"));
        assert_eq!(q.months_charged, 2);
        assert_eq!(q.credits, Credits::new(4));
        assert!(q.capped);
        assert!(q.summary.contains("10 March 2026"), "{}", q.summary);
        assert!(
            q.clone()
                .said(LicenseType::Multiseat, elp_l10n::Lang::Fr)
                .summary
                .contains("seuls les 2 mois commencés avant cette date sont facturés"),
            "{}",
            q.summary
        );
        assert!(q.summary.contains("only the 2 months"), "{}", q.summary);
    }

    #[test]
    fn cap_landing_exactly_on_the_natural_end_is_not_a_cap() {
        let b = bank("24", false, 100, "2026-01-01", "2026-04-15");
        let q = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 3, 1, "2026-01-15"),
            d("2026-01-15"),
        )
        .unwrap();
        assert_eq!(
            (q.expiry, q.months_charged, q.capped),
            (d("2026-04-15"), 3, false)
        );
    }

    #[test]
    fn cap_landing_on_a_month_boundary_charges_whole_months() {
        let b = bank("24", false, 100, "2026-01-01", "2026-03-15");
        let q = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 3, 1, "2026-01-15"),
            d("2026-01-15"),
        )
        .unwrap();
        assert_eq!(
            (q.expiry, q.months_charged, q.capped),
            (d("2026-03-15"), 2, true)
        );
    }

    #[test]
    fn start_date_rules() {
        let b = bank("24", false, 100, "2026-02-01", "2026-06-01");
        let today = d("2026-01-10");
        let field = |start: &str| match quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 1, 1, start),
            today,
        ) {
            Err(RuleError::Invalid(i)) => Some((i.field.to_string(), i.reason())),
            _ => None,
        };
        assert!(field("2026-01-09").unwrap().1.contains("past"));
        assert!(field("2026-01-31").unwrap().1.contains("bank's start"));
        assert!(field("2026-06-01").unwrap().1.contains("bank's expiry"));
        assert_eq!(
            field("2026-02-01"),
            None,
            "a pending licence on a pending bank"
        );
        assert_eq!(
            field("2026-05-31"),
            None,
            "the last day still starts a month"
        );
    }

    #[test]
    fn insufficient_credits_refuses_the_whole_request_with_numbers() {
        let b = bank("24", false, 10, "2026-01-01", "2027-01-01");
        let err = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 3, 4, "2026-01-10"),
            d("2026-01-10"),
        )
        .unwrap_err();
        assert_eq!(
            err,
            RuleError::Refused(Refusal::InsufficientCredits {
                needed: Credits::new(12),
                remaining: Credits::new(10),
                fit: Some(Fit {
                    field: "quantity",
                    max_quantity: 3,
                    max_months: None
                }),
            })
        );
    }

    fn fit_of(err: RuleError) -> Fit {
        match err {
            RuleError::Refused(Refusal::InsufficientCredits { fit: Some(fit), .. }) => fit,
            other => panic!("not a shortfall: {other:?}"),
        }
    }

    #[test]
    fn a_shortfall_says_the_largest_quantity_the_bank_pays_for() {
        let b = bank("24", false, 10, "2026-01-01", "2027-01-01");
        let today = d("2026-01-10");
        // Multiseat 4 months x 3 computers = 12 > 10: 2 computers (8 credits) fit.
        let err = quote_generation(&b, &gen(LicenseType::Multiseat, 4, 3, "2026-01-10"), today)
            .unwrap_err();
        let fit = fit_of(err);
        assert_eq!((fit.field, fit.max_quantity), ("quantity", 2));
        assert!(
            quote_generation(&b, &gen(LicenseType::Multiseat, 4, 2, "2026-01-10"), today).is_ok(),
            "the largest quantity is accepted"
        );
        // 11 months for one computer: not even one fits.
        let err = quote_generation(&b, &gen(LicenseType::Floating, 11, 1, "2026-01-10"), today)
            .unwrap_err();
        assert_eq!(fit_of(err).max_quantity, 0);
        // A capped term is charged its started months only: 6 months asked, 2 charged.
        let short = bank("24", false, 5, "2026-01-01", "2026-03-10");
        let err = quote_generation(
            &short,
            &gen(LicenseType::NodeLock, 6, 3, "2026-01-15"),
            d("2026-01-15"),
        )
        .unwrap_err();
        assert_eq!(fit_of(err).max_quantity, 2);
    }

    #[test]
    fn a_shortfall_found_at_commit_gets_the_same_fit() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let q = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 3, 4, "2026-01-10"),
            d("2026-01-10"),
        )
        .unwrap();
        let late = Refusal::InsufficientCredits {
            needed: Credits::new(12),
            remaining: Credits::new(7),
            fit: None,
        };
        let fit = fit_of(
            q.refit(Shape::generation(LicenseType::NodeLock), late)
                .into(),
        );
        assert_eq!((fit.field, fit.max_quantity), ("quantity", 2));
        assert_eq!(
            q.refit(
                Shape::generation(LicenseType::NodeLock),
                Refusal::NotAssigned
            ),
            Refusal::NotAssigned
        );
    }

    #[test]
    fn a_renewal_shortfall_names_computers_for_multiseat_and_months_otherwise() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let multi = issued(LicenseType::Multiseat, &b, 2, 4, "2026-01-10", "2026-01-10");
        let mut poor = b.clone();
        poor.used = Credits::new(93);
        let err =
            quote_renewal(&multi, &poor, &RenewalRequest::default(), d("2026-01-20")).unwrap_err();
        let fit = fit_of(err);
        assert_eq!(
            (fit.field, fit.max_quantity, fit.max_months),
            ("computers", 3, Some(1))
        );
        let node = issued(LicenseType::NodeLock, &b, 2, 1, "2026-01-10", "2026-01-10");
        let longer = RenewalRequest {
            months: Some(months(9)),
            computers: None,
        };
        let err = quote_renewal(&node, &poor, &longer, d("2026-01-20")).unwrap_err();
        let fit = fit_of(err);
        assert_eq!((fit.field, fit.max_months), ("months", Some(7)));
    }

    #[test]
    fn expired_bank_refuses() {
        let b = bank("24", false, 10, "2026-01-01", "2026-02-01");
        let err = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 1, 1, "2026-02-01"),
            d("2026-02-01"),
        )
        .unwrap_err();
        assert!(matches!(
            err,
            RuleError::Refused(Refusal::BankExpired { .. })
        ));
    }

    #[test]
    fn too_many_node_locks_in_one_request() {
        let b = bank("24", false, 10_000, "2026-01-01", "2027-01-01");
        let err = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 1, 41, "2026-01-10"),
            d("2026-01-10"),
        )
        .unwrap_err();
        assert!(matches!(&err, RuleError::Invalid(i) if i.field == "quantity"));
        assert!(quote_generation(
            &b,
            &gen(LicenseType::Multiseat, 1, 41, "2026-01-10"),
            d("2026-01-10")
        )
        .is_ok());
    }

    #[test]
    fn confirm_charges_exactly_the_quote() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let q = quote_generation(
            &b,
            &gen(LicenseType::NodeLock, 2, 2, "2026-01-10"),
            d("2026-01-10"),
        )
        .unwrap();
        assert!(q.confirm(Credits::new(4)).is_ok());
        assert_eq!(
            q.confirm(Credits::new(3)),
            Err(Refusal::QuoteChanged {
                quoted: Credits::new(3),
                now: Credits::new(4)
            })
        );
    }

    fn issued(t: LicenseType, b: &Bank, m: i64, q: i64, start: &str, today: &str) -> License {
        let quote = quote_generation(b, &gen(t, m, q, start), d(today)).unwrap();
        License {
            code: ActivationCode::from_entropy([1; 10]),
            org: b.org.clone(),
            bank: b.reference(),
            product: b.product.clone(),
            license_type: t,
            terms: vec![quote.term(&b.id)],
            assignments: vec![],
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        }
    }

    #[test]
    fn renewal_follows_previous_settings_from_current_expiry() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let l = issued(LicenseType::Floating, &b, 2, 3, "2026-01-10", "2026-01-10");
        let q = quote_renewal(&l, &b, &RenewalRequest::default(), d("2026-02-01")).unwrap();
        assert_eq!((q.start, q.expiry), (d("2026-03-10"), d("2026-05-10")));
        assert_eq!(
            (q.months_charged, q.computers.get(), q.credits.get()),
            (2, 3, 6)
        );
    }

    #[test]
    fn multiseat_renewal_may_change_computers() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let l = issued(LicenseType::Multiseat, &b, 1, 2, "2026-01-10", "2026-01-10");
        let req = RenewalRequest {
            months: Some(months(3)),
            computers: Some(qty(5)),
        };
        let q = quote_renewal(&l, &b, &req, d("2026-01-20")).unwrap();
        assert_eq!((q.computers.get(), q.credits.get()), (5, 15));
    }

    #[test]
    fn other_types_cannot_change_computers_at_renewal() {
        let b = bank("24", false, 100, "2026-01-01", "2027-01-01");
        let l = issued(LicenseType::Floating, &b, 1, 2, "2026-01-10", "2026-01-10");
        let req = RenewalRequest {
            months: None,
            computers: Some(qty(5)),
        };
        let err = quote_renewal(&l, &b, &req, d("2026-01-20")).unwrap_err();
        assert!(matches!(&err, RuleError::Invalid(i) if i.field == "computers"));
        // Saying the same number is not a change.
        let same = RenewalRequest {
            months: None,
            computers: Some(qty(2)),
        };
        assert!(quote_renewal(&l, &b, &same, d("2026-01-20")).is_ok());
    }

    #[test]
    fn renewal_capped_then_refused_at_the_limit() {
        let b = bank("24", false, 100, "2026-01-01", "2026-04-20");
        let mut l = issued(LicenseType::NodeLock, &b, 2, 1, "2026-01-10", "2026-01-10");
        let q = quote_renewal(&l, &b, &RenewalRequest::default(), d("2026-02-01")).unwrap();
        assert_eq!(
            (q.start, q.expiry, q.months_charged, q.capped),
            (d("2026-03-10"), d("2026-04-20"), 2, true)
        );
        l.terms.push(q.term(&b.id));
        let err = quote_renewal(&l, &b, &RenewalRequest::default(), d("2026-02-01")).unwrap_err();
        assert_eq!(
            err,
            RuleError::Refused(Refusal::AtBankLimit {
                bank_expiry: d("2026-04-20")
            })
        );
    }

    fn other(id: &str, b: &Bank, granted: u32, start: &str, expiry: &str) -> Bank {
        let mut o = b.clone();
        o.id = BankId::parse(id).unwrap();
        o.granted = Credits::new(granted);
        o.used = Credits::ZERO;
        o.start = d(start);
        o.expiry = d(expiry);
        o
    }

    #[test]
    fn a_licence_at_its_banks_limit_renews_from_the_next_years_bank_keeping_its_code() {
        let old = bank("25.1", true, 100, "2026-01-01", "2026-04-10");
        let l = issued(
            LicenseType::NodeLock,
            &old,
            3,
            1,
            "2026-01-10",
            "2026-01-10",
        );
        assert_eq!(l.expiry(), d("2026-04-10"), "at its bank's limit");
        assert!(quote_renewal(&l, &old, &RenewalRequest::default(), d("2026-02-01")).is_err());
        let next = other("b2", &old, 50, "2026-04-01", "2027-04-01");
        let q = quote_renewal(&l, &next, &RenewalRequest::default(), d("2026-02-01")).unwrap();
        assert_eq!(
            (q.start, q.expiry, q.credits.get()),
            (d("2026-04-10"), d("2026-07-10"), 3)
        );
        assert_eq!(q.remaining_after, Credits::new(47), "the other bank pays");
        let moved = l.drawing_on(&next);
        assert_eq!(
            (moved.code, moved.bank.id),
            (l.code.clone(), next.id.clone())
        );
        // Capping follows the bank the term draws on.
        let short = other("b3", &old, 50, "2026-04-01", "2026-05-20");
        let q = quote_renewal(&l, &short, &RenewalRequest::default(), d("2026-02-01")).unwrap();
        assert_eq!(
            (q.expiry, q.months_charged, q.capped),
            (d("2026-05-20"), 2, true)
        );
    }

    #[test]
    fn another_bank_pays_only_for_the_same_product_and_version_once_started() {
        let old = bank("25.1", true, 100, "2026-01-01", "2026-04-10");
        let l = issued(
            LicenseType::NodeLock,
            &old,
            3,
            1,
            "2026-01-10",
            "2026-01-10",
        );
        let field =
            |b: &Bank| match quote_renewal(&l, b, &RenewalRequest::default(), d("2026-02-01")) {
                Err(RuleError::Invalid(i)) => i.field,
                other => panic!("{other:?}"),
            };
        let mut newer = other("b2", &old, 50, "2026-01-01", "2027-01-01");
        newer.version = crate::catalog::Version::parse("version", "26").unwrap();
        assert_eq!(field(&newer), "bank", "another version");
        let mut closed = other("b2", &old, 50, "2026-01-01", "2027-01-01");
        closed.portable = false;
        assert_eq!(
            field(&closed),
            "bank",
            "portable only when the licence's bank is"
        );
        let mut elsewhere = other("b2", &old, 50, "2026-01-01", "2027-01-01");
        elsewhere.product = crate::values::ProductId::parse("storyboard-pro").unwrap();
        assert_eq!(field(&elsewhere), "bank", "another product");
        let later = other("b2", &old, 50, "2026-05-01", "2027-05-01");
        assert_eq!(
            field(&later),
            "bank",
            "starts after the licence ends: a gap"
        );
    }

    #[test]
    fn the_proposed_bank_is_the_earliest_to_expire_that_pays_for_the_whole_term() {
        let own = bank("25.1", true, 100, "2026-01-01", "2026-04-10");
        let l = issued(
            LicenseType::NodeLock,
            &own,
            2,
            1,
            "2026-01-10",
            "2026-01-10",
        );
        let req = RenewalRequest {
            months: Some(months(6)),
            computers: None,
        };
        let soon = other("b2", &own, 100, "2026-01-01", "2026-06-01");
        let empty = other("b3", &own, 2, "2026-01-01", "2026-12-01");
        let year = other("b4", &own, 100, "2026-01-01", "2027-01-01");
        let later = other("b5", &own, 100, "2026-01-01", "2027-06-01");
        let banks = [
            later.clone(),
            year.clone(),
            empty,
            soon.clone(),
            own.clone(),
        ];
        let today = d("2026-02-01");
        let (chosen, q) =
            choose_bank(&banks, Some(&own), |b| quote_renewal(&l, b, &req, today)).unwrap();
        assert_eq!(
            chosen.id, year.id,
            "the earliest that pays for all 6 months"
        );
        assert!(!q.capped);
        // When every bank would cut the term short, the earliest that can pay at all.
        let two = [soon.clone(), own.clone()];
        let (chosen, q) =
            choose_bank(&two, Some(&own), |b| quote_renewal(&l, b, &req, today)).unwrap();
        assert_eq!((chosen.id.clone(), q.capped), (own.id.clone(), true));
        // None can: the licence's own bank says why.
        let at_limit = issued(
            LicenseType::NodeLock,
            &own,
            3,
            1,
            "2026-01-10",
            "2026-01-10",
        );
        let alone = [own.clone()];
        let err = choose_bank(&alone, Some(&own), |b| {
            quote_renewal(&at_limit, b, &req, today)
        })
        .map(|(b, _)| b.id.clone())
        .unwrap_err();
        assert!(matches!(
            err,
            RuleError::Refused(Refusal::AtBankLimit { .. })
        ));
    }

    #[test]
    fn an_extended_bank_lets_a_licence_at_its_old_limit_renew() {
        let b = bank("24", false, 100, "2026-01-01", "2026-04-20");
        let mut l = issued(LicenseType::NodeLock, &b, 4, 1, "2026-01-10", "2026-01-10");
        assert_eq!(l.expiry(), d("2026-04-20"), "capped at the bank's expiry");
        assert!(quote_renewal(&l, &b, &RenewalRequest::default(), d("2026-02-01")).is_err());
        // The licence still remembers the old expiry; the bank read now says the new one.
        let mut extended = b.clone();
        extended.expiry = d("2026-12-31");
        let q = quote_renewal(&l, &extended, &RenewalRequest::default(), d("2026-02-01")).unwrap();
        assert_eq!((q.start, q.expiry), (d("2026-04-20"), d("2026-08-20")));
        l.bank = extended.reference();
        assert!(l.actions(d("2026-02-01")).renew);
    }
}
