//! The audit trail, for admins: who did what, when, and how credits moved; newest first,
//! filtered by who, what, which bank or licence and which days, and downloaded as CSV.

use std::ops::ControlFlow;

use elp_core::trail::{self, AuditFilter, AuditQuery, Download};
use elp_core::{AuditEvent, Invalid, Membership, Message, VendorEvent};

use super::access::{admin_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply_page, PageRequest, Reply};
use super::views::{event_views, vendor_event_views};
use crate::store::{Page, StoreError, Trail, Walk};

/// The filters of a trail's query string (`actor`, `action`, `bank`, `license`, `from`, `to`),
/// each 422 naming its field when it cannot be read.
pub fn filter(query: &AuditQuery<'_>) -> Result<AuditFilter, Error> {
    Ok(AuditFilter::parse(query)?)
}

/// One page of an organisation's trail as `filter` narrows it (A130-A132).
pub async fn org_page(
    app: &App,
    org: &elp_core::OrgId,
    filter: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditEvent>, Error> {
    Ok(app
        .store
        .filtered_trail(
            &Trail::Org(org.clone()),
            filter,
            |e: &AuditEvent| filter.matches(e),
            page.cursor(),
            page.limit.max(1) as usize,
            app.config.audit_read_budget.max(1),
        )
        .await?)
}

/// One page of the vendor's trail as `filter` narrows it.
pub async fn vendor_page(
    app: &App,
    filter: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<VendorEvent>, Error> {
    Ok(app
        .store
        .filtered_trail(
            &Trail::Vendor,
            filter,
            |e: &VendorEvent| filter.matches_vendor(e),
            page.cursor(),
            page.limit.max(1) as usize,
            app.config.audit_read_budget.max(1),
        )
        .await?)
}

/// `GET /v1/audit`: a page of the caller's organisation's trail.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: AuditFilter,
    page: PageRequest,
) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let found = org_page(app, &me.org, &filter, &page).await?;
    reply_page(
        "events",
        &event_views(&found.items, caller.lang),
        found.next.as_deref(),
    )
}

/// `GET /v1/operator/audit` with filters: a page of the vendor's trail.
pub async fn vendor_list(
    app: &App,
    filter: AuditFilter,
    page: PageRequest,
    lang: elp_l10n::Lang,
) -> Result<Reply, Error> {
    let found = vendor_page(app, &filter, &page).await?;
    reply_page(
        "events",
        &vendor_event_views(&found.items, lang),
        found.next.as_deref(),
    )
}

fn csv_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("audit csv: {e}"))
}

/// `GET /v1/audit.csv`: the caller's organisation's trail as `filter` narrows it, newest
/// first, as CSV (columns: [`trail::CSV_HEADER`]); recorded in the trail before it is handed
/// over (decision 172). Past what a download carries, 422 naming `from` with the day from which
/// the events fit (decision 173).
pub async fn csv(app: &App, caller: &Caller, filter: AuditFilter) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let limit = app.config.download_limit_bytes;
    let max_events = app.config.audit_csv_max_events.max(1);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(trail::CSV_HEADER).map_err(csv_error)?;
    // The newest day written, and the day of the first event left out.
    let (mut newest, mut cut) = (None, None);
    let walked = app
        .store
        // One more than may be downloaded: reading it says there are too many.
        .walk_trail(
            &Trail::Org(me.org.clone()),
            &filter,
            max_events + 1,
            |page| {
                for event in page.iter().filter(|e| filter.matches(e)) {
                    writer
                        .write_record(trail::csv_row(event))
                        .map_err(csv_error)?;
                    writer.flush().map_err(csv_error)?;
                    if writer.get_ref().len() > limit {
                        cut = Some(Some(event.at.date_naive()));
                        return Ok(ControlFlow::Break(()));
                    }
                    newest = newest.or(Some(event.at.date_naive()));
                }
                Ok(ControlFlow::Continue(()))
            },
        )
        .await?;
    if let Walk::Stopped(day) = walked {
        cut = Some(day);
    }
    if let Some(cut) = cut {
        return Err(too_large(newest, cut, limit, max_events, app.today()).into());
    }
    let bytes = writer.into_inner().map_err(csv_error)?;
    record_download(app, &me, Download::Audit(&filter)).await?;
    Ok(Reply::file(
        "text/csv; charset=utf-8",
        &format!("audit-{}.csv", app.today()),
        bytes,
    ))
}

/// The 422 of a trail too long for one download. Newest first, every event of a day after
/// the one it was cut on was written, so `from` set to the next day downloads them; when the cut
/// came on the newest day written (or nothing was), only a narrower filter helps.
fn too_large(
    newest: Option<elp_core::Date>,
    cut: Option<elp_core::Date>,
    limit: usize,
    max_events: u64,
    today: elp_core::Date,
) -> Invalid {
    let message = |id| {
        Message::new(id)
            .number("events", max_events)
            .number("limit", limit)
    };
    match (newest, cut) {
        (Some(newest), Some(cut)) if cut < newest => match cut.succ_opt() {
            Some(next) => Invalid::new(
                "from",
                message("invalid-audit-csv-too-large").date("day", next),
            ),
            None => Invalid::new(
                "from",
                message("invalid-audit-csv-day-too-large").date("day", cut),
            ),
        },
        (_, Some(day)) | (Some(day), None) => Invalid::new(
            "from",
            message("invalid-audit-csv-day-too-large").date("day", day),
        ),
        (None, None) => Invalid::new(
            "from",
            message("invalid-audit-csv-day-too-large").date("day", today),
        ),
    }
}

/// Records that `me` downloaded `what` (one audit event, its own transaction) before the file is
/// handed over: a download the trail cannot record is not served.
pub async fn record_download(app: &App, me: &Membership, what: Download<'_>) -> Result<(), Error> {
    let event = trail::downloaded(me, what, app.clock.now());
    app.store.record(&event).await?;
    Ok(())
}
