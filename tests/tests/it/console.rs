//! The vendor's console: finding organisations, licences and people across organisations, the
//! vendor's trail, and the operator's corrections (rename, suspend and resume, extend and void
//! a bank, replace an admin, bind an account), each with its rule.

use elp_tests::api::Lifecycle;
use elp_tests::{
    person, user_claims, BankSpec, Caller, ChangeUser, Generate, Policy, Renew, TestApp,
    TEST_ISSUER,
};

/// An organisation with a signed-in admin, named `name`.
async fn studio(t: &TestApp, name: &str, bank: BankSpec) -> (String, String, String) {
    let op = t.as_operator();
    let admin = person();
    let org = op.create_org(name, &admin).await.expect(201).org.id;
    let bank = op.create_bank(&org, &bank).await.expect(201).id;
    t.sign_in(&admin).await;
    (org, admin, bank)
}

#[tokio::test]
async fn organisations_are_listed_by_name_and_found_by_a_word_an_address_or_a_domain() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let suffix = elp_tests::unique("");
    let (zeta, zeta_admin, _) =
        studio(&t, &format!("Zeta Pictures {suffix}"), BankSpec::older(5)).await;
    let (alpha, _, _) = studio(&t, &format!("alpha-Motion {suffix}"), BankSpec::older(5)).await;
    let op = t.as_operator();

    // By name, alphabetically whatever the case; a word's start finds it, the middle does not.
    let all = op.orgs(None).await.expect(200).orgs;
    let mine: Vec<&str> = all
        .iter()
        .filter(|o| [alpha.as_str(), zeta.as_str()].contains(&o.id.as_str()))
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(mine, vec![alpha.as_str(), zeta.as_str()], "alphabetical");
    let found = op
        .orgs(Some(&format!("motion {suffix}")))
        .await
        .expect(200)
        .orgs;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].id, alpha);
    let found = op
        .orgs(Some(&format!("pict {suffix}")))
        .await
        .expect(200)
        .orgs;
    assert_eq!(found.iter().map(|o| &o.id).collect::<Vec<_>>(), vec![&zeta]);
    let found = op
        .orgs(Some(&format!("ictures {suffix}")))
        .await
        .expect(200)
        .orgs;
    assert!(
        found.is_empty(),
        "the middle of a word finds nothing: {found:?}"
    );

    // A person's address finds their organisation; a domain, every organisation with people
    // there (artists in several studios share one).
    let found = op.orgs(Some(&zeta_admin)).await.expect(200).orgs;
    assert_eq!(found.iter().map(|o| &o.id).collect::<Vec<_>>(), vec![&zeta]);
    assert!(op
        .orgs(Some("nobody@nowhere.example"))
        .await
        .expect(200)
        .orgs
        .is_empty());
    let domain = format!("{}.example", elp_tests::unique("freelance-"));
    t.sign_in(&p.admin).await;
    let one = format!("ana@{domain}");
    let two = format!("ben@{domain}");
    t.as_admin(&p).invite(&one, "member").await.expect(201);
    let alpha_admin = op.org_users(&alpha).await.expect(200).users[0]
        .email
        .clone();
    t.as_user(&alpha_admin)
        .invite(&two, "member")
        .await
        .expect(201);
    let found = op.orgs(Some(&format!("@{domain}"))).await.expect(200).orgs;
    let mut ids: Vec<&str> = found.iter().map(|o| o.id.as_str()).collect();
    ids.sort();
    let mut want = vec![p.org.as_str(), alpha.as_str()];
    want.sort();
    assert_eq!(ids, want);

    // What the search cannot read is a 422 on q; the console is the operator's only.
    for bad in ["  --  ", "@not a domain", "a@b"] {
        op.orgs(Some(bad)).await.expect_invalid("q");
    }
    t.as_admin(&p)
        .orgs(None)
        .await
        .expect_error(403, "forbidden");
}

