//! Bulk import of banks and licences (a migration from another system, or seeding a benchmark):
//! BatchWriteItem, 25 items a call, unprocessed items asked again. No credit moves: the items
//! are written as they are, so the caller brings consistent data (a bank's ledger included).

use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use elp_core::{AuditEvent, Bank, License};

use super::banks::bank_item;
use super::cursor::Item;
use super::error::{classify, StoreError};
use super::licenses::license_item;
use super::Store;

impl Store {
    pub async fn import_licenses(&self, licenses: &[License]) -> Result<(), StoreError> {
        let items = licenses
            .iter()
            .map(license_item)
            .collect::<Result<Vec<_>, _>>()?;
        self.write_batch(items).await
    }

    /// The banks, then the catalogue's usage counters they add to (one update per product
    /// version), so a catalogue change sees the imported banks.
    pub async fn import_banks(&self, banks: &[Bank]) -> Result<(), StoreError> {
        let items = banks.iter().map(bank_item).collect::<Result<Vec<_>, _>>()?;
        self.write_batch(items).await?;
        let mut counts = std::collections::BTreeMap::new();
        for bank in banks {
            *counts.entry((&bank.product, bank.version)).or_insert(0u64) += 1;
        }
        for ((product, version), count) in counts {
            let mut tx = super::tx::Tx::new();
            self.bank_usage_into(&mut tx, product, version, count)?;
            self.commit(tx).await?;
        }
        Ok(())
    }

    /// The movements of imported banks, written to their ledgers as they are (each event must
    /// name its bank and be a movement; others are left out).
    pub async fn import_ledger(&self, events: &[AuditEvent]) -> Result<(), StoreError> {
        let mut items = Vec::new();
        for event in events {
            if let Some(bank) = event.ledger_bank() {
                let key = super::keys::ledger_entry(bank, event.at, &super::new_id("")?);
                items.push(super::to_item(event, super::keys::attributes(key))?);
            }
        }
        self.write_batch(items).await
    }

    pub(crate) async fn write_batch(&self, items: Vec<Item>) -> Result<(), StoreError> {
        for chunk in items.chunks(25) {
            let mut pending: Vec<WriteRequest> = chunk
                .iter()
                .map(|item| {
                    PutRequest::builder()
                        .set_item(Some(item.clone()))
                        .build()
                        .map(|put| WriteRequest::builder().put_request(put).build())
                        .map_err(|e| StoreError::Internal(e.to_string()))
                })
                .collect::<Result<_, _>>()?;
            for attempt in 0..8 {
                if pending.is_empty() {
                    break;
                }
                if attempt > 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(10 << attempt)).await;
                }
                self.count_round_trip();
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, std::mem::take(&mut pending))
                    .send()
                    .await
                    .map_err(classify)?;
                pending = out
                    .unprocessed_items
                    .and_then(|mut u| u.remove(&self.table))
                    .unwrap_or_default();
            }
            if !pending.is_empty() {
                return Err(StoreError::Unavailable(
                    "items left unprocessed by BatchWriteItem".into(),
                ));
            }
        }
        Ok(())
    }
}
