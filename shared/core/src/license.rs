//! Licences: what was generated from a bank, its history of terms and of assignees, and which
//! actions (renew, return, assign) it allows on a given day.

use serde::{Deserialize, Serialize};

use crate::bank::BankRef;
use crate::code::ActivationCode;
use crate::dates::Lifecycle;
use crate::error::{Invalid, Refusal};
use crate::message::Message;
use crate::values::{BankId, Credits, Email, Months, OrgId, ProductId, Quantity};
use crate::Date;

/// How a licence is used, which decides what the quantity of a request means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseType {
    /// One computer per licence; a quantity of N makes N licences, each with its own code.
    NodeLock,
    /// One key activated on N computers.
    Multiseat,
    /// One server licence shared by N concurrent seats.
    Floating,
}

impl LicenseType {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenseType::NodeLock => "node_lock",
            LicenseType::Multiseat => "multiseat",
            LicenseType::Floating => "floating",
        }
    }

    /// (licences to create, computers on each) for a requested quantity.
    pub fn split(self, quantity: Quantity) -> (u32, Quantity) {
        match self {
            LicenseType::NodeLock => (quantity.get(), Quantity::ONE),
            LicenseType::Multiseat | LicenseType::Floating => (1, quantity),
        }
    }
}

/// One period a licence is valid for, and what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub start: Date,
    pub expiry: Date,
    /// What the administrator asked for.
    pub months_requested: Months,
    /// What was charged: fewer when the term was capped at the bank's expiry.
    pub months_charged: u32,
    pub computers: Quantity,
    /// months charged x computers.
    pub credits: Credits,
    /// The bank this term drew on; absent on terms written before terms named their bank (they
    /// all drew on the licence's bank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<BankId>,
}

/// Who held the licence, from when, until when (open while they hold it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub email: Email,
    pub from: Date,
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct License {
    pub code: ActivationCode,
    pub org: OrgId,
    /// The bank it draws on, as it was created (its facts never change).
    pub bank: BankRef,
    pub product: ProductId,
    pub license_type: LicenseType,
    /// Terms in order; never empty.
    pub terms: Vec<Term>,
    /// Assignees in order; the last one is current unless it has an `until`.
    pub assignments: Vec<Assignment>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The mails sent about it, oldest first (decided with the change that sent them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mails: Vec<LicenseMail>,
    /// The banks it drew terms on before `bank`, as they were when it left them (a renewal
    /// from another bank moves the licence to it: [`License::drawing_on`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_banks: Vec<BankRef>,
}

/// What a mail about a licence told its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    LicenseGenerated,
    LicenseRenewed,
    LicenseAssigned,
    LicenseReturned,
}

/// One mail sent about a licence: what, to whom, when it was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseMail {
    pub kind: MailKind,
    pub to: Email,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Why an action is not offered: the refusal's stable code, its sentence, and what the admin
/// can do instead when there is something (catalogue messages, said in the reader's language
/// by the adapters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub message: Message,
    pub hint: Option<Message>,
}

/// For each action of [`Actions`], `None` when it is allowed, else why not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WhyNot {
    pub renew: Option<Reason>,
    pub return_: Option<Reason>,
    pub assign: Option<Reason>,
}

/// The article: "if you do not see the Return or Assign links for a licence, see how to contact
/// support".
pub const HINT_NOT_PORTABLE: &str = "hint-not-portable";
/// A licence at its bank's limit can only be replaced.
pub const HINT_AT_BANK_LIMIT: &str = "hint-at-bank-limit";
pub const HINT_EXPIRED: &str = "hint-license-expired";
pub const HINT_BANK_EXPIRED: &str = "hint-bank-expired";

