//! The Lambda runtime's loops: every HTTP function's `main` ([`serve`]) and every job's
//! ([`serve_job`]), with the app built once at cold start and borrowed by each invocation, and
//! the logs they write ([`init_tracing`]): every line passes [`scrub`] on its way out, so no
//! email address or activation code reaches the logs even from free text (an SES refusal that
//! names a recipient, an SDK error).

use std::borrow::Cow;
use std::convert::Infallible;
use std::future::Future;
use std::io::Write;

use lambda_http::{service_fn, Body, LambdaEvent, Request, Response};
use serde::Serialize;
use serde_json::Value;

use crate::service::App;
use crate::store::StoreError;

/// JSON logs in Lambda (CloudWatch parses them), readable ones in a terminal; both scrubbed.
///
/// `RUST_LOG` takes a level and per-target levels (`warn`, `info,aws_smithy_runtime=debug`);
/// unset or unreadable, it is `info`. (A `Targets` filter, not an `EnvFilter`: no regular
/// expressions to compile at every cold start.)
pub fn init_tracing() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let json = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
    tracing_subscriber::registry()
        .with(filter)
        .with(log_layer(json, Scrubbed(std::io::stdout)))
        .init();
}

/// Logs of the current thread written to `writer` exactly as the functions write theirs (the
/// same filter at `info` and the same format), until the guard is dropped: what tests capture
/// the logs with. `writer` is written unscrubbed unless it is wrapped in [`Scrubbed`].
pub fn log_to<W>(json: bool, writer: W) -> tracing::dispatcher::DefaultGuard
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    use tracing_subscriber::layer::SubscriberExt;
    let subscriber = tracing_subscriber::registry()
        .with(log_filter(None))
        .with(log_layer(json, writer));
    tracing::subscriber::set_default(subscriber)
}

/// The functions' log format, writing to `writer`: JSON without a time (CloudWatch stamps
/// each line) when `json`, plain text otherwise; no targets. Tests capture logs with it.
pub fn log_layer<S, W>(json: bool, writer: W) -> Box<dyn tracing_subscriber::Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    use tracing_subscriber::Layer;
    let format = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_writer(writer);
    if json {
        format.json().without_time().boxed()
    } else {
        format.boxed()
    }
}

/// A log writer whose every line is [`scrub`]bed before `W` writes it.
#[derive(Debug, Clone)]
pub struct Scrubbed<W>(pub W);

impl<'a, W: tracing_subscriber::fmt::MakeWriter<'a>> tracing_subscriber::fmt::MakeWriter<'a>
    for Scrubbed<W>
{
    type Writer = ScrubbedLine<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubbedLine {
            line: Vec::new(),
            out: self.0.make_writer(),
        }
    }
}

/// One log line on its way out: collected whole, then scrubbed and written when dropped
/// (the formatter makes one writer per event).
pub struct ScrubbedLine<O: Write> {
    line: Vec<u8>,
    out: O,
}

impl<O: Write> Write for ScrubbedLine<O> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<O: Write> Drop for ScrubbedLine<O> {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.line);
        // A log line that cannot be written is lost, like any other; never a panic.
        let _ = self.out.write_all(scrub(&text).as_bytes());
        let _ = self.out.flush();
    }
}

/// What stands in a log line for an email address.
pub const EMAIL_MARK: &str = "<email>";
/// What stands in a log line for an activation code.
pub const CODE_MARK: &str = "<code>";

/// `text` without email addresses (also percent-encoded, `a%40b.example`) or activation codes
/// (`ABCD-EFGH-JKMN-PQR2` in any case, or the sixteen symbols without dashes in capitals, one
/// of them a letter).
/// The net under every log line: what the code logs on purpose names neither, but error texts
/// from elsewhere (an SES refusal, an SDK message) may.
pub fn scrub(text: &str) -> Cow<'_, str> {
    match scrub_emails(text) {
        Cow::Borrowed(same) => scrub_codes(same),
        Cow::Owned(changed) => Cow::Owned(scrub_codes(&changed).into_owned()),
    }
}

/// The characters an address's local part may have (decision 10 allows fewer).
fn in_local_part(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b)
}

