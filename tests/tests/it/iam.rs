//! Least privilege that is still enough: every DynamoDB request each function makes, while the
//! whole API and every job run through their paths against DynamoDB Local, is recorded (which
//! function, which action, table or index, which partition key) and must be allowed by that
//! function's role in `infra/template.yaml`, evaluated as IAM evaluates it: the action (a
//! transaction's items as PutItem, UpdateItem, DeleteItem, ConditionCheckItem), the resource
//! (the table, or the index queried) and the `dynamodb:LeadingKeys` patterns. DynamoDB Local
//! enforces no IAM, so without this a policy too narrow would only fail in AWS.
//!
//! And the other way: no function's role allows an action its code never performs.
//!
//! `ELP_IAM_DUMP=1 cargo test iam -- --nocapture` prints what each function touched, by key
//! shape (`USER#*`), to write a role from.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::operation::batch_get_item::BatchGetItemInput;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemInput;
use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::operation::query::QueryInput;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsInput;
use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_types::config_bag::ConfigBag;
use elp_adapters::sdk::sdk_config;
use elp_adapters::App;
use elp_tests::{
    json_of, mails_to, person, route, user_claims, Answer, BankSpec, Caller, Client, Function,
    Generate, Renew, TestApp, CATALOG,
};
use serde_json::{json, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// One DynamoDB request, or one item of a transaction, as IAM authorises it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Access {
    /// The template's function resource that made it (`LicensesFunction`).
    function: String,
    /// The IAM action (`dynamodb:PutItem` for a transaction's Put).
    action: &'static str,
    /// The index queried; `None` for the table.
    index: Option<String>,
    /// The partition keys the request names (`dynamodb:LeadingKeys`).
    keys: Vec<String>,
}

/// Records what each request names, under the label of the function being exercised.
#[derive(Debug, Clone, Default)]
struct Recorder {
    label: Arc<Mutex<String>>,
    seen: Arc<Mutex<Vec<Access>>>,
}

fn pk(key: Option<&std::collections::HashMap<String, AttributeValue>>) -> String {
    key.and_then(|k| k.get("pk"))
        .and_then(|v| v.as_s().ok())
        .cloned()
        .unwrap_or_else(|| "<no pk>".into())
}

impl Recorder {
    fn label(&self, function: &str) {
        *self.label.lock().unwrap() = function.to_string();
    }

    fn seen(&self) -> Vec<Access> {
        self.seen.lock().unwrap().clone()
    }

    fn record(&self, action: &'static str, index: Option<String>, keys: Vec<String>) {
        let function = self.label.lock().unwrap().clone();
        self.seen.lock().unwrap().push(Access {
            function,
            action,
            index,
            keys,
        });
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "AccessRecorder"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = context.input();
        if let Some(i) = input.downcast_ref::<GetItemInput>() {
            self.record("dynamodb:GetItem", None, vec![pk(i.key())]);
        } else if let Some(i) = input.downcast_ref::<BatchGetItemInput>() {
            let keys = i
                .request_items()
                .into_iter()
                .flat_map(|r| r.values())
                .flat_map(|k| k.keys())
                .map(|k| pk(Some(k)))
                .collect();
            self.record("dynamodb:BatchGetItem", None, keys);
        } else if let Some(i) = input.downcast_ref::<QueryInput>() {
            let partition = i
                .expression_attribute_values()
                .and_then(|v| v.get(":pk"))
                .and_then(|v| v.as_s().ok())
                .cloned()
                .unwrap_or_else(|| "<no :pk>".into());
            self.record(
                "dynamodb:Query",
                i.index_name().map(str::to_string),
                vec![partition],
            );
        } else if let Some(i) = input.downcast_ref::<PutItemInput>() {
            self.record("dynamodb:PutItem", None, vec![pk(i.item())]);
        } else if let Some(i) = input.downcast_ref::<UpdateItemInput>() {
            self.record("dynamodb:UpdateItem", None, vec![pk(i.key())]);
        } else if let Some(i) = input.downcast_ref::<DeleteItemInput>() {
            self.record("dynamodb:DeleteItem", None, vec![pk(i.key())]);
        } else if let Some(i) = input.downcast_ref::<TransactWriteItemsInput>() {
            for item in i.transact_items() {
                if let Some(put) = item.put() {
                    self.record("dynamodb:PutItem", None, vec![pk(Some(put.item()))]);
                }
                if let Some(update) = item.update() {
                    self.record("dynamodb:UpdateItem", None, vec![pk(Some(update.key()))]);
                }
                if let Some(delete) = item.delete() {
                    self.record("dynamodb:DeleteItem", None, vec![pk(Some(delete.key()))]);
                }
                if let Some(check) = item.condition_check() {
                    self.record(
                        "dynamodb:ConditionCheckItem",
                        None,
                        vec![pk(Some(check.key()))],
                    );
                }
            }
        } else {
            self.record("an operation this test does not know", None, Vec::new());
        }
        Ok(())
    }
}

// ----- the template's roles, as IAM evaluates them -----

fn template() -> Yaml {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../infra/template.yaml");
    let text = std::fs::read_to_string(&path).expect("the template");
    YamlLoader::load_from_str(&text)
        .expect("the template's YAML")
        .remove(0)
}

