//! Benchmarks against DynamoDB Local, printing figures (see docs/BENCHMARKS.md):
//!
//!   cargo run --release -p elp-tests --bin elp-bench -- export [licences]   (default 100000)
//!   cargo run --release -p elp-tests --bin elp-bench -- export-large [licences] [runs] (1000000, 3)
//!   cargo run --release -p elp-tests --bin elp-bench -- list [licences] [runs] (100000, 200)
//!   cargo run --release -p elp-tests --bin elp-bench -- expiry [banks] [expiring]  (10000, 10)
//!   cargo run --release -p elp-tests --bin elp-bench -- ops [iterations]            (200)
//!   cargo run --release -p elp-tests --bin elp-bench -- bulk [rounds]                (5)
//!   cargo build --release --workspace --bins && \
//!   cargo run --release -p elp-tests --bin elp-bench -- coldstart [rounds] [binaries] (5, all)
//!
//! `export-large` measures the emailed export through the real mailing path (streamed into
//! moto's S3, the mail carrying a link) against a raw Query, each phase in a child process
//! whose peak resident memory it reports (export_large.rs).
//! `export` seeds an organisation with that many licences, then times the CSV export against
//! its floor (the same items read by a bare paginated Query with the same SDK client) and
//! measures the export's peak heap, then times the licence list (its first page, and every page
//! by cursor) through the real handler against the same floor. `expiry` seeds banks of which a
//! few have expired and counts the items the expiry and warning jobs read. `ops` times each API operation through its real
//! handler (the API Gateway event Lambda would get) against its floor: the DynamoDB calls it
//! cannot avoid, issued directly with the same SDK client, alternating, and compares the round
//! trips of both.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{Days, TimeZone, Utc};
use elp_adapters::aws_sdk_dynamodb::types::AttributeValue;
use elp_adapters::service::{expiry, exports};
use elp_adapters::store::{keys, new_activation_code, new_id};
use elp_core::{
    Assignment, Bank, BankId, Credits, Email, License, LicenseType, Months, NewBank, OrgId,
    ProductId, Quantity, Term, Version,
};
use elp_gateway::seed::ADMIN;
use elp_tests::{date, Caller, TestApp, TODAY};

/// Counts live heap bytes and their peak, so the export's memory is measured, not guessed.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bank(org: &OrgId, start: &str, expiry: chrono::NaiveDate, credits: u32) -> Bank {
    NewBank {
        product: ProductId::parse("harmony-premium").unwrap(),
        version: Version::new(25, 1),
        portable: true,
        purchased: Credits::new(credits),
        granted: Credits::new(credits),
        start: date(start),
        expiry,
    }
    .into_bank(BankId::parse(&new_id("b_").unwrap()).unwrap(), org.clone())
}

