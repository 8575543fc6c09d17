//! The API says its errors in the reader's language (`Accept-Language`), with the same status,
//! code, field and details in every language.

use elp_tests::{BankSpec, Generate, TestApp};

#[tokio::test]
async fn errors_follow_accept_language_and_keep_their_codes() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let too_many = Generate::node_lock(&p.bank, 1, 12).to("ana@studio.example");
    let mut said = Vec::new();
    for language in [None, Some("fr-FR,fr;q=0.9,en;q=0.8"), Some("de-DE")] {
        let admin = match language {
            Some(l) => t.as_admin(&p).with_header("accept-language", l),
            None => t.as_admin(&p),
        };
        let refused = admin
            .quote(&too_many)
            .await
            .expect_error(409, "insufficient_credits");
        said.push((refused.message, refused.details));
        let missing = admin
            .send("GET", "/v1/banks/b_0000000000000000000000", None)
            .await
            .expect_error(404, "not_found");
        said.push((missing.message, None));
    }
    assert_eq!(
        said[0].0,
        "the bank has 10 credits left and this request needs 12"
    );
    assert_eq!(
        said[2].0,
        "il reste 10 crédits dans la banque et cette demande en nécessite 12"
    );
    assert_eq!(said[3].0, "banque introuvable");
    assert_eq!(said[1].0, "bank not found");
    // A language the catalogues do not have reads English.
    assert_eq!((&said[4].0, &said[5].0), (&said[0].0, &said[1].0));
    // The details are the same in every language.
    assert_eq!(said[0].1, said[2].1);
}

#[tokio::test]
async fn a_person_chooses_their_language_and_an_admin_their_organisations() {
    use elp_tests::api::{AuditList, Me};
    use serde_json::json;
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    let me: Me = admin.send("GET", "/v1/me", None).await.expect_as(200);
    assert_eq!((me.language, me.org.language), (None, None));
    let me: Me = admin
        .send("PATCH", "/v1/me", Some(&json!({ "language": "fr-CA" })))
        .await
        .expect_as(200);
    assert_eq!(me.language.as_deref(), Some("fr"), "stored as its language");
    let again: Me = admin.send("GET", "/v1/me", None).await.expect_as(200);
    assert_eq!(again.language.as_deref(), Some("fr"));
    for refused in [json!({ "language": "de" }), json!({ "language": "" })] {
        admin
            .send("PATCH", "/v1/me", Some(&refused))
            .await
            .expect_invalid("language");
    }
    admin
        .send("PATCH", "/v1/me", Some(&json!({ "langue": "fr" })))
        .await
        .expect_invalid("langue");
    let cleared: Me = admin
        .send("PATCH", "/v1/me", Some(&json!({ "language": null })))
        .await
        .expect_as(200);
    assert_eq!(cleared.language, None);

    // The organisation's language: once in the trail, not twice for the same.
    for _ in 0..2 {
        let me: Me = admin
            .send("PATCH", "/v1/org", Some(&json!({ "language": "fr" })))
            .await
            .expect_as(200);
        assert_eq!(me.org.language.as_deref(), Some("fr"));
    }
    let trail: AuditList = admin.send("GET", "/v1/audit", None).await.expect_as(200);
    let changes = trail
        .events
        .iter()
        .filter(|e| e.action == "org_language_changed")
        .count();
    assert_eq!(changes, 1);
    // A member chooses their own, not the organisation's.
    let member = elp_tests::person();
    admin.invite_with_default_role(&member).await.expect(201);
    let as_member = t.as_user(&member);
    as_member
        .send("PATCH", "/v1/me", Some(&json!({ "language": "fr" })))
        .await
        .expect(200);
    as_member
        .send("PATCH", "/v1/org", Some(&json!({ "language": "en" })))
        .await
        .expect_error(403, "forbidden");
}

