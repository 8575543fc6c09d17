//! API credentials for scripts: an admin creates one with a role and sees its key once; a
//! script calls the scripts API with it (the dev gateway, through the credentials' real
//! authorizer, to the real handlers); what each role may call; every change recorded under the
//! credential's name; revocation at once; keys that are wrong in every way; and organisations
//! kept apart.

use elp_tests::{person, unique, BankSpec, Client, Generate, TestApp};
use serde_json::json;

#[tokio::test]
async fn a_read_only_credential_lists_licences_but_cannot_generate() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&person()))
        .await;
    let made = admin
        .create_credential("nightly report", "read_only")
        .await
        .expect(201);
    let key = made.key.expect("the key, shown once");
    assert!(key.starts_with("elp_"), "{key}");
    assert_eq!(made.credential.role, "read_only");
    assert_eq!(made.credential.created_by, p.admin);
    let scripts = t.scripts_gateway().await;
    let script = Client::through(&scripts, Some(&key));
    assert_eq!(script.licenses(&[]).await.expect(200).licenses.len(), 1);
    assert_eq!(script.banks().await.expect(200).banks.len(), 1);
    let refused = script
        .generate(&Generate::node_lock(&p.bank, 1, 1).to(&person()).credits(1))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert!(refused.text.contains("read-only"), "{}", refused.text);
    assert_eq!(admin.licenses(&[]).await.expect(200).licenses.len(), 1);
    // The list shows its last use, never the key or its digest.
    let listed = admin.credentials().await.expect(200).credentials;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used.is_some(), "{listed:?}");
    let text = admin.credentials().await.text;
    assert!(
        !text.contains(&key[25..]) && !text.contains("digest"),
        "{text}"
    );
}

#[tokio::test]
async fn an_admin_credential_generates_and_the_trail_names_the_credential() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let key = admin
        .create_credential("Render farm sync", "admin")
        .await
        .expect(201)
        .key
        .unwrap();
    let scripts = t.scripts_gateway().await;
    let script = Client::through(&scripts, Some(&key));
    let artist = person();
    let (_, generated) = script
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 1).to(&artist))
        .await;
    assert_eq!(generated.licenses.len(), 1);
    let trail = admin.audit().await.expect(200).events;
    let event = trail
        .iter()
        .find(|e| e.action == "license_generated")
        .expect("the generation's event");
    assert!(
        event.actor.starts_with("credential:") && event.actor.ends_with(" Render farm sync"),
        "{event:?}"
    );
    assert_eq!(event.actor_label, "the API credential “Render farm sync”");
    let created = trail
        .iter()
        .find(|e| e.action == "credential_created")
        .expect("the creation's event");
    assert_eq!(
        (created.actor.as_str(), created.subject.as_str()),
        (p.admin.as_str(), "Render farm sync")
    );
    // What needs a person stays a person's, whatever the credential's role.
    for (method, path, body) in [
        ("GET", "/v1/me", None),
        ("GET", "/v1/credentials", None),
        (
            "POST",
            "/v1/credentials",
            Some(json!({ "name": "more", "role": "admin" })),
        ),
        ("POST", "/v1/users", Some(json!({ "email": person() }))),
    ] {
        let answer = script.send(method, path, body.as_ref()).await;
        assert!(
            matches!(answer.status, 403 | 404),
            "{method} {path}: {answer:?}"
        );
    }
    assert_eq!(admin.credentials().await.expect(200).credentials.len(), 1);
}

