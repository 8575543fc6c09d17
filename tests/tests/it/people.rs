//! Users, invitations, the version policy and the member's workspace, through the real handlers.

use elp_tests::{call, mails_to, unique, Caller, TestApp};
use serde_json::{json, Value};

use crate::operator::{provision, Provisioned};

fn person() -> String {
    format!("{}@studio.example", unique("p-"))
}

fn user(email: &str) -> Caller {
    Caller::User(email.to_string())
}

/// The first admin signs in (and so becomes the organisation's active admin).
async fn signed_in(t: &TestApp, p: &Provisioned) {
    let (status, me) = call(&t.app, "GET", "/v1/me", &user(&p.admin), None, &[]).await;
    assert_eq!(
        (status, me["status"].as_str()),
        (200, Some("active")),
        "{me}"
    );
}

async fn invite(t: &TestApp, by: &str, email: &str, role: &str) -> (u16, Value) {
    call(
        &t.app,
        "POST",
        "/v1/users",
        &user(by),
        Some(json!({ "email": email, "role": role })),
        &[],
    )
    .await
}

async fn patch(t: &TestApp, by: &str, email: &str, body: Value) -> (u16, Value) {
    call(
        &t.app,
        "PATCH",
        &format!("/v1/users/{email}"),
        &user(by),
        Some(body),
        &[],
    )
    .await
}

#[tokio::test]
async fn an_invitation_is_mailed_and_can_be_sent_again() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    signed_in(&t, &p).await;
    let artist = person();
    let (status, body) = invite(&t, &p.admin, &artist.to_uppercase(), "member").await;
    assert_eq!(
        (
            status,
            body["user"]["status"].as_str(),
            body["user"]["email"].as_str()
        ),
        (201, Some("invited"), Some(artist.as_str()))
    );
    let (status, again) = invite(&t, &p.admin, &artist, "member").await;
    assert_eq!(
        (status, again["invitation_sent"].as_bool()),
        (200, Some(true))
    );
    t.drain().await;
    let mails = mails_to(&artist);
    assert_eq!(mails.len(), 2, "invited, then invited again");
    let mail = &mails[0];
    assert!(mail["subject"].as_str().unwrap().contains("Studio Nord"));
    assert!(
        mail["body"]["text"].as_str().unwrap().contains(&p.admin),
        "who invited them"
    );
    assert!(
        mail["body"]["text"].as_str().unwrap().contains("Sign up"),
        "how to get an identity"
    );
    let (_, list) = call(&t.app, "GET", "/v1/users", &user(&p.admin), None, &[]).await;
    let emails: Vec<_> = list["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&artist.as_str()) && emails.contains(&p.admin.as_str()));
    // Someone of another organisation cannot be invited.
    let other = provision(&t, "24", false, 1, "2026-01-01", "2027-01-01").await;
    let (status, refused) = invite(&t, &p.admin, &other.admin, "member").await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("member_of_another_organisation"))
    );
    for bad in ["not-an-email", "a@b.co\r\nBcc: x@y.z", ""] {
        let (status, refused) = invite(&t, &p.admin, bad, "member").await;
        assert_eq!(
            (status, refused["error"]["field"].as_str()),
            (422, Some("email")),
            "{bad:?}"
        );
    }
    let (status, refused) = invite(&t, &p.admin, &person(), "owner").await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (422, Some("role"))
    );
}

