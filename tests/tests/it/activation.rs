//! Activation through the real handler (`functions/activation`), against DynamoDB Local: the
//! desktop software activates machines, checks out floating seats, validates, heartbeats,
//! borrows and releases, authenticated by the activation code and the machine's fingerprint
//! alone. Every rule of `elp_core::activation` as the API applies it, and the races: N + 1
//! machines on N computers, a thousand check-outs on ten floating seats, a return racing
//! heartbeats.

use chrono::Duration;
use elp_adapters::clock::Clock;
use elp_adapters::config::LicenceKey;
use elp_tests::Policy;
use elp_tests::{Answer, BankSpec, Client, Generate, Provisioned, Renew, TestApp, PRODUCT};
use elp_verifier::{parse_public_key, verify, Licence, LicenceType, VerifyingKey, Versions};
use futures::StreamExt;
use serde_json::{json, Value};

fn machine(n: usize) -> String {
    format!("machine-fp-{n:08}")
}

/// The desktop software on machine `n`, for the licence `code`.
struct Software<'a> {
    client: Client<'a>,
    code: String,
    fingerprint: String,
}

impl<'a> Software<'a> {
    fn on(t: &'a TestApp, code: &str, n: usize) -> Software<'a> {
        Software {
            client: t.anonymous(),
            code: code.to_string(),
            fingerprint: machine(n),
        }
    }

    async fn activate_with(&self, extra: Value) -> Answer {
        let mut body = json!({
            "code": self.code,
            "fingerprint": self.fingerprint,
            "product": PRODUCT,
            "hostname": "studio-ws",
            "platform": "windows",
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.client
            .send("POST", "/v1/activation/activate", Some(&body))
            .await
    }

    async fn activate(&self) -> Answer {
        self.activate_with(json!({})).await
    }

    async fn validate(&self, seat: u64) -> Answer {
        let body = json!({
            "code": self.code, "fingerprint": self.fingerprint, "product": PRODUCT, "seat": seat,
        });
        self.client
            .send("POST", "/v1/activation/validate", Some(&body))
            .await
    }

    async fn seat_call(&self, what: &str, seat: u64) -> Answer {
        let body = json!({ "code": self.code, "fingerprint": self.fingerprint, "seat": seat });
        self.client
            .send("POST", &format!("/v1/activation/{what}"), Some(&body))
            .await
    }

    async fn heartbeat(&self, seat: u64) -> Answer {
        self.seat_call("heartbeat", seat).await
    }

    async fn release(&self, seat: u64) -> Answer {
        self.seat_call("release", seat).await
    }
}

/// The keys a build of the desktop software would trust: here the published test key the
/// harness signs with (decision 119).
fn trusted() -> Vec<(&'static str, VerifyingKey)> {
    let (kid, _, public) = LicenceKey::PUBLISHED_TEST;
    vec![(kid, parse_public_key(public).unwrap())]
}

/// The answer's licence file, verified as the software verifies it (this machine, now).
fn verified(t: &TestApp, a: &Answer, fingerprint: &str) -> Licence {
    let file = a.body["license_file"]
        .as_str()
        .unwrap_or_else(|| panic!("a licence file: {a:?}"));
    verify(file, &trusted(), fingerprint, t.clock.now()).unwrap_or_else(|e| panic!("{e}: {a:?}"))
}

fn instant(a: &Answer, field: &str) -> chrono::DateTime<chrono::Utc> {
    a.body[field]
        .as_str()
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(v).ok())
        .unwrap_or_else(|| panic!("{field}: {a:?}"))
        .with_timezone(&chrono::Utc)
}

fn seat(a: &Answer) -> u64 {
    a.body["seat"].as_u64().unwrap_or_else(|| panic!("{a:?}"))
}

fn refused(a: &Answer, code: &str) {
    assert_eq!((a.status, a.error_code()), (409, Some(code)), "{a:?}");
}

async fn licence(t: &TestApp, p: &Provisioned, g: Generate) -> String {
    let done = t
        .as_admin(p)
        .generate(&g.to(&elp_tests::person()))
        .await
        .expect(201);
    done.licenses[0].code.clone()
}

async fn world() -> (TestApp, Provisioned) {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(2000)).await;
    (t, p)
}

async fn trail(t: &TestApp, p: &Provisioned) -> Vec<String> {
    let list = t.as_admin(p).audit().await.expect(200);
    list.events.iter().map(|e| e.action.clone()).collect()
}

#[tokio::test]
async fn a_node_lock_activates_one_machine_and_a_released_one_frees_its_seat() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 2, 1).credits(2)).await;
    let first = Software::on(&t, &code, 1);
    let a = first.activate().await;
    assert_eq!(a.status, 201, "{a:?}");
    assert_eq!(
        (a.body["hold"].as_str(), a.body["seats"].as_u64()),
        (Some("machine"), Some(1))
    );
    let file = verified(&t, &a, &first.fingerprint);
    assert_eq!(file.payload.licence_type, LicenceType::NodeLock);
    let again = first.activate().await;
    assert_eq!(
        (again.status, again.body["again"].as_bool()),
        (200, Some(true))
    );
    let second = Software::on(&t, &code, 2);
    refused(&second.activate().await, "no_seat");
    assert_eq!(first.validate(0).await.status, 200);
    refused(&second.validate(0).await, "not_activated");
    assert_eq!(first.heartbeat(0).await.status, 200);
    // One activation in the trail, not two.
    let actions = trail(&t, &p).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "machine_activated").count(),
        1
    );
    assert_eq!(first.release(0).await.status, 200);
    refused(&first.validate(0).await, "not_activated");
    refused(&first.release(0).await, "not_activated");
    assert_eq!(second.activate().await.status, 201);
    assert!(trail(&t, &p)
        .await
        .contains(&"machine_released".to_string()));
}

