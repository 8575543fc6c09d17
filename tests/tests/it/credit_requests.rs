//! Credit requests through the real handlers: an organisation's admin asks the licence
//! provider for credits (on a bank, or for a new one), the provider grants or declines, both
//! sides are mailed; the rules of a request, the cap of pending ones, withdrawal, suspension,
//! who may see and answer what, races and retries.

use elp_adapters::clock::Clock;
use elp_core::{AuditAction, AuditEvent, OrgId, Suspension};
use elp_tests::api::{CreditRequest, RequestStatus};
use elp_tests::{mails_to, person, Ask, BankSpec, Grant, Provisioned, TestApp, VENDOR_MAIL};
use serde_json::{json, Value};

/// An organisation with a portable bank of 50 credits and its admin signed in.
async fn studio(t: &TestApp) -> Provisioned {
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    p
}

/// The mails the licence provider's inbox received about `request`.
fn vendor_mails_about(request: &str) -> Vec<elp_tests::Mail> {
    mails_to(VENDOR_MAIL)
        .into_iter()
        .filter(|m| m.text().contains(request))
        .collect()
}

async fn actions(t: &TestApp, org: &str) -> Vec<(AuditAction, i64)> {
    let org = OrgId::parse(org).unwrap();
    let trail = t.app.store.list_audit(&org, None, 100).await.unwrap();
    trail.items.iter().map(|e| (e.action, e.credits)).collect()
}

#[tokio::test]
async fn an_admin_asks_for_credits_on_a_bank_and_the_operator_grants_them() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let asked = admin
        .request_credits(
            &Ask::credits(40)
                .on_bank(&p.bank)
                .start("2026-04-01")
                .note("Six more artists\nfor the spring show"),
        )
        .await
        .expect(201);
    assert!(asked.id.starts_with("r_"), "{}", asked.id);
    assert_eq!(
        (asked.status, asked.credits, asked.bank.as_deref()),
        (RequestStatus::Pending, 40, Some(p.bank.as_str()))
    );
    assert_eq!(asked.note, "Six more artists\nfor the spring show");
    assert_eq!(
        (asked.requested_by.as_str(), asked.org.as_str()),
        (p.admin.as_str(), p.org.as_str())
    );
    // The bank shows what is asked for, and nothing more can be spent yet.
    let bank = admin.bank(&p.bank).await.expect(200);
    assert_eq!(
        (bank.purchased, bank.requested, bank.granted, bank.remaining),
        (50, 40, 50, 50)
    );
    assert_eq!(admin.banks().await.expect(200).banks[0].requested, 40);
    assert_eq!(admin.credit_request(&asked.id).await.expect(200), asked);
    let listed = admin.credit_requests(&[]).await.expect(200);
    assert_eq!(listed.ids(), vec![asked.id.as_str()]);
    // The provider hears of it in its inbox, with the organisation, the note and the bank.
    t.drain().await;
    let told = vendor_mails_about(&asked.id);
    assert_eq!(told.len(), 1);
    assert!(
        told[0].subject.contains("Studio Nord"),
        "{}",
        told[0].subject
    );
    let text = told[0].text();
    assert!(text.contains("40") && text.contains("Harmony"), "{text}");
    assert!(
        text.contains("for the spring show") && text.contains(&p.bank),
        "{text}"
    );
    // The operator's queue has it, oldest first, for every organisation and for this one.
    let op = t.as_operator();
    let queue = op.credit_request_queue(&[]).await.expect(200);
    assert!(queue.ids().contains(&asked.id.as_str()));
    let theirs = op
        .credit_request_queue(&[("org", &p.org), ("status", "pending")])
        .await
        .expect(200);
    assert_eq!(theirs.ids(), vec![asked.id.as_str()]);

    let granted = op
        .grant_request(&asked.id, &Grant::as_asked())
        .await
        .expect(200);
    assert_eq!(granted.request.status, RequestStatus::Granted);
    assert_eq!(
        (
            granted.request.granted,
            granted.request.granted_bank.as_deref()
        ),
        (Some(40), Some(p.bank.as_str()))
    );
    assert_eq!(
        granted.request.decided_by.as_deref(),
        Some("operator:op-1 ops@vendor.example")
    );
    assert_eq!(
        (
            granted.bank.purchased,
            granted.bank.requested,
            granted.bank.granted,
            granted.bank.remaining
        ),
        (90, 0, 90, 90)
    );
    assert_eq!(admin.bank(&p.bank).await.expect(200).facts(), granted.bank);
    // Off the pending queue, on the granted one.
    let pending = op.credit_request_queue(&[]).await.expect(200);
    assert!(!pending.ids().contains(&asked.id.as_str()));
    let decided = op
        .credit_request_queue(&[("status", "granted")])
        .await
        .expect(200);
    assert_eq!(decided.credit_requests[0].id, asked.id, "most recent first");
    // The admin is told what was granted, to which bank and its figures.
    t.drain().await;
    let mails = mails_to(&p.admin);
    let mail = mails
        .iter()
        .find(|m| m.subject.contains("granted"))
        .expect("the grant's mail");
    assert!(mail.text().contains(&p.bank), "{}", mail.text());
    assert!(
        mail.text().contains("90 granted credits"),
        "{}",
        mail.text()
    );
    let trail = actions(&t, &p.org).await;
    assert!(trail.contains(&(AuditAction::CreditsRequested, 0)));
    assert!(trail.contains(&(AuditAction::CreditRequestGranted, 40)));
    // Answered once: not again, not declined, not withdrawn.
    op.grant_request(&asked.id, &Grant::as_asked())
        .await
        .expect_error(409, "conflict");
    op.decline_request(&asked.id, "too late")
        .await
        .expect_error(409, "conflict");
    let refused = admin
        .withdraw_credit_request(&asked.id)
        .await
        .expect_error(409, "conflict");
    assert!(refused.message.contains("already granted"), "{refused:?}");
}

