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

/// For an optional request field the contract does not let be `null`:
/// `#[serde(default, deserialize_with = "crate::service::not_null")]`. Absent, it is `None`;
/// present, it must be a value of its type, so `null` is refused naming the field (a plain
/// `Option` would read it as absent and let `"events": null` change nothing with a 200).
pub fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
