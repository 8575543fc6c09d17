//! The operator edits the catalogue safely: read with its revision and `ETag`, changed only at
//! the revision read (`If-Match`), each change one event in the vendor's trail that says what
//! changed, nothing written for no change, strict input, a preview of what members would see,
//! and no product removed while banks use it.

use elp_tests::api::CatalogDocument;
use elp_tests::{person, Ask, BankSpec, Generate, Grant, Policy, TestApp, CATALOG};
use serde_json::{json, Value};

fn default_catalog() -> Value {
    serde_json::from_str(CATALOG).unwrap()
}

/// The catalogue with `product`'s release `version` edited by `edit`.
fn with_release(
    mut catalog: Value,
    product: &str,
    version: &str,
    edit: impl FnOnce(&mut Value),
) -> Value {
    let release = catalog["products"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == product)
        .unwrap()["releases"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["version"] == version)
        .unwrap();
    edit(release);
    catalog
}

fn product_mut<'a>(catalog: &'a mut Value, product: &str) -> &'a mut Value {
    catalog["products"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == product)
        .unwrap()
}

/// Harmony Premium gains 25.2 on every OS; Storyboard Pro 24 loses its macOS link.
fn next_catalog() -> Value {
    let mut catalog = default_catalog();
    let links: Vec<Value> = ["windows", "macos", "linux"]
        .iter()
        .map(|os| json!({ "os": os, "url": format!("https://downloads.vendor.example/hp/25.2/{os}") }))
        .collect();
    product_mut(&mut catalog, "harmony-premium")["releases"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "version": "25.2", "downloads": links }));
    with_release(catalog, "storyboard-pro", "24", |r| {
        r["downloads"]
            .as_array_mut()
            .unwrap()
            .retain(|d| d["os"] != "macos");
    })
}

const NEXT_DETAIL: &str = "harmony-premium: added version 25.2 (windows, macos, linux); \
                           storyboard-pro: removed the macos link of 24";

/// The catalogue events of the vendor's trail, newest first.
async fn catalog_events(t: &TestApp) -> Vec<elp_core::VendorEvent> {
    t.app
        .store
        .list_vendor_audit(None, 100)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|e| e.action == elp_core::AuditAction::CatalogChanged)
        .collect()
}

fn products_of(doc: &CatalogDocument) -> Value {
    serde_json::to_value(
        doc.products
            .iter()
            .map(|p| (p.id.clone(), p.releases.len()))
            .collect::<Vec<_>>(),
    )
    .unwrap()
}

#[tokio::test]
async fn the_catalogue_is_read_with_its_revision_and_etag() {
    let t = TestApp::new().await;
    let op = t.as_operator();
    let before = op.catalog().await;
    assert_eq!(before.header("etag").as_deref(), Some("\"0\""));
    let before = before.expect(200);
    assert_eq!(
        (before.revision, before.products.len(), before.updated_at),
        (0, 0, None)
    );
    let put = op.put_catalog(&default_catalog()).await;
    assert_eq!(put.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(put.status, 200, "{put:?}");
    let read = op.catalog().await;
    assert_eq!(read.header("etag").as_deref(), Some("\"1\""));
    let read = read.expect(200);
    assert_eq!(read.revision, 1);
    assert_eq!(
        read.updated_by.as_deref(),
        Some("operator:op-1 ops@vendor.example")
    );
    assert!(read.updated_at.is_some());
    let ids: Vec<&str> = read.products.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "harmony-premium",
            "harmony-advanced",
            "harmony-essentials",
            "storyboard-pro"
        ]
    );
    // The first catalogue is a change like any other: in the vendor's trail.
    let events = catalog_events(&t).await;
    assert_eq!(events.len(), 1);
    assert!(
        events[0].detail.starts_with(
            "harmony-premium: added the product \"Harmony Premium\" with versions 22, 24, 25.1"
        ),
        "{}",
        events[0].detail
    );
}

#[tokio::test]
async fn a_change_at_the_revision_read_bumps_it_and_says_what_changed() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let read = op.catalog().await.expect(200);
    assert_eq!(read.revision, 1);
    let answer = op.put_catalog_at(1, &next_catalog()).await;
    assert_eq!(answer.header("etag").as_deref(), Some("\"2\""));
    let saved = answer.expect(200);
    assert_eq!(saved.revision, 2);
    assert_eq!(
        saved.updated_by.as_deref(),
        Some("operator:op-1 ops@vendor.example")
    );
    let stored = op.catalog().await.expect(200);
    assert_eq!(stored.revision, 2);
    assert_eq!(products_of(&stored), products_of(&saved));
    let premium = stored
        .products
        .iter()
        .find(|p| p.id == "harmony-premium")
        .unwrap();
    assert_eq!(premium.releases.last().unwrap().version, "25.2");
    let events = catalog_events(&t).await;
    assert_eq!(events.len(), 2, "the first catalogue, then this change");
    // (The test clock stands still: both events have the same time.)
    let event = events
        .iter()
        .find(|e| e.detail == NEXT_DETAIL)
        .unwrap_or_else(|| panic!("{events:?}"));
    assert_eq!(
        (
            event.org.as_ref(),
            event.actor.as_str(),
            event.subject.as_str()
        ),
        (None, "operator:op-1 ops@vendor.example", "catalog")
    );
}

