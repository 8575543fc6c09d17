//! Version policies: per organisation and product, in the organisation's partition.

use aws_sdk_dynamodb::types::AttributeValue;
use elp_core::{AuditEvent, OrgId, ProductId, Refusal, Version, VersionPolicy};

use super::tx::{Expr, Tx};

use super::error::StoreError;
use super::keys;
use super::{from_item, to_item, Query, Store};

impl Store {
    /// The policy the organisation set for a product, if it set one (read strongly
    /// consistent: a change of it is conditioned on what was read).
    pub async fn get_policy(
        &self,
        org: &OrgId,
        product: &ProductId,
    ) -> Result<Option<VersionPolicy>, StoreError> {
        self.get_item(keys::policy(org, product), true)
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

    /// Sets a product's policy, with its audit event, replacing `before` (the policy read, if
    /// any): refused if it changed since (another admin at the same moment). The catalogue's
    /// usage counts the versions a restricted policy selects, so an operator removing one is
    /// told whose members lose it.
    pub async fn put_policy(
        &self,
        org: &OrgId,
        before: Option<&VersionPolicy>,
        policy: &VersionPolicy,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        self.org_open_into(&mut tx, org, super::OrgGuard::Open)?;
        let unchanged = match before {
            None => Expr::new("attribute_not_exists(#pk)"),
            Some(old) => Expr::new("#restricted = :restricted AND #allowed = :allowed")
                .value(":restricted", AttributeValue::Bool(old.restricted))
                .value(":allowed", serde_dynamo::to_attribute_value(&old.allowed)?),
        };
        tx.put_if(
            &self.table,
            to_item(policy, keys::attributes(keys::policy(org, &policy.product)))?,
            unchanged,
            |_| {
                StoreError::Refused(Refusal::Conflict(elp_core::Message::new(
                    "conflict-policy-changed",
                )))
            },
        )?;
        let selected = |p: Option<&VersionPolicy>| -> Vec<Version> {
            p.filter(|p| p.restricted)
                .map(|p| p.allowed.clone())
                .unwrap_or_default()
        };
        let (was, is) = (selected(before), selected(Some(policy)));
        let added: Vec<Version> = is.iter().copied().filter(|v| !was.contains(v)).collect();
        let removed: Vec<Version> = was.iter().copied().filter(|v| !is.contains(v)).collect();
        self.policy_usage_into(&mut tx, &policy.product, &added, &removed)?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
