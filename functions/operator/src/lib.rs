//! The operator function: `POST /v1/operator/orgs`, `POST /v1/operator/orgs/{org}/banks`,
//! `POST /v1/operator/banks/{id}/grant`, `PUT /v1/operator/catalog`. Routes, parses, calls one
//! use case; nothing else.

use elp_adapters::error::Error;
use elp_adapters::http::idempotency::once;
use elp_adapters::http::respond::answer;
use elp_adapters::http::{json_body, segments, Reply};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::operator::{self, Operator};
use elp_adapters::App;

/// The routes this function serves, as in the SAM template and the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/operator/orgs"),
    ("POST", "/v1/operator/orgs/{org}/banks"),
    ("POST", "/v1/operator/banks/{id}/grant"),
    ("PUT", "/v1/operator/catalog"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let method = request.method().clone();
    let known = matches!(
        path.as_slice(),
        ["operator", "orgs"]
            | ["operator", "orgs", _, "banks"]
            | ["operator", "banks", _, "grant"]
            | ["operator", "catalog"]
    );
    if !known {
        return Err(Error::NotFound("route"));
    }
    let operator = Operator::of(app, &request)?;
    let scope = "operator";
    match (method, path.as_slice()) {
        (Method::POST, ["operator", "orgs"]) => {
            let input = json_body(&request)?;
            once(app, &request, scope, &operator.subject, |idem| {
                operator::create_org(app, &operator, input, idem)
            })
            .await
        }
        (Method::POST, ["operator", "orgs", org, "banks"]) => {
            let input = json_body(&request)?;
            once(app, &request, scope, &operator.subject, |idem| {
                operator::create_bank(app, &operator, org, input, idem)
            })
            .await
        }
        (Method::POST, ["operator", "banks", bank, "grant"]) => {
            let input = json_body(&request)?;
            once(app, &request, scope, &operator.subject, |idem| {
                operator::grant(app, &operator, bank, input, idem)
            })
            .await
        }
        (Method::PUT, ["operator", "catalog"]) => {
            operator::replace_catalog(app, json_body(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
