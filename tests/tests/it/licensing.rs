//! The article's licensing flows through the real handlers, with the credit arithmetic checked
//! to the unit and the mail as it arrives in the SES emulator.

use elp_tests::{call, mails_to, unique, Caller, TestApp};
use serde_json::{json, Value};

use crate::operator::{op, provision, Provisioned};

fn admin(p: &Provisioned) -> Caller {
    Caller::User(p.admin.clone())
}

fn person() -> String {
    format!("{}@studio.example", unique("artist-"))
}

pub(crate) fn request(
    bank: &str,
    kind: &str,
    months: i64,
    quantity: i64,
    start: &str,
    recipient: &str,
) -> Value {
    json!({ "bank": bank, "type": kind, "months": months, "quantity": quantity, "start": start, "recipient": recipient })
}

/// Quote, then confirm with the quoted credits; returns the confirmation.
pub(crate) async fn generate(t: &TestApp, p: &Provisioned, body: Value) -> (Value, Value) {
    let (status, quote) = call(
        &t.app,
        "POST",
        "/v1/licenses/quote",
        &admin(p),
        Some(body.clone()),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{quote}");
    let mut confirm = body;
    confirm["credits"] = quote["quote"]["credits"].clone();
    let (status, done) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin(p),
        Some(confirm),
        &[],
    )
    .await;
    assert_eq!(status, 201, "{done}");
    (quote, done)
}

async fn bank(t: &TestApp, p: &Provisioned, id: &str) -> Value {
    let (status, bank) = call(
        &t.app,
        "GET",
        &format!("/v1/banks/{id}"),
        &admin(p),
        None,
        &[],
    )
    .await;
    assert_eq!(status, 200, "{bank}");
    bank
}

fn credits(v: &Value) -> (u64, u64, u64) {
    (
        v["granted"].as_u64().unwrap(),
        v["used"].as_u64().unwrap(),
        v["remaining"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn node_lock_makes_one_licence_per_computer_and_mails_the_codes_with_downloads() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 100, "2026-01-01", "2027-01-01").await;
    let artist = person();
    let (quote, done) = generate(
        &t,
        &p,
        request(&p.bank, "node_lock", 3, 4, "2026-03-02", &artist),
    )
    .await;
    let q = &quote["quote"];
    assert_eq!(
        (
            q["credits"].as_u64(),
            q["licenses"].as_u64(),
            q["remaining_after"].as_u64()
        ),
        (Some(12), Some(4), Some(88))
    );
    assert_eq!(
        (
            q["start"].as_str(),
            q["expiry"].as_str(),
            q["capped"].as_bool()
        ),
        (Some("2026-03-02"), Some("2026-06-02"), Some(false))
    );
    assert_eq!(quote["recipient"]["joins_organisation"], true);
    let licenses = done["licenses"].as_array().unwrap();
    assert_eq!(licenses.len(), 4);
    let mut codes: Vec<&str> = licenses
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 4, "one code each");
    for l in licenses {
        assert_eq!(
            (
                l["computers"].as_u64(),
                l["credits_used"].as_u64(),
                l["status"].as_str()
            ),
            (Some(1), Some(3), Some("active"))
        );
        assert_eq!(l["assignee"].as_str(), Some(artist.as_str()));
        assert_eq!(
            l["actions"],
            json!({ "renew": true, "return": true, "assign": false })
        );
    }
    assert_eq!(credits(&bank(&t, &p, &p.bank).await), (100, 12, 88));

    // The artist joined the organisation as an invited member, and gets two mails.
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&artist);
    assert_eq!(mails.len(), 2, "licence and invitation");
    let licence_mail = mails
        .iter()
        .find(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .contains("Harmony Premium licence")
        })
        .expect("the licence mail");
    let text = licence_mail["body"]["text"].as_str().unwrap();
    for code in &codes {
        assert!(text.contains(code), "{code} in the mail");
    }
    assert!(text.contains("2026-03-02") && text.contains("2026-06-02"));
    assert_eq!(
        text.matches("https://downloads.vendor.example/harmony-premium/")
            .count(),
        9,
        "3 versions x 3 systems"
    );
    assert!(mails.iter().any(|m| m["subject"]
        .as_str()
        .unwrap()
        .contains("invited you to Studio Nord")));
}

