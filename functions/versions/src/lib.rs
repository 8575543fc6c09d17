//! The versions function: `GET /v1/product-versions`, `PUT /v1/product-versions/{product}`.

use elp_adapters::http::{answer, caller, json_body, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{versions, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/product-versions"),
    ("PUT", "/v1/product-versions/{product}"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(
        path.as_slice(),
        ["product-versions"] | ["product-versions", _]
    ) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller(&request, &app.config)?;
    match (request.method().clone(), path.as_slice()) {
        (Method::GET, ["product-versions"]) => versions::list(app, &caller).await,
        (Method::PUT, ["product-versions", product]) => {
            versions::set(app, &caller, product, json_body(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
