//! What organisations share stays healthy whatever one of them does: the vendor's mail (a
//! cooldown per address, a daily budget per organisation), its outbox (served in turn, failing
//! mail backing off and then dead, exports in their own lane and only to a current admin), and
//! its API (a rate per organisation and per caller).

use std::time::Duration;

use elp_adapters::service::outbox::deliver_pending;
use elp_tests::faults::PoisonedRecipient;
use elp_tests::{mails_to, person, ses_endpoint, BankSpec, TestApp};
use futures::StreamExt;

#[tokio::test]
async fn twenty_quick_reinvitations_send_one_mail_and_say_why() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let outsider = person();
    admin.invite(&outsider, "member").await.expect(201);
    for _ in 0..19 {
        let answer = admin.invite(&outsider, "member").await;
        assert_eq!(
            answer.header("retry-after").as_deref(),
            Some("600"),
            "{answer:?}"
        );
        let refused = answer.expect_error(429, "mail_cooldown");
        assert!(refused.message.contains(&outsider), "{}", refused.message);
    }
    t.drain().await;
    assert_eq!(mails_to(&outsider).len(), 1);
}

#[tokio::test]
async fn an_organisation_past_its_budget_does_not_delay_another() {
    let t = TestApp::configured(ses_endpoint(), |c| c.limits.mail_budget = 5).await;
    let flood = t.provision(BankSpec::portable(10)).await;
    let quiet = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&flood.admin).await;
    t.sign_in(&quiet.admin).await;
    t.drain().await;
    // The flooding organisation invites twelve people; then the quiet one invites one.
    let invitees: Vec<String> = (0..12).map(|_| person()).collect();
    for who in &invitees {
        t.as_admin(&flood).invite(who, "member").await.expect(201);
    }
    let newcomer = person();
    t.as_admin(&quiet)
        .invite(&newcomer, "member")
        .await
        .expect(201);
    // One outbox run: the quiet organisation's mail goes out; the flood stops at its budget
    // (5 a day, one of them its admin's own invitation this morning). A run takes at most ten
    // mails of one organisation: four go, six wait for tomorrow, two were not reached.
    let run = deliver_pending(&t.app, 100).await.unwrap();
    assert_eq!(mails_to(&newcomer).len(), 1, "{run:?}");
    let flooded = || -> usize { invitees.iter().map(|w| mails_to(w).len()).sum() };
    assert_eq!((flooded(), run.deferred), (4, 6), "{run:?}");
    // Past its budget, a request whose only effect would be mail is refused.
    t.at(elp_tests::TODAY, 30);
    t.as_admin(&flood)
        .invite(&invitees[0], "member")
        .await
        .expect_error(429, "mail_budget");
    t.as_admin(&flood)
        .email_export()
        .await
        .expect_error(429, "mail_budget");
    // The held-back mail goes the next day, within that day's budget.
    t.at("2026-03-03", 0);
    for _ in 0..3 {
        deliver_pending(&t.app, 100).await.unwrap();
    }
    assert_eq!(flooded(), 9, "five more the next day");
    // The operator raises the budget.
    let raised = t
        .as_operator()
        .send(
            "PUT",
            &format!("/v1/operator/orgs/{}/mail-budget", flood.org),
            Some(&serde_json::json!({ "per_day": 50 })),
        )
        .await;
    assert_eq!(raised.status, 200, "{raised:?}");
    t.at("2026-03-04", 0);
    deliver_pending(&t.app, 100).await.unwrap();
    assert_eq!(flooded(), 12);
}

