//! The audit trail: written inside the transaction of the change it records, read newest first.

use elp_core::{AuditEvent, OrgId};

use super::error::StoreError;
use super::keys;
use super::tx::Tx;
use super::{new_id, to_item, Page, Query, Store};

impl Store {
    pub(crate) fn audit_into(&self, tx: &mut Tx, event: &AuditEvent) -> Result<(), StoreError> {
        let key = keys::audit(&event.org, event.at, &new_id("")?);
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
}
