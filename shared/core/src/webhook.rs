//! Webhooks: an organisation's HTTPS endpoints that receive its domain events, signed.
//!
//! What an admin may register (an `https` URL without credentials that names no private,
//! loopback or link-local address; the event types it subscribes to; at most
//! [`MAX_ENDPOINTS`]), how a delivery is signed (`Elp-Signature: t=<unix>,v1=<hex HMAC-SHA256
//! of "<t>.<body>">`, verifiable like Stripe's), when a failed delivery is tried again
//! (exponential backoff with jitter, [`retry_at`]) and when an endpoint that keeps failing is
//! disabled ([`after_attempt`]): every rule here, pure. The adapters read the endpoints, send
//! the requests and write what these rules decide.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::audit::{AuditAction, AuditEvent};
use crate::error::{Invalid, Refusal};
use crate::letter::Letter;
use crate::message::Message;
use crate::users::Membership;
use crate::values::{Email, OrgId};

/// The domain events an endpoint may subscribe to (the `type` of an event's detail).
pub use crate::events::EVENT_TYPES;

/// The most endpoints one organisation may register.
pub const MAX_ENDPOINTS: u32 = 10;

/// The longest URL an endpoint may have.
pub const MAX_URL_LEN: usize = 2048;

/// The longest description an endpoint may carry.
pub const MAX_DESCRIPTION_LEN: usize = 200;

/// The header that carries a delivery's signature.
pub const SIGNATURE_HEADER: &str = "Elp-Signature";
/// The header that carries the event's id (the same for every attempt of a delivery).
pub const EVENT_ID_HEADER: &str = "Elp-Event-Id";
/// The header that carries the event's type.
pub const EVENT_TYPE_HEADER: &str = "Elp-Event-Type";

/// How long an endpoint may fail without a success before it is disabled.
pub const FAILING_LIMIT_HOURS: i64 = 24;

/// How long a delivery is tried: after its event is this old, a failed attempt is its last.
pub const DELIVERY_HOURS: i64 = 24;

/// The first retry's delay; each later one doubles, up to [`MAX_RETRY_SECONDS`].
pub const FIRST_RETRY_SECONDS: i64 = 60;
pub const MAX_RETRY_SECONDS: i64 = 3600;

/// How long the receiver's answer is kept in a delivery's log (characters of its error).
pub const MAX_ERROR_LEN: usize = 300;

/// A registered endpoint's id (`w_...`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebhookId(String);

impl WebhookId {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty()
            || raw.len() > 64
            || !raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Invalid::new("id", Message::new("invalid-id-characters")));
        }
        Ok(WebhookId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WebhookId {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        WebhookId::parse(&s)
    }
}

impl From<WebhookId> for String {
    fn from(v: WebhookId) -> String {
        v.0
    }
}

impl std::fmt::Display for WebhookId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether an endpoint may name a loopback address over plain HTTP: only the local stack and
/// the tests say so (their receivers listen on 127.0.0.1); production never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// Public HTTPS endpoints only.
    #[default]
    Public,
    /// Also `http://` and `https://` on a loopback address (local stack, tests).
    AlsoLoopback,
}

/// An endpoint's URL, checked: `https`, no credentials, no fragment, a host that is not a
/// private, loopback or link-local address (nor `localhost`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EndpointUrl(String);

