//! The desktop software's calls through the real handler vs their floor, the DynamoDB calls
//! they cannot avoid issued directly with the same SDK client (docs/BENCHMARKS.md):
//!
//! - a floating seat's check-out: the licence's partition (Query) with the organisation item
//!   and its version policy (one BatchGetItem) beside it, then the seat's conditional PutItem
//!   (the very item the handler wrote, under another partition);
//! - a validation: one BatchGetItem (licence, state, seat, organisation, version policy);
//! - a heartbeat: one conditional UpdateItem of the seat (10 s after the last: decision 133).
//!
//! Runs alternate (handler, floor, handler, ...) so both see the same machine.

use std::time::{Duration, Instant};

use elp_adapters::aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use elp_adapters::clock::Clock;
use elp_adapters::store::keys;
use elp_core::{ActivationCode, OrgId};
use elp_tests::{event, read, route, BankSpec, Caller, Generate, TestApp, PRODUCT};
use serde_json::{json, Value};

use crate::key;

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn handle(t: &TestApp, path: &str, body: &Value) -> (Duration, u64, u16, Value) {
    handle_from(t, path, body, None).await
}

/// One call of the desktop software through the real handler, from `source` (the event's
/// `sourceIp`) when given: its latency, DynamoDB calls, status and answer.
pub(crate) async fn handle_from(
    t: &TestApp,
    path: &str,
    body: &Value,
    source: Option<&str>,
) -> (Duration, u64, u16, Value) {
    let mut e = event("POST", path, &Caller::Anonymous, Some(body), &[]);
    if let Some(source) = source {
        e["requestContext"]["http"]["sourceIp"] = json!(source);
    }
    let e = e.to_string();
    // Which function serves the route is API Gateway's choice in AWS, made before the
    // function runs: the dev gateway's table is read outside the timing.
    let function = route("POST", path).unwrap();
    let before = t.app.store.round_trips();
    let started = Instant::now();
    let request = elp_adapters::lambda_http::request::from_str(&e).expect("an event");
    let response = elp_gateway::routes::invoke(function, &t.app, request).await;
    let took = started.elapsed();
    let (status, answer) = read(response);
    (took, t.app.store.round_trips() - before, status, answer)
}

