//! The typed test client: one method per API call, bound to a caller, so a test reads as its
//! scenario. Requests become the API Gateway v2 events `elp_gateway::event::event` builds (the
//! dev gateway's own path), routed by `elp_gateway::routes` to the real handler; or they go
//! through the dev gateway itself, with a bearer token ([`Client::through`]).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::App;
use elp_gateway::routes::{invoke, route, Function};
use elp_gateway::server::Gateway;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::api::{
    ApiError, AuditList, Bank, BankLedger, BankList, CatalogDocument, CatalogPreview, Credential,
    CredentialList, CreditRequest, CreditRequestList, Dashboard, Declined, ExportQueued,
    FoundLicense, FoundUser, Generated, GenerationQuote, GrantedRequest, Invitation,
    InvitationReleased, License, LicenseList, Me, Membership, MyLicenseList, NewCredential,
    NewOrganisation, OrgDetail, OrgSummary, OrgSummaryList, Person, PersonList, ProductPolicyList,
    Removed, RenewalQuote, Renewed, User, UserList, VendorEventList, VersionPolicy, Webhook,
    WebhookDeliveryList, WebhookList, WebhookSecret,
};
use crate::requests::{
    Ask, BankSpec, BulkGenerate, BulkRenew, ChangeUser, Generate, Grant, Policy, Renew,
};
use crate::unique;

/// A path segment, percent-encoded (an email's `@` and `+`).
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The issuer of the identities tests present (what API Gateway's authorizer would have
/// checked the tokens against).
pub const TEST_ISSUER: &str = "https://sign-in.test.example";

/// Who sends a request: the claims API Gateway's JWT authorizer would pass on.
#[derive(Debug, Clone)]
pub enum Caller {
    Anonymous,
    Operator,
    /// A person signing in with the test issuer's account for their email.
    User(String),
    /// Exactly these claims (another account for an email, an unverified address...).
    Claims(BTreeMap<String, String>),
    /// A script, with the context the scripts API's authorizer returned for its key.
    Credential(Value),
}

/// The claims of `email`'s account at the test issuer (`sub-<email>`).
pub fn user_claims(email: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("iss".into(), TEST_ISSUER.into()),
        ("sub".into(), format!("sub-{email}")),
        ("email".into(), email.to_string()),
        ("email_verified".into(), "true".into()),
    ])
}

impl Caller {
    fn claims(&self) -> Option<BTreeMap<String, String>> {
        match self {
            Caller::Anonymous => None,
            Caller::Operator => Some(BTreeMap::from([
                ("iss".into(), TEST_ISSUER.into()),
                ("sub".into(), "op-1".into()),
                ("email".into(), "ops@vendor.example".into()),
                ("email_verified".into(), "true".into()),
                ("cognito:groups".into(), "[elp-operators]".into()),
            ])),
            Caller::User(email) => Some(user_claims(email)),
            Caller::Claims(claims) => Some(claims.clone()),
            Caller::Credential(_) => None,
        }
    }

    fn lambda(&self) -> Option<&Value> {
        match self {
            Caller::Credential(context) => Some(context),
            _ => None,
        }
    }
}

/// The event for a request with a body of raw bytes, headers over the defaults (JSON content).
pub(crate) fn event_of(
    method: &str,
    path: &str,
    caller: &Caller,
    body: Option<&[u8]>,
    headers: &[(String, String)],
) -> Value {
    let (raw_path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut all: Vec<(String, String)> = vec![
        ("content-type".into(), "application/json".into()),
        ("host".into(), "api.example".into()),
    ];
    for (name, value) in headers {
        all.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        all.push((name.clone(), value.clone()));
    }
    let claims = caller.claims();
    // The same event the dev gateway builds, so tests and the local portal exercise one path.
    elp_gateway::event::event(&elp_gateway::event::Incoming {
        method,
        path: raw_path,
        query,
        headers: &all,
        body,
        claims: claims.as_ref(),
        lambda: caller.lambda(),
        request_id: &unique("req-"),
    })
}

pub(crate) fn request_of(event: &Value) -> Request {
    elp_gateway::event::request(event).expect("a valid API Gateway v2 event")
}

/// A response's status, its body as JSON (a non-JSON body as a JSON string) and as text.
///
/// `T` is what the call answers on success: [`Answer::expect`] checks the status and reads it.
pub struct Answer<T = Value> {
    pub status: u16,
    pub body: Value,
    pub text: String,
    /// The response's headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    answers: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Answer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.text)
    }
}

