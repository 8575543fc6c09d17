//! Webhooks through the real handlers and the real delivery function, to a real HTTP receiver
//! on a loopback port (`elp_tests::receiver`) that checks each delivery's signature with the
//! endpoint's secret and counts what it gets: deliveries signed, a receiver's error retried
//! later and delivered once, an endpoint failing for a day disabled and its admins mailed, an
//! event the bus delivers twice delivered once, another organisation's endpoint never
//! reached, and what an admin may register.

use chrono::{DateTime, Duration, Utc};
use elp_adapters::clock::Clock;
use elp_core::webhook::Reach;
use elp_core::{AuditAction, OrgId};
use elp_tests::receiver::Receiver;
use elp_tests::{mails_to, ses_endpoint, BankSpec, Provisioned, TestApp};
use serde_json::{json, Value};

/// An organisation with its admin signed in.
async fn studio(t: &TestApp) -> Provisioned {
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    p
}

/// A domain event as the bus hands it to the delivery function (EventBridge's envelope, the
/// agreed detail).
fn bus_event(id: &str, kind: &str, org: &str) -> Value {
    json!({
        "version": "0",
        "id": format!("eb-{id}"),
        "detail-type": kind,
        "source": "elp",
        "account": "123456789012",
        "time": "2026-03-02T09:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": {
            "id": id,
            "type": kind,
            "version": 1,
            "occurred_at": "2026-03-02T09:00:00Z",
            "org": org,
            "actor": { "email": "admin@studio.example" },
            "data": { "code": "7KQM-2PLX", "note": "é \"quoted\"" }
        }
    })
}

/// The schedule's event, as EventBridge sends it.
fn scheduled() -> Value {
    json!({
        "version": "0", "id": "s-1", "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": "2026-03-02T09:00:00Z", "region": "eu-west-1",
        "resources": [], "detail": {}
    })
}

async fn publish(t: &TestApp, event: Value) -> elp_adapters::service::webhooks::Report {
    elp_webhooks::on_event(&t.app, event)
        .await
        .expect("the delivery function runs")
}

async fn retry(t: &TestApp) -> elp_adapters::service::webhooks::Report {
    elp_webhooks::on_event(&t.app, scheduled())
        .await
        .expect("the scheduled run runs")
}

/// An endpoint of `p`'s organisation at `receiver` for `events`: its id and secret.
async fn register(
    t: &TestApp,
    p: &Provisioned,
    receiver: &Receiver,
    events: &[&str],
) -> (String, String) {
    let made = t
        .as_admin(p)
        .create_webhook(&json!({ "url": receiver.url, "events": events }))
        .await
        .expect(201);
    (
        made.webhook.id,
        made.secret.expect("the secret, shown once"),
    )
}

fn now(t: &TestApp) -> DateTime<Utc> {
    t.clock.now()
}

