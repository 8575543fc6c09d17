//! Who is calling: the claims API Gateway's JWT authorizer verified (locally, the dev gateway
//! plays that part). A function never sees an unverified token; it reads the claims and then the
//! caller's membership, which alone decides what they may do.

use elp_core::Email;
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

use crate::config::Config;
use crate::service::{Error, Operator};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<Email>,
    pub groups: Vec<String>,
}

/// API Gateway renders array claims as `[a b c]`; identity providers may also send `a,b`.
fn parse_groups(raw: &str) -> Vec<String> {
    raw.trim_matches(|c| c == '[' || c == ']')
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|g| g.trim_matches('"'))
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect()
}

impl Identity {
    /// The caller's identity, or 401 when the request carries no verified claims.
    pub fn of(request: &Request, config: &Config) -> Result<Identity, Error> {
        let claims = match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(ctx)) => ctx
                .authorizer
                .as_ref()
                .and_then(|a| a.jwt.as_ref())
                .map(|jwt| &jwt.claims),
            _ => None,
        };
        let Some(claims) = claims.filter(|c| !c.is_empty()) else {
            return Err(Error::Unauthenticated("sign in to use the portal".into()));
        };
        let subject = claims
            .get("sub")
            .filter(|s| !s.is_empty())
            .cloned()
            .ok_or_else(|| Error::Unauthenticated("the token has no subject".into()))?;
        if claims.get("email_verified").is_some_and(|v| v != "true") {
            return Err(Error::Unauthenticated(
                "the email address of this account is not verified".into(),
            ));
        }
        let email = match claims.get("email") {
            Some(raw) => Some(Email::parse("email", raw).map_err(|_| {
                Error::Unauthenticated("the token's email is not a usable address".into())
            })?),
            None => None,
        };
        let groups = claims
            .get(&config.groups_claim)
            .map(|g| parse_groups(g))
            .unwrap_or_default();
        Ok(Identity {
            subject,
            email,
            groups,
        })
    }

    /// Vendor staff: members of the operator group.
    pub fn is_operator(&self, config: &Config) -> bool {
        self.groups.contains(&config.operator_group)
    }

    /// The email a portal user signs in with, or 401.
    pub fn email(&self) -> Result<&Email, Error> {
        self.email
            .as_ref()
            .ok_or_else(|| Error::Unauthenticated("the token carries no email address".into()))
    }
}

/// The signed-in person's email (401 without one): who a portal use case runs for.
pub fn caller(request: &Request, config: &Config) -> Result<Email, Error> {
    Ok(Identity::of(request, config)?.email()?.clone())
}

/// A member of the operator group: 401 without identity, 403 unless the identity is in the
/// group.
pub fn operator(request: &Request, config: &Config) -> Result<Operator, Error> {
    let identity = Identity::of(request, config)?;
    if !identity.is_operator(config) {
        return Err(Error::Forbidden(
            "only the vendor's operators can do this".into(),
        ));
    }
    Ok(Operator {
        subject: identity.subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_every_shape() {
        assert_eq!(
            parse_groups("[elp-operators admins]"),
            vec!["elp-operators", "admins"]
        );
        assert_eq!(parse_groups("a,b"), vec!["a", "b"]);
        assert_eq!(parse_groups("[\"a\",\"b\"]"), vec!["a", "b"]);
        assert!(parse_groups("[]").is_empty());
    }
}
