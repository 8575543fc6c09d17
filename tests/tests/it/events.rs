//! Every sample event under events/ is served by its function, against the seeded demo world.

use elp_tests::api::Lifecycle;
use elp_tests::{Caller, Renew, TestApp};
use serde_json::Value;

/// (file, expected status), in the order they are sent (invite before change before remove).
const HTTP_SAMPLES: &[(&str, u16)] = &[
    ("banks/list-banks.json", 200),
    ("banks/get-bank.json", 200),
    ("banks/dashboard.json", 200),
    ("banks/bank-ledger.json", 200),
    ("banks/bank-ledger-csv.json", 200),
    ("licenses/list-licenses.json", 200),
    ("licenses/search-licenses.json", 200),
    ("licenses/get-license.json", 200),
    ("licenses/quote.json", 200),
    ("licenses/generate.json", 201),
    ("renewals/quote.json", 200),
    ("renewals/renew.json", 200),
    ("licenses/bulk-quote.json", 200),
    ("licenses/bulk-generate.json", 201),
    ("licenses/bulk-renewal-quote.json", 200),
    ("licenses/bulk-renew.json", 200),
    // The desktop software, on an active licence with no machine yet (no token).
    ("activation/activate.json", 201),
    // The admin sees the machine the software activated.
    ("licenses/license-machines.json", 200),
    ("activation/validate.json", 200),
    ("activation/heartbeat.json", 200),
    ("activation/release.json", 200),
    // Released by the software above: seat 0 holds nothing now.
    ("licenses/release-machine.json", 404),
    // A member's licence's machines (none), and a release of a seat that holds nothing.
    ("workspace/my-machines.json", 200),
    ("workspace/release-my-machine.json", 404),
    ("operator/activation-policy.json", 200),
    ("returns/return.json", 200),
    ("returns/assign.json", 200),
    // The licence returned above, now assigned in bulk.
    ("licenses/bulk-assign.json", 200),
    ("users/list-users.json", 200),
    ("users/invite.json", 201),
    ("users/change.json", 200),
    ("users/remove.json", 200),
    ("users/audit.json", 200),
    ("users/audit-csv.json", 200),
    ("users/list-credentials.json", 200),
    ("users/create-credential.json", 201),
    // A script's request on the scripts API, with the context the authorizer handed on.
    ("licenses/script-list-licenses.json", 200),
    ("webhooks/create.json", 201),
    ("webhooks/list.json", 200),
    ("versions/list.json", 200),
    ("versions/set.json", 200),
    ("workspace/me.json", 200),
    ("workspace/my-licenses.json", 200),
    ("workspace/set-language.json", 200),
    ("workspace/org-language.json", 200),
    ("exports/download.json", 200),
    ("exports/email.json", 202),
    ("console/list-orgs.json", 200),
    ("console/get-org.json", 200),
    ("console/org-licenses.json", 200),
    ("console/org-users.json", 200),
    ("console/org-audit.json", 200),
    ("console/org-bank-ledger.json", 200),
    ("console/find-license.json", 200),
    ("console/find-user.json", 200),
    ("console/vendor-audit.json", 200),
    ("console/dead-mail.json", 200),
    ("operator/rename-org.json", 200),
    ("operator/suspend-org.json", 200),
    ("operator/resume-org.json", 200),
    ("operator/change-user.json", 200),
    ("operator/extend-bank.json", 200),
    ("operator/void-credits.json", 200),
    // Last: the samples' admin is bound to another account from here on.
    ("operator/bind-account.json", 200),
];

/// Samples fed to their functions by other tests.
const ELSEWHERE: &[&str] = &[
    // Fed to the events function by domain_events.rs (it needs an event bus).
    "events/stream.json",
    "operator/put-catalog.json",
    "operator/get-catalog.json",
    "operator/preview-catalog.json",
    "operator/change-catalog.json",
    "operator/create-org.json",
    "operator/create-bank.json",
    "operator/grant.json",
    "credit-requests/request.json",
    "credit-requests/list.json",
    "credit-requests/get.json",
    "credit-requests/withdraw.json",
    "credit-requests/queue.json",
    "credit-requests/grant.json",
    "credit-requests/decline.json",
    "expire-banks/scheduled.json",
    "expiry-warnings/scheduled.json",
];

const NON_HTTP: &[&str] = &["outbox/stream.json", "outbox/scheduled.json"];