#[tokio::test]
async fn a_stale_if_match_is_refused_and_writes_nothing() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    op.put_catalog_at(1, &next_catalog()).await.expect(200);
    // Another operator, still looking at revision 1, renames a product.
    let mut theirs = default_catalog();
    product_mut(&mut theirs, "storyboard-pro")["name"] = json!("Storyboard Pro 25");
    let refused = op
        .put_catalog_at(1, &theirs)
        .await
        .expect_error(409, "catalog_changed");
    assert_eq!(refused.details.unwrap()["revision"], 2);
    let stored = op.catalog().await.expect(200);
    assert_eq!(stored.revision, 2);
    assert!(stored
        .products
        .iter()
        .all(|p| p.name != "Storyboard Pro 25"));
    assert_eq!(catalog_events(&t).await.len(), 2);
    // A malformed If-Match is no revision at all.
    for bad in ["1", "W/\"2\"", "*"] {
        let answer = op
            .clone()
            .with_header("if-match", bad)
            .put_catalog(&theirs)
            .await;
        assert_eq!(answer.status, 400, "{bad}: {answer:?}");
    }
    assert_eq!(op.catalog().await.expect(200).revision, 2);
}

#[tokio::test]
async fn of_two_changes_from_the_same_revision_exactly_one_is_saved() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let mut renamed = default_catalog();
    product_mut(&mut renamed, "storyboard-pro")["name"] = json!("Storyboard Pro 25");
    let next = next_catalog();
    let (a, b) = tokio::join!(op.put_catalog_at(1, &next), op.put_catalog_at(1, &renamed));
    let statuses = [a.status, b.status];
    assert!(
        statuses == [200, 409] || statuses == [409, 200],
        "{a:?} / {b:?}"
    );
    let (won, lost) = if a.status == 200 { (a, b) } else { (b, a) };
    assert_eq!(lost.error_code(), Some("catalog_changed"));
    let won = won.expect(200);
    assert_eq!(won.revision, 2);
    let stored = op.catalog().await.expect(200);
    assert_eq!(stored.revision, 2);
    assert_eq!(products_of(&stored), products_of(&won));
    assert_eq!(
        stored.products.iter().map(|p| &p.name).collect::<Vec<_>>(),
        won.products.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    assert_eq!(
        catalog_events(&t).await.len(),
        2,
        "one event for the one change"
    );
}

#[tokio::test]
async fn a_put_that_changes_nothing_writes_nothing() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let first = op.catalog().await.expect(200);
    let same = op.put_catalog_at(1, &default_catalog()).await;
    assert_eq!(same.header("etag").as_deref(), Some("\"1\""));
    let same = same.expect(200);
    assert_eq!(same.revision, 1);
    assert_eq!(same.updated_at, first.updated_at);
    assert_eq!(op.put_catalog(&default_catalog()).await.status, 200);
    let stored = op.catalog().await.expect(200);
    assert_eq!((stored.revision, stored.updated_at), (1, first.updated_at));
    assert_eq!(catalog_events(&t).await.len(), 1);
}

#[tokio::test]
async fn unknown_and_senseless_fields_are_refused_by_their_path() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let premium = 0; // harmony-premium is the first product
    let cases: Vec<(Value, String)> = vec![
        (
            with_release(default_catalog(), "harmony-premium", "24", |r| {
                r["downloads"][0]["link"] = json!("https://d.example/x");
            }),
            format!("products[{premium}].releases[1].downloads[0].link"),
        ),
        (
            with_release(default_catalog(), "harmony-premium", "22", |r| {
                r["notes"] = json!("beta");
            }),
            format!("products[{premium}].releases[0].notes"),
        ),
        (
            {
                let mut c = default_catalog();
                product_mut(&mut c, "storyboard-pro")["colour"] = json!("red");
                c
            },
            "products[3].colour".into(),
        ),
        (
            {
                let mut c = default_catalog();
                c["revision"] = json!(1);
                c
            },
            "revision".into(),
        ),
        (
            with_release(default_catalog(), "harmony-premium", "24", |r| {
                r["downloads"][1]["os"] = json!("windows");
            }),
            format!("products[{premium}].releases[1].downloads[1].os"),
        ),
        (
            with_release(default_catalog(), "storyboard-pro", "25.1", |r| {
                r["downloads"][0]["url"] = json!("http://downloads.vendor.example/sb.exe");
            }),
            "products[3].releases[2].downloads[0].url".into(),
        ),
        (
            with_release(default_catalog(), "harmony-premium", "25.1", |r| {
                r["version"] = json!("24");
            }),
            format!("products[{premium}].releases[2].version"),
        ),
        (
            {
                let mut c = default_catalog();
                let copy = c["products"][1].clone();
                c["products"].as_array_mut().unwrap().push(copy);
                c
            },
            "products[4].id".into(),
        ),
    ];
    for (catalog, field) in &cases {
        op.put_catalog_at(1, catalog).await.expect_invalid(field);
        op.preview_catalog(catalog, None)
            .await
            .expect_invalid(&format!("catalog.{field}"));
    }
    assert_eq!(op.catalog().await.expect(200).revision, 1);
    assert_eq!(catalog_events(&t).await.len(), 1);
    // The preview's own fields are strict too.
    let body = json!({ "catalog": default_catalog(), "organisation": "o_1" });
    let answer = op
        .send("POST", "/v1/operator/catalog/preview", Some(&body))
        .await;
    answer.expect_invalid("organisation");
}

