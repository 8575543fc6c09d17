//! A bank's ledger (decision 94): its movements, oldest first, each with the balance after it;
//! for the bank's admins (a page at a time, or as CSV) and for the licence provider's staff.

use std::ops::ControlFlow;

use elp_core::export::neutralise;
use elp_core::ledger::{running_balances, Totals};
use elp_core::{AuditEvent, Bank, BankId, OrgId};
use elp_l10n::Lang;
use serde::Serialize;

use super::access::Caller;
use super::app::App;
use super::banks::{own_bank, own_bank_as};
use super::error::Error;
use super::reply::{reply, PageRequest, Reply, Status};
use super::views::{BankView, EventView};
use crate::store::StoreError;

/// One movement as the ledger shows it: the trail's event (who in words included) and the
/// bank's spendable credits after it.
#[derive(Serialize)]
struct Entry {
    #[serde(flatten)]
    event: EventView,
    balance: i64,
}

#[derive(Serialize)]
struct LedgerPage {
    bank: BankView,
    entries: Vec<Entry>,
    /// The next page's cursor: where the page ended and the balance there.
    next: Option<String>,
}

/// A ledger cursor: the balance before the page, then the store's cursor (`<balance>.<key>`;
/// the key's base64url never holds a dot). The store still checks that the key is the bank's.
fn split_cursor(cursor: Option<&str>) -> Result<(i64, Option<&str>), Error> {
    match cursor {
        None => Ok((0, None)),
        Some(c) => {
            let (balance, key) = c.split_once('.').ok_or(StoreError::BadCursor)?;
            let balance = balance.parse().map_err(|_| StoreError::BadCursor)?;
            Ok((balance, Some(key)))
        }
    }
}

async fn ledger_page(
    app: &App,
    bank: &Bank,
    page: PageRequest,
    today: elp_core::Date,
    lang: Lang,
) -> Result<Reply, Error> {
    let (opening, cursor) = split_cursor(page.cursor.as_deref())?;
    let found = app.store.list_ledger(&bank.id, cursor, page.limit).await?;
    let balances = running_balances(&found.items, opening);
    let next = found
        .next
        .as_deref()
        .map(|key| format!("{}.{key}", balances.last().copied().unwrap_or(opening)));
    let entries = super::views::event_views(&found.items, lang)
        .into_iter()
        .zip(balances)
        .map(|(event, balance)| Entry { event, balance })
        .collect();
    reply(
        Status::Ok,
        LedgerPage {
            bank: BankView::of(bank, today),
            entries,
            next,
        },
    )
}

/// `GET /v1/banks/{id}/ledger`: one page of the caller's organisation's bank's ledger.
pub async fn page(app: &App, caller: &Caller, id: &str, page: PageRequest) -> Result<Reply, Error> {
    // The cursor is checked before anything is read.
    split_cursor(page.cursor.as_deref())?;
    let bank = own_bank(app, caller, id).await?;
    ledger_page(app, &bank, page, app.today(), caller.lang).await
}

/// `GET /v1/operator/orgs/{org}/banks/{id}/ledger`: the same, for the licence provider's staff
/// (the bank must be of that organisation).
pub async fn operator_page(
    app: &App,
    org: &str,
    id: &str,
    page: PageRequest,
    lang: Lang,
) -> Result<Reply, Error> {
    split_cursor(page.cursor.as_deref())?;
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let id = BankId::parse(id).map_err(|_| Error::NotFound("bank"))?;
    let bank = app
        .store
        .get_bank(&id, true)
        .await?
        .filter(|b| b.org == org)
        .ok_or(Error::NotFound("bank"))?;
    ledger_page(app, &bank, page, app.today(), lang).await
}

/// A bank's whole ledger, oldest first, with the balance after each movement, and its totals.
pub async fn whole(app: &App, bank: &BankId) -> Result<(Vec<AuditEvent>, Totals), StoreError> {
    let (mut events, mut totals) = (Vec::new(), Totals::default());
    app.store
        .each_ledger_page(bank, |page| {
            page.iter().for_each(|e| totals.add(e));
            events.extend(page);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
    Ok((events, totals))
}

/// The ledger as CSV: `at, movement, by, subject, credits, balance, detail`, the movement in
/// the reader's language.
pub fn ledger_csv(events: &[AuditEvent], lang: Lang) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let bad = |e: csv::Error| Error::Internal(format!("ledger csv: {e}"));
    w.write_record([
        "at", "movement", "by", "subject", "credits", "balance", "detail",
    ])
    .map_err(bad)?;
    for (e, balance) in events.iter().zip(running_balances(events, 0)) {
        w.write_record([
            crate::store::keys::timestamp(e.at),
            e.action.movement().say(lang),
            neutralise(&elp_core::actor_message(&e.actor).say(lang)).into_owned(),
            neutralise(&e.subject).into_owned(),
            e.credits.to_string(),
            balance.to_string(),
            neutralise(&e.detail_in(lang)).into_owned(),
        ])
        .map_err(bad)?;
    }
    w.into_inner()
        .map_err(|e| Error::Internal(format!("ledger csv: {e}")))
}

/// `GET /v1/banks/{id}/ledger.csv`: the whole ledger of the caller's organisation's bank,
/// recorded in the trail (`ledger_downloaded`) before it is handed over.
pub async fn csv(app: &App, caller: &Caller, id: &str) -> Result<Reply, Error> {
    let (me, bank) = own_bank_as(app, caller, id).await?;
    let (events, _) = whole(app, &bank.id).await?;
    let bytes = ledger_csv(&events, caller.lang)?;
    super::audit::record_download(app, &me, elp_core::trail::Download::Ledger(&bank.id)).await?;
    Ok(Reply::file(
        "text/csv; charset=utf-8",
        &format!("ledger-{}-{}.csv", bank.id, app.today()),
        bytes,
    ))
}
