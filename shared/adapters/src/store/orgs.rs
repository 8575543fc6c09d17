//! Organisations: created by the operator together with their first admin.

use elp_core::{AuditEvent, Membership, OrgId, Organisation};

use super::error::StoreError;
use super::keys;
use super::outbox::OutboxMail;
use super::tx::{Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Store};

impl Store {
    /// Creates the organisation, its first admin (who must not belong to another organisation),
    /// the audit event and the invitation mail, all or nothing.
    pub async fn create_org(
        &self,
        org: &Organisation,
        admin: &Membership,
        audit: &AuditEvent,
        mail: &OutboxMail,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        if let Some(record) = idempotency {
            self.idempotency_into(&mut tx, record)?;
        }
        let (pk, sk) = keys::org(&org.id);
        tx.create(
            &self.table,
            to_item(org, [(keys::PK, pk), (keys::SK, sk)])?,
            |_| StoreError::Internal("organisation id collision".into()),
        )?;
        self.new_membership_into(&mut tx, admin)?;
        self.audit_into(&mut tx, audit)?;
        self.outbox_into(&mut tx, mail)?;
        self.commit(tx).await
    }

    pub async fn get_org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        self.get_item(keys::org(id), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// Adds "the organisation exists" to `tx`.
    pub(crate) fn org_exists_into(&self, tx: &mut Tx, org: &OrgId) -> Result<(), StoreError> {
        tx.check(
            &self.table,
            keys::org(org),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("organisation"),
        )
    }
}
