//! Identity fails closed, through the real handlers: a token must say its email is verified
//! and name its issuer; the address is taken exactly as asserted; the operator group counts
//! only as a whole name; and a membership belongs to the account of its first sign-in — another
//! account with the same email is refused and recorded, until the operator releases the binding.

use std::collections::BTreeMap;

use elp_tests::api::UserStatus;
use elp_tests::{user_claims, BankSpec, Caller, TestApp};

fn without(mut claims: BTreeMap<String, String>, name: &str) -> BTreeMap<String, String> {
    claims.remove(name);
    claims
}

fn with(mut claims: BTreeMap<String, String>, name: &str, value: &str) -> BTreeMap<String, String> {
    claims.insert(name.into(), value.into());
    claims
}

#[tokio::test]
async fn a_token_must_say_its_email_is_verified_and_name_its_issuer_and_subject() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let claims = user_claims(&p.admin);
    for (case, claims) in [
        (
            "no email_verified",
            without(claims.clone(), "email_verified"),
        ),
        (
            "email_verified false",
            with(claims.clone(), "email_verified", "false"),
        ),
        (
            "email_verified not a boolean",
            with(claims.clone(), "email_verified", "yes"),
        ),
        ("no issuer", without(claims.clone(), "iss")),
        ("no subject", without(claims.clone(), "sub")),
        ("no email", without(claims.clone(), "email")),
    ] {
        let answer = t.client(Caller::Claims(claims)).me().await;
        let error = answer.expect_error(401, "unauthenticated");
        assert!(!error.message.is_empty(), "{case}");
    }
    let refused = t
        .client(Caller::Claims(without(claims.clone(), "email_verified")))
        .banks()
        .await
        .expect_error(401, "unauthenticated");
    assert!(
        refused.message.contains("email_verified"),
        "{}",
        refused.message
    );
    // Nothing was bound by the refused tokens: the real account signs in first.
    t.client(Caller::Claims(claims)).me().await.expect(200);
}

#[tokio::test]
async fn an_asserted_address_is_taken_exactly_and_never_folded() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let (local, domain) = p.admin.split_once('@').unwrap();
    for asserted in [
        // U+212A KELVIN SIGN lower-cases to an ASCII `k`, U+0130 to an `i` and a dot.
        format!("{local}\u{212A}@{domain}"),
        format!("{local}\u{0130}@{domain}"),
        format!(" {}", p.admin),
        format!("{} ", p.admin),
        format!("{local} @{domain}"),
    ] {
        let claims = with(user_claims(&p.admin), "email", &asserted);
        t.client(Caller::Claims(claims))
            .me()
            .await
            .expect_error(401, "unauthenticated");
    }
    // The same address in capitals is the same person.
    let claims = with(user_claims(&p.admin), "email", &p.admin.to_uppercase());
    t.client(Caller::Claims(claims)).me().await.expect(200);
}

#[tokio::test]
async fn only_the_whole_operator_group_makes_an_operator() {
    let t = TestApp::new().await;
    let operator = |groups: &str| {
        let claims = with(
            user_claims("staff@vendor.example"),
            "cognito:groups",
            groups,
        );
        t.client(Caller::Claims(claims))
    };
    for groups in [
        "team,elp-operators",
        "[team,elp-operators]",
        "x elp-operators",
        "[\"x elp-operators\"]",
        "elp-operators-readonly",
        "[elp-operators2]",
    ] {
        operator(groups)
            .create_org("Studio Sud", "first@sud.example")
            .await
            .expect_error(403, "forbidden");
    }
    for groups in [
        "[elp-operators]",
        "[admins elp-operators]",
        "elp-operators",
        "[\"elp-operators\"]",
    ] {
        let answer = operator(groups)
            .create_org("Studio Sud", &format!("first-{}@sud.example", groups.len()))
            .await;
        assert_eq!(answer.status, 201, "{groups}: {answer:?}");
    }
}

#[tokio::test]
async fn a_membership_belongs_to_the_account_of_its_first_sign_in() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let first = user_claims(&p.admin);
    let second = with(first.clone(), "sub", "a-second-account");
    let elsewhere = with(first.clone(), "iss", "https://another-provider.example");
    // The first sign-in binds the membership (and accepts the invitation).
    let me = t
        .client(Caller::Claims(first.clone()))
        .me()
        .await
        .expect(200);
    assert_eq!(me.status, UserStatus::Active);
    // Another account at the same provider, or the same subject at another provider, is not
    // the member.
    for stranger in [&second, &elsewhere] {
        let refused = t
            .client(Caller::Claims(stranger.clone()))
            .banks()
            .await
            .expect_error(403, "forbidden");
        assert!(
            refused.message.contains("another account"),
            "{}",
            refused.message
        );
    }
    let admin = t.client(Caller::Claims(first.clone()));
    admin.banks().await.expect(200);
    // Each refused attempt is in the organisation's trail.
    let audit = admin.audit().await.expect(200);
    let refusals = audit
        .events
        .iter()
        .filter(|e| e.action == "sign_in" && e.detail.starts_with("sign-in refused"))
        .count();
    assert_eq!(refusals, 2, "{:?}", audit.events);
    assert!(audit
        .events
        .iter()
        .any(|e| e.action == "sign_in" && e.detail.contains("invited -> active")));

    // On the person's request the operator releases the binding: the next sign-in binds anew.
    let operator = t.as_operator();
    let released = operator.release_account(&p.admin).await.expect(200);
    assert_eq!(released.email, p.admin);
    operator
        .release_account(&p.admin)
        .await
        .expect_error(409, "conflict");
    operator
        .release_account("nobody@studio.example")
        .await
        .expect_error(404, "not_found");
    let now_second = t.client(Caller::Claims(second.clone()));
    now_second.banks().await.expect(200);
    admin.banks().await.expect_error(403, "forbidden");
    let audit = now_second.audit().await.expect(200);
    assert!(audit
        .events
        .iter()
        .any(|e| e.action == "account_released" && e.actor == "operator:op-1 ops@vendor.example"));
    // Only operators release.
    now_second
        .release_account(&p.admin)
        .await
        .expect_error(403, "forbidden");
}
