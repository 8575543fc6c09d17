//! The operator's endpoints through the real handler: provisioning an organisation with its
//! first admin, banks, grants and the catalogue; identity, errors and idempotency.

use elp_tests::{event, mails_to, read, request, unique, Caller, TestApp};
use serde_json::{json, Value};

pub const CATALOG: &str = include_str!("../../../infra/local/catalog.json");

pub async fn call(
    t: &TestApp,
    method: &str,
    path: &str,
    caller: &Caller,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let req = request(&event(method, path, caller, body.as_ref(), headers));
    read(elp_operator::handle(&t.app, req).await)
}

pub async fn op(t: &TestApp, method: &str, path: &str, body: Value) -> (u16, Value) {
    call(t, method, path, &Caller::Operator, Some(body), &[]).await
}

/// The default catalogue, an organisation with its first admin, and one bank.
pub struct Provisioned {
    pub org: String,
    pub admin: String,
    pub bank: String,
}

pub async fn provision(
    t: &TestApp,
    version: &str,
    portable: bool,
    granted: i64,
    start: &str,
    expiry: &str,
) -> Provisioned {
    let (status, _) = op(
        t,
        "PUT",
        "/v1/operator/catalog",
        serde_json::from_str(CATALOG).unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let admin = format!("{}@studio.example", unique("admin-"));
    let (status, body) = op(
        t,
        "POST",
        "/v1/operator/orgs",
        json!({ "name": "Studio Nord", "admin_email": admin }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let org = body["org"]["id"].as_str().unwrap().to_string();
    let (status, bank) = op(
        t,
        "POST",
        &format!("/v1/operator/orgs/{org}/banks"),
        json!({ "product": "harmony-premium", "version": version, "portable": portable, "purchased": granted, "start": start, "expiry": expiry }),
    )
    .await;
    assert_eq!(status, 201, "{bank}");
    Provisioned {
        org,
        admin,
        bank: bank["id"].as_str().unwrap().to_string(),
    }
}

#[tokio::test]
async fn operator_provisions_an_organisation_and_its_first_admin_is_invited_by_mail() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 120, "2026-01-01", "2027-01-01").await;
    let user = t
        .app
        .store
        .get_membership(&elp_core::Email::parse("e", &p.admin).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (user.org.as_str(), user.role, user.status),
        (
            p.org.as_str(),
            elp_core::Role::Admin,
            elp_core::UserStatus::Invited
        )
    );
    assert_eq!(t.drain().await.sent, 1);
    let mails = mails_to(&p.admin);
    assert_eq!(mails.len(), 1, "one invitation");
    assert!(mails[0]["subject"]
        .as_str()
        .unwrap()
        .contains("Studio Nord"));
    assert!(mails[0]["body"]["text"]
        .as_str()
        .unwrap()
        .contains("https://portal.example"));
    let audit = t.app.store.list_audit(&user.org, None, 10).await.unwrap();
    // Both events carry the same (fixed) time here, so their order is not asserted.
    let mut actions: Vec<_> = audit
        .items
        .iter()
        .map(|e| (format!("{:?}", e.action), e.credits))
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        vec![
            ("BankCreated".to_string(), 120),
            ("OrgCreated".to_string(), 0)
        ]
    );
}

#[tokio::test]
async fn bank_and_grant_arithmetic() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 0, "2026-01-01", "2027-01-01").await;
    let (status, bank) = op(
        &t,
        "POST",
        &format!("/v1/operator/banks/{}/grant", p.bank),
        json!({ "credits": 40 }),
    )
    .await;
    assert_eq!(status, 200, "{bank}");
    assert_eq!(
        (
            bank["granted"].as_u64(),
            bank["remaining"].as_u64(),
            bank["purchased"].as_u64()
        ),
        (Some(40), Some(40), Some(0))
    );
    assert_eq!(bank["portable"], false);
    let stored = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            stored.granted.get(),
            stored.used.get(),
            stored.remaining().get()
        ),
        (40, 0, 40)
    );
}

