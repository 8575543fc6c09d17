//! A retry is answered with the first answer only while the caller still has the right to it:
//! an admin who was set inactive, or removed, since their first attempt gets 403, never the
//! stored answer (activation codes included).

use elp_tests::{call, unique, Caller, TestApp};
use serde_json::json;

use crate::operator::provision;

#[tokio::test]
async fn an_admin_set_inactive_or_removed_gets_no_stored_answer() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let first = Caller::User(p.admin.clone());
    let second_email = format!("{}@studio.example", unique("second-admin-"));
    let second = Caller::User(second_email.clone());
    // Two active admins: the first signs in, invites the second, who signs in too.
    assert_eq!(
        call(&t.app, "GET", "/v1/me", &first, None, &[]).await.0,
        200
    );
    let invite = json!({ "email": second_email, "role": "admin" });
    let (status, _) = call(&t.app, "POST", "/v1/users", &first, Some(invite), &[]).await;
    assert_eq!(status, 201);
    assert_eq!(
        call(&t.app, "GET", "/v1/me", &second, None, &[]).await.0,
        200
    );

    // The first admin generates a licence for an artist, with a key, and retries it once.
    let artist = format!("{}@studio.example", unique("artist-"));
    let body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": artist, "credits": 1 });
    let key = [("idempotency-key", "generate-once")];
    let (status, done) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &first,
        Some(body.clone()),
        &key,
    )
    .await;
    assert_eq!(status, 201, "{done}");
    let code = done["licenses"][0]["code"].as_str().unwrap().to_string();
    let (status, again) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &first,
        Some(body.clone()),
        &key,
    )
    .await;
    assert_eq!(
        (status, &again),
        (201, &done),
        "a retry gets the first answer"
    );

    // Set inactive by the other admin: the retry is refused, without the code.
    let (status, _) = call(
        &t.app,
        "PATCH",
        &format!("/v1/users/{}", p.admin),
        &second,
        Some(json!({ "status": "inactive" })),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    let (status, refused) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &first,
        Some(body.clone()),
        &key,
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{refused}"
    );
    assert!(!refused.to_string().contains(&code), "{refused}");

    // Removed: still refused, still without the code.
    let (status, _) = call(
        &t.app,
        "DELETE",
        &format!("/v1/users/{}", p.admin),
        &second,
        None,
        &[],
    )
    .await;
    assert_eq!(status, 200);
    let (status, refused) = call(&t.app, "POST", "/v1/licenses", &first, Some(body), &key).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{refused}"
    );
    assert!(!refused.to_string().contains(&code), "{refused}");

    // Nothing was charged twice: one licence, one credit.
    let (_, bank) = call(
        &t.app,
        "GET",
        &format!("/v1/banks/{}", p.bank),
        &second,
        None,
        &[],
    )
    .await;
    assert_eq!(bank["used"], 1, "{bank}");
}

#[tokio::test]
async fn an_operator_retry_is_answered_from_the_operator_scope_only() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 10, "2026-01-01", "2027-01-01").await;
    let admin = Caller::User(p.admin.clone());
    let key = [("idempotency-key", "shared-key")];
    let grant = json!({ "credits": 5 });
    let path = format!("/v1/operator/banks/{}/grant", p.bank);
    let (status, granted) = call(
        &t.app,
        "POST",
        &path,
        &Caller::Operator,
        Some(grant.clone()),
        &key,
    )
    .await;
    assert_eq!((status, granted["granted"].as_u64()), (200, Some(15)));
    // The same key from an admin on an admin route is another caller's key: no replay, no 422.
    let (status, export) = call(&t.app, "POST", "/v1/exports", &admin, None, &key).await;
    assert_eq!(status, 202, "{export}");
    // And an admin cannot reach the operator's stored answer with it.
    let (status, refused) = call(&t.app, "POST", &path, &admin, Some(grant), &key).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
}
