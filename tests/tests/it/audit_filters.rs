//! The audit trail as a tool (decisions 170-175): filters by who, what, which bank or licence
//! and which days, paged by items read; its CSV; the downloads and catalogue changes it records.

use std::collections::BTreeSet;

use elp_tests::api::AuditEvent;
use elp_tests::{
    person, ses_endpoint, BankSpec, Generate, Policy, Provisioned, Renew, TestApp, PRODUCT,
};

/// The actions of a page, newest first.
fn actions(events: &[AuditEvent]) -> Vec<&str> {
    events.iter().map(|e| e.action.as_str()).collect()
}

/// An organisation with a history over four days: on 2 March two licences generated (one
/// each for two people), on 3 March someone invited, on 4 March the first licence returned,
/// on 5 March the second renewed. The codes of the two licences.
async fn history(t: &TestApp) -> (Provisioned, String, String) {
    t.at("2026-03-02", 0);
    let p = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let first = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 3, 1).to(&person()))
        .await
        .1
        .licenses[0]
        .code
        .clone();
    t.at("2026-03-02", 5);
    let second = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 3, 1).to(&person()))
        .await
        .1
        .licenses[0]
        .code
        .clone();
    t.at("2026-03-03", 0);
    admin.invite(&person(), "member").await.expect(201);
    t.at("2026-03-04", 0);
    admin.return_license(&first).await.expect(200);
    t.at("2026-03-05", 0);
    let quote = admin
        .renewal_quote(&second, &Renew::default())
        .await
        .expect(200)
        .quote;
    admin
        .renew(&second, &Renew::default().credits(quote.credits as i64))
        .await
        .expect(200);
    (p, first, second)
}

#[tokio::test]
async fn each_filter_alone_and_combined() {
    let t = TestApp::new().await;
    let (p, first, second) = history(&t).await;
    let admin = t.as_admin(&p);
    let all = admin.audit().await.expect(200).events;
    let filtered = |query: &'static [(&'static str, &'static str)]| {
        let admin = &admin;
        async move { admin.audit_where(query).await.expect(200).events }
    };

    let generated = filtered(&[("action", "license_generated")]).await;
    assert_eq!(actions(&generated), ["license_generated"; 2]);
    let two = filtered(&[("action", "license_generated,license_returned")]).await;
    assert_eq!(
        actions(&two),
        ["license_returned", "license_generated", "license_generated"],
        "several actions: any of them, newest first"
    );

    // A licence's history: its generation, its return (and what the return released).
    let of_first = admin
        .audit_where(&[("license", &first.to_lowercase())])
        .await
        .expect(200)
        .events;
    assert!(
        of_first.iter().all(|e| e.subject.contains(&first)),
        "{of_first:?}"
    );
    assert!(actions(&of_first).contains(&"license_generated"));
    assert!(actions(&of_first).contains(&"license_returned"));
    assert!(!of_first.iter().any(|e| e.subject.contains(&second)));

    // A bank's: its creation by the provider, both generations and the renewal.
    let of_bank = admin
        .audit_where(&[("bank", &p.bank)])
        .await
        .expect(200)
        .events;
    assert_eq!(
        of_bank.len(),
        all.iter()
            .filter(|e| e.bank.as_deref() == Some(&p.bank))
            .count()
    );
    for action in ["bank_created", "license_generated", "license_renewed"] {
        assert!(actions(&of_bank).contains(&action), "{action}: {of_bank:?}");
    }
    assert!(!actions(&of_bank).contains(&"user_invited"));

    // Who did it: the admin, not the provider who created the organisation and its bank.
    let by_admin = admin
        .audit_where(&[("actor", &p.admin.to_uppercase())])
        .await
        .expect(200)
        .events;
    assert!(by_admin.iter().all(|e| e.actor == p.admin), "{by_admin:?}");
    assert!(!actions(&by_admin).contains(&"bank_created"));
    let by_provider = admin
        .audit_where(&[("actor", "ops@vendor.example")])
        .await
        .expect(200)
        .events;
    assert!(actions(&by_provider).contains(&"bank_created"));
    assert!(by_provider.iter().all(|e| e.actor.starts_with("operator:")));
    assert!(filtered(&[("actor", "system")]).await.is_empty());

    // Days, both included.
    let third = filtered(&[("from", "2026-03-03"), ("to", "2026-03-03")]).await;
    assert_eq!(actions(&third), ["user_invited"]);
    let from_fourth = filtered(&[("from", "2026-03-04")]).await;
    assert!(from_fourth.iter().all(|e| e.at.as_str() >= "2026-03-04"));
    assert!(actions(&from_fourth).contains(&"license_renewed"));
    let to_second = filtered(&[("to", "2026-03-02")]).await;
    assert!(to_second.iter().all(|e| e.at.as_str() < "2026-03-03"));
    assert_eq!(
        to_second.len() + filtered(&[("from", "2026-03-03")]).await.len(),
        all.len(),
        "a day range splits the trail"
    );

    // Combined: every filter given must match.
    let combined = admin
        .audit_where(&[
            ("actor", &p.admin),
            ("action", "license_generated,license_renewed"),
            ("bank", &p.bank),
            ("license", &second),
            ("from", "2026-03-02"),
            ("to", "2026-03-04"),
        ])
        .await
        .expect(200)
        .events;
    assert_eq!(actions(&combined), ["license_generated"]);
    assert!(combined[0].subject.contains(&second));

    // The operator reads an organisation's trail with the same filters.
    let op = t
        .as_operator()
        .org_audit_where(&p.org, &[("action", "license_returned")])
        .await
        .expect(200)
        .events;
    assert_eq!(actions(&op), ["license_returned"]);
}

