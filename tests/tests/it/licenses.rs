//! The licence list as an admin searches it (part of a code, part of an address, a product, by
//! expiry, page after page), what a licence says of its terms (the current one and the next a
//! renewal added) and of the actions it does not offer, the mails it records, and the order in
//! which a newcomer receives their mail.

use elp_tests::api::{License, MailKind};
use elp_tests::{mails_to, person, unique, BankSpec, Client, Generate, Renew, TestApp};

/// Every licence the list gives for `query`, following `next` with pages of `limit`.
async fn all_pages(admin: &Client<'_>, query: &[(&str, &str)], limit: usize) -> Vec<License> {
    let limit = limit.to_string();
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut q: Vec<(&str, &str)> = query.to_vec();
        q.push(("limit", &limit));
        if let Some(c) = &cursor {
            q.push(("cursor", c));
        }
        let page = admin.licenses(&q).await.expect(200);
        assert!(page.licenses.len() <= limit.parse().unwrap());
        found.extend(page.licenses);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return found,
        }
    }
    panic!("the list never ended");
}

fn codes(licenses: &[License]) -> Vec<&str> {
    licenses.iter().map(|l| l.code.as_str()).collect()
}

fn sorted(mut codes: Vec<&str>) -> Vec<&str> {
    codes.sort();
    codes
}