#[tokio::test]
async fn one_organisation_its_lists_and_lookups_across_organisations() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    let artist = person();
    let made = t
        .as_admin(&p)
        .generate(&Generate::node_lock(&p.bank, 2, 1).to(&artist).credits(2))
        .await
        .expect(201);
    let code = made.licenses[0].code.clone();
    let (other, _, _) = studio(&t, "Other Studio", BankSpec::older(5)).await;
    let op = t.as_operator();

    let detail = op.org(&p.org).await.expect(200);
    assert_eq!(detail.org.name, "Studio Nord");
    assert_eq!(
        (detail.org.active_admins, detail.org.mail_budget_set),
        (1, false)
    );
    assert_eq!(detail.banks.len(), 1);
    assert_eq!(detail.banks[0].used, 2);
    let licenses = op.org_licenses(&p.org, &[]).await.expect(200).licenses;
    assert_eq!(
        licenses.iter().map(|l| &l.code).collect::<Vec<_>>(),
        vec![&code]
    );
    assert!(op
        .org_licenses(&other, &[])
        .await
        .expect(200)
        .licenses
        .is_empty());
    let active = op
        .org_licenses(&p.org, &[("status", "active"), ("assignee", &artist)])
        .await
        .expect(200);
    assert_eq!(active.licenses.len(), 1);
    let people = op.org_users(&p.org).await.expect(200).users;
    let admin = people.iter().find(|u| u.email == p.admin).unwrap();
    assert_eq!(
        admin.account.as_ref().map(|a| a.subject.clone()),
        Some(format!("sub-{}", p.admin)),
        "the account bound at the first sign-in"
    );
    let invitee = people.iter().find(|u| u.email == artist).unwrap();
    assert_eq!(invitee.account, None, "not signed in yet");
    let trail = op.org_audit(&p.org).await.expect(200).events;
    assert!(trail.iter().any(|e| e.action == "license_generated"));

    // A licence by its code, written any way a customer reads it out; a person by address.
    let spaced = code.to_lowercase().replace('-', " ");
    let found = op.find_license(&spaced).await.expect(200);
    assert_eq!(
        (found.license.code.as_str(), found.org.id.as_str()),
        (code.as_str(), p.org.as_str())
    );
    assert_eq!(found.org.name, "Studio Nord");
    op.find_license("2222-2222-2222-2222")
        .await
        .expect_error(404, "not_found");
    let found = op.find_user(&artist.to_uppercase()).await.expect(200);
    assert_eq!(
        (found.user.email.as_str(), found.org.id.as_str()),
        (artist.as_str(), p.org.as_str())
    );
    assert_eq!(
        found.licenses.iter().map(|l| &l.code).collect::<Vec<_>>(),
        vec![&code]
    );
    op.find_user("nobody@nowhere.example")
        .await
        .expect_error(404, "not_found");
    op.org("o_nope").await.expect_error(404, "not_found");
    op.org_licenses("o_nope", &[])
        .await
        .expect_error(404, "not_found");

    // None of it answers anyone but an operator.
    let admin = t.as_admin(&p);
    admin.org(&p.org).await.expect_error(403, "forbidden");
    admin
        .find_license(&code)
        .await
        .expect_error(403, "forbidden");
    admin
        .find_user(&artist)
        .await
        .expect_error(403, "forbidden");
    admin.vendor_audit().await.expect_error(403, "forbidden");
}

#[tokio::test]
async fn the_vendor_trail_holds_every_operator_action_and_no_customer_one() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    let op = t.as_operator();
    op.grant(&p.bank, 5).await.expect(200);
    op.rename_org(&p.org, "Studio Nord Animation")
        .await
        .expect(200);
    t.as_admin(&p)
        .generate(&Generate::node_lock(&p.bank, 1, 1).to(&person()).credits(1))
        .await
        .expect(201);
    let trail = op.vendor_audit().await.expect(200).events;
    let ours: Vec<&str> = trail
        .iter()
        .filter(|e| e.org.as_deref() == Some(p.org.as_str()))
        .map(|e| e.action.as_str())
        .collect();
    for action in [
        "org_created",
        "bank_created",
        "credits_granted",
        "org_renamed",
    ] {
        assert!(ours.contains(&action), "{action} in {ours:?}");
    }
    assert!(
        !ours.contains(&"license_generated"),
        "the admin's own action is not the vendor's"
    );
    assert!(trail.iter().all(|e| e.actor.starts_with("operator:")));
    // Each is in the organisation's own trail too.
    let org_trail = op.org_audit(&p.org).await.expect(200).events;
    assert!(org_trail.iter().any(|e| e.action == "org_renamed"));
}

