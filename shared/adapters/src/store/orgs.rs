//! Organisations: created by the operator together with their first admin.

use elp_core::{AuditEvent, Membership, OrgId, Organisation};

use super::error::StoreError;
use super::keys;
use super::outbox::OutboxMail;
use super::tx::{n, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Store};

// Active admins of an organisation are kept on its item (`keys::ACTIVE_ADMINS`) so that "the
// last active admin stays" is one condition (`active_admins >= 2`) that no interleaving of
// changes can get around.

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
        let mut tx = self.tx_for(idempotency)?;
        tx.create(
            &self.table,
            {
                let mut item = to_item(org, keys::attributes(keys::org(&org.id)))?;
                // The first admin is invited, not yet active.
                item.insert(keys::ACTIVE_ADMINS.into(), n(0));
                item
            },
            |_| StoreError::Internal("organisation id collision".into()),
        )?;
        self.new_membership_into(&mut tx, admin, 0)?;
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, std::slice::from_ref(mail))?;
        self.commit(tx).await
    }

    pub async fn get_org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        self.get_item(keys::org(id), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// How many active admins the organisation has (strongly consistent).
    pub async fn active_admins(&self, id: &OrgId) -> Result<u32, StoreError> {
        let item = self.get_item(keys::org(id), true).await?;
        Ok(item
            .as_ref()
            .and_then(|i| i.get(keys::ACTIVE_ADMINS))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0))
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

impl Store {
    /// Adds `delta` (+1 or -1) active admins to `tx`; taking the last one away is refused.
    pub(crate) fn active_admins_into(
        &self,
        tx: &mut Tx,
        org: &OrgId,
        delta: i64,
        who: &elp_core::Email,
    ) -> Result<(), StoreError> {
        if delta >= 0 {
            return tx.update(
                &self.table,
                keys::org(org),
                Expr::new("ADD #active_admins :d").value(":d", n(delta)),
                Expr::new("attribute_exists(#pk)"),
                |_| StoreError::NotFound("organisation"),
            );
        }
        let email = who.to_string();
        tx.update(
            &self.table,
            keys::org(org),
            Expr::new("SET #active_admins = #active_admins - :one").value(":one", n(1)),
            Expr::new("#active_admins >= :two").value(":two", n(2)),
            move |_| StoreError::Refused(elp_core::Refusal::LastAdmin { email }),
        )
    }
}
