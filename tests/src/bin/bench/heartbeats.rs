//! The sustained run of the desktop software's heartbeats (docs/BENCHMARKS.md): `machines`
//! machines, each holding a floating seat, each beating once every `every` seconds for `rounds`
//! rounds, at evenly spread offsets, in real time, through the real handler with the production
//! rate limits on (docs/SECURITY.md). The licences are floating licences of 100 seats, and the
//! machines come from one source address per 100 (a studio's NAT, say).
//!
//! The test clock follows the wall clock from the first check-out, so the limits' one-minute
//! windows roll over as they do in AWS. Every DynamoDB request the run makes is counted by kind,
//! and the seat item's size is read at the end: a write unit is 1 KB of item.

use std::sync::Arc;
use std::time::{Duration, Instant};

use elp_adapters::aws_sdk_dynamodb::types::AttributeValue;
use elp_adapters::clock::Clock;
use elp_adapters::store::keys;
use elp_core::ActivationCode;
use elp_tests::{BankSpec, Generate, TestApp, PRODUCT};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use crate::key;

const SEATS: usize = 100;

/// One call through the real handler, from `source`: its latency, status and answer.
async fn call(t: &TestApp, path: &str, body: &Value, source: &str) -> (Duration, u16, Value) {
    let (took, _, status, answer) =
        crate::activation::handle_from(t, path, body, Some(source)).await;
    (took, status, answer)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A machine of the run: its licence, fingerprint, seat and source address.
struct Machine {
    code: String,
    fingerprint: String,
    seat: u64,
    source: String,
}

pub async fn run(machines: usize, every: u64, rounds: u64) {
    let licences = machines.div_ceil(SEATS);
    // The production limits on activation (config.rs), which the functional tests turn off.
    let t = Arc::new(
        TestApp::configured(elp_tests::ses_endpoint(), |config| {
            let limits = elp_adapters::config::Limits::default();
            config.limits.activation_code_per_minute = limits.activation_code_per_minute;
            config.limits.activation_source_per_minute = limits.activation_source_per_minute;
        })
        .await,
    );
    let p = t.provision(BankSpec::portable(10_000_000)).await;
    let admin = t.as_admin(&p);
    let mut codes = Vec::new();
    for _ in 0..licences {
        let generated = admin
            .generate(
                &Generate::floating(&p.bank, 1, SEATS as i64)
                    .to(&elp_tests::person())
                    .credits(SEATS as i64),
            )
            .await
            .expect(201);
        codes.push(generated.licenses[0].code.clone());
    }

    // The clock follows the wall clock from here.
    let epoch = (Instant::now(), t.clock.now());
    let ticker = {
        let t = t.clone();
        tokio::spawn(async move {
            loop {
                t.clock
                    .set(epoch.1 + chrono::Duration::from_std(epoch.0.elapsed()).unwrap());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };

    // Check-outs, 16 at once, each task a licence at a time (one licence's machines one after
    // the other: a seat is the lowest free one, so racing on one licence only adds retries).
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(16));
    let mut tasks = Vec::new();
    for (l, code) in codes.iter().enumerate() {
        let (t, gate, code) = (t.clone(), gate.clone(), code.clone());
        let count = SEATS.min(machines - l * SEATS);
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.unwrap();
            let mut held = Vec::new();
            for m in 0..count {
                let n = l * SEATS + m;
                let source = format!("198.51.{}.{}", n / SEATS / 250, n / SEATS % 250 + 1);
                let fingerprint = format!("bench-machine-{n:08}");
                let body = json!({
                    "code": code, "fingerprint": fingerprint, "product": PRODUCT,
                    "hostname": format!("ws-{n}"), "platform": "linux",
                });
                let (_, status, answer) = call(&t, "/v1/activation/activate", &body, &source).await;
                assert_eq!(status, 201, "{answer}");
                held.push(Machine {
                    code: code.clone(),
                    fingerprint,
                    seat: answer["seat"].as_u64().expect("a seat"),
                    source,
                });
            }
            held
        }));
    }
    let mut fleet = Vec::new();
    for task in tasks {
        fleet.extend(task.await.unwrap());
    }
    println!(
        "checked out {} machines on {} floating licences of {SEATS} seats in {:.1} s",
        fleet.len(),
        licences,
        started.elapsed().as_secs_f64()
    );

    // The sustained run: machine i beats at i * every / machines within each round.
    let fleet = Arc::new(fleet);
    let store = &t.app.store;
    let (trips_before, read_before) = (store.round_trips(), store.items_read());
    let started = Instant::now();
    let total = machines as u64 * rounds;
    let spacing = Duration::from_secs_f64(every as f64 / machines as f64);
    let mut beats = Vec::with_capacity(total as usize);
    let mut lag = Duration::ZERO;
    for n in 0..total {
        let due = spacing * n as u32;
        let now = started.elapsed();
        if due > now {
            tokio::time::sleep(due - now).await;
        } else {
            lag = lag.max(now - due);
        }
        let (t, fleet) = (t.clone(), fleet.clone());
        beats.push(tokio::spawn(async move {
            let m = &fleet[(n % fleet.len() as u64) as usize];
            let body = json!({ "code": m.code, "fingerprint": m.fingerprint, "seat": m.seat });
            call(&t, "/v1/activation/heartbeat", &body, &m.source).await
        }));
    }
    let mut latencies = Vec::with_capacity(beats.len());
    let mut refused = 0;
    for beat in beats {
        let (took, status, answer) = beat.await.unwrap();
        if status != 200 {
            refused += 1;
            if refused <= 3 {
                eprintln!("a heartbeat answered {status}: {answer}");
            }
        }
        latencies.push(took);
    }
    let elapsed = started.elapsed();
    ticker.abort();
    let trips = store.round_trips() - trips_before;
    let read = store.items_read() - read_before;
    latencies.sort();

    // The seat item as a heartbeat leaves it: its size decides the write units of each beat.
    let sample = &fleet[0];
    let parsed = ActivationCode::parse("code", &sample.code).unwrap();
    let item = store
        .client()
        .get_item()
        .table_name(store.table())
        .set_key(Some(key(keys::seat(&parsed, sample.seat as u32))))
        .send()
        .await
        .unwrap()
        .item
        .expect("the seat item");
    let size = item_size(&item);

    let per_beat = trips as f64 / total as f64;
    println!(
        "heartbeats: {total} by {machines} machines, one every {every} s each, {rounds} round(s), {:.1} s ({:.1}/s), {refused} refused",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms (scheduler lag at most {:.1} ms)",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap()),
        ms(lag)
    );
    println!(
        "DynamoDB requests: {trips} ({per_beat:.2} per heartbeat), items read {read}; seat item {size} bytes"
    );
    let beats_per_hour = 3600.0 / every as f64;
    let units = per_beat * (size as f64 / 1024.0).ceil().max(1.0);
    println!(
        "write units: {units:.2} per heartbeat, {:.1} per machine per hour; at $0.625 per million: ${:.4} per machine per month, ${:.2} per month for {machines} machines",
        units * beats_per_hour,
        units * beats_per_hour * 730.0 * 0.625 / 1e6,
        units * beats_per_hour * 730.0 * 0.625 / 1e6 * machines as f64
    );
}

/// An item's size as DynamoDB counts it for capacity: each attribute's name and value (strings
/// and binaries by their bytes, numbers about one byte per two digits plus one, maps and lists
/// 3 bytes plus their elements, booleans and nulls 1).
fn item_size(item: &std::collections::HashMap<String, AttributeValue>) -> usize {
    fn value(v: &AttributeValue) -> usize {
        match v {
            AttributeValue::S(s) => s.len(),
            AttributeValue::N(n) => n.trim_start_matches('-').len().div_ceil(2) + 1,
            AttributeValue::B(b) => b.as_ref().len(),
            AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
            AttributeValue::Ss(v) => v.iter().map(String::len).sum(),
            AttributeValue::Ns(v) => v.iter().map(|n| n.len().div_ceil(2) + 1).sum(),
            AttributeValue::L(v) => 3 + v.iter().map(|e| 1 + value(e)).sum::<usize>(),
            AttributeValue::M(m) => {
                3 + m.iter().map(|(k, e)| 1 + k.len() + value(e)).sum::<usize>()
            }
            _ => 0,
        }
    }
    item.iter().map(|(k, v)| k.len() + value(v)).sum()
}
