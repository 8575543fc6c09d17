//! Every key of the table, and every attribute the store adds to or reads from an item by
//! name, is named here and nowhere else: read this module with `docs/access-patterns.md` to see
//! every access pattern. (The entities' own fields are their serde names; condition texts refer
//! to them as `#field`.)

use chrono::{DateTime, SecondsFormat, Utc};
use elp_core::{
    ActivationCode, BankId, CreditRequestId, Date, Email, OrgId, ProductId, RequestStatus, Version,
};

/// The table's partition and sort key.
pub const PK: &str = "pk";
pub const SK: &str = "sk";

/// The key attributes of each index.
pub const GSI1_PK: &str = "gsi1pk";
pub const GSI1_SK: &str = "gsi1sk";
pub const GSI2_PK: &str = "gsi2pk";
pub const GSI2_SK: &str = "gsi2sk";
pub const GSI3_PK: &str = "gsi3pk";
pub const GSI3_SK: &str = "gsi3sk";
pub const GSI4_PK: &str = "gsi4pk";
pub const GSI4_SK: &str = "gsi4sk";
pub const DUE_PK: &str = "due_pk";
pub const DUE_SK: &str = "due_sk";

/// A bank's spendable credits (granted - used, 0 once forfeited), kept beside the bank because a
/// condition cannot do arithmetic.
pub const REMAINING: &str = "remaining";
/// Licences assigned to a member during their membership.
pub const HELD: &str = "held";
/// An organisation's active admins.
pub const ACTIVE_ADMINS: &str = "active_admins";
/// A licence's first start and last expiry, copied to the top level for status filters.
pub const START: &str = "start";
pub const EXPIRY: &str = "expiry";
/// The nearest expiry warning sent for a bank (30, 7 or 1).
pub const WARNED: &str = "warned";
/// The organisation a membership belongs to (read from the item a failed condition returns).
pub const ORG: &str = "org";
/// On an organisation: its name as the operator's search matches it
/// (`elp_core::org::search_words`). On a licence: its code and current assignee as the licence
/// list's `q` matches them (`elp_core::License::search_text`).
pub const SEARCH: &str = "search";
/// Set on an organisation while the vendor has suspended it.
pub const SUSPENDED: &str = "suspended";
/// Epoch seconds after which DynamoDB's TTL removes the item.
pub const EXPIRES_AT: &str = "expires_at";
/// On an organisation: its active (not revoked) API credentials (at most
/// `elp_core::credential::MAX_ACTIVE`).
pub const CREDENTIALS: &str = "credentials";
/// On a credential's name item: the credential that took the name.
pub const CREDENTIAL: &str = "credential";
/// On a credential: when a script last used it (written by the authorizer).
pub const LAST_USED: &str = "last_used";
/// Counters (a mail budget's day, a rate window) and the time a cooldown ends.
pub const COUNT: &str = "count";
pub const UNTIL: &str = "until";
/// An organisation's credit requests waiting for the licence provider (at most
/// `elp_core::credit::MAX_PENDING`).
pub const PENDING_REQUESTS: &str = "pending_requests";
/// An organisation's daily mail budget, when the operator set one.
pub const MAIL_BUDGET: &str = "mail_budget";
/// The last mail an organisation's queue received (on its marker).
pub const LAST_MAIL: &str = "last_mail";
/// When a mail died, and why it last failed.
pub const DEAD_AT: &str = "dead_at";
/// Outbox delivery: the sender's lease, when SES accepted it, its message id, the last failure.
pub const LEASE_UNTIL: &str = "lease_until";
pub const SENT_AT: &str = "sent_at";
pub const MESSAGE_ID: &str = "message_id";
pub const LAST_ERROR: &str = "last_error";
pub const ATTEMPTS: &str = "attempts";

/// On a webhook endpoint: its signing secret (never in the endpoint's views), and on an
/// organisation's webhook counter how many endpoints it has.
pub const SECRET: &str = "secret";
/// On a delivery: the exact bytes signed and sent (the event's detail as received).
pub const BODY: &str = "body";

