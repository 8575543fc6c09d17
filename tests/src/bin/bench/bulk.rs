//! `bulk [rounds]`: a bulk generation of 100 node-lock licences (one request, one licence for
//! each of 100 recipients who join the organisation) against 100 single generations of the same
//! licences, through the real handlers, alternating which goes first, in one run: the time of
//! each and the DynamoDB round trips each makes.

use std::time::{Duration, Instant};

use elp_adapters::store::new_id;
use elp_core::{BankId, Credits, NewBank, ProductId, Version};
use elp_gateway::seed::ADMIN;
use elp_tests::{call, Caller, TestApp, TODAY};
use serde_json::json;

const CREW: usize = 100;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn fresh_bank(t: &TestApp, org: &elp_core::OrgId) -> BankId {
    let bank = NewBank {
        product: ProductId::parse("harmony-premium").unwrap(),
        version: Version::new(25, 1),
        portable: true,
        purchased: Credits::new(10_000),
        granted: Credits::new(10_000),
        start: elp_tests::date("2026-01-01"),
        expiry: elp_tests::date("2027-01-01"),
    }
    .into_bank(BankId::parse(&new_id("b_").unwrap()).unwrap(), org.clone());
    t.app
        .store
        .import_banks(std::slice::from_ref(&bank))
        .await
        .unwrap();
    bank.id
}

fn crew(round: usize, kind: &str) -> Vec<String> {
    (0..CREW)
        .map(|i| format!("{kind}{round}-{i}@crew.example"))
        .collect()
}

async fn singles(t: &TestApp, bank: &BankId, people: &[String]) -> (Duration, u64) {
    let admin = Caller::User(ADMIN.into());
    let before = t.app.store.round_trips();
    let started = Instant::now();
    for (i, to) in people.iter().enumerate() {
        let body = json!({ "bank": bank, "type": "node_lock", "months": 1, "quantity": 1, "start": TODAY, "recipient": to, "credits": 1 });
        let key = format!("single-{}", new_id("").unwrap());
        let (status, answer) = call(
            &t.app,
            "POST",
            "/v1/licenses",
            &admin,
            Some(body),
            &[("idempotency-key", &key)],
        )
        .await;
        assert_eq!(status, 201, "single {i}: {answer}");
    }
    (started.elapsed(), t.app.store.round_trips() - before)
}

async fn bulk(t: &TestApp, bank: &BankId, people: &[String]) -> (Duration, u64) {
    let admin = Caller::User(ADMIN.into());
    let recipients: Vec<_> = people.iter().map(|e| json!({ "email": e })).collect();
    let body = json!({ "bank": bank, "type": "node_lock", "months": 1, "quantity": 1, "start": TODAY, "recipients": recipients, "credits": CREW });
    let key = format!("bulk-{}", new_id("").unwrap());
    let before = t.app.store.round_trips();
    let started = Instant::now();
    let (status, answer) = call(
        &t.app,
        "POST",
        "/v1/licenses/bulk",
        &admin,
        Some(body),
        &[("idempotency-key", &key)],
    )
    .await;
    let elapsed = started.elapsed();
    assert_eq!(status, 201, "bulk: {answer}");
    assert_eq!(answer["generated"], CREW);
    (elapsed, t.app.store.round_trips() - before)
}

pub async fn run(rounds: usize) {
    let t = TestApp::new().await;
    elp_gateway::seed::seed(&t.app).await.unwrap();
    let admin = elp_core::Email::parse("e", ADMIN).unwrap();
    let org = t
        .app
        .store
        .get_membership(&admin)
        .await
        .unwrap()
        .unwrap()
        .org;
    let (mut single_times, mut bulk_times) = (Vec::new(), Vec::new());
    let (mut single_trips, mut bulk_trips) = (0, 0);
    for round in 0..rounds {
        let bank = fresh_bank(&t, &org).await;
        let (one, many) = (crew(round, "single"), crew(round, "bulk"));
        // Alternate which goes first, so neither always meets a warmer DynamoDB Local.
        let (s, b) = if round % 2 == 0 {
            let s = singles(&t, &bank, &one).await;
            (s, bulk(&t, &bank, &many).await)
        } else {
            let b = bulk(&t, &bank, &many).await;
            (singles(&t, &bank, &one).await, b)
        };
        single_times.push(s.0);
        bulk_times.push(b.0);
        (single_trips, bulk_trips) = (s.1, b.1);
    }
    let (s, b) = (median(single_times), median(bulk_times));
    println!("{CREW} node-lock licences for {CREW} newcomers, median of {rounds} rounds");
    println!("{:<28} {:>10} {:>8}", "", "time", "trips");
    println!(
        "{:<28} {:>8.1}ms {:>8}",
        "100 single generations",
        s.as_secs_f64() * 1000.0,
        single_trips
    );
    println!(
        "{:<28} {:>8.1}ms {:>8}",
        "one bulk generation",
        b.as_secs_f64() * 1000.0,
        bulk_trips
    );
    println!(
        "{:<28} {:>10.2} {:>8.2}",
        "ratio (singles / bulk)",
        s.as_secs_f64() / b.as_secs_f64(),
        single_trips as f64 / bulk_trips as f64
    );
}
