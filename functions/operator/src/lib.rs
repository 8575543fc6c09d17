//! The operator function, the vendor's changes: organisations (`POST /v1/operator/orgs`, rename
//! `PATCH /v1/operator/orgs/{org}`, `.../suspend`, `.../resume`, `.../mail-budget`, `PUT .../activation-policy`), their people
//! (`.../admins`, `PATCH .../users/{email}`), banks (`POST /v1/operator/orgs/{org}/banks`,
//! `.../grant`, `.../extend`, `.../void`), sign-in accounts (`DELETE` and `PUT
//! /v1/operator/users/{email}/identity`), invitations (`DELETE /v1/operator/invitations/{email}`)
//! and the catalogue (`GET /v1/operator/catalog` with its revision and `ETag`, `PUT` with
//! `If-Match`, `POST /v1/operator/catalog/preview`: what a change would do). The console function
//! reads. Routes, parses, calls one use case; nothing else.

use elp_adapters::http::{answer, idempotency_key, if_match, json_body, operator, segments};
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
    ("PUT", "/v1/operator/orgs/{org}/activation-policy"),
    ("PATCH", "/v1/operator/orgs/{org}"),
    ("POST", "/v1/operator/orgs/{org}/suspend"),
    ("POST", "/v1/operator/orgs/{org}/resume"),
    ("PATCH", "/v1/operator/orgs/{org}/users/{email}"),
    ("PUT", "/v1/operator/users/{email}/identity"),
    ("POST", "/v1/operator/banks/{id}/grant"),
    ("POST", "/v1/operator/banks/{id}/extend"),
    ("POST", "/v1/operator/banks/{id}/void"),
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
            | ["operator", "orgs", _]
            | [
                "operator",
                "orgs",
                _,
                "banks" | "admins" | "mail-budget" | "activation-policy" | "suspend" | "resume"
            ]
            | ["operator", "orgs", _, "users", _]
            | ["operator", "banks", _, "grant" | "extend" | "void"]
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
        (Method::PUT, ["operator", "orgs", org, "activation-policy"]) => {
            ops::set_activation_policy(app, &operator, org, json_body(&request)?).await
        }
        (Method::PATCH, ["operator", "orgs", org]) => {
            let input = json_body(&request)?;
            ops::rename_org(app, &operator, org, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "orgs", org, "suspend"]) => {
            let input = json_body(&request)?;
            ops::suspend_org(app, &operator, org, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "orgs", org, "resume"]) => {
            ops::resume_org(app, &operator, org, idempotency_key(&request)?).await
        }
        (Method::PATCH, ["operator", "orgs", org, "users", email]) => {
            let input = json_body(&request)?;
            ops::change_user(
                app,
                &operator,
                org,
                email,
                input,
                idempotency_key(&request)?,
            )
            .await
        }
        (Method::PUT, ["operator", "users", email, "identity"]) => {
            let input = json_body(&request)?;
            ops::bind_account(app, &operator, email, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "banks", bank, "extend"]) => {
            let input = json_body(&request)?;
            ops::extend_bank(app, &operator, bank, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["operator", "banks", bank, "void"]) => {
            let input = json_body(&request)?;
            ops::void_credits(app, &operator, bank, input, idempotency_key(&request)?).await
        }
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
