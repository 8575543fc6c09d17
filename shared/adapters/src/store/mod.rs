//! The DynamoDB store: one table, single-table design (see `docs/access-patterns.md`).
//!
//! Entities are mapped with serde_dynamo; key attributes are added here from [`keys`], so the
//! core's model carries no storage concerns. Every list is a paginated Query; every change that
//! must stay consistent with another is one transaction ([`tx`]).

mod activation;
mod audit;
mod banks;
pub mod bulk;
mod catalog;
mod credentials;
mod credit_requests;
pub mod cursor;
mod error;
mod expiry;
pub mod idempotency;
mod import;
pub mod keys;
mod licenses;
mod limits;
mod orgs;
mod outbox;
mod policies;
mod prefetch;
mod scan;
pub mod stream;
mod table;
pub mod tx;
mod users;
mod webhooks;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use aws_sdk_dynamodb::Client;
use serde::de::DeserializeOwned;

pub use activation::{Activation, OrgRead, StoredSeat, StoredState, Validation};
pub use audit::{Trail, Walk};
pub use credit_requests::CreditRequestList;
pub use cursor::Item;
pub use error::{classify, StoreError};
pub use expiry::{DueBank, Outcome};
pub use idempotency::{IdempotencyRecord, Stored};
pub use licenses::{
    license_item, Draw, LicenseFilter, LicenseOrder, LicensePages, LicenseWrite, Recipient,
};
pub use limits::Cooldown;
pub use orgs::{OrgGuard, OrgRecord};
pub use outbox::{Budget, DeadMail, OutboxMail, Waiting};
pub use prefetch::{MailContext, Prefetch, Wanted};
pub use scan::StoredBank;
use tx::s;
pub use webhooks::{DueDelivery, StoredEndpoint};

use std::ops::ControlFlow;

/// One page of a list, and the cursor for the next one when there is more.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// A Query on one partition of the table or of an index: one page of it, from `cursor`.
#[derive(Clone)]
pub(crate) struct Query {
    pub index: Option<&'static str>,
    pub partition: String,
    /// Only sort keys starting with this.
    pub prefix: Option<&'static str>,
    /// Only sort keys from this (with `until`: between the two, inclusive).
    pub from: Option<String>,
    /// Only sort keys up to and including this.
    pub until: Option<String>,
    pub newest_first: bool,
    pub limit: i32,
    pub cursor: Option<String>,
    /// Applied to the items read (a page may then hold fewer than `limit`).
    pub filter: Option<tx::Expr>,
}

impl Query {
    /// One page of an organisation list, as every list endpoint asks for it.
    pub fn page(
        index: Option<&'static str>,
        partition: String,
        newest_first: bool,
        cursor: Option<&str>,
        limit: i32,
    ) -> Self {
        Query {
            newest_first,
            cursor: cursor.map(str::to_string),
            limit,
            ..Self::new(index, partition)
        }
    }

    pub fn new(index: Option<&'static str>, partition: String) -> Self {
        Query {
            index,
            partition,
            prefix: None,
            from: None,
            until: None,
            newest_first: false,
            limit: 100,
            cursor: None,
            filter: None,
        }
    }
}

#[derive(Clone)]
pub struct Store {
    client: Client,
    table: String,
    round_trips: Arc<AtomicU64>,
    items_read: Arc<AtomicU64>,
}