impl Reason {
    fn of(refusal: Refusal, action: &str) -> Reason {
        let hint = match (action, &refusal) {
            ("return" | "assign", Refusal::NotPortable(_)) => Some(HINT_NOT_PORTABLE),
            ("renew", Refusal::AtBankLimit { .. }) => Some(HINT_AT_BANK_LIMIT),
            ("renew", Refusal::LicenseExpired { .. }) => Some(HINT_EXPIRED),
            ("renew", Refusal::BankExpired { .. }) => Some(HINT_BANK_EXPIRED),
            _ => None,
        };
        Reason {
            code: refusal.code(),
            message: refusal.message(),
            hint: hint.map(Message::new),
        }
    }
}

/// What the licence list's `q` looks for: part of an activation code (dashes, spaces and case
/// ignored) or part of the current assignee's address; a whole valid code names one licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseSearch {
    /// Lower case, without dashes or spaces: matched against the code part of
    /// [`License::search_text`].
    pub code_part: String,
    /// Lower case, trimmed: matched against the address part.
    pub mail_part: String,
    /// When the text is a whole, valid activation code.
    pub code: Option<ActivationCode>,
}

/// Separates the code from the address in [`License::search_text`]; `q` cannot contain it, so
/// no match spans both.
const SEARCH_SEPARATOR: char = '\n';

impl LicenseSearch {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<LicenseSearch, Invalid> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Invalid::new(
                "q",
                Message::new("invalid-license-search-empty"),
            ));
        }
        if text.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(
                "q",
                Message::new("invalid-at-most-characters").number("max", Self::MAX_LEN),
            ));
        }
        if text.chars().any(char::is_control) {
            return Err(Invalid::new(
                "q",
                Message::new("invalid-control-characters"),
            ));
        }
        let mail_part = text.to_lowercase();
        let code_part: String = mail_part
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect();
        if code_part.is_empty() {
            return Err(Invalid::new(
                "q",
                Message::new("invalid-license-search-dashes"),
            ));
        }
        Ok(LicenseSearch {
            code: ActivationCode::parse("q", text).ok(),
            code_part,
            mail_part,
        })
    }

    /// Whether `license` matches (the same rule the store's `contains` filter applies).
    pub fn matches(&self, license: &License) -> bool {
        let text = license.search_text();
        text.contains(&self.code_part) || text.contains(&self.mail_part)
    }
}

/// What the licence list offers for one licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Actions {
    pub renew: bool,
    #[serde(rename = "return")]
    pub return_: bool,
    pub assign: bool,
}

impl License {
    fn first_term(&self) -> &Term {
        self.terms.first().expect("a licence has at least one term")
    }

    fn last_term(&self) -> &Term {
        self.terms.last().expect("a licence has at least one term")
    }

    pub fn start(&self) -> Date {
        self.first_term().start
    }

    pub fn expiry(&self) -> Date {
        self.last_term().expiry
    }

    /// Computers (or seats) of the latest term: what a renewal follows by default.
    pub fn computers(&self) -> Quantity {
        self.last_term().computers
    }

    /// The index of the term in force on `today`: the last one started by then; before the
    /// first term starts, the first; after the last expiry, the last.
    fn current_index(&self, today: Date) -> usize {
        self.terms
            .iter()
            .rposition(|t| t.start <= today)
            .unwrap_or(0)
    }

    /// The term in force on `today` (see [`License::current_index`] for the edges).
    pub fn current_term(&self, today: Date) -> &Term {
        &self.terms[self.current_index(today)]
    }

    /// The term after the current one, when a renewal already added it.
    pub fn next_term(&self, today: Date) -> Option<&Term> {
        self.terms.get(self.current_index(today) + 1)
    }

    /// Computers (or seats) of the term in force on `today`: what activation allows.
    pub fn computers_on(&self, today: Date) -> Quantity {
        self.current_term(today).computers
    }

    /// The bank `term` drew on (the licence's own for terms that do not name one).
    pub fn term_bank<'a>(&'a self, term: &'a Term) -> &'a BankId {
        term.bank.as_ref().unwrap_or(&self.bank.id)
    }

