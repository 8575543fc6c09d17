//! DynamoDB failing under the handlers: throttling, server errors, responses lost after the
//! change was applied, and a DynamoDB that never answers. Every operation is applied whole or
//! not at all, answers 503 ("nothing changed, retry") when it cannot finish, and a retry with
//! the same Idempotency-Key never charges twice.

use elp_core::BankId;
use elp_tests::faults::{Fault, Faults};
use elp_tests::{BankSpec, Generate, Provisioned, TestApp};

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

/// One multiseat licence for three computers over two months: six credits.
fn six_credits(p: &Provisioned) -> Generate {
    Generate::multiseat(&p.bank, 2, 3).to(&p.admin).credits(6)
}

#[tokio::test]
async fn a_throttled_transaction_answers_503_and_changes_nothing_until_retried() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p).with_idempotency_key("retry-me");
    let pending_before = t.app.store.pending_mail(100).await.unwrap().len();
    faults.inject("TransactWriteItems", Fault::Throttle, 100);
    let refused = admin
        .generate(&six_credits(&p))
        .await
        .expect_error(503, "unavailable");
    assert!(refused.message.contains("retry"));
    assert!(faults.injected() >= 3, "the SDK retried before giving up");
    assert_eq!(used(&t, &p.bank).await, 0);
    assert_eq!(
        t.app.store.pending_mail(100).await.unwrap().len(),
        pending_before,
        "no mail for what did not happen"
    );
    faults.clear();
    let first = admin.generate(&six_credits(&p)).await;
    assert_eq!(first.status, 201, "{first:?}");
    let again = admin.generate(&six_credits(&p)).await;
    assert_eq!((again.status, &again.body), (201, &first.body));
    assert_eq!(used(&t, &p.bank).await, 6);
}

#[tokio::test]
async fn a_server_error_on_one_attempt_is_retried_and_charges_once() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(50)).await;
    faults.inject("TransactWriteItems", Fault::ServerError, 1);
    faults.inject("BatchGetItem", Fault::Throttle, 1);
    t.as_admin(&p).generate(&six_credits(&p)).await.expect(201);
    assert_eq!(faults.injected(), 2);
    assert_eq!(used(&t, &p.bank).await, 6);
}

#[tokio::test]
async fn a_response_lost_after_the_transaction_applied_charges_once() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p);
    // Lost once: the SDK retries with the same ClientRequestToken, which DynamoDB does not apply twice.
    faults.inject("TransactWriteItems", Fault::LostResponse, 1);
    admin.generate(&six_credits(&p)).await.expect(201);
    assert_eq!(used(&t, &p.bank).await, 6, "charged once");
    assert_eq!(admin.licenses(&[]).await.expect(200).licenses.len(), 1);
    // Lost on every attempt: the client hears 503, the change happened whole, and its retry with
    // the same key gets the stored answer instead of a second charge.
    faults.inject("TransactWriteItems", Fault::LostResponse, 100);
    let keyed = admin.clone().with_idempotency_key("lost");
    assert_eq!(keyed.generate(&six_credits(&p)).await.status, 503);
    faults.clear();
    assert_eq!(used(&t, &p.bank).await, 12, "applied whole");
    keyed.generate(&six_credits(&p)).await.expect(201);
    assert_eq!(
        used(&t, &p.bank).await,
        12,
        "the retry did not charge again"
    );
    assert_eq!(admin.licenses(&[]).await.expect(200).licenses.len(), 2);
}

#[tokio::test]
async fn reads_that_keep_failing_answer_503() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(50)).await;
    faults.inject("BatchGetItem", Fault::ServerError, 100);
    faults.inject("Query", Fault::Throttle, 100);
    let admin = t.as_admin(&p);
    let bank = admin.bank(&p.bank).await;
    assert_eq!(bank.status, 503, "the bank: {bank:?}");
    let dashboard = admin.dashboard().await;
    assert_eq!(dashboard.status, 503, "the dashboard: {dashboard:?}");
    let licenses = admin.licenses(&[]).await;
    assert_eq!(licenses.status, 503, "the licences: {licenses:?}");
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
    t.as_user("a@studio.example")
        .dashboard()
        .await
        .expect_error(503, "unavailable");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}
