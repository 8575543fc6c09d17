//! Who gets what: another organisation's banks and licences are 404 to an admin, every admin
//! route is 403 to a member and 401 without identity; retries never charge twice; each endpoint
//! makes the DynamoDB round trips `docs/access-patterns.md` says.

use elp_adapters::clock::Clock;
use elp_tests::{json_of, person, unique, BankSpec, Generate, Provisioned, Renew, TestApp};
use serde_json::{json, Value};

/// One two-month node-lock licence for `recipient`, confirmed at its price; its code.
async fn generate(t: &TestApp, p: &Provisioned, recipient: &str) -> String {
    let request = Generate::node_lock(&p.bank, 2, 1).to(recipient).credits(2);
    let done = t.as_admin(p).generate(&request).await.expect(201);
    done.licenses[0].code.clone()
}

/// Every admin route of the licensing API, aimed at the given bank and licence.
fn admin_routes(
    bank: &str,
    code: &str,
    recipient: &str,
) -> Vec<(&'static str, String, Option<Value>)> {
    let generate = json_of(&Generate::node_lock(bank, 1, 1).to(recipient).credits(1));
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
            Some(json_of(&Renew::as_before())),
        ),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals"),
            Some(json_of(&Renew::as_before().credits(2))),
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
async fn another_organisations_banks_and_licenses_are_not_found() {
    let t = TestApp::new().await;
    let a = t.provision(BankSpec::portable(50)).await;
    let b = t.provision(BankSpec::portable(50)).await;
    let b_code = generate(&t, &b, &b.admin).await;
    let before = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&b.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    let admin_a = t.as_admin(&a);
    for (method, path, body) in admin_routes(&b.bank, &b_code, &person()) {
        let answer = admin_a.send(method, &path, body.as_ref()).await;
        if path.ends_with("/v1/banks")
            || path.ends_with("/v1/dashboard")
            || path.ends_with("/v1/licenses") && method == "GET"
        {
            assert_eq!(answer.status, 200, "{method} {path}: {answer:?}");
        } else {
            assert_eq!(answer.status, 404, "{method} {path}: {answer:?}");
        }
        assert!(
            !answer.text.contains(&b_code) && !answer.text.contains(&b.bank),
            "{method} {path} leaked B's data: {}",
            answer.text
        );
    }
    // Filters naming B's bank or B's people find nothing.
    for (filter, value) in [("bank", &b.bank), ("assignee", &b.admin)] {
        let found = admin_a.licenses(&[(filter, value)]).await.expect(200);
        assert_eq!(found.licenses.len(), 0, "{filter}={value}");
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
    let p = t.provision(BankSpec::portable(50)).await;
    let artist = person();
    let code = generate(&t, &p, &artist).await;
    let member = t.as_user(&artist);
    let stranger = t.as_user(&format!("{}@elsewhere.example", unique("x")));
    let anonymous = t.anonymous();
    for (method, path, body) in admin_routes(&p.bank, &code, &artist) {
        let answer = member.send(method, &path, body.as_ref()).await;
        assert_eq!(
            (answer.status, answer.error_code()),
            (403, Some("forbidden")),
            "member: {method} {path}"
        );
        let answer = stranger.send(method, &path, body.as_ref()).await;
        assert_eq!(answer.status, 403, "no organisation: {method} {path}");
        let answer = anonymous.send(method, &path, body.as_ref()).await;
        assert_eq!(
            (answer.status, answer.error_code()),
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

#[tokio::test]
async fn inactive_users_cannot_use_the_portal() {
    use elp_adapters::service::{access, Caller};
    use elp_core::{Email, InvitationTerms, Membership, OrgId, Principal, Role, UserStatus};
    let t = TestApp::new().await;
    let account = Principal {
        issuer: "https://id.example".into(),
        subject: "s-1".into(),
    };
    let caller = Caller {
        email: Email::parse("e", "a@b.co").unwrap(),
        principal: account.clone(),
        lang: Default::default(),
        credential: None,
    };
    let terms = InvitationTerms {
        expires: elp_tests::date("2026-04-01"),
        decline_token: "t".into(),
        decline_digest: "d".into(),
    };
    let mut m = Membership::invited(
        caller.email.clone(),
        OrgId::parse("o").unwrap(),
        Role::Admin,
        elp_tests::date("2026-01-01"),
        &terms,
    );
    m.principal = Some(account);
    assert!(
        access::admin(
            &t.app,
            &caller,
            Some(m.clone()),
            access::admission(&t.app, &caller).await.unwrap()
        )
        .await
        .is_ok(),
        "invited people may use the portal"
    );
    m.status = UserStatus::Inactive;
    for result in [
        access::admin(
            &t.app,
            &caller,
            Some(m.clone()),
            access::admission(&t.app, &caller).await.unwrap(),
        )
        .await
        .map(|_| ()),
        access::member(
            &t.app,
            &caller,
            Some(m),
            access::admission(&t.app, &caller).await.unwrap(),
        )
        .await
        .map(|_| ()),
    ] {
        assert!(matches!(result, Err(elp_adapters::Error::Forbidden(_))));
    }
}

#[tokio::test]
async fn the_same_idempotency_key_ten_times_at_once_charges_once() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let request = Generate::multiseat(&p.bank, 3, 2).to(&p.admin).credits(6);
    let admin = t.as_admin(&p).with_idempotency_key(&unique("key-"));
    let answers = futures::future::join_all((0..10).map(|_| admin.generate(&request))).await;
    for answer in &answers {
        assert_eq!(answer.status, 201, "{answer:?}");
        assert_eq!(answer.body, answers[0].body, "the same body every time");
    }
    // And once more, later, in sequence.
    let again = admin.generate(&request).await;
    assert_eq!((again.status, &again.body), (201, &answers[0].body));
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bank.used.get(), 6, "charged once");
    let list = t.as_admin(&p).licenses(&[]).await.expect(200);
    assert_eq!(list.licenses.len(), 1);
    let other = Generate::multiseat(&p.bank, 1, 2).to(&p.admin).credits(2);
    admin
        .generate(&other)
        .await
        .expect_error(422, "idempotency_key_reused");
}

#[tokio::test]
async fn each_endpoint_makes_the_round_trips_of_the_access_pattern_doc() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let code = generate(&t, &p, &p.admin).await;
    let other = format!("{}@studio.example", unique("next-"));
    let generate = json_of(&Generate::node_lock(&p.bank, 1, 1).to(&p.admin).credits(1));
    let cases: Vec<(&str, String, Option<Value>, u64)> = vec![
        (
            "POST",
            "/v1/licenses/quote".into(),
            Some(generate.clone()),
            1,
        ),
        ("POST", "/v1/licenses".into(), Some(generate), 2),
        ("GET", format!("/v1/licenses/{code}"), None, 1),
        ("GET", "/v1/licenses".into(), None, 2),
        ("GET", format!("/v1/banks/{}", p.bank), None, 2),
        ("GET", "/v1/banks".into(), None, 3),
        ("GET", "/v1/dashboard".into(), None, 3),
        // Naming no bank, the quote reads the organisation's banks to propose one, then that one.
        (
            "POST",
            format!("/v1/licenses/{code}/renewals/quote"),
            Some(json_of(&Renew::as_before())),
            3,
        ),
        // Naming the bank (as the portal's confirm does), it is read with the licence.
        (
            "POST",
            format!("/v1/licenses/{code}/renewals/quote"),
            Some(json_of(&Renew::as_before().from_bank(&p.bank))),
            1,
        ),
        (
            "POST",
            format!("/v1/licenses/{code}/renewals"),
            Some(json_of(&Renew::as_before().from_bank(&p.bank).credits(2))),
            2,
        ),
        // The desktop software: a cold function reads the organisation after the licence's
        // partition, a warm one beside it; a validation is one batch, a heartbeat one write.
        (
            "POST",
            "/v1/activation/activate".into(),
            Some(json!({
                "code": code, "fingerprint": "access-machine-01", "product": elp_tests::PRODUCT,
                "hostname": "ws", "platform": "linux",
            })),
            3,
        ),
        (
            "POST",
            "/v1/activation/activate".into(),
            Some(json!({
                "code": code, "fingerprint": "access-machine-01", "product": elp_tests::PRODUCT,
                "hostname": "ws", "platform": "linux",
            })),
            3,
        ),
        (
            "POST",
            "/v1/activation/validate".into(),
            Some(json!({
                "code": code, "fingerprint": "access-machine-01", "product": elp_tests::PRODUCT,
                "seat": 0,
            })),
            1,
        ),
        (
            "POST",
            "/v1/activation/heartbeat".into(),
            Some(json!({ "code": code, "fingerprint": "access-machine-01", "seat": 0 })),
            1,
        ),
        (
            "POST",
            "/v1/activation/release".into(),
            // The licence's partition with its organisation beside it (warm: the policy).
            Some(json!({ "code": code, "fingerprint": "access-machine-01", "seat": 0 })),
            3,
        ),
        // The return, then the Query that finds no seat to tidy (A66).
        ("POST", format!("/v1/licenses/{code}/return"), None, 3),
        (
            "POST",
            format!("/v1/licenses/{code}/assign"),
            Some(json!({ "email": other })),
            2,
        ),
        // The trail (A13, A130-A132): the caller, then one Query while the trail is short;
        // its CSV: the caller, the Query, then the download's own audit event (A134).
        ("GET", "/v1/audit".into(), None, 2),
        (
            "GET",
            format!("/v1/audit?action=license_generated&license={code}&from=2026-03-01"),
            None,
            2,
        ),
        (
            "GET",
            "/v1/audit.csv?action=license_generated".into(),
            None,
            3,
        ),
    ];
    let admin = t.as_admin(&p);
    for (method, path, body, expected) in cases {
        if path.ends_with("/heartbeat") {
            // A seat is written at most every 10 s (decision 133): this one 10 s after its claim.
            t.clock.set(
                t.clock.now()
                    + chrono::Duration::seconds(elp_core::activation::HEARTBEAT_SPACING_SECONDS),
            );
        }
        let before = t.app.store.round_trips();
        let answer = admin.send(method, &path, body.as_ref()).await;
        assert!(answer.status < 300, "{method} {path}: {answer:?}");
        assert_eq!(
            t.app.store.round_trips() - before,
            expected,
            "{method} {path}"
        );
    }
}