    /// What the list's `q` is matched against: the code without dashes, then the current
    /// assignee's address, lower case.
    pub fn search_text(&self) -> String {
        let code: String = self
            .code
            .to_string()
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_lowercase();
        match self.assignee() {
            Some(email) => format!("{code}{SEARCH_SEPARATOR}{}", email.as_str().to_lowercase()),
            None => code,
        }
    }

    /// Records a mail sent about the licence.
    pub fn mailed(mut self, kind: MailKind, to: &Email, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.mails.push(LicenseMail {
            kind,
            to: to.clone(),
            at,
        });
        self
    }

    /// The months of the latest term as asked for: the default length of a renewal.
    pub fn last_months(&self) -> Months {
        self.last_term().months_requested
    }

    pub fn credits_used(&self) -> Credits {
        self.terms.iter().fold(Credits::ZERO, |sum, t| {
            sum.checked_add(t.credits).unwrap_or(sum)
        })
    }

    pub fn status(&self, today: Date) -> Lifecycle {
        Lifecycle::of(self.start(), self.expiry(), today)
    }

    pub fn assignee(&self) -> Option<&Email> {
        self.assignments
            .last()
            .filter(|a| a.until.is_none())
            .map(|a| &a.email)
    }

    /// The licence with what it remembers of its bank brought up to date from `bank` as read
    /// now (the operator may have extended it since the licence last changed).
    pub fn with_bank(&self, bank: &crate::Bank) -> License {
        let mut license = self.clone();
        if license.bank.id == bank.id {
            license.bank = bank.reference();
        }
        license
    }

    /// The licence drawing its next term on `bank`: its own bank read fresh, or another bank
    /// of its product and version (the caller checked [`License::check_other_bank`]), which it
    /// then belongs to: its code, version and portability stay, and its next renewal is capped
    /// at that bank's expiry.
    pub fn drawing_on(&self, bank: &crate::Bank) -> License {
        let mut license = self.clone();
        if bank.id != self.bank.id {
            license.earlier_banks.retain(|b| b.id != bank.id);
            license.earlier_banks.push(self.bank.clone());
        }
        license.bank = bank.reference();
        license
    }

    /// The bank `term` drew on, as the licence knows it: its bank, or one it drew on before.
    pub fn term_bank_ref<'a>(&'a self, term: &'a Term) -> &'a BankRef {
        let id = self.term_bank(term);
        std::iter::once(&self.bank)
            .chain(&self.earlier_banks)
            .find(|b| &b.id == id)
            .unwrap_or(&self.bank)
    }

    /// Another bank may pay a renewal when it holds the licence's product and version, is
    /// portable exactly when the licence's bank is (what the licence allows stays), and has
    /// started by the day the new term starts; a renewal then keeps the activation code.
    pub fn check_other_bank(&self, bank: &crate::Bank) -> Result<(), Invalid> {
        if bank.product != self.product
            || bank.version != self.bank.version
            || bank.portable != self.bank.portable
        {
            return Err(Invalid::new(
                "bank",
                Message::new("invalid-renewal-bank").text("version", self.bank.version.to_string()),
            ));
        }
        if bank.start > self.expiry() {
            return Err(Invalid::new(
                "bank",
                Message::new("invalid-renewal-bank-start")
                    .date("start", bank.start)
                    .date("expiry", self.expiry()),
            ));
        }
        Ok(())
    }

    /// An expired licence is never renewed (a new one is generated instead), and a licence that
    /// already ends on its bank's expiry has nothing left to renew into from that bank.
    pub fn check_renewable(&self, today: Date) -> Result<(), Refusal> {
        self.check_renewable_on(&self.bank, today)
    }

