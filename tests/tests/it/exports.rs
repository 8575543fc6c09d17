//! CSV exports and the daily expiry jobs, against DynamoDB Local and the SES emulator.

use std::io::Read;

use base64::Engine;
use elp_tests::{call, date, mails_to, ses_endpoint, unique, Caller, TestApp};
use serde_json::{json, Value};

use crate::operator::{op, provision, Provisioned};

fn admin(p: &Provisioned) -> Caller {
    Caller::User(p.admin.clone())
}

fn at(t: &TestApp, day: &str, minute: u32) {
    t.clock
        .set(date(day).and_hms_opt(9, minute, 0).unwrap().and_utc());
}

async fn generate(
    t: &TestApp,
    p: &Provisioned,
    kind: &str,
    months: i64,
    quantity: i64,
    start: &str,
    to: &str,
) -> Value {
    let (_, done) = crate::licensing::generate(
        t,
        p,
        crate::licensing::request(&p.bank, kind, months, quantity, start, to),
    )
    .await;
    done["licenses"][0].clone()
}

/// An organisation with a licence in every state on 2026-04-10, created a minute apart.
async fn seeded(t: &TestApp) -> (Provisioned, Vec<Value>) {
    let p = provision(t, "25.1", true, 100, "2026-01-01", "2027-01-01").await;
    at(t, "2026-03-02", 1);
    let expired = generate(
        t,
        &p,
        "node_lock",
        1,
        1,
        "2026-03-02",
        "=1+cmd|calc@evil.example",
    )
    .await;
    at(t, "2026-03-02", 2);
    let active = generate(t, &p, "multiseat", 2, 2, "2026-03-20", "+1@studio.example").await;
    at(t, "2026-03-02", 3);
    let returned = generate(t, &p, "floating", 3, 3, "2026-03-02", "-2@studio.example").await;
    let code = returned["code"].as_str().unwrap();
    assert_eq!(
        call(
            &t.app,
            "POST",
            &format!("/v1/licenses/{code}/return"),
            &admin(&p),
            None,
            &[]
        )
        .await
        .0,
        200
    );
    at(t, "2026-04-10", 4);
    let pending = generate(t, &p, "node_lock", 1, 1, "2026-04-20", &p.admin).await;
    (p, vec![pending, returned, active, expired])
}

#[tokio::test]
async fn the_csv_has_every_licence_with_formulas_neutralised() {
    let t = TestApp::new().await;
    let (p, l) = seeded(&t).await;
    let (status, csv) = call(&t.app, "GET", "/v1/licenses.csv", &admin(&p), None, &[]).await;
    assert_eq!(status, 200, "{csv}");
    let code = |i: usize| l[i]["code"].as_str().unwrap().to_string();
    let bank = &p.bank;
    let expected = format!(
        "activation_code,product,type,computers,start,expiry,status,assignee,credits_used,bank,bank_start,bank_expiry\n\
{},harmony-premium,node_lock,1,2026-04-20,2026-05-20,pending,{},1,{bank},2026-01-01,2027-01-01\n\
{},harmony-premium,floating,3,2026-03-02,2026-06-02,active,,9,{bank},2026-01-01,2027-01-01\n\
{},harmony-premium,multiseat,2,2026-03-20,2026-05-20,active,'+1@studio.example,4,{bank},2026-01-01,2027-01-01\n\
{},harmony-premium,node_lock,1,2026-03-02,2026-04-02,expired,'=1+cmd|calc@evil.example,1,{bank},2026-01-01,2027-01-01\n",
        code(0),
        p.admin,
        code(1),
        code(2),
        code(3),
    );
    assert_eq!(csv.as_str().unwrap(), expected);
}

#[tokio::test]
async fn the_emailed_export_arrives_as_an_attachment_compressed_when_large() {
    for gzip_above in [usize::MAX, 100] {
        let t = TestApp::configured(ses_endpoint(), |c| c.attachment_gzip_bytes = gzip_above).await;
        let (p, _) = seeded(&t).await;
        let (_, csv) = call(&t.app, "GET", "/v1/licenses.csv", &admin(&p), None, &[]).await;
        let (status, accepted) = call(&t.app, "POST", "/v1/exports", &admin(&p), None, &[]).await;
        assert_eq!(
            (status, accepted["emailed_to"].as_str()),
            (202, Some(p.admin.as_str()))
        );
        t.drain().await;
        let mail = mails_to(&p.admin)
            .into_iter()
            .find(|m| m["subject"].as_str().unwrap().contains("export"))
            .expect("the export mail");
        let attachment = &mail["attachments"][0];
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(attachment["content"].as_str().unwrap())
            .unwrap();
        let text = if gzip_above == 100 {
            assert!(attachment["filename"]
                .as_str()
                .unwrap()
                .ends_with(".csv.gz"));
            let mut out = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut out)
                .unwrap();
            out
        } else {
            assert!(attachment["filename"].as_str().unwrap().ends_with(".csv"));
            String::from_utf8(bytes).unwrap()
        };
        assert_eq!(text, csv.as_str().unwrap(), "the same CSV as the download");
    }
}

