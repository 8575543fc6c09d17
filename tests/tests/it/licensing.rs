//! The article's licensing flows through the real handlers, with the credit arithmetic checked
//! to the unit and the mail as it arrives in the SES emulator.

use elp_tests::api::{Actions, Lifecycle};
use elp_tests::{mails_to, person, BankSpec, Generate, Renew, TestApp};
use serde_json::json;

#[tokio::test]
async fn node_lock_makes_one_license_per_computer_and_mails_the_codes_with_downloads() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let (quote, done) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 3, 4).to(&artist))
        .await;
    let q = &quote.quote;
    assert_eq!((q.credits, q.licenses, q.remaining_after), (12, 4, 88));
    assert_eq!(
        (q.start.as_str(), q.expiry.as_str(), q.capped),
        ("2026-03-02", "2026-06-02", false)
    );
    assert!(quote.recipient.joins_organisation);
    assert_eq!(done.licenses.len(), 4);
    let mut codes: Vec<&str> = done.licenses.iter().map(|l| l.code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 4, "one code each");
    for l in &done.licenses {
        assert_eq!(
            (l.computers, l.credits_used, l.status),
            (1, 3, Lifecycle::Active)
        );
        assert_eq!(l.assignee.as_deref(), Some(artist.as_str()));
        assert_eq!(
            l.actions,
            Actions {
                renew: true,
                r#return: true,
                assign: false
            }
        );
    }
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 12, 88)
    );

    // The artist joined the organisation as an invited member, and gets two mails.
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&artist);
    assert_eq!(mails.len(), 2, "licence and invitation");
    let license_mail = mails
        .iter()
        .find(|m| m.subject.contains("Harmony Premium licence"))
        .expect("the licence mail");
    let text = license_mail.text();
    for code in &codes {
        assert!(text.contains(code), "{code} in the mail");
    }
    assert!(text.contains("2 March 2026") && text.contains("2 June 2026"));
    assert_eq!(
        text.matches("https://downloads.vendor.example/harmony-premium/")
            .count(),
        9,
        "3 versions x 3 systems"
    );
    assert!(mails
        .iter()
        .any(|m| m.subject.contains("invited you to Studio Nord")));
}

#[tokio::test]
async fn multiseat_is_one_key_for_n_computers_and_renews_with_more_computers() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(100)).await;
    let admin = t.as_admin(&p);
    let (_, done) = admin
        .quote_and_generate(&Generate::multiseat(&p.bank, 2, 5).to(&p.admin))
        .await;
    assert_eq!(done.licenses.len(), 1);
    let license = &done.licenses[0];
    assert_eq!((license.computers, license.credits_used), (5, 10));
    assert!(
        !done.recipient.joins_organisation,
        "the admin is already a member"
    );
    let code = &license.code;
    let renew = Renew::default().months(1).computers(8);
    let quote = admin.renewal_quote(code, &renew).await.expect(200).quote;
    assert_eq!(
        (quote.start.as_str(), quote.expiry.as_str()),
        ("2026-05-02", "2026-06-02")
    );
    assert_eq!(quote.credits, 8);
    let l = admin
        .renew(code, &renew.credits(8))
        .await
        .expect(200)
        .license;
    // The licence allows 5 computers until its new term starts, then 8.
    assert_eq!(
        (l.computers, l.credits_used, l.expiry.as_str()),
        (5, 18, "2026-06-02")
    );
    assert_eq!(l.next_term.as_ref().map(|t| t.computers), Some(8));
    assert_eq!(l.terms.len(), 2, "the licence keeps its history of terms");
    assert_eq!((l.terms[0].computers, l.terms[0].credits), (5, 10));
    assert_eq!((l.terms[1].computers, l.terms[1].credits), (8, 8));
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 18, 82)
    );
    // Other types keep their computers.
    let (_, floating) = admin
        .quote_and_generate(&Generate::floating(&p.bank, 1, 3).to(&p.admin))
        .await;
    assert_eq!(floating.licenses[0].credits_used, 3);
    let fcode = &floating.licenses[0].code;
    admin
        .renewal_quote(fcode, &Renew::default().computers(4))
        .await
        .expect_invalid("computers");
    let default = admin
        .renewal_quote(fcode, &Renew::as_before())
        .await
        .expect(200)
        .quote;
    assert_eq!(
        (default.credits, default.months_requested),
        (3, 1),
        "the previous settings by default"
    );
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 21, 79)
    );
}

