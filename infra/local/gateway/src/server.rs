//! One localhost port for everything: `/v1/*` through the authorizer and the functions, the
//! portal's static files with the security headers a deployment's CloudFront adds, the portal's
//! `config.js` with the local values, the OAuth client library the portal imports
//! (`/vendor/oauth4webapi.js`, from node_modules), and `GET /dev/inbox`.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use elp_adapters::lambda_http::Body as LambdaBody;
use elp_adapters::App;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming as HyperBody};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::json;
use tokio::net::TcpListener;

use crate::auth::Authorizer;
use crate::event::{authorizer_event, event, request, Incoming};
use crate::routes::{invoke, matched, public_routes};

/// API Gateway's own limit on a request's payload.
const MAX_BODY: usize = 10 * 1024 * 1024;

/// The browser modules the portal imports from `/vendor/`, and where node_modules has them: a
/// file, or (a name ending in `/`) a folder of ES modules that import each other.
const VENDOR: &[(&str, &str)] = &[
    ("oauth4webapi.js", "oauth4webapi/build/index.js"),
    ("fluent/", "@fluent/bundle/esm/"),
];

/// Where node_modules has the vendored module `name` (`fluent/bundle.js`), if it is one.
fn vendor_path(name: &str) -> Option<String> {
    VENDOR
        .iter()
        .find_map(|(n, file)| match n.strip_suffix('/') {
            None => (*n == name).then(|| file.to_string()),
            Some(folder) => {
                let rest = name.strip_prefix(folder)?.strip_prefix('/')?;
                // One plain module name: no folders, no way out of the package.
                let plain = rest.ends_with(".js")
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
                    && !rest.starts_with('.');
                plain.then(|| format!("{file}{rest}"))
            }
        })
}

pub struct Gateway {
    pub app: App,
    pub authorizer: Authorizer,
    pub portal: PathBuf,
    /// The npm packages (node_modules/), where the `/vendor/` modules come from.
    pub node_modules: PathBuf,
    /// Where the SES emulator's inbox is (`GET /dev/inbox`).
    pub inbox: String,
    /// The routes served without a token (as API Gateway serves a route with no authorizer).
    pub public_routes: &'static [(&'static str, &'static str)],
    /// The `Host` values answered (this machine's names for the port); empty: any.
    hosts: Vec<String>,
    csp: String,
    requests: AtomicU64,
}

impl Gateway {
    pub fn new(app: App, authorizer: Authorizer, portal: PathBuf, inbox: String) -> Gateway {
        let csp = content_security_policy(authorizer.issuer());
        Gateway {
            app,
            authorizer,
            portal,
            node_modules: PathBuf::from("node_modules"),
            inbox,
            public_routes: public_routes(),
            hosts: Vec::new(),
            csp,
            requests: AtomicU64::new(0),
        }
    }

    /// Answers only requests addressed to `127.0.0.1:<port>` or `localhost:<port>`: a page of
    /// another site whose name resolves to this machine (DNS rebinding) gets nothing.
    pub fn listening_on(mut self, port: u16) -> Gateway {
        self.hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
        self
    }

    pub fn with_node_modules(mut self, dir: PathBuf) -> Gateway {
        self.node_modules = dir;
        self
    }

    pub fn with_public_routes(
        mut self,
        routes: &'static [(&'static str, &'static str)],
    ) -> Gateway {
        self.public_routes = routes;
        self
    }

    /// The portal's `config.js` with the local values (`portal/config.js` is the deployment's
    /// template).
    pub fn config_js(&self) -> String {
        let config = json!({
            "apiBase": "/v1",
            "issuer": self.authorizer.issuer(),
            "clientId": self.authorizer.client_id(),
            "scope": "openid email",
        });
        format!(
            "// The local configuration, served by the dev gateway (elp-dev) in place of portal/config.js.\n\
             export const config = Object.freeze({config});\n"
        )
    }
}

