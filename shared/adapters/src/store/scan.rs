//! Whole-table reads for offline tools (the reconciliation command). Never used on a request
//! path: requests read by key or by Query only.

use elp_core::Bank;

use super::error::{classify, StoreError};
use super::keys;
use super::tx::s;
use super::{from_item, Store};

/// A bank as stored, with the `remaining` attribute its draws are conditioned on.
#[derive(Debug, Clone)]
pub struct StoredBank {
    pub bank: Bank,
    pub remaining: i64,
}

impl Store {
    /// Every bank of every organisation (a Scan filtered on the bank items).
    pub async fn scan_banks(&self) -> Result<Vec<StoredBank>, StoreError> {
        let mut banks = Vec::new();
        let mut start = None;
        loop {
            self.count_round_trip();
            let out = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("#sk = :bank")
                .expression_attribute_names("#sk", keys::SK)
                .expression_attribute_values(":bank", s(keys::BANK_SK))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(classify)?;
            self.count_items(out.scanned_count.max(0) as u64);
            for item in out.items.unwrap_or_default() {
                let remaining = item
                    .get(keys::REMAINING)
                    .and_then(|v| v.as_n().ok())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(i64::MIN);
                banks.push(StoredBank {
                    bank: from_item(item)?,
                    remaining,
                });
            }
            start = out.last_evaluated_key.filter(|k| !k.is_empty());
            if start.is_none() {
                return Ok(banks);
            }
        }
    }
}
