//! Every sample event under events/ is served by its function, against the seeded demo world.

use elp_tests::{read, request, route, TestApp};
use serde_json::Value;

/// (file, expected status), in the order they are sent (invite before change before remove).
const HTTP_SAMPLES: &[(&str, u16)] = &[
    ("banks/list-banks.json", 200),
    ("banks/get-bank.json", 200),
    ("banks/dashboard.json", 200),
    ("licenses/list-licenses.json", 200),
    ("licenses/get-license.json", 200),
    ("licenses/quote.json", 200),
    ("licenses/generate.json", 201),
    ("renewals/quote.json", 200),
    ("renewals/renew.json", 200),
    ("returns/return.json", 200),
    ("returns/assign.json", 200),
    ("users/list-users.json", 200),
    ("users/invite.json", 201),
    ("users/change.json", 200),
    ("users/remove.json", 200),
    ("users/audit.json", 200),
    ("versions/list.json", 200),
    ("versions/set.json", 200),
    ("workspace/me.json", 200),
    ("workspace/my-licenses.json", 200),
    ("exports/download.json", 200),
    ("exports/email.json", 202),
];

/// Samples fed to their functions by other tests.
const ELSEWHERE: &[&str] = &[
    "operator/put-catalog.json",
    "operator/create-org.json",
    "operator/create-bank.json",
    "operator/grant.json",
    "expire-banks/scheduled.json",
    "expiry-warnings/scheduled.json",
];

const NON_HTTP: &[&str] = &["outbox/stream.json", "outbox/scheduled.json"];

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events")
}

#[tokio::test]
async fn every_sample_event_is_served_by_its_function() {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let admin = elp_gateway::seed::ADMIN;
    let (_, banks) = elp_tests::call(
        &t.app,
        "GET",
        "/v1/banks",
        &elp_tests::Caller::User(admin.into()),
        None,
        &[],
    )
    .await;
    let bank = banks["banks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["portable"] == true && b["status"] == "active")
        .unwrap();
    let (_, licenses) = elp_tests::call(
        &t.app,
        "GET",
        "/v1/licenses?limit=100",
        &elp_tests::Caller::User(admin.into()),
        None,
        &[],
    )
    .await;
    let licenses = licenses["licenses"].as_array().unwrap().clone();
    let code_with = |action: &str, except: &[&str]| -> String {
        licenses
            .iter()
            .filter(|l| l["actions"][action] == true)
            .map(|l| l["code"].as_str().unwrap().to_string())
            .find(|c| !except.contains(&c.as_str()))
            .unwrap_or_else(|| panic!("a licence allowing {action}"))
    };
    let renewable = code_with("renew", &[]);
    let returnable = code_with("return", &[&renewable]);
    let assignable = code_with("assign", &[]);
    let quote_body = serde_json::json!({ "months": 1 });
    let (_, quote) = elp_tests::call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{renewable}/renewals/quote"),
        &elp_tests::Caller::User(admin.into()),
        Some(quote_body),
        &[],
    )
    .await;
    let fill = |text: String| {
        text.replace("BANK_ID", bank["id"].as_str().unwrap())
            .replace("LICENSE_CODE", licenses[0]["code"].as_str().unwrap())
            .replace("RENEWABLE_CODE", &renewable)
            .replace("RETURNABLE_CODE", &returnable)
            .replace("ASSIGNABLE_CODE", &assignable)
            .replace("RENEWAL_CREDITS", &quote["quote"]["credits"].to_string())
    };
    for (file, expected) in HTTP_SAMPLES {
        let event: Value =
            serde_json::from_str(&fill(std::fs::read_to_string(root().join(file)).unwrap()))
                .unwrap();
        let method = event["requestContext"]["http"]["method"].as_str().unwrap();
        let path = event["rawPath"].as_str().unwrap();
        let function =
            route(method, path).unwrap_or_else(|| panic!("{file}: no route for {method} {path}"));
        let (status, body) =
            read(elp_gateway::routes::invoke(function, &t.app, request(&event)).await);
        assert_eq!(status, *expected, "{file}: {body}");
    }
    for file in NON_HTTP {
        let _: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
        elp_outbox::handle(&t.app)
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    // Every file under events/ is accounted for.
    let mut known: Vec<&str> = HTTP_SAMPLES
        .iter()
        .map(|(f, _)| *f)
        .chain(ELSEWHERE.iter().copied())
        .chain(NON_HTTP.iter().copied())
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