impl EndpointUrl {
    pub fn parse(field: &'static str, raw: &str, reach: Reach) -> Result<Self, Invalid> {
        let raw = raw.trim();
        let invalid = |id: &'static str| Invalid::new(field, Message::new(id));
        if raw.is_empty() {
            return Err(invalid("invalid-required"));
        }
        if raw.len() > MAX_URL_LEN {
            return Err(Invalid::new(
                field,
                Message::new("invalid-webhook-url-length").number("max", MAX_URL_LEN),
            ));
        }
        let url = url::Url::parse(raw).map_err(|_| invalid("invalid-webhook-url"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("invalid-webhook-url-credentials"));
        }
        if url.fragment().is_some() {
            return Err(invalid("invalid-webhook-url-fragment"));
        }
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => address_kind(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => address_kind(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    AddressKind::Loopback
                } else if !name.contains('.') {
                    // A single label resolves only on a private network's resolver.
                    AddressKind::Private
                } else {
                    AddressKind::Public
                }
            }
            None => return Err(invalid("invalid-webhook-url")),
        };
        match (url.scheme(), loopback, reach) {
            ("https", AddressKind::Public, _) => {}
            ("https" | "http", AddressKind::Loopback, Reach::AlsoLoopback) => {}
            ("https", _, _) => return Err(invalid("invalid-webhook-url-private")),
            ("http", _, _) => return Err(invalid("invalid-webhook-url-https")),
            _ => return Err(invalid("invalid-webhook-url-https")),
        }
        Ok(EndpointUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an address is, for a delivery's reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    Public,
    Loopback,
    /// Private, link-local, unspecified, multicast, documentation, shared (CGNAT), unique local:
    /// anything a request from inside the provider's network must not reach.
    Private,
}

/// What `ip` is: the check made when a URL names an address and again on every address a
/// delivery's host name resolves to (so a name cannot point a delivery inside).
pub fn address_kind(ip: IpAddr) -> AddressKind {
    match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => {
            if v6.is_loopback() {
                return AddressKind::Loopback;
            }
            if let Some(v4) = v6.to_ipv4_mapped() {
                return v4_kind(v4);
            }
            let first = v6.segments()[0];
            let private = v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
                || first == 0x0064 // NAT64 (64:ff9b::/96) maps IPv4, possibly private
                || v6 == Ipv6Addr::UNSPECIFIED;
            if private {
                AddressKind::Private
            } else {
                AddressKind::Public
            }
        }
    }
}

fn v4_kind(v4: Ipv4Addr) -> AddressKind {
    if v4.is_loopback() {
        return AddressKind::Loopback;
    }
    let [a, b, ..] = v4.octets();
    let private = v4.is_private()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_broadcast()
        || v4.is_multicast()
        || v4.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240; // reserved
    if private {
        AddressKind::Private
    } else {
        AddressKind::Public
    }
}

/// Whether a delivery may connect to `ip` under `reach`.
pub fn may_connect(ip: IpAddr, reach: Reach) -> bool {
    match address_kind(ip) {
        AddressKind::Public => true,
        AddressKind::Loopback => reach == Reach::AlsoLoopback,
        AddressKind::Private => false,
    }
}

/// The event types an endpoint subscribes to: at least one, each known, each once (sorted).
pub fn parse_event_types(field: &'static str, raw: &[String]) -> Result<Vec<String>, Invalid> {
    if raw.is_empty() {
        return Err(Invalid::new(
            field,
            Message::new("invalid-webhook-no-events"),
        ));
    }
    let mut kept: Vec<String> = Vec::new();
    for t in raw {
        if !EVENT_TYPES.contains(&t.as_str()) {
            return Err(Invalid::new(
                field,
                Message::new("invalid-webhook-event-type")
                    .text("type", t.chars().take(60).collect::<String>())
                    .text("types", EVENT_TYPES.join(", ")),
            ));
        }
        if !kept.contains(t) {
            kept.push(t.clone());
        }
    }
    kept.sort();
    Ok(kept)
}

/// An endpoint's description: optional, trimmed, at most [`MAX_DESCRIPTION_LEN`] characters,
/// one line.
pub fn parse_description(field: &'static str, raw: &str) -> Result<String, Invalid> {
    let d = raw.trim();
    if d.chars().count() > MAX_DESCRIPTION_LEN {
        return Err(Invalid::new(
            field,
            Message::new("invalid-length")
                .number("min", 0)
                .number("max", MAX_DESCRIPTION_LEN),
        ));
    }
    if d.chars().any(char::is_control) {
        return Err(Invalid::new(
            field,
            Message::new("invalid-control-characters"),
        ));
    }
    Ok(d.to_string())
}