#[tokio::test]
async fn the_list_finds_part_of_a_code_or_an_address_by_product_sorted_by_expiry_page_after_page() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(500)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let storyboard = op
        .create_bank(&p.org, &BankSpec::portable(100).product("storyboard-pro"))
        .await
        .expect(201)
        .id;
    // "smith" cannot be part of a code (they have no I), so only addresses match it.
    let ben = format!("{}.Smith@studio.example", unique("ben"));
    let ana = person();
    let (_, bens) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 3, 2).to(&ben))
        .await;
    let (_, anas) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&ana))
        .await;
    let (_, pending) = admin
        .quote_and_generate(
            &Generate::node_lock(&p.bank, 2, 1)
                .start("2026-05-01")
                .to(&ana),
        )
        .await;
    let (_, boards) = admin
        .quote_and_generate(&Generate::multiseat(&storyboard, 6, 2).to(&p.admin))
        .await;
    let all = all_pages(&admin, &[], 2).await;
    let everything = sorted(codes(&all));
    assert_eq!(everything.len(), 5);

    // Another organisation's licences, even one held by a Smith, are never listed.
    let other_admin = format!("{}@elsewhere.example", unique("admin-"));
    let other = op
        .create_org("Studio Sud", &other_admin)
        .await
        .expect(201)
        .org
        .id;
    let other_bank = op
        .create_bank(&other, &BankSpec::portable(50))
        .await
        .expect(201)
        .id;
    let theirs = t
        .as_user(&other_admin)
        .quote_and_generate(
            &Generate::node_lock(&other_bank, 1, 1)
                .to(&format!("{}.smith@elsewhere.example", unique("cy"))),
        )
        .await
        .1
        .licenses[0]
        .code
        .clone();

    // Part of an address, in any case.
    let smiths = all_pages(&admin, &[("q", "SMITH")], 1).await;
    assert_eq!(sorted(codes(&smiths)), sorted(codes(&bens.licenses)));
    let first = ben.split('.').next().unwrap();
    assert_eq!(
        sorted(codes(&all_pages(&admin, &[("q", first)], 50).await)),
        sorted(codes(&bens.licenses))
    );
    // Part of a code, dashes and case ignored; the whole code (read by its key).
    let code = &anas.licenses[0].code;
    let part = code[3..12].to_lowercase();
    assert!(part.contains('-'));
    let found = all_pages(&admin, &[("q", &part)], 50).await;
    assert!(
        codes(&found).contains(&code.as_str()),
        "{part} finds {code}"
    );
    let whole = code.replace('-', "").to_lowercase();
    let found = admin.licenses(&[("q", &whole)]).await.expect(200);
    assert_eq!(codes(&found.licenses), [code.as_str()]);
    assert_eq!(found.next, None);
    // The whole code of another organisation's licence finds nothing.
    let found = admin.licenses(&[("q", &theirs)]).await.expect(200);
    assert!(found.licenses.is_empty());
    // A whole code with filters that exclude it finds nothing either.
    let found = admin
        .licenses(&[("q", &whole), ("product", "storyboard-pro")])
        .await
        .expect(200);
    assert!(found.licenses.is_empty());

    // By product.
    let boards_found = all_pages(&admin, &[("product", "storyboard-pro")], 1).await;
    assert_eq!(codes(&boards_found), codes(&boards.licenses));
    let harmony = all_pages(&admin, &[("product", "harmony-premium")], 2).await;
    assert_eq!(harmony.len(), 4);

    // By expiry, soonest first and latest first, across pages of two.
    let soonest = all_pages(&admin, &[("sort", "expiry")], 2).await;
    assert_eq!(sorted(codes(&soonest)), everything);
    let expiries: Vec<&str> = soonest.iter().map(|l| l.expiry.as_str()).collect();
    assert!(expiries.windows(2).all(|w| w[0] <= w[1]), "{expiries:?}");
    assert_eq!(expiries.first(), Some(&"2026-04-02"));
    assert_eq!(expiries.last(), Some(&"2026-09-02"));
    let latest = all_pages(&admin, &[("sort", "-expiry")], 2).await;
    let expiries: Vec<&str> = latest.iter().map(|l| l.expiry.as_str()).collect();
    assert!(expiries.windows(2).all(|w| w[0] >= w[1]), "{expiries:?}");
    assert_eq!(sorted(codes(&latest)), everything);

    // Filters combine: active Harmony licences of Ana by expiry; pending ones by part of a mail.
    let anas_active = all_pages(
        &admin,
        &[
            ("sort", "expiry"),
            ("product", "harmony-premium"),
            ("status", "active"),
            ("assignee", &ana.replace('@', "%40")),
        ],
        1,
    )
    .await;
    assert_eq!(codes(&anas_active), codes(&anas.licenses));
    let local = ana.split('@').next().unwrap();
    let anas_pending = all_pages(&admin, &[("q", local), ("status", "pending")], 1).await;
    assert_eq!(codes(&anas_pending), codes(&pending.licenses));
    let by_bank = all_pages(
        &admin,
        &[("bank", &p.bank), ("sort", "-expiry"), ("q", "smith")],
        1,
    )
    .await;
    assert_eq!(sorted(codes(&by_bank)), sorted(codes(&bens.licenses)));

    // By expiry, a status reads only its side of today: expired licences are never read for
    // a list of active ones.
    t.at("2026-06-10", 0);
    let expired = all_pages(&admin, &[("sort", "expiry"), ("status", "expired")], 1).await;
    let mut gone = codes(&anas.licenses);
    gone.extend(codes(&bens.licenses));
    assert_eq!(sorted(codes(&expired)), sorted(gone));
    assert_eq!(expired[0].code, anas.licenses[0].code, "the soonest first");
    let active = all_pages(&admin, &[("sort", "-expiry"), ("status", "active")], 1).await;
    assert_eq!(
        codes(&active),
        [
            boards.licenses[0].code.as_str(),
            pending.licenses[0].code.as_str()
        ]
    );
    let read = |query: &'static [(&'static str, &'static str)]| {
        let admin = &admin;
        let store = &t.app.store;
        async move {
            let before = store.items_read();
            admin.licenses(query).await.expect(200);
            store.items_read() - before
        }
    };
    let by_creation = read(&[("status", "active")]).await;
    let by_expiry = read(&[("status", "active"), ("sort", "expiry")]).await;
    assert_eq!(
        by_creation - by_expiry,
        3,
        "the three expired licences are not read"
    );
    t.at(elp_tests::TODAY, 0);

    // A cursor belongs to its order.
    let page = admin
        .licenses(&[("limit", "1")])
        .await
        .expect(200)
        .next
        .expect("more than one page");
    admin
        .licenses(&[("sort", "expiry"), ("cursor", &page)])
        .await
        .expect_error(400, "bad_request");
}

#[tokio::test]
async fn list_parameters_out_of_shape_are_422_naming_the_field() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    let long = "a".repeat(255);
    for (query, field) in [
        (vec![("q", "")], "q"),
        (vec![("q", "%20%20")], "q"),
        (vec![("q", long.as_str())], "q"),
        (vec![("q", "a%00b")], "q"),
        (vec![("sort", "oldest")], "sort"),
        (vec![("sort", "EXPIRY")], "sort"),
        (vec![("product", "harmony%20premium")], "product"),
        (vec![("product", &long)], "product"),
    ] {
        admin.licenses(&query).await.expect_invalid(field);
    }
    // Empty product and sort mean no filter and the default order.
    admin
        .licenses(&[("product", ""), ("sort", "")])
        .await
        .expect(200);
    // 254 characters is still a search.
    let longest = "a".repeat(254);
    admin.licenses(&[("q", &longest)]).await.expect(200);
}

