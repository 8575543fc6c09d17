//! Domain events on the event bus, through the events function: each change committed through
//! the real handlers is read back from DynamoDB Local's stream of the table, handed to the
//! function as Lambda hands it a batch, put on a bus in moto, and seen in the queue a rule of
//! that bus forwards to. Each event type is published once per committed change, a refused
//! change publishes nothing, a partially failed `PutEvents` is retried without losing an event,
//! and every event matches its documented schema (docs/events/, decisions 140-144).

use std::collections::{BTreeMap, BTreeSet};

use elp_core::events::{EVENT_TYPES, PUBLISHED_ACTIONS};
use elp_tests::events::{Publisher, Received, RefuseEvents};
use elp_tests::{person, BankSpec, ChangeUser, Generate, Renew, TestApp, PRODUCT};
use serde_json::{json, Value};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every schema of docs/events/, compiled, by type.
fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    let mut out = BTreeMap::new();
    for t in EVENT_TYPES {
        let path = root().join(format!("docs/events/{t}.v1.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let schema: Value = serde_json::from_str(&text).expect("a schema's JSON");
        let validator =
            jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{t}'s schema: {e}"));
        out.insert(t.to_string(), validator);
    }
    out
}

/// What a consumer checks of every event: the source, the envelope, the schema of its type.
fn check(received: &[Received], org: &str) {
    let schemas = schemas();
    for r in received {
        assert_eq!(r.source, "elp", "{r:?}");
        let d = &r.detail;
        assert_eq!(d["type"], json!(r.detail_type), "{r:?}");
        assert_eq!(d["version"], json!(1), "{r:?}");
        assert_eq!(d["org"], json!(org), "{r:?}");
        let at = d["occurred_at"].as_str().expect("occurred_at");
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
            "{at}"
        );
        let schema = &schemas[&r.detail_type];
        let errors: Vec<String> = schema.iter_errors(d).map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{r:?} does not match its schema: {errors:?}"
        );
        // The schemas let later fields in (consumers ignore what they do not know); what is
        // published today is every field documented.
        let text =
            std::fs::read_to_string(root().join(format!("docs/events/{}.v1.json", r.detail_type)))
                .unwrap();
        let mut loose = Vec::new();
        undeclared(d, &serde_json::from_str(&text).unwrap(), "", &mut loose);
        assert!(loose.is_empty(), "undocumented fields {loose:?} in {r:?}");
    }
}

/// The fields of `value` its `schema` does not name (for `oneOf`, the branch whose `kind` it is).
fn undeclared(value: &Value, schema: &Value, at: &str, out: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        return;
    };
    let schema = match schema["oneOf"].as_array() {
        Some(branches) => branches
            .iter()
            .find(|b| b["properties"]["kind"]["const"] == value["kind"])
            .unwrap_or(schema),
        None => schema,
    };
    for (name, field) in object {
        match schema["properties"].get(name) {
            Some(declared) => undeclared(field, declared, &format!("{at}.{name}"), out),
            None => out.push(format!("{at}.{name}")),
        }
    }
}

fn types(received: &[Received]) -> Vec<String> {
    let mut t: Vec<String> = received.iter().map(|r| r.detail_type.clone()).collect();
    t.sort();
    t
}

/// The stream's new records, through the events function: exactly `expected` (in any order),
/// each one event, well formed. The events, for the test to read further.
async fn published(p: &mut Publisher, org: &str, expected: &[&str]) -> Vec<Received> {
    let (answer, received) = p.run().await;
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(types(&received), want, "{received:#?}");
    check(&received, org);
    received
}

fn only<'r>(received: &'r [Received], kind: &str) -> &'r Value {
    &received
        .iter()
        .find(|r| r.detail_type == kind)
        .unwrap_or_else(|| panic!("no {kind} in {received:?}"))
        .detail
}

/// The desktop software on machine `n` calls `/v1/activation/{call}`.
async fn software(t: &TestApp, code: &str, n: usize, call: &str) -> u16 {
    let mut body = json!({ "code": code, "fingerprint": format!("events-machine-{n:06}") });
    if call == "activate" {
        body["product"] = json!(PRODUCT);
        body["hostname"] = json!(format!("ws-{n}"));
        body["platform"] = json!("windows");
    } else {
        body["seat"] = json!(0);
    }
    t.anonymous()
        .send("POST", &format!("/v1/activation/{call}"), Some(&body))
        .await
        .status
}

