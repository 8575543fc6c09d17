//! `Idempotency-Key`: the first answer to a mutating request is stored with its change (same
//! transaction); a retry with the same key and the same request gets that answer back and
//! changes nothing; the same key with a different request is refused (422).

use std::future::Future;

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request};
use sha2::{Digest, Sha256};

use super::respond::Reply;
use crate::app::App;
use crate::error::Error;
use crate::store::{keys, IdempotencyRecord, Stored};

pub const HEADER: &str = "idempotency-key";

/// The key of one request, scoped to its caller.
#[derive(Debug, Clone)]
pub struct Idempotency {
    key: keys::Key,
    request_hash: String,
    now_epoch: i64,
}

impl Idempotency {
    /// The record to commit with the change, holding the reply it will return.
    pub fn record(&self, reply: &Reply) -> IdempotencyRecord {
        IdempotencyRecord {
            key: self.key.clone(),
            stored: Stored {
                request_hash: self.request_hash.clone(),
                status: reply.status.as_u16(),
                body: reply.body.to_string(),
                expires_at: self.now_epoch + crate::store::idempotency::RETENTION_SECONDS,
            },
        }
    }
}

fn hash(request: &Request) -> String {
    let mut digest = Sha256::new();
    digest.update(request.method().as_str());
    digest.update([0]);
    digest.update(request.uri().path());
    digest.update([0]);
    match request.body() {
        Body::Text(t) => digest.update(t.as_bytes()),
        Body::Binary(b) => digest.update(b),
        _ => {}
    }
    format!("{:x}", digest.finalize())
}

fn replay(stored: Stored, request_hash: &str) -> Result<Reply, Error> {
    if stored.request_hash != request_hash {
        return Err(Error::IdempotencyKeyReused);
    }
    Ok(Reply {
        status: StatusCode::from_u16(stored.status).map_err(|e| Error::Internal(e.to_string()))?,
        body: serde_json::from_str(&stored.body).map_err(|e| Error::Internal(e.to_string()))?,
    })
}

/// Runs `change` at most once per key: `change` gets the [`Idempotency`] to commit with its
/// write (or `None` when the request has no key).
pub async fn once<'a, F, Fut>(
    app: &'a App,
    request: &Request,
    scope: &str,
    caller: &str,
    change: F,
) -> Result<Reply, Error>
where
    F: FnOnce(Option<Idempotency>) -> Fut,
    Fut: Future<Output = Result<Reply, Error>> + 'a,
{
    let Some(raw) = request.headers().get(HEADER) else {
        return change(None).await;
    };
    let key = raw
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 128 && k.chars().all(|c| c.is_ascii_graphic()))
        .ok_or_else(|| {
            Error::BadRequest("Idempotency-Key must be 1 to 128 visible ASCII characters".into())
        })?;
    let idempotency = Idempotency {
        key: keys::idempotency(scope, caller, key),
        request_hash: hash(request),
        now_epoch: app.clock.now().timestamp(),
    };
    if let Some(stored) = app.store.get_idempotency(&idempotency.key).await? {
        return replay(stored, &idempotency.request_hash);
    }
    let (record_key, request_hash) = (idempotency.key.clone(), idempotency.request_hash.clone());
    match change(Some(idempotency)).await {
        // Another request with this key committed first: answer what it answered.
        Err(Error::AlreadyApplied) => {
            let stored = app
                .store
                .get_idempotency(&record_key)
                .await?
                .ok_or_else(|| Error::Internal("idempotency record vanished".into()))?;
            replay(stored, &request_hash)
        }
        other => other,
    }
}