#[tokio::test]
async fn two_operators_granting_at_once_grant_once() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let asked = t
        .as_admin(&p)
        .request_credits(&Ask::credits(40).on_bank(&p.bank))
        .await
        .expect(201);
    for round in 0..3 {
        let id = if round == 0 {
            asked.id.clone()
        } else {
            t.as_admin(&p)
                .request_credits(&Ask::credits(40).on_bank(&p.bank))
                .await
                .expect(201)
                .id
        };
        let first = t.as_operator().with_idempotency_key(&format!("a-{round}"));
        let second = t.as_operator().with_idempotency_key(&format!("b-{round}"));
        let grant = Grant::as_asked();
        let (a, b) = tokio::join!(
            first.grant_request(&id, &grant),
            second.grant_request(&id, &grant)
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{a:?} / {b:?}");
        let loser = if a.status == 409 { a } else { b };
        assert_eq!(loser.error_code(), Some("conflict"), "{loser:?}");
    }
    // Three requests of 40, each granted once.
    let bank = t.as_admin(&p).bank(&p.bank).await.expect(200);
    assert_eq!(
        (bank.granted, bank.purchased, bank.remaining, bank.requested),
        (170, 170, 170, 0)
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_answers_the_same_and_changes_nothing_more() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p).with_idempotency_key("ask-once");
    let ask = Ask::credits(30).on_bank(&p.bank);
    let first = admin.request_credits(&ask).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let again = admin.request_credits(&ask).await;
    assert_eq!((again.status, &again.text), (201, &first.text));
    assert_eq!(
        t.as_admin(&p)
            .credit_requests(&[])
            .await
            .expect(200)
            .credit_requests
            .len(),
        1
    );
    assert_eq!(t.as_admin(&p).bank(&p.bank).await.expect(200).requested, 30);
    // The same key with another body is another request: refused.
    admin
        .request_credits(&Ask::credits(31))
        .await
        .expect_error(422, "idempotency_key_reused");

    let id = first.json::<CreditRequest>().id;
    let op = t.as_operator().with_idempotency_key("grant-once");
    let grant = Grant::as_asked().credits(25);
    let granted = op.grant_request(&id, &grant).await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    let replayed = op.grant_request(&id, &grant).await;
    assert_eq!((replayed.status, &replayed.text), (200, &granted.text));
    let bank = t.as_admin(&p).bank(&p.bank).await.expect(200);
    assert_eq!((bank.granted, bank.requested), (75, 0), "granted once");
    t.drain().await;
    let told = mails_to(&p.admin)
        .into_iter()
        .filter(|m| m.subject.contains("granted"))
        .count();
    assert_eq!(told, 1, "one mail for one grant");
    assert!(mails_to(&p.admin)
        .iter()
        .any(|m| m.text().contains("you asked for 30")));
}

