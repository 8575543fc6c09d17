//! Idempotency records: the first answer to a request carrying an `Idempotency-Key`, written in
//! the same transaction as the change, so a retry finds either nothing (the change did not
//! happen) or the answer to return (it did), never a half.

use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::keys::{self, Key};
use super::tx::Tx;
use super::{from_item, to_item, Store};

/// How long a key is remembered: a client's retries happen within minutes, a day is ample.
pub const RETENTION_SECONDS: i64 = 24 * 3600;

/// What was answered the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// A digest of the method, path and body: the same key with another request is refused.
    pub request_hash: String,
    pub status: u16,
    pub body: String,
    /// Epoch seconds after which DynamoDB's TTL removes the record ([`keys::EXPIRES_AT`]).
    pub expires_at: i64,
}

/// The record to write with a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub key: Key,
    pub stored: Stored,
}

impl Store {
    pub async fn get_idempotency(&self, key: &Key) -> Result<Option<Stored>, StoreError> {
        self.get_item(key.clone(), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// A new transaction that starts with the idempotency record, when the request has one, so
    /// a replay is recognised before anything else in it.
    pub(crate) fn tx_for(&self, idempotency: Option<&IdempotencyRecord>) -> Result<Tx, StoreError> {
        let mut tx = Tx::new();
        if let Some(record) = idempotency {
            self.idempotency_into(&mut tx, record)?;
        }
        Ok(tx)
    }

    /// Adds the record to `tx`; if it already exists the transaction fails with
    /// [`StoreError::AlreadyApplied`]. Add it first, so a replay is recognised before anything
    /// else.
    pub(crate) fn idempotency_into(
        &self,
        tx: &mut Tx,
        record: &IdempotencyRecord,
    ) -> Result<(), StoreError> {
        let item = to_item(&record.stored, keys::attributes(record.key.clone()))?;
        tx.create(&self.table, item, |_| StoreError::AlreadyApplied)
    }
}
