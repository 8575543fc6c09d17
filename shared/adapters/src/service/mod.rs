//! Use cases: each reads what it needs, decides with the core's rules, and writes in one
//! transaction. Functions call these; they hold no rule and no DynamoDB expression themselves.

pub mod operator;
pub mod views;
