//! The identity matrix, through the dev gateway (which verifies tokens like API Gateway's JWT
//! authorizer) with tokens of the local OpenID provider: every route x {no token, expired token,
//! token of an unknown key, token for another audience (another client's real token), token of
//! another issuer, member, inactive user, admin of another organisation, operator, admin}. Only
//! the intended cells succeed, and another organisation's data is never returned. Then the
//! tokens the authorizer or the functions must refuse (no verified email, not valid yet), key
//! rotation, refresh, the routes served without a token, and how the portal itself is served.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use elp_gateway::auth::Authorizer;
use elp_gateway::routes::all_routes;
use elp_gateway::seed::{ADMIN, MEMBERS};
use elp_gateway::server::Gateway;
use elp_tests::api::{Actions, Lifecycle};
use elp_tests::oidc::{claims_of, provider, with_claims, SignIn, Verified, OTHER_APP, PORTAL};
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
    OtherIssuer,
    Member,
    Inactive,
    OtherAdmin,
    Operator,
    Admin,
    /// Scripts with API keys (the scripts API, through the credentials' authorizer): a
    /// read-only and an admin credential of organisation A, a revoked one of A, and an admin
    /// credential of organisation B.
    ReadKey,
    AdminKey,
    RevokedKey,
    OtherOrgKey,
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
        || template.starts_with("/v1/licenses/bulk")
        || (template == "/v1/licenses" && method == "POST");
    if template == "/v1/invitations/decline" {
        // Public: no token is checked; the token in the body names no invitation.
        return 404;
    }
    if template.starts_with("/v1/activation/") {
        // The desktop software's: no token is checked (whatever is sent); the code and the
        // fingerprint in the body authenticate, and this code names no licence.
        return 404;
    }
    // A release names seat 0, which holds no machine (404 once the caller may ask); the
    // member's machines route names the member's licence, not the admin's.
    let release = template.ends_with("/machines/{seat}/release");
    let members_machines = template == "/v1/me/licenses/{code}/machines";
    let script = elp_core::credential::SCRIPT_ROUTES
        .iter()
        .find(|(m, t, _)| *m == method && *t == template);
    match (who, script) {
        // The scripts API has only the scripts' routes.
        (Who::ReadKey | Who::AdminKey | Who::RevokedKey | Who::OtherOrgKey, None) => return 404,
        (Who::RevokedKey, Some(_)) => return 401,
        (Who::ReadKey, Some((_, _, elp_core::CredentialRole::Admin))) => return 403,
        (Who::ReadKey | Who::AdminKey, Some(_)) => return expected(Who::Admin, method, template),
        (Who::OtherOrgKey, Some(_)) => return expected(Who::OtherAdmin, method, template),
        _ => {}
    }
    match who {
        Who::ReadKey | Who::AdminKey | Who::RevokedKey | Who::OtherOrgKey => unreachable!(),
        Who::NoToken | Who::Expired | Who::OtherKey | Who::OtherAudience | Who::OtherIssuer => 401,
        Who::Inactive => 403,
        Who::Member if workspace && release => 404,
        Who::Admin if release || members_machines => 404,
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
    /// Pending credit requests of organisation A: one to withdraw, one to grant, one to decline.
    withdrawable: String,
    grantable: String,
    declinable: String,
    /// A licence assigned to the first member (their machines).
    mine: String,
    /// The admin's account (issuer, subject), which the operator binds again.
    admin_account: (String, String),
    /// An API credential of organisation A, which its admin revokes.
    credential: String,
    /// Webhook endpoints of organisation A: one the routes aim at, one to delete.
    webhook: String,
    deletable_webhook: String,
}