/// Organisation-scoped lists: banks, licences, users; and every organisation (`ORGS`).
pub const GSI1: &str = "gsi1";
/// Licences of a bank; people by mail domain; decided credit requests by status.
pub const GSI2: &str = "gsi2";
/// Licences of an assignee (sparse: returned licences are absent).
pub const GSI3: &str = "gsi3";
/// An organisation's licences by expiry (the licence list sorted by expiry).
pub const GSI4: &str = "gsi4";
/// Work that is due: banks to expire, mail to deliver, credit requests to answer (sparse).
pub const DUE: &str = "due";

/// The (partition, sort) attribute names of the table and of each index.
pub fn index_keys(index: Option<&str>) -> (&'static str, &'static str) {
    match index {
        Some(GSI1) => (GSI1_PK, GSI1_SK),
        Some(GSI2) => (GSI2_PK, GSI2_SK),
        Some(GSI3) => (GSI3_PK, GSI3_SK),
        Some(GSI4) => (GSI4_PK, GSI4_SK),
        Some(DUE) => (DUE_PK, DUE_SK),
        _ => (PK, SK),
    }
}

/// The indexes the table defines.
pub const INDEXES: [&str; 5] = [GSI1, GSI2, GSI3, GSI4, DUE];

/// A table key: (pk, sk).
pub type Key = (String, String);

