//! Users, invitations, the version policy and the member's workspace, through the real handlers.

use elp_tests::api::{Role, UserStatus};
use elp_tests::{
    json_of, mails_to, person, BankSpec, ChangeUser, Generate, Policy, TestApp, PRODUCT,
};
use serde_json::{json, Value};

#[tokio::test]
async fn an_invitation_is_mailed_and_can_be_sent_again() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let invited = admin
        .invite(&artist.to_uppercase(), "member")
        .await
        .expect(201);
    assert_eq!(
        (invited.user.status, invited.user.email.as_str()),
        (UserStatus::Invited, artist.as_str())
    );
    // Sent again at once, it is refused: one invitation mail to an address in ten minutes.
    let refused = admin
        .invite(&artist, "member")
        .await
        .expect_error(429, "mail_cooldown");
    assert!(
        refused.message.contains("10 minutes"),
        "{}",
        refused.message
    );
    t.at(elp_tests::TODAY, 10);
    let again = admin.invite(&artist, "member").await.expect(200);
    assert!(again.invitation_sent);
    t.drain().await;
    let mails = mails_to(&artist);
    assert_eq!(mails.len(), 2, "invited, then invited again");
    let mail = &mails[0];
    assert!(mail.subject.contains("Studio Nord"));
    assert!(mail.text().contains(&p.admin), "who invited them");
    assert!(mail.text().contains("Sign up"), "how to get an identity");
    let list = admin.users().await.expect(200);
    let emails: Vec<_> = list.users.iter().map(|u| u.email.as_str()).collect();
    assert!(emails.contains(&artist.as_str()) && emails.contains(&p.admin.as_str()));
    // Someone of another organisation cannot be invited.
    let other = t.provision(BankSpec::older(1)).await;
    admin
        .invite(&other.admin, "member")
        .await
        .expect_error(409, "member_of_another_organisation");
    for bad in ["not-an-email", "a@b.co\r\nBcc: x@y.z", ""] {
        let refused = admin.invite(bad, "member").await;
        assert_eq!(
            (refused.status, refused.error_field()),
            (422, Some("email")),
            "{bad:?}"
        );
    }
    admin
        .invite(&person(), "owner")
        .await
        .expect_invalid("role");
}

#[tokio::test]
async fn the_last_active_admin_stays_an_active_admin() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let first = t.as_admin(&p);
    for change in [ChangeUser::role("member"), ChangeUser::status("inactive")] {
        first
            .change_user(&p.admin, &change)
            .await
            .expect_error(409, "last_admin");
    }
    first
        .remove_user(&p.admin)
        .await
        .expect_error(409, "last_admin");
    // A second admin who signed in makes the first one free to step down.
    let second_email = person();
    let second = t.as_user(&second_email);
    assert_eq!(first.invite(&second_email, "admin").await.status, 201);
    let answer = first
        .change_user(&p.admin, &ChangeUser::role("member"))
        .await;
    assert_eq!(
        answer.status, 409,
        "an invited admin is not an active one yet"
    );
    assert_eq!(second.me().await.status, 200);
    let demoted = first
        .change_user(&p.admin, &ChangeUser::role("member"))
        .await
        .expect(200);
    assert_eq!(demoted.role, Role::Member);
    let answer = second
        .change_user(&second_email, &ChangeUser::status("inactive"))
        .await;
    assert_eq!(answer.status, 409, "now the second is the last");
    // The same rule under a race: two admins demoting each other at once.
    assert_eq!(
        second
            .change_user(&p.admin, &ChangeUser::role("admin"))
            .await
            .status,
        200
    );
    let demote = ChangeUser::role("member");
    let answers = futures::future::join_all([
        first.change_user(&second_email, &demote),
        second.change_user(&p.admin, &demote),
    ])
    .await;
    let ok = answers.iter().filter(|a| a.status == 200).count();
    // The loser is refused either as the last admin (both read before either wrote) or as no
    // longer an admin (the winner committed before it read).
    let refused = answers
        .iter()
        .filter(|a| a.status == 409 || a.status == 403)
        .count();
    assert_eq!((ok, refused), (1, 1), "{answers:?}");
    assert_eq!(
        t.app
            .store
            .active_admins(&elp_core::OrgId::parse(&p.org).unwrap())
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn inactive_users_are_refused_but_keep_their_licenses() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = Generate::node_lock(&p.bank, 1, 1).to(&artist).credits(1);
    assert_eq!(admin.generate(&request).await.status, 201);
    let member = t.as_user(&artist);
    let mine = member.my_licenses().await.expect(200);
    assert_eq!(mine.licenses.len(), 1);
    assert_eq!(
        admin
            .change_user(&artist, &ChangeUser::status("inactive"))
            .await
            .status,
        200
    );
    let me = member.me().await;
    assert_eq!(me.status, 403, "/v1/me: {me:?}");
    let mine = member.my_licenses().await;
    assert_eq!(mine.status, 403, "/v1/me/licenses: {mine:?}");
    let theirs = admin.licenses(&[("assignee", &artist)]).await.expect(200);
    assert_eq!(theirs.licenses.len(), 1, "the licence stays theirs");
    admin
        .change_user(&artist, &ChangeUser::status("invited"))
        .await
        .expect_invalid("status");
}

