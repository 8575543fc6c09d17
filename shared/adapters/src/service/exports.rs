//! CSV exports of an organisation's licences (active, pending and expired, returned ones too):
//! downloaded when they fit a Lambda response, emailed otherwise or on request. Pages of the
//! licence Query are written to the CSV as they arrive, never collected first.

use std::io::Write;
use std::ops::ControlFlow;

use elp_core::decide::{self, ExportReason};
use elp_core::export::{row, HEADER};
use elp_core::{Date, Membership, OrgId};
use serde_json::json;

use super::access::within_mail_budget;
use super::access::{admin_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, Once, RequestKey};
use super::reply::{reply, Reply, Status};
use crate::store::{keys, Cooldown, LicenseFilter, OutboxMail, StoreError, Wanted};

/// Licences read per Query page while exporting.
const PAGE: i32 = 1000;

fn csv_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("csv: {e}"))
}

/// Writes the organisation's licences as CSV into `out`, page by page; stops early (returning
/// `None`) once more than `limit` bytes were written.
pub async fn write_csv_limited<W: Write>(
    store: &crate::store::Store,
    org: &OrgId,
    today: Date,
    out: W,
    limit: usize,
) -> Result<Option<W>, StoreError> {
    let mut writer = csv::Writer::from_writer(Counting {
        inner: out,
        written: 0,
    });
    writer.write_record(HEADER).map_err(csv_error)?;
    // Product names and bank labels are the catalogue's as it is when the export is made.
    let catalog = store.get_catalog().await?;
    let filter = LicenseFilter {
        org: org.clone(),
        bank: None,
        assignee: None,
        status: None,
        product: None,
        search: None,
        order: crate::store::LicenseOrder::Created,
    };
    let mut over = false;
    store
        .each_license_page(&filter, PAGE, |page| {
            for license in &page {
                writer
                    .write_record(row(license, &catalog, today))
                    .map_err(csv_error)?;
            }
            writer.flush().map_err(csv_error)?;
            over = writer.get_ref().written > limit;
            Ok(if over {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            })
        })
        .await?;
    if over {
        return Ok(None);
    }
    let counting = writer.into_inner().map_err(csv_error)?;
    Ok(Some(counting.inner))
}

/// Writes every licence of the organisation as CSV into `out`.
pub async fn write_csv<W: Write>(
    store: &crate::store::Store,
    org: &OrgId,
    today: Date,
    out: W,
) -> Result<W, StoreError> {
    Ok(write_csv_limited(store, org, today, out, usize::MAX)
        .await?
        .expect("no limit to exceed"))
}

struct Counting<W> {
    inner: W,
    written: usize,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `GET /v1/licenses.csv`: the CSV itself, or, past what a response can carry, 202 and the
/// same CSV by email.
pub async fn download(app: &App, caller: &Caller) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let today = app.today();
    let limit = app.config.download_limit_bytes;
    match write_csv_limited(&app.store, &me.org, today, Vec::new(), limit).await? {
        Some(bytes) => {
            super::audit::record_download(app, &me, elp_core::trail::Download::Licenses).await?;
            Ok(Reply::file(
                "text/csv; charset=utf-8",
                &format!("licenses-{today}.csv"),
                bytes,
            ))
        }
        None => {
            let answer = reply(
                Status::Accepted,
                json!({
                    "emailed_to": caller.email,
                    "message": elp_l10n::text(
                        caller.lang,
                        "export-too-large",
                        &elp_l10n::Args::new()
                            .number("limit", i64::try_from(limit).unwrap_or(i64::MAX))
                            .text("email", caller.email.as_str()),
                    ),
                }),
            )?;
            queue_export(app, &me, ExportReason::TooLarge, None).await?;
            Ok(answer)
        }
    }
}

/// `POST /v1/exports`: the CSV emailed to the caller (202).
pub async fn email(app: &App, caller: &Caller, key: Option<RequestKey>) -> Result<Reply, Error> {
    as_admin(app, caller, key, Wanted::default(), async |read, once| {
        let answer = reply(
            Status::Accepted,
            json!({
                "emailed_to": caller.email,
                "message": elp_l10n::text(
                    caller.lang,
                    "export-emailed",
                    &elp_l10n::Args::new().text("email", caller.email.as_str()),
                ),
            }),
        )?;
        queue_export(app, &read.me, ExportReason::Asked, Some((once, &answer))).await?;
        Ok(answer)
    })
    .await
}

/// Queues the export's mail with its audit event (and, when asked for, the request's
/// idempotency record holding `answer`).
async fn queue_export(
    app: &App,
    me: &Membership,
    why: ExportReason,
    once: Option<(&Once, &Reply)>,
) -> Result<(), Error> {
    let now = app.clock.now();
    within_mail_budget(app, &me.org, now).await?;
    let (letter, audit) = decide::export_by_mail(me, why, now);
    let mail = OutboxMail::new(letter, &me.org, now)?;
    let record = once.and_then(|(once, answer)| once.record(answer));
    let seconds = app.config.limits.export_interval_seconds;
    let cooldown = Cooldown {
        key: keys::export_lock(&me.org),
        until: now + chrono::Duration::seconds(i64::from(seconds)),
        code: "export_cooldown",
        refusal: elp_core::Message::new("limited-export").number("minutes", seconds.div_ceil(60)),
    };
    app.store
        .queue_mail(&mail, &audit, &cooldown, record.as_ref())
        .await?;
    Ok(())
}
