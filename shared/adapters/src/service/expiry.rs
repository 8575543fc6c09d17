//! The daily jobs on banks reaching their expiry: forfeit what expired banks still hold (and
//! tell the admins), and warn admins 30, 7 and 1 days before. Both read only the sparse `due`
//! index, and both are safe to run twice or at once: every step is a conditional write.

use std::collections::HashMap;

use elp_core::{AuditAction, AuditEvent, Catalog, Email, OrgId, Role, UserStatus};

use crate::app::App;
use crate::mail::templates;
use crate::store::{OutboxMail, Outcome, StoreError};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Banks the index returned.
    pub examined: usize,
    /// Banks this run expired or warned about.
    pub acted: usize,
    /// Banks another run had already handled.
    pub skipped: usize,
    /// Credits forfeited by this run.
    pub forfeited: u64,
}

/// The admins who can use the portal (active or invited), per organisation, read once a run.
async fn admins(
    app: &App,
    org: &OrgId,
    cache: &mut HashMap<OrgId, Vec<Email>>,
) -> Result<Vec<Email>, StoreError> {
    if let Some(found) = cache.get(org) {
        return Ok(found.clone());
    }
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = app.store.list_users(org, cursor.as_deref(), 100).await?;
        found.extend(
            page.items
                .into_iter()
                .filter(|m| m.role == Role::Admin && m.status != UserStatus::Inactive)
                .map(|m| m.email),
        );
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    cache.insert(org.clone(), found.clone());
    Ok(found)
}

fn product_name(catalog: &Catalog, bank: &elp_core::Bank) -> String {
    catalog
        .product(&bank.product)
        .map_or_else(|| bank.product.to_string(), |p| p.name.clone())
}

/// Expires every bank whose expiry date has come: its unused credits are forfeited.
pub async fn expire_banks(app: &App) -> Result<Report, StoreError> {
    let now = app.clock.now();
    let today = now.date_naive();
    let due = app.store.banks_due(None, today).await?;
    let catalog = app.store.get_catalog().await?;
    let mut cache = HashMap::new();
    let mut report = Report {
        examined: due.len(),
        ..Report::default()
    };
    for d in due.iter().filter(|d| d.bank.is_due_to_expire(today)) {
        let bank = &d.bank;
        let forfeited = bank.forfeitable();
        let name = product_name(&catalog, bank);
        let mails = admins(app, &bank.org, &mut cache)
            .await?
            .iter()
            .map(|to| {
                OutboxMail::new(
                    templates::bank_expired(to, &name, bank, forfeited, &app.config.portal_url),
                    now,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let audit = AuditEvent {
            org: bank.org.clone(),
            at: now,
            actor: "scheduler".into(),
            action: AuditAction::BankExpired,
            subject: format!("{} {}", bank.product, bank.version),
            bank: Some(bank.id.clone()),
            credits: -i64::from(forfeited.get()),
            detail: format!(
                "expired on {}; {forfeited} unused credit(s) forfeited",
                bank.expiry
            ),
        };
        match app.store.expire_bank(bank, today, &audit, &mails).await? {
            Outcome::Done => {
                report.acted += 1;
                report.forfeited += u64::from(forfeited.get());
            }
            Outcome::AlreadyDone => report.skipped += 1,
        }
    }
    tracing::info!(
        examined = report.examined,
        expired = report.acted,
        skipped = report.skipped,
        forfeited = report.forfeited,
        "expire-banks"
    );
    Ok(report)
}

/// Warns admins of banks with unused credits expiring within 30, 7 or 1 days.
pub async fn warn_expiring(app: &App) -> Result<Report, StoreError> {
    let now = app.clock.now();
    let today = now.date_naive();
    let horizon = today + chrono::Days::new(u64::from(elp_core::bank::WARNING_DAYS[0]));
    let due = app
        .store
        .banks_due(Some(today + chrono::Days::new(1)), horizon)
        .await?;
    let catalog = app.store.get_catalog().await?;
    let mut cache = HashMap::new();
    let mut report = Report {
        examined: due.len(),
        ..Report::default()
    };
    for d in &due {
        let Some(days) = d.bank.warning_due(today, d.warned) else {
            continue;
        };
        let bank = &d.bank;
        let name = product_name(&catalog, bank);
        let days_left = (bank.expiry - today).num_days();
        let mails = admins(app, &bank.org, &mut cache)
            .await?
            .iter()
            .map(|to| {
                OutboxMail::new(
                    templates::bank_expiring(to, &name, bank, days_left, &app.config.portal_url),
                    now,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        match app.store.warn_bank(bank, days, &mails).await? {
            Outcome::Done => report.acted += 1,
            Outcome::AlreadyDone => report.skipped += 1,
        }
    }
    tracing::info!(
        examined = report.examined,
        warned = report.acted,
        skipped = report.skipped,
        "expiry-warnings"
    );
    Ok(report)
}
