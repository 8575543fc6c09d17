//! Configuration, read once at cold start from the environment.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `ELP_TABLE` | the DynamoDB table | required |
//! | `ELP_MAIL_FROM` | the SES sender identity | required |
//! | `ELP_PORTAL_URL` | the portal's address, for links in mail | required |
//! | `ELP_OPERATOR_GROUP` | the identity provider group of vendor staff | `elp-operators` |
//! | `ELP_GROUPS_CLAIM` | the JWT claim holding groups | `cognito:groups` |
//! | `ELP_DYNAMODB_ENDPOINT`, `ELP_SES_ENDPOINT` | local emulators (never set in AWS) | unset |
//! | `ELP_DOWNLOAD_LIMIT_BYTES` | largest CSV download; larger ones are emailed | 4000000 |
//! | `ELP_ATTACHMENT_GZIP_BYTES` | emailed exports above this are gzip-compressed | 1000000 |
//! | `ELP_TLS_ROOTS` | `amazon` (Amazon Trust Services only) or `system` (the platform's bundle) | `amazon` |

use crate::sdk::TlsRoots;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub table: String,
    pub mail_from: String,
    pub portal_url: String,
    pub operator_group: String,
    pub groups_claim: String,
    pub dynamodb_endpoint: Option<String>,
    pub ses_endpoint: Option<String>,
    /// The largest CSV answered as a download; larger exports are emailed instead. Lambda's
    /// synchronous response limit is 6 MB and a download travels base64-encoded (4/3 larger).
    pub download_limit_bytes: usize,
    /// Emailed exports larger than this are attached gzip-compressed.
    pub attachment_gzip_bytes: usize,
    /// The certificate authorities the AWS clients trust.
    pub tls_roots: TlsRoots,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "configuration: {0} must be set (numbers as whole numbers; ELP_TLS_ROOTS as amazon or system)"
)]
pub struct ConfigError(&'static str);

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let required = |name: &'static str| get(name).ok_or(ConfigError(name));
        Ok(Config {
            table: required("ELP_TABLE")?,
            mail_from: required("ELP_MAIL_FROM")?,
            portal_url: required("ELP_PORTAL_URL")?
                .trim_end_matches('/')
                .to_string(),
            operator_group: get("ELP_OPERATOR_GROUP").unwrap_or_else(|| "elp-operators".into()),
            groups_claim: get("ELP_GROUPS_CLAIM").unwrap_or_else(|| "cognito:groups".into()),
            dynamodb_endpoint: get("ELP_DYNAMODB_ENDPOINT"),
            ses_endpoint: get("ELP_SES_ENDPOINT"),
            download_limit_bytes: number(&get, "ELP_DOWNLOAD_LIMIT_BYTES", 4_000_000)?,
            attachment_gzip_bytes: number(&get, "ELP_ATTACHMENT_GZIP_BYTES", 1_000_000)?,
            tls_roots: match get("ELP_TLS_ROOTS") {
                None => TlsRoots::default(),
                Some(v) => TlsRoots::parse(&v).ok_or(ConfigError("ELP_TLS_ROOTS"))?,
            },
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

    #[test]
    fn defaults_apply_and_portal_url_is_normalised() {
        let config = Config::from_lookup(|name| match name {
            "ELP_TABLE" => Some("t".into()),
            "ELP_MAIL_FROM" => Some("licences@vendor.example".into()),
            "ELP_PORTAL_URL" => Some("https://portal.example/".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.portal_url, "https://portal.example");
        assert_eq!(config.operator_group, "elp-operators");
        assert_eq!(config.dynamodb_endpoint, None);
    }
}