#[tokio::test]
async fn a_holder_of_an_unexpired_license_is_removed_only_after_it_expires() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = Generate::node_lock(&p.bank, 1, 2).to(&artist).credits(2);
    assert_eq!(admin.generate(&request).await.status, 201);
    let refused = admin
        .remove_user(&artist)
        .await
        .expect_error(409, "holds_licenses");
    assert_eq!(refused.details.unwrap()["licenses"].as_u64(), Some(2));
    t.at("2026-04-02", 0);
    admin.remove_user(&artist).await.expect(200);
    assert_eq!(
        t.app
            .store
            .get_membership(&elp_core::Email::parse("e", &artist).unwrap())
            .await
            .unwrap(),
        None
    );
    // They can come back (their old, expired licences do not count against the new membership).
    assert_eq!(admin.invite(&artist, "member").await.status, 201);
    assert_eq!(admin.remove_user(&artist).await.status, 200);
    assert_eq!(admin.remove_user(&artist).await.status, 404);
}

#[tokio::test]
async fn one_email_one_organisation_under_a_race_of_invitations() {
    let t = TestApp::new().await;
    let a = t.provision(BankSpec::portable(10)).await;
    let b = t.provision(BankSpec::portable(10)).await;
    let (admin_a, admin_b) = (t.as_admin(&a), t.as_admin(&b));
    for round in 0..10 {
        let email = person();
        let answers = futures::future::join_all([
            admin_a.invite(&email, "member"),
            admin_b.invite(&email, "member"),
        ])
        .await;
        let created = answers.iter().filter(|a| a.status == 201).count();
        let refused = answers
            .iter()
            .filter(|a| a.status == 409 && a.error_code() == Some("member_of_another_organisation"))
            .count();
        assert_eq!((created, refused), (1, 1), "round {round}: {answers:?}");
    }
}

#[tokio::test]
async fn members_see_only_the_downloads_their_policy_allows() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = Generate::multiseat(&p.bank, 2, 2).to(&artist).credits(4);
    assert_eq!(admin.generate(&request).await.status, 201);
    let member = t.as_user(&artist);
    let downloads = || async {
        let mine = member.my_licenses().await.expect(200);
        let l = &mine.licenses[0];
        assert_eq!(
            (l.product_name.as_str(), l.computers, l.expiry.as_str()),
            ("Harmony Premium", 2, "2026-05-02")
        );
        let mut versions: Vec<String> = l.downloads.iter().map(|d| d.version.clone()).collect();
        versions.dedup();
        (l.downloads.len(), versions)
    };
    assert_eq!(
        downloads().await,
        (9, vec!["22".into(), "24".into(), "25.1".into()]),
        "restriction off: every build"
    );
    admin
        .set_product_versions(PRODUCT, &Policy::only(&["25.1"]))
        .await
        .expect(200);
    assert_eq!(
        downloads().await,
        (3, vec!["25.1".into()]),
        "restricted: only 25.1"
    );
    // The licence mail, sent now, follows the policy too.
    t.drain().await;
    let license_mail = mails_to(&artist)
        .into_iter()
        .find(|m| m.subject.contains("licence"))
        .unwrap();
    let text = license_mail.text();
    assert_eq!(
        text.matches("https://downloads.vendor.example/").count(),
        3,
        "{text}"
    );
    let listed = admin.product_versions().await.expect(200);
    let hp = listed
        .products
        .iter()
        .find(|x| x.product == PRODUCT)
        .unwrap();
    assert_eq!(
        (hp.restricted, hp.allowed.clone(), hp.versions.len()),
        (true, vec!["25.1".to_string()], 3)
    );
    admin
        .set_product_versions(PRODUCT, &Policy::only(&["23"]))
        .await
        .expect_invalid("allowed");
    let answer = admin
        .set_product_versions("maya", &Policy::unrestricted())
        .await;
    assert_eq!(answer.status, 404);
    admin
        .set_product_versions(PRODUCT, &Policy::unrestricted())
        .await
        .expect(200);
    assert_eq!(downloads().await.0, 9, "restriction off again");
}