/// Why an endpoint is not receiving deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabledReason {
    /// An admin turned it off.
    ByAdmin,
    /// It failed every delivery for [`FAILING_LIMIT_HOURS`] hours.
    Failing,
}

/// A registered endpoint, as stored. Its secret is stored beside it, never in this struct's
/// views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: WebhookId,
    pub org: OrgId,
    pub url: EndpointUrl,
    #[serde(default)]
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<DisabledReason>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    /// The first failure since the last success: the start of the run that disables it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing_since: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<DateTime<Utc>>,
    /// How many times its secret was changed (0 at creation): a delivery reads the secret
    /// again when it is tried.
    #[serde(default)]
    pub secret_version: u32,
}

impl Endpoint {
    /// Whether an event of type `event_type` is delivered to it now.
    pub fn receives(&self, event_type: &str) -> bool {
        self.enabled && self.events.iter().any(|e| e == event_type)
    }
}

/// A new endpoint, as an admin asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEndpoint {
    pub url: EndpointUrl,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
}

/// What an admin's change of an endpoint says (absent: unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EndpointChange {
    pub url: Option<EndpointUrl>,
    pub description: Option<String>,
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

fn audit(
    org: &OrgId,
    at: DateTime<Utc>,
    actor: &str,
    action: AuditAction,
    subject: &WebhookId,
    said: Message,
) -> AuditEvent {
    AuditEvent {
        org: org.clone(),
        at,
        actor: actor.to_string(),
        action,
        subject: subject.to_string(),
        bank: None,
        credits: 0,
        detail: said.to_string(),
        said: Some(said),
    }
}

/// An admin registers an endpoint. The store counts the organisation's endpoints in the same
/// transaction and refuses the one past [`MAX_ENDPOINTS`] ([`check_room`]).
pub fn create(
    by: &Membership,
    id: WebhookId,
    new: NewEndpoint,
    now: DateTime<Utc>,
) -> (Endpoint, AuditEvent) {
    let endpoint = Endpoint {
        id,
        org: by.org.clone(),
        url: new.url,
        description: new.description,
        events: new.events,
        enabled: new.enabled,
        disabled_reason: (!new.enabled).then_some(DisabledReason::ByAdmin),
        created_at: now,
        created_by: by.email.to_string(),
        updated_at: now,
        failing_since: None,
        last_success: None,
        secret_version: 0,
    };
    let said = Message::new("audit-webhook-created")
        .text("url", endpoint.url.as_str())
        .text("events", endpoint.events.join(", "));
    let event = audit(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::WebhookCreated,
        &endpoint.id,
        said,
    );
    (endpoint, event)
}

/// Whether one more endpoint fits an organisation that has `count`.
pub fn check_room(count: u32) -> Result<(), Refusal> {
    if count >= MAX_ENDPOINTS {
        return Err(Refusal::Conflict(
            Message::new("conflict-too-many-webhooks").number("max", MAX_ENDPOINTS),
        ));
    }
    Ok(())
}

/// An admin changes an endpoint. Enabling it again starts its failure count afresh.
pub fn change(
    by: &Membership,
    before: &Endpoint,
    change: EndpointChange,
    now: DateTime<Utc>,
) -> (Endpoint, AuditEvent) {
    let mut after = before.clone();
    let mut said: Vec<Message> = Vec::new();
    if let Some(url) = change.url.filter(|u| *u != before.url) {
        said.push(Message::new("audit-webhook-url").text("url", url.as_str()));
        after.url = url;
    }
    if let Some(description) = change.description.filter(|d| *d != before.description) {
        said.push(Message::new("audit-webhook-description"));
        after.description = description;
    }
    if let Some(events) = change.events.filter(|e| *e != before.events) {
        said.push(Message::new("audit-webhook-events").text("events", events.join(", ")));
        after.events = events;
    }
    if let Some(enabled) = change.enabled.filter(|e| *e != before.enabled) {
        after.enabled = enabled;
        if enabled {
            after.disabled_reason = None;
            after.failing_since = None;
            said.push(Message::new("audit-webhook-enabled"));
        } else {
            after.disabled_reason = Some(DisabledReason::ByAdmin);
            said.push(Message::new("audit-webhook-disabled-by-admin"));
        }
    }
    after.updated_at = now;
    let said = if said.is_empty() {
        Message::new("audit-webhook-unchanged")
    } else {
        Message::new("audit-webhook-changed").said("changes", said)
    };
    let event = audit(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::WebhookChanged,
        &before.id,
        said,
    );
    (after, event)
}