#[tokio::test]
async fn a_multiseat_licence_activates_its_computers_and_releases_are_limited() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::multiseat(&p.bank, 1, 3).credits(3)).await;
    for n in 0..3 {
        let a = Software::on(&t, &code, n).activate().await;
        assert_eq!((a.status, seat(&a)), (201, n as u64), "{a:?}");
    }
    refused(&Software::on(&t, &code, 9).activate().await, "no_seat");
    // Three releases within 30 days, then the fourth is refused with when it becomes possible.
    for n in 0..3 {
        assert_eq!(
            Software::on(&t, &code, n).release(n as u64).await.status,
            200
        );
        assert_eq!(Software::on(&t, &code, 10 + n).activate().await.status, 201);
    }
    let fourth = Software::on(&t, &code, 10).release(0).await;
    refused(&fourth, "too_many_releases");
    assert_eq!(fourth.body["error"]["details"]["max"], 3);
    // ...in the request's language.
    let fr = Software {
        client: t.anonymous().with_header("accept-language", "fr-FR"),
        code: code.clone(),
        fingerprint: machine(10),
    };
    let said = fr.release(0).await;
    assert!(
        said.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("libérées"),
        "{said:?}"
    );
}

#[tokio::test]
async fn a_floating_lease_runs_out_without_any_job_unless_a_heartbeat_renews_it() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 1, 2).credits(2)).await;
    t.at("2026-03-02", 0);
    let (one, two, three) = (
        Software::on(&t, &code, 1),
        Software::on(&t, &code, 2),
        Software::on(&t, &code, 3),
    );
    let a = one.activate().await;
    assert_eq!((a.status, a.body["hold"].as_str()), (201, Some("lease")));
    assert_eq!(two.activate().await.status, 201);
    refused(&three.activate().await, "no_seat");
    // Ten minutes on, the second machine's heartbeat renews its lease; the first sends none.
    t.at("2026-03-02", 10);
    let beat = two.heartbeat(1).await;
    assert_eq!(beat.status, 200, "{beat:?}");
    assert!(beat.body["until"]
        .as_str()
        .unwrap()
        .starts_with("2026-03-02T09:25"));
    t.at("2026-03-02", 16);
    refused(&one.validate(0).await, "lease_expired");
    refused(&one.heartbeat(0).await, "lease_expired");
    assert_eq!(two.validate(1).await.status, 200);
    // The first machine's seat is free: nothing freed it but the clock.
    let took = three.activate().await;
    assert_eq!((took.status, seat(&took)), (201, 0));
    refused(&one.validate(0).await, "not_activated");
    // A check-in is not a limited release, and is not audited.
    for _ in 0..5 {
        assert_eq!(three.release(0).await.status, 200);
        assert_eq!(three.activate().await.status, 201);
    }
    assert!(!trail(&t, &p).await.iter().any(|a| a.starts_with("machine")));
}

