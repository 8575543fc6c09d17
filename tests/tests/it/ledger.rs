//! The forecast of a bank's credits at the current use (decision 93) and the bank ledger
//! (decisions 94-96), against DynamoDB Local and the SES emulator.

use elp_tests::{mails_to, BankSpec, Generate, Renew, TestApp, TODAY};

#[tokio::test]
async fn the_forecast_renews_at_current_settings_on_the_banks_the_dashboard_and_the_warning() {
    let t = TestApp::new().await;
    t.at(TODAY, 0);
    let p = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    // Two node locks for 3 months from 2 March: 6 credits, then 6 on 2 June and on
    // 2 September, and 2 on 2 December (capped at the bank's expiry, 1 January 2027: the one
    // month started before it).
    let request = Generate::node_lock(&p.bank, 3, 2).to(&p.admin);
    admin.quote_and_generate(&request).await;
    let bank = admin.bank(&p.bank).await.expect(200);
    let forecast = bank
        .forecast
        .expect("the admin's bank carries its forecast");
    assert_eq!(
        (
            forecast.remaining,
            forecast.needed,
            forecast.burn,
            forecast.forfeited
        ),
        (94, 14, 14, 80)
    );
    assert_eq!(forecast.run_out, None);
    assert_eq!(forecast.forfeited_on.as_deref(), Some("2027-01-01"));
    let months: Vec<_> = forecast
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.credits))
        .collect();
    assert_eq!(months, vec![("2026-06", 6), ("2026-09", 6), ("2026-12", 2)]);
    assert_eq!(
        forecast.message.as_deref(),
        Some("At your current use, 80 credits will be lost on 1 January 2027")
    );
    let listed = admin.banks().await.expect(200);
    assert_eq!(
        listed.banks[0].forecast.as_ref().map(|f| f.forfeited),
        Some(80),
        "the list forecasts as the bank does"
    );
    let dashboard = admin.dashboard().await.expect(200);
    let line = &dashboard.products[0];
    assert_eq!((line.forecast.forfeited, line.forecast.burn), (80, 14));
    assert_eq!(
        line.forecast.message.as_deref(),
        Some("At your current use, 80 credits will be lost as banks expire, the first on 1 January 2027")
    );
    assert_eq!(line.banks[0].forecast.as_ref().unwrap().forfeited, 80);

    // Thirty days before the expiry the licences lapsed (nobody renewed them): the warning
    // says that everything left will be lost.
    t.at("2026-12-02", 0);
    elp_expiry_warnings::handle(&t.app).await.unwrap();
    t.drain().await;
    let warning = mails_to(&p.admin)
        .into_iter()
        .find(|m| m.subject.contains("expire in 30 days"))
        .expect("the 30-day warning");
    assert!(
        warning
            .text()
            .contains("At your current use, 94 credits will be lost on 1 January 2027."),
        "{}",
        warning.text()
    );
}

#[tokio::test]
async fn the_forecast_says_when_credits_run_out() {
    let t = TestApp::new().await;
    t.at(TODAY, 0);
    let p = t.provision(BankSpec::portable(20)).await;
    let admin = t.as_admin(&p);
    // 4 computers for 2 months from 2 March: 8 credits now, 8 on 2 May (12 left covers it),
    // 8 on 2 July (4 left do not).
    let request = Generate::multiseat(&p.bank, 2, 4).to(&p.admin);
    admin.quote_and_generate(&request).await;
    let forecast = admin.bank(&p.bank).await.expect(200).forecast.unwrap();
    assert_eq!(forecast.run_out.as_deref(), Some("2026-07"));
    assert_eq!((forecast.burn, forecast.forfeited), (12, 0));
    assert_eq!(
        forecast.message.as_deref(),
        Some("At your current use, the credits run out in July 2026, before the bank expires on 1 January 2027")
    );
}