/// The origin (`scheme://host[:port]`) of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// What the deployment's CloudFront response-headers policy sets on the portal's files (the same
/// text as `infra/template.yaml`'s, with the local issuer for its sign-in origins and the API on
/// the portal's own origin): only the portal's own scripts and styles (no inline ones),
/// connections to itself and the identity provider (discovery, the token and refresh requests),
/// forms posting to itself and the provider, no framing, no `<base>`, no plugins.
fn content_security_policy(issuer: &str) -> String {
    let provider = origin(issuer);
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' {provider}; form-action 'self' {provider}; frame-ancestors 'none'; \
         base-uri 'none'; object-src 'none'"
    )
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
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !gateway.hosts.is_empty() && !gateway.hosts.iter().any(|h| h == host) {
        return respond(
            StatusCode::MISDIRECTED_REQUEST,
            "text/plain; charset=utf-8",
            "This server answers only http://127.0.0.1 and http://localhost on its port.\n",
        );
    }
    let path = req.uri().path().to_string();
    if path.starts_with("/v1/") || path == "/v1" {
        return api(gateway, req).await;
    }
    let answer = match (req.method(), path.as_str()) {
        (&Method::GET, "/dev/inbox") => json(StatusCode::OK, json!({ "inbox": gateway.inbox })),
        (&Method::GET, "/config.js") => respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            gateway.config_js(),
        ),
        (&Method::GET, p) if p.starts_with("/vendor/") => vendor_file(gateway, p).await,
        (&Method::GET, _) => static_file(&gateway.portal, &path).await,
        _ => json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" })),
    };
    secured(answer, &gateway.csp)
}

/// The portal's security headers (see [`content_security_policy`]).
fn secured(mut answer: Answer, csp: &str) -> Answer {
    let headers = answer.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("content-security-policy", csp);
    set(
        "strict-transport-security",
        "max-age=63072000; includeSubDomains",
    );
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "no-referrer");
    set("x-frame-options", "DENY");
    answer
}

async fn vendor_file(gateway: &Gateway, path: &str) -> Answer {
    let name = path.trim_start_matches("/vendor/");
    match vendor_path(name) {
        Some(file) => match tokio::fs::read(gateway.node_modules.join(&file)).await {
            Ok(bytes) => respond(StatusCode::OK, "text/javascript; charset=utf-8", bytes),
            Err(e) => {
                tracing::warn!(error = %e, file = %file, "vendor module missing (npm ci)");
                json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" }))
            }
        },
        None => json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" })),
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
    // Routing comes first: an unknown route is a 404 whoever asks, and a route with no
    // authorizer is served without a token (and without claims).
    let Some((function, template)) = matched(method, path) else {
        return json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" }));
    };
    let authorization = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str());
    let id = format!("local-{}", gateway.requests.fetch_add(1, Ordering::Relaxed));
    // An API key is for the scripts API (another host in AWS, the same port here): it has only
    // the scripts' routes, each through the credentials' authorizer, whose context the
    // function receives.
    let key = authorization
        .map(|a| a.strip_prefix("Bearer ").unwrap_or(a).trim_start())
        .is_some_and(|token| token.starts_with(elp_core::credential::KEY_PREFIX));
    let mut lambda = None;
    let claims = if key {
        let scripts = elp_core::credential::SCRIPT_ROUTES
            .iter()
            .any(|(m, t, _)| *m == method && *t == template);
        if !scripts {
            return json(StatusCode::NOT_FOUND, json!({ "message": "Not Found" }));
        }
        let Ok(asked) = authorizer_event(method, path, headers, &id) else {
            return json(StatusCode::BAD_REQUEST, json!({ "message": "Bad Request" }));
        };
        let verdict = elp_authorizer::authorize(&gateway.app, &asked).await;
        if !verdict.is_authorized {
            return json(StatusCode::FORBIDDEN, json!({ "message": "Forbidden" }));
        }
        lambda = Some(verdict.context);
        None
    } else if gateway.public_routes.contains(&(method, template)) {
        None
    } else {
        match gateway.authorizer.verify(authorization).await {
            Some(claims) => Some(claims),
            None => {
                return json(
                    StatusCode::UNAUTHORIZED,
                    json!({ "message": "Unauthorized" }),
                )
            }
        }
    };
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
        .cloned()
        .collect();
    let e = event(&Incoming {
        method,
        path,
        query,
        headers: &headers,
        body: (!body.is_empty()).then_some(&body[..]),
        claims: claims.as_ref(),
        lambda: lambda.as_ref(),
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

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        // Project Fluent catalogues (portal/locales/).
        Some("ftl") => "text/plain; charset=utf-8",
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

#[cfg(test)]
mod tests {
    use super::vendor_path;

    #[test]
    fn vendored_modules_are_the_listed_files_and_plain_names_in_listed_folders() {
        assert_eq!(
            vendor_path("oauth4webapi.js").as_deref(),
            Some("oauth4webapi/build/index.js")
        );
        assert_eq!(
            vendor_path("fluent/bundle.js").as_deref(),
            Some("@fluent/bundle/esm/bundle.js")
        );
        for refused in [
            "fluent/../../etc/passwd",
            "fluent/.hidden.js",
            "fluent/sub/index.js",
            "fluent/index.d.ts",
            "fluent/",
            "fluent",
            "other.js",
            "fluentx/index.js",
        ] {
            assert_eq!(vendor_path(refused), None, "{refused}");
        }
    }
}
