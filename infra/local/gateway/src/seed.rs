//! The demo organisation the local portal starts with: Studio Nord, two products, a portable
//! 25.1 Harmony bank and an older non-portable Storyboard Pro bank, an admin and two members,
//! and licences in every state (active, pending, returned, expired). Everything is made through
//! the real handlers, except the history from before today (an expired bank and licence), which
//! is imported as it would be from an earlier system.

use std::collections::BTreeMap;

use chrono::Days;
use elp_adapters::lambda_http::Body;
use elp_adapters::store::{new_activation_code, new_id};
use elp_adapters::App;
use elp_core::{
    Assignment, AuditAction, AuditEvent, BankId, Credits, Email, License, LicenseType, Months,
    NewBank, OrgId, ProductId, Quantity, Term, Version,
};
use serde_json::{json, Value};

use crate::event::{event, request, Incoming};
use crate::routes::{invoke, route};

pub const ADMIN: &str = "admin@studio-nord.example";
pub const MEMBERS: [&str; 2] = ["ana@studio-nord.example", "ben@studio-nord.example"];
pub const OPERATOR: &str = "ops@vendor.example";
const CATALOG: &str = include_str!("../../catalog.json");

/// The account the seeding acts as. It is released when seeding ends, so the demo's people
/// bind the accounts they really sign in with.
const SEEDING_ISSUER: &str = "urn:elp:seed";

fn claims(email: &str, operator: bool) -> BTreeMap<String, String> {
    let mut c = BTreeMap::from([
        ("iss".to_string(), SEEDING_ISSUER.to_string()),
        ("sub".to_string(), format!("seed|{email}")),
        ("email".to_string(), email.to_string()),
        ("email_verified".to_string(), "true".to_string()),
    ]);
    if operator {
        c.insert("cognito:groups".into(), "[elp-operators]".into());
    }
    c
}

/// Calls the API as `email` through the real routing and handler.
pub async fn call(
    app: &App,
    email: &str,
    operator: bool,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let claims = claims(email, operator);
    let text = body.map(|b| b.to_string());
    let headers = vec![("content-type".to_string(), "application/json".to_string())];
    let e = event(&Incoming {
        method,
        path,
        query: "",
        headers: &headers,
        body: text.as_deref().map(str::as_bytes),
        claims: Some(&claims),
        lambda: None,
        request_id: "seed",
    });
    let Some(function) = route(method, path) else {
        return (404, Value::Null);
    };
    let response = invoke(function, app, request(&e).expect("a valid event")).await;
    let status = response.status().as_u16();
    let body = match response.body() {
        Body::Text(t) => serde_json::from_str(t).unwrap_or(Value::Null),
        _ => Value::Null,
    };
    (status, body)
}

async fn ok(
    app: &App,
    email: &str,
    operator: bool,
    method: &str,
    path: &str,
    body: Value,
) -> Value {
    let (status, answer) = call(app, email, operator, method, path, Some(body)).await;
    assert!(status < 300, "seeding {method} {path}: {status} {answer}");
    answer
}

