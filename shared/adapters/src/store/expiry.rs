//! Banks reaching their expiry: found through the sparse `due` index (a bank leaves it when the
//! expiry job processes it), forfeited and warned about with conditional writes, so a second or
//! overlapping run changes nothing and mails nobody twice.

use elp_core::{AuditEvent, Bank, Date};

use super::error::StoreError;
use super::keys::{self, DUE};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, Query, Store};

use std::ops::ControlFlow;

/// What a conditional job step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Another run (or an earlier one) did it already.
    AlreadyDone,
}

/// Sort keys of the `due` index are `<date>#<bank>`; `~` sorts after every id character.
fn day_end(day: Date) -> String {
    format!("{day}#~")
}

impl Store {
    /// Banks not yet processed whose expiry date is in `[from, until]` (every unprocessed one up to
    /// `until` when `from` is `None`), oldest expiry first.
    pub async fn banks_due(
        &self,
        from: Option<Date>,
        until: Date,
    ) -> Result<Vec<DueBank>, StoreError> {
        let mut q = Query::new(Some(DUE), keys::BANK_EXPIRY.to_string());
        q.from = from.map(|d| d.to_string());
        q.until = Some(day_end(until));
        q.limit = 500;
        let mut banks = Vec::new();
        self.drain_items(q, |items| {
            for item in items {
                let warned: Warned = from_item(item.clone())?;
                banks.push(DueBank {
                    bank: from_item(item)?,
                    warned: warned.warned,
                });
            }
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        Ok(banks)
    }

    /// Commits a job's step; its first item's condition failing means another run did it.
    async fn once(&self, tx: Tx) -> Result<Outcome, StoreError> {
        match self.commit(tx).await {
            Ok(()) => Ok(Outcome::Done),
            Err(StoreError::AlreadyDone) => Ok(Outcome::AlreadyDone),
            Err(e) => Err(e),
        }
    }

    /// Forfeits what the bank still holds and takes it out of the `due` index, with its audit
    /// event and mail; nothing if a run already did.
    pub async fn expire_bank(
        &self,
        bank: &Bank,
        today: Date,
        audit: &AuditEvent,
        mails: &[OutboxMail],
    ) -> Result<Outcome, StoreError> {
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::bank(&bank.id),
            Expr::new("SET #forfeited = #remaining, #remaining = :zero REMOVE #due_pk, #due_sk")
                .value(":zero", n(0)),
            Expr::new("attribute_exists(#due_pk) AND #expiry <= :today")
                .value(":today", s(today.to_string())),
            |_| StoreError::AlreadyDone,
        )?;
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, mails)?;
        self.once(tx).await
    }

    /// Records that the `days` warning was sent, with its mail; nothing if it was already.
    pub async fn warn_bank(
        &self,
        bank: &Bank,
        days: u32,
        mails: &[OutboxMail],
    ) -> Result<Outcome, StoreError> {
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::bank(&bank.id),
            Expr::new("SET #warned = :d").value(":d", n(days)),
            Expr::new(
                "attribute_exists(#due_pk) AND (attribute_not_exists(#warned) OR #warned > :d)",
            ),
            |_| StoreError::AlreadyDone,
        )?;
        self.mails_into(&mut tx, mails)?;
        self.once(tx).await
    }
}

/// The nearest warning already sent for a bank, as stored by [`Store::warn_bank`] (the field is
/// [`keys::WARNED`]).
#[derive(serde::Deserialize)]
struct Warned {
    warned: Option<u32>,
}

/// A bank in the `due` index, with the nearest expiry warning already sent for it.
#[derive(Debug, Clone)]
pub struct DueBank {
    pub bank: Bank,
    pub warned: Option<u32>,
}
