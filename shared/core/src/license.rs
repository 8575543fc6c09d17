//! Licences: what was generated from a bank, its history of terms and of assignees, and which
//! actions (renew, return, assign) it allows on a given day.

use serde::{Deserialize, Serialize};

use crate::bank::BankRef;
use crate::code::ActivationCode;
use crate::dates::Lifecycle;
use crate::error::Refusal;
use crate::values::{Credits, Email, Months, OrgId, ProductId, Quantity};
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

    /// Computers (or seats) of the current term.
    pub fn computers(&self) -> Quantity {
        self.last_term().computers
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

    /// An expired licence is never renewed (a new one is generated instead), and a licence that
    /// already ends on its bank's expiry has nothing left to renew into.
    pub fn check_renewable(&self, today: Date) -> Result<(), Refusal> {
        let bank = &self.bank;
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
        Actions {
            renew: self.check_renewable(today).is_ok(),
            return_: self.check_returnable(today).is_ok(),
            assign: self.check_assignable(today).is_ok(),
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
}
