//! The operator function: `POST /v1/operator/orgs`, `POST /v1/operator/orgs/{org}/banks`,
//! `POST /v1/operator/orgs/{org}/admins`, `POST /v1/operator/banks/{id}/grant`,
//! `GET /v1/operator/catalog` (with its revision and `ETag`), `PUT /v1/operator/catalog` (with
//! `If-Match`), `POST /v1/operator/catalog/preview` (what a catalogue would change), `DELETE /v1/operator/invitations/{email}` (release an address a
//! pending invitation holds), `DELETE /v1/operator/users/{email}/identity` (release a
//! membership's sign-in account), `PUT /v1/operator/orgs/{org}/mail-budget` (an organisation's
//! daily mail budget), `GET /v1/operator/mail/dead` (mail that failed every attempt). Routes,
//! parses, calls one use case; nothing else.

use elp_adapters::http::{answer, idempotency_key, if_match, json_body, operator, page, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::admit_operator;
use elp_adapters::service::operator as ops;
use elp_adapters::service::Reply;
use elp_adapters::{App, Error};

/// The routes this function serves, as in the SAM template and the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/operator/orgs"),
    ("POST", "/v1/operator/orgs/{org}/banks"),
    ("POST", "/v1/operator/orgs/{org}/admins"),
    ("DELETE", "/v1/operator/invitations/{email}"),
    ("DELETE", "/v1/operator/users/{email}/identity"),
    ("PUT", "/v1/operator/orgs/{org}/mail-budget"),
    ("GET", "/v1/operator/mail/dead"),
    ("POST", "/v1/operator/banks/{id}/grant"),
    ("GET", "/v1/operator/catalog"),
    ("PUT", "/v1/operator/catalog"),
    ("POST", "/v1/operator/catalog/preview"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let method = request.method().clone();
    let known = matches!(
        path.as_slice(),
        ["operator", "orgs"]
            | ["operator", "orgs", _, "banks" | "admins" | "mail-budget"]
            | ["operator", "mail", "dead"]
            | ["operator", "banks", _, "grant"]
            | ["operator", "catalog"]
            | ["operator", "catalog", "preview"]
            | ["operator", "invitations", _]
            | ["operator", "users", _, "identity"]
    );
    if !known {
        return Err(Error::NotFound("route"));
    }
    let operator = operator(&request, &app.config)?;
    admit_operator(app, &operator).await?;
    match (method, path.as_slice()) {
        (Method::POST, ["operator", "orgs"]) => {
            let input = json_body(&request)?;
            ops::create_org(app, &operator, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "orgs", org, "banks"]) => {
            let input = json_body(&request)?;
            ops::create_bank(app, &operator, org, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "orgs", org, "admins"]) => {
            let input = json_body(&request)?;
            ops::invite_admin(app, &operator, org, input, idempotency_key(&request)?).await
        }
        (Method::PUT, ["operator", "orgs", org, "mail-budget"]) => {
            ops::set_mail_budget(app, &operator, org, json_body(&request)?).await
        }
        (Method::GET, ["operator", "mail", "dead"]) => ops::dead_mail(app, page(&request)?).await,
        (Method::DELETE, ["operator", "invitations", email]) => {
            ops::release_invitation(app, &operator, email).await
        }
        (Method::DELETE, ["operator", "users", email, "identity"]) => {
            ops::release_account(app, &operator, email).await
        }
        (Method::POST, ["operator", "banks", bank, "grant"]) => {
            let input = json_body(&request)?;
            ops::grant(app, &operator, bank, input, idempotency_key(&request)?).await
        }
        (Method::GET, ["operator", "catalog"]) => ops::get_catalog(app).await,
        (Method::PUT, ["operator", "catalog"]) => {
            let expected = if_match(&request)?;
            ops::replace_catalog(app, &operator, json_body(&request)?, expected).await
        }
        (Method::POST, ["operator", "catalog", "preview"]) => {
            ops::preview_catalog(app, json_body(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