#[tokio::test]
async fn a_request_without_a_bank_is_granted_a_new_one_from_the_wished_start() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let asked = admin
        .request_credits(&Ask::credits(200).start("2026-05-01"))
        .await
        .expect(201);
    assert_eq!(asked.bank, None);
    let op = t.as_operator();
    // Neither a bank nor a new one: the request names none, so the operator must say.
    op.grant_request(&asked.id, &Grant::as_asked())
        .await
        .expect_invalid("bank");
    op.grant_request(
        &asked.id,
        &Grant::as_asked()
            .to_bank(&p.bank)
            .new_bank("25.1", true, "2027-05-01"),
    )
    .await
    .expect_invalid("new_bank");
    op.grant_request(
        &asked.id,
        &Grant::as_asked().new_bank("22.5", true, "2027-05-01"),
    )
    .await
    .expect_invalid("new_bank.version");
    op.grant_request(
        &asked.id,
        &Grant::as_asked().new_bank("25.1", true, "2026-04-01"),
    )
    .await
    .expect_invalid("new_bank.expiry");
    op.grant_request(
        &asked.id,
        &Grant::as_asked().new_bank_as(
            json!({ "version": "25.1", "portable": true, "expiry": "2027-05-01", "colour": "red" }),
        ),
    )
    .await
    .expect_invalid("new_bank.colour");
    op.grant_request(&asked.id, &Grant::as_asked().credits(0).to_bank(&p.bank))
        .await
        .expect_invalid("credits");
    let granted = op
        .grant_request(
            &asked.id,
            &Grant::as_asked().new_bank("25.1", true, "2027-05-01"),
        )
        .await
        .expect(200);
    let bank = &granted.bank;
    assert_ne!(bank.id, p.bank);
    assert_eq!(
        (
            bank.start.as_str(),
            bank.expiry.as_str(),
            bank.granted,
            bank.purchased
        ),
        ("2026-05-01", "2027-05-01", 200, 200)
    );
    assert_eq!(
        granted.request.granted_bank.as_deref(),
        Some(bank.id.as_str())
    );
    let banks = admin.banks().await.expect(200).banks;
    assert_eq!(banks.len(), 2);
    assert!(banks.iter().any(|b| b.facts() == *bank));
}

