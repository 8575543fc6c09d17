//! Invitations bind nobody who has not accepted for longer than they live: an invitation lapses
//! after 30 days unaccepted (then it lets nobody in, and another organisation may invite the
//! person), the invitee can decline it from the mail, and the operator can release an address a
//! pending invitation holds. Accepted memberships keep the one-organisation rule.

use elp_tests::api::{Role, UserStatus};
use elp_tests::{mails_to, person, BankSpec, Generate, TestApp};

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
    let query = link.split_once('?').unwrap().1;
    let mut email = None;
    let mut token = None;
    for pair in query.split('&') {
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

#[tokio::test]
async fn an_invitation_lapses_after_thirty_days_and_then_holds_nobody() {
    let t = TestApp::new().await;
    let a = t.provision(BankSpec::portable(10)).await;
    let b = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&a.admin).await;
    t.sign_in(&b.admin).await;
    let artist = person();
    let invited = t.as_admin(&a).invite(&artist, "member").await.expect(201);
    assert_eq!(
        invited.user.invitation_expires.as_deref(),
        Some("2026-04-01"),
        "30 days from 2026-03-02"
    );
    t.drain().await;
    let mail = mails_to(&artist).pop().unwrap();
    assert!(
        mail.text().contains("open until 1 April 2026"),
        "{}",
        mail.text()
    );
    // Before it lapses, the address is held: another organisation cannot invite them.
    t.at("2026-03-31", 0);
    t.as_admin(&b)
        .invite(&artist, "member")
        .await
        .expect_error(409, "member_of_another_organisation");
    // From its expiry date on it lets nobody in, and another organisation may invite them.
    t.at("2026-04-01", 0);
    let refused = t.as_user(&artist).me().await.expect_error(403, "forbidden");
    assert!(
        refused.message.contains("expired on 1 April 2026"),
        "{}",
        refused.message
    );
    let taken = t.as_admin(&b).invite(&artist, "member").await.expect(201);
    assert_eq!(taken.user.status, UserStatus::Invited);
    let a_users = t.as_admin(&a).users().await.expect(200).users;
    assert!(!a_users.iter().any(|u| u.email == artist), "gone from A");
    let me = t.as_user(&artist).me().await.expect(200);
    assert_eq!(
        (me.org.id.as_str(), me.status),
        (b.org.as_str(), UserStatus::Active)
    );
    // An accepted membership never lapses.
    t.at("2027-01-01", 0);
    t.as_admin(&a)
        .invite(&artist, "member")
        .await
        .expect_error(409, "member_of_another_organisation");
}

#[tokio::test]
async fn inviting_again_reopens_a_pending_invitation_with_a_fresh_expiry() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let artist = person();
    let admin = t.as_admin(&p);
    admin.invite(&artist, "member").await.expect(201);
    t.drain().await;
    let (_, first_token) = decline_link(&artist);
    t.at("2026-03-20", 0);
    let again = admin.invite(&artist, "member").await.expect(200);
    assert_eq!(again.user.invitation_expires.as_deref(), Some("2026-04-19"));
    t.drain().await;
    let (email, token) = decline_link(&artist);
    assert_ne!(token, first_token, "a fresh token");
    // Only the latest mail's link declines.
    t.anonymous()
        .decline_invitation(&email, &first_token)
        .await
        .expect_error(404, "not_found");
    t.at("2026-04-10", 0);
    let me = t.as_user(&artist).me().await.expect(200);
    assert_eq!(
        me.status,
        UserStatus::Active,
        "still open thanks to the new invitation"
    );
    let users = admin.users().await.expect(200).users;
    let user = users.iter().find(|u| u.email == artist).unwrap();
    assert_eq!(user.invitation_expires, None, "accepted: no expiry");
}

