//! The identity matrix, through the dev gateway (which verifies tokens like API Gateway's JWT
//! authorizer): every route x {no token, expired token, token of another key, token for another
//! audience, member, inactive user, admin of another organisation, operator, admin}. Only the
//! intended cells succeed, and another organisation's data is never returned.

use std::sync::Arc;

use elp_gateway::auth::Issuer;
use elp_gateway::routes::all_routes;
use elp_gateway::seed::{ADMIN, MEMBERS};
use elp_gateway::server::{call, Gateway};
use elp_tests::{ses_endpoint, TestApp};
use http_body_util::BodyExt;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    NoToken,
    Expired,
    OtherKey,
    OtherAudience,
    Member,
    Inactive,
    OtherAdmin,
    Operator,
    Admin,
}

const OPERATOR: &str = "ops@vendor.example";
const INACTIVE: &str = "ina@studio-nord.example";
const OTHER_ADMIN: &str = "bob@other-studio.example";

/// The status class each cell must answer.
fn expected(who: Who, method: &str, template: &str) -> u16 {
    let operator_route = template.starts_with("/v1/operator/");
    let workspace = template.starts_with("/v1/me");
    let names_a_thing = ["{id}", "{code}", "{email}"]
        .iter()
        .any(|p| template.contains(p))
        || template == "/v1/licenses/quote"
        || (template == "/v1/licenses" && method == "POST");
    match who {
        Who::NoToken | Who::Expired | Who::OtherKey | Who::OtherAudience => 401,
        Who::Inactive => 403,
        Who::Member if workspace => 200,
        Who::Member => 403,
        Who::Operator if operator_route => 200,
        Who::Operator => 403,
        Who::OtherAdmin if operator_route => 403,
        Who::OtherAdmin if names_a_thing => 404,
        Who::OtherAdmin => 200,
        Who::Admin if operator_route => 403,
        Who::Admin => 200,
    }
}

struct World {
    gateway: Arc<Gateway>,
    bank: String,
    org: String,
    renewable: String,
    returnable: String,
    assignable: String,
    secrets: Vec<String>,
}