#[tokio::test]
async fn the_last_active_admin_stays_an_active_admin() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    signed_in(&t, &p).await;
    for body in [json!({ "role": "member" }), json!({ "status": "inactive" })] {
        let (status, refused) = patch(&t, &p.admin, &p.admin, body).await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (409, Some("last_admin"))
        );
    }
    let (status, refused) = call(
        &t.app,
        "DELETE",
        &format!("/v1/users/{}", p.admin),
        &user(&p.admin),
        None,
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("last_admin"))
    );
    // A second admin who signed in makes the first one free to step down.
    let second = person();
    assert_eq!(invite(&t, &p.admin, &second, "admin").await.0, 201);
    let (status, _) = patch(&t, &p.admin, &p.admin, json!({ "role": "member" })).await;
    assert_eq!(status, 409, "an invited admin is not an active one yet");
    assert_eq!(
        call(&t.app, "GET", "/v1/me", &user(&second), None, &[])
            .await
            .0,
        200
    );
    let (status, demoted) = patch(&t, &p.admin, &p.admin, json!({ "role": "member" })).await;
    assert_eq!((status, demoted["role"].as_str()), (200, Some("member")));
    let (status, _) = patch(&t, &second, &second, json!({ "status": "inactive" })).await;
    assert_eq!(status, 409, "now the second is the last");
    // The same rule under a race: two admins demoting each other at once.
    assert_eq!(
        patch(&t, &second, &p.admin, json!({ "role": "admin" }))
            .await
            .0,
        200
    );
    let answers = futures::future::join_all([
        patch(&t, &p.admin, &second, json!({ "role": "member" })),
        patch(&t, &second, &p.admin, json!({ "role": "member" })),
    ])
    .await;
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    // The loser is refused either as the last admin (both read before either wrote) or as no
    // longer an admin (the winner committed before it read).
    let refused = answers
        .iter()
        .filter(|(s, _)| *s == 409 || *s == 403)
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
async fn inactive_users_are_refused_but_keep_their_licences() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    signed_in(&t, &p).await;
    let artist = person();
    let body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": artist, "credits": 1 });
    assert_eq!(
        call(
            &t.app,
            "POST",
            "/v1/licenses",
            &user(&p.admin),
            Some(body),
            &[]
        )
        .await
        .0,
        201
    );
    let (status, me) = call(&t.app, "GET", "/v1/me/licenses", &user(&artist), None, &[]).await;
    assert_eq!(
        (status, me["licenses"].as_array().map(Vec::len)),
        (200, Some(1))
    );
    assert_eq!(
        patch(&t, &p.admin, &artist, json!({ "status": "inactive" }))
            .await
            .0,
        200
    );
    for path in ["/v1/me", "/v1/me/licenses"] {
        let (status, body) = call(&t.app, "GET", path, &user(&artist), None, &[]).await;
        assert_eq!(status, 403, "{path}: {body}");
    }
    let (_, theirs) = call(
        &t.app,
        "GET",
        &format!("/v1/licenses?assignee={artist}"),
        &user(&p.admin),
        None,
        &[],
    )
    .await;
    assert_eq!(
        theirs["licenses"].as_array().map(Vec::len),
        Some(1),
        "the licence stays theirs"
    );
    let (status, refused) = patch(&t, &p.admin, &artist, json!({ "status": "invited" })).await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (422, Some("status"))
    );
}

#[tokio::test]
async fn a_holder_of_an_unexpired_licence_is_removed_only_after_it_expires() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    signed_in(&t, &p).await;
    let artist = person();
    let body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 2, "start": "2026-03-02", "recipient": artist, "credits": 2 });
    assert_eq!(
        call(
            &t.app,
            "POST",
            "/v1/licenses",
            &user(&p.admin),
            Some(body),
            &[]
        )
        .await
        .0,
        201
    );
    let remove = |by: String, who: String| {
        let app = &t.app;
        async move {
            call(
                app,
                "DELETE",
                &format!("/v1/users/{who}"),
                &user(&by),
                None,
                &[],
            )
            .await
        }
    };
    let (status, refused) = remove(p.admin.clone(), artist.clone()).await;
    assert_eq!(
        (
            status,
            refused["error"]["code"].as_str(),
            refused["error"]["details"]["licenses"].as_u64()
        ),
        (409, Some("holds_licenses"), Some(2))
    );
    t.clock.set(
        elp_tests::date("2026-04-02")
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc(),
    );
    let (status, removed) = remove(p.admin.clone(), artist.clone()).await;
    assert_eq!(status, 200, "{removed}");
    assert_eq!(
        t.app
            .store
            .get_membership(&elp_core::Email::parse("e", &artist).unwrap())
            .await
            .unwrap(),
        None
    );
    // They can come back (their old, expired licences do not count against the new membership).
    assert_eq!(invite(&t, &p.admin, &artist, "member").await.0, 201);
    assert_eq!(remove(p.admin.clone(), artist.clone()).await.0, 200);
    assert_eq!(remove(p.admin.clone(), artist.clone()).await.0, 404);
}

#[tokio::test]
async fn one_email_one_organisation_under_a_race_of_invitations() {
    let t = TestApp::new().await;
    let a = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    let b = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    for round in 0..10 {
        let email = person();
        let answers = futures::future::join_all([
            invite(&t, &a.admin, &email, "member"),
            invite(&t, &b.admin, &email, "member"),
        ])
        .await;
        let created = answers.iter().filter(|(s, _)| *s == 201).count();
        let refused = answers
            .iter()
            .filter(|(s, b)| *s == 409 && b["error"]["code"] == "member_of_another_organisation")
            .count();
        assert_eq!((created, refused), (1, 1), "round {round}: {answers:?}");
    }
}

