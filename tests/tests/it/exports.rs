//! CSV exports and the daily expiry jobs, against DynamoDB Local and the SES emulator.

use std::io::Read;

use elp_adapters::bucket::ExportsBucket;
use elp_tests::api::{ExportQueued, License, Lifecycle};
use elp_tests::faults::FailingPart;
use elp_tests::{mails_to, person, ses_endpoint, BankSpec, Generate, Provisioned, Renew, TestApp};
use serde_json::Value;

/// Quote and generate as the admin; the (first) licence made.
async fn generate(t: &TestApp, p: &Provisioned, request: Generate) -> License {
    let (_, done) = t.as_admin(p).quote_and_generate(&request).await;
    done.licenses[0].clone()
}

/// An organisation with a licence in every state on 2026-04-10, created a minute apart.
async fn seeded(t: &TestApp) -> (Provisioned, Vec<License>) {
    let p = t.provision(BankSpec::portable(100)).await;
    let bank = p.bank.as_str();
    t.at("2026-03-02", 1);
    let expired = Generate::node_lock(bank, 1, 1).to("=1+cmd|calc@evil.example");
    let expired = generate(t, &p, expired).await;
    t.at("2026-03-02", 2);
    let active = Generate::multiseat(bank, 2, 2)
        .start("2026-03-20")
        .to("+1@studio.example");
    let active = generate(t, &p, active).await;
    t.at("2026-03-02", 3);
    let returned = Generate::floating(bank, 3, 3).to("-2@studio.example");
    let returned = generate(t, &p, returned).await;
    t.as_admin(&p)
        .return_license(&returned.code)
        .await
        .expect(200);
    t.at("2026-04-10", 4);
    // The multiseat renewed with one more computer: its current term is still the first.
    t.as_admin(&p)
        .renew(&active.code, &Renew::as_before().computers(3).credits(6))
        .await
        .expect(200);
    let pending = Generate::node_lock(bank, 1, 1)
        .start("2026-04-20")
        .to(&p.admin);
    let pending = generate(t, &p, pending).await;
    (p, vec![pending, returned, active, expired])
}

#[tokio::test]
async fn the_csv_has_every_license_with_formulas_neutralised() {
    let t = TestApp::new().await;
    let (p, l) = seeded(&t).await;
    let csv = t.as_admin(&p).download_csv().await.expect(200);
    // The bank as a label, never its id.
    let bank = "Harmony Premium 25.1, 2026-01-01 to 2027-01-01";
    assert!(!csv.contains(&p.bank), "no internal id");
    let expected = format!(
        "code,product,version,type,computers,current_term_start,current_term_expiry,expiry,status,assignee,bank\n\
{},Harmony Premium,25.1,Node lock,1,2026-04-20,2026-05-20,2026-05-20,pending,{},\"{bank}\"\n\
{},Harmony Premium,25.1,Floating,3,2026-03-02,2026-06-02,2026-06-02,active,,\"{bank}\"\n\
{},Harmony Premium,25.1,Multiseat,2,2026-03-20,2026-05-20,2026-07-20,active,'+1@studio.example,\"{bank}\"\n\
{},Harmony Premium,25.1,Node lock,1,2026-03-02,2026-04-02,2026-04-02,expired,'=1+cmd|calc@evil.example,\"{bank}\"\n",
        l[0].code,
        p.admin,
        l[1].code,
        l[2].code,
        l[3].code,
    );
    assert_eq!(csv, expected);
}

