//! Every key of the table is built here, and nowhere else: read this module with
//! `docs/access-patterns.md` to see every access pattern.

use chrono::{DateTime, SecondsFormat, Utc};
use elp_core::{ActivationCode, BankId, Date, Email, OrgId, ProductId};

pub const PK: &str = "pk";
pub const SK: &str = "sk";

/// Organisation-scoped lists: banks, licences, users.
pub const GSI1: &str = "gsi1";
/// Licences of a bank.
pub const GSI2: &str = "gsi2";
/// Licences of an assignee (sparse: returned licences are absent).
pub const GSI3: &str = "gsi3";
/// Work that is due: banks to expire, mail to deliver (sparse).
pub const DUE: &str = "due";

/// The (partition, sort) attribute names of the table and of each index.
pub fn index_keys(index: Option<&str>) -> (&'static str, &'static str) {
    match index {
        Some(GSI1) => ("gsi1pk", "gsi1sk"),
        Some(GSI2) => ("gsi2pk", "gsi2sk"),
        Some(GSI3) => ("gsi3pk", "gsi3sk"),
        Some(DUE) => ("due_pk", "due_sk"),
        _ => (PK, SK),
    }
}

/// A table key: (pk, sk).
pub type Key = (String, String);

pub fn org(org: &OrgId) -> Key {
    (org_partition(org), "ORG".into())
}

pub fn org_partition(org: &OrgId) -> String {
    format!("ORG#{org}")
}

pub fn policy(org: &OrgId, product: &ProductId) -> Key {
    (org_partition(org), format!("{POLICY_PREFIX}{product}"))
}

pub const POLICY_PREFIX: &str = "POLICY#";

pub fn audit_partition(org: &OrgId) -> String {
    format!("ORG#{org}#AUDIT")
}

pub fn audit(org: &OrgId, at: DateTime<Utc>, id: &str) -> Key {
    (audit_partition(org), format!("{}#{id}", timestamp(at)))
}

pub fn user(email: &Email) -> Key {
    (format!("USER#{email}"), "USER".into())
}

pub fn users_of(org: &OrgId) -> String {
    format!("ORG#{org}#USERS")
}

pub fn bank(bank: &BankId) -> Key {
    (format!("BANK#{bank}"), "BANK".into())
}

pub fn banks_of(org: &OrgId) -> String {
    format!("ORG#{org}#BANKS")
}

pub fn bank_in_org(start: Date, bank: &BankId) -> String {
    format!("{start}#{bank}")
}

pub const BANK_EXPIRY: &str = "BANK_EXPIRY";

pub fn bank_expiry(expiry: Date, bank: &BankId) -> String {
    format!("{expiry}#{bank}")
}

pub fn license(code: &ActivationCode) -> Key {
    (format!("LICENSE#{code}"), "LICENSE".into())
}

pub fn licenses_of(org: &OrgId) -> String {
    format!("ORG#{org}#LICENSES")
}

pub fn licenses_of_bank(bank: &BankId) -> String {
    format!("BANK#{bank}#LICENSES")
}

pub fn licenses_of_assignee(org: &OrgId, email: &Email) -> String {
    format!("ORG#{org}#ASSIGNEE#{email}")
}

/// Licences sort by creation time, then code, within every list.
pub fn license_order(created: DateTime<Utc>, code: &ActivationCode) -> String {
    format!("{}#{code}", timestamp(created))
}

pub fn catalog() -> Key {
    ("CATALOG".into(), "CATALOG".into())
}

pub fn outbox(id: &str) -> Key {
    (format!("OUTBOX#{id}"), "OUTBOX".into())
}

pub const OUTBOX_DUE: &str = "OUTBOX";

pub fn outbox_order(created: DateTime<Utc>, id: &str) -> String {
    format!("{}#{id}", timestamp(created))
}

/// Idempotency records are scoped to the caller, so one caller's key never replays another's.
pub fn idempotency(scope: &str, caller: &str, key: &str) -> Key {
    (format!("IDEM#{scope}#{caller}#{key}"), "IDEM".into())
}

/// Fixed-width UTC timestamps sort as strings in time order.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}
