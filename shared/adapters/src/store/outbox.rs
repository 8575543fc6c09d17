//! The outbox: mail written in the same transaction as the change it announces, delivered right
//! after the commit and, if SES is down, again by the scheduled sender until it goes through.
//! A mail stays in the sparse `due` index until it is sent.
//!
//! Delivery is at-least-once: a sender claims a mail with a short lease before sending, so two
//! senders never send the same mail at the same time; only a crash between SES accepting a mail
//! and the store recording it can send it twice.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use chrono::{DateTime, Duration, Utc};
use elp_core::Letter;
use serde::{Deserialize, Serialize};

use super::error::{classify, StoreError};
use super::keys::{self, DUE};
use super::tx::{n, s, Expr, Tx};
use super::{new_id, to_item, Query, Store};

/// How long delivered mail is kept for inspection before TTL removes it.
const SENT_RETENTION_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub letter: Letter,
    #[serde(default)]
    pub attempts: u32,
}

impl OutboxMail {
    pub fn new(letter: impl Into<Letter>, now: DateTime<Utc>) -> Result<Self, StoreError> {
        Ok(OutboxMail {
            id: new_id("m_")?,
            created_at: now,
            letter: letter.into(),
            attempts: 0,
        })
    }

    /// The outbox's mail for each of a change's letters.
    pub fn all(letters: Vec<Letter>, now: DateTime<Utc>) -> Result<Vec<Self>, StoreError> {
        letters.into_iter().map(|l| Self::new(l, now)).collect()
    }
}

impl Store {
    pub(crate) fn outbox_into(&self, tx: &mut Tx, mail: &OutboxMail) -> Result<(), StoreError> {
        let item = to_item(
            mail,
            keys::attributes(keys::outbox(&mail.id))
                .into_iter()
                .chain(keys::in_index(
                    DUE,
                    keys::OUTBOX_DUE.to_string(),
                    keys::outbox_order(mail.created_at, &mail.id),
                )),
        )?;
        tx.put(&self.table, item)
    }

    /// Queues one mail with its audit event (and idempotency record).
    pub async fn queue_mail(
        &self,
        mail: &OutboxMail,
        audit: &elp_core::AuditEvent,
        idempotency: Option<&super::IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.audit_into(&mut tx, audit)?;
        self.outbox_into(&mut tx, mail)?;
        self.commit(tx).await
    }

    /// Mail not yet delivered, oldest first.
    pub async fn pending_mail(&self, limit: i32) -> Result<Vec<OutboxMail>, StoreError> {
        let mut q = Query::new(Some(DUE), keys::OUTBOX_DUE.to_string());
        q.limit = limit;
        Ok(self.list(q).await?.items)
    }

    /// One conditional update of a mail (outside any transaction: delivery is per mail);
    /// `false` when the condition did not hold.
    async fn update_mail(
        &self,
        id: &str,
        update: Expr,
        condition: Expr,
    ) -> Result<bool, StoreError> {
        let (pk, sk) = keys::outbox(id);
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression(update.text)
            .condition_expression(condition.text);
        for (placeholder, name) in update.names.into_iter().chain(condition.names) {
            request = request.expression_attribute_names(placeholder, name);
        }
        for (name, value) in update.values.into_iter().chain(condition.values) {
            request = request.expression_attribute_values(name, value);
        }
        self.count_round_trip();
        match request.send().await {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(classify(e)),
        }
    }

    /// Takes the mail for `lease` unless it was sent or another sender holds it.
    pub async fn claim_mail(
        &self,
        id: &str,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        self.update_mail(
            id,
            Expr::new("SET #lease_until = :until, #attempts = #attempts + :one")
                .value(":until", s(keys::timestamp(now + lease)))
                .value(":one", n(1)),
            Expr::new("attribute_exists(#due_pk) AND (attribute_not_exists(#lease_until) OR #lease_until < :now)")
                .value(":now", s(keys::timestamp(now))),
        )
        .await
    }

    /// Records delivery: the mail leaves the due index and expires after the retention period.
    pub async fn mark_mail_sent(
        &self,
        id: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let expires = (now + Duration::days(SENT_RETENTION_DAYS)).timestamp();
        self.update_mail(
            id,
            Expr::new("SET #sent_at = :now, #message_id = :mid, #expires_at = :exp REMOVE #due_pk, #due_sk, #lease_until, #last_error")
                .value(":now", s(keys::timestamp(now)))
                .value(":mid", s(message_id))
                .value(":exp", n(expires)),
            Expr::new("attribute_exists(#pk)"),
        )
        .await?;
        Ok(())
    }

    /// Gives the mail back for a later attempt, noting why this one failed.
    pub async fn release_mail(&self, id: &str, error: &str) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        self.update_mail(
            id,
            Expr::new("SET #last_error = :e REMOVE #lease_until").value(":e", s(error)),
            Expr::new("attribute_exists(#due_pk)"),
        )
        .await?;
        Ok(())
    }
}
