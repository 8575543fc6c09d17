//! The exports function: `GET /v1/licenses.csv` (download, or emailed when too large) and
//! `POST /v1/exports` (emailed).

use elp_adapters::http::{answer, caller, idempotency_key, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{exports, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[("GET", "/v1/licenses.csv"), ("POST", "/v1/exports")];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let method = request.method().clone();
    match (path.as_slice(), method) {
        (["licenses.csv"], Method::GET) => {
            exports::download(app, &caller(&request, &app.config)?).await
        }
        (["exports"], Method::POST) => {
            let caller = caller(&request, &app.config)?;
            exports::email(app, &caller, idempotency_key(&request)?).await
        }
        (["licenses.csv"] | ["exports"], _) => Err(Error::MethodNotAllowed),
        _ => Err(Error::NotFound("route")),
    }
}