#[tokio::test]
async fn the_emailed_export_arrives_as_an_attachment_compressed_when_large() {
    for gzip_above in [usize::MAX, 100] {
        let t = TestApp::configured(ses_endpoint(), |c| c.attachment_gzip_bytes = gzip_above).await;
        let (p, _) = seeded(&t).await;
        let admin = t.as_admin(&p);
        let csv = admin.download_csv().await.expect(200);
        let accepted = admin.email_export().await.expect(202);
        assert_eq!(accepted.emailed_to, p.admin);
        t.drain().await;
        let mail = mails_to(&p.admin)
            .into_iter()
            .find(|m| m.subject.contains("export"))
            .expect("the export mail");
        let attachment = &mail.attachments[0];
        let bytes = attachment.bytes();
        let text = if gzip_above == 100 {
            assert!(attachment.filename().ends_with(".csv.gz"));
            let mut out = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut out)
                .unwrap();
            out
        } else {
            assert!(attachment.filename().ends_with(".csv"));
            String::from_utf8(bytes).unwrap()
        };
        assert_eq!(text, csv, "the same CSV as the download");
    }
}

#[tokio::test]
async fn a_download_too_large_for_a_response_is_emailed_instead() {
    let t = TestApp::configured(ses_endpoint(), |c| c.download_limit_bytes = 300).await;
    let (p, _) = seeded(&t).await;
    let answer = t.as_admin(&p).download_csv().await;
    let queued: ExportQueued = answer.expect_as(202);
    assert_eq!(queued.emailed_to, p.admin);
    assert!(queued.message.contains("emailed"));
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&p.admin);
    let mail = mails
        .iter()
        .find(|m| m.subject.contains("export"))
        .expect("the export mail");
    let bytes = mail.attachments[0].bytes();
    assert_eq!(
        String::from_utf8(bytes).unwrap().lines().count(),
        5,
        "header and four licences"
    );
    assert_eq!(t.as_user(&person()).download_csv().await.status, 403);
    assert_eq!(t.anonymous().email_export().await.status, 401);
}

/// An organisation with `batches` x 40 node-lock licences (40 is the most one request makes),
/// each batch a minute after the one before.
async fn many(t: &TestApp, batches: u32) -> Provisioned {
    let p = t
        .provision(BankSpec::portable(i64::from(batches) * 40))
        .await;
    for minute in 0..batches {
        t.at("2026-03-02", minute);
        let request =
            Generate::node_lock(&p.bank, 1, 40).to(&format!("artist{minute}@studio.example"));
        t.as_admin(&p).quote_and_generate(&request).await;
    }
    // Their mail sent (a run sends ten of an organisation's), so the runs below send exports.
    while t.drain().await.sent > 0 {}
    p
}

/// The export mail most recently received by `to`.
fn last_export_mail(to: &str) -> elp_tests::Mail {
    mails_to(to)
        .into_iter()
        .rev()
        .find(|m| m.subject.contains("export"))
        .expect("the export mail")
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("gzip");
    out
}

/// The objects and the unfinished multipart uploads in the test's bucket.
async fn bucket_contents(t: &TestApp) -> (Vec<String>, usize) {
    let bucket = t.app.exports_bucket.as_ref().unwrap();
    let objects = bucket
        .client()
        .list_objects_v2()
        .bucket(bucket.name())
        .send()
        .await
        .unwrap();
    let keys = objects
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_string))
        .collect();
    let uploads = bucket
        .client()
        .list_multipart_uploads()
        .bucket(bucket.name())
        .send()
        .await
        .unwrap();
    (keys, uploads.uploads().len())
}

#[tokio::test]
async fn a_small_export_is_still_attached_with_a_bucket_configured() {
    let t = TestApp::with_exports_bucket(|_| {}).await;
    let (p, _) = seeded(&t).await;
    let csv = t.as_admin(&p).download_csv().await.expect(200);
    t.as_admin(&p).email_export().await.expect(202);
    assert_eq!(t.drain().await.failed, 0);
    let mail = last_export_mail(&p.admin);
    assert_eq!(mail.attachments.len(), 1);
    assert!(mail.attachments[0].filename().ends_with(".csv"));
    assert_eq!(String::from_utf8(mail.attachments[0].bytes()).unwrap(), csv);
    assert_eq!(bucket_contents(&t).await, (vec![], 0), "nothing uploaded");
}

