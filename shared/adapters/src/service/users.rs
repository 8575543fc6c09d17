//! The people of an organisation, for admins: list, invite (or invite again), change role or
//! status, remove. The rules are the core's; the store makes the last-admin and held-licence
//! guards hold under concurrency.

use std::ops::ControlFlow;

use elp_core::decide::{self, Holdings, Invitation, UserChange};
use elp_core::users::Joining;
use elp_core::{Email, Membership, Role, UserStatus};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::{admin, own};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, RequestKey};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
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

pub async fn list(app: &App, caller: &Email, page: PageRequest) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let found = app
        .store
        .list_users(&me.org, page.cursor(), page.limit)
        .await?;
    let users: Vec<UserView> = found.items.iter().map(UserView::from).collect();
    reply_page("users", &users, found.next.as_deref())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    pub email: String,
    /// Defaults to member.
    pub role: Option<Role>,
}

/// Invites someone to the organisation, or sends a member's invitation again.
pub async fn invite(
    app: &App,
    caller: &Email,
    input: InviteInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let email = Email::parse("email", &input.email)?;
    let wanted = Wanted {
        other: Some(&email),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let now = app.clock.now();
        let Invitation {
            member,
            joining,
            audit,
            letter,
        } = decide::invitation_of(&read.me, &email, input.role, read.pre.other, now)?;
        let status = match joining {
            Joining::New => Status::Created,
            Joining::AlreadyMember => Status::Ok,
        };
        let answer = reply(
            status,
            json!({ "user": UserView::from(&member), "invitation_sent": true }),
        )?;
        let mail = OutboxMail::new(letter, now)?;
        let record = once.record(&answer);
        match joining {
            Joining::New => {
                app.store
                    .invite(&member, &audit, &mail, record.as_ref())
                    .await?
            }
            Joining::AlreadyMember => app.store.reinvite(&audit, &mail, record.as_ref()).await?,
        }
        Ok(answer)
    })
    .await
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
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let email = path_email(email)?;
    if input.role.is_none() && input.status.is_none() {
        return Err(
            elp_core::Invalid::new("body", "say the new role, the new status, or both").into(),
        );
    }
    let wanted = Wanted {
        other: Some(&email),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let target = own(read.pre.other, |m| &m.org, &read.me, "user")?;
        let admins = active_admins(app, &read.me).await?;
        let UserChange {
            before,
            after,
            audit,
        } = decide::user_change(
            &read.me,
            target,
            input.role,
            input.status,
            admins,
            app.clock.now(),
        )?;
        let answer = reply(Status::Ok, UserView::from(&after))?;
        app.store
            .change_membership(&before, &after, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

pub async fn remove(
    app: &App,
    caller: &Email,
    email: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let email = path_email(email)?;
    let wanted = Wanted {
        other: Some(&email),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let target = own(read.pre.other, |m| &m.org, &read.me, "user")?;
        let holdings = holdings(app, &target, app.today()).await?;
        let admins = active_admins(app, &read.me).await?;
        let audit = decide::removal(&read.me, &target, holdings, admins, app.clock.now())?;
        let answer = reply(Status::Ok, json!({ "removed": email }))?;
        app.store
            .remove_membership(
                &target,
                holdings.held,
                &audit,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

/// What `m` holds of the organisation's licences: every licence listed under their email is
/// counted by the core's rule.
async fn holdings(
    app: &App,
    m: &Membership,
    today: elp_core::Date,
) -> Result<Holdings, StoreError> {
    let filter = LicenseFilter {
        org: m.org.clone(),
        bank: None,
        assignee: Some(m.email.clone()),
        status: None,
    };
    let mut holdings = Holdings::default();
    app.store
        .each_license_page(&filter, 100, |page| {
            for license in &page {
                holdings.count(m, license, today);
            }
            Ok(ControlFlow::Continue(()))
        })
        .await?;
    Ok(holdings)
}
