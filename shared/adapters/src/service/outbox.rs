//! The outbox sender's use case: each letter a change committed is rendered into a mail with
//! what is true when it is sent (the product's name, the organisation's name, the downloads the
//! version policy allows, the CSV of an export) and handed to SES. Right after a change for the
//! letters it wrote, and on a schedule for whatever is still pending (SES was down, the function
//! timed out).

use chrono::Duration;
use elp_core::Letter;
use tracing::{info, warn};

use super::app::App;
use super::exports::write_csv;
use crate::mail::{templates, Mail};
use crate::store::{OutboxMail, StoreError};

/// How long a sender holds a mail before another may try it.
const LEASE_SECONDS: i64 = 60;

/// Mails one scheduled run sends at most.
pub const BATCH: i32 = 100;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
    /// Already sent, or held by another sender.
    pub skipped: usize,
}

/// Tries to send each mail once now. A failure leaves the mail pending; it never fails the
/// request that wrote it.
pub async fn deliver(app: &App, mails: &[OutboxMail]) -> Delivery {
    let mut delivery = Delivery::default();
    for outbox_mail in mails {
        match deliver_one(app, outbox_mail).await {
            Ok(true) => delivery.sent += 1,
            Ok(false) => delivery.skipped += 1,
            Err(e) => {
                warn!(mail = %outbox_mail.id, error = %e, "mail left in the outbox for a later attempt");
                delivery.failed += 1;
            }
        }
    }
    delivery
}

/// Sends what is pending, oldest first, up to `limit` mails (the scheduled sender's job; tests
/// and the local gateway call it after a change). Failures stay for the next attempt.
pub async fn deliver_pending(app: &App, limit: i32) -> Result<Delivery, StoreError> {
    let pending = app.store.pending_mail(limit).await?;
    let delivery = deliver(app, &pending).await;
    info!(
        pending = pending.len(),
        sent = delivery.sent,
        failed = delivery.failed,
        "outbox drained"
    );
    Ok(delivery)
}

/// The mail a letter becomes now.
pub async fn render(app: &App, letter: &Letter) -> Result<Mail, StoreError> {
    let mailer = &app.mailer;
    let portal_url = mailer.portal_url();
    Ok(match letter {
        Letter::License(notice) => {
            let (catalog, policy) = tokio::join!(
                app.store.get_catalog(),
                app.store.get_policy(&notice.org, &notice.product)
            );
            let (catalog, policy) = (catalog?, policy?);
            let releases = catalog.releases_allowed(&notice.product, policy.as_ref());
            let name = catalog.product_name(&notice.product);
            templates::license(notice, &name, &releases, portal_url)
        }
        Letter::Invitation(invite) => {
            let org = app.store.get_org(&invite.org).await?;
            let name = org.map_or_else(|| "your organisation".to_string(), |o| o.name);
            templates::invitation(
                &invite.to,
                &name,
                &invite.inviter,
                invite.role,
                invite.open.as_ref(),
                portal_url,
            )
        }
        Letter::Returned { to, code } => templates::returned(to, code, portal_url),
        Letter::BankExpired {
            to,
            bank,
            forfeited,
        } => {
            let name = app.store.get_catalog().await?.product_name(&bank.product);
            templates::bank_expired(to, &name, bank, *forfeited, portal_url)
        }
        Letter::BankExpiring { to, bank, days } => {
            let name = app.store.get_catalog().await?.product_name(&bank.product);
            templates::bank_expiring(to, &name, bank, *days, portal_url)
        }
        Letter::Export { to, org } => {
            let today = app.today();
            let csv = write_csv(&app.store, org, today, Vec::new()).await?;
            templates::export(to, csv, mailer.gzip_above(), today, portal_url)
        }
    })
}

async fn deliver_one(app: &App, m: &OutboxMail) -> Result<bool, StoreError> {
    let store = &app.store;
    let lease = Duration::seconds(LEASE_SECONDS);
    if !store.claim_mail(&m.id, app.clock.now(), lease).await? {
        return Ok(false);
    }
    let mail = match render(app, &m.letter).await {
        Ok(mail) => mail,
        Err(e) => {
            store.release_mail(&m.id, &e.to_string()).await?;
            return Err(e);
        }
    };
    match app.mailer.send(&mail).await {
        Ok(message_id) => {
            store
                .mark_mail_sent(&m.id, &message_id, app.clock.now())
                .await?;
            Ok(true)
        }
        Err(e) => {
            store.release_mail(&m.id, &e.to_string()).await?;
            Err(StoreError::Unavailable(e.to_string()))
        }
    }
}
