//! Configuration, read once at cold start from the environment.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `ELP_TABLE` | the DynamoDB table | required |
//! | `ELP_MAIL_FROM` | the SES sender identity | required |
//! | `ELP_PORTAL_URL` | the portal's address, for links in mail | required |
//! | `ELP_VENDOR_MAIL` | the licence provider's inbox: new credit requests are mailed there | required |
//! | `ELP_OPERATOR_GROUP` | the identity provider group of vendor staff | `elp-operators` |
//! | `ELP_GROUPS_CLAIM` | the JWT claim holding groups | `cognito:groups` |
//! | `ELP_DYNAMODB_ENDPOINT`, `ELP_SES_ENDPOINT` | local emulators (never set in AWS) | unset |
//! | `ELP_EVENTBRIDGE_ENDPOINT` | the events function only: a local EventBridge (moto; never set in AWS) | unset |
//! | `ELP_EVENT_BUS` | the events function only: the bus domain events are put on (docs/events.md) | unset |
//! | `ELP_EVENT_SOURCE` | the `source` of every domain event | `elp` |
//! | `ELP_DOWNLOAD_LIMIT_BYTES` | largest CSV download; larger ones are emailed | 4000000 |
//! | `ELP_ATTACHMENT_GZIP_BYTES` | emailed exports above this are gzip-compressed | 1000000 |
//! | `ELP_EXPORTS_BUCKET` | the exports bucket: emailed exports whose gzip exceeds `ELP_EXPORT_ATTACH_MAX_BYTES` are uploaded there and linked (unset: every export is attached) | unset |
//! | `ELP_S3_ENDPOINT` | a local S3-compatible server for that bucket (moto; never set in AWS), addressed path-style | unset |
//! | `ELP_EXPORT_ATTACH_MAX_BYTES` | the largest gzip attached to an export's mail; larger ones go by link | 5242880 |
//! | `ELP_EXPORT_PART_BYTES` | a multipart upload's part size (at least 5242880, S3's least) | 8388608 |
//! | `ELP_EXPORT_LINK_SECONDS` | how long an export's link is valid (60 to 604800) | 3600 |
//! | `ELP_TLS_ROOTS` | `amazon` (Amazon Trust Services only) or `system` (the platform's bundle) | `amazon` |
//! | `ELP_INVITATION_DAYS` | how long an invitation holds an address unless accepted | 30 |
//! | `ELP_MAIL_BUDGET` | mails an organisation may cause a day (the operator can set another) | 500 |
//! | `ELP_INVITATION_COOLDOWN_SECONDS` | least time between two invitation mails to one address | 600 |
//! | `ELP_EXPORT_INTERVAL_SECONDS` | least time between two emailed exports of one organisation | 600 |
//! | `ELP_RATE_ORG_PER_MINUTE`, `ELP_RATE_CALLER_PER_MINUTE` | API requests an organisation, and one caller, may make a minute (0: no limit) | 1200, 600 |
//! | `ELP_RATE_ACTIVATION_CODE_PER_MINUTE`, `ELP_RATE_ACTIVATION_SOURCE_PER_MINUTE` | activation requests one activation code, and one source address, may make a minute (0: no limit; docs/SECURITY.md) | 300, 300 |
//! | `ELP_LICENCE_SIGNING_SECRET_ARN` | the activation function only: the Secrets Manager secret of the licence signing key, read at cold start (`App::with_licence_key`) | unset |
//! | `ELP_LICENCE_SIGNING_KID`, `ELP_LICENCE_SIGNING_SEED` | locally, instead of the secret: the key id and the seed (base64url) | unset |
//! | `ELP_WEBHOOKS_ALLOW_LOOPBACK` | `true` lets webhook endpoints name a loopback address, over `http` too: the local stack and the tests only (their receivers listen on 127.0.0.1); never set in AWS | unset (public `https` only) |
//! | `AWS_REGION` | the region (Lambda sets it) | required, unless DynamoDB is local (`us-east-1`) |
//! | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | the role's credentials (Lambda sets them) | the keys required, unless DynamoDB is local; the token with temporary keys |
//!
//! The AWS settings are read here, not through the SDK's default provider chain: a function's
//! region and credentials are always in its environment, and the chain's other sources
//! (profile files, SSO, web identity, the instance metadata service) cost start-up time and
//! binary size for nothing in Lambda. With DynamoDB Local, the region defaults to `us-east-1`
//! and the emulators' clients sign with dummy credentials (they do not check them).

