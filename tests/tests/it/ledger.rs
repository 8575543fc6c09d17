//! The forecast of a bank's credits at the current use (decision 93) and the bank ledger
//! (decisions 94-96), against DynamoDB Local and the SES emulator.

use elp_tests::{mails_to, BankSpec, Generate, TestApp, TODAY};

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
