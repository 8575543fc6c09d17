//! Answering: a use case's reply rendered as a response, the error mapping applied once, and
//! one log line per request (request id, method, route, caller, status, latency) that holds no
//! personal data: the caller is a pseudonym of their account ([`pseudonym`]), and the path is
//! the route with every segment that is not one of the API's own words replaced by a
//! placeholder ([`loggable_path`]), so no address, activation code or identifier of a person
//! reaches the logs (decision 56).

use std::future::Future;
use std::time::Instant;

use lambda_http::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, RETRY_AFTER};
use lambda_http::http::StatusCode;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};

use super::error::render_in;
use crate::service::{App, Error, Reply};

fn status_code(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/json".parse().expect("static header"),
    );
    response
}

/// The response to a use case's result; an error's sentence in `lang`.
pub fn to_response(result: Result<Reply, Error>, lang: elp_l10n::Lang) -> Response<Body> {
    match result {
        Ok(Reply {
            file: Some(file),
            status,
            ..
        }) => {
            let mut response = Response::new(Body::Binary(file.bytes));
            *response.status_mut() = status_code(status.code());
            let headers = response.headers_mut();
            if let Ok(v) = file.content_type.parse() {
                headers.insert(CONTENT_TYPE, v);
            }
            // File names are built by the service from dates: plain ASCII, no quotes.
            if let Ok(v) = format!("attachment; filename=\"{}\"", file.file_name).parse() {
                headers.insert(CONTENT_DISPOSITION, v);
            }
            response
        }
        Ok(reply) => {
            let mut response = json_response(status_code(reply.status.code()), reply.body);
            if let Some(tag) = reply.etag.and_then(|t| t.parse().ok()) {
                response.headers_mut().insert(ETAG, tag);
            }
            response
        }
        Err(error) => {
            let (status, body) = render_in(&error, lang);
            let mut response = json_response(status, body.to_string());
            let retry_after = match &error {
                Error::Unavailable(_) | Error::Interrupted { .. } => Some(1),
                Error::Limited { retry_after, .. } => Some(*retry_after),
                _ => None,
            };
            if let Some(seconds) = retry_after.and_then(|s| s.to_string().parse().ok()) {
                response.headers_mut().insert(RETRY_AFTER, seconds);
            }
            response
        }
    }
}

