//! API Gateway's JWT authorizer, played locally: the identity provider's keys found through its
//! discovery document and JWKS, each token checked as the HTTP API's authorizer checks it, and
//! the claims handed on as it hands them (payload 2.0: `requestContext.authorizer.jwt.claims`,
//! every value a string).
//!
//! What is checked (the authorizer's documented evaluation):
//! - the `Authorization` header holds the token, with or without a `Bearer ` prefix;
//! - the header's `alg` is RS256 and its `kid` names a key of the issuer's JWKS, whose signature
//!   the token carries;
//! - `iss` is exactly the configured issuer; `aud` is one of the configured audiences, or, only
//!   when there is no `aud`, `client_id` is (an access token);
//! - `exp` is after now, `nbf` and `iat` (when present) not after now.
//!
//! Anything else is a 401. Keys are cached: a token whose `kid` is not among them makes the
//! authorizer fetch the JWKS again, at most once per [`Authorizer::with_refetch_interval`] (so
//! a rotated-in key is picked up, and a flood of tokens with made-up `kid`s costs one fetch), and
//! keys older than API Gateway's two hours are fetched again.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, PublicKeyUse};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

/// The client whose ID tokens the portal sends, unless `ELP_OIDC_CLIENT_ID` says otherwise.
pub const DEFAULT_CLIENT_ID: &str = "elp-portal";

/// How long API Gateway may keep an issuer's public keys.
const KEY_MAX_AGE: Duration = Duration::from_secs(2 * 60 * 60);
/// The least time between two JWKS fetches caused by unknown `kid`s.
const DEFAULT_REFETCH_INTERVAL: Duration = Duration::from_secs(10);

pub type Claims = BTreeMap<String, String>;

/// The authorizer of one API: an issuer and the audiences it accepts.
pub struct Authorizer {
    issuer: String,
    audiences: Vec<String>,
    refetch_interval: Duration,
    cache: tokio::sync::Mutex<Keys>,
    fetches: AtomicU64,
}

#[derive(Default)]
struct Keys {
    jwks_uri: Option<String>,
    by_kid: HashMap<String, DecodingKey>,
    /// When the JWKS was last asked for (successfully or not).
    fetched: Option<Instant>,
}

impl Authorizer {
    pub fn new(issuer: impl Into<String>, audiences: &[&str]) -> Authorizer {
        Authorizer {
            issuer: issuer.into(),
            audiences: audiences.iter().map(|a| a.to_string()).collect(),
            refetch_interval: DEFAULT_REFETCH_INTERVAL,
            cache: tokio::sync::Mutex::new(Keys::default()),
            fetches: AtomicU64::new(0),
        }
    }

    /// `ELP_OIDC_ISSUER` (required) and `ELP_OIDC_CLIENT_ID` (default `elp-portal`; a
    /// comma-separated list for several audiences).
    pub fn from_env() -> Result<Authorizer, String> {
        let issuer = std::env::var("ELP_OIDC_ISSUER").map_err(|_| {
            "set ELP_OIDC_ISSUER (infra/local/stack.sh start; . .local/stack.env)".to_string()
        })?;
        let audiences =
            std::env::var("ELP_OIDC_CLIENT_ID").unwrap_or_else(|_| DEFAULT_CLIENT_ID.into());
        let audiences: Vec<&str> = audiences
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        if audiences.is_empty() {
            return Err("ELP_OIDC_CLIENT_ID names no client".into());
        }
        Ok(Authorizer::new(issuer, &audiences))
    }