use aws_sdk_dynamodb::config::Credentials;

/// Which certificate authorities the HTTP client trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsRoots {
    /// Amazon Trust Services' roots only (the default).
    #[default]
    Amazon,
    /// The platform's bundle (`SSL_CERT_FILE`, `SSL_CERT_DIR` or the system's).
    System,
}

impl TlsRoots {
    pub fn parse(value: &str) -> Option<TlsRoots> {
        match value.trim() {
            "amazon" => Some(TlsRoots::Amazon),
            "system" => Some(TlsRoots::System),
            _ => None,
        }
    }
}

/// Where emailed exports too large to attach go (decisions 180-184).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFiles {
    /// The bucket; without one every export is attached, whatever its size.
    pub bucket: Option<String>,
    /// The largest gzip attached; past it the export is uploaded and linked.
    pub attach_max_bytes: usize,
    /// The multipart upload's part size (S3 takes no part but the last under 5 MiB).
    pub part_bytes: usize,
    /// How long the link is valid.
    pub link_seconds: u32,
}

impl Default for ExportFiles {
    fn default() -> Self {
        ExportFiles {
            bucket: None,
            attach_max_bytes: 5 * 1024 * 1024,
            part_bytes: 8 * 1024 * 1024,
            link_seconds: 3600,
        }
    }
}