#[tokio::test]
async fn each_committed_change_is_published_once_with_its_envelope() {
    let t = TestApp::new().await;
    let mut p = Publisher::new(&t, None).await;
    let op = t.as_operator();
    let w = t.provision(BankSpec::portable(100)).await;
    // The organisation's creation (its first admin with it) is the trail's only: no event.
    let created = published(&mut p, &w.org, &["bank.created"]).await;
    let bank = only(&created, "bank.created");
    assert_eq!(bank["data"]["bank"], json!(w.bank));
    assert_eq!(bank["data"]["credits"], json!(100));
    assert_eq!(bank["data"]["version"], json!("25.1"));
    assert_eq!(bank["actor"]["kind"], json!("operator"));

    op.grant(&w.bank, 20).await.expect(200);
    let granted = published(&mut p, &w.org, &["bank.granted"]).await;
    assert_eq!(granted[0].detail["data"]["credits"], json!(20));

    // A sign-in is the trail's only: no event.
    t.sign_in(&w.admin).await;
    published(&mut p, &w.org, &[]).await;

    let admin = t.as_admin(&w);
    let member = person();
    let made = admin
        .generate(&Generate::node_lock(&w.bank, 6, 1).credits(6).to(&member))
        .await
        .expect(201);
    let code = made.licenses[0].code.clone();
    let generated = published(&mut p, &w.org, &["licence.generated"]).await;
    let g = &generated[0].detail;
    assert_eq!(g["data"]["codes"], json!([code]));
    assert_eq!(g["data"]["credits"], json!(-6));
    assert_eq!(g["data"]["expiry"], json!("2026-09-02"));
    assert_eq!(g["data"]["assignee"], json!(member));
    assert_eq!(g["data"]["license_type"], json!("node_lock"));
    assert_eq!(
        g["actor"],
        json!({"kind": "person", "email": w.admin.to_lowercase()})
    );

    let quote = admin
        .renewal_quote(&code, &Renew::default().months(1))
        .await
        .expect(200)
        .quote;
    admin
        .renew(
            &code,
            &Renew::default().months(1).credits(quote.credits as i64),
        )
        .await
        .expect(200);
    let renewed = published(&mut p, &w.org, &["licence.renewed"]).await;
    assert_eq!(renewed[0].detail["data"]["code"], json!(code));

    assert_eq!(software(&t, &code, 1, "activate").await, 201);
    let activated = published(&mut p, &w.org, &["machine.activated"]).await;
    assert_eq!(activated[0].detail["actor"], json!({"kind": "software"}));
    assert_eq!(activated[0].detail["data"]["hostname"], json!("ws-1"));
    // Activating the same machine again changes nothing: no event.
    assert_eq!(software(&t, &code, 1, "activate").await, 200);
    published(&mut p, &w.org, &[]).await;
    assert_eq!(software(&t, &code, 1, "release").await, 200);
    published(&mut p, &w.org, &["machine.released"]).await;

    assert_eq!(software(&t, &code, 2, "activate").await, 201);
    published(&mut p, &w.org, &["machine.activated"]).await;
    // The return releases the machine too: one event says both.
    admin.return_license(&code).await.expect(200);
    let returned = published(&mut p, &w.org, &["licence.returned"]).await;
    assert_eq!(returned[0].detail["data"]["former_assignee"], json!(member));
    let second = person();
    admin.assign(&code, &second).await.expect(200);
    let assigned = published(&mut p, &w.org, &["licence.assigned"]).await;
    assert_eq!(assigned[0].detail["data"]["assignee"], json!(second));

    let colleague = person();
    admin.invite(&colleague, "member").await.expect(201);
    let invited = published(&mut p, &w.org, &["user.invited"]).await;
    assert_eq!(
        invited[0].detail["data"],
        json!({"email": colleague, "role": "member", "again": false})
    );
    admin
        .change_user(&colleague, &ChangeUser::role("admin"))
        .await
        .expect(200);
    let changed = published(&mut p, &w.org, &["user.changed"]).await;
    assert_eq!(
        changed[0].detail["data"],
        json!({"email": colleague, "role": {"from": "member", "to": "admin"}})
    );
    admin.remove_user(&colleague).await.expect(200);
    published(&mut p, &w.org, &["user.removed"]).await;

    op.extend_bank(&w.bank, "2027-06-01", "the studio bought more time")
        .await
        .expect(200);
    let extended = published(&mut p, &w.org, &["bank.extended"]).await;
    assert_eq!(
        extended[0].detail["data"],
        json!({"bank": w.bank, "from": "2027-01-01", "to": "2027-06-01", "reason": "the studio bought more time"})
    );
    op.void_credits(&w.bank, 5, "created twice")
        .await
        .expect(200);
    let voided = published(&mut p, &w.org, &["bank.voided"]).await;
    assert_eq!(voided[0].detail["data"]["credits"], json!(-5));

    // The daily job expires the bank: the system did it.
    t.at("2027-06-01", 0);
    let run = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!(run.acted, 1, "{run:?}");
    let expired = published(&mut p, &w.org, &["bank.expired"]).await;
    let e = &expired[0].detail;
    assert_eq!(e["actor"], json!({"kind": "system"}));
    assert_eq!(
        e["data"]["credits"],
        json!(-e["data"]["forfeited"].as_i64().unwrap())
    );

    // Every event published is told of in the trail; no two share an id.
    let all: Vec<&Received> = [
        &created, &granted, &generated, &renewed, &activated, &returned, &assigned, &invited,
        &changed, &extended, &voided, &expired,
    ]
    .into_iter()
    .flatten()
    .collect();
    let ids: BTreeSet<&str> = all
        .iter()
        .map(|r| r.detail["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), all.len(), "ids are unique per change");
}

#[tokio::test]
async fn a_refused_change_publishes_nothing() {
    let t = TestApp::new().await;
    let w = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&w.admin).await;
    let mut p = Publisher::new(&t, None).await;
    // Everything so far is on the stream: publish it, then refuse.
    let (answer, _) = p.run().await;
    assert!(answer.batch_item_failures.is_empty());
    let refused = t
        .as_admin(&w)
        .generate(
            &Generate::node_lock(&w.bank, 12, 1)
                .credits(12)
                .to(&person()),
        )
        .await;
    assert_eq!(refused.status, 409, "{refused:?}");
    // An admin's refused invitation of someone of another organisation is no event either.
    let other = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&other.admin).await;
    let (_, received) = p.run().await;
    assert!(
        received.iter().all(|r| r.detail["org"] == json!(other.org)),
        "only the second organisation's set-up: {received:?}"
    );
    let refused = t.as_admin(&w).invite(&other.admin, "member").await;
    assert_eq!(refused.status, 409, "{refused:?}");
    let (answer, received) = p.run().await;
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    assert!(received.is_empty(), "{received:?}");
}

