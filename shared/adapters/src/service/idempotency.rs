//! `Idempotency-Key`, one mechanism for every mutation. The first answer to a mutating request
//! is stored with its change (the same transaction); a retry with the same key and the same
//! request gets that answer back and changes nothing; the same key with a different request is
//! refused (422).
//!
//! A mutation runs through [`as_admin`] or [`as_operator`], which decide its [`NextAction`]
//! (in the spirit of zero2prod's): read what the work needs together with the retry's record,
//! check the caller's current rights, then either return the stored reply or start the work.
//! The rights come first, so an admin who was set inactive or removed since gets 403, not the
//! answer (activation codes included) of an earlier attempt. The work commits
//! [`Once::record`] with its change; an attempt that loses the race to another with the same
//! key answers what the winner answered.

use sha2::{Digest, Sha256};

use elp_core::Membership;

use super::access::{admin, read, Caller, Operator};
use super::app::App;
use super::error::Error;
use super::reply::{Reply, Status};
use crate::store::idempotency::RETENTION_SECONDS;
use crate::store::{keys, IdempotencyRecord, Prefetch, Stored, Wanted};

/// The key a request carries and a digest of the request it came with, as the HTTP layer read
/// them; not yet scoped to a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    key: String,
    request_hash: String,
}

impl RequestKey {
    /// `key` is the header's value (1 to 128 visible ASCII characters, checked by the caller);
    /// `parts` are what makes the request itself (method, path, body), hashed here.
    pub fn new<'a>(key: &str, parts: impl IntoIterator<Item = &'a [u8]>) -> RequestKey {
        let mut digest = Sha256::new();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                digest.update([0]);
            }
            digest.update(part);
        }
        RequestKey {
            key: key.to_string(),
            request_hash: format!("{:x}", digest.finalize()),
        }
    }
}

/// What a mutation does next: its fresh work with what it read, or the reply stored by the
/// attempt that already applied it.
#[derive(Debug)]
pub enum NextAction<T> {
    StartProcessing(T),
    ReturnSavedReply(Reply),
}

/// A mutation's key, scoped to its caller so one caller's key never replays another's. Handed
/// to the work, which commits [`Once::record`] with its change.
#[derive(Debug, Clone)]
pub struct Once {
    scoped: Option<Scoped>,
}

#[derive(Debug, Clone)]
struct Scoped {
    key: keys::Key,
    request_hash: String,
    expires_at: i64,
}

impl Once {
    fn new(app: &App, scope: &str, caller: &str, key: Option<RequestKey>) -> Once {
        Once {
            scoped: key.map(|k| Scoped {
                key: keys::idempotency(scope, caller, &k.key),
                request_hash: k.request_hash,
                expires_at: app.clock.now().timestamp() + RETENTION_SECONDS,
            }),
        }
    }

    /// A person's mutation that reads what it needs itself (a machine's release): its key,
    /// scoped to the caller like [`as_admin`]'s.
    pub(crate) fn of_person(app: &App, caller: &Caller, key: Option<RequestKey>) -> Once {
        Once::new(app, "user", caller.email.as_str(), key)
    }

    /// The record of an earlier attempt with this key, read beside the mutation's own reads.
    pub(crate) async fn earlier(&self, app: &App) -> Result<Option<Stored>, Error> {
        match self.key() {
            Some(key) => Ok(app.store.get_idempotency(key).await?),
            None => Ok(None),
        }
    }

    /// The earlier attempt's answer when there was one (once the caller's rights were checked).
    pub(crate) fn saved(&self, earlier: Option<Stored>) -> Result<Option<Reply>, Error> {
        match self.next(earlier, ())? {
            NextAction::ReturnSavedReply(reply) => Ok(Some(reply)),
            NextAction::StartProcessing(()) => Ok(None),
        }
    }

    /// The record to read with the rest of what the mutation needs.
    fn key(&self) -> Option<&keys::Key> {
        self.scoped.as_ref().map(|s| &s.key)
    }

    /// The record to commit with the change, holding the reply it will return.
    pub fn record(&self, reply: &Reply) -> Option<IdempotencyRecord> {
        self.scoped.as_ref().map(|s| IdempotencyRecord {
            key: s.key.clone(),
            stored: Stored {
                request_hash: s.request_hash.clone(),
                status: reply.status.code(),
                body: reply.body.clone(),
                expires_at: s.expires_at,
            },
        })
    }