#[tokio::test]
async fn a_grant_may_go_to_another_bank_of_the_product_and_releases_the_one_named() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let op = t.as_operator();
    let other = op
        .create_bank(&p.org, &BankSpec::portable(10).until("2027-06-01"))
        .await
        .expect(201);
    let storyboard = op
        .create_bank(
            &p.org,
            &BankSpec::portable(10)
                .product("storyboard-pro")
                .version("24"),
        )
        .await
        .expect(201);
    let asked = t
        .as_admin(&p)
        .request_credits(&Ask::credits(15).on_bank(&p.bank))
        .await
        .expect(201);
    op.grant_request(&asked.id, &Grant::as_asked().to_bank(&storyboard.id))
        .await
        .expect_error(409, "product_mismatch");
    op.grant_request(&asked.id, &Grant::as_asked().to_bank("b_nothing"))
        .await
        .expect_error(404, "not_found");
    let granted = op
        .grant_request(&asked.id, &Grant::as_asked().to_bank(&other.id))
        .await
        .expect(200);
    assert_eq!(
        (granted.bank.id.as_str(), granted.bank.granted),
        (other.id.as_str(), 25)
    );
    let named = t.as_admin(&p).bank(&p.bank).await.expect(200);
    assert_eq!(
        (named.requested, named.granted),
        (0, 50),
        "released, not granted"
    );
}

#[tokio::test]
async fn a_declined_request_says_why_and_releases_its_bank() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let asked = t
        .as_admin(&p)
        .request_credits(&Ask::credits(40).on_bank(&p.bank))
        .await
        .expect(201);
    let op = t.as_operator();
    op.decline_request(&asked.id, "")
        .await
        .expect_invalid("reason");
    op.decline_request(&asked.id, "two\nlines")
        .await
        .expect_invalid("reason");
    op.decline_request("r_nothing", "no")
        .await
        .expect_error(404, "not_found");
    let declined = op
        .decline_request(&asked.id, "The purchase order has not arrived")
        .await
        .expect(200);
    assert_eq!(declined.status, RequestStatus::Declined);
    assert_eq!(
        declined.reason.as_deref(),
        Some("The purchase order has not arrived")
    );
    assert_eq!(
        t.as_admin(&p).credit_request(&asked.id).await.expect(200),
        declined
    );
    let bank = t.as_admin(&p).bank(&p.bank).await.expect(200);
    assert_eq!((bank.requested, bank.granted), (0, 50));
    t.drain().await;
    let mail = mails_to(&p.admin)
        .into_iter()
        .find(|m| m.subject.contains("declined"))
        .expect("the decline's mail");
    assert!(mail.text().contains("The purchase order has not arrived"));
    assert!(actions(&t, &p.org)
        .await
        .contains(&(AuditAction::CreditRequestDeclined, 0)));
    let declined_list = op
        .credit_request_queue(&[("status", "declined"), ("org", &p.org)])
        .await
        .expect(200);
    assert_eq!(declined_list.ids(), vec![asked.id.as_str()]);
}

#[tokio::test]
async fn a_withdrawn_request_releases_its_bank_and_cannot_be_answered() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let asked = admin
        .request_credits(&Ask::credits(40).on_bank(&p.bank))
        .await
        .expect(201);
    let withdrawn = admin.withdraw_credit_request(&asked.id).await.expect(200);
    assert_eq!(withdrawn.status, RequestStatus::Withdrawn);
    assert_eq!(withdrawn.decided_by.as_deref(), Some(p.admin.as_str()));
    assert_eq!(admin.bank(&p.bank).await.expect(200).requested, 0);
    admin
        .withdraw_credit_request(&asked.id)
        .await
        .expect_error(409, "conflict");
    t.as_operator()
        .grant_request(&asked.id, &Grant::as_asked())
        .await
        .expect_error(409, "conflict");
    let pending = admin
        .credit_requests(&[("status", "pending")])
        .await
        .expect(200);
    assert!(pending.credit_requests.is_empty());
    let withdrawn_list = admin
        .credit_requests(&[("status", "withdrawn")])
        .await
        .expect(200);
    assert_eq!(withdrawn_list.ids(), vec![asked.id.as_str()]);
    assert!(actions(&t, &p.org)
        .await
        .contains(&(AuditAction::CreditRequestWithdrawn, 0)));
}

