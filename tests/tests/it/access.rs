//! Who gets what: another organisation's banks and licences are 404 to an admin, every admin
//! route is 403 to a member and 401 without identity; retries never charge twice; each endpoint
//! makes the DynamoDB round trips `docs/access-patterns.md` says.

use elp_tests::{call, unique, Caller, TestApp};
use serde_json::{json, Value};

use crate::operator::{provision, Provisioned};

fn admin(p: &Provisioned) -> Caller {
    Caller::User(p.admin.clone())
}

async fn generate(t: &TestApp, p: &Provisioned, recipient: &str) -> String {
    let body = json!({ "bank": p.bank, "type": "node_lock", "months": 2, "quantity": 1, "start": "2026-03-02", "recipient": recipient, "credits": 2 });
    let (status, done) = call(&t.app, "POST", "/v1/licenses", &admin(p), Some(body), &[]).await;
    assert_eq!(status, 201, "{done}");
    done["licenses"][0]["code"].as_str().unwrap().to_string()
}

/// Every admin route of the licensing API, aimed at the given bank and licence.
fn admin_routes(
    bank: &str,
    code: &str,
    recipient: &str,
) -> Vec<(&'static str, String, Option<Value>)> {
    let generate = json!({ "bank": bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": recipient, "credits": 1 });
    vec![
        ("GET", "/v1/banks".into(), None),
        ("GET", format!("/v1/banks/{bank}"), None),
        ("GET", "/v1/dashboard".into(), None),
        ("GET", "/v1/licenses".into(), None),
        ("GET", format!("/v1/licenses/{code}"), None),
        ("POST", "/v1/licenses/quote".into(), Some(generate.clone())),
        ("POST", "/v1/licenses".into(), Some(generate)),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals/quote"),
            Some(json!({})),
        ),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals"),
            Some(json!({ "credits": 2 })),
        ),
        ("POST", format!("/v1/licenses/{code}/return"), None),
        (
            "POST",
            format!("/v1/licenses/{code}/assign"),
            Some(json!({ "email": recipient })),
        ),
    ]
}

#[tokio::test]
async fn another_organisations_banks_and_licences_are_not_found() {
    let t = TestApp::new().await;
    let a = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let b = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let b_code = generate(&t, &b, &b.admin).await;
    let before = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&b.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    for (method, path, body) in
        admin_routes(&b.bank, &b_code, &format!("{}@a.example", unique("x")))
    {
        let (status, answer) = call(&t.app, method, &path, &admin(&a), body, &[]).await;
        if path.ends_with("/v1/banks")
            || path.ends_with("/v1/dashboard")
            || path.ends_with("/v1/licenses") && method == "GET"
        {
            assert_eq!(status, 200, "{method} {path}: {answer}");
        } else {
            assert_eq!(status, 404, "{method} {path}: {answer}");
        }
        let text = answer.to_string();
        assert!(
            !text.contains(&b_code) && !text.contains(&b.bank),
            "{method} {path} leaked B's data: {text}"
        );
    }
    // Filters naming B's bank or B's people find nothing.
    for query in [format!("bank={}", b.bank), format!("assignee={}", b.admin)] {
        let (status, answer) = call(
            &t.app,
            "GET",
            &format!("/v1/licenses?{query}"),
            &admin(&a),
            None,
            &[],
        )
        .await;
        assert_eq!(
            (status, answer["licenses"].as_array().map(Vec::len)),
            (200, Some(0)),
            "{query}"
        );
    }
    let after = t
        .app
        .store
        .get_bank(&before.id, true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after, before, "B's bank untouched");
}

#[tokio::test]
async fn members_are_forbidden_and_strangers_unauthenticated_on_every_admin_route() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let artist = format!("{}@studio.example", unique("artist-"));
    let code = generate(&t, &p, &artist).await;
    let stranger = format!("{}@elsewhere.example", unique("x"));
    for (method, path, body) in admin_routes(&p.bank, &code, &artist) {
        let (status, answer) = call(
            &t.app,
            method,
            &path,
            &Caller::User(artist.clone()),
            body.clone(),
            &[],
        )
        .await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "member: {method} {path}"
        );
        let (status, _) = call(
            &t.app,
            method,
            &path,
            &Caller::User(stranger.clone()),
            body.clone(),
            &[],
        )
        .await;
        assert_eq!(status, 403, "no organisation: {method} {path}");
        let (status, answer) = call(&t.app, method, &path, &Caller::Anonymous, body, &[]).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (401, Some("unauthenticated")),
            "anonymous: {method} {path}"
        );
    }
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.used.get(), 2, "only the setup's licence was charged");
}

