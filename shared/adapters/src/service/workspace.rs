//! The member's workspace: who they are, and their licences with the downloads their
//! organisation's version policy allows. The first call after an invitation activates them.

use std::collections::HashMap;

use elp_core::{AuditAction, AuditEvent, Email, Lifecycle, UserStatus};
use lambda_http::http::StatusCode;
use serde::Serialize;
use serde_json::json;

use super::access::member;
use crate::app::App;
use crate::error::Error;
use crate::http::{reply, reply_page, Reply};
use crate::store::LicenseFilter;

/// Who the caller is. An invited person's first sign-in makes them active.
pub async fn me(app: &App, caller: &Email) -> Result<Reply, Error> {
    let mut me = member(app.store.get_membership(caller).await?)?;
    if me.status == UserStatus::Invited {
        let event = AuditEvent {
            org: me.org.clone(),
            at: app.clock.now(),
            actor: caller.to_string(),
            action: AuditAction::UserChanged,
            subject: caller.to_string(),
            bank: None,
            credits: 0,
            detail: "first sign-in: invited -> active".into(),
        };
        app.store.activate(&me, &event).await?;
        me = me.signed_in();
    }
    let org = app
        .store
        .get_org(&me.org)
        .await?
        .ok_or(Error::NotFound("organisation"))?;
    reply(
        StatusCode::OK,
        json!({ "email": me.email, "role": me.role, "status": me.status, "org": { "id": org.id, "name": org.name } }),
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
pub async fn my_licenses(
    app: &App,
    caller: &Email,
    cursor: Option<&str>,
    limit: i32,
) -> Result<Reply, Error> {
    let me = member(app.store.get_membership(caller).await?)?;
    let filter = LicenseFilter {
        org: me.org.clone(),
        bank: None,
        assignee: Some(me.email.clone()),
        status: None,
    };
    // Three independent reads: one round trip of latency instead of three.
    let (page, catalog, policies) = tokio::join!(
        app.store.list_licenses(&filter, cursor, limit),
        app.store.get_catalog(),
        app.store.list_policies(&me.org)
    );
    let (page, catalog) = (page?, catalog?);
    let policies: HashMap<_, _> = policies?
        .into_iter()
        .map(|p| (p.product.clone(), p))
        .collect();
    let today = app.today();
    let licenses: Vec<_> = page
        .items
        .iter()
        .map(|l| {
            let product = catalog.product(&l.product);
            let downloads = match (product, policies.get(&l.product)) {
                (Some(p), policy) => {
                    let unrestricted = elp_core::VersionPolicy::unrestricted(p.id.clone());
                    let policy = policy.unwrap_or(&unrestricted);
                    policy
                        .visible(p)
                        .flat_map(|r| {
                            r.downloads.iter().map(move |d| Download {
                                version: r.version,
                                os: d.os,
                                url: d.url.clone(),
                            })
                        })
                        .collect()
                }
                (None, _) => Vec::new(),
            };
            MyLicense {
                product: l.product.clone(),
                product_name: product.map_or_else(|| l.product.to_string(), |p| p.name.clone()),
                code: l.code.clone(),
                license_type: l.license_type,
                start: l.start(),
                computers: l.computers(),
                expiry: l.expiry(),
                status: l.status(today),
                version: l.bank.version,
                downloads,
            }
        })
        .collect();
    reply_page("licenses", &licenses, page.next.as_deref())
}
