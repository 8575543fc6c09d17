//! `export-large [licences] [runs]`: an emailed export of that many licences through the real
//! mailing path (the outbox's run: the export streamed from the Query through the CSV writer
//! and gzip into a multipart upload to moto's S3, and its mail with the link sent to the SES
//! emulator), against a raw paginated Query of the same items; each phase runs in a child
//! process of its own, which reports its time and its peak resident memory (`VmHWM` of
//! /proc/self/status), so neither the seeding nor the other phase counts in a figure. Runs
//! alternate raw, export, raw, export... Then the link of the last mail is downloaded with a
//! plain HTTP GET, gunzipped as it arrives and compared (SHA-256 and lines) with the CSV the
//! attachment and download paths write (`exports::write_csv`).

use std::io::Read;
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Utc};
use elp_adapters::clock::Clock;
use elp_adapters::service::exports;
use elp_core::{Email, OrgId};
use elp_gateway::seed::ADMIN;
use elp_tests::{date, mails_to, Caller, TestApp};
use sha2::{Digest, Sha256};

const PHASE: &str = "export-large-phase";

/// The parent: seeds, runs the phases as children, checks the link.
pub async fn run(count: usize, runs: usize) {
    let t = TestApp::with_exports_bucket(|_| {}).await;
    elp_gateway::seed::seed(&t.app).await.unwrap();
    let admin = Email::parse("e", ADMIN).unwrap();
    let org = t
        .app
        .store
        .get_membership(&admin)
        .await
        .unwrap()
        .unwrap()
        .org;
    let bank = super::bank(&org, "2026-01-01", date("2027-01-01"), 100_000_000);
    t.app
        .store
        .import_banks(std::slice::from_ref(&bank))
        .await
        .unwrap();
    crate::seed_licenses(&t, &org, &bank, count).await;
    // The seed's own mail (invitations...) sent now, so each export phase sends its export only.
    t.drain().await;
    let (mut raw, mut export) = (Vec::new(), Vec::new());
    let mut now = t.clock.now();
    for _ in 0..runs {
        raw.push(phase(&t, "raw", &org, now));
        // A new export, queued through the real handler as the admin asks for it, once the
        // organisation's export interval has passed.
        now += chrono::Duration::minutes(11);
        t.clock.set(now);
        let (status, body) = elp_tests::call(
            &t.app,
            "POST",
            "/v1/exports",
            &Caller::User(ADMIN.into()),
            None,
            &[],
        )
        .await;
        assert_eq!(status, 202, "{body}");
        export.push(phase(&t, "export", &org, now));
    }
    let median = |v: &mut Vec<Measured>| {
        v.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        v[v.len() / 2].clone()
    };
    let peak = |v: &[Measured]| v.iter().map(|m| m.peak_kb).max().unwrap_or(0);
    let (raw_peak, export_peak) = (peak(&raw), peak(&export));
    let (r, e) = (median(&mut raw), median(&mut export));
    println!("licences                        {}", r.items);
    println!(
        "raw paginated Query (median)    {:.2} s (runs: {})",
        r.seconds,
        seconds(&raw)
    );
    println!(
        "export by mail (median)         {:.2} s (runs: {})",
        e.seconds,
        seconds(&export)
    );
    println!(
        "ratio export / raw              {:.2}",
        e.seconds / r.seconds
    );
    println!(
        "peak RSS, raw Query process     {:.1} MB",
        raw_peak as f64 / 1024.0
    );
    println!(
        "peak RSS, export process        {:.1} MB",
        export_peak as f64 / 1024.0
    );
    verify_link(&t, &org).await;
}

fn seconds(v: &[Measured]) -> String {
    v.iter()
        .map(|m| format!("{:.2}", m.seconds))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone)]
struct Measured {
    items: usize,
    seconds: f64,
    peak_kb: u64,
}

