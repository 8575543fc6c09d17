//! API credentials: an admin (a person) creates, lists and revokes their organisation's; the
//! scripts API's authorizer admits a key ([`authorize`]). The key is made here from the
//! operating system's randomness and shown once; only the SHA-256 of its secret is stored.

use elp_core::credential::{self, key_hint, last_use_due, ApiKey, ID_BYTES, SECRET_BYTES};
use elp_core::{Credential, CredentialId, CredentialName, CredentialRole, Grant, Invalid, Message};
use serde::{Deserialize, Serialize};

use super::access::{admin_by_read, own, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, RequestKey};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use crate::store::Wanted;

/// A credential as the admin's list shows it: never its digest.
#[derive(Debug, Serialize)]
pub struct CredentialView {
    pub id: CredentialId,
    pub name: String,
    pub role: CredentialRole,
    /// The key's beginning, to tell which key this is (`elp_<id>_…`).
    pub key_hint: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub created_by: String,
    pub last_used: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_by: Option<String>,
}

impl From<&Credential> for CredentialView {
    fn from(c: &Credential) -> Self {
        CredentialView {
            id: c.id.clone(),
            name: c.name.as_str().to_string(),
            role: c.role,
            key_hint: key_hint(&c.id),
            created_at: c.created_at,
            created_by: c.created_by.clone(),
            last_used: c.last_used,
            revoked_at: c.revoked_at,
            revoked_by: c.revoked_by.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCredentialInput {
    pub name: String,
    pub role: String,
}

/// The digest under which a key's secret is stored (lower-case hex of its SHA-256).
fn digest(secret: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh key: its id and its 256-bit secret from the operating system's CSPRNG.
fn new_key() -> Result<ApiKey, Error> {
    use base64::Engine;
    let mut id = [0u8; ID_BYTES];
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut id)
        .and_then(|()| getrandom::fill(&mut secret))
        .map_err(|e| Error::Internal(format!("randomness: {e}")))?;
    Ok(ApiKey {
        id: CredentialId::from_entropy(id),
        secret: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret),
    })
}

/// `GET /v1/credentials`: the organisation's credentials, newest first, revoked ones too.
pub async fn list(app: &App, caller: &Caller, page: PageRequest) -> Result<Reply, Error> {
    caller.person()?;
    let me = admin_by_read(app, caller).await?;
    let found = app
        .store
        .list_credentials(&me.org, page.cursor(), page.limit)
        .await?;
    let views: Vec<CredentialView> = found.items.iter().map(CredentialView::from).collect();
    reply_page("credentials", &views, found.next.as_deref())
}

/// `POST /v1/credentials`: a new credential, with its key, which this answer alone shows. A
/// retry with the same `Idempotency-Key` answers the credential without its key (the key is
/// never stored, not even in the retry's record).
pub async fn create(
    app: &App,
    caller: &Caller,
    input: NewCredentialInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    caller.person()?;
    let name = CredentialName::parse("name", &input.name)?;
    let role = CredentialRole::parse(&input.role)
        .ok_or_else(|| Invalid::new("role", Message::new("invalid-credential-role")))?;
    as_admin(app, caller, key, Wanted::default(), async |read, once| {
        let api_key = new_key()?;
        let now = app.clock.now();
        let (made, audit) = credential::creation(
            &read.me,
            api_key.id.clone(),
            name,
            role,
            hex(&digest(&api_key.secret)),
            now,
        );
        let view = CredentialView::from(&made);
        let shown = reply(
            Status::Created,
            serde_json::json!({ "credential": &view, "key": api_key.text() }),
        )?;
        let kept = reply(
            Status::Created,
            serde_json::json!({ "credential": &view, "key": null }),
        )?;
        app.store
            .create_credential(&made, &audit, once.record(&kept).as_ref())
            .await?;
        Ok(shown)
    })
    .await
}

/// `DELETE /v1/credentials/{id}`: revokes the credential; its key is refused from the next
/// request on.
pub async fn revoke(
    app: &App,
    caller: &Caller,
    id: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    caller.person()?;
    let id = CredentialId::parse(id).ok_or(Error::NotFound("credential"))?;
    let found = app.store.get_credential(&id).await?;
    as_admin(app, caller, key, Wanted::default(), async |read, once| {
        let before = own(found, |c| &c.org, &read.me, "credential")?;
        let (after, audit) = credential::revocation(&read.me, &before, app.clock.now())?;
        let answer = reply(Status::Ok, CredentialView::from(&after))?;
        app.store
            .revoke_credential(&before, &after, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

/// The verdict when the credential could not be read: the function answers 503, not 401.
pub const UNAVAILABLE: &str = "unavailable";

/// The authorizer's verdict on a request's `Authorization` header: the credential's grant, or
/// the catalogue key of why the key is refused (the function answers 401 with it). One
/// strongly consistent read, so a revocation holds from the next request; a use is recorded
/// as the credential's `last_used` at most once a minute.
pub async fn authorize(app: &App, authorization: Option<&str>) -> Result<Grant, &'static str> {
    let raw = authorization
        .map(|h| h.strip_prefix("Bearer ").unwrap_or(h).trim())
        .unwrap_or("");
    let key = ApiKey::parse(raw).ok_or("unauthenticated-key-malformed")?;
    let found = match app.store.get_credential(&key.id).await {
        Ok(found) => found,
        Err(e) => {
            tracing::error!(error = %e, "credential not read");
            return Err(UNAVAILABLE);
        }
    };
    let matches = found.as_ref().is_some_and(|c| {
        use subtle::ConstantTimeEq;
        let stored: Vec<u8> = (0..c.digest.len() / 2)
            .filter_map(|i| u8::from_str_radix(c.digest.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        bool::from(stored.ct_eq(&digest(&key.secret)))
    });
    let grant = credential::admit(found.as_ref(), matches)?;
    let now = app.clock.now();
    if found
        .as_ref()
        .is_some_and(|c| last_use_due(c.last_used, now))
    {
        let since = now - chrono::Duration::seconds(credential::LAST_USED_EVERY);
        if let Err(e) = app.store.touch_credential(&grant.id, now, since).await {
            // The request is admitted all the same: the last use is a convenience.
            tracing::warn!(error = %e, credential = %grant.id, "last use not recorded");
        }
    }
    Ok(grant)
}