#[tokio::test]
async fn a_borrowed_seat_holds_offline_for_its_days_and_no_longer() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 2, 1).credits(2)).await;
    let node = licence(&t, &p, Generate::node_lock(&p.bank, 1, 1).credits(1)).await;
    let (one, two) = (Software::on(&t, &code, 1), Software::on(&t, &code, 2));
    let too_long = one.activate_with(json!({ "borrow_days": 15 })).await;
    refused(&too_long, "borrow_too_long");
    // `borrow_days` is a number of days or absent, never null (null read as absent would
    // take a lease where the software asked to borrow).
    one.activate_with(json!({ "borrow_days": null }))
        .await
        .expect_invalid("borrow_days");
    let b = one.activate_with(json!({ "borrow_days": 3 })).await;
    assert_eq!(b.status, 201, "{b:?}");
    assert!(b.body["borrowed_until"]
        .as_str()
        .unwrap()
        .starts_with("2026-03-05"));
    t.at("2026-03-04", 0);
    assert_eq!(one.validate(0).await.status, 200, "offline, no heartbeat");
    refused(&two.activate().await, "no_seat");
    t.at("2026-03-05", 30);
    refused(&one.validate(0).await, "lease_expired");
    assert_eq!(two.activate().await.status, 201);
    // Only floating seats are borrowed.
    let wrong = Software::on(&t, &node, 3)
        .activate_with(json!({ "borrow_days": 2 }))
        .await;
    refused(&wrong, "wrong_use");
}

#[tokio::test]
async fn a_licence_works_only_inside_its_terms_and_a_renewal_extends_it() {
    let (t, p) = world().await;
    let later = licence(
        &t,
        &p,
        Generate::node_lock(&p.bank, 1, 1)
            .start("2026-04-01")
            .credits(1),
    )
    .await;
    let early = Software::on(&t, &later, 1).activate().await;
    refused(&early, "not_yet_valid");
    assert_eq!(early.body["error"]["details"]["start"], "2026-04-01");
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 1, 1).credits(1)).await;
    let one = Software::on(&t, &code, 1);
    let a = one.activate().await;
    assert!(a.body["valid_to"]
        .as_str()
        .unwrap()
        .starts_with("2026-04-02"));
    // Renewed for a month: the seat's heartbeat past the old end reads the licence again.
    t.as_admin(&p)
        .renew(&code, &Renew::as_before().credits(1))
        .await
        .expect(200);
    t.at("2026-04-10", 0);
    let beat = one.heartbeat(0).await;
    assert_eq!(beat.status, 200, "{beat:?}");
    assert!(beat.body["until"]
        .as_str()
        .unwrap()
        .starts_with("2026-05-02"));
    assert_eq!(one.validate(0).await.status, 200);
    t.at("2026-05-02", 0);
    refused(&one.validate(0).await, "license_expired");
    refused(&one.heartbeat(0).await, "license_expired");
    refused(
        &Software::on(&t, &code, 2).activate().await,
        "license_expired",
    );
}

#[tokio::test]
async fn a_return_releases_every_machine_of_the_licence() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::multiseat(&p.bank, 1, 2).credits(2)).await;
    let (one, two) = (Software::on(&t, &code, 1), Software::on(&t, &code, 2));
    assert_eq!(one.activate().await.status, 201);
    assert_eq!(two.activate().await.status, 201);
    t.as_admin(&p).return_license(&code).await.expect(200);
    refused(&one.validate(0).await, "not_activated");
    refused(&two.validate(1).await, "not_activated");
    refused(&one.heartbeat(0).await, "not_activated");
    assert!(trail(&t, &p)
        .await
        .contains(&"machines_released".to_string()));
    // The seats are free again, for whichever machines come next.
    assert_eq!(Software::on(&t, &code, 3).activate().await.status, 201);
    assert_eq!(one.activate().await.status, 201);
}

