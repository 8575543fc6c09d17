//! The vendor's console, read side: organisations (listed by name, found by a word of their
//! name, a person's address or a mail domain), one organisation with its banks, its licences,
//! people and trail, a licence by its activation code and a person by their address across
//! organisations, and the vendor's own trail. Operators only (the function admits them).

use elp_core::{
    org::search_query, parse_domain, BankId, Email, Membership, OrgId, Organisation, Principal,
    Suspension,
};
use serde::Serialize;

use super::app::App;
use super::error::Error;
use super::licenses::{path_code, ListFilters};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use super::views::{BankView, LicenseView};
use crate::store::{LicenseFilter, OrgRecord};

/// An organisation as the console lists it.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    pub id: OrgId,
    pub name: String,
    pub created_on: elp_core::Date,
    /// Present while the organisation is suspended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended: Option<Suspension>,
    pub active_admins: u32,
    /// Mails a day it may cause (its own budget, or the deployment's).
    pub mail_budget: u32,
    /// Whether the operator set that budget (otherwise it is the deployment's default).
    pub mail_budget_set: bool,
    /// The activation policy its licences follow (the operator's, or the defaults).
    pub activation: elp_core::activation::ActivationPolicy,
    /// Whether the operator set that policy.
    pub activation_set: bool,
}

impl OrgView {
    pub fn of(record: OrgRecord, default_budget: u32) -> OrgView {
        let OrgRecord {
            org,
            active_admins,
            mail_budget,
        } = record;
        let Organisation {
            id,
            name,
            created_on,
            suspended,
            language: _,
            activation,
        } = org;
        OrgView {
            id,
            name,
            created_on,
            suspended,
            active_admins,
            mail_budget: mail_budget.unwrap_or(default_budget),
            mail_budget_set: mail_budget.is_some(),
            activation: activation.unwrap_or_default(),
            activation_set: activation.is_some(),
        }
    }
}

/// An organisation named in a path: a malformed id names nothing (404).
pub fn path_org(raw: &str) -> Result<OrgId, Error> {
    OrgId::parse(raw).map_err(|_| Error::NotFound("organisation"))
}

/// The organisation, with its counters, or 404.
pub(crate) async fn org_record(app: &App, org: &OrgId) -> Result<OrgRecord, Error> {
    app.store
        .get_org_record(org)
        .await?
        .ok_or(Error::NotFound("organisation"))
}

fn view(app: &App, record: OrgRecord) -> OrgView {
    OrgView::of(record, app.config.limits.mail_budget)
}

/// How the operator's search box is read: `@studio.example` is a mail domain, an address finds
/// its organisation, anything else the words of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgSearch {
    All,
    Name(String),
    Email(Email),
    Domain(String),
}

impl OrgSearch {
    pub fn parse(q: Option<&str>) -> Result<OrgSearch, Error> {
        let q = q.map(str::trim).unwrap_or_default();
        if q.is_empty() {
            return Ok(OrgSearch::All);
        }
        if q.starts_with('@') {
            return Ok(OrgSearch::Domain(parse_domain("q", q)?));
        }
        if q.contains('@') {
            return Ok(OrgSearch::Email(Email::parse("q", q)?));
        }
        if q.chars().count() > 100 {
            return Err(elp_core::Invalid::new(
                "q",
                elp_core::Message::new("invalid-at-most-characters").number("max", 100),
            )
            .into());
        }
        match search_query(q) {
            Some(words) => Ok(OrgSearch::Name(words)),
            None => {
                Err(elp_core::Invalid::new("q", elp_core::Message::new("invalid-search")).into())
            }
        }
    }
}

/// `GET /v1/operator/orgs?q=`: one page of organisations by name, or those the search finds.
pub async fn list_orgs(app: &App, search: OrgSearch, page: PageRequest) -> Result<Reply, Error> {
    match search {
        OrgSearch::All | OrgSearch::Name(_) => {
            let words = match &search {
                OrgSearch::Name(words) => Some(words.as_str()),
                _ => None,
            };
            let found = app
                .store
                .list_orgs(words, page.cursor(), page.limit)
                .await?;
            let orgs: Vec<OrgView> = found.items.into_iter().map(|r| view(app, r)).collect();
            reply_page("orgs", &orgs, found.next.as_deref())
        }
        OrgSearch::Email(email) => {
            let mut orgs = Vec::new();
            if let Some(m) = app.store.get_membership(&email).await? {
                if let Some(record) = app.store.get_org_record(&m.org).await? {
                    orgs.push(view(app, record));
                }
            }
            reply_page("orgs", &orgs, None)
        }
        OrgSearch::Domain(domain) => {
            let people = app
                .store
                .users_at_domain(&domain, page.cursor(), page.limit)
                .await?;
            let mut seen: Vec<OrgId> = Vec::new();
            for m in &people.items {
                if !seen.contains(&m.org) {
                    seen.push(m.org.clone());
                }
            }
            let mut orgs = Vec::new();
            for org in seen {
                if let Some(record) = app.store.get_org_record(&org).await? {
                    orgs.push(view(app, record));
                }
            }
            reply_page("orgs", &orgs, people.next.as_deref())
        }
    }
}

#[derive(Serialize)]
struct OrgDetail {
    org: OrgView,
    banks: Vec<BankView>,
}

/// `GET /v1/operator/orgs/{org}`: the organisation with every one of its banks.
pub async fn org(app: &App, org: &str) -> Result<Reply, Error> {
    let org = path_org(org)?;
    let (record, banks) = tokio::join!(org_record(app, &org), app.store.all_banks(&org));
    let today = app.today();
    reply(
        Status::Ok,
        OrgDetail {
            org: view(app, record?),
            banks: banks?.iter().map(|b| BankView::of(b, today)).collect(),
        },
    )
}

