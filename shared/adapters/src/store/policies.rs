//! Version policies: per organisation and product, in the organisation's partition.

use elp_core::{AuditEvent, OrgId, ProductId, VersionPolicy};

use super::tx::Tx;

use super::error::StoreError;
use super::keys;
use super::{from_item, to_item, Query, Store};

impl Store {
    /// The policy the organisation set for a product, if it set one.
    pub async fn get_policy(
        &self,
        org: &OrgId,
        product: &ProductId,
    ) -> Result<Option<VersionPolicy>, StoreError> {
        self.get_item(keys::policy(org, product), false)
            .await?
            .map(from_item)
            .transpose()
    }

    /// Every policy the organisation set.
    pub async fn list_policies(&self, org: &OrgId) -> Result<Vec<VersionPolicy>, StoreError> {
        let mut q = Query::new(None, keys::org_partition(org));
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
        let mut tx = Tx::new();
        self.org_open_into(&mut tx, org, super::OrgGuard::Open)?;
        tx.put(
            &self.table,
            to_item(policy, keys::attributes(keys::policy(org, &policy.product)))?,
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