impl<T> Clone for Answer<T> {
    fn clone(&self) -> Self {
        Answer {
            status: self.status,
            body: self.body.clone(),
            text: self.text.clone(),
            headers: self.headers.clone(),
            answers: PhantomData,
        }
    }
}

impl<T> Answer<T> {
    fn of_text(status: u16, text: String) -> Answer<T> {
        let body = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.clone()));
        Answer {
            status,
            body,
            text,
            headers: Vec::new(),
            answers: PhantomData,
        }
    }

    pub(crate) fn of_response(response: Response<Body>) -> Answer<T> {
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_ascii_lowercase(), value)
            })
            .collect();
        let mut answer = match response.body() {
            Body::Text(t) => Self::of_text(status, t.clone()),
            Body::Binary(b) => Self::of_text(status, String::from_utf8_lossy(b).into_owned()),
            _ => Self::of_text(status, String::new()),
        };
        if answer.text.is_empty() {
            answer.body = Value::Null;
        }
        answer.headers = headers;
        answer
    }

    /// A response header's value, if it has one.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    /// What API Gateway answers for a route it does not have, before any function runs.
    fn no_route() -> Answer<T> {
        let body = json!({ "message": "Not Found" });
        Answer {
            status: 404,
            text: body.to_string(),
            body,
            headers: Vec::new(),
            answers: PhantomData,
        }
    }

    /// The same answer, read as plain JSON.
    pub fn untyped(self) -> Answer {
        Answer {
            status: self.status,
            body: self.body,
            text: self.text,
            headers: self.headers,
            answers: PhantomData,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body read as `U`.
    pub fn json<U: DeserializeOwned>(&self) -> U {
        serde_json::from_value(self.body.clone()).unwrap_or_else(|e| {
            panic!(
                "the body as {}: {e}\n{}",
                std::any::type_name::<U>(),
                self.text
            )
        })
    }

    /// Checks the status (showing the body if it is another) and reads the body as `U`.
    pub fn expect_as<U: DeserializeOwned>(self, status: u16) -> U {
        assert_eq!(self.status, status, "{}", self.text);
        self.json()
    }

    /// `error.code` of a function's refusal, if the body is one.
    pub fn error_code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }

    /// `error.field` of an `invalid` refusal, if the body is one.
    pub fn error_field(&self) -> Option<&str> {
        self.body["error"]["field"].as_str()
    }

    /// The function's refusal (the body must be one).
    pub fn error(&self) -> ApiError {
        serde_json::from_value(self.body["error"].clone())
            .unwrap_or_else(|e| panic!("an error body: {e}\n{} {}", self.status, self.text))
    }

    /// Checks that the call was refused with this status and code; the refusal, for its details.
    pub fn expect_error(self, status: u16, code: &str) -> ApiError {
        assert_eq!(
            (self.status, self.error_code()),
            (status, Some(code)),
            "{}",
            self.text
        );
        self.error()
    }

    /// Checks for a 422 naming `field`.
    pub fn expect_invalid(self, field: &str) -> ApiError {
        assert_eq!(
            (self.status, self.error_field()),
            (422, Some(field)),
            "{}",
            self.text
        );
        self.error()
    }
}

impl<T: DeserializeOwned> Answer<T> {
    /// Checks the status (showing the body if it is another) and reads what the call answers.
    pub fn expect(self, status: u16) -> T {
        self.expect_as(status)
    }
}

#[derive(Clone)]
enum Target<'a> {
    /// Events straight to the functions, with the claims the authorizer would have verified.
    Functions { app: &'a App, caller: Caller },
    /// Requests to the dev gateway, which verifies the bearer token itself.
    Gateway {
        gateway: &'a Arc<Gateway>,
        token: Option<String>,
    },
}

#[derive(Clone, Copy)]
enum Payload<'b> {
    Empty,
    Json(&'b Value),
    Text(&'b str),
}

impl Payload<'_> {
    fn bytes(self) -> Option<Vec<u8>> {
        match self {
            Payload::Empty => None,
            Payload::Json(v) => Some(v.to_string().into_bytes()),
            Payload::Text(t) => Some(t.as_bytes().to_vec()),
        }
    }
}