pub async fn run(iterations: usize) {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100_000)).await;
    let seats = iterations * 2 + 10;
    let generated = t
        .as_admin(&p)
        .generate(
            &Generate::floating(&p.bank, 1, seats as i64)
                .to(&elp_tests::person())
                .credits(seats as i64),
        )
        .await
        .expect(201);
    let code = generated.licenses[0].code.clone();
    let parsed = ActivationCode::parse("code", &code).unwrap();
    let org = OrgId::parse(&p.org).unwrap();
    let product = elp_core::ProductId::parse(PRODUCT).unwrap();
    let store = &t.app.store;
    let (client, table) = (store.client(), store.table());
    let machine = |n: usize| format!("bench-machine-{n:08}");
    // Machine 0 holds seat 0 for validations and heartbeats; it warms the function too.
    let first = json!({
        "code": code, "fingerprint": machine(0), "product": PRODUCT,
        "hostname": "ws", "platform": "linux",
    });
    assert_eq!(handle(&t, "/v1/activation/activate", &first).await.2, 201);
    println!(
        "{:<34} {:>9} {:>9} {:>6} {:>7}",
        "activation", "handler", "floor", "ratio", "trips"
    );

    // Check-outs: a new machine each time (the handler's), and the floor's own seat items.
    let (mut handler, mut floor) = (Vec::new(), Vec::new());
    let mut trips = 0;
    for i in 1..=iterations {
        let body = json!({
            "code": code, "fingerprint": machine(i), "product": PRODUCT,
            "hostname": "ws", "platform": "linux",
        });
        let (took, t_trips, status, answer) = handle(&t, "/v1/activation/activate", &body).await;
        assert_eq!(status, 201, "{answer}");
        handler.push(took);
        trips = t_trips;
        // The floor writes the seat item the handler wrote (every attribute, the same size),
        // under a partition of its own so the licence's seats stay the handler's.
        let index = answer["seat"].as_u64().expect("the seat taken") as u32;
        let mut floor_seat = client
            .get_item()
            .table_name(table)
            .set_key(Some(key(keys::seat(&parsed, index))))
            .consistent_read(true)
            .send()
            .await
            .unwrap()
            .item
            .expect("the handler's seat");
        floor_seat.insert("pk".into(), s(format!("BENCH#{code}#{i}")));
        let started = Instant::now();
        let query = client
            .query()
            .table_name(table)
            .key_condition_expression("pk = :p")
            .expression_attribute_values(":p", s(keys::license_partition(&parsed)))
            .consistent_read(true)
            .send();
        let org_read = client
            .batch_get_item()
            .request_items(
                table,
                KeysAndAttributes::builder()
                    .set_keys(Some(vec![
                        key(keys::org(&org)),
                        key(keys::policy(&org, &product)),
                    ]))
                    .consistent_read(true)
                    .build()
                    .unwrap(),
            )
            .send();
        let (q, o) = tokio::join!(query, org_read);
        q.unwrap();
        o.unwrap();
        client
            .put_item()
            .table_name(table)
            .set_item(Some(floor_seat))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", "pk")
            .send()
            .await
            .unwrap();
        floor.push(started.elapsed());
    }
    report("check-out (floating seat)", handler, floor, trips, 3);

    // Validations of machine 0's seat.
    let body = json!({ "code": code, "fingerprint": machine(0), "product": PRODUCT, "seat": 0 });
    let (mut handler, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..iterations {
        let (took, t_trips, status, answer) = handle(&t, "/v1/activation/validate", &body).await;
        assert_eq!(status, 200, "{answer}");
        handler.push(took);
        trips = t_trips;
        let started = Instant::now();
        let wanted = vec![
            keys::license(&parsed),
            keys::activation(&parsed),
            keys::seat(&parsed, 0),
            keys::org(&org),
            keys::policy(&org, &product),
        ];
        let request = KeysAndAttributes::builder()
            .set_keys(Some(wanted.into_iter().map(key).collect()))
            .consistent_read(true)
            .build()
            .unwrap();
        client
            .batch_get_item()
            .request_items(table, request)
            .send()
            .await
            .unwrap();
        floor.push(started.elapsed());
    }
    report("validation", handler, floor, trips, 1);

    // Heartbeats of machine 0's seat, 10 s apart (a seat is written at most that often:
    // decision 133).
    let body = json!({ "code": code, "fingerprint": machine(0), "seat": 0 });
    let (mut handler, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..iterations {
        t.clock.set(
            t.clock.now()
                + chrono::Duration::seconds(elp_core::activation::HEARTBEAT_SPACING_SECONDS),
        );
        let (took, t_trips, status, answer) = handle(&t, "/v1/activation/heartbeat", &body).await;
        assert_eq!(status, 200, "{answer}");
        handler.push(took);
        trips = t_trips;
        let now = keys::timestamp(t.clock.now());
        let lease = keys::timestamp(t.clock.now() + chrono::Duration::minutes(15));
        let started = Instant::now();
        client
            .update_item()
            .table_name(table)
            .set_key(Some(key(keys::seat(&parsed, 0))))
            .update_expression("SET last_seen = :now, #rev = #rev + :one, lease_until = :lease")
            .condition_expression("holder = :holder AND valid_to >= :lease AND lease_until > :now")
            .expression_attribute_names("#rev", keys::REV)
            .expression_attribute_values(":now", s(&now))
            .expression_attribute_values(":lease", s(&lease))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":holder", s(machine(0)))
            .return_values(elp_adapters::aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await
            .unwrap();
        floor.push(started.elapsed());
    }
    report("heartbeat", handler, floor, trips, 1);
}

fn report(name: &str, handler: Vec<Duration>, floor: Vec<Duration>, trips: u64, floor_trips: u64) {
    let (h, f) = (median(handler), median(floor));
    println!(
        "{:<34} {:>7.2}ms {:>7.2}ms {:>6.2} {:>3}/{:<3}",
        name,
        h.as_secs_f64() * 1000.0,
        f.as_secs_f64() * 1000.0,
        h.as_secs_f64() / f.as_secs_f64(),
        trips,
        floor_trips
    );
}