#[tokio::test]
async fn a_download_too_large_for_a_response_is_emailed_instead() {
    let t = TestApp::configured(ses_endpoint(), |c| c.download_limit_bytes = 300).await;
    let (p, _) = seeded(&t).await;
    let (status, answer) = call(&t.app, "GET", "/v1/licenses.csv", &admin(&p), None, &[]).await;
    assert_eq!(
        (status, answer["emailed_to"].as_str()),
        (202, Some(p.admin.as_str())),
        "{answer}"
    );
    assert!(answer["message"].as_str().unwrap().contains("emailed"));
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&p.admin);
    let mail = mails
        .iter()
        .find(|m| m["subject"].as_str().unwrap().contains("export"))
        .expect("the export mail");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(mail["attachments"][0]["content"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap().lines().count(),
        5,
        "header and four licences"
    );
    let member = Caller::User(format!("{}@studio.example", unique("m")));
    assert_eq!(
        call(&t.app, "GET", "/v1/licenses.csv", &member, None, &[])
            .await
            .0,
        403
    );
    assert_eq!(
        call(&t.app, "POST", "/v1/exports", &Caller::Anonymous, None, &[])
            .await
            .0,
        401
    );
}

async fn bank_of(t: &TestApp, p: &Provisioned, start: &str, expiry: &str, credits: i64) -> String {
    let (status, bank) = op(
        t,
        "POST",
        &format!("/v1/operator/orgs/{}/banks", p.org),
        json!({ "product": "storyboard-pro", "version": "24", "portable": false, "purchased": credits, "start": start, "expiry": expiry }),
    )
    .await;
    assert_eq!(status, 201, "{bank}");
    bank["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn expired_banks_forfeit_their_credits_once_even_under_two_runs() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2026-03-10").await;
    generate(&t, &p, "node_lock", 1, 4, "2026-03-02", &p.admin).await;
    let later = bank_of(&t, &p, "2026-01-01", "2026-09-01", 5).await;
    t.drain().await;
    let before_mails = mails_to(&p.admin).len();
    at(&t, "2026-03-10", 0);
    let (a, b) = futures::join!(
        elp_expire_banks::handle(&t.app),
        elp_expire_banks::handle(&t.app)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.acted + b.acted, 1, "{a:?} {b:?}");
    assert_eq!(a.forfeited + b.forfeited, 6);
    let again = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!((again.examined, again.acted), (0, 0), "it left the index");
    let (_, bank) = call(
        &t.app,
        "GET",
        &format!("/v1/banks/{}", p.bank),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(
        (
            bank["status"].as_str(),
            bank["remaining"].as_u64(),
            bank["forfeited"].as_u64(),
            bank["used"].as_u64()
        ),
        (Some("expired"), Some(0), Some(6), Some(4))
    );
    let (_, other) = call(
        &t.app,
        "GET",
        &format!("/v1/banks/{later}"),
        &admin(&p),
        None,
        &[],
    )
    .await;
    assert_eq!(other["status"], "active");
    t.drain().await;
    let mails = mails_to(&p.admin);
    assert_eq!(mails.len() - before_mails, 1, "one mail, whatever the runs");
    assert!(mails.iter().any(|m| m["subject"]
        .as_str()
        .unwrap()
        .contains("6 unused credits were lost")));
    let (_, audit) = call(&t.app, "GET", "/v1/audit", &admin(&p), None, &[]).await;
    let expired: Vec<_> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "bank_expired")
        .collect();
    assert_eq!(
        (expired.len(), expired[0]["credits"].as_i64()),
        (1, Some(-6))
    );
    let body = json!({ "bank": p.bank, "type": "node_lock", "months": 1, "quantity": 1, "start": "2026-03-10", "recipient": p.admin, "credits": 1 });
    let (status, refused) = call(&t.app, "POST", "/v1/licenses", &admin(&p), Some(body), &[]).await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("bank_expired"))
    );
}

#[tokio::test]
async fn admins_are_warned_30_7_and_1_days_before_each_once() {
    let t = TestApp::new().await;
    let p = provision(&t, "25.1", true, 10, "2026-01-01", "2026-04-20").await;
    let empty = bank_of(&t, &p, "2026-01-01", "2026-04-20", 0).await;
    t.drain().await;
    let warnings = || {
        mails_to(&p.admin)
            .into_iter()
            .filter(|m| m["subject"].as_str().unwrap().contains("expire in"))
            .count()
    };
    let run_twice = || async {
        let (a, b) = futures::join!(
            elp_expiry_warnings::handle(&t.app),
            elp_expiry_warnings::handle(&t.app)
        );
        a.unwrap().acted + b.unwrap().acted
    };
    at(&t, "2026-03-20", 0); // 31 days before
    assert_eq!(run_twice().await, 0);
    for (day, expected_total) in [
        ("2026-03-21", 1),
        ("2026-03-22", 1),
        ("2026-04-13", 2),
        ("2026-04-19", 3),
        ("2026-04-19", 3),
    ] {
        at(&t, day, 0);
        run_twice().await;
        t.drain().await;
        assert_eq!(warnings(), expected_total, "on {day}");
    }
    let mail = mails_to(&p.admin)
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("expire in 1 day"))
        .unwrap();
    assert!(mail["body"]["text"]
        .as_str()
        .unwrap()
        .contains("10 unused credit(s)"));
    assert!(
        !mails_to(&p.admin)
            .iter()
            .any(|m| m["body"]["text"].as_str().unwrap().contains(&empty)),
        "no warning for a bank with nothing to lose"
    );
}

#[tokio::test]
async fn every_scheduled_sample_event_is_handled() {
    let t = TestApp::new().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../events");
    for job in ["expire-banks", "expiry-warnings"] {
        let event: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(job).join("scheduled.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(event["detail-type"], "Scheduled Event");
        let answer = match job {
            "expire-banks" => elp_expire_banks::handle(&t.app).await,
            _ => elp_expiry_warnings::handle(&t.app).await,
        };
        assert_eq!(answer.unwrap().examined, 0, "{job} on an empty table");
    }
}
