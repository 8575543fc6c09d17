//! The renewals function: `POST /v1/licenses/{code}/renewals/quote`,
//! `POST /v1/licenses/{code}/renewals`.

use elp_adapters::http::{answer, caller, idempotency_key, json_body, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{renewals, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/licenses/{code}/renewals/quote"),
    ("POST", "/v1/licenses/{code}/renewals"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let (code, quote) = match path.as_slice() {
        ["licenses", code, "renewals"] => (*code, false),
        ["licenses", code, "renewals", "quote"] => (*code, true),
        _ => return Err(Error::NotFound("route")),
    };
    if request.method() != Method::POST {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller(&request, &app.config)?;
    let input = json_body(&request)?;
    if quote {
        renewals::quote(app, &caller, code, input).await
    } else {
        renewals::renew(app, &caller, code, input, idempotency_key(&request)?).await
    }
}
