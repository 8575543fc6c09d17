//! The users function: `GET /v1/users`, `POST /v1/users`, `PATCH /v1/users/{email}`,
//! `DELETE /v1/users/{email}`, the audit trail `GET /v1/audit` (filtered) and its CSV
//! `GET /v1/audit.csv`, an invitee's `POST /v1/invitations/decline` (no sign-in: the mail's
//! token decides), and the organisation's API credentials: `GET /v1/credentials`,
//! `POST /v1/credentials`, `DELETE /v1/credentials/{id}` (who may use the API, beside who may
//! sign in).

use elp_adapters::http::{
    answer, audit_filter, caller, idempotency_key, json_body, page, segments,
};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::{audit, credentials, users, Reply};
use elp_adapters::{App, Error};

/// Routes of [`ROUTES`] that need no signed-in caller (API Gateway serves them without the JWT
/// authorizer; what authorises them is in the request itself).
pub const PUBLIC_ROUTES: &[(&str, &str)] = &[("POST", "/v1/invitations/decline")];

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/invitations/decline"),
    ("GET", "/v1/users"),
    ("POST", "/v1/users"),
    ("PATCH", "/v1/users/{email}"),
    ("DELETE", "/v1/users/{email}"),
    ("GET", "/v1/audit"),
    ("GET", "/v1/audit.csv"),
    ("GET", "/v1/credentials"),
    ("POST", "/v1/credentials"),
    ("DELETE", "/v1/credentials/{id}"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if let ["invitations", "decline"] = path.as_slice() {
        if request.method() != Method::POST {
            return Err(Error::MethodNotAllowed);
        }
        // Public: the invitee may have no account; the token in the body is the authority.
        return users::decline(app, json_body(&request)?).await;
    }
    if !matches!(
        path.as_slice(),
        ["users"] | ["users", _] | ["audit"] | ["audit.csv"] | ["credentials"] | ["credentials", _]
    ) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller(&request, &app.config)?;
    match (request.method().clone(), path.as_slice()) {
        (Method::GET, ["users"]) => users::list(app, &caller, page(&request)?).await,
        (Method::GET, ["audit"]) => {
            audit::list(app, &caller, audit_filter(&request)?, page(&request)?).await
        }
        (Method::GET, ["audit.csv"]) => audit::csv(app, &caller, audit_filter(&request)?).await,
        (Method::POST, ["users"]) => {
            let input = json_body(&request)?;
            users::invite(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::PATCH, ["users", email]) => {
            let input = json_body(&request)?;
            users::change(app, &caller, email, input, idempotency_key(&request)?).await
        }
        (Method::DELETE, ["users", email]) => {
            users::remove(app, &caller, email, idempotency_key(&request)?).await
        }
        (Method::GET, ["credentials"]) => credentials::list(app, &caller, page(&request)?).await,
        (Method::POST, ["credentials"]) => {
            let input = json_body(&request)?;
            credentials::create(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::DELETE, ["credentials", id]) => {
            credentials::revoke(app, &caller, id, idempotency_key(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
