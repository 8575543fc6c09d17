//! Property tests for the invariants every quote must keep, whatever the dates and sizes:
//! charged months never exceed requested months, no term ends after its bank's expiry,
//! cost = charged months x computers x licences, and remaining credits never go negative.

use proptest::prelude::*;

use crate::bank::NewBank;
use crate::catalog::Version;
use crate::error::{Refusal, RuleError};
use crate::forecast::{forecast_bank, forecast_product};
use crate::license::{License, LicenseType, Term};
use crate::quote::{
    choose_bank, quote_generation, quote_renewal, GenerationRequest, RenewalRequest,
};
use crate::values::{BankId, Credits, Months, OrgId, ProductId, Quantity};
use crate::{ActivationCode, Bank, Date};

fn day(offset: u32) -> Date {
    Date::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(offset))
}

prop_compose! {
    fn any_bank()(start in 0u32..800, length in 1u32..1500, granted in 0u32..20_000, used_share in 0u32..=100) -> Bank {
        let mut bank = NewBank {
            product: ProductId::parse("p").unwrap(),
            version: Version::new(25, 1),
            portable: true,
            purchased: Credits::new(granted),
            granted: Credits::new(granted),
            start: day(start),
            expiry: day(start + length),
        }
        .into_bank(BankId::parse("b").unwrap(), OrgId::parse("o").unwrap());
        bank.used = Credits::new(granted / 100 * used_share);
        bank
    }
}

fn any_type() -> impl Strategy<Value = LicenseType> {
    prop_oneof![
        Just(LicenseType::NodeLock),
        Just(LicenseType::Multiseat),
        Just(LicenseType::Floating)
    ]
}

