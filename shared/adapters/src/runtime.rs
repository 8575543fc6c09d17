//! The Lambda runtime's loops: every HTTP function's `main` ([`serve`]) and every job's
//! ([`serve_job`]), with the app built once at cold start and borrowed by each invocation, and
//! the logs they write ([`init_tracing`]).

use std::convert::Infallible;
use std::future::Future;

use lambda_http::{service_fn, Body, LambdaEvent, Request, Response};
use serde::Serialize;
use serde_json::Value;

use crate::service::App;
use crate::store::StoreError;

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

/// An HTTP function's main loop: the app built once, each invocation answered by `handler`.
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
