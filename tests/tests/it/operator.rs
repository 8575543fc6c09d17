//! The operator's endpoints through the real handler: provisioning an organisation with its
//! first admin, banks, grants and the catalogue; identity, errors and idempotency.

use elp_tests::{mails_to, unique, BankSpec, Function, TestApp};
use serde_json::{json, Value};

#[tokio::test]
async fn operator_provisions_an_organisation_and_its_first_admin_is_invited_by_mail() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(120)).await;
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
    assert!(mails[0].subject.contains("Studio Nord"));
    assert!(mails[0].text().contains("https://portal.example"));
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
    let p = t.provision(BankSpec::older(0)).await;
    let bank = t.as_operator().grant(&p.bank, 40).await.expect(200);
    assert_eq!((bank.granted, bank.remaining, bank.purchased), (40, 40, 0));
    assert!(!bank.portable);
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
    let p = t.provision(BankSpec::older(10).until("2026-03-03")).await;
    t.at_start_of("2026-03-03");
    t.as_operator()
        .grant(&p.bank, 5)
        .await
        .expect_error(409, "bank_expired");
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_naming_the_field() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(10)).await;
    let op = t.as_operator();
    let banks = format!("/v1/operator/orgs/{}/banks", p.org);
    let bank = BankSpec::older(10);
    // Values no typed request can hold, over the valid bank.
    let patched = |patch: Value| {
        let mut b = elp_tests::json_of(&bank);
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (elp_tests::json_of(&bank.clone().product("maya")), "product"),
        (elp_tests::json_of(&bank.clone().version("23")), "version"),
        (elp_tests::json_of(&bank.clone().version("x.y")), "version"),
        (elp_tests::json_of(&bank.clone().credits(-5)), "purchased"),
        (patched(json!({ "purchased": 1e30 })), "purchased"),
        (patched(json!({ "purchased": "ten" })), "purchased"),
        (
            elp_tests::json_of(&bank.clone().until("2025-12-31")),
            "expiry",
        ),
        (
            elp_tests::json_of(&bank.clone().start("2026-02-30")),
            "start",
        ),
        (patched(json!({ "colour": "red" })), "body"),
    ];
    for (body, field) in cases {
        let answer = op.send("POST", &banks, Some(&body)).await;
        assert_eq!(answer.status, 422, "{body} -> {answer:?}");
        assert!(
            answer.error_field().unwrap().starts_with(field) || field == "body",
            "{body} -> {answer:?}"
        );
    }
    for credits in [0, -1, 10_000_001] {
        op.grant(&p.bank, credits).await.expect_invalid("credits");
    }
    op.create_org("A\r\nBcc: x@y.z", "a@b.co")
        .await
        .expect_invalid("name");
    op.create_org("A", "a@b.co\r\nBcc: x@y.z")
        .await
        .expect_invalid("admin_email");
    // Malformed JSON, wrong content type, unknown routes and methods, unknown banks.
    let orgs = "/v1/operator/orgs";
    assert_eq!(op.send_text("POST", orgs, "{\"name\":").await.status, 400);
    let form = op
        .clone()
        .with_header("content-type", "application/x-www-form-urlencoded");
    assert_eq!(form.send_text("POST", orgs, "name=x").await.status, 415);
    let huge = "x".repeat(300 * 1024);
    assert_eq!(op.send_text("POST", orgs, &huge).await.status, 413);
    // The function's own answers to what API Gateway would not route to it (it answers 404).
    let nothing = "/v1/operator/nothing";
    let empty = json!({});
    assert_eq!(
        op.send_to(Function::Operator, "POST", nothing, Some(&empty))
            .await
            .status,
        404
    );
    assert_eq!(op.send("POST", nothing, Some(&empty)).await.status, 404);
    let catalog = "/v1/operator/catalog";
    assert_eq!(
        op.send_to(Function::Operator, "DELETE", catalog, Some(&empty))
            .await
            .status,
        405
    );
    assert_eq!(op.send("DELETE", catalog, Some(&empty)).await.status, 404);
    assert_eq!(op.grant("b_missing", 1).await.status, 404);
    assert_eq!(op.grant("..%2F..%2Fetc", 1).await.status, 404);
    assert_eq!(op.create_bank("o_missing", &bank).await.status, 404);
}

#[tokio::test]
async fn only_operators_reach_operator_routes() {
    let t = TestApp::new().await;
    t.anonymous()
        .create_org("Studio", "a@studio.example")
        .await
        .expect_error(401, "unauthenticated");
    let answer = t
        .as_user("a@studio.example")
        .create_org("Studio", "a@studio.example")
        .await;
    assert_eq!(answer.status, 403);
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
    let p = t.provision(BankSpec::older(10)).await;
    let op = t.as_operator().with_idempotency_key(&unique("key-"));
    let answers = futures::future::join_all((0..10).map(|_| op.grant(&p.bank, 7))).await;
    for answer in &answers {
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.body, answers[0].body);
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
    op.grant(&p.bank, 8)
        .await
        .expect_error(422, "idempotency_key_reused");
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
    let send = |raw: String| {
        let t = &t;
        async move {
            let event: Value = serde_json::from_str(&raw).unwrap();
            t.serve_event(&event).await.expect("a route for the sample")
        }
    };
    assert_eq!(send(load("put-catalog.json")).await.status, 200);
    let org = send(load("create-org.json")).await;
    let org = org.expect_as::<elp_tests::api::NewOrganisation>(201).org.id;
    let bank = send(load("create-bank.json").replace("ORG_ID", &org)).await;
    let bank = bank.expect_as::<elp_tests::api::Bank>(201).id;
    let granted = send(load("grant.json").replace("BANK_ID", &bank)).await;
    assert_eq!(granted.expect_as::<elp_tests::api::Bank>(200).granted, 144);
    let read = send(load("get-catalog.json")).await;
    assert_eq!(read.header("etag").as_deref(), Some("\"1\""));
    let preview = send(load("preview-catalog.json").replace("ORG_ID", &org)).await;
    let preview = preview.expect_as::<elp_tests::api::CatalogPreview>(200);
    assert_eq!(
        preview.changes,
        ["harmony-premium: added version 25.2 (windows, macos, linux)"]
    );
    let changed = send(load("change-catalog.json")).await;
    assert_eq!(
        changed
            .expect_as::<elp_tests::api::CatalogDocument>(200)
            .revision,
        2
    );
    // Sent again, its If-Match names a revision the catalogue has left.
    let again = send(load("change-catalog.json")).await;
    again.expect_error(409, "catalog_changed");
    // The samples of the console's corrections run in events.rs, against the seeded world.
    let elsewhere = [
        "rename-org.json",
        "suspend-org.json",
        "resume-org.json",
        "change-user.json",
        "bind-account.json",
        "extend-bank.json",
        "void-credits.json",
        "activation-policy.json",
    ];
    let here = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| !elsewhere.contains(&e.file_name().to_string_lossy().as_ref()))
        .count();
    assert_eq!(here, 7, "a new sample needs a case here");
}