impl Store {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Store {
            client,
            table: table.into(),
            round_trips: Arc::new(AtomicU64::new(0)),
            items_read: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// DynamoDB requests this store has made (tests compare it with the access-pattern doc).
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::Relaxed)
    }

    /// Items DynamoDB read for this store (what reads are billed on; the benchmarks report it).
    pub fn items_read(&self) -> u64 {
        self.items_read.load(Ordering::Relaxed)
    }

    fn count_items(&self, n: u64) {
        self.items_read.fetch_add(n, Ordering::Relaxed);
    }

    fn count_round_trip(&self) {
        self.round_trips.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) async fn get_item(
        &self,
        key: keys::Key,
        consistent: bool,
    ) -> Result<Option<Item>, StoreError> {
        self.count_round_trip();
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .consistent_read(consistent)
            .send()
            .await
            .map_err(classify)?;
        self.count_items(u64::from(out.item.is_some()));
        Ok(out.item)
    }

    /// Several items by key in one round trip (strongly consistent), in the order asked.
    /// Used where one request needs several items at once (caller, bank, idempotency record).
    pub async fn get_items(&self, wanted: &[keys::Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let mut found: Vec<Option<Item>> = vec![None; wanted.len()];
        // BatchGetItem refuses a request that names the same key twice: each key is asked for
        // at its first mention (`first[i]`), and its later mentions are filled from that one.
        let mut index: HashMap<(&str, &str), usize> = HashMap::with_capacity(wanted.len());
        let first: Vec<usize> = wanted
            .iter()
            .enumerate()
            .map(|(i, (pk, sk))| *index.entry((pk.as_str(), sk.as_str())).or_insert(i))
            .collect();
        let mut pending: Vec<HashMap<String, AttributeValue>> = wanted
            .iter()
            .zip(&first)
            .enumerate()
            .filter(|(i, (_, first))| i == *first)
            .map(|(_, ((pk, sk), _))| {
                [(keys::PK.to_string(), s(pk)), (keys::SK.to_string(), s(sk))].into()
            })
            .collect();
        // BatchGetItem may leave keys unprocessed under load; ask again for those, a few times.
        for attempt in 0..5 {
            if pending.is_empty() {
                break;
            }
            if attempt > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(20 << attempt)).await;
            }
            self.count_round_trip();
            let request = KeysAndAttributes::builder()
                .set_keys(Some(std::mem::take(&mut pending)))
                .consistent_read(true)
                .build()
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            let out = self
                .client
                .batch_get_item()
                .request_items(&self.table, request)
                .send()
                .await
                .map_err(classify)?;
            for item in out
                .responses
                .and_then(|mut r| r.remove(&self.table))
                .unwrap_or_default()
            {
                let key = |name: &str| item.get(name).and_then(|v| v.as_s().ok());
                let at = match (key(keys::PK), key(keys::SK)) {
                    (Some(pk), Some(sk)) => index.get(&(pk.as_str(), sk.as_str())).copied(),
                    _ => None,
                };
                if let Some(i) = at {
                    found[i] = Some(item);
                }
            }
            if let Some(rest) = out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)) {
                pending = rest.keys;
            }
        }
        if !pending.is_empty() {
            return Err(StoreError::Unavailable(
                "keys left unprocessed by BatchGetItem".into(),
            ));
        }
        for (i, &first) in first.iter().enumerate() {
            if first != i {
                found[i] = found[first].clone();
            }
        }
        Ok(found)
    }

    pub(crate) async fn query(&self, q: Query) -> Result<Page<Item>, StoreError> {
        Ok(self.query_counted(q).await?.0)
    }

    /// [`Store::query`], with the number of items DynamoDB read for it (before its filter).
    pub(crate) async fn query_counted(&self, q: Query) -> Result<(Page<Item>, u64), StoreError> {
        let (pk, sk) = keys::index_keys(q.index);
        let mut condition = "#pk = :pk".to_string();
        let mut request = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(q.index.map(str::to_string))
            .expression_attribute_names("#pk", pk)
            .expression_attribute_values(":pk", s(&q.partition))
            .scan_index_forward(!q.newest_first)
            .limit(q.limit.clamp(1, 1000))
            // Base-table lists (audit, policies) are read fresh; indexes cannot be.
            .consistent_read(q.index.is_none());
        if let Some(prefix) = q.prefix {
            condition.push_str(" AND begins_with(#sk, :prefix)");
            request = request
                .expression_attribute_names("#sk", sk)
                .expression_attribute_values(":prefix", s(prefix));
        } else if let (Some(from), Some(until)) = (&q.from, &q.until) {
            condition.push_str(" AND #sk BETWEEN :from AND :until");
            request = request
                .expression_attribute_names("#sk", sk)
                .expression_attribute_values(":from", s(from))
                .expression_attribute_values(":until", s(until));
        } else if let Some(until) = q.until {
            condition.push_str(" AND #sk <= :until");
            request = request
                .expression_attribute_names("#sk", sk)
                .expression_attribute_values(":until", s(until));
        } else if let Some(from) = q.from {
            condition.push_str(" AND #sk >= :from");
            request = request
                .expression_attribute_names("#sk", sk)
                .expression_attribute_values(":from", s(from));
        }
        if let Some(filter) = q.filter {
            for (placeholder, name) in filter.names {
                request = request.expression_attribute_names(placeholder, name);
            }
            for (name, value) in filter.values {
                request = request.expression_attribute_values(name, value);
            }
            request = request.filter_expression(filter.text);
        }
        if let Some(cursor) = &q.cursor {
            request = request.set_exclusive_start_key(Some(cursor::decode(
                cursor,
                q.index,
                &q.partition,
            )?));
        }
        self.count_round_trip();
        let out = request
            .key_condition_expression(condition)
            .send()
            .await
            .map_err(classify)?;
        let scanned = out.scanned_count.max(0) as u64;
        self.count_items(scanned);
        let next = match out.last_evaluated_key {
            Some(ref last) if !last.is_empty() => Some(cursor::encode(last)?),
            _ => None,
        };
        Ok((
            Page {
                items: out.items.unwrap_or_default(),
                next,
            },
            scanned,
        ))
    }

    pub(crate) async fn list<T: DeserializeOwned>(&self, q: Query) -> Result<Page<T>, StoreError> {
        let page = self.query(q).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(from_item)
                .collect::<Result<_, _>>()?,
            next: page.next,
        })
    }

    /// Every page of `q` from its cursor on, each handed to `each` as it arrives (never
    /// collected first); `each` may stop the walk early.
    pub(crate) async fn drain_items(
        &self,
        mut q: Query,
        mut each: impl FnMut(Vec<Item>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<(), StoreError> {
        loop {
            let page = self.query(q.clone()).await?;
            if each(page.items)?.is_break() {
                return Ok(());
            }
            match page.next {
                Some(next) => q.cursor = Some(next),
                None => return Ok(()),
            }
        }
    }

    /// [`Store::drain_items`], each page decoded as `T`.
    pub(crate) async fn drain<T: DeserializeOwned>(
        &self,
        q: Query,
        mut each: impl FnMut(Vec<T>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<(), StoreError> {
        self.drain_items(q, |items| {
            each(items.into_iter().map(from_item).collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Every item of `q`, collected (for lists known to be small: an organisation's people or
    /// banks, a day's due banks).
    pub(crate) async fn all<T: DeserializeOwned>(&self, q: Query) -> Result<Vec<T>, StoreError> {
        let mut all = Vec::new();
        self.drain(q, |page| {
            all.extend(page);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        Ok(all)
    }
}

/// An entity as an item: its serde fields, plus the key attributes given.
pub(crate) fn to_item<T: serde::Serialize>(
    value: &T,
    keys: impl IntoIterator<Item = (&'static str, String)>,
) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(value)?;
    for (name, v) in keys {
        item.insert(name.to_string(), s(v));
    }
    Ok(item)
}

pub(crate) fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, StoreError> {
    Ok(serde_dynamo::from_item(item)?)
}

/// A fresh random identifier (128 bits, URL-safe) for organisations, banks, mail and events.
pub fn new_id(prefix: &str) -> Result<String, StoreError> {
    use base64::Engine;
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Internal(format!("randomness: {e}")))?;
    Ok(format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// A fresh secret (256 bits, URL-safe): what a link that acts without signing in carries.
pub fn new_secret() -> Result<String, StoreError> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Internal(format!("randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A fresh activation code from the operating system's CSPRNG.
pub fn new_activation_code() -> Result<elp_core::ActivationCode, StoreError> {
    Ok(new_activation_codes(1)?.remove(0))
}

/// `n` fresh activation codes, from one read of the operating system's CSPRNG.
pub fn new_activation_codes(n: usize) -> Result<Vec<elp_core::ActivationCode>, StoreError> {
    use elp_core::code::ENTROPY_BYTES;
    let mut entropy = vec![0u8; n * ENTROPY_BYTES];
    getrandom::fill(&mut entropy).map_err(|e| StoreError::Internal(format!("randomness: {e}")))?;
    Ok(entropy
        .chunks_exact(ENTROPY_BYTES)
        .map(|chunk| {
            let mut bytes = [0u8; ENTROPY_BYTES];
            bytes.copy_from_slice(chunk);
            elp_core::ActivationCode::from_entropy(bytes)
        })
        .collect())
}
