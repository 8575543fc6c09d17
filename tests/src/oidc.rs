//! The local OpenID provider (`infra/local/oidc/provider.mjs`) for the tests: started once per
//! test run like the emulators (free loopback port, `PR_SET_PDEATHSIG`), or reused when
//! `ELP_OIDC_ISSUER` (with `ELP_OIDC_KEY_DIR`, its keys) names a running one.
//!
//! Tokens come from it the way the portal gets them, without a browser: the authorization code
//! flow with PKCE over HTTP (the authorization request, the provider's sign-in form, the
//! redirect's code, the token endpoint). Tokens it would never issue (expired, not yet valid, of
//! another issuer) are forged with its real private key, which it writes as PEM for us; tokens
//! of an unknown key with a key it never published.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The portal's client, and a second one (tokens of another audience).
pub const PORTAL: &str = "elp-portal";
pub const OTHER_APP: &str = "other-app";

/// What the provider's sign-in page is told.
#[derive(Debug, Clone)]
pub struct SignIn<'a> {
    pub client: &'a str,
    pub email: &'a str,
    pub operator: bool,
    pub verified: Verified,
    /// Another subject for the same email.
    pub second_subject: bool,
}

/// The `email_verified` claim the ID token carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    True,
    False,
    Missing,
}

impl<'a> SignIn<'a> {
    pub fn person(email: &'a str) -> SignIn<'a> {
        SignIn {
            client: PORTAL,
            email,
            operator: false,
            verified: Verified::True,
            second_subject: false,
        }
    }

    pub fn operator(email: &'a str) -> SignIn<'a> {
        SignIn {
            operator: true,
            ..SignIn::person(email)
        }
    }

    pub fn client(self, client: &'a str) -> SignIn<'a> {
        SignIn { client, ..self }
    }

    pub fn verified(self, verified: Verified) -> SignIn<'a> {
        SignIn { verified, ..self }
    }

    pub fn second_subject(self) -> SignIn<'a> {
        SignIn {
            second_subject: true,
            ..self
        }
    }
}

/// The token endpoint's answer.
#[derive(Debug, Clone, Deserialize)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
}

#[derive(Debug, Deserialize)]
struct KeysFile {
    signing: String,
    published: Vec<String>,
    unknown: String,
}

pub struct Provider {
    pub issuer: String,
    key_dir: PathBuf,
}

