//! Credit requests: an organisation's admin asks the licence provider for credits of a product,
//! for a bank of theirs to top up or for a new one; the provider grants them (topping up or
//! creating a bank) or declines, and the admin may withdraw a request nobody answered yet.
//!
//! A pending request that names a bank counts in that bank's `requested` credits (never in its
//! `purchased` or `granted` ones: nothing is bought or spendable until the provider says yes),
//! and an organisation has at most [`MAX_PENDING`] requests waiting at once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::catalog::{Catalog, Version};
use crate::error::{Invalid, Refusal};
use crate::message::Message;
use crate::values::{BankId, CreditRequestId, Credits, Email, OrgId, ProductId, MAX_CREDITS};
use crate::Date;

/// The most credits one request may ask for.
pub const MAX_ASKED: u32 = 1_000_000;
/// The most requests an organisation may have waiting for an answer.
pub const MAX_PENDING: u32 = 10;
/// The longest note a request may carry, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Waiting for the licence provider.
    Pending,
    Granted,
    Declined,
    /// Taken back by the organisation before an answer.
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [
        RequestStatus::Pending,
        RequestStatus::Granted,
        RequestStatus::Declined,
        RequestStatus::Withdrawn,
    ];

    /// A status as a filter names it (`field` in the error).
    pub fn parse(field: &'static str, raw: &str) -> Result<RequestStatus, Invalid> {
        RequestStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| Invalid::new(field, Message::new("invalid-request-status")))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Granted => "granted",
            RequestStatus::Declined => "declined",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }
}

/// An organisation's request for credits, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRequest {
    pub id: CreditRequestId,
    pub org: OrgId,
    pub product: ProductId,
    pub credits: Credits,
    /// When the organisation would like the credits to be usable from.
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub note: String,
    /// The bank the organisation asked to have topped up.
    #[serde(default)]
    pub bank: Option<BankId>,
    pub requested_by: Email,
    pub requested_at: DateTime<Utc>,
    pub status: RequestStatus,
    #[serde(default)]
    pub decided_at: Option<DateTime<Utc>>,
    /// Who answered: `operator:<subject>`, or the admin who withdrew it.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// What the provider granted (it may differ from what was asked).
    #[serde(default)]
    pub granted: Option<Credits>,
    /// The bank that received them.
    #[serde(default)]
    pub granted_bank: Option<BankId>,
    /// Why it was declined.
    #[serde(default)]
    pub reason: Option<String>,
}

impl CreditRequest {
    /// Only a request waiting for an answer can be answered or withdrawn.
    pub fn check_pending(&self) -> Result<(), Refusal> {
        match self.status {
            RequestStatus::Pending => Ok(()),
            done => Err(Refusal::Conflict(
                Message::new("conflict-request-closed")
                    .text("request", self.id.as_str())
                    .text("status", done.as_str()),
            )),
        }
    }

    /// The credits this request holds in its bank's `requested` while it is pending.
    pub fn held(&self) -> Option<(&BankId, Credits)> {
        match (self.status, &self.bank) {
            (RequestStatus::Pending, Some(bank)) => Some((bank, self.credits)),
            _ => None,
        }
    }

    fn decided(mut self, status: RequestStatus, by: &str, at: DateTime<Utc>) -> Self {
        self.status = status;
        self.decided_by = Some(by.to_string());
        self.decided_at = Some(at);
        self
    }

    pub(crate) fn withdrawn(self, by: &Email, at: DateTime<Utc>) -> Self {
        self.decided(RequestStatus::Withdrawn, by.as_str(), at)
    }

    pub(crate) fn declined(self, by: &str, reason: String, at: DateTime<Utc>) -> Self {
        let mut after = self.decided(RequestStatus::Declined, by, at);
        after.reason = Some(reason);
        after
    }

    pub(crate) fn granted(
        self,
        by: &str,
        credits: Credits,
        bank: &BankId,
        at: DateTime<Utc>,
    ) -> Self {
        let mut after = self.decided(RequestStatus::Granted, by, at);
        after.granted = Some(credits);
        after.granted_bank = Some(bank.clone());
        after
    }
}

/// The credits a request asks for: 1 to [`MAX_ASKED`].
pub fn parse_asked(field: &'static str, n: i64) -> Result<Credits, Invalid> {
    if !(1..=i64::from(MAX_ASKED)).contains(&n) {
        return Err(Invalid::new(
            field,
            Message::new("invalid-whole-number")
                .number("min", 1)
                .number("max", MAX_ASKED),
        ));
    }
    Ok(Credits::new(n as u32))
}

/// The credits the provider grants: 1 to [`MAX_CREDITS`].
pub fn parse_granted(field: &'static str, n: i64) -> Result<Credits, Invalid> {
    if !(1..=i64::from(MAX_CREDITS)).contains(&n) {
        return Err(Invalid::new(
            field,
            Message::new("invalid-whole-number")
                .number("min", 1)
                .number("max", MAX_CREDITS),
        ));
    }
    Ok(Credits::new(n as u32))
}