#[tokio::test]
async fn multiseat_is_one_key_for_n_computers_and_renews_with_more_computers() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 100, "2026-01-01", "2027-01-01").await;
    let (_, done) = generate(
        &t,
        &p,
        request(&p.bank, "multiseat", 2, 5, "2026-03-02", &p.admin),
    )
    .await;
    let license = &done["licenses"][0];
    assert_eq!(done["licenses"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            license["computers"].as_u64(),
            license["credits_used"].as_u64()
        ),
        (Some(5), Some(10))
    );
    assert_eq!(
        done["recipient"]["joins_organisation"], false,
        "the admin is already a member"
    );
    let code = license["code"].as_str().unwrap();
    let renew = json!({ "months": 1, "computers": 8 });
    let (status, quote) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/renewals/quote"),
        &admin(&p),
        Some(renew.clone()),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{quote}");
    assert_eq!(
        (
            quote["quote"]["start"].as_str(),
            quote["quote"]["expiry"].as_str()
        ),
        (Some("2026-05-02"), Some("2026-06-02"))
    );
    assert_eq!(quote["quote"]["credits"].as_u64(), Some(8));
    let mut confirm = renew;
    confirm["credits"] = json!(8);
    let (status, renewed) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/renewals"),
        &admin(&p),
        Some(confirm),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{renewed}");
    let l = &renewed["license"];
    assert_eq!(
        (
            l["computers"].as_u64(),
            l["credits_used"].as_u64(),
            l["expiry"].as_str()
        ),
        (Some(8), Some(18), Some("2026-06-02"))
    );
    let terms = l["terms"].as_array().unwrap();
    assert_eq!(terms.len(), 2, "the licence keeps its history of terms");
    assert_eq!(
        (terms[0]["computers"].as_u64(), terms[0]["credits"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(
        (terms[1]["computers"].as_u64(), terms[1]["credits"].as_u64()),
        (Some(8), Some(8))
    );
    assert_eq!(credits(&bank(&t, &p, &p.bank).await), (100, 18, 82));
    // Other types keep their computers.
    let (_, floating) = generate(
        &t,
        &p,
        request(&p.bank, "floating", 1, 3, "2026-03-02", &p.admin),
    )
    .await;
    assert_eq!(floating["licenses"][0]["credits_used"].as_u64(), Some(3));
    let fcode = floating["licenses"][0]["code"].as_str().unwrap();
    let (status, refused) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{fcode}/renewals/quote"),
        &admin(&p),
        Some(json!({ "computers": 4 })),
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (422, Some("computers"))
    );
    let (status, default) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{fcode}/renewals/quote"),
        &admin(&p),
        Some(json!({})),
        &[],
    )
    .await;
    assert_eq!(
        (
            status,
            default["quote"]["credits"].as_u64(),
            default["quote"]["months_requested"].as_u64()
        ),
        (200, Some(3), Some(1)),
        "the previous settings by default"
    );
    assert_eq!(credits(&bank(&t, &p, &p.bank).await), (100, 21, 79));
}

#[tokio::test]
async fn a_term_past_the_bank_expiry_is_capped_and_charged_for_started_months() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 100, "2026-01-01", "2026-05-10").await;
    let (quote, done) = generate(
        &t,
        &p,
        request(&p.bank, "multiseat", 6, 2, "2026-03-15", &p.admin),
    )
    .await;
    let q = &quote["quote"];
    assert_eq!(
        (
            q["expiry"].as_str(),
            q["months_charged"].as_u64(),
            q["credits"].as_u64(),
            q["capped"].as_bool()
        ),
        (Some("2026-05-10"), Some(2), Some(4), Some(true))
    );
    assert!(
        q["summary"]
            .as_str()
            .unwrap()
            .contains("The bank expires on 2026-05-10"),
        "{q}"
    );
    assert_eq!(
        done["licenses"][0]["status"], "pending",
        "it starts on the 15th"
    );
    assert_eq!(credits(&bank(&t, &p, &p.bank).await), (100, 4, 96));
    // It already ends on the bank's expiry: no renewal.
    let code = done["licenses"][0]["code"].as_str().unwrap();
    let (status, refused) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/renewals/quote"),
        &admin(&p),
        Some(json!({})),
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("at_bank_limit"))
    );
    assert_eq!(done["licenses"][0]["actions"]["renew"], false);
}

