//! The outbox sender's use case: each letter a change committed is rendered into a mail with
//! what is true when it is sent (the product's name, the organisation's name, the downloads the
//! version policy allows, the CSV of an export) and handed to SES. Right after a change for the
//! letters it wrote, and on a schedule for whatever is still pending (SES was down, the function
//! timed out, a budget held it back).
//!
//! Fair and self-healing: organisations with mail waiting are served in turn, at most
//! [`PER_ORG`] mails each a run, from a rotating start, so one organisation's flood never holds
//! another's back; each mail counts in its organisation's daily budget (over it, the mail waits
//! for the next day); a failed mail is tried again later and later (`elp_core::limits::retry_at`)
//! and, after its last attempt, is dead: kept for the operator and counted in a metric. Exports
//! have a lane of their own, one at a time, after the regular mail; an export goes only to
//! someone who is still an admin of its organisation when it is sent.

use chrono::Duration;
use elp_core::limits::{budget_day, may_receive_export, next_budget_day, retry_at};
use elp_core::Letter;
use tracing::{info, warn};

use super::app::App;
use super::exports::export_file;
use crate::mail::{templates, Mail};
use crate::store::{Budget, MailContext, OutboxMail, StoreError, Waiting};
use elp_l10n::Lang;

/// How long a sender holds a mail before another may try it.
const LEASE_SECONDS: i64 = 60;

/// How long a sender holds an export: longer than the outbox function may run (its timeout,
/// 300 s in the template), so a large export still being written is never rendered twice.
const EXPORT_LEASE_SECONDS: i64 = 360;

/// Mails one run sends at most.
pub const BATCH: i32 = 100;

/// Mails of one organisation one run sends at most (so a run serves at least ten).
pub const PER_ORG: i32 = 10;

/// Exports one run renders at most (each reads the organisation's whole licence list).
pub const EXPORTS_PER_RUN: i32 = 2;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
    /// Already sent, or held by another sender.
    pub skipped: usize,
    /// Held back to the next day by their organisation's budget.
    pub deferred: usize,
    /// Failed their last attempt: dead.
    pub dead: usize,
    /// Not sent because their recipient may no longer receive them.
    pub cancelled: usize,
}

impl Delivery {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Sent => self.sent += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Deferred => self.deferred += 1,
            Outcome::Dead => self.dead += 1,
            Outcome::Cancelled => self.cancelled += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Skipped,
    Failed,
    Deferred,
    Dead,
    Cancelled,
}

/// Tries to send each mail once now. A failure leaves the mail pending; it never fails the
/// request that wrote it.
pub async fn deliver(app: &App, mails: &[OutboxMail]) -> Delivery {
    let mut delivery = Delivery::default();
    for mail in mails {
        delivery.add(deliver_logged(app, mail).await);
    }
    delivery
}

async fn deliver_logged(app: &App, mail: &OutboxMail) -> Outcome {
    match deliver_one(app, mail).await {
        Ok(outcome) => outcome,
        Err(e) => {
            warn!(mail = %mail.id, error = %e, "mail left in the outbox for a later attempt");
            Outcome::Failed
        }
    }
}

/// Sends what is due, at most `limit` mails: organisations in turn from a rotating start, at
/// most [`PER_ORG`] each, then at most [`EXPORTS_PER_RUN`] exports (the scheduled and
/// stream-triggered sender's job; tests and the local gateway call it after a change).
pub async fn deliver_pending(app: &App, limit: i32) -> Result<Delivery, StoreError> {
    let now = app.clock.now();
    let mut waiting = app.store.waiting_orgs().await?;
    // A rotating start: over runs, every organisation is served first as often as the others.
    if !waiting.is_empty() {
        let start = random_index(waiting.len());
        waiting.rotate_left(start);
    }
    let mut delivery = Delivery::default();
    let mut budget = limit.max(0);
    for org in &waiting {
        if budget == 0 {
            break;
        }
        let due = app
            .store
            .due_mail(&org.org, now, PER_ORG.min(budget))
            .await?;
        if due.is_empty() {
            forget_if_empty(app, org).await?;
            continue;
        }
        budget -= due.len() as i32;
        for mail in &due {
            delivery.add(deliver_logged(app, mail).await);
        }
    }
    for export in app.store.due_exports(now, EXPORTS_PER_RUN).await? {
        delivery.add(deliver_logged(app, &export).await);
    }
    info!(
        organisations = waiting.len(),
        sent = delivery.sent,
        failed = delivery.failed,
        deferred = delivery.deferred,
        dead = delivery.dead,
        cancelled = delivery.cancelled,
        "outbox drained"
    );
    metrics(&delivery, now);
    Ok(delivery)
}

