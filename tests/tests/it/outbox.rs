//! The outbox against the SES emulator: an SES outage delays mail but loses none, and a drained
//! outbox sends nothing twice.

use elp_adapters::service::outbox::deliver_pending;
use elp_tests::{dead_endpoint, mails_to, ses_endpoint, unique, TestApp};

#[tokio::test]
async fn an_ses_outage_delays_the_invitation_but_loses_nothing() {
    // SES is down while the operator creates the organisation.
    let t = TestApp::with_ses(&dead_endpoint()).await;
    let admin = format!("{}@studio.example", unique("outage-"));
    let created = t
        .as_operator()
        .create_org("Studio <Sud> & Co", &admin)
        .await;
    assert_eq!(
        created.status, 201,
        "the change commits without SES: {created:?}"
    );
    let attempt = t.drain().await;
    assert_eq!((attempt.sent, attempt.failed), (0, 1));
    assert!(mails_to(&admin).is_empty());
    let pending = t.app.store.pending_mail(10).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].attempts, 1, "one failed attempt recorded");

    // SES is back, but the failed mail is not due again until its backoff (30 s) has passed.
    let back = t.remail(ses_endpoint()).await;
    let early = deliver_pending(&back, 25).await.unwrap();
    assert_eq!(
        (early.sent, early.failed),
        (0, 0),
        "not tried again before it is due"
    );
    // Then the scheduled sender delivers it, once.
    t.at(elp_tests::TODAY, 1);
    let delivery = deliver_pending(&back, 25).await.unwrap();
    assert_eq!((delivery.sent, delivery.failed), (1, 0));
    let mails = mails_to(&admin);
    assert_eq!(mails.len(), 1);
    let html = mails[0].html();
    assert!(
        html.contains("Studio &lt;Sud&gt; &amp; Co"),
        "names are escaped in HTML"
    );
    assert!(back.store.pending_mail(10).await.unwrap().is_empty());
    let again = deliver_pending(&back, 25).await.unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(mails_to(&admin).len(), 1, "nothing sent twice");
}
