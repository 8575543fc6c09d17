//! Webhooks. An organisation's admins register HTTPS endpoints for the domain events they
//! choose, change, delete them and rotate their signing secret (shown once), and read each
//! endpoint's recent deliveries. The delivery function receives the events from the bus,
//! writes one delivery per endpoint that receives it (once per event, however often the bus
//! delivers it) and attempts it; a scheduled run tries again the deliveries that failed, later
//! and later; an endpoint that fails every delivery for a day is disabled and its
//! organisation's admins are mailed. The rules are `elp_core::webhook`'s.

use chrono::{DateTime, Duration, Utc};
use elp_core::webhook::{
    after_attempt, disable_failing, domain_event, parse_description, parse_event_types, recipients,
    signature, Attempted, Delivery, DeliveryStatus, DisabledReason, EndpointChange,
    EndpointOutcome, EndpointUrl, NewEndpoint, WebhookId, EVENT_ID_HEADER, EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tracing::{info, warn};

use super::access::{admin_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, RequestKey};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use crate::store::{
    new_id, new_secret, DueDelivery, OutboxMail, StoreError, StoredEndpoint, Wanted,
};

/// How long a delivery's first attempt, or a scheduled run's, holds it before another run may.
pub const LEASE_SECONDS: i64 = 60;

/// Deliveries one scheduled run tries at most.
pub const DUE_BATCH: i32 = 20;

/// The prefix of every signing secret (so a leaked one is recognised for what it is).
pub const SECRET_PREFIX: &str = "whsec_";

/// An endpoint as the API shows it: never its secret.
#[derive(Debug, Serialize)]
pub struct EndpointView {
    pub id: WebhookId,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<DisabledReason>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub failing_since: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
}

impl From<&elp_core::webhook::Endpoint> for EndpointView {
    fn from(e: &elp_core::webhook::Endpoint) -> Self {
        EndpointView {
            id: e.id.clone(),
            url: e.url.as_str().to_string(),
            description: e.description.clone(),
            events: e.events.clone(),
            enabled: e.enabled,
            disabled_reason: e.disabled_reason,
            created_at: e.created_at,
            created_by: e.created_by.clone(),
            updated_at: e.updated_at,
            failing_since: e.failing_since,
            last_success: e.last_success,
        }
    }
}

/// One delivery as the log shows it: its last attempt.
#[derive(Debug, Serialize)]
pub struct DeliveryView {
    pub event_id: String,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub status_code: Option<u16>,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl From<&Delivery> for DeliveryView {
    fn from(d: &Delivery) -> Self {
        DeliveryView {
            event_id: d.event_id.clone(),
            event_type: d.event_type.clone(),
            status: d.status,
            attempts: d.attempts,
            status_code: d.status_code,
            latency_ms: d.latency_ms,
            error: d.error.clone(),
            created_at: d.created_at,
            last_attempt_at: d.last_attempt_at,
            next_attempt_at: d.next_attempt_at,
        }
    }
}

/// An endpoint's id in a path: a malformed one names nothing (404).
fn path_id(raw: &str) -> Result<WebhookId, Error> {
    WebhookId::parse(raw).map_err(|_| Error::NotFound("webhook"))
}

fn fresh_secret() -> Result<String, Error> {
    Ok(format!("{SECRET_PREFIX}{}", new_secret()?))
}

/// The answer that shows a secret, and the one a retry with the same `Idempotency-Key` gets
/// back: the same without the secret, which is shown once (decision 155).
fn with_secret(
    status: Status,
    endpoint: &elp_core::webhook::Endpoint,
    secret: &str,
) -> Result<(Reply, Reply), Error> {
    let view = EndpointView::from(endpoint);
    let shown = reply(status, json!({ "webhook": view, "secret": secret }))?;
    let kept = reply(
        status,
        json!({ "webhook": EndpointView::from(endpoint), "secret": null }),
    )?;
    Ok((shown, kept))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateInput {
    pub url: String,
    pub events: Vec<String>,
    #[serde(default, deserialize_with = "super::not_null")]
    pub description: Option<String>,
    /// Defaults to true.
    #[serde(default, deserialize_with = "super::not_null")]
    pub enabled: Option<bool>,
}

/// `POST /v1/webhooks`: an admin registers an endpoint; the answer shows its secret, once.
pub async fn create(
    app: &App,
    caller: &Caller,
    input: CreateInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let new = NewEndpoint {
        url: EndpointUrl::parse("url", &input.url, app.config.webhooks_reach)?,
        description: parse_description("description", input.description.as_deref().unwrap_or(""))?,
        events: parse_event_types("events", &input.events)?,
        enabled: input.enabled.unwrap_or(true),
    };
    as_admin(
        app,
        caller,
        key,
        Wanted::default(),
        async move |read, once| {
            let id = WebhookId::parse(&new_id("w_")?)?;
            let secret = fresh_secret()?;
            let (endpoint, audit) = elp_core::webhook::create(&read.me, id, new, app.clock.now());
            let (shown, kept) = with_secret(Status::Created, &endpoint, &secret)?;
            app.store
                .create_webhook(&endpoint, &secret, &audit, once.record(&kept).as_ref())
                .await?;
            Ok(shown)
        },
    )
    .await
}

/// `GET /v1/webhooks`: the organisation's endpoints.
pub async fn list(app: &App, caller: &Caller) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let all = app.store.list_webhooks(&me.org).await?;
    let views: Vec<EndpointView> = all
        .iter()
        .map(|s| EndpointView::from(&s.endpoint))
        .collect();
    reply(
        Status::Ok,
        json!({ "webhooks": views, "event_types": elp_core::webhook::EVENT_TYPES, "max": elp_core::webhook::MAX_ENDPOINTS }),
    )
}

async fn own_endpoint(
    app: &App,
    org: &elp_core::OrgId,
    id: &WebhookId,
) -> Result<StoredEndpoint, Error> {
    app.store
        .get_webhook(org, id)
        .await?
        .ok_or(Error::NotFound("webhook"))
}

/// `GET /v1/webhooks/{id}`: one endpoint of the organisation.
pub async fn get(app: &App, caller: &Caller, id: &str) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let me = admin_by_read(app, caller).await?;
    let found = own_endpoint(app, &me.org, &id).await?;
    reply(Status::Ok, EndpointView::from(&found.endpoint))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    #[serde(default, deserialize_with = "super::not_null")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "super::not_null")]
    pub events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::not_null")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "super::not_null")]
    pub enabled: Option<bool>,
}

/// `PATCH /v1/webhooks/{id}`: an admin changes an endpoint's URL, event types, description
/// or whether it is enabled.
pub async fn change(
    app: &App,
    caller: &Caller,
    id: &str,
    input: ChangeInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let change = EndpointChange {
        url: input
            .url
            .as_deref()
            .map(|u| EndpointUrl::parse("url", u, app.config.webhooks_reach))
            .transpose()?,
        description: input
            .description
            .as_deref()
            .map(|d| parse_description("description", d))
            .transpose()?,
        events: input
            .events
            .as_deref()
            .map(|e| parse_event_types("events", e))
            .transpose()?,
        enabled: input.enabled,
    };
    as_admin(
        app,
        caller,
        key,
        Wanted::default(),
        async move |read, once| {
            let before = own_endpoint(app, &read.me.org, &id).await?.endpoint;
            let (after, audit) =
                elp_core::webhook::change(&read.me, &before, change, app.clock.now());
            let answer = reply(Status::Ok, EndpointView::from(&after))?;
            app.store
                .change_webhook(&before, &after, &audit, once.record(&answer).as_ref())
                .await?;
            Ok(answer)
        },
    )
    .await
}

/// `DELETE /v1/webhooks/{id}`: an admin deletes an endpoint.
pub async fn delete(
    app: &App,
    caller: &Caller,
    id: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    as_admin(
        app,
        caller,
        key,
        Wanted::default(),
        async move |read, once| {
            let before = own_endpoint(app, &read.me.org, &id).await?.endpoint;
            let audit = elp_core::webhook::delete(&read.me, &before, app.clock.now());
            let answer = reply(Status::Ok, json!({ "deleted": before.id }))?;
            app.store
                .delete_webhook(&before, &audit, once.record(&answer).as_ref())
                .await?;
            Ok(answer)
        },
    )
    .await
}

/// `POST /v1/webhooks/{id}/rotate-secret`: a new signing secret, shown once; the old one
/// stops signing at once.
pub async fn rotate(
    app: &App,
    caller: &Caller,
    id: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    as_admin(
        app,
        caller,
        key,
        Wanted::default(),
        async move |read, once| {
            let before = own_endpoint(app, &read.me.org, &id).await?.endpoint;
            let secret = fresh_secret()?;
            let (after, audit) = elp_core::webhook::rotate(&read.me, &before, app.clock.now());
            let (shown, kept) = with_secret(Status::Ok, &after, &secret)?;
            app.store
                .rotate_webhook_secret(&after, &secret, &audit, once.record(&kept).as_ref())
                .await?;
            Ok(shown)
        },
    )
    .await
}

/// `GET /v1/webhooks/{id}/deliveries`: the endpoint's recent deliveries, newest first.
pub async fn deliveries(
    app: &App,
    caller: &Caller,
    id: &str,
    page: PageRequest,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let me = admin_by_read(app, caller).await?;
    // The endpoint must be the organisation's: another's id answers 404, as do its deliveries.
    own_endpoint(app, &me.org, &id).await?;
    let found = app
        .store
        .list_deliveries(&me.org, &id, page.cursor(), page.limit)
        .await?;
    let views: Vec<DeliveryView> = found.items.iter().map(Into::into).collect();
    reply_page("deliveries", &views, found.next.as_deref())
}

// ----- deliveries -----

/// What a run of the delivery function did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Deliveries written for the event.
    pub created: usize,
    /// Deliveries the event already had (the bus delivered it again).
    pub duplicates: usize,
    pub delivered: usize,
    pub failed: usize,
    /// Given up: their endpoint was disabled or deleted.
    pub abandoned: usize,
    /// Taken by another run since they were read.
    pub skipped: usize,
    /// Endpoints disabled for failing a day.
    pub disabled: usize,
    /// Events that cannot be delivered (no id, unknown type, no organisation).
    pub ignored: usize,
}

