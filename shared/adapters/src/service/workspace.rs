//! The member's workspace: who they are, and their licences with the downloads their
//! organisation's version policy allows. The first call after an invitation activates them.

use std::collections::HashMap;

use elp_core::{decide, Invalid, Lifecycle, Membership, Organisation};
use elp_l10n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::access::{admin_by_read, member_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use super::views::TermView;
use crate::store::LicenseFilter;

/// Who the caller is. An invited person's first sign-in (this, or any other request) made them
/// active.
pub async fn me(app: &App, caller: &Caller) -> Result<Reply, Error> {
    let me = member_by_read(app, caller).await?;
    // The portal asks this when someone signs in: the first time each day is recorded (the
    // membership read says whether it is due). Losing that write to another request of the
    // same person, or failing it, never fails the sign-in.
    let now = app.clock.now();
    if me.sign_in_due(now) {
        if let Err(e) = app.store.record_sign_in(&me, now).await {
            tracing::warn!(error = %e, "the sign-in was not recorded");
        }
    }
    let org = app
        .store
        .get_org(&me.org)
        .await?
        .ok_or(Error::NotFound("organisation"))?;
    reply(Status::Ok, me_view(&me, &org))
}

fn me_view(me: &Membership, org: &Organisation) -> Value {
    json!({
        "email": me.email,
        "role": me.role,
        "status": me.status,
        "language": me.language,
        "org": { "id": org.id, "name": org.name, "suspended": org.suspended, "language": org.language },
    })
}

/// A language choice: a tag the catalogues have (`fr`, `fr-CA` is French), or `null` for none.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageInput {
    pub language: Option<String>,
}

impl LanguageInput {
    /// The language's tag as stored (`fr`), or `None`.
    fn tag(&self) -> Result<Option<String>, Invalid> {
        match &self.language {
            None => Ok(None),
            Some(tag) => Lang::parse(tag)
                .filter(|_| tag.len() <= 35)
                .map(|l| Some(l.tag().to_string()))
                .ok_or_else(|| {
                    let known: Vec<_> = Lang::ALL.iter().map(|l| l.tag()).collect();
                    Invalid::new(
                        "language",
                        elp_core::Message::new("invalid-language").text("known", known.join(", ")),
                    )
                }),
        }
    }
}

/// `PATCH /v1/me`: the language the caller reads the portal and their mail in.
pub async fn set_my_language(
    app: &App,
    caller: &Caller,
    input: LanguageInput,
) -> Result<Reply, Error> {
    let tag = input.tag()?;
    let mut me = member_by_read(app, caller).await?;
    if tag != me.language {
        app.store.set_member_language(&me, tag.as_deref()).await?;
        me.language = tag;
    }
    let org = app
        .store
        .get_org(&me.org)
        .await?
        .ok_or(Error::NotFound("organisation"))?;
    reply(Status::Ok, me_view(&me, &org))
}

/// `PATCH /v1/org`: the language of the organisation's mail for people who chose none (an
/// invitation to someone new above all). Admins only; audited; refused while suspended.
pub async fn set_org_language(
    app: &App,
    caller: &Caller,
    input: LanguageInput,
) -> Result<Reply, Error> {
    let tag = input.tag()?;
    let me = admin_by_read(app, caller).await?;
    let org = app
        .store
        .get_org(&me.org)
        .await?
        .ok_or(Error::NotFound("organisation"))?;
    org.check_open()?;
    let org = match decide::org_language(&me.email.to_string(), &org, tag, app.clock.now()) {
        Some((after, audit)) => {
            app.store.set_org_language(&after, &audit).await?;
            after
        }
        None => org,
    };
    reply(Status::Ok, me_view(&me, &org))
}

#[derive(Serialize)]
struct Download {
    version: elp_core::Version,
    os: elp_core::Os,
    url: String,
}

#[derive(Serialize)]
struct MyLicense {
    product: elp_core::ProductId,
    product_name: String,
    code: elp_core::ActivationCode,
    #[serde(rename = "type")]
    license_type: elp_core::LicenseType,
    start: elp_core::Date,
    /// Computers (or seats) of the current term.
    computers: elp_core::Quantity,
    expiry: elp_core::Date,
    status: Lifecycle,
    /// The term in force today, and the one a renewal added after it.
    current_term: TermView,
    next_term: Option<TermView>,
    /// The version the licence was bought for.
    version: elp_core::Version,
    downloads: Vec<Download>,
}

/// The caller's licences, newest first, with the allowed downloads.
pub async fn my_licenses(app: &App, caller: &Caller, page: PageRequest) -> Result<Reply, Error> {
    let me = member_by_read(app, caller).await?;
    let filter = LicenseFilter {
        org: me.org.clone(),
        bank: None,
        assignee: Some(me.email.clone()),
        status: None,
        product: None,
        search: None,
        order: crate::store::LicenseOrder::Created,
    };
    // Three independent reads: one round trip of latency instead of three.
    let (found, catalog, policies) = tokio::join!(
        app.store.list_licenses(&filter, page.cursor(), page.limit),
        app.store.get_catalog(),
        app.store.list_policies(&me.org)
    );
    let (found, catalog) = (found?, catalog?);
    let policies: HashMap<_, _> = policies?
        .into_iter()
        .map(|p| (p.product.clone(), p))
        .collect();
    let today = app.today();
    let licenses: Vec<_> = found
        .items
        .iter()
        .map(|l| MyLicense {
            product: l.product.clone(),
            product_name: catalog.product_name(&l.product),
            code: l.code.clone(),
            license_type: l.license_type,
            start: l.start(),
            computers: l.computers_on(today),
            expiry: l.expiry(),
            status: l.status(today),
            current_term: TermView::of(l, l.current_term(today)),
            next_term: l.next_term(today).map(|t| TermView::of(l, t)),
            version: l.bank.version,
            downloads: catalog
                .releases_allowed(&l.product, policies.get(&l.product))
                .into_iter()
                .flat_map(|r| {
                    r.downloads.iter().map(move |d| Download {
                        version: r.version,
                        os: d.os,
                        url: d.url.clone(),
                    })
                })
                .collect(),
        })
        .collect();
    reply_page("licenses", &licenses, found.next.as_deref())
}