    /// [`License::check_renewable`], the new term drawn on `bank`.
    pub fn check_renewable_on(&self, bank: &BankRef, today: Date) -> Result<(), Refusal> {
        if self.status(today) == Lifecycle::Expired {
            return Err(Refusal::LicenseExpired {
                expiry: self.expiry(),
            });
        }
        bank.check_usable(today)?;
        if self.expiry() >= bank.expiry {
            return Err(Refusal::AtBankLimit {
                bank_expiry: bank.expiry,
            });
        }
        Ok(())
    }

    /// Return: an assigned, unexpired licence of a portable bank loses its assignee.
    pub fn check_returnable(&self, today: Date) -> Result<(), Refusal> {
        self.bank.check_portable()?;
        if self.status(today) == Lifecycle::Expired {
            return Err(Refusal::LicenseExpired {
                expiry: self.expiry(),
            });
        }
        if self.assignee().is_none() {
            return Err(Refusal::NotAssigned);
        }
        Ok(())
    }

    /// Assign: a returned, unexpired licence of a portable bank gets a new assignee.
    pub fn check_assignable(&self, today: Date) -> Result<(), Refusal> {
        self.bank.check_portable()?;
        if self.status(today) == Lifecycle::Expired {
            return Err(Refusal::LicenseExpired {
                expiry: self.expiry(),
            });
        }
        if let Some(current) = self.assignee() {
            return Err(Refusal::AlreadyAssigned(current.to_string()));
        }
        Ok(())
    }

    pub fn actions(&self, today: Date) -> Actions {
        self.actions_among(&[], today)
    }

    /// Renewal from the licence's own bank, or, once it ends on that bank's expiry, from another
    /// of `banks` that may pay for it ([`License::check_other_bank`]) and runs longer.
    pub fn check_renewable_among(&self, banks: &[crate::Bank], today: Date) -> Result<(), Refusal> {
        let own = self.check_renewable(today);
        if !matches!(own, Err(Refusal::AtBankLimit { .. })) {
            return own;
        }
        let another = banks.iter().any(|b| {
            b.id != self.bank.id
                && self.check_other_bank(b).is_ok()
                && b.check_usable(today).is_ok()
                && self.check_renewable_on(&b.reference(), today).is_ok()
        });
        if another {
            Ok(())
        } else {
            own
        }
    }

    /// What can be done with it on `today`, another of `banks` able to pay a renewal the
    /// licence's own bank cannot.
    pub fn actions_among(&self, banks: &[crate::Bank], today: Date) -> Actions {
        Actions {
            renew: self.check_renewable_among(banks, today).is_ok(),
            return_: self.check_returnable(today).is_ok(),
            assign: self.check_assignable(today).is_ok(),
        }
    }

    /// Why each action [`License::actions`] does not offer is refused, with a hint.
    pub fn why_not(&self, today: Date) -> WhyNot {
        self.why_not_among(&[], today)
    }

    /// [`License::why_not`], another of `banks` able to pay a renewal ([`License::actions_among`]).
    pub fn why_not_among(&self, banks: &[crate::Bank], today: Date) -> WhyNot {
        WhyNot {
            renew: self
                .check_renewable_among(banks, today)
                .err()
                .map(|r| Reason::of(r, "renew")),
            return_: self
                .check_returnable(today)
                .err()
                .map(|r| Reason::of(r, "return")),
            assign: self
                .check_assignable(today)
                .err()
                .map(|r| Reason::of(r, "assign")),
        }
    }

    /// Closes the current assignment (the caller checked [`License::check_returnable`]).
    pub fn returned(mut self, today: Date) -> License {
        if let Some(last) = self.assignments.last_mut() {
            last.until.get_or_insert(today);
        }
        self
    }