/// A fraction in `[0, 1)` for the retry's jitter.
fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0)
}

/// An event from the bus (an EventBridge event whose `detail` is the domain event): one
/// delivery per endpoint of its organisation that receives its type, each attempted now.
pub async fn on_event(app: &App, event: &Value) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let detail = &event["detail"];
    let text = |name: &str| detail.get(name).and_then(Value::as_str);
    let parsed = domain_event(text("id"), text("type"), text("org"));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(why) => {
            warn!(%why, "an event from the bus that no endpoint can receive");
            report.ignored += 1;
            return Ok(report);
        }
    };
    // The detail as received is what is signed and sent, byte for byte on every attempt.
    let body = serde_json::to_string(detail).map_err(|e| StoreError::Internal(e.to_string()))?;
    let now = app.clock.now();
    let endpoints = app.store.list_webhooks(&parsed.org).await?;
    let plain: Vec<elp_core::webhook::Endpoint> =
        endpoints.iter().map(|s| s.endpoint.clone()).collect();
    for endpoint in recipients(&parsed, &plain) {
        let Some(stored) = endpoints.iter().find(|s| s.endpoint.id == endpoint.id) else {
            continue;
        };
        let delivery = Delivery::new(&parsed, endpoint, now);
        let lease = now + Duration::seconds(LEASE_SECONDS);
        if !app.store.create_delivery(&delivery, &body, lease).await? {
            report.duplicates += 1;
            continue;
        }
        report.created += 1;
        attempt(app, &delivery, &body, stored, &mut report).await?;
    }
    Ok(report)
}

