//! Who is calling: the claims API Gateway's JWT authorizer verified (locally, the dev gateway
//! plays that part). A function never sees an unverified token; it reads the claims and then the
//! caller's membership, which alone decides what they may do.
//!
//! Identity fails closed: a token must name its issuer and subject, and say its email address
//! is verified (`email_verified` present and true); the address is taken exactly as asserted
//! (plain ASCII, no whitespace anywhere); the operator group must be one of the token's groups
//! as a whole name.
//!
//! On the scripts API, the authorizer is the credentials' (`functions/authorizer`): its context
//! names the credential it admitted (id, organisation, name, role) or why it refused the key.
//! A request carrying both kinds, or a context missing any of those, is refused; a credential
//! may call only the routes its role allows (`elp_core::credential::permits`).

use std::collections::HashMap;

use elp_core::credential::{permits, CredentialId, CredentialName, CredentialRole};
use elp_core::{Email, Grant, Message, OrgId, Principal};
use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

use crate::config::Config;
use crate::service::{Caller, Error, Operator};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub principal: Principal,
    pub email: Email,
    pub groups: Vec<String>,
}

/// The groups a claim names, each a whole name. API Gateway's HTTP API renders an array claim
/// Go-style, `[a b c]` (so names are split on whitespace only; a name holding a comma stays
/// one name); a JSON array is read as one; any other value is one group's whole name.
fn parse_groups(raw: &str) -> Vec<String> {
    if let Ok(names) = serde_json::from_str::<Vec<String>>(raw) {
        return names;
    }
    match raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(list) => list.split_whitespace().map(str::to_string).collect(),
        None => vec![raw.to_string()],
    }
}

fn unauthenticated(why: &'static str) -> Error {
    Error::Unauthenticated(Message::new(why))
}

/// A claim that must be there, as a non-empty string.
fn required<'a>(
    claims: &'a HashMap<String, String>,
    name: &str,
    why: &'static str,
) -> Result<&'a str, Error> {
    claims
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| unauthenticated(why))
}

impl Identity {
    /// The caller's identity, or 401 saying what the token lacks.
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
            return Err(unauthenticated("unauthenticated-sign-in"));
        };
        let subject = required(claims, "sub", "unauthenticated-no-subject")?;
        let issuer = required(claims, "iss", "unauthenticated-no-issuer")?;
        match claims.get("email_verified").map(String::as_str) {
            Some("true") => {}
            Some(_) => return Err(unauthenticated("unauthenticated-email-not-verified")),
            None => return Err(unauthenticated("unauthenticated-email-verified-missing")),
        }
        let raw = required(claims, "email", "unauthenticated-no-email")?;
        let email = Email::parse_exact("email", raw)
            .map_err(|_| unauthenticated("unauthenticated-bad-email"))?;
        let groups = claims
            .get(&config.groups_claim)
            .map(|g| parse_groups(g))
            .unwrap_or_default();
        Ok(Identity {
            principal: Principal {
                issuer: issuer.to_string(),
                subject: subject.to_string(),
            },
            email,
            groups,
        })
    }

    /// Vendor staff: members of the operator group (its whole name).
    pub fn is_operator(&self, config: &Config) -> bool {
        self.groups.contains(&config.operator_group)
    }
}

/// The context the scripts API's authorizer handed on, if there is one (empty on the JWT API).
fn authorizer_context(request: &Request) -> Option<&HashMap<String, serde_json::Value>> {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .map(|a| &a.fields)
            .filter(|f| !f.is_empty()),
        _ => None,
    }
}

/// The id of the credential the authorizer admitted, as the request log names the caller.
pub(crate) fn credential_id(request: &Request) -> Option<String> {
    let fields = authorizer_context(request)?;
    let id = fields.get("credential")?.as_str()?;
    CredentialId::parse(id).map(|id| id.to_string())
}