    /// Opens a new assignment (the caller checked [`License::check_assignable`]).
    pub fn assigned(mut self, email: Email, today: Date) -> License {
        self.assignments.push(Assignment {
            email,
            from: today,
            until: None,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};

    fn license(bank: &crate::Bank, start: &str, expiry: &str, assignee: Option<&str>) -> License {
        License {
            code: ActivationCode::from_entropy([7; 10]),
            org: OrgId::parse("o1").unwrap(),
            bank: bank.reference(),
            product: ProductId::parse("harmony-premium").unwrap(),
            license_type: LicenseType::NodeLock,
            terms: vec![Term {
                start: d(start),
                expiry: d(expiry),
                months_requested: Months::parse("months", 1).unwrap(),
                months_charged: 1,
                computers: Quantity::ONE,
                credits: Credits::new(1),
                bank: Some(bank.id.clone()),
            }],
            assignments: assignee
                .map(|e| Assignment {
                    email: Email::parse("email", e).unwrap(),
                    from: d(start),
                    until: None,
                })
                .into_iter()
                .collect(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        }
    }

    #[test]
    fn quantity_means_licenses_for_node_lock_and_computers_otherwise() {
        let q = Quantity::parse("quantity", 5).unwrap();
        assert_eq!(LicenseType::NodeLock.split(q), (5, Quantity::ONE));
        assert_eq!(LicenseType::Multiseat.split(q), (1, q));
        assert_eq!(LicenseType::Floating.split(q), (1, q));
    }

    #[test]
    fn expired_license_is_not_renewed() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let l = license(&b, "2026-01-01", "2026-02-01", Some("a@b.co"));
        assert_eq!(
            l.check_renewable(d("2026-02-01")).unwrap_err().code(),
            "license_expired"
        );
        assert!(l.check_renewable(d("2026-01-31")).is_ok());
    }

    #[test]
    fn license_at_its_bank_limit_is_not_renewed() {
        let b = bank("25.1", true, 10, "2026-01-01", "2026-03-01");
        let l = license(&b, "2026-02-01", "2026-03-01", Some("a@b.co"));
        assert_eq!(
            l.check_renewable(d("2026-02-10")),
            Err(Refusal::AtBankLimit {
                bank_expiry: d("2026-03-01")
            })
        );
    }

    #[test]
    fn pending_license_can_be_renewed() {
        let b = bank("24", false, 10, "2026-01-01", "2027-01-01");
        let l = license(&b, "2026-05-01", "2026-06-01", Some("a@b.co"));
        assert!(l.check_renewable(d("2026-02-01")).is_ok());
    }

    #[test]
    fn return_then_assign_on_a_portable_bank() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let today = d("2026-01-15");
        let l = license(&b, "2026-01-01", "2026-06-01", Some("a@b.co"));
        assert_eq!(
            l.actions(today),
            Actions {
                renew: true,
                return_: true,
                assign: false
            }
        );
        assert_eq!(
            l.check_assignable(today).unwrap_err().code(),
            "already_assigned"
        );
        let l = l.returned(today);
        assert_eq!(l.assignee(), None);
        assert_eq!(l.check_returnable(today), Err(Refusal::NotAssigned));
        assert!(l.check_assignable(today).is_ok());
        let l = l.assigned(Email::parse("email", "c@d.co").unwrap(), today);
        assert_eq!(l.assignee().unwrap().as_str(), "c@d.co");
        assert_eq!(l.assignments.len(), 2, "history of assignees is kept");
        assert_eq!(l.assignments[0].until, Some(today));
    }

    #[test]
    fn no_return_or_assign_elsewhere() {
        let today = d("2026-01-15");
        for b in [
            bank("24", true, 10, "2026-01-01", "2027-01-01"),
            bank("25.1", false, 10, "2026-01-01", "2027-01-01"),
        ] {
            let l = license(&b, "2026-01-01", "2026-06-01", Some("a@b.co"));
            assert_eq!(
                l.check_returnable(today).unwrap_err().code(),
                "not_portable"
            );
            assert!(!l.actions(today).return_);
            assert!(!l.actions(today).assign);
        }
    }

    #[test]
    fn expired_license_cannot_be_returned_or_assigned() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let today = d("2026-06-01");
        let l = license(&b, "2026-01-01", "2026-06-01", Some("a@b.co"));
        assert_eq!(
            l.check_returnable(today).unwrap_err().code(),
            "license_expired"
        );
        let l = l.returned(d("2026-05-01"));
        assert_eq!(
            l.check_assignable(today).unwrap_err().code(),
            "license_expired"
        );
        assert_eq!(l.actions(today), Actions::default());
    }