#[tokio::test]
async fn unknown_codes_suspended_organisations_and_other_products_all_look_alike() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 1, 1).credits(1)).await;
    let stranger = elp_adapters::store::new_activation_code()
        .unwrap()
        .to_string();
    let unknown = Software::on(&t, &stranger, 1).activate().await;
    assert_eq!(
        (unknown.status, unknown.error_code()),
        (404, Some("unknown_license"))
    );
    let other = t
        .anonymous()
        .send(
            "POST",
            "/v1/activation/activate",
            Some(&json!({
                "code": code, "fingerprint": machine(1), "product": "storyboard-pro",
                "hostname": "ws", "platform": "linux",
            })),
        )
        .await;
    assert_eq!(other.body, unknown.body);
    let one = Software::on(&t, &code, 1);
    assert_eq!(one.activate().await.status, 201);
    t.as_operator()
        .suspend_org(&p.org, "unpaid invoice")
        .await
        .expect(200);
    assert_eq!(one.activate().await.body, unknown.body);
    assert_eq!(one.validate(0).await.body, unknown.body);
    assert_eq!(one.release(0).await.body, unknown.body);
    // Bad input names its field.
    let bad = Software {
        client: t.anonymous(),
        code: code.clone(),
        fingerprint: "short".into(),
    };
    let a = bad.activate().await;
    assert_eq!((a.status, a.error_field()), (422, Some("fingerprint")));
    let a = Software::on(&t, "not a code", 1).activate().await;
    assert_eq!((a.status, a.error_field()), (422, Some("code")));
    let a = t
        .anonymous()
        .send(
            "POST",
            "/v1/activation/validate",
            Some(&json!({ "code": code })),
        )
        .await;
    assert_eq!(a.status, 422, "{a:?}");
}

#[tokio::test]
async fn activation_requests_are_rate_limited_per_source() {
    let t = TestApp::configured(elp_tests::ses_endpoint(), |c| {
        c.limits.activation_source_per_minute = 3;
    })
    .await;
    let p = t.provision(BankSpec::portable(100)).await;
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 1, 1).credits(1)).await;
    let one = Software::on(&t, &code, 1);
    for _ in 0..3 {
        assert!(one.validate(0).await.status < 429);
    }
    let limited = one.validate(0).await;
    assert_eq!(
        (limited.status, limited.error_code()),
        (429, Some("rate_limited"))
    );
    assert!(limited.header("retry-after").is_some());
}

