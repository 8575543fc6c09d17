//! Each API operation through its real handler vs its floor: the DynamoDB calls it cannot avoid,
//! issued directly with the same SDK client. Runs alternate (handler, floor, handler, ...) so
//! both see the same machine; medians and ratios are printed with the round trips of each.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use elp_adapters::aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, KeysAndAttributes, Put, TransactWriteItem, Update,
};
use elp_adapters::aws_sdk_dynamodb::Client;
use elp_adapters::store::{keys, license_item, new_activation_code, new_id};
use elp_core::{
    ActivationCode, Assignment, Bank, BankId, Credits, Email, License, LicenseType, Months,
    NewBank, ProductId, Quantity, Term, Version,
};
use elp_gateway::seed::{ADMIN, MEMBERS};
use elp_tests::{event, read, route, Caller, TestApp};

use crate::key;
use serde_json::{json, Value};

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

struct Floor<'a> {
    client: &'a Client,
    table: &'a str,
}

impl Floor<'_> {
    async fn batch(&self, wanted: Vec<keys::Key>) {
        let request = KeysAndAttributes::builder()
            .set_keys(Some(wanted.into_iter().map(key).collect()))
            .consistent_read(true)
            .build()
            .unwrap();
        self.client
            .batch_get_item()
            .request_items(self.table, request)
            .send()
            .await
            .unwrap();
    }

    async fn get(&self, k: keys::Key) {
        self.client
            .get_item()
            .table_name(self.table)
            .set_key(Some(key(k)))
            .consistent_read(true)
            .send()
            .await
            .unwrap();
    }

    async fn query(&self, index: &str, partition: String, limit: i32) {
        let (pk, _) = keys::index_keys(Some(index));
        self.client
            .query()
            .table_name(self.table)
            .index_name(index)
            .key_condition_expression("#p = :p")
            .expression_attribute_names("#p", pk)
            .expression_attribute_values(":p", s(partition))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .unwrap();
    }

    /// The unexpired licences a forecast reads: `gsi4` from today's place on, drained.
    async fn unexpired(&self, org: &elp_core::OrgId, today: elp_core::Date) {
        let mut start = None;
        loop {
            let out = self
                .client
                .query()
                .table_name(self.table)
                .index_name(keys::GSI4)
                .key_condition_expression("#p = :p AND #s >= :from")
                .expression_attribute_names("#p", keys::GSI4_PK)
                .expression_attribute_names("#s", keys::GSI4_SK)
                .expression_attribute_values(":p", s(keys::licenses_by_expiry(org)))
                .expression_attribute_values(":from", s(keys::license_expiry_after(today)))
                .limit(1000)
                .set_exclusive_start_key(start)
                .send()
                .await
                .unwrap();
            match out.last_evaluated_key {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => return,
            }
        }
    }

    async fn query_prefix(&self, partition: String, prefix: &str) {
        self.client
            .query()
            .table_name(self.table)
            .key_condition_expression("pk = :p AND begins_with(sk, :s)")
            .expression_attribute_values(":p", s(partition))
            .expression_attribute_values(":s", s(prefix))
            .consistent_read(true)
            .send()
            .await
            .unwrap();
    }

    /// The transaction a one-credit generation writes: the bank's draw, the licence, the
    /// recipient's count, the audit event, the outbox mail and its organisation's queue marker;
    /// with `open`, the check that the organisation is not suspended.
    async fn generation(&self, bank: &Bank, recipient: &Email, open: bool) {
        let today = elp_tests::date(elp_tests::TODAY);
        let license = License {
            code: new_activation_code().unwrap(),
            org: bank.org.clone(),
            bank: bank.reference(),
            product: bank.product.clone(),
            license_type: LicenseType::NodeLock,
            terms: vec![Term {
                start: today,
                expiry: elp_core::add_months(today, 1),
                months_requested: Months::parse("m", 1).unwrap(),
                months_charged: 1,
                computers: Quantity::ONE,
                credits: Credits::new(1),
                bank: Some(bank.id.clone()),
            }],
            assignments: vec![Assignment {
                email: recipient.clone(),
                from: today,
                until: None,
            }],
            created_at: Utc::now(),
            mails: Vec::new(),
            earlier_banks: Vec::new(),
        };
        let id = new_id("").unwrap();
        let mut audit: HashMap<String, AttributeValue> = serde_dynamo::to_item(json!({ "org": bank.org, "at": Utc::now(), "actor": ADMIN, "action": "license_generated", "subject": license.code, "bank": bank.id, "credits": -1, "detail": "one licence" })).unwrap();
        let (apk, ask) = keys::audit(&bank.org, Utc::now(), &id);
        audit.extend(key((apk, ask)));
        let mut mail: HashMap<String, AttributeValue> = serde_dynamo::to_item(json!({ "id": id, "created_at": Utc::now(), "letter": { "kind": "license", "to": recipient, "event": "generated", "org": bank.org, "product": bank.product, "license_type": "node_lock", "codes": [license.code], "start": today, "expiry": today, "computers": 1 }, "attempts": 0 })).unwrap();
        mail.extend(key(keys::outbox(&id)));
        mail.insert(keys::DUE_PK.into(), s(keys::outbox_of(&bank.org)));
        mail.insert(keys::DUE_SK.into(), s(format!("x#{id}")));
        // The organisation's marker in the list of queues with mail waiting.
        let mut marker: HashMap<String, AttributeValue> = key(keys::outbox_marker(&bank.org));
        marker.insert(keys::DUE_PK.into(), s(keys::OUTBOX_ORGS));
        marker.insert(keys::DUE_SK.into(), s(bank.org.as_str()));
        marker.insert(keys::LAST_MAIL.into(), s(format!("x#{id}")));
        let items = vec![
            TransactWriteItem::builder()
                .update(
                    Update::builder()
                        .table_name(self.table)
                        .set_key(Some(key(keys::bank(&bank.id))))
                        .update_expression("SET #u = #u + :c, #r = #r - :c")
                        .condition_expression("#r >= :c AND #e > :t")
                        .expression_attribute_names("#u", "used")
                        .expression_attribute_names("#r", "remaining")
                        .expression_attribute_names("#e", "expiry")
                        .expression_attribute_values(":c", AttributeValue::N("1".into()))
                        .expression_attribute_values(":t", s(today.to_string()))
                        .build()
                        .unwrap(),
                )
                .build(),
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table)
                        .set_item(Some(license_item(&license).unwrap()))
                        .condition_expression("attribute_not_exists(pk)")
                        .build()
                        .unwrap(),
                )
                .build(),
            TransactWriteItem::builder()
                .update(
                    Update::builder()
                        .table_name(self.table)
                        .set_key(Some(key(keys::user(recipient))))
                        .update_expression("ADD #h :one")
                        .condition_expression("#o = :o")
                        .expression_attribute_names("#h", "held")
                        .expression_attribute_names("#o", "org")
                        .expression_attribute_values(":one", AttributeValue::N("1".into()))
                        .expression_attribute_values(":o", s(bank.org.as_str()))
                        .build()
                        .unwrap(),
                )
                .build(),
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table)
                        .set_item(Some(audit))
                        .build()
                        .unwrap(),
                )
                .build(),
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table)
                        .set_item(Some(mail))
                        .build()
                        .unwrap(),
                )
                .build(),
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table)
                        .set_item(Some(marker))
                        .build()
                        .unwrap(),
                )
                .build(),
        ];
        let mut items = items;
        if open {
            items.push(
                TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name(self.table)
                            .set_key(Some(key(keys::org(&bank.org))))
                            .condition_expression(
                                "attribute_exists(pk) AND attribute_not_exists(#s)",
                            )
                            .expression_attribute_names("#s", keys::SUSPENDED)
                            .build()
                            .unwrap(),
                    )
                    .build(),
            );
        }
        self.client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
            .unwrap();
    }
}