#[tokio::test]
async fn a_revoked_credential_is_refused_at_once_and_wrong_keys_never_pass() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let made = admin.create_credential("ci", "read_only").await.expect(201);
    let key = made.key.unwrap();
    let scripts = t.scripts_gateway().await;
    assert_eq!(
        Client::through(&scripts, Some(&key)).banks().await.status,
        200
    );
    let revoked = admin
        .revoke_credential(&made.credential.id)
        .await
        .expect(200);
    assert!(revoked.revoked_at.is_some());
    assert_eq!(revoked.revoked_by.as_deref(), Some(p.admin.as_str()));
    let after = Client::through(&scripts, Some(&key)).banks().await;
    assert_eq!(after.status, 401, "{}", after.text);
    assert!(after.text.contains("revoked"), "{}", after.text);
    // Revoking twice is refused; the trail has the revocation under the admin.
    admin
        .revoke_credential(&made.credential.id)
        .await
        .expect_error(409, "conflict");
    let trail = admin.audit().await.expect(200).events;
    assert!(trail
        .iter()
        .any(|e| e.action == "credential_revoked" && e.actor == p.admin));
    // A live key with one character of its secret changed, a key that is not one, an id no
    // credential has: each 401.
    let live = admin
        .create_credential("live", "admin")
        .await
        .expect(201)
        .key
        .unwrap();
    let last = live.chars().last().unwrap();
    let wrong_secret = format!(
        "{}{}",
        &live[..live.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    let unknown_id = format!("elp_{}{}", "0".repeat(20), &live[24..]);
    for bad in [
        wrong_secret.as_str(),
        unknown_id.as_str(),
        "elp_nonsense",
        "elp_",
        &format!("{live}x"),
    ] {
        let answer = Client::through(&scripts, Some(bad)).licenses(&[]).await;
        assert_eq!(answer.status, 401, "{bad}: {}", answer.text);
    }
    assert_eq!(
        Client::through(&scripts, Some(&live))
            .licenses(&[])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_credential_never_reaches_another_organisation_s_data() {
    let t = TestApp::new().await;
    let a = t.provision(BankSpec::portable(100)).await;
    let b = t.provision(BankSpec::portable(100)).await;
    let (_, theirs) = t
        .as_admin(&b)
        .quote_and_generate(&Generate::node_lock(&b.bank, 1, 1).to(&person()))
        .await;
    let code = &theirs.licenses[0].code;
    let key = t
        .as_admin(&a)
        .create_credential("sync", "admin")
        .await
        .expect(201)
        .key
        .unwrap();
    let scripts = t.scripts_gateway().await;
    let script = Client::through(&scripts, Some(&key));
    assert_eq!(script.license(code).await.status, 404);
    assert_eq!(script.bank(&b.bank).await.status, 404);
    assert!(script.licenses(&[]).await.expect(200).licenses.is_empty());
    let renew = script
        .send(
            "POST",
            &format!("/v1/licenses/{code}/renewals/quote"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(renew.status, 404, "{}", renew.text);
    let spend = script
        .send(
            "POST",
            "/v1/licenses/quote",
            Some(&elp_tests::json_of(
                &Generate::node_lock(&b.bank, 1, 1).to(&person()),
            )),
        )
        .await;
    assert_eq!(spend.status, 404, "{}", spend.text);
    // Organisation B's admin cannot see or revoke A's credential.
    let id = t.as_admin(&a).credentials().await.expect(200).credentials[0]
        .id
        .clone();
    assert!(t
        .as_admin(&b)
        .credentials()
        .await
        .expect(200)
        .credentials
        .is_empty());
    assert_eq!(t.as_admin(&b).revoke_credential(&id).await.status, 404);
}

#[tokio::test]
async fn only_an_admin_manages_credentials_with_names_unique_and_a_cap() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p);
    let member = person();
    assert_eq!(admin.invite_with_default_role(&member).await.status, 201);
    t.sign_in(&member).await;
    let as_member = t.as_user(&member);
    assert_eq!(
        as_member.create_credential("mine", "admin").await.status,
        403
    );
    assert_eq!(as_member.credentials().await.status, 403);
    let made = admin.create_credential("ci", "admin").await.expect(201);
    assert_eq!(
        as_member
            .revoke_credential(&made.credential.id)
            .await
            .status,
        403
    );
    // Names are unique in the organisation, compared without case; roles and names are checked.
    admin
        .create_credential(" CI ", "read_only")
        .await
        .expect_error(409, "conflict");
    admin
        .create_credential("x", "owner")
        .await
        .expect_invalid("role");
    admin
        .create_credential("  ", "admin")
        .await
        .expect_invalid("name");
    for n in 1..elp_core::credential::MAX_ACTIVE {
        admin
            .create_credential(&unique(&format!("c{n}-")), "read_only")
            .await
            .expect(201);
    }
    admin
        .create_credential("one too many", "read_only")
        .await
        .expect_error(409, "conflict");
    // Revoking frees a place; the revoked one keeps its name.
    admin
        .revoke_credential(&made.credential.id)
        .await
        .expect(200);
    admin
        .create_credential("one more", "read_only")
        .await
        .expect(201);
    admin
        .create_credential("ci", "read_only")
        .await
        .expect_error(409, "conflict");
}

#[tokio::test]
async fn a_retried_creation_answers_the_credential_without_its_key() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let admin = t.as_admin(&p).with_idempotency_key("create-ci-once");
    let first = admin.create_credential("ci", "admin").await.expect(201);
    assert!(first.key.is_some());
    let again = admin.create_credential("ci", "admin").await.expect(201);
    assert_eq!(again.credential.id, first.credential.id);
    assert_eq!(again.key, None);
    assert_eq!(
        t.as_admin(&p)
            .credentials()
            .await
            .expect(200)
            .credentials
            .len(),
        1
    );
}

#[tokio::test]
async fn the_functions_trust_only_a_whole_context_and_never_make_a_credential_a_person_or_the_operator(
) {
    use elp_tests::Caller;
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let whole = json!({
        "credential": "0123456789abcdef0123",
        "org": p.org,
        "name": "forged?",
        "role": "admin",
    });
    assert_eq!(
        t.client(Caller::Credential(whole.clone()))
            .banks()
            .await
            .status,
        200,
        "the context the authorizer hands on is what the functions act on"
    );
    let mut partial = Vec::new();
    for field in ["credential", "org", "name", "role"] {
        let mut c = whole.clone();
        c.as_object_mut().unwrap().remove(field);
        partial.push(c);
    }
    let mut bad_role = whole.clone();
    bad_role["role"] = json!("operator");
    let mut bad_id = whole.clone();
    bad_id["credential"] = json!("../../x");
    for context in partial.into_iter().chain([
        bad_role,
        bad_id,
        json!({ "refused": "anything at all" }),
        json!({ "refused": "unauthenticated-key-revoked", "credential": "0123456789abcdef0123" }),
    ]) {
        let answer = t.client(Caller::Credential(context.clone())).banks().await;
        assert_eq!(answer.status, 401, "{context}: {answer:?}");
    }
    let admin_key = t.client(Caller::Credential(whole.clone()));
    for (method, path) in [
        ("GET", "/v1/me"),
        ("GET", "/v1/operator/orgs"),
        ("GET", "/v1/credentials"),
        ("POST", "/v1/exports"),
    ] {
        let answer = admin_key.send(method, path, None).await;
        assert!(
            matches!(answer.status, 401 | 403),
            "{method} {path}: {answer:?}"
        );
    }
    let mut read_only = whole;
    read_only["role"] = json!("read_only");
    let answer = t
        .client(Caller::Credential(read_only))
        .send(
            "PUT",
            "/v1/product-versions/harmony-premium",
            Some(&json!({ "restricted": false })),
        )
        .await;
    assert_eq!(answer.status, 403, "{answer:?}");
}
