//! What the API answers, as a client reads it: the response schemas of `docs/openapi.yaml`,
//! written here on purpose instead of reusing the server's view types, so that a field renamed
//! on the server breaks these tests. Dates, codes, ids and emails are the strings the API sends;
//! credits are numbers; the API's enums are enums (an unknown value is a failed test).

use serde::Deserialize;
use serde_json::Value;

/// Where a bank or licence stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    Pending,
    Active,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseType {
    NodeLock,
    Multiseat,
    Floating,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Member,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Invited,
    Active,
    Inactive,
}

// ----- banks -----

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Bank {
    pub id: String,
    pub product: String,
    pub version: String,
    pub portable: bool,
    pub purchased: u64,
    /// Pending credit requests on the bank.
    pub requested: u64,
    pub granted: u64,
    pub used: u64,
    pub remaining: u64,
    /// Taken back unused by the licence provider.
    pub voided: u64,
    pub start: String,
    pub expiry: String,
    pub status: Lifecycle,
    /// Present once the bank expired.
    pub forfeited: Option<u64>,
    /// The admin's lists (not the console's): what the credits become at the current use.
    #[serde(default)]
    pub forecast: Option<Forecast>,
}

/// One month of a forecast's burn.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MonthBurn {
    /// `2027-03`.
    pub month: String,
    pub credits: u64,
}

/// A bank's or a product's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Forecast {
    pub remaining: u64,
    pub needed: u64,
    pub burn: u64,
    pub forfeited: u64,
    pub forfeited_on: Option<String>,
    pub run_out: Option<String>,
    pub months: Vec<MonthBurn>,
    pub message: Option<String>,
}

impl Bank {
    /// The bank without the forecast the admin's reads add (to compare with another answer's).
    pub fn facts(&self) -> Bank {
        Bank {
            forecast: None,
            ..self.clone()
        }
    }

    /// (granted, used, remaining): the bank's arithmetic at a glance.
    pub fn credits(&self) -> (u64, u64, u64) {
        (self.granted, self.used, self.remaining)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct BankList {
    pub banks: Vec<Bank>,
    pub next: Option<String>,
}

/// What a licence remembers of its bank.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BankRef {
    pub id: String,
    pub version: String,
    pub portable: bool,
    pub start: String,
    pub expiry: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProductSummary {
    pub product: String,
    pub name: String,
    pub remaining: u64,
    pub next_expiry: Option<String>,
    pub banks: Vec<Bank>,
    /// Always `/v1/licenses?product=<id>`.
    pub licenses: String,
    pub forecast: Forecast,
    pub purchased: u64,
    pub used: u64,
    /// Lost when the product's banks expired unused.
    pub forfeited: u64,
}

/// What a dashboard warning names of its bank.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WarnedBank {
    pub id: String,
    pub product: String,
    pub version: String,
    pub expiry: String,
}

/// A usable bank expiring within 60 days with unused credits.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpiryWarning {
    pub bank: WarnedBank,
    pub product_name: String,
    pub days_left: i64,
    pub unused: u64,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Dashboard {
    pub products: Vec<ProductSummary>,
    pub warnings: Vec<ExpiryWarning>,
}

// ----- licences -----

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Term {
    pub start: String,
    pub expiry: String,
    pub months_requested: u64,
    pub months_charged: u64,
    pub computers: u64,
    pub credits: u64,
    /// The bank the term drew on.
    pub bank: BankRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Assignment {
    pub email: String,
    pub from: String,
    pub until: Option<String>,
}

/// What the licence list offers for a licence today; exactly these three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    pub renew: bool,
    #[serde(rename = "return")]
    pub r#return: bool,
    pub assign: bool,
}

/// Why an action is not offered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhyNotReason {
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

/// For each action, `None` when it is offered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhyNot {
    pub renew: Option<WhyNotReason>,
    #[serde(rename = "return")]
    pub r#return: Option<WhyNotReason>,
    pub assign: Option<WhyNotReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    LicenseGenerated,
    LicenseRenewed,
    LicenseAssigned,
    LicenseReturned,
}