pub async fn run(iterations: usize) {
    let t = TestApp::new().await;
    elp_gateway::seed::seed(&t.app).await.unwrap();
    let store = &t.app.store;
    let admin = Email::parse("e", ADMIN).unwrap();
    let member = Email::parse("e", MEMBERS[0]).unwrap();
    let org = store.get_membership(&admin).await.unwrap().unwrap().org;
    // A bank large enough for every generation of the run.
    let bank = NewBank {
        product: ProductId::parse("harmony-premium").unwrap(),
        version: Version::new(25, 1),
        portable: true,
        purchased: Credits::new(1_000_000),
        granted: Credits::new(1_000_000),
        start: elp_tests::date("2026-01-01"),
        expiry: elp_tests::date("2027-01-01"),
    }
    .into_bank(BankId::parse(&new_id("b_").unwrap()).unwrap(), org.clone());
    store
        .import_banks(std::slice::from_ref(&bank))
        .await
        .unwrap();
    let (_, listed) = elp_tests::call(
        &t.app,
        "GET",
        "/v1/licenses?limit=1",
        &Caller::User(ADMIN.into()),
        None,
        &[],
    )
    .await;
    let code = ActivationCode::parse("c", listed["licenses"][0]["code"].as_str().unwrap()).unwrap();
    let generate = json!({ "bank": bank.id, "type": "node_lock", "months": 1, "quantity": 1, "start": elp_tests::TODAY, "recipient": MEMBERS[0], "credits": 1 });
    let floor = Floor {
        client: store.client(),
        table: store.table(),
    };
    let catalog = keys::catalog();
    let today = t.app.today();
    println!(
        "{:<34} {:>9} {:>9} {:>6} {:>7}",
        "operation", "handler", "floor", "ratio", "trips"
    );
    let ops: Vec<(&str, &str, String, Option<Value>, &str)> = vec![
        (
            "GET bank (refresh)",
            "GET",
            format!("/v1/banks/{}", bank.id),
            None,
            ADMIN,
        ),
        (
            "GET licence",
            "GET",
            format!("/v1/licenses/{code}"),
            None,
            ADMIN,
        ),
        (
            "GET licences (50)",
            "GET",
            "/v1/licenses?limit=50".into(),
            None,
            ADMIN,
        ),
        ("GET banks", "GET", "/v1/banks".into(), None, ADMIN),
        ("GET dashboard", "GET", "/v1/dashboard".into(), None, ADMIN),
        (
            "POST quote",
            "POST",
            "/v1/licenses/quote".into(),
            Some(generate.clone()),
            ADMIN,
        ),
        (
            "POST generate",
            "POST",
            "/v1/licenses".into(),
            Some(generate.clone()),
            ADMIN,
        ),
        (
            "GET my licences",
            "GET",
            "/v1/me/licenses".into(),
            None,
            MEMBERS[0],
        ),
    ];
    for (name, method, path, body, who) in ops {
        let (mut handler, mut direct) = (Vec::new(), Vec::new());
        let (mut handler_trips, mut floor_trips) = (0, 0);
        for _ in 0..iterations {
            // From the event Lambda delivers (as text) to the handler's response; the
            // client's parse of the response is not the operation's.
            let e = event(method, &path, &Caller::User(who.into()), body.as_ref(), &[]).to_string();
            let before = store.round_trips();
            let started = Instant::now();
            let function = route(method, path.split('?').next().unwrap()).unwrap();
            let request = elp_adapters::lambda_http::request::from_str(&e).expect("an event");
            let response = elp_gateway::routes::invoke(function, &t.app, request).await;
            handler.push(started.elapsed());
            let (status, answer) = read(response);
            handler_trips = store.round_trips() - before;
            assert!(status < 300, "{name}: {status} {answer}");
            let started = Instant::now();
            floor_trips = match name {
                "GET bank (refresh)" => {
                    floor
                        .batch(vec![keys::user(&admin), keys::bank(&bank.id)])
                        .await;
                    floor.unexpired(&org, today).await;
                    2
                }
                "GET licence" => {
                    floor
                        .batch(vec![keys::user(&admin), keys::license(&code)])
                        .await;
                    1
                }
                "GET licences (50)" => {
                    floor.get(keys::user(&admin)).await;
                    floor.query(keys::GSI1, keys::licenses_of(&org), 50).await;
                    2
                }
                "GET banks" => {
                    floor.get(keys::user(&admin)).await;
                    floor.query(keys::GSI1, keys::banks_of(&org), 50).await;
                    floor.unexpired(&org, today).await;
                    3
                }
                "GET dashboard" => {
                    floor.batch(vec![keys::user(&admin), catalog.clone()]).await;
                    tokio::join!(
                        floor.query(keys::GSI1, keys::banks_of(&org), 100),
                        floor.unexpired(&org, today)
                    );
                    3
                }
                "POST quote" => {
                    floor
                        .batch(vec![
                            keys::user(&admin),
                            keys::bank(&bank.id),
                            keys::user(&member),
                        ])
                        .await;
                    1
                }
                "POST generate" => {
                    floor
                        .batch(vec![
                            keys::user(&admin),
                            keys::bank(&bank.id),
                            keys::user(&member),
                        ])
                        .await;
                    floor.generation(&bank, &member, true).await;
                    2
                }
                _ => {
                    // The caller first; then the three reads that need only the caller's
                    // organisation, together, as the handler issues them.
                    floor.get(keys::user(&member)).await;
                    tokio::join!(
                        floor.query(keys::GSI3, keys::licenses_of_assignee(&org, &member), 50),
                        floor.get(catalog.clone()),
                        floor.query_prefix(keys::org_partition(&org), keys::POLICY_PREFIX),
                    );
                    4
                }
            };
            direct.push(started.elapsed());
        }
        let (h, f) = (median(handler), median(direct));
        println!(
            "{:<34} {:>7.2}ms {:>7.2}ms {:>6.2} {:>3}/{:<3}",
            name,
            h.as_secs_f64() * 1000.0,
            f.as_secs_f64() * 1000.0,
            h.as_secs_f64() / f.as_secs_f64(),
            handler_trips,
            floor_trips
        );
    }

    rate_limits(&t, &bank, &code, &generate, iterations).await;
    suspension_check(&floor, &bank, &member, iterations).await;
}