#[tokio::test]
async fn a_heartbeat_is_one_write_with_the_limits_on_and_a_seat_is_written_once_every_ten_seconds()
{
    let t = TestApp::configured(elp_tests::ses_endpoint(), |c| {
        c.limits.activation_code_per_minute = 5;
        c.limits.activation_source_per_minute = 300;
    })
    .await;
    let p = t.provision(BankSpec::portable(100)).await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 1, 2).credits(2)).await;
    let one = Software::on(&t, &code, 1);
    let a = one.activate().await;
    assert_eq!(a.status, 201, "{a:?}");
    let parsed = elp_core::ActivationCode::parse("code", &code).unwrap();
    async fn seat_rev(t: &TestApp, code: &elp_core::ActivationCode) -> u64 {
        let read = t.app.store.read_activation(code).await.unwrap();
        read.seat(0).unwrap().rev
    }

    // A heartbeat ten seconds on: the seat's one conditional write, no counter written.
    t.clock.set(t.clock.now() + Duration::seconds(10));
    let before = (seat_rev(&t, &parsed).await, t.app.store.round_trips());
    let beat = one.heartbeat(0).await;
    assert_eq!(beat.status, 200, "{beat:?}");
    assert_eq!(
        t.app.store.round_trips() - before.1,
        1,
        "one write, nothing else"
    );
    assert_eq!(seat_rev(&t, &parsed).await, before.0 + 1);
    let lease = instant(&beat, "lease_until");
    assert_eq!(lease, t.clock.now() + Duration::minutes(15));

    // Again a second later, in a loop: answered from the seat as it is, never written again
    // (the lease already runs to within a second of what the write would give), and these
    // beats, which read, count against the code's limit (5 a minute: the activation and these
    // four).
    t.clock.set(t.clock.now() + Duration::seconds(1));
    let before = seat_rev(&t, &parsed).await;
    for _ in 0..4 {
        let again = one.heartbeat(0).await;
        assert_eq!(again.status, 200, "{again:?}");
        assert_eq!(instant(&again, "lease_until"), lease);
    }
    assert_eq!(
        seat_rev(&t, &parsed).await,
        before,
        "no write within ten seconds"
    );
    let limited = one.heartbeat(0).await;
    assert_eq!(limited.error_code(), Some("rate_limited"), "{limited:?}");

    // Ten seconds after the last write, the next beat writes again, in one request.
    t.clock.set(t.clock.now() + Duration::seconds(9));
    let trips = t.app.store.round_trips();
    assert_eq!(one.heartbeat(0).await.status, 200);
    assert_eq!(t.app.store.round_trips() - trips, 1);
    assert_eq!(seat_rev(&t, &parsed).await, before + 1);

    // An unknown code's heartbeat writes nothing and is limited like any other guess.
    let unknown = elp_adapters::store::new_activation_code()
        .unwrap()
        .to_string();
    let guess = Software::on(&t, &unknown, 2);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(guess.heartbeat(0).await.status);
    }
    assert_eq!(statuses, vec![404, 404, 404, 404, 404, 429]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn n_plus_one_machines_activating_n_computers_at_once_leave_exactly_one_refused() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::multiseat(&p.bank, 1, 5).credits(5)).await;
    let answers: Vec<Answer> = futures::future::join_all((0..6).map(|n| {
        let (t, code) = (&t, code.clone());
        async move { Software::on(t, &code, n).activate().await }
    }))
    .await;
    let won: Vec<u64> = answers
        .iter()
        .filter(|a| a.status == 201)
        .map(seat)
        .collect();
    assert_eq!(won.len(), 5, "{answers:?}");
    let mut seats = won.clone();
    seats.sort();
    assert_eq!(seats, vec![0, 1, 2, 3, 4]);
    let lost: Vec<&Answer> = answers.iter().filter(|a| a.status != 201).collect();
    assert_eq!(lost.len(), 1);
    refused(lost[0], "no_seat");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_check_outs_on_ten_floating_seats_never_hold_more_than_ten() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 1, 10).credits(10)).await;
    let answers: Vec<Answer> = futures::stream::iter(0..1000)
        .map(|n| {
            let (t, code) = (&t, code.clone());
            async move { Software::on(t, &code, n).activate().await }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let held: Vec<&Answer> = answers.iter().filter(|a| a.status == 201).collect();
    assert_eq!(held.len(), 10);
    let mut seats: Vec<u64> = held.iter().map(|a| seat(a)).collect();
    seats.sort();
    seats.dedup();
    assert_eq!(seats.len(), 10, "ten different seats");
    for a in answers.iter().filter(|a| a.status != 201) {
        refused(a, "no_seat");
    }
    // And the table agrees: ten leases, each validating for its own machine.
    let code_parsed = elp_core::ActivationCode::parse("code", &code).unwrap();
    let read = t.app.store.read_activation(&code_parsed).await.unwrap();
    assert_eq!(read.seats.len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_return_racing_heartbeats_leaves_no_machine_active() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 1, 4).credits(4)).await;
    for n in 0..4 {
        assert_eq!(Software::on(&t, &code, n).activate().await.status, 201);
    }
    t.clock.set(t.clock.now() + Duration::minutes(1));
    let beats = futures::future::join_all((0..4).flat_map(|n| {
        let t = &t;
        let code = code.clone();
        (0..3).map(move |_| {
            let code = code.clone();
            async move { Software::on(t, &code, n).heartbeat(n as u64).await.status }
        })
    }));
    let admin = t.as_admin(&p);
    let ret = admin.return_license(&code);
    let (statuses, returned) = tokio::join!(beats, ret);
    assert_eq!(returned.status, 200, "{returned:?}");
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    for n in 0..4 {
        refused(
            &Software::on(&t, &code, n).validate(n as u64).await,
            "not_activated",
        );
    }
    // Every seat is free: four new machines take them.
    for n in 10..14 {
        assert_eq!(Software::on(&t, &code, n).activate().await.status, 201);
    }
}