#[tokio::test]
async fn a_term_past_the_bank_expiry_is_capped_and_charged_for_started_months() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(100).until("2026-05-10")).await;
    let admin = t.as_admin(&p);
    let (quote, done) = admin
        .quote_and_generate(
            &Generate::multiseat(&p.bank, 6, 2)
                .start("2026-03-15")
                .to(&p.admin),
        )
        .await;
    let q = &quote.quote;
    assert_eq!(
        (q.expiry.as_str(), q.months_charged, q.credits, q.capped),
        ("2026-05-10", 2, 4, true)
    );
    assert!(
        q.summary.contains("The bank expires on 10 May 2026"),
        "{q:?}"
    );
    assert_eq!(
        done.licenses[0].status,
        Lifecycle::Pending,
        "it starts on the 15th"
    );
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 4, 96)
    );
    // It already ends on the bank's expiry: no renewal.
    admin
        .renewal_quote(&done.licenses[0].code, &Renew::as_before())
        .await
        .expect_error(409, "at_bank_limit");
    assert!(!done.licenses[0].actions.renew);
}

#[tokio::test]
async fn insufficient_credits_refuse_the_whole_request_and_change_nothing() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(10)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = Generate::node_lock(&p.bank, 3, 4).to(&artist);
    let refused = admin
        .quote(&request)
        .await
        .expect_error(409, "insufficient_credits");
    assert_eq!(
        refused.details,
        Some(json!({ "needed": 12, "remaining": 10, "max_quantity": 3 }))
    );
    assert_eq!(refused.field.as_deref(), Some("quantity"));
    let refused = admin
        .generate(&request.clone().credits(12))
        .await
        .expect_error(409, "insufficient_credits");
    assert_eq!(
        (refused.field.as_deref(), &refused.details),
        (
            Some("quantity"),
            &Some(json!({ "needed": 12, "remaining": 10, "max_quantity": 3 }))
        )
    );
    assert_eq!(admin.bank(&p.bank).await.expect(200).credits(), (10, 0, 10));
    assert!(admin.licenses(&[]).await.expect(200).licenses.is_empty());
    assert_eq!(
        t.app
            .store
            .get_membership(&elp_core::Email::parse("e", &artist).unwrap())
            .await
            .unwrap(),
        None,
        "nobody was invited"
    );
    assert_eq!(t.drain().await.sent, 1, "only the setup's invitation");
    // A confirmation that does not match the quote is refused with the new numbers.
    let wrong = Generate::node_lock(&p.bank, 1, 2).to(&artist).credits(1);
    let refused = admin
        .generate(&wrong)
        .await
        .expect_error(409, "quote_changed");
    assert_eq!(refused.details.unwrap()["credits"].as_u64(), Some(2));
}

#[tokio::test]
async fn the_largest_quantity_a_bank_pays_for_is_told_and_then_accepted() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(20)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    // 3 months x 7 computers = 21 > 20: 6 computers (18 credits) fit.
    let too_many = Generate::multiseat(&p.bank, 3, 7).to(&artist);
    let refused = admin
        .quote(&too_many)
        .await
        .expect_error(409, "insufficient_credits");
    assert_eq!(refused.field.as_deref(), Some("quantity"));
    let max = refused.details.unwrap()["max_quantity"].as_i64().unwrap();
    assert_eq!(max, 6);
    let (quote, done) = admin
        .quote_and_generate(&Generate::multiseat(&p.bank, 3, max).to(&artist))
        .await;
    assert_eq!((quote.quote.credits, quote.quote.remaining_after), (18, 2));
    let code = &done.licenses[0].code;
    // Renewing it as before (18 credits) cannot be paid for: a multiseat is told its computers.
    let refused = admin
        .renewal_quote(code, &Renew::as_before())
        .await
        .expect_error(409, "insufficient_credits");
    assert_eq!(refused.field.as_deref(), Some("computers"));
    assert_eq!(
        refused.details,
        Some(json!({ "needed": 18, "remaining": 2, "max_quantity": 0, "max_months": 0 }))
    );
    // Nothing fits at all: 0.
    let refused = admin
        .quote(&Generate::node_lock(&p.bank, 3, 1).to(&artist))
        .await
        .expect_error(409, "insufficient_credits");
    assert_eq!(refused.details.unwrap()["max_quantity"], 0);
}

#[tokio::test]
async fn pending_active_and_expired_licenses_are_listed_by_status() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(100)).await;
    let admin = t.as_admin(&p);
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&p.admin))
        .await;
    let (_, pending) = admin
        .quote_and_generate(
            &Generate::node_lock(&p.bank, 1, 1)
                .start("2026-04-01")
                .to(&p.admin),
        )
        .await;
    assert_eq!(pending.licenses[0].status, Lifecycle::Pending);
    let listed = |status: &'static str| {
        let admin = &admin;
        async move {
            let list = admin.licenses(&[("status", status)]).await.expect(200);
            list.licenses.len()
        }
    };
    assert_eq!(
        (
            listed("pending").await,
            listed("active").await,
            listed("expired").await
        ),
        (1, 1, 0)
    );
    t.at("2026-04-02", 0);
    assert_eq!(
        (
            listed("pending").await,
            listed("active").await,
            listed("expired").await
        ),
        (0, 1, 1)
    );
    admin
        .licenses(&[("status", "lost")])
        .await
        .expect_invalid("status");
    admin
        .licenses(&[("limit", "0")])
        .await
        .expect_invalid("limit");
}