/// A client of the API bound to one caller (see `TestApp::as_admin`, `as_user`, `as_operator`,
/// `anonymous`). Cheap to clone; the builder methods return a new client.
#[derive(Clone)]
pub struct Client<'a> {
    target: Target<'a>,
    headers: Vec<(String, String)>,
}

impl<'a> Client<'a> {
    pub fn new(app: &'a App, caller: Caller) -> Client<'a> {
        Client {
            target: Target::Functions { app, caller },
            headers: Vec::new(),
        }
    }

    /// A client of the dev gateway, sending `token` (if any) as `Authorization: Bearer`.
    pub fn through(gateway: &'a Arc<Gateway>, token: Option<&str>) -> Client<'a> {
        Client {
            target: Target::Gateway {
                gateway,
                token: token.map(str::to_string),
            },
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Client<'a> {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_idempotency_key(self, key: &str) -> Client<'a> {
        self.with_header("idempotency-key", key)
    }

    // ----- raw requests -----

    /// Any request, for the tests that send odd ones (wrong methods, bad bodies, unknown
    /// routes, every route in a loop). `path` may carry a query string.
    pub async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        let payload = body.map_or(Payload::Empty, Payload::Json);
        self.exchange(None, method, path, payload).await
    }

    /// A request whose body is this text, as it is (malformed JSON, a form, a huge body).
    pub async fn send_text(&self, method: &str, path: &str, text: &str) -> Answer {
        self.exchange(None, method, path, Payload::Text(text)).await
    }

    /// A request handed to `function`'s handler whatever the route table says, to check the
    /// function's own routing (API Gateway would never send it there).
    pub async fn send_to(
        &self,
        function: Function,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Answer {
        let payload = body.map_or(Payload::Empty, Payload::Json);
        self.exchange(Some(function), method, path, payload).await
    }

    async fn call<T>(&self, method: &str, path: &str, body: Option<&impl Serialize>) -> Answer<T> {
        let json = body.map(|b| serde_json::to_value(b).expect("a request body serialises"));
        let payload = json.as_ref().map_or(Payload::Empty, Payload::Json);
        self.exchange(None, method, path, payload).await
    }

    async fn get<T>(&self, path: &str) -> Answer<T> {
        self.exchange(None, "GET", path, Payload::Empty).await
    }

    async fn exchange<T>(
        &self,
        function: Option<Function>,
        method: &str,
        path: &str,
        payload: Payload<'_>,
    ) -> Answer<T> {
        let body = payload.bytes();
        match &self.target {
            Target::Functions { app, caller } => {
                let raw_path = path.split('?').next().unwrap_or(path);
                let Some(function) = function.or_else(|| route(method, raw_path)) else {
                    return Answer::no_route();
                };
                let event = event_of(method, path, caller, body.as_deref(), &self.headers);
                Answer::of_response(invoke(function, app, request_of(&event)).await)
            }
            Target::Gateway { gateway, token } => {
                assert!(function.is_none(), "the gateway routes by itself");
                use http_body_util::BodyExt;
                let mut headers =
                    vec![("content-type".to_string(), "application/json".to_string())];
                if let Some(token) = token {
                    headers.push(("authorization".to_string(), format!("Bearer {token}")));
                }
                for (name, value) in &self.headers {
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                    headers.push((name.clone(), value.clone()));
                }
                let (path, query) = path.split_once('?').unwrap_or((path, ""));
                let answer = elp_gateway::server::call(
                    gateway,
                    method,
                    path,
                    query,
                    &headers,
                    body.unwrap_or_default().into(),
                )
                .await;
                let status = answer.status().as_u16();
                let bytes = answer
                    .into_body()
                    .collect()
                    .await
                    .expect("the gateway's answer")
                    .to_bytes();
                Answer::of_text(status, String::from_utf8_lossy(&bytes).into_owned())
            }
        }
    }

    // ----- banks (admins) -----

    /// `GET /v1/banks`.
    pub async fn banks(&self) -> Answer<BankList> {
        self.get("/v1/banks").await
    }

    /// `GET /v1/banks/{id}`.
    pub async fn bank(&self, id: &str) -> Answer<Bank> {
        self.get(&format!("/v1/banks/{id}")).await
    }

    /// `GET /v1/banks/{id}/ledger?...`: `query` pairs (`cursor`, `limit`) sent as given.
    pub async fn bank_ledger(&self, id: &str, query: &[(&str, &str)]) -> Answer<BankLedger> {
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        self.get(&format!("/v1/banks/{id}/ledger?{}", query.join("&")))
            .await
    }

    /// `GET /v1/banks/{id}/ledger.csv`.
    pub async fn bank_ledger_csv(&self, id: &str) -> Answer<String> {
        self.get(&format!("/v1/banks/{id}/ledger.csv")).await
    }

    /// `GET /v1/dashboard`.
    pub async fn dashboard(&self) -> Answer<Dashboard> {
        self.get("/v1/dashboard").await
    }

    // ----- licences (admins) -----

    /// `GET /v1/licenses?...`: `query` pairs such as `("status", "active")`, sent as given.
    pub async fn licenses(&self, query: &[(&str, &str)]) -> Answer<LicenseList> {
        let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if query.is_empty() {
            self.get("/v1/licenses").await
        } else {
            self.get(&format!("/v1/licenses?{}", query.join("&"))).await
        }
    }

    /// `GET /v1/licenses/{code}`.
    pub async fn license(&self, code: &str) -> Answer<License> {
        self.get(&format!("/v1/licenses/{code}")).await
    }

    /// `POST /v1/licenses/quote`.
    pub async fn quote(&self, request: &Generate) -> Answer<GenerationQuote> {
        self.call("POST", "/v1/licenses/quote", Some(request)).await
    }

    /// `POST /v1/licenses`: the request must carry the quoted credits.
    pub async fn generate(&self, request: &Generate) -> Answer<Generated> {
        self.call("POST", "/v1/licenses", Some(request)).await
    }

    /// What the portal does: quote, then confirm with the credits the quote showed.
    pub async fn quote_and_generate(&self, request: &Generate) -> (GenerationQuote, Generated) {
        let quote = self.quote(request).await.expect(200);
        let confirm = request.clone().credits(quoted(quote.quote.credits));
        let done = self.generate(&confirm).await.expect(201);
        (quote, done)
    }

    /// `POST /v1/licenses/{code}/renewals/quote`.
    pub async fn renewal_quote(&self, code: &str, request: &Renew) -> Answer<RenewalQuote> {
        let path = format!("/v1/licenses/{code}/renewals/quote");
        self.call("POST", &path, Some(request)).await
    }

    /// `POST /v1/licenses/{code}/renewals`: the request must carry the quoted credits.
    pub async fn renew(&self, code: &str, request: &Renew) -> Answer<Renewed> {
        let path = format!("/v1/licenses/{code}/renewals");
        self.call("POST", &path, Some(request)).await
    }

    /// `POST /v1/licenses/{code}/return`.
    pub async fn return_license(&self, code: &str) -> Answer<License> {
        let path = format!("/v1/licenses/{code}/return");
        self.exchange(None, "POST", &path, Payload::Empty).await
    }

    /// `POST /v1/licenses/{code}/assign`.
    pub async fn assign(&self, code: &str, email: &str) -> Answer<License> {
        let path = format!("/v1/licenses/{code}/assign");
        self.call("POST", &path, Some(&json!({ "email": email })))
            .await
    }

    // ----- in bulk (admins) -----

    /// `POST /v1/licenses/bulk/quote`.
    pub async fn bulk_quote(&self, request: &BulkGenerate) -> Answer {
        self.call("POST", "/v1/licenses/bulk/quote", Some(request))
            .await
    }

    /// `POST /v1/licenses/bulk`: needs the quoted total and an Idempotency-Key.
    pub async fn bulk_generate(&self, request: &BulkGenerate) -> Answer {
        self.call("POST", "/v1/licenses/bulk", Some(request)).await
    }

    /// `POST /v1/licenses/bulk/renewals/quote`.
    pub async fn bulk_renewal_quote(&self, request: &BulkRenew) -> Answer {
        self.call("POST", "/v1/licenses/bulk/renewals/quote", Some(request))
            .await
    }

    /// `POST /v1/licenses/bulk/renewals`: needs the quoted total and an Idempotency-Key.
    pub async fn bulk_renew(&self, request: &BulkRenew) -> Answer {
        self.call("POST", "/v1/licenses/bulk/renewals", Some(request))
            .await
    }

    /// `POST /v1/licenses/bulk/assign` with (code, email) pairs; needs an Idempotency-Key.
    pub async fn bulk_assign(&self, pairs: &[(String, String)]) -> Answer {
        let assignments: Vec<Value> = pairs
            .iter()
            .map(|(code, email)| json!({ "code": code, "email": email }))
            .collect();
        let body = json!({ "assignments": assignments });
        self.call("POST", "/v1/licenses/bulk/assign", Some(&body))
            .await
    }

    // ----- people (admins) -----

    /// `GET /v1/users`.
    pub async fn users(&self) -> Answer<UserList> {
        self.get("/v1/users").await
    }

    /// `POST /v1/users` with a role (a string, so a test can send one the API refuses).
    pub async fn invite(&self, email: &str, role: &str) -> Answer<Invitation> {
        let body = json!({ "email": email, "role": role });
        self.call("POST", "/v1/users", Some(&body)).await
    }

    /// `POST /v1/users` without a role (the API's default, member).
    pub async fn invite_with_default_role(&self, email: &str) -> Answer<Invitation> {
        let body = json!({ "email": email });
        self.call("POST", "/v1/users", Some(&body)).await
    }

    /// `PATCH /v1/users/{email}`.
    pub async fn change_user(&self, email: &str, change: &ChangeUser) -> Answer<User> {
        self.call("PATCH", &format!("/v1/users/{email}"), Some(change))
            .await
    }

    /// `DELETE /v1/users/{email}`.
    pub async fn remove_user(&self, email: &str) -> Answer<Removed> {
        let path = format!("/v1/users/{email}");
        self.exchange(None, "DELETE", &path, Payload::Empty).await
    }

    /// `GET /v1/audit`.
    pub async fn audit(&self) -> Answer<AuditList> {
        self.get("/v1/audit").await
    }

    /// `GET /v1/audit?...`: the trail filtered, `query` pairs (`action`, `from`, `cursor`, ...)
    /// sent encoded.
    pub async fn audit_where(&self, query: &[(&str, &str)]) -> Answer<AuditList> {
        self.get(&with_encoded_query("/v1/audit", query)).await
    }

    /// `GET /v1/audit.csv?...`: the filtered trail as CSV.
    pub async fn audit_csv(&self, query: &[(&str, &str)]) -> Answer<String> {
        self.get(&with_encoded_query("/v1/audit.csv", query)).await
    }

    // ----- API credentials (admins) -----

    /// `GET /v1/credentials`.
    pub async fn credentials(&self) -> Answer<CredentialList> {
        self.get("/v1/credentials").await
    }

    /// `POST /v1/credentials` with `name` and `role` (`read_only` or `admin`).
    pub async fn create_credential(&self, name: &str, role: &str) -> Answer<NewCredential> {
        let body = json!({ "name": name, "role": role });
        self.call("POST", "/v1/credentials", Some(&body)).await
    }

    /// `DELETE /v1/credentials/{id}`.
    pub async fn revoke_credential(&self, id: &str) -> Answer<Credential> {
        let path = format!("/v1/credentials/{}", encode(id));
        self.exchange(None, "DELETE", &path, Payload::Empty).await
    }

    // ----- version policies (admins) -----

    /// `GET /v1/product-versions`.
    pub async fn product_versions(&self) -> Answer<ProductPolicyList> {
        self.get("/v1/product-versions").await
    }

    /// `PUT /v1/product-versions/{product}`.
    pub async fn set_product_versions(
        &self,
        product: &str,
        policy: &Policy,
    ) -> Answer<VersionPolicy> {
        let path = format!("/v1/product-versions/{product}");
        self.call("PUT", &path, Some(policy)).await
    }

    // ----- the member's workspace -----

    /// `GET /v1/me`.
    pub async fn me(&self) -> Answer<Me> {
        self.get("/v1/me").await
    }

    /// `GET /v1/me/licenses`.
    pub async fn my_licenses(&self) -> Answer<MyLicenseList> {
        self.get("/v1/me/licenses").await
    }

    // ----- exports (admins) -----

    /// `GET /v1/licenses.csv`: the CSV (200), or [`ExportQueued`] (202) when it is too large.
    pub async fn download_csv(&self) -> Answer<String> {
        self.get("/v1/licenses.csv").await
    }

    /// `POST /v1/exports`.
    pub async fn email_export(&self) -> Answer<ExportQueued> {
        self.exchange(None, "POST", "/v1/exports", Payload::Empty)
            .await
    }

    // ----- the operator -----

    /// `PUT /v1/operator/catalog`, unconditionally.
    pub async fn put_catalog(&self, catalog: &Value) -> Answer {
        self.call("PUT", "/v1/operator/catalog", Some(catalog))
            .await
    }

    /// `GET /v1/operator/catalog`.
    pub async fn catalog(&self) -> Answer<CatalogDocument> {
        self.get("/v1/operator/catalog").await
    }

    /// `PUT /v1/operator/catalog` with `If-Match: "<revision>"`.
    pub async fn put_catalog_at(&self, revision: u64, catalog: &Value) -> Answer<CatalogDocument> {
        self.clone()
            .with_header("if-match", &format!("\"{revision}\""))
            .call("PUT", "/v1/operator/catalog", Some(catalog))
            .await
    }

    /// `POST /v1/operator/catalog/preview`, as members of `org` (if any) would see it.
    pub async fn preview_catalog(
        &self,
        catalog: &Value,
        org: Option<&str>,
    ) -> Answer<CatalogPreview> {
        let mut body = json!({ "catalog": catalog });
        if let Some(org) = org {
            body["org"] = json!(org);
        }
        self.call("POST", "/v1/operator/catalog/preview", Some(&body))
            .await
    }

    /// `POST /v1/operator/orgs`: an organisation and its first admin, invited by mail.
    pub async fn create_org(&self, name: &str, admin_email: &str) -> Answer<NewOrganisation> {
        let body = json!({ "name": name, "admin_email": admin_email });
        self.call("POST", "/v1/operator/orgs", Some(&body)).await
    }

    /// `POST /v1/operator/orgs/{org}/banks`.
    pub async fn create_bank(&self, org: &str, bank: &BankSpec) -> Answer<Bank> {
        let path = format!("/v1/operator/orgs/{org}/banks");
        self.call("POST", &path, Some(bank)).await
    }

    /// `POST /v1/operator/banks/{id}/grant`.
    pub async fn grant(&self, bank: &str, credits: i64) -> Answer<Bank> {
        let path = format!("/v1/operator/banks/{bank}/grant");
        self.call("POST", &path, Some(&json!({ "credits": credits })))
            .await
    }

    /// `POST /v1/operator/orgs/{org}/admins`.
    pub async fn invite_admin(&self, org: &str, email: &str) -> Answer<Invitation> {
        let path = format!("/v1/operator/orgs/{org}/admins");
        self.call("POST", &path, Some(&json!({ "email": email })))
            .await
    }

    /// `DELETE /v1/operator/invitations/{email}`.
    pub async fn release_invitation(&self, email: &str) -> Answer<InvitationReleased> {
        let path = format!("/v1/operator/invitations/{}", encode(email));
        self.exchange(None, "DELETE", &path, Payload::Empty).await
    }

    /// `DELETE /v1/operator/users/{email}/identity`.
    pub async fn release_account(&self, email: &str) -> Answer<Membership> {
        let path = format!("/v1/operator/users/{}/identity", encode(email));
        self.exchange(None, "DELETE", &path, Payload::Empty).await
    }

    /// `PATCH /v1/operator/orgs/{org}`: a new name.
    pub async fn rename_org(&self, org: &str, name: &str) -> Answer<OrgSummary> {
        let path = format!("/v1/operator/orgs/{org}");
        self.call("PATCH", &path, Some(&json!({ "name": name })))
            .await
    }

    /// `POST /v1/operator/orgs/{org}/suspend`.
    pub async fn suspend_org(&self, org: &str, reason: &str) -> Answer<OrgSummary> {
        let path = format!("/v1/operator/orgs/{org}/suspend");
        self.call("POST", &path, Some(&json!({ "reason": reason })))
            .await
    }

    /// `POST /v1/operator/orgs/{org}/resume`.
    pub async fn resume_org(&self, org: &str) -> Answer<OrgSummary> {
        let path = format!("/v1/operator/orgs/{org}/resume");
        self.exchange(None, "POST", &path, Payload::Empty).await
    }

    /// `PATCH /v1/operator/orgs/{org}/users/{email}`.
    pub async fn change_org_user(
        &self,
        org: &str,
        email: &str,
        change: &ChangeUser,
    ) -> Answer<Person> {
        let path = format!("/v1/operator/orgs/{org}/users/{}", encode(email));
        self.call("PATCH", &path, Some(change)).await
    }

    /// `PUT /v1/operator/users/{email}/identity`: bound to this account from now on.
    pub async fn bind_account(&self, email: &str, issuer: &str, subject: &str) -> Answer<Person> {
        let path = format!("/v1/operator/users/{}/identity", encode(email));
        let body = json!({ "issuer": issuer, "subject": subject });
        self.call("PUT", &path, Some(&body)).await
    }

    /// `POST /v1/operator/banks/{id}/extend`.
    pub async fn extend_bank(&self, bank: &str, expiry: &str, reason: &str) -> Answer<Bank> {
        let path = format!("/v1/operator/banks/{bank}/extend");
        let body = json!({ "expiry": expiry, "reason": reason });
        self.call("POST", &path, Some(&body)).await
    }

    /// `POST /v1/operator/banks/{id}/void`.
    pub async fn void_credits(&self, bank: &str, credits: i64, reason: &str) -> Answer<Bank> {
        let path = format!("/v1/operator/banks/{bank}/void");
        let body = json!({ "credits": credits, "reason": reason });
        self.call("POST", &path, Some(&body)).await
    }

    // ----- the vendor's console (reads) -----

    /// `GET /v1/operator/orgs`, with `q` if given.
    pub async fn orgs(&self, q: Option<&str>) -> Answer<OrgSummaryList> {
        let path = match q {
            Some(q) => format!("/v1/operator/orgs?q={}", encode(q)),
            None => "/v1/operator/orgs".into(),
        };
        self.get(&path).await
    }

    /// `GET /v1/operator/orgs/{org}`.
    pub async fn org(&self, org: &str) -> Answer<OrgDetail> {
        self.get(&format!("/v1/operator/orgs/{org}")).await
    }

    /// `GET /v1/operator/orgs/{org}/licenses`.
    pub async fn org_licenses(&self, org: &str, query: &[(&str, &str)]) -> Answer<LicenseList> {
        let query: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        let path = format!("/v1/operator/orgs/{org}/licenses?{}", query.join("&"));
        self.get(&path).await
    }

    /// `GET /v1/operator/orgs/{org}/users`.
    pub async fn org_users(&self, org: &str) -> Answer<PersonList> {
        let path = format!("/v1/operator/orgs/{org}/users");
        self.get(&path).await
    }

    /// `GET /v1/operator/orgs/{org}/audit`.
    pub async fn org_audit(&self, org: &str) -> Answer<AuditList> {
        let path = format!("/v1/operator/orgs/{org}/audit");
        self.get(&path).await
    }

    /// `GET /v1/operator/orgs/{org}/banks/{id}/ledger`.
    pub async fn org_bank_ledger(&self, org: &str, id: &str) -> Answer<BankLedger> {
        self.get(&format!("/v1/operator/orgs/{org}/banks/{id}/ledger"))
            .await
    }

    /// `GET /v1/operator/licenses/{code}`.
    pub async fn find_license(&self, code: &str) -> Answer<FoundLicense> {
        let path = format!("/v1/operator/licenses/{}", encode(code));
        self.get(&path).await
    }

    /// `GET /v1/operator/users/{email}`.
    pub async fn find_user(&self, email: &str) -> Answer<FoundUser> {
        let path = format!("/v1/operator/users/{}", encode(email));
        self.get(&path).await
    }

    /// `GET /v1/operator/audit`: the vendor's trail.
    pub async fn vendor_audit(&self) -> Answer<VendorEventList> {
        self.get("/v1/operator/audit").await
    }

    /// `GET /v1/operator/audit?...`: the vendor's trail filtered.
    pub async fn vendor_audit_where(&self, query: &[(&str, &str)]) -> Answer<VendorEventList> {
        self.get(&with_encoded_query("/v1/operator/audit", query))
            .await
    }

    /// `GET /v1/operator/orgs/{org}/audit?...`: an organisation's trail filtered.
    pub async fn org_audit_where(&self, org: &str, query: &[(&str, &str)]) -> Answer<AuditList> {
        self.get(&with_encoded_query(
            &format!("/v1/operator/orgs/{org}/audit"),
            query,
        ))
        .await
    }

    // ----- credit requests (admins, then the operator) -----

    /// `POST /v1/credit-requests`.
    pub async fn request_credits(&self, ask: &Ask) -> Answer<CreditRequest> {
        self.call("POST", "/v1/credit-requests", Some(ask)).await
    }

    /// `GET /v1/credit-requests?...`: `query` pairs such as `("status", "pending")`.
    pub async fn credit_requests(&self, query: &[(&str, &str)]) -> Answer<CreditRequestList> {
        self.get(&with_query("/v1/credit-requests", query)).await
    }

    /// `GET /v1/credit-requests/{id}`.
    pub async fn credit_request(&self, id: &str) -> Answer<CreditRequest> {
        self.get(&format!("/v1/credit-requests/{id}")).await
    }

    /// `POST /v1/credit-requests/{id}/withdraw`.
    pub async fn withdraw_credit_request(&self, id: &str) -> Answer<CreditRequest> {
        let path = format!("/v1/credit-requests/{id}/withdraw");
        self.exchange(None, "POST", &path, Payload::Empty).await
    }

    /// `GET /v1/operator/credit-requests?...`: `("status", "granted")`, `("org", ...)`.
    pub async fn credit_request_queue(&self, query: &[(&str, &str)]) -> Answer<CreditRequestList> {
        self.get(&with_query("/v1/operator/credit-requests", query))
            .await
    }

    /// `POST /v1/operator/credit-requests/{id}/grant`.
    pub async fn grant_request(&self, id: &str, grant: &Grant) -> Answer<GrantedRequest> {
        let path = format!("/v1/operator/credit-requests/{id}/grant");
        self.call("POST", &path, Some(grant)).await
    }

    /// `POST /v1/operator/credit-requests/{id}/decline`.
    pub async fn decline_request(&self, id: &str, reason: &str) -> Answer<CreditRequest> {
        let path = format!("/v1/operator/credit-requests/{id}/decline");
        self.call("POST", &path, Some(&json!({ "reason": reason })))
            .await
    }

    // ----- invitees (no sign-in) -----

    /// `POST /v1/invitations/decline`, with the token of the invitation mail's link.
    pub async fn decline_invitation(&self, email: &str, token: &str) -> Answer<Declined> {
        let body = json!({ "email": email, "token": token });
        self.call("POST", "/v1/invitations/decline", Some(&body))
            .await
    }
}

impl Client<'_> {
    /// `POST /v1/webhooks` with `body` (`url`, `events`, `description`, `enabled`).
    pub async fn create_webhook(&self, body: &Value) -> Answer<WebhookSecret> {
        self.call("POST", "/v1/webhooks", Some(body)).await
    }

    /// `GET /v1/webhooks`.
    pub async fn webhooks(&self) -> Answer<WebhookList> {
        self.get("/v1/webhooks").await
    }

    /// `GET /v1/webhooks/{id}`.
    pub async fn webhook(&self, id: &str) -> Answer<Webhook> {
        self.get(&format!("/v1/webhooks/{id}")).await
    }

    /// `PATCH /v1/webhooks/{id}` with `body`.
    pub async fn change_webhook(&self, id: &str, body: &Value) -> Answer<Webhook> {
        self.call("PATCH", &format!("/v1/webhooks/{id}"), Some(body))
            .await
    }

    /// `DELETE /v1/webhooks/{id}`.
    pub async fn delete_webhook(&self, id: &str) -> Answer {
        self.call::<Value>("DELETE", &format!("/v1/webhooks/{id}"), None::<&Value>)
            .await
    }

    /// `POST /v1/webhooks/{id}/rotate-secret`.
    pub async fn rotate_webhook_secret(&self, id: &str) -> Answer<WebhookSecret> {
        self.call(
            "POST",
            &format!("/v1/webhooks/{id}/rotate-secret"),
            None::<&Value>,
        )
        .await
    }

    /// `GET /v1/webhooks/{id}/deliveries?...`.
    pub async fn webhook_deliveries(
        &self,
        id: &str,
        query: &[(&str, &str)],
    ) -> Answer<WebhookDeliveryList> {
        self.get(&with_query(&format!("/v1/webhooks/{id}/deliveries"), query))
            .await
    }
}

/// `path?k=v&...`, sent as given (no pairs: the path alone).
fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        return path.to_string();
    }
    let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}", pairs.join("&"))
}

fn quoted(credits: u64) -> i64 {
    i64::try_from(credits).expect("credits fit an i64")
}

/// `path` with `query` pairs, each value encoded.
fn with_encoded_query(path: &str, query: &[(&str, &str)]) -> String {
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    match query.is_empty() {
        true => path.to_string(),
        false => format!("{path}?{}", query.join("&")),
    }
}