fn in_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// Spans `[start, end)` of `text` replaced by `mark` (spans sorted, not overlapping).
fn replace_spans<'t>(text: &'t str, spans: &[(usize, usize)], mark: &str) -> Cow<'t, str> {
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in spans {
        out.push_str(&text[at..start]);
        out.push_str(mark);
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

fn scrub_emails(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at = match &bytes[i..] {
            [b'@', ..] => 1,
            [b'%', b'4', b'0', ..] => 3,
            _ => 0,
        };
        if at == 0 {
            i += 1;
            continue;
        }
        let floor = spans.last().map_or(0, |&(_, end)| end);
        let mut start = i;
        while start > floor && in_local_part(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = i + at;
        while end < bytes.len() && in_domain(bytes[end]) {
            end += 1;
        }
        while end > i + at && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let domain = &bytes[i + at..end];
        let looks_like_one = start < i
            && domain.len() >= 3
            && domain[0].is_ascii_alphanumeric()
            && domain.contains(&b'.');
        if looks_like_one {
            spans.push((start, end));
            i = end;
        } else {
            i += at;
        }
    }
    // Only ASCII bytes were taken into a span, so every bound is a character boundary.
    replace_spans(text, &spans, EMAIL_MARK)
}

const CODE_SYMBOLS: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fn scrub_codes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let joined = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let bounded = |start: usize, end: usize| {
        (start == 0 || !joined(bytes[start - 1])) && (end == bytes.len() || !joined(bytes[end]))
    };
    let dashed = |at: usize| {
        bytes.len() >= at + 19
            && bytes[at..at + 19].iter().enumerate().all(|(k, b)| {
                if k % 5 == 4 {
                    *b == b'-'
                } else {
                    CODE_SYMBOLS.contains(&b.to_ascii_uppercase())
                }
            })
            && bounded(at, at + 19)
    };
    // Without dashes, a run of sixteen with at least one letter: digits alone are a number.
    let plain = |at: usize| {
        bytes.len() >= at + 16
            && bytes[at..at + 16].iter().all(|b| CODE_SYMBOLS.contains(b))
            && bytes[at..at + 16].iter().any(u8::is_ascii_uppercase)
            && bounded(at, at + 16)
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if dashed(i) {
            spans.push((i, i + 19));
            i += 19;
        } else if plain(i) {
            spans.push((i, i + 16));
            i += 16;
        } else {
            i += 1;
        }
    }
    replace_spans(text, &spans, CODE_MARK)
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

/// An event-driven job's main loop (the webhook deliveries): the app built once, each event
/// handed to `job` with what it carries.
pub async fn serve_events<F, Fut, T>(app: App, job: F) -> Result<(), lambda_http::Error>
where
    F: Fn(&'static App, Value) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = Result<T, StoreError>> + Send,
    T: Serialize,
{
    let app: &'static App = Box::leak(Box::new(app));
    lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let report = job(app, event.payload).await?;
        Ok::<Value, lambda_http::Error>(serde_json::to_value(report)?)
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::{log_filter, log_layer, scrub, Scrubbed};
    use std::sync::{Arc, Mutex};
    use tracing::Level;

    #[test]
    fn addresses_are_scrubbed_from_any_text() {
        for (text, clean) in [
            ("to ana@studio.example failed", "to <email> failed"),
            ("Email address is not verified. The following identities failed the check in region EU-WEST-1: ana.b+x@studio.example, ben@studio-nord.example", "Email address is not verified. The following identities failed the check in region EU-WEST-1: <email>, <email>"),
            ("path /v1/users/ana%40studio.example", "path <email>"),
            ("{\"to\":\"a_b-c@x.y.example.\"}", "{\"to\":\"<email>.\"}"),
            ("<ana@studio.example>", "<<email>>"),
            ("a@b.example/c@d.example", "<email><email>"),
            // Not addresses: nothing before the @, no dot after it, a version.
            ("@here and x@localhost and 3@5 and user@.example", "@here and x@localhost and 3@5 and user@.example"),
            ("nothing here", "nothing here"),
            ("müller@straße.example", "müller@straße.example"),
        ] {
            assert_eq!(scrub(text), clean, "{text}");
        }
    }

    #[test]
    fn activation_codes_are_scrubbed_from_any_text() {
        for (text, clean) in [
            ("code ABCD-EFGH-JKMN-PQR2 taken", "code <code> taken"),
            ("key LICENSE#ABCD-EFGH-JKMN-PQR2", "key LICENSE#<code>"),
            ("typed abcd-efgh-jkmn-pqr2", "typed <code>"),
            ("typed ABCDEFGHJKMNPQR2.", "typed <code>."),
            // Not codes: a UUID, hex digests, a longer run, symbols outside the alphabet.
            (
                "4f1c2b3a-9d8e-4c7b-a6f5-0e1d2c3b4a59",
                "4f1c2b3a-9d8e-4c7b-a6f5-0e1d2c3b4a59",
            ),
            ("3f9c2a7d41b0e6f2", "3f9c2a7d41b0e6f2"),
            ("ABCD-EFGH-JKMN-PQR2-WXYZ", "ABCD-EFGH-JKMN-PQR2-WXYZ"),
            ("ABCD-EFGH-JKMN-PQR0", "ABCD-EFGH-JKMN-PQR0"),
            (
                "latency 6.2689699999999995 ms",
                "latency 6.2689699999999995 ms",
            ),
        ] {
            assert_eq!(scrub(text), clean, "{text}");
        }
    }

    /// A writer that keeps what it is given.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Capture {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
        type Writer = Capture;
        fn make_writer(&'a self) -> Capture {
            self.clone()
        }
    }

    #[test]
    fn every_line_the_functions_log_is_scrubbed() {
        use tracing_subscriber::layer::SubscriberExt;
        let capture = Capture::default();
        for json in [true, false] {
            let subscriber = tracing_subscriber::registry()
                .with(log_filter(None))
                .with(log_layer(json, Scrubbed(capture.clone())));
            tracing::subscriber::with_default(subscriber, || {
                tracing::warn!(
                    mail = "m_1",
                    error = "MessageRejected: Email address is not verified: ana@studio.example",
                    "mail left in the outbox for a later attempt"
                );
                tracing::error!(
                    cause = "LICENSE#ABCD-EFGH-JKMN-PQR2 for ben%40studio.example",
                    "request failed"
                );
            });
        }
        let logged = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
        assert_eq!(logged.lines().count(), 4, "{logged}");
        for secret in [
            "ana@studio.example",
            "ben%40studio.example",
            "ABCD-EFGH-JKMN-PQR2",
        ] {
            assert!(!logged.contains(secret), "{secret} in {logged}");
        }
        assert_eq!(logged.matches("<email>").count(), 4, "{logged}");
        assert!(logged.contains("\"mail\":\"m_1\""), "{logged}");
    }

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