    /// A bulk request's job item (beside its idempotency record), the digest of the request
    /// and when both expire: `None` without a key.
    pub fn bulk_job(&self) -> Option<(keys::Key, &str, i64)> {
        self.scoped.as_ref().map(|s| {
            (
                keys::bulk_job(&s.key),
                s.request_hash.as_str(),
                s.expires_at,
            )
        })
    }

    /// The stored answer, if this request's record was found (422 if it was another request's).
    fn replay(&self, stored: Stored) -> Result<Reply, Error> {
        let same = self
            .scoped
            .as_ref()
            .is_some_and(|s| s.request_hash == stored.request_hash);
        if !same {
            return Err(Error::IdempotencyKeyReused);
        }
        Ok(Reply {
            status: Status::from_code(stored.status).ok_or_else(|| {
                Error::Internal(format!("stored reply with status {}", stored.status))
            })?,
            body: stored.body,
            file: None,
            etag: None,
        })
    }

    /// Given the record read (after the caller's rights were checked), what to do next.
    fn next<T>(&self, stored: Option<Stored>, fresh: T) -> Result<NextAction<T>, Error> {
        match stored {
            Some(stored) if self.scoped.is_some() => {
                Ok(NextAction::ReturnSavedReply(self.replay(stored)?))
            }
            _ => Ok(NextAction::StartProcessing(fresh)),
        }
    }

    /// The work's outcome, or, when another attempt with this key committed first, its answer.
    pub(crate) async fn settle(
        &self,
        app: &App,
        outcome: Result<Reply, Error>,
    ) -> Result<Reply, Error> {
        match (outcome, &self.scoped) {
            (Err(Error::AlreadyApplied), Some(scoped)) => {
                let stored = app
                    .store
                    .get_idempotency(&scoped.key)
                    .await?
                    .ok_or_else(|| Error::Internal("idempotency record vanished".into()))?;
                self.replay(stored)
            }
            (outcome, _) => outcome,
        }
    }
}

/// What an admin's mutation read: the caller's membership (an admin who may use the portal) and
/// the items it asked for.
pub struct AsAdmin {
    pub me: Membership,
    pub pre: Prefetch,
}

/// Runs an admin's mutation at most once per `Idempotency-Key`: one batch read of the caller's
/// membership, the `wanted` items and the retry's record; the caller must be an admin who may
/// use the portal; then the stored reply, or `work` with what was read.
pub async fn as_admin<F>(
    app: &App,
    caller: &Caller,
    key: Option<RequestKey>,
    wanted: Wanted<'_>,
    work: F,
) -> Result<Reply, Error>
where
    F: AsyncFnOnce(AsAdmin, &Once) -> Result<Reply, Error>,
{
    let once = Once::new(app, "user", caller.email.as_str(), key);
    let wanted = Wanted {
        replay: once.key(),
        ..wanted
    };
    let (mut pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller.take(), admission).await?;
    let stored = pre.replay.take();
    match once.next(stored, AsAdmin { me, pre })? {
        NextAction::ReturnSavedReply(reply) => Ok(reply),
        NextAction::StartProcessing(read) => {
            let outcome = work(read, &once).await;
            once.settle(app, outcome).await
        }
    }
}

/// Runs an operator's mutation at most once per `Idempotency-Key`. Operators are vendor staff,
/// whose rights the identity provider's group asserts (checked when `operator` was made), so
/// only the retry's record is read first.
pub async fn as_operator<F>(
    app: &App,
    operator: &Operator,
    key: Option<RequestKey>,
    work: F,
) -> Result<Reply, Error>
where
    F: AsyncFnOnce(&Once) -> Result<Reply, Error>,
{
    let once = Once::new(app, "operator", &operator.subject, key);
    let stored = match once.key() {
        Some(key) => app.store.get_idempotency(key).await?,
        None => None,
    };
    match once.next(stored, ())? {
        NextAction::ReturnSavedReply(reply) => Ok(reply),
        NextAction::StartProcessing(()) => {
            let outcome = work(&once).await;
            once.settle(app, outcome).await
        }
    }
}