#[tokio::test]
async fn a_filtered_trail_pages_with_a_cursor() {
    let t = TestApp::new().await;
    t.at("2026-03-02", 0);
    let p = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let mut codes = Vec::new();
    for minute in 0..5 {
        t.at("2026-03-02", 10 + minute);
        let generated = admin
            .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&p.admin))
            .await
            .1;
        codes.push(generated.licenses[0].code.clone());
        admin.invite(&person(), "member").await.expect(201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("action", "license_generated"), ("limit", "2")];
        if let Some(c) = cursor.as_deref() {
            query.push(("cursor", c));
        }
        let page = admin.audit_where(&query).await.expect(200);
        pages += 1;
        assert!(page.events.len() <= 2);
        assert!(page.events.iter().all(|e| e.action == "license_generated"));
        seen.extend(page.events.into_iter().map(|e| e.subject));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(pages < 10, "the cursor moves on");
    }
    codes.reverse();
    assert_eq!(seen, codes, "every generation once, newest first");
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn another_organisation_s_events_never_appear() {
    let t = TestApp::new().await;
    let (a, first, _) = history(&t).await;
    let b = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&b.admin).await;
    let other = t.as_admin(&b);
    for query in [
        vec![("actor", a.admin.as_str())],
        vec![("bank", a.bank.as_str())],
        vec![("license", first.as_str())],
        vec![("action", "license_returned")],
    ] {
        let events = other.audit_where(&query).await.expect(200).events;
        assert!(events.is_empty(), "{query:?}: {events:?}");
        let csv = other.audit_csv(&query).await.expect(200);
        assert_eq!(csv.lines().count(), 1, "{query:?}: the header alone");
    }
    assert!(other
        .audit_where(&[])
        .await
        .expect(200)
        .events
        .iter()
        .all(|e| e.org == b.org));
    // A's cursor does not lead B's reads into A's trail.
    let page = t
        .as_admin(&a)
        .audit_where(&[("limit", "1"), ("action", "license_generated")])
        .await
        .expect(200);
    let cursor = page.next.expect("more than one generation");
    other
        .audit_where(&[("cursor", &cursor), ("action", "license_generated")])
        .await
        .expect_error(400, "bad_request");
}

