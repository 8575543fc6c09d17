//! The daily jobs on banks reaching their expiry: forfeit what expired banks still hold (and
//! tell the admins), and warn admins 30, 7 and 1 days before. Both read only the sparse `due`
//! index, and both are safe to run twice or at once: every step is a conditional write.

use std::collections::HashMap;

use elp_core::{decide, Membership, OrgId};

use super::app::App;
use crate::store::{OutboxMail, Outcome, StoreError};

#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Banks the index returned.
    pub examined: usize,
    /// Banks this run expired or warned about.
    pub acted: usize,
    /// Banks another run had already handled.
    pub skipped: usize,
    /// Credits forfeited by this run.
    pub forfeited: u64,
    /// Licences of extended banks this run brought up to date (that the extension itself
    /// missed).
    pub licenses_updated: u32,
}

/// The people of each organisation a run mails, read once a run.
#[derive(Default)]
struct People(HashMap<OrgId, Vec<Membership>>);

impl People {
    async fn of(&mut self, app: &App, org: &OrgId) -> Result<&[Membership], StoreError> {
        if !self.0.contains_key(org) {
            let members = app.store.all_users(org).await?;
            self.0.insert(org.clone(), members);
        }
        Ok(&self.0[org])
    }
}

/// An extension task is forgotten once its licences were checked this long after it: by then
/// the index has long shown every licence written before the extension.
const EXTENSION_SETTLES: chrono::Duration = chrono::Duration::minutes(5);

/// Brings the licences of extended banks up to date once more (an extension updates them at
/// once, but the index it reads may lag a write made a moment before), and forgets the tasks
/// that are old enough.
async fn settle_extensions(app: &App) -> Result<u32, StoreError> {
    let now = app.clock.now();
    let mut updated = 0;
    for task in app.store.pending_extensions().await? {
        updated += app.store.propagate_extension(&task).await?;
        if task.at + EXTENSION_SETTLES <= now {
            app.store.finish_extension(&task).await?;
        }
    }
    Ok(updated)
}

/// Expires every bank whose expiry date has come: its unused credits are forfeited.
pub async fn expire_banks(app: &App) -> Result<Report, StoreError> {
    let licenses_updated = settle_extensions(app).await?;
    let now = app.clock.now();
    let today = now.date_naive();
    let due = app.store.banks_due(None, today).await?;
    let mut people = People::default();
    let mut report = Report {
        examined: due.len(),
        licenses_updated,
        ..Report::default()
    };
    for d in &due {
        let bank = &d.bank;
        let Some(expiry) = decide::bank_expiry(bank, now) else {
            continue;
        };
        let letters = expiry.letters(bank, people.of(app, &bank.org).await?);
        let mails = OutboxMail::all(letters, &bank.org, now)?;
        match app
            .store
            .expire_bank(bank, today, &expiry.audit, &mails)
            .await?
        {
            Outcome::Done => {
                report.acted += 1;
                report.forfeited += u64::from(expiry.forfeited.get());
            }
            Outcome::AlreadyDone => report.skipped += 1,
        }
    }
    tracing::info!(
        examined = report.examined,
        expired = report.acted,
        skipped = report.skipped,
        forfeited = report.forfeited,
        licenses_updated = report.licenses_updated,
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
    let mut people = People::default();
    let mut report = Report {
        examined: due.len(),
        ..Report::default()
    };
    for d in &due {
        let bank = &d.bank;
        let Some(warning) = decide::expiry_warning(bank, d.warned, today) else {
            continue;
        };
        // What the warning says of the bank's future: its unexpired licences' renewals.
        let licenses = app
            .store
            .unexpired_licenses(&bank.org, Some(&bank.id), today)
            .await?;
        let letters = warning.letters(bank, &licenses, people.of(app, &bank.org).await?);
        let mails = OutboxMail::all(letters, &bank.org, now)?;
        match app.store.warn_bank(bank, warning.due, &mails).await? {
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