#[tokio::test]
async fn a_large_export_is_uploaded_in_parts_and_its_link_downloads_the_same_csv() {
    let mut t = TestApp::with_exports_bucket(|_| {}).await;
    let p = many(&t, 6).await;
    let admin = t.as_admin(&p);
    // First as an attachment (the defaults: 240 licences are far below 5 MiB of gzip).
    admin.email_export().await.expect(202);
    assert_eq!(t.drain().await.failed, 0);
    let attached = last_export_mail(&p.admin);
    assert!(attached.attachments[0].filename().ends_with(".csv"));
    let csv = String::from_utf8(attached.attachments[0].bytes()).unwrap();
    assert_eq!(csv.lines().count(), 241, "header and 240 licences");
    // Then past a threshold lowered to 1 KiB, in parts of 1 KiB.
    t.app.config.export_files.attach_max_bytes = 1024;
    t.app.config.export_files.part_bytes = 1024;
    t.at("2026-03-02", 30);
    let admin = t.as_admin(&p);
    admin.email_export().await.expect(202);
    let delivery = t.drain().await;
    if delivery.sent != 1 {
        let org = elp_core::OrgId::parse(&p.org).unwrap();
        let file = elp_adapters::service::exports::export_file(&t.app, &org, t.app.today()).await;
        panic!("{delivery:?}: {file:?}");
    }
    let mail = last_export_mail(&p.admin);
    assert!(
        mail.attachments.is_empty(),
        "a link instead of an attachment"
    );
    let text = mail.text().to_string();
    let url = text
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1") && w.contains("X-Amz-Signature"))
        .unwrap_or_else(|| panic!("a presigned link in {text}"));
    assert!(url.contains("X-Amz-Expires=3600"), "{url}");
    assert!(text.contains("until 2 March 2026 at 10:30 UTC"), "{text}");
    assert!(mail
        .html()
        .contains(&format!("href=\"{}\"", url.replace('&', "&amp;"))));
    // The object: in the organisation's prefix, several parts, named and typed for download.
    let (keys, unfinished) = bucket_contents(&t).await;
    assert_eq!((keys.len(), unfinished), (1, 0), "{keys:?}");
    let prefix = format!("exports/{}/", p.org);
    assert!(keys[0].starts_with(&prefix) && keys[0].ends_with("/licenses-2026-03-02.csv.gz"));
    assert!(
        keys[0].len() > prefix.len() + 43,
        "an unguessable part: {}",
        keys[0]
    );
    let bucket = t.app.exports_bucket.as_ref().unwrap();
    let head = bucket
        .client()
        .head_object()
        .bucket(bucket.name())
        .key(&keys[0])
        .send()
        .await
        .unwrap();
    let parts: usize = head
        .e_tag()
        .and_then(|tag| tag.trim_matches('"').rsplit_once('-'))
        .map(|(_, n)| n.parse().unwrap())
        .expect("a multipart ETag");
    assert!(parts >= 3, "{parts} parts");
    assert_eq!(head.content_type(), Some("application/gzip"));
    assert_eq!(
        head.content_disposition(),
        Some("attachment; filename=\"licenses-2026-03-02.csv.gz\"")
    );
    // A plain GET of the link, as a mail reader's browser would: the same CSV.
    let response = ureq::get(url).call().expect("the link downloads");
    let mut gzip = Vec::new();
    response.into_reader().read_to_end(&mut gzip).unwrap();
    assert_eq!(gunzip(&gzip), csv, "the link's CSV is the attachment's");
}

