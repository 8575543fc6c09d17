//! Banks and the dashboard, for admins.

use elp_core::dashboard::{summarise, warnings};
use elp_core::{forecast_bank, forecast_product, Bank, BankId, Credits};
use serde::Serialize;
use serde_json::json;

use super::access::{admin, admin_by_read, admin_with_catalog, own, read, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use super::views::{ForecastBankView, ForecastView};
use crate::store::Wanted;

pub async fn list(app: &App, caller: &Caller, page: PageRequest) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let found = app
        .store
        .list_banks(&me.org, page.cursor(), page.limit)
        .await?;
    let today = app.today();
    // One read of the organisation's unexpired licences serves every bank of the page.
    let licenses = app.store.unexpired_licenses(&me.org, None, today).await?;
    let banks: Vec<_> = found
        .items
        .iter()
        .map(|b| ForecastBankView::of(b, &licenses, today, caller.lang))
        .collect();
    reply_page("banks", &banks, found.next.as_deref())
}
/// The caller's organisation's bank `id`, read strongly consistent with the caller's membership
/// (404 for another organisation's: never say it exists). Admins only.
pub(super) async fn own_bank(app: &App, caller: &Caller, id: &str) -> Result<Bank, Error> {
    Ok(own_bank_as(app, caller, id).await?.1)
}

/// [`own_bank`], with the caller's membership.
pub(super) async fn own_bank_as(
    app: &App,
    caller: &Caller,
    id: &str,
) -> Result<(elp_core::Membership, Bank), Error> {
    let id = BankId::parse(id).map_err(|_| Error::NotFound("bank"))?;
    let (pre, admission) = read(
        app,
        caller,
        Wanted {
            bank: Some(&id),
            ..Wanted::default()
        },
    )
    .await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let bank = own(pre.bank, |b| &b.org, &me, "bank")?;
    Ok((me, bank))
}

/// One bank, read strongly consistent: the page's refresh.
pub async fn get(app: &App, caller: &Caller, id: &str) -> Result<Reply, Error> {
    let bank = own_bank(app, caller, id).await?;
    let today = app.today();
    let licenses = app
        .store
        .unexpired_licenses(&bank.org, Some(&bank.id), today)
        .await?;
    reply(
        Status::Ok,
        ForecastBankView::of(&bank, &licenses, today, caller.lang),
    )
}

#[derive(Serialize)]
struct ProductSummary {
    product: String,
    name: String,
    /// Credits left in the product's usable banks.
    remaining: Credits,
    /// The soonest expiry among usable banks that still hold credits: use those first.
    next_expiry: Option<elp_core::Date>,
    banks: Vec<ForecastBankView>,
    /// The product's usable banks' forecasts added up.
    forecast: ForecastView,
    /// Where the product's licences are listed.
    licenses: String,
    /// Credits purchased or requested, over every bank of the product.
    purchased: Credits,
    /// Credits used, over every bank of the product.
    used: Credits,
    /// Credits lost when its banks expired unused.
    forfeited: Credits,
}

/// What a warning names of its bank.
#[derive(Serialize)]
struct WarnedBank {
    id: BankId,
    product: elp_core::ProductId,
    version: elp_core::Version,
    expiry: elp_core::Date,
}

/// A usable bank expiring soon with unused credits.
#[derive(Serialize)]
struct ExpiryWarning {
    bank: WarnedBank,
    product_name: String,
    days_left: i64,
    unused: Credits,
    message: String,
}

/// Per product: remaining credits, the bank expiry that matters, what was bought, used and
/// lost, the link to the licences; and the banks expiring soon with unused credits.
pub async fn dashboard(app: &App, caller: &Caller) -> Result<Reply, Error> {
    let (me, catalog) = admin_with_catalog(app, caller).await?;
    let today = app.today();
    // The banks and the unexpired licences the forecasts need, read side by side.
    let (banks, licenses) = tokio::try_join!(
        app.store.all_banks(&me.org),
        app.store.unexpired_licenses(&me.org, None, today)
    )?;
    let products: Vec<_> = summarise(&banks, &catalog, today)
        .into_iter()
        .map(|line| {
            let forecasts: Vec<_> = line
                .banks
                .iter()
                .map(|b| forecast_bank(b, &licenses, today))
                .collect();
            let banks: Vec<_> = line
                .banks
                .iter()
                .zip(&forecasts)
                .map(|(b, f)| ForecastBankView::with(b, f, today, caller.lang))
                .collect();
            (line, banks, forecast_product(&forecasts))
        })
        .map(|(line, banks, forecast)| ProductSummary {
            product: line.product.to_string(),
            name: line.name,
            remaining: line.remaining,
            next_expiry: line.next_expiry,
            licenses: format!("/v1/licenses?product={}", line.product),
            banks,
            forecast: ForecastView::of_product(&forecast, caller.lang),
            purchased: line.purchased,
            used: line.used,
            forfeited: line.forfeited,
        })
        .collect();
    let warnings: Vec<_> = warnings(&banks, &catalog, today)
        .into_iter()
        .map(|w| ExpiryWarning {
            bank: WarnedBank {
                id: w.bank.id.clone(),
                product: w.bank.product.clone(),
                version: w.bank.version,
                expiry: w.bank.expiry,
            },
            product_name: w.product_name,
            days_left: w.days_left,
            unused: w.unused,
            message: w.message.say(caller.lang),
        })
        .collect();
    reply(
        Status::Ok,
        json!({ "products": products, "warnings": warnings }),
    )
}