#[tokio::test]
async fn members_see_only_the_downloads_their_policy_allows() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    let artist = person();
    let body = json!({ "bank": p.bank, "type": "multiseat", "months": 2, "quantity": 2, "start": "2026-03-02", "recipient": artist, "credits": 4 });
    assert_eq!(
        call(
            &t.app,
            "POST",
            "/v1/licenses",
            &user(&p.admin),
            Some(body),
            &[]
        )
        .await
        .0,
        201
    );
    let downloads = |caller: String| {
        let app = &t.app;
        async move {
            let (status, mine) =
                call(app, "GET", "/v1/me/licenses", &user(&caller), None, &[]).await;
            assert_eq!(status, 200, "{mine}");
            let l = &mine["licenses"][0];
            assert_eq!(
                (
                    l["product_name"].as_str(),
                    l["computers"].as_u64(),
                    l["expiry"].as_str()
                ),
                (Some("Harmony Premium"), Some(2), Some("2026-05-02"))
            );
            let mut versions: Vec<String> = l["downloads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["version"].as_str().unwrap().to_string())
                .collect();
            versions.dedup();
            (l["downloads"].as_array().unwrap().len(), versions)
        }
    };
    assert_eq!(
        downloads(artist.clone()).await,
        (9, vec!["22".into(), "24".into(), "25.1".into()]),
        "restriction off: every build"
    );
    let (status, policy) = call(
        &t.app,
        "PUT",
        "/v1/product-versions/harmony-premium",
        &user(&p.admin),
        Some(json!({ "restricted": true, "allowed": ["25.1"] })),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{policy}");
    assert_eq!(
        downloads(artist.clone()).await,
        (3, vec!["25.1".into()]),
        "restricted: only 25.1"
    );
    // The licence mail, sent now, follows the policy too.
    t.drain().await;
    let licence_mail = mails_to(&artist)
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("licence"))
        .unwrap();
    let text = licence_mail["body"]["text"].as_str().unwrap();
    assert_eq!(
        text.matches("https://downloads.vendor.example/").count(),
        3,
        "{text}"
    );
    let (_, listed) = call(
        &t.app,
        "GET",
        "/v1/product-versions",
        &user(&p.admin),
        None,
        &[],
    )
    .await;
    let hp = listed["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["product"] == "harmony-premium")
        .unwrap();
    assert_eq!(
        (
            hp["restricted"].as_bool(),
            hp["allowed"].clone(),
            hp["versions"].as_array().unwrap().len()
        ),
        (Some(true), json!(["25.1"]), 3)
    );
    let (status, refused) = call(
        &t.app,
        "PUT",
        "/v1/product-versions/harmony-premium",
        &user(&p.admin),
        Some(json!({ "restricted": true, "allowed": ["23"] })),
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (422, Some("allowed"))
    );
    let (status, _) = call(
        &t.app,
        "PUT",
        "/v1/product-versions/maya",
        &user(&p.admin),
        Some(json!({ "restricted": false })),
        &[],
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        call(
            &t.app,
            "PUT",
            "/v1/product-versions/harmony-premium",
            &user(&p.admin),
            Some(json!({ "restricted": false })),
            &[]
        )
        .await
        .0,
        200
    );
    assert_eq!(downloads(artist).await.0, 9, "restriction off again");
}

#[tokio::test]
async fn members_are_forbidden_and_other_organisations_users_not_found() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    let other = provision(&t, "25.1", true, 10, "2026-01-01", "2027-01-01").await;
    let artist = person();
    assert_eq!(invite(&t, &p.admin, &artist, "member").await.0, 201);
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
            Some(json!({ "role": "member" })),
        ),
        ("DELETE", format!("/v1/users/{}", p.admin), None),
        ("GET", "/v1/audit".into(), None),
        ("GET", "/v1/product-versions".into(), None),
        (
            "PUT",
            "/v1/product-versions/harmony-premium".into(),
            Some(json!({ "restricted": false })),
        ),
    ];
    for (method, path, body) in routes {
        let (status, _) = call(&t.app, method, &path, &user(&artist), body.clone(), &[]).await;
        assert_eq!(status, 403, "member: {method} {path}");
        let (status, _) = call(&t.app, method, &path, &Caller::Anonymous, body, &[]).await;
        assert_eq!(status, 401, "anonymous: {method} {path}");
    }
    assert_eq!(
        call(&t.app, "GET", "/v1/me", &user(&artist), None, &[])
            .await
            .0,
        200,
        "members have their workspace"
    );
    let (status, _) = patch(&t, &other.admin, &artist, json!({ "status": "inactive" })).await;
    assert_eq!(status, 404, "another organisation's user");
    let (status, _) = call(
        &t.app,
        "DELETE",
        &format!("/v1/users/{artist}"),
        &user(&other.admin),
        None,
        &[],
    )
    .await;
    assert_eq!(status, 404);
    let (status, audit) = call(&t.app, "GET", "/v1/audit", &user(&p.admin), None, &[]).await;
    assert_eq!(status, 200);
    let actions: Vec<_> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        actions.contains(&"user_invited".to_string())
            && actions.contains(&"bank_created".to_string()),
        "{actions:?}"
    );
}
