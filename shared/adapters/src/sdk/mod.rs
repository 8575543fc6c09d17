//! The AWS SDK clients every function builds once at cold start: one SDK configuration, one
//! HTTP client, shared by the DynamoDB and SES clients.
//!
//! The HTTP client trusts only Amazon Trust Services' roots (embedded below), not the platform's
//! bundle. Every AWS endpoint's certificate chains to them, a certificate mis-issued by any other
//! authority cannot stand in for DynamoDB or SES, and the cold start skips reading and parsing a
//! few hundred system certificates (about 2.5 ms, most of a function's start-up: BENCHMARKS.md).
//! `ELP_TLS_ROOTS=system` restores the platform's bundle (a TLS-inspecting proxy, a partition
//! whose endpoints another authority certifies).

use std::sync::Mutex;
use std::time::Duration;

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode, TlsContext, TrustStore};
use aws_smithy_http_client::ConnectorBuilder;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::SdkConfig;

use aws_smithy_types::error::display::DisplayErrorContext;

use crate::config::{Config, LicenceKey, LicenceKeyError, TlsRoots};

/// Amazon Root CA 1-4, in PEM.
pub const AMAZON_ROOTS: &str = include_str!("amazon-roots.pem");

/// A hyper 1 + rustls (ring) client, as the SDK's default but for the crypto library, trusting
/// `roots`.
pub fn http_client(roots: TlsRoots) -> SharedHttpClient {
    let store = match roots {
        TlsRoots::Amazon => TrustStore::empty().with_pem_certificate(AMAZON_ROOTS.as_bytes()),
        TlsRoots::System => TrustStore::default(),
    };
    let tls = TlsContext::builder()
        .with_trust_store(store)
        .build()
        .expect("a TLS context from a trust store");
    SharedHttpClient::new(HttpsClient {
        tls,
        connectors: Mutex::new(Vec::new()),
    })
}

/// The SDK's hyper client, less one cost: the SDK's own builds a connector (TLS roots and all)
/// when a client is created, only to validate it and throw it away, then builds another for
/// the first request. This one builds a connector when first asked for one with given timeouts
/// and keeps it; every client of a function shares it.
#[derive(Debug)]
struct HttpsClient {
    tls: TlsContext,
    connectors: Mutex<Vec<(ConnectorKey, SharedHttpConnector)>>,
}

type ConnectorKey = (Option<Duration>, Option<Duration>);

impl HttpClient for HttpsClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut connectors = self.connectors.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, connector)) = connectors.iter().find(|(k, _)| *k == key) {
            return connector.clone();
        }
        let mut builder = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
            .tls_context(self.tls.clone());
        builder.set_connector_settings(Some(settings.clone()));
        builder.set_sleep_impl(components.sleep_impl());
        let connector = SharedHttpConnector::new(builder.build());
        connectors.push((key, connector.clone()));
        connector
    }
}

/// The SDK configuration: the region and credentials `config` read, our HTTP client, the
/// standard retry policy, and timeouts; with `endpoint`, a local emulator and dummy credentials
/// (the emulators do not check them; DynamoDB Local keeps tables per access key and region).
pub fn sdk_config(config: &Config, endpoint: Option<&str>) -> SdkConfig {
    // A dependency that hangs must become a quick "retry later" (503), not a Lambda timeout:
    // each attempt gets 3 s, the whole call (with the SDK's retries) 8 s.
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(1))
        .operation_attempt_timeout(Duration::from_secs(3))
        .operation_timeout(Duration::from_secs(8))
        .build();
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(config.region.clone()))
        .retry_config(RetryConfig::standard())
        .timeout_config(timeouts)
        .http_client(http_client(config.tls_roots));
    let credentials = match endpoint {
        Some(endpoint) => {
            builder = builder.endpoint_url(endpoint);
            Some(Credentials::new("local", "local", None, None, "elp-local"))
        }
        None => config.credentials.clone(),
    };
    if let Some(credentials) = credentials {
        builder = builder.credentials_provider(SharedCredentialsProvider::new(credentials));
    }
    builder.build()
}

/// The DynamoDB client and the SES client's configuration `config` names (the mailer builds its
/// client when it first sends): one SDK configuration, and so one HTTP client and one
/// credentials cache, whenever both talk to AWS or both to local emulators.
pub fn clients(config: &Config) -> (aws_sdk_dynamodb::Client, aws_sdk_sesv2::Config) {
    let sdk = sdk_config(config, config.dynamodb_endpoint.as_deref());
    let ses = match (&config.dynamodb_endpoint, &config.ses_endpoint) {
        (a, b) if a == b => aws_sdk_sesv2::Config::new(&sdk),
        (Some(_), Some(ses)) => aws_sdk_sesv2::config::Builder::from(&sdk)
            .endpoint_url(ses)
            .build(),
        (_, ses) => aws_sdk_sesv2::Config::new(&sdk_config(config, ses.as_deref())),
    };
    (aws_sdk_dynamodb::Client::new(&sdk), ses)
}

/// The licence signing key from its secret in Secrets Manager (`arn`): one
/// `GetSecretValue`, at cold start (decision 119). The secret's string is
/// `{"kid": "...", "seed": "..."}` (docs/DEPLOY.md, "The licence signing key"). `endpoint`:
/// another Secrets Manager than the region's (the tests' moto); `None` in AWS.
pub async fn licence_key_from_secret(
    config: &Config,
    endpoint: Option<&str>,
    arn: &str,
) -> Result<LicenceKey, LicenceKeyError> {
    let sdk = sdk_config(config, endpoint);
    let client = aws_sdk_secretsmanager::Client::new(&sdk);
    let out = client
        .get_secret_value()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| LicenceKeyError(format!("reading the secret: {}", DisplayErrorContext(e))))?;
    let text = zeroize::Zeroizing::new(
        out.secret_string()
            .ok_or_else(|| LicenceKeyError("the secret has no string".into()))?
            .to_string(),
    );
    LicenceKey::from_secret(&text)
}

/// The EventBridge client of the events function: AWS's, or the local one `config` names
/// (moto), with the same HTTP client and settings as the others.
pub fn eventbridge(config: &Config) -> aws_sdk_eventbridge::Client {
    let sdk = sdk_config(config, config.eventbridge_endpoint.as_deref());
    aws_sdk_eventbridge::Client::new(&sdk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn the_embedded_roots_are_four_certificates() {
        let blocks: Vec<&str> = AMAZON_ROOTS
            .split("-----BEGIN CERTIFICATE-----")
            .skip(1)
            .map(|b| b.split("-----END CERTIFICATE-----").next().unwrap())
            .collect();
        assert_eq!(blocks.len(), 4);
        for block in blocks {
            let der = base64::engine::general_purpose::STANDARD
                .decode(block.split_whitespace().collect::<String>())
                .expect("base64");
            // A DER SEQUENCE with a two-byte length: an X.509 certificate of this size.
            assert_eq!(&der[..2], &[0x30, 0x82]);
            assert_eq!(der.len(), 4 + u16::from_be_bytes([der[2], der[3]]) as usize);
        }
    }

    #[test]
    fn roots_parse_by_name_only() {
        assert_eq!(TlsRoots::parse("amazon"), Some(TlsRoots::Amazon));
        assert_eq!(TlsRoots::parse("system"), Some(TlsRoots::System));
        assert_eq!(TlsRoots::parse("Mozilla"), None);
    }
}
