//! The people of an organisation, for admins: list, invite (or invite again), change role or
//! status, remove. The rules are the core's; the store makes the last-admin and held-licence
//! guards hold under concurrency.

use elp_core::users::{check_change, check_removal};
use elp_core::{AuditAction, AuditEvent, Email, Lifecycle, Membership, Role, UserStatus};
use lambda_http::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::{admin, own};
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, reply_page, Reply};
use crate::mail::InvitationLetter;
use crate::store::{LicenseFilter, OutboxMail, StoreError, Wanted};

#[derive(Debug, Serialize)]
pub struct UserView {
    pub email: Email,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: elp_core::Date,
}

impl From<&Membership> for UserView {
    fn from(m: &Membership) -> Self {
        UserView {
            email: m.email.clone(),
            role: m.role,
            status: m.status,
            invited_on: m.invited_on,
        }
    }
}

pub async fn list(
    app: &App,
    caller: &Email,
    cursor: Option<&str>,
    limit: i32,
) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let page = app.store.list_users(&me.org, cursor, limit).await?;
    let users: Vec<UserView> = page.items.iter().map(UserView::from).collect();
    reply_page("users", &users, page.next.as_deref())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    pub email: String,
    /// Defaults to member.
    pub role: Option<Role>,
}

fn audit(
    me: &Membership,
    action: AuditAction,
    subject: &Email,
    detail: String,
    at: chrono::DateTime<chrono::Utc>,
) -> AuditEvent {
    AuditEvent {
        org: me.org.clone(),
        at,
        actor: me.email.to_string(),
        action,
        subject: subject.to_string(),
        bank: None,
        credits: 0,
        detail,
    }
}

/// Invites someone to the organisation, or sends a member's invitation again.
pub async fn invite(
    app: &App,
    caller: &Email,
    input: InviteInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = invite_once(app, caller, input, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn invite_once(
    app: &App,
    caller: &Email,
    input: InviteInput,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let email = Email::parse("email", &input.email)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        other: Some(&email),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let now = app.clock.now();
    let existing = pre.other;
    let joining = elp_core::users::check_join(&email, existing.as_ref().map(|m| &m.org), &me.org)?;
    let member = match existing {
        Some(m) => m,
        None => Membership::invited(
            email.clone(),
            me.org.clone(),
            input.role.unwrap_or(Role::Member),
            now.date_naive(),
        ),
    };
    let mail = OutboxMail::new(
        InvitationLetter {
            to: email.clone(),
            org: me.org.clone(),
            inviter: caller.to_string(),
            role: member.role,
        },
        now,
    )?;
    let record;
    let answer;
    match joining {
        elp_core::users::Joining::New => {
            let event = audit(
                &me,
                AuditAction::UserInvited,
                &email,
                format!("invited as {:?}", member.role).to_lowercase(),
                now,
            );
            answer = reply(
                StatusCode::CREATED,
                json!({ "user": UserView::from(&member), "invitation_sent": true }),
            )?;
            record = idempotency.map(|i| i.record(&answer));
            app.store
                .invite(&member, &event, &mail, record.as_ref())
                .await?;
        }
        elp_core::users::Joining::AlreadyMember => {
            let event = audit(
                &me,
                AuditAction::UserInvited,
                &email,
                "invitation sent again".into(),
                now,
            );
            answer = reply(
                StatusCode::OK,
                json!({ "user": UserView::from(&member), "invitation_sent": true }),
            )?;
            record = idempotency.map(|i| i.record(&answer));
            app.store.reinvite(&event, &mail, record.as_ref()).await?;
        }
    }
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
}

/// The email in a path: a malformed one names nobody (404).
fn path_email(raw: &str) -> Result<Email, Error> {
    Email::parse("email", raw).map_err(|_| Error::NotFound("user"))
}

async fn active_admins(app: &App, me: &Membership) -> Result<usize, Error> {
    Ok(app.store.active_admins(&me.org).await? as usize)
}

pub async fn change(
    app: &App,
    caller: &Email,
    email: &str,
    input: ChangeInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = change_once(app, caller, email, input, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn change_once(
    app: &App,
    caller: &Email,
    email: &str,
    input: ChangeInput,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let email = path_email(email)?;
    if input.role.is_none() && input.status.is_none() {
        return Err(
            elp_core::Invalid::new("body", "say the new role, the new status, or both").into(),
        );
    }
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        other: Some(&email),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let target = own(pre.other, |m| &m.org, &me, "user")?;
    let mut after = target.clone();
    after.role = input.role.unwrap_or(target.role);
    after.status = input.status.unwrap_or(target.status);
    check_change(
        &target,
        after.role,
        after.status,
        active_admins(app, &me).await?,
    )?;
    let now = app.clock.now();
    let event = audit(
        &me,
        AuditAction::UserChanged,
        &email,
        format!(
            "role {:?} -> {:?}, status {:?} -> {:?}",
            target.role, after.role, target.status, after.status
        )
        .to_lowercase(),
        now,
    );
    let answer = reply(StatusCode::OK, UserView::from(&after))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .change_membership(&target, &after, &event, record.as_ref())
        .await?;
    Ok(answer)
}

pub async fn remove(
    app: &App,
    caller: &Email,
    email: &str,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = remove_once(app, caller, email, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn remove_once(
    app: &App,
    caller: &Email,
    email: &str,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let email = path_email(email)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        other: Some(&email),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let target = own(pre.other, |m| &m.org, &me, "user")?;
    let today = app.today();
    let (held, unexpired) = held_licenses(app, &target, today).await?;
    check_removal(&target, unexpired, active_admins(app, &me).await?)?;
    let event = audit(
        &me,
        AuditAction::UserRemoved,
        &email,
        "removed from the organisation".into(),
        app.clock.now(),
    );
    let answer = reply(StatusCode::OK, json!({ "removed": email }))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .remove_membership(&target, held, &event, record.as_ref())
        .await?;
    Ok(answer)
}

/// The licences assigned to `m` during their membership, and how many have not expired.
async fn held_licenses(
    app: &App,
    m: &Membership,
    today: elp_core::Date,
) -> Result<(u32, usize), StoreError> {
    let filter = LicenseFilter {
        org: m.org.clone(),
        bank: None,
        assignee: Some(m.email.clone()),
        status: None,
    };
    let (mut held, mut unexpired) = (0, 0);
    let mut cursor = None;
    loop {
        let page = app
            .store
            .list_licenses(&filter, cursor.as_deref(), 100)
            .await?;
        for license in &page.items {
            let current = license
                .assignments
                .last()
                .filter(|a| a.until.is_none() && a.email == m.email);
            // Earlier memberships' licences all expired before this one began.
            if current.is_some_and(|a| a.from >= m.invited_on) {
                held += 1;
                if license.status(today) != Lifecycle::Expired {
                    unexpired += 1;
                }
            }
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok((held, unexpired)),
        }
    }
}