#[tokio::test]
async fn insufficient_credits_refuse_the_whole_request_and_change_nothing() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 10, "2026-01-01", "2027-01-01").await;
    let artist = person();
    let body = request(&p.bank, "node_lock", 3, 4, "2026-03-02", &artist);
    let (status, refused) = call(
        &t.app,
        "POST",
        "/v1/licenses/quote",
        &admin(&p),
        Some(body.clone()),
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("insufficient_credits"))
    );
    assert_eq!(
        refused["error"]["details"],
        json!({ "needed": 12, "remaining": 10 })
    );
    let mut confirm = body;
    confirm["credits"] = json!(12);
    let (status, refused) = call(
        &t.app,
        "POST",
        "/v1/licenses",
        &admin(&p),
        Some(confirm),
        &[],
    )
    .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("insufficient_credits"))
    );
    assert_eq!(credits(&bank(&t, &p, &p.bank).await), (10, 0, 10));
    let (_, list) = call(&t.app, "GET", "/v1/licenses", &admin(&p), None, &[]).await;
    assert!(list["licenses"].as_array().unwrap().is_empty());
    assert_eq!(
        t.app
            .store
            .get_membership(&elp_core::Email::parse("e", &artist).unwrap())
            .await
            .unwrap(),
        None,
        "nobody was invited"
    );
    assert_eq!(t.drain().await.sent, 1, "only the setup's invitation");
    // A confirmation that does not match the quote is refused with the new numbers.
    let mut wrong = request(&p.bank, "node_lock", 1, 2, "2026-03-02", &artist);
    wrong["credits"] = json!(1);
    let (status, refused) =
        call(&t.app, "POST", "/v1/licenses", &admin(&p), Some(wrong), &[]).await;
    assert_eq!(
        (
            status,
            refused["error"]["code"].as_str(),
            refused["error"]["details"]["credits"].as_u64()
        ),
        (409, Some("quote_changed"), Some(2))
    );
}

#[tokio::test]
async fn pending_active_and_expired_licences_are_listed_by_status() {
    let t = TestApp::new().await;
    let p = provision(&t, "24", false, 100, "2026-01-01", "2027-01-01").await;
    generate(
        &t,
        &p,
        request(&p.bank, "node_lock", 1, 1, "2026-03-02", &p.admin),
    )
    .await;
    let (_, pending) = generate(
        &t,
        &p,
        request(&p.bank, "node_lock", 1, 1, "2026-04-01", &p.admin),
    )
    .await;
    assert_eq!(pending["licenses"][0]["status"], "pending");
    let list = |status: &'static str| {
        let app = &t.app;
        let caller = admin(&p);
        async move {
            let (s, body) = call(
                app,
                "GET",
                &format!("/v1/licenses?status={status}"),
                &caller,
                None,
                &[],
            )
            .await;
            assert_eq!(s, 200, "{body}");
            body["licenses"].as_array().unwrap().len()
        }
    };
    assert_eq!(
        (
            list("pending").await,
            list("active").await,
            list("expired").await
        ),
        (1, 1, 0)
    );
    t.clock.set(
        elp_tests::date("2026-04-02")
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc(),
    );
    assert_eq!(
        (
            list("pending").await,
            list("active").await,
            list("expired").await
        ),
        (0, 1, 1)
    );
    let (status, bad) = call(
        &t.app,
        "GET",
        "/v1/licenses?status=lost",
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(
        (status, bad["error"]["field"].as_str()),
        (422, Some("status"))
    );
    let (status, bad) = call(&t.app, "GET", "/v1/licenses?limit=0", &admin(&p), None, &[]).await;
    assert_eq!(
        (status, bad["error"]["field"].as_str()),
        (422, Some("limit"))
    );
}