#[tokio::test]
async fn the_preview_shows_what_an_organisations_members_would_see() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    admin
        .set_product_versions("harmony-premium", &Policy::only(&["24", "25.1"]))
        .await
        .expect(200);
    let artist = person();
    let generate = Generate::node_lock(&p.bank, 1, 1).to(&artist).credits(1);
    admin.generate(&generate).await.expect(201);
    let op = t.as_operator();

    // With the catalogue as it stands, the preview shows what the member's workspace shows.
    let now = op
        .preview_catalog(&default_catalog(), Some(&p.org))
        .await
        .expect(200);
    assert!(now.changes.is_empty() && now.warnings.is_empty(), "{now:?}");
    let mine = t.as_user(&artist).my_licenses().await.expect(200);
    let workspace: Vec<(String, String, String)> = mine.licenses[0]
        .downloads
        .iter()
        .map(|d| (d.version.clone(), d.os.clone(), d.url.clone()))
        .collect();
    let premium = now
        .products
        .iter()
        .find(|p| p.id == "harmony-premium")
        .unwrap();
    let previewed: Vec<(String, String, String)> = premium
        .versions
        .iter()
        .flat_map(|r| {
            r.downloads
                .iter()
                .map(|d| (r.version.clone(), d.os.clone(), d.url.clone()))
        })
        .collect();
    assert_eq!(previewed, workspace);
    assert_eq!(premium.versions.len(), 2);

    // Harmony Premium 24 goes, 25.2 comes.
    let proposed = {
        let mut c = next_catalog();
        product_mut(&mut c, "harmony-premium")["releases"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["version"] != "24");
        c
    };
    let preview = op
        .preview_catalog(&proposed, Some(&p.org))
        .await
        .expect(200);
    assert_eq!(
        preview.changes,
        [
            "harmony-premium: removed version 24",
            "harmony-premium: added version 25.2 (windows, macos, linux)",
            "storyboard-pro: removed the macos link of 24",
        ]
    );
    assert_eq!(
        preview.warnings,
        [
            "harmony-premium: the version policy of 1 organisation selects version 24; their \
             members will no longer see its downloads",
            "Studio Nord's version policy for Harmony Premium selects version 24, which this \
             catalogue removes",
        ]
    );
    let versions = |preview: &elp_tests::api::CatalogPreview, id: &str| -> Vec<String> {
        preview
            .products
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .versions
            .iter()
            .map(|r| r.version.clone())
            .collect()
    };
    assert_eq!(versions(&preview, "harmony-premium"), ["25.1"]);
    assert_eq!(versions(&preview, "storyboard-pro"), ["22", "24", "25.1"]);
    // Without an organisation: every release.
    let everyone = op.preview_catalog(&proposed, None).await.expect(200);
    assert_eq!(
        versions(&everyone, "harmony-premium"),
        ["22", "25.1", "25.2"]
    );
    assert_eq!(everyone.warnings.len(), 1, "{:?}", everyone.warnings);
    // The preview wrote nothing.
    assert_eq!(op.catalog().await.expect(200).revision, 1);
    assert_eq!(catalog_events(&t).await.len(), 1);
    // An organisation that does not exist (or could not) is not found.
    for org in ["o_nobody", "not an id"] {
        op.preview_catalog(&proposed, Some(org))
            .await
            .expect_error(404, "not_found");
    }
    // Once saved, the member's workspace shows what the preview said.
    op.put_catalog_at(1, &proposed).await.expect(200);
    let mine = t.as_user(&artist).my_licenses().await.expect(200);
    let shown: Vec<&str> = mine.licenses[0]
        .downloads
        .iter()
        .map(|d| d.version.as_str())
        .collect();
    assert_eq!(shown, ["25.1", "25.1", "25.1"]);
    // The policy's counters follow it: unrestricted, it selects nothing the operator must know.
    admin
        .set_product_versions("harmony-premium", &Policy::unrestricted())
        .await
        .expect(200);
    let mut back = proposed.clone();
    product_mut(&mut back, "harmony-premium")["releases"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["version"] != "25.1");
    let later = op.preview_catalog(&back, None).await.expect(200);
    assert!(
        later.warnings.iter().all(|w| !w.contains("version policy")),
        "{:?}",
        later.warnings
    );
    assert!(
        later
            .warnings
            .iter()
            .any(|w| w.starts_with("harmony-premium: 1 bank was bought for version 25.1")),
        "{:?}",
        later.warnings
    );
}

