//! Banks: prepaid credits for one product version, usable between a start and an expiry date.
//! The expiry is the upper limit of every licence drawn from the bank; on that date unused
//! credits are forfeited.

use serde::{Deserialize, Serialize};

use crate::catalog::Version;
use crate::dates::Lifecycle;
use crate::error::{Invalid, Refusal};
use crate::message::Message;
use crate::values::{BankId, Credits, OrgId, ProductId, MAX_CREDITS};
use crate::Date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    pub id: BankId,
    pub org: OrgId,
    pub product: ProductId,
    pub version: Version,
    /// Licences from a portable bank can be returned and reassigned (from version 25.1).
    pub portable: bool,
    /// Credits purchased or requested by the organisation.
    pub purchased: Credits,
    /// Credits the operator granted: the only ones that can be spent.
    pub granted: Credits,
    pub used: Credits,
    pub start: Date,
    pub expiry: Date,
    /// Set by the expiry job: the credits lost when the bank expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forfeited: Option<Credits>,
    /// Credits the organisation's admins asked for on this bank and the operator has not yet
    /// granted or declined (pending credit requests).
    #[serde(default, skip_serializing_if = "Credits::is_zero")]
    pub requested: Credits,
    /// Credits the operator took back from what was granted (a bank created too large by
    /// mistake), never more than were unused.
    #[serde(default, skip_serializing_if = "Credits::is_zero")]
    pub voided: Credits,
}

/// What a licence remembers of its bank: the facts that never change after the bank is created,
/// enough to decide renew/return/assign eligibility without reading the bank again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankRef {
    pub id: BankId,
    pub version: Version,
    pub portable: bool,
    pub start: Date,
    pub expiry: Date,
}

impl BankRef {
    /// Return and assign exist only for banks of version 25.1 or later configured as portable.
    pub fn check_portable(&self) -> Result<(), Refusal> {
        if self.version < Version::PORTABLE_SINCE {
            return Err(Refusal::NotPortable(
                Message::new("not-portable-version")
                    .text("version", self.version.to_string())
                    .text("since", Version::PORTABLE_SINCE.to_string()),
            ));
        }
        if !self.portable {
            return Err(Refusal::NotPortable(Message::new("not-portable-bank")));
        }
        Ok(())
    }

    /// Nothing can be drawn from a bank from its expiry date on.
    pub fn check_usable(&self, today: Date) -> Result<(), Refusal> {
        if today >= self.expiry {
            return Err(Refusal::BankExpired {
                expiry: self.expiry,
            });
        }
        Ok(())
    }
}

/// Admins are warned this many days before a bank with unused credits expires.
pub const WARNING_DAYS: [u32; 3] = [30, 7, 1];

/// What the operator says when creating a bank after a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBank {
    pub product: ProductId,
    pub version: Version,
    pub portable: bool,
    pub purchased: Credits,
    pub granted: Credits,
    pub start: Date,
    pub expiry: Date,
}

impl NewBank {
    /// A bank must last at least a day and cannot be created already expired.
    pub fn validate(&self, today: Date) -> Result<(), Invalid> {
        if self.expiry <= self.start {
            return Err(Invalid::new("expiry", Message::new("invalid-after-start")));
        }
        if self.expiry <= today {
            return Err(Invalid::new(
                "expiry",
                Message::new("invalid-after-today").date("today", today),
            ));
        }
        Ok(())
    }

    pub fn into_bank(self, id: BankId, org: OrgId) -> Bank {
        Bank {
            id,
            org,
            product: self.product,
            version: self.version,
            portable: self.portable,
            purchased: self.purchased,
            granted: self.granted,
            used: Credits::ZERO,
            start: self.start,
            expiry: self.expiry,
            forfeited: None,
            requested: Credits::ZERO,
            voided: Credits::ZERO,
        }
    }
}

impl Bank {
    /// Granted minus used, never below zero; nothing once the expiry job forfeited it.
    pub fn remaining(&self) -> Credits {
        if self.forfeited.is_some() {
            return Credits::ZERO;
        }
        self.granted.saturating_sub(self.used)
    }

    pub fn status(&self, today: Date) -> Lifecycle {
        if self.forfeited.is_some() {
            return Lifecycle::Expired;
        }
        Lifecycle::of(self.start, self.expiry, today)
    }

    /// Credits can be drawn from a bank until its expiry date (even while it is pending, for
    /// licences that start on or after its start).
    pub fn check_usable(&self, today: Date) -> Result<(), Refusal> {
        if self.status(today) == Lifecycle::Expired {
            return Err(Refusal::BankExpired {
                expiry: self.expiry,
            });
        }
        Ok(())
    }

