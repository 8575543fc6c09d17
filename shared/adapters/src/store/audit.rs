//! The audit trails: an organisation's, and the vendor's (every operator action across
//! organisations, and the vendor's own changes). Written inside the transaction of the change
//! they record, read newest first.

use std::ops::ControlFlow;

use elp_core::{AuditEvent, BankId, OrgId, VendorEvent};

use super::error::StoreError;
use super::keys;
use super::tx::Tx;
use super::{from_item, new_id, to_item, Page, Query, Store};

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