#[tokio::test]
async fn a_selective_filter_over_a_long_history_reads_a_bounded_page() {
    const BUDGET: u64 = 20;
    let t = TestApp::configured(ses_endpoint(), |c| c.audit_read_budget = BUDGET).await;
    t.at("2026-03-02", 0);
    let p = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let code = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&p.admin))
        .await
        .1
        .licenses[0]
        .code
        .clone();
    // Fifty later changes that are not about the licence.
    for i in 0..50u32 {
        t.at("2026-03-03", i);
        let policy = match i % 2 {
            0 => Policy::only(&["25.1"]),
            _ => Policy::unrestricted(),
        };
        admin
            .set_product_versions(PRODUCT, &policy)
            .await
            .expect(200);
    }
    let store = &t.app.store;
    let (mut cursor, mut found, mut requests) = (None::<String>, Vec::new(), 0);
    loop {
        let mut query = vec![("license", code.as_str())];
        if let Some(c) = cursor.as_deref() {
            query.push(("cursor", c));
        }
        let before = store.items_read();
        let page = admin.audit_where(&query).await.expect(200);
        let read = store.items_read() - before;
        requests += 1;
        // The caller's membership, then at most the budget of the trail.
        assert!(read <= BUDGET + 1, "request {requests} read {read} items");
        found.extend(page.events);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert!(
        requests >= 3,
        "50 unrelated events take pages of 20: {requests}"
    );
    assert_eq!(actions(&found), ["license_generated"]);

    // The licence page's link starts at its first day: the days are a key range, so the later
    // changes are read, the earlier history is not.
    let before = store.items_read();
    let page = admin
        .audit_where(&[
            ("license", &code),
            ("from", "2026-03-02"),
            ("to", "2026-03-02"),
        ])
        .await
        .expect(200);
    assert_eq!(actions(&page.events), ["license_generated"]);
    assert_eq!(page.next, None);
    assert!(store.items_read() - before <= BUDGET + 1);
}

#[tokio::test]
async fn the_csv_is_the_filtered_trail_and_every_download_is_audited() {
    let t = TestApp::new().await;
    let (p, first, _) = history(&t).await;
    let admin = t.as_admin(&p);
    t.at("2026-03-06", 0);
    let answer = admin
        .audit_csv(&[
            ("action", "license_generated,license_returned"),
            ("to", "2026-03-05"),
        ])
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        answer.header("content-disposition").as_deref(),
        Some("attachment; filename=\"audit-2026-03-06.csv\"")
    );
    let text = answer.text.clone();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("at,actor,action,subject,bank,credits,detail")
    );
    // No cell but the detail holds a comma here: the first six split off plainly.
    let records: Vec<Vec<&str>> = lines.map(|l| l.splitn(7, ',').collect()).collect();
    let cells: Vec<(&str, &str)> = records.iter().map(|r| (r[1], r[2])).collect();
    assert_eq!(
        cells,
        [
            (p.admin.as_str(), "license_returned"),
            (p.admin.as_str(), "license_generated"),
            (p.admin.as_str(), "license_generated"),
        ]
    );
    assert_eq!(records[0][3], first.as_str());
    assert_eq!(records[2][4], p.bank.as_str());
    assert!(records[2][5].parse::<i64>().unwrap() < 0, "credits taken");
    assert!(records[0][0].starts_with("2026-03-04T"));

    // The same in French: data, not words (decision 89).
    let french = admin
        .clone()
        .with_header("accept-language", "fr")
        .audit_csv(&[
            ("action", "license_generated,license_returned"),
            ("to", "2026-03-05"),
        ])
        .await
        .expect(200);
    assert_eq!(french, text);

    // Each download is in the trail, with what it held.
    t.at("2026-03-06", 10);
    admin.download_csv().await.expect(200);
    t.at("2026-03-06", 11);
    admin.bank_ledger_csv(&p.bank).await.expect(200);
    let downloads = admin
        .audit_where(&[(
            "action",
            "audit_downloaded,licenses_downloaded,ledger_downloaded",
        )])
        .await
        .expect(200)
        .events;
    assert_eq!(
        actions(&downloads),
        [
            "ledger_downloaded",
            "licenses_downloaded",
            "audit_downloaded",
            "audit_downloaded"
        ]
    );
    assert_eq!(downloads[0].bank.as_deref(), Some(p.bank.as_str()));
    assert!(downloads.iter().all(|e| e.actor == p.admin));
    assert_eq!(
        downloads[2].detail,
        "audit trail CSV downloaded (action=license_generated,license_returned&to=2026-03-05)"
    );
    // The downloads are in the trail's own CSV too, and the French trail says them in French.
    let fr = admin
        .clone()
        .with_header("accept-language", "fr")
        .audit_where(&[("action", "licenses_downloaded")])
        .await
        .expect(200)
        .events;
    assert_eq!(fr[0].detail, "CSV des licences téléchargé");
    // Members download nothing, and nothing is recorded for them.
    assert_eq!(t.as_user(&person()).audit_csv(&[]).await.status, 403);
}