async fn actions(t: &TestApp, org: &str) -> Vec<AuditAction> {
    let trail = t
        .app
        .store
        .list_audit(&OrgId::parse(org).unwrap(), None, 100)
        .await
        .unwrap();
    trail.items.iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn deliveries_are_signed_with_the_endpoint_s_secret_and_carry_the_event() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let receiver = Receiver::start();
    let (id, secret) = register(&t, &p, &receiver, &["licence.generated", "bank.expired"]).await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    t.at("2026-03-02", 5);

    let event = bus_event("ev-1", "licence.generated", &p.org);
    let report = publish(&t, event.clone()).await;
    assert_eq!((report.created, report.delivered), (1, 1), "{report:?}");
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let delivery = &got[0];
    assert_eq!(
        (delivery.method.as_str(), delivery.path.as_str()),
        ("POST", "/hooks/elp")
    );
    assert!(
        delivery.verifies(&secret),
        "the signature verifies: {delivery:?}"
    );
    assert!(
        !delivery.verifies("whsec_another"),
        "and only with its secret"
    );
    assert_eq!(delivery.timestamp(), Some(now(&t).timestamp()));
    assert_eq!(delivery.header("elp-event-id"), Some("ev-1"));
    assert_eq!(delivery.header("elp-event-type"), Some("licence.generated"));
    assert_eq!(delivery.header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_str(&delivery.body).unwrap();
    assert_eq!(body, event["detail"], "the body is the event's detail");
    // A body changed in transit no longer verifies.
    let mut tampered = delivery.clone();
    tampered.body = tampered.body.replace("7KQM", "7KQN");
    assert!(!tampered.verifies(&secret));

    // The admin sees the delivery: its type, status code, latency, attempt, time.
    let log = t
        .as_admin(&p)
        .webhook_deliveries(&id, &[])
        .await
        .expect(200)
        .deliveries;
    assert_eq!(log.len(), 1);
    let d = &log[0];
    assert_eq!(
        (
            d.event_id.as_str(),
            d.event_type.as_str(),
            d.status.as_str(),
            d.status_code,
            d.attempts
        ),
        ("ev-1", "licence.generated", "delivered", Some(200), 1)
    );
    assert!(d.latency_ms.is_some() && d.last_attempt_at.is_some() && d.error.is_none());
    let endpoint = t.as_admin(&p).webhook(&id).await.expect(200);
    assert!(endpoint.last_success.is_some() && endpoint.failing_since.is_none());

    // A type the endpoint does not subscribe to is not delivered.
    let report = publish(&t, bus_event("ev-2", "user.invited", &p.org)).await;
    assert_eq!(report.created, 0);
    assert_eq!(receiver.received().len(), 1);

    // After a rotation, deliveries are signed with the new secret only.
    let rotated = t
        .as_admin(&p)
        .rotate_webhook_secret(&id)
        .await
        .expect(200)
        .secret
        .unwrap();
    assert_ne!(rotated, secret);
    publish(&t, bus_event("ev-3", "bank.expired", &p.org)).await;
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert!(got[1].verifies(&rotated) && !got[1].verifies(&secret));
    let trail = actions(&t, &p.org).await;
    for action in [
        AuditAction::WebhookCreated,
        AuditAction::WebhookSecretRotated,
    ] {
        assert!(trail.contains(&action), "{action:?} in {trail:?}");
    }
}

#[tokio::test]
async fn a_receiver_error_is_retried_later_and_delivered_once() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let receiver = Receiver::start();
    let (id, secret) = register(&t, &p, &receiver, &["licence.renewed"]).await;
    receiver.answer(&[500]);
    t.at("2026-03-02", 0);

    let report = publish(&t, bus_event("ev-9", "licence.renewed", &p.org)).await;
    assert_eq!((report.delivered, report.failed), (0, 1));
    let log = t
        .as_admin(&p)
        .webhook_deliveries(&id, &[])
        .await
        .expect(200);
    let d = &log.deliveries[0];
    assert_eq!(
        (d.status.as_str(), d.status_code, d.attempts),
        ("pending", Some(500), 1)
    );
    assert!(d.next_attempt_at.is_some() && d.error.is_some());
    let failing = t.as_admin(&p).webhook(&id).await.expect(200);
    assert!(failing.failing_since.is_some() && failing.enabled);

    // Not due yet: the schedule's run right away tries nothing.
    assert_eq!(retry(&t).await.delivered + retry(&t).await.failed, 0);
    assert_eq!(receiver.received().len(), 1);

    // Two minutes later (the first retry waits one minute and a little jitter): delivered.
    t.at("2026-03-02", 2);
    let report = retry(&t).await;
    assert_eq!(report.delivered, 1, "{report:?}");
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.verifies(&secret)));
    assert_eq!(got[0].body, got[1].body, "the same bytes each attempt");
    assert_eq!(got[1].header("elp-event-id"), Some("ev-9"));
    assert_eq!(
        got[1].timestamp(),
        Some(now(&t).timestamp()),
        "signed when sent"
    );

    // Delivered once: later runs send nothing more.
    t.at("2026-03-02", 30);
    assert_eq!(retry(&t).await, Default::default());
    assert_eq!(receiver.received().len(), 2);
    let d = &t
        .as_admin(&p)
        .webhook_deliveries(&id, &[])
        .await
        .expect(200)
        .deliveries[0];
    assert_eq!(
        (d.status.as_str(), d.status_code, d.attempts),
        ("delivered", Some(200), 2)
    );
    assert!(d.next_attempt_at.is_none() && d.error.is_none());
    let healthy = t.as_admin(&p).webhook(&id).await.expect(200);
    assert!(healthy.failing_since.is_none() && healthy.last_success.is_some());
}