#[tokio::test]
async fn a_request_is_refused_whole_when_a_field_or_a_rule_says_no() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    admin
        .request_credits(&Ask::credits(1).product("paint-pro"))
        .await
        .expect_invalid("product");
    for credits in [0, -3, 1_000_001] {
        admin
            .request_credits(&Ask::credits(credits))
            .await
            .expect_invalid("credits");
    }
    admin
        .request_credits(&Ask::credits(1).start("2026-03-01"))
        .await
        .expect_invalid("start");
    admin
        .request_credits(&Ask::credits(1).start("2026-3-9"))
        .await
        .expect_invalid("start");
    admin
        .request_credits(&Ask::credits(1).note(&"x".repeat(1001)))
        .await
        .expect_invalid("note");
    admin
        .request_credits(&Ask::credits(1).note("a\u{7}bell"))
        .await
        .expect_invalid("note");
    admin
        .send(
            "POST",
            "/v1/credit-requests",
            Some(&json!({ "product": "harmony-premium", "credits": 1, "colour": "red" })),
        )
        .await
        .expect_invalid("colour");
    admin
        .send(
            "POST",
            "/v1/credit-requests",
            Some(&json!({ "credits": 1 })),
        )
        .await
        .expect_invalid("product");
    // A bank of another organisation is not there; another product's or an expired one is refused.
    let elsewhere = t.provision(BankSpec::portable(5)).await;
    admin
        .request_credits(&Ask::credits(1).on_bank(&elsewhere.bank))
        .await
        .expect_error(404, "not_found");
    let op = t.as_operator();
    let storyboard = op
        .create_bank(
            &p.org,
            &BankSpec::portable(10)
                .product("storyboard-pro")
                .version("24"),
        )
        .await
        .expect(201);
    admin
        .request_credits(&Ask::credits(1).on_bank(&storyboard.id))
        .await
        .expect_error(409, "product_mismatch");
    let short = op
        .create_bank(&p.org, &BankSpec::portable(10).until("2026-03-10"))
        .await
        .expect(201);
    t.at("2026-03-10", 0);
    admin
        .request_credits(&Ask::credits(1).on_bank(&short.id))
        .await
        .expect_error(409, "bank_expired");
    // Nothing of that was asked.
    assert!(admin
        .credit_requests(&[])
        .await
        .expect(200)
        .credit_requests
        .is_empty());

    // Ten waiting at once; the eleventh is refused until one is answered or withdrawn.
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(
            admin
                .request_credits(&Ask::credits(1).on_bank(&p.bank))
                .await
                .expect(201)
                .id,
        );
    }
    let refused = admin
        .request_credits(&Ask::credits(1))
        .await
        .expect_error(409, "too_many_pending");
    assert!(refused.message.contains("10"), "{refused:?}");
    admin.withdraw_credit_request(&ids[0]).await.expect(200);
    admin.request_credits(&Ask::credits(1)).await.expect(201);
    admin
        .request_credits(&Ask::credits(1))
        .await
        .expect_error(409, "too_many_pending");
    t.as_operator()
        .decline_request(&ids[1], "one at a time")
        .await
        .expect(200);
    admin.request_credits(&Ask::credits(1)).await.expect(201);
    assert_eq!(admin.bank(&p.bank).await.expect(200).requested, 8);
}

#[tokio::test]
async fn requests_at_once_never_pass_the_cap() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let ask = Ask::credits(2).on_bank(&p.bank);
    let answers = futures::future::join_all((0..14).map(|_| admin.request_credits(&ask))).await;
    let made = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(made, 10, "{answers:?}");
    for a in answers.iter().filter(|a| a.status != 201) {
        assert_eq!(a.error_code(), Some("too_many_pending"), "{a:?}");
    }
    assert_eq!(admin.bank(&p.bank).await.expect(200).requested, 20);
}

