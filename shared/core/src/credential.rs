//! API credentials: what an organisation's scripts call the API with, instead of a person's
//! token. An admin creates one with a name and a role and sees its key once; only a digest of
//! the key's secret is kept. The key names its credential (`elp_<id>_<secret>`), so the
//! authorizer finds it with one read and compares the digest. A read-only credential reads its
//! organisation's data; an admin credential also changes licences and version policies. Neither
//! manages people or credentials, asks the licence provider for anything, or acts as a person:
//! [`SCRIPT_ROUTES`] is the whole list of what they may call. Every change a credential makes is
//! recorded under its name ([`credential_actor`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEvent};
use crate::error::{Invalid, Refusal};
use crate::message::Message;
use crate::users::{Acting, Membership};
use crate::values::OrgId;

/// Active (not revoked) credentials an organisation may hold at once.
pub const MAX_ACTIVE: u32 = 20;
/// Letters of a credential's name at most.
pub const MAX_NAME_CHARS: usize = 64;
/// What every key starts with, so a leaked key is recognisable (and a JWT never is one).
pub const KEY_PREFIX: &str = "elp_";
/// Bytes of randomness in a credential's id (its hex is 20 characters) and in its secret
/// (256 bits, 43 characters of unpadded base64url).
pub const ID_BYTES: usize = 10;
pub const SECRET_BYTES: usize = 32;
const ID_CHARS: usize = ID_BYTES * 2;
const SECRET_CHARS: usize = 43;
/// A credential's last use is written at most this often (seconds): reads stay reads.
pub const LAST_USED_EVERY: i64 = 60;
/// How credentials are named as actors in the trail: `credential:<id> <name>`.
pub const CREDENTIAL_ACTOR: &str = "credential:";

/// A credential's id: 20 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CredentialId(String);

impl CredentialId {
    pub fn parse(raw: &str) -> Option<CredentialId> {
        (raw.len() == ID_CHARS && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| CredentialId(raw.to_string()))
    }

    /// The id made of `ID_BYTES` bytes of fresh randomness.
    pub fn from_entropy(bytes: [u8; ID_BYTES]) -> CredentialId {
        CredentialId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CredentialId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        CredentialId::parse(&s).ok_or_else(|| format!("not a credential id: {s}"))
    }
}

impl From<CredentialId> for String {
    fn from(id: CredentialId) -> String {
        id.0
    }
}

impl std::fmt::Display for CredentialId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a credential may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialRole {
    /// The organisation's data, read only (the `GET` routes of [`SCRIPT_ROUTES`]).
    ReadOnly,
    /// Also generating, renewing, returning and assigning licences, releasing machines and
    /// setting version policies.
    Admin,
}

impl CredentialRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialRole::ReadOnly => "read_only",
            CredentialRole::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Option<CredentialRole> {
        match raw {
            "read_only" => Some(CredentialRole::ReadOnly),
            "admin" => Some(CredentialRole::Admin),
            _ => None,
        }
    }
}

/// The routes a script may call (method, path template) and the least role each needs. The
/// scripts API routes exactly these; the functions check them again for every request.
pub const SCRIPT_ROUTES: &[(&str, &str, CredentialRole)] = {
    use CredentialRole::{Admin, ReadOnly};
    &[
        ("GET", "/v1/dashboard", ReadOnly),
        ("GET", "/v1/banks", ReadOnly),
        ("GET", "/v1/banks/{id}", ReadOnly),
        ("GET", "/v1/banks/{id}/ledger", ReadOnly),
        ("GET", "/v1/banks/{id}/ledger.csv", ReadOnly),
        ("GET", "/v1/licenses", ReadOnly),
        ("GET", "/v1/licenses/{code}", ReadOnly),
        ("GET", "/v1/licenses/{code}/machines", ReadOnly),
        ("GET", "/v1/product-versions", ReadOnly),
        ("GET", "/v1/users", ReadOnly),
        ("GET", "/v1/audit", ReadOnly),
        ("GET", "/v1/credit-requests", ReadOnly),
        ("GET", "/v1/credit-requests/{id}", ReadOnly),
        ("POST", "/v1/licenses/quote", Admin),
        ("POST", "/v1/licenses", Admin),
        ("POST", "/v1/licenses/bulk/quote", Admin),
        ("POST", "/v1/licenses/bulk", Admin),
        ("POST", "/v1/licenses/bulk/renewals/quote", Admin),
        ("POST", "/v1/licenses/bulk/renewals", Admin),
        ("POST", "/v1/licenses/bulk/assign", Admin),
        ("POST", "/v1/licenses/{code}/renewals/quote", Admin),
        ("POST", "/v1/licenses/{code}/renewals", Admin),
        ("POST", "/v1/licenses/{code}/return", Admin),
        ("POST", "/v1/licenses/{code}/assign", Admin),
        ("POST", "/v1/licenses/{code}/machines/{seat}/release", Admin),
        ("PUT", "/v1/product-versions/{product}", Admin),
    ]
};