#[tokio::test]
async fn an_endpoint_failing_for_a_day_is_disabled_and_its_admins_are_mailed() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let receiver = Receiver::start();
    receiver.always(503);
    let (id, _) = register(&t, &p, &receiver, &["bank.granted", "bank.expired"]).await;
    let start = "2026-03-02T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
    t.clock.set(start);
    publish(&t, bus_event("ev-a", "bank.granted", &p.org)).await;

    // Every few minutes for a day, whatever is due is tried again, and fails.
    let mut at = start;
    let mut disabled_at = None;
    while at < start + Duration::hours(26) {
        at += Duration::minutes(10);
        t.clock.set(at);
        let report = retry(&t).await;
        if report.disabled > 0 {
            disabled_at = Some(at);
            break;
        }
        let endpoint = t.as_admin(&p).webhook(&id).await.expect(200);
        assert!(endpoint.enabled, "still enabled at {at}");
    }
    let disabled_at = disabled_at.expect("disabled within 26 hours");
    assert!(
        disabled_at >= start + Duration::hours(24),
        "not before a day: {disabled_at}"
    );
    let attempts = receiver.received().len();
    assert!(attempts > 10, "retried many times: {attempts}");

    let endpoint = t.as_admin(&p).webhook(&id).await.expect(200);
    assert_eq!(
        (endpoint.enabled, endpoint.disabled_reason.as_deref()),
        (false, Some("failing"))
    );
    assert_eq!(actions(&t, &p.org).await[0], AuditAction::WebhookDisabled);
    t.drain().await;
    let mail = mails_to(&p.admin)
        .into_iter()
        .find(|m| m.subject.contains("webhook endpoint"))
        .expect("the admin is mailed");
    assert!(mail.text().contains(&receiver.url), "{}", mail.text());

    // Disabled: neither new events nor the schedule reach it.
    t.clock.set(disabled_at + Duration::hours(2));
    publish(&t, bus_event("ev-b", "bank.expired", &p.org)).await;
    retry(&t).await;
    assert_eq!(receiver.received().len(), attempts);

    // The admin enables it again: the failing run starts afresh, and it receives again.
    receiver.always(200);
    let again = t
        .as_admin(&p)
        .change_webhook(&id, &json!({ "enabled": true }))
        .await
        .expect(200);
    assert!(again.enabled && again.failing_since.is_none() && again.disabled_reason.is_none());
    let report = publish(&t, bus_event("ev-c", "bank.expired", &p.org)).await;
    assert_eq!(report.delivered, 1);
}

#[tokio::test]
async fn an_event_the_bus_delivers_twice_is_delivered_once() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let receiver = Receiver::start();
    let (id, _) = register(&t, &p, &receiver, &["machine.activated"]).await;
    let event = bus_event("ev-twice", "machine.activated", &p.org);
    let (first, second) = tokio::join!(publish(&t, event.clone()), publish(&t, event.clone()));
    assert_eq!(first.created + second.created, 1);
    assert_eq!(first.duplicates + second.duplicates, 1);
    let third = publish(&t, event).await;
    assert_eq!((third.created, third.duplicates), (0, 1));
    assert_eq!(receiver.received().len(), 1);
    let log = t
        .as_admin(&p)
        .webhook_deliveries(&id, &[])
        .await
        .expect(200);
    assert_eq!(log.deliveries.len(), 1);
}