#[tokio::test]
async fn renaming_changes_what_is_found_and_is_audited() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let name = format!("Renamed {}", elp_tests::unique(""));
    let renamed = op.rename_org(&p.org, &name).await.expect(200);
    assert_eq!(renamed.name, name);
    let found = op.orgs(Some(&name)).await.expect(200).orgs;
    assert_eq!(
        found.iter().map(|o| &o.id).collect::<Vec<_>>(),
        vec![&p.org]
    );
    op.rename_org(&p.org, &name).await.expect_invalid("name");
    op.rename_org(&p.org, "Evil\r\nBcc: x@y.example")
        .await
        .expect_invalid("name");
    op.rename_org("o_nope", "Anything")
        .await
        .expect_error(404, "not_found");
    let trail = op.org_audit(&p.org).await.expect(200).events;
    let event = trail.iter().find(|e| e.action == "org_renamed").unwrap();
    assert!(
        event.detail.contains("Studio Nord") && event.detail.contains(&name),
        "{}",
        event.detail
    );
}

#[tokio::test]
async fn a_suspended_organisation_reads_everything_changes_nothing_and_resumes() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let made = admin
        .generate(&Generate::node_lock(&p.bank, 2, 1).to(&artist).credits(2))
        .await
        .expect(201);
    let code = made.licenses[0].code.clone();
    let invited = person();
    admin.invite(&invited, "member").await.expect(201);
    let op = t.as_operator();
    let suspended = op
        .suspend_org(&p.org, "invoice 2026-114 unpaid")
        .await
        .expect(200);
    assert_eq!(
        suspended.suspended.as_ref().unwrap().reason,
        "invoice 2026-114 unpaid"
    );
    op.suspend_org(&p.org, "again")
        .await
        .expect_error(409, "conflict");

    // Every change of its own is refused, and changes nothing.
    let before = admin.bank(&p.bank).await.expect(200);
    admin
        .generate(&Generate::node_lock(&p.bank, 1, 1).to(&person()).credits(1))
        .await
        .expect_error(409, "org_suspended");
    admin
        .renew(&code, &Renew::as_before().credits(2))
        .await
        .expect_error(409, "org_suspended");
    admin
        .return_license(&code)
        .await
        .expect_error(409, "org_suspended");
    admin
        .invite(&person(), "member")
        .await
        .expect_error(409, "org_suspended");
    admin
        .change_user(&artist, &ChangeUser::role("admin"))
        .await
        .expect_error(409, "org_suspended");
    admin
        .remove_user(&invited)
        .await
        .expect_error(409, "org_suspended");
    let refused = admin
        .set_product_versions("harmony-premium", &Policy::only(&["25.1"]))
        .await
        .expect_error(409, "org_suspended");
    assert!(
        refused.message.contains("invoice 2026-114 unpaid"),
        "{}",
        refused.message
    );
    assert_eq!(
        admin.bank(&p.bank).await.expect(200),
        before,
        "nothing was charged"
    );

    // Everything reads; the licences stay valid; an invitee can still sign in.
    admin.banks().await.expect(200);
    admin.licenses(&[]).await.expect(200);
    admin.users().await.expect(200);
    admin.audit().await.expect(200);
    admin.download_csv().await.expect(200);
    let mine = t.as_user(&artist).my_licenses().await.expect(200);
    assert_eq!(mine.licenses[0].status, Lifecycle::Active);
    t.sign_in(&invited).await;
    let me = admin.me().await.expect(200);
    assert_eq!(
        me.org.suspended.as_ref().map(|s| s.reason.as_str()),
        Some("invoice 2026-114 unpaid")
    );
    // The licence provider still acts on it.
    op.grant(&p.bank, 5).await.expect(200);

    // Resumed: changes are accepted again.
    let resumed = op.resume_org(&p.org).await.expect(200);
    assert!(resumed.suspended.is_none());
    op.resume_org(&p.org).await.expect_error(409, "conflict");
    admin
        .generate(&Generate::node_lock(&p.bank, 1, 1).to(&person()).credits(1))
        .await
        .expect(201);
    let trail = op.org_audit(&p.org).await.expect(200).events;
    for action in ["org_suspended", "org_resumed"] {
        assert!(trail.iter().any(|e| e.action == action), "{action}");
    }
    op.suspend_org(&p.org, "").await.expect_invalid("reason");
    op.suspend_org("o_nope", "x")
        .await
        .expect_error(404, "not_found");
    admin
        .suspend_org(&p.org, "x")
        .await
        .expect_error(403, "forbidden");
}

