//! Bulk generation, renewal and assignment through the real handlers: one quote, one confirm,
//! written in several transactions; an interrupted request is finished by its retry with the
//! same Idempotency-Key and never charges twice; a bank that runs out part-way leaves a result
//! per recipient; and a thousand racing bulk and single requests over two banks never overspend
//! either and reconcile.

use std::collections::{BTreeMap, HashSet};

use elp_adapters::service::reconcile::check_all;
use elp_core::BankId;
use elp_tests::faults::{Fault, Faults};
use elp_tests::{Answer, BankSpec, BulkGenerate, BulkRenew, Generate, Provisioned, TestApp};
use futures::StreamExt;
use serde_json::{json, Value};

async fn used(t: &TestApp, bank: &str) -> u64 {
    let bank = t
        .app
        .store
        .get_bank(&BankId::parse(bank).unwrap(), true)
        .await
        .unwrap()
        .unwrap();
    assert!(bank.used <= bank.granted, "never more used than granted");
    u64::from(bank.used.get())
}

fn crew(n: usize, tag: &str) -> Vec<String> {
    (0..n).map(|i| format!("{tag}{i}@crew.example")).collect()
}

/// Every licence of the organisation, by assignee.
async fn holders(t: &TestApp, p: &Provisioned) -> BTreeMap<String, usize> {
    let org = elp_core::OrgId::parse(&p.org).unwrap();
    let filter = elp_adapters::store::LicenseFilter::of_org(org);
    let mut out = BTreeMap::new();
    t.app
        .store
        .each_license_page(&filter, 500, |page| {
            for l in page {
                *out.entry(l.assignee().map(|a| a.to_string()).unwrap_or_default())
                    .or_default() += 1;
            }
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .await
        .unwrap();
    out
}

fn count(answer: &Answer, status: &str) -> usize {
    answer.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["status"] == status)
        .count()
}

#[tokio::test]
async fn a_crew_of_150_across_transactions_is_finished_once_by_the_retry_of_an_interrupted_request()
{
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(600)).await;
    let admin = t.as_admin(&p);
    let people = crew(150, "artist");
    let request = BulkGenerate::node_lock(&p.bank, 3, 1).to_all(&people);
    let quote = admin.bulk_quote(&request).await;
    assert_eq!(quote.status, 200, "{quote:?}");
    assert_eq!(quote.body["quote"]["credits"], 450);
    assert_eq!(quote.body["quote"]["licenses"], 150);
    assert_eq!(quote.body["quote"]["joining"], 150);
    assert_eq!(quote.body["quote"]["remaining_after"], 150);
    let confirm = request.credits(450);
    let keyed = admin.clone().with_idempotency_key("crew-150");
    // Three transactions go through, then DynamoDB fails every attempt (past the SDK's retries).
    faults.inject_after("TransactWriteItems", 3, Fault::Throttle, 1000);
    let stopped = keyed.bulk_generate(&confirm).await;
    assert_eq!(stopped.status, 503, "{stopped:?}");
    assert_eq!(stopped.error_code(), Some("interrupted"));
    let done = stopped.body["error"]["details"]["done"].as_u64().unwrap();
    assert!(done > 0 && done < 150, "part-way: {done}");
    assert_eq!(stopped.body["error"]["details"]["total"], 150);
    let charged_so_far = used(&t, &p.bank).await;
    assert_eq!(
        charged_so_far,
        3 * done,
        "what was written is what was charged"
    );
    assert_eq!(holders(&t, &p).await.values().sum::<usize>() as u64, done);

    faults.clear();
    let finished = keyed.bulk_generate(&confirm).await;
    assert_eq!(finished.status, 201, "{finished:?}");
    assert_eq!(finished.body["generated"], 150);
    assert_eq!(finished.body["refused"], 0);
    assert_eq!(finished.body["credits"], 450);
    assert_eq!(count(&finished, "generated"), 150);
    let codes: HashSet<&str> = finished.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["codes"].as_array().unwrap())
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 150);
    assert_eq!(used(&t, &p.bank).await, 450, "charged exactly once");
    let held = holders(&t, &p).await;
    assert_eq!(held.len(), 150);
    assert!(held.values().all(|&n| n == 1), "one licence each: {held:?}");
    // Once finished, the same request gets the same answer and changes nothing.
    let again = keyed.bulk_generate(&confirm).await;
    assert_eq!((again.status, &again.body), (201, &finished.body));
    assert_eq!(used(&t, &p.bank).await, 450);
    // The same key for another request is refused.
    let other = BulkGenerate::node_lock(&p.bank, 1, 1)
        .to_all(&people[..2])
        .credits(2);
    let reused = keyed.bulk_generate(&other).await;
    assert_eq!(reused.error_code(), Some("idempotency_key_reused"));
    // Every newcomer was invited, and every licence audited and mailed.
    for r in check_all(&t.app.store).await.unwrap() {
        assert!(r.problems.is_empty(), "{r:?}");
    }
    let emails: Vec<elp_core::Email> = people
        .iter()
        .map(|e| elp_core::Email::parse("email", e).unwrap())
        .collect();
    let joined = t
        .app
        .store
        .get_memberships(&emails.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert!(
        joined
            .iter()
            .all(|m| m.as_ref().is_some_and(|m| m.held == 1)),
        "every newcomer invited, holding one licence"
    );
}

