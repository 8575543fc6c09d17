//! Tokens: minted by the dev sign-in page, verified like API Gateway's JWT authorizer (signature,
//! issuer, audience, expiry), and turned into the claims map the authorizer passes on (array
//! claims rendered `[a b]`, as API Gateway does).

use std::collections::BTreeMap;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "http://localhost/dev-issuer";
pub const AUDIENCE: &str = "elp-portal";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub email: String,
    pub email_verified: bool,
    #[serde(
        rename = "cognito:groups",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub groups: Vec<String>,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
}

/// A signing key made fresh for each run of the gateway: tokens never outlive it.
pub struct Issuer {
    pub(crate) secret: Vec<u8>,
    pub issuer: String,
    pub audience: String,
}

impl Issuer {
    pub fn new() -> Issuer {
        let mut secret = vec![0u8; 32];
        getrandom::fill(&mut secret).expect("the OS random source");
        Issuer::with_secret(secret)
    }

    pub fn with_secret(secret: Vec<u8>) -> Issuer {
        Issuer {
            secret,
            issuer: ISSUER.into(),
            audience: AUDIENCE.into(),
        }
    }

    pub fn mint(&self, email: &str, groups: &[&str], lifetime: chrono::Duration) -> String {
        self.mint_for(email, groups, lifetime, &self.audience)
    }

    /// A token for another audience (what a token minted for some other application carries).
    pub fn mint_for(
        &self,
        email: &str,
        groups: &[&str],
        lifetime: chrono::Duration,
        audience: &str,
    ) -> String {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: format!("dev|{email}"),
            email: email.to_string(),
            email_verified: true,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            iss: self.issuer.clone(),
            aud: audience.to_string(),
            exp: now + lifetime.num_seconds(),
            iat: now,
        };
        let key = EncodingKey::from_secret(&self.secret).expect("an HMAC key of 32 bytes");
        encode(&Header::new(Algorithm::HS256), &claims, &key).expect("HS256 signing")
    }

    /// The authorizer's check of an `Authorization` header: `None` means 401.
    pub fn verify(&self, authorization: Option<&str>) -> Option<BTreeMap<String, String>> {
        let token = authorization?.strip_prefix("Bearer ")?.trim();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.leeway = 0;
        let key = DecodingKey::from_secret(&self.secret).ok()?;
        let data = decode::<Claims>(token, &key, &validation).ok()?;
        let c = data.claims;
        let mut claims = BTreeMap::from([
            ("sub".to_string(), c.sub),
            ("email".to_string(), c.email),
            ("email_verified".to_string(), c.email_verified.to_string()),
            ("iss".to_string(), c.iss),
            ("aud".to_string(), c.aud),
            ("exp".to_string(), c.exp.to_string()),
            ("iat".to_string(), c.iat.to_string()),
        ]);
        if !c.groups.is_empty() {
            claims.insert("cognito:groups".into(), format!("[{}]", c.groups.join(" ")));
        }
        Some(claims)
    }
}

impl Default for Issuer {
    fn default() -> Self {
        Issuer::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_the_right_key_audience_and_time() {
        let issuer = Issuer::new();
        let token = issuer.mint("a@b.co", &["elp-operators"], chrono::Duration::hours(1));
        let claims = issuer.verify(Some(&format!("Bearer {token}"))).unwrap();
        assert_eq!(claims["email"], "a@b.co");
        assert_eq!(claims["cognito:groups"], "[elp-operators]");
        assert!(issuer.verify(None).is_none());
        assert!(issuer.verify(Some(&token)).is_none(), "not a bearer header");
        assert!(
            Issuer::new()
                .verify(Some(&format!("Bearer {token}")))
                .is_none(),
            "another key"
        );
        let expired = issuer.mint("a@b.co", &[], chrono::Duration::seconds(-10));
        assert!(issuer.verify(Some(&format!("Bearer {expired}"))).is_none());
        let mut other = Issuer::with_secret(issuer.secret.clone());
        other.audience = "someone-else".into();
        let wrong_audience = other.mint("a@b.co", &[], chrono::Duration::hours(1));
        assert!(issuer
            .verify(Some(&format!("Bearer {wrong_audience}")))
            .is_none());
    }
}
