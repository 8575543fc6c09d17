//! No personal data in the logs: requests whose paths hold addresses and activation codes go
//! through the real handlers with the functions' own log format capturing what they write, and
//! the capture holds no address, no code and no subject; the caller is a pseudonym and the path
//! is its route template.

use std::io::Write;
use std::sync::{Arc, Mutex};

use elp_adapters::http::respond::{loggable_path, pseudonym};
use elp_adapters::runtime::{log_to, scrub, Scrubbed};
use elp_tests::{person, BankSpec, ChangeUser, Function, Generate, TestApp, TEST_ISSUER};
use serde_json::Value;

/// Everything written, shared by every writer made from it.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn writer(&self) -> impl Fn() -> Capture + Send + Sync + 'static {
        let capture = self.clone();
        move || capture.clone()
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).expect("UTF-8 logs")
    }
}

/// A path segment as a browser sends it (`@` and `+` percent-encoded).
fn encoded(segment: &str) -> String {
    segment.replace('@', "%40").replace('+', "%2B")
}

#[tokio::test]
async fn request_logs_hold_no_address_code_or_subject() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let artist = format!("x+{}", person());
    let invited = person();
    let code = admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 1).to(&artist))
        .await
        .1
        .licenses[0]
        .code
        .clone();
    admin.invite(&invited, "member").await.expect(201);
    t.sign_in(&artist).await;

    // Unscrubbed: what the code itself chooses to log.
    let capture = Capture::default();
    let guard = log_to(true, capture.writer());
    let mut requests = 0;
    let mut send = |status: u16, answer: elp_tests::Answer| {
        requests += 1;
        assert_eq!(answer.status, status, "{answer:?}");
    };
    send(
        200,
        admin
            .change_user(&encoded(&artist), &ChangeUser::role("admin"))
            .await
            .untyped(),
    );
    send(
        200,
        admin
            .change_user(&artist, &ChangeUser::role("member"))
            .await
            .untyped(),
    );
    send(
        404,
        admin.remove_user("nobody@studio.example").await.untyped(),
    );
    let assignee = encoded(&artist);
    send(
        200,
        admin
            .licenses(&[("assignee", assignee.as_str())])
            .await
            .untyped(),
    );
    send(200, admin.license(&code).await.untyped());
    send(200, admin.license(&code.to_lowercase()).await.untyped());
    send(200, admin.return_license(&code).await.untyped());
    send(200, admin.assign(&code, &artist).await.untyped());
    send(200, t.as_user(&artist).my_licenses().await.untyped());
    send(200, op.release_invitation(&invited).await.untyped());
    send(200, op.release_account(&artist).await.untyped());
    // Refused before any use case runs: no identity, an unknown route.
    send(
        401,
        t.anonymous()
            .send("DELETE", &format!("/v1/users/{}", encoded(&artist)), None)
            .await,
    );
    send(
        404,
        admin
            .send_to(
                Function::Licenses,
                "GET",
                &format!("/v1/licenses/{code}/owner/{artist}"),
                None,
            )
            .await,
    );
    assert_eq!(t.drain().await.failed, 0);
    drop(guard);

    let logged = capture.text();
    let lines: Vec<Value> = logged
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let request_lines: Vec<&Value> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "request")
        .collect();
    assert_eq!(
        request_lines.len(),
        requests,
        "one line a request:\n{logged}"
    );
    // Nothing a person could be found by: no address (plain or encoded), no code in any
    // spelling, no subject of an account, not even a fragment an address would leave.
    for secret in [
        p.admin.as_str(),
        artist.as_str(),
        invited.as_str(),
        "ops@vendor.example",
        "op-1",
        code.as_str(),
    ] {
        assert!(!logged.contains(secret), "{secret} in:\n{logged}");
        assert!(!logged.contains(&encoded(secret)), "{secret} in:\n{logged}");
    }
    assert!(!logged.contains('@') && !logged.contains("%40"), "{logged}");
    assert!(!logged.contains(&code.to_lowercase()), "{logged}");
    assert!(!logged.contains(&code.replace('-', "")), "{logged}");
    for line in logged.lines() {
        assert_eq!(scrub(line), line, "nothing left for the net to catch");
    }
    // What is logged instead: the account's pseudonym and the route template.
    let admin_caller = pseudonym(TEST_ISSUER, &format!("sub-{}", p.admin));
    let routes: Vec<(&str, &str)> = request_lines
        .iter()
        .map(|l| {
            (
                l["fields"]["route"].as_str().unwrap(),
                l["fields"]["caller"].as_str().unwrap(),
            )
        })
        .collect();
    for (route, caller) in [
        ("/v1/users/{email}", admin_caller.as_str()),
        ("/v1/licenses", admin_caller.as_str()),
        ("/v1/licenses/{code}", admin_caller.as_str()),
        ("/v1/licenses/{code}/return", admin_caller.as_str()),
        ("/v1/licenses/{code}/assign", admin_caller.as_str()),
        (
            "/v1/operator/invitations/{email}",
            &pseudonym(TEST_ISSUER, "op-1"),
        ),
        (
            "/v1/operator/users/{email}/identity",
            &pseudonym(TEST_ISSUER, "op-1"),
        ),
        ("/v1/users/{email}", "-"),
        ("/v1/licenses/{code}/{}/{}", admin_caller.as_str()),
    ] {
        assert!(
            routes.contains(&(route, caller)),
            "{route} by {caller} in {routes:?}"
        );
    }
    for line in &request_lines {
        let fields = &line["fields"];
        assert!(fields["request_id"].is_string() && fields["method"].is_string());
        assert!(fields["status"].is_u64() && fields["latency_ms"].is_number());
    }
}

#[tokio::test]
async fn the_production_writer_scrubs_what_slips_through() {
    let capture = Capture::default();
    let guard = log_to(true, Scrubbed(capture.writer()));
    let t = TestApp::with_ses(&elp_tests::dead_endpoint()).await;
    let p = t.provision(BankSpec::portable(10)).await;
    // SES is down: the outbox warns about each mail with the SDK's error text.
    let delivery = t.drain().await;
    assert!(delivery.failed > 0);
    drop(guard);
    let logged = capture.text();
    assert!(logged.contains("mail left in the outbox"), "{logged}");
    assert!(!logged.contains(&p.admin), "{logged}");
    assert_eq!(scrub(&logged), logged);
}

#[test]
fn every_route_is_logged_as_its_template() {
    let samples = [
        ("{email}", "a.b+c@studio.example"),
        ("{code}", "ABCD-EFGH-JKMN-PQR2"),
        ("{id}", "b_123"),
        ("{org}", "o_456"),
        ("{product}", "harmony-premium"),
        ("{seat}", "2"),
    ];
    for (method, template) in elp_tests::all_routes() {
        let mut filled = template.to_string();
        for (placeholder, value) in samples {
            filled = filled.replace(placeholder, &encoded(value));
        }
        assert!(!filled.contains('{'), "a new placeholder in {template}");
        assert_eq!(loggable_path(&filled), template, "{method} {template}");
    }
}