#[tokio::test]
async fn a_suspended_organisation_reads_its_requests_but_asks_for_nothing() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let asked = admin
        .request_credits(&Ask::credits(40).on_bank(&p.bank))
        .await
        .expect(201);
    let second = admin.request_credits(&Ask::credits(5)).await.expect(201);
    let org = OrgId::parse(&p.org).unwrap();
    let now = t.clock.now();
    let suspension = Suspension {
        since: now,
        by: "operator:op-1".into(),
        reason: "unpaid invoice".into(),
    };
    let audit = AuditEvent {
        org: org.clone(),
        at: now,
        actor: "operator:op-1".into(),
        action: AuditAction::OrgSuspended,
        subject: p.org.clone(),
        bank: None,
        credits: 0,
        detail: "unpaid invoice".into(),
        said: None,
    };
    t.app
        .store
        .suspend_org(&org, Some(&suspension), &audit, None)
        .await
        .unwrap();
    let refused = admin
        .request_credits(&Ask::credits(1))
        .await
        .expect_error(409, "org_suspended");
    assert!(refused.message.contains("unpaid invoice"), "{refused:?}");
    admin
        .withdraw_credit_request(&asked.id)
        .await
        .expect_error(409, "org_suspended");
    // Reading works.
    assert_eq!(
        admin
            .credit_requests(&[])
            .await
            .expect(200)
            .credit_requests
            .len(),
        2
    );
    admin.credit_request(&asked.id).await.expect(200);
    // The licence provider still answers.
    t.as_operator()
        .grant_request(&asked.id, &Grant::as_asked())
        .await
        .expect(200);
    t.as_operator()
        .decline_request(&second.id, "suspended")
        .await
        .expect(200);
}

