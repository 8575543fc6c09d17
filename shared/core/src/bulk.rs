//! Bulk changes: one request for many recipients or licences, quoted once and confirmed once.
//! Each line is decided by the very decision of its single operation
//! ([`decide::generation`], [`decide::renewal`], [`decide::assignment`]) against the banks and
//! memberships as the lines before it left them, so a bulk request charges, caps and refuses
//! exactly as the same single requests made one after the other would; a change to a single
//! decision is a change to its bulk form.
//!
//! Lines are independent: one refused line (its recipient belongs to another organisation, its
//! licence expired) leaves the others to go on. Only the total is all-or-nothing at the quote: a
//! bank that cannot pay every quoted line refuses the whole request with the numbers, and says
//! how many lines, in order, it can pay.

use std::collections::BTreeMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::bank::Bank;
use crate::code::ActivationCode;
use crate::decide::{self, Generation, Newcomer, Reassignment, Renewal};
use crate::error::{Fit, Invalid, Refusal, RuleError};
use crate::license::License;
use crate::message::Message;
use crate::quote::{quote_generation, quote_renewal, GenerationRequest, Quote, RenewalRequest};
use crate::users::{check_join, Joining, Membership};
use crate::values::{BankId, Credits, Email};
use crate::Date;

/// The most lines (recipients, licences or assignments) one bulk request holds.
pub const MAX_LINES: usize = 200;

/// The most licences one bulk generation makes (node-lock lines make one per quantity).
pub const MAX_LICENSES: u32 = 1_000;

