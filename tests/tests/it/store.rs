//! The store's guarantees under concurrency, against DynamoDB Local: credits are never
//! overspent, an email never joins two organisations, cursors never cross organisations.

use chrono::Utc;
use elp_adapters::store::{
    keys, new_activation_code, Draw, LicenseFilter, LicenseWrite, Recipient, StoreError,
};
use elp_core::quote::{quote_generation, GenerationRequest};
use elp_core::{
    AuditAction, AuditEvent, Bank, BankId, Email, License, LicenseType, Months, Quantity, Refusal,
};
use elp_tests::{date, person, BankSpec, TestApp, TODAY};

/// One 3-month node-lock licence (3 credits) for `recipient`, starting today.
fn three_month_license(bank: &Bank, recipient: &Email) -> License {
    let today = date(TODAY);
    let request = GenerationRequest {
        license_type: LicenseType::NodeLock,
        months: Months::parse("months", 3).unwrap(),
        quantity: Quantity::ONE,
        start: today,
    };
    let quote = quote_generation(bank, &request, today)
        .expect("quoted on the bank as read before the race");
    License {
        code: new_activation_code().unwrap(),
        org: bank.org.clone(),
        bank: bank.reference(),
        product: bank.product.clone(),
        license_type: LicenseType::NodeLock,
        terms: vec![quote.term(&bank.id)],
        assignments: vec![elp_core::Assignment {
            email: recipient.clone(),
            from: today,
            until: None,
        }],
        created_at: Utc::now(),
        mails: Vec::new(),
        earlier_banks: Vec::new(),
    }
}

/// Commits one such licence straight through the store, on `today`.
async fn draw_on(
    t: &TestApp,
    bank: &Bank,
    recipient: &Email,
    today: elp_core::Date,
) -> Result<License, StoreError> {
    let license = three_month_license(bank, recipient);
    let cost = license.credits_used();
    let audit = AuditEvent {
        org: bank.org.clone(),
        at: Utc::now(),
        actor: recipient.to_string(),
        action: AuditAction::LicenseGenerated,
        subject: license.code.to_string(),
        bank: Some(bank.id.clone()),
        credits: -i64::from(cost.get()),
        detail: String::new(),
        said: None,
    };
    t.app
        .store
        .write_licenses(LicenseWrite {
            licenses: std::slice::from_ref(&license),
            previous: None,
            draw: Some(Draw { bank, cost, today }),
            recipient: Recipient::Member(recipient, &bank.org, 1),
            audit: &audit,
            mails: &[],
            idempotency: None,
            releases_machines: None,
        })
        .await?;
    Ok(license)
}