#[tokio::test]
async fn a_multiseat_renewed_with_more_computers_has_its_first_term_s_until_the_new_one_starts() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let (_, done) = admin
        .quote_and_generate(&Generate::multiseat(&p.bank, 2, 3).to(&artist))
        .await;
    let code = done.licenses[0].code.clone();
    let renew = Renew::default().months(1).computers(5);
    let quote = admin.renewal_quote(&code, &renew).await.expect(200).quote;
    assert_eq!(quote.credits, 5);
    let renewed = admin
        .renew(&code, &renew.credits(5))
        .await
        .expect(200)
        .license;
    for l in [&renewed, &admin.license(&code).await.expect(200)] {
        assert_eq!(l.terms.len(), 2);
        assert_eq!(l.computers, 3, "the first term runs until 2026-05-02");
        assert_eq!(l.current_term, l.terms[0]);
        assert_eq!(l.next_term.as_ref(), Some(&l.terms[1]));
        assert_eq!(
            (
                l.terms[1].start.as_str(),
                l.terms[1].expiry.as_str(),
                l.terms[1].computers
            ),
            ("2026-05-02", "2026-06-02", 5)
        );
        for term in &l.terms {
            assert_eq!(term.bank, l.bank, "every term drew on the licence's bank");
            assert_eq!(term.bank.id, p.bank);
        }
        assert_eq!(l.version, "25.1");
        let kinds: Vec<MailKind> = l.mails.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [MailKind::LicenseGenerated, MailKind::LicenseRenewed]
        );
        assert!(l.mails.iter().all(|m| m.to == artist));
    }
    // The member sees the same.
    let mine = t.as_user(&artist).my_licenses().await.expect(200);
    let m = &mine.licenses[0];
    assert_eq!((m.computers, m.current_term.computers), (3, 3));
    assert_eq!(m.next_term.as_ref().map(|n| n.computers), Some(5));

    // The renewal mail states both terms.
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&artist);
    let renewal = mails
        .iter()
        .find(|m| m.subject.contains("was renewed"))
        .expect("the renewal mail");
    let text = renewal.text();
    assert!(
        text.contains(
            "Current term: from 2 March 2026 until 2 May 2026 (it expires on that day), 3 computers"
        ),
        "{text}"
    );
    assert!(
        text.contains("Next term: from 2 May 2026 until 2 June 2026, 5 computers"),
        "{text}"
    );

    // From the second term's start on: 5 computers, nothing next.
    t.at("2026-05-02", 0);
    let l = admin.license(&code).await.expect(200);
    assert_eq!(l.computers, 5);
    assert_eq!(l.current_term, l.terms[1]);
    assert_eq!(l.next_term, None);
    // After the last expiry: the last term is still the current one.
    t.at("2026-07-01", 0);
    let l = admin.license(&code).await.expect(200);
    assert_eq!((l.computers, l.next_term.is_none()), (5, true));
}