#[tokio::test]
async fn another_organisation_s_endpoint_never_receives_and_is_never_shown() {
    let t = TestApp::new().await;
    let a = studio(&t).await;
    let b = studio(&t).await;
    let (ra, rb) = (Receiver::start(), Receiver::start());
    let (a_id, _) = register(&t, &a, &ra, &["user.invited"]).await;
    let (b_id, _) = register(&t, &b, &rb, &["user.invited"]).await;
    publish(&t, bus_event("ev-a1", "user.invited", &a.org)).await;
    assert_eq!((ra.received().len(), rb.received().len()), (1, 0));

    let b_admin = t.as_admin(&b);
    let listed = b_admin.webhooks().await.expect(200).webhooks;
    assert_eq!(
        listed.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        [b_id.as_str()]
    );
    assert_eq!(b_admin.webhook(&a_id).await.status, 404);
    assert_eq!(b_admin.webhook_deliveries(&a_id, &[]).await.status, 404);
    assert_eq!(
        b_admin
            .change_webhook(&a_id, &json!({ "enabled": false }))
            .await
            .status,
        404
    );
    assert_eq!(b_admin.rotate_webhook_secret(&a_id).await.status, 404);
    assert_eq!(b_admin.delete_webhook(&a_id).await.status, 404);
    // Untouched.
    let still = t.as_admin(&a).webhook(&a_id).await.expect(200);
    assert!(still.enabled);
    // An event naming no organisation that exists, or no organisation at all, reaches nobody.
    publish(&t, bus_event("ev-x", "user.invited", "o_nobody")).await;
    let mut nameless = bus_event("ev-y", "user.invited", &a.org);
    nameless["detail"].as_object_mut().unwrap().remove("org");
    assert_eq!(publish(&t, nameless).await.ignored, 1);
    assert_eq!((ra.received().len(), rb.received().len()), (1, 0));
}

#[tokio::test]
async fn what_an_admin_may_register_and_how_many() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let create = |body: Value| {
        let admin = admin.clone();
        async move { admin.create_webhook(&body).await }
    };
    let events = json!(["licence.generated"]);
    for (url, why) in [
        (
            "http://hooks.studio.example/elp",
            "invalid-webhook-url-https",
        ),
        (
            "https://user:secret@hooks.studio.example/elp",
            "credentials",
        ),
        ("https://10.0.0.7/elp", "private"),
        ("https://169.254.169.254/latest", "link-local"),
        ("https://localhost:8443/elp", "loopback by name"),
        ("not a url", "not a url"),
    ] {
        if url.contains("localhost") {
            // The tests' switch allows loopback; production's refuses it (below).
            continue;
        }
        create(json!({ "url": url, "events": events }))
            .await
            .expect_invalid("url");
        let _ = why;
    }
    create(json!({ "url": "https://hooks.studio.example/elp", "events": [] }))
        .await
        .expect_invalid("events");
    let unknown =
        create(json!({ "url": "https://hooks.studio.example/elp", "events": ["licence.deleted"] }))
            .await
            .expect_invalid("events");
    assert!(
        unknown.message.contains("licence.deleted"),
        "{}",
        unknown.message
    );
    create(json!({ "events": events }))
        .await
        .expect_invalid("url");
    create(json!({ "url": "https://hooks.studio.example/elp", "events": events, "secret": "x" }))
        .await
        .expect_invalid("secret");
    // Members may not.
    let member = format!("member-{}@studio.example", p.org);
    admin
        .send("POST", "/v1/users", Some(&json!({ "email": member })))
        .await;
    t.sign_in(&member).await;
    assert_eq!(
        t.as_user(&member)
            .create_webhook(&json!({ "url": "https://hooks.studio.example/elp", "events": events }))
            .await
            .status,
        403
    );
    assert_eq!(t.as_user(&member).webhooks().await.status, 403);

    // Ten endpoints, and not an eleventh.
    for n in 0..10 {
        create(json!({ "url": format!("https://hooks.studio.example/{n}"), "events": events }))
            .await
            .expect(201);
    }
    let refused = create(json!({ "url": "https://hooks.studio.example/10", "events": events }))
        .await
        .expect_error(409, "conflict");
    assert!(refused.message.contains("10"), "{}", refused.message);
    // Deleting one makes room for one.
    let list = admin.webhooks().await.expect(200);
    assert_eq!((list.webhooks.len(), list.max), (10, 10));
    assert_eq!(list.event_types, elp_core::events::EVENT_TYPES);
    admin.delete_webhook(&list.webhooks[0].id).await.expect(200);
    create(json!({ "url": "https://hooks.studio.example/10", "events": events }))
        .await
        .expect(201);

    // In production (no loopback switch) a receiver on this machine cannot be registered.
    let production =
        TestApp::configured(ses_endpoint(), |c| c.webhooks_reach = Reach::Public).await;
    let q = studio(&production).await;
    production
        .as_admin(&q)
        .create_webhook(&json!({ "url": Receiver::start().url, "events": events }))
        .await
        .expect_invalid("url");
    production
        .as_admin(&q)
        .create_webhook(&json!({ "url": "https://localhost:8443/elp", "events": events }))
        .await
        .expect_invalid("url");
}

