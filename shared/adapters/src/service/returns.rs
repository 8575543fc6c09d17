//! Returning a licence and assigning a returned one: only for portable banks of version 25.1 or
//! later. No credits move. One batch read, one decision and one transaction each.

use chrono::{DateTime, Utc};
use elp_core::activation;
use elp_core::decide::{self, Newcomer, Reassignment, Return};
use elp_core::{AuditEvent, Email, Letter, License};
use serde::Deserialize;

use super::access::{invitation_terms, own, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, Once, RequestKey};
use super::licenses::path_code;
use super::reply::{reply, Reply, Status};
use super::views::LicenseView;
use crate::store::{LicenseWrite, OutboxMail, Recipient, Wanted};

pub async fn return_license(
    app: &App,
    caller: &Caller,
    code: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let wanted = Wanted {
        license: Some(&code),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let license = own(read.pre.license, |l| &l.org, &read.me, "licence")?;
        let now = app.clock.now();
        let Return {
            license: returned,
            former,
            audit,
            letters,
        } = decide::license_return(&read.me, &license, now)?;
        // The former assignee holds one licence less.
        let recipient = Recipient::Member(&former, &read.me.org, -1);
        // Every machine of the licence is released with it (its epoch moves on).
        let released = activation::return_released_event(&license, read.me.actor(), now);
        let answer = commit(
            app,
            once,
            now,
            &license,
            &returned,
            recipient,
            &audit,
            letters,
            caller.lang,
            Some(released),
        )
        .await?;
        // The seats the return freed are free whatever they say; deleting them is tidying.
        if let Err(e) = app.store.tidy_seats(&license.code).await {
            tracing::warn!(error = %e, "the seats of a returned licence were not tidied");
        }
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub email: String,
}

pub async fn assign(
    app: &App,
    caller: &Caller,
    code: &str,
    input: AssignInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let to = Email::parse("email", &input.email)?;
    let wanted = Wanted {
        license: Some(&code),
        other: Some(&to),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let license = own(read.pre.license, |l| &l.org, &read.me, "licence")?;
        let now = app.clock.now();
        let terms = invitation_terms(app)?;
        let newcomer = Newcomer {
            email: &to,
            membership: read.pre.other.as_ref(),
            terms: &terms,
        };
        let Reassignment {
            license: assigned,
            joining,
            audit,
            letters,
        } = decide::assignment(&read.me, &license, newcomer, now)?;
        let recipient = match &joining {
            Some(member) => Recipient::Joins(member, 1),
            None => Recipient::Member(&to, &read.me.org, 1),
        };
        commit(
            app,
            once,
            now,
            &license,
            &assigned,
            recipient,
            &audit,
            letters,
            caller.lang,
            None,
        )
        .await
    })
    .await
}

/// Writes the licence as it now is over the one that was read, and answers it.
#[allow(clippy::too_many_arguments)]
async fn commit(
    app: &App,
    once: &Once,
    now: DateTime<Utc>,
    before: &License,
    after: &License,
    recipient: Recipient<'_>,
    audit: &AuditEvent,
    letters: Vec<Letter>,
    lang: elp_l10n::Lang,
    released: Option<AuditEvent>,
) -> Result<Reply, Error> {
    let answer = reply(Status::Ok, LicenseView::of(after, now.date_naive(), lang))?;
    app.store
        .write_licenses(LicenseWrite {
            licenses: std::slice::from_ref(after),
            previous: Some(before),
            draw: None,
            recipient,
            audit,
            mails: &OutboxMail::all(letters, &after.org, now)?,
            idempotency: once.record(&answer).as_ref(),
            releases_machines: released.as_ref(),
        })
        .await?;
    Ok(answer)
}
