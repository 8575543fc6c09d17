//! Webhooks: an organisation's endpoints (`ORG#<org>#WEBHOOKS`, with their counter and each
//! one's signing secret beside it), and one item per event delivered to an endpoint
//! (`ORG#<org>#WEBHOOK#<id>`, `DELIVERY#<event>`): created only if absent, so an event the bus
//! delivers twice is delivered once; listed newest first in `gsi1`; waiting for its next
//! attempt in the sparse `due` index (`WEBHOOKS_DUE`) until delivered or given up; expired by
//! TTL after [`DELIVERY_RETENTION_DAYS`].
//!
//! An admin's change and the delivery function's bookkeeping write different attributes of an
//! endpoint with UpdateItem, so neither overwrites the other.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Duration, Utc};
use elp_core::webhook::{
    check_room, Delivery, DeliveryStatus, Disabled, DisabledReason, Endpoint, WebhookId,
    MAX_ENDPOINTS,
};
use elp_core::{AuditEvent, Message, OrgId, Refusal};

use super::cursor::Item;
use super::error::{classify, StoreError};
use super::keys::{self, DUE, GSI1};
use super::orgs::OrgGuard;
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// How long a delivery's log is kept.
pub const DELIVERY_RETENTION_DAYS: i64 = 30;

/// An endpoint with its signing secret, as the store holds them.
#[derive(Debug, Clone)]
pub struct StoredEndpoint {
    pub endpoint: Endpoint,
    pub secret: String,
}

/// A delivery waiting for an attempt, with the bytes it sends and where it sits in the queue.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub delivery: Delivery,
    pub body: String,
    /// Its sort key in the `due` index as read: a claim is conditioned on it.
    pub due_sk: String,
}

fn endpoint_item(e: &Endpoint, secret: &str) -> Result<Item, StoreError> {
    let mut item = to_item(e, keys::attributes(keys::webhook(&e.org, &e.id)))?;
    item.insert(keys::SECRET.into(), s(secret));
    Ok(item)
}

fn stored_endpoint(item: Item) -> Result<StoredEndpoint, StoreError> {
    let secret = item
        .get(keys::SECRET)
        .and_then(|v| v.as_s().ok())
        .cloned()
        .ok_or_else(|| StoreError::Internal("a webhook endpoint without its secret".into()))?;
    Ok(StoredEndpoint {
        endpoint: from_item(item)?,
        secret,
    })
}

fn due_key(d: &Delivery, at: DateTime<Utc>) -> String {
    keys::delivery_due(at, &d.org, &d.webhook, &d.event_id)
}

fn delivery_item(d: &Delivery, body: &str, due: Option<DateTime<Utc>>) -> Result<Item, StoreError> {
    let listed = keys::in_index(
        GSI1,
        keys::deliveries_of(&d.org, &d.webhook),
        keys::delivery_order(d.created_at, &d.event_id),
    );
    let mut item = to_item(
        d,
        keys::attributes(keys::delivery(&d.org, &d.webhook, &d.event_id))
            .into_iter()
            .chain(listed),
    )?;
    if let Some(at) = due {
        for (name, value) in keys::in_index(DUE, keys::WEBHOOKS_DUE.into(), due_key(d, at)) {
            item.insert(name.into(), s(value));
        }
    }
    item.insert(keys::BODY.into(), s(body));
    let expires = (d.created_at + Duration::days(DELIVERY_RETENTION_DAYS)).timestamp();
    item.insert(keys::EXPIRES_AT.into(), n(expires));
    Ok(item)
}

fn json_list(values: &[String]) -> AttributeValue {
    AttributeValue::L(values.iter().map(|v| s(v.as_str())).collect())
}