#[tokio::test]
async fn a_bank_that_runs_out_part_way_leaves_a_result_per_recipient() {
    let faults = Faults::new();
    let t = TestApp::with_dynamodb(None, Some(faults.clone())).await;
    let p = t.provision(BankSpec::portable(150)).await;
    let admin = t.as_admin(&p);
    // More than the bank holds: refused whole, saying how many recipients it pays for.
    let people = crew(120, "grip");
    let too_many = BulkGenerate::node_lock(&p.bank, 2, 1).to_all(&people);
    let refused = admin.bulk_quote(&too_many).await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.error_code(), Some("insufficient_credits"));
    assert_eq!(refused.error_field(), Some("recipients"));
    assert_eq!(refused.body["error"]["details"]["max_quantity"], 75);
    assert_eq!(refused.body["error"]["details"]["needed"], 240);
    // 70 recipients fit: 140 credits.
    let request = BulkGenerate::node_lock(&p.bank, 2, 1)
        .to_all(&people[..70])
        .credits(140);
    let keyed = admin.clone().with_idempotency_key("grips");
    faults.inject_after("TransactWriteItems", 2, Fault::Throttle, 1000);
    let stopped = keyed.bulk_generate(&request).await;
    assert_eq!(stopped.error_code(), Some("interrupted"), "{stopped:?}");
    let done = stopped.body["error"]["details"]["done"].as_u64().unwrap();
    faults.clear();
    // Meanwhile another admin's generation spends what the rest of the crew needed.
    let left = 150 - used(&t, &p.bank).await;
    let spend = Generate::floating(&p.bank, 1, left as i64 - 3)
        .to(&p.admin)
        .credits(left as i64 - 3);
    assert_eq!(admin.generate(&spend).await.status, 201);
    let finished = keyed.bulk_generate(&request).await;
    assert_eq!(finished.status, 201, "{finished:?}");
    let generated = count(&finished, "generated");
    assert_eq!(
        generated as u64,
        done + 1,
        "the three credits left pay one more"
    );
    assert_eq!(count(&finished, "refused"), 70 - generated);
    let refusal = finished.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "refused")
        .unwrap();
    assert_eq!(refusal["error"]["code"], "insufficient_credits");
    assert!(refusal["codes"].as_array().unwrap().is_empty());
    assert_eq!(used(&t, &p.bank).await, 149, "never below zero");
    for r in check_all(&t.app.store).await.unwrap() {
        assert!(r.problems.is_empty(), "{r:?}");
    }
}

