//! The activation function: the vendor's desktop software activates a machine (or checks out a
//! floating seat, borrowed or not), validates, heartbeats and releases it.
//! `POST /v1/activation/activate`, `/validate`, `/heartbeat`, `/release`.
//!
//! No person signs in: API Gateway serves these routes without the JWT authorizer, and the
//! activation code and the machine's fingerprint, in the JSON body (never in the path or the
//! query, which are logged), are the authority (decision 112).

use elp_adapters::http::{answer, json_body, segments, source_ip};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{activation, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/activation/activate"),
    ("POST", "/v1/activation/validate"),
    ("POST", "/v1/activation/heartbeat"),
    ("POST", "/v1/activation/release"),
];

/// Every route of [`ROUTES`]: none takes a person's token.
pub const PUBLIC_ROUTES: &[(&str, &str)] = ROUTES;

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let action = match path.as_slice() {
        ["activation", action @ ("activate" | "validate" | "heartbeat" | "release")] => *action,
        _ => return Err(Error::NotFound("route")),
    };
    if request.method() != Method::POST {
        return Err(Error::MethodNotAllowed);
    }
    let source = source_ip(&request);
    let source = source.as_deref();
    match action {
        "activate" => activation::activate(app, json_body(&request)?, source).await,
        "validate" => activation::validate(app, json_body(&request)?, source).await,
        "heartbeat" => activation::heartbeat(app, json_body(&request)?, source).await,
        _ => activation::release(app, json_body(&request)?, source).await,
    }
}
