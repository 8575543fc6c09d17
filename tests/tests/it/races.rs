//! Races: over a thousand concurrent generations, renewals, returns and assignments from several
//! admins against one bank. Credits are never overspent, every refusal is a clear 409, and the
//! reconciliation of the bank against its licences holds afterwards.

use elp_adapters::service::reconcile::check_all;
use elp_tests::{call, Caller, TestApp};
use futures::StreamExt;
use serde_json::{json, Value};

use crate::operator::provision;

const REFUSALS: &[&str] = &[
    "insufficient_credits",
    "conflict",
    "not_assigned",
    "already_assigned",
    "quote_changed",
    "at_bank_limit",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_changes_never_overspend_and_reconcile() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 600, "2026-01-01", "2027-01-01").await;
    let admins: Vec<String> = std::iter::once(p.admin.clone())
        .chain((1..5).map(|i| format!("admin{i}@race.example")))
        .collect();
    for a in &admins[1..] {
        let (status, _) = call(
            &t.app,
            "POST",
            "/v1/users",
            &Caller::User(p.admin.clone()),
            Some(json!({ "email": a, "role": "admin" })),
            &[],
        )
        .await;
        assert_eq!(status, 201);
    }
    let people: Vec<String> = (0..20).map(|i| format!("artist{i}@race.example")).collect();
    // A hundred licences to renew, return and assign.
    let mut codes = Vec::new();
    for i in 0..100 {
        let body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": people[i % 20], "credits": 1 });
        let (status, done) = call(
            &t.app,
            "POST",
            "/v1/licenses",
            &Caller::User(p.admin.clone()),
            Some(body),
            &[],
        )
        .await;
        assert_eq!(status, 201, "{done}");
        codes.push(done["licenses"][0]["code"].as_str().unwrap().to_string());
    }
    let mut ops: Vec<(String, String, Option<Value>)> = Vec::new();
    for i in 0..600 {
        let body = if i % 3 == 0 {
            json!({ "bank": p.bank, "type": "multiseat", "months": 2, "quantity": 2, "start": "2026-03-02", "recipient": people[i % 20], "credits": 4 })
        } else {
            json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": people[i % 20], "credits": 1 })
        };
        ops.push(("POST".into(), "/v1/licenses".into(), Some(body)));
    }
    for i in 0..300 {
        ops.push((
            "POST".into(),
            format!("/v1/licenses/{}/renewals", codes[i % 100]),
            Some(json!({ "credits": 1 })),
        ));
    }
    for i in 0..100 {
        ops.push((
            "POST".into(),
            format!("/v1/licenses/{}/return", codes[i]),
            None,
        ));
        ops.push((
            "POST".into(),
            format!("/v1/licenses/{}/assign", codes[(i + 50) % 100]),
            Some(json!({ "email": people[(i + 7) % 20] })),
        ));
    }
    // Interleave kinds so generations, renewals and reassignments overlap.
    let n = ops.len();
    let order: Vec<usize> = (0..n).map(|i| (i * 389) % n).collect();
    assert_eq!(
        order.iter().collect::<std::collections::HashSet<_>>().len(),
        n
    );
    let answers: Vec<(String, u16, Value)> = futures::stream::iter(order.into_iter().map(|i| {
        let (method, path, body) = ops[i].clone();
        let caller = Caller::User(admins[i % admins.len()].clone());
        let app = &t.app;
        async move {
            let (status, answer) = call(app, &method, &path, &caller, body, &[]).await;
            (path, status, answer)
        }
    }))
    .buffer_unordered(32)
    .collect()
    .await;
    assert!(answers.len() >= 1000);
    let mut charged: u64 = 100;
    let mut refused = std::collections::BTreeMap::<String, usize>::new();
    for (path, status, answer) in &answers {
        match status {
            200 | 201 => {
                // Generations and renewals answer with the quote they charged.
                if path == "/v1/licenses" || path.ends_with("/renewals") {
                    charged += answer["quote"]["credits"].as_u64().unwrap();
                }
            }
            409 => {
                let code = answer["error"]["code"].as_str().unwrap().to_string();
                assert!(REFUSALS.contains(&code.as_str()), "{path}: {answer}");
                assert!(!answer["error"]["message"].as_str().unwrap().is_empty());
                *refused.entry(code).or_default() += 1;
            }
            other => panic!("{path}: {other} {answer}"),
        }
    }
    let bank = t
        .app
        .store
        .get_bank(&elp_core::BankId::parse(&p.bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert!(
        bank.used <= bank.granted,
        "never more credits used than granted"
    );
    assert_eq!(
        u64::from(bank.used.get()),
        charged,
        "exactly what the successful answers said was charged"
    );
    assert!(
        refused.get("insufficient_credits").copied().unwrap_or(0) > 0,
        "the bank ran out: {refused:?}"
    );
    let reports = check_all(&t.app.store).await.unwrap();
    for r in &reports {
        assert!(r.problems.is_empty(), "{r:?}");
    }
    assert!(reports
        .iter()
        .any(|r| r.bank.as_str() == p.bank && r.licenses > 100));
}