#[tokio::test]
async fn a_csv_too_large_for_one_download_says_from_which_day_it_fits() {
    let t = TestApp::configured(ses_endpoint(), |c| c.audit_csv_max_events = 4).await;
    let (p, _, _) = history(&t).await;
    let admin = t.as_admin(&p);
    let refused = admin.audit_csv(&[]).await.expect_invalid("from");
    assert!(
        refused.message.contains("the events from") && refused.message.contains("on fit"),
        "{}",
        refused.message
    );
    // Narrowed to the days it names, it fits.
    let day = [
        ("2026-03-03", "3 March 2026"),
        ("2026-03-04", "4 March 2026"),
        ("2026-03-05", "5 March 2026"),
    ]
    .into_iter()
    .find(|(_, said)| refused.message.contains(said))
    .map(|(day, _)| day)
    .unwrap_or_else(|| panic!("a day of the history: {}", refused.message));
    admin.audit_csv(&[("from", day)]).await.expect(200);
    // Nothing downloaded, nothing recorded.
    let recorded = admin
        .audit_where(&[("action", "audit_downloaded")])
        .await
        .expect(200)
        .events;
    assert_eq!(recorded.len(), 1);

    let t = TestApp::configured(ses_endpoint(), |c| c.download_limit_bytes = 200).await;
    let (p, _, _) = history(&t).await;
    let refused = t
        .as_admin(&p)
        .audit_csv(&[("from", "2026-03-02"), ("to", "2026-03-02")])
        .await
        .expect_invalid("from");
    assert!(
        refused.message.contains("narrow the filter"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn filters_that_cannot_be_read_are_422_naming_the_field() {
    let t = TestApp::new().await;
    t.at("2026-03-02", 0);
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    for (query, field) in [
        (
            vec![("action", "license_generated,license_deleted")],
            "action",
        ),
        (vec![("action", "LICENSE_GENERATED")], "action"),
        (vec![("actor", "not an address")], "actor"),
        (vec![("bank", "no#bank")], "bank"),
        (vec![("license", "not-a-code!")], "license"),
        (vec![("from", "2026-3-1")], "from"),
        (vec![("to", "2026-02-30")], "to"),
        (vec![("from", "2026-03-05"), ("to", "2026-03-04")], "to"),
    ] {
        let e = admin.audit_where(&query).await.expect_invalid(field);
        assert!(!e.message.is_empty());
        admin.audit_csv(&query).await.expect_invalid(field);
        op.vendor_audit_where(&query).await.expect_invalid(field);
        op.org_audit_where(&p.org, &query)
            .await
            .expect_invalid(field);
    }
    let unknown = admin
        .audit_where(&[("action", "license_deleted")])
        .await
        .expect_invalid("action");
    assert!(
        unknown.message.contains("license_deleted"),
        "{}",
        unknown.message
    );
    let reversed = admin
        .audit_where(&[("from", "2026-03-05"), ("to", "2026-03-04")])
        .await
        .expect_invalid("to");
    assert!(reversed.message.contains("from"), "{}", reversed.message);
}

#[tokio::test]
async fn catalogue_changes_are_the_vendor_trail_s_and_filtered_there() {
    let t = TestApp::new().await;
    t.at("2026-03-02", 0);
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let op = t.as_operator();
    let mut catalog: serde_json::Value = serde_json::from_str(elp_tests::CATALOG).unwrap();
    t.at("2026-03-03", 0);
    catalog["products"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == PRODUCT)
        .unwrap()["releases"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "version": "25.2",
            "downloads": [{ "os": "windows", "url": "https://downloads.vendor.example/hp/25.2/windows" }]
        }));
    op.put_catalog(&catalog).await.expect(200);
    let changes = op
        .vendor_audit_where(&[("action", "catalog_changed"), ("from", "2026-03-03")])
        .await
        .expect(200)
        .events;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].actor.ends_with(" ops@vendor.example"));
    assert!(
        changes[0].detail.contains("added version 25.2"),
        "{}",
        changes[0].detail
    );
    let by_them = op
        .vendor_audit_where(&[
            ("actor", "ops@vendor.example"),
            ("action", "catalog_changed"),
        ])
        .await
        .expect(200)
        .events;
    assert_eq!(
        by_them.len(),
        2,
        "the provisioning's catalogue and this change"
    );
    // The catalogue belongs to no organisation: its changes are never in one's trail.
    let admin = t.as_admin(&p);
    assert!(admin
        .audit_where(&[("action", "catalog_changed")])
        .await
        .expect(200)
        .events
        .is_empty());
    let days: BTreeSet<&str> = changes.iter().map(|e| &e.at[..10]).collect();
    assert_eq!(days, BTreeSet::from(["2026-03-03"]));
}
