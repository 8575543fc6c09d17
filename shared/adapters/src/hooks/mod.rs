//! Webhook deliveries over HTTPS: one signed POST, its answer and how long it took.
//!
//! The client is hyper 1 with rustls (ring), the stack the AWS SDK's own client is built on,
//! trusting the platform's roots (receivers are certified by any public authority, unlike AWS's
//! endpoints). It follows no redirect (a 3xx is a failed attempt), gives an attempt
//! [`TIMEOUT`], and connects only to addresses the core's [`may_connect`] allows: a host name
//! is resolved by [`PublicResolver`], which drops every private, loopback and link-local
//! address, so a name that points inside the provider's network reaches nothing.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use elp_core::webhook::{may_connect, Attempted, Reach};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// How long one attempt may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Resolves host names, keeping only the addresses a delivery may reach.
#[derive(Debug, Clone, Copy)]
pub struct PublicResolver {
    reach: Reach,
}

type Resolved = std::vec::IntoIter<SocketAddr>;

impl tower_service::Service<Name> for PublicResolver {
    type Response = Resolved;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Resolved, std::io::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), std::io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let reach = self.reach;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let kept: Vec<SocketAddr> = found.filter(|a| may_connect(a.ip(), reach)).collect();
            if kept.is_empty() {
                return Err(std::io::Error::other(
                    "the host resolves to no public address",
                ));
            }
            Ok(kept.into_iter())
        })
    }
}

/// The client every delivery of a function goes through (built once, when first needed).
pub struct Sender {
    client: Client<HttpsConnector<HttpConnector<PublicResolver>>, Full<Bytes>>,
    reach: Reach,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("reach", &self.reach)
            .finish()
    }
}

impl Sender {
    pub fn new(reach: Reach) -> Result<Sender, String> {
        let mut http = HttpConnector::new_with_resolver(PublicResolver { reach });
        http.enforce_http(false);
        http.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| format!("the platform's certificate roots: {e}"))?;
        // Plain http is reached only where the endpoint's URL was allowed it (loopback, local
        // stack and tests: elp_core::webhook::EndpointUrl).
        let https = match reach {
            Reach::Public => https.https_only(),
            Reach::AlsoLoopback => https.https_or_http(),
        }
        .enable_http1()
        .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        Ok(Sender { client, reach })
    }

    /// POSTs `body` to `url` with `headers`: what came of it and how long it took (ms).
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: &str,
    ) -> (Attempted, u64) {
        let started = Instant::now();
        let attempted = self.attempt(url, headers, body).await;
        let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        (attempted, elapsed)
    }

    async fn attempt(&self, url: &str, headers: &[(&str, String)], body: &str) -> Attempted {
        let failed = |error: String| Attempted::Failed {
            status: None,
            error,
        };
        let uri: hyper::Uri = match url.parse() {
            Ok(uri) => uri,
            Err(_) => return failed("the endpoint's URL cannot be requested".into()),
        };
        // An address written in the URL is not resolved, so it is checked here.
        if let Some(host) = uri.host() {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            if let Ok(ip) = host.parse::<std::net::IpAddr>() {
                if !may_connect(ip, self.reach) {
                    return failed("the endpoint's address is not public".into());
                }
            }
        }
        let mut request = hyper::Request::post(uri)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .header(hyper::header::USER_AGENT, "elp-webhooks/1");
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        let request = match request.body(Full::new(Bytes::from(body.to_string()))) {
            Ok(request) => request,
            Err(e) => return failed(format!("the request could not be built: {e}")),
        };
        match tokio::time::timeout(TIMEOUT, self.client.request(request)).await {
            Err(_) => failed(format!("no answer within {} seconds", TIMEOUT.as_secs())),
            Ok(Err(e)) => {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    text = format!("{text}: {cause}");
                    source = cause.source();
                }
                failed(text)
            }
            Ok(Ok(response)) => Attempted::of_status(response.status().as_u16()),
        }
    }
}