#[tokio::test]
async fn a_portable_license_is_returned_and_assigned_to_someone_new() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let first = person();
    let (_, done) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 6, 1).to(&first))
        .await;
    let code = &done.licenses[0].code;
    let returned = admin.return_license(code).await.expect(200);
    assert_eq!(returned.assignee, None);
    assert_eq!(
        returned.actions,
        Actions {
            renew: true,
            r#return: false,
            assign: true
        }
    );
    admin
        .return_license(code)
        .await
        .expect_error(409, "not_assigned");
    let second = person();
    let assigned = admin.assign(code, &second.to_uppercase()).await.expect(200);
    assert_eq!(assigned.assignee.as_deref(), Some(second.as_str()));
    let history = &assigned.assignments;
    assert_eq!(history.len(), 2, "the history of assignees is kept");
    assert_eq!(
        (history[0].email.as_str(), history[0].until.as_deref()),
        (first.as_str(), Some("2026-03-02"))
    );
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 6, 94),
        "no refund, no charge"
    );
    t.drain().await;
    assert!(mails_to(&first)
        .iter()
        .any(|m| m.subject.contains("was returned")));
    assert!(
        mails_to(&second)
            .iter()
            .any(|m| m.text().contains(code.as_str())),
        "the new assignee gets the code"
    );
    // The new assignee's licences, through the assignee filter.
    let theirs = admin.licenses(&[("assignee", &second)]).await.expect(200);
    assert_eq!(theirs.licenses.len(), 1);
    let firsts = admin.licenses(&[("assignee", &first)]).await.expect(200);
    assert!(
        firsts.licenses.is_empty(),
        "a returned licence leaves its former assignee's list"
    );
}

#[tokio::test]
async fn return_and_assign_are_refused_outside_portable_25_1_banks() {
    let t = TestApp::new().await;
    for (version, portable) in [("24", true), ("25.1", false)] {
        let bank = BankSpec::portable(10)
            .version(version)
            .with_portable(portable);
        let p = t.provision(bank).await;
        let admin = t.as_admin(&p);
        let (_, done) = admin
            .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&p.admin))
            .await;
        let l = &done.licenses[0];
        assert_eq!((l.actions.r#return, l.actions.assign), (false, false));
        let refused = admin.return_license(&l.code).await;
        assert_eq!(
            (refused.status, refused.error_code()),
            (409, Some("not_portable")),
            "{version} {portable}"
        );
        admin
            .assign(&l.code, &person())
            .await
            .expect_error(409, "not_portable");
    }
}

#[tokio::test]
async fn the_dashboard_sums_remaining_credits_per_product() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    t.as_operator()
        .create_bank(&p.org, &BankSpec::older(30).until("2026-09-01"))
        .await
        .expect(201);
    let admin = t.as_admin(&p);
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 1).to(&p.admin))
        .await;
    let dash = admin.dashboard().await.expect(200);
    assert_eq!(dash.products.len(), 1);
    assert_eq!(
        (dash.products[0].name.as_str(), dash.products[0].remaining),
        ("Harmony Premium", 128)
    );
    assert_eq!(
        dash.products[0].next_expiry.as_deref(),
        Some("2026-09-01"),
        "the bank to use first"
    );
    assert_eq!(admin.banks().await.expect(200).banks.len(), 2);
}