fn strings(node: &Yaml) -> Vec<String> {
    match node {
        Yaml::String(s) => vec![s.clone()],
        Yaml::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// One Allow statement of a function's role (only what this test needs of IAM).
#[derive(Debug)]
struct Statement {
    actions: Vec<String>,
    resources: Vec<String>,
    leading_keys: Option<Vec<String>>,
    /// `ForAllValues:StringNotLike` patterns no key may match.
    not_leading_keys: Vec<String>,
    other_conditions: Vec<String>,
}

/// Every Allow statement of every `AWS::Serverless::Function`'s inline policies.
fn roles(template: &Yaml) -> BTreeMap<String, Vec<Statement>> {
    let mut roles = BTreeMap::new();
    for (name, resource) in template["Resources"].as_hash().expect("Resources") {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let mut statements = Vec::new();
        for policy in resource["Properties"]["Policies"]
            .as_vec()
            .into_iter()
            .flatten()
        {
            for s in policy["Statement"].as_vec().into_iter().flatten() {
                assert_eq!(s["Effect"].as_str(), Some("Allow"), "{name:?}: {s:?}");
                let mut leading_keys = None;
                let mut not_leading_keys = Vec::new();
                let mut other_conditions = Vec::new();
                for (operator, keys) in s["Condition"].as_hash().into_iter().flatten() {
                    let operator = operator.as_str().unwrap();
                    for (key, values) in keys.as_hash().expect("condition keys") {
                        let key = key.as_str().unwrap();
                        if key == "dynamodb:LeadingKeys" {
                            match operator {
                                "ForAllValues:StringLike" => leading_keys = Some(strings(values)),
                                "ForAllValues:StringNotLike" => not_leading_keys = strings(values),
                                _ => panic!("{name:?}: LeadingKeys with {operator}"),
                            }
                        } else {
                            other_conditions.push(format!("{operator} {key}"));
                        }
                    }
                }
                statements.push(Statement {
                    actions: strings(&s["Action"]),
                    resources: strings(&s["Resource"]),
                    leading_keys,
                    not_leading_keys,
                    other_conditions,
                });
            }
        }
        roles.insert(name.as_str().unwrap().to_string(), statements);
    }
    roles
}

/// IAM's `StringLike`: `*` any run of characters, `?` any one character.
fn like(pattern: &str, value: &str) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
    // Positions in the pattern reachable after each prefix of the value.
    let mut reach = vec![false; p.len() + 1];
    reach[0] = true;
    let close = |reach: &mut Vec<bool>| {
        for i in 0..p.len() {
            if reach[i] && p[i] == '*' {
                reach[i + 1] = true;
            }
        }
    };
    close(&mut reach);
    for c in v {
        let mut next = vec![false; p.len() + 1];
        for i in 0..p.len() {
            if reach[i] && (p[i] == '*' || p[i] == '?' || p[i] == c) {
                next[if p[i] == '*' { i } else { i + 1 }] = true;
            }
        }
        close(&mut next);
        reach = next;
    }
    reach[p.len()]
}

/// The template's name for the table's ARN (`!GetAtt Table.Arn`) and an index's.
fn resource_matches(resource: &str, index: Option<&str>) -> bool {
    match index {
        None => resource == "Table.Arn",
        Some(index) => {
            resource == "${Table.Arn}/index/*"
                || resource == format!("${{Table.Arn}}/index/{index}")
        }
    }
}

fn allows(statement: &Statement, access: &Access) -> bool {
    statement.actions.iter().any(|a| a == access.action)
        && statement
            .resources
            .iter()
            .any(|r| resource_matches(r, access.index.as_deref()))
        && statement.other_conditions.is_empty()
        && statement.leading_keys.as_ref().is_none_or(|patterns| {
            access
                .keys
                .iter()
                .all(|k| patterns.iter().any(|p| like(p, k)))
        })
        && access
            .keys
            .iter()
            .all(|k| !statement.not_leading_keys.iter().any(|p| like(p, k)))
}

// ----- the world the functions run in -----

struct World {
    t: TestApp,
    recorder: Recorder,
    /// Each HTTP function and the template resource serving its routes.
    resources: Vec<(Function, String)>,
}

/// The function resource of the template that serves each function's routes.
fn function_resources(template: &Yaml) -> Vec<(Function, String)> {
    let mut found: Vec<(Function, String)> = Vec::new();
    for (name, resource) in template["Resources"].as_hash().unwrap() {
        for (_, event) in resource["Properties"]["Events"]
            .as_hash()
            .into_iter()
            .flatten()
        {
            if event["Type"].as_str() != Some("HttpApi") {
                continue;
            }
            let method = event["Properties"]["Method"]
                .as_str()
                .unwrap()
                .to_ascii_uppercase();
            let path = event["Properties"]["Path"].as_str().unwrap();
            let function = route(&method, &path.replace('{', "x").replace('}', ""))
                .unwrap_or_else(|| panic!("{method} {path}"));
            if !found.iter().any(|(f, _)| *f == function) {
                found.push((function, name.as_str().unwrap().to_string()));
            }
        }
    }
    found
}

impl World {
    async fn new(tweak: impl FnOnce(&mut elp_adapters::config::Config)) -> World {
        let base = TestApp::configured(elp_tests::ses_endpoint(), tweak).await;
        let recorder = Recorder::default();
        let endpoint = base.app.config.dynamodb_endpoint.clone();
        let builder = elp_adapters::aws_sdk_dynamodb::config::Builder::from(&sdk_config(
            &base.app.config,
            endpoint.as_deref(),
        ))
        .interceptor(recorder.clone());
        let client = elp_adapters::aws_sdk_dynamodb::Client::from_conf(builder.build());
        let (_, ses) = elp_adapters::sdk::clients(&base.app.config);
        let ses = elp_adapters::aws_sdk_sesv2::Client::from_conf(ses);
        let app = App::new(base.app.config.clone(), client, ses, base.clock.clone());
        World {
            t: TestApp {
                app,
                clock: base.clock,
            },
            recorder,
            resources: function_resources(&template()),
        }
    }

    fn resource(&self, function: Function) -> &str {
        &self
            .resources
            .iter()
            .find(|(f, _)| *f == function)
            .unwrap_or_else(|| panic!("{function:?} in the template"))
            .1
    }

    /// A request through API Gateway's routing, its DynamoDB requests recorded as its
    /// function's.
    async fn send(
        &self,
        who: &Client<'_>,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        let raw = path.split('?').next().unwrap();
        let function = route(method, raw).unwrap_or_else(|| panic!("{method} {raw} is routed"));
        self.recorder.label(self.resource(function));
        let answer = who.send(method, path, body.as_ref()).await;
        self.recorder.label("");
        answer
    }

    /// `send`, expecting `status`; the body.
    async fn ok(
        &self,
        who: &Client<'_>,
        status: u16,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let answer = self.send(who, method, path, body).await;
        assert_eq!(answer.status, status, "{method} {path}: {answer:?}");
        answer.body
    }

    /// A job's run, its requests recorded as the job function's.
    async fn job<F: std::future::Future>(&self, resource: &str, run: F) -> F::Output {
        self.recorder.label(resource);
        let out = run.await;
        self.recorder.label("");
        out
    }

    /// The outbox function's runs until one sends nothing (a run takes a few mails of each
    /// organisation).
    async fn drain(&self) {
        for _ in 0..50 {
            let delivery = self
                .job("OutboxFunction", elp_outbox::handle(&self.t.app))
                .await
                .expect("the outbox drains");
            assert_eq!((delivery.failed, delivery.dead), (0, 0));
            if delivery.sent == 0 {
                return;
            }
        }
        panic!("the outbox never emptied");
    }
}

/// The email and token of the decline link in the last invitation mail to `to`.
fn decline_link(to: &str) -> (String, String) {
    let mails = mails_to(to);
    let mail = mails
        .iter()
        .rev()
        .find(|m| m.subject.contains("invited you"))
        .expect("an invitation mail");
    let text = mail.text();
    let link = text
        .split_whitespace()
        .find(|w| w.contains("#/decline?"))
        .unwrap_or_else(|| panic!("a decline link in {text}"));
    let mut email = None;
    let mut token = None;
    for pair in link.split_once('?').unwrap().1.split('&') {
        let (k, v) = pair.split_once('=').unwrap();
        let v = percent_decode(v);
        match k {
            "email" => email = Some(v),
            "token" => token = Some(v),
            _ => {}
        }
    }
    (email.unwrap(), token.unwrap())
}

fn percent_decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every route of every function and every job, through its paths: first sign-ins and a
/// stranger's account on each function, replays, new and existing recipients, lists with
/// cursors and filters, the emailed export, the expiry jobs and the outbox with every letter.
async fn exercise(w: &World) {
    let t = &w.t;
    let op = t.as_operator();
    let catalog: Value = serde_json::from_str(CATALOG).unwrap();
    w.ok(&op, 200, "PUT", "/v1/operator/catalog", Some(catalog))
        .await;
    let admin = person();
    let org_body = json!({ "name": "Studio Nord", "admin_email": admin });
    let keyed = op.clone().with_idempotency_key("org-1");
    let org = w
        .ok(
            &keyed,
            201,
            "POST",
            "/v1/operator/orgs",
            Some(org_body.clone()),
        )
        .await;
    w.ok(&keyed, 201, "POST", "/v1/operator/orgs", Some(org_body))
        .await;
    let org = org["org"]["id"].as_str().unwrap().to_string();
    let banks = format!("/v1/operator/orgs/{org}/banks");
    let bank = w
        .ok(
            &op,
            201,
            "POST",
            &banks,
            Some(json_of(&BankSpec::portable(500))),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Expires in 40 days: warned, then expired by the jobs.
    let soon = w
        .ok(
            &op,
            201,
            "POST",
            &banks,
            Some(json_of(
                &BankSpec::older(50).start("2026-01-01").until("2026-04-11"),
            )),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let grant = format!("/v1/operator/banks/{bank}/grant");
    let keyed = op.clone().with_idempotency_key("grant-1");
    w.ok(&keyed, 200, "POST", &grant, Some(json!({ "credits": 5 })))
        .await;
    w.ok(&keyed, 200, "POST", &grant, Some(json!({ "credits": 5 })))
        .await;

    // The first admin, signed in by the workspace.
    let me = t.as_user(&admin);
    w.ok(&me, 200, "GET", "/v1/me", None).await;
    // Banks.
    w.ok(&me, 200, "GET", "/v1/banks", None).await;
    w.ok(&me, 200, "GET", "/v1/banks?limit=1", None).await;
    w.ok(&me, 200, "GET", &format!("/v1/banks/{bank}"), None)
        .await;
    // A ledger's CSV, recorded in the trail (the banks function puts the audit event).
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/banks/{bank}/ledger.csv"),
        None,
    )
    .await;
    w.ok(&me, 200, "GET", "/v1/dashboard", None).await;
    // Licences: a new recipient (who joins), a member, replays, a multiseat to renew.
    let artist = person();
    let generate = Generate::node_lock(&bank, 2, 2).to(&artist);
    w.ok(
        &me,
        200,
        "POST",
        "/v1/licenses/quote",
        Some(json_of(&generate)),
    )
    .await;
    let keyed = me.clone().with_idempotency_key("gen-1");
    let confirm = json_of(&generate.clone().credits(4));
    let done = w
        .ok(&keyed, 201, "POST", "/v1/licenses", Some(confirm.clone()))
        .await;
    w.ok(&keyed, 201, "POST", "/v1/licenses", Some(confirm))
        .await;
    let code = done["licenses"][0]["code"].as_str().unwrap().to_string();
    let again = Generate::node_lock(&bank, 1, 1).to(&artist).credits(1);
    w.ok(&me, 201, "POST", "/v1/licenses", Some(json_of(&again)))
        .await;
    let multi = Generate::multiseat(&bank, 1, 2).to(&admin).credits(2);
    let multi = w
        .ok(&me, 201, "POST", "/v1/licenses", Some(json_of(&multi)))
        .await;
    let multi = multi["licenses"][0]["code"].as_str().unwrap().to_string();
    // Each HTTP function sees a first sign-in (which binds the account and activates an
    // invited admin) and a stranger's account presenting a bound address (refused, audited).
    let admins = format!("/v1/operator/orgs/{org}/admins");
    let firsts: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/v1/banks".into(), None),
        ("GET", "/v1/licenses".into(), None),
        (
            "POST",
            format!("/v1/licenses/{multi}/renewals/quote"),
            Some(json!({})),
        ),
        (
            "POST",
            format!("/v1/licenses/{code}/assign"),
            Some(json!({ "email": admin })),
        ),
        ("GET", "/v1/users".into(), None),
        ("GET", "/v1/product-versions".into(), None),
        ("GET", "/v1/me".into(), None),
        ("GET", "/v1/licenses.csv".into(), None),
        ("GET", "/v1/credit-requests".into(), None),
        ("GET", "/v1/webhooks".into(), None),
    ];
    for (method, path, body) in &firsts {
        let who = person();
        w.ok(&op, 201, "POST", &admins, Some(json!({ "email": who })))
            .await;
        // Several at once: all read the unbound membership and try to bind it; one does, and
        // any that lose the race read it again (access::member).
        let client = t.as_user(&who);
        let answers =
            futures::future::join_all((0..6).map(|_| w.send(&client, method, path, body.clone())))
                .await;
        for answer in answers {
            assert!(
                answer.is_success() || answer.status == 409,
                "{method} {path}: {answer:?}"
            );
        }
        let mut claims = user_claims(&who);
        claims.insert("sub".into(), "another-account".into());
        let stranger = t.client(Caller::Claims(claims));
        w.ok(&stranger, 403, method, path, body.clone()).await;
    }
    w.ok(&me, 200, "GET", &format!("/v1/licenses/{code}"), None)
        .await;
    let page = w.ok(&me, 200, "GET", "/v1/licenses?limit=1", None).await;
    let cursor = page["next"].as_str().expect("a next page").to_string();
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/licenses?limit=1&cursor={cursor}"),
        None,
    )
    .await;
    let filtered = format!(
        "/v1/licenses?bank={bank}&status=active&assignee={}",
        artist.replace('@', "%40")
    );
    w.ok(&me, 200, "GET", &filtered, None).await;
    w.ok(&me, 200, "GET", &format!("/v1/licenses?bank={bank}"), None)
        .await;
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/licenses?assignee={}", artist.replace('@', "%40")),
        None,
    )
    .await;
    // Sorted by expiry (gsi4), searched, by product; a whole code is read by its key.
    w.ok(&me, 200, "GET", "/v1/licenses?sort=-expiry&q=art", None)
        .await;
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/licenses?product=harmony-premium&q={code}"),
        None,
    )
    .await;
    // Renewals.
    let renewals = format!("/v1/licenses/{multi}/renewals");
    w.ok(
        &me,
        200,
        "POST",
        &format!("{renewals}/quote"),
        Some(json_of(&Renew::as_before())),
    )
    .await;
    let keyed = me.clone().with_idempotency_key("renew-1");
    let renew = json_of(&Renew::as_before().credits(2));
    w.ok(&keyed, 200, "POST", &renewals, Some(renew.clone()))
        .await;
    w.ok(&keyed, 200, "POST", &renewals, Some(renew)).await;
    // The desktop software: activate (again), validate, heartbeat, release, activate; the
    // return below then releases the machine and tidies its seat.
    let software = t.anonymous();
    let machine = json!({
        "code": code, "fingerprint": "iam-machine-0001", "product": "harmony-premium",
        "hostname": "ws-1", "platform": "linux",
    });
    let seat = json!({ "code": code, "fingerprint": "iam-machine-0001", "seat": 0 });
    let mut named = seat.clone();
    named["product"] = json!("harmony-premium");
    w.ok(
        &software,
        201,
        "POST",
        "/v1/activation/activate",
        Some(machine.clone()),
    )
    .await;
    w.ok(
        &software,
        200,
        "POST",
        "/v1/activation/activate",
        Some(machine.clone()),
    )
    .await;
    w.ok(
        &software,
        200,
        "POST",
        "/v1/activation/validate",
        Some(named),
    )
    .await;
    w.ok(
        &software,
        200,
        "POST",
        "/v1/activation/heartbeat",
        Some(seat.clone()),
    )
    .await;
    w.ok(&software, 200, "POST", "/v1/activation/release", Some(seat))
        .await;
    w.ok(
        &software,
        201,
        "POST",
        "/v1/activation/activate",
        Some(machine.clone()),
    )
    .await;
    // Machines in the portal: the admin reads and releases one, its holder too (each release
    // counted); the operator sets the organisation's activation policy.
    let machines = format!("/v1/licenses/{code}/machines");
    w.ok(&me, 200, "GET", &machines, None).await;
    w.ok(&me, 200, "POST", &format!("{machines}/0/release"), None)
        .await;
    w.ok(
        &software,
        201,
        "POST",
        "/v1/activation/activate",
        Some(machine.clone()),
    )
    .await;
    let holder = t.as_user(&artist);
    let mine = format!("/v1/me/licenses/{code}/machines");
    w.ok(&holder, 200, "GET", &mine, None).await;
    w.ok(&holder, 200, "POST", &format!("{mine}/0/release"), None)
        .await;
    w.ok(
        &op,
        200,
        "PUT",
        &format!("/v1/operator/orgs/{org}/activation-policy"),
        Some(json!({
            "max_releases": 5, "release_days": 30, "lease_minutes": 15, "max_borrow_days": 14
        })),
    )
    .await;
    w.ok(
        &software,
        201,
        "POST",
        "/v1/activation/activate",
        Some(machine),
    )
    .await;
    // Returns and assignments: to a member, then to someone new (who joins).
    let keyed = me.clone().with_idempotency_key("return-1");
    let back = format!("/v1/licenses/{code}/return");
    w.ok(&keyed, 200, "POST", &back, None).await;
    w.ok(&keyed, 200, "POST", &back, None).await;
    let assign = format!("/v1/licenses/{code}/assign");
    w.ok(&me, 200, "POST", &assign, Some(json!({ "email": admin })))
        .await;
    w.ok(&me, 200, "POST", &back, None).await;
    let newcomer = person();
    w.ok(
        &me,
        200,
        "POST",
        &assign,
        Some(json!({ "email": newcomer })),
    )
    .await;
    // In bulk: a crew (one newcomer, one member), a renewal, an assignment of a returned
    // licence to someone new; each confirmed once and replayed.
    w.ok(&me, 200, "POST", &back, None).await;
    let crew = json!({
        "bank": bank, "type": "node_lock", "months": 1, "quantity": 1,
        "recipients": [{ "email": person() }, { "email": admin }],
    });
    w.ok(
        &me,
        200,
        "POST",
        "/v1/licenses/bulk/quote",
        Some(crew.clone()),
    )
    .await;
    let mut confirm = crew;
    confirm["credits"] = json!(2);
    let keyed = me.clone().with_idempotency_key("bulk-1");
    w.ok(
        &keyed,
        201,
        "POST",
        "/v1/licenses/bulk",
        Some(confirm.clone()),
    )
    .await;
    w.ok(&keyed, 201, "POST", "/v1/licenses/bulk", Some(confirm))
        .await;
    let renew = json!({ "licenses": [{ "code": multi }] });
    w.ok(
        &me,
        200,
        "POST",
        "/v1/licenses/bulk/renewals/quote",
        Some(renew),
    )
    .await;
    let keyed = me.clone().with_idempotency_key("bulk-renew-1");
    let renew = json!({ "licenses": [{ "code": multi }], "credits": 2 });
    w.ok(
        &keyed,
        200,
        "POST",
        "/v1/licenses/bulk/renewals",
        Some(renew),
    )
    .await;
    let keyed = me.clone().with_idempotency_key("bulk-assign-1");
    let pairs = json!({ "assignments": [{ "code": code, "email": person() }] });
    let assigned = w
        .ok(&keyed, 200, "POST", "/v1/licenses/bulk/assign", Some(pairs))
        .await;
    assert_eq!(assigned["assigned"], 1, "{assigned}");
    // People: invite (new, again), change, remove, the audit trail, a decline.
    let member = person();
    let keyed = me.clone().with_idempotency_key("invite-1");
    let invite = json!({ "email": member, "role": "member" });
    w.ok(&keyed, 201, "POST", "/v1/users", Some(invite.clone()))
        .await;
    w.ok(&keyed, 201, "POST", "/v1/users", Some(invite.clone()))
        .await;
    w.ok(&me, 200, "POST", "/v1/users", Some(invite)).await;
    w.ok(&me, 200, "GET", "/v1/users", None).await;
    w.ok(&me, 200, "GET", "/v1/users?limit=1", None).await;
    let user = format!("/v1/users/{}", member.replace('@', "%40"));
    w.ok(&me, 200, "PATCH", &user, Some(json!({ "role": "admin" })))
        .await;
    w.ok(
        &me,
        200,
        "PATCH",
        &user,
        Some(json!({ "role": "member", "status": "inactive" })),
    )
    .await;
    w.ok(&me, 200, "DELETE", &user, None).await;
    w.ok(&me, 200, "GET", "/v1/audit", None).await;
    w.ok(&me, 200, "GET", "/v1/audit?limit=1", None).await;
    w.ok(
        &me,
        200,
        "GET",
        "/v1/audit?action=license_generated,user_invited&from=2026-01-01&limit=5",
        None,
    )
    .await;
    // The trail's CSV (filtered to nothing: this walk's downloads carry 10 bytes), recorded in
    // the trail by the users function.
    w.ok(
        &me,
        200,
        "GET",
        "/v1/audit.csv?action=catalog_changed",
        None,
    )
    .await;
    let decliner = person();
    w.ok(
        &me,
        201,
        "POST",
        "/v1/users",
        Some(json!({ "email": decliner })),
    )
    .await;
    w.drain().await;
    let (email, token) = decline_link(&decliner);
    let decline = json!({ "email": email, "token": token });
    w.ok(
        &t.anonymous(),
        200,
        "POST",
        "/v1/invitations/decline",
        Some(decline),
    )
    .await;
    // Version policies.
    w.ok(&me, 200, "GET", "/v1/product-versions", None).await;
    let policy = json!({ "restricted": true, "allowed": ["25.1"] });
    w.ok(
        &me,
        200,
        "PUT",
        "/v1/product-versions/harmony-premium",
        Some(policy),
    )
    .await;
    // The catalogue, read, previewed for an organisation, and changed at its revision (the
    // change removing a product no bank uses).
    w.ok(&op, 200, "GET", "/v1/operator/catalog", None).await;
    let mut fewer: Value = serde_json::from_str(CATALOG).unwrap();
    fewer["products"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "harmony-essentials");
    let preview = json!({ "catalog": fewer, "org": org });
    w.ok(
        &op,
        200,
        "POST",
        "/v1/operator/catalog/preview",
        Some(preview),
    )
    .await;
    let at_revision = op.clone().with_header("if-match", "\"1\"");
    w.ok(
        &at_revision,
        200,
        "PUT",
        "/v1/operator/catalog",
        Some(fewer),
    )
    .await;
    // The workspace of a member.
    let artist_client = t.as_user(&artist);
    w.ok(&artist_client, 200, "GET", "/v1/me", None).await;
    w.ok(&artist_client, 200, "GET", "/v1/me/licenses", None)
        .await;
    // Languages: a member's own, and the organisation's (its admin).
    let french = json!({ "language": "fr" });
    w.ok(&artist_client, 200, "PATCH", "/v1/me", Some(french.clone()))
        .await;
    w.ok(&me, 200, "PATCH", "/v1/org", Some(french)).await;
    // Exports: emailed when asked for, and when too large to download.
    w.ok(&me, 202, "GET", "/v1/licenses.csv", None).await;
    let keyed = me.clone().with_idempotency_key("export-1");
    w.ok(&keyed, 202, "POST", "/v1/exports", None).await;
    w.ok(&keyed, 202, "POST", "/v1/exports", None).await;
    // The operator's releases: a pending invitation, an account's binding; a lapsed
    // invitation taken over by another organisation.
    let pending = person();
    w.ok(&op, 201, "POST", &admins, Some(json!({ "email": pending })))
        .await;
    let release = format!("/v1/operator/invitations/{}", pending.replace('@', "%40"));
    w.ok(&op, 200, "DELETE", &release, None).await;
    let identity = format!("/v1/operator/users/{}/identity", artist.replace('@', "%40"));
    w.ok(&op, 200, "DELETE", &identity, None).await;
    // The operator's mail budget for the organisation, and the dead mail list.
    w.ok(
        &op,
        200,
        "PUT",
        &format!("/v1/operator/orgs/{org}/mail-budget"),
        Some(json!({ "per_day": 1000 })),
    )
    .await;
    w.ok(&op, 200, "GET", "/v1/operator/mail/dead", None).await;
    // The console's reads: organisations by name, address and domain, one with its lists,
    // lookups across organisations, the vendor's trail.
    let org_path = format!("/v1/operator/orgs/{org}");
    let domain = admin.split('@').nth(1).unwrap().to_string();
    for path in [
        "/v1/operator/orgs".to_string(),
        "/v1/operator/orgs?q=nord".into(),
        format!("/v1/operator/orgs?q={}", admin.replace('@', "%40")),
        format!("/v1/operator/orgs?q=%40{domain}"),
        org_path.clone(),
        format!("{org_path}/licenses"),
        format!("{org_path}/licenses?bank={bank}"),
        format!("{org_path}/licenses?sort=expiry&status=active&q=art"),
        format!("{org_path}/licenses?product=harmony-premium&q={code}"),
        format!("{org_path}/users"),
        format!("{org_path}/audit"),
        format!("/v1/operator/licenses/{code}"),
        format!("/v1/operator/users/{}", artist.replace('@', "%40")),
        "/v1/operator/audit".into(),
    ] {
        w.ok(&op, 200, "GET", &path, None).await;
    }
    // The operator's corrections: a rename, a suspension (which an admin's change meets), a
    // role change, an account bound, a bank extended (its licences told) and voided.
    w.ok(
        &op,
        200,
        "PATCH",
        &org_path,
        Some(json!({ "name": "Studio Nord Animation" })),
    )
    .await;
    let suspend = json!({ "reason": "unpaid invoice" });
    w.ok(
        &op,
        200,
        "POST",
        &format!("{org_path}/suspend"),
        Some(suspend),
    )
    .await;
    let policy = json!({ "restricted": false, "allowed": [] });
    let refused = w
        .send(
            &me,
            "PUT",
            "/v1/product-versions/harmony-premium",
            Some(policy),
        )
        .await;
    assert_eq!(refused.status, 409, "{refused:?}");
    w.ok(&op, 200, "POST", &format!("{org_path}/resume"), None)
        .await;
    let person_path = format!("{org_path}/users/{}", artist.replace('@', "%40"));
    w.ok(
        &op,
        200,
        "PATCH",
        &person_path,
        Some(json!({ "role": "admin" })),
    )
    .await;
    w.ok(
        &op,
        200,
        "PATCH",
        &person_path,
        Some(json!({ "role": "member" })),
    )
    .await;
    let account = json!({ "issuer": elp_tests::TEST_ISSUER, "subject": "a-new-account" });
    w.ok(&op, 200, "PUT", &identity, Some(account)).await;
    let extend = json!({ "expiry": "2027-07-01", "reason": "extension purchased" });
    w.ok(
        &op,
        200,
        "POST",
        &format!("/v1/operator/banks/{bank}/extend"),
        Some(extend),
    )
    .await;
    let void = json!({ "credits": 1, "reason": "one credit too many" });
    w.ok(
        &op,
        200,
        "POST",
        &format!("/v1/operator/banks/{bank}/void"),
        Some(void),
    )
    .await;
    let lapsing = person();
    w.ok(
        &me,
        201,
        "POST",
        "/v1/users",
        Some(json!({ "email": lapsing })),
    )
    .await;

    // Credit requests: on a bank (replayed), for a new bank; listed with a filter and a cursor;
    // one withdrawn (replayed), one granted to its bank (replayed), one to a new bank (which
    // releases the bank it named), one declined; and the operator's lists.
    let ask = |credits: i64, on: Option<&str>| {
        let mut body = json!({ "product": "harmony-premium", "credits": credits, "note": "more" });
        if let Some(bank) = on {
            body["bank"] = json!(bank);
        }
        body
    };
    let id = |v: Value| v["id"].as_str().unwrap().to_string();
    let keyed = me.clone().with_idempotency_key("ask-1");
    let first = id(w
        .ok(
            &keyed,
            201,
            "POST",
            "/v1/credit-requests",
            Some(ask(10, Some(&bank))),
        )
        .await);
    w.ok(
        &keyed,
        201,
        "POST",
        "/v1/credit-requests",
        Some(ask(10, Some(&bank))),
    )
    .await;
    let second = id(w
        .ok(
            &me,
            201,
            "POST",
            "/v1/credit-requests",
            Some(ask(5, Some(&bank))),
        )
        .await);
    let third = id(w
        .ok(&me, 201, "POST", "/v1/credit-requests", Some(ask(7, None)))
        .await);
    let fourth = id(w
        .ok(
            &me,
            201,
            "POST",
            "/v1/credit-requests",
            Some(ask(3, Some(&bank))),
        )
        .await);
    w.ok(&me, 200, "GET", "/v1/credit-requests", None).await;
    let page = w
        .ok(
            &me,
            200,
            "GET",
            "/v1/credit-requests?status=pending&limit=1",
            None,
        )
        .await;
    let cursor = page["next"].as_str().expect("a next page").to_string();
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/credit-requests?status=pending&limit=1&cursor={cursor}"),
        None,
    )
    .await;
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/credit-requests/{first}"),
        None,
    )
    .await;
    let keyed = me.clone().with_idempotency_key("withdraw-1");
    let withdraw = format!("/v1/credit-requests/{fourth}/withdraw");
    w.ok(&keyed, 200, "POST", &withdraw, None).await;
    w.ok(&keyed, 200, "POST", &withdraw, None).await;
    w.ok(&op, 200, "GET", "/v1/operator/credit-requests", None)
        .await;
    let page = w
        .ok(
            &op,
            200,
            "GET",
            "/v1/operator/credit-requests?limit=1",
            None,
        )
        .await;
    let cursor = page["next"].as_str().expect("a next page").to_string();
    w.ok(
        &op,
        200,
        "GET",
        &format!("/v1/operator/credit-requests?limit=1&cursor={cursor}"),
        None,
    )
    .await;
    w.ok(
        &op,
        200,
        "GET",
        &format!("/v1/operator/credit-requests?org={org}&status=pending"),
        None,
    )
    .await;
    let keyed = op.clone().with_idempotency_key("grant-request-1");
    let grant = format!("/v1/operator/credit-requests/{first}/grant");
    w.ok(&keyed, 200, "POST", &grant, Some(json!({}))).await;
    w.ok(&keyed, 200, "POST", &grant, Some(json!({}))).await;
    let new_bank =
        json!({ "new_bank": { "version": "25.1", "portable": true, "expiry": "2027-03-01" } });
    w.ok(
        &op,
        200,
        "POST",
        &format!("/v1/operator/credit-requests/{second}/grant"),
        Some(new_bank),
    )
    .await;
    w.ok(
        &op,
        200,
        "POST",
        &format!("/v1/operator/credit-requests/{third}/decline"),
        Some(json!({ "reason": "not this quarter" })),
    )
    .await;
    w.ok(
        &op,
        200,
        "GET",
        "/v1/operator/credit-requests?status=granted",
        None,
    )
    .await;

    // API credentials: created, listed, revoked; a script's key admitted by the authorizer
    // (which records its first use), then its requests in the functions as the credential.
    let made = w
        .ok(
            &me,
            201,
            "POST",
            "/v1/credentials",
            Some(json!({ "name": "iam script", "role": "admin" })),
        )
        .await;
    let key = made["key"].as_str().unwrap().to_string();
    let asked = elp_gateway::event::authorizer_event(
        "GET",
        "/v1/licenses",
        &[("authorization".into(), format!("Bearer {key}"))],
        "iam-authorizer",
    )
    .unwrap();
    let verdict = w
        .job(
            "AuthorizerFunction",
            elp_authorizer::authorize(&t.app, &asked),
        )
        .await;
    assert_eq!(
        verdict.context["name"], "iam script",
        "{:?}",
        verdict.context
    );
    let script = t.client(Caller::Credential(verdict.context));
    w.ok(&script, 200, "GET", "/v1/licenses", None).await;
    w.ok(&script, 200, "GET", "/v1/users", None).await;
    w.ok(&me, 200, "GET", "/v1/credentials", None).await;
    let id = made["credential"]["id"].as_str().unwrap();
    w.ok(&me, 200, "DELETE", &format!("/v1/credentials/{id}"), None)
        .await;

    // Webhooks: every admin route, with replays; the delivery function's event (a receiver's
    // 500, then the schedule's retry delivers), a duplicate event, and an endpoint that fails
    // for a day, disabled (its admins mailed through the outbox below).
    let receiver = elp_tests::receiver::Receiver::start();
    receiver.answer(&[500]);
    let failing = elp_tests::receiver::Receiver::start();
    failing.always(503);
    let hook_body = json!({ "url": receiver.url, "events": ["licence.generated"] });
    let keyed = me.clone().with_idempotency_key("hook-1");
    let hook = w
        .ok(&keyed, 201, "POST", "/v1/webhooks", Some(hook_body.clone()))
        .await;
    w.ok(&keyed, 201, "POST", "/v1/webhooks", Some(hook_body))
        .await;
    let hook = hook["webhook"]["id"].as_str().unwrap().to_string();
    let doomed = w
        .ok(
            &me,
            201,
            "POST",
            "/v1/webhooks",
            Some(json!({ "url": failing.url, "events": ["licence.generated"] })),
        )
        .await["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let spare = w
        .ok(
            &me,
            201,
            "POST",
            "/v1/webhooks",
            Some(json!({ "url": "https://hooks.studio.example/x", "events": ["bank.expired"] })),
        )
        .await["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    w.ok(&me, 200, "GET", "/v1/webhooks", None).await;
    w.ok(&me, 200, "GET", &format!("/v1/webhooks/{hook}"), None)
        .await;
    let keyed = me.clone().with_idempotency_key("hook-2");
    let change = json!({ "description": "render farm", "enabled": true });
    w.ok(
        &keyed,
        200,
        "PATCH",
        &format!("/v1/webhooks/{hook}"),
        Some(change.clone()),
    )
    .await;
    w.ok(
        &keyed,
        200,
        "PATCH",
        &format!("/v1/webhooks/{hook}"),
        Some(change),
    )
    .await;
    w.ok(
        &me,
        200,
        "PATCH",
        &format!("/v1/webhooks/{spare}"),
        Some(json!({ "enabled": false })),
    )
    .await;
    w.ok(
        &me,
        200,
        "PATCH",
        &format!("/v1/webhooks/{spare}"),
        Some(json!({ "enabled": true })),
    )
    .await;
    w.ok(
        &me,
        200,
        "POST",
        &format!("/v1/webhooks/{hook}/rotate-secret"),
        None,
    )
    .await;
    w.ok(&me, 200, "DELETE", &format!("/v1/webhooks/{spare}"), None)
        .await;
    t.at("2026-03-02", 0);
    let event = json!({
        "source": "elp", "detail-type": "licence.generated",
        "detail": { "id": "iam-ev-1", "type": "licence.generated", "version": 1,
            "occurred_at": "2026-03-02T09:00:00Z", "org": org, "actor": {}, "data": {} }
    });
    let sent = w
        .job(
            "WebhookDeliveriesFunction",
            elp_webhooks::on_event(&t.app, event.clone()),
        )
        .await
        .unwrap();
    assert_eq!((sent.created, sent.failed), (2, 2), "{sent:?}");
    let again = w
        .job(
            "WebhookDeliveriesFunction",
            elp_webhooks::on_event(&t.app, event),
        )
        .await
        .unwrap();
    assert_eq!(again.duplicates, 2);
    t.at("2026-03-02", 5);
    let retried = w
        .job("WebhookDeliveriesFunction", elp_webhooks::retry(&t.app))
        .await
        .unwrap();
    assert_eq!(retried.delivered, 1, "{retried:?}");
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/webhooks/{hook}/deliveries"),
        None,
    )
    .await;
    w.ok(
        &me,
        200,
        "GET",
        &format!("/v1/webhooks/{hook}/deliveries?limit=1"),
        None,
    )
    .await;
    t.at("2026-03-03", 30);
    let day = w
        .job("WebhookDeliveriesFunction", elp_webhooks::retry(&t.app))
        .await
        .unwrap();
    assert_eq!(day.disabled, 1, "{day:?}");
    w.ok(&me, 200, "DELETE", &format!("/v1/webhooks/{doomed}"), None)
        .await;

    // Every letter so far is rendered and sent (licences, invitations, a return, exports).
    w.drain().await;

    // Thirty-odd days later: the soon-expiring bank is warned about, the lapsed invitation
    // taken over; then the bank expires.
    t.at("2026-04-06", 0);
    assert!(
        w.job(
            "ExpiryWarningsFunction",
            elp_expiry_warnings::handle(&t.app)
        )
        .await
        .unwrap()
        .acted
            > 0
    );
    let other = w
        .ok(
            &op,
            201,
            "POST",
            "/v1/operator/orgs",
            Some(json!({ "name": "Studio Sud", "admin_email": lapsing })),
        )
        .await;
    assert!(other["org"]["id"].is_string());
    t.at("2026-04-12", 0);
    assert!(
        w.job("ExpireBanksFunction", elp_expire_banks::handle(&t.app))
            .await
            .unwrap()
            .acted
            > 0
    );
    // Drained: the run that found nothing took the organisations off its waiting list.
    w.drain().await;
    let after = w
        .ok(&me, 200, "GET", &format!("/v1/banks/{soon}"), None)
        .await;
    assert_eq!(after["status"], "expired", "{after}");
}