#[tokio::test]
async fn the_answers_licence_file_verifies_with_the_public_key_and_is_bound_to_the_machine() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::multiseat(&p.bank, 6, 3).credits(18)).await;
    t.at(elp_tests::TODAY, 30);
    let one = Software::on(&t, &code, 1);
    let a = one.activate().await;
    assert_eq!(a.status, 201, "{a:?}");
    let file = verified(&t, &a, &one.fingerprint);
    let payload = &file.payload;
    assert_eq!(file.kid, "test-1");
    assert_eq!(
        (payload.code.as_str(), payload.product.as_str()),
        (code.as_str(), PRODUCT)
    );
    assert_eq!(payload.fingerprint, one.fingerprint);
    assert_eq!(
        (payload.licence_type, payload.seats),
        (LicenceType::Multiseat, 3)
    );
    // A machine's file is the licence's window: its start day to its end, as the seat knows it.
    assert_eq!(
        payload.valid_from,
        chrono::NaiveDate::parse_from_str(elp_tests::TODAY, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
    );
    assert_eq!(payload.valid_to, instant(&a, "valid_to"));
    assert_eq!(payload.issued_at, t.clock.now());
    assert_eq!(
        payload.versions,
        Versions::Every,
        "no policy: every version"
    );
    let text = a.body["license_file"].as_str().unwrap();
    // Bound to the machine: another's fingerprint is refused, and so is any byte changed.
    let other = verify(text, &trusted(), &machine(2), t.clock.now()).unwrap_err();
    assert_eq!(other.code(), "other_machine");
    let mut tampered = text.as_bytes().to_vec();
    let middle = tampered.len() / 3;
    tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
    assert!(verify(&tampered, &trusted(), &one.fingerprint, t.clock.now()).is_err());
    // Past the licence's end it is expired, offline.
    let after = payload.valid_to;
    assert_eq!(
        verify(text, &trusted(), &one.fingerprint, after)
            .unwrap_err()
            .code(),
        "expired"
    );
    // Validation gives a fresh file (issued now); a heartbeat's one write signs none.
    t.at(elp_tests::TODAY, 45);
    let v = one.validate(seat(&a)).await;
    assert_eq!(v.status, 200, "{v:?}");
    let again = verified(&t, &v, &one.fingerprint);
    assert_eq!(again.payload.issued_at, t.clock.now());
    assert_eq!(again.payload.valid_to, payload.valid_to);
    let beat = one.heartbeat(seat(&a)).await;
    assert_eq!(
        (beat.status, &beat.body["license_file"]),
        (200, &Value::Null)
    );
}

#[tokio::test]
async fn the_file_carries_the_organisations_version_policy() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 6, 1).credits(6)).await;
    let admin = t.as_admin(&p);
    admin
        .set_product_versions(PRODUCT, &Policy::only(&["25.1", "24"]))
        .await
        .expect(200);
    let one = Software::on(&t, &code, 1);
    // A cold function reads the policy with the organisation, after the licence...
    let a = one.activate().await;
    assert_eq!(
        verified(&t, &a, &one.fingerprint).payload.versions,
        Versions::only(["24", "25.1"])
    );
    // ...a warm one in the validation's one batch; a change of policy is in the next file.
    admin
        .set_product_versions(PRODUCT, &Policy::only(&[]))
        .await
        .expect(200);
    let v = one.validate(0).await;
    let none = verified(&t, &v, &one.fingerprint).payload.versions;
    assert_eq!(none, Versions::only(Vec::<String>::new()));
    assert!(!none.allows("25.1"), "restricted to nothing allows nothing");
    admin
        .set_product_versions(PRODUCT, &Policy::unrestricted())
        .await
        .expect(200);
    let v = one.validate(0).await;
    assert_eq!(
        verified(&t, &v, &one.fingerprint).payload.versions,
        Versions::Every
    );
}