#[tokio::test]
async fn grants_to_an_expired_bank_are_refused() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 10, "2026-01-01", "2026-03-03").await;
    t.clock.set(
        elp_tests::date("2026-03-03")
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc(),
    );
    let (status, body) = op(
        &t,
        "POST",
        &format!("/v1/operator/banks/{}/grant", p.bank),
        json!({ "credits": 5 }),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("bank_expired")),
        "{body}"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_naming_the_field() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 10, "2026-01-01", "2027-01-01").await;
    let banks = format!("/v1/operator/orgs/{}/banks", p.org);
    let bank = |patch: Value| {
        let mut b = json!({ "product": "harmony-premium", "version": "24", "portable": false, "purchased": 10, "start": "2026-01-01", "expiry": "2027-01-01" });
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (bank(json!({ "product": "maya" })), "product"),
        (bank(json!({ "version": "23" })), "version"),
        (bank(json!({ "version": "x.y" })), "version"),
        (bank(json!({ "purchased": -5 })), "purchased"),
        (bank(json!({ "purchased": 1e30 })), "purchased"),
        (bank(json!({ "purchased": "ten" })), "purchased"),
        (bank(json!({ "expiry": "2025-12-31" })), "expiry"),
        (bank(json!({ "start": "2026-02-30" })), "start"),
        (bank(json!({ "colour": "red" })), "body"),
    ];
    for (body, field) in cases {
        let (status, answer) = op(&t, "POST", &banks, body.clone()).await;
        assert_eq!(status, 422, "{body} -> {answer}");
        assert!(
            answer["error"]["field"]
                .as_str()
                .unwrap()
                .starts_with(field)
                || field == "body",
            "{body} -> {answer}"
        );
    }
    let grant = format!("/v1/operator/banks/{}/grant", p.bank);
    for (credits, field) in [
        (json!(0), "credits"),
        (json!(-1), "credits"),
        (json!(10_000_001), "credits"),
    ] {
        let (status, answer) = op(&t, "POST", &grant, json!({ "credits": credits })).await;
        assert_eq!(
            (status, answer["error"]["field"].as_str()),
            (422, Some(field)),
            "{answer}"
        );
    }
    let (status, answer) = op(
        &t,
        "POST",
        "/v1/operator/orgs",
        json!({ "name": "A\r\nBcc: x@y.z", "admin_email": "a@b.co" }),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("name"))
    );
    let (status, answer) = op(
        &t,
        "POST",
        "/v1/operator/orgs",
        json!({ "name": "A", "admin_email": "a@b.co\r\nBcc: x@y.z" }),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("admin_email"))
    );
    // Malformed JSON, wrong content type, unknown routes and methods, unknown banks.
    let raw = |body: &str, content_type: &str| {
        let mut e = event(
            "POST",
            "/v1/operator/orgs",
            &Caller::Operator,
            None,
            &[("content-type", content_type)],
        );
        e["body"] = json!(body);
        request(&e)
    };
    assert_eq!(
        read(elp_operator::handle(&t.app, raw("{\"name\":", "application/json")).await).0,
        400
    );
    assert_eq!(
        read(
            elp_operator::handle(&t.app, raw("name=x", "application/x-www-form-urlencoded")).await
        )
        .0,
        415
    );
    assert_eq!(
        read(elp_operator::handle(&t.app, raw(&"x".repeat(300 * 1024), "application/json")).await)
            .0,
        413
    );
    assert_eq!(
        op(&t, "POST", "/v1/operator/nothing", json!({})).await.0,
        404
    );
    assert_eq!(
        op(&t, "DELETE", "/v1/operator/catalog", json!({})).await.0,
        405
    );
    assert_eq!(
        op(
            &t,
            "POST",
            "/v1/operator/banks/b_missing/grant",
            json!({ "credits": 1 })
        )
        .await
        .0,
        404
    );
    assert_eq!(
        op(
            &t,
            "POST",
            "/v1/operator/banks/..%2F..%2Fetc/grant",
            json!({ "credits": 1 })
        )
        .await
        .0,
        404
    );
    assert_eq!(
        op(
            &t,
            "POST",
            "/v1/operator/orgs/o_missing/banks",
            bank(json!({}))
        )
        .await
        .0,
        404
    );
}

#[tokio::test]
async fn only_operators_reach_operator_routes() {
    let t = TestApp::new().await;
    let body = json!({ "name": "Studio", "admin_email": "a@studio.example" });
    let (status, answer) = call(
        &t,
        "POST",
        "/v1/operator/orgs",
        &Caller::Anonymous,
        Some(body.clone()),
        &[],
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    let (status, _) = call(
        &t,
        "POST",
        "/v1/operator/orgs",
        &Caller::User("a@studio.example".into()),
        Some(body),
        &[],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        t.app
            .store
            .get_membership(&elp_core::Email::parse("e", "a@studio.example").unwrap())
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn an_idempotency_key_sent_ten_times_at_once_grants_once_and_answers_the_same() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 10, "2026-01-01", "2027-01-01").await;
    let path = format!("/v1/operator/banks/{}/grant", p.bank);
    let key = unique("key-");
    let headers = [("idempotency-key", key.as_str())];
    let attempts = (0..10).map(|_| {
        call(
            &t,
            "POST",
            &path,
            &Caller::Operator,
            Some(json!({ "credits": 7 })),
            &headers,
        )
    });
    let answers = futures::future::join_all(attempts).await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body, &answers[0].1);
    }
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.granted.get(), 17, "granted once");
    // The same key with another body is refused, not applied.
    let (status, body) = call(
        &t,
        "POST",
        &path,
        &Caller::Operator,
        Some(json!({ "credits": 8 })),
        &[("idempotency-key", &key)],
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.granted.get(), 17);
}

#[tokio::test]
async fn every_sample_event_of_the_operator_is_served() {
    let t = TestApp::new().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/operator");
    let load = |name: &str| std::fs::read_to_string(root.join(name)).expect("a sample event");
    let app = &t.app;
    let send = |raw: String| async move {
        let e: Value = serde_json::from_str(&raw).unwrap();
        read(elp_operator::handle(app, request(&e)).await)
    };
    let (status, _) = send(load("put-catalog.json")).await;
    assert_eq!(status, 200);
    let (status, org) = send(load("create-org.json")).await;
    assert_eq!(status, 201, "{org}");
    let org = org["org"]["id"].as_str().unwrap();
    let (status, bank) = send(load("create-bank.json").replace("ORG_ID", org)).await;
    assert_eq!(status, 201, "{bank}");
    let (status, granted) =
        send(load("grant.json").replace("BANK_ID", bank["id"].as_str().unwrap())).await;
    assert_eq!((status, granted["granted"].as_u64()), (200, Some(144)));
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        4,
        "a new sample needs a case here"
    );
}