#[tokio::test]
async fn the_secret_is_shown_once_and_every_change_is_audited() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let body = json!({
        "url": "https://hooks.studio.example/elp",
        "events": ["licence.assigned", "licence.returned", "licence.assigned"],
        "description": "Render farm"
    });
    let keyed = admin.clone().with_idempotency_key("hook-1");
    let made = keyed.create_webhook(&body).await.expect(201);
    assert!(made.secret.is_some());
    assert_eq!(
        made.webhook.events,
        ["licence.assigned", "licence.returned"]
    );
    // A retry answers the same endpoint, without the secret (shown once), and creates nothing.
    let replay = keyed.create_webhook(&body).await.expect(201);
    assert_eq!(
        (replay.webhook.clone(), replay.secret),
        (made.webhook.clone(), None)
    );
    let id = made.webhook.id.clone();
    let secret = made.secret.unwrap();
    let list = admin.webhooks().await;
    assert_eq!(list.body["webhooks"].as_array().unwrap().len(), 1);
    for answer in [list.text, admin.webhook(&id).await.text] {
        assert!(
            !answer.contains(&secret) && !answer.contains("whsec_"),
            "{answer}"
        );
    }

    let changed = admin
        .change_webhook(
            &id,
            &json!({ "url": "https://hooks2.studio.example/elp", "events": ["bank.expired"], "enabled": false }),
        )
        .await
        .expect(200);
    assert_eq!(
        (
            changed.url.as_str(),
            changed.events.clone(),
            changed.enabled,
            changed.disabled_reason.as_deref()
        ),
        (
            "https://hooks2.studio.example/elp",
            vec!["bank.expired".to_string()],
            false,
            Some("by_admin")
        )
    );
    admin
        .change_webhook(&id, &json!({ "url": "http://hooks2.studio.example/" }))
        .await
        .expect_invalid("url");
    admin
        .change_webhook(&id, &json!({ "events": ["nope"] }))
        .await
        .expect_invalid("events");
    // No field of the change may be null: the contract types none of them so, and a null
    // read as absent would answer 200 for a change never made.
    for field in ["url", "events", "description", "enabled"] {
        admin
            .change_webhook(&id, &json!({ field: null }))
            .await
            .expect_invalid(field);
    }
    assert_eq!(
        admin.change_webhook("w_missing", &json!({})).await.status,
        404
    );
    assert_eq!(admin.webhook("not an id").await.status, 404);
    admin.delete_webhook(&id).await.expect(200);
    assert_eq!(admin.webhook(&id).await.status, 404);
    assert_eq!(admin.delete_webhook(&id).await.status, 404);
    let trail = actions(&t, &p.org).await;
    for action in [
        AuditAction::WebhookCreated,
        AuditAction::WebhookChanged,
        AuditAction::WebhookDeleted,
    ] {
        assert_eq!(
            trail.iter().filter(|a| **a == action).count(),
            1,
            "{action:?} once in {trail:?}"
        );
    }
    // The trail says what changed, in words.
    let trail = admin.send("GET", "/v1/audit", None).await;
    assert!(
        trail.text.contains("hooks2.studio.example"),
        "{}",
        trail.text
    );
}
