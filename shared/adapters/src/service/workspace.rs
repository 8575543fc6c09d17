//! The member's workspace: who they are, and their licences with the downloads their
//! organisation's version policy allows. The first call after an invitation activates them.

use std::collections::HashMap;

use elp_core::Lifecycle;
use serde::Serialize;
use serde_json::json;

use super::access::{member_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
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
    reply(
        Status::Ok,
        json!({ "email": me.email, "role": me.role, "status": me.status, "org": { "id": org.id, "name": org.name, "suspended": org.suspended } }),
    )
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
    computers: elp_core::Quantity,
    expiry: elp_core::Date,
    status: Lifecycle,
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
            computers: l.computers(),
            expiry: l.expiry(),
            status: l.status(today),
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