#[tokio::test]
async fn sixty_licences_renewed_with_one_quote_and_one_confirm() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(400)).await;
    let admin = t.as_admin(&p).with_idempotency_key("crew-60");
    let people = crew(60, "lead");
    let made = admin
        .bulk_generate(
            &BulkGenerate::node_lock(&p.bank, 2, 1)
                .to_all(&people)
                .credits(120),
        )
        .await;
    assert_eq!(made.status, 201, "{made:?}");
    let codes: Vec<String> = made.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["codes"][0].as_str().unwrap().to_string())
        .collect();
    let renew = BulkRenew::as_before(&codes);
    let quote = admin.bulk_renewal_quote(&renew).await;
    assert_eq!(quote.status, 200, "{quote:?}");
    assert_eq!(quote.body["quote"]["credits"], 120);
    assert_eq!(quote.body["quote"]["licenses"], 60);
    assert_eq!(quote.body["quote"]["banks"][0]["remaining_after"], 160);
    assert_eq!(quote.body["lines"][0]["start"], "2026-05-02");
    let keyed = t.as_admin(&p).with_idempotency_key("renew-60");
    let renewed = keyed.bulk_renew(&renew.clone().credits(120)).await;
    assert_eq!(renewed.status, 200, "{renewed:?}");
    assert_eq!(renewed.body["renewed"], 60);
    assert_eq!(renewed.body["results"][59]["expiry"], "2026-07-02");
    assert_eq!(used(&t, &p.bank).await, 240);
    let again = keyed.bulk_renew(&renew.clone().credits(120)).await;
    assert_eq!(again.body, renewed.body, "a retry renews nothing twice");
    assert_eq!(used(&t, &p.bank).await, 240);
    let one = t.as_admin(&p).license(&codes[17]).await.expect(200);
    assert_eq!(one.terms.len(), 2);
    // A stale total is refused whole, and nothing changes.
    let stale = t
        .as_admin(&p)
        .with_idempotency_key("renew-stale")
        .bulk_renew(&renew.credits(119))
        .await;
    assert_eq!(stale.error_code(), Some("quote_changed"), "{stale:?}");
    assert_eq!(used(&t, &p.bank).await, 240);
    for r in check_all(&t.app.store).await.unwrap() {
        assert!(r.problems.is_empty(), "{r:?}");
    }
}

#[tokio::test]
async fn returned_licences_are_assigned_in_bulk_with_a_result_each() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p);
    let done = admin
        .generate(&Generate::node_lock(&p.bank, 2, 4).to(&p.admin).credits(8))
        .await
        .expect(201);
    let codes: Vec<String> = done.licenses.iter().map(|l| l.code.clone()).collect();
    for code in &codes[..3] {
        assert_eq!(admin.return_license(code).await.status, 200);
    }
    let newcomer = "newcomer@crew.example".to_string();
    let pairs = vec![
        (codes[0].clone(), newcomer.clone()),
        (codes[1].clone(), newcomer.clone()),
        (codes[2].clone(), p.admin.clone()),
        // Still assigned: a refused line.
        (codes[3].clone(), newcomer.clone()),
    ];
    let keyed = admin.clone().with_idempotency_key("assign-4");
    let assigned = keyed.bulk_assign(&pairs).await;
    assert_eq!(assigned.status, 200, "{assigned:?}");
    assert_eq!(assigned.body["assigned"], 3);
    let results = &assigned.body["results"];
    assert_eq!(results[0]["joins_organisation"], true);
    assert_eq!(results[1]["joins_organisation"], false, "invited once");
    assert_eq!(results[3]["status"], "refused");
    assert_eq!(results[3]["error"]["code"], "already_assigned");
    let again = keyed.bulk_assign(&pairs).await;
    assert_eq!(again.body, assigned.body);
    let held = holders(&t, &p).await;
    assert_eq!(held.get(&newcomer), Some(&2));
    let users = admin.users().await.expect(200);
    let joined = users.users.iter().find(|u| u.email == newcomer).unwrap();
    assert_eq!(joined.licenses_held, 2);
}

#[tokio::test]
async fn bad_lines_are_named_and_nothing_is_written() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p).with_idempotency_key("bad");
    let base =
        json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "credits": 3 });
    let with = |recipients: Value| {
        let mut b = base.clone();
        b["recipients"] = recipients;
        b
    };
    let cases = [
        (with(json!([])), "recipients"),
        (
            with(json!([{ "email": "a@crew.example" }, { "email": "not an address" }])),
            "recipients[1].email",
        ),
        (
            with(
                json!([{ "email": "a@crew.example" }, { "email": "b@crew.example" }, { "email": "A@crew.example" }]),
            ),
            "recipients[2].email",
        ),
        (
            with(json!([{ "email": "a@crew.example", "quantity": 41 }])),
            "recipients[0].quantity",
        ),
    ];
    for (body, field) in cases {
        let answer = admin.send("POST", "/v1/licenses/bulk", Some(&body)).await;
        assert_eq!(
            (answer.status, answer.error_field()),
            (422, Some(field)),
            "{answer:?}"
        );
    }
    let renewal = json!({ "licenses": [{ "code": "nope" }], "credits": 1 });
    let answer = admin
        .send("POST", "/v1/licenses/bulk/renewals", Some(&renewal))
        .await;
    assert_eq!(answer.error_field(), Some("licenses[0].code"));
    let unkeyed = t
        .as_admin(&p)
        .send(
            "POST",
            "/v1/licenses/bulk",
            Some(&with(json!([{ "email": "a@crew.example" }]))),
        )
        .await;
    assert_eq!(
        (unkeyed.status, unkeyed.error_field()),
        (422, Some("Idempotency-Key"))
    );
    assert_eq!(used(&t, &p.bank).await, 0);
}

