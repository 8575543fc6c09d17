//! The credit-requests function: an admin's `POST /v1/credit-requests` (ask the licence
//! provider for credits), `GET /v1/credit-requests`, `GET /v1/credit-requests/{id}` and
//! `POST /v1/credit-requests/{id}/withdraw`; the operator's `GET /v1/operator/credit-requests`
//! (the queue), `POST /v1/operator/credit-requests/{id}/grant` and
//! `POST /v1/operator/credit-requests/{id}/decline`. Routes, parses, calls one use case.

use elp_adapters::http::{
    answer, caller, idempotency_key, json_body, operator, page, query_param, segments,
};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::admit_operator;
use elp_adapters::service::credit_requests as requests;
use elp_adapters::service::Reply;
use elp_adapters::{App, Error};

/// The routes this function serves, as in the SAM template and the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/credit-requests"),
    ("GET", "/v1/credit-requests"),
    ("GET", "/v1/credit-requests/{id}"),
    ("POST", "/v1/credit-requests/{id}/withdraw"),
    ("GET", "/v1/operator/credit-requests"),
    ("POST", "/v1/operator/credit-requests/{id}/grant"),
    ("POST", "/v1/operator/credit-requests/{id}/decline"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let method = request.method().clone();
    match path.as_slice() {
        ["operator", "credit-requests", ..] => operator_route(app, &request, method, &path).await,
        ["credit-requests", ..] => admin_route(app, &request, method, &path).await,
        _ => Err(Error::NotFound("route")),
    }
}

async fn admin_route(
    app: &App,
    request: &Request,
    method: Method,
    path: &[&str],
) -> Result<Reply, Error> {
    if !matches!(
        path,
        ["credit-requests"] | ["credit-requests", _] | ["credit-requests", _, "withdraw"]
    ) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller(request, &app.config)?;
    match (method, path) {
        (Method::POST, ["credit-requests"]) => {
            let input = json_body(request)?;
            requests::request(app, &caller, input, idempotency_key(request)?).await
        }
        (Method::GET, ["credit-requests"]) => {
            let status = query_param(request, "status");
            requests::list(app, &caller, status, page(request)?).await
        }
        (Method::GET, ["credit-requests", id]) => requests::get(app, &caller, id).await,
        (Method::POST, ["credit-requests", id, "withdraw"]) => {
            requests::withdraw(app, &caller, id, idempotency_key(request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}

async fn operator_route(
    app: &App,
    request: &Request,
    method: Method,
    path: &[&str],
) -> Result<Reply, Error> {
    if !matches!(
        path,
        ["operator", "credit-requests"] | ["operator", "credit-requests", _, "grant" | "decline"]
    ) {
        return Err(Error::NotFound("route"));
    }
    let operator = operator(request, &app.config)?;
    admit_operator(app, &operator).await?;
    match (method, path) {
        (Method::GET, ["operator", "credit-requests"]) => {
            let status = query_param(request, "status");
            let org = query_param(request, "org");
            requests::queue(app, &operator, status, org, page(request)?).await
        }
        (Method::POST, ["operator", "credit-requests", id, "grant"]) => {
            let input = json_body(request)?;
            requests::grant(app, &operator, id, input, idempotency_key(request)?).await
        }
        (Method::POST, ["operator", "credit-requests", id, "decline"]) => {
            let input = json_body(request)?;
            requests::decline(app, &operator, id, input, idempotency_key(request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