/// Changes whose events are put in one call: a generation, its renewal and an invitation.
async fn three_changes(t: &TestApp) -> String {
    let w = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&w.admin).await;
    let admin = t.as_admin(&w);
    let code = admin
        .generate(&Generate::node_lock(&w.bank, 6, 1).credits(6).to(&person()))
        .await
        .expect(201)
        .licenses[0]
        .code
        .clone();
    let quote = admin
        .renewal_quote(&code, &Renew::default().months(1))
        .await
        .expect(200)
        .quote;
    admin
        .renew(
            &code,
            &Renew::default().months(1).credits(quote.credits as i64),
        )
        .await
        .expect(200);
    admin.invite(&person(), "member").await.expect(201);
    w.org
}

#[tokio::test]
async fn an_entry_the_bus_refuses_once_is_put_again_at_once() {
    let t = TestApp::new().await;
    let refuse = RefuseEvents::new("licence.renewed", 1);
    let mut p = Publisher::new(&t, Some(refuse.clone())).await;
    let org = three_changes(&t).await;
    let (answer, received) = p.run().await;
    assert_eq!(refuse.left(), 0, "the bus refused the renewal once");
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    assert_eq!(
        types(&received),
        [
            "bank.created",
            "licence.generated",
            "licence.renewed",
            "user.invited"
        ],
        "each once"
    );
    check(&received, &org);
}

#[tokio::test]
async fn a_partially_failed_put_is_retried_from_its_record_without_loss() {
    let t = TestApp::new().await;
    // Refused as often as the function tries: the batch is given back to Lambda.
    let refuse = RefuseEvents::new(
        "licence.renewed",
        elp_adapters::service::events::ATTEMPTS as usize,
    );
    let mut p = Publisher::new(&t, Some(refuse.clone())).await;
    let org = three_changes(&t).await;
    let records = p.stream.records().await.expect("the stream's records");
    let (answer, first) = p.deliver(&records).await;
    assert_eq!(refuse.left(), 0);
    assert_eq!(answer.batch_item_failures.len(), 1, "{answer:?}");
    let failed = answer.batch_item_failures[0]
        .item_identifier
        .clone()
        .expect("the failed record's sequence number");
    let from = records
        .iter()
        .position(|r| r.dynamodb().and_then(|d| d.sequence_number()) == Some(failed.as_str()))
        .expect("the failure names a record of the batch");
    assert!(
        !types(&first).contains(&"licence.renewed".to_string()),
        "{first:?}"
    );
    // Lambda delivers the batch again from the failed record (ReportBatchItemFailures).
    let (answer, again) = p.deliver(&records[from..]).await;
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    assert!(types(&again).contains(&"licence.renewed".to_string()));
    // Nothing lost; what was put twice has one id, which consumers de-duplicate on.
    let mut by_id: BTreeMap<String, Vec<&Received>> = BTreeMap::new();
    for r in first.iter().chain(&again) {
        by_id
            .entry(r.detail["id"].as_str().unwrap().to_string())
            .or_default()
            .push(r);
    }
    let mut kinds: Vec<&str> = by_id.values().map(|v| v[0].detail_type.as_str()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "bank.created",
            "licence.generated",
            "licence.renewed",
            "user.invited"
        ]
    );
    for copies in by_id.values() {
        assert!(
            copies.iter().all(|c| c.detail == copies[0].detail),
            "a repeated event is the same event: {copies:?}"
        );
    }
    assert_eq!(
        by_id.values().filter(|v| v.len() > 1).count(),
        first.len() + again.len() - by_id.len()
    );
    check(&first, &org);
    check(&again, &org);
}