/// Does `path` (no query) fit `template`, segment by segment?
fn fits(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if (t.starts_with('{') && !p.is_empty()) || t == p => {}
            _ => return false,
        }
    }
}

/// Whether a credential of `role` may call `method path`. An exact route wins over a template
/// (`/v1/licenses/quote` is not `/v1/licenses/{code}`), as API Gateway routes them.
pub fn permits(role: CredentialRole, method: &str, path: &str) -> bool {
    let matching = |exact: bool| {
        SCRIPT_ROUTES
            .iter()
            .find(|(m, t, _)| *m == method && fits(t, path) && (t.contains('{') != exact))
    };
    let route = matching(true).or_else(|| matching(false));
    match route {
        Some((_, _, CredentialRole::Admin)) => role == CredentialRole::Admin,
        Some((_, _, CredentialRole::ReadOnly)) => true,
        None => false,
    }
}

/// A credential's name, as its admin gave it: 1 to 64 letters, no control characters, outer
/// whitespace trimmed. Two credentials of an organisation never share a name (compared
/// case-insensitively, [`CredentialName::folded`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CredentialName(String);

impl CredentialName {
    pub fn parse(field: &'static str, raw: &str) -> Result<CredentialName, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid::new(field, Message::new("invalid-empty")));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Invalid::new(
                field,
                Message::new("invalid-at-most-characters").number("max", MAX_NAME_CHARS),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new(
                field,
                Message::new("invalid-credential-name-control"),
            ));
        }
        Ok(CredentialName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as uniqueness compares it.
    pub fn folded(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A key as a script presents it: the credential it names and the secret that proves it.
#[derive(PartialEq, Eq)]
pub struct ApiKey {
    pub id: CredentialId,
    pub secret: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey({KEY_PREFIX}{}_…)", self.id)
    }
}

impl ApiKey {
    /// `elp_<20 hex>_<43 base64url>`, nothing more or less; `None` for anything else.
    pub fn parse(raw: &str) -> Option<ApiKey> {
        let rest = raw.strip_prefix(KEY_PREFIX)?;
        let (id, secret) = rest
            .split_once('_')
            .filter(|(id, _)| id.len() == ID_CHARS)?;
        let id = CredentialId::parse(id)?;
        let base64url = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        (secret.len() == SECRET_CHARS && secret.bytes().all(base64url)).then(|| ApiKey {
            id,
            secret: secret.to_string(),
        })
    }

    /// The key a script is given: the id, then the secret (43 characters of base64url).
    pub fn text(&self) -> String {
        format!("{KEY_PREFIX}{}_{}", self.id, self.secret)
    }
}

/// What the list shows of a key: enough to tell which it is, nothing that proves it.
pub fn key_hint(id: &CredentialId) -> String {
    format!("{KEY_PREFIX}{id}_…")
}

/// A credential as stored: its secret only as a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub id: CredentialId,
    pub org: OrgId,
    pub name: CredentialName,
    pub role: CredentialRole,
    /// The SHA-256 of the key's secret, lower-case hex.
    pub digest: String,
    pub created_at: DateTime<Utc>,
    /// The admin who created it (their address).
    pub created_by: String,
    /// When a script last used it, written at most once a minute ([`last_use_due`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
}

impl Credential {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }

    /// Who its changes are recorded as.
    pub fn actor(&self) -> String {
        credential_actor(&self.id, &self.name)
    }
}

/// The actor name of a credential: its id (which names it for good) and its name.
pub fn credential_actor(id: &CredentialId, name: &CredentialName) -> String {
    format!("{CREDENTIAL_ACTOR}{id} {}", name.as_str())
}

/// The credential's name in an actor written by [`credential_actor`].
pub fn credential_named(actor: &str) -> Option<&str> {
    let rest = actor.strip_prefix(CREDENTIAL_ACTOR)?;
    rest.split_once(' ').map(|(_, name)| name)
}

/// What the authorizer hands the functions for a key it accepted: the credential, as the
/// functions act for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: CredentialId,
    pub org: OrgId,
    pub name: CredentialName,
    pub role: CredentialRole,
}

