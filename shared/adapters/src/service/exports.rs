//! CSV exports of an organisation's licences (active, pending and expired, returned ones too):
//! downloaded when they fit a Lambda response, emailed otherwise or on request. Pages of the
//! licence Query are written to the CSV as they arrive, never collected first.

use std::io::Write;
use std::ops::ControlFlow;

use elp_core::decide::{self, ExportReason};
use elp_core::export::{row, HEADER};
use elp_core::{Date, Membership, OrgId};
use serde_json::json;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::access::within_mail_budget;
use super::access::{admin_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, Once, RequestKey};
use super::reply::{reply, Reply, Status};
use crate::bucket::{BucketError, ExportsBucket, ObjectMeta, Upload};
use crate::mail::templates::ExportFile;
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
    let filter = all_of(org);
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

/// The emailed export's file, written page by page as the Query reads them: the CSV goes
/// through gzip into a buffer; while that stays within what a mail may carry
/// (`ExportFiles::attach_max_bytes`) the file is attached, as CSV when it is small
/// (`Config::attachment_gzip_bytes`), else compressed. Past it, with an exports bucket, the
/// buffer becomes the first part of a multipart upload and the rest follows in parts of
/// `part_bytes` (at most two in memory: one sent while the next fills), and the mail links to
/// the object (decisions 180-183, A140). A failure aborts the upload; the mail is tried again
/// like any other.
pub async fn export_file(app: &App, org: &OrgId, today: Date) -> Result<ExportFile, StoreError> {
    let files = &app.config.export_files;
    let bucket = match &app.exports_bucket {
        Some(bucket) => bucket,
        // No bucket: attached whatever its size, as before decision 180.
        None => {
            let csv = write_csv(&app.store, org, today, Vec::new()).await?;
            return Ok(attached(csv, app.config.attachment_gzip_bytes));
        }
    };
    let mut file = Streamed::new(app.config.attachment_gzip_bytes);
    let mut upload: Option<Upload> = None;
    let written = stream_into(app, bucket, org, today, &mut file, &mut upload).await;
    match written {
        Ok(()) => {}
        Err(e) => {
            if let Some(upload) = upload {
                upload.abort().await;
            }
            return Err(e);
        }
    }
    let csv_bytes = file.csv_bytes;
    let (raw, mut gzip) = file.finish()?;
    if upload.is_none() && gzip.len() > files.attach_max_bytes {
        // Small enough to stay in gzip's own buffers until the end, too large to attach.
        upload = Some(start_upload(bucket, org, today).await?);
    }
    let Some(mut upload) = upload else {
        return Ok(match raw {
            Some(csv) => attached(csv, app.config.attachment_gzip_bytes),
            None => ExportFile::Attached {
                bytes: gzip,
                gzip: true,
                csv_bytes,
            },
        });
    };
    let sent = async {
        while gzip.len() > files.part_bytes {
            let rest = gzip.split_off(files.part_bytes);
            upload.part(std::mem::replace(&mut gzip, rest)).await?;
        }
        // The last part may be smaller than the others, or empty if there were others.
        if !gzip.is_empty() || upload.parts() == 0 {
            upload.part(gzip).await?;
        }
        upload.complete().await
    };
    if let Err(e) = sent.await {
        upload.abort().await;
        return Err(bucket_error(e));
    }
    // The link starts now and ends with the configured lifetime (docs/SECURITY.md); an
    // object whose mail is never sent expires by the bucket's lifecycle rule.
    let now = app.clock.now();
    let lifetime = std::time::Duration::from_secs(u64::from(files.link_seconds));
    let url = bucket
        .presign_get(upload.key(), now.into(), lifetime)
        .await
        .map_err(bucket_error)?;
    Ok(ExportFile::Linked {
        url,
        expires: now + chrono::Duration::seconds(i64::from(files.link_seconds)),
        csv_bytes,
    })
}

