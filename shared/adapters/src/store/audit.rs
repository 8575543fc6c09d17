//! The audit trails: an organisation's, and the vendor's (every operator action across
//! organisations, and the vendor's own changes). Written inside the transaction of the change
//! they record, read newest first.

use std::ops::ControlFlow;

use elp_core::trail::{ActorFilter, AuditFilter, MAX_ACTIONS};
use elp_core::{AuditEvent, BankId, Date, OrgId, VendorEvent};
use serde::de::DeserializeOwned;

use super::cursor::{self, Item};
use super::error::StoreError;
use super::keys;
use super::tx::{s, Expr, Tx};
use super::{from_item, new_id, to_item, Page, Query, Store};

/// Placeholders of the actions a filter names (`#action IN (...)`), one per action it may name.
const ACTION_VALUES: [&str; MAX_ACTIONS] = [
    ":a0", ":a1", ":a2", ":a3", ":a4", ":a5", ":a6", ":a7", ":a8", ":a9", ":a10", ":a11", ":a12",
    ":a13", ":a14", ":a15", ":a16", ":a17", ":a18", ":a19",
];

/// Which trail a filtered read is of.
#[derive(Debug, Clone)]
pub enum Trail {
    Org(OrgId),
    Vendor,
}

impl Trail {
    fn partition(&self) -> String {
        match self {
            Trail::Org(org) => keys::audit_partition(org),
            Trail::Vendor => keys::VENDOR_AUDIT.into(),
        }
    }
}

/// How a bounded walk of a trail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Every event the filter's range holds was handed over (or the walker stopped it).
    Done,
    /// It read as many items as it may; the last one it read is of this day.
    Stopped(Option<Date>),
}

/// The Query of `trail` newest first, its sort keys within the filter's days (A130) and its
/// items narrowed by the rest of the filter (A131): a filter expression that lets through at
/// least every matching event (the service keeps exactly those [`AuditFilter::matches`] says).
fn trail_query(trail: &Trail, filter: &AuditFilter, cursor: Option<&str>) -> Query {
    let mut q = Query::page(None, trail.partition(), true, cursor, 1);
    q.from = filter.from.map(keys::trail_day);
    // The day after the last: sorts after every key of the last day, before every later one.
    q.until = filter.to.and_then(|d| d.succ_opt()).map(keys::trail_day);
    q.filter = narrowing(filter);
    q
}

fn narrowing(filter: &AuditFilter) -> Option<Expr> {
    let mut parts: Vec<String> = Vec::new();
    let mut values = Vec::new();
    match &filter.actor {
        Some(ActorFilter::Email(email)) => {
            // A person's address, or an operator's `operator:<subject> <address>`.
            parts.push(
                "(#actor = :actor OR (begins_with(#actor, :operator) AND contains(#actor, :spaced)))"
                    .into(),
            );
            values.push((":actor", s(email.as_str())));
            values.push((":operator", s(elp_core::audit::OPERATOR_ACTOR)));
            values.push((":spaced", s(format!(" {email}"))));
        }
        Some(ActorFilter::System) => {
            parts.push("#actor = :actor".into());
            values.push((":actor", s(elp_core::decide::SCHEDULER)));
        }
        Some(ActorFilter::Software) => {
            parts.push("#actor = :actor".into());
            values.push((":actor", s(elp_core::activation::SOFTWARE)));
        }
        None => {}
    }
    if !filter.actions.is_empty() {
        let names: Vec<&str> = ACTION_VALUES
            .iter()
            .take(filter.actions.len())
            .copied()
            .collect();
        parts.push(format!("#action IN ({})", names.join(", ")));
        for (name, action) in names.iter().zip(&filter.actions) {
            values.push((*name, s(action.as_str())));
        }
    }
    if let Some(bank) = &filter.bank {
        parts.push("#bank = :bank".into());
        values.push((":bank", s(bank.to_string())));
    }
    if let Some(code) = &filter.license {
        // The subject is the code, or a generation's codes joined by ", ".
        parts.push("contains(#subject, :code)".into());
        values.push((":code", s(code.to_string())));
    }
    if parts.is_empty() {
        return None;
    }
    let mut expr = Expr::new(parts.join(" AND "));
    for (name, value) in values {
        expr = expr.value(name, value);
    }
    Some(expr)
}