/// The lines of a bulk request: at least one, at most [`MAX_LINES`], and no key twice (the
/// same recipient or licence on two lines is a mistake of the list, named by its second line:
/// `recipients[3].email`).
pub fn check_lines<K: Eq + Hash>(
    list: &'static str,
    member: &str,
    keys: &[K],
) -> Result<(), Invalid> {
    if keys.is_empty() {
        return Err(Invalid::new(list, Message::new("invalid-empty")));
    }
    if keys.len() > MAX_LINES {
        return Err(Invalid::new(
            list,
            Message::new("invalid-bulk-lines").number("max", MAX_LINES),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, key) in keys.iter().enumerate() {
        if !seen.insert(key) {
            return Err(Invalid::new(
                format!("{list}[{i}].{member}"),
                Message::new("invalid-bulk-duplicate"),
            ));
        }
    }
    Ok(())
}

/// The banks a bulk change draws on, as the lines decided so far leave them.
#[derive(Debug, Clone, Default)]
pub struct Banks(BTreeMap<BankId, Bank>);

impl Banks {
    pub fn new(banks: impl IntoIterator<Item = Bank>) -> Banks {
        Banks(banks.into_iter().map(|b| (b.id.clone(), b)).collect())
    }

    pub fn get(&self, id: &BankId) -> Option<&Bank> {
        self.0.get(id)
    }

    /// `credits` taken from the bank `id` (a line decided to draw them).
    pub fn draw(&mut self, id: &BankId, credits: Credits) {
        if let Some(bank) = self.0.get_mut(id) {
            bank.used = Credits::new(bank.used.get().saturating_add(credits.get()));
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Bank> {
        self.0.values()
    }
}

/// What a bulk quote says in total, per bank drawn on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankTotal {
    pub bank: BankId,
    pub credits: Credits,
    pub remaining_before: Credits,
    pub remaining_after: Credits,
}

/// A bulk quote: each line's quote (or why that line cannot be made), and the totals.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkQuote<L> {
    pub lines: Vec<Result<L, RuleError>>,
    pub credits: Credits,
    /// Licences made (generation) or renewed (renewal).
    pub licenses: u32,
    pub banks: Vec<BankTotal>,
}

impl<L> BulkQuote<L> {
    /// Confirm charges exactly what the quote said in total, or fails.
    pub fn confirm(&self, quoted: Credits) -> Result<(), Refusal> {
        crate::quote::confirm_credits(quoted, self.credits)
    }

    /// How many lines were quoted (not refused).
    pub fn quoted(&self) -> usize {
        self.lines.iter().filter(|l| l.is_ok()).count()
    }
}

/// One line of a bulk generation's quote.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerationLine {
    pub quote: Quote,
    /// The recipient joins the organisation (invited as a member) with this line.
    pub joins: bool,
}

/// A refusal of the whole request for lack of credits: the credits every quoted line needs, and
/// how many lines (in order) the banks can pay for.
fn shortfall(list: &'static str, needed: u32, remaining: Credits, paid_lines: usize) -> RuleError {
    Refusal::InsufficientCredits {
        needed: Credits::new(needed),
        remaining,
        fit: Some(Fit {
            field: list,
            max_quantity: paid_lines as u32,
            max_months: None,
        }),
    }
    .into()
}

/// Whether a line's refusal is the bank running out (the whole request is then refused).
fn is_shortfall(e: &RuleError) -> bool {
    matches!(e, RuleError::Refused(Refusal::InsufficientCredits { .. }))
}

/// The bank totals of what the lines drew, from `before` to `after`.
fn totals(before: &Banks, after: &Banks) -> Vec<BankTotal> {
    after
        .iter()
        .filter_map(|b| {
            let was = before.get(&b.id)?;
            let credits = b.used.get().saturating_sub(was.used.get());
            (credits > 0).then(|| BankTotal {
                bank: b.id.clone(),
                credits: Credits::new(credits),
                remaining_before: was.remaining(),
                remaining_after: b.remaining(),
            })
        })
        .collect()
}

/// Quotes generating, from `bank`, one request per recipient (`lines`: each with the
/// recipient's membership, if they have one). A recipient of another organisation is a refused
/// line; the start, months and type are the same for all, so a bad one refuses the request.
/// Refused whole when the bank cannot pay every quoted line, or when no line can be made.
pub fn generation_quote(
    by: &Membership,
    bank: &Bank,
    lines: &[(GenerationRequest, &Email, Option<&Membership>)],
    today: Date,
) -> Result<BulkQuote<GenerationLine>, RuleError> {
    let before = Banks::new([bank.clone()]);
    let mut banks = before.clone();
    let mut out = Vec::with_capacity(lines.len());
    let (mut needed, mut paid, mut short, mut licenses) = (0u32, 0usize, false, 0u32);
    for (request, email, theirs) in lines {
        let joins = match check_join(email, *theirs, &by.org, today) {
            Ok(joining) => joining == Joining::New,
            Err(refusal) => {
                out.push(Err(refusal.into()));
                continue;
            }
        };
        let running = banks.get(&bank.id).expect("the bank is among the banks");
        match quote_generation(running, request, today) {
            Ok(quote) => {
                needed += quote.credits.get();
                licenses += quote.licenses;
                paid += usize::from(!short);
                banks.draw(&bank.id, quote.credits);
                out.push(Ok(GenerationLine { quote, joins }));
            }
            Err(e) if is_shortfall(&e) => {
                short = true;
                // What the line would cost with the credits it lacks.
                let mut rich = running.clone();
                rich.granted = Credits::new(crate::values::MAX_CREDITS);
                rich.used = Credits::ZERO;
                needed += quote_generation(&rich, request, today)?.credits.get();
            }
            Err(e) => return Err(e),
        }
    }
    if short {
        return Err(shortfall("recipients", needed, bank.remaining(), paid));
    }
    if licenses > MAX_LICENSES {
        return Err(Invalid::new(
            "recipients",
            Message::new("invalid-licences-per-request").number("max", MAX_LICENSES),
        )
        .into());
    }
    if let Some(refused) = no_line(&out) {
        return Err(refused);
    }
    Ok(BulkQuote {
        credits: Credits::new(needed),
        licenses,
        banks: totals(&before, &banks),
        lines: out,
    })
}

/// When every line is refused, the first refusal (nothing can be made: the request is refused).
fn no_line<L>(lines: &[Result<L, RuleError>]) -> Option<RuleError> {
    if lines.iter().any(Result::is_ok) {
        return None;
    }
    lines.iter().find_map(|l| l.as_ref().err().cloned())
}

/// One line to generate: its request, recipient, and the credits its quote showed.
pub struct GenerationItem<'a> {
    pub request: GenerationRequest,
    pub recipient: Newcomer<'a>,
    pub quoted: Credits,
}

/// Generates each line from `banks`' bank `bank` with [`decide::generation`], in order, each
/// against the bank as the lines before it left it. `codes` are drawn as the lines need them.
pub fn generations(
    by: &Membership,
    banks: &mut Banks,
    bank: &BankId,
    items: Vec<GenerationItem<'_>>,
    codes: &mut impl Iterator<Item = ActivationCode>,
    now: DateTime<Utc>,
) -> Vec<Result<Generation, RuleError>> {
    items
        .into_iter()
        .map(|item| {
            let running = banks.get(bank).cloned().ok_or_else(|| {
                RuleError::from(Refusal::Conflict(Message::new("conflict-licence-changed")))
            })?;
            let wanted = item.request.license_type.split(item.request.quantity).0 as usize;
            let generated = decide::generation(
                by,
                &running,
                &item.request,
                item.recipient,
                item.quoted,
                codes.by_ref().take(wanted),
                now,
            )?;
            banks.draw(bank, generated.quote.credits);
            Ok(generated)
        })
        .collect()
}

