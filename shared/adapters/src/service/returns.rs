//! Returning a licence and assigning a returned one: only for portable banks of version 25.1 or
//! later. No credits move. One batch read and one transaction each.

use elp_core::{AuditAction, AuditEvent, Email, License, Membership, Refusal, Role};
use lambda_http::http::StatusCode;
use serde::Deserialize;

use super::access::{admin, own};
use super::licenses::{joining, path_code};
use super::views::LicenseView;
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, Reply};
use crate::mail::{templates, InvitationLetter, LicenseEvent, LicenseLetter};
use crate::store::{LicenseWrite, OutboxMail, Recipient, Wanted};

pub async fn return_license(
    app: &App,
    caller: &Email,
    code: &str,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = return_once(app, caller, code, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn return_once(
    app: &App,
    caller: &Email,
    code: &str,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        license: Some(&code),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    let now = app.clock.now();
    let today = now.date_naive();
    license.check_returnable(today)?;
    let former = license.assignee().cloned().ok_or(Refusal::NotAssigned)?;
    let returned = license.clone().returned(today);
    let mail = OutboxMail::new(
        templates::returned(&former, &license.code, &app.config.portal_url),
        now,
    )?;
    let audit = AuditEvent {
        org: me.org.clone(),
        at: now,
        actor: caller.to_string(),
        action: AuditAction::LicenseReturned,
        subject: license.code.to_string(),
        bank: Some(license.bank.id.clone()),
        credits: 0,
        detail: format!("returned by {former}"),
    };
    // The former assignee holds one licence less.
    commit(
        app,
        &license,
        &returned,
        Recipient::Member(&former, &me.org, -1),
        &audit,
        &[mail],
        idempotency,
        today,
    )
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub email: String,
}

pub async fn assign(
    app: &App,
    caller: &Email,
    code: &str,
    input: AssignInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = assign_once(app, caller, code, input, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn assign_once(
    app: &App,
    caller: &Email,
    code: &str,
    input: AssignInput,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let to = Email::parse("email", &input.email)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        license: Some(&code),
        other: Some(&to),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    let now = app.clock.now();
    let today = now.date_naive();
    license.check_assignable(today)?;
    let joins = joining(&me, &to, pre.other.as_ref())?;
    let assigned = license.clone().assigned(to.clone(), today);
    let mut mails = vec![OutboxMail::new(
        LicenseLetter {
            to: to.clone(),
            event: LicenseEvent::Assigned,
            org: me.org.clone(),
            product: license.product.clone(),
            license_type: license.license_type,
            codes: vec![license.code.clone()],
            start: license.start(),
            expiry: license.expiry(),
            computers: license.computers(),
        },
        now,
    )?];
    let new_member = Membership::invited(to.clone(), me.org.clone(), Role::Member, today);
    if joins {
        mails.push(OutboxMail::new(
            InvitationLetter {
                to: to.clone(),
                org: me.org.clone(),
                inviter: caller.to_string(),
                role: Role::Member,
            },
            now,
        )?);
    }
    let audit = AuditEvent {
        org: me.org.clone(),
        at: now,
        actor: caller.to_string(),
        action: AuditAction::LicenseAssigned,
        subject: license.code.to_string(),
        bank: Some(license.bank.id.clone()),
        credits: 0,
        detail: format!("assigned to {to}"),
    };
    let recipient = if joins {
        Recipient::Joins(&new_member, 1)
    } else {
        Recipient::Member(&to, &me.org, 1)
    };
    commit(
        app,
        &license,
        &assigned,
        recipient,
        &audit,
        &mails,
        idempotency,
        today,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn commit(
    app: &App,
    before: &License,
    after: &License,
    recipient: Recipient<'_>,
    audit: &AuditEvent,
    mails: &[OutboxMail],
    idempotency: Option<&Idempotency>,
    today: elp_core::Date,
) -> Result<Reply, Error> {
    let answer = reply(StatusCode::OK, LicenseView::of(after, today))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .write_licenses(LicenseWrite {
            licenses: std::slice::from_ref(after),
            previous: Some(before),
            draw: None,
            recipient,
            audit,
            mails,
            idempotency: record.as_ref(),
        })
        .await?;
    Ok(answer)
}