#[test]
fn inactive_users_cannot_use_the_portal() {
    use elp_adapters::service::access;
    use elp_core::{Email, Membership, OrgId, Role, UserStatus};
    let mut m = Membership::invited(
        Email::parse("e", "a@b.co").unwrap(),
        OrgId::parse("o").unwrap(),
        Role::Admin,
        elp_tests::date("2026-01-01"),
    );
    assert!(
        access::admin(Some(m.clone())).is_ok(),
        "invited people may use the portal"
    );
    m.status = UserStatus::Inactive;
    for result in [
        access::admin(Some(m.clone())).map(|_| ()),
        access::member(Some(m)).map(|_| ()),
    ] {
        assert!(matches!(result, Err(elp_adapters::Error::Forbidden(_))));
    }
}

#[tokio::test]
async fn the_same_idempotency_key_ten_times_at_once_charges_once() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let body = json!({ "bank": p.bank, "type": "multiseat", "months": 3, "quantity": 2, "start": "2026-03-02", "recipient": p.admin, "credits": 6 });
    let key = unique("key-");
    let headers = [("idempotency-key", key.as_str())];
    let me = admin(&p);
    let answers = futures::future::join_all((0..10).map(|_| {
        call(
            &t.app,
            "POST",
            "/v1/licenses",
            &me,
            Some(body.clone()),
            &headers,
        )
    }))
    .await;
    for (status, answer) in &answers {
        assert_eq!(*status, 201, "{answer}");
        assert_eq!(answer, &answers[0].1, "the same body every time");
    }
    // And once more, later, in sequence.
    let (status, again) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin(&p),
        Some(body.clone()),
        &headers,
    )
    .await;
    assert_eq!((status, &again), (201, &answers[0].1));
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.used.get(), 6, "charged once");
    let (_, list) = call(&t.app, "GET", "/v1/licenses", &admin(&p), None, &[]).await;
    assert_eq!(list["licenses"].as_array().unwrap().len(), 1);
    let mut other = body;
    other["months"] = json!(1);
    other["credits"] = json!(2);
    let (status, refused) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin(&p),
        Some(other),
        &headers,
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
}

#[tokio::test]
async fn each_endpoint_makes_the_round_trips_of_the_access_pattern_doc() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let code = generate(&t, &p, &p.admin).await;
    let other = format!("{}@studio.example", unique("next-"));
    let generate_body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": p.admin, "credits": 1 });
    let cases: Vec<(&str, String, Option<Value>, u64)> = vec![
        (
            "POST",
            "/v1/licenses/quote".into(),
            Some(generate_body.clone()),
            1,
        ),
        ("POST", "/v1/licenses".into(), Some(generate_body), 2),
        ("GET", format!("/v1/licenses/{code}"), None, 1),
        ("GET", "/v1/licenses".into(), None, 2),
        ("GET", format!("/v1/banks/{}", p.bank), None, 1),
        ("GET", "/v1/banks".into(), None, 2),
        ("GET", "/v1/dashboard".into(), None, 2),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals/quote"),
            Some(json!({})),
            2,
        ),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals"),
            Some(json!({ "credits": 2 })),
            3,
        ),
        ("POST", format!("/v1/licenses/{code}/return"), None, 2),
        (
            "POST",
            format!("/v1/licenses/{code}/assign"),
            Some(json!({ "email": other })),
            2,
        ),
    ];
    for (method, path, body, expected) in cases {
        let before = t.app.store.round_trips();
        let (status, answer) = call(&t.app, method, &path, &admin(&p), body, &[]).await;
        assert!(status < 300, "{method} {path}: {answer}");
        assert_eq!(
            t.app.store.round_trips() - before,
            expected,
            "{method} {path}"
        );
    }
}
