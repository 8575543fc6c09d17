//! One localhost port for everything: `/v1/*` through the authorizer and the functions, the dev
//! sign-in page and its token endpoint under `/dev/`, and the portal's static files.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use elp_adapters::lambda_http::Body as LambdaBody;
use elp_adapters::App;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming as HyperBody};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;
use tokio::net::TcpListener;

use crate::auth::Issuer;
use crate::event::{event, request, Incoming};
use crate::routes::{invoke, route};

/// API Gateway's own limit on a request's payload.
const MAX_BODY: usize = 10 * 1024 * 1024;

pub struct Gateway {
    pub app: App,
    pub issuer: Issuer,
    pub portal: PathBuf,
    /// Where the SES emulator's inbox is, for the sign-in page.
    pub inbox: String,
    requests: AtomicU64,
}

impl Gateway {
    pub fn new(app: App, issuer: Issuer, portal: PathBuf, inbox: String) -> Gateway {
        Gateway {
            app,
            issuer,
            portal,
            inbox,
            requests: AtomicU64::new(0),
        }
    }
}

type Answer = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Answer {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        content_type.parse().expect("static content type"),
    );
    r.headers_mut().insert(
        hyper::header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    r
}

fn json(status: StatusCode, body: serde_json::Value) -> Answer {
    respond(status, "application/json", body.to_string())
}

pub async fn serve(gateway: Arc<Gateway>, listener: TcpListener) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let gateway = gateway.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let gateway = gateway.clone();
                async move { Ok::<_, Infallible>(handle(&gateway, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

pub async fn handle(gateway: &Arc<Gateway>, req: Request<HyperBody>) -> Answer {
    let path = req.uri().path().to_string();
    if path.starts_with("/v1/") || path == "/v1" {
        return api(gateway, req).await;
    }
    match (req.method(), path.as_str()) {
        (&Method::POST, "/dev/token") => token(gateway, req).await,
        (&Method::GET, "/dev/inbox") => json(StatusCode::OK, json!({ "inbox": gateway.inbox })),
        (&Method::GET, _) => static_file(&gateway.portal, &path).await,
        _ => json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" })),
    }
}

/// What API Gateway does: authorize, route, build the event, invoke, answer.
async fn api(gateway: &Arc<Gateway>, req: Request<HyperBody>) -> Answer {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return json(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({ "message": "Request Entity Too Large" }),
            )
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        // Passed on as they came (API Gateway does too), so the function can refuse a bad one.
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect();
    call(
        gateway,
        parts.method.as_str(),
        parts.uri.path(),
        parts.uri.query().unwrap_or(""),
        &headers,
        body,
    )
    .await
}

/// One API request as the gateway handles it (the tests call this directly).
pub async fn call(
    gateway: &Arc<Gateway>,
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    body: Bytes,
) -> Answer {
    let authorization = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str());
    // A public route has no authorizer: API Gateway neither checks nor passes on a token.
    let claims = if crate::routes::is_public(method, path) {
        None
    } else {
        let Some(claims) = gateway.issuer.verify(authorization) else {
            return json(
                StatusCode::UNAUTHORIZED,
                json!({ "message": "Unauthorized" }),
            );
        };
        Some(claims)
    };
    let Some(function) = route(method, path) else {
        return json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" }));
    };
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
        .cloned()
        .collect();
    let id = format!("local-{}", gateway.requests.fetch_add(1, Ordering::Relaxed));
    let e = event(&Incoming {
        method,
        path,
        query,
        headers: &headers,
        body: (!body.is_empty()).then_some(&body[..]),
        claims: claims.as_ref(),
        request_id: &id,
    });
    let Ok(lambda_request) = request(&e) else {
        return json(StatusCode::BAD_REQUEST, json!({ "message": "Bad Request" }));
    };
    let response = invoke(function, &gateway.app, lambda_request).await;
    let status = response.status();
    if method != "GET" && status.is_success() {
        // The table's stream would wake the outbox function now; here the gateway does.
        let gateway = gateway.clone();
        tokio::spawn(async move {
            if let Err(e) = elp_adapters::service::outbox::deliver_pending(
                &gateway.app,
                elp_adapters::service::outbox::BATCH,
            )
            .await
            {
                tracing::warn!(error = %e, "outbox not drained");
            }
        });
    }
    let (parts, body) = response.into_parts();
    let bytes = match body {
        LambdaBody::Text(t) => Bytes::from(t),
        LambdaBody::Binary(b) => Bytes::from(b),
        _ => Bytes::new(),
    };
    let mut answer = Response::from_parts(parts, Full::new(bytes));
    *answer.status_mut() =
        StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    answer
}

#[derive(serde::Deserialize)]
struct TokenRequest {
    email: String,
    #[serde(default)]
    operator: bool,
}

/// The dev sign-in: a token for any email (the API decides what that person may do).
async fn token(gateway: &Arc<Gateway>, req: Request<HyperBody>) -> Answer {
    let Ok(body) = Limited::new(req.into_body(), 4096).collect().await else {
        return json(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "message": "too large" }),
        );
    };
    let Ok(asked) = serde_json::from_slice::<TokenRequest>(&body.to_bytes()) else {
        return json(
            StatusCode::BAD_REQUEST,
            json!({ "message": "send {\"email\": ..., \"operator\": false}" }),
        );
    };
    let Ok(email) = elp_core::Email::parse("email", &asked.email) else {
        return json(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "message": "that is not an email address" }),
        );
    };
    let groups: &[&str] = if asked.operator {
        &["elp-operators"]
    } else {
        &[]
    };
    let lifetime = chrono::Duration::hours(8);
    let token = gateway.issuer.mint(email.as_str(), groups, lifetime);
    json(
        StatusCode::OK,
        json!({ "token": token, "email": email, "expires_in": lifetime.num_seconds() }),
    )
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A file of the portal; unknown paths get the portal's index (it routes on the hash).
async fn static_file(root: &Path, path: &str) -> Answer {
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    if relative
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
    {
        return json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" }));
    }
    let file = root.join(relative);
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(StatusCode::OK, content_type(&file), bytes),
        Err(_) => json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" })),
    }
}