/// One request of the race.
#[derive(Debug, Clone)]
enum Change {
    Single(String, String),
    Bulk(String, Vec<String>),
    BulkRenew(Vec<String>),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_racing_bulk_and_single_requests_over_two_banks_never_overspend_and_reconcile() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(700)).await;
    let second = t
        .as_operator()
        .create_bank(&p.org, &BankSpec::portable(500))
        .await
        .expect(201)
        .id;
    let banks = [p.bank.clone(), second.clone()];
    let people = crew(30, "racer");
    let admin = t.as_admin(&p);
    // Licences to renew in bulk, 20 on each bank.
    let mut renewable = Vec::new();
    for bank in &banks {
        let made = admin
            .clone()
            .with_idempotency_key(&format!("seed-{bank}"))
            .bulk_generate(
                &BulkGenerate::node_lock(bank, 1, 1)
                    .to_all(&people[..20])
                    .credits(20),
            )
            .await;
        assert_eq!(made.status, 201, "{made:?}");
        for r in made.body["results"].as_array().unwrap() {
            renewable.push(r["codes"][0].as_str().unwrap().to_string());
        }
    }
    let mut changes = Vec::new();
    for i in 0..1000 {
        let bank = banks[i % 2].clone();
        changes.push(match i % 10 {
            0 | 1 => Change::Bulk(
                bank,
                (0..5).map(|k| people[(i + k * 7) % 30].clone()).collect(),
            ),
            2 => Change::BulkRenew(
                (0..4)
                    .map(|k| renewable[(i / 10 + k * 10) % 40].clone())
                    .collect(),
            ),
            _ => Change::Single(bank, people[i % 30].clone()),
        });
    }
    let answers: Vec<(Change, Answer)> =
        futures::stream::iter(changes.into_iter().enumerate().map(|(i, change)| {
            let admin = t.as_admin(&p).with_idempotency_key(&format!("race-{i}"));
            async move {
                // A bulk request interrupted by contention is finished by its retry.
                let mut tries = 0;
                loop {
                    tries += 1;
                    let answer = match &change {
                        Change::Single(bank, to) => admin
                            .generate(&Generate::node_lock(bank, 1, 1).to(to).credits(1))
                            .await
                            .untyped(),
                        Change::Bulk(bank, crew) => {
                            admin
                                .bulk_generate(
                                    &BulkGenerate::node_lock(bank, 1, 1).to_all(crew).credits(5),
                                )
                                .await
                        }
                        Change::BulkRenew(codes) => {
                            let renew = BulkRenew::as_before(codes);
                            let quote = admin.bulk_renewal_quote(&renew).await;
                            match quote.body["quote"]["credits"].as_i64() {
                                Some(c) => admin.bulk_renew(&renew.credits(c)).await,
                                None => quote,
                            }
                        }
                    };
                    if answer.status != 503 || tries == 5 {
                        return (change, answer);
                    }
                }
            }
        }))
        .buffer_unordered(16)
        .collect()
        .await;
    assert_eq!(answers.len(), 1000);
    let mut charged = 40u64;
    let mut refused = BTreeMap::<String, usize>::new();
    for (change, answer) in &answers {
        match (answer.status, change) {
            (201, Change::Single(..)) => {
                charged += answer.body["quote"]["credits"].as_u64().unwrap()
            }
            (200 | 201, Change::Bulk(..) | Change::BulkRenew(..)) => {
                charged += answer.body["credits"].as_u64().unwrap();
                for r in answer.body["results"].as_array().unwrap() {
                    if let Some(code) = r["error"]["code"].as_str() {
                        *refused.entry(code.to_string()).or_default() += 1;
                    }
                }
            }
            (409, _) => *refused.entry(answer.error().code).or_default() += 1,
            other => panic!("{change:?}: {other:?} {answer:?}"),
        }
    }
    let total = used(&t, &banks[0]).await + used(&t, &banks[1]).await;
    assert_eq!(total, charged, "exactly what the answers said was charged");
    assert!(
        refused.get("insufficient_credits").copied().unwrap_or(0) > 0,
        "the banks ran out: {refused:?}"
    );
    for r in check_all(&t.app.store).await.unwrap() {
        assert!(r.problems.is_empty(), "{r:?}");
    }
}