async fn draw(t: &TestApp, bank: &Bank, recipient: &Email) -> Result<License, StoreError> {
    draw_on(t, bank, recipient, date(TODAY)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_draws_of_three_from_a_hundred_credits_never_overspend() {
    let t = TestApp::new().await;
    for round in 0..20 {
        let p = t.provision(BankSpec::portable(100)).await;
        let bank = t
            .app
            .store
            .get_bank(&BankId::parse(&p.bank).unwrap(), true)
            .await
            .unwrap()
            .unwrap();
        let admin = Email::parse("email", &p.admin).unwrap();
        let results = futures::future::join_all((0..50).map(|_| draw(&t, &bank, &admin))).await;
        let successes = results.iter().filter(|r| r.is_ok()).count();
        let refusals: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        let others: Vec<String> = results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .filter(|e| !matches!(e, StoreError::Refused(_)))
            .map(|e| format!("{e:?}"))
            .collect();
        assert_eq!(successes, 33, "round {round}: {others:?}");
        assert_eq!(refusals.len(), 17, "round {round}");
        for refusal in refusals {
            match refusal {
                StoreError::Refused(Refusal::InsufficientCredits {
                    needed, remaining, ..
                }) => {
                    assert_eq!(needed.get(), 3);
                    assert_eq!(remaining.get(), 1, "the refusal reports the bank as it was");
                }
                other => panic!("round {round}: expected insufficient credits, got {other:?}"),
            }
        }
        let after = t.app.store.get_bank(&bank.id, true).await.unwrap().unwrap();
        assert_eq!(
            (after.used.get(), after.remaining().get()),
            (99, 1),
            "round {round}"
        );
        // Reconciliation: the licences of the bank account for every used credit.
        let mut sum = 0;
        let mut cursor = None;
        loop {
            let page = t
                .app
                .store
                .list_licenses(&bank_filter(&bank), cursor.as_deref(), 20)
                .await
                .unwrap();
            sum += page
                .items
                .iter()
                .map(|l| l.credits_used().get())
                .sum::<u32>();
            assert!(page.items.iter().all(|l| l.expiry() <= after.expiry));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(sum, 99, "round {round}");
    }
}

#[tokio::test]
async fn a_draw_on_an_expired_bank_is_refused_and_changes_nothing() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(30).until("2026-06-01")).await;
    let bank = t
        .app
        .store
        .get_bank(&BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    let admin = Email::parse("email", &p.admin).unwrap();
    // Quoted while the bank was usable (today), committed on the day it expires.
    let err = draw_on(&t, &bank, &admin, date("2026-06-01"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::BankExpired { .. })),
        "{err:?}"
    );
    let after = t.app.store.get_bank(&bank.id, true).await.unwrap().unwrap();
    assert_eq!(after.used.get(), 0);
    let licenses = t
        .app
        .store
        .list_licenses(&bank_filter(&bank), None, 10)
        .await
        .unwrap();
    assert!(licenses.items.is_empty(), "no licence without its credits");
}

#[tokio::test]
async fn an_email_never_joins_a_second_organisation() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(10)).await;
    let op = t.as_operator();
    // Sequentially, with another spelling of the same address.
    op.create_org("Other", &p.admin.to_uppercase())
        .await
        .expect_error(409, "member_of_another_organisation");
    // And in a race of two organisations inviting the same person at once, ten times over.
    for round in 0..10 {
        let email = person();
        let names = ["Studio 0", "Studio 1"];
        let answers =
            futures::future::join_all(names.iter().map(|name| op.create_org(name, &email))).await;
        let created = answers.iter().filter(|a| a.status == 201).count();
        let refused = answers
            .iter()
            .filter(|a| a.status == 409 && a.error_code() == Some("member_of_another_organisation"))
            .count();
        assert_eq!((created, refused), (1, 1), "round {round}: {answers:?}");
        t.drain().await;
        assert_eq!(
            elp_tests::mails_to(&email).len(),
            1,
            "only the organisation that won mails the invitation"
        );
    }
}

#[tokio::test]
async fn lists_page_with_cursors_that_cannot_cross_organisations() {
    let t = TestApp::new().await;
    let a = t.provision(BankSpec::older(10)).await;
    let org_a = elp_core::OrgId::parse(&a.org).unwrap();
    let op = t.as_operator();
    for i in 0..4 {
        let bank = BankSpec::portable(i)
            .product("storyboard-pro")
            .start(&format!("2026-0{}-01", i + 2))
            .until("2027-06-01");
        assert_eq!(op.create_bank(&a.org, &bank).await.status, 201);
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = t
            .app
            .store
            .list_banks(&org_a, cursor.as_deref(), 2)
            .await
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|b| b.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    seen.dedup();
    assert_eq!(seen.len(), 5, "no bank twice");
    // A cursor from organisation B is refused on A's list, never followed.
    let b = t.provision(BankSpec::older(10)).await;
    let org_b = elp_core::OrgId::parse(&b.org).unwrap();
    op.create_bank(&b.org, &BankSpec::older(1).product("storyboard-pro"))
        .await
        .expect(201);
    let page_b = t.app.store.list_banks(&org_b, None, 1).await.unwrap();
    let foreign = page_b.next.expect("B has a second page");
    assert!(matches!(
        t.app.store.list_banks(&org_a, Some(&foreign), 2).await,
        Err(StoreError::BadCursor)
    ));
    assert!(matches!(
        t.app.store.list_banks(&org_a, Some("garbage"), 2).await,
        Err(StoreError::BadCursor)
    ));
}

#[tokio::test]
async fn several_items_in_one_round_trip_in_the_order_asked() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(10)).await;
    let admin = Email::parse("email", &p.admin).unwrap();
    let bank = BankId::parse(&p.bank).unwrap();
    let missing = BankId::parse("b_missing").unwrap();
    let wanted = [
        keys::bank(&bank),
        keys::user(&admin),
        keys::bank(&missing),
        keys::bank(&bank),
    ];
    let before = t.app.store.round_trips();
    let found = t.app.store.get_items(&wanted).await.unwrap();
    assert_eq!(t.app.store.round_trips() - before, 1);
    let present: Vec<bool> = found.iter().map(Option::is_some).collect();
    assert_eq!(present, vec![true, true, false, true]);
}

fn bank_filter(bank: &Bank) -> LicenseFilter {
    LicenseFilter {
        bank: Some(bank.id.clone()),
        ..LicenseFilter::of_org(bank.org.clone())
    }
}
