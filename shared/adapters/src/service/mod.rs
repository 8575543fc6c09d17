//! Use cases: each reads what it needs, asks the core's [`elp_core::decide`] what to write, and
//! writes it in one transaction. Functions call these; they hold no rule and no DynamoDB
//! expression themselves. A use case takes parsed values and answers a [`Reply`] (what it
//! commits with its idempotency record) or an [`Error`]; it knows nothing of Lambda or HTTP
//! requests.
//!
//! Shared here: [`App`] (what every use case borrows), [`Error`], [`Reply`], who may do what
//! ([`access`]) and the one idempotency mechanism of every mutation ([`idempotency`]).

pub mod access;
pub mod activation;
pub mod app;
pub mod audit;
pub mod banks;
pub mod bulk;
pub mod console;
pub mod credentials;
pub mod credit_requests;
pub mod error;
pub mod events;
pub mod expiry;
pub mod exports;
pub mod idempotency;
pub mod ledger;
pub mod licenses;
pub mod machines;
pub mod operator;
pub mod outbox;
pub mod reconcile;
pub mod renewals;
pub mod reply;
pub mod returns;
pub mod users;
pub mod versions;
pub mod views;
pub mod webhooks;
pub mod workspace;

pub use access::{Caller, Operator};
pub use app::App;
pub use error::Error;
pub use idempotency::RequestKey;
pub use reply::{PageRequest, Reply, Status};