/// The provider for this test run.
pub fn provider() -> &'static Provider {
    static PROVIDER: OnceLock<Provider> = OnceLock::new();
    PROVIDER.get_or_init(|| {
        if let Ok(issuer) = std::env::var("ELP_OIDC_ISSUER") {
            let key_dir = std::env::var("ELP_OIDC_KEY_DIR")
                .expect("ELP_OIDC_ISSUER is set: set ELP_OIDC_KEY_DIR too (. .local/stack.env)");
            return Provider {
                issuer,
                key_dir: key_dir.into(),
            };
        }
        let port = crate::free_port();
        let key_dir = std::env::temp_dir().join(crate::unique("elp-oidc-keys-"));
        crate::node_modules(); // says what to do when the npm packages are missing
        let mut command = Command::new("node");
        command
            .arg(crate::workspace_root().join("infra/local/oidc/provider.mjs"))
            .env("ELP_OIDC_PORT", port.to_string())
            .env("ELP_OIDC_KEY_DIR", &key_dir)
            .env_remove("ELP_OIDC_ID_TOKEN_TTL")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        crate::spawn_for_this_run(command);
        let provider = Provider {
            issuer: format!("http://127.0.0.1:{port}"),
            key_dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while provider.discovery().is_err() || !provider.key_dir.join("keys.json").is_file() {
            assert!(
                Instant::now() < deadline,
                "the OpenID provider did not answer on port {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        provider
    })
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .redirects(0)
        .build()
}

fn random(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    crate::getrandom(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A JWT's claims, read without checking anything.
pub fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url payload"))
        .expect("a JSON payload")
}

/// The same claims with some replaced (`Value::Null` removes one).
pub fn with_claims(claims: &Value, changes: &[(&str, Value)]) -> Value {
    let mut claims = claims.clone();
    let map = claims.as_object_mut().expect("claims are an object");
    for (name, value) in changes {
        if value.is_null() {
            map.remove(*name);
        } else {
            map.insert(name.to_string(), value.clone());
        }
    }
    claims
}

impl Provider {
    fn discovery(&self) -> Result<Value, String> {
        agent()
            .get(&format!("{}/.well-known/openid-configuration", self.issuer))
            .call()
            .map_err(|e| e.to_string())?
            .into_json()
            .map_err(|e| e.to_string())
    }

    fn url(&self, location: &str) -> url::Url {
        url::Url::parse(&self.issuer)
            .and_then(|base| base.join(location))
            .unwrap_or_else(|e| panic!("{location}: {e}"))
    }

    /// A sign-in through the code flow with PKCE; the provider's tokens.
    pub fn sign_in(&self, how: &SignIn<'_>) -> Tokens {
        let redirect_uri = if how.client == PORTAL {
            "http://127.0.0.1/"
        } else {
            "http://127.0.0.1/callback"
        };
        let verifier = random(32);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let (state, nonce) = (random(16), random(16));
        let agent = agent();
        let mut jar: HashMap<String, String> = HashMap::new();
        let send = |request: ureq::Request,
                    form: Option<&[(&str, &str)]>,
                    jar: &mut HashMap<String, String>| {
            let cookie: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let request = if cookie.is_empty() {
                request
            } else {
                request.set("cookie", &cookie.join("; "))
            };
            let response = match form {
                Some(form) => request.send_form(form),
                None => request.call(),
            }
            .unwrap_or_else(|e| panic!("the provider refused a step of the sign-in: {e}"));
            for line in response.all("set-cookie") {
                let pair = line.split(';').next().unwrap_or("");
                if let Some((name, value)) = pair.split_once('=') {
                    jar.insert(name.trim().to_string(), value.trim().to_string());
                }
            }
            response
        };
        let mut authorize = self.url("/auth");
        authorize
            .query_pairs_mut()
            .append_pair("client_id", how.client)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid email")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", &state)
            .append_pair("nonce", &nonce);
        let mut response = send(agent.get(authorize.as_str()), None, &mut jar);
        let mut callback = None;
        for _ in 0..10 {
            let location = response
                .header("location")
                .unwrap_or_else(|| panic!("no redirect from the provider ({})", response.status()))
                .to_string();
            let next = self.url(&location);
            if next.as_str().starts_with(redirect_uri) && next.origin() != self.url("/").origin() {
                callback = Some(next);
                break;
            }
            if next.path().starts_with("/interaction/") {
                // The sign-in page, as a browser would show it, then its form. (The consent
                // step, which the provider grants by itself for our clients, redirects on.)
                let page = send(agent.get(next.as_str()), None, &mut jar);
                if page.status() != 200 {
                    response = page;
                    continue;
                }
                let mut form = vec![("email", how.email)];
                if how.operator {
                    form.push(("operator", "on"));
                }
                form.push((
                    "verified",
                    match how.verified {
                        Verified::True => "true",
                        Verified::False => "false",
                        Verified::Missing => "missing",
                    },
                ));
                if how.second_subject {
                    form.push(("second", "on"));
                }
                let login = self.url(&format!("{}/login", next.path()));
                response = send(agent.post(login.as_str()), Some(&form), &mut jar);
            } else {
                response = send(agent.get(next.as_str()), None, &mut jar);
            }
        }
        let callback = callback.expect("the provider redirected back with a code");
        let query: HashMap<String, String> = callback.query_pairs().into_owned().collect();
        assert_eq!(query.get("state"), Some(&state), "the state comes back");
        let code = query.get("code").expect("an authorization code");
        let token_endpoint = self.url("/token");
        let tokens: Tokens = agent
            .post(token_endpoint.as_str())
            .send_form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", how.client),
                ("code_verifier", &verifier),
            ])
            .unwrap_or_else(|e| panic!("the token endpoint refused the code: {e}"))
            .into_json()
            .expect("the token endpoint's JSON");
        assert_eq!(
            claims_of(&tokens.id_token)["nonce"].as_str(),
            Some(nonce.as_str()),
            "the ID token carries the nonce"
        );
        tokens
    }

    /// The ID token of `email`, signed in at the portal's client.
    pub fn id_token(&self, email: &str) -> String {
        self.sign_in(&SignIn::person(email)).id_token
    }

    /// The ID token of an operator.
    pub fn operator_id_token(&self, email: &str) -> String {
        self.sign_in(&SignIn::operator(email)).id_token
    }

    /// The refresh grant: new tokens, and a new refresh token (the old one is spent).
    pub fn refresh(&self, client: &str, refresh_token: &str) -> Result<Tokens, u16> {
        match agent().post(self.url("/token").as_str()).send_form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", client),
        ]) {
            Ok(response) => Ok(response.into_json().expect("the token endpoint's JSON")),
            Err(ureq::Error::Status(status, _)) => Err(status),
            Err(e) => panic!("the token endpoint: {e}"),
        }
    }

    /// A new signing key, published before the others (which stay published): its `kid`.
    pub fn rotate(&self) -> String {
        let answer: Value = agent()
            .post(self.url("/dev/rotate").as_str())
            .call()
            .expect("the provider rotates its key")
            .into_json()
            .expect("JSON");
        answer["kid"].as_str().expect("a kid").to_string()
    }

    fn keys(&self) -> KeysFile {
        let text = std::fs::read_to_string(self.key_dir.join("keys.json"))
            .expect("the provider's keys.json");
        serde_json::from_str(&text).expect("keys.json")
    }

    /// The `kid`s the provider publishes, newest first.
    pub fn published_kids(&self) -> Vec<String> {
        self.keys().published
    }

    fn sign_with(&self, kid: &str, claims: &Value) -> String {
        let pem = std::fs::read(self.key_dir.join(format!("{kid}.pem")))
            .unwrap_or_else(|e| panic!("the provider's key {kid}: {e}"));
        let key = EncodingKey::from_rsa_pem(&pem).expect("an RSA private key");
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_string());
        encode(&header, claims, &key).expect("RS256 signing")
    }

    /// A token the provider never issued, signed with its real (current) key.
    pub fn forge(&self, claims: &Value) -> String {
        self.sign_with(&self.keys().signing, claims)
    }

    /// The same, signed with a key the provider never published.
    pub fn forge_with_unknown_key(&self, claims: &Value) -> String {
        self.sign_with(&self.keys().unknown, claims)
    }
}
