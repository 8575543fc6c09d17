//! Draining the outbox: right after a commit for the mail it wrote, and on a schedule for
//! whatever is still pending (SES was down, the function timed out).

use chrono::Duration;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::store::{OutboxMail, Store, StoreError};

use super::{templates, Letter, Mail, Mailer};

/// How long a sender holds a mail before another may try it.
const LEASE_SECONDS: i64 = 60;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
    /// Already sent, or held by another sender.
    pub skipped: usize,
}

/// Tries to send each mail once now. A failure leaves the mail pending; it never fails the
/// request that wrote it.
pub async fn deliver(
    store: &Store,
    mailer: &Mailer,
    clock: &dyn Clock,
    mails: &[OutboxMail],
) -> Delivery {
    let mut delivery = Delivery::default();
    for outbox_mail in mails {
        match deliver_one(store, mailer, clock, outbox_mail).await {
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

/// The mail a letter becomes: licence notices get the product's name and the download links
/// the organisation's version policy allows at the time of sending.
pub async fn render(
    store: &Store,
    mailer: &Mailer,
    today: elp_core::Date,
    letter: &Letter,
) -> Result<Mail, StoreError> {
    let (portal_url, gzip_above) = (mailer.portal_url(), mailer.gzip_above());
    match letter {
        Letter::Ready { mail } => Ok(mail.clone()),
        Letter::License(notice) => {
            let catalog = store.get_catalog().await?;
            let policy = store.get_policy(&notice.org, &notice.product).await?;
            let product = catalog.product(&notice.product);
            let name = product.map_or_else(|| notice.product.to_string(), |p| p.name.clone());
            let releases: Vec<_> = product
                .map(|p| policy.visible(p).cloned().collect())
                .unwrap_or_default();
            Ok(templates::license(notice, &name, &releases, portal_url))
        }
        Letter::Export { to, org } => {
            let csv = crate::service::exports::write_csv(store, org, today, Vec::new()).await?;
            Ok(templates::export(to, csv, gzip_above, today, portal_url))
        }
        Letter::Invitation(invite) => {
            let org = store.get_org(&invite.org).await?;
            let name = org.map_or_else(|| "your organisation".to_string(), |o| o.name);
            Ok(templates::invitation(
                &invite.to,
                &name,
                &invite.inviter,
                invite.role,
                portal_url,
            ))
        }
    }
}

async fn deliver_one(
    store: &Store,
    mailer: &Mailer,
    clock: &dyn Clock,
    m: &OutboxMail,
) -> Result<bool, StoreError> {
    if !store
        .claim_mail(&m.id, clock.now(), Duration::seconds(LEASE_SECONDS))
        .await?
    {
        return Ok(false);
    }
    let mail = match render(store, mailer, clock.today(), &m.letter).await {
        Ok(mail) => mail,
        Err(e) => {
            store.release_mail(&m.id, &e.to_string()).await?;
            return Err(e);
        }
    };
    match mailer.send(&mail).await {
        Ok(message_id) => {
            store
                .mark_mail_sent(&m.id, &message_id, clock.now())
                .await?;
            Ok(true)
        }
        Err(e) => {
            store.release_mail(&m.id, &e.to_string()).await?;
            Err(StoreError::Unavailable(e.to_string()))
        }
    }
}

/// Sends what is pending, oldest first, up to `limit` mails (the scheduled sender's job).
pub async fn deliver_pending(
    store: &Store,
    mailer: &Mailer,
    clock: &dyn Clock,
    limit: i32,
) -> Result<Delivery, StoreError> {
    let pending = store.pending_mail(limit).await?;
    let delivery = deliver(store, mailer, clock, &pending).await;
    info!(
        pending = pending.len(),
        sent = delivery.sent,
        failed = delivery.failed,
        "outbox drained"
    );
    Ok(delivery)
}
