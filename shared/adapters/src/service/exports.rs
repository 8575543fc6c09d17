//! CSV exports of an organisation's licences (active, pending and expired, returned ones too):
//! downloaded when they fit a Lambda response, emailed otherwise or on request. Pages of the
//! licence Query are written to the CSV as they arrive, never collected first.

use std::io::Write;

use elp_core::export::{row, HEADER};
use elp_core::{AuditAction, AuditEvent, Date, Email, OrgId};
use lambda_http::http::StatusCode;
use serde_json::json;

use super::access::admin;
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, Reply};
use crate::mail::Letter;
use crate::store::{LicenseFilter, OutboxMail, StoreError, Wanted};

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
    let filter = LicenseFilter {
        org: org.clone(),
        bank: None,
        assignee: None,
        status: None,
    };
    let mut cursor: Option<String> = None;
    loop {
        let page = store
            .list_licenses(&filter, cursor.as_deref(), PAGE)
            .await?;
        for license in &page.items {
            writer
                .write_record(row(license, today))
                .map_err(csv_error)?;
        }
        writer.flush().map_err(csv_error)?;
        if writer.get_ref().written > limit {
            return Ok(None);
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
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
pub async fn download(app: &App, caller: &Email) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let today = app.today();
    match write_csv_limited(
        &app.store,
        &me.org,
        today,
        Vec::new(),
        app.config.download_limit_bytes,
    )
    .await?
    {
        Some(bytes) => Ok(Reply::file(
            "text/csv; charset=utf-8",
            &format!("licenses-{today}.csv"),
            bytes,
        )),
        None => {
            queue_export(
                app,
                &me.org,
                caller,
                None,
                "larger than a download can carry",
            )
            .await?;
            reply(
                StatusCode::ACCEPTED,
                json!({
                    "emailed_to": caller,
                    "message": format!("The export is larger than {} bytes, more than a download can carry; it is being emailed to {caller} instead.", app.config.download_limit_bytes),
                }),
            )
        }
    }
}

/// `POST /v1/exports`: the CSV emailed to the caller (202).
pub async fn email(
    app: &App,
    caller: &Email,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = email_once(app, caller, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn email_once(
    app: &App,
    caller: &Email,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let answer = reply(
        StatusCode::ACCEPTED,
        json!({ "emailed_to": caller, "message": format!("The export is being emailed to {caller}.") }),
    )?;
    let record = idempotency.map(|i| i.record(&answer));
    queue_export(app, &me.org, caller, record.as_ref(), "asked for by email").await?;
    Ok(answer)
}

async fn queue_export(
    app: &App,
    org: &OrgId,
    to: &Email,
    record: Option<&crate::store::IdempotencyRecord>,
    why: &str,
) -> Result<(), Error> {
    let now = app.clock.now();
    let mail = OutboxMail::new(
        Letter::Export {
            to: to.clone(),
            org: org.clone(),
        },
        now,
    )?;
    let event = AuditEvent {
        org: org.clone(),
        at: now,
        actor: to.to_string(),
        action: AuditAction::LicensesExported,
        subject: to.to_string(),
        bank: None,
        credits: 0,
        detail: format!("CSV export emailed ({why})"),
    };
    app.store.queue_mail(&mail, &event, record).await?;
    Ok(())
}