#[tokio::test]
async fn why_not_names_a_non_portable_bank_and_the_bank_limit_with_what_to_do() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(100)).await;
    let admin = t.as_admin(&p);
    let (_, done) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 1).to(&p.admin))
        .await;
    let l = &done.licenses[0];
    assert!(l.actions.renew && !l.actions.r#return && !l.actions.assign);
    assert_eq!(l.why_not.renew, None);
    for why in [&l.why_not.r#return, &l.why_not.assign] {
        let why = why
            .as_ref()
            .expect("no return or assign on a version 24 bank");
        assert_eq!(why.code, "not_portable");
        assert!(why.message.contains("24"), "{}", why.message);
        assert!(
            why.hint.as_deref().is_some_and(|h| h.contains("support")),
            "{why:?}"
        );
    }
    // The refusal the route gives says the same.
    let refused = admin
        .return_license(&l.code)
        .await
        .expect_error(409, "not_portable");
    assert_eq!(
        Some(refused.message.as_str()),
        l.why_not.r#return.as_ref().map(|w| w.message.as_str())
    );

    // A licence that ends on its bank's expiry cannot be renewed: another bank can help.
    let short = t
        .as_operator()
        .create_bank(&p.org, &BankSpec::portable(100).until("2026-05-02"))
        .await
        .expect(201)
        .id;
    let (_, done) = admin
        .quote_and_generate(&Generate::node_lock(&short, 2, 1).to(&p.admin))
        .await;
    let l = &done.licenses[0];
    assert_eq!(l.expiry, "2026-05-02");
    assert!(!l.actions.renew && l.actions.r#return);
    let renew = l.why_not.renew.as_ref().expect("at the bank's limit");
    assert_eq!(renew.code, "at_bank_limit");
    assert!(renew.message.contains("2 May 2026"));
    assert!(
        renew
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("bank that runs longer")),
        "{renew:?}"
    );
    assert_eq!(l.why_not.r#return, None);
    assert_eq!(
        l.why_not.assign.as_ref().map(|w| w.code.as_str()),
        Some("already_assigned")
    );
    admin
        .renew(&l.code, &Renew::default().credits(2))
        .await
        .expect_error(409, "at_bank_limit");
}

#[tokio::test]
async fn a_newcomer_gets_the_invitation_before_the_licence_and_the_licence_records_its_mails() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let first = person();
    let (_, done) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&first))
        .await;
    let code = done.licenses[0].code.clone();
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&first);
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(
        subjects[0].contains("invited you to Studio Nord"),
        "{subjects:?}"
    );
    assert!(
        subjects[1].contains("Harmony Premium licence"),
        "{subjects:?}"
    );
    // The licence mail marks the licensed version among the downloads, and its term.
    let text = mails[1].text();
    assert!(
        text.contains("Product: Harmony Premium (version 25.1)"),
        "{text}"
    );
    assert!(
        text.contains("Harmony Premium 25.1 (your licence's version) for "),
        "{text}"
    );
    assert!(!text.contains("24 (your licence's version)"));
    assert!(text.contains("Current term: from 2 March 2026 until 2 April 2026"));
    assert!(!text.contains("Next term"));
    assert!(mails[1]
        .html()
        .contains("<strong>(your licence's version)</strong>"));

    // Returned, then assigned to another newcomer: the same order, and the record of all three.
    admin.return_license(&code).await.expect(200);
    let second = person();
    let l = admin.assign(&code, &second).await.expect(200);
    let record: Vec<(MailKind, &str)> = l.mails.iter().map(|m| (m.kind, m.to.as_str())).collect();
    assert_eq!(
        record,
        [
            (MailKind::LicenseGenerated, first.as_str()),
            (MailKind::LicenseReturned, first.as_str()),
            (MailKind::LicenseAssigned, second.as_str()),
        ]
    );
    assert!(l.mails.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(t.drain().await.failed, 0);
    let subjects: Vec<String> = mails_to(&second).into_iter().map(|m| m.subject).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects[0].contains("invited you to"), "{subjects:?}");
    assert!(subjects[1].contains("licence"), "{subjects:?}");
    assert!(mails_to(&first)
        .iter()
        .any(|m| m.subject.contains("was returned")));
    // The list shows the record too.
    let listed = admin.licenses(&[("q", &code)]).await.expect(200);
    assert_eq!(listed.licenses[0].mails, l.mails);
}

#[tokio::test]
async fn licences_written_before_search_and_gsi4_are_found_after_the_rewrite() {
    use elp_adapters::aws_sdk_dynamodb::types::AttributeValue;
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let artist = format!("{}.smith@studio.example", unique("old"));
    let (_, done) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&artist))
        .await;
    let code = done.licenses[0].code.clone();
    let before = admin.license(&code).await.expect(200);
    // The item as an earlier version wrote it: no `search`, no `gsi4` keys.
    t.app
        .store
        .client()
        .update_item()
        .table_name(t.app.store.table())
        .key("pk", AttributeValue::S(format!("LICENSE#{code}")))
        .key("sk", AttributeValue::S("LICENSE".into()))
        .update_expression("REMOVE #search, #gsi4pk, #gsi4sk")
        .expression_attribute_names("#search", "search")
        .expression_attribute_names("#gsi4pk", "gsi4pk")
        .expression_attribute_names("#gsi4sk", "gsi4sk")
        .send()
        .await
        .expect("an old-style item");
    assert!(all_pages(&admin, &[("q", "smith")], 10).await.is_empty());
    assert!(all_pages(&admin, &[("sort", "expiry")], 10)
        .await
        .is_empty());
    let done = elp_adapters::service::reconcile::rewrite_licenses(&t.app.store)
        .await
        .expect("the rewrite");
    assert_eq!((done.rewritten, done.changed), (1, 0));
    assert_eq!(
        codes(&all_pages(&admin, &[("q", "smith")], 10).await),
        [code.as_str()]
    );
    assert_eq!(
        codes(&all_pages(&admin, &[("sort", "expiry")], 10).await),
        [code.as_str()]
    );
    // Nothing else changed: the licence reads as before.
    assert_eq!(admin.license(&code).await.expect(200), before);
}