/// Licences made and written 8,000 at a time (8 BatchWriteItem groups of 1,000 at once), so the
/// seeding never holds them all (`export-large` seeds a million).
pub(crate) async fn seed_licenses(t: &TestApp, org: &OrgId, bank: &Bank, count: usize) {
    let started = Instant::now();
    let today = date(TODAY);
    let term = Term {
        start: today,
        expiry: elp_core::add_months(today, 3),
        months_requested: Months::parse("m", 3).unwrap(),
        months_charged: 3,
        computers: Quantity::ONE,
        credits: Credits::new(3),
        bank: Some(bank.id.clone()),
    };
    let base = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let store = &t.app.store;
    let mut made = 0;
    while made < count {
        let n = 8000.min(count - made);
        let licenses: Vec<License> = (made..made + n)
            .map(|i| License {
                code: new_activation_code().unwrap(),
                org: org.clone(),
                bank: bank.reference(),
                product: bank.product.clone(),
                license_type: LicenseType::NodeLock,
                terms: vec![term.clone()],
                assignments: vec![Assignment {
                    email: Email::parse("e", &format!("artist{}@studio.example", i % 500)).unwrap(),
                    from: today,
                    until: None,
                }],
                created_at: base + chrono::Duration::milliseconds(i as i64),
                mails: Vec::new(),
                earlier_banks: Vec::new(),
            })
            .collect();
        let writes = licenses.chunks(1000).map(|c| store.import_licenses(c));
        for r in futures::future::join_all(writes).await {
            r.expect("seeding");
        }
        made += n;
    }
    println!(
        "seeded {count} licences in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The floor: the same items through a bare paginated Query with the same client.
async fn raw_query(t: &TestApp, org: &OrgId) -> usize {
    let client = t.app.store.client();
    let mut start = None;
    let mut items = 0;
    loop {
        let out = client
            .query()
            .table_name(t.app.store.table())
            .index_name(keys::GSI1)
            .key_condition_expression("gsi1pk = :pk")
            .expression_attribute_values(
                ":pk",
                elp_adapters::aws_sdk_dynamodb::types::AttributeValue::S(keys::licenses_of(org)),
            )
            .scan_index_forward(false)
            .limit(1000)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("query");
        items += out.items().len();
        start = out.last_evaluated_key;
        if start.is_none() {
            return items;
        }
    }
}

/// Studio Nord (its admin lists through the API), plus a bank of `count` more licences.
async fn seeded_org(count: usize) -> (TestApp, OrgId, Email) {
    let t = TestApp::new().await;
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
    let bank = bank(&org, "2026-01-01", date("2027-01-01"), 10_000_000);
    t.app
        .store
        .import_banks(std::slice::from_ref(&bank))
        .await
        .unwrap();
    seed_licenses(&t, &org, &bank, count).await;
    (t, org, admin)
}

async fn export(count: usize) {
    let (t, org, admin) = seeded_org(count).await;
    let today = date(TODAY);
    // One warm-up of each, then three timed runs, alternating.
    let imported = count;
    let count = raw_query(&t, &org).await;
    assert!(count >= imported, "the org's licences, the seed's included");
    exports::write_csv(&t.app.store, &org, today, std::io::sink())
        .await
        .unwrap();
    let (mut raw, mut csv) = (Vec::new(), Vec::new());
    let mut peak = 0;
    let mut size = 0;
    for _ in 0..3 {
        let started = Instant::now();
        raw_query(&t, &org).await;
        raw.push(started.elapsed());
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let started = Instant::now();
        let counter = exports::write_csv(&t.app.store, &org, today, Bytes(0))
            .await
            .unwrap();
        csv.push(started.elapsed());
        size = counter.0;
        peak = peak.max(PEAK.load(Ordering::Relaxed) - baseline);
    }
    let (raw, csv) = (median(raw), median(csv));
    println!("licences                      {count}");
    println!("raw paginated Query (median)  {:.2} s", raw.as_secs_f64());
    println!("CSV export (median)           {:.2} s", csv.as_secs_f64());
    println!(
        "ratio export / raw            {:.2}",
        csv.as_secs_f64() / raw.as_secs_f64()
    );
    println!("CSV size                      {:.1} MB", mb(size));
    println!("export peak heap above idle   {:.1} MB", mb(peak));
    list(&t, &org, &admin, count, 50).await;
}

/// The licence list over the same organisation: its first page, and every page walked with the
/// cursor, through the real handler vs the floor (the caller's record, then the page's Query).
async fn list(t: &TestApp, org: &OrgId, admin: &Email, count: usize, runs: usize) {
    let caller = Caller::User(ADMIN.into());
    let page = |cursor: Option<&str>, limit: usize| {
        let mut path = format!("/v1/licenses?limit={limit}");
        if let Some(c) = cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        path
    };
    // Timed from the API Gateway event to the handler's response; the browser's work of
    // parsing that response (`read`) is not the operation's.
    let handler_page = |path: String| {
        let caller = &caller;
        async move {
            let event = elp_tests::event("GET", &path, caller, None, &[]).to_string();
            let started = Instant::now();
            let request =
                elp_adapters::lambda_http::request::from_str(&event).expect("an API Gateway event");
            let function = elp_tests::route("GET", "/v1/licenses").expect("the list's route");
            let response = elp_gateway::routes::invoke(function, &t.app, request).await;
            let took = started.elapsed();
            let (status, body) = elp_tests::read(response);
            assert_eq!(status, 200, "{path}: {body}");
            (took, body)
        }
    };
    let client = t.app.store.client();
    let floor_page = |start: Option<HashMap<String, AttributeValue>>, limit: i32| async move {
        client
            .get_item()
            .table_name(t.app.store.table())
            .set_key(Some(key(keys::user(admin))))
            .consistent_read(true)
            .send()
            .await
            .expect("caller");
        client
            .query()
            .table_name(t.app.store.table())
            .index_name(keys::GSI1)
            .key_condition_expression("gsi1pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::licenses_of(org)))
            .scan_index_forward(false)
            .limit(limit)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("query")
            .last_evaluated_key
    };
    // The first page of 50, as the portal opens the list: alternating runs.
    let (mut handler, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        handler.push(handler_page(page(None, 50)).await.0);
        let started = Instant::now();
        floor_page(None, 50).await;
        floor.push(started.elapsed());
    }
    let (h, f) = (median(handler), median(floor));
    println!(
        "list, first page of 50       {:.2} ms (floor {:.2} ms, ratio {:.2})",
        h.as_secs_f64() * 1000.0,
        f.as_secs_f64() * 1000.0,
        h.as_secs_f64() / f.as_secs_f64()
    );
    // Every page of 100, cursor after cursor: the last page costs what the first does.
    let (mut pages, mut listed) = (Vec::new(), 0);
    let mut cursor: Option<String> = None;
    loop {
        let (took, body) = handler_page(page(cursor.as_deref(), 100)).await;
        pages.push(took);
        listed += body["licenses"].as_array().map_or(0, Vec::len);
        cursor = body["next"].as_str().map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    let walked: Duration = pages.iter().sum();
    assert_eq!(listed, count, "the cursor walk lists every licence once");
    let started = Instant::now();
    let mut start = None;
    loop {
        start = floor_page(start, 100).await;
        if start.is_none() {
            break;
        }
    }
    let floor_walk = started.elapsed();
    let last = pages[pages.len().saturating_sub(10)..].to_vec();
    println!(
        "list, all {} pages of 100  {:.2} s (floor {:.2} s, ratio {:.2}); page median {:.2} ms, last 10 pages median {:.2} ms",
        pages.len(),
        walked.as_secs_f64(),
        floor_walk.as_secs_f64(),
        walked.as_secs_f64() / floor_walk.as_secs_f64(),
        median(pages.clone()).as_secs_f64() * 1000.0,
        median(last).as_secs_f64() * 1000.0,
    );
}

/// A table key as DynamoDB takes it (every benchmark's floor addresses items by it).
pub(crate) fn key((pk, sk): keys::Key) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("pk".to_string(), AttributeValue::S(pk)),
        ("sk".to_string(), AttributeValue::S(sk)),
    ])
}

/// A sink that counts what the export writes.
struct Bytes(usize);

impl std::io::Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn expiry(banks: usize, expiring: usize) {
    let t = TestApp::new().await;
    let org = OrgId::parse(&new_id("o_").unwrap()).unwrap();
    let today = date(TODAY);
    let soon = 50.min(banks - expiring);
    let all: Vec<Bank> = (0..banks)
        .map(|i| {
            let expiry = if i < expiring {
                today // expires today
            } else if i < expiring + soon {
                today + Days::new(10) // within the warning horizon
            } else {
                today + Days::new(60 + (i % 300) as u64)
            };
            bank(&org, "2025-01-01", expiry, 100)
        })
        .collect();
    let started = Instant::now();
    for group in all.chunks(1000).collect::<Vec<_>>().chunks(8) {
        for r in futures::future::join_all(group.iter().map(|c| t.app.store.import_banks(c))).await
        {
            r.expect("seeding");
        }
    }
    println!(
        "seeded {banks} banks in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let before = (t.app.store.items_read(), t.app.store.round_trips());
    let report = expiry::expire_banks(&t.app).await.unwrap();
    let after = (t.app.store.items_read(), t.app.store.round_trips());
    println!(
        "banks                         {banks} ({expiring} expiring today, {soon} within 30 days)"
    );
    println!("expire-banks: expired         {}", report.acted);
    println!(
        "expire-banks: items read      {} (round trips {})",
        after.0 - before.0,
        after.1 - before.1
    );
    let before = (t.app.store.items_read(), t.app.store.round_trips());
    let report = expiry::warn_expiring(&t.app).await.unwrap();
    let after = (t.app.store.items_read(), t.app.store.round_trips());
    println!("expiry-warnings: warned       {}", report.acted);
    println!(
        "expiry-warnings: items read   {} (round trips {})",
        after.0 - before.0,
        after.1 - before.1
    );
}

mod activation;
mod bulk;
mod coldstart;
mod export_large;
mod heartbeats;
mod ops;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("export") => export(number(1, 100_000)).await,
        Some("export-large") => export_large::run(number(1, 1_000_000), number(2, 3)).await,
        Some("export-large-phase") => export_large::child(&args[1..]).await,
        Some("list") => {
            let (t, org, admin) = seeded_org(number(1, 100_000)).await;
            let count = raw_query(&t, &org).await;
            list(&t, &org, &admin, count, number(2, 200)).await
        }
        Some("expiry") => expiry(number(1, 10_000), number(2, 10)).await,
        Some("ops") => ops::run(number(1, 200)).await,
        Some("bulk") => bulk::run(number(1, 5)).await,
        Some("activation") => activation::run(number(1, 200)).await,
        Some("heartbeats") => {
            heartbeats::run(
                number(1, 10_000),
                number(2, 300) as u64,
                number(3, 1) as u64,
            )
            .await
        }
        Some("coldstart") => coldstart::run(number(1, 5), args.get(2..).unwrap_or_default()).await,
        _ => {
            eprintln!(
                "usage: elp-bench export [licences] | export-large [licences] [runs] | list [licences] [runs] | expiry [banks] [expiring] | ops [iterations] | bulk [rounds] | activation [iterations] | heartbeats [machines] [every seconds] [rounds] | coldstart [rounds] [binaries]"
            );
            std::process::exit(2);
        }
    }
}