#[tokio::test]
async fn an_extension_moves_the_expiry_job_the_warnings_and_what_the_licences_allow() {
    let t = TestApp::new().await;
    // A bank that ends on 2026-06-01, and a licence that runs to it.
    let p = t
        .provision(BankSpec::portable(100).until("2026-06-01"))
        .await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let made = admin
        .generate(&Generate::node_lock(&p.bank, 6, 1).to(&person()).credits(3))
        .await
        .expect(201);
    let code = made.licenses[0].code.clone();
    let license = admin.license(&code).await.expect(200);
    assert_eq!(
        (license.expiry.as_str(), license.actions.renew),
        ("2026-06-01", false)
    );

    // The 7-day warning is sent before the old date.
    t.at("2026-05-25", 0);
    let warned = elp_expiry_warnings::handle(&t.app).await.unwrap();
    assert_eq!(warned.acted, 1);

    t.as_operator()
        .extend_bank(&p.bank, "2026-05-01", "earlier")
        .await
        .expect_invalid("expiry");
    let extended = t
        .as_operator()
        .with_idempotency_key("extend-2")
        .extend_bank(&p.bank, "2026-12-01", "the customer extended")
        .await
        .expect(200);
    assert_eq!(extended.expiry, "2026-12-01");
    // A retry answers the same and extends once.
    let again = t
        .as_operator()
        .with_idempotency_key("extend-2")
        .extend_bank(&p.bank, "2026-12-01", "the customer extended")
        .await
        .expect(200);
    assert_eq!(again, extended);
    let trail = t.as_operator().org_audit(&p.org).await.expect(200).events;
    assert_eq!(
        trail.iter().filter(|e| e.action == "bank_extended").count(),
        1
    );

    // The licence keeps its dates and may now renew into the new months.
    let license = admin.license(&code).await.expect(200);
    assert_eq!(license.expiry, "2026-06-01");
    assert_eq!(license.bank.expiry, "2026-12-01");
    assert!(license.actions.renew, "{license:?}");
    let quote = admin
        .renewal_quote(&code, &Renew::as_before())
        .await
        .expect(200)
        .quote;
    assert_eq!(
        (quote.start.as_str(), quote.expiry.as_str()),
        ("2026-06-01", "2026-12-01")
    );

    // The old date passes: nothing expires, and the warnings start again for the new date.
    t.at("2026-06-02", 0);
    let run = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!(run.acted, 0, "{run:?}");
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).status,
        Lifecycle::Active
    );
    t.at("2026-11-24", 0);
    let warned = elp_expiry_warnings::handle(&t.app).await.unwrap();
    assert_eq!(warned.acted, 1, "warned 7 days before the new date");
    t.at("2026-12-01", 0);
    let run = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!(run.acted, 1);
    let bank = admin.bank(&p.bank).await.expect(200);
    assert_eq!(bank.status, Lifecycle::Expired);

    // An expired bank is not extended.
    t.as_operator()
        .extend_bank(&p.bank, "2027-06-01", "too late")
        .await
        .expect_error(409, "bank_expired");
}

