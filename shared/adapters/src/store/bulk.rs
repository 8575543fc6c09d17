//! Bulk requests' jobs: a bulk request is written in several transactions (DynamoDB takes at
//! most 100 items in one), each of which draws only credits its bank still holds, like a single
//! change, and puts the job item, which records what each line came to, conditioned on the job
//! being as the transaction's writer read it. A retry with the same `Idempotency-Key` reads the
//! job and goes on with the lines still pending; two attempts never write one line twice.

use elp_core::{Credits, Date, Email, License, OrgId};
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::keys::{self, Key};
use super::licenses::{Draw, LicenseWrite};
use super::tx::{n, Expr};
use super::{from_item, to_item, IdempotencyRecord, Store};

/// The most items one TransactWriteItems holds.
pub const TRANSACTION_ITEMS: usize = 100;

/// Items of a bulk transaction besides its lines and draws (one per bank, see
/// [`BulkChunk::draws`]): the job, the idempotency record (the last transaction), the
/// organisation's check and its outbox marker.
pub const CHUNK_OVERHEAD: usize = 4;

/// Where a line of a bulk request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Not yet written.
    Pending,
    /// Written: licences generated, renewed or assigned.
    Done,
    /// Refused by the rules; nothing written for it.
    Refused,
}

/// Why a line was refused: the API's code and sentence (in the language of the request that
/// decided it), with a refusal's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// What one line came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineOutcome {
    pub status: LineStatus,
    /// The credits its quote showed (what writing it charges).
    pub credits: u32,
    /// The licences it made or changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Its recipient joined the organisation with it.
    #[serde(default)]
    pub joins: bool,
    /// A renewed licence's new expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<LineError>,
}

impl LineOutcome {
    pub fn pending(credits: u32) -> LineOutcome {
        LineOutcome {
            status: LineStatus::Pending,
            credits,
            codes: Vec::new(),
            joins: false,
            expiry: None,
            error: None,
        }
    }

    pub fn refused(error: LineError) -> LineOutcome {
        LineOutcome {
            status: LineStatus::Refused,
            credits: 0,
            codes: Vec::new(),
            joins: false,
            expiry: None,
            error: Some(error),
        }
    }
}

/// A bulk request's job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkJob {
    /// The request it belongs to (the idempotency key's digest of method, path and body).
    pub request_hash: String,
    /// Transactions committed so far.
    pub version: u32,
    pub lines: Vec<LineOutcome>,
    /// Removed by TTL with the idempotency record.
    pub expires_at: i64,
}

impl BulkJob {
    pub fn pending(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.status == LineStatus::Pending)
            .map(|(i, _)| i)
    }

    pub fn is_finished(&self) -> bool {
        self.pending().next().is_none()
    }
}

/// One transaction of a bulk request: its lines' changes, one draw per bank (the sum of its
/// lines'), and the job as it will be after it.
pub struct BulkChunk<'a> {
    pub job_key: &'a Key,
    /// The job as it will be; its `version` one more than the job read.
    pub job: &'a BulkJob,
    pub draws: Vec<Draw<'a>>,
    pub lines: Vec<LicenseWrite<'a>>,
    pub org: &'a OrgId,
    /// With the last transaction: the request's answer.
    pub idempotency: Option<&'a IdempotencyRecord>,
}

impl Store {
    pub async fn get_bulk_job(&self, key: &Key) -> Result<Option<BulkJob>, StoreError> {
        self.get_item(key.clone(), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// Commits one transaction of a bulk request. [`StoreError::AlreadyDone`] when the job is
    /// no longer as read (another attempt with the same key wrote a transaction meanwhile).
    pub async fn write_bulk_chunk(&self, c: BulkChunk<'_>) -> Result<(), StoreError> {
        let mut tx = self.tx_for(c.idempotency)?;
        for draw in &c.draws {
            self.draw_into(&mut tx, draw)?;
        }
        for line in &c.lines {
            self.license_change_into(&mut tx, line)?;
        }
        // One outbox marker for all the lines' mail: an item appears once in a transaction.
        let mails: Vec<_> = c
            .lines
            .iter()
            .flat_map(|l| l.mails.iter().cloned())
            .collect();
        self.mails_into(&mut tx, &mails)?;
        self.org_open_into(&mut tx, c.org, super::OrgGuard::Open)?;
        let item = to_item(c.job, keys::attributes(c.job_key.clone()))?;
        let condition = match c.job.version {
            0 | 1 => Expr::new("attribute_not_exists(#pk)"),
            v => Expr::new("#version = :read").value(":read", n(v - 1)),
        };
        tx.put_if(&self.table, item, condition, |_| StoreError::AlreadyDone)?;
        self.commit(tx).await
    }

    /// The memberships of `emails` (strongly consistent), in their order, at most 100 a
    /// BatchGetItem.
    pub async fn get_memberships(
        &self,
        emails: &[&Email],
    ) -> Result<Vec<Option<elp_core::Membership>>, StoreError> {
        self.get_each(emails.iter().map(|e| keys::user(e)).collect())
            .await
    }

    /// The licences of `codes` (strongly consistent), in their order.
    pub async fn get_licenses(
        &self,
        codes: &[elp_core::ActivationCode],
    ) -> Result<Vec<Option<License>>, StoreError> {
        self.get_each(codes.iter().map(keys::license).collect())
            .await
    }

    async fn get_each<T: serde::de::DeserializeOwned>(
        &self,
        wanted: Vec<Key>,
    ) -> Result<Vec<Option<T>>, StoreError> {
        let mut out = Vec::with_capacity(wanted.len());
        for keys in wanted.chunks(100) {
            for item in self.get_items(keys).await? {
                out.push(item.map(from_item).transpose()?);
            }
        }
        Ok(out)
    }
}

/// The credits of a chunk's lines per bank, for its draws.
pub fn sum_by_bank<'a>(
    draws: impl IntoIterator<Item = (&'a elp_core::Bank, Credits)>,
) -> Vec<(&'a elp_core::Bank, Credits)> {
    let mut out: Vec<(&elp_core::Bank, Credits)> = Vec::new();
    for (bank, c) in draws {
        match out.iter_mut().find(|(b, _)| b.id == bank.id) {
            Some((_, total)) => *total = Credits::new(total.get() + c.get()),
            None => out.push((bank, c)),
        }
    }
    out
}

impl Store {
    /// The banks of `ids` (strongly consistent: their remaining credits), in their order.
    pub async fn get_banks(
        &self,
        ids: &[&elp_core::BankId],
    ) -> Result<Vec<Option<elp_core::Bank>>, StoreError> {
        self.get_each(ids.iter().map(|id| keys::bank(id)).collect())
            .await
    }
}
