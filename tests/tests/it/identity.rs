//! The identity matrix, through the dev gateway (which verifies tokens like API Gateway's JWT
//! authorizer): every route x {no token, expired token, token of another key, token for another
//! audience, member, inactive user, admin of another organisation, operator, admin}. Only the
//! intended cells succeed, and another organisation's data is never returned.

use std::sync::Arc;

use elp_gateway::auth::Issuer;
use elp_gateway::routes::all_routes;
use elp_gateway::seed::{ADMIN, MEMBERS};
use elp_gateway::server::Gateway;
use elp_tests::api::{Actions, Lifecycle};
use elp_tests::{
    json_of, ses_endpoint, BankSpec, ChangeUser, Client, Generate, Policy, Renew, TestApp, CATALOG,
};
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
/// Invited by organisation A's admin and never signed in: the operator releases the address.
const PENDING: &str = "pending@studio-nord.example";

/// The status class each cell must answer.
fn expected(who: Who, method: &str, template: &str) -> u16 {
    let operator_route = template.starts_with("/v1/operator/");
    let workspace = template.starts_with("/v1/me");
    let names_a_thing = ["{id}", "{code}", "{email}"]
        .iter()
        .any(|p| template.contains(p))
        || template == "/v1/licenses/quote"
        || (template == "/v1/licenses" && method == "POST");
    if template == "/v1/invitations/decline" {
        // Public: no token is checked; the token in the body names no invitation.
        return 404;
    }
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

/// Organisation A's things, which the requests aim at.
struct World {
    bank: String,
    org: String,
    renewable: String,
    returnable: String,
    assignable: String,
}

/// A concrete request for a route, aimed at organisation A's things; `n` keeps new names unique.
fn request_for(w: &World, method: &str, template: &str, n: usize) -> (String, Option<Value>) {
    let newcomer = format!("new{n}@studio-nord.example");
    let generate = Generate::node_lock(&w.bank, 1, 1).to(&newcomer);
    match (method, template) {
        ("GET", "/v1/banks/{id}") => (format!("/v1/banks/{}", w.bank), None),
        ("GET", "/v1/licenses/{code}") => (format!("/v1/licenses/{}", w.renewable), None),
        ("POST", "/v1/licenses/quote") => (template.into(), Some(json_of(&generate))),
        ("POST", "/v1/licenses") => (template.into(), Some(json_of(&generate.credits(1)))),
        ("POST", "/v1/licenses/{code}/renewals/quote") => (
            format!("/v1/licenses/{}/renewals/quote", w.renewable),
            Some(json_of(&Renew::as_before())),
        ),
        ("POST", "/v1/licenses/{code}/renewals") => (
            format!("/v1/licenses/{}/renewals", w.renewable),
            Some(json_of(&Renew::default().months(1).credits(1))),
        ),
        ("POST", "/v1/licenses/{code}/return") => {
            (format!("/v1/licenses/{}/return", w.returnable), None)
        }
        ("POST", "/v1/licenses/{code}/assign") => (
            format!("/v1/licenses/{}/assign", w.assignable),
            Some(json!({ "email": newcomer })),
        ),
        ("POST", "/v1/users") => (
            template.into(),
            Some(json!({ "email": format!("invitee{n}@studio-nord.example") })),
        ),
        ("PATCH", "/v1/users/{email}") => (
            format!("/v1/users/{}", MEMBERS[1]),
            Some(json_of(&ChangeUser::role("member"))),
        ),
        ("DELETE", "/v1/users/{email}") => ("/v1/users/leaver%40studio-nord.example".into(), None),
        ("PUT", "/v1/product-versions/{product}") => (
            "/v1/product-versions/storyboard-pro".into(),
            Some(json_of(&Policy::unrestricted())),
        ),
        ("POST", "/v1/operator/orgs") => (
            template.into(),
            Some(json!({ "name": "Matrix", "admin_email": format!("boss{n}@matrix.example") })),
        ),
        ("POST", "/v1/operator/orgs/{org}/banks") => (
            format!("/v1/operator/orgs/{}/banks", w.org),
            Some(json_of(&BankSpec::portable(5).start("2026-03-02"))),
        ),
        ("POST", "/v1/operator/banks/{id}/grant") => (
            format!("/v1/operator/banks/{}/grant", w.bank),
            Some(json!({ "credits": 1 })),
        ),
        ("PUT", "/v1/operator/catalog") => (
            template.into(),
            Some(serde_json::from_str(CATALOG).unwrap()),
        ),
        ("PUT", "/v1/operator/orgs/{org}/mail-budget") => (
            format!("/v1/operator/orgs/{}/mail-budget", w.org),
            Some(json!({ "per_day": 1000 })),
        ),
        ("POST", "/v1/operator/orgs/{org}/admins") => (
            format!("/v1/operator/orgs/{}/admins", w.org),
            Some(json!({ "email": format!("deputy{n}@studio-nord.example") })),
        ),
        ("DELETE", "/v1/operator/invitations/{email}") => {
            (format!("/v1/operator/invitations/{PENDING}"), None)
        }
        ("DELETE", "/v1/operator/users/{email}/identity") => {
            (format!("/v1/operator/users/{ADMIN}/identity"), None)
        }
        ("POST", "/v1/invitations/decline") => (
            template.into(),
            Some(json!({ "email": PENDING, "token": "not-the-token" })),
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
    let admin_token = token(ADMIN, &[]);
    let op_token = token(OPERATOR, &["elp-operators"]);
    let admin = Client::through(&gateway, Some(&admin_token));
    // Organisation A's things, read as its admin.
    let org = admin.me().await.expect(200).org.id;
    let banks = admin.banks().await.expect(200).banks;
    let bank = banks
        .iter()
        .find(|b| b.portable && b.status == Lifecycle::Active)
        .unwrap()
        .id
        .clone();
    let licenses = admin
        .licenses(&[("limit", "100")])
        .await
        .expect(200)
        .licenses;
    let with = |action: fn(&Actions) -> bool, except: &str| -> String {
        licenses
            .iter()
            // One computer, so the renewal request's one credit for one month is the right price.
            .filter(|l| action(&l.actions) && l.computers == 1)
            .map(|l| l.code.clone())
            .find(|c| c != except)
            .unwrap()
    };
    let renewable = with(|a| a.renew, "");
    let returnable = with(|a| a.r#return, &renewable);
    let assignable = with(|a| a.assign, "");
    let w = World {
        bank,
        org,
        renewable,
        returnable,
        assignable,
    };
    let secrets = [
        w.bank.as_str(),
        &w.renewable,
        &w.returnable,
        &w.assignable,
        MEMBERS[0],
        MEMBERS[1],
    ];
    // An inactive member, someone to remove, and organisation B with its admin.
    for (email, status) in [
        (INACTIVE, Some("inactive")),
        ("leaver@studio-nord.example", None),
        (PENDING, None),
    ] {
        assert_eq!(admin.invite_with_default_role(email).await.status, 201);
        if let Some(status) = status {
            let change = ChangeUser::status(status);
            assert_eq!(admin.change_user(email, &change).await.status, 200);
        }
    }
    let op = Client::through(&gateway, Some(&op_token));
    assert_eq!(op.create_org("Other Studio", OTHER_ADMIN).await.status, 201);
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
        (Who::Operator, Some(op_token.clone())),
        (Who::Admin, Some(admin_token.clone())),
    ];
    let routes = all_routes();
    assert_eq!(routes.len(), 32, "every route of the API");
    let mut n = 0;
    for (who, token) in &cells {
        let client = Client::through(&gateway, token.as_deref());
        for (method, template) in &routes {
            n += 1;
            let (path, body) = request_for(&w, method, template, n);
            let answer = client.send(method, &path, body.as_ref()).await;
            let want = expected(*who, method, template);
            let class_ok = if want == 200 {
                answer.is_success()
            } else {
                answer.status == want
            };
            assert!(class_ok, "{who:?} {method} {path}: {answer:?}");
            if *who == Who::OtherAdmin {
                for secret in secrets {
                    assert!(
                        !answer.text.contains(secret),
                        "{method} {path} leaked {secret} to another organisation: {}",
                        answer.text
                    );
                }
            }
        }
    }
}