#[tokio::test]
async fn a_failed_upload_is_aborted_leaves_nothing_and_the_export_is_tried_again() {
    let mut t = TestApp::with_exports_bucket(|files| {
        files.attach_max_bytes = 1024;
        files.part_bytes = 1024;
    })
    .await;
    let p = many(&t, 6).await;
    let healthy = t.app.exports_bucket.clone().unwrap();
    let failing = FailingPart::after(1);
    let s3 = healthy
        .client()
        .config()
        .to_builder()
        .interceptor(failing.clone())
        .build();
    t.app.exports_bucket = Some(ExportsBucket::new(
        elp_adapters::aws_sdk_s3::Client::from_conf(s3),
        healthy.name().to_string(),
    ));
    t.as_admin(&p).email_export().await.expect(202);
    let delivery = t.drain().await;
    assert_eq!((delivery.sent, delivery.failed), (0, 1));
    assert!(
        failing.refused() >= 1,
        "the second part failed (each attempt)"
    );
    assert_eq!(
        bucket_contents(&t).await,
        (vec![], 0),
        "aborted: no object, no upload"
    );
    assert!(!mails_to(&p.admin)
        .iter()
        .any(|m| m.subject.contains("export")));
    // The export waits in the outbox like any failed mail, and goes out on a later run.
    t.app.exports_bucket = Some(healthy);
    t.at("2026-03-02", 20);
    assert_eq!(t.drain().await.sent, 1);
    let mail = last_export_mail(&p.admin);
    assert!(
        mail.text().contains("X-Amz-Signature"),
        "the link this time"
    );
    assert_eq!(bucket_contents(&t).await.0.len(), 1);
}

#[tokio::test]
async fn expired_banks_forfeit_their_credits_once_even_under_two_runs() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(10).until("2026-03-10"))
        .await;
    let admin = t.as_admin(&p);
    generate(&t, &p, Generate::node_lock(&p.bank, 1, 4).to(&p.admin)).await;
    let later = BankSpec::older(5)
        .product("storyboard-pro")
        .until("2026-09-01");
    let later = t
        .as_operator()
        .create_bank(&p.org, &later)
        .await
        .expect(201)
        .id;
    t.drain().await;
    let before_mails = mails_to(&p.admin).len();
    t.at("2026-03-10", 0);
    let (a, b) = futures::join!(
        elp_expire_banks::handle(&t.app),
        elp_expire_banks::handle(&t.app)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.acted + b.acted, 1, "{a:?} {b:?}");
    assert_eq!(a.forfeited + b.forfeited, 6);
    let again = elp_expire_banks::handle(&t.app).await.unwrap();
    assert_eq!((again.examined, again.acted), (0, 0), "it left the index");
    let bank = admin.bank(&p.bank).await.expect(200);
    assert_eq!(
        (bank.status, bank.remaining, bank.forfeited, bank.used),
        (Lifecycle::Expired, 0, Some(6), 4)
    );
    let other = admin.bank(&later).await.expect(200);
    assert_eq!(other.status, Lifecycle::Active);
    t.drain().await;
    let mails = mails_to(&p.admin);
    assert_eq!(mails.len() - before_mails, 1, "one mail, whatever the runs");
    assert!(mails
        .iter()
        .any(|m| m.subject.contains("6 unused credits were lost")));
    let audit = admin.audit().await.expect(200);
    let expired: Vec<_> = audit
        .events
        .iter()
        .filter(|e| e.action == "bank_expired")
        .collect();
    assert_eq!((expired.len(), expired[0].credits), (1, -6));
    let late = Generate::node_lock(&p.bank, 1, 1)
        .start("2026-03-10")
        .to(&p.admin)
        .credits(1);
    admin
        .generate(&late)
        .await
        .expect_error(409, "bank_expired");
}

