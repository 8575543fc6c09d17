//! Answering: JSON replies, the error mapping applied once, and one log line per request
//! (request id, route, caller, status, latency). `serve` is every function's `main` loop.

use std::convert::Infallible;
use std::future::Future;
use std::time::Instant;

use lambda_http::http::header::{CONTENT_TYPE, RETRY_AFTER};
use lambda_http::http::StatusCode;
use lambda_http::request::RequestContext;
use lambda_http::{service_fn, Body, LambdaEvent, Request, RequestExt, Response};
use serde::Serialize;
use serde_json::Value;

use super::error::render;
use crate::app::App;
use crate::error::Error;
use crate::store::StoreError;

/// A successful answer: status and JSON body (already serialised, so a reply is written once,
/// straight from the handler's types), or a file to download.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub file: Option<File>,
}

/// A download: its bytes, type and the name a browser saves it under.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub content_type: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn file(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Reply {
        Reply {
            status: StatusCode::OK,
            body: String::new(),
            file: Some(File {
                content_type: content_type.into(),
                file_name: file_name.into(),
                bytes,
            }),
        }
    }
}

pub fn reply(status: StatusCode, body: impl Serialize) -> Result<Reply, Error> {
    Ok(Reply {
        status,
        body: serde_json::to_string(&body).map_err(|e| Error::Internal(e.to_string()))?,
        file: None,
    })
}

/// A page of a list, `{ "<name>": [items], "next": cursor }`, written straight from the items.
pub fn reply_page<T: Serialize>(
    name: &'static str,
    items: &[T],
    next: Option<&str>,
) -> Result<Reply, Error> {
    struct Page<'a, T> {
        name: &'static str,
        items: &'a [T],
        next: Option<&'a str>,
    }
    impl<T: Serialize> Serialize for Page<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(2))?;
            map.serialize_entry(self.name, self.items)?;
            map.serialize_entry("next", &self.next)?;
            map.end()
        }
    }
    reply(StatusCode::OK, Page { name, items, next })
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

pub fn to_response(result: Result<Reply, Error>) -> Response<Body> {
    match result {
        Ok(Reply {
            file: Some(file),
            status,
            ..
        }) => {
            let mut response = Response::new(Body::Binary(file.bytes));
            *response.status_mut() = status;
            let headers = response.headers_mut();
            if let Ok(v) = file.content_type.parse() {
                headers.insert(CONTENT_TYPE, v);
            }
            // File names are built by the service from dates: plain ASCII, no quotes.
            if let Ok(v) = format!("attachment; filename=\"{}\"", file.file_name).parse() {
                headers.insert(lambda_http::http::header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Ok(reply) => json_response(reply.status, reply.body),
        Err(error) => {
            let (status, body) = render(&error);
            let mut response = json_response(status, body.to_string());
            if status == StatusCode::SERVICE_UNAVAILABLE {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, "1".parse().expect("static header"));
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

fn caller(request: &Request) -> String {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .and_then(|a| a.jwt.as_ref())
            .and_then(|j| j.claims.get("email").or_else(|| j.claims.get("sub")))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Runs `handler` and turns its outcome into a response, logging one line about it.
pub async fn answer<'a, F, Fut>(app: &'a App, request: Request, handler: F) -> Response<Body>
where
    F: FnOnce(&'a App, Request) -> Fut,
    Fut: Future<Output = Result<Reply, Error>>,
{
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let (id, who) = (request_id(&request), caller(&request));
    let result = handler(app, request).await;
    if let Err(Error::Internal(cause) | Error::Unavailable(cause)) = &result {
        tracing::error!(request_id = %id, %cause, "request failed");
    }
    let response = to_response(result);
    tracing::info!(
        request_id = %id,
        %method,
        %path,
        caller = %who,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// JSON logs in Lambda (CloudWatch parses them), readable ones in a terminal.
///
/// `RUST_LOG` takes a level and per-target levels (`warn`, `info,aws_smithy_runtime=debug`);
/// unset or unreadable, it is `info`. (A `Targets` filter, not an `EnvFilter`: no regular
/// expressions to compile at every cold start.)
pub fn init_tracing() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let format = tracing_subscriber::fmt::layer().with_target(false);
    let registry = tracing_subscriber::registry().with(filter);
    if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
        registry.with(format.json().without_time()).init();
    } else {
        registry.with(format).init();
    }
}

fn log_filter(spec: Option<&str>) -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    spec.filter(|s| !s.trim().is_empty())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO))
}

/// A function's main loop: the app built once, each invocation answered by `handler`.
pub async fn serve<F, Fut>(app: App, handler: F) -> Result<(), lambda_http::Error>
where
    F: Fn(&'static App, Request) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = Response<Body>> + Send,
{
    let app: &'static App = Box::leak(Box::new(app));
    lambda_http::run(service_fn(move |request: Request| async move {
        Ok::<_, Infallible>(handler(app, request).await)
    }))
    .await
}

/// A job's main loop (the outbox, the daily bank jobs): the app built once, each event answered
/// with what `job` reports. Their events (a schedule, a stream batch) carry nothing they need.
pub async fn serve_job<F, Fut, T>(app: App, job: F) -> Result<(), lambda_http::Error>
where
    F: Fn(&'static App) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = Result<T, StoreError>> + Send,
    T: Serialize,
{
    let app: &'static App = Box::leak(Box::new(app));
    lambda_http::lambda_runtime::run(service_fn(move |_: LambdaEvent<Value>| async move {
        let report = job(app).await?;
        Ok::<Value, lambda_http::Error>(serde_json::to_value(report)?)
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::log_filter;
    use tracing::Level;

    #[test]
    fn rust_log_sets_the_level_and_per_target_levels() {
        let warn = log_filter(Some("warn"));
        assert!(warn.would_enable("elp_users", &Level::WARN));
        assert!(!warn.would_enable("elp_users", &Level::INFO));
        let sdk = log_filter(Some("info,aws_smithy_runtime=debug"));
        assert!(sdk.would_enable("aws_smithy_runtime::client", &Level::DEBUG));
        assert!(!sdk.would_enable("hyper_util", &Level::DEBUG));
        assert!(sdk.would_enable("hyper_util", &Level::INFO));
    }

    #[test]
    fn an_unset_or_unreadable_rust_log_means_info() {
        for spec in [None, Some(""), Some("loud!=x=y")] {
            let filter = log_filter(spec);
            assert!(filter.would_enable("elp_banks", &Level::INFO), "{spec:?}");
            assert!(!filter.would_enable("elp_banks", &Level::DEBUG), "{spec:?}");
        }
    }
}