#[tokio::test]
async fn the_expiry_job_tells_licences_the_extension_missed() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(100).until("2026-06-01"))
        .await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let made = admin
        .generate(&Generate::node_lock(&p.bank, 6, 2).to(&person()).credits(6))
        .await
        .expect(201);
    let op = t.as_operator();
    op.extend_bank(&p.bank, "2026-09-01", "extended")
        .await
        .expect(200);
    // As if the extension's index read had missed one licence: it still remembers the old date.
    let code = elp_core::ActivationCode::parse("code", &made.licenses[1].code).unwrap();
    let mut stale = t.app.store.get_license(&code).await.unwrap().unwrap();
    stale.bank.expiry = elp_tests::date("2026-06-01");
    t.app
        .store
        .import_licenses(std::slice::from_ref(&stale))
        .await
        .unwrap();
    assert_eq!(
        admin
            .license(&made.licenses[1].code)
            .await
            .expect(200)
            .bank
            .expiry,
        "2026-06-01"
    );
    t.at("2026-03-03", 0);
    let run = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!(run.licenses_updated, 1, "{run:?}");
    assert_eq!(
        admin
            .license(&made.licenses[1].code)
            .await
            .expect(200)
            .bank
            .expiry,
        "2026-09-01"
    );
    // The task is done: the next run finds nothing to tell.
    let run = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!(run.licenses_updated, 0);
    assert!(t.app.store.pending_extensions().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_change_read_before_an_extension_is_refused_not_written_stale() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(100).until("2026-06-01"))
        .await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let made = admin
        .generate(&Generate::node_lock(&p.bank, 2, 1).to(&person()).credits(2))
        .await
        .expect(201);
    let code = elp_core::ActivationCode::parse("code", &made.licenses[0].code).unwrap();
    // A return that read the licence before the bank was extended.
    let read_before = t.app.store.get_license(&code).await.unwrap().unwrap();
    t.as_operator()
        .extend_bank(&p.bank, "2026-09-01", "extended")
        .await
        .expect(200);
    let returned = read_before.clone().returned(elp_tests::date("2026-03-02"));
    let email = read_before.assignee().unwrap().clone();
    let audit = elp_core::AuditEvent {
        org: read_before.org.clone(),
        at: chrono::Utc::now(),
        actor: p.admin.clone(),
        action: elp_core::AuditAction::LicenseReturned,
        subject: code.to_string(),
        bank: None,
        credits: 0,
        detail: String::new(),
        said: None,
    };
    let write = t
        .app
        .store
        .write_licenses(elp_adapters::store::LicenseWrite {
            licenses: std::slice::from_ref(&returned),
            previous: Some(&read_before),
            draw: None,
            recipient: elp_adapters::store::Recipient::Member(&email, &read_before.org, -1),
            audit: &audit,
            mails: &[],
            idempotency: None,
            releases_machines: None,
        })
        .await;
    assert!(
        matches!(
            write,
            Err(elp_adapters::store::StoreError::Refused(
                elp_core::Refusal::Conflict(_)
            ))
        ),
        "{write:?}"
    );
    assert_eq!(
        admin
            .license(&made.licenses[0].code)
            .await
            .expect(200)
            .bank
            .expiry,
        "2026-09-01"
    );
    // Read again, it goes through.
    admin
        .return_license(&made.licenses[0].code)
        .await
        .expect(200);
}