#[tokio::test]
async fn a_mail_that_always_fails_is_dead_after_its_last_attempt_and_the_others_go() {
    let refused = person();
    let poison = PoisonedRecipient::new(&refused);
    let t = TestApp::with_ses_interceptor(poison.clone()).await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    admin.invite(&refused, "member").await.expect(201);
    let fine = person();
    admin.invite(&fine, "member").await.expect(201);
    let mut dead = 0;
    for attempt in 0..10u32 {
        t.at_start_of(&format!("2026-03-{:02}", 3 + attempt));
        let run = deliver_pending(&t.app, 100).await.unwrap();
        dead += run.dead;
    }
    assert_eq!(mails_to(&fine).len(), 1, "the others are delivered");
    assert!(mails_to(&refused).is_empty());
    assert_eq!(poison.refused(), elp_core::limits::MAX_ATTEMPTS as usize);
    assert_eq!(dead, 1);
    let list = t
        .as_operator()
        .send("GET", "/v1/operator/mail/dead", None)
        .await;
    assert_eq!(list.status, 200, "{list:?}");
    let mails = list.body["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["to"], refused.as_str());
    assert_eq!(mails[0]["kind"], "invitation");
    assert_eq!(mails[0]["attempts"], elp_core::limits::MAX_ATTEMPTS);
    // Dead mail is no longer tried.
    t.at_start_of("2026-03-20");
    deliver_pending(&t.app, 100).await.unwrap();
    assert_eq!(poison.refused(), elp_core::limits::MAX_ATTEMPTS as usize);
    // Only operators see it.
    admin
        .send("GET", "/v1/operator/mail/dead", None)
        .await
        .expect_error(403, "forbidden");
}

#[tokio::test]
async fn exports_go_one_at_a_time_and_only_to_a_current_admin() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let second = person();
    t.as_admin(&p).invite(&second, "admin").await.expect(201);
    t.sign_in(&second).await;
    t.drain().await;
    // One export at a time per organisation: a second one minutes later is refused.
    t.as_admin(&p).email_export().await.expect(202);
    t.at(elp_tests::TODAY, 5);
    t.as_user(&second)
        .email_export()
        .await
        .expect_error(429, "export_cooldown");
    // The first admin is removed before the export is sent: it is not sent to them.
    t.as_user(&second).remove_user(&p.admin).await.expect(200);
    let run = deliver_pending(&t.app, 100).await.unwrap();
    assert_eq!(run.cancelled, 1, "{run:?}");
    assert!(!mails_to(&p.admin)
        .iter()
        .any(|m| m.subject.contains("licence export")));
    // Ten minutes after the first, the remaining admin may ask again, and receives it.
    t.at(elp_tests::TODAY, 11);
    t.as_user(&second).email_export().await.expect(202);
    deliver_pending(&t.app, 100).await.unwrap();
    assert!(mails_to(&second)
        .iter()
        .any(|m| m.subject.contains("licence export")));
}

#[tokio::test]
async fn one_organisation_at_ten_times_its_rate_gets_429s_and_another_is_served() {
    let t = TestApp::configured(ses_endpoint(), |c| {
        c.limits.org_per_minute = 20;
        c.limits.caller_per_minute = 15;
    })
    .await;
    let busy = t.provision(BankSpec::portable(10)).await;
    let calm = t.provision(BankSpec::portable(10)).await;
    // The busy organisation's two admins fire 200 requests within the minute.
    let deputy = person();
    t.as_admin(&busy).invite(&deputy, "admin").await.expect(201);
    // Sixteen at a time: concurrent, but not more than one test's share of a shared machine.
    let answers: Vec<_> = futures::stream::iter((0..200).map(|i| {
        let who = if i % 2 == 0 {
            busy.admin.clone()
        } else {
            deputy.clone()
        };
        let t = &t;
        async move { t.as_user(&who).banks().await }
    }))
    .buffer_unordered(16)
    .collect()
    .await;
    let served = answers.iter().filter(|a| a.status == 200).count();
    let limited: Vec<_> = answers.iter().filter(|a| a.status == 429).collect();
    let other: Vec<_> = answers
        .iter()
        .filter(|a| a.status != 200 && a.status != 429)
        .collect();
    assert_eq!(served + limited.len(), 200, "{other:?}");
    assert!(
        served <= 20,
        "at most the organisation's 20 a minute: {served}"
    );
    assert!(!limited.is_empty());
    for answer in &limited {
        assert_eq!(answer.error_code(), Some("rate_limited"));
        let wait: u64 = answer.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait));
    }
    // Meanwhile the other organisation is served, every time.
    for _ in 0..10 {
        t.as_admin(&calm).banks().await.expect(200);
    }
    // A caller on their own is held to the caller's limit first.
    let solo = t.provision(BankSpec::portable(10)).await;
    let answers = futures::future::join_all((0..20).map(|_| {
        let t = &t;
        let who = solo.admin.clone();
        async move { t.as_user(&who).banks().await }
    }))
    .await;
    assert_eq!(answers.iter().filter(|a| a.status == 200).count(), 15);
    // The next minute, the busy organisation is served again.
    t.at(elp_tests::TODAY, 2);
    tokio::time::sleep(Duration::from_millis(1)).await;
    t.as_admin(&busy).banks().await.expect(200);
}
