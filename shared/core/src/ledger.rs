//! A bank's ledger: every movement of its spendable credits, oldest first, with the balance
//! after each (decision 94). A movement is an audit event that names the bank and is one of the
//! changes that move its credits (or its expiry): created with its granted credits, a grant, a
//! granted credit request, a licence generated or renewed (a term charged), credits voided, the
//! forfeit at expiry, and an extension (0 credits, a new expiry). The store writes each one to
//! the bank's ledger in the transaction of the change; these rules add it up.

use crate::audit::{AuditAction, AuditEvent};
use crate::bank::Bank;
use crate::message::Message;

impl AuditAction {
    /// Whether an event of this action naming a bank is a movement of the bank's ledger.
    pub fn moves_bank(self) -> bool {
        matches!(
            self,
            AuditAction::BankCreated
                | AuditAction::CreditsGranted
                | AuditAction::CreditRequestGranted
                | AuditAction::LicenseGenerated
                | AuditAction::LicenseRenewed
                | AuditAction::CreditsVoided
                | AuditAction::BankExpired
                | AuditAction::BankExtended
        )
    }

    /// Whether the movement charges a licence term (what the bank's `used` adds up).
    pub fn charges_term(self) -> bool {
        matches!(
            self,
            AuditAction::LicenseGenerated | AuditAction::LicenseRenewed
        )
    }

    /// The movement in words (`ledger-movement-<action>`), for the ledger's CSV.
    pub fn movement(self) -> Message {
        Message::new(match self {
            AuditAction::BankCreated => "ledger-movement-bank-created",
            AuditAction::CreditsGranted => "ledger-movement-credits-granted",
            AuditAction::CreditRequestGranted => "ledger-movement-credit-request-granted",
            AuditAction::LicenseGenerated => "ledger-movement-license-generated",
            AuditAction::LicenseRenewed => "ledger-movement-license-renewed",
            AuditAction::CreditsVoided => "ledger-movement-credits-voided",
            AuditAction::BankExpired => "ledger-movement-bank-expired",
            AuditAction::BankExtended => "ledger-movement-bank-extended",
            _ => "ledger-movement-other",
        })
    }
}

impl AuditEvent {
    /// The bank whose ledger this event belongs to, if it is a movement.
    pub fn ledger_bank(&self) -> Option<&crate::BankId> {
        self.bank.as_ref().filter(|_| self.action.moves_bank())
    }
}

/// The balance after each of `events` (a ledger's movements in order), starting from
/// `opening` (0 at the ledger's start; a page carries the balance before it).
pub fn running_balances(events: &[AuditEvent], opening: i64) -> Vec<i64> {
    events
        .iter()
        .scan(opening, |balance, e| {
            *balance += e.credits;
            Some(*balance)
        })
        .collect()
}

/// A whole ledger added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub movements: u64,
    /// The balance after the last movement.
    pub balance: i64,
    /// Credits charged for licence terms (generations and renewals).
    pub charged: i64,
}

impl Totals {
    pub fn add(&mut self, event: &AuditEvent) {
        self.movements += 1;
        self.balance += event.credits;
        if event.action.charges_term() {
            self.charged -= event.credits;
        }
    }

    /// What does not agree between the ledger and `bank`: its balance is the bank's remaining
    /// credits (nothing once forfeited), and the terms it charged are the bank's used credits.
    pub fn problems(&self, bank: &Bank) -> Vec<String> {
        let mut found = Vec::new();
        let remaining = i64::from(bank.remaining().get());
        if self.balance != remaining {
            found.push(format!(
                "its ledger's balance is {} but it holds {remaining} credits",
                self.balance
            ));
        }
        let used = i64::from(bank.used.get());
        if self.charged != used {
            found.push(format!(
                "its ledger charged {} credits for terms but the bank used {used}",
                self.charged
            ));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::bank;
    use crate::values::{BankId, Credits, OrgId};

    fn moved(action: AuditAction, credits: i64) -> AuditEvent {
        AuditEvent {
            org: OrgId::parse("o1").unwrap(),
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "a@studio.example".into(),
            action,
            subject: "x".into(),
            bank: Some(BankId::parse("b1").unwrap()),
            credits,
            detail: String::new(),
            said: None,
        }
    }

    #[test]
    fn a_ledger_adds_up_to_the_bank() {
        let events = vec![
            moved(AuditAction::BankCreated, 100),
            moved(AuditAction::LicenseGenerated, -12),
            moved(AuditAction::CreditsGranted, 20),
            moved(AuditAction::LicenseRenewed, -6),
            moved(AuditAction::BankExtended, 0),
            moved(AuditAction::CreditsVoided, -2),
        ];
        assert_eq!(
            running_balances(&events, 0),
            vec![100, 88, 108, 102, 102, 100]
        );
        assert_eq!(running_balances(&events[2..], 88), vec![108, 102, 102, 100]);
        let mut totals = Totals::default();
        events.iter().for_each(|e| totals.add(e));
        assert_eq!((totals.balance, totals.charged), (100, 18));
        let mut b = bank("25.1", true, 118, "2026-01-01", "2027-01-01");
        b.used = Credits::new(18);
        assert!(totals.problems(&b).is_empty(), "{:?}", totals.problems(&b));
        b.used = Credits::new(17);
        assert_eq!(totals.problems(&b).len(), 2);
        // The forfeit empties it, as it empties the bank.
        b.used = Credits::new(18);
        b.forfeited = Some(Credits::new(100));
        totals.add(&moved(AuditAction::BankExpired, -100));
        assert!(totals.problems(&b).is_empty());
    }

    #[test]
    fn only_movements_are_in_a_ledger() {
        assert!(moved(AuditAction::BankExtended, 0).ledger_bank().is_some());
        assert!(moved(AuditAction::LicenseReturned, 0)
            .ledger_bank()
            .is_none());
        assert!(moved(AuditAction::CreditsRequested, 0)
            .ledger_bank()
            .is_none());
        let mut no_bank = moved(AuditAction::CreditsGranted, 5);
        no_bank.bank = None;
        assert!(no_bank.ledger_bank().is_none());
    }
}