#[tokio::test]
async fn the_invitee_declines_from_the_mail_without_signing_in() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    t.sign_in(&p.admin).await;
    let admin = t.as_admin(&p);
    let artist = person();
    admin.invite(&artist, "member").await.expect(201);
    t.drain().await;
    let (email, token) = decline_link(&artist);
    assert_eq!(email, artist);
    let nobody = t.anonymous();
    nobody
        .decline_invitation(&artist, "not-the-token")
        .await
        .expect_error(404, "not_found");
    nobody
        .decline_invitation(&person(), &token)
        .await
        .expect_error(404, "not_found");
    let declined = nobody.decline_invitation(&email, &token).await.expect(200);
    assert_eq!(declined.declined, artist);
    nobody
        .decline_invitation(&email, &token)
        .await
        .expect_error(404, "not_found");
    let users = admin.users().await.expect(200).users;
    assert!(!users.iter().any(|u| u.email == artist));
    let audit = admin.audit().await.expect(200);
    assert!(audit
        .events
        .iter()
        .any(|e| e.action == "invitation_declined" && e.subject == artist));
    // The address is free: anyone may invite them again (once the mail cooldown is over).
    t.at(elp_tests::TODAY, 10);
    admin.invite(&artist, "member").await.expect(201);

    // An invitation that came with licences is not declined while they are held.
    let recipient = person();
    admin
        .quote_and_generate(&Generate::node_lock(&p.bank, 1, 1).to(&recipient))
        .await;
    t.drain().await;
    let (email, token) = decline_link(&recipient);
    nobody
        .decline_invitation(&email, &token)
        .await
        .expect_error(409, "holds_licenses");
    // Someone who accepted cannot decline.
    let accepted = person();
    admin.invite(&accepted, "member").await.expect(201);
    t.drain().await;
    let (email, token) = decline_link(&accepted);
    t.sign_in(&accepted).await;
    nobody
        .decline_invitation(&email, &token)
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn the_operator_releases_a_pending_invitation_and_invites_a_new_first_admin() {
    let t = TestApp::new().await;
    let p = t.provision(BankSpec::portable(10)).await;
    let operator = t.as_operator();
    // The first admin never accepted: their invitation lapses; the operator invites another.
    t.at("2026-04-01", 0);
    t.as_admin(&p).banks().await.expect_error(403, "forbidden");
    let deputy = person();
    let invited = operator.invite_admin(&p.org, &deputy).await.expect(201);
    assert_eq!(
        (invited.user.role, invited.user.status),
        (Role::Admin, UserStatus::Invited)
    );
    t.drain().await;
    assert!(mails_to(&deputy)
        .iter()
        .any(|m| m.text().contains("as an administrator")));
    t.sign_in(&deputy).await;
    let admin = t.as_user(&deputy);
    admin.banks().await.expect(200);
    operator
        .invite_admin("o_nothing", &person())
        .await
        .expect_error(404, "not_found");

    // A new customer's onboarding needs an address a pending invitation holds.
    let newcomer = person();
    admin.invite(&newcomer, "member").await.expect(201);
    let released = operator.release_invitation(&newcomer).await.expect(200);
    assert_eq!(
        (released.released.as_str(), released.org.as_str()),
        (newcomer.as_str(), p.org.as_str())
    );
    let other = t.provision(BankSpec::older(5)).await;
    t.as_operator()
        .invite_admin(&other.org, &newcomer)
        .await
        .expect(201);
    let audit = admin.audit().await.expect(200);
    assert!(audit
        .events
        .iter()
        .any(|e| e.action == "invitation_released"
            && e.subject == newcomer
            && e.actor == "operator:op-1 ops@vendor.example"));
    // Accepted memberships are not the operator's to release, nor is an unknown address.
    operator
        .release_invitation(&deputy)
        .await
        .expect_error(409, "conflict");
    operator
        .release_invitation(&person())
        .await
        .expect_error(404, "not_found");
    admin
        .release_invitation(&newcomer)
        .await
        .expect_error(403, "forbidden");
}
