//! The Enterprise License Portal's product rules, in the order a licence administrator meets them:
//! values and identities, calendar dates, banks of credits, licences and their terms, quotes for
//! generating and renewing, return and assignment, users, the product catalogue and its version
//! policy, how the catalogue changes, the dashboard, credit requests, the audit trail and the
//! letters people receive; then, in [`decide`], each change as one pure decision of everything it
//! writes.
//!
//! Everything here is pure: no I/O, no clock (every rule that depends on the date takes `today`),
//! no randomness source (activation codes are built from entropy the caller supplies). The
//! adapters crate stores and mails what these rules decide.

pub mod activation;
pub mod audit;
pub mod bank;
pub mod bulk;
pub mod catalog;
pub mod code;
pub mod credential;
pub mod credit;
pub mod dashboard;
pub mod dates;
pub mod decide;
pub mod error;
pub mod events;
pub mod export;
pub mod forecast;
pub mod ledger;
pub mod letter;
pub mod license;
pub mod limits;
pub mod message;
pub mod org;
pub mod quote;
pub mod revision;
pub mod trail;
pub mod users;
pub mod values;
pub mod webhook;

#[cfg(test)]
mod properties;

pub use audit::{actor_label, actor_message, operator_actor, AuditAction, AuditEvent, VendorEvent};
pub use bank::{Bank, BankRef, NewBank};
pub use catalog::{Catalog, Download, Os, Product, Release, Version, VersionPolicy};
pub use code::ActivationCode;
pub use credential::{ApiKey, Credential, CredentialId, CredentialName, CredentialRole, Grant};
pub use credit::{CreditAsk, CreditRequest, RequestStatus};
pub use dates::{add_months, parse_date, Lifecycle};
pub use error::{Fit, Invalid, Refusal, RuleError};
pub use forecast::{forecast_bank, forecast_product, Forecast, MonthBurn, ProductForecast};
pub use letter::{Access, InvitationLetter, Letter, LicenseEvent, LicenseLetter, OpenInvitation};
pub use license::{
    Actions, Assignment, License, LicenseMail, LicenseSearch, LicenseType, MailKind, Reason, Term,
    WhyNot,
};
pub use message::{Arg, Message};
pub use org::{parse_org_name, parse_reason, Organisation, Suspension};
pub use quote::{GenerationRequest, Quote, RenewalRequest};
pub use revision::{CatalogState, CatalogUsage, Change, OrgPolicies, Warning};
pub use users::{
    Acting, Invitation, InvitationTerms, Membership, Principal, Recognition, Role, UserStatus,
};
pub use values::{
    parse_domain, BankId, CreditRequestId, Credits, Email, Months, OrgId, ProductId, Quantity,
};

/// Calendar dates are UTC days (`YYYY-MM-DD`).
pub type Date = chrono::NaiveDate;
