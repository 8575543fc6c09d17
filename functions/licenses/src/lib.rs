//! The licences function: `GET /v1/licenses`, `GET /v1/licenses/{code}`,
//! `POST /v1/licenses/quote`, `POST /v1/licenses`.

use elp_adapters::error::Error;
use elp_adapters::http::idempotency::Idempotency;
use elp_adapters::http::respond::answer;
use elp_adapters::http::{json_body, query_param, segments, Reply};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::caller_email;
use elp_adapters::service::licenses::{self, ListQuery};
use elp_adapters::App;

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/licenses"),
    ("GET", "/v1/licenses/{code}"),
    ("POST", "/v1/licenses/quote"),
    ("POST", "/v1/licenses"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(path.as_slice(), ["licenses"] | ["licenses", _]) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller_email(app, &request)?;
    match (request.method().clone(), path.as_slice()) {
        (Method::GET, ["licenses"]) => {
            let q = ListQuery {
                bank: query_param(&request, "bank"),
                status: query_param(&request, "status"),
                assignee: query_param(&request, "assignee"),
                cursor: query_param(&request, "cursor"),
                limit: query_param(&request, "limit"),
            };
            licenses::list(app, &caller, q).await
        }
        (Method::POST, ["licenses", "quote"]) => {
            licenses::quote(app, &caller, json_body(&request)?).await
        }
        (Method::GET, ["licenses", code]) => licenses::get(app, &caller, code).await,
        (Method::POST, ["licenses"]) => {
            let input = json_body(&request)?;
            let idempotency = Idempotency::of(app, &request, "user", caller.as_str())?;
            licenses::generate(app, &caller, input, idempotency).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
