//! Draining the outbox: right after a commit for the mail it wrote, and on a schedule for
//! whatever is still pending (SES was down, the function timed out).

use chrono::Duration;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::store::{OutboxMail, Store, StoreError};

use super::Mailer;

/// How long a sender holds a mail before another may try it.
const LEASE_SECONDS: i64 = 60;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
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
    match mailer.send(&m.mail).await {
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