/// An admin deletes an endpoint (its deliveries stop; their log expires with them).
pub fn delete(by: &Membership, endpoint: &Endpoint, now: DateTime<Utc>) -> AuditEvent {
    audit(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::WebhookDeleted,
        &endpoint.id,
        Message::new("audit-webhook-deleted").text("url", endpoint.url.as_str()),
    )
}

/// An admin rotates an endpoint's secret: the old one stops signing at once.
pub fn rotate(by: &Membership, before: &Endpoint, now: DateTime<Utc>) -> (Endpoint, AuditEvent) {
    let mut after = before.clone();
    after.secret_version = before.secret_version.saturating_add(1);
    after.updated_at = now;
    let event = audit(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::WebhookSecretRotated,
        &before.id,
        Message::new("audit-webhook-secret-rotated").text("url", before.url.as_str()),
    );
    (after, event)
}

// ----- deliveries -----

/// A domain event as the bus delivers it (the `detail` of an EventBridge event), with what a
/// delivery needs of it checked: its id, type and organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainEvent {
    pub id: String,
    pub event_type: String,
    pub org: OrgId,
}

/// Why an event from the bus is not delivered (it is logged and dropped: the bus retrying it
/// would not make it deliverable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Undeliverable {
    #[error("the event has no valid {0}")]
    Field(&'static str),
    #[error("the event's type {0:?} is not one endpoints subscribe to")]
    UnknownType(String),
}

/// Reads what a delivery needs of an event's detail: `id` (1 to 128 of letters, digits and
/// `-_.:`), a known `type` and the organisation (`org`).
pub fn domain_event(
    id: Option<&str>,
    event_type: Option<&str>,
    org: Option<&str>,
) -> Result<DomainEvent, Undeliverable> {
    let id = id
        .filter(|i| {
            !i.is_empty()
                && i.len() <= 128
                && i.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
        })
        .ok_or(Undeliverable::Field("id"))?;
    let event_type = event_type.ok_or(Undeliverable::Field("type"))?;
    if !EVENT_TYPES.contains(&event_type) {
        return Err(Undeliverable::UnknownType(
            event_type.chars().take(60).collect(),
        ));
    }
    let org = org
        .and_then(|o| OrgId::parse(o).ok())
        .ok_or(Undeliverable::Field("org"))?;
    Ok(DomainEvent {
        id: id.to_string(),
        event_type: event_type.to_string(),
        org,
    })
}

/// The endpoints of the event's organisation that receive it.
pub fn recipients<'a>(event: &DomainEvent, endpoints: &'a [Endpoint]) -> Vec<&'a Endpoint> {
    endpoints
        .iter()
        .filter(|e| e.org == event.org && e.receives(&event.event_type))
        .collect()
}

/// The `Elp-Signature` header of a delivery of `body` at `timestamp` (Unix seconds) with
/// `secret`: `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// A delivery's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered yet; tried again at its next attempt.
    Pending,
    Delivered,
    /// Failed its last attempt (the event too old to try again).
    Failed,
    /// Not tried again: its endpoint was disabled or deleted.
    Abandoned,
}