/// `GET /v1/operator/orgs/{org}/licenses`: its licences, with the admin list's filters.
pub async fn org_licenses(
    app: &App,
    org: &str,
    filters: ListFilters,
    page: PageRequest,
    lang: elp_l10n::Lang,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    org_record(app, &org).await?;
    let today = app.today();
    let filter = filters.of(org, today);
    let found = app
        .store
        .list_licenses(&filter, page.cursor(), page.limit)
        .await?;
    let licenses: Vec<_> = found
        .items
        .iter()
        .map(|l| LicenseView::of(l, today, lang))
        .collect();
    reply_page("licenses", &licenses, found.next.as_deref())
}

/// A person as the console shows them: their membership and the account bound to it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub email: Email,
    pub org: OrgId,
    pub role: elp_core::Role,
    pub status: elp_core::UserStatus,
    pub invited_on: elp_core::Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_expires: Option<elp_core::Date>,
    /// The account bound at the first sign-in (or by the operator); `null` before.
    pub account: Option<Principal>,
    /// Licences assigned to them (the membership's count).
    pub licenses_held: u32,
    /// Their last sign-in, recorded at most once a day; `null` before the first.
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&Membership> for PersonView {
    fn from(m: &Membership) -> Self {
        PersonView {
            email: m.email.clone(),
            org: m.org.clone(),
            role: m.role,
            status: m.status,
            invited_on: m.invited_on,
            invitation_expires: m.invitation.as_ref().map(|i| i.expires),
            account: m.principal.clone(),
            licenses_held: m.held,
            last_sign_in: m.last_sign_in,
        }
    }
}

/// `GET /v1/operator/orgs/{org}/users`: its people.
pub async fn org_users(app: &App, org: &str, page: PageRequest) -> Result<Reply, Error> {
    let org = path_org(org)?;
    org_record(app, &org).await?;
    let found = app
        .store
        .list_users(&org, page.cursor(), page.limit)
        .await?;
    let users: Vec<PersonView> = found.items.iter().map(PersonView::from).collect();
    reply_page("users", &users, found.next.as_deref())
}

/// `GET /v1/operator/orgs/{org}/audit`: its trail, newest first.
pub async fn org_audit(
    app: &App,
    org: &str,
    filter: elp_core::trail::AuditFilter,
    page: PageRequest,
    lang: elp_l10n::Lang,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    org_record(app, &org).await?;
    let found = super::audit::org_page(app, &org, &filter, &page).await?;
    reply_page(
        "events",
        &super::views::event_views(&found.items, lang),
        found.next.as_deref(),
    )
}

/// An organisation as other answers name it.
#[derive(Debug, Clone, Serialize)]
struct OrgName {
    id: OrgId,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suspended: Option<Suspension>,
}

async fn org_name(app: &App, org: &OrgId) -> Result<OrgName, Error> {
    let found = app
        .store
        .get_org(org)
        .await?
        .ok_or_else(|| Error::Internal(format!("{org} is named but missing")))?;
    Ok(OrgName {
        id: found.id,
        name: found.name,
        suspended: found.suspended,
    })
}

#[derive(Serialize)]
struct FoundLicense {
    license: LicenseView,
    org: OrgName,
}

/// `GET /v1/operator/licenses/{code}`: a licence of any organisation, by its activation code.
pub async fn license(app: &App, code: &str, lang: elp_l10n::Lang) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let found = app
        .store
        .get_license(&code)
        .await?
        .ok_or(Error::NotFound("licence"))?;
    let org = org_name(app, &found.org).await?;
    reply(
        Status::Ok,
        FoundLicense {
            license: LicenseView::of(&found, app.today(), lang),
            org,
        },
    )
}

#[derive(Serialize)]
struct FoundPerson {
    user: PersonView,
    org: OrgName,
    /// The licences assigned to them now (the first 100).
    licenses: Vec<LicenseView>,
    licenses_next: Option<String>,
}

/// `GET /v1/operator/users/{email}`: a person of any organisation, with the licences they hold.
pub async fn person(app: &App, email: &str, lang: elp_l10n::Lang) -> Result<Reply, Error> {
    let email = Email::parse("email", email).map_err(|_| Error::NotFound("user"))?;
    let member = app
        .store
        .get_membership(&email)
        .await?
        .ok_or(Error::NotFound("user"))?;
    let filter = LicenseFilter {
        org: member.org.clone(),
        bank: None,
        assignee: Some(email),
        status: None,
        product: None,
        search: None,
        order: crate::store::LicenseOrder::Created,
    };
    let (org, held) = tokio::join!(
        org_name(app, &member.org),
        app.store
            .list_licenses(&filter, None, PageRequest::MAX_LIMIT)
    );
    let held = held?;
    let today = app.today();
    reply(
        Status::Ok,
        FoundPerson {
            user: PersonView::from(&member),
            org: org?,
            licenses: held
                .items
                .iter()
                .map(|l| LicenseView::of(l, today, lang))
                .collect(),
            licenses_next: held.next,
        },
    )
}

/// `GET /v1/operator/audit`: the vendor's trail, newest first: every operator action across
/// organisations and the vendor's own changes.
pub async fn vendor_audit(
    app: &App,
    filter: elp_core::trail::AuditFilter,
    page: PageRequest,
    lang: elp_l10n::Lang,
) -> Result<Reply, Error> {
    super::audit::vendor_list(app, filter, page, lang).await
}

/// A bank named in a path: a malformed id names nothing (404).
pub fn path_bank(raw: &str) -> Result<BankId, Error> {
    BankId::parse(raw).map_err(|_| Error::NotFound("bank"))
}
