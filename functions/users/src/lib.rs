//! The users function: `GET /v1/users`, `POST /v1/users`, `PATCH /v1/users/{email}`,
//! `DELETE /v1/users/{email}`, and the audit trail `GET /v1/audit`.

use elp_adapters::error::Error;
use elp_adapters::http::idempotency::Idempotency;
use elp_adapters::http::respond::answer;
use elp_adapters::http::{json_body, query_param, segments, Reply};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::caller_email;
use elp_adapters::service::licenses::parse_limit;
use elp_adapters::service::{audit, users};
use elp_adapters::App;

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/users"),
    ("POST", "/v1/users"),
    ("PATCH", "/v1/users/{email}"),
    ("DELETE", "/v1/users/{email}"),
    ("GET", "/v1/audit"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(path.as_slice(), ["users"] | ["users", _] | ["audit"]) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller_email(app, &request)?;
    let cursor = query_param(&request, "cursor");
    match (request.method().clone(), path.as_slice()) {
        (Method::GET, ["users"]) => {
            let limit = parse_limit(query_param(&request, "limit").as_deref())?;
            users::list(app, &caller, cursor.as_deref(), limit).await
        }
        (Method::GET, ["audit"]) => {
            let limit = parse_limit(query_param(&request, "limit").as_deref())?;
            audit::list(app, &caller, cursor.as_deref(), limit).await
        }
        (Method::POST, ["users"]) => {
            let input = json_body(&request)?;
            let idempotency = Idempotency::of(app, &request, "user", caller.as_str())?;
            users::invite(app, &caller, input, idempotency).await
        }
        (Method::PATCH, ["users", email]) => {
            let input = json_body(&request)?;
            let idempotency = Idempotency::of(app, &request, "user", caller.as_str())?;
            users::change(app, &caller, email, input, idempotency).await
        }
        (Method::DELETE, ["users", email]) => {
            let idempotency = Idempotency::of(app, &request, "user", caller.as_str())?;
            users::remove(app, &caller, email, idempotency).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