async fn start_upload(
    bucket: &ExportsBucket,
    org: &OrgId,
    today: Date,
) -> Result<Upload, StoreError> {
    let meta = ObjectMeta {
        file_name: format!("licenses-{today}.csv.gz"),
        content_type: "application/gzip".into(),
    };
    let key = ExportsBucket::new_key(org.as_str(), &meta.file_name).map_err(bucket_error)?;
    bucket.start(&key, &meta).await.map_err(bucket_error)
}

fn bucket_error(e: BucketError) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn attached(csv: Vec<u8>, gzip_above: usize) -> ExportFile {
    let csv_bytes = csv.len();
    if csv_bytes <= gzip_above {
        return ExportFile::Attached {
            bytes: csv,
            gzip: false,
            csv_bytes,
        };
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(&csv);
    ExportFile::Attached {
        bytes: gz.finish().unwrap_or_default(),
        gzip: true,
        csv_bytes,
    }
}

/// The pages into `file`, and from the buffer into `upload` once it outgrows an attachment.
async fn stream_into(
    app: &App,
    bucket: &ExportsBucket,
    org: &OrgId,
    today: Date,
    file: &mut Streamed,
    upload: &mut Option<Upload>,
) -> Result<(), StoreError> {
    let files = &app.config.export_files;
    file.write(|w| w.write_record(HEADER))?;
    let catalog = app.store.get_catalog().await?;
    let mut pages = app.store.license_pages(&all_of(org), PAGE);
    while let Some(page) = pages.next().await? {
        file.write(|w| {
            for license in &page {
                w.write_record(row(license, &catalog, today))?;
            }
            Ok(())
        })?;
        drop(page);
        if upload.is_none() && file.gzip.get_ref().len() > files.attach_max_bytes {
            *upload = Some(start_upload(bucket, org, today).await?);
        }
        if let Some(upload) = upload.as_mut() {
            // Whole parts only: the last, which may be smaller, is sent when the file ends.
            while file.gzip.get_ref().len() > files.part_bytes {
                let buffer = file.gzip.get_mut();
                let rest = buffer.split_off(files.part_bytes);
                let part = std::mem::replace(buffer, rest);
                upload.part(part).await.map_err(bucket_error)?;
            }
        }
    }
    Ok(())
}

/// An export being written: the CSV through gzip into a buffer, and the CSV itself while it
/// is small enough to attach uncompressed.
struct Streamed {
    gzip: GzEncoder<Vec<u8>>,
    raw: Option<Vec<u8>>,
    raw_limit: usize,
    csv_bytes: usize,
}

impl Streamed {
    fn new(raw_limit: usize) -> Streamed {
        Streamed {
            gzip: GzEncoder::new(Vec::new(), Compression::default()),
            raw: Some(Vec::new()),
            raw_limit,
            csv_bytes: 0,
        }
    }

    /// Records written by `each`, through one CSV writer (the same quoting as the download).
    fn write(
        &mut self,
        each: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> Result<(), csv::Error>,
    ) -> Result<(), StoreError> {
        let mut text = Vec::new();
        {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut text);
            each(&mut writer).map_err(csv_error)?;
            writer.flush().map_err(csv_error)?;
        }
        self.csv_bytes += text.len();
        self.gzip.write_all(&text).map_err(csv_error)?;
        if let Some(raw) = &mut self.raw {
            if raw.len() + text.len() <= self.raw_limit {
                raw.extend_from_slice(&text);
            } else {
                self.raw = None;
            }
        }
        Ok(())
    }

    /// The CSV (if it stayed small) and the rest of the gzip stream.
    fn finish(self) -> Result<(Option<Vec<u8>>, Vec<u8>), StoreError> {
        let gzip = self.gzip.finish().map_err(csv_error)?;
        Ok((self.raw, gzip))
    }
}

fn all_of(org: &OrgId) -> LicenseFilter {
    LicenseFilter {
        org: org.clone(),
        bank: None,
        assignee: None,
        status: None,
        product: None,
        search: None,
        order: crate::store::LicenseOrder::Created,
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