#[tokio::test]
async fn admins_are_warned_30_7_and_1_days_before_each_once() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(10).until("2026-04-20"))
        .await;
    // Admins who accepted their invitation are warned (a lapsed one holds nobody).
    t.sign_in(&p.admin).await;
    let empty = BankSpec::older(0)
        .product("storyboard-pro")
        .until("2026-04-20");
    let empty = t
        .as_operator()
        .create_bank(&p.org, &empty)
        .await
        .expect(201)
        .id;
    t.drain().await;
    let warnings = || {
        mails_to(&p.admin)
            .into_iter()
            .filter(|m| m.subject.contains("expire in"))
            .count()
    };
    let run_twice = || async {
        let (a, b) = futures::join!(
            elp_expiry_warnings::handle(&t.app),
            elp_expiry_warnings::handle(&t.app)
        );
        a.unwrap().acted + b.unwrap().acted
    };
    t.at("2026-03-20", 0); // 31 days before
    assert_eq!(run_twice().await, 0);
    for (day, expected_total) in [
        ("2026-03-21", 1),
        ("2026-03-22", 1),
        ("2026-04-13", 2),
        ("2026-04-19", 3),
        ("2026-04-19", 3),
    ] {
        t.at(day, 0);
        run_twice().await;
        t.drain().await;
        assert_eq!(warnings(), expected_total, "on {day}");
    }
    let mail = mails_to(&p.admin)
        .into_iter()
        .find(|m| m.subject.contains("expire in 1 day"))
        .unwrap();
    assert!(mail.text().contains("10 unused credits"));
    assert!(
        !mails_to(&p.admin).iter().any(|m| m.text().contains(&empty)),
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

#[tokio::test]
async fn the_dashboard_counts_what_was_lost_and_warns_of_banks_expiring_soon() {
    let t = TestApp::new().await;
    let p = t
        .provision(BankSpec::portable(10).until("2026-03-10"))
        .await;
    let admin = t.as_admin(&p);
    generate(&t, &p, Generate::node_lock(&p.bank, 1, 4).to(&p.admin)).await;
    let op = t.as_operator();
    let soon = op
        .create_bank(&p.org, &BankSpec::portable(50).until("2026-05-15"))
        .await
        .expect(201)
        .id;
    let far = BankSpec::older(5)
        .product("storyboard-pro")
        .until("2026-09-01");
    op.create_bank(&p.org, &far).await.expect(201);
    t.at("2026-03-10", 0);
    elp_expire_banks::handle(&t.app).await.unwrap();
    t.at("2026-03-31", 0);
    let six = Generate::node_lock(&soon, 1, 6).start("2026-03-31");
    generate(&t, &p, six.to(&p.admin)).await;
    let dashboard = admin.dashboard().await.expect(200);
    let harmony = dashboard
        .products
        .iter()
        .find(|l| l.product == "harmony-premium")
        .unwrap();
    assert_eq!(
        (
            harmony.purchased,
            harmony.used,
            harmony.forfeited,
            harmony.remaining
        ),
        (60, 10, 6, 44)
    );
    assert_eq!(harmony.licenses, "/v1/licenses?product=harmony-premium");
    let storyboard = dashboard
        .products
        .iter()
        .find(|l| l.product == "storyboard-pro")
        .unwrap();
    assert_eq!(storyboard.licenses, "/v1/licenses?product=storyboard-pro");
    assert_eq!(storyboard.forfeited, 0);
    // Only the usable bank within 60 days with unused credits is warned of.
    assert_eq!(dashboard.warnings.len(), 1, "{:?}", dashboard.warnings);
    let warning = &dashboard.warnings[0];
    assert_eq!(
        (
            warning.bank.id.as_str(),
            warning.bank.version.as_str(),
            warning.bank.expiry.as_str()
        ),
        (soon.as_str(), "25.1", "2026-05-15")
    );
    assert_eq!(
        (
            warning.product_name.as_str(),
            warning.days_left,
            warning.unused
        ),
        ("Harmony Premium", 45, 44)
    );
    assert_eq!(
        warning.message,
        "Harmony Premium 25.1 expires in 45 days (15 May 2026) with 44 unused credits"
    );
    let expired = admin.audit().await.expect(200);
    let event = expired
        .events
        .iter()
        .find(|e| e.action == "bank_expired")
        .unwrap();
    assert_eq!(event.actor_label, "the system");
}