#[tokio::test]
async fn only_the_organisation_sees_its_requests_and_only_operators_answer_them() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let asked = t
        .as_admin(&p)
        .request_credits(&Ask::credits(40).on_bank(&p.bank))
        .await
        .expect(201);
    // Another organisation's admin: nothing to see, nothing to withdraw.
    let other = t.provision(BankSpec::portable(5)).await;
    t.sign_in(&other.admin).await;
    let stranger = t.as_admin(&other);
    stranger
        .credit_request(&asked.id)
        .await
        .expect_error(404, "not_found");
    stranger
        .withdraw_credit_request(&asked.id)
        .await
        .expect_error(404, "not_found");
    assert!(stranger
        .credit_requests(&[])
        .await
        .expect(200)
        .credit_requests
        .is_empty());
    // A member of the organisation is not an admin.
    let member = person();
    t.as_admin(&p).invite(&member, "member").await.expect(201);
    let member = t.as_user(&member);
    member
        .request_credits(&Ask::credits(1))
        .await
        .expect_error(403, "forbidden");
    member
        .credit_requests(&[])
        .await
        .expect_error(403, "forbidden");
    // Nobody but the operator answers, or sees the queue.
    for (who, expected) in [
        (t.as_admin(&p), 403),
        (stranger.clone(), 403),
        (member.clone(), 403),
        (t.anonymous(), 401),
    ] {
        assert_eq!(who.credit_request_queue(&[]).await.status, expected);
        assert_eq!(
            who.grant_request(&asked.id, &Grant::as_asked())
                .await
                .status,
            expected
        );
        assert_eq!(who.decline_request(&asked.id, "no").await.status, expected);
    }
    assert_eq!(
        t.as_admin(&p).bank(&p.bank).await.expect(200).granted,
        50,
        "nothing was granted"
    );
    // Unknown or malformed ids name nothing.
    for id in ["r_nothing", "..%2F..", "x%20y"] {
        t.as_admin(&p)
            .credit_request(id)
            .await
            .expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn lists_are_pages_with_cursors_and_checked_filters() {
    let t = TestApp::new().await;
    let p = studio(&t).await;
    let admin = t.as_admin(&p);
    let mut ids = Vec::new();
    for minute in 0..3 {
        t.at("2026-03-02", minute);
        ids.push(admin.request_credits(&Ask::credits(5)).await.expect(201).id);
    }
    let first = admin.credit_requests(&[("limit", "2")]).await.expect(200);
    assert_eq!(
        first.ids(),
        vec![ids[2].as_str(), ids[1].as_str()],
        "newest first"
    );
    let next = first.next.expect("a second page");
    let second = admin
        .credit_requests(&[("limit", "2"), ("cursor", &next)])
        .await
        .expect(200);
    assert_eq!(second.ids(), vec![ids[0].as_str()]);
    admin
        .credit_requests(&[("status", "maybe")])
        .await
        .expect_invalid("status");
    admin
        .credit_requests(&[("limit", "0")])
        .await
        .expect_invalid("limit");
    // A cursor of another list is refused.
    let op = t.as_operator();
    let queue = op
        .credit_request_queue(&[("org", &p.org), ("limit", "1")])
        .await
        .expect(200);
    assert_eq!(queue.ids(), vec![ids[0].as_str()], "pending: oldest first");
    let cursor = queue.next.expect("more");
    let all = op
        .credit_request_queue(&[("limit", "1"), ("cursor", &cursor)])
        .await;
    assert_eq!(all.status, 400, "{all:?}");
    let again = op
        .credit_request_queue(&[("org", &p.org), ("limit", "1"), ("cursor", &cursor)])
        .await
        .expect(200);
    assert_eq!(again.ids(), vec![ids[1].as_str()]);
    op.credit_request_queue(&[("status", "nope")])
        .await
        .expect_invalid("status");
    op.credit_request_queue(&[("org", "no%20org")])
        .await
        .expect_invalid("org");
    let none = op
        .credit_request_queue(&[("org", "o_unknown")])
        .await
        .expect(200);
    assert!(none.credit_requests.is_empty());
}

#[tokio::test]
async fn every_sample_event_of_credit_requests_is_served() {
    let t = TestApp::new().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events/credit-requests");
    let load = |name: &str| std::fs::read_to_string(root.join(name)).expect("a sample event");
    // The samples' admin, as the demo organisation has it.
    let op = t.as_operator();
    let catalog: Value = serde_json::from_str(elp_tests::CATALOG).unwrap();
    op.put_catalog(&catalog).await.expect(200);
    let org = op
        .create_org("Studio Nord", "admin@studio-nord.example")
        .await
        .expect(201)
        .org
        .id;
    let bank = op
        .create_bank(&org, &BankSpec::portable(50))
        .await
        .expect(201)
        .id;
    let send = |raw: String| {
        let t = &t;
        async move {
            let event: Value = serde_json::from_str(&raw).unwrap();
            t.serve_event(&event).await.expect("a route for the sample")
        }
    };
    let request = || async {
        send(load("request.json").replace("BANK_ID", &bank))
            .await
            .expect_as::<CreditRequest>(201)
            .id
    };
    let first = request().await;
    assert_eq!(send(load("list.json")).await.status, 200);
    let got = send(load("get.json").replace("REQUEST_ID", &first)).await;
    assert_eq!(got.expect_as::<CreditRequest>(200).credits, 120);
    let withdrawn = send(load("withdraw.json").replace("REQUEST_ID", &first)).await;
    assert_eq!(
        withdrawn.expect_as::<CreditRequest>(200).status,
        RequestStatus::Withdrawn
    );
    let second = request().await;
    let queue = send(load("queue.json")).await;
    assert!(queue
        .expect_as::<elp_tests::api::CreditRequestList>(200)
        .ids()
        .contains(&second.as_str()));
    let granted = send(load("grant.json").replace("REQUEST_ID", &second)).await;
    assert_eq!(
        granted
            .expect_as::<elp_tests::api::GrantedRequest>(200)
            .bank
            .granted,
        170
    );
    let third = request().await;
    let declined = send(load("decline.json").replace("REQUEST_ID", &third)).await;
    assert_eq!(
        declined.expect_as::<CreditRequest>(200).status,
        RequestStatus::Declined
    );
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        7,
        "a new sample needs a case here"
    );
}
