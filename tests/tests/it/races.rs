//! Races: over a thousand concurrent generations, renewals, returns and assignments from several
//! admins against one bank. Credits are never overspent, every refusal is a clear 409, and the
//! reconciliation of the bank against its licences holds afterwards.

use elp_adapters::service::reconcile::check_all;
use elp_tests::api::Quote;
use elp_tests::{Answer, BankSpec, Generate, Renew, TestApp};
use futures::StreamExt;

const REFUSALS: &[&str] = &[
    "insufficient_credits",
    "conflict",
    "not_assigned",
    "already_assigned",
    "quote_changed",
    "at_bank_limit",
];

/// One change an admin makes in the race.
#[derive(Debug, Clone)]
enum Change {
    Generate(Generate),
    Renew(String),
    Return(String),
    Assign(String, String),
}

/// What a successful generation or renewal says it charged.
#[derive(serde::Deserialize)]
struct Charged {
    quote: Quote,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_changes_never_overspend_and_reconcile() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(600)).await;
    let first = t.as_admin(&p);
    let admins: Vec<String> = std::iter::once(p.admin.clone())
        .chain((1..5).map(|i| format!("admin{i}@race.example")))
        .collect();
    for a in &admins[1..] {
        assert_eq!(first.invite(a, "admin").await.status, 201);
    }
    let people: Vec<String> = (0..20).map(|i| format!("artist{i}@race.example")).collect();
    let one_month = |i: usize| {
        Generate::node_lock(&p.bank, 1, 1)
            .to(&people[i % 20])
            .credits(1)
    };
    // A hundred licences to renew, return and assign.
    let mut codes = Vec::new();
    for i in 0..100 {
        let done = first.generate(&one_month(i)).await.expect(201);
        codes.push(done.licenses[0].code.clone());
    }
    let mut changes: Vec<Change> = Vec::new();
    for i in 0..600 {
        changes.push(Change::Generate(if i % 3 == 0 {
            Generate::multiseat(&p.bank, 2, 2)
                .to(&people[i % 20])
                .credits(4)
        } else {
            one_month(i)
        }));
    }
    for i in 0..300 {
        changes.push(Change::Renew(codes[i % 100].clone()));
    }
    for i in 0..100 {
        changes.push(Change::Return(codes[i].clone()));
        changes.push(Change::Assign(
            codes[(i + 50) % 100].clone(),
            people[(i + 7) % 20].clone(),
        ));
    }
    // Interleave kinds so generations, renewals and reassignments overlap.
    let n = changes.len();
    let order: Vec<usize> = (0..n).map(|i| (i * 389) % n).collect();
    assert_eq!(
        order.iter().collect::<std::collections::HashSet<_>>().len(),
        n
    );
    let renewal = Renew::as_before().credits(1);
    let answers: Vec<(Change, Answer)> = futures::stream::iter(order.into_iter().map(|i| {
        let change = changes[i].clone();
        let admin = t.as_user(&admins[i % admins.len()]);
        let renewal = &renewal;
        async move {
            let answer = match &change {
                Change::Generate(request) => admin.generate(request).await.untyped(),
                Change::Renew(code) => admin.renew(code, renewal).await.untyped(),
                Change::Return(code) => admin.return_license(code).await.untyped(),
                Change::Assign(code, email) => admin.assign(code, email).await.untyped(),
            };
            (change, answer)
        }
    }))
    .buffer_unordered(32)
    .collect()
    .await;
    assert!(answers.len() >= 1000);
    let mut charged: u64 = 100;
    let mut refused = std::collections::BTreeMap::<String, usize>::new();
    for (change, answer) in &answers {
        match answer.status {
            200 | 201 => {
                // Generations and renewals answer with the quote they charged.
                if matches!(change, Change::Generate(_) | Change::Renew(_)) {
                    charged += answer.json::<Charged>().quote.credits;
                }
            }
            409 => {
                let error = answer.error();
                assert!(
                    REFUSALS.contains(&error.code.as_str()),
                    "{change:?}: {answer:?}"
                );
                assert!(!error.message.is_empty());
                *refused.entry(error.code).or_default() += 1;
            }
            other => panic!("{change:?}: {other} {answer:?}"),
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
