//! Webhooks. The admins' routes: `POST /v1/webhooks` (register an endpoint; its secret shown
//! once), `GET /v1/webhooks`, `GET /v1/webhooks/{id}`, `PATCH /v1/webhooks/{id}`,
//! `DELETE /v1/webhooks/{id}`, `POST /v1/webhooks/{id}/rotate-secret` and
//! `GET /v1/webhooks/{id}/deliveries`. And the deliveries ([`on_event`]): a domain event from
//! the bus (`source` `elp`) delivered to the organisation's endpoints that receive it, or the
//! schedule's run (`source` `aws.events`) that retries the failed ones. Routes, parses, calls
//! one use case.

use elp_adapters::http::{answer, caller, idempotency_key, json_body, page, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::webhooks::{self, Report};
use elp_adapters::service::Reply;
use elp_adapters::store::StoreError;
use elp_adapters::{App, Error};
use serde_json::Value;

/// The routes this function serves, as in the SAM template and the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/webhooks"),
    ("GET", "/v1/webhooks"),
    ("GET", "/v1/webhooks/{id}"),
    ("PATCH", "/v1/webhooks/{id}"),
    ("DELETE", "/v1/webhooks/{id}"),
    ("POST", "/v1/webhooks/{id}/rotate-secret"),
    ("GET", "/v1/webhooks/{id}/deliveries"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(
        path.as_slice(),
        ["webhooks"] | ["webhooks", _] | ["webhooks", _, "rotate-secret" | "deliveries"]
    ) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller(&request, &app.config)?;
    match (request.method().clone(), path.as_slice()) {
        (Method::POST, ["webhooks"]) => {
            let input = json_body(&request)?;
            webhooks::create(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::GET, ["webhooks"]) => webhooks::list(app, &caller).await,
        (Method::GET, ["webhooks", id]) => webhooks::get(app, &caller, id).await,
        (Method::PATCH, ["webhooks", id]) => {
            let input = json_body(&request)?;
            webhooks::change(app, &caller, id, input, idempotency_key(&request)?).await
        }
        (Method::DELETE, ["webhooks", id]) => {
            webhooks::delete(app, &caller, id, idempotency_key(&request)?).await
        }
        (Method::POST, ["webhooks", id, "rotate-secret"]) => {
            webhooks::rotate(app, &caller, id, idempotency_key(&request)?).await
        }
        (Method::GET, ["webhooks", id, "deliveries"]) => {
            webhooks::deliveries(app, &caller, id, page(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}

/// The delivery function's event: a domain event from the bus (its `source` the stack's
/// `EventSource`, `ELP_EVENT_SOURCE`), or the schedule's run.
pub async fn on_event(app: &App, event: Value) -> Result<Report, StoreError> {
    match event.get("source").and_then(Value::as_str) {
        Some(source) if source == app.config.event_source => webhooks::on_event(app, &event).await,
        Some("aws.events") => webhooks::retry_due(app).await,
        _ => Ok(Report {
            ignored: 1,
            ..Report::default()
        }),
    }
}

/// The schedule's run: the deliveries due again.
pub async fn retry(app: &App) -> Result<Report, StoreError> {
    webhooks::retry_due(app).await
}