/// The key of a base-table item, as a cursor after it.
fn cursor_after(item: &Item) -> Result<String, StoreError> {
    let key: Item = [keys::PK, keys::SK]
        .iter()
        .filter_map(|k| item.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    cursor::encode(&key)
}

impl Store {
    /// Writes `event` to its organisation's trail and, when the vendor's staff did it, to the
    /// vendor's trail too; and when it moves a bank's credits (or expiry), to the bank's ledger
    /// (decision 94): one more item in the change's transaction.
    pub(crate) fn audit_into(&self, tx: &mut Tx, event: &AuditEvent) -> Result<(), StoreError> {
        let id = new_id("")?;
        let key = keys::audit(&event.org, event.at, &id);
        tx.put(&self.table, to_item(event, keys::attributes(key))?)?;
        if let Some(bank) = event.ledger_bank() {
            let entry = keys::ledger_entry(bank, event.at, &id);
            tx.put(&self.table, to_item(event, keys::attributes(entry))?)?;
        }
        if event.by_operator() {
            self.vendor_audit_into(tx, &VendorEvent::from(event), &id)?;
        }
        Ok(())
    }

    /// Writes `event` to the vendor's trail only (changes that belong to no organisation).
    pub(crate) fn vendor_audit_into(
        &self,
        tx: &mut Tx,
        event: &VendorEvent,
        id: &str,
    ) -> Result<(), StoreError> {
        let key = keys::vendor_audit(event.at, id);
        tx.put(&self.table, to_item(event, keys::attributes(key))?)
    }

    pub async fn list_audit(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<AuditEvent>, StoreError> {
        self.list(Query::page(
            None,
            keys::audit_partition(org),
            true,
            cursor,
            limit,
        ))
        .await
    }

    /// One page of a bank's ledger, oldest first (strongly consistent: a base-table partition).
    pub async fn list_ledger(
        &self,
        bank: &BankId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<AuditEvent>, StoreError> {
        self.list(Query::page(
            None,
            keys::ledger_of(bank),
            false,
            cursor,
            limit,
        ))
        .await
    }

    /// A bank's whole ledger, oldest first, `each` page at a time (the CSV, reconciliation).
    pub async fn each_ledger_page(
        &self,
        bank: &BankId,
        each: impl FnMut(Vec<AuditEvent>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<(), StoreError> {
        let q = Query::page(None, keys::ledger_of(bank), false, None, 1000);
        self.drain(q, each).await
    }

    /// Writes again, to its bank's ledger, every movement of `org`'s trail (for banks whose
    /// movements were recorded before ledgers existed): each entry under the id its event has in
    /// the trail, so an entry the change itself wrote is put again as it is. Safe to run twice or
    /// beside the API. The number of movements written.
    pub async fn rebuild_ledgers(&self, org: &OrgId) -> Result<usize, StoreError> {
        let mut items = Vec::new();
        let q = Query::page(None, keys::audit_partition(org), false, None, 1000);
        self.drain_items(q, |page| {
            for item in page {
                let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned();
                let event: AuditEvent = from_item(item)?;
                let id = sk
                    .as_deref()
                    .and_then(|sk| sk.rsplit_once('#'))
                    .map(|(_, id)| id);
                if let (Some(bank), Some(id)) = (event.ledger_bank(), id) {
                    let key = keys::ledger_entry(bank, event.at, id);
                    items.push(to_item(&event, keys::attributes(key))?);
                }
            }
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        let written = items.len();
        self.write_batch(items).await?;
        Ok(written)
    }

    /// One page of `trail`, newest first: up to `limit` events that `keep` (the filter's exact
    /// match) accepts, from at most `budget` items read (A132). A page may hold fewer events
    /// than `limit`, none at all, and still a cursor: the filter matched little of what it
    /// read, and the next request reads on from there.
    pub async fn filtered_trail<T: DeserializeOwned>(
        &self,
        trail: &Trail,
        filter: &AuditFilter,
        keep: impl Fn(&T) -> bool,
        cursor: Option<&str>,
        limit: usize,
        budget: u64,
    ) -> Result<Page<T>, StoreError> {
        let mut q = trail_query(trail, filter, cursor);
        let (mut found, mut read) = (Vec::new(), 0u64);
        // Read what the page still lacks, twice more each round trip a filter thins it out.
        let mut stretch = if filter.selective() { 2 } else { 1 };
        loop {
            let want = (limit - found.len()) as u64 * stretch;
            q.limit =
                i32::try_from(want.min(budget.saturating_sub(read)).clamp(1, 1000)).unwrap_or(1000);
            let (page, scanned) = self.query_counted(q.clone()).await?;
            read += scanned;
            let returned = page.items.len();
            for (i, item) in page.items.into_iter().enumerate() {
                let after = (i + 1 < returned)
                    .then(|| cursor_after(&item))
                    .transpose()?;
                let value: T = from_item(item)?;
                if keep(&value) {
                    found.push(value);
                }
                if found.len() == limit {
                    // Read on from just after it; from DynamoDB's own key when it was the last
                    // item of the Query (the items it read after it matched nothing).
                    let next = after.or(page.next);
                    return Ok(Page { items: found, next });
                }
            }
            match page.next {
                Some(next) if read < budget => q.cursor = Some(next),
                next => return Ok(Page { items: found, next }),
            }
            stretch = (stretch * 2).min(64);
        }
    }

    /// Every event of `trail` the filter's range and expression let through, newest first,
    /// handed to `each` page by page, reading at most `max_read` items (A133, the CSV). Stopped
    /// once it has read that many: every event of a day after the one it stopped on was read.
    pub async fn walk_trail(
        &self,
        trail: &Trail,
        filter: &AuditFilter,
        max_read: u64,
        mut each: impl FnMut(Vec<AuditEvent>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<Walk, StoreError> {
        let mut q = trail_query(trail, filter, None);
        let mut read = 0u64;
        loop {
            q.limit = i32::try_from(max_read.saturating_sub(read).clamp(1, 1000)).unwrap_or(1000);
            let (page, scanned) = self.query_counted(q.clone()).await?;
            read += scanned;
            let events = page
                .items
                .into_iter()
                .map(from_item)
                .collect::<Result<Vec<AuditEvent>, _>>()?;
            if each(events)?.is_break() {
                return Ok(Walk::Done);
            }
            if read >= max_read {
                // The last item read is where DynamoDB stopped (its last evaluated key).
                let day = match &page.next {
                    Some(next) => cursor::decode(next, None, &q.partition)?
                        .get(keys::SK)
                        .and_then(|v| v.as_s().ok())
                        .and_then(|sk| keys::day_of_trail_key(sk)),
                    None => None,
                };
                return Ok(Walk::Stopped(day));
            }
            match page.next {
                Some(next) => q.cursor = Some(next),
                None => return Ok(Walk::Done),
            }
        }
    }

    /// The vendor's trail, newest first.
    pub async fn list_vendor_audit(
        &self,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<VendorEvent>, StoreError> {
        self.list(Query::page(
            None,
            keys::VENDOR_AUDIT.into(),
            true,
            cursor,
            limit,
        ))
        .await
    }
}