/// Every kind of error is said in French too: a field's reason (422), a body of the wrong shape,
/// a conflict, a limit (429), a sign-in refused (401) and a right missing (403); the status,
/// `code` and `field` are those of the English answer.
#[tokio::test]
async fn every_kind_of_error_is_said_in_french_with_the_same_code_and_field() {
    use elp_tests::{Caller, ChangeUser, Client};
    use serde_json::json;
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    fn in_french(c: Client<'_>) -> Client<'_> {
        c.with_header("accept-language", "fr-FR,fr;q=0.9")
    }
    let admin = t.as_admin(&p);
    let admin_fr = in_french(t.as_admin(&p));
    let artist = elp_tests::person();

    // 422: a field's reason, and a body's unknown field.
    let zero = Generate::node_lock(&p.bank, 0, 1).to(&artist);
    let (en, fr) = (
        admin.quote(&zero).await.expect_invalid("months"),
        admin_fr.quote(&zero).await.expect_invalid("months"),
    );
    assert_eq!(en.message, "must be at least 1 month");
    assert_eq!(fr.message, "doit être d'au moins 1 mois");
    assert_eq!((en.code, en.field), (fr.code, fr.field));
    let unknown = json!({ "language": "fr", "colour": "red" });
    let (en, fr) = (
        admin
            .send("PATCH", "/v1/me", Some(&unknown))
            .await
            .expect_invalid("colour"),
        admin_fr
            .send("PATCH", "/v1/me", Some(&unknown))
            .await
            .expect_invalid("colour"),
    );
    assert_eq!(en.message, "is not a field of this request");
    assert_eq!(fr.message, "n'est pas un champ de cette requête");
    let typed = json!({ "language": 3 });
    let fr = admin_fr
        .send("PATCH", "/v1/me", Some(&typed))
        .await
        .expect_invalid("language");
    assert_eq!(fr.message, "doit être une chaîne de caractères");

    // 409: the last admin, and a conflict made where it happens.
    let (en, fr) = (
        admin
            .change_user(&p.admin, &ChangeUser::role("member"))
            .await
            .expect_error(409, "last_admin"),
        admin_fr
            .change_user(&p.admin, &ChangeUser::role("member"))
            .await
            .expect_error(409, "last_admin"),
    );
    assert_eq!(
        fr.message,
        format!(
            "{} est le dernier administrateur actif de l'organisation",
            p.admin
        )
    );
    assert_eq!(en.code, fr.code);
    let op = t.as_operator();
    op.suspend_org(&p.org, "invoice unpaid").await.expect(200);
    let (en, fr) = (
        op.suspend_org(&p.org, "again")
            .await
            .expect_error(409, "conflict"),
        in_french(t.as_operator())
            .suspend_org(&p.org, "again")
            .await
            .expect_error(409, "conflict"),
    );
    assert_eq!(en.message, "the organisation is already suspended");
    assert_eq!(fr.message, "l'organisation est déjà suspendue");
    op.resume_org(&p.org).await.expect(200);

    // 429: an invitation mailed again too soon.
    admin.invite(&artist, "member").await.expect(201);
    let (en, fr) = (
        admin
            .invite(&artist, "member")
            .await
            .expect_error(429, "mail_cooldown"),
        admin_fr
            .invite(&artist, "member")
            .await
            .expect_error(429, "mail_cooldown"),
    );
    assert!(
        en.message.contains("less than 10 minutes ago"),
        "{}",
        en.message
    );
    assert_eq!(
        fr.message,
        format!("une invitation a été envoyée à {artist} il y a moins de 10 minutes ; elle pourra être renvoyée ensuite")
    );

    // 401: no identity; 403: a member where only admins may go.
    let (en, fr) = (
        t.client(Caller::Anonymous)
            .me()
            .await
            .expect_error(401, "unauthenticated"),
        in_french(t.client(Caller::Anonymous))
            .me()
            .await
            .expect_error(401, "unauthenticated"),
    );
    assert_eq!(en.message, "sign in to use the portal");
    assert_eq!(fr.message, "connectez-vous pour utiliser le portail");
    let member = in_french(t.as_user(&artist));
    let fr = member.banks().await.expect_error(403, "forbidden");
    assert_eq!(
        fr.message,
        "seuls les administrateurs de l'organisation peuvent faire ceci"
    );
    let en = t
        .as_user(&artist)
        .banks()
        .await
        .expect_error(403, "forbidden");
    assert_eq!(
        en.message,
        "only administrators of the organisation can do this"
    );
}

/// Mail is written in its recipient's language (their membership's), else in their
/// organisation's, else in English; an invitation to someone new follows the organisation.
#[tokio::test]
async fn each_mail_is_in_its_recipients_language_else_the_organisations() {
    use elp_tests::mails_to;
    use serde_json::json;
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let admin = t.as_admin(&p);
    // The organisation reads French; one member chose French too, another English.
    admin
        .send("PATCH", "/v1/org", Some(&json!({ "language": "fr" })))
        .await
        .expect(200);
    let (french, english) = (elp_tests::person(), elp_tests::person());
    for (who, language) in [(&french, "fr"), (&english, "en")] {
        admin.invite_with_default_role(who).await.expect(201);
        t.as_user(who)
            .send("PATCH", "/v1/me", Some(&json!({ "language": language })))
            .await
            .expect(200);
        admin
            .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(who))
            .await;
    }
    assert_eq!(t.drain().await.failed, 0);
    let licence_mail = |to: &str, subject: &str| {
        mails_to(to)
            .into_iter()
            .find(|m| m.subject == subject)
            .unwrap_or_else(|| panic!("{subject:?} to {to}: {:?}", mails_to(to)))
    };
    let fr = licence_mail(&french, "Votre licence Harmony Premium");
    assert!(
        fr.text().contains("Une licence vous a été attribuée.")
            && fr.text().contains("Code d'activation :")
            && fr.text().contains("du 2 mars 2026 au 2 avril 2026"),
        "{}",
        fr.text()
    );
    assert!(fr.html().contains("<html lang=\"fr\">"));
    let en = licence_mail(&english, "Your Harmony Premium licence");
    assert!(
        en.text().contains("A licence was assigned to you.")
            && en.text().contains("from 2 March 2026 until 2 April 2026"),
        "{}",
        en.text()
    );
    assert!(en.html().contains("<html lang=\"en\">"));

    // Someone new, invited by a French-speaking organisation (with a licence) and by one that
    // chose no language.
    let newcomer = elp_tests::person();
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&newcomer))
        .await;
    let other = t.provision(BankSpec::portable(10)).await;
    let stranger = elp_tests::person();
    t.as_admin(&other)
        .invite_with_default_role(&stranger)
        .await
        .expect(201);
    assert_eq!(t.drain().await.failed, 0);
    let mails = mails_to(&newcomer);
    let invited = mails
        .iter()
        .find(|m| m.subject.contains("vous invite à rejoindre Studio Nord"))
        .unwrap_or_else(|| panic!("a French invitation: {mails:?}"));
    assert!(
        invited.text().contains("Bonjour,")
            && invited.text().contains("valable jusqu'au 1er avril 2026"),
        "{}",
        invited.text()
    );
    assert!(invited.html().contains("<html lang=\"fr\">"));
    assert!(mails
        .iter()
        .any(|m| m.subject == "Votre licence Harmony Premium"));
    let mails = mails_to(&stranger);
    let invited = mails
        .iter()
        .find(|m| m.subject.contains("invited you to"))
        .unwrap_or_else(|| panic!("an English invitation: {mails:?}"));
    assert!(
        invited.text().contains("open until 1 April 2026"),
        "{}",
        invited.text()
    );
    assert!(invited.html().contains("<html lang=\"en\">"));
}