#[tokio::test]
async fn the_sample_stream_event_is_published() {
    let t = TestApp::new().await;
    let p = Publisher::new(&t, None).await;
    let text = std::fs::read_to_string(root().join("events/events/stream.json")).unwrap();
    let event = serde_json::from_str(&text).expect("Lambda's stream event");
    let answer = elp_events::handle(&p.bus.bus, event).await;
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    let received = p.bus.received().await;
    assert_eq!(types(&received), ["user.removed"], "{received:?}");
    check(&received, "o_sample");
}

fn template() -> yaml_rust2::Yaml {
    let text = std::fs::read_to_string(root().join("infra/template.yaml")).unwrap();
    yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap()
        .remove(0)
}

#[test]
fn the_stream_filter_lets_through_exactly_the_published_actions() {
    let t = template();
    let changes = &t["Resources"]["EventsFunction"]["Properties"]["Events"]["Changes"];
    let pattern = changes["Properties"]["FilterCriteria"]["Filters"][0]["Pattern"]
        .as_str()
        .expect("the events function's filter");
    let pattern: Value = serde_json::from_str(pattern).expect("the filter's JSON");
    assert_eq!(pattern["eventName"], json!(["INSERT"]));
    let mut filtered: Vec<String> = pattern["dynamodb"]["NewImage"]["action"]["S"]
        .as_array()
        .expect("the actions let through")
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    filtered.sort();
    let mut published: Vec<String> = PUBLISHED_ACTIONS
        .iter()
        .map(|a| a.as_str().to_string())
        .collect();
    published.sort();
    assert_eq!(filtered, published);
    assert_eq!(
        changes["Properties"]["FunctionResponseTypes"][0].as_str(),
        Some("ReportBatchItemFailures")
    );
}

#[test]
fn the_events_function_may_put_events_on_its_bus_and_nothing_else() {
    let t = template();
    let props = &t["Resources"]["EventsFunction"]["Properties"];
    let statements = props["Policies"][0]["Statement"]
        .as_vec()
        .expect("the role's statements");
    let mut allowed = Vec::new();
    for s in statements {
        // yaml-rust2 reads `!GetAtt X.Arn` as the string `X.Arn`.
        let resource = match s["Resource"].as_str() {
            Some(r) => r.to_string(),
            None => format!("{:?}", s["Resource"]),
        };
        allowed.push((s["Action"].as_str().unwrap_or("?").to_string(), resource));
    }
    assert_eq!(
        allowed,
        [
            ("events:PutEvents".to_string(), "EventBus.Arn".to_string()),
            (
                "sqs:SendMessage".to_string(),
                "DeadLetterQueue.Arn".to_string()
            )
        ],
        "{statements:?}"
    );
    assert!(t["Resources"]["EventBus"]["Type"].as_str() == Some("AWS::Events::EventBus"));
}

#[test]
fn every_event_type_has_a_versioned_schema_and_its_envelope() {
    let schemas_dir = root().join("docs/events");
    let mut files: Vec<String> = std::fs::read_dir(&schemas_dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    files.sort();
    let mut want: Vec<String> = EVENT_TYPES.iter().map(|t| format!("{t}.v1.json")).collect();
    want.sort();
    assert_eq!(files, want);
    for t in EVENT_TYPES {
        let text = std::fs::read_to_string(schemas_dir.join(format!("{t}.v1.json"))).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["properties"]["type"]["const"], json!(t), "{t}");
        assert_eq!(schema["properties"]["version"]["const"], json!(1), "{t}");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            required,
            [
                "id",
                "type",
                "version",
                "occurred_at",
                "org",
                "actor",
                "data"
            ],
            "{t}"
        );
    }
    // A schema refuses what it must: the checker is not blind.
    let schemas = schemas();
    let wrong = json!({"id": "x", "type": "user.removed", "version": 2, "occurred_at": "2026-03-02T00:00:00.000Z", "org": "o_1", "actor": {"kind": "system"}, "data": {"email": "a@b.example"}});
    assert!(!schemas["user.removed"].is_valid(&wrong));
}
