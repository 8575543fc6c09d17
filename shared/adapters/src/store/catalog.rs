//! The product catalogue: one item, replaced whole by the operator.

use chrono::{DateTime, Utc};
use elp_core::Catalog;
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::keys;
use super::{from_item, to_item, Store};

#[derive(Serialize, Deserialize)]
struct CatalogItem {
    catalog: Catalog,
    updated_at: DateTime<Utc>,
}

impl Store {
    pub async fn put_catalog(
        &self,
        catalog: &Catalog,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let item = to_item(
            &CatalogItem {
                catalog: catalog.clone(),
                updated_at: at,
            },
            keys::attributes(keys::catalog()),
        )?;
        self.count_round_trip();
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(super::classify)?;
        Ok(())
    }

    /// The catalogue, or an empty one before the operator has set it.
    pub async fn get_catalog(&self) -> Result<Catalog, StoreError> {
        Ok(self
            .get_item(keys::catalog(), false)
            .await?
            .map(from_item::<CatalogItem>)
            .transpose()?
            .map(|c| c.catalog)
            .unwrap_or_default())
    }
}