/// A request's note: at most [`MAX_NOTE_CHARS`] characters once trimmed, on several lines if
/// need be, but without other control characters (it is shown in mail and pages).
pub fn parse_note(raw: &str) -> Result<String, Invalid> {
    let note = raw.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Invalid::new(
            "note",
            Message::new("invalid-at-most-characters").number("max", MAX_NOTE_CHARS),
        ));
    }
    if note
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(Invalid::new(
            "note",
            Message::new("invalid-control-characters-but-lines"),
        ));
    }
    Ok(note.replace("\r\n", "\n").replace('\r', "\n"))
}

/// What an admin asks for, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditAsk {
    pub product: ProductId,
    pub credits: Credits,
    pub start: Option<Date>,
    pub note: String,
    pub bank: Option<BankId>,
}

impl CreditAsk {
    /// A product of the catalogue, a wished start that is not in the past; with the bank it
    /// names (the organisation's, already checked), of that product and not expired.
    pub fn check(
        &self,
        catalog: &Catalog,
        bank: Option<&Bank>,
        today: Date,
    ) -> Result<(), crate::RuleError> {
        if catalog.product(&self.product).is_none() {
            return Err(Invalid::new("product", Message::new("invalid-not-in-catalog")).into());
        }
        if let Some(start) = self.start {
            if start < today {
                return Err(Invalid::new(
                    "start",
                    Message::new("invalid-not-before-today").date("today", today),
                )
                .into());
            }
        }
        if let Some(bank) = bank {
            check_requested_bank(bank, &self.product, today)?;
        }
        Ok(())
    }
}

/// A bank a request names (or a refused condition on it): of the request's product, and not
/// expired.
pub fn check_requested_bank(bank: &Bank, product: &ProductId, today: Date) -> Result<(), Refusal> {
    check_bank_product(bank, product)?;
    bank.check_usable(today)
}

fn check_bank_product(bank: &Bank, product: &ProductId) -> Result<(), Refusal> {
    if &bank.product != product {
        return Err(Refusal::ProductMismatch {
            bank_product: bank.product.to_string(),
            requested: product.to_string(),
        });
    }
    Ok(())
}

/// Another request while `pending` are waiting: refused at [`MAX_PENDING`].
pub fn check_pending_count(pending: u32) -> Result<(), Refusal> {
    if pending >= MAX_PENDING {
        return Err(Refusal::TooManyPending { max: MAX_PENDING });
    }
    Ok(())
}

/// The bank the provider creates for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBankTerms {
    pub version: Version,
    pub portable: bool,
    /// Defaults to the wished start, or today when there was none or it has passed.
    pub start: Option<Date>,
    pub expiry: Date,
}

/// Where granted credits go: a bank of the request's organisation and product, or a new one.
#[derive(Debug, Clone, Copy)]
pub enum GrantTarget<'a> {
    TopUp(&'a Bank),
    NewBank {
        terms: &'a NewBankTerms,
        id: &'a BankId,
        catalog: &'a Catalog,
    },
}

/// Topping `bank` up with `credits` on `today`: usable, of the request's organisation and
/// product, and within [`MAX_CREDITS`] purchased and granted.
pub fn check_top_up(
    bank: &Bank,
    request: &CreditRequest,
    credits: Credits,
    today: Date,
) -> Result<(), Refusal> {
    if bank.org != request.org {
        return Err(Refusal::Conflict(
            Message::new("conflict-bank-other-org").text("bank", bank.id.as_str()),
        ));
    }
    check_bank_product(bank, &request.product)?;
    bank.check_grant(credits, today)?;
    match bank.purchased.checked_add(credits) {
        Some(total) if total.get() <= MAX_CREDITS => Ok(()),
        _ => Err(Refusal::Conflict(
            Message::new("conflict-bank-full").number("max", MAX_CREDITS),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_their_lines_and_nothing_else() {
        assert_eq!(parse_note("  two\r\nlines \n").unwrap(), "two\nlines");
        assert_eq!(parse_note("").unwrap(), "");
        assert_eq!(parse_note("tab\there").unwrap_err().field, "note");
        assert_eq!(parse_note("bell\u{7}").unwrap_err().field, "note");
        assert!(parse_note(&"é".repeat(1000)).is_ok());
        assert!(parse_note(&"é".repeat(1001)).is_err());
    }

    #[test]
    fn asked_credits_are_one_to_a_million() {
        for bad in [0, -1, 1_000_001] {
            assert_eq!(parse_asked("credits", bad).unwrap_err().field, "credits");
        }
        assert_eq!(parse_asked("credits", 1_000_000).unwrap().get(), 1_000_000);
        assert!(parse_granted("credits", 10_000_000).is_ok());
        assert!(parse_granted("credits", 10_000_001).is_err());
        assert!(parse_granted("credits", 0).is_err());
    }

    #[test]
    fn statuses_are_named_as_the_api_names_them() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse("status", s.as_str()).unwrap(), s);
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.as_str().into())
            );
        }
        assert_eq!(
            RequestStatus::parse("status", "Pending").unwrap_err().field,
            "status"
        );
    }

    #[test]
    fn the_eleventh_pending_request_is_refused() {
        assert!(check_pending_count(MAX_PENDING - 1).is_ok());
        assert_eq!(
            check_pending_count(MAX_PENDING).unwrap_err().code(),
            "too_many_pending"
        );
    }
}