    fn term(start: &str, expiry: &str, computers: i64, bank: &crate::Bank) -> Term {
        let computers = Quantity::parse("computers", computers).unwrap();
        Term {
            start: d(start),
            expiry: d(expiry),
            months_requested: Months::parse("months", 1).unwrap(),
            months_charged: 1,
            computers,
            credits: Credits::new(computers.get()),
            bank: Some(bank.id.clone()),
        }
    }

    #[test]
    fn a_multiseat_renewed_with_more_computers_has_3_until_its_first_term_ends_then_5() {
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let mut l = license(&b, "2026-03-01", "2026-04-01", Some("a@b.co"));
        l.license_type = LicenseType::Multiseat;
        l.terms = vec![
            term("2026-03-01", "2026-04-01", 3, &b),
            term("2026-04-01", "2026-05-01", 5, &b),
        ];
        // Before the first term starts: the first term, the renewal next.
        assert_eq!(l.current_term(d("2026-02-15")), &l.terms[0]);
        assert_eq!(l.next_term(d("2026-02-15")), Some(&l.terms[1]));
        // While the first term runs: 3 computers, and the renewal is the next term.
        for day in ["2026-03-01", "2026-03-31"] {
            assert_eq!(l.computers_on(d(day)).get(), 3, "{day}");
            assert_eq!(l.next_term(d(day)), Some(&l.terms[1]));
        }
        // From the first term's expiry (exclusive) on: 5, and nothing next.
        assert_eq!(l.computers_on(d("2026-04-01")).get(), 5);
        assert_eq!(l.next_term(d("2026-04-01")), None);
        // After the last expiry: the last term.
        assert_eq!(l.current_term(d("2026-09-01")), &l.terms[1]);
        assert_eq!(l.next_term(d("2026-09-01")), None);
        // What a renewal follows by default is still the latest term.
        assert_eq!(l.computers().get(), 5);
    }