/// One line of a bulk renewal's quote.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewalLine {
    pub quote: Quote,
    pub bank: BankId,
}

/// Quotes renewing each licence (`lines`, each with its request) from the bank its new term
/// draws on, as the lines before it left that bank. A licence that cannot be renewed is a
/// refused line; refused whole when the banks cannot pay every quoted line.
pub fn renewal_quote(
    banks: &Banks,
    lines: &[(&License, RenewalRequest)],
    today: Date,
) -> Result<BulkQuote<RenewalLine>, RuleError> {
    let mut running = banks.clone();
    let mut out = Vec::with_capacity(lines.len());
    let (mut needed, mut paid, mut short, mut renewed) = (0u32, 0usize, false, 0u32);
    let mut remaining = Credits::ZERO;
    for (license, request) in lines {
        let Some(bank) = running.get(&license.bank.id).cloned() else {
            out.push(Err(Refusal::Conflict(Message::new(
                "conflict-licence-changed",
            ))
            .into()));
            continue;
        };
        match quote_renewal(license, &bank, request, today) {
            Ok(quote) => {
                needed += quote.credits.get();
                renewed += 1;
                paid += usize::from(!short);
                running.draw(&bank.id, quote.credits);
                out.push(Ok(RenewalLine {
                    quote,
                    bank: bank.id.clone(),
                }));
            }
            Err(e) if is_shortfall(&e) => {
                if !short {
                    remaining = bank.remaining();
                }
                short = true;
                let mut rich = bank.clone();
                rich.granted = Credits::new(crate::values::MAX_CREDITS);
                rich.used = Credits::ZERO;
                needed += quote_renewal(license, &rich, request, today)?.credits.get();
            }
            Err(e) => out.push(Err(e)),
        }
    }
    if short {
        return Err(shortfall("licenses", needed, remaining, paid));
    }
    if let Some(refused) = no_line(&out) {
        return Err(refused);
    }
    Ok(BulkQuote {
        credits: Credits::new(needed),
        licenses: renewed,
        banks: totals(banks, &running),
        lines: out,
    })
}

/// Renews each licence with [`decide::renewal`], in order, from its bank as the lines before it
/// left it, confirming the credits its line's quote showed.
pub fn renewals(
    by: &Membership,
    banks: &mut Banks,
    items: Vec<(&License, RenewalRequest, Credits)>,
    now: DateTime<Utc>,
) -> Vec<Result<Renewal, RuleError>> {
    items
        .into_iter()
        .map(|(license, request, quoted)| {
            let bank = banks.get(&license.bank.id).cloned().ok_or_else(|| {
                RuleError::from(Refusal::Conflict(Message::new("conflict-licence-changed")))
            })?;
            let renewed = decide::renewal(by, license, &bank, &request, quoted, now)?;
            banks.draw(&bank.id, renewed.quote.credits);
            Ok(renewed)
        })
        .collect()
}

/// One assignment of a bulk assignment: the returned licence and who gets it.
pub struct AssignmentItem<'a> {
    pub license: &'a License,
    pub to: &'a Email,
    pub terms: &'a crate::users::InvitationTerms,
}