/// One event's delivery to one endpoint, as its log shows it (the last attempt's outcome).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub org: OrgId,
    pub webhook: WebhookId,
    pub event_id: String,
    pub event_type: String,
    pub created_at: DateTime<Utc>,
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's status code (absent: no answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl Delivery {
    /// A new delivery of `event` to `endpoint`, not attempted yet.
    pub fn new(event: &DomainEvent, endpoint: &Endpoint, now: DateTime<Utc>) -> Delivery {
        Delivery {
            org: endpoint.org.clone(),
            webhook: endpoint.id.clone(),
            event_id: event.id.clone(),
            event_type: event.event_type.clone(),
            created_at: now,
            status: DeliveryStatus::Pending,
            attempts: 0,
            last_attempt_at: None,
            status_code: None,
            latency_ms: None,
            error: None,
            next_attempt_at: Some(now),
        }
    }

    /// The delivery after an attempt at `now` that took `latency_ms` and came to `attempted`
    /// (`jitter` as [`retry_at`] takes it).
    pub fn attempted(
        &self,
        attempted: &Attempted,
        latency_ms: u64,
        now: DateTime<Utc>,
        jitter: f64,
    ) -> Delivery {
        let mut after = self.clone();
        after.attempts = self.attempts.saturating_add(1);
        after.last_attempt_at = Some(now);
        after.latency_ms = Some(latency_ms);
        match attempted {
            Attempted::Delivered { status } => {
                after.status = DeliveryStatus::Delivered;
                after.status_code = Some(*status);
                after.error = None;
                after.next_attempt_at = None;
            }
            Attempted::Failed { status, error } => {
                after.status_code = *status;
                after.error = Some(error_text(error));
                after.next_attempt_at = retry_at(self.created_at, now, after.attempts, jitter);
                after.status = match after.next_attempt_at {
                    Some(_) => DeliveryStatus::Pending,
                    None => DeliveryStatus::Failed,
                };
            }
        }
        after
    }

    /// The delivery given up because its endpoint no longer receives (disabled, deleted).
    pub fn abandoned(&self) -> Delivery {
        let mut after = self.clone();
        after.status = DeliveryStatus::Abandoned;
        after.next_attempt_at = None;
        after
    }
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempted {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// Another answer, or none (`status` absent: the connection failed or timed out).
    Failed { status: Option<u16>, error: String },
}

impl Attempted {
    /// A receiver's answer: 2xx is a success, anything else a failure.
    pub fn of_status(status: u16) -> Attempted {
        if (200..300).contains(&status) {
            Attempted::Delivered { status }
        } else {
            Attempted::Failed {
                status: Some(status),
                error: format!("the receiver answered {status}"),
            }
        }
    }
}

/// When a delivery that failed its `attempts`-th attempt (1 for the first) is tried again:
/// [`FIRST_RETRY_SECONDS`] doubling up to [`MAX_RETRY_SECONDS`], stretched by `jitter` (a
/// fraction in `[0, 1)` the caller draws, up to a quarter more) so endpoints that failed
/// together are not tried together; `None` once the event is [`DELIVERY_HOURS`] old.
pub fn retry_at(
    occurred: DateTime<Utc>,
    now: DateTime<Utc>,
    attempts: u32,
    jitter: f64,
) -> Option<DateTime<Utc>> {
    if now - occurred >= Duration::hours(DELIVERY_HOURS) {
        return None;
    }
    let base = FIRST_RETRY_SECONDS
        .saturating_mul(1_i64 << attempts.saturating_sub(1).min(20))
        .min(MAX_RETRY_SECONDS);
    let jitter = jitter.clamp(0.0, 1.0);
    let extra = (base as f64 * 0.25 * jitter) as i64;
    Some(now + Duration::seconds(base + extra))
}

/// What an attempt does to its endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointOutcome {
    /// A success: the failing run (if any) ends.
    Succeeded,
    /// A failure, the first of a run or within [`FAILING_LIMIT_HOURS`] of its first.
    Failing { since: DateTime<Utc> },
    /// A failure [`FAILING_LIMIT_HOURS`] after the first of the run: disable it.
    Disable { since: DateTime<Utc> },
}