#[tokio::test]
async fn the_ledger_lists_every_movement_with_its_balance_and_adds_up_to_the_bank() {
    let t = TestApp::new().await;
    t.at(TODAY, 0);
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    // One movement a minute: the ledger is in the order the changes were made.
    t.at(TODAY, 1);
    let request = Generate::node_lock(&p.bank, 3, 2).to(&p.admin);
    let (_, made) = admin.quote_and_generate(&request).await;
    t.at(TODAY, 2);
    op.grant(&p.bank, 10).await.expect(200);
    t.at(TODAY, 3);
    let code = &made.licenses[0].code;
    admin
        .renew(code, &Renew::as_before().credits(3))
        .await
        .expect(200);
    t.at(TODAY, 4);
    op.void_credits(&p.bank, 1, "created too large")
        .await
        .expect(200);
    t.at(TODAY, 5);
    op.extend_bank(&p.bank, "2027-03-01", "the studio bought two months")
        .await
        .expect(200);

    let ledger = admin.bank_ledger(&p.bank, &[]).await.expect(200);
    let seen: Vec<_> = ledger
        .entries
        .iter()
        .map(|e| (e.event.action.as_str(), e.event.credits, e.balance))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("bank_created", 100, 100),
            ("license_generated", -6, 94),
            ("credits_granted", 10, 104),
            ("license_renewed", -3, 101),
            ("credits_voided", -1, 100),
            ("bank_extended", 0, 100),
        ]
    );
    assert_eq!(ledger.next, None);
    assert_eq!(
        ledger.entries.last().unwrap().balance,
        ledger.bank.remaining as i64,
        "the last balance is what the bank holds"
    );
    let charged: i64 = ledger
        .entries
        .iter()
        .filter(|e| e.event.action.starts_with("license_"))
        .map(|e| -e.event.credits)
        .sum();
    assert_eq!(
        charged, ledger.bank.used as i64,
        "the terms charged are the bank's used"
    );
    assert_eq!(ledger.entries[1].event.actor_label, p.admin);

    // A page at a time: the cursor carries the balance where the page ended.
    let first = admin
        .bank_ledger(&p.bank, &[("limit", "2")])
        .await
        .expect(200);
    assert_eq!(first.entries.len(), 2);
    let cursor = first.next.expect("more follow");
    let second = admin
        .bank_ledger(&p.bank, &[("limit", "2"), ("cursor", &cursor)])
        .await
        .expect(200);
    let balances: Vec<_> = second.entries.iter().map(|e| e.balance).collect();
    assert_eq!(balances, vec![104, 101]);

    // Bad input: a limit out of range names its field; a cursor that is not one is refused.
    let bad = admin
        .bank_ledger(&p.bank, &[("limit", "0")])
        .await
        .expect_error(422, "invalid");
    assert_eq!(bad.field.as_deref(), Some("limit"));
    admin
        .bank_ledger(&p.bank, &[("cursor", "not-a-cursor")])
        .await
        .expect_error(400, "bad_request");
    // Another organisation never reads this bank's ledger, nor finds it by a cursor of ours.
    let other = t.provision(BankSpec::portable(5)).await;
    let stranger = t.as_admin(&other);
    stranger
        .bank_ledger(&p.bank, &[])
        .await
        .expect_error(404, "not_found");
    stranger
        .bank_ledger_csv(&p.bank)
        .await
        .expect_error(404, "not_found");
    stranger
        .bank_ledger(&other.bank, &[("cursor", &cursor)])
        .await
        .expect_error(400, "bad_request");
    // The licence provider reads it through the organisation, and only through its own.
    let seen_by_op = op.org_bank_ledger(&p.org, &p.bank).await.expect(200);
    assert_eq!(seen_by_op.entries.len(), 6);
    op.org_bank_ledger(&other.org, &p.bank)
        .await
        .expect_error(404, "not_found");

    let csv = admin.bank_ledger_csv(&p.bank).await;
    assert_eq!(csv.status, 200);
    let rows: Vec<&str> = csv.text.lines().collect();
    assert_eq!(rows[0], "at,movement,by,subject,credits,balance,detail");
    assert_eq!(rows.len(), 7);
    assert!(
        rows[2].contains(",Licences generated,") && rows[2].contains(",-6,94,"),
        "{}",
        rows[2]
    );

    // At the (new) expiry the forfeit empties the ledger as it empties the bank.
    t.at("2027-03-01", 0);
    elp_expire_banks::handle(&t.app).await.unwrap();
    let ledger = admin.bank_ledger(&p.bank, &[]).await.expect(200);
    let last = ledger.entries.last().unwrap();
    assert_eq!(
        (last.event.action.as_str(), last.event.credits, last.balance),
        ("bank_expired", -100, 0)
    );
    let report = elp_adapters::service::reconcile::check_all(&t.app.store)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.bank.as_str() == p.bank)
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        (
            report.ledger.movements,
            report.ledger.charged,
            report.ledger.balance
        ),
        (7, 9, 0)
    );
    // Rebuilt from the trail, the ledger is the same: each entry is put again under its id.
    let written = elp_adapters::service::reconcile::rebuild_ledgers(&t.app.store)
        .await
        .unwrap();
    assert!(written >= 7, "{written}");
    let again = admin.bank_ledger(&p.bank, &[]).await.expect(200);
    assert_eq!(again.entries.len(), 7, "nothing twice");
}
