//! The returns function: `POST /v1/licenses/{code}/return`, `POST /v1/licenses/{code}/assign`.

use elp_adapters::http::{answer, caller, idempotency_key, json_body, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{returns, Reply};
use elp_adapters::{App, Error};

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
    let caller = caller(&request, &app.config)?;
    let key = idempotency_key(&request)?;
    if action == "return" {
        returns::return_license(app, &caller, code, key).await
    } else {
        returns::assign(app, &caller, code, json_body(&request)?, key).await
    }
}