/// The scripts API's authorizer's event: a well-formed key no credential has.
const AUTHORIZER: &[&str] = &["authorizer/request.json"];
/// The webhook delivery function's events: a domain event from the bus, the schedule's run.
const WEBHOOK_EVENTS: &[&str] = &[
    "webhook-deliveries/domain-event.json",
    "webhook-deliveries/scheduled.json",
];

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

#[tokio::test]
async fn every_sample_event_is_served_by_its_function() {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    // The setup reads as the account the samples come from: the membership binds to it.
    let sample: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(HTTP_SAMPLES[0].0)).unwrap())
            .unwrap();
    let claims =
        serde_json::from_value(sample["requestContext"]["authorizer"]["jwt"]["claims"].clone())
            .expect("the samples' claims");
    let admin = t.client(Caller::Claims(claims));
    let banks = admin.banks().await.expect(200).banks;
    let bank = banks
        .iter()
        .find(|b| b.portable && b.status == Lifecycle::Active)
        .unwrap();
    let licenses = admin
        .licenses(&[("limit", "100")])
        .await
        .expect(200)
        .licenses;
    let code_with = |allows: fn(&elp_tests::api::Actions) -> bool, what: &str, except: &[&str]| {
        licenses
            .iter()
            .filter(|l| allows(&l.actions))
            .map(|l| l.code.clone())
            .find(|c| !except.contains(&c.as_str()))
            .unwrap_or_else(|| panic!("a licence allowing {what}"))
    };
    let renewable = code_with(|a| a.renew, "renew", &[]);
    let returnable = code_with(|a| a.r#return, "return", &[&renewable]);
    let assignable = code_with(|a| a.assign, "assign", &[]);
    let quote = admin
        .renewal_quote(&renewable, &Renew::default().months(1))
        .await
        .expect(200)
        .quote;
    let org = admin.me().await.expect(200).org.id;
    let active = licenses
        .iter()
        .find(|l| l.status == Lifecycle::Active && l.kind != elp_tests::api::LicenseType::Floating)
        .expect("an active licence of machines");
    let mine = licenses
        .iter()
        .find(|l| l.assignee.as_deref() == Some("ana@studio-nord.example"))
        .expect("a licence of the samples' member");
    let fill = |text: String| {
        text.replace("BANK_ID", &bank.id)
            .replace("ORG_ID", &org)
            .replace("LICENSE_CODE", &licenses[0].code)
            .replace("RENEWABLE_CODE", &renewable)
            .replace("RETURNABLE_CODE", &returnable)
            .replace("ASSIGNABLE_CODE", &assignable)
            .replace("RENEWAL_CREDITS", &quote.credits.to_string())
            .replace("ACTIVE_CODE", &active.code)
            .replace("ACTIVE_PRODUCT", &active.product)
            .replace("MY_CODE", &mine.code)
    };
    for (file, expected) in HTTP_SAMPLES {
        let event: Value =
            serde_json::from_str(&fill(std::fs::read_to_string(root().join(file)).unwrap()))
                .unwrap();
        let answer = t
            .serve_event(&event)
            .await
            .unwrap_or_else(|| panic!("{file}: no route for it"));
        assert_eq!(answer.status, *expected, "{file}: {answer:?}");
    }
    for file in NON_HTTP {
        let _: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
        elp_outbox::handle(&t.app)
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    for file in AUTHORIZER {
        let event = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let verdict = elp_authorizer::authorize(&t.app, &event).await;
        assert!(
            verdict.is_authorized,
            "{file}: the function answers the refusal"
        );
        assert_eq!(
            verdict.context["refused"], "unauthenticated-key-unknown",
            "{file}: {:?}",
            verdict.context
        );
    }
    for file in WEBHOOK_EVENTS {
        let event: Value =
            serde_json::from_str(&fill(std::fs::read_to_string(root().join(file)).unwrap()))
                .unwrap();
        elp_webhooks::on_event(&t.app, event)
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    // Every file under events/ is accounted for.
    let mut known: Vec<&str> = HTTP_SAMPLES
        .iter()
        .map(|(f, _)| *f)
        .chain(ELSEWHERE.iter().copied())
        .chain(NON_HTTP.iter().copied())
        .chain(AUTHORIZER.iter().copied())
        .chain(WEBHOOK_EVENTS.iter().copied())
        .collect();
    known.sort();
    let mut found = Vec::new();
    for dir in std::fs::read_dir(root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
    {
        for file in std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
        {
            found.push(format!(
                "{}/{}",
                dir.file_name().to_string_lossy(),
                file.file_name().to_string_lossy()
            ));
        }
    }
    found.sort();
    assert_eq!(found, known, "a new sample needs a case here");
}