#[tokio::test]
async fn a_product_that_banks_use_is_not_removed() {
    let t = TestApp::new().await;
    t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let mut without = default_catalog();
    without["products"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "harmony-premium");
    let preview = op.preview_catalog(&without, None).await.expect(200);
    assert_eq!(
        preview.warnings,
        [
            "harmony-premium: 1 bank was bought for this product; it cannot be removed while \
          they exist, so saving this catalogue will be refused"
        ]
    );
    let refused = op
        .put_catalog_at(1, &without)
        .await
        .expect_error(409, "product_in_use");
    assert_eq!(
        refused.details.unwrap(),
        json!({ "product": "harmony-premium", "banks": 1 })
    );
    assert_eq!(op.catalog().await.expect(200).revision, 1);
    // A product no bank uses can go.
    let mut fewer = default_catalog();
    fewer["products"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "harmony-essentials");
    let saved = op.put_catalog_at(1, &fewer).await.expect(200);
    assert_eq!(saved.revision, 2);
    let events = catalog_events(&t).await;
    assert_eq!(events.len(), 2);
    assert!(
        events
            .iter()
            .any(|e| e.detail == "harmony-essentials: removed the product \"Harmony Essentials\""),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_bank_granted_for_a_credit_request_counts_as_a_bank_of_its_product() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let asked = t
        .as_admin(&p)
        .request_credits(&Ask::credits(20).product("harmony-essentials"))
        .await
        .expect(201);
    let op = t.as_operator();
    op.grant_request(
        &asked.id,
        &Grant::as_asked().new_bank("25.1", true, "2027-05-01"),
    )
    .await
    .expect(200);
    let mut without = default_catalog();
    without["products"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "harmony-essentials");
    let refused = op
        .put_catalog_at(1, &without)
        .await
        .expect_error(409, "product_in_use");
    assert_eq!(
        refused.details.unwrap(),
        json!({ "product": "harmony-essentials", "banks": 1 })
    );
}

#[tokio::test]
async fn only_operators_edit_the_catalogue() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let preview = json!({ "catalog": default_catalog() });
    for client in [t.as_admin(&p), t.as_user(&person())] {
        for (method, path, body) in [
            ("GET", "/v1/operator/catalog", None),
            ("PUT", "/v1/operator/catalog", Some(default_catalog())),
            (
                "POST",
                "/v1/operator/catalog/preview",
                Some(preview.clone()),
            ),
        ] {
            let answer = client.send(method, path, body.as_ref()).await;
            assert_eq!(answer.status, 403, "{method} {path}: {answer:?}");
        }
    }
    let anonymous = t.anonymous().catalog().await;
    assert_eq!(anonymous.status, 401, "{anonymous:?}");
    assert_eq!(t.as_operator().catalog().await.expect(200).revision, 1);
}

#[tokio::test]
async fn a_bank_and_the_removal_of_its_product_never_both_succeed() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let op = t.as_operator();
    let mut revision = 1;
    for round in 0..5 {
        // Each round: a bank of Harmony Advanced, and a catalogue without it, at once.
        let mut with = default_catalog();
        product_mut(&mut with, "harmony-advanced")["name"] =
            json!(format!("Harmony Advanced {round}"));
        op.put_catalog_at(revision, &with).await.expect(200);
        let mut without = with.clone();
        without["products"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["id"] != "harmony-advanced");
        let bank = BankSpec::portable(5).product("harmony-advanced");
        let (created, removed) =
            tokio::join!(op.create_bank(&p.org, &bank), op.put_catalog(&without));
        let stored = op.catalog().await.expect(200);
        let listed = stored.products.iter().any(|p| p.id == "harmony-advanced");
        match (created.status, removed.status) {
            (201, 409) => {
                assert_eq!(removed.error_code(), Some("product_in_use"), "{removed:?}");
                assert!(listed);
                // Banks use it now: it stays for good.
                return;
            }
            (422, 200) => {
                assert!(!listed);
                revision = stored.revision;
            }
            other => panic!("{other:?}: {created:?} / {removed:?}"),
        }
    }
}