/// A concrete request for a route, aimed at organisation A's things; `n` keeps new names unique.
fn request_for(w: &World, method: &str, template: &str, n: usize) -> (String, Option<Value>) {
    let newcomer = format!("new{n}@studio-nord.example");
    let generate = Generate::node_lock(&w.bank, 1, 1).to(&newcomer);
    match (method, template) {
        ("GET", "/v1/banks/{id}") => (format!("/v1/banks/{}", w.bank), None),
        ("GET", "/v1/banks/{id}/ledger") => (format!("/v1/banks/{}/ledger", w.bank), None),
        ("GET", "/v1/banks/{id}/ledger.csv") => (format!("/v1/banks/{}/ledger.csv", w.bank), None),
        ("GET", "/v1/operator/orgs/{org}/banks/{id}/ledger") => (
            format!("/v1/operator/orgs/{}/banks/{}/ledger", w.org, w.bank),
            None,
        ),
        ("GET", "/v1/licenses/{code}") => (format!("/v1/licenses/{}", w.renewable), None),
        ("GET", "/v1/licenses/{code}/machines") => {
            (format!("/v1/licenses/{}/machines", w.renewable), None)
        }
        ("POST", "/v1/licenses/{code}/machines/{seat}/release") => (
            format!("/v1/licenses/{}/machines/0/release", w.renewable),
            None,
        ),
        ("GET", "/v1/me/licenses/{code}/machines") => {
            (format!("/v1/me/licenses/{}/machines", w.mine), None)
        }
        ("POST", "/v1/me/licenses/{code}/machines/{seat}/release") => (
            format!("/v1/me/licenses/{}/machines/0/release", w.mine),
            None,
        ),
        ("PUT", "/v1/operator/orgs/{org}/activation-policy") => (
            format!("/v1/operator/orgs/{}/activation-policy", w.org),
            Some(json!({
                "max_releases": 3, "release_days": 30, "lease_minutes": 15, "max_borrow_days": 14
            })),
        ),
        ("POST", "/v1/licenses/quote") => (template.into(), Some(json_of(&generate))),
        ("POST", "/v1/licenses") => (template.into(), Some(json_of(&generate.credits(1)))),
        ("POST", "/v1/licenses/bulk/quote" | "/v1/licenses/bulk") => {
            let mut body = json!({
                "bank": w.bank, "type": "node_lock", "months": 1, "quantity": 1,
                "recipients": [{ "email": newcomer }],
            });
            if template == "/v1/licenses/bulk" {
                body["credits"] = json!(1);
            }
            (template.into(), Some(body))
        }
        ("POST", "/v1/licenses/bulk/renewals/quote" | "/v1/licenses/bulk/renewals") => {
            let mut body = json!({ "licenses": [{ "code": w.renewable, "months": 1 }] });
            if template == "/v1/licenses/bulk/renewals" {
                body["credits"] = json!(1);
            }
            (template.into(), Some(body))
        }
        // The returnable licence, still assigned when this runs: a line refused, in a 200.
        ("POST", "/v1/licenses/bulk/assign") => (
            template.into(),
            Some(json!({ "assignments": [{ "code": w.returnable, "email": newcomer }] })),
        ),
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
        ("POST", "/v1/credentials") => (
            template.into(),
            Some(json!({ "name": format!("matrix-{n}"), "role": "read_only" })),
        ),
        ("DELETE", "/v1/credentials/{id}") => (format!("/v1/credentials/{}", w.credential), None),
        ("PATCH", "/v1/me" | "/v1/org") => (template.into(), Some(json!({ "language": "fr" }))),
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
        ("POST", "/v1/operator/catalog/preview") => (
            template.into(),
            Some(
                json!({ "catalog": serde_json::from_str::<Value>(CATALOG).unwrap(), "org": w.org }),
            ),
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
        ("POST", "/v1/webhooks") => (
            template.into(),
            Some(
                json!({ "url": "https://hooks.studio-nord.example/matrix", "events": ["licence.generated"] }),
            ),
        ),
        ("GET", "/v1/webhooks/{id}") => (format!("/v1/webhooks/{}", w.webhook), None),
        ("PATCH", "/v1/webhooks/{id}") => (
            format!("/v1/webhooks/{}", w.webhook),
            Some(json!({ "description": format!("matrix {n}") })),
        ),
        ("DELETE", "/v1/webhooks/{id}") => (format!("/v1/webhooks/{}", w.deletable_webhook), None),
        ("POST", "/v1/webhooks/{id}/rotate-secret") => {
            (format!("/v1/webhooks/{}/rotate-secret", w.webhook), None)
        }
        ("GET", "/v1/webhooks/{id}/deliveries") => {
            (format!("/v1/webhooks/{}/deliveries", w.webhook), None)
        }
        ("POST", "/v1/credit-requests") => (
            template.into(),
            Some(json!({ "product": "harmony-premium", "credits": 1 })),
        ),
        ("GET", "/v1/credit-requests/{id}") => {
            (format!("/v1/credit-requests/{}", w.withdrawable), None)
        }
        ("POST", "/v1/credit-requests/{id}/withdraw") => (
            format!("/v1/credit-requests/{}/withdraw", w.withdrawable),
            None,
        ),
        ("POST", "/v1/operator/credit-requests/{id}/grant") => (
            format!("/v1/operator/credit-requests/{}/grant", w.grantable),
            Some(json!({})),
        ),
        ("POST", "/v1/operator/credit-requests/{id}/decline") => (
            format!("/v1/operator/credit-requests/{}/decline", w.declinable),
            Some(json!({ "reason": "not this quarter" })),
        ),
        ("PATCH", "/v1/operator/orgs/{org}") => (
            format!("/v1/operator/orgs/{}", w.org),
            Some(json!({ "name": format!("Studio Nord {n}") })),
        ),
        // Suspended, then resumed by the next route, before anyone else's row.
        ("POST", "/v1/operator/orgs/{org}/suspend") => (
            format!("/v1/operator/orgs/{}/suspend", w.org),
            Some(json!({ "reason": "the matrix" })),
        ),
        ("POST", "/v1/operator/orgs/{org}/resume") => {
            (format!("/v1/operator/orgs/{}/resume", w.org), None)
        }
        ("PATCH", "/v1/operator/orgs/{org}/users/{email}") => (
            format!("/v1/operator/orgs/{}/users/{}", w.org, MEMBERS[1]),
            Some(json_of(&ChangeUser::role("member"))),
        ),
        // The admin's own account again (released by the route before), so they sign in still.
        ("PUT", "/v1/operator/users/{email}/identity") => (
            format!("/v1/operator/users/{ADMIN}/identity"),
            Some(json!({ "issuer": w.admin_account.0, "subject": w.admin_account.1 })),
        ),
        ("POST", "/v1/operator/banks/{id}/extend") => (
            format!("/v1/operator/banks/{}/extend", w.bank),
            Some(json!({ "expiry": "2099-01-01", "reason": "the matrix" })),
        ),
        ("POST", "/v1/operator/banks/{id}/void") => (
            format!("/v1/operator/banks/{}/void", w.bank),
            Some(json!({ "credits": 1, "reason": "the matrix" })),
        ),
        ("GET", "/v1/operator/orgs/{org}") => (format!("/v1/operator/orgs/{}", w.org), None),
        ("GET", "/v1/operator/orgs/{org}/licenses") => {
            (format!("/v1/operator/orgs/{}/licenses", w.org), None)
        }
        ("GET", "/v1/operator/orgs/{org}/users") => {
            (format!("/v1/operator/orgs/{}/users", w.org), None)
        }
        ("GET", "/v1/operator/orgs/{org}/audit") => {
            (format!("/v1/operator/orgs/{}/audit", w.org), None)
        }
        ("GET", "/v1/operator/licenses/{code}") => {
            (format!("/v1/operator/licenses/{}", w.renewable), None)
        }
        ("GET", "/v1/operator/users/{email}") => {
            (format!("/v1/operator/users/{}", MEMBERS[0]), None)
        }
        ("POST", "/v1/invitations/decline") => (
            template.into(),
            Some(json!({ "email": PENDING, "token": "not-the-token" })),
        ),
        ("POST", path) if path.starts_with("/v1/activation/") => {
            let mut body = json!({
                "code": elp_core::ActivationCode::from_entropy([9; 10]).to_string(),
                "fingerprint": "matrix-machine-0001",
            });
            match path {
                "/v1/activation/activate" => {
                    body["product"] = json!("harmony-premium");
                    body["hostname"] = json!("ws");
                    body["platform"] = json!("linux");
                }
                "/v1/activation/validate" => {
                    body["product"] = json!("harmony-premium");
                    body["seat"] = json!(0);
                }
                _ => body["seat"] = json!(0),
            }
            (path.into(), Some(body))
        }
        (_, path) if !path.contains('{') => (path.into(), None),
        other => panic!("no request for {other:?}: add one"),
    }
}

/// A gateway over `t`'s table that accepts the provider's tokens for the portal. It fetches the
/// JWKS again for any unknown `kid`: the rotation test may publish a new key at any moment.
fn gateway(app: elp_adapters::App) -> Arc<Gateway> {
    let authorizer =
        Authorizer::new(provider().issuer.clone(), &[PORTAL]).with_refetch_interval(Duration::ZERO);
    Arc::new(Gateway::new(
        app,
        authorizer,
        "portal".into(),
        String::new(),
    ))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn only_the_intended_cells_succeed_and_nothing_of_another_organisation_leaks() {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let gateway = gateway(t.remail(ses_endpoint()).await);
    let p = provider();
    let admin_token = p.id_token(ADMIN);
    let op_token = p.operator_id_token(OPERATOR);
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
    let mine = licenses
        .iter()
        .find(|l| l.assignee.as_deref() == Some(MEMBERS[0]))
        .expect("a licence of the first member")
        .code
        .clone();
    let mut pending = Vec::new();
    for _ in 0..3 {
        let ask = elp_tests::Ask::credits(5).on_bank(&bank);
        pending.push(admin.request_credits(&ask).await.expect(201).id);
    }
    let mut hooks = Vec::new();
    for n in 0..2 {
        let body = json!({ "url": format!("https://hooks.studio-nord.example/{n}"), "events": ["bank.expired"] });
        hooks.push(admin.create_webhook(&body).await.expect(201).webhook.id);
    }
    let claims = claims_of(&admin_token);
    let admin_account = (
        claims["iss"].as_str().unwrap().to_string(),
        claims["sub"].as_str().unwrap().to_string(),
    );
    let key_of = |made: elp_tests::Answer<elp_tests::api::NewCredential>| {
        made.expect(201).key.expect("the key")
    };
    let read_key = key_of(admin.create_credential("matrix read", "read_only").await);
    let admin_key = key_of(admin.create_credential("matrix admin", "admin").await);
    let revoked = admin
        .create_credential("matrix revoked", "read_only")
        .await
        .expect(201);
    let revoked_key = revoked.key.clone().unwrap();
    admin
        .revoke_credential(&revoked.credential.id)
        .await
        .expect(200);
    let to_revoke = admin
        .create_credential("matrix to revoke", "read_only")
        .await
        .expect(201)
        .credential
        .id;
    let w = World {
        credential: to_revoke,
        bank,
        org,
        renewable,
        returnable,
        assignable,
        mine,
        withdrawable: pending[0].clone(),
        grantable: pending[1].clone(),
        declinable: pending[2].clone(),
        admin_account,
        webhook: hooks[0].clone(),
        deletable_webhook: hooks[1].clone(),
    };
    let secrets = [
        w.bank.as_str(),
        &w.renewable,
        &w.returnable,
        &w.assignable,
        MEMBERS[0],
        MEMBERS[1],
        &w.withdrawable,
        &w.grantable,
        &w.declinable,
        &w.webhook,
        &w.deletable_webhook,
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
    let other_key = key_of(
        Client::through(&gateway, Some(&p.id_token(OTHER_ADMIN)))
            .create_credential("theirs", "admin")
            .await,
    );
    // The admin's real claims, re-signed as the provider would never issue them.
    let real = claims_of(&admin_token);
    let expired = with_claims(
        &real,
        &[("iat", json!(now() - 3600)), ("exp", json!(now() - 30))],
    );
    let other_issuer = with_claims(&real, &[("iss", json!("http://127.0.0.1:1"))]);
    let cells = [
        (Who::NoToken, None),
        (Who::Expired, Some(p.forge(&expired))),
        (Who::OtherKey, Some(p.forge_with_unknown_key(&real))),
        (
            Who::OtherAudience,
            Some(p.sign_in(&SignIn::person(ADMIN).client(OTHER_APP)).id_token),
        ),
        (Who::OtherIssuer, Some(p.forge(&other_issuer))),
        (Who::Member, Some(p.id_token(MEMBERS[0]))),
        (Who::Inactive, Some(p.id_token(INACTIVE))),
        (Who::OtherAdmin, Some(p.id_token(OTHER_ADMIN))),
        (Who::Operator, Some(op_token.clone())),
        (Who::Admin, Some(admin_token.clone())),
        (Who::ReadKey, Some(read_key)),
        (Who::RevokedKey, Some(revoked_key)),
        (Who::OtherOrgKey, Some(other_key)),
        // Last: its changes may find A's licences already changed by the admin (409).
        (Who::AdminKey, Some(admin_key)),
    ];
    let other_audience = claims_of(cells[3].1.as_ref().unwrap());
    assert_eq!(
        other_audience["aud"], OTHER_APP,
        "a real token of the other client"
    );
    assert_eq!(other_audience["email"], ADMIN);
    let routes = all_routes();
    assert_eq!(routes.len(), 86, "every route of the API");
    let mut n = 0;
    for (who, token) in &cells {
        let client = Client::through(&gateway, token.as_deref());
        for (method, template) in &routes {
            n += 1;
            let (path, body) = request_for(&w, method, template, n);
            // A bulk confirm needs a key (its job is kept under it).
            let client = match template.starts_with("/v1/licenses/bulk") {
                true => client.clone().with_idempotency_key(&format!("matrix-{n}")),
                false => client.clone(),
            };
            let answer = client.send(method, &path, body.as_ref()).await;
            let want = expected(*who, method, template);
            let class_ok = match (who, want) {
                // The admin made these changes first: the credential is admitted, and the rules
                // may refuse what is already done.
                (Who::AdminKey, 200) if *method != "GET" => {
                    answer.is_success() || answer.status == 409
                }
                (_, 200) => answer.is_success(),
                _ => answer.status == want,
            };
            assert!(class_ok, "{who:?} {method} {path}: {answer:?}");
            let keyed = matches!(
                who,
                Who::ReadKey | Who::AdminKey | Who::RevokedKey | Who::OtherOrgKey
            );
            if want == 401 && answer.status == 401 && *who != Who::NoToken && !keyed {
                assert_eq!(
                    answer.body,
                    json!({ "message": "Unauthorized" }),
                    "{who:?}: the authorizer's refusal, before any function"
                );
            }
            if matches!(who, Who::OtherAdmin | Who::OtherOrgKey) {
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

/// What the functions answer the admin's `GET /v1/me` and `GET /v1/banks` with this token.
async fn me_and_banks(token: &str) -> (u16, u16) {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let gateway = gateway(t.remail(ses_endpoint()).await);
    let client = Client::through(&gateway, Some(token));
    let me = client.send("GET", "/v1/me", None).await.status;
    let banks = client.send("GET", "/v1/banks", None).await.status;
    (me, banks)
}

#[tokio::test]
async fn the_admin_whose_email_the_provider_says_is_not_verified_is_refused() {
    let token = provider()
        .sign_in(&SignIn::person(ADMIN).verified(Verified::False))
        .id_token;
    assert_eq!(claims_of(&token)["email_verified"], json!(false));
    assert_eq!(me_and_banks(&token).await, (401, 401));
    // The same person verified: let in.
    assert_eq!(me_and_banks(&provider().id_token(ADMIN)).await, (200, 200));
}

#[tokio::test]
async fn the_admin_whose_token_says_nothing_of_a_verified_email_is_refused() {
    let token = provider()
        .sign_in(&SignIn::person(ADMIN).verified(Verified::Missing))
        .id_token;
    assert!(claims_of(&token).get("email_verified").is_none());
    assert_eq!(me_and_banks(&token).await, (401, 401));
}

#[tokio::test]
async fn a_second_account_for_the_admin_s_address_is_refused_once_the_first_is_bound() {
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let gateway = gateway(t.remail(ses_endpoint()).await);
    let p = provider();
    let first = p.id_token(ADMIN);
    let second = p.sign_in(&SignIn::person(ADMIN).second_subject()).id_token;
    assert_eq!(claims_of(&second)["email"], ADMIN);
    assert_ne!(claims_of(&second)["sub"], claims_of(&first)["sub"]);
    // The first sign-in binds the membership to the account (issuer, subject) it came with.
    let me = |token: String| {
        let gateway = gateway.clone();
        async move {
            Client::through(&gateway, Some(&token))
                .send("GET", "/v1/me", None)
                .await
        }
    };
    assert!(me(first.clone()).await.is_success());
    assert_eq!(
        me(second).await.status,
        403,
        "another subject, the same address"
    );
    assert!(
        me(first).await.is_success(),
        "the first account still signs in"
    );
}

#[tokio::test]
async fn a_token_not_valid_yet_is_refused_by_the_authorizer() {
    let p = provider();
    let real = claims_of(&p.id_token(ADMIN));
    let later = with_claims(&real, &[("nbf", json!(now() + 300))]);
    let authorizer = Authorizer::new(p.issuer.clone(), &[PORTAL]);
    let bearer = |t: &str| format!("Bearer {t}");
    assert!(authorizer
        .verify(Some(&bearer(&p.forge(&later))))
        .await
        .is_none());
    // The same claims valid from a second ago pass: the signature and the rest are right.
    let now_valid = with_claims(&real, &[("nbf", json!(now() - 1))]);
    assert!(authorizer
        .verify(Some(&bearer(&p.forge(&now_valid))))
        .await
        .is_some());
    assert_eq!(me_and_banks(&p.forge(&later)).await, (401, 401));
}

#[tokio::test]
async fn the_provider_s_claims_reach_the_function_the_way_api_gateway_hands_them_on() {
    let p = provider();
    let authorizer = Authorizer::new(p.issuer.clone(), &[PORTAL]);
    let token = p.operator_id_token(OPERATOR);
    let claims = authorizer
        .verify(Some(&format!("Bearer {token}")))
        .await
        .expect("the operator's token passes");
    assert_eq!(claims["email"], OPERATOR);
    assert_eq!(claims["email_verified"], "true");
    assert_eq!(claims["cognito:groups"], "[elp-operators]");
    assert_eq!(claims["iss"], p.issuer);
    assert_eq!(claims["aud"], PORTAL);
    assert!(claims["exp"].parse::<i64>().unwrap() > now());
    assert!(claims["sub"].starts_with("dev-"));
    // The token without the prefix is the same token.
    assert!(authorizer.verify(Some(&token)).await.is_some());
    // The subject is the email's, every time; the test option makes another one.
    let member = p.id_token(MEMBERS[0]);
    assert_eq!(
        claims_of(&member)["sub"],
        claims_of(&p.id_token(MEMBERS[0]))["sub"]
    );
    let second = p
        .sign_in(&SignIn::person(MEMBERS[0]).second_subject())
        .id_token;
    assert_eq!(claims_of(&second)["email"], MEMBERS[0]);
    assert_ne!(claims_of(&second)["sub"], claims_of(&member)["sub"]);
    assert!(claims_of(&member).get("cognito:groups").is_none());
}

#[tokio::test]
async fn a_rotated_in_key_is_accepted_once_the_jwks_is_fetched_again() {
    let p = provider();
    let bearer = |t: &str| format!("Bearer {t}");
    let before = p.id_token(ADMIN);
    let eager = Authorizer::new(p.issuer.clone(), &[PORTAL]).with_refetch_interval(Duration::ZERO);
    let patient = Authorizer::new(p.issuer.clone(), &[PORTAL])
        .with_refetch_interval(Duration::from_secs(3600));
    for a in [&eager, &patient] {
        assert!(a.verify(Some(&bearer(&before))).await.is_some());
        assert!(a.verify(Some(&bearer(&before))).await.is_some());
        assert_eq!(a.jwks_fetches(), 1, "a known key is not fetched again");
    }
    let kid = p.rotate();
    assert_eq!(p.published_kids()[0], kid);
    let after = p.id_token(ADMIN);
    assert_eq!(
        jsonwebtoken::decode_header(&after).unwrap().kid.as_deref(),
        Some(kid.as_str()),
        "the new key signs"
    );
    assert!(
        eager.verify(Some(&bearer(&after))).await.is_some(),
        "fetched again, and accepted"
    );
    assert_eq!(eager.jwks_fetches(), 2);
    assert!(
        patient.verify(Some(&bearer(&after))).await.is_none(),
        "too soon after the last fetch: the unknown key stays unknown"
    );
    assert_eq!(patient.jwks_fetches(), 1, "the refetch is rate-limited");
    // Tokens of the old key still pass: it stays published.
    assert!(eager.verify(Some(&bearer(&before))).await.is_some());
    assert_eq!(eager.jwks_fetches(), 2);
}

#[tokio::test]
async fn a_refreshed_token_is_accepted_and_a_spent_refresh_token_is_refused() {
    let p = provider();
    let tokens = p.sign_in(&SignIn::person(ADMIN));
    let refresh = tokens.refresh_token.clone().expect("a refresh token");
    let renewed = p.refresh(PORTAL, &refresh).expect("the refresh grant");
    // (Within the same second the new ID token may well be the same text as the first.)
    let rotated = renewed.refresh_token.clone().expect("a new refresh token");
    assert_ne!(rotated, refresh, "the provider rotates refresh tokens");
    assert_eq!(claims_of(&renewed.id_token)["email"], ADMIN);
    assert_eq!(me_and_banks(&renewed.id_token).await, (200, 200));
    assert!(
        p.refresh(PORTAL, &refresh).is_err(),
        "a spent refresh token"
    );
}

#[tokio::test]
async fn a_route_without_an_authorizer_is_served_without_a_token_and_without_claims() {
    static PUBLIC: &[(&str, &str)] = &[("GET", "/v1/me")];
    let t = TestApp::new().await;
    assert!(elp_gateway::seed::seed(&t.app).await.unwrap());
    let authorizer = Authorizer::new(provider().issuer.clone(), &[PORTAL]);
    let gateway = Arc::new(
        Gateway::new(
            t.remail(ses_endpoint()).await,
            authorizer,
            "portal".into(),
            String::new(),
        )
        .with_public_routes(PUBLIC),
    );
    let token = provider().id_token(ADMIN);
    for token in [None, Some(token.as_str()), Some("not a token")] {
        let answer = Client::through(&gateway, token)
            .send("GET", "/v1/me", None)
            .await;
        // The function answered (its own error shape), having been handed no claims.
        assert_eq!(answer.status, 401, "{answer:?}");
        assert!(answer.body.get("error").is_some(), "{answer:?}");
    }
    let answer = Client::through(&gateway, None)
        .send("GET", "/v1/banks", None)
        .await;
    assert_eq!(answer.body, json!({ "message": "Unauthorized" }));
    let answer = Client::through(&gateway, None)
        .send("GET", "/v1/nowhere", None)
        .await;
    assert_eq!(
        (answer.status, answer.body),
        (404, json!({ "message": "Not Found" }))
    );
}

#[tokio::test]
async fn the_portal_is_served_with_its_security_headers_and_only_to_this_machine_s_names() {
    let t = TestApp::new().await;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let issuer = provider().issuer.clone();
    let gateway = Arc::new(
        Gateway::new(
            t.remail(ses_endpoint()).await,
            Authorizer::new(issuer.clone(), &[PORTAL]),
            root.join("portal"),
            "http://127.0.0.1:9".into(),
        )
        .with_node_modules(root.join("node_modules"))
        .listening_on(port),
    );
    tokio::spawn(elp_gateway::server::serve(gateway, listener));
    let base = format!("http://127.0.0.1:{port}");
    // Blocking requests off the runtime's thread, which serves them.
    let get = |path: &str, host: Option<&str>| {
        let url = format!("{base}{path}");
        let host = host.map(str::to_string);
        tokio::task::spawn_blocking(move || {
            let mut request = ureq::get(&url).timeout(Duration::from_secs(10));
            if let Some(host) = host {
                request = request.set("host", &host);
            }
            match request.call() {
                Ok(r) | Err(ureq::Error::Status(_, r)) => r,
                Err(e) => panic!("{url}: {e}"),
            }
        })
    };
    let index = get("/", None).await.unwrap();
    assert_eq!(index.status(), 200);
    let csp = index.header("content-security-policy").unwrap().to_string();
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        &format!("form-action 'self' {issuer};"),
        &format!("connect-src 'self' {issuer}"),
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(index.header("referrer-policy"), Some("no-referrer"));
    assert!(index.header("strict-transport-security").is_some());
    let config = get("/config.js", None)
        .await
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        config.contains(&format!("\"issuer\":\"{issuer}\"")),
        "{config}"
    );
    assert!(config.contains("\"clientId\":\"elp-portal\""), "{config}");
    assert!(config.contains("\"apiBase\":\"/v1\""), "{config}");
    let library = get("/vendor/oauth4webapi.js", None).await.unwrap();
    assert_eq!(library.status(), 200);
    assert!(library.content_type().contains("javascript"));
    assert_eq!(get("/vendor/other.js", None).await.unwrap().status(), 404);
    assert_eq!(
        get("/dev/token", None).await.unwrap().status(),
        404,
        "no token endpoint any more"
    );
    assert_eq!(get("/dev/sign-in.html", None).await.unwrap().status(), 404);
    assert_eq!(
        get("/dev/inbox", Some(&format!("localhost:{port}")))
            .await
            .unwrap()
            .status(),
        200
    );
    for host in [
        "rebound.example",
        &format!("rebound.example:{port}"),
        "127.0.0.1:1",
    ] {
        for path in ["/dev/inbox", "/", "/config.js", "/v1/me"] {
            assert_eq!(
                get(path, Some(host)).await.unwrap().status(),
                421,
                "{host} {path}"
            );
        }
    }
}