#[tokio::test]
async fn a_floating_seats_file_lasts_as_long_as_its_lease_or_its_borrowing() {
    let (t, p) = world().await;
    let code = licence(&t, &p, Generate::floating(&p.bank, 2, 2).credits(4)).await;
    t.at(elp_tests::TODAY, 5);
    let one = Software::on(&t, &code, 1);
    let a = one.activate().await;
    assert_eq!(a.status, 201, "{a:?}");
    let lease = verified(&t, &a, &one.fingerprint).payload;
    assert_eq!(
        (lease.licence_type, lease.seats),
        (LicenceType::Floating, 2)
    );
    assert_eq!(
        (lease.valid_from, lease.valid_to),
        (t.clock.now(), instant(&a, "lease_until"))
    );
    let two = Software::on(&t, &code, 2);
    let b = two.activate_with(json!({ "borrow_days": 3 })).await;
    assert_eq!(b.status, 201, "{b:?}");
    let borrowed = verified(&t, &b, &two.fingerprint).payload;
    assert_eq!(borrowed.valid_to, instant(&b, "borrowed_until"));
    // Offline two days on, the borrowed file still verifies; the lease's has expired.
    let later = t.clock.now() + Duration::days(2);
    let text = |x: &Answer| x.body["license_file"].as_str().unwrap().to_string();
    assert!(verify(text(&b), &trusted(), &two.fingerprint, later).is_ok());
    assert_eq!(
        verify(text(&a), &trusted(), &one.fingerprint, later)
            .unwrap_err()
            .code(),
        "expired"
    );
}

#[tokio::test]
async fn the_signing_key_is_read_from_its_secret_in_secrets_manager_and_signs_the_files() {
    use base64::Engine;
    use elp_adapters::aws_sdk_secretsmanager as secrets;
    // A fresh key, kept as docs/DEPLOY.md says: a secret {"kid", "seed"} in Secrets Manager
    // (here moto's), read with the same call the activation function makes at cold start.
    let mut seed = [0u8; 32];
    seed.iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = (i as u8).wrapping_mul(37).wrapping_add(11));
    let seed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed);
    let kid = format!("rotated-{}", elp_tests::unique(""));
    let t = TestApp::new().await;
    let sdk = elp_adapters::sdk::sdk_config(&t.app.config, Some(elp_tests::moto_endpoint()));
    let client = secrets::Client::new(&sdk);
    let arn = client
        .create_secret()
        .name(format!("elp/licence-signing/{kid}"))
        .secret_string(format!(r#"{{"kid": "{kid}", "seed": "{seed}"}}"#))
        .send()
        .await
        .expect("moto creates the secret")
        .arn
        .expect("an ARN");
    let key = elp_adapters::sdk::licence_key_from_secret(
        &t.app.config,
        Some(elp_tests::moto_endpoint()),
        &arn,
    )
    .await
    .expect("the key from its secret");
    assert_eq!(key.kid, kid);
    let public = key.public_text();
    assert_ne!(public, LicenceKey::PUBLISHED_TEST.2);

    // The activation answers a file signed with it: verified with its public half only.
    let mut t = t;
    t.app.licence_key = Some(std::sync::Arc::new(key));
    let p = t.provision(BankSpec::portable(10)).await;
    let code = licence(&t, &p, Generate::node_lock(&p.bank, 1, 1).credits(1)).await;
    let a = Software::on(&t, &code, 1).activate().await;
    assert_eq!(a.status, 201, "{a:?}");
    let file = a.body["license_file"].as_str().expect("a licence file");
    let rotated = vec![(kid.as_str(), parse_public_key(&public).unwrap())];
    let licence =
        verify(file, &rotated, &machine(1), t.clock.now()).expect("signed by the new key");
    assert_eq!(licence.payload.code, code);
    assert!(
        verify(file, &trusted(), &machine(1), t.clock.now()).is_err(),
        "not the test key's"
    );

    // A secret that is not the key's form, or no secret at all: the cold start fails, saying why.
    let bad = client
        .create_secret()
        .name(format!("elp/not-a-key/{kid}"))
        .secret_string(r#"{"kid": "x"}"#)
        .send()
        .await
        .unwrap()
        .arn
        .unwrap();
    let refused = elp_adapters::sdk::licence_key_from_secret(
        &t.app.config,
        Some(elp_tests::moto_endpoint()),
        &bad,
    )
    .await
    .unwrap_err();
    assert!(refused.to_string().contains("kid"), "{refused}");
    let missing = elp_adapters::sdk::licence_key_from_secret(
        &t.app.config,
        Some(elp_tests::moto_endpoint()),
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:elp/none-AbCdEf",
    )
    .await
    .unwrap_err();
    assert!(
        missing.to_string().contains("reading the secret"),
        "{missing}"
    );
}