/// What an attempt at `now` does to an endpoint that has been failing since `failing_since`.
pub fn after_attempt(
    failing_since: Option<DateTime<Utc>>,
    attempted: &Attempted,
    now: DateTime<Utc>,
) -> EndpointOutcome {
    match attempted {
        Attempted::Delivered { .. } => EndpointOutcome::Succeeded,
        Attempted::Failed { .. } => {
            let since = failing_since.unwrap_or(now).min(now);
            if now - since >= Duration::hours(FAILING_LIMIT_HOURS) {
                EndpointOutcome::Disable { since }
            } else {
                EndpointOutcome::Failing { since }
            }
        }
    }
}

/// An endpoint disabled for failing: the endpoint as it becomes, the audit event, and a letter
/// to each admin of its organisation who can use the portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    pub endpoint: Endpoint,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

pub fn disable_failing(
    endpoint: &Endpoint,
    since: DateTime<Utc>,
    admins: &[Membership],
    now: DateTime<Utc>,
) -> Disabled {
    let mut after = endpoint.clone();
    after.enabled = false;
    after.disabled_reason = Some(DisabledReason::Failing);
    after.failing_since = Some(since);
    after.updated_at = now;
    let audit = audit(
        &endpoint.org,
        now,
        crate::decide::SCHEDULER,
        AuditAction::WebhookDisabled,
        &endpoint.id,
        Message::new("audit-webhook-disabled-failing")
            .text("url", endpoint.url.as_str())
            .number("hours", FAILING_LIMIT_HOURS),
    );
    let mut to: Vec<&Email> = admins
        .iter()
        .filter(|m| m.org == endpoint.org && m.is_admin())
        .map(|m| &m.email)
        .collect();
    to.sort();
    to.dedup();
    let letters = to
        .into_iter()
        .map(|to| Letter::WebhookDisabled {
            to: to.clone(),
            org: endpoint.org.clone(),
            webhook: endpoint.id.clone(),
            url: endpoint.url.as_str().to_string(),
            since,
        })
        .collect();
    Disabled {
        endpoint: after,
        audit,
        letters,
    }
}