    pub fn with_refetch_interval(mut self, interval: Duration) -> Authorizer {
        self.refetch_interval = interval;
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The first audience: the client the portal signs in as.
    pub fn client_id(&self) -> &str {
        &self.audiences[0]
    }

    /// How many times the JWKS has been fetched (the tests watch the cache with it).
    pub fn jwks_fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The authorizer's verdict on an `Authorization` header: the claims to hand on, or `None`
    /// for a 401.
    pub async fn verify(&self, authorization: Option<&str>) -> Option<Claims> {
        let token = bearer(authorization?)?;
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::RS256 {
            return None;
        }
        let key = self.key(header.kid.as_deref()?).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        // The claims are checked below, as the authorizer checks them; the library checks the
        // signature (and that the key is an RSA key).
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        validation.leeway = 0;
        let data = decode::<Map<String, Value>>(token, &key, &validation).ok()?;
        let now = chrono::Utc::now().timestamp();
        accepted(&data.claims, &self.issuer, &self.audiences, now).then(|| handed_on(&data.claims))
    }

    /// The key named `kid`: from the cache, or from a fresh JWKS when the cache has none (and
    /// the last fetch is old enough) or is older than two hours.
    async fn key(&self, kid: &str) -> Option<DecodingKey> {
        let mut keys = self.cache.lock().await;
        let age = keys.fetched.map(|at| at.elapsed());
        let stale = age.is_none_or(|a| a >= KEY_MAX_AGE);
        let may_refetch = age.is_none_or(|a| a >= self.refetch_interval);
        if stale || (!keys.by_kid.contains_key(kid) && may_refetch) {
            self.fetches.fetch_add(1, Ordering::Relaxed);
            keys.fetched = Some(Instant::now());
            match self.fetch(keys.jwks_uri.clone()).await {
                Ok((uri, by_kid)) => {
                    keys.jwks_uri = Some(uri);
                    keys.by_kid = by_kid;
                }
                Err(e) => tracing::warn!(error = %e, issuer = %self.issuer, "JWKS not fetched"),
            }
        }
        keys.by_kid.get(kid).cloned()
    }

    /// Discovery (once), then the JWKS: its RSA signing keys by `kid`.
    async fn fetch(
        &self,
        jwks_uri: Option<String>,
    ) -> Result<(String, HashMap<String, DecodingKey>), String> {
        let issuer = self.issuer.clone();
        tokio::task::spawn_blocking(move || {
            let agent = ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(5))
                .redirects(0)
                .build();
            let get = |url: &str| -> Result<Value, String> {
                agent
                    .get(url)
                    .set("accept", "application/json")
                    .call()
                    .map_err(|e| format!("{url}: {e}"))?
                    .into_json::<Value>()
                    .map_err(|e| format!("{url}: {e}"))
            };
            let uri = match jwks_uri {
                Some(uri) => uri,
                None => {
                    let url = format!(
                        "{}/.well-known/openid-configuration",
                        issuer.trim_end_matches('/')
                    );
                    let discovery = get(&url)?;
                    if discovery["issuer"].as_str() != Some(issuer.as_str()) {
                        return Err(format!("{url} names another issuer"));
                    }
                    discovery["jwks_uri"]
                        .as_str()
                        .ok_or_else(|| format!("{url} has no jwks_uri"))?
                        .to_string()
                }
            };
            let jwks = get(&uri)?;
            let keys = jwks["keys"]
                .as_array()
                .ok_or_else(|| format!("{uri} has no keys"))?;
            Ok((uri, signing_keys(keys)))
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// The RSA signing keys of a JWKS, by `kid` (keys of other types or uses, or without a `kid`,
/// are left out: a token can only name a key by its `kid`).
fn signing_keys(keys: &[Value]) -> HashMap<String, DecodingKey> {
    keys.iter()
        .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
        .filter(|k| matches!(k.algorithm, AlgorithmParameters::RSA(_)))
        .filter(|k| {
            matches!(
                k.common.public_key_use,
                None | Some(PublicKeyUse::Signature)
            )
        })
        .filter_map(|k| {
            let kid = k.common.key_id.clone()?;
            Some((kid, DecodingKey::from_jwk(&k).ok()?))
        })
        .collect()
}

/// The token of an `Authorization` header: the whole value, or what follows `Bearer `.
fn bearer(header: &str) -> Option<&str> {
    let header = header.trim();
    let token = match header.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        Some(_) => return None,
        None if header.eq_ignore_ascii_case("bearer") => return None,
        None => header,
    };
    (!token.is_empty()).then_some(token)
}

fn number(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>, ()> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or(()),
    }
}

/// The authorizer's claim checks, at `now` (seconds since the epoch).
pub fn accepted(claims: &Map<String, Value>, issuer: &str, audiences: &[String], now: i64) -> bool {
    let now = now as f64;
    let ours = |v: &Value| v.as_str().is_some_and(|a| audiences.iter().any(|x| x == a));
    let audience_ok = match claims.get("aud") {
        Some(Value::Array(all)) => all.iter().any(ours),
        Some(aud) => ours(aud),
        None => claims.get("client_id").is_some_and(ours),
    };
    let times_ok = (|| {
        let exp = number(claims, "exp")?.ok_or(())?;
        let nbf = number(claims, "nbf")?;
        let iat = number(claims, "iat")?;
        Ok::<bool, ()>(exp > now && nbf.is_none_or(|t| t <= now) && iat.is_none_or(|t| t <= now))
    })()
    .unwrap_or(false);
    claims.get("iss").and_then(Value::as_str) == Some(issuer) && audience_ok && times_ok
}

/// The claims as the HTTP API hands them to a function: every value a string; arrays as
/// `[a b c]` and objects as `map[k:v]` (the way the authorizer's Go formats them), numbers as
/// their text, booleans `true`/`false`.
pub fn handed_on(claims: &Map<String, Value>) -> Claims {
    claims
        .iter()
        .map(|(name, value)| (name.clone(), text(value)))
        .collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "<nil>".into(),
        Value::Array(items) => {
            format!("[{}]", items.iter().map(text).collect::<Vec<_>>().join(" "))
        }
        Value::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}:{}", text(v)))
                .collect();
            format!("map[{}]", pairs.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ISS: &str = "http://127.0.0.1:9/";
    const NOW: i64 = 1_800_000_000;

    fn ok(claims: Value) -> bool {
        let audiences = vec!["elp-portal".to_string()];
        accepted(claims.as_object().unwrap(), ISS, &audiences, NOW)
    }

    fn good() -> Value {
        json!({ "iss": ISS, "aud": "elp-portal", "exp": NOW + 60, "iat": NOW - 1, "sub": "s" })
    }

    fn with(key: &str, value: Value) -> Value {
        let mut c = good();
        c[key] = value;
        c
    }

    fn without(key: &str) -> Value {
        let mut c = good();
        c.as_object_mut().unwrap().remove(key);
        c
    }

    #[test]
    fn the_issuer_must_be_exactly_the_configured_one() {
        assert!(ok(good()));
        assert!(!ok(with("iss", json!("http://127.0.0.1:9"))));
        assert!(!ok(with("iss", json!([ISS]))));
        assert!(!ok(without("iss")));
    }

    #[test]
    fn the_audience_or_else_the_client_id_must_be_ours() {
        assert!(ok(with("aud", json!(["other", "elp-portal"]))));
        assert!(!ok(with("aud", json!("other-app"))));
        assert!(!ok(with("aud", json!(["other-app"]))));
        let mut access = without("aud");
        assert!(!ok(access.clone()), "neither aud nor client_id");
        access["client_id"] = json!("elp-portal");
        assert!(ok(access.clone()), "an access token's client_id");
        access["aud"] = json!("other-app");
        assert!(!ok(access), "aud wins over client_id when both are there");
    }

    #[test]
    fn expiry_not_before_and_issued_at_are_held_to_now() {
        assert!(!ok(with("exp", json!(NOW))), "exp must be after now");
        assert!(!ok(with("exp", json!(NOW - 30))));
        assert!(!ok(without("exp")));
        assert!(!ok(with("exp", json!("soon"))));
        assert!(ok(with("nbf", json!(NOW))));
        assert!(!ok(with("nbf", json!(NOW + 5))));
        assert!(!ok(with("iat", json!(NOW + 5))));
        assert!(ok(without("iat")));
    }

    #[test]
    fn claims_are_handed_on_as_strings_the_way_api_gateway_writes_them() {
        let claims = json!({
            "email": "a@b.co",
            "email_verified": true,
            "cognito:groups": ["elp-operators", "staff"],
            "exp": 1_800_000_060,
            "ratio": 1.5,
            "address": { "country": "FR", "zip": 75001 },
        });
        let out = handed_on(claims.as_object().unwrap());
        assert_eq!(out["email"], "a@b.co");
        assert_eq!(out["email_verified"], "true");
        assert_eq!(out["cognito:groups"], "[elp-operators staff]");
        assert_eq!(out["exp"], "1800000060");
        assert_eq!(out["ratio"], "1.5");
        assert_eq!(out["address"], "map[country:FR zip:75001]");
    }

    #[test]
    fn the_token_comes_with_or_without_the_bearer_prefix() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("abc"), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer(""), None);
    }

    #[test]
    fn only_rsa_signing_keys_with_a_kid_are_kept() {
        let rsa = json!({ "kty": "RSA", "kid": "r", "use": "sig", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw", "e": "AQAB" });
        let enc = json!({ "kty": "RSA", "kid": "e", "use": "enc", "n": rsa["n"], "e": "AQAB" });
        let no_kid = json!({ "kty": "RSA", "n": rsa["n"], "e": "AQAB" });
        let oct = json!({ "kty": "oct", "kid": "h", "k": "c2VjcmV0" });
        let keys = signing_keys(&[rsa, enc, no_kid, oct]);
        assert_eq!(keys.keys().collect::<Vec<_>>(), vec!["r"]);
    }
}