/// Generates one licence on `bank` for `to` (quote, then confirm the quoted credits); its code.
pub async fn generate(
    app: &App,
    bank: &str,
    kind: &str,
    months: i64,
    quantity: i64,
    start: chrono::NaiveDate,
    to: &str,
) -> String {
    let body = json!({ "bank": bank, "type": kind, "months": months, "quantity": quantity, "start": start.to_string(), "recipient": to });
    let quote = ok(
        app,
        ADMIN,
        false,
        "POST",
        "/v1/licenses/quote",
        body.clone(),
    )
    .await;
    let mut confirm = body;
    confirm["credits"] = quote["quote"]["credits"].clone();
    let done = ok(app, ADMIN, false, "POST", "/v1/licenses", confirm).await;
    done["licenses"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Seeds the demo organisation (once: it returns `false` if the catalogue is already there).
pub async fn seed(app: &App) -> Result<bool, String> {
    if !app
        .store
        .get_catalog()
        .await
        .map_err(|e| e.to_string())?
        .products
        .is_empty()
    {
        return Ok(false);
    }
    let today = app.today();
    let catalog: Value = serde_json::from_str(CATALOG).map_err(|e| e.to_string())?;
    ok(app, OPERATOR, true, "PUT", "/v1/operator/catalog", catalog).await;
    let org = ok(
        app,
        OPERATOR,
        true,
        "POST",
        "/v1/operator/orgs",
        json!({ "name": "Studio Nord", "admin_email": ADMIN }),
    )
    .await;
    let org_id = org["org"]["id"].as_str().unwrap_or_default().to_string();
    let year = today.checked_add_days(Days::new(365)).unwrap_or(today);
    let harmony = ok(
        app,
        OPERATOR,
        true,
        "POST",
        &format!("/v1/operator/orgs/{org_id}/banks"),
        json!({
        "product": "harmony-premium", "version": "25.1", "portable": true, "purchased": 240,
        "start": today.to_string(), "expiry": year.to_string() }),
    )
    .await;
    let storyboard = ok(app, OPERATOR, true, "POST", &format!("/v1/operator/orgs/{org_id}/banks"), json!({
        "product": "storyboard-pro", "version": "24", "portable": false, "purchased": 60,
        "start": today.to_string(), "expiry": today.checked_add_days(Days::new(45)).unwrap_or(today).to_string() })).await;
    let (harmony, storyboard) = (
        harmony["id"].as_str().unwrap_or_default().to_string(),
        storyboard["id"].as_str().unwrap_or_default().to_string(),
    );
    // The admin signs in once, then invites and licenses the team.
    ok(app, ADMIN, false, "GET", "/v1/me", Value::Null).await;
    ok(
        app,
        ADMIN,
        false,
        "POST",
        "/v1/users",
        json!({ "email": MEMBERS[0], "role": "member" }),
    )
    .await;
    let multiseat = generate(app, &harmony, "multiseat", 6, 3, today, MEMBERS[0]).await;
    generate(app, &harmony, "node_lock", 3, 2, today, MEMBERS[1]).await;
    let floating = generate(app, &storyboard, "floating", 12, 5, today, ADMIN).await;
    // For the desktop software (elp-desktop, scripts/desktop-smoke): two codes to activate.
    println!("Demo licence  {multiseat} (harmony-premium, multiseat, 3 computers)");
    println!("Demo licence  {floating} (storyboard-pro, floating, 5 seats)");
    let soon = today.checked_add_days(Days::new(14)).unwrap_or(today);
    generate(app, &harmony, "node_lock", 1, 1, soon, MEMBERS[0]).await;
    let returned = generate(app, &harmony, "node_lock", 2, 1, today, MEMBERS[1]).await;
    ok(
        app,
        ADMIN,
        false,
        "POST",
        &format!("/v1/licenses/{returned}/return"),
        Value::Null,
    )
    .await;
    history(app, &org_id).await?;
    // The admin's first sign-in above bound their membership to the seeding's account: release
    // it, as an operator would, so the admin's real first sign-in binds their own.
    let (status, answer) = call(
        app,
        OPERATOR,
        true,
        "DELETE",
        &format!("/v1/operator/users/{ADMIN}/identity"),
        None,
    )
    .await;
    if status != 200 {
        return Err(format!(
            "releasing the seeding's account: {status} {answer}"
        ));
    }
    elp_adapters::service::outbox::deliver_pending(app, elp_adapters::service::outbox::BATCH)
        .await
        .map_err(|e| e.to_string())?;
    Ok(true)
}

/// Last year's bank and a licence that expired with it, imported as history.
async fn history(app: &App, org: &str) -> Result<(), String> {
    let today = app.today();
    let start = today.checked_sub_days(Days::new(400)).unwrap_or(today);
    let expiry = today.checked_sub_days(Days::new(35)).unwrap_or(today);
    let org = OrgId::parse(org).map_err(|e| e.to_string())?;
    let mut bank = NewBank {
        product: ProductId::parse("harmony-premium").map_err(|e| e.to_string())?,
        version: Version::new(24, 0),
        portable: false,
        purchased: Credits::new(36),
        granted: Credits::new(36),
        start,
        expiry,
    }
    .into_bank(
        BankId::parse(&new_id("b_").map_err(|e| e.to_string())?).map_err(|e| e.to_string())?,
        org.clone(),
    );
    bank.used = Credits::new(22);
    bank.forfeited = Some(Credits::new(14));
    let term_start = start.checked_add_days(Days::new(30)).unwrap_or(start);
    let license = License {
        code: new_activation_code().map_err(|e| e.to_string())?,
        org,
        bank: bank.reference(),
        product: bank.product.clone(),
        license_type: LicenseType::Multiseat,
        terms: vec![Term {
            start: term_start,
            expiry: elp_core::add_months(term_start, 11),
            months_requested: Months::parse("months", 11).map_err(|e| e.to_string())?,
            months_charged: 11,
            computers: Quantity::parse("computers", 2).map_err(|e| e.to_string())?,
            credits: Credits::new(22),
            bank: Some(bank.id.clone()),
        }],
        assignments: vec![Assignment {
            email: Email::parse("email", ADMIN).map_err(|e| e.to_string())?,
            from: term_start,
            until: None,
        }],
        created_at: term_start
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default()
            .and_utc(),
        mails: Vec::new(),
        earlier_banks: Vec::new(),
    };
    // Its ledger: created with 36 credits, 22 charged for the licence, 14 forfeited.
    let at = |day: elp_core::Date| day.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
    let moved = |day, action, subject: &str, credits: i64, actor: &str| AuditEvent {
        org: bank.org.clone(),
        at: at(day),
        actor: actor.into(),
        action,
        subject: subject.into(),
        bank: Some(bank.id.clone()),
        credits,
        detail: String::new(),
        said: None,
    };
    let ledger = [
        moved(
            start,
            AuditAction::BankCreated,
            "harmony-premium",
            36,
            "operator:seed",
        ),
        moved(
            term_start,
            AuditAction::LicenseGenerated,
            &license.code.to_string(),
            -22,
            ADMIN,
        ),
        moved(
            expiry,
            AuditAction::BankExpired,
            bank.id.as_str(),
            -14,
            elp_core::decide::SCHEDULER,
        ),
    ];
    app.store
        .import_banks(std::slice::from_ref(&bank))
        .await
        .map_err(|e| e.to_string())?;
    app.store
        .import_ledger(&ledger)
        .await
        .map_err(|e| e.to_string())?;
    app.store
        .import_licenses(&[license])
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
