//! The returns function: `POST /v1/licenses/{code}/return`, `POST /v1/licenses/{code}/assign`.

use elp_adapters::error::Error;
use elp_adapters::http::idempotency::Idempotency;
use elp_adapters::http::respond::answer;
use elp_adapters::http::{json_body, segments, Reply};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::caller_email;
use elp_adapters::service::returns;
use elp_adapters::App;

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/licenses/{code}/return"),
    ("POST", "/v1/licenses/{code}/assign"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let (code, action) = match path.as_slice() {
        ["licenses", code, action @ ("return" | "assign")] => (*code, *action),
        _ => return Err(Error::NotFound("route")),
    };
    if request.method() != Method::POST {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller_email(app, &request)?;
    let idempotency = Idempotency::of(app, &request, "user", caller.as_str())?;
    if action == "return" {
        returns::return_license(app, &caller, code, idempotency).await
    } else {
        returns::assign(app, &caller, code, json_body(&request)?, idempotency).await
    }
}
