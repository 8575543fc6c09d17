//! The product catalogue: one item, replaced whole by the operator at its next revision, in one
//! transaction with its event in the vendor's trail; and how much of it is in use (the banks
//! bought for each product and version, the version policies that select each version),
//! counted on one item per product by the changes that use it.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use elp_core::decide::CatalogChange;
use elp_core::{Catalog, CatalogState, CatalogUsage, ProductId, Refusal, Version};
use serde::{Deserialize, Serialize};

use super::cursor::Item;
use super::error::StoreError;
use super::keys;
use super::tx::{n, Expr, Tx};
use super::{from_item, new_id, to_item, Query, Store};

#[derive(Serialize, Deserialize)]
struct CatalogItem {
    catalog: Catalog,
    updated_at: DateTime<Utc>,
    /// Absent on a catalogue written before revisions were kept: revision 0.
    #[serde(default)]
    revision: u64,
    #[serde(default)]
    updated_by: Option<String>,
}

/// A number attribute of an item (0 when absent or negative).
fn number(item: Option<&Item>, name: &str) -> u64 {
    item.and_then(|i| i.get(name))
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .map_or(0, |v| v.max(0) as u64)
}

/// The condition that the catalogue is still at `revision` (0: no item, or one written before
/// revisions were kept).
fn at_revision(revision: u64) -> Expr {
    match revision {
        0 => Expr::new("attribute_not_exists(#revision)"),
        r => Expr::new("#revision = :revision").value(":revision", n(r)),
    }
}

fn changed(old: Option<&Item>) -> StoreError {
    StoreError::Refused(Refusal::CatalogChanged {
        revision: number(old, keys::REVISION),
    })
}

impl Store {
    /// The catalogue with its revision (an empty one at revision 0 before the operator set it).
    pub async fn get_catalog_state(&self, consistent: bool) -> Result<CatalogState, StoreError> {
        Ok(self
            .get_item(keys::catalog(), consistent)
            .await?
            .map(from_item::<CatalogItem>)
            .transpose()?
            .map(|c| CatalogState {
                catalog: c.catalog,
                revision: c.revision,
                updated_at: Some(c.updated_at),
                updated_by: c.updated_by,
            })
            .unwrap_or_default())
    }

    /// The catalogue, or an empty one before the operator has set it.
    pub async fn get_catalog(&self) -> Result<Catalog, StoreError> {
        Ok(self.get_catalog_state(false).await?.catalog)
    }

    /// Writes `change`, decided on the catalogue at revision `read`: the catalogue at its new
    /// revision unless another change came first (refused `catalog_changed`, with the
    /// revision it is at), each product it removes still used by no bank (refused
    /// `product_in_use`), and its event in the vendor's trail.
    pub async fn change_catalog(
        &self,
        change: &CatalogChange,
        read: u64,
    ) -> Result<(), StoreError> {
        let state = &change.state;
        let item = CatalogItem {
            catalog: state.catalog.clone(),
            updated_at: state.updated_at.unwrap_or(change.audit.at),
            revision: state.revision,
            updated_by: state.updated_by.clone(),
        };
        let mut tx = Tx::new();
        tx.put_if(
            &self.table,
            to_item(&item, keys::attributes(keys::catalog()))?,
            at_revision(read),
            changed,
        )?;
        for product in &change.removed {
            let name = product.to_string();
            tx.check(
                &self.table,
                keys::usage(product),
                Expr::new("attribute_not_exists(#banks) OR #banks <= :zero")
                    .name("#banks", keys::USAGE_BANKS)
                    .value(":zero", n(0)),
                move |old| {
                    StoreError::Refused(Refusal::ProductInUse {
                        product: name,
                        banks: number(old, keys::USAGE_BANKS),
                    })
                },
            )?;
        }
        self.vendor_audit_into(&mut tx, &change.audit, &new_id("")?)?;
        self.commit(tx).await
    }

    /// A change that relies on the catalogue as read at `revision` (a new bank for a product
    /// it lists) commits only if the catalogue is still at that revision.
    pub(crate) fn catalog_at_into(&self, tx: &mut Tx, revision: u64) -> Result<(), StoreError> {
        tx.check(&self.table, keys::catalog(), at_revision(revision), changed)
    }

    /// Counts `banks` new banks of `product` at `version`.
    pub(crate) fn bank_usage_into(
        &self,
        tx: &mut Tx,
        product: &ProductId,
        version: Version,
        banks: u64,
    ) -> Result<(), StoreError> {
        tx.update_always(
            &self.table,
            keys::usage(product),
            Expr::new("ADD #banks :one, #version :one")
                .name("#banks", keys::USAGE_BANKS)
                .name("#version", keys::usage_bank_version(version))
                .value(":one", n(banks)),
        )
    }

    /// Counts the versions of `product` a restricted policy now selects (`added`) and no
    /// longer selects (`removed`). Nothing to write when both are empty.
    pub(crate) fn policy_usage_into(
        &self,
        tx: &mut Tx,
        product: &ProductId,
        added: &[Version],
        removed: &[Version],
    ) -> Result<(), StoreError> {
        let moves: Vec<(Version, &str)> = added
            .iter()
            .map(|v| (*v, ":plus"))
            .chain(removed.iter().map(|v| (*v, ":minus")))
            .collect();
        if moves.is_empty() {
            return Ok(());
        }
        let text: Vec<String> = moves
            .iter()
            .enumerate()
            .map(|(i, (_, value))| format!("#v{i} {value}"))
            .collect();
        let mut update = Expr::new(format!("ADD {}", text.join(", ")));
        for (i, (version, _)) in moves.iter().enumerate() {
            update = update.name(&format!("#v{i}"), keys::usage_policy_version(*version));
        }
        if !added.is_empty() {
            update = update.value(":plus", n(1));
        }
        if !removed.is_empty() {
            update = update.value(":minus", n(-1));
        }
        tx.update_always(&self.table, keys::usage(product), update)
    }

    /// How much of the catalogue is in use, from one Query of the usage partition (one item per
    /// product that banks or policies ever used).
    pub async fn catalog_usage(&self) -> Result<CatalogUsage, StoreError> {
        let mut usage = CatalogUsage::default();
        self.drain_items(Query::new(None, keys::USAGE.into()), |items| {
            for item in items {
                let Some(product) = item
                    .get(keys::SK)
                    .and_then(|v| v.as_s().ok())
                    .and_then(|sk| keys::usage_product(sk))
                    .and_then(|p| ProductId::parse(p).ok())
                else {
                    continue;
                };
                usage
                    .banks
                    .insert(product.clone(), number(Some(&item), keys::USAGE_BANKS));
                for name in item.keys() {
                    let count = number(Some(&item), name);
                    let counted = |prefix: &str| {
                        name.strip_prefix(prefix)
                            .and_then(|v| Version::parse("version", v).ok())
                    };
                    if let Some(v) = counted(keys::USAGE_BANK_PREFIX) {
                        usage.bank_versions.insert((product.clone(), v), count);
                    } else if let Some(v) = counted(keys::USAGE_POLICY_PREFIX) {
                        usage.policies.insert((product.clone(), v), count);
                    }
                }
            }
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        Ok(usage)
    }
}
