//! Use cases: each reads what it needs, decides with the core's rules, and writes in one
//! transaction. Functions call these; they hold no rule and no DynamoDB expression themselves.

pub mod access;
pub mod audit;
pub mod banks;
pub mod expiry;
pub mod exports;
pub mod licenses;
pub mod operator;
pub mod reconcile;
pub mod renewals;
pub mod returns;
pub mod users;
pub mod versions;
pub mod views;
pub mod workspace;