/// The credential the authorizer admitted, or 401 saying why it did not (the key is unknown,
/// revoked, malformed) or why the context cannot be trusted (anything missing or malformed).
fn grant(fields: &HashMap<String, serde_json::Value>) -> Result<Grant, Error> {
    let text = |name: &str| fields.get(name).and_then(|v| v.as_str());
    if let Some(why) = text("refused") {
        if why == crate::service::credentials::UNAVAILABLE {
            return Err(Error::Unavailable(
                "the credential could not be read".into(),
            ));
        }
        let why = match why {
            "unauthenticated-key-revoked" => "unauthenticated-key-revoked",
            "unauthenticated-key-malformed" => "unauthenticated-key-malformed",
            _ => "unauthenticated-key-unknown",
        };
        return Err(unauthenticated(why));
    }
    let bad = || unauthenticated("unauthenticated-key-unknown");
    let id = text("credential")
        .and_then(CredentialId::parse)
        .ok_or_else(bad)?;
    let org = text("org")
        .and_then(|o| OrgId::parse(o).ok())
        .ok_or_else(bad)?;
    let name = text("name")
        .and_then(|n| CredentialName::parse("name", n).ok())
        .ok_or_else(bad)?;
    let role = text("role")
        .and_then(CredentialRole::parse)
        .ok_or_else(bad)?;
    Ok(Grant {
        id,
        org,
        name,
        role,
    })
}

/// The signed-in person, or the organisation's API credential on a route its role may call
/// (401 without a usable identity, 403 for a route the credential may not call): who a use
/// case runs for.
pub fn caller(request: &Request, config: &Config) -> Result<Caller, Error> {
    let lang = super::say::language(request.headers());
    if let Some(fields) = authorizer_context(request) {
        let has_claims = matches!(
            request.request_context_ref(),
            Some(RequestContext::ApiGatewayV2(ctx))
                if ctx.authorizer.as_ref().is_some_and(|a| a.jwt.is_some())
        );
        if has_claims {
            return Err(unauthenticated("unauthenticated-sign-in"));
        }
        let grant = grant(fields)?;
        let (method, path) = (request.method().as_str(), request.uri().path());
        if !permits(grant.role, method, path) {
            let why = match permits(CredentialRole::Admin, method, path) {
                true => "forbidden-credential-read-only",
                false => "forbidden-credential-route",
            };
            return Err(Error::Forbidden(Message::new(why)));
        }
        return Caller::of_credential(grant, lang);
    }
    let identity = Identity::of(request, config)?;
    Ok(Caller {
        email: identity.email,
        principal: identity.principal,
        lang,
        credential: None,
    })
}

/// A member of the operator group: 401 without identity, 403 unless the identity is in the
/// group.
pub fn operator(request: &Request, config: &Config) -> Result<Operator, Error> {
    let identity = Identity::of(request, config)?;
    if !identity.is_operator(config) {
        return Err(Error::Forbidden(Message::new("forbidden-operators-only")));
    }
    Ok(Operator {
        subject: identity.principal.subject,
        email: identity.email,
        lang: super::say::language(request.headers()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_in_every_shape_and_only_whole_names() {
        assert_eq!(
            parse_groups("[elp-operators admins]"),
            vec!["elp-operators", "admins"]
        );
        assert_eq!(parse_groups("[\"a\",\"b\"]"), vec!["a", "b"]);
        assert_eq!(parse_groups("[]"), Vec::<String>::new());
        assert_eq!(parse_groups("elp-operators"), vec!["elp-operators"]);
        // A group called "team,elp-operators" or "x elp-operators" is not the operator group.
        assert_eq!(
            parse_groups("team,elp-operators"),
            vec!["team,elp-operators"]
        );
        assert_eq!(
            parse_groups("[team,elp-operators]"),
            vec!["team,elp-operators"]
        );
        assert_eq!(parse_groups("x elp-operators"), vec!["x elp-operators"]);
        assert_eq!(
            parse_groups("[\"x elp-operators\"]"),
            vec!["x elp-operators"]
        );
    }
}