/// An item's own key as its two attributes.
pub fn attributes(key: Key) -> [(&'static str, String); 2] {
    [(PK, key.0), (SK, key.1)]
}

/// An item's entry in `index`: its two key attributes there.
pub fn in_index(index: &str, partition: String, sort: String) -> [(&'static str, String); 2] {
    let (pk, sk) = index_keys(Some(index));
    [(pk, partition), (sk, sort)]
}

pub fn org(org: &OrgId) -> Key {
    (org_partition(org), "ORG".into())
}

pub fn org_partition(org: &OrgId) -> String {
    format!("ORG#{org}")
}

/// Every organisation, in `gsi1`, by lower-cased name (the operator's list and search).
pub const ORGS: &str = "ORGS";

pub fn org_order(name: &str, org: &OrgId) -> String {
    format!("{}#{org}", elp_core::org::name_order(name))
}

/// The people of every organisation at a mail domain, in `gsi2` (the operator's search).
pub fn users_at_domain(domain: &str) -> String {
    format!("DOMAIN#{domain}")
}

/// The vendor's trail: every operator action and the vendor's own changes, newest first.
pub const VENDOR_AUDIT: &str = "VENDOR#AUDIT";

pub fn vendor_audit(at: DateTime<Utc>, id: &str) -> Key {
    (VENDOR_AUDIT.into(), format!("{}#{id}", timestamp(at)))
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

/// A trail's sort keys from midnight (UTC) of `day` on: every event of that day or later sorts
/// at or after it, every earlier one before it (A130: a day range is a key range).
pub fn trail_day(day: Date) -> String {
    day.to_string()
}

/// The day (UTC) of a trail's sort key, `<rfc3339 time>#<id>`.
pub fn day_of_trail_key(sk: &str) -> Option<Date> {
    sk.get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The id of the organisation trail's entry with this key (the [`audit`] key's last part), or
/// `None` for any other item: what names a domain event (decision 140).
pub fn audit_entry_id<'k>(pk: &str, sk: &'k str) -> Option<&'k str> {
    let org = pk.strip_prefix("ORG#")?.strip_suffix("#AUDIT")?;
    if org.is_empty() || org.contains('#') {
        return None;
    }
    sk.rsplit_once('#')
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}

pub fn user(email: &Email) -> Key {
    (format!("USER#{email}"), "USER".into())
}

pub fn users_of(org: &OrgId) -> String {
    format!("ORG#{org}#USERS")
}

/// The sort key of every bank item.
pub const BANK_SK: &str = "BANK";

pub fn bank(bank: &BankId) -> Key {
    (format!("BANK#{bank}"), BANK_SK.into())
}

pub fn banks_of(org: &OrgId) -> String {
    format!("ORG#{org}#BANKS")
}

pub fn bank_in_org(start: Date, bank: &BankId) -> String {
    format!("{start}#{bank}")
}

/// A bank's ledger: its movements, oldest first, in a partition of their own beside the bank's
/// (decision 94), so a role that records movements may put nothing else of the bank.
pub fn ledger_of(bank: &BankId) -> String {
    format!("LEDGER#{bank}")
}

/// A movement's place in its bank's ledger: the time of the change, then the id its audit
/// event has in the trail (so the ledger entry and the trail's event share their id).
pub fn ledger_entry(bank: &BankId, at: DateTime<Utc>, id: &str) -> Key {
    (ledger_of(bank), format!("{}#{id}", timestamp(at)))
}

pub const BANK_EXPIRY: &str = "BANK_EXPIRY";

pub fn bank_expiry(expiry: Date, bank: &BankId) -> String {
    format!("{expiry}#{bank}")
}

/// A bank's extension whose licences may still remember the old expiry, in the `due` index
/// until the expiry job has brought every one of them up to date.
pub fn extension(bank: &BankId) -> Key {
    (format!("EXTENSION#{bank}"), "EXTENSION".into())
}

pub const BANK_EXTENSIONS: &str = "BANK_EXTENSIONS";

pub fn extension_order(at: DateTime<Utc>, bank: &BankId) -> String {
    format!("{}#{bank}", timestamp(at))
}

pub fn license(code: &ActivationCode) -> Key {
    (license_partition(code), LICENSE_SK.into())
}

/// The sort key of a licence item.
pub const LICENSE_SK: &str = "LICENSE";

/// A licence's partition: the licence item, its activation state and its seats, so one Query
/// reads all three (decision 112).
pub fn license_partition(code: &ActivationCode) -> String {
    format!("LICENSE#{code}")
}

/// The sort key of a licence's activation state (its epoch, its recent releases).
pub const ACTIVATION_SK: &str = "ACTIVATION";

pub fn activation(code: &ActivationCode) -> Key {
    (license_partition(code), ACTIVATION_SK.into())
}

/// The sort keys of a licence's seats start with this.
pub const SEAT_PREFIX: &str = "SEAT#";

/// One seat of a licence: `SEAT#00003` (zero-padded, so seats sort by index).
pub fn seat(code: &ActivationCode, index: u32) -> Key {
    (license_partition(code), format!("{SEAT_PREFIX}{index:05}"))
}

/// On a seat and on an activation state: how many times it was written, which a write that
/// read it is conditioned on (a claim, a release).
pub const REV: &str = "rev";

pub fn licenses_of(org: &OrgId) -> String {
    format!("ORG#{org}#LICENSES")
}

pub fn licenses_of_bank(bank: &BankId) -> String {
    format!("BANK#{bank}#LICENSES")
}

pub fn licenses_of_assignee(org: &OrgId, email: &Email) -> String {
    format!("ORG#{org}#ASSIGNEE#{email}")
}

/// An organisation's licences in `gsi4`, by last expiry.
pub fn licenses_by_expiry(org: &OrgId) -> String {
    format!("ORG#{org}#EXPIRY")
}

/// A licence's place by expiry: its last term's expiry, then its code.
pub fn license_expiry_order(expiry: Date, code: &ActivationCode) -> String {
    format!("{expiry}#{code}")
}

/// The first place by expiry after every licence expiring on or before `day`: licences from it
/// on are unexpired on `day`, those before it expired (`~` sorts after every code character).
pub fn license_expiry_after(day: Date) -> String {
    format!("{day}#~")
}

/// Licences sort by creation time, then code, within every list.
pub fn license_order(created: DateTime<Utc>, code: &ActivationCode) -> String {
    format!("{}#{code}", timestamp(created))
}

pub fn credit_request(id: &CreditRequestId) -> Key {
    (format!("CREDIT_REQUEST#{id}"), "CREDIT_REQUEST".into())
}

/// An organisation's credit requests, in `gsi1`, by when they were made.
pub fn credit_requests_of(org: &OrgId) -> String {
    format!("ORG#{org}#CREDIT_REQUESTS")
}

/// The requests waiting for the licence provider, of every organisation, in the `due` index
/// (sparse: a request leaves it when it is answered or withdrawn), oldest first.
pub const PENDING_CREDIT_REQUESTS: &str = "CREDIT_REQUESTS_PENDING";

/// Answered or withdrawn requests of every organisation, in `gsi2`, one partition per status,
/// by when they were decided.
pub fn decided_credit_requests(status: RequestStatus) -> String {
    format!("CREDIT_REQUESTS#{}", status.as_str().to_ascii_uppercase())
}

/// A credit request's place in a list: the time (made, or decided), then its id.
pub fn credit_request_order(at: DateTime<Utc>, id: &CreditRequestId) -> String {
    format!("{}#{id}", timestamp(at))
}

/// An API credential, found by the id its key carries (the authorizer knows no organisation).
pub fn credential(id: &elp_core::CredentialId) -> Key {
    (format!("CREDENTIAL#{id}"), "CREDENTIAL".into())
}

/// An organisation's API credentials, in `gsi1`, by when they were created.
pub fn credentials_of(org: &OrgId) -> String {
    format!("ORG#{org}#CREDENTIALS")
}

pub fn credential_order(at: DateTime<Utc>, id: &elp_core::CredentialId) -> String {
    format!("{}#{id}", timestamp(at))
}

/// A credential name taken in an organisation (case-folded), for good: no two credentials of
/// an organisation, revoked or not, share a name, so the trail's name names one.
pub fn credential_name(org: &OrgId, folded: &str) -> Key {
    (format!("ORG#{org}#CREDENTIAL_NAME#{folded}"), "NAME".into())
}

pub fn catalog() -> Key {
    ("CATALOG".into(), "CATALOG".into())
}

/// The catalogue item's revision, which conditions compare (`#revision`).
pub const REVISION: &str = "revision";

/// How much of the catalogue is in use: one item per product, all in one partition read by a
/// single Query, counted as banks are created and version policies set.
pub const USAGE: &str = "USAGE";

pub const USAGE_PRODUCT_PREFIX: &str = "PRODUCT#";

pub fn usage(product: &ProductId) -> Key {
    (USAGE.into(), format!("{USAGE_PRODUCT_PREFIX}{product}"))
}

/// The product a usage item's sort key names.
pub fn usage_product(sk: &str) -> Option<&str> {
    sk.strip_prefix(USAGE_PRODUCT_PREFIX)
}

/// On a usage item: the banks ever created for the product...
pub const USAGE_BANKS: &str = "banks";

/// ... for one of its versions (`bank:25.1`) ...
pub fn usage_bank_version(version: Version) -> String {
    format!("{USAGE_BANK_PREFIX}{version}")
}

pub const USAGE_BANK_PREFIX: &str = "bank:";

/// ... and the restricted version policies that select one of its versions (`policy:25.1`).
pub fn usage_policy_version(version: Version) -> String {
    format!("{USAGE_POLICY_PREFIX}{version}")
}

pub const USAGE_POLICY_PREFIX: &str = "policy:";

pub fn outbox(id: &str) -> Key {
    (format!("OUTBOX#{id}"), "OUTBOX".into())
}

/// An organisation's mail queue in the `due` index: each mail sorts by when it is due.
pub fn outbox_of(org: &OrgId) -> String {
    format!("OUTBOX#{org}")
}

/// The exports' own lane in the `due` index (one per organisation at a time).
pub const OUTBOX_EXPORTS: &str = "OUTBOX_EXPORTS";

/// Mail that failed every attempt, kept for the operator, in the `due` index.
pub const OUTBOX_DEAD: &str = "OUTBOX_DEAD";

/// The organisations with mail in their queue, in the `due` index (one marker each).
pub const OUTBOX_ORGS: &str = "OUTBOX_ORGS";

pub fn outbox_marker(org: &OrgId) -> Key {
    (format!("OUTBOX_ORG#{org}"), "OUTBOX_ORG".into())
}

/// A queue's sort key: when the mail is due, then its id.
pub fn outbox_order(due: DateTime<Utc>, id: &str) -> String {
    format!("{}#{id}", timestamp(due))
}

/// The last sort key due at `now` (`~` sorts after every id character).
pub fn outbox_due_by(now: DateTime<Utc>) -> String {
    format!("{}#~", timestamp(now))
}

/// The mail an organisation sent on a day (its budget's counter).
pub fn mail_day(org: &OrgId, day: Date) -> Key {
    (format!("MAIL_DAY#{org}#{day}"), "MAIL_DAY".into())
}

/// When an invitation may next be mailed to an address.
pub fn invitation_cooldown(email: &Email) -> Key {
    (format!("COOLDOWN#INVITATION#{email}"), "COOLDOWN".into())
}

/// When an organisation may next ask for an emailed export.
pub fn export_lock(org: &OrgId) -> Key {
    (format!("COOLDOWN#EXPORT#{org}"), "COOLDOWN".into())
}

/// A rate limit's counter for one caller or organisation in one window.
pub fn rate(scope: &str, who: &str, window: i64) -> Key {
    (format!("RATE#{scope}#{who}#{window}"), "RATE".into())
}

/// Idempotency records are scoped to the caller, so one caller's key never replays another's.
pub fn idempotency(scope: &str, caller: &str, key: &str) -> Key {
    (format!("IDEM#{scope}#{caller}#{key}"), "IDEM".into())
}

/// An organisation's webhook endpoints and their counter: a partition of their own (decision
/// 153), so the roles that read secrets read nothing else of the organisation.
pub fn webhooks_of(org: &OrgId) -> String {
    format!("ORG#{org}#WEBHOOKS")
}

/// The sort keys of an organisation's endpoints start with this.
pub const WEBHOOK_PREFIX: &str = "WEBHOOK#";

pub fn webhook(org: &OrgId, id: &elp_core::webhook::WebhookId) -> Key {
    (webhooks_of(org), format!("{WEBHOOK_PREFIX}{id}"))
}

/// How many endpoints the organisation has (`count`, at most `MAX_ENDPOINTS`).
pub fn webhook_count(org: &OrgId) -> Key {
    (webhooks_of(org), "COUNT".into())
}

/// One endpoint's deliveries: one item per event (so a duplicate event writes nothing), listed
/// newest first in `gsi1` under the same name.
pub fn deliveries_of(org: &OrgId, id: &elp_core::webhook::WebhookId) -> String {
    format!("ORG#{org}#WEBHOOK#{id}")
}

pub fn delivery(org: &OrgId, id: &elp_core::webhook::WebhookId, event: &str) -> Key {
    (deliveries_of(org, id), format!("DELIVERY#{event}"))
}

/// A delivery's place in its endpoint's log: when it was created, then its event.
pub fn delivery_order(at: DateTime<Utc>, event: &str) -> String {
    format!("{}#{event}", timestamp(at))
}

/// Deliveries waiting for an attempt, of every organisation, in the `due` index (sparse: a
/// delivery leaves it when delivered or given up), by when they are due.
pub const WEBHOOKS_DUE: &str = "WEBHOOKS_DUE";

pub fn delivery_due(
    at: DateTime<Utc>,
    org: &OrgId,
    id: &elp_core::webhook::WebhookId,
    event: &str,
) -> String {
    format!("{}#{org}#{id}#{event}", timestamp(at))
}

/// Fixed-width UTC timestamps sort as strings in time order.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A bulk request's job: beside its idempotency record (the same partition), what each of its
/// lines came to so far.
pub fn bulk_job(idempotency: &Key) -> Key {
    (idempotency.0.clone(), "BULK".into())
}