fn request_id(request: &Request) -> String {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.request_id.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The caller as the request log names them: a pseudonym of the account (issuer and subject)
/// the authorizer verified, `credential:<id>` for an API credential, `-` when there is none.
/// Never the email address.
fn caller(request: &Request) -> String {
    if let Some(id) = super::identity::credential_id(request) {
        return format!("credential:{id}");
    }
    let claims = match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .and_then(|a| a.jwt.as_ref())
            .map(|j| &j.claims),
        _ => None,
    };
    let claim = |name: &str| {
        claims
            .and_then(|c| c.get(name))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    match (claim("iss"), claim("sub")) {
        (Some(issuer), Some(subject)) => pseudonym(issuer, subject),
        _ => "-".to_string(),
    }
}

/// A stable pseudonym for the account (`issuer`, `subject`): the first 64 bits of
/// SHA-256 over a fixed label, the issuer and the subject, in hex (16 characters).
///
/// The same account always gets the same pseudonym, so one person's requests can be followed
/// through the logs, and support can compute it from the binding a membership stores; the logs
/// alone do not say who it is. Plain rather than keyed: the subject is the identity provider's
/// opaque identifier (Cognito's is a random UUID), not derived from the address, so there is
/// no list of likely inputs to try, and whoever can list subjects already reads the table or
/// the provider, where the addresses are (decision 56).
pub fn pseudonym(issuer: &str, subject: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    for part in ["elp-log-caller", issuer, subject] {
        // Length-prefixed, so no two (issuer, subject) pairs hash the same bytes.
        digest.update((part.len() as u64).to_be_bytes());
        digest.update(part.as_bytes());
    }
    digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The words of the API's paths (every literal segment of every route); any other segment is
/// data (an address, an activation code, an identifier) and is not logged.
pub(crate) const ROUTE_WORDS: &[&str] = &[
    "v1",
    "activate",
    "activation",
    "activation-policy",
    "admins",
    "assign",
    "audit",
    "audit.csv",
    "banks",
    "bulk",
    "catalog",
    "credentials",
    "credit-requests",
    "dashboard",
    "deliveries",
    "dead",
    "decline",
    "extend",
    "exports",
    "grant",
    "heartbeat",
    "identity",
    "invitations",
    "ledger",
    "ledger.csv",
    "licenses",
    "licenses.csv",
    "machines",
    "mail",
    "mail-budget",
    "me",
    "operator",
    "org",
    "orgs",
    "preview",
    "product-versions",
    "quote",
    "release",
    "renewals",
    "resume",
    "return",
    "rotate-secret",
    "suspend",
    "users",
    "validate",
    "void",
    "webhooks",
    "withdraw",
];

/// A path as the request log writes it: the API's words kept, every other segment replaced by
/// the placeholder of the route template it fills (`{email}` after `users` or `invitations`,
/// `{code}` after `licenses`, `{id}` after `banks` or `credit-requests`, `{org}` after `orgs`,
/// `{product}` after `product-versions`), or `{}`. `/v1/users/a%40b.example` -> `/v1/users/{email}`.
pub fn loggable_path(path: &str) -> String {
    let mut previous = "";
    path.split('/')
        .map(|segment| {
            let shown = if segment.is_empty() || ROUTE_WORDS.contains(&segment) {
                segment
            } else {
                match previous {
                    "users" | "invitations" => "{email}",
                    "licenses" => "{code}",
                    "banks" | "credit-requests" | "credentials" | "webhooks" => "{id}",
                    "orgs" => "{org}",
                    "product-versions" => "{product}",
                    "machines" => "{seat}",
                    _ => "{}",
                }
            };
            previous = segment;
            shown
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs `handler` and turns its outcome into a response, logging one line about it.
pub async fn answer<'a, F, Fut>(app: &'a App, request: Request, handler: F) -> Response<Body>
where
    F: FnOnce(&'a App, Request) -> Fut,
    Fut: Future<Output = Result<Reply, Error>>,
{
    let started = Instant::now();
    let (method, route) = (
        request.method().clone(),
        loggable_path(request.uri().path()),
    );
    let (id, who) = (request_id(&request), caller(&request));
    let lang = super::say::language(request.headers());
    // On the heap: a use case's future is large (its reads, decisions and writes), and tests
    // and the dev gateway nest many of them.
    let result = Box::pin(handler(app, request)).await;
    if let Err(
        Error::Internal(cause) | Error::Unavailable(cause) | Error::Interrupted { cause, .. },
    ) = &result
    {
        tracing::error!(request_id = %id, %cause, "request failed");
    }
    let response = to_response(result, lang);
    tracing::info!(
        request_id = %id,
        %method,
        %route,
        caller = %who,
        status = response.status().as_u16(),
        // Whole microseconds, so the figure prints short (6.268, not 6.2689699999999995).
        latency_ms = started.elapsed().as_micros() as f64 / 1000.0,
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_the_api_words_and_lose_everything_else() {
        for (path, logged) in [
            ("/v1/users/ana%40studio.example", "/v1/users/{email}"),
            ("/v1/users/ana@studio.example", "/v1/users/{email}"),
            (
                "/v1/operator/invitations/a%2Bb%40c.example",
                "/v1/operator/invitations/{email}",
            ),
            (
                "/v1/operator/users/a%40b.example/identity",
                "/v1/operator/users/{email}/identity",
            ),
            ("/v1/licenses/ABCD-EFGH-JKMN-PQR2", "/v1/licenses/{code}"),
            (
                "/v1/licenses/abcdefghjkmnpqr2/renewals/quote",
                "/v1/licenses/{code}/renewals/quote",
            ),
            (
                "/v1/licenses/ABCD-EFGH-JKMN-PQR2/return",
                "/v1/licenses/{code}/return",
            ),
            ("/v1/banks/b_x1", "/v1/banks/{id}"),
            (
                "/v1/operator/orgs/o_1/banks",
                "/v1/operator/orgs/{org}/banks",
            ),
            (
                "/v1/operator/banks/b_1/grant",
                "/v1/operator/banks/{id}/grant",
            ),
            (
                "/v1/product-versions/harmony-premium",
                "/v1/product-versions/{product}",
            ),
            ("/v1/licenses.csv", "/v1/licenses.csv"),
            (
                "/v1/operator/orgs/o_1/mail-budget",
                "/v1/operator/orgs/{org}/mail-budget",
            ),
            ("/v1/operator/mail/dead", "/v1/operator/mail/dead"),
            (
                "/v1/operator/catalog/preview",
                "/v1/operator/catalog/preview",
            ),
            ("/v1/licenses/quote", "/v1/licenses/quote"),
            ("/v1/activation/heartbeat", "/v1/activation/heartbeat"),
            ("/v1/invitations/decline", "/v1/invitations/decline"),
            ("/v1/me/licenses", "/v1/me/licenses"),
            ("/v1/a@b.example", "/v1/{}"),
            ("/a@b.example/users", "/{}/users"),
            ("/v1/users/x/y@z.example", "/v1/users/{email}/{}"),
            ("/v1//users", "/v1//users"),
            ("/", "/"),
            ("", ""),
        ] {
            assert_eq!(loggable_path(path), logged, "{path}");
        }
    }

    #[test]
    fn the_pseudonym_is_stable_short_and_tells_accounts_apart() {
        let a = pseudonym("https://issuer.example", "sub-1");
        assert_eq!(a, pseudonym("https://issuer.example", "sub-1"));
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, pseudonym("https://issuer.example", "sub-2"));
        assert_ne!(a, pseudonym("https://other.example", "sub-1"));
        // The boundary between issuer and subject is part of what is hashed.
        assert_ne!(pseudonym("ab", "c"), pseudonym("a", "bc"));
    }
}