/// An organisation whose queue is empty (nothing due, nothing waiting) leaves the list.
async fn forget_if_empty(app: &App, org: &Waiting) -> Result<(), StoreError> {
    if !app.store.has_mail(&org.org).await? {
        app.store.unmark(org).await?;
    }
    Ok(())
}

/// CloudWatch metrics in the embedded metric format: one log line that CloudWatch turns into
/// the `ELP` namespace's `DeadMail` and `DeferredMail` (the template alarms on dead mail).
fn metrics(delivery: &Delivery, now: chrono::DateTime<chrono::Utc>) {
    if delivery.dead == 0 && delivery.deferred == 0 {
        return;
    }
    let line = serde_json::json!({
        "_aws": {
            "Timestamp": now.timestamp_millis(),
            "CloudWatchMetrics": [{
                "Namespace": "ELP",
                "Dimensions": [[]],
                "Metrics": [
                    { "Name": "DeadMail", "Unit": "Count" },
                    { "Name": "DeferredMail", "Unit": "Count" }
                ]
            }]
        },
        "DeadMail": delivery.dead,
        "DeferredMail": delivery.deferred,
    });
    println!("{line}");
}

/// What a letter needs read besides its recipient and its organisation: the catalogue, and
/// the version policy of a product.
fn needs(letter: &Letter) -> (bool, Option<&elp_core::ProductId>) {
    match letter {
        Letter::License(notice) => (true, Some(&notice.product)),
        Letter::Invitation(_)
        | Letter::Returned { .. }
        | Letter::Export { .. }
        | Letter::AccessChanged { .. }
        | Letter::WebhookDisabled { .. } => (false, None),
        Letter::BankExpired { .. }
        | Letter::BankExpiring { .. }
        | Letter::CreditsRequested { .. }
        | Letter::CreditRequestGranted { .. }
        | Letter::CreditRequestDeclined { .. } => (true, None),
    }
}

/// What the sender reads for one mail, in one BatchGetItem (`Store::mail_context`).
pub async fn context(app: &App, mail: &OutboxMail) -> Result<MailContext, StoreError> {
    let (catalog, policy) = needs(&mail.letter);
    app.store
        .mail_context(mail.letter.to(), &mail.org, catalog, policy)
        .await
}

/// The mail a letter becomes now, in its reader's language (decision 92), with what `context`
/// read for it.
pub async fn render(
    app: &App,
    mail: &OutboxMail,
    context: &MailContext,
) -> Result<Mail, StoreError> {
    let mailer = &app.mailer;
    let portal_url = mailer.portal_url();
    let letter = &mail.letter;
    let organisation = context.org.as_ref().map(|o| &o.org);
    let lang = letter
        .language(&mail.org, context.recipient.as_ref(), organisation)
        .and_then(Lang::parse)
        .unwrap_or_default();
    let org_name = || {
        organisation.map_or_else(
            || elp_l10n::text(lang, "mail-your-organisation", &elp_l10n::Args::new()),
            |o| o.name.clone(),
        )
    };
    let catalog = &context.catalog;
    Ok(match letter {
        Letter::License(notice) => {
            let releases = catalog.releases_allowed(&notice.product, context.policy.as_ref());
            let name = catalog.product_name(&notice.product);
            templates::license(lang, notice, &name, &releases, portal_url)
        }
        Letter::Invitation(invite) => templates::invitation(
            lang,
            &invite.to,
            &org_name(),
            &invite.inviter,
            invite.role,
            invite.open.as_ref(),
            portal_url,
        ),
        Letter::Returned { to, code } => templates::returned(lang, to, code, portal_url),
        Letter::BankExpired {
            to,
            bank,
            forfeited,
        } => {
            let name = catalog.product_name(&bank.product);
            templates::bank_expired(lang, to, &name, bank, *forfeited, portal_url)
        }
        Letter::BankExpiring {
            to,
            bank,
            days,
            forecast,
        } => {
            let name = catalog.product_name(&bank.product);
            let forecast = forecast.as_ref().and_then(|f| f.message());
            templates::bank_expiring(lang, to, &name, bank, *days, forecast.as_ref(), portal_url)
        }
        Letter::Export { to, org } => {
            let today = app.today();
            let file = export_file(app, org, today).await?;
            templates::export(lang, to, file, today, portal_url)
        }
        Letter::CreditsRequested { to, request } => {
            let product = catalog.product_name(&request.product);
            // The mail's organisation is the one that asked.
            let org_name = organisation
                .filter(|o| o.id == request.org)
                .map_or_else(|| request.org.to_string(), |o| o.name.clone());
            templates::credits_requested(lang, to, &org_name, &product, request, portal_url)
        }
        Letter::CreditRequestGranted { to, request, bank } => {
            let name = catalog.product_name(&request.product);
            templates::credit_request_granted(lang, to, &name, request, bank, portal_url)
        }
        Letter::CreditRequestDeclined { to, request } => {
            let name = catalog.product_name(&request.product);
            templates::credit_request_declined(lang, to, &name, request, portal_url)
        }
        Letter::AccessChanged {
            to, before, after, ..
        } => templates::access_changed(lang, to, &org_name(), *before, *after, portal_url),
        Letter::WebhookDisabled { to, url, since, .. } => {
            templates::webhook_disabled(lang, to, &org_name(), url, since.date_naive(), portal_url)
        }
    })
}

