//! The workspace function: `GET /v1/me`, `PATCH /v1/me` (the caller's language),
//! `GET /v1/me/licenses`, `PATCH /v1/org` (the organisation's language, admins); the machines of
//! a licence assigned to the caller, `GET /v1/me/licenses/{code}/machines` and
//! `POST /v1/me/licenses/{code}/machines/{seat}/release`.

use elp_adapters::http::{answer, caller, idempotency_key, json_body, page, query_param, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::machines::{self, Whose};
use elp_adapters::service::{workspace, Reply};
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/me"),
    ("PATCH", "/v1/me"),
    ("GET", "/v1/me/licenses"),
    ("PATCH", "/v1/org"),
    ("GET", "/v1/me/licenses/{code}/machines"),
    ("POST", "/v1/me/licenses/{code}/machines/{seat}/release"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(
        path.as_slice(),
        ["me"]
            | ["me", "licenses"]
            | ["org"]
            | ["me", "licenses", _, "machines"]
            | ["me", "licenses", _, "machines", _, "release"]
    ) {
        return Err(Error::NotFound("route"));
    }
    let method = request.method().clone();
    if !matches!(
        (&method, path.as_slice()),
        (
            &Method::GET,
            ["me"] | ["me", "licenses"] | ["me", "licenses", _, "machines"]
        ) | (&Method::PATCH, ["me"] | ["org"])
            | (
                &Method::POST,
                ["me", "licenses", _, "machines", _, "release"]
            )
    ) {
        return Err(Error::MethodNotAllowed);
    }
    let caller = caller(&request, &app.config)?;
    match (method, path.as_slice()) {
        (Method::GET, ["me"]) => workspace::me(app, &caller).await,
        (Method::PATCH, ["me"]) => {
            workspace::set_my_language(app, &caller, json_body(&request)?).await
        }
        (Method::GET, ["me", "licenses", code, "machines"]) => {
            machines::list(app, &caller, code, Whose::Own).await
        }
        (Method::POST, ["me", "licenses", code, "machines", seat, "release"]) => {
            let machine = query_param(&request, "machine");
            let key = idempotency_key(&request)?;
            machines::release(
                app,
                &caller,
                code,
                seat,
                machine.as_deref(),
                Whose::Own,
                key,
            )
            .await
        }
        (Method::PATCH, ["org"]) => {
            workspace::set_org_language(app, &caller, json_body(&request)?).await
        }
        _ => workspace::my_licenses(app, &caller, page(&request)?).await,
    }
}
