//! The use cases' one error type: what a use case answers when it does not succeed. Each variant
//! means one thing to the caller; the HTTP layer maps them to statuses in one place.

use elp_core::activation::Denial;
use elp_core::{Invalid, Message, Refusal, RuleError};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed request: not JSON, wrong content type, bad cursor (400).
    #[error("{0}")]
    BadRequest(Message),
    /// No identity or an unusable one (401).
    #[error("{0}")]
    Unauthenticated(Message),
    /// Identified, but not allowed (403).
    #[error("{0}")]
    Forbidden(Message),
    /// Missing, or belonging to another organisation: the two are never told apart (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The path exists with another method (405).
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// A field is not acceptable (422).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The rules refuse (409).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The activation rules refuse the desktop software (409, with the denial's stable code).
    #[error("{}", .0.message())]
    Denied(Denial),
    /// An activation code that names no licence the software may use: unknown, of a suspended
    /// organisation or of another product, all answered alike (404 `unknown_license`).
    #[error("unknown licence")]
    UnknownLicense,
    /// An `Idempotency-Key` reused for a different request (422).
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// The body is not JSON (415).
    #[error("{0}")]
    Unsupported(Message),
    /// The body is larger than the API accepts (413).
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// Past a limit on what one organisation or caller may take of what all share (a mail
    /// cooldown or budget, an export in progress, the API's rate): nothing was applied; retry
    /// after `retry_after` seconds (429).
    #[error("{message}")]
    Limited {
        code: &'static str,
        message: Message,
        retry_after: u64,
    },
    /// A bulk request stopped part-way (a dependency failed after some of its transactions
    /// were committed): `done` of its `total` lines are written and recorded in its job; the same
    /// request with the same `Idempotency-Key` finishes the rest (503).
    #[error("{done} of {total} lines were written before the service was interrupted")]
    Interrupted {
        done: usize,
        total: usize,
        cause: String,
    },
    /// A dependency is throttling or down: nothing was applied, retrying is safe (503).
    #[error("the service is busy; nothing was changed, please retry")]
    Unavailable(String),
    /// The request's idempotency record already exists: another attempt with the same key
    /// committed first. The idempotency mechanism ([`super::idempotency`]) turns it into that
    /// attempt's answer; it never reaches a caller.
    #[error("this request was already applied")]
    AlreadyApplied,
    /// A bug or corrupt data: logged in full, answered without detail (500).
    #[error("internal error")]
    Internal(String),
}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Invalid(i) => Error::Invalid(i),
            RuleError::Refused(r) => Error::Refused(r),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(r) => Error::Refused(r),
            StoreError::NotFound(what) => Error::NotFound(what),
            StoreError::BadCursor => Error::BadRequest(Message::new("bad-request-cursor")),
            StoreError::Unavailable(why) | StoreError::Contention(why) => Error::Unavailable(why),
            StoreError::AlreadyApplied => Error::AlreadyApplied,
            StoreError::Limited {
                code,
                message,
                retry_after,
            } => Error::Limited {
                code,
                message,
                retry_after,
            },
            // Only the jobs' own steps mean this, and they turn it into their outcome.
            StoreError::AlreadyDone => Error::Internal("a job step escaped its job".into()),
            StoreError::Internal(why) => Error::Internal(why),
        }
    }
}

impl From<Denial> for Error {
    fn from(d: Denial) -> Self {
        Error::Denied(d)
    }
}