/// What one organisation may take of what all share: the sender, the outbox, the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Mails an organisation may cause a day, unless the operator set its own.
    pub mail_budget: u32,
    pub invitation_cooldown_seconds: u32,
    pub export_interval_seconds: u32,
    /// API requests an organisation, and one caller, may make a minute; 0 sets no limit (and
    /// counts nothing).
    pub org_per_minute: u32,
    pub caller_per_minute: u32,
    /// Activation requests (the desktop software's) one activation code, and one source
    /// address, may make a minute; 0 sets no limit. The source's limit is what bounds guessing
    /// codes (docs/SECURITY.md); the code's keeps one leaked code from costing the table.
    pub activation_code_per_minute: u32,
    pub activation_source_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            mail_budget: elp_core::limits::DAILY_MAIL_BUDGET,
            invitation_cooldown_seconds: 600,
            export_interval_seconds: 600,
            org_per_minute: 1200,
            caller_per_minute: 600,
            activation_code_per_minute: 300,
            activation_source_per_minute: 300,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub table: String,
    pub mail_from: String,
    pub portal_url: String,
    /// The licence provider's inbox, told of every new credit request.
    pub vendor_mail: elp_core::Email,
    pub operator_group: String,
    pub groups_claim: String,
    pub dynamodb_endpoint: Option<String>,
    pub ses_endpoint: Option<String>,
    /// A local EventBridge (moto's server mode); unset in AWS.
    pub eventbridge_endpoint: Option<String>,
    /// The bus the events function puts domain events on (its name or ARN); the other
    /// functions have none.
    pub event_bus: Option<String>,
    /// The `source` of every domain event (`elp`).
    pub event_source: String,
    /// A local S3-compatible server for the exports bucket (moto).
    pub s3_endpoint: Option<String>,
    /// Where exports too large to attach go.
    pub export_files: ExportFiles,
    /// The largest CSV answered as a download; larger exports are emailed instead. Lambda's
    /// synchronous response limit is 6 MB and a download travels base64-encoded (4/3 larger).
    pub download_limit_bytes: usize,
    /// The most items one filtered read of an audit trail reads (A132): a filter that matches
    /// nothing answers an empty page and a cursor after this many, never a scan of the trail.
    pub audit_read_budget: u64,
    /// The most events one audit CSV reads (A133); past it the download is refused with the
    /// day to narrow it to (decision 173).
    pub audit_csv_max_events: u64,
    /// Emailed exports larger than this are attached gzip-compressed.
    pub attachment_gzip_bytes: usize,
    /// The certificate authorities the AWS clients trust.
    pub tls_roots: TlsRoots,
    /// Days an invitation holds an address unless it is accepted.
    pub invitation_days: u32,
    /// What one organisation may take of what all share.
    pub limits: Limits,
    /// Which webhook endpoints may be registered and reached: public `https` ones only, or
    /// loopback ones too (`ELP_WEBHOOKS_ALLOW_LOOPBACK=true`, the local stack and the tests).
    pub webhooks_reach: elp_core::webhook::Reach,
    /// The AWS region.
    pub region: String,
    /// The credentials the clients of AWS endpoints sign with (the emulators get dummy ones).
    pub credentials: Option<Credentials>,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "configuration: {0} must be set (numbers as whole numbers, ELP_INVITATION_DAYS from 1 to 365; ELP_TLS_ROOTS as amazon or system; ELP_EXPORT_PART_BYTES from 5242880 to 104857600, ELP_EXPORT_LINK_SECONDS from 60 to 604800; ELP_VENDOR_MAIL as a plain address; ELP_WEBHOOKS_ALLOW_LOOPBACK as true or false)"
)]
pub struct ConfigError(&'static str);

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let required = |name: &'static str| get(name).ok_or(ConfigError(name));
        let table = required("ELP_TABLE")?;
        let mail_from = required("ELP_MAIL_FROM")?;
        let portal_url = required("ELP_PORTAL_URL")?
            .trim_end_matches('/')
            .to_string();
        let vendor_mail = elp_core::Email::parse("ELP_VENDOR_MAIL", &required("ELP_VENDOR_MAIL")?)
            .map_err(|_| ConfigError("ELP_VENDOR_MAIL"))?;
        let dynamodb_endpoint = get("ELP_DYNAMODB_ENDPOINT");
        let ses_endpoint = get("ELP_SES_ENDPOINT");
        // Every function reads DynamoDB: with it local, nothing needs AWS's region or keys (an
        // SES in AWS without them fails to send, and the mail waits in the outbox).
        let local = dynamodb_endpoint.is_some();
        let region = match get("AWS_REGION") {
            Some(region) => region,
            None if local => "us-east-1".into(),
            None => return Err(ConfigError("AWS_REGION")),
        };
        let credentials = match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(key), Some(secret)) => Some(Credentials::new(
                key,
                secret,
                get("AWS_SESSION_TOKEN"),
                None,
                "environment",
            )),
            _ if local => None,
            (None, _) => return Err(ConfigError("AWS_ACCESS_KEY_ID")),
            (Some(_), None) => return Err(ConfigError("AWS_SECRET_ACCESS_KEY")),
        };
        Ok(Config {
            table,
            mail_from,
            portal_url,
            vendor_mail,
            operator_group: get("ELP_OPERATOR_GROUP").unwrap_or_else(|| "elp-operators".into()),
            groups_claim: get("ELP_GROUPS_CLAIM").unwrap_or_else(|| "cognito:groups".into()),
            dynamodb_endpoint,
            ses_endpoint,
            eventbridge_endpoint: get("ELP_EVENTBRIDGE_ENDPOINT"),
            event_bus: get("ELP_EVENT_BUS"),
            event_source: get("ELP_EVENT_SOURCE").unwrap_or_else(|| "elp".into()),
            s3_endpoint: get("ELP_S3_ENDPOINT"),
            export_files: {
                let d = ExportFiles::default();
                ExportFiles {
                    bucket: get("ELP_EXPORTS_BUCKET"),
                    attach_max_bytes: number(
                        &get,
                        "ELP_EXPORT_ATTACH_MAX_BYTES",
                        d.attach_max_bytes,
                    )?,
                    part_bytes: match number(&get, "ELP_EXPORT_PART_BYTES", d.part_bytes)? {
                        n @ 5_242_880..=104_857_600 => n,
                        _ => return Err(ConfigError("ELP_EXPORT_PART_BYTES")),
                    },
                    link_seconds: match number(
                        &get,
                        "ELP_EXPORT_LINK_SECONDS",
                        d.link_seconds as usize,
                    )? {
                        n @ 60..=604_800 => n as u32,
                        _ => return Err(ConfigError("ELP_EXPORT_LINK_SECONDS")),
                    },
                }
            },
            download_limit_bytes: number(&get, "ELP_DOWNLOAD_LIMIT_BYTES", 4_000_000)?,
            audit_read_budget: number(&get, "ELP_AUDIT_READ_BUDGET", 500)? as u64,
            audit_csv_max_events: number(&get, "ELP_AUDIT_CSV_MAX_EVENTS", 20_000)? as u64,
            attachment_gzip_bytes: number(&get, "ELP_ATTACHMENT_GZIP_BYTES", 1_000_000)?,
            limits: {
                let d = Limits::default();
                let count = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
                    match number(&get, name, default as usize)? {
                        n @ 1..=100_000_000 => Ok(n as u32),
                        _ => Err(ConfigError(name)),
                    }
                };
                let rate = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
                    match number(&get, name, default as usize)? {
                        n @ 0..=100_000_000 => Ok(n as u32),
                        _ => Err(ConfigError(name)),
                    }
                };
                Limits {
                    mail_budget: count("ELP_MAIL_BUDGET", d.mail_budget)?,
                    invitation_cooldown_seconds: count(
                        "ELP_INVITATION_COOLDOWN_SECONDS",
                        d.invitation_cooldown_seconds,
                    )?,
                    export_interval_seconds: count(
                        "ELP_EXPORT_INTERVAL_SECONDS",
                        d.export_interval_seconds,
                    )?,
                    org_per_minute: rate("ELP_RATE_ORG_PER_MINUTE", d.org_per_minute)?,
                    caller_per_minute: rate("ELP_RATE_CALLER_PER_MINUTE", d.caller_per_minute)?,
                    activation_code_per_minute: rate(
                        "ELP_RATE_ACTIVATION_CODE_PER_MINUTE",
                        d.activation_code_per_minute,
                    )?,
                    activation_source_per_minute: rate(
                        "ELP_RATE_ACTIVATION_SOURCE_PER_MINUTE",
                        d.activation_source_per_minute,
                    )?,
                }
            },
            invitation_days: match number(&get, "ELP_INVITATION_DAYS", 30)? {
                days @ 1..=365 => days as u32,
                _ => return Err(ConfigError("ELP_INVITATION_DAYS")),
            },
            tls_roots: match get("ELP_TLS_ROOTS") {
                None => TlsRoots::default(),
                Some(v) => TlsRoots::parse(&v).ok_or(ConfigError("ELP_TLS_ROOTS"))?,
            },
            webhooks_reach: match get("ELP_WEBHOOKS_ALLOW_LOOPBACK").as_deref().map(str::trim) {
                None | Some("false") => elp_core::webhook::Reach::Public,
                Some("true") => elp_core::webhook::Reach::AlsoLoopback,
                Some(_) => return Err(ConfigError("ELP_WEBHOOKS_ALLOW_LOOPBACK")),
            },
            region,
            credentials,
        })
    }
}

