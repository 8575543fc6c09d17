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