    /// Spending `cost` is possible only if the bank still holds that many credits.
    pub fn check_funds(&self, cost: Credits) -> Result<Credits, Refusal> {
        self.remaining()
            .checked_sub(cost)
            .ok_or(Refusal::InsufficientCredits {
                needed: cost,
                remaining: self.remaining(),
                fit: None,
            })
    }

    /// Drawing `cost` on `today`: the bank must be usable and hold that many credits. What a
    /// refused draw tells the admin, whether the refusal came from this check or from the
    /// store's condition on the bank as it was then.
    pub fn check_draw(&self, cost: Credits, today: Date) -> Result<Credits, Refusal> {
        self.check_usable(today)?;
        self.check_funds(cost)
    }

    /// Granting `credits` on `today`: the bank must be usable and stay within
    /// [`MAX_CREDITS`] granted.
    pub fn check_grant(&self, credits: Credits, today: Date) -> Result<(), Refusal> {
        self.check_usable(today)?;
        match self.granted.checked_add(credits) {
            Some(total) if total.get() <= MAX_CREDITS => Ok(()),
            _ => Err(Refusal::Conflict(
                Message::new("conflict-bank-full").number("max", MAX_CREDITS),
            )),
        }
    }

    pub fn reference(&self) -> BankRef {
        BankRef {
            id: self.id.clone(),
            version: self.version,
            portable: self.portable,
            start: self.start,
            expiry: self.expiry,
        }
    }

    /// Return and assign exist only for banks of version 25.1 or later configured as portable.
    pub fn check_portable(&self) -> Result<(), Refusal> {
        self.reference().check_portable()
    }

    pub fn is_portable(&self) -> bool {
        self.check_portable().is_ok()
    }

    /// The credits the expiry job forfeits: whatever was granted and not used.
    pub fn forfeitable(&self) -> Credits {
        self.remaining()
    }

    /// Whether the expiry job should forfeit this bank's credits today.
    pub fn is_due_to_expire(&self, today: Date) -> bool {
        self.forfeited.is_none() && self.expiry <= today
    }