impl Grant {
    pub fn of(c: &Credential) -> Grant {
        Grant {
            id: c.id.clone(),
            org: c.org.clone(),
            name: c.name.clone(),
            role: c.role,
        }
    }

    /// The organisation's admin membership the credential acts through, under its own name:
    /// `as_member` is the address the adapters give it (never a person's).
    pub fn acting_admin(&self, as_member: crate::Email, today: crate::Date) -> Membership {
        let mut m = Membership::invited(
            as_member,
            self.org.clone(),
            crate::Role::Admin,
            today,
            &crate::InvitationTerms {
                expires: today,
                decline_token: String::new(),
                decline_digest: String::new(),
            },
        );
        m.status = crate::UserStatus::Active;
        m.invitation = None;
        m.acting = Some(Box::new(Acting {
            actor: credential_actor(&self.id, &self.name),
            name: self.name.as_str().to_string(),
        }));
        m
    }
}

/// The authorizer's answer on a key that `found` (the credential its id names, if any) and
/// whose secret digests to `digest_matches`: the grant, or why not (a catalogue key of the
/// 401's sentence). The same answer for an unknown id and a wrong secret, so a key's id cannot
/// be probed.
pub fn admit(found: Option<&Credential>, digest_matches: bool) -> Result<Grant, &'static str> {
    match found {
        Some(c) if digest_matches && !c.is_revoked() => Ok(Grant::of(c)),
        Some(c) if digest_matches && c.is_revoked() => Err("unauthenticated-key-revoked"),
        _ => Err("unauthenticated-key-unknown"),
    }
}

/// Whether a use at `now` is written as the credential's last use.
pub fn last_use_due(last_used: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_used.is_none_or(|last| (now - last).num_seconds() >= LAST_USED_EVERY)
}

/// An admin (`by`, a person) creates a credential. `active` are the organisation's credentials
/// not revoked, as read (the store's conditions hold the cap and the names under concurrency).
pub fn creation(
    by: &Membership,
    id: CredentialId,
    name: CredentialName,
    role: CredentialRole,
    digest: String,
    now: DateTime<Utc>,
) -> (Credential, AuditEvent) {
    let credential = Credential {
        id,
        org: by.org.clone(),
        name,
        role,
        digest,
        created_at: now,
        created_by: by.actor().to_string(),
        last_used: None,
        revoked_at: None,
        revoked_by: None,
    };
    let audit = event(
        by,
        now,
        AuditAction::CredentialCreated,
        &credential,
        Message::new("audit-credential-created").text("role", role.as_str()),
    );
    (credential, audit)
}

/// An admin (`by`) revokes their organisation's credential: from now on its key is refused.
pub fn revocation(
    by: &Membership,
    credential: &Credential,
    now: DateTime<Utc>,
) -> Result<(Credential, AuditEvent), Refusal> {
    if credential.is_revoked() {
        return Err(Refusal::Conflict(
            Message::new("conflict-credential-revoked").text("name", credential.name.as_str()),
        ));
    }
    let mut after = credential.clone();
    after.revoked_at = Some(now);
    after.revoked_by = Some(by.actor().to_string());
    let audit = event(
        by,
        now,
        AuditAction::CredentialRevoked,
        credential,
        Message::new("audit-credential-revoked"),
    );
    Ok((after, audit))
}

