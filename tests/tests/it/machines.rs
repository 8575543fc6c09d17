//! Machines in the portal, through the real handlers against DynamoDB Local: an admin reads the
//! machines the desktop software activated on a licence; the licence's holder reads them too
//! and releases a lost one (whose next validation fails); releases from the portal and from the
//! software count against the same limit; another organisation's licence is not found; the
//! operator's activation policy changes the limit (decisions 126-130).

use elp_tests::{Answer, BankSpec, Client, Generate, Provisioned, TestApp, PRODUCT};
use serde_json::{json, Value};

fn fingerprint(n: usize) -> String {
    format!("portal-machine-{n:06}")
}

/// The desktop software on machine `n`.
async fn software(t: &TestApp, code: &str, n: usize, call: &str, seat: Option<u64>) -> Answer {
    let mut body = json!({ "code": code, "fingerprint": fingerprint(n) });
    match call {
        "activate" => {
            body["product"] = json!(PRODUCT);
            body["hostname"] = json!(format!("ws-{n}"));
            body["platform"] = json!("windows");
        }
        "validate" => {
            body["product"] = json!(PRODUCT);
            body["seat"] = json!(seat.unwrap());
        }
        _ => body["seat"] = json!(seat.unwrap()),
    }
    t.anonymous()
        .send("POST", &format!("/v1/activation/{call}"), Some(&body))
        .await
}

/// A multiseat licence of `computers` assigned to a new member: (code, member).
async fn licence(t: &TestApp, p: &Provisioned, computers: i64) -> (String, String) {
    let member = elp_tests::person();
    let done = t
        .as_admin(p)
        .generate(
            &Generate::multiseat(&p.bank, 1, computers)
                .credits(computers)
                .to(&member),
        )
        .await
        .expect(201);
    (done.licenses[0].code.clone(), member)
}

async fn get(client: &Client<'_>, path: &str) -> Answer {
    client.send("GET", path, None).await
}

async fn post(client: &Client<'_>, path: &str) -> Answer {
    client.send("POST", path, None).await
}