/// A mail sent about a licence.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseMail {
    pub kind: MailKind,
    pub to: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct License {
    pub code: String,
    pub product: String,
    #[serde(rename = "type")]
    pub kind: LicenseType,
    /// The product version it is for (its bank's).
    pub version: String,
    /// Of the current term.
    pub computers: u64,
    pub start: String,
    pub expiry: String,
    pub status: Lifecycle,
    /// `None` once returned.
    pub assignee: Option<String>,
    pub credits_used: u64,
    pub bank: BankRef,
    pub actions: Actions,
    pub why_not: WhyNot,
    pub current_term: Term,
    pub next_term: Option<Term>,
    pub terms: Vec<Term>,
    pub assignments: Vec<Assignment>,
    /// Oldest first.
    pub mails: Vec<LicenseMail>,
    pub created_at: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LicenseList {
    pub licenses: Vec<License>,
    pub next: Option<String>,
}

/// What a request will do, shown before it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Quote {
    pub start: String,
    pub expiry: String,
    pub months_requested: u64,
    pub months_charged: u64,
    pub licenses: u64,
    pub computers: u64,
    pub credits: u64,
    pub remaining_before: u64,
    pub remaining_after: u64,
    pub capped: bool,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Recipient {
    pub email: String,
    pub joins_organisation: bool,
}

/// `POST /v1/licenses/quote`.
#[derive(Debug, Clone, Deserialize)]
pub struct GenerationQuote {
    pub quote: Quote,
    pub bank: String,
    pub recipient: Recipient,
}

/// `POST /v1/licenses`.
#[derive(Debug, Clone, Deserialize)]
pub struct Generated {
    pub licenses: Vec<License>,
    pub quote: Quote,
    pub recipient: Recipient,
}

/// `POST /v1/licenses/{code}/renewals/quote`.
#[derive(Debug, Clone, Deserialize)]
pub struct RenewalQuote {
    pub quote: Quote,
    pub license: String,
    /// The bank that pays: the one named, else the one the quote proposes.
    pub bank: String,
}

/// `POST /v1/licenses/{code}/renewals`.
#[derive(Debug, Clone, Deserialize)]
pub struct Renewed {
    pub license: License,
    pub quote: Quote,
    pub bank: String,
}

// ----- organisations and people -----

#[derive(Debug, Clone, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub created_on: String,
    pub suspended: Option<Suspension>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Suspension {
    pub since: String,
    pub by: String,
    pub reason: String,
}

// ----- the vendor's console -----

#[derive(Debug, Clone, Deserialize)]
pub struct OrgSummary {
    pub id: String,
    pub name: String,
    pub created_on: String,
    pub suspended: Option<Suspension>,
    pub active_admins: u32,
    pub mail_budget: u32,
    pub mail_budget_set: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrgSummaryList {
    pub orgs: Vec<OrgSummary>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrgDetail {
    pub org: OrgSummary,
    pub banks: Vec<Bank>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrgName {
    pub id: String,
    pub name: String,
    pub suspended: Option<Suspension>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub issuer: String,
    pub subject: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub email: String,
    pub org: String,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: String,
    pub invitation_expires: Option<String>,
    pub account: Option<Account>,
    pub licenses_held: u64,
    pub last_sign_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PersonList {
    pub users: Vec<Person>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FoundLicense {
    pub license: License,
    pub org: OrgName,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FoundUser {
    pub user: Person,
    pub org: OrgName,
    pub licenses: Vec<License>,
    pub licenses_next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VendorEvent {
    pub org: Option<String>,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub bank: Option<String>,
    pub credits: i64,
    pub detail: String,
    pub actor_label: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VendorEventList {
    pub events: Vec<VendorEvent>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Membership {
    pub email: String,
    pub org: String,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: String,
    pub invitation_expires: Option<String>,
}

/// `POST /v1/invitations/decline`.
#[derive(Debug, Clone, Deserialize)]
pub struct Declined {
    pub declined: String,
}

/// `DELETE /v1/operator/invitations/{email}`.
#[derive(Debug, Clone, Deserialize)]
pub struct InvitationReleased {
    pub released: String,
    pub org: String,
}

/// `POST /v1/operator/orgs`.
#[derive(Debug, Clone, Deserialize)]
pub struct NewOrganisation {
    pub org: Organisation,
    pub admin: Membership,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: String,
    /// While the invitation is not accepted: the day it lapses.
    pub invitation_expires: Option<String>,
    /// Licences assigned to them.
    pub licenses_held: u64,
    /// Recorded at most once a day; `None` before the first sign-in.
    pub last_sign_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UserList {
    pub users: Vec<User>,
    pub next: Option<String>,
}

/// `POST /v1/users`: the person invited (201) or invited again (200).
#[derive(Debug, Clone, Deserialize)]
pub struct Invitation {
    pub user: User,
    pub invitation_sent: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Removed {
    pub removed: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MyOrganisation {
    pub id: String,
    pub name: String,
    /// While the licence provider has suspended the organisation (`null` otherwise).
    pub suspended: Option<Suspension>,
    /// The language of its mail for people who chose none (`null`: English).
    pub language: Option<String>,
}

/// `GET /v1/me`.
#[derive(Debug, Clone, Deserialize)]
pub struct Me {
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    /// The language the person chose (`null` if none).
    pub language: Option<String>,
    pub org: MyOrganisation,
}

// ----- version policies -----

#[derive(Debug, Clone, Deserialize)]
pub struct ProductPolicy {
    pub product: String,
    pub name: String,
    pub restricted: bool,
    pub allowed: Vec<String>,
    pub versions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProductPolicyList {
    pub products: Vec<ProductPolicy>,
}

/// `PUT /v1/product-versions/{product}`.
#[derive(Debug, Clone, Deserialize)]
pub struct VersionPolicy {
    pub product: String,
    pub restricted: bool,
    pub allowed: Vec<String>,
}

// ----- workspace -----

#[derive(Debug, Clone, Deserialize)]
pub struct MyDownload {
    pub version: String,
    pub os: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MyLicense {
    pub product: String,
    pub product_name: String,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: LicenseType,
    pub start: String,
    pub computers: u64,
    pub expiry: String,
    pub status: Lifecycle,
    pub current_term: Term,
    pub next_term: Option<Term>,
    pub version: String,
    pub downloads: Vec<MyDownload>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MyLicenseList {
    pub licenses: Vec<MyLicense>,
    pub next: Option<String>,
}

// ----- credit requests -----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Granted,
    Declined,
    Withdrawn,
}

/// An organisation's request for credits, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRequest {
    pub id: String,
    pub org: String,
    pub product: String,
    pub credits: u64,
    pub start: Option<String>,
    pub note: String,
    pub bank: Option<String>,
    pub requested_by: String,
    pub requested_at: String,
    pub status: RequestStatus,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub granted: Option<u64>,
    pub granted_bank: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreditRequestList {
    pub credit_requests: Vec<CreditRequest>,
    pub next: Option<String>,
}

impl CreditRequestList {
    pub fn ids(&self) -> Vec<&str> {
        self.credit_requests.iter().map(|r| r.id.as_str()).collect()
    }
}

/// `POST /v1/operator/credit-requests/{id}/grant`.
#[derive(Debug, Clone, Deserialize)]
pub struct GrantedRequest {
    pub request: CreditRequest,
    pub bank: Bank,
}

// ----- audit and exports -----

/// A movement of a bank's ledger: the trail's event and the balance after it.
#[derive(Debug, Clone, Deserialize)]
pub struct LedgerEntry {
    #[serde(flatten)]
    pub event: AuditEvent,
    pub balance: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BankLedger {
    pub bank: Bank,
    pub entries: Vec<LedgerEntry>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuditEvent {
    pub org: String,
    pub at: String,
    pub actor: String,
    /// `bank_expired`, `user_invited`, ...
    pub action: String,
    pub subject: String,
    pub bank: Option<String>,
    pub credits: i64,
    pub detail: String,
    /// Who did it, in words: an address, "<address> (licence provider)" or "the system".
    pub actor_label: String,
}

// ----- API credentials (admins) -----

/// `GET /v1/credentials`' items: never the key or its digest.
#[derive(Debug, Clone, Deserialize)]
pub struct Credential {
    pub id: String,
    pub name: String,
    /// `read_only` or `admin`.
    pub role: String,
    pub key_hint: String,
    pub created_at: String,
    pub created_by: String,
    pub last_used: Option<String>,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CredentialList {
    pub credentials: Vec<Credential>,
    pub next: Option<String>,
}

/// `POST /v1/credentials`' answer: the key, this once (`null` on a retry's replay).
#[derive(Debug, Clone, Deserialize)]
pub struct NewCredential {
    pub credential: Credential,
    pub key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuditList {
    pub events: Vec<AuditEvent>,
    pub next: Option<String>,
}

// ----- the catalogue (operators) -----

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CatalogLink {
    /// `windows`, `macos` or `linux`.
    pub os: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CatalogRelease {
    pub version: String,
    pub downloads: Vec<CatalogLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CatalogProduct {
    pub id: String,
    pub name: String,
    pub releases: Vec<CatalogRelease>,
}

/// `GET` and `PUT /v1/operator/catalog`.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogDocument {
    pub products: Vec<CatalogProduct>,
    /// 0 before the first change.
    pub revision: u64,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// A product as members would see it in a preview.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PreviewProduct {
    pub id: String,
    pub name: String,
    pub versions: Vec<CatalogRelease>,
}

/// `POST /v1/operator/catalog/preview`.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogPreview {
    pub changes: Vec<String>,
    pub warnings: Vec<String>,
    pub products: Vec<PreviewProduct>,
}

/// `POST /v1/exports`, or a download too large to answer with.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportQueued {
    pub emailed_to: String,
    pub message: String,
}

// ----- errors -----

/// `{"error": {...}}`: what every refusal of a function says.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// With `invalid`: the field's name or JSON path; with `insufficient_credits`: the
    /// request's field to lower.
    pub field: Option<String>,
    /// The numbers behind some refusals (409 only).
    pub details: Option<Value>,
}

/// A webhook endpoint as the API shows it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub failing_since: Option<String>,
    pub last_success: Option<String>,
}

/// A new endpoint, or one whose secret was rotated: the secret, shown this once (`None` in a
/// replay's answer).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSecret {
    pub webhook: Webhook,
    pub secret: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookList {
    pub webhooks: Vec<Webhook>,
    pub event_types: Vec<String>,
    pub max: u32,
}

/// One delivery of an event to an endpoint: its last attempt.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookDelivery {
    pub event_id: String,
    pub event_type: String,
    pub status: String,
    pub attempts: u32,
    pub status_code: Option<u16>,
    pub latency_ms: Option<u64>,
    pub error: Option<String>,
    pub created_at: String,
    pub last_attempt_at: Option<String>,
    pub next_attempt_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookDeliveryList {
    pub deliveries: Vec<WebhookDelivery>,
    pub next: Option<String>,
}
