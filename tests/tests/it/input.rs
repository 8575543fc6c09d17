//! Strict input through the API: a date is exactly `YYYY-MM-DD` (every near miss is a 422
//! naming the field, and changes nothing), and a body of the wrong shape is a 422 naming the
//! field itself: the one that is missing, the one the request does not have, the one of the
//! wrong type, nested or not.

use elp_tests::{json_of, person, Answer, BankSpec, Generate, TestApp};
use serde_json::{json, Value};

/// What a person, a spreadsheet or a date library may write instead of `YYYY-MM-DD`.
const NEAR_MISSES: &[&str] = &[
    "2027-1-5",
    "2027-01-5",
    "2027-1-05",
    "+2027-01-05",
    "-2027-01-05",
    " 2027-01-05",
    "2027-01-05 ",
    "2027-01-05\n",
    "2027 -01-05",
    "2027/01/05",
    "2027.01.05",
    "20270105",
    "05-01-2027",
    "2027-01-05T00:00:00Z",
    "2027-01-05 00:00",
    "2027-02-30",
    "2027-13-01",
    "2027-00-10",
    "1999-12-31",
    "3000-01-01",
    "\u{ff12}\u{ff10}\u{ff12}\u{ff17}-01-05",
    "2027\u{2010}01\u{2010}05",
    "",
];

fn without(mut body: Value, field: &str) -> Value {
    body.as_object_mut()
        .expect("an object")
        .remove(field)
        .unwrap_or_else(|| panic!("{field} in {body}"));
    body
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

/// Checks a 422 naming `field` with `reason`.
fn refused(answer: Answer, field: &str, reason: &str) {
    let error = answer.expect_invalid(field);
    assert_eq!(error.message, reason, "{field}");
}

#[tokio::test]
async fn a_licence_start_is_exactly_yyyy_mm_dd() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let artist = person();
    let request = |start: &str| Generate::node_lock(&p.bank, 2, 1).start(start).to(&artist);
    for raw in NEAR_MISSES {
        admin.quote(&request(raw)).await.expect_invalid("start");
        admin
            .generate(&request(raw).credits(2))
            .await
            .expect_invalid("start");
    }
    // Nothing was drawn, nobody joined.
    assert_eq!(
        admin.bank(&p.bank).await.expect(200).credits(),
        (100, 0, 100)
    );
    assert!(admin
        .users()
        .await
        .expect(200)
        .users
        .iter()
        .all(|u| u.email != artist));
    // The date the near misses meant is taken as it is written.
    let quote = admin.quote(&request("2026-04-05")).await.expect(200).quote;
    assert_eq!(
        (quote.start.as_str(), quote.expiry.as_str()),
        ("2026-04-05", "2026-06-05")
    );
}

#[tokio::test]
async fn a_bank_start_and_expiry_are_exactly_yyyy_mm_dd() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let op = t.as_operator();
    let admin = t.as_admin(&p);
    let before = admin.banks().await.expect(200).banks.len();
    for raw in NEAR_MISSES {
        op.create_bank(&p.org, &BankSpec::portable(10).start(raw))
            .await
            .expect_invalid("start");
        op.create_bank(&p.org, &BankSpec::portable(10).until(raw))
            .await
            .expect_invalid("expiry");
    }
    assert_eq!(
        admin.banks().await.expect(200).banks.len(),
        before,
        "no bank was made"
    );
    let made = op
        .create_bank(
            &p.org,
            &BankSpec::portable(10)
                .start("2026-02-01")
                .until("2027-02-01"),
        )
        .await
        .expect(201);
    assert_eq!(
        (made.start.as_str(), made.expiry.as_str()),
        ("2026-02-01", "2027-02-01")
    );
}

#[tokio::test]
async fn a_missing_field_is_named_nested_or_not() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let generate = json_of(&Generate::node_lock(&p.bank, 2, 1).to(&person()).credits(2));
    for field in ["bank", "type", "months", "quantity", "recipient"] {
        let body = without(generate.clone(), field);
        // A bank may be left out when the product is named (the quote then proposes one).
        let reason = if field == "bank" {
            "is required unless product is given: name the bank that pays, or the product for the quote to propose its bank"
        } else {
            "is required"
        };
        refused(
            admin.send("POST", "/v1/licenses/quote", Some(&body)).await,
            field,
            reason,
        );
        refused(
            admin.send("POST", "/v1/licenses", Some(&body)).await,
            field,
            reason,
        );
    }
    let banks = format!("/v1/operator/orgs/{}/banks", p.org);
    let bank = json_of(&BankSpec::portable(10));
    for field in [
        "product",
        "version",
        "portable",
        "purchased",
        "start",
        "expiry",
    ] {
        let body = without(bank.clone(), field);
        refused(
            op.send("POST", &banks, Some(&body)).await,
            field,
            "is required",
        );
    }
    let grant = format!("/v1/operator/banks/{}/grant", p.bank);
    refused(
        op.send("POST", &grant, Some(&json!({}))).await,
        "credits",
        "is required",
    );
    refused(
        op.send(
            "POST",
            "/v1/operator/orgs",
            Some(&json!({ "name": "Studio Sud" })),
        )
        .await,
        "admin_email",
        "is required",
    );
    refused(
        admin
            .send("POST", "/v1/users", Some(&json!({ "role": "member" })))
            .await,
        "email",
        "is required",
    );
    refused(
        admin
            .send(
                "PUT",
                "/v1/product-versions/harmony-premium",
                Some(&json!({ "allowed": ["24"] })),
            )
            .await,
        "restricted",
        "is required",
    );
    refused(
        t.anonymous()
            .send(
                "POST",
                "/v1/invitations/decline",
                Some(&json!({ "email": p.admin })),
            )
            .await,
        "token",
        "is required",
    );
    // Nested: the catalogue's products and their releases.
    let catalog = json!({ "products": [
        { "id": "harmony-premium", "name": "Harmony Premium", "releases": [
            { "version": "25.1", "downloads": [{ "os": "linux", "url": "https://d.example/h" }] },
            { "downloads": [] }
        ] },
        { "id": "storyboard-pro", "releases": [] }
    ] });
    refused(
        op.put_catalog(&catalog).await,
        "products[0].releases[1].version",
        "is required",
    );
    let mut first_fixed = catalog.clone();
    first_fixed["products"][0]["releases"][1]["version"] = json!("24");
    refused(
        op.put_catalog(&first_fixed).await,
        "products[1].name",
        "is required",
    );
    let mut no_url = first_fixed.clone();
    no_url["products"][1]["name"] = json!("Storyboard Pro");
    no_url["products"][0]["releases"][0]["downloads"][0]
        .as_object_mut()
        .unwrap()
        .remove("url");
    refused(
        op.put_catalog(&no_url).await,
        "products[0].releases[0].downloads[0].url",
        "is required",
    );
}