/// What the organisation's "not suspended" condition adds to a change: a generation's
/// transaction with and without it, alternately, in one run.
async fn suspension_check(floor: &Floor<'_>, bank: &Bank, member: &Email, iterations: usize) {
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for i in 0..iterations * 2 {
        let started = Instant::now();
        floor.generation(bank, member, i % 2 == 0).await;
        if i % 2 == 0 {
            with.push(started.elapsed());
        } else {
            without.push(started.elapsed());
        }
    }
    let (a, b) = (median(with), median(without));
    println!();
    println!(
        "{:<34} {:>9} {:>9} {:>6}",
        "the suspension check", "with", "without", "ratio"
    );
    println!(
        "{:<34} {:>7.2}ms {:>7.2}ms {:>6.2}",
        "generation's transaction",
        a.as_secs_f64() * 1000.0,
        b.as_secs_f64() * 1000.0,
        a.as_secs_f64() / b.as_secs_f64()
    );
}

/// What the API's rate limits add to an operation: the same handler with the limits on (each
/// request counted for its caller and organisation, the two counters updated together) and
/// off, alternately, in one run.
async fn rate_limits(
    t: &TestApp,
    bank: &Bank,
    code: &ActivationCode,
    generate: &Value,
    iterations: usize,
) {
    let mut config = t.app.config.clone();
    // On, and high enough that nothing is refused: the counters' cost, not a 429's.
    config.limits.org_per_minute = 100_000_000;
    config.limits.caller_per_minute = 100_000_000;
    let limited = elp_adapters::App::connect(config, t.clock.clone()).await;
    println!();
    println!(
        "{:<34} {:>9} {:>9} {:>6} {:>7}",
        "with the rate limits", "on", "off", "ratio", "trips"
    );
    let ops: Vec<(&str, &str, String, Option<Value>)> = vec![
        (
            "GET bank (refresh)",
            "GET",
            format!("/v1/banks/{}", bank.id),
            None,
        ),
        ("GET licence", "GET", format!("/v1/licenses/{code}"), None),
        (
            "GET licences (50)",
            "GET",
            "/v1/licenses?limit=50".into(),
            None,
        ),
        (
            "POST quote",
            "POST",
            "/v1/licenses/quote".into(),
            Some(generate.clone()),
        ),
    ];
    for (name, method, path, body) in ops {
        let (mut on, mut off) = (Vec::new(), Vec::new());
        let (mut on_trips, mut off_trips) = (0, 0);
        for i in 0..iterations * 2 {
            let app = if i % 2 == 0 { &limited } else { &t.app };
            let e = event(
                method,
                &path,
                &Caller::User(ADMIN.into()),
                body.as_ref(),
                &[],
            )
            .to_string();
            let before = app.store.round_trips();
            let started = Instant::now();
            let function = route(method, path.split('?').next().unwrap()).unwrap();
            let request = elp_adapters::lambda_http::request::from_str(&e).expect("an event");
            let response = elp_gateway::routes::invoke(function, app, request).await;
            let took = started.elapsed();
            let trips = app.store.round_trips() - before;
            let (status, answer) = read(response);
            assert!(status < 300, "{name}: {status} {answer}");
            if i % 2 == 0 {
                on.push(took);
                on_trips = trips;
            } else {
                off.push(took);
                off_trips = trips;
            }
        }
        let (a, b) = (median(on), median(off));
        println!(
            "{:<34} {:>7.2}ms {:>7.2}ms {:>6.2} {:>3}/{:<3}",
            name,
            a.as_secs_f64() * 1000.0,
            b.as_secs_f64() * 1000.0,
            a.as_secs_f64() / b.as_secs_f64(),
            on_trips,
            off_trips
        );
    }
}