/// The scenario is one long future (every route, in order); it gets a thread with room for it.
#[test]
fn every_request_each_function_makes_is_allowed_by_its_role() {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(check_roles())
        })
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

async fn check_roles() {
    // A tiny download limit, so the CSV download is emailed instead (202); the rate limits
    // counted (high enough never to refuse); cooldowns written but over at once.
    let w = World::new(|c| {
        c.download_limit_bytes = 10;
        c.limits.org_per_minute = 1_000_000;
        c.limits.caller_per_minute = 1_000_000;
        c.limits.export_interval_seconds = 0;
        c.limits.invitation_cooldown_seconds = 0;
    })
    .await;
    Box::pin(exercise(&w)).await;
    // The events function over the whole walk's stream (decision 141): it publishes every
    // trail entry of it and reads nothing of the table, as its role (no DynamoDB statement)
    // says.
    let (answer, received) = w
        .job("EventsFunction", async {
            let mut publisher = elp_tests::events::Publisher::new(&w.t, None).await;
            publisher.run().await
        })
        .await;
    assert!(answer.batch_item_failures.is_empty(), "{answer:?}");
    assert!(received.len() > 20, "{} events", received.len());
    let seen: BTreeSet<Access> = w
        .recorder
        .seen()
        .into_iter()
        .filter(|a| !a.function.is_empty())
        .collect();
    let roles = roles(&template());
    if std::env::var_os("ELP_IAM_DUMP").is_some() {
        // The key with its data (addresses, codes, ids) as `*`.
        let shape = |k: &str| -> String {
            k.split('#')
                .map(|p| {
                    if p.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                        p
                    } else {
                        "*"
                    }
                })
                .collect::<Vec<_>>()
                .join("#")
        };
        let mut shapes = BTreeSet::new();
        for a in &seen {
            for k in &a.keys {
                shapes.insert((a.function.clone(), a.action, a.index.clone(), shape(k)));
            }
        }
        for s in shapes {
            eprintln!("{s:?}");
        }
    }
    let mut refused = Vec::new();
    for access in &seen {
        let statements = roles
            .get(&access.function)
            .unwrap_or_else(|| panic!("{} in the template", access.function));
        if !statements.iter().any(|s| allows(s, access)) {
            refused.push(format!("{access:?}"));
        }
    }
    assert!(
        refused.is_empty(),
        "requests the functions make that their roles refuse:\n{}",
        refused.join("\n")
    );
    // Every function was exercised, and each of its allowed DynamoDB actions was used, but
    // for the re-read of a membership after a lost first-sign-in race (access::member), the
    // only GetItem of these two functions: the concurrent first requests above make it
    // happen often, not every time.
    let race_only = [
        ("ReturnsFunction", "dynamodb:GetItem"),
        ("VersionsFunction", "dynamodb:GetItem"),
    ];
    for (function, statements) in &roles {
        let used: BTreeSet<&str> = seen
            .iter()
            .filter(|a| &a.function == function)
            .map(|a| a.action)
            .collect();
        let reads_table = statements
            .iter()
            .any(|s| s.actions.iter().any(|a| a.starts_with("dynamodb:")));
        if !reads_table {
            // Allowed no DynamoDB action (the events function: its stream only, read by
            // Lambda for it): it made no request of the table.
            assert!(
                used.is_empty(),
                "{function} is allowed no DynamoDB action: {used:?}"
            );
            continue;
        }
        assert!(!used.is_empty(), "{function} was not exercised");
        for statement in statements {
            for action in statement
                .actions
                .iter()
                .filter(|a| a.starts_with("dynamodb:"))
            {
                assert!(
                    used.contains(action.as_str())
                        || race_only.contains(&(function.as_str(), action.as_str())),
                    "{function} is allowed {action}, which its code never performed"
                );
            }
        }
    }
}

#[test]
fn string_like_is_iam_s() {
    for (pattern, value, matches) in [
        ("USER#*", "USER#a@b.example", true),
        ("USER#*", "USER#", true),
        ("USER#*", "USERS", false),
        ("ORG#*#AUDIT", "ORG#o_1#AUDIT", true),
        ("ORG#*#AUDIT", "ORG#o_1", false),
        ("ORG#*#AUDIT", "ORG#o_1#AUDIT#x", false),
        ("CATALOG", "CATALOG", true),
        ("CATALOG", "CATALOGS", false),
        ("OUTBOX#?", "OUTBOX#m", true),
        ("*", "", true),
    ] {
        assert_eq!(like(pattern, value), matches, "{pattern} ~ {value}");
    }
}
