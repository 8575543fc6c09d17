//! Banks and the dashboard, for admins.

use std::collections::BTreeMap;

use elp_core::{BankId, Credits, Email, Lifecycle};
use lambda_http::http::StatusCode;
use serde::Serialize;
use serde_json::json;

use super::access::{admin, admin_with_catalog, own};
use super::views::BankView;
use crate::app::App;
use crate::error::Error;
use crate::http::{reply, reply_page, Reply};
use crate::store::Wanted;

pub async fn list(
    app: &App,
    caller: &Email,
    cursor: Option<&str>,
    limit: i32,
) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let page = app.store.list_banks(&me.org, cursor, limit).await?;
    let today = app.today();
    let banks: Vec<_> = page.items.iter().map(|b| BankView::of(b, today)).collect();
    reply_page("banks", &banks, page.next.as_deref())
}

/// One bank, read strongly consistent: the page's refresh.
pub async fn get(app: &App, caller: &Email, id: &str) -> Result<Reply, Error> {
    let id = BankId::parse(id).map_err(|_| Error::NotFound("bank"))?;
    let pre = app
        .store
        .prefetch(
            caller,
            Wanted {
                bank: Some(&id),
                ..Wanted::default()
            },
        )
        .await?;
    let me = admin(pre.caller)?;
    let bank = own(pre.bank, |b| &b.org, &me, "bank")?;
    reply(StatusCode::OK, BankView::of(&bank, app.today()))
}

#[derive(Serialize)]
struct ProductSummary {
    product: String,
    name: String,
    /// Credits left in the product's usable banks.
    remaining: Credits,
    /// The soonest expiry among usable banks that still hold credits: use those first.
    next_expiry: Option<elp_core::Date>,
    banks: Vec<BankView>,
    /// Where the product's licences are listed.
    licenses: String,
}

/// Per product: remaining credits, the bank expiry that matters, the link to the licences.
pub async fn dashboard(app: &App, caller: &Email) -> Result<Reply, Error> {
    let (me, catalog) = admin_with_catalog(app, caller).await?;
    let today = app.today();
    let mut products: BTreeMap<String, ProductSummary> = BTreeMap::new();
    let mut cursor = None;
    loop {
        let page = app
            .store
            .list_banks(&me.org, cursor.as_deref(), 100)
            .await?;
        for bank in &page.items {
            let key = bank.product.to_string();
            let summary = products
                .entry(key.clone())
                .or_insert_with(|| ProductSummary {
                    name: catalog
                        .product(&bank.product)
                        .map_or_else(|| key.clone(), |p| p.name.clone()),
                    product: key,
                    remaining: Credits::ZERO,
                    next_expiry: None,
                    banks: Vec::new(),
                    licenses: String::new(),
                });
            if bank.status(today) != Lifecycle::Expired && bank.remaining() > Credits::ZERO {
                summary.remaining = summary
                    .remaining
                    .checked_add(bank.remaining())
                    .unwrap_or(summary.remaining);
                summary.next_expiry = Some(
                    summary
                        .next_expiry
                        .map_or(bank.expiry, |e| e.min(bank.expiry)),
                );
            }
            summary.banks.push(BankView::of(bank, today));
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let products: Vec<_> = products
        .into_values()
        .map(|mut p| {
            p.licenses = match p.banks.as_slice() {
                [only] => format!("/v1/licenses?bank={}", only.id),
                _ => "/v1/licenses".to_string(),
            };
            p
        })
        .collect();
    reply(StatusCode::OK, json!({ "products": products }))
}