fn event(
    by: &Membership,
    now: DateTime<Utc>,
    action: AuditAction,
    credential: &Credential,
    said: Message,
) -> AuditEvent {
    AuditEvent {
        org: by.org.clone(),
        at: now,
        actor: by.actor().to_string(),
        action,
        subject: credential.name.as_str().to_string(),
        bank: None,
        credits: 0,
        detail: said.to_string(),
        said: Some(said),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Email, InvitationTerms, Role};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    fn admin() -> Membership {
        let today = now().date_naive();
        let terms = InvitationTerms {
            expires: today,
            decline_token: String::new(),
            decline_digest: String::new(),
        };
        Membership::invited(
            Email::parse("e", "ana@studio.example").unwrap(),
            OrgId::parse("org_a").unwrap(),
            Role::Admin,
            today,
            &terms,
        )
    }

    fn key() -> ApiKey {
        ApiKey {
            id: CredentialId::from_entropy([0xab; ID_BYTES]),
            secret: "A".repeat(SECRET_CHARS),
        }
    }

    #[test]
    fn a_key_reads_back_as_itself_and_nothing_else_reads_as_a_key() {
        let k = key();
        assert_eq!(ApiKey::parse(&k.text()), Some(key()));
        let text = k.text();
        for bad in [
            String::new(),
            text[1..].to_string(),
            format!("{text}A"),
            text[..text.len() - 1].to_string(),
            text.replace("elp_", "ELP_"),
            text.replace('A', "="),
            text.replace("abab", "ABAB"),
            format!("elp_{}_{}", "ab".repeat(9), "A".repeat(43)),
            "eyJhbGciOiJSUzI1NiJ9.e30.sig".to_string(),
        ] {
            assert_eq!(ApiKey::parse(&bad), None, "{bad}");
        }
        assert!(
            !format!("{k:?}").contains(&k.secret),
            "Debug hides the secret"
        );
    }

    #[test]
    fn names_are_trimmed_bounded_and_compared_without_case() {
        let n = CredentialName::parse("name", "  CI Pipeline ").unwrap();
        assert_eq!(n.as_str(), "CI Pipeline");
        assert_eq!(n.folded(), "ci pipeline");
        assert!(CredentialName::parse("name", "  ").is_err());
        assert!(CredentialName::parse("name", &"x".repeat(65)).is_err());
        assert!(CredentialName::parse("name", &"é".repeat(64)).is_ok());
        assert!(CredentialName::parse("name", "a\nb").is_err());
    }

    #[test]
    fn read_only_reads_admin_also_changes_and_neither_leaves_the_list() {
        use CredentialRole::{Admin, ReadOnly};
        assert!(permits(ReadOnly, "GET", "/v1/licenses"));
        assert!(permits(ReadOnly, "GET", "/v1/licenses/ABCD"));
        assert!(permits(ReadOnly, "GET", "/v1/banks/b1/ledger.csv"));
        assert!(!permits(ReadOnly, "POST", "/v1/licenses"));
        assert!(!permits(ReadOnly, "POST", "/v1/licenses/quote"));
        assert!(permits(Admin, "POST", "/v1/licenses"));
        assert!(permits(Admin, "POST", "/v1/licenses/X/renewals"));
        for role in [ReadOnly, Admin] {
            for (method, path) in [
                ("GET", "/v1/me"),
                ("GET", "/v1/me/licenses"),
                ("GET", "/v1/credentials"),
                ("POST", "/v1/credentials"),
                ("DELETE", "/v1/credentials/x"),
                ("POST", "/v1/users"),
                ("PATCH", "/v1/users/a@b.example"),
                ("POST", "/v1/exports"),
                ("POST", "/v1/credit-requests"),
                ("GET", "/v1/operator/orgs"),
                ("PATCH", "/v1/org"),
                ("GET", "/v1/licenses/"),
                ("GET", "/v1/licenses/a/b/c"),
            ] {
                assert!(!permits(role, method, path), "{role:?} {method} {path}");
            }
        }
    }

    #[test]
    fn the_key_s_secret_and_revocation_decide_admission_alike_for_unknown_and_wrong() {
        let (c, _) = creation(
            &admin(),
            key().id,
            CredentialName::parse("name", "ci").unwrap(),
            CredentialRole::ReadOnly,
            "d".into(),
            now(),
        );
        assert_eq!(admit(Some(&c), true), Ok(Grant::of(&c)));
        assert_eq!(admit(Some(&c), false), admit(None, false));
        let (revoked, audit) = revocation(&admin(), &c, now()).unwrap();
        assert_eq!(
            admit(Some(&revoked), true),
            Err("unauthenticated-key-revoked")
        );
        assert_eq!(audit.action, AuditAction::CredentialRevoked);
        assert!(revocation(&admin(), &revoked, now()).is_err());
    }

    #[test]
    fn a_credential_acts_as_an_admin_under_its_own_name() {
        let g = Grant {
            id: key().id,
            org: OrgId::parse("org_a").unwrap(),
            name: CredentialName::parse("name", "nightly sync").unwrap(),
            role: CredentialRole::Admin,
        };
        let m = g.acting_admin(
            Email::parse("e", "x@credential.invalid").unwrap(),
            now().date_naive(),
        );
        assert!(m.is_admin() && m.can_use_portal());
        assert_eq!(m.actor(), format!("credential:{} nightly sync", g.id));
        assert_eq!(credential_named(m.actor()), Some("nightly sync"));
        assert_eq!(admin().actor(), "ana@studio.example");
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        assert!(last_use_due(None, now()));
        assert!(!last_use_due(
            Some(now() - chrono::Duration::seconds(59)),
            now()
        ));
        assert!(last_use_due(
            Some(now() - chrono::Duration::seconds(60)),
            now()
        ));
    }
}