#[tokio::test]
async fn an_unknown_field_is_named() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let generate = json_of(&Generate::node_lock(&p.bank, 2, 1).to(&person()));
    refused(
        admin
            .send(
                "POST",
                "/v1/licenses/quote",
                Some(&with(generate, "colour", json!("red"))),
            )
            .await,
        "colour",
        "is not a field of this request",
    );
    let banks = format!("/v1/operator/orgs/{}/banks", p.org);
    let bank = with(
        json_of(&BankSpec::portable(10)),
        "expires",
        json!("2027-01-01"),
    );
    refused(
        op.send("POST", &banks, Some(&bank)).await,
        "expires",
        "is not a field of this request",
    );
    refused(
        admin
            .send(
                "POST",
                "/v1/users",
                Some(&json!({ "email": person(), "roles": ["admin"] })),
            )
            .await,
        "roles",
        "is not a field of this request",
    );
    let code = admin
        .quote_and_generate(&Generate::multiseat(&p.bank, 1, 2).to(&p.admin))
        .await
        .1
        .licenses[0]
        .code
        .clone();
    refused(
        admin
            .send(
                "POST",
                &format!("/v1/licenses/{code}/renewals/quote"),
                Some(&json!({ "month": 2 })),
            )
            .await,
        "month",
        "is not a field of this request",
    );
}

#[tokio::test]
async fn a_value_of_the_wrong_type_names_its_field() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let op = t.as_operator();
    let generate = json_of(&Generate::node_lock(&p.bank, 2, 1).to(&person()));
    for (field, value) in [
        ("months", json!("two")),
        ("months", json!(2.5)),
        ("quantity", json!(null)),
        ("quantity", json!([1])),
        ("bank", json!(12)),
        ("type", json!("dongle")),
        ("type", json!({ "node_lock": 1 })),
        ("start", json!(20260305)),
        ("recipient", json!({ "email": "a@b.example" })),
    ] {
        let body = with(generate.clone(), field, value.clone());
        let answer = admin.send("POST", "/v1/licenses/quote", Some(&body)).await;
        assert_eq!(
            (answer.status, answer.error_field()),
            (422, Some(field)),
            "{field}: {value} -> {answer:?}"
        );
    }
    let banks = format!("/v1/operator/orgs/{}/banks", p.org);
    let bank = json_of(&BankSpec::portable(10));
    for (field, value) in [
        ("portable", json!("yes")),
        ("purchased", json!("ten")),
        ("purchased", json!(1e30)),
        ("granted", json!(false)),
        ("expiry", json!(null)),
    ] {
        let body = with(bank.clone(), field, value.clone());
        let answer = op.send("POST", &banks, Some(&body)).await;
        assert_eq!(
            (answer.status, answer.error_field()),
            (422, Some(field)),
            "{field}: {value} -> {answer:?}"
        );
    }
    // Nested.
    let catalog = json!({ "products": [
        { "id": "harmony-premium", "name": "Harmony Premium", "releases": [
            { "version": 25, "downloads": [] }
        ] }
    ] });
    op.put_catalog(&catalog)
        .await
        .expect_invalid("products[0].releases[0].version");
    let catalog = json!({ "products": [
        { "id": "harmony-premium", "name": "Harmony Premium", "releases": [
            { "version": "25", "downloads": [{ "os": "amiga", "url": "https://d.example/h" }] }
        ] }
    ] });
    op.put_catalog(&catalog)
        .await
        .expect_invalid("products[0].releases[0].downloads[0].os");
    admin
        .send(
            "PUT",
            "/v1/product-versions/harmony-premium",
            Some(&json!({ "restricted": true, "allowed": ["24", 25] })),
        )
        .await
        .expect_invalid("allowed[1]");
    // A body that is not an object is the body.
    for body in [json!([]), json!("quote"), json!(7), json!(null)] {
        refused(
            admin.send("POST", "/v1/licenses/quote", Some(&body)).await,
            "body",
            "must be a JSON object",
        );
    }
}