proptest! {
    #[test]
    fn generation_quotes_keep_the_invariants(
        bank in any_bank(),
        license_type in any_type(),
        months in 1i64..=120,
        quantity in 1i64..=40,
        today_offset in 0u32..2400,
        start_delay in 0u32..400,
    ) {
        let today = day(today_offset);
        let request = GenerationRequest {
            license_type,
            months: Months::parse("months", months).unwrap(),
            quantity: Quantity::parse("quantity", quantity).unwrap(),
            start: today + chrono::Days::new(u64::from(start_delay)),
        };
        match quote_generation(&bank, &request, today) {
            Ok(q) => {
                prop_assert!(q.months_charged >= 1);
                prop_assert!(q.months_charged <= q.months_requested.get());
                prop_assert!(q.expiry <= bank.expiry);
                prop_assert!(q.start < q.expiry);
                prop_assert_eq!(q.credits.get(), q.months_charged * q.computers.get() * q.licenses);
                prop_assert_eq!(q.credits.get(), q.months_charged * quantity as u32);
                prop_assert_eq!(q.remaining_after.get() + q.credits.get(), bank.remaining().get());
                prop_assert_eq!(q.capped, crate::add_months(q.start, q.months_requested.get()) > bank.expiry);
            }
            Err(RuleError::Refused(Refusal::InsufficientCredits { needed, remaining, .. })) => {
                prop_assert!(needed > remaining);
                prop_assert_eq!(remaining, bank.remaining());
            }
            Err(_) => {}
        }
    }

    #[test]
    fn renewals_never_outlive_the_bank(
        bank in any_bank(),
        months in prop::collection::vec(1i64..=24, 1..8),
        computers in 1i64..=20,
    ) {
        let today = bank.start;
        let first = GenerationRequest {
            license_type: LicenseType::Multiseat,
            months: Months::parse("months", months[0]).unwrap(),
            quantity: Quantity::parse("quantity", computers).unwrap(),
            start: bank.start,
        };
        let mut bank = bank;
        let Ok(q) = quote_generation(&bank, &first, today) else { return Ok(()) };
        bank.used = bank.used.checked_add(q.credits).unwrap();
        let mut license = License {
            code: ActivationCode::from_entropy([3; 10]),
            org: bank.org.clone(),
            bank: bank.reference(),
            product: bank.product.clone(),
            license_type: LicenseType::Multiseat,
            terms: vec![q.term(&bank.id)],
            assignments: vec![],
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        };
        for m in &months[1..] {
            let request = RenewalRequest { months: Some(Months::parse("months", *m).unwrap()), computers: None };
            match quote_renewal(&license, &bank, &request, today) {
                Ok(q) => {
                    prop_assert_eq!(q.start, license.expiry());
                    prop_assert!(q.expiry <= bank.expiry);
                    bank.used = bank.used.checked_add(q.credits).unwrap();
                    prop_assert!(bank.used <= bank.granted);
                    license.terms.push(q.term(&bank.id));
                }
                Err(_) => break,
            }
        }
        prop_assert!(license.expiry() <= bank.expiry);
        prop_assert_eq!(license.credits_used().get(), license.terms.iter().map(|t| t.months_charged * t.computers.get()).sum::<u32>());
    }

    /// Renewals that may draw on either of two banks of the product (the proposed one, or one
    /// picked at random): each term stays inside the bank it draws on, costs its charged months
    /// times its computers, is charged to that bank, and no bank ever goes below zero.
    #[test]
    fn renewals_across_banks_keep_every_banks_invariants(
        first_bank in any_bank(),
        second_start in 0u32..800,
        second_length in 1u32..1500,
        second_granted in 0u32..20_000,
        steps in prop::collection::vec((1i64..=24, 1i64..=10, any::<bool>(), 0u32..60), 1..10),
    ) {
        let mut banks = vec![first_bank.clone(), {
            let mut other = first_bank.clone();
            other.id = BankId::parse("b2").unwrap();
            other.start = day(second_start);
            other.expiry = day(second_start + second_length);
            other.granted = Credits::new(second_granted);
            other.purchased = Credits::new(second_granted);
            other.used = Credits::ZERO;
            other
        }];
        let today = banks[0].start;
        let first = GenerationRequest {
            license_type: LicenseType::Multiseat,
            months: Months::parse("months", steps[0].0).unwrap(),
            quantity: Quantity::parse("quantity", steps[0].1).unwrap(),
            start: banks[0].start,
        };
        let Ok(q) = quote_generation(&banks[0], &first, today) else { return Ok(()) };
        banks[0].used = banks[0].used.checked_add(q.credits).unwrap();
        let mut license = License {
            code: ActivationCode::from_entropy([3; 10]),
            org: banks[0].org.clone(),
            bank: banks[0].reference(),
            product: banks[0].product.clone(),
            license_type: LicenseType::Multiseat,
            terms: vec![q.term(&banks[0].id)],
            assignments: vec![],
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        };
        let mut today = today;
        for (months, computers, pick_second, wait) in &steps[1..] {
            today = today + chrono::Days::new(u64::from(*wait));
            if today >= license.expiry() { break; }
            let request = RenewalRequest {
                months: Some(Months::parse("months", *months).unwrap()),
                computers: Some(Quantity::parse("computers", *computers).unwrap()),
            };
            let chosen = if *pick_second {
                quote_renewal(&license, &banks[1], &request, today).map(|q| (1, q))
            } else {
                let own = banks.iter().find(|b| b.id == license.bank.id).unwrap().clone();
                choose_bank(&banks, Some(&own), |b| quote_renewal(&license, b, &request, today))
                    .map(|(b, q)| (usize::from(b.id != banks[0].id), q))
            };
            let Ok((at, q)) = chosen else { continue };
            let paying = &mut banks[at];
            prop_assert_eq!(q.start, license.expiry());
            prop_assert!(q.expiry <= paying.expiry, "a term past the bank it draws on");
            prop_assert!(paying.start <= q.start, "a term before its bank starts");
            prop_assert_eq!(q.credits.get(), q.months_charged * q.computers.get());
            paying.used = paying.used.checked_add(q.credits).unwrap();
            prop_assert!(paying.used <= paying.granted, "a bank overspent");
            license = license.drawing_on(paying);
            license.terms.push(q.term(&paying.id));
        }
        for bank in &banks {
            let charged: u32 = license
                .terms
                .iter()
                .filter(|t| t.bank.as_ref() == Some(&bank.id))
                .map(|t| t.credits.get())
                .sum();
            let before = if bank.id == first_bank.id { first_bank.used.get() } else { 0 };
            prop_assert_eq!(charged + before, bank.used.get(), "each bank's used credits are its terms'");
            for t in license.terms.iter().filter(|t| t.bank.as_ref() == Some(&bank.id)) {
                prop_assert!(t.expiry <= bank.expiry);
            }
        }
    }
}

mod activation {
    use chrono::{DateTime, Duration, Utc};
    use proptest::prelude::*;