/// What a licence cannot do, and what to do instead, in the reader's language; the codes the
/// same in every language.
#[tokio::test]
async fn why_not_is_said_in_the_readers_language() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::older(100)).await;
    let (_, done) = t
        .as_admin(&p)
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 1).to(&p.admin))
        .await;
    let code = &done.licenses[0].code;
    let read = |lang: &'static str| {
        let admin = t.as_admin(&p).with_header("accept-language", lang);
        async move {
            admin
                .send("GET", &format!("/v1/licenses/{code}"), None)
                .await
                .expect_as::<elp_tests::api::License>(200)
        }
    };
    let (en, fr) = (read("en").await, read("fr").await);
    let (en, fr) = (
        en.why_not.r#return.expect("not portable"),
        fr.why_not.r#return.expect("not portable"),
    );
    assert_eq!(
        (en.code.as_str(), fr.code.as_str()),
        ("not_portable", "not_portable")
    );
    assert!(
        en.hint.as_deref().is_some_and(|h| h.contains("support")),
        "{en:?}"
    );
    assert!(
        fr.hint
            .as_deref()
            .is_some_and(|h| h.contains("service d'assistance")),
        "{fr:?}"
    );
    assert_ne!(en.message, fr.message);
}

#[tokio::test]
async fn the_audit_trail_and_the_exports_answer_are_said_in_the_readers_language() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(100)).await;
    let artist = elp_tests::person();
    let admin = t.as_admin(&p);
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 2, 3).to(&artist))
        .await;
    // A quote's summary is said in the reader's language too.
    let quoted = t
        .as_admin(&p)
        .with_header("accept-language", "fr")
        .quote(&Generate::node_lock(&p.bank, 1, 2).to(&artist))
        .await
        .expect(200);
    assert!(
        quoted
            .quote
            .summary
            .starts_with("2 licences node lock (un ordinateur chacune), 1 mois : 2 crédits, du "),
        "{}",
        quoted.quote.summary
    );
    let queued = admin
        .with_header("accept-language", "fr")
        .email_export()
        .await
        .expect(202);
    assert_eq!(
        queued.message,
        format!("L'export est envoyé par courriel à {}.", p.admin)
    );
    let (en, fr) = (
        t.as_admin(&p).audit().await.expect(200).events,
        t.as_admin(&p)
            .with_header("accept-language", "fr-FR")
            .audit()
            .await
            .expect(200)
            .events,
    );
    let find = |events: &[elp_tests::api::AuditEvent], action: &str| {
        events
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("a {action} event"))
            .clone()
    };
    let (generated_en, generated_fr) = (
        find(&en, "license_generated"),
        find(&fr, "license_generated"),
    );
    assert!(
        generated_en
            .detail
            .starts_with(&format!("node lock for {artist}: 3 node-lock licences (one computer each), 2 months: 6 credits, from ")),
        "{}",
        generated_en.detail
    );
    assert!(
        generated_fr.detail.starts_with(&format!(
            "node lock pour {artist} : 3 licences node lock (un ordinateur chacune), 2 mois : 6 crédits, du "
        )) && generated_fr.detail.ends_with("il restera 94 crédits dans la banque."),
        "{}",
        generated_fr.detail
    );
    // The same event: only the words differ.
    assert_eq!(
        (
            &generated_en.subject,
            generated_en.credits,
            &generated_en.at
        ),
        (
            &generated_fr.subject,
            generated_fr.credits,
            &generated_fr.at
        )
    );
    let created = find(&fr, "bank_created");
    assert!(
        created
            .detail
            .starts_with("banque Harmony Premium 25.1 de 100 crédits (100 accordés) du "),
        "{}",
        created.detail
    );
    assert_eq!(
        created.actor_label,
        "ops@vendor.example (fournisseur de licences)"
    );
    assert_eq!(
        find(&fr, "licenses_exported").detail,
        "export CSV envoyé par courriel (demandé par courriel)"
    );
}
