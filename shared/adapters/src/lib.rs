//! The Enterprise License Portal's adapters around the pure core.
//!
//! Layers, each importing only the ones below it:
//!
//! ```text
//! http, runtime   Lambda glue: requests parsed into a use case's arguments, identity from the
//!                 authorizer's claims, replies and errors rendered as responses, the runtime
//!                 loops of functions and jobs
//!   -> service    use cases: read, ask elp_core::decide, write; the reply a use case commits;
//!                 the one idempotency mechanism; who may do what; the App every use case borrows
//!     -> store    DynamoDB: one table, every key in store::keys, one transaction per change
//!     -> mail     SES: the core's letters rendered into mail, and sent
//!     -> bus      EventBridge: the core's domain events put on the event bus
//!     -> hooks    HTTPS: a webhook delivery, signed by the use case, posted
//!     -> bucket   S3: the exports bucket, multipart uploads and presigned links
//!       -> elp-core   the rules, the model, the decisions
//! config, clock, sdk   beneath all of them: configuration read once, "now", the AWS clients
//! ```
//!
//! `store`, `mail`, `bus`, `hooks` and `bucket` do not import each other (the outbox holds the
//! core's letters; the use case that drains it renders them with `mail` and records delivery
//! with `store`). A test in `tests/` (`layers`) holds every module to this.

pub mod bucket;
pub mod bus;
pub mod clock;
pub mod config;
pub mod hooks;
pub mod http;
pub mod mail;
pub mod runtime;
pub mod sdk;
pub mod service;
pub mod store;

pub use service::{App, Error};

// Re-exported so function crates and tests use the same versions without naming them.
pub use aws_lambda_events;
pub use aws_sdk_dynamodb;
pub use aws_sdk_eventbridge;
pub use aws_sdk_s3;
pub use aws_sdk_secretsmanager;
pub use aws_sdk_sesv2;
pub use lambda_http;