fn hostnames(a: &Answer) -> Vec<String> {
    a.body["machines"]
        .as_array()
        .unwrap_or_else(|| panic!("{a:?}"))
        .iter()
        .map(|m| m["hostname"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn an_admin_sees_the_machines_the_software_activated() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, member) = licence(&t, &p, 3).await;
    for n in 0..2 {
        assert_eq!(software(&t, &code, n, "activate", None).await.status, 201);
    }
    let admin = t.as_admin(&p);
    let seen = get(&admin, &format!("/v1/licenses/{code}/machines")).await;
    assert_eq!(seen.status, 200, "{seen:?}");
    assert_eq!(hostnames(&seen), ["ws-0", "ws-1"]);
    let first = &seen.body["machines"][0];
    assert_eq!(
        (
            first["platform"].as_str(),
            first["kind"].as_str(),
            first["seat"].as_u64()
        ),
        (Some("windows"), Some("machine"), Some(0))
    );
    assert!(first["first_seen"].is_string() && first["last_seen"].is_string());
    assert_eq!(
        (
            seen.body["seats"].as_u64(),
            seen.body["in_use"].as_u64(),
            seen.body["leases_in_use"].as_u64()
        ),
        (Some(3), Some(2), Some(0))
    );
    assert_eq!(
        seen.body["releases"],
        json!({ "max": 3, "days": 30, "left": 3 })
    );
    // A member may not use the admin's route; the holder reads the same machines on theirs.
    let holder = t.as_user(&member);
    assert_eq!(
        get(&holder, &format!("/v1/licenses/{code}/machines"))
            .await
            .status,
        403
    );
    let mine = get(&holder, &format!("/v1/me/licenses/{code}/machines")).await;
    assert_eq!(mine.status, 200, "{mine:?}");
    assert_eq!(hostnames(&mine), ["ws-0", "ws-1"]);
    // The admin holds no licence of it: their own route does not find it.
    assert_eq!(
        get(&admin, &format!("/v1/me/licenses/{code}/machines"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_member_releases_their_lost_machine_and_its_next_validation_fails() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, member) = licence(&t, &p, 1).await;
    let a = software(&t, &code, 7, "activate", None).await;
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(
        software(&t, &code, 8, "activate", None).await.error_code(),
        Some("no_seat")
    );
    let holder = t.as_user(&member);
    let released = post(
        &holder,
        &format!("/v1/me/licenses/{code}/machines/0/release"),
    )
    .await;
    assert_eq!(released.status, 200, "{released:?}");
    assert_eq!(released.body["released"], 0);
    assert_eq!(released.body["in_use"], 0);
    assert_eq!(released.body["releases"]["left"], 2);
    let lost = software(&t, &code, 7, "validate", Some(0)).await;
    assert_eq!(
        (lost.status, lost.error_code()),
        (409, Some("not_activated")),
        "{lost:?}"
    );
    // The seat is free for the replacement; the licence itself is untouched.
    assert_eq!(software(&t, &code, 8, "activate", None).await.status, 201);
    let license = t.as_admin(&p).license(&code).await.expect(200);
    assert_eq!(license.assignee.as_deref(), Some(member.as_str()));
    // Audited under the holder's address.
    let trail = t.as_admin(&p).audit().await.expect(200);
    assert!(
        trail
            .events
            .iter()
            .any(|e| e.action == "machine_released" && e.actor == member),
        "{:?}",
        trail.events
    );
    // A seat that holds nothing is not found.
    assert_eq!(
        post(
            &holder,
            &format!("/v1/me/licenses/{code}/machines/5/release")
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn the_limit_holds_across_portal_and_software_releases() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, member) = licence(&t, &p, 2).await;
    for n in 0..2 {
        assert_eq!(software(&t, &code, n, "activate", None).await.status, 201);
    }
    let admin = t.as_admin(&p);
    let holder = t.as_user(&member);
    // One by the software, one by the admin, one by the holder: three of three.
    assert_eq!(software(&t, &code, 0, "release", Some(0)).await.status, 200);
    assert_eq!(software(&t, &code, 2, "activate", None).await.status, 201);
    let by_admin = post(&admin, &format!("/v1/licenses/{code}/machines/1/release")).await;
    assert_eq!(by_admin.status, 200, "{by_admin:?}");
    assert_eq!(software(&t, &code, 3, "activate", None).await.status, 201);
    let by_holder = post(
        &holder,
        &format!("/v1/me/licenses/{code}/machines/0/release"),
    )
    .await;
    assert_eq!(by_holder.status, 200, "{by_holder:?}");
    assert_eq!(by_holder.body["releases"]["left"], 0);
    // The fourth, from the portal, is refused with the stable code, in the reader's language.
    let fourth = post(&admin, &format!("/v1/licenses/{code}/machines/1/release")).await;
    assert_eq!(
        (fourth.status, fourth.error_code()),
        (409, Some("too_many_releases")),
        "{fourth:?}"
    );
    assert_eq!(fourth.body["error"]["details"]["max"], 3);
    let french = admin.clone().with_header("accept-language", "fr");
    let said = post(&french, &format!("/v1/licenses/{code}/machines/1/release")).await;
    let message = said.body["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("libérées"), "{message}");
    // ...and the software's own release too.
    assert_eq!(
        software(&t, &code, 3, "release", Some(1))
            .await
            .error_code(),
        Some("too_many_releases")
    );
    // The machine is still there.
    let seen = get(&admin, &format!("/v1/licenses/{code}/machines")).await;
    assert_eq!(seen.body["in_use"], 1);
}

#[tokio::test]
async fn another_organisations_licence_is_not_found() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let q = t.provision(BankSpec::portable(100)).await;
    let (code, _) = licence(&t, &p, 1).await;
    assert_eq!(software(&t, &code, 1, "activate", None).await.status, 201);
    let other = t.as_admin(&q);
    for answer in [
        get(&other, &format!("/v1/licenses/{code}/machines")).await,
        post(&other, &format!("/v1/licenses/{code}/machines/0/release")).await,
        get(&other, &format!("/v1/me/licenses/{code}/machines")).await,
        post(
            &other,
            &format!("/v1/me/licenses/{code}/machines/0/release"),
        )
        .await,
    ] {
        assert_eq!(answer.status, 404, "{answer:?}");
        assert!(!answer.text.contains("ws-1"), "{answer:?}");
    }
    // Still activated.
    assert_eq!(
        software(&t, &code, 1, "validate", Some(0)).await.status,
        200
    );
}

fn policy(max_releases: i64) -> Value {
    json!({
        "max_releases": max_releases, "release_days": 7, "lease_minutes": 20, "max_borrow_days": 3
    })
}

#[tokio::test]
async fn the_operators_policy_changes_the_limit() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, member) = licence(&t, &p, 1).await;
    let op = t.as_operator();
    let path = format!("/v1/operator/orgs/{}/activation-policy", p.org);
    // Validated field by field; an unknown organisation is not found.
    let bad = op
        .send(
            "PUT",
            &path,
            Some(&json!({
                "max_releases": 1, "release_days": 0, "lease_minutes": 20, "max_borrow_days": 3
            })),
        )
        .await;
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(
        op.send(
            "PUT",
            "/v1/operator/orgs/o_nowhere/activation-policy",
            Some(&policy(1))
        )
        .await
        .status,
        404
    );
    // Admins may not set it.
    assert_eq!(
        t.as_admin(&p)
            .send("PUT", &path, Some(&policy(9)))
            .await
            .status,
        403
    );
    let set = op.send("PUT", &path, Some(&policy(1))).await;
    assert_eq!(set.status, 200, "{set:?}");
    assert_eq!(set.body["activation"]["max_releases"], 1);
    // The console shows it; the trail records it.
    let org = op
        .send("GET", &format!("/v1/operator/orgs/{}", p.org), None)
        .await;
    assert_eq!(org.status, 200, "{org:?}");
    let shown = if org.body["org"].is_object() {
        org.body["org"].clone()
    } else {
        org.body.clone()
    };
    assert_eq!(shown["activation"]["max_releases"], 1, "{org:?}");
    assert_eq!(shown["activation_set"], true);
    let trail = t.as_admin(&p).audit().await.expect(200);
    assert!(trail
        .events
        .iter()
        .any(|e| e.action == "activation_policy_changed"));
    // One release in 7 days now, whoever makes it.
    assert_eq!(software(&t, &code, 1, "activate", None).await.status, 201);
    let holder = t.as_user(&member);
    let seen = get(&holder, &format!("/v1/me/licenses/{code}/machines")).await;
    assert_eq!(
        seen.body["releases"],
        json!({ "max": 1, "days": 7, "left": 1 })
    );
    let release = format!("/v1/me/licenses/{code}/machines/0/release");
    assert_eq!(post(&holder, &release).await.status, 200);
    assert_eq!(software(&t, &code, 2, "activate", None).await.status, 201);
    let second = post(&holder, &release).await;
    assert_eq!(second.error_code(), Some("too_many_releases"), "{second:?}");
    assert_eq!(second.body["error"]["details"]["days"], 7);
    assert_eq!(
        software(&t, &code, 2, "release", Some(0))
            .await
            .error_code(),
        Some("too_many_releases")
    );
}

#[tokio::test]
async fn the_operators_lease_minutes_are_what_a_check_out_and_a_heartbeat_give() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let done = t
        .as_admin(&p)
        .generate(
            &Generate::floating(&p.bank, 1, 2)
                .credits(2)
                .to(&elp_tests::person()),
        )
        .await
        .expect(201);
    let code = done.licenses[0].code.clone();
    let set = t
        .as_operator()
        .send(
            "PUT",
            &format!("/v1/operator/orgs/{}/activation-policy", p.org),
            Some(&json!({
                "max_releases": 3, "release_days": 30, "lease_minutes": 90, "max_borrow_days": 2
            })),
        )
        .await;
    assert_eq!(set.status, 200, "{set:?}");
    // Minutes from the moment the seat was last seen (the test's clock) to its lease's end.
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let admin = t.as_admin(&p);
    let machines = format!("/v1/licenses/{code}/machines");
    let lease_minutes = |seen: &Answer| {
        let seat = &seen.body["machines"][0];
        (at(&seat["lease_until"]) - at(&seat["last_seen"])).num_minutes()
    };
    let out = software(&t, &code, 1, "activate", None).await;
    assert_eq!(out.status, 201, "{out:?}");
    assert_eq!(lease_minutes(&get(&admin, &machines).await), 90);
    let beat = software(&t, &code, 1, "heartbeat", Some(0)).await;
    assert_eq!(beat.status, 200, "{beat:?}");
    assert_eq!(lease_minutes(&get(&admin, &machines).await), 90);
    // Borrowing is held to the operator's longest.
    let mut body = json!({
        "code": code, "fingerprint": fingerprint(2), "product": PRODUCT,
        "hostname": "laptop", "platform": "macos", "borrow_days": 3,
    });
    let refused = t
        .anonymous()
        .send("POST", "/v1/activation/activate", Some(&body))
        .await;
    assert_eq!(refused.error_code(), Some("borrow_too_long"), "{refused:?}");
    body["borrow_days"] = json!(2);
    let borrowed = t
        .anonymous()
        .send("POST", "/v1/activation/activate", Some(&body))
        .await;
    assert_eq!(borrowed.status, 201, "{borrowed:?}");
    // The admin sees both floating seats in use, one borrowed.
    let seen = get(&admin, &machines).await;
    assert_eq!(
        (
            seen.body["in_use"].as_u64(),
            seen.body["leases_in_use"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert!(
        seen.body["machines"][1]["borrowed_until"].is_string(),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_release_naming_its_machine_never_frees_the_one_that_took_the_seat_since() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, _) = licence(&t, &p, 1).await;
    assert_eq!(software(&t, &code, 1, "activate", None).await.status, 201);
    let admin = t.as_admin(&p);
    let seen = get(&admin, &format!("/v1/licenses/{code}/machines")).await;
    let lost = seen.body["machines"][0]["machine"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!lost.contains("portal-machine"), "never the fingerprint");
    // The software releases it and another machine takes the seat.
    assert_eq!(software(&t, &code, 1, "release", Some(0)).await.status, 200);
    assert_eq!(software(&t, &code, 2, "activate", None).await.status, 201);
    let stale = post(
        &admin,
        &format!("/v1/licenses/{code}/machines/0/release?machine={lost}"),
    )
    .await;
    assert_eq!(stale.status, 404, "{stale:?}");
    assert_eq!(
        software(&t, &code, 2, "validate", Some(0)).await.status,
        200
    );
}

#[tokio::test]
async fn a_retried_portal_release_answers_what_it_did_and_counts_once() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let (code, member) = licence(&t, &p, 2).await;
    for n in 0..2 {
        let a = software(&t, &code, n, "activate", None).await;
        assert_eq!(a.status, 201, "{a:?}");
    }
    let holder = t.as_user(&member).with_idempotency_key("release-once-1");
    let path = format!("/v1/me/licenses/{code}/machines/0/release");
    let first = post(&holder, &path).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(first.body["releases"]["left"], 2);
    assert_eq!(first.body["in_use"], 1);
    // The answer was lost: the same key answers the same, and nothing more is released.
    let again = post(&holder, &path).await;
    assert_eq!((again.status, &again.body), (200, &first.body));
    let trail = t.as_admin(&p).audit().await.expect(200);
    let releases = trail
        .events
        .iter()
        .filter(|e| e.action == "machine_released")
        .count();
    assert_eq!(releases, 1, "{:?}", trail.events);
    let now = get(
        &t.as_user(&member),
        &format!("/v1/me/licenses/{code}/machines"),
    )
    .await;
    assert_eq!(now.body["releases"]["left"], 2);
    assert_eq!(hostnames(&now), ["ws-1"]);
    // The key is the holder's own: the admin's release with it is a release of its own.
    let admin = t.as_admin(&p).with_idempotency_key("release-once-1");
    let by_admin = post(&admin, &format!("/v1/licenses/{code}/machines/1/release")).await;
    assert_eq!(by_admin.status, 200, "{by_admin:?}");
    assert_eq!(by_admin.body["releases"]["left"], 1);
    // Without a key, a second release of a freed seat is not found, as before.
    let gone = post(&t.as_user(&member), &path).await;
    assert_eq!(gone.status, 404, "{gone:?}");
}