fn number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: usize,
) -> Result<usize, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().map_err(|_| ConfigError(name)),
    }
}

/// The key that signs licence files (docs/licence-file.md), with its key id. In AWS its seed is
/// read once at cold start from Secrets Manager (`ELP_LICENCE_SIGNING_SECRET_ARN`, read by
/// `sdk::licence_key_from_secret`); locally and in tests from the environment
/// (`ELP_LICENCE_SIGNING_KID` and `ELP_LICENCE_SIGNING_SEED`, the seed in base64url), where the
/// dev gateway and the test harness put a published test key (decision 119). Its `Debug` never
/// shows the seed.
pub struct LicenceKey {
    pub kid: String,
    pub key: elp_verifier::SigningKey,
}

impl std::fmt::Debug for LicenceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LicenceKey")
            .field("kid", &self.kid)
            .field("public", &self.public_text())
            .finish()
    }
}

/// Why a licence key could not be had.
#[derive(Debug, thiserror::Error)]
#[error("licence signing key: {0}")]
pub struct LicenceKeyError(pub String);

impl LicenceKey {
    /// From a key id and the seed's text (base64url of 32 bytes, as the secret holds it).
    pub fn new(kid: &str, seed: &str) -> Result<LicenceKey, LicenceKeyError> {
        let kid = kid.trim();
        if kid.is_empty() || kid.len() > 64 || !kid.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(LicenceKeyError(
                "the kid must be 1 to 64 visible ASCII characters".into(),
            ));
        }
        let key = elp_verifier::parse_signing_key(seed.trim())
            .map_err(|e| LicenceKeyError(e.to_string()))?;
        Ok(LicenceKey {
            kid: kid.to_string(),
            key,
        })
    }

    /// The secret's JSON form: `{"kid": "2027-01", "seed": "<43 characters>"}` (docs/DEPLOY.md).
    pub fn from_secret(json: &str) -> Result<LicenceKey, LicenceKeyError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Secret {
            kid: String,
            seed: String,
        }
        let mut secret: Secret = serde_json::from_str(json)
            .map_err(|_| LicenceKeyError("the secret is not {\"kid\", \"seed\"}".into()))?;
        let key = LicenceKey::new(&secret.kid, &secret.seed);
        zeroize::Zeroize::zeroize(&mut secret.seed);
        key
    }

    /// RFC 8032's published TEST 1 key under the kid `test-1` (docs/licence-file.md's vectors):
    /// what the dev gateway and the test harness sign with. Anyone can sign with it, so no
    /// product may trust it; the activation function never falls back to it.
    pub const PUBLISHED_TEST: (&'static str, &'static str, &'static str) = (
        "test-1",
        "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
    );

    /// The public half's text (base64url, 43 characters): what the software is built with.
    pub fn public_text(&self) -> String {
        elp_verifier::public_key_text(&self.key.verifying_key())
    }

    /// The published test key ([`LicenceKey::PUBLISHED_TEST`]).
    pub fn published_test() -> LicenceKey {
        let (kid, seed, _) = Self::PUBLISHED_TEST;
        LicenceKey::new(kid, seed).expect("RFC 8032's test key")
    }

    /// From `ELP_LICENCE_SIGNING_KID` and `ELP_LICENCE_SIGNING_SEED`, if both are set.
    pub fn from_env() -> Result<Option<LicenceKey>, LicenceKeyError> {
        let get = |name| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        match (
            get("ELP_LICENCE_SIGNING_KID"),
            get("ELP_LICENCE_SIGNING_SEED"),
        ) {
            (Some(kid), Some(seed)) => LicenceKey::new(&kid, &seed).map(Some),
            (None, None) => Ok(None),
            _ => Err(LicenceKeyError(
                "set both ELP_LICENCE_SIGNING_KID and ELP_LICENCE_SIGNING_SEED, or neither".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_values_are_named_when_missing() {
        let err = Config::from_lookup(|_| None).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("configuration: ELP_TABLE must be set"));
    }

    fn lambda(name: &str) -> Option<String> {
        match name {
            "ELP_TABLE" => Some("t".into()),
            "ELP_MAIL_FROM" => Some("licences@vendor.example".into()),
            "ELP_PORTAL_URL" => Some("https://portal.example/".into()),
            "ELP_VENDOR_MAIL" => Some("Licences@Vendor.example".into()),
            "AWS_REGION" => Some("eu-west-3".into()),
            "AWS_ACCESS_KEY_ID" => Some("ASIAEXAMPLE".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("secret".into()),
            "AWS_SESSION_TOKEN" => Some("token".into()),
            _ => None,
        }
    }

    #[test]
    fn defaults_apply_and_portal_url_is_normalised() {
        let config = Config::from_lookup(lambda).unwrap();
        assert_eq!(config.portal_url, "https://portal.example");
        assert_eq!(config.operator_group, "elp-operators");
        assert_eq!(config.dynamodb_endpoint, None);
        assert_eq!(config.event_source, "elp");
        assert_eq!(config.event_bus, None);
        assert_eq!(config.vendor_mail.as_str(), "licences@vendor.example");
    }

    #[test]
    fn the_vendor_s_inbox_is_required_and_an_address() {
        for bad in [
            None,
            Some("not an address"),
            Some("a@b.example\r\nBcc: x@y.z"),
        ] {
            let err = Config::from_lookup(|n| match n {
                "ELP_VENDOR_MAIL" => bad.map(str::to_string),
                n => lambda(n),
            });
            assert!(
                err.unwrap_err().to_string().contains("ELP_VENDOR_MAIL"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn in_aws_the_region_and_credentials_come_from_the_environment() {
        let config = Config::from_lookup(lambda).unwrap();
        assert_eq!(config.region, "eu-west-3");
        let credentials = config.credentials.as_ref().unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(credentials.secret_access_key(), "secret");
        assert_eq!(credentials.session_token(), Some("token"));
        assert!(
            !format!("{config:?}").contains("\"secret\""),
            "no secret in logs"
        );
        for missing in ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let err = Config::from_lookup(|n| if n == missing { None } else { lambda(n) });
            assert!(
                err.unwrap_err().to_string().contains(missing),
                "{missing} is named"
            );
        }
    }

    #[test]
    fn with_dynamodb_local_the_region_defaults_and_no_keys_are_needed() {
        let config = Config::from_lookup(|name| match name {
            "ELP_DYNAMODB_ENDPOINT" => Some("http://127.0.0.1:8000".into()),
            "AWS_REGION" | "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => None,
            n => lambda(n),
        })
        .unwrap();
        assert_eq!(config.region, "us-east-1");
        assert_eq!(config.credentials, None);
    }

    #[test]
    fn export_files_default_to_attachments_and_check_their_bounds() {
        let config = Config::from_lookup(lambda).unwrap();
        assert_eq!(config.export_files, ExportFiles::default());
        assert_eq!(config.export_files.bucket, None);
        let with = |name: &'static str, value: &'static str| {
            Config::from_lookup(move |n| {
                if n == name {
                    Some(value.into())
                } else {
                    lambda(n)
                }
            })
        };
        let config = with("ELP_EXPORTS_BUCKET", "elp-exports-1").unwrap();
        assert_eq!(config.export_files.bucket.as_deref(), Some("elp-exports-1"));
        for (name, bad) in [
            ("ELP_EXPORT_PART_BYTES", "5242879"),
            ("ELP_EXPORT_LINK_SECONDS", "59"),
            ("ELP_EXPORT_LINK_SECONDS", "604801"),
        ] {
            let err = with(name, bad).unwrap_err();
            assert!(err.to_string().contains(name), "{name}={bad}");
        }
        assert_eq!(
            with("ELP_EXPORT_LINK_SECONDS", "604800")
                .unwrap()
                .export_files
                .link_seconds,
            604_800
        );
    }

    #[test]
    fn a_licence_key_is_read_from_its_secret_and_never_shown() {
        let (kid, seed, public) = LicenceKey::PUBLISHED_TEST;
        let key =
            LicenceKey::from_secret(&format!(r#"{{"kid": "{kid}", "seed": "{seed}"}}"#)).unwrap();
        assert_eq!(
            (key.kid.as_str(), key.public_text()),
            (kid, public.to_string())
        );
        assert!(!format!("{key:?}").contains(seed), "no seed in logs");
        assert!(LicenceKey::from_secret(r#"{"kid": "k"}"#).is_err());
        assert!(LicenceKey::from_secret(&format!(r#"{{"kid": "", "seed": "{seed}"}}"#)).is_err());
        assert!(LicenceKey::new("k", "not a seed").is_err());
    }
}
