//! The Enterprise License Portal's adapters around the pure core: the DynamoDB store, the SES
//! mailer and its outbox, the API Gateway HTTP glue (identity, errors, JSON, idempotency), the
//! use cases that read, decide with the core rules and write, and the configuration and clients
//! that each Lambda builds once at cold start.

pub mod app;
pub mod clock;
pub mod config;
pub mod error;
pub mod http;
pub mod mail;
pub mod sdk;
pub mod service;
pub mod store;

pub use app::App;
pub use error::Error;

// Re-exported so function crates and tests use the same versions without naming them.
pub use aws_sdk_dynamodb;
pub use aws_sdk_sesv2;
pub use lambda_http;
