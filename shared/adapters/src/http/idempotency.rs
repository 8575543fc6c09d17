//! `Idempotency-Key`: the first answer to a mutating request is stored with its change (same
//! transaction); a retry with the same key and the same request gets that answer back and
//! changes nothing; the same key with a different request is refused (422).
//!
//! A use case reads the record with the rest of what it needs ([`Idempotency::key`] in its one
//! batch read), replays it if present, commits [`Idempotency::record`] with its change, and
//! passes its outcome through [`Idempotency::settle`], which answers a lost race with the
//! winner's reply.

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

impl Idempotency {
    /// The request's key, if it has one (400 when it is malformed). Reads nothing.
    pub fn of(
        app: &App,
        request: &Request,
        scope: &str,
        caller: &str,
    ) -> Result<Option<Idempotency>, Error> {
        let Some(raw) = request.headers().get(HEADER) else {
            return Ok(None);
        };
        let key = raw
            .to_str()
            .ok()
            .filter(|k| !k.is_empty() && k.len() <= 128 && k.chars().all(|c| c.is_ascii_graphic()))
            .ok_or_else(|| {
                Error::BadRequest(
                    "Idempotency-Key must be 1 to 128 visible ASCII characters".into(),
                )
            })?;
        Ok(Some(Idempotency {
            key: keys::idempotency(scope, caller, key),
            request_hash: hash(request),
            now_epoch: app.clock.now().timestamp(),
        }))
    }

    pub fn key(&self) -> &keys::Key {
        &self.key
    }

    /// The stored answer, if this request's record was found (422 if it was another request's).
    pub fn replay(&self, stored: Stored) -> Result<Reply, Error> {
        if stored.request_hash != self.request_hash {
            return Err(Error::IdempotencyKeyReused);
        }
        Ok(Reply {
            status: StatusCode::from_u16(stored.status)
                .map_err(|e| Error::Internal(e.to_string()))?,
            body: stored.body,
            file: None,
        })
    }

    /// The record to commit with the change, holding the reply it will return.
    pub fn record(&self, reply: &Reply) -> IdempotencyRecord {
        IdempotencyRecord {
            key: self.key.clone(),
            stored: Stored {
                request_hash: self.request_hash.clone(),
                status: reply.status.as_u16(),
                body: reply.body.clone(),
                expires_at: self.now_epoch + crate::store::idempotency::RETENTION_SECONDS,
            },
        }
    }

    /// Another attempt with this key committed first: answer what it answered.
    pub async fn settle(
        app: &App,
        idempotency: Option<&Idempotency>,
        outcome: Result<Reply, Error>,
    ) -> Result<Reply, Error> {
        match (outcome, idempotency) {
            (Err(Error::AlreadyApplied), Some(idempotency)) => {
                let stored = app
                    .store
                    .get_idempotency(&idempotency.key)
                    .await?
                    .ok_or_else(|| Error::Internal("idempotency record vanished".into()))?;
                idempotency.replay(stored)
            }
            (outcome, _) => outcome,
        }
    }
}

/// Runs `change` at most once per key, for use cases that read nothing else first.
pub async fn once<F, Fut>(
    app: &App,
    request: &Request,
    scope: &str,
    caller: &str,
    change: F,
) -> Result<Reply, Error>
where
    F: FnOnce(Option<Idempotency>) -> Fut,
    Fut: Future<Output = Result<Reply, Error>>,
{
    let idempotency = Idempotency::of(app, request, scope, caller)?;
    if let Some(i) = &idempotency {
        if let Some(stored) = app.store.get_idempotency(i.key()).await? {
            return i.replay(stored);
        }
    }
    let outcome = change(idempotency.clone()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}