impl Store {
    /// An organisation's endpoints (at most `MAX_ENDPOINTS`: one page), oldest first.
    pub async fn list_webhooks(&self, org: &OrgId) -> Result<Vec<StoredEndpoint>, StoreError> {
        let q = Query {
            prefix: Some(keys::WEBHOOK_PREFIX),
            ..Query::new(None, keys::webhooks_of(org))
        };
        let page = self.query(q).await?;
        let mut all: Vec<StoredEndpoint> = page
            .items
            .into_iter()
            .map(stored_endpoint)
            .collect::<Result<_, _>>()?;
        all.sort_by_key(|a| a.endpoint.created_at);
        Ok(all)
    }

    /// One endpoint of an organisation (strongly consistent).
    pub async fn get_webhook(
        &self,
        org: &OrgId,
        id: &WebhookId,
    ) -> Result<Option<StoredEndpoint>, StoreError> {
        self.get_item(keys::webhook(org, id), true)
            .await?
            .map(stored_endpoint)
            .transpose()
    }

    /// A new endpoint with its secret, counted in its organisation's endpoints (refused past
    /// the cap), while the organisation is open, with its audit event.
    pub async fn create_webhook(
        &self,
        endpoint: &Endpoint,
        secret: &str,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_open_into(&mut tx, &endpoint.org, OrgGuard::Open)?;
        tx.update(
            &self.table,
            keys::webhook_count(&endpoint.org),
            Expr::new("ADD #count :one").value(":one", n(1)),
            Expr::new("attribute_not_exists(#count) OR #count < :max")
                .value(":max", n(MAX_ENDPOINTS)),
            |_| StoreError::Refused(check_room(MAX_ENDPOINTS).unwrap_err()),
        )?;
        tx.create(&self.table, endpoint_item(endpoint, secret)?, |_| {
            StoreError::Internal("webhook id collision".into())
        })?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// An admin's change of an endpoint (`before` as read, `after`): its URL, description,
    /// event types and whether it is enabled, while it exists and the organisation is open.
    /// Enabling it again starts its failure count afresh.
    pub async fn change_webhook(
        &self,
        before: &Endpoint,
        after: &Endpoint,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_open_into(&mut tx, &after.org, OrgGuard::Open)?;
        let mut set = String::from(
            "SET #url = :url, #description = :description, #events = :events, #enabled = :enabled, #updated_at = :now",
        );
        let mut remove: Vec<&str> = Vec::new();
        let mut update = Vec::new();
        match after.disabled_reason {
            Some(reason) => {
                set.push_str(", #disabled_reason = :reason");
                update.push((":reason", serde_dynamo::to_attribute_value(reason)?));
            }
            None => remove.push("#disabled_reason"),
        }
        if after.enabled && !before.enabled {
            remove.push("#failing_since");
        }
        if !remove.is_empty() {
            set.push_str(" REMOVE ");
            set.push_str(&remove.join(", "));
        }
        let mut expr = Expr::new(set)
            .value(":url", s(after.url.as_str()))
            .value(":description", s(after.description.as_str()))
            .value(":events", json_list(&after.events))
            .value(":enabled", AttributeValue::Bool(after.enabled))
            .value(":now", s(after.updated_at.to_rfc3339()));
        for (name, value) in update {
            expr = expr.value(name, value);
        }
        tx.update(
            &self.table,
            keys::webhook(&after.org, &after.id),
            expr,
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("webhook"),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// A new secret for an endpoint (`after` holds its new version).
    pub async fn rotate_webhook_secret(
        &self,
        after: &Endpoint,
        secret: &str,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_open_into(&mut tx, &after.org, OrgGuard::Open)?;
        tx.update(
            &self.table,
            keys::webhook(&after.org, &after.id),
            Expr::new("SET #secret = :secret, #secret_version = :version, #updated_at = :now")
                .value(":secret", s(secret))
                .value(":version", n(after.secret_version))
                .value(":now", s(after.updated_at.to_rfc3339())),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("webhook"),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Deletes an endpoint (one fewer in its organisation's count). Its deliveries stay in
    /// its log until they expire; those still due are given up when next tried.
    pub async fn delete_webhook(
        &self,
        endpoint: &Endpoint,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_open_into(&mut tx, &endpoint.org, OrgGuard::Open)?;
        tx.delete(
            &self.table,
            keys::webhook(&endpoint.org, &endpoint.id),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("webhook"),
        )?;
        tx.update(
            &self.table,
            keys::webhook_count(&endpoint.org),
            Expr::new("ADD #count :minus").value(":minus", n(-1)),
            Expr::new("#count > :zero").value(":zero", n(0)),
            |_| StoreError::Refused(Refusal::Conflict(Message::new("conflict-webhook-changed"))),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// One page of an endpoint's deliveries, newest first.
    pub async fn list_deliveries(
        &self,
        org: &OrgId,
        id: &WebhookId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Delivery>, StoreError> {
        let q = Query::page(
            Some(GSI1),
            keys::deliveries_of(org, id),
            true,
            cursor,
            limit,
        );
        self.list(q).await
    }

    /// Records a new delivery of an event to an endpoint, due at `lease_until` (its first
    /// attempt is made right away; a scheduled run takes it only if that attempt never
    /// finishes). `false` when the event was already delivered to this endpoint (or is being).
    pub async fn create_delivery(
        &self,
        delivery: &Delivery,
        body: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.count_round_trip();
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(delivery_item(delivery, body, Some(lease_until))?))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(classify(e)),
        }
    }

    /// Deliveries due at `now`, of every organisation, oldest first.
    pub async fn due_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: i32,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        let q = Query {
            until: Some(format!("{}#~", keys::timestamp(now))),
            limit,
            ..Query::new(Some(DUE), keys::WEBHOOKS_DUE.into())
        };
        let page = self.query(q).await?;
        page.items
            .into_iter()
            .map(|item| {
                let due_sk = item
                    .get(keys::DUE_SK)
                    .and_then(|v| v.as_s().ok())
                    .cloned()
                    .unwrap_or_default();
                let body = item
                    .get(keys::BODY)
                    .and_then(|v| v.as_s().ok())
                    .cloned()
                    .unwrap_or_default();
                Ok(DueDelivery {
                    delivery: from_item(item)?,
                    body,
                    due_sk,
                })
            })
            .collect()
    }

    /// Takes a due delivery until `lease_until` unless another run took it since it was read.
    pub async fn claim_delivery(
        &self,
        due: &DueDelivery,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let d = &due.delivery;
        let update = Expr::new("SET #due_sk = :next").value(":next", s(due_key(d, lease_until)));
        let condition = Expr::new("#due_sk = :seen").value(":seen", s(due.due_sk.as_str()));
        Ok(self
            .update_one(
                keys::delivery(&d.org, &d.webhook, &d.event_id),
                update,
                condition,
                false,
            )
            .await?
            .is_some())
    }

    /// Records an attempt (or a delivery given up): the delivery's log, and its place in the
    /// queue (its next attempt, or none).
    pub async fn record_delivery(&self, after: &Delivery) -> Result<(), StoreError> {
        let mut text = String::from(
            "SET #status = :status, #attempts = :attempts, #last_attempt_at = :last, #status_code = :code, #latency_ms = :latency, #error = :error, #next_attempt_at = :next",
        );
        let mut update = Vec::new();
        match (after.status, after.next_attempt_at) {
            (DeliveryStatus::Pending, Some(next)) => {
                text.push_str(", #due_pk = :due_pk, #due_sk = :due_sk");
                update.push((":due_pk", s(keys::WEBHOOKS_DUE)));
                update.push((":due_sk", s(due_key(after, next))));
            }
            _ => text.push_str(" REMOVE #due_pk, #due_sk"),
        }
        let null = || AttributeValue::Null(true);
        let mut expr = Expr::new(text)
            .value(":status", serde_dynamo::to_attribute_value(after.status)?)
            .value(":attempts", n(after.attempts))
            .value(
                ":last",
                after
                    .last_attempt_at
                    .map_or_else(null, |t| s(t.to_rfc3339())),
            )
            .value(":code", after.status_code.map_or_else(null, n))
            .value(":latency", after.latency_ms.map_or_else(null, n))
            .value(":error", after.error.as_deref().map_or_else(null, s))
            .value(
                ":next",
                after
                    .next_attempt_at
                    .map_or_else(null, |t| s(t.to_rfc3339())),
            );
        for (name, value) in update {
            expr = expr.value(name, value);
        }
        self.update_one(
            keys::delivery(&after.org, &after.webhook, &after.event_id),
            expr,
            Expr::new("attribute_exists(#pk)"),
            false,
        )
        .await?;
        Ok(())
    }

    /// An attempt to the endpoint succeeded: its failing run (if any) ends.
    pub async fn webhook_succeeded(
        &self,
        org: &OrgId,
        id: &WebhookId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.update_one(
            keys::webhook(org, id),
            Expr::new("SET #last_success = :now REMOVE #failing_since")
                .value(":now", s(now.to_rfc3339())),
            Expr::new("attribute_exists(#pk)"),
            false,
        )
        .await?;
        Ok(())
    }

    /// An attempt to the endpoint failed: its failing run starts now unless it had started; the
    /// endpoint as it is after (`None` if it was deleted meanwhile).
    pub async fn webhook_failed(
        &self,
        org: &OrgId,
        id: &WebhookId,
        now: DateTime<Utc>,
    ) -> Result<Option<Endpoint>, StoreError> {
        let item = self
            .update_one(
                keys::webhook(org, id),
                Expr::new("SET #failing_since = if_not_exists(#failing_since, :now)")
                    .value(":now", s(now.to_rfc3339())),
                Expr::new("attribute_exists(#pk)"),
                true,
            )
            .await?;
        item.map(from_item).transpose()
    }

    /// Disables an endpoint that failed for a day, once (while it is enabled), with its audit
    /// event and its admins' mail. `false` if it was disabled (or deleted) meanwhile.
    pub async fn disable_failing_webhook(
        &self,
        disabled: &Disabled,
        mails: &[OutboxMail],
    ) -> Result<bool, StoreError> {
        let e = &disabled.endpoint;
        let mut tx = self.tx_for(None)?;
        tx.update(
            &self.table,
            keys::webhook(&e.org, &e.id),
            Expr::new("SET #enabled = :off, #disabled_reason = :reason, #updated_at = :now")
                .value(":off", AttributeValue::Bool(false))
                .value(
                    ":reason",
                    serde_dynamo::to_attribute_value(DisabledReason::Failing)?,
                )
                .value(":now", s(e.updated_at.to_rfc3339())),
            Expr::new("attribute_exists(#pk) AND #enabled = :on")
                .value(":on", AttributeValue::Bool(true)),
            |_| StoreError::Refused(Refusal::Conflict(Message::new("conflict-webhook-changed"))),
        )?;
        self.audit_into(&mut tx, &disabled.audit)?;
        self.mails_into(&mut tx, mails)?;
        match self.commit(tx).await {
            Ok(()) => Ok(true),
            Err(StoreError::Refused(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// One conditional UpdateItem; the item after it when `new` (and `None` when the
    /// condition failed).
    async fn update_one(
        &self,
        key: keys::Key,
        update: Expr,
        condition: Expr,
        new: bool,
    ) -> Result<Option<Item>, StoreError> {
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .update_expression(update.text)
            .condition_expression(condition.text)
            .return_values(if new {
                ReturnValue::AllNew
            } else {
                ReturnValue::None
            });
        let mut names = update.names;
        for name in condition.names {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        for (placeholder, name) in names {
            request = request.expression_attribute_names(placeholder, name);
        }
        for (name, value) in update.values.into_iter().chain(condition.values) {
            request = request.expression_attribute_values(name, value);
        }
        self.count_round_trip();
        match request.send().await {
            Ok(out) => Ok(Some(out.attributes.unwrap_or_default())),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(None)
            }
            Err(e) => Err(classify(e)),
        }
    }
}
