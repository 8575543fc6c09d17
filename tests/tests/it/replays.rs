//! A retry is answered with the first answer only while the caller still has the right to it:
//! an admin who was set inactive, or removed, since their first attempt gets 403, never the
//! stored answer (activation codes included), and a credit request or its withdrawal neither.

use elp_tests::{person, Ask, BankSpec, ChangeUser, Generate, Grant, TestApp};

#[tokio::test]
async fn an_admin_set_inactive_or_removed_gets_no_stored_answer() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    // Two active admins: the first signs in, invites the second, who signs in too.
    t.sign_in(&p.admin).await;
    let second = person();
    t.as_admin(&p).invite(&second, "admin").await.expect(201);
    t.sign_in(&second).await;
    let other_admin = t.as_user(&second);

    // The first admin generates a licence for an artist, with a key, and retries it once.
    let first = t.as_admin(&p).with_idempotency_key("generate-once");
    let request = Generate::node_lock(&p.bank, 1, 1).to(&person()).credits(1);
    let done = first.generate(&request).await;
    assert_eq!(done.status, 201, "{}", done.text);
    let code = done.json::<elp_tests::api::Generated>().licenses[0]
        .code
        .clone();
    let again = first.generate(&request).await;
    assert_eq!(
        (again.status, &again.text),
        (201, &done.text),
        "a retry gets the first answer, byte for byte"
    );

    // Set inactive by the other admin: the retry is refused, without the code.
    other_admin
        .change_user(&p.admin, &ChangeUser::status("inactive"))
        .await
        .expect(200);
    let refused = first.generate(&request).await;
    assert!(!refused.text.contains(&code), "{}", refused.text);
    refused.expect_error(403, "forbidden");

    // Removed: still refused, still without the code.
    other_admin.remove_user(&p.admin).await.expect(200);
    let refused = first.generate(&request).await;
    assert!(!refused.text.contains(&code), "{}", refused.text);
    refused.expect_error(403, "forbidden");

    // Nothing was charged twice: one licence, one credit.
    assert_eq!(other_admin.bank(&p.bank).await.expect(200).used, 1);
}

#[tokio::test]
async fn an_operator_retry_is_answered_from_the_operator_scope_only() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(10)).await;
    let key = "shared-key";
    let operator = t.as_operator().with_idempotency_key(key);
    let granted = operator.grant(&p.bank, 5).await.expect(200);
    assert_eq!(granted.granted, 15);
    // The same key from an admin on an admin route is another caller's key: no replay, no 422.
    let admin = t.as_admin(&p).with_idempotency_key(key);
    admin.email_export().await.expect(202);
    // And an admin cannot reach the operator's stored answer with it.
    admin.grant(&p.bank, 5).await.expect_error(403, "forbidden");
    assert_eq!(operator.grant(&p.bank, 5).await.expect(200).granted, 15);
}

#[tokio::test]
async fn a_credit_request_is_replayed_only_to_an_admin_who_still_may_ask() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    t.sign_in(&p.admin).await;
    let second = person();
    t.as_admin(&p).invite(&second, "admin").await.expect(201);
    t.sign_in(&second).await;
    let first = t.as_admin(&p).with_idempotency_key("ask-once");
    let ask = Ask::credits(20).on_bank(&p.bank);
    let made = first.request_credits(&ask).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let again = first.request_credits(&ask).await;
    assert_eq!((again.status, &again.text), (201, &made.text));
    let id = made.json::<elp_tests::api::CreditRequest>().id;
    let withdrawing = t.as_admin(&p).with_idempotency_key("withdraw-once");
    let withdrawal = withdrawing.withdraw_credit_request(&id).await;
    assert_eq!(withdrawal.status, 200, "{}", withdrawal.text);
    t.as_user(&second)
        .change_user(&p.admin, &ChangeUser::status("inactive"))
        .await
        .expect(200);
    for refused in [
        first.request_credits(&ask).await,
        withdrawing.withdraw_credit_request(&id).await,
    ] {
        assert!(!refused.text.contains(&id), "{}", refused.text);
        refused.expect_error(403, "forbidden");
    }
    // The operator's key of the same name is the operator's own.
    let op = t.as_operator().with_idempotency_key("ask-once");
    op.grant_request(&id, &Grant::as_asked())
        .await
        .expect_error(409, "conflict");
    let requests = t.as_user(&second).credit_requests(&[]).await.expect(200);
    assert_eq!(requests.credit_requests.len(), 1, "asked once");
    assert_eq!(
        t.as_user(&second).bank(&p.bank).await.expect(200).requested,
        0
    );
}