/// Assigns each licence with [`decide::assignment`], in order. `memberships` are the people's
/// as read; someone a line invites is a member for the lines after it (two licences to one
/// newcomer: one invitation).
pub fn assignments(
    by: &Membership,
    memberships: &mut BTreeMap<Email, Membership>,
    items: Vec<AssignmentItem<'_>>,
    now: DateTime<Utc>,
) -> Vec<Result<Reassignment, Refusal>> {
    items
        .into_iter()
        .map(|item| {
            let theirs = memberships.get(item.to).cloned();
            let assigned = decide::assignment(
                by,
                item.license,
                Newcomer {
                    email: item.to,
                    membership: theirs.as_ref(),
                    terms: item.terms,
                },
                now,
            )?;
            if let Some(member) = &assigned.joining {
                memberships.insert(item.to.clone(), member.clone());
            }
            Ok(assigned)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::license::LicenseType;
    use crate::users::{InvitationTerms, Role};
    use crate::values::{Months, OrgId, Quantity};
    use proptest::prelude::*;

    fn admin(bank: &Bank) -> Membership {
        let mut m = Membership::invited(
            Email::parse("e", "admin@studio.example").unwrap(),
            bank.org.clone(),
            Role::Admin,
            d("2026-01-01"),
            &terms(),
        );
        m.status = crate::users::UserStatus::Active;
        m
    }

    fn terms() -> InvitationTerms {
        InvitationTerms {
            expires: d("2026-03-01"),
            decline_token: "t".into(),
            decline_digest: "d".into(),
        }
    }

    fn request(months: i64, quantity: i64) -> GenerationRequest {
        GenerationRequest {
            license_type: LicenseType::NodeLock,
            months: Months::parse("months", months).unwrap(),
            quantity: Quantity::parse("quantity", quantity).unwrap(),
            start: d("2026-01-10"),
        }
    }

    fn email(i: usize) -> Email {
        Email::parse("e", &format!("artist{i}@crew.example")).unwrap()
    }

    fn codes() -> impl Iterator<Item = ActivationCode> {
        (0u64..).map(|i| {
            let mut b = [0u8; 10];
            b[..8].copy_from_slice(&i.to_be_bytes());
            ActivationCode::from_entropy(b)
        })
    }

    #[test]
    fn duplicates_and_sizes_are_named_by_line() {
        let e = check_lines("recipients", "email", &["a", "b", "a"]).unwrap_err();
        assert_eq!(e.field, "recipients[2].email");
        let none: [&str; 0] = [];
        assert_eq!(
            check_lines("recipients", "email", &none).unwrap_err().field,
            "recipients"
        );
        let many: Vec<usize> = (0..=MAX_LINES).collect();
        assert_eq!(
            check_lines("licenses", "code", &many).unwrap_err().field,
            "licenses"
        );
    }

    #[test]
    fn a_quote_sums_its_lines_and_refuses_whole_with_how_many_fit() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let by = admin(&b);
        let emails: Vec<Email> = (0..4).map(email).collect();
        let lines: Vec<_> = emails.iter().map(|e| (request(3, 1), e, None)).collect();
        let err = generation_quote(&by, &b, &lines, d("2026-01-10")).unwrap_err();
        match err {
            RuleError::Refused(Refusal::InsufficientCredits {
                needed,
                remaining,
                fit: Some(fit),
            }) => {
                assert_eq!((needed.get(), remaining.get()), (12, 10));
                assert_eq!((fit.field, fit.max_quantity), ("recipients", 3));
            }
            other => panic!("{other:?}"),
        }
        let q = generation_quote(&by, &b, &lines[..3], d("2026-01-10")).unwrap();
        assert_eq!((q.credits.get(), q.licenses, q.quoted()), (9, 3, 3));
        assert_eq!(q.banks[0].remaining_after.get(), 1);
    }

    #[test]
    fn someone_of_another_organisation_is_a_refused_line() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let by = admin(&b);
        let mut other = by.clone();
        other.email = email(1);
        other.org = OrgId::parse("elsewhere").unwrap();
        let (e0, e1) = (email(0), email(1));
        let lines = vec![
            (request(1, 1), &e0, None),
            (request(1, 1), &e1, Some(&other)),
        ];
        let q = generation_quote(&by, &b, &lines, d("2026-01-10")).unwrap();
        assert!(q.lines[0].as_ref().unwrap().joins);
        assert!(matches!(
            q.lines[1],
            Err(RuleError::Refused(
                Refusal::MemberOfAnotherOrganisation { .. }
            ))
        ));
        assert_eq!(q.credits.get(), 1);
    }

    proptest! {
        /// Whatever the lines, the generations never take a bank below zero, charge each line
        /// exactly its single generation's cost, and refuse for credits only what did not fit.
        #[test]
        fn generations_never_overspend(granted in 0u32..60, sizes in proptest::collection::vec((1i64..4, 1i64..4), 1..20)) {
            let b = bank("25.1", true, granted, "2026-01-01", "2027-01-01");
            let by = admin(&b);
            let emails: Vec<Email> = (0..sizes.len()).map(email).collect();
            let terms = terms();
            let mut banks = Banks::new([b.clone()]);
            let items = sizes.iter().zip(&emails).map(|(&(m, q), e)| GenerationItem {
                request: request(m, q),
                recipient: Newcomer { email: e, membership: None, terms: &terms },
                quoted: Credits::new((m * q) as u32),
            }).collect();
            let out = generations(&by, &mut banks, &b.id, items, &mut codes(), chrono::DateTime::from_naive_utc_and_offset(d("2026-01-10").and_hms_opt(9, 0, 0).unwrap(), Utc));
            let mut spent = 0;
            for (r, &(m, q)) in out.iter().zip(&sizes) {
                match r {
                    Ok(g) => {
                        prop_assert_eq!(g.quote.credits.get() as i64, m * q);
                        prop_assert_eq!(g.licenses.len() as i64, q);
                        spent += g.quote.credits.get();
                    }
                    Err(e) => prop_assert!(is_shortfall(e), "{e:?}"),
                }
            }
            prop_assert!(spent <= granted);
            prop_assert_eq!(banks.get(&b.id).unwrap().remaining().get(), granted - spent);
        }
    }
}
