//! The banks function: `GET /v1/banks`, `GET /v1/banks/{id}`, `GET /v1/dashboard`.

use elp_adapters::error::Error;
use elp_adapters::http::respond::answer;
use elp_adapters::http::{query_param, segments, Reply};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::caller_email;
use elp_adapters::service::banks;
use elp_adapters::service::licenses::parse_limit;
use elp_adapters::App;

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/banks"),
    ("GET", "/v1/banks/{id}"),
    ("GET", "/v1/dashboard"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(path.as_slice(), ["banks"] | ["banks", _] | ["dashboard"]) {
        return Err(Error::NotFound("route"));
    }
    if request.method() != Method::GET {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller_email(app, &request)?;
    match path.as_slice() {
        ["banks"] => {
            let limit = parse_limit(query_param(&request, "limit").as_deref())?;
            banks::list(
                app,
                &caller,
                query_param(&request, "cursor").as_deref(),
                limit,
            )
            .await
        }
        ["banks", id] => banks::get(app, &caller, id).await,
        _ => banks::dashboard(app, &caller).await,
    }
}
