//! The people of an organisation, for admins: list, invite (or invite again), change role or
//! status, remove. The rules are the core's; the store makes the last-admin and held-licence
//! guards hold under concurrency.

use std::ops::ControlFlow;

use elp_core::decide::{self, Holdings, Invited, UserChange};
use elp_core::users::Joining;
use elp_core::{Email, Membership, Role, UserStatus};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::within_mail_budget;
use super::access::{admin_by_read, digest, invitation_terms, own, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, Once, RequestKey};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use crate::store::{keys, Cooldown, LicenseFilter, OrgGuard, OutboxMail, StoreError, Wanted};

#[derive(Debug, Serialize)]
pub struct UserView {
    pub email: Email,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: elp_core::Date,
    /// While the person has not accepted: the day the invitation lapses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_expires: Option<elp_core::Date>,
    /// Licences assigned to them (the membership's count).
    pub licenses_held: u32,
    /// Their last sign-in, recorded at most once a day; `null` before the first.
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&Membership> for UserView {
    fn from(m: &Membership) -> Self {
        UserView {
            email: m.email.clone(),
            role: m.role,
            status: m.status,
            invited_on: m.invited_on,
            invitation_expires: m.invitation.as_ref().map(|i| i.expires),
            licenses_held: m.held,
            last_sign_in: m.last_sign_in,
        }
    }
}

/// A membership as the operator's answers show it (with its organisation).
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub email: Email,
    pub org: elp_core::OrgId,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: elp_core::Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_expires: Option<elp_core::Date>,
}

impl From<&Membership> for MemberView {
    fn from(m: &Membership) -> Self {
        MemberView {
            email: m.email.clone(),
            org: m.org.clone(),
            role: m.role,
            status: m.status,
            invited_on: m.invited_on,
            invitation_expires: m.invitation.as_ref().map(|i| i.expires),
        }
    }
}

pub async fn list(app: &App, caller: &Caller, page: PageRequest) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
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
    caller: &Caller,
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
        let terms = invitation_terms(app)?;
        let invited =
            decide::invitation_of(&read.me, &email, input.role, read.pre.other, &terms, now)?;
        send_invitation(app, once, invited, Inviter::Admin, now).await
    })
    .await
}

/// Who sends an invitation: an organisation's admin, whose invitations to one address are
/// spaced by a cooldown and whose re-sent invitations count in the day's mail budget, or the
/// vendor's operator, who is trusted with neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inviter {
    Admin,
    Operator,
}

/// Commits an invitation (a new membership, or the mail again, reopening one not accepted
/// yet) and answers it: 201 when the person joins with it, 200 when they were a member.
pub(crate) async fn send_invitation(
    app: &App,
    once: &Once,
    invited: Invited,
    by: Inviter,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Reply, Error> {
    let Invited {
        member,
        joining,
        reopens,
        audit,
        letter,
    } = invited;
    let status = match joining {
        Joining::New => Status::Created,
        Joining::AlreadyMember => Status::Ok,
    };
    let answer = reply(
        status,
        json!({ "user": UserView::from(&member), "invitation_sent": true }),
    )?;
    let mail = OutboxMail::new(letter, &member.org, now)?;
    let record = once.record(&answer);
    let seconds = app.config.limits.invitation_cooldown_seconds;
    let cooldown = (by == Inviter::Admin).then(|| Cooldown {
        key: keys::invitation_cooldown(&member.email),
        until: now + chrono::Duration::seconds(i64::from(seconds)),
        code: "mail_cooldown",
        refusal: elp_core::Message::new("limited-invitation")
            .text("email", member.email.as_str())
            .number("minutes", seconds.div_ceil(60)),
    });
    // The vendor invites whatever the organisation's state; its admins not while suspended.
    let guard = match by {
        Inviter::Admin => OrgGuard::Open,
        Inviter::Operator => OrgGuard::Any,
    };
    match joining {
        Joining::New => {
            app.store
                .invite(
                    &member,
                    &audit,
                    &mail,
                    cooldown.as_ref(),
                    guard,
                    record.as_ref(),
                )
                .await?
        }
        Joining::AlreadyMember => {
            // Only mail goes out: past the day's budget, nothing at all happens.
            if by == Inviter::Admin {
                within_mail_budget(app, &member.org, now).await?;
            }
            let reopened = reopens.then_some(&member);
            app.store
                .reinvite(
                    reopened,
                    &audit,
                    &mail,
                    cooldown.as_ref(),
                    guard,
                    record.as_ref(),
                )
                .await?
        }
    }
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclineInput {
    pub email: String,
    pub token: String,
}

/// `POST /v1/invitations/decline`: the invitee declines from the link of their invitation
/// mail, signed in or not (they may have no account at all). The token is the authority; a
/// wrong one, or an invitation already gone, names nothing (404).
pub async fn decline(app: &App, input: DeclineInput) -> Result<Reply, Error> {
    let email = Email::parse("email", &input.email).map_err(|_| Error::NotFound("invitation"))?;
    if input.token.is_empty() || input.token.len() > 128 {
        return Err(Error::NotFound("invitation"));
    }
    let found = app
        .store
        .get_membership(&email)
        .await?
        .ok_or(Error::NotFound("invitation"))?;
    let audit = decide::decline(&found, &digest(&input.token), app.clock.now())?
        .ok_or(Error::NotFound("invitation"))?;
    app.store.withdraw_invitation(&found, &audit).await?;
    reply(Status::Ok, json!({ "declined": email }))
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
    caller: &Caller,
    email: &str,
    input: ChangeInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let email = path_email(email)?;
    if input.role.is_none() && input.status.is_none() {
        return Err(elp_core::Invalid::new(
            "body",
            elp_core::Message::new("invalid-nothing-to-change"),
        )
        .into());
    }
    let wanted = Wanted {
        other: Some(&email),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let target = own(read.pre.other, |m| &m.org, &read.me, "user")?;
        let admins = active_admins(app, &read.me).await?;
        let now = app.clock.now();
        let change = decide::user_change(
            &read.me,
            target.clone(),
            input.role,
            input.status,
            admins,
            now,
        )?;
        // A change that changes nothing writes nothing (no event, no mail): the user as is.
        let Some(UserChange {
            before,
            after,
            audit,
            letters,
        }) = change
        else {
            return reply(Status::Ok, UserView::from(&target));
        };
        let answer = reply(Status::Ok, UserView::from(&after))?;
        let mails = OutboxMail::all(letters, &after.org, now)?;
        app.store
            .change_membership(
                &before,
                &after,
                &audit,
                &mails,
                OrgGuard::Open,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

pub async fn remove(
    app: &App,
    caller: &Caller,
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
                OrgGuard::Open,
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
        product: None,
        search: None,
        order: crate::store::LicenseOrder::Created,
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