    #[test]
    fn each_term_draws_on_its_bank_and_old_terms_on_the_licence_s() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let mut l = license(&b, "2026-01-01", "2026-02-01", None);
        assert_eq!(l.term_bank(&l.terms[0]), &b.id);
        l.terms[0].bank = None;
        assert_eq!(l.term_bank(&l.terms[0]), &b.id);
    }

    #[test]
    fn why_not_says_why_each_refused_action_is_refused_with_a_hint() {
        let today = d("2026-01-15");
        let old = bank("24", true, 10, "2026-01-01", "2027-01-01");
        let l = license(&old, "2026-01-01", "2026-06-01", Some("a@b.co"));
        let why = l.why_not(today);
        assert_eq!(why.renew, None, "renewing is allowed");
        let back = why.return_.expect("no return on a version 24 bank");
        assert_eq!(back.code, "not_portable");
        assert_eq!(back.hint, Some(Message::new(HINT_NOT_PORTABLE)));
        assert!(back
            .hint
            .unwrap()
            .say(elp_l10n::Lang::En)
            .contains("support"));
        assert_eq!(why.assign.unwrap().code, "not_portable");

        let short = bank("25.1", true, 10, "2026-01-01", "2026-03-01");
        let l = license(&short, "2026-02-01", "2026-03-01", None);
        let why = l.why_not(d("2026-02-10"));
        let renew = why.renew.expect("at its bank's limit");
        assert_eq!(renew.code, "at_bank_limit");
        assert_eq!(renew.hint, Some(Message::new(HINT_AT_BANK_LIMIT)));
        assert!(renew
            .message
            .say(elp_l10n::Lang::En)
            .contains("1 March 2026"));
        assert!(renew
            .message
            .say(elp_l10n::Lang::Fr)
            .contains("1er mars 2026"));
        assert_eq!(why.return_.unwrap().code, "not_assigned");
        assert_eq!(why.assign, None, "a returned licence can be assigned");

        let expired = license(&short, "2026-01-01", "2026-02-01", Some("a@b.co"));
        let why = expired.why_not(d("2026-02-01"));
        assert_eq!(why.renew.unwrap().code, "license_expired");
        assert_eq!(why.assign.unwrap().code, "license_expired");
    }

    #[test]
    fn why_not_and_actions_agree() {
        let b = bank("25.1", true, 10, "2026-01-01", "2026-07-01");
        for (start, expiry, assignee) in [
            ("2026-01-01", "2026-06-01", Some("a@b.co")),
            ("2026-01-01", "2026-07-01", None),
            ("2026-01-01", "2026-02-01", None),
            ("2026-05-01", "2026-06-01", Some("a@b.co")),
        ] {
            let l = license(&b, start, expiry, assignee);
            for day in ["2026-01-10", "2026-03-01", "2026-06-15"] {
                let (actions, why) = (l.actions(d(day)), l.why_not(d(day)));
                assert_eq!(actions.renew, why.renew.is_none());
                assert_eq!(actions.return_, why.return_.is_none());
                assert_eq!(actions.assign, why.assign.is_none());
            }
        }
    }

    #[test]
    fn search_matches_part_of_the_code_or_of_the_assignee_s_address() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let l = license(
            &b,
            "2026-01-01",
            "2026-06-01",
            Some("Ben.Smith@studio.example"),
        );
        let code = l.code.to_string();
        let text = l.search_text();
        assert!(!text.contains('-'));
        assert_eq!(text, text.to_lowercase());
        let q = |raw: &str| LicenseSearch::parse(raw).unwrap();
        assert!(q("ben").matches(&l));
        assert!(q("BEN.SMITH@").matches(&l));
        assert!(
            q(&code[2..9].to_lowercase()).matches(&l),
            "part of the code, dash inside"
        );
        assert!(q(&code).matches(&l));
        assert_eq!(q(&code.to_lowercase()).code, Some(l.code.clone()));
        assert_eq!(q("ben").code, None);
        assert!(!q("ana").matches(&l));
        // No match spans the end of the code and the address.
        let spanning = format!("{}ben", &code[code.len() - 2..].to_lowercase());
        assert!(!q(&spanning).matches(&l));
        // Returned: the address is no longer searched.
        let returned = l.clone().returned(d("2026-02-01"));
        assert!(!q("ben").matches(&returned));
        assert!(q(&code[..4]).matches(&returned));
    }

    #[test]
    fn search_text_is_validated_naming_q() {
        for raw in ["", "   ", "--", &"a".repeat(255), "a\u{7}b"] {
            assert_eq!(LicenseSearch::parse(raw).unwrap_err().field, "q", "{raw:?}");
        }
        assert!(LicenseSearch::parse(&"a".repeat(254)).is_ok());
    }

    #[test]
    fn mails_are_recorded_oldest_first() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let to = Email::parse("email", "a@b.co").unwrap();
        let at = chrono::DateTime::UNIX_EPOCH;
        let l = license(&b, "2026-01-01", "2026-06-01", Some("a@b.co"))
            .mailed(MailKind::LicenseGenerated, &to, at)
            .mailed(MailKind::LicenseReturned, &to, at);
        let kinds: Vec<_> = l.mails.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [MailKind::LicenseGenerated, MailKind::LicenseReturned]
        );
        let json = serde_json::to_value(&l.mails[0]).unwrap();
        assert_eq!(json["kind"], "license_generated");
    }
}
