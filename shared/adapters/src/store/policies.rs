//! Version policies: per organisation and product, in the organisation's partition.

use elp_core::{AuditEvent, OrgId, ProductId, VersionPolicy};

use super::tx::Tx;

use super::error::StoreError;
use super::keys;
use super::{from_item, to_item, ListQuery, Store};

impl Store {
    /// The policy for a product, unrestricted when the organisation never set one.
    pub async fn get_policy(
        &self,
        org: &OrgId,
        product: &ProductId,
    ) -> Result<VersionPolicy, StoreError> {
        Ok(self
            .get_item(keys::policy(org, product), false)
            .await?
            .map(from_item)
            .transpose()?
            .unwrap_or_else(|| VersionPolicy::unrestricted(product.clone())))
    }

    /// Every policy the organisation set (products without one are unrestricted).
    pub async fn list_policies(&self, org: &OrgId) -> Result<Vec<VersionPolicy>, StoreError> {
        let mut q = ListQuery::new(None, keys::org_partition(org));
        q.prefix = Some(keys::POLICY_PREFIX);
        q.limit = 1000;
        Ok(self.list(q).await?.items)
    }

    /// Sets a product's policy, with its audit event.
    pub async fn put_policy(
        &self,
        org: &OrgId,
        policy: &VersionPolicy,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let (pk, sk) = keys::policy(org, &policy.product);
        let mut tx = Tx::new();
        tx.put(
            &self.table,
            to_item(policy, [(keys::PK, pk), (keys::SK, sk)])?,
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