/// Runs one phase in a child process over the parent's table, bucket and emulators.
fn phase(t: &TestApp, which: &str, org: &OrgId, now: DateTime<Utc>) -> Measured {
    let config = &t.app.config;
    let out = Command::new(std::env::current_exe().expect("the benchmark's path"))
        .args([
            PHASE,
            which,
            &config.table,
            org.as_str(),
            config.export_files.bucket.as_deref().unwrap_or(""),
            &now.to_rfc3339(),
        ])
        .env("ELP_DYNAMODB_ENDPOINT", elp_tests::dynamodb_endpoint())
        .env("ELP_SES_ENDPOINT", elp_tests::ses_endpoint())
        .env("ELP_MOTO_ENDPOINT", elp_tests::moto_endpoint())
        .output()
        .expect("the phase runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{which}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let field = |name: &str| -> String {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{which} printed no {name}: {text}"))
            .to_string()
    };
    Measured {
        items: field("items").parse().unwrap(),
        seconds: field("seconds").parse().unwrap(),
        peak_kb: field("peak_kb").parse().unwrap(),
    }
}

/// The child: one phase, timed inside the process, then its peak resident memory.
pub async fn child(args: &[String]) {
    let [which, table, org, bucket, now] = args else {
        panic!("{PHASE} raw|export TABLE ORG BUCKET NOW");
    };
    let t = TestApp::over(table, elp_tests::ses_endpoint(), |c| {
        c.s3_endpoint = Some(elp_tests::moto_endpoint().to_string());
        c.export_files.bucket = Some(bucket.clone());
    })
    .await;
    t.clock.set(
        DateTime::parse_from_rfc3339(now)
            .unwrap()
            .with_timezone(&Utc),
    );
    let org = OrgId::parse(org).unwrap();
    let started = Instant::now();
    let items = match which.as_str() {
        "raw" => super::raw_query(&t, &org).await,
        "export" => {
            // The outbox function's handler, as its schedule or the table's stream runs it.
            let delivery = elp_outbox::handle(&t.app).await.expect("the outbox runs");
            assert_eq!(
                (delivery.sent, delivery.failed),
                (1, 0),
                "the export was mailed"
            );
            1
        }
        other => panic!("no phase {other}"),
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "items={items} seconds={seconds:.3} peak_kb={}",
        peak_rss_kb()
    );
}

/// This process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// The last export mail's link, downloaded by a plain GET and gunzipped as it arrives, against
/// the CSV `exports::write_csv` writes (the download's and the attachment's writer).
async fn verify_link(t: &TestApp, org: &OrgId) {
    let mail = mails_to(ADMIN)
        .into_iter()
        .rev()
        .find(|m| m.subject.contains("export"))
        .expect("the export mail");
    let started = Instant::now();
    // Under 5 MiB of gzip (about 100,000 licences) the export is still attached.
    let gzip: Box<dyn Read> = match mail.attachments.first() {
        Some(attached) => {
            println!(
                "export mail                     attached ({})",
                attached.filename()
            );
            Box::new(std::io::Cursor::new(attached.bytes()))
        }
        None => {
            let text = mail.text().to_string();
            let url = text
                .split_whitespace()
                .find(|w| w.contains("X-Amz-Signature"))
                .expect("a presigned link")
                .to_string();
            println!("export mail                     a link, no attachment");
            Box::new(
                ureq::get(&url)
                    .call()
                    .expect("the link downloads")
                    .into_reader(),
            )
        }
    };
    let mut counted = Counted::default();
    let mut gz = flate2::read::GzDecoder::new(gzip);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = gz.read(&mut buf).expect("gunzip");
        if n == 0 {
            break;
        }
        std::io::Write::write_all(&mut counted, &buf[..n]).unwrap();
    }
    let downloaded = started.elapsed();
    let today = t.app.today();
    let expected = exports::write_csv(&t.app.store, org, today, Counted::default())
        .await
        .unwrap();
    let (got, want) = (counted.finish(), expected.finish());
    println!(
        "download                        {:.1} MB of CSV in {:.1} s, {} lines, sha256 {}",
        got.1 as f64 / 1e6,
        downloaded.as_secs_f64(),
        got.2,
        &got.0[..16]
    );
    assert_eq!(
        got, want,
        "the link's CSV is the one the attachment path writes"
    );
    println!("link CSV = write_csv's CSV      yes (same SHA-256, bytes and lines)");
}

/// A sink that hashes and counts what is written.
#[derive(Default)]
struct Counted {
    hash: Sha256,
    bytes: usize,
    lines: usize,
}

impl Counted {
    fn finish(self) -> (String, usize, usize) {
        let digest = self.hash.finalize();
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        (hex, self.bytes, self.lines)
    }
}

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.update(buf);
        self.bytes += buf.len();
        self.lines += buf.iter().filter(|b| **b == b'\n').count();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
