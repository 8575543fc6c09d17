//! The workspace function: `GET /v1/me`, `GET /v1/me/licenses`.

use elp_adapters::http::{answer, caller, page, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{workspace, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[("GET", "/v1/me"), ("GET", "/v1/me/licenses")];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(path.as_slice(), ["me"] | ["me", "licenses"]) {
        return Err(Error::NotFound("route"));
    }
    if request.method() != Method::GET {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller(&request, &app.config)?;
    match path.as_slice() {
        ["me"] => workspace::me(app, &caller).await,
        _ => workspace::my_licenses(app, &caller, page(&request)?).await,
    }
}
