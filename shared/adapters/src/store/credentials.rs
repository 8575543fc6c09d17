//! API credentials: one item each (`CREDENTIAL#<id>`, found by the id a key carries), listed
//! per organisation in `gsi1`; a name item per name ever used in the organisation; and the
//! organisation's count of active credentials on its own item.
//!
//! Creating is one transaction: the count goes up only below the cap and while the organisation
//! is open, the name item must not exist, the credential item must not exist, and the audit
//! event goes with them. Revoking is one transaction too: the credential changes only while it
//! is its organisation's and not revoked, and the count goes down with it.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use chrono::{DateTime, Utc};
use elp_core::credential::MAX_ACTIVE;
use elp_core::{AuditEvent, Credential, CredentialId, Message, OrgId, Refusal};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1};
use super::orgs::{closed, OrgGuard};
use super::tx::{n, s, Expr};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

fn credential_item(c: &Credential) -> Result<Item, StoreError> {
    to_item(
        c,
        keys::attributes(keys::credential(&c.id))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::credentials_of(&c.org),
                keys::credential_order(c.created_at, &c.id),
            )),
    )
}

impl Store {
    /// A credential by the id its key carries (strongly consistent: a revocation holds at once).
    pub async fn get_credential(
        &self,
        id: &CredentialId,
    ) -> Result<Option<Credential>, StoreError> {
        self.get_item(keys::credential(id), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// One page of an organisation's credentials, newest first (revoked ones too).
    pub async fn list_credentials(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Credential>, StoreError> {
        let q = Query::page(Some(GSI1), keys::credentials_of(org), true, cursor, limit);
        self.list(q).await
    }

    /// A new credential, counted among its organisation's active ones (refused at the cap or
    /// while it is suspended), its name taken for good, with its event.
    pub async fn create_credential(
        &self,
        c: &Credential,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        tx.update(
            &self.table,
            keys::org(&c.org),
            Expr::new("ADD #credentials :one").value(":one", n(1)),
            Expr::new(
                "attribute_exists(#pk) AND attribute_not_exists(#suspended) AND (attribute_not_exists(#credentials) OR #credentials < :max)",
            )
            .value(":max", n(MAX_ACTIVE)),
            |old| {
                closed(old, OrgGuard::Open).unwrap_or(StoreError::Refused(Refusal::Conflict(
                    Message::new("conflict-too-many-credentials").number("max", MAX_ACTIVE),
                )))
            },
        )?;
        let name = c.name.as_str().to_string();
        let mut taken: Item = keys::attributes(keys::credential_name(&c.org, &c.name.folded()))
            .into_iter()
            .map(|(k, v)| (k.to_string(), s(v)))
            .collect();
        taken.insert(keys::CREDENTIAL.into(), s(c.id.as_str()));
        tx.create(&self.table, taken, move |_| {
            StoreError::Refused(Refusal::Conflict(
                Message::new("conflict-credential-name-taken").text("name", name),
            ))
        })?;
        tx.create(&self.table, credential_item(c)?, |_| {
            StoreError::Internal("credential id collision".into())
        })?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// The revocation of `before` (as read) into `after`, while it is still its organisation's
    /// and not revoked; the organisation counts one active credential less.
    pub async fn revoke_credential(
        &self,
        before: &Credential,
        after: &Credential,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let name = before.name.as_str().to_string();
        tx.put_if(
            &self.table,
            credential_item(after)?,
            Expr::new("#org = :org AND attribute_not_exists(#revoked_at)")
                .value(":org", s(before.org.as_str())),
            move |old| match old {
                None => StoreError::NotFound("credential"),
                Some(_) => StoreError::Refused(Refusal::Conflict(
                    Message::new("conflict-credential-revoked").text("name", name),
                )),
            },
        )?;
        tx.update(
            &self.table,
            keys::org(&before.org),
            Expr::new("ADD #credentials :less").value(":less", n(-1)),
            Expr::new("attribute_exists(#pk) AND #credentials >= :one").value(":one", n(1)),
            |old| {
                closed(old, OrgGuard::Any).unwrap_or(StoreError::Refused(Refusal::Conflict(
                    Message::new("conflict-request-changed"),
                )))
            },
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Records a use of the credential at `now`, unless one at or after `since` is recorded
    /// already (so concurrent uses write it once). Whether it was written.
    pub async fn touch_credential(
        &self,
        id: &CredentialId,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (pk, sk) = keys::credential(id);
        let at = serde_dynamo::to_attribute_value(now)?;
        let since = serde_dynamo::to_attribute_value(since)?;
        let result = self
            .client()
            .update_item()
            .table_name(self.table())
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression("SET #last_used = :now")
            .condition_expression(
                "attribute_exists(#pk) AND (attribute_not_exists(#last_used) OR #last_used < :since)",
            )
            .expression_attribute_names("#last_used", keys::LAST_USED)
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":now", at)
            .expression_attribute_values(":since", since)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(super::classify(e)),
        }
    }
}