/// The scheduled run: every delivery whose next attempt is due, tried again (or given up if its
/// endpoint no longer receives).
pub async fn retry_due(app: &App) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let now = app.clock.now();
    let due: Vec<DueDelivery> = app.store.due_deliveries(now, DUE_BATCH).await?;
    for d in due {
        let lease = now + Duration::seconds(LEASE_SECONDS);
        if !app.store.claim_delivery(&d, lease).await? {
            report.skipped += 1;
            continue;
        }
        let delivery = &d.delivery;
        let endpoint = app
            .store
            .get_webhook(&delivery.org, &delivery.webhook)
            .await?;
        match endpoint {
            Some(stored) if stored.endpoint.enabled => {
                attempt(app, delivery, &d.body, &stored, &mut report).await?;
            }
            _ => {
                app.store.record_delivery(&delivery.abandoned()).await?;
                report.abandoned += 1;
            }
        }
    }
    Ok(report)
}

/// One attempt of `delivery` to `stored`'s endpoint, signed with its current secret; its log
/// and its endpoint's failing run updated; the endpoint disabled after a day of failures.
async fn attempt(
    app: &App,
    delivery: &Delivery,
    body: &str,
    stored: &StoredEndpoint,
    report: &mut Report,
) -> Result<(), StoreError> {
    let now = app.clock.now();
    let endpoint = &stored.endpoint;
    let headers = [
        (
            SIGNATURE_HEADER,
            signature(stored.secret.as_bytes(), now.timestamp(), body.as_bytes()),
        ),
        (EVENT_ID_HEADER, delivery.event_id.clone()),
        (EVENT_TYPE_HEADER, delivery.event_type.clone()),
    ];
    let (attempted, latency) = match app.webhook_sender() {
        Ok(sender) => sender.post(endpoint.url.as_str(), &headers, body).await,
        Err(e) => (
            Attempted::Failed {
                status: None,
                error: e.to_string(),
            },
            0,
        ),
    };
    let after = delivery.attempted(&attempted, latency, now, jitter());
    app.store.record_delivery(&after).await?;
    match &attempted {
        Attempted::Delivered { status } => {
            info!(webhook = %endpoint.id, event = %delivery.event_id, status, latency, "webhook delivered");
            report.delivered += 1;
            app.store
                .webhook_succeeded(&endpoint.org, &endpoint.id, now)
                .await?;
        }
        Attempted::Failed { status, error } => {
            warn!(webhook = %endpoint.id, event = %delivery.event_id, status, latency, error = %elp_core::webhook::error_text(error), "webhook delivery failed");
            report.failed += 1;
            let Some(now_endpoint) = app
                .store
                .webhook_failed(&endpoint.org, &endpoint.id, now)
                .await?
            else {
                return Ok(());
            };
            if let EndpointOutcome::Disable { since } =
                after_attempt(now_endpoint.failing_since, &attempted, now)
            {
                if now_endpoint.enabled {
                    let admins = app.store.all_users(&endpoint.org).await?;
                    let disabled = disable_failing(&now_endpoint, since, &admins, now);
                    let mails = OutboxMail::all(disabled.letters.clone(), &endpoint.org, now)?;
                    if app.store.disable_failing_webhook(&disabled, &mails).await? {
                        warn!(webhook = %endpoint.id, "webhook endpoint disabled after failing for a day");
                        report.disabled += 1;
                    }
                }
            }
        }
    }
    Ok(())
}