#[tokio::test]
async fn each_bulk_route_makes_the_round_trips_of_the_access_pattern_doc() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p).with_idempotency_key("trips");
    // The first request binds the admin's account; the counts are of the ones after.
    assert_eq!(admin.banks().await.status, 200);
    let people = crew(2, "trip");
    let trips = |before: u64| t.app.store.round_trips() - before;
    let generation = BulkGenerate::node_lock(&p.bank, 1, 1).to_all(&people);
    let before = t.app.store.round_trips();
    assert_eq!(admin.bulk_quote(&generation).await.status, 200);
    assert_eq!(trips(before), 2, "batch (caller, bank) + memberships");
    let before = t.app.store.round_trips();
    let made = admin.bulk_generate(&generation.credits(2)).await;
    assert_eq!(made.status, 201);
    assert_eq!(
        trips(before),
        4,
        "batch + job + memberships + one transaction"
    );
    let codes: Vec<String> = made.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["codes"][0].as_str().unwrap().to_string())
        .collect();
    let renew = BulkRenew::as_before(&codes);
    let before = t.app.store.round_trips();
    assert_eq!(admin.bulk_renewal_quote(&renew).await.status, 200);
    assert_eq!(trips(before), 3, "caller + licences + banks");
    let keyed = t.as_admin(&p).with_idempotency_key("trips-renew");
    let before = t.app.store.round_trips();
    assert_eq!(keyed.bulk_renew(&renew.credits(2)).await.status, 200);
    assert_eq!(
        trips(before),
        5,
        "caller + job + licences + banks + one transaction"
    );
    for code in &codes {
        assert_eq!(t.as_admin(&p).return_license(code).await.status, 200);
    }
    let keyed = t.as_admin(&p).with_idempotency_key("trips-assign");
    let pairs: Vec<(String, String)> = codes.iter().map(|c| (c.clone(), p.admin.clone())).collect();
    let before = t.app.store.round_trips();
    // One person twice: two transactions.
    assert_eq!(keyed.bulk_assign(&pairs).await.status, 200);
    assert_eq!(
        trips(before),
        6,
        "caller + job + licences + memberships + two transactions"
    );
}

#[tokio::test]
async fn a_suspended_organisation_generates_nothing_in_bulk() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(50)).await;
    let admin = t.as_admin(&p).with_idempotency_key("suspended");
    let request = BulkGenerate::node_lock(&p.bank, 1, 1)
        .to_all(&crew(3, "held"))
        .credits(3);
    assert_eq!(
        t.as_operator().suspend_org(&p.org, "unpaid").await.status,
        200
    );
    let refused = admin.bulk_generate(&request).await;
    assert_eq!(refused.status, 409, "{refused:?}");
    assert_eq!(refused.error_code(), Some("org_suspended"));
    assert_eq!(used(&t, &p.bank).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_attempts_with_one_key_at_once_write_each_line_once_and_answer_alike() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(200)).await;
    let request = BulkGenerate::node_lock(&p.bank, 1, 1)
        .to_all(&crew(60, "twin"))
        .credits(60);
    let (a, b) = (
        t.as_admin(&p).with_idempotency_key("twins"),
        t.as_admin(&p).with_idempotency_key("twins"),
    );
    let (first, second) = tokio::join!(a.bulk_generate(&request), b.bulk_generate(&request));
    for answer in [&first, &second] {
        // An attempt that kept losing to the other may stop part-way; its retry finishes.
        assert!(
            answer.status == 201 || answer.error_code() == Some("interrupted"),
            "{answer:?}"
        );
    }
    let done = a.bulk_generate(&request).await;
    assert_eq!(done.status, 201);
    for answer in [&first, &second].into_iter().filter(|a| a.status == 201) {
        assert_eq!(answer.body, done.body, "one answer for the key");
    }
    assert_eq!(done.body["generated"], 60);
    assert_eq!(used(&t, &p.bank).await, 60, "each line charged once");
    let held = holders(&t, &p).await;
    assert_eq!((held.len(), held.values().sum::<usize>()), (60, 60));
}
