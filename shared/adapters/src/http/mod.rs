//! The API Gateway (HTTP API, payload 2.0) glue shared by every function: who is calling
//! ([`identity`]), reading requests ([`request`]), answering and logging ([`respond`]) and errors
//! mapped to HTTP in one place ([`error`]), said in the reader's language ([`say`]). It turns a request into a use case's arguments and
//! the use case's [`crate::service::Reply`] or [`crate::service::Error`] into a response; no rule
//! and no store access lives here.

pub mod error;
pub mod identity;
pub mod request;
pub mod respond;
pub mod say;

pub use identity::{caller, operator, Identity};
pub use request::{
    audit_filter, idempotency_key, if_match, json_body, page, query_param, segments, source_ip,
    AUDIT_FILTERS,
};
pub use respond::answer;