#[tokio::test]
async fn a_renewal_draws_on_the_next_years_bank_and_keeps_the_activation_code() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(100).until("2026-06-10"))
        .await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let artist = person();
    let (_, done) = admin
        .quote_and_generate(&Generate::multiseat(&p.bank, 4, 2).to(&artist))
        .await;
    let code = done.licenses[0].code.clone();
    assert_eq!(
        done.licenses[0].expiry, "2026-06-10",
        "capped at its bank's end"
    );
    admin
        .renewal_quote(&code, &Renew::as_before())
        .await
        .expect_error(409, "at_bank_limit");
    assert!(!admin.license(&code).await.expect(200).actions.renew);
    // The studio buys next year's bank of the same product and version, and one whose licences
    // cannot be returned (a licence's portability stays what it was sold with).
    let next = op
        .create_bank(
            &p.org,
            &BankSpec::portable(60)
                .start("2026-06-01")
                .until("2027-06-01"),
        )
        .await
        .expect(201)
        .id;
    let not_portable = op
        .create_bank(
            &p.org,
            &BankSpec::portable(60)
                .with_portable(false)
                .until("2027-06-01"),
        )
        .await
        .expect(201)
        .id;
    admin
        .renewal_quote(&code, &Renew::as_before().from_bank(&not_portable))
        .await
        .expect_invalid("bank");
    // The licence now offers its renewal: another bank can take it further.
    assert!(admin.license(&code).await.expect(200).actions.renew);
    assert!(admin
        .licenses(&[])
        .await
        .expect(200)
        .licenses
        .iter()
        .any(|l| l.code == code && l.actions.renew));
    // The quote proposes the bank that can pay, and says so.
    let quoted = admin
        .renewal_quote(&code, &Renew::as_before().months(3))
        .await
        .expect(200);
    assert_eq!(quoted.bank, next);
    assert_eq!(
        (
            quoted.quote.start.as_str(),
            quoted.quote.expiry.as_str(),
            quoted.quote.credits
        ),
        ("2026-06-10", "2026-09-10", 6)
    );
    let renewed = admin
        .renew(
            &code,
            &Renew::as_before().months(3).from_bank(&next).credits(6u32),
        )
        .await
        .expect(200);
    assert_eq!(renewed.bank, next);
    let license = admin.license(&code).await.expect(200);
    assert_eq!(license.code, code, "the same activation code");
    let banks: Vec<_> = license.terms.iter().map(|t| t.bank.id.clone()).collect();
    assert_eq!(
        banks,
        vec![p.bank.clone(), next.clone()],
        "each term records its bank"
    );
    assert_eq!(
        license.terms[0].bank.expiry, "2026-06-10",
        "the first term's bank as it was"
    );
    assert_eq!(license.bank.id, next, "it now draws on the new bank");
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 8, 92)
    );
    assert_eq!(admin.bank(&next).await.expect(200).credits(), (60, 6, 54));
    let listed = admin
        .licenses(&[("bank", next.as_str())])
        .await
        .expect(200)
        .licenses;
    assert_eq!(
        listed.iter().map(|l| &l.code).collect::<Vec<_>>(),
        vec![&code]
    );
    let reports = elp_adapters::service::reconcile::check_all(&t.app.store)
        .await
        .unwrap();
    for r in reports.iter().filter(|r| r.org.as_str() == p.org) {
        assert!(r.problems.is_empty(), "{r:?}");
    }
    let first = reports.iter().find(|r| r.bank.as_str() == p.bank).unwrap();
    assert_eq!((first.used, first.license_credits), (8, 8));
}

#[tokio::test]
async fn a_generation_naming_only_its_product_draws_on_the_bank_closest_to_losing_its_credits() {
    let t = TestApp::new().await;
    // The provisioned bank runs to 2027-01-01; the operator adds one ending sooner with too few
    // credits, one ending sooner with enough, and one of another product ending sooner still.
    let p = t.provision(BankSpec::portable(100)).await;
    let op = t.as_operator();
    let bank = |spec: BankSpec| {
        let op = &op;
        let org = p.org.clone();
        async move { op.create_bank(&org, &spec).await.expect(201).id }
    };
    let poor = bank(BankSpec::portable(3).until("2026-08-01")).await;
    let soon = bank(BankSpec::portable(40).until("2026-10-01")).await;
    let other = bank(
        BankSpec::older(40)
            .product("storyboard-pro")
            .version("24")
            .until("2026-07-01"),
    )
    .await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = Generate::node_lock("", 2, 3)
        .to(&artist)
        .of_product(elp_tests::PRODUCT);
    let quoted = admin.quote(&request).await.expect(200);
    assert_eq!(
        quoted.bank, soon,
        "the earliest to expire that pays for all of it"
    );
    assert_ne!(quoted.bank, poor);
    let done = admin
        .generate(&request.clone().credits(quoted.quote.credits as u32))
        .await
        .expect(201);
    assert_eq!(done.licenses.len(), 3);
    assert!(done.licenses.iter().all(|l| l.bank.id == soon));
    assert_eq!(admin.bank(&soon).await.expect(200).credits(), (40, 6, 34));
    // Naming neither is refused on the field; a bank of another product than the one named, 409.
    admin
        .quote(&Generate::node_lock("", 1, 1).to(&artist))
        .await
        .expect_invalid("bank");
    admin
        .quote(
            &Generate::node_lock(&other, 1, 1)
                .to(&artist)
                .product(elp_tests::PRODUCT),
        )
        .await
        .expect_error(409, "product_mismatch");
}
