//! The API Gateway (HTTP API, payload 2.0) glue shared by every function: who is calling
//! ([`identity`]), reading requests ([`request`]), answering and logging ([`respond`]), errors
//! mapped to HTTP in one place ([`error`]) and `Idempotency-Key` replays ([`idempotency`]).

pub mod error;
pub mod idempotency;
pub mod identity;
pub mod request;
pub mod respond;

pub use identity::Identity;
pub use request::{json_body, query_param, segments};
pub use respond::{init_tracing, reply, reply_page, serve, serve_job, Reply};