#[tokio::test]
async fn members_are_forbidden_and_other_organisations_users_not_found() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let other = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    assert_eq!(admin.invite(&artist, "member").await.status, 201);
    let routes: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/v1/users".into(), None),
        (
            "POST",
            "/v1/users".into(),
            Some(json!({ "email": person() })),
        ),
        (
            "PATCH",
            format!("/v1/users/{}", p.admin),
            Some(json_of(&ChangeUser::role("member"))),
        ),
        ("DELETE", format!("/v1/users/{}", p.admin), None),
        ("GET", "/v1/audit".into(), None),
        ("GET", "/v1/product-versions".into(), None),
        (
            "PUT",
            format!("/v1/product-versions/{PRODUCT}"),
            Some(json_of(&Policy::unrestricted())),
        ),
    ];
    let member = t.as_user(&artist);
    let anonymous = t.anonymous();
    for (method, path, body) in routes {
        let answer = member.send(method, &path, body.as_ref()).await;
        assert_eq!(answer.status, 403, "member: {method} {path}");
        let answer = anonymous.send(method, &path, body.as_ref()).await;
        assert_eq!(answer.status, 401, "anonymous: {method} {path}");
    }
    assert_eq!(
        member.me().await.status,
        200,
        "members have their workspace"
    );
    let other_admin = t.as_admin(&other);
    let answer = other_admin
        .change_user(&artist, &ChangeUser::status("inactive"))
        .await;
    assert_eq!(answer.status, 404, "another organisation's user");
    assert_eq!(other_admin.remove_user(&artist).await.status, 404);
    let audit = admin.audit().await.expect(200);
    let actions: Vec<_> = audit.events.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"user_invited") && actions.contains(&"bank_created"),
        "{actions:?}"
    );
}

/// The user list's view of one person.
async fn user_of(admin: &elp_tests::Client<'_>, email: &str) -> elp_tests::api::User {
    admin
        .users()
        .await
        .expect(200)
        .users
        .into_iter()
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("{email} in the list"))
}

#[tokio::test]
async fn the_last_sign_in_is_recorded_once_a_day() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    t.at(elp_tests::TODAY, 0);
    t.sign_in(&p.admin).await;
    admin.invite(&artist, "member").await.expect(201);
    assert_eq!(
        user_of(&admin, &artist).await.last_sign_in,
        None,
        "not signed in yet"
    );
    let first = user_of(&admin, &p.admin).await.last_sign_in;
    assert_eq!(
        first.as_deref(),
        Some("2026-03-02T09:00:00Z"),
        "the first sign-in records it"
    );
    // Later the same day: nothing is written.
    t.at(elp_tests::TODAY, 40);
    admin.me().await.expect(200);
    assert_eq!(user_of(&admin, &p.admin).await.last_sign_in, first);
    // The next day, the first sign-in of the day is recorded; several at once write it once
    // and none of them fails.
    t.at("2026-03-03", 5);
    let answers = futures::future::join_all([admin.me(), admin.me(), admin.me()]).await;
    assert!(answers.iter().all(|a| a.status == 200), "{answers:?}");
    assert_eq!(
        user_of(&admin, &p.admin).await.last_sign_in.as_deref(),
        Some("2026-03-03T09:05:00Z")
    );
    t.at("2026-03-03", 50);
    t.as_user(&artist).me().await.expect(200);
    let seen = user_of(&admin, &artist).await;
    assert_eq!(
        (seen.status, seen.last_sign_in.as_deref()),
        (UserStatus::Active, Some("2026-03-03T09:50:00Z"))
    );
    // The operator's console shows the same.
    let console = t.as_operator().org_users(&p.org).await.expect(200);
    let theirs = console.users.iter().find(|u| u.email == artist).unwrap();
    assert_eq!(theirs.last_sign_in, seen.last_sign_in);
    // Signing in is no change of the organisation's: no audit event beyond the first binding.
    let audit = admin.audit().await.expect(200);
    assert_eq!(
        audit
            .events
            .iter()
            .filter(|e| e.action == "sign_in" && e.subject == p.admin)
            .count(),
        1
    );
}