    use crate::activation::{
        claim, returned, seats, validate, ActivationPolicy, ActivationState, Fingerprint,
        MachineInfo, Seat,
    };
    use crate::bank::tests::{bank, d};
    use crate::license::{License, LicenseType, Term};
    use crate::values::{Credits, Months, Quantity};
    use crate::ActivationCode;

    #[derive(Debug, Clone)]
    enum Step {
        /// Machine `n` claims a seat (a lease for a floating licence), `minutes` later.
        Claim(u32, i64),
        /// The licence is returned `minutes` later.
        Return(i64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            8 => (0u32..12, 0i64..30).prop_map(|(n, m)| Step::Claim(n, m)),
            1 => (0i64..30).prop_map(Step::Return),
        ]
    }

    fn license_type() -> impl Strategy<Value = LicenseType> {
        prop_oneof![
            Just(LicenseType::NodeLock),
            Just(LicenseType::Multiseat),
            Just(LicenseType::Floating)
        ]
    }

    proptest! {
        /// Whatever machines claim and whenever the licence is returned: no more seats are held
        /// than the licence has, no seat holds two machines, and only a machine holding a seat
        /// validates.
        #[test]
        fn claims_never_hold_more_seats_than_the_licence_has(
            license_type in license_type(),
            computers in 1u32..6,
            steps in prop::collection::vec(step(), 1..60),
        ) {
            let b = bank("25.1", true, 1000, "2026-01-01", "2027-01-01");
            let license = License {
                code: ActivationCode::from_entropy([5; 10]),
                org: b.org.clone(),
                bank: b.reference(),
                product: b.product.clone(),
                license_type,
                terms: vec![Term {
                    start: d("2026-02-01"),
                    expiry: d("2026-06-01"),
                    months_requested: Months::parse("months", 4).unwrap(),
                    months_charged: 4,
                    computers: Quantity::parse("computers", i64::from(computers)).unwrap(),
                    credits: Credits::new(4 * computers),
                    bank: Some(b.id.clone()),
                }],
                assignments: vec![],
                created_at: DateTime::UNIX_EPOCH,
                mails: vec![],
                earlier_banks: vec![],
            };
            let policy = ActivationPolicy::default();
            let mut state = ActivationState::default();
            let mut held: Vec<Seat> = Vec::new();
            let mut now: DateTime<Utc> = d("2026-02-02").and_hms_opt(8, 0, 0).unwrap().and_utc();
            let info = MachineInfo::parse("ws", "linux").unwrap();
            let fp = |n: u32| Fingerprint::parse("fingerprint", &format!("machine-{n:012}")).unwrap();
            for step in steps {
                match step {
                    Step::Claim(n, minutes) => {
                        now += Duration::minutes(minutes);
                        if let Ok(c) = claim(&license, &state, &held, &fp(n), &info, None, &policy, now) {
                            prop_assert!(c.replaces.as_ref().is_none_or(|s| s.is_free(state.epoch, now) || s.holder == fp(n)));
                            held.retain(|s| s.index != c.seat.index);
                            held.push(c.seat);
                        }
                    }
                    Step::Return(minutes) => {
                        now += Duration::minutes(minutes);
                        state = returned(&state);
                    }
                }
                let count = seats(&license, now);
                let live: Vec<&Seat> = held.iter().filter(|s| s.is_held(state.epoch, now)).collect();
                prop_assert!(live.len() as u32 <= count, "{} held of {count}", live.len());
                for s in &live {
                    prop_assert!(s.index < count);
                }
                for n in 0..12 {
                    // The seat the machine was told it holds: its live one, else its last.
                    let theirs: Vec<&Seat> = held.iter().filter(|s| s.holder == fp(n)).collect();
                    let mine = theirs
                        .iter()
                        .find(|s| s.is_held(state.epoch, now))
                        .or(theirs.last())
                        .copied();
                    let valid = validate(&license, &state, mine, &fp(n), now).is_ok();
                    let holds = live.iter().any(|s| s.holder == fp(n));
                    prop_assert_eq!(valid, holds, "machine {} validates exactly when it holds a seat", n);
                }
            }
        }
    }
}

