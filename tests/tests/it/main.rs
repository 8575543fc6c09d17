//! Integration tests: the real handlers and store against DynamoDB Local and the SES emulator.
//! One test binary with modules, so the SDK is linked once.

mod access;
mod activation;
mod audit_filters;
mod bulk;
mod catalog;

mod console;
mod contract;
mod core_deps;
mod credentials;
mod credit_requests;
mod domain_events;
mod events;
mod exports;
mod fairness;
mod faults;
mod iam;
mod identity;
mod input;
mod invitations;
mod language;
mod layers;
mod ledger;
mod licenses;
mod licensing;
mod logs;
mod loopback;
mod machines;
mod operator;
mod outbox;
mod people;
mod races;
mod replays;
mod signin;
mod store;
mod webhooks;