async fn deliver_one(app: &App, m: &OutboxMail) -> Result<Outcome, StoreError> {
    let store = &app.store;
    let now = app.clock.now();
    let lease = Duration::seconds(match m.letter {
        Letter::Export { .. } => EXPORT_LEASE_SECONDS,
        _ => LEASE_SECONDS,
    });
    if !store.claim_mail(&m.id, now, lease).await? {
        return Ok(Outcome::Skipped);
    }
    // `claim_mail` counted this attempt.
    let attempts = m.attempts + 1;
    // The recipient, the organisation (its mail budget), and what the mail says of them. A read
    // that fails is an attempt that failed, like a render or a send (nothing counted yet).
    let read = match context(app, m).await {
        Ok(read) => read,
        Err(e) => return retry_or_bury(app, m, e.to_string(), attempts, now).await,
    };
    if let Letter::Export { org, .. } = &m.letter {
        if !may_receive_export(read.recipient.as_ref(), org, now.date_naive()) {
            store
                .cancel_mail(
                    &m.id,
                    "the recipient is no longer an admin of the organisation",
                    now,
                )
                .await?;
            info!(mail = %m.id, "export not sent: its recipient is no longer an admin");
            return Ok(Outcome::Cancelled);
        }
    }
    let day = budget_day(now);
    let budget = read
        .org
        .as_ref()
        .and_then(|o| o.mail_budget)
        .unwrap_or(app.config.limits.mail_budget);
    if store.count_mail(&m.org, day, budget).await? == Budget::Spent {
        store.postpone_mail(m, next_budget_day(now), None).await?;
        return Ok(Outcome::Deferred);
    }
    let failed = |e: String| async move {
        store.uncount_mail(&m.org, day).await?;
        retry_or_bury(app, m, e, attempts, now).await
    };
    let mail = match render(app, m, &read).await {
        Ok(mail) => mail,
        Err(e) => return failed(e.to_string()).await,
    };
    match app.mailer.send(&mail).await {
        Ok(message_id) => {
            store
                .mark_mail_sent(&m.id, &message_id, app.clock.now())
                .await?;
            Ok(Outcome::Sent)
        }
        Err(e) => failed(e.to_string()).await,
    }
}

/// A failed attempt: the mail is due again later, or dead after its last attempt.
async fn retry_or_bury(
    app: &App,
    m: &OutboxMail,
    e: String,
    attempts: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Outcome, StoreError> {
    match retry_at(now, attempts) {
        Some(later) => {
            app.store.postpone_mail(m, later, Some(&e)).await?;
            Err(StoreError::Unavailable(e))
        }
        None => {
            app.store.bury_mail(m, &e, now).await?;
            warn!(mail = %m.id, attempts, "mail dead after its last attempt");
            Ok(Outcome::Dead)
        }
    }
}

fn random_index(bound: usize) -> usize {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    (u64::from_le_bytes(b) % bound.max(1) as u64) as usize
}