prop_compose! {
    /// A licence of `bank`'s whose one term is anywhere around the bank's life.
    fn any_licence(bank: Bank)(seed in any::<[u8; 10]>(), start in 0u32..2000, months in 1u32..=36, computers in 1u32..=20) -> License {
        let start = day(start);
        let months_requested = Months::parse("months", i64::from(months)).unwrap();
        let expiry = crate::add_months(start, months);
        License {
            code: ActivationCode::from_entropy(seed),
            org: bank.org.clone(),
            bank: bank.reference(),
            product: bank.product.clone(),
            license_type: if computers == 1 { LicenseType::NodeLock } else { LicenseType::Multiseat },
            terms: vec![Term {
                start,
                expiry,
                months_requested,
                months_charged: months,
                computers: Quantity::parse("computers", i64::from(computers)).unwrap(),
                credits: Credits::new(months * computers),
                bank: Some(bank.id.clone()),
            }],
            assignments: vec![],
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        }
    }
}

fn bank_and_licences() -> impl Strategy<Value = (Bank, Vec<License>, u32)> {
    any_bank().prop_flat_map(|bank| {
        let licences = prop::collection::vec(any_licence(bank.clone()), 0..12);
        (Just(bank), licences, 0u32..2400)
    })
}

proptest! {
    #[test]
    fn forecasts_never_spend_more_than_remains(
        (bank, licences, today) in bank_and_licences(),
    ) {
        let today = day(today);
        let f = forecast_bank(&bank, &licences, today);
        let remaining = if bank.status(today) == crate::Lifecycle::Expired { 0 } else { bank.remaining().get() };
        prop_assert_eq!(f.remaining.get(), remaining);
        prop_assert!(f.burn.get() + f.forfeited.get() <= f.remaining.get());
        prop_assert_eq!(f.burn.get() + f.forfeited.get(), f.remaining.get());
        prop_assert_eq!(f.burn, f.needed.min(f.remaining));
        prop_assert_eq!(f.run_out.is_none(), f.needed <= f.remaining, "run out exactly when the burn does not fit");
        prop_assert_eq!(f.months.iter().map(|m| u64::from(m.credits.get())).sum::<u64>(), u64::from(f.needed.get()));
        prop_assert!(f.months.windows(2).all(|w| w[0].month < w[1].month));
        prop_assert!(f.months.iter().all(|m| m.month < bank.expiry), "no renewal starts at or after the expiry");
        if let Some(month) = f.run_out {
            prop_assert!(month < bank.expiry);
            prop_assert!(f.forfeited.is_zero());
        }
        // With no licences, everything remaining is forfeited.
        let idle = forecast_bank(&bank, &[], today);
        prop_assert_eq!((idle.forfeited, idle.burn, idle.run_out), (idle.remaining, Credits::ZERO, None));
        // One bank's product forecast is the bank's.
        let p = forecast_product([&f]);
        prop_assert_eq!((p.forfeited, p.burn, p.run_out), (f.forfeited, f.burn, f.run_out));
    }

    #[test]
    fn more_licences_never_forecast_more_forfeit(
        (bank, licences, today) in bank_and_licences(),
        cut in 0usize..12,
    ) {
        let today = day(today);
        let fewer = &licences[..cut.min(licences.len())];
        let (small, all) = (forecast_bank(&bank, fewer, today), forecast_bank(&bank, &licences, today));
        prop_assert!(all.forfeited <= small.forfeited);
        prop_assert!(all.needed >= small.needed);
        if let (Some(a), Some(s)) = (all.run_out, small.run_out) {
            prop_assert!(a <= s, "more licences run out no later");
        }
        if small.run_out.is_some() {
            prop_assert!(all.run_out.is_some());
        }
    }

    #[test]
    fn forecast_renewals_are_what_a_renewal_would_charge(
        (bank, licences, today) in bank_and_licences(),
    ) {
        // Each first forecast renewal costs what quote_renewal charges on the licence's last
        // usable day, when the bank can pay for it.
        let today = day(today);
        for licence in &licences {
            if licence.status(today) == crate::Lifecycle::Expired || licence.expiry() >= bank.expiry {
                continue;
            }
            let alone = forecast_bank(&bank, std::slice::from_ref(licence), today);
            let Some(first) = alone.months.first() else { continue };
            let mut rich = bank.clone();
            rich.used = Credits::ZERO;
            rich.granted = Credits::new(crate::values::MAX_CREDITS);
            let on = licence.expiry().pred_opt().unwrap().max(today);
            let request = RenewalRequest { months: None, computers: None };
            if let Ok(q) = quote_renewal(licence, &rich, &request, on) {
                prop_assert_eq!(q.start, licence.expiry());
                prop_assert_eq!(first.credits, q.credits, "the first month holds that renewal alone");
            }
        }
    }
}