    /// The warning due today, if any: the nearest of 30, 7 and 1 days the bank has come within,
    /// unless that one (or a nearer one) was already sent; only while it still holds credits.
    /// `last_sent` is the nearest warning sent so far. A job that missed a day still sends the
    /// warning that applies, once.
    pub fn warning_due(&self, today: Date, last_sent: Option<u32>) -> Option<u32> {
        if self.remaining() == Credits::ZERO || self.expiry <= today {
            return None;
        }
        let days_left = (self.expiry - today).num_days();
        let due = WARNING_DAYS
            .iter()
            .rev()
            .copied()
            .find(|&d| days_left <= i64::from(d))?;
        match last_sent {
            Some(sent) if sent <= due => None,
            _ => Some(due),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    pub fn bank(version: &str, portable: bool, granted: u32, start: &str, expiry: &str) -> Bank {
        NewBank {
            product: ProductId::parse("harmony-premium").unwrap(),
            version: Version::parse("version", version).unwrap(),
            portable,
            purchased: Credits::new(granted),
            granted: Credits::new(granted),
            start: d(start),
            expiry: d(expiry),
        }
        .into_bank(BankId::parse("b1").unwrap(), OrgId::parse("o1").unwrap())
    }

    #[test]
    fn remaining_is_granted_minus_used_and_never_negative() {
        let mut b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        b.used = Credits::new(40);
        assert_eq!(b.remaining(), Credits::new(60));
        b.used = Credits::new(140);
        assert_eq!(b.remaining(), Credits::ZERO);
    }

    #[test]
    fn purchased_but_not_granted_cannot_be_spent() {
        let mut b = bank("25.1", true, 0, "2026-01-01", "2027-01-01");
        b.purchased = Credits::new(100);
        assert_eq!(
            b.check_funds(Credits::new(1)),
            Err(Refusal::InsufficientCredits {
                needed: Credits::new(1),
                remaining: Credits::ZERO,
                fit: None
            })
        );
    }

    #[test]
    fn expired_bank_is_unusable_from_its_expiry_date() {
        let b = bank("24", false, 10, "2026-01-01", "2026-06-01");
        assert!(b.check_usable(d("2026-05-31")).is_ok());
        assert_eq!(
            b.check_usable(d("2026-06-01")),
            Err(Refusal::BankExpired {
                expiry: d("2026-06-01")
            })
        );
    }

    #[test]
    fn a_draw_is_refused_as_expired_before_as_short_of_credits() {
        let mut b = bank("24", false, 10, "2026-01-01", "2026-06-01");
        b.used = Credits::new(8);
        assert_eq!(
            b.check_draw(Credits::new(2), d("2026-05-31")),
            Ok(Credits::ZERO)
        );
        assert_eq!(
            b.check_draw(Credits::new(3), d("2026-05-31")),
            Err(Refusal::InsufficientCredits {
                needed: Credits::new(3),
                remaining: Credits::new(2),
                fit: None
            })
        );
        assert_eq!(
            b.check_draw(Credits::new(3), d("2026-06-01")),
            Err(Refusal::BankExpired {
                expiry: d("2026-06-01")
            })
        );
    }

    #[test]
    fn grants_stop_at_the_ceiling_and_at_the_expiry() {
        let b = bank("24", false, MAX_CREDITS - 5, "2026-01-01", "2026-06-01");
        assert!(b.check_grant(Credits::new(5), d("2026-02-01")).is_ok());
        assert_eq!(
            b.check_grant(Credits::new(6), d("2026-02-01"))
                .unwrap_err()
                .code(),
            "conflict"
        );
        assert_eq!(
            b.check_grant(Credits::new(1), d("2026-06-01"))
                .unwrap_err()
                .code(),
            "bank_expired"
        );
    }

    #[test]
    fn pending_bank_is_usable() {
        let b = bank("24", false, 10, "2026-09-01", "2027-06-01");
        assert!(b.check_usable(d("2026-05-31")).is_ok());
    }

    #[test]
    fn forfeited_bank_is_expired_whatever_the_date() {
        let mut b = bank("24", false, 10, "2026-01-01", "2027-06-01");
        b.forfeited = Some(Credits::new(10));
        assert_eq!(b.status(d("2026-02-01")), Lifecycle::Expired);
    }

    #[test]
    fn warnings_at_30_7_and_1_days_each_once() {
        let b = bank("24", false, 10, "2026-01-01", "2026-06-01");
        assert_eq!(b.warning_due(d("2026-05-01"), None), None, "31 days left");
        assert_eq!(b.warning_due(d("2026-05-02"), None), Some(30));
        assert_eq!(
            b.warning_due(d("2026-05-03"), Some(30)),
            None,
            "sent already"
        );
        assert_eq!(b.warning_due(d("2026-05-25"), Some(30)), Some(7));
        assert_eq!(b.warning_due(d("2026-05-31"), Some(7)), Some(1));
        assert_eq!(b.warning_due(d("2026-05-31"), Some(1)), None);
        assert_eq!(
            b.warning_due(d("2026-06-01"), None),
            None,
            "expired: the expiry job's turn"
        );
        // A job that missed days sends the warning that applies now, once.
        assert_eq!(b.warning_due(d("2026-05-28"), None), Some(7));
        let mut empty = b.clone();
        empty.used = Credits::new(10);
        assert_eq!(
            empty.warning_due(d("2026-05-02"), None),
            None,
            "nothing to lose"
        );
    }

    #[test]
    fn forfeited_banks_hold_nothing() {
        let mut b = bank("24", false, 10, "2026-01-01", "2026-06-01");
        assert!(!b.is_due_to_expire(d("2026-05-31")));
        assert!(b.is_due_to_expire(d("2026-06-01")));
        b.forfeited = Some(b.forfeitable());
        assert_eq!(b.remaining(), Credits::ZERO);
        assert!(!b.is_due_to_expire(d("2026-06-02")), "once only");
    }

    #[test]
    fn portability_needs_version_and_flag() {
        assert!(bank("25.1", true, 1, "2026-01-01", "2027-01-01").is_portable());
        assert!(bank("26", true, 1, "2026-01-01", "2027-01-01").is_portable());
        assert!(!bank("25", true, 1, "2026-01-01", "2027-01-01").is_portable());
        assert!(!bank("24", true, 1, "2026-01-01", "2027-01-01").is_portable());
        let err = bank("25.1", false, 1, "2026-01-01", "2027-01-01")
            .check_portable()
            .unwrap_err();
        assert_eq!(err.code(), "not_portable");
    }

    #[test]
    fn new_bank_must_last_and_not_be_born_expired() {
        let mut nb = NewBank {
            product: ProductId::parse("p").unwrap(),
            version: Version::new(24, 0),
            portable: false,
            purchased: Credits::new(1),
            granted: Credits::new(1),
            start: d("2026-01-01"),
            expiry: d("2026-01-01"),
        };
        assert_eq!(nb.validate(d("2025-12-01")).unwrap_err().field, "expiry");
        nb.expiry = d("2026-02-01");
        assert!(nb.validate(d("2025-12-01")).is_ok());
        assert!(nb.validate(d("2026-02-01")).is_err());
    }
}