#[tokio::test]
async fn licenses_held_follow_generation_return_and_assignment() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let (_, made) = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 2).to(&artist))
        .await;
    assert_eq!(user_of(&admin, &artist).await.licenses_held, 2);
    assert_eq!(user_of(&admin, &p.admin).await.licenses_held, 0);
    let code = &made.licenses[0].code;
    admin.return_license(code).await.expect(200);
    assert_eq!(user_of(&admin, &artist).await.licenses_held, 1);
    admin.assign(code, &p.admin).await.expect(200);
    assert_eq!(user_of(&admin, &artist).await.licenses_held, 1);
    assert_eq!(user_of(&admin, &p.admin).await.licenses_held, 1);
    // A PATCH answers the same view.
    let changed = admin
        .change_user(&artist, &ChangeUser::role("admin"))
        .await
        .expect(200);
    assert_eq!((changed.role, changed.licenses_held), (Role::Admin, 1));
    let console = t.as_operator().org_users(&p.org).await.expect(200);
    let theirs = console.users.iter().find(|u| u.email == artist).unwrap();
    assert_eq!(theirs.licenses_held, 1);
    // The trail says it in words, and who did it.
    let audit = admin.audit().await.expect(200);
    let of = |action: &str| {
        audit
            .events
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("a {action} event"))
            .clone()
    };
    let returned = of("license_returned");
    assert_eq!(returned.detail, format!("returned from {artist}"));
    assert_eq!(returned.actor_label, p.admin);
    let generated = of("license_generated");
    assert!(
        generated
            .detail
            .starts_with(&format!("node lock for {artist}: 2 node-lock licences")),
        "{}",
        generated.detail
    );
    assert!(audit.events.iter().all(|e| !e.detail.contains("node_lock")));
    let created = of("bank_created");
    assert!(
        created
            .detail
            .starts_with("Harmony Premium 25.1 bank of 50 credits"),
        "{}",
        created.detail
    );
    assert_eq!(created.actor_label, "ops@vendor.example (licence provider)");
    assert_eq!(
        of("user_changed").detail,
        "role changed from member to admin"
    );
}

#[tokio::test]
async fn a_role_or_status_change_mails_the_person_and_a_change_of_nothing_writes_nothing() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    admin.invite(&artist, "member").await.expect(201);
    t.sign_in(&artist).await;
    t.drain().await;
    let access_mails = || {
        mails_to(&artist)
            .into_iter()
            .filter(|m| m.subject.contains("Your access to"))
            .collect::<Vec<_>>()
    };
    let promoted = admin
        .change_user(&artist, &ChangeUser::role("admin"))
        .await
        .expect(200);
    assert_eq!(promoted.role, Role::Admin);
    t.drain().await;
    let mails = access_mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].subject, "Your access to Studio Nord changed");
    assert!(
        mails[0]
            .text()
            .contains("you are now an administrator (you were a member)"),
        "{}",
        mails[0].text()
    );
    // Saying what they already are: 200 with the user as is, no event, no mail.
    let events = admin.audit().await.expect(200).events.len();
    let same = admin
        .change_user(&artist, &ChangeUser::role("admin"))
        .await
        .expect(200);
    assert_eq!(same, user_of(&admin, &artist).await);
    let same = admin
        .change_user(&artist, &ChangeUser::both("admin", "active"))
        .await
        .expect(200);
    assert_eq!((same.role, same.status), (Role::Admin, UserStatus::Active));
    assert_eq!(admin.audit().await.expect(200).events.len(), events);
    t.drain().await;
    assert_eq!(access_mails().len(), 1, "no mail for a change of nothing");
    // The licence provider deactivates them: they are told, and the trail names who did it.
    t.as_operator()
        .change_org_user(&p.org, &artist, &ChangeUser::status("inactive"))
        .await
        .expect(200);
    t.drain().await;
    let mails = access_mails();
    assert_eq!(mails.len(), 2);
    assert!(mails[1].text().contains("your account was deactivated"));
    let audit = admin.audit().await.expect(200);
    let changes: Vec<_> = audit
        .events
        .iter()
        .filter(|e| e.action == "user_changed")
        .collect();
    assert_eq!(changes.len(), 2, "the promotion and the deactivation");
    let change = changes
        .iter()
        .find(|e| e.actor.starts_with("operator:"))
        .unwrap();
    assert_eq!(change.detail, "status changed from active to inactive");
    assert_eq!(change.actor_label, "ops@vendor.example (licence provider)");
    let trail = t.as_operator().vendor_audit().await.expect(200);
    assert!(trail
        .events
        .iter()
        .any(|e| e.subject == artist && e.actor_label == "ops@vendor.example (licence provider)"));
    let console = t.as_operator().org_audit(&p.org).await.expect(200);
    assert!(console
        .events
        .iter()
        .any(|e| e.action == "user_changed" && e.actor_label == change.actor_label));
}

#[tokio::test]
async fn a_version_policy_is_told_in_words() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    admin
        .set_product_versions(PRODUCT, &Policy::only(&[]))
        .await
        .expect(200);
    t.at(elp_tests::TODAY, 1);
    admin
        .set_product_versions(PRODUCT, &Policy::only(&["25.1", "24"]))
        .await
        .expect(200);
    let audit = admin.audit().await.expect(200);
    let details: Vec<_> = audit
        .events
        .iter()
        .filter(|e| e.action == "version_policy_changed")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(
        details,
        vec![
            "Harmony Premium: only versions 25.1, 24",
            "Harmony Premium: allows no version"
        ]
    );
}