#[tokio::test]
async fn a_portable_licence_is_returned_and_assigned_to_someone_new() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 100, "2026-01-01", "2027-01-01").await;
    let first = person();
    let (_, done) = generate(
        &t,
        &p,
        request(&p.bank, "node_lock", 6, 1, "2026-03-02", &first),
    )
    .await;
    let code = done["licenses"][0]["code"].as_str().unwrap().to_string();
    let (status, returned) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/return"),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(status, 200, "{returned}");
    assert_eq!(returned["assignee"], Value::Null);
    assert_eq!(
        returned["actions"],
        json!({ "renew": true, "return": false, "assign": true })
    );
    let (status, again) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/return"),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(
        (status, again["error"]["code"].as_str()),
        (409, Some("not_assigned"))
    );
    let second = person();
    let (status, assigned) = call(
        &t.app,
        "POST",
        &format!("/v1/licenses/{code}/assign"),
        &admin(&p),
        Some(json!({ "email": second.to_uppercase() })),
        &[],
    )
    .await;
    assert_eq!(status, 200, "{assigned}");
    assert_eq!(assigned["assignee"].as_str(), Some(second.as_str()));
    let history = assigned["assignments"].as_array().unwrap();
    assert_eq!(history.len(), 2, "the history of assignees is kept");
    assert_eq!(
        (history[0]["email"].as_str(), history[0]["until"].as_str()),
        (Some(first.as_str()), Some("2026-03-02"))
    );
    assert_eq!(
        credits(&bank(&t, &p, &p.bank).await),
        (100, 6, 94),
        "no refund, no charge"
    );
    t.drain().await;
    assert!(mails_to(&first)
        .iter()
        .any(|m| m["subject"].as_str().unwrap().contains("was returned")));
    let to_second = mails_to(&second);
    assert!(
        to_second
            .iter()
            .any(|m| m["body"]["text"].as_str().unwrap().contains(&code)),
        "the new assignee gets the code"
    );
    // The new assignee's licences, through the assignee filter.
    let (_, theirs) = call(
        &t.app,
        "GET",
        &format!("/v1/licenses?assignee={second}"),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(theirs["licenses"].as_array().unwrap().len(), 1);
    let (_, firsts) = call(
        &t.app,
        "GET",
        &format!("/v1/licenses?assignee={first}"),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert!(
        firsts["licenses"].as_array().unwrap().is_empty(),
        "a returned licence leaves its former assignee's list"
    );
}

#[tokio::test]
async fn return_and_assign_are_refused_outside_portable_25_1_banks() {
    let t = TestApp::new().await;
    for (version, portable) in [("24", true), ("25.1", false)] {
        let p = provision(&t, version, portable, 10, "2026-01-01", "2027-01-01").await;
        let (_, done) = generate(
            &t,
            &p,
            request(&p.bank, "node_lock", 1, 1, "2026-03-02", &p.admin),
        )
        .await;
        let l = &done["licenses"][0];
        assert_eq!(
            (
                l["actions"]["return"].as_bool(),
                l["actions"]["assign"].as_bool()
            ),
            (Some(false), Some(false))
        );
        let code = l["code"].as_str().unwrap();
        let (status, refused) = call(
            &t.app,
            "POST",
            &format!("/v1/licenses/{code}/return"),
            &admin(&p),
            None,
            &[],
        )
        .await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (409, Some("not_portable")),
            "{version} {portable}"
        );
        let (status, refused) = call(
            &t.app,
            "POST",
            &format!("/v1/licenses/{code}/assign"),
            &admin(&p),
            Some(json!({ "email": person() })),
            &[],
        )
        .await;
        assert_eq!(
            (status, refused["error"]["code"].as_str()),
            (409, Some("not_portable"))
        );
    }
}

#[tokio::test]
async fn the_dashboard_sums_remaining_credits_per_product() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 100, "2026-01-01", "2027-01-01").await;
    let (status, _) = op(
        &t,
        "POST",
        &format!("/v1/operator/orgs/{}/banks", p.org),
        json!({ "product": "harmony-premium", "version": "24", "portable": false, "purchased": 30, "start": "2026-01-01", "expiry": "2026-09-01" }),
    )
    .await;
    assert_eq!(status, 201);
    generate(
        &t,
        &p,
        request(&p.bank, "node_lock", 2, 1, "2026-03-02", &p.admin),
    )
    .await;
    let (status, dash) = call(&t.app, "GET", "/v1/dashboard", &admin(&p), None, &[]).await;
    assert_eq!(status, 200, "{dash}");
    let products = dash["products"].as_array().unwrap();
    assert_eq!(products.len(), 1);
    assert_eq!(
        (
            products[0]["name"].as_str(),
            products[0]["remaining"].as_u64()
        ),
        (Some("Harmony Premium"), Some(128))
    );
    assert_eq!(
        products[0]["next_expiry"].as_str(),
        Some("2026-09-01"),
        "the bank to use first"
    );
    let (status, banks) = call(&t.app, "GET", "/v1/banks", &admin(&p), None, &[]).await;
    assert_eq!((status, banks["banks"].as_array().unwrap().len()), (200, 2));
}
