//! DynamoDB failing under the handlers: throttling, server errors, responses lost after the
//! change was applied, and a DynamoDB that never answers. Every operation is applied whole or
//! not at all, answers 503 ("nothing changed, retry") when it cannot finish, and a retry with
//! the same Idempotency-Key never charges twice.

use elp_core::BankId;
use elp_tests::faults::{Fault, Faults};
use elp_tests::{call, Caller, TestApp};
use serde_json::json;

use crate::operator::provision;

async fn used(t: &TestApp, bank: &str) -> u32 {
    t.app
        .store
        .get_bank(&BankId::parse(bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap()
        .used
        .get()
}

fn generate(bank: &str, admin: &str) -> serde_json::Value {
    json!({ "bank": bank, "type": "multiseat", "months": 2, "quantity": 3, "start": "2026-03-02", "recipient": admin, "credits": 6 })
}

#[tokio::test]
async fn a_throttled_transaction_answers_503_and_changes_nothing_until_retried() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let admin = Caller::User(p.admin.clone());
    let pending_before = t.app.store.pending_mail(100).await.unwrap().len();
    faults.inject("TransactWriteItems", Fault::Throttle, 100);
    let headers = [("idempotency-key", "retry-me")];
    let (status, answer) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &headers,
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (503, Some("unavailable")),
        "{answer}"
    );
    assert!(answer["error"]["message"]
        .as_str()
        .unwrap()
        .contains("retry"));
    assert!(faults.injected() >= 3, "the SDK retried before giving up");
    assert_eq!(used(&t, &p.bank).await, 0);
    assert_eq!(
        t.app.store.pending_mail(100).await.unwrap().len(),
        pending_before,
        "no mail for what did not happen"
    );
    faults.clear();
    let (status, first) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &headers,
    )
    .await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &headers,
    )
    .await;
    assert_eq!((status, &again), (201, &first));
    assert_eq!(used(&t, &p.bank).await, 6);
}

#[tokio::test]
async fn a_server_error_on_one_attempt_is_retried_and_charges_once() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    faults.inject("TransactWriteItems", Fault::ServerError, 1);
    faults.inject("BatchGetItem", Fault::Throttle, 1);
    let (status, answer) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &Caller::User(p.admin.clone()),
        Some(generate(&p.bank, &p.admin)),
        &[],
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(faults.injected(), 2);
    assert_eq!(used(&t, &p.bank).await, 6);
}

#[tokio::test]
async fn a_response_lost_after_the_transaction_applied_charges_once() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    let admin = Caller::User(p.admin.clone());
    // Lost once: the SDK retries with the same ClientRequestToken, which DynamoDB does not apply twice.
    faults.inject("TransactWriteItems", Fault::LostResponse, 1);
    let (status, answer) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &[],
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(used(&t, &p.bank).await, 6, "charged once");
    let (_, list) = call(&t.app, "GET", "/v1/licenses", &admin, None, &[]).await;
    assert_eq!(list["licenses"].as_array().unwrap().len(), 1);
    // Lost on every attempt: the client hears 503, the change happened whole, and its retry with
    // the same key gets the stored answer instead of a second charge.
    faults.inject("TransactWriteItems", Fault::LostResponse, 100);
    let headers = [("idempotency-key", "lost")];
    let (status, _) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &headers,
    )
    .await;
    assert_eq!(status, 503);
    faults.clear();
    assert_eq!(used(&t, &p.bank).await, 12, "applied whole");
    let (status, replayed) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin,
        Some(generate(&p.bank, &p.admin)),
        &headers,
    )
    .await;
    assert_eq!(status, 201, "{replayed}");
    assert_eq!(
        used(&t, &p.bank).await,
        12,
        "the retry did not charge again"
    );
    let (_, list) = call(&t.app, "GET", "/v1/licenses", &admin, None, &[]).await;
    assert_eq!(list["licenses"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn reads_that_keep_failing_answer_503() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = provision(&t, "25.1", true, 50, "2026-01-01", "2027-01-01").await;
    faults.inject("BatchGetItem", Fault::ServerError, 100);
    faults.inject("Query", Fault::Throttle, 100);
    for path in [
        format!("/v1/banks/{}", p.bank),
        "/v1/dashboard".into(),
        "/v1/licenses".into(),
    ] {
        let (status, answer) = call(
            &t.app,
            "GET",
            &path,
            &Caller::User(p.admin.clone()),
            None,
            &[],
        )
        .await;
        assert_eq!(status, 503, "{path}: {answer}");
    }
}

#[tokio::test]
async fn a_dynamodb_that_never_answers_is_a_503_within_the_timeouts() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let t = TestApp::with_dynamodb(Some(&endpoint), None).await;
    let started = std::time::Instant::now();
    let (status, answer) = call(
        &t.app,
        "GET",
        "/v1/dashboard",
        &Caller::User("a@studio.example".into()),
        None,
        &[],
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (503, Some("unavailable")),
        "{answer}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}