/// The text of a failed attempt's error, one line, at most [`MAX_ERROR_LEN`] characters.
pub fn error_text(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_ERROR_LEN)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn url(raw: &str) -> Result<EndpointUrl, Invalid> {
        EndpointUrl::parse("url", raw, Reach::Public)
    }

    fn reason(r: Result<EndpointUrl, Invalid>) -> String {
        r.unwrap_err().message.id.to_string()
    }

    #[test]
    fn only_public_https_urls_without_credentials_are_endpoints() {
        assert_eq!(
            url("https://hooks.studio.example/elp").unwrap().as_str(),
            "https://hooks.studio.example/elp"
        );
        assert!(url("https://203.0.113.9.nip.example:8443/x?y=1").is_ok());
        assert_eq!(
            reason(url("http://hooks.studio.example/")),
            "invalid-webhook-url-https"
        );
        assert_eq!(
            reason(url("ftp://hooks.studio.example/")),
            "invalid-webhook-url-https"
        );
        assert_eq!(
            reason(url("https://user:pw@hooks.studio.example/")),
            "invalid-webhook-url-credentials"
        );
        assert_eq!(
            reason(url("https://user@hooks.studio.example/")),
            "invalid-webhook-url-credentials"
        );
        assert_eq!(
            reason(url("https://hooks.studio.example/#x")),
            "invalid-webhook-url-fragment"
        );
        assert_eq!(reason(url("not a url")), "invalid-webhook-url");
        assert_eq!(reason(url("")), "invalid-required");
        for private in [
            "https://127.0.0.1/",
            "https://localhost/",
            "https://api.localhost/",
            "https://10.1.2.3/",
            "https://172.16.0.1/",
            "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/",
            "https://[fe80::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://0.0.0.0/",
            "https://100.64.0.1/",
            "https://intranet/",
            "https://2130706433/",
        ] {
            let r = url(private);
            assert!(r.is_err(), "{private} is refused");
        }
        let long = format!("https://hooks.studio.example/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(reason(url(&long)), "invalid-webhook-url-length");
    }

    #[test]
    fn loopback_is_allowed_only_where_the_configuration_says() {
        let local = |raw| EndpointUrl::parse("url", raw, Reach::AlsoLoopback);
        assert!(local("http://127.0.0.1:8080/hook").is_ok());
        assert!(local("https://[::1]:8443/hook").is_ok());
        assert!(local("http://localhost:8080/hook").is_ok());
        // Still never private networks, nor plain HTTP elsewhere.
        assert!(local("http://10.0.0.1/hook").is_err());
        assert!(local("http://hooks.studio.example/").is_err());
        assert!(!may_connect("127.0.0.1".parse().unwrap(), Reach::Public));
        assert!(may_connect(
            "127.0.0.1".parse().unwrap(),
            Reach::AlsoLoopback
        ));
        assert!(!may_connect(
            "10.0.0.1".parse().unwrap(),
            Reach::AlsoLoopback
        ));
        assert!(may_connect("93.184.215.14".parse().unwrap(), Reach::Public));
        assert!(may_connect(
            "2606:2800:21f:cb07::1".parse().unwrap(),
            Reach::Public
        ));
    }

    #[test]
    fn event_types_are_known_and_kept_once() {
        let t = |v: &[&str]| {
            parse_event_types(
                "events",
                &v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            t(&["licence.renewed", "bank.expired", "licence.renewed"]).unwrap(),
            vec!["bank.expired", "licence.renewed"]
        );
        assert_eq!(t(&[]).unwrap_err().message.id, "invalid-webhook-no-events");
        let e = t(&["licence.deleted"]).unwrap_err();
        assert_eq!(
            (e.field.as_ref(), e.message.id.as_ref()),
            ("events", "invalid-webhook-event-type")
        );
    }

    #[test]
    fn the_signature_is_stripes_scheme_over_the_timestamp_and_body() {
        // HMAC-SHA256("whsec", "1700000000.{}"), computed independently.
        let header = signature(b"whsec", 1_700_000_000, b"{}");
        let (t, v1) = header.split_once(',').unwrap();
        assert_eq!(t, "t=1700000000");
        let v1 = v1.strip_prefix("v1=").unwrap();
        assert_eq!(v1.len(), 64);
        assert!(v1
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase()));
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let known: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            known,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(signature(b"whsec", 1_700_000_001, b"{}"), header);
        assert_ne!(signature(b"other", 1_700_000_000, b"{}"), header);
    }

    #[test]
    fn retries_back_off_exponentially_with_jitter_for_a_day() {
        let occurred = at("2026-03-02T09:00:00Z");
        let now = occurred;
        assert_eq!(
            retry_at(occurred, now, 1, 0.0),
            Some(at("2026-03-02T09:01:00Z"))
        );
        assert_eq!(
            retry_at(occurred, now, 2, 0.0),
            Some(at("2026-03-02T09:02:00Z"))
        );
        assert_eq!(
            retry_at(occurred, now, 3, 0.99),
            Some(at("2026-03-02T09:04:59Z"))
        );
        assert_eq!(
            retry_at(occurred, now, 30, 0.0),
            Some(at("2026-03-02T10:00:00Z"))
        );
        let late = at("2026-03-03T09:00:00Z");
        assert_eq!(retry_at(occurred, late, 3, 0.0), None);
        for attempts in 1..40 {
            for jitter in [0.0, 0.5, 0.999] {
                let next = retry_at(occurred, now, attempts, jitter).unwrap();
                assert!(next > now && next - now <= Duration::seconds(MAX_RETRY_SECONDS * 5 / 4));
            }
        }
    }

    #[test]
    fn an_endpoint_failing_for_a_day_is_disabled() {
        let t0 = at("2026-03-02T09:00:00Z");
        let failed = Attempted::of_status(500);
        assert_eq!(
            after_attempt(None, &failed, t0),
            EndpointOutcome::Failing { since: t0 }
        );
        let later = t0 + Duration::hours(23);
        assert_eq!(
            after_attempt(Some(t0), &failed, later),
            EndpointOutcome::Failing { since: t0 }
        );
        let day = t0 + Duration::hours(24);
        assert_eq!(
            after_attempt(Some(t0), &failed, day),
            EndpointOutcome::Disable { since: t0 }
        );
        assert_eq!(
            after_attempt(Some(t0), &Attempted::of_status(204), day),
            EndpointOutcome::Succeeded
        );
        assert_eq!(
            Attempted::of_status(299),
            Attempted::Delivered { status: 299 }
        );
        assert!(matches!(
            Attempted::of_status(302),
            Attempted::Failed { .. }
        ));
    }

    #[test]
    fn events_from_the_bus_need_an_id_a_known_type_and_an_organisation() {
        let ok = domain_event(Some("ev-1"), Some("licence.generated"), Some("o_1")).unwrap();
        assert_eq!(ok.org.as_str(), "o_1");
        assert_eq!(
            domain_event(None, Some("licence.generated"), Some("o_1")),
            Err(Undeliverable::Field("id"))
        );
        assert_eq!(
            domain_event(Some("a b"), Some("licence.generated"), Some("o_1")),
            Err(Undeliverable::Field("id"))
        );
        assert!(matches!(
            domain_event(Some("ev-1"), Some("licence.deleted"), Some("o_1")),
            Err(Undeliverable::UnknownType(_))
        ));
        assert_eq!(
            domain_event(Some("ev-1"), Some("bank.expired"), Some("o 1")),
            Err(Undeliverable::Field("org"))
        );
    }

    #[test]
    fn a_delivery_is_retried_until_delivered_or_a_day_old() {
        let t0 = at("2026-03-02T09:00:00Z");
        let event = domain_event(Some("ev-1"), Some("bank.expired"), Some("o_1")).unwrap();
        let endpoint = Endpoint {
            id: WebhookId::parse("w_1").unwrap(),
            org: OrgId::parse("o_1").unwrap(),
            url: url("https://hooks.studio.example/").unwrap(),
            description: String::new(),
            events: vec!["bank.expired".into()],
            enabled: true,
            disabled_reason: None,
            created_at: t0,
            created_by: "a@studio.example".into(),
            updated_at: t0,
            failing_since: None,
            last_success: None,
            secret_version: 0,
        };
        assert_eq!(recipients(&event, std::slice::from_ref(&endpoint)).len(), 1);
        let d = Delivery::new(&event, &endpoint, t0);
        let failed = d.attempted(&Attempted::of_status(500), 12, t0, 0.0);
        assert_eq!(failed.status, DeliveryStatus::Pending);
        assert_eq!(failed.next_attempt_at, Some(at("2026-03-02T09:01:00Z")));
        assert_eq!((failed.attempts, failed.status_code), (1, Some(500)));
        let done = failed.attempted(&Attempted::of_status(200), 8, t0, 0.0);
        assert_eq!(done.status, DeliveryStatus::Delivered);
        assert_eq!((done.attempts, done.next_attempt_at), (2, None));
        let late = failed.attempted(&Attempted::of_status(503), 8, t0 + Duration::hours(24), 0.0);
        assert_eq!(late.status, DeliveryStatus::Failed);
        let mut off = endpoint.clone();
        off.enabled = false;
        assert!(recipients(&event, &[off]).is_empty());
    }

    #[test]
    fn the_eleventh_endpoint_is_refused() {
        assert!(check_room(MAX_ENDPOINTS - 1).is_ok());
        assert_eq!(check_room(MAX_ENDPOINTS).unwrap_err().code(), "conflict");
    }
}