#[tokio::test]
async fn voiding_takes_unused_credits_only() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    t.sign_in(&p.admin).await;
    t.as_admin(&p)
        .generate(
            &Generate::node_lock(&p.bank, 10, 7)
                .to(&person())
                .credits(70),
        )
        .await
        .expect(201);
    let op = t.as_operator();
    let refused = op
        .void_credits(&p.bank, 31, "created too large")
        .await
        .expect_error(409, "insufficient_credits");
    assert!(refused.message.contains("30"), "{}", refused.message);
    let keyed = t.as_operator().with_idempotency_key("void-1");
    let after = keyed
        .void_credits(&p.bank, 30, "created too large")
        .await
        .expect(200);
    assert_eq!(
        (
            after.purchased,
            after.granted,
            after.used,
            after.remaining,
            after.voided
        ),
        (100, 70, 70, 0, 30)
    );
    assert_eq!(
        keyed
            .void_credits(&p.bank, 30, "created too large")
            .await
            .expect(200),
        after
    );
    op.void_credits(&p.bank, 1, "x")
        .await
        .expect_error(409, "insufficient_credits");
    op.void_credits(&p.bank, 0, "x")
        .await
        .expect_invalid("credits");
    op.void_credits(&p.bank, 1, "")
        .await
        .expect_invalid("reason");
    op.void_credits("b_nope", 1, "x")
        .await
        .expect_error(404, "not_found");
    let trail = op.org_audit(&p.org).await.expect(200).events;
    let voided: Vec<i64> = trail
        .iter()
        .filter(|e| e.action == "credits_voided")
        .map(|e| e.credits)
        .collect();
    assert_eq!(voided, vec![-30], "voided once");
}

#[tokio::test]
async fn the_operator_replaces_an_admin_within_the_last_admin_rule() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let op = t.as_operator();
    // The only admin cannot be demoted, by the vendor either.
    op.change_org_user(&p.org, &p.admin, &ChangeUser::role("member"))
        .await
        .expect_error(409, "last_admin");
    // A member is promoted, signs in... then the one who left is deactivated.
    let deputy = person();
    t.as_admin(&p).invite(&deputy, "member").await.expect(201);
    t.sign_in(&deputy).await;
    let promoted = op
        .change_org_user(&p.org, &deputy, &ChangeUser::role("admin"))
        .await
        .expect(200);
    assert_eq!(promoted.role, elp_tests::api::Role::Admin);
    let left = op
        .change_org_user(&p.org, &p.admin, &ChangeUser::status("inactive"))
        .await
        .expect(200);
    assert_eq!(left.status, elp_tests::api::UserStatus::Inactive);
    t.as_admin(&p).banks().await.expect_error(403, "forbidden");
    t.as_user(&deputy).banks().await.expect(200);
    assert_eq!(op.org(&p.org).await.expect(200).org.active_admins, 1);
    // Someone of another organisation is not found through this one.
    let (_, other_admin, _) = studio(&t, "Other Studio", BankSpec::older(5)).await;
    op.change_org_user(&p.org, &other_admin, &ChangeUser::role("member"))
        .await
        .expect_error(404, "not_found");
    op.change_org_user(&p.org, &deputy, &ChangeUser::role("owner"))
        .await
        .expect_invalid("role");
}

#[tokio::test]
async fn the_operator_binds_a_membership_to_the_account_the_person_now_has() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let op = t.as_operator();
    let bound = op
        .bind_account(&p.admin, TEST_ISSUER, "the-new-account")
        .await
        .expect(200);
    assert_eq!(bound.account.as_ref().unwrap().subject, "the-new-account");
    // The old account is a stranger now; the new one is the member.
    t.as_admin(&p).banks().await.expect_error(403, "forbidden");
    let mut claims = user_claims(&p.admin);
    claims.insert("sub".into(), "the-new-account".into());
    t.client(Caller::Claims(claims)).banks().await.expect(200);
    let trail = op.org_audit(&p.org).await.expect(200).events;
    assert!(trail.iter().any(|e| e.action == "account_bound"));
    op.bind_account(&p.admin, TEST_ISSUER, "the-new-account")
        .await
        .expect_error(409, "conflict");
    // An invitation not yet accepted binds at its first sign-in, not here.
    let invited = person();
    op.invite_admin(&p.org, &invited).await.expect(201);
    op.bind_account(&invited, TEST_ISSUER, "someone")
        .await
        .expect_error(409, "conflict");
    op.bind_account(&p.admin, "not a url", "x")
        .await
        .expect_invalid("issuer");
    op.bind_account(&p.admin, TEST_ISSUER, "has space")
        .await
        .expect_invalid("subject");
    op.bind_account("nobody@nowhere.example", TEST_ISSUER, "x")
        .await
        .expect_error(404, "not_found");
}
