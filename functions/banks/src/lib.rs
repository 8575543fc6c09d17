//! The banks function: `GET /v1/banks`, `GET /v1/banks/{id}`, a bank's ledger
//! (`GET /v1/banks/{id}/ledger`, `GET /v1/banks/{id}/ledger.csv`), `GET /v1/dashboard`.

use elp_adapters::http::{answer, caller, page, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{banks, ledger, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/banks"),
    ("GET", "/v1/banks/{id}"),
    ("GET", "/v1/banks/{id}/ledger"),
    ("GET", "/v1/banks/{id}/ledger.csv"),
    ("GET", "/v1/dashboard"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(
        path.as_slice(),
        ["banks"] | ["banks", _] | ["banks", _, "ledger" | "ledger.csv"] | ["dashboard"]
    ) {
        return Err(Error::NotFound("route"));
    }
    if request.method() != Method::GET {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller(&request, &app.config)?;
    match path.as_slice() {
        ["banks"] => banks::list(app, &caller, page(&request)?).await,
        ["banks", id] => banks::get(app, &caller, id).await,
        ["banks", id, "ledger"] => ledger::page(app, &caller, id, page(&request)?).await,
        ["banks", id, "ledger.csv"] => ledger::csv(app, &caller, id).await,
        _ => banks::dashboard(app, &caller).await,
    }
}