async fn send(
    w: &World,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, String) {
    let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
    if let Some(token) = token {
        headers.push(("authorization".to_string(), format!("Bearer {token}")));
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let bytes = body.map(|b| b.to_string()).unwrap_or_default();
    let answer = call(&w.gateway, method, path, query, &headers, bytes.into()).await;
    let status = answer.status().as_u16();
    let body = answer.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A concrete request for a route, aimed at organisation A's things; `n` keeps new names unique.
fn request_for(w: &World, method: &str, template: &str, n: usize) -> (String, Option<Value>) {
    let generate = json!({ "bank": w.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-02", "recipient": format!("new{n}@studio-nord.example") });
    let mut confirm = generate.clone();
    confirm["credits"] = json!(1);
    match (method, template) {
        ("GET", "/v1/banks/{id}") => (format!("/v1/banks/{}", w.bank), None),
        ("GET", "/v1/licenses/{code}") => (format!("/v1/licenses/{}", w.renewable), None),
        ("POST", "/v1/licenses/quote") => (template.into(), Some(generate)),
        ("POST", "/v1/licenses") => (template.into(), Some(confirm)),
        ("POST", "/v1/licenses/{code}/renewals/quote") => (
            format!("/v1/licenses/{}/renewals/quote", w.renewable),
            Some(json!({})),
        ),
        ("POST", "/v1/licenses/{code}/renewals") => (
            format!("/v1/licenses/{}/renewals", w.renewable),
            Some(json!({ "months": 1, "credits": 1 })),
        ),
        ("POST", "/v1/licenses/{code}/return") => {
            (format!("/v1/licenses/{}/return", w.returnable), None)
        }
        ("POST", "/v1/licenses/{code}/assign") => (
            format!("/v1/licenses/{}/assign", w.assignable),
            Some(json!({ "email": format!("new{n}@studio-nord.example") })),
        ),
        ("POST", "/v1/users") => (
            template.into(),
            Some(json!({ "email": format!("invitee{n}@studio-nord.example") })),
        ),
        ("PATCH", "/v1/users/{email}") => (
            format!("/v1/users/{}", MEMBERS[1]),
            Some(json!({ "role": "member" })),
        ),
        ("DELETE", "/v1/users/{email}") => ("/v1/users/leaver%40studio-nord.example".into(), None),
        ("PUT", "/v1/product-versions/{product}") => (
            "/v1/product-versions/storyboard-pro".into(),
            Some(json!({ "restricted": false })),
        ),
        ("POST", "/v1/operator/orgs") => (
            template.into(),
            Some(json!({ "name": "Matrix", "admin_email": format!("boss{n}@matrix.example") })),
        ),
        ("POST", "/v1/operator/orgs/{org}/banks") => (
            format!("/v1/operator/orgs/{}/banks", w.org),
            Some(
                json!({ "product": "harmony-premium", "version": "25.1", "portable": true, "purchased": 5, "start": "2026-03-02", "expiry": "2027-01-01" }),
            ),
        ),
        ("POST", "/v1/operator/banks/{id}/grant") => (
            format!("/v1/operator/banks/{}/grant", w.bank),
            Some(json!({ "credits": 1 })),
        ),
        ("PUT", "/v1/operator/catalog") => (
            template.into(),
            Some(serde_json::from_str(crate::operator::CATALOG).unwrap()),
        ),
        (_, path) if !path.contains('{') => (path.into(), None),
        other => panic!("no request for {other:?}: add one"),
    }
}

#[tokio::test]
async fn only_the_intended_cells_succeed_and_nothing_of_another_organisation_leaks() {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let issuer = Issuer::new();
    let gateway = Arc::new(Gateway::new(
        t.remail(ses_endpoint()).await,
        issuer,
        "portal".into(),
        String::new(),
    ));
    let hour = chrono::Duration::hours(1);
    let token = |email: &str, groups: &[&str]| gateway.issuer.mint(email, groups, hour);
    let admin = token(ADMIN, &[]);
    let op = token(OPERATOR, &["elp-operators"]);
    let mut w = World {
        gateway: gateway.clone(),
        bank: String::new(),
        org: String::new(),
        renewable: String::new(),
        returnable: String::new(),
        assignable: String::new(),
        secrets: Vec::new(),
    };
    // Organisation A's things, read as its admin.
    let (_, me) = send(&w, Some(&admin), "GET", "/v1/me", None).await;
    w.org = serde_json::from_str::<Value>(&me).unwrap()["org"]["id"]
        .as_str()
        .unwrap()
        .into();
    let (_, banks) = send(&w, Some(&admin), "GET", "/v1/banks", None).await;
    let banks: Value = serde_json::from_str(&banks).unwrap();
    w.bank = banks["banks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["portable"] == true && b["status"] == "active")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .into();
    let (_, licences) = send(&w, Some(&admin), "GET", "/v1/licenses?limit=100", None).await;
    let licences: Value = serde_json::from_str(&licences).unwrap();
    let with = |action: &str, except: &str| -> String {
        licences["licenses"]
            .as_array()
            .unwrap()
            .iter()
            // One computer, so the renewal request's one credit for one month is the right price.
            .filter(|l| l["actions"][action] == true && l["computers"] == 1)
            .map(|l| l["code"].as_str().unwrap().to_string())
            .find(|c| c != except)
            .unwrap()
    };
    w.renewable = with("renew", "");
    w.returnable = with("return", &w.renewable);
    w.assignable = with("assign", "");
    w.secrets = vec![
        w.bank.clone(),
        w.renewable.clone(),
        w.returnable.clone(),
        w.assignable.clone(),
        MEMBERS[0].into(),
        MEMBERS[1].into(),
    ];
    // An inactive member, someone to remove, and organisation B with its admin.
    for (email, status) in [
        (INACTIVE, Some("inactive")),
        ("leaver@studio-nord.example", None),
    ] {
        assert_eq!(
            send(
                &w,
                Some(&admin),
                "POST",
                "/v1/users",
                Some(&json!({ "email": email }))
            )
            .await
            .0,
            201
        );
        if let Some(status) = status {
            assert_eq!(
                send(
                    &w,
                    Some(&admin),
                    "PATCH",
                    &format!("/v1/users/{email}"),
                    Some(&json!({ "status": status }))
                )
                .await
                .0,
                200
            );
        }
    }
    let (status, _) = send(
        &w,
        Some(&op),
        "POST",
        "/v1/operator/orgs",
        Some(&json!({ "name": "Other Studio", "admin_email": OTHER_ADMIN })),
    )
    .await;
    assert_eq!(status, 201);
    let other_key = Issuer::new().mint(ADMIN, &[], hour);
    let cells = [
        (Who::NoToken, None),
        (
            Who::Expired,
            Some(
                gateway
                    .issuer
                    .mint(ADMIN, &[], chrono::Duration::seconds(-30)),
            ),
        ),
        (Who::OtherKey, Some(other_key)),
        (
            Who::OtherAudience,
            Some(gateway.issuer.mint_for(ADMIN, &[], hour, "another-app")),
        ),
        (Who::Member, Some(token(MEMBERS[0], &[]))),
        (Who::Inactive, Some(token(INACTIVE, &[]))),
        (Who::OtherAdmin, Some(token(OTHER_ADMIN, &[]))),
        (Who::Operator, Some(op.clone())),
        (Who::Admin, Some(admin.clone())),
    ];
    let routes = all_routes();
    assert_eq!(routes.len(), 26, "every route of the API");
    let mut n = 0;
    for (who, token) in &cells {
        for (method, template) in &routes {
            n += 1;
            let (path, body) = request_for(&w, method, template, n);
            let (status, text) = send(&w, token.as_deref(), method, &path, body.as_ref()).await;
            let want = expected(*who, method, template);
            let class_ok = if want == 200 {
                (200..300).contains(&status)
            } else {
                status == want
            };
            assert!(class_ok, "{who:?} {method} {path}: {status} {text}");
            if *who == Who::OtherAdmin {
                for secret in &w.secrets {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{method} {path} leaked {secret} to another organisation: {text}"
                    );
                }
            }
        }
    }
}
