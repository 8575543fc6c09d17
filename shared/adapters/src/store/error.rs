//! What the store answers when a call does not succeed, with SDK failures sorted into the few
//! kinds a caller acts on differently.

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use elp_core::{Message, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A transaction's condition refused the change for a business reason.
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request's idempotency record already exists: another attempt with the same key
    /// applied it.
    #[error("already applied")]
    AlreadyApplied,
    /// A job's conditional step found it done: another run (or an earlier one) did it.
    #[error("already done")]
    AlreadyDone,
    /// Another transaction touched the same items at the same time; retrying is safe.
    #[error("contention: {0}")]
    Contention(String),
    /// Throttling, 5xx or timeouts: nothing was applied; retrying later is safe.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A limit on what one organisation or caller may take of what all share was reached
    /// (a cooldown, a rate); nothing was applied. `code` is the machine's word for which.
    #[error("{message}")]
    Limited {
        code: &'static str,
        message: Message,
        retry_after: u64,
    },
    /// A pagination cursor that does not belong to the list being read.
    #[error("bad cursor")]
    BadCursor,
    #[error("store: {0}")]
    Internal(String),
}

const UNAVAILABLE_CODES: &[&str] = &[
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "InternalFailure",
    "ServiceUnavailable",
    "LimitExceededException",
];

/// Sorts an SDK failure: transport problems and throttling are retryable, the rest are bugs.
pub fn classify<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let text = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable(text)
        }
        SdkError::ServiceError(service) => match service.err().code() {
            Some("TransactionConflictException") => StoreError::Contention(text),
            Some(code) if UNAVAILABLE_CODES.contains(&code) => StoreError::Unavailable(text),
            _ => StoreError::Internal(text),
        },
        _ => StoreError::Internal(text),
    }
}

impl From<serde_dynamo::Error> for StoreError {
    fn from(e: serde_dynamo::Error) -> Self {
        StoreError::Internal(format!("item mapping: {e}"))
    }
}
