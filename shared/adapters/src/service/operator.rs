//! The operator's use cases (vendor staff): organisations with their first admin, banks after a
//! purchase, credit grants, and the product catalogue.

use chrono::{DateTime, Utc};
use elp_core::decide::UserChange;
use elp_core::{
    decide, parse_date, parse_org_name, parse_reason, BankId, Catalog, CatalogState, Credits,
    Email, NewBank, OrgId, OrgPolicies, Principal, Product, ProductId, Refusal, Role, UserStatus,
    Version,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::{invitation_terms, Operator};
use super::app::App;
use super::console::{org_record, path_bank, path_org, OrgView, PersonView};
use super::error::Error;
use super::idempotency::{as_operator, RequestKey};
use super::reply::{reply, Reply, Status};
use super::users::{send_invitation, Inviter, MemberView};
use super::views::BankView;
use crate::store::{new_id, OrgGuard, OutboxMail};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrgInput {
    pub name: String,
    pub admin_email: String,
}

/// Creates an organisation and invites its first admin.
pub async fn create_org(
    app: &App,
    operator: &Operator,
    input: NewOrgInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let name = parse_org_name(&input.name)?;
    let email = Email::parse("admin_email", &input.admin_email)?;
    as_operator(app, operator, key, async |once| {
        let now = app.clock.now();
        let id = OrgId::parse(&new_id("o_")?)?;
        let terms = invitation_terms(app)?;
        let new = decide::new_org(&operator.actor(), id, name, &email, &terms, now);
        let answer = reply(
            Status::Created,
            json!({ "org": new.org, "admin": MemberView::from(&new.admin) }),
        )?;
        let mail = OutboxMail::new(new.letter, &new.org.id, now)?;
        app.store
            .create_org(
                &new.org,
                &new.admin,
                &new.audit,
                &mail,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBankInput {
    pub product: String,
    pub version: String,
    pub portable: bool,
    pub purchased: i64,
    /// Defaults to `purchased`; 0 for credits requested but not yet granted.
    pub granted: Option<i64>,
    pub start: String,
    pub expiry: String,
}

/// Creates a bank for a product version of the catalogue in an existing organisation.
pub async fn create_bank(
    app: &App,
    operator: &Operator,
    org: &str,
    input: NewBankInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let purchased = Credits::parse("purchased", input.purchased)?;
    let new = NewBank {
        product: ProductId::parse(&input.product)?,
        version: Version::parse("version", &input.version)?,
        portable: input.portable,
        purchased,
        granted: match input.granted {
            Some(g) => Credits::parse("granted", g)?,
            None => purchased,
        },
        start: parse_date("start", &input.start)?,
        expiry: parse_date("expiry", &input.expiry)?,
    };
    as_operator(app, operator, key, async |once| {
        on_catalog_revision(CATALOG_ATTEMPTS, || async {
            let now = app.clock.now();
            let read = app.store.get_catalog_state(true).await?;
            let id = BankId::parse(&new_id("b_")?)?;
            let (bank, audit) = decide::new_bank(
                &operator.actor(),
                new.clone(),
                id,
                org.clone(),
                &read.catalog,
                now,
            )?;
            let answer = reply(Status::Created, BankView::of(&bank, now.date_naive()))?;
            app.store
                .create_bank(&bank, &audit, read.revision, once.record(&answer).as_ref())
                .await?;
            Ok(answer)
        })
        .await
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub credits: i64,
}

/// Grants credits to a bank that has not expired.
pub async fn grant(
    app: &App,
    operator: &Operator,
    bank: &str,
    input: GrantInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = BankId::parse(bank).map_err(|_| Error::NotFound("bank"))?;
    let credits = Credits::parse("credits", input.credits)?;
    if credits == Credits::ZERO {
        return Err(elp_core::Invalid::new(
            "credits",
            elp_core::Message::new("invalid-at-least").number("min", 1),
        )
        .into());
    }
    as_operator(app, operator, key, async |once| {
        let now = app.clock.now();
        let today = now.date_naive();
        let bank = app
            .store
            .get_bank(&id, true)
            .await?
            .ok_or(Error::NotFound("bank"))?;
        // The answer is the bank as this grant leaves it; concurrent grants each see their own.
        let (after, audit) = decide::grant(&operator.actor(), &bank, credits, now)?;
        let answer = reply(Status::Ok, BankView::of(&after, today))?;
        app.store
            .grant(
                &after,
                credits,
                today,
                &audit,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

/// The catalogue as the operator reads and writes it: its products, and the revision an
/// `If-Match` names.
#[derive(Debug, Serialize)]
struct CatalogView<'a> {
    products: &'a [Product],
    revision: u64,
    updated_at: Option<DateTime<Utc>>,
    updated_by: Option<&'a str>,
}

fn catalog_reply(state: &CatalogState) -> Result<Reply, Error> {
    let view = CatalogView {
        products: &state.catalog.products,
        revision: state.revision,
        updated_at: state.updated_at,
        updated_by: state.updated_by.as_deref(),
    };
    Ok(reply(Status::Ok, view)?.tagged(state.revision))
}

/// The catalogue as it stands, with its revision (also its `ETag`).
pub async fn get_catalog(app: &App) -> Result<Reply, Error> {
    catalog_reply(&app.store.get_catalog_state(true).await?)
}

/// How often a change decided on the catalogue (a new bank, a catalogue change without
/// `If-Match`) decides again when another change came between its read and its write.
pub(crate) const CATALOG_ATTEMPTS: u32 = 3;

/// Replaces the whole catalogue, at its next revision, with its event in the vendor's trail
/// saying what changed; nothing is written when nothing changes. With `expected` (the
/// `If-Match` revision), only if the catalogue is still at that revision; without, on the
/// catalogue as read (decided again if another change came first).
pub async fn replace_catalog(
    app: &App,
    operator: &Operator,
    catalog: Catalog,
    expected: Option<u64>,
) -> Result<Reply, Error> {
    catalog.validate()?;
    // With If-Match, a change came between is the caller's to see: no second decision.
    let attempts = if expected.is_some() {
        1
    } else {
        CATALOG_ATTEMPTS
    };
    on_catalog_revision(attempts, || async {
        let (current, usage) =
            tokio::join!(app.store.get_catalog_state(true), app.store.catalog_usage());
        let (current, usage) = (current?, usage?);
        let decided = decide::catalog_change(
            &operator.actor(),
            &current,
            expected,
            catalog.clone(),
            &usage,
            app.clock.now(),
        )?;
        let Some(change) = decided else {
            return catalog_reply(&current);
        };
        app.store.change_catalog(&change, current.revision).await?;
        catalog_reply(&change.state)
    })
    .await
}

/// Runs `write` (a read of the catalogue, a decision on it and a write conditioned on its
/// revision) again, `attempts` times at most, while the write is refused because another
/// change of the catalogue came between the read and the write; the last refusal is the
/// answer.
pub(crate) async fn on_catalog_revision<T, F>(
    attempts: u32,
    mut write: impl FnMut() -> F,
) -> Result<T, Error>
where
    F: std::future::Future<Output = Result<T, Error>>,
{
    let mut attempt = 1;
    loop {
        match write().await {
            Err(Error::Refused(Refusal::CatalogChanged { .. })) if attempt < attempts => {
                attempt += 1
            }
            outcome => return outcome,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewInput {
    pub catalog: Catalog,
    /// An organisation whose members' view to show (with its version policies).
    pub org: Option<String>,
}

#[derive(Debug, Serialize)]
struct PreviewView<'a> {
    changes: Vec<String>,
    warnings: Vec<String>,
    products: Vec<elp_core::revision::MemberProduct<'a>>,
}

/// What saving a catalogue would change, what the operator should know first, and what members
/// (of `org`, by its version policies) would see. Validated like the change; writes nothing.
pub async fn preview_catalog(app: &App, input: PreviewInput) -> Result<Reply, Error> {
    // Named as in the preview's body, where the catalogue is `catalog`.
    input.catalog.validate().map_err(|e| {
        let at = format!("catalog.{}", e.field);
        e.at(at)
    })?;
    let org = match input.org.as_deref() {
        None => None,
        Some(raw) => {
            let id = OrgId::parse(raw).map_err(|_| Error::NotFound("organisation"))?;
            let (org, policies) =
                tokio::join!(app.store.get_org(&id), app.store.list_policies(&id));
            let org = org?.ok_or(Error::NotFound("organisation"))?;
            Some(OrgPolicies {
                name: org.name,
                policies: policies?,
            })
        }
    };
    let (current, usage) =
        tokio::join!(app.store.get_catalog_state(true), app.store.catalog_usage());
    let (current, usage) = (current?, usage?);
    let changes = elp_core::revision::diff(&current.catalog, &input.catalog);
    let warnings =
        elp_core::revision::warnings(&current.catalog, &input.catalog, &usage, org.as_ref());
    reply(
        Status::Ok,
        PreviewView {
            changes: changes.iter().map(ToString::to_string).collect(),
            warnings: warnings.iter().map(ToString::to_string).collect(),
            products: elp_core::revision::member_view(&input.catalog, org.as_ref()),
        },
    )
}

/// The email in an operator path: a malformed one names nobody (404).
fn path_email(raw: &str, what: &'static str) -> Result<Email, Error> {
    Email::parse("email", raw).map_err(|_| Error::NotFound(what))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminInput {
    pub email: String,
}

/// Invites an admin to an existing organisation: its first admin again when that invitation
/// lapsed unaccepted, or another one. Someone already in the organisation is invited again.
pub async fn invite_admin(
    app: &App,
    operator: &Operator,
    org: &str,
    input: AdminInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let email = Email::parse("email", &input.email)?;
    as_operator(app, operator, key, async |once| {
        let (organisation, existing) =
            tokio::join!(app.store.get_org(&org), app.store.get_membership(&email));
        organisation?.ok_or(Error::NotFound("organisation"))?;
        let now = app.clock.now();
        let terms = invitation_terms(app)?;
        let invited =
            decide::admin_invitation(&operator.actor(), &org, &email, existing?, &terms, now)?;
        send_invitation(app, once, invited, Inviter::Operator, now).await
    })
    .await
}

/// Releases the address a pending invitation holds (for a new customer's onboarding): the
/// invitation is withdrawn, with an event in the inviting organisation's trail.
pub async fn release_invitation(
    app: &App,
    operator: &Operator,
    email: &str,
) -> Result<Reply, Error> {
    let email = path_email(email, "invitation")?;
    let found = app
        .store
        .get_membership(&email)
        .await?
        .ok_or(Error::NotFound("invitation"))?;
    let audit = decide::invitation_release(&operator.actor(), &found, app.clock.now())?;
    app.store.withdraw_invitation(&found, &audit).await?;
    reply(Status::Ok, json!({ "released": email, "org": found.org }))
}

/// Releases the sign-in account bound to a membership, on the person's request: their next
/// sign-in binds the account it comes from.
pub async fn release_account(app: &App, operator: &Operator, email: &str) -> Result<Reply, Error> {
    let email = path_email(email, "user")?;
    let found = app
        .store
        .get_membership(&email)
        .await?
        .ok_or(Error::NotFound("user"))?;
    let (after, audit) = decide::account_release(&operator.actor(), &found, app.clock.now())?;
    app.store.release_account(&found, &audit).await?;
    reply(Status::Ok, MemberView::from(&after))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailBudgetInput {
    pub per_day: i64,
}

/// Sets how many mails an organisation may cause a day (mail past it waits for the next day).
pub async fn set_mail_budget(
    app: &App,
    operator: &Operator,
    org: &str,
    input: MailBudgetInput,
) -> Result<Reply, Error> {
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let per_day = u32::try_from(input.per_day).map_err(|_| {
        elp_core::Invalid::new(
            "per_day",
            elp_core::Message::new("invalid-between")
                .number("min", 1)
                .number("max", 1_000_000),
        )
    })?;
    let audit = decide::mail_budget(&operator.actor(), &org, per_day, app.clock.now())?;
    app.store.set_mail_budget(&org, per_day, &audit).await?;
    reply(Status::Ok, json!({ "org": org, "per_day": per_day }))
}

/// `PUT /v1/operator/orgs/{org}/activation-policy`: every number of the policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivationPolicyInput {
    pub max_releases: i64,
    pub release_days: i64,
    pub lease_minutes: i64,
    pub max_borrow_days: i64,
}

/// Sets how activation behaves for an organisation's licences: releases of machines per
/// licence per period, a floating lease's minutes, the longest borrowing (decision 127).
pub async fn set_activation_policy(
    app: &App,
    operator: &Operator,
    org: &str,
    input: ActivationPolicyInput,
) -> Result<Reply, Error> {
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let policy = elp_core::activation::ActivationPolicy::parse(
        input.lease_minutes,
        input.max_borrow_days,
        input.max_releases,
        input.release_days,
    )?;
    let audit =
        elp_core::activation::policy_event(&org, &policy, &operator.actor(), app.clock.now());
    app.store
        .set_activation_policy(&org, &policy, &audit)
        .await?;
    reply(Status::Ok, json!({ "org": org, "activation": policy }))
}

/// A dead mail as the operator's list shows it: what it was, to whom, why it died.
#[derive(Debug, serde::Serialize)]
struct DeadMailView {
    id: String,
    org: OrgId,
    kind: &'static str,
    to: Email,
    attempts: u32,
    last_error: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    dead_at: chrono::DateTime<chrono::Utc>,
}

fn kind(letter: &elp_core::Letter) -> &'static str {
    match letter {
        elp_core::Letter::License(_) => "license",
        elp_core::Letter::Invitation(_) => "invitation",
        elp_core::Letter::Returned { .. } => "returned",
        elp_core::Letter::BankExpired { .. } => "bank_expired",
        elp_core::Letter::BankExpiring { .. } => "bank_expiring",
        elp_core::Letter::Export { .. } => "export",
        elp_core::Letter::CreditsRequested { .. } => "credits_requested",
        elp_core::Letter::CreditRequestGranted { .. } => "credit_request_granted",
        elp_core::Letter::CreditRequestDeclined { .. } => "credit_request_declined",
        elp_core::Letter::AccessChanged { .. } => "access_changed",
        elp_core::Letter::WebhookDisabled { .. } => "webhook_disabled",
    }
}

/// Mail that failed every attempt, most recently dead first (kept for the operator).
pub async fn dead_mail(app: &App, page: super::reply::PageRequest) -> Result<Reply, Error> {
    let found = app.store.dead_mail(page.cursor(), page.limit).await?;
    let mails: Vec<_> = found
        .items
        .iter()
        .map(|d| DeadMailView {
            id: d.mail.id.clone(),
            org: d.mail.org.clone(),
            kind: kind(&d.mail.letter),
            to: d.mail.letter.to().clone(),
            attempts: d.mail.attempts,
            last_error: d.mail.last_error.clone(),
            created_at: d.mail.created_at,
            dead_at: d.dead_at,
        })
        .collect();
    super::reply::reply_page("mails", &mails, found.next.as_deref())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameInput {
    pub name: String,
}

/// Renames an organisation (its mail and the console show the new name from now on).
pub async fn rename_org(
    app: &App,
    operator: &Operator,
    org: &str,
    input: RenameInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    let name = parse_org_name(&input.name)?;
    as_operator(app, operator, key, async |once| {
        let mut record = org_record(app, &org).await?;
        let (after, audit) = decide::rename(&operator.actor(), &record.org, name, app.clock.now())?;
        record.org = after;
        let answer = reply(
            Status::Ok,
            OrgView::of(record.clone(), app.config.limits.mail_budget),
        )?;
        app.store
            .rename_org(&record.org, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspendInput {
    pub reason: String,
}

/// Suspends an organisation: its people keep reading and their licences stay valid; its own
/// changes are refused (409 `org_suspended`) until it is resumed.
pub async fn suspend_org(
    app: &App,
    operator: &Operator,
    org: &str,
    input: SuspendInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    let reason = parse_reason("reason", &input.reason)?;
    as_operator(app, operator, key, async |once| {
        let mut record = org_record(app, &org).await?;
        let (how, audit) =
            decide::suspension(&operator.actor(), &record.org, reason, app.clock.now())?;
        record.org.suspended = Some(how.clone());
        let answer = reply(
            Status::Ok,
            OrgView::of(record, app.config.limits.mail_budget),
        )?;
        app.store
            .suspend_org(&org, Some(&how), &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

/// Resumes a suspended organisation.
pub async fn resume_org(
    app: &App,
    operator: &Operator,
    org: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    as_operator(app, operator, key, async |once| {
        let mut record = org_record(app, &org).await?;
        let audit = decide::resumption(&operator.actor(), &record.org, app.clock.now())?;
        record.org.suspended = None;
        let answer = reply(
            Status::Ok,
            OrgView::of(record, app.config.limits.mail_budget),
        )?;
        app.store
            .suspend_org(&org, None, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendInput {
    pub expiry: String,
    pub reason: String,
}

/// Moves a bank's expiry later (a purchased extension): the licences drawn from it keep their
/// dates and learn the new limit of their renewals; the expiry job and warnings follow.
pub async fn extend_bank(
    app: &App,
    operator: &Operator,
    bank: &str,
    input: ExtendInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_bank(bank)?;
    let expiry = parse_date("expiry", &input.expiry)?;
    let reason = parse_reason("reason", &input.reason)?;
    let mut extended = None;
    let answer = as_operator(app, operator, key, async |once| {
        let now = app.clock.now();
        let bank = app
            .store
            .get_bank(&id, true)
            .await?
            .ok_or(Error::NotFound("bank"))?;
        let (after, audit) = decide::extension(&operator.actor(), &bank, expiry, &reason, now)?;
        let answer = reply(Status::Ok, BankView::of(&after, now.date_naive()))?;
        extended = Some(
            app.store
                .extend_bank(&bank, &after, &audit, once.record(&answer).as_ref())
                .await?,
        );
        Ok(answer)
    })
    .await?;
    // The licences learn the new expiry now; the next expiry job checks them again (an index
    // read right after a write may miss it) and forgets the task.
    if let Some(task) = extended {
        let updated = app.store.propagate_extension(&task).await?;
        tracing::info!(licenses = updated, "bank extended");
    }
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoidInput {
    pub credits: i64,
    pub reason: String,
}

/// Voids unused credits of a bank created too large by mistake, never more than remain.
pub async fn void_credits(
    app: &App,
    operator: &Operator,
    bank: &str,
    input: VoidInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_bank(bank)?;
    let credits = Credits::parse("credits", input.credits)?;
    let reason = parse_reason("reason", &input.reason)?;
    as_operator(app, operator, key, async |once| {
        let now = app.clock.now();
        let today = now.date_naive();
        let bank = app
            .store
            .get_bank(&id, true)
            .await?
            .ok_or(Error::NotFound("bank"))?;
        let (after, audit) = decide::void(&operator.actor(), &bank, credits, &reason, now)?;
        let answer = reply(Status::Ok, BankView::of(&after, today))?;
        app.store
            .void_credits(&bank, credits, today, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserChangeInput {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
}

/// Changes a person's role or status in an organisation (an admin who left is replaced: the
/// new one promoted or invited, the old one demoted or deactivated); the last active admin
/// stays, for the vendor too.
pub async fn change_user(
    app: &App,
    operator: &Operator,
    org: &str,
    email: &str,
    input: UserChangeInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let org = path_org(org)?;
    let email = path_email(email, "user")?;
    if input.role.is_none() && input.status.is_none() {
        return Err(elp_core::Invalid::new(
            "body",
            elp_core::Message::new("invalid-nothing-to-change"),
        )
        .into());
    }
    as_operator(app, operator, key, async |once| {
        let (target, admins) = tokio::join!(
            app.store.get_membership(&email),
            app.store.active_admins(&org)
        );
        let target = target?
            .filter(|m| m.org == org)
            .ok_or(Error::NotFound("user"))?;
        let now = app.clock.now();
        let change = decide::operator_user_change(
            &operator.actor(),
            target.clone(),
            input.role,
            input.status,
            admins? as usize,
            now,
        )?;
        // A change that changes nothing writes nothing: the person as they are.
        let Some(UserChange {
            before,
            after,
            audit,
            letters,
        }) = change
        else {
            return reply(Status::Ok, PersonView::from(&target));
        };
        let answer = reply(Status::Ok, PersonView::from(&after))?;
        let mails = OutboxMail::all(letters, &after.org, now)?;
        app.store
            .change_membership(
                &before,
                &after,
                &audit,
                &mails,
                OrgGuard::Any,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindInput {
    pub issuer: String,
    pub subject: String,
}

/// Binds a membership to the account the person now signs in with (their account at the
/// identity provider changed), on their request: from now on only that account acts as them.
pub async fn bind_account(
    app: &App,
    operator: &Operator,
    email: &str,
    input: BindInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let email = path_email(email, "user")?;
    let to = Principal::parse(&input.issuer, &input.subject)?;
    as_operator(app, operator, key, async |once| {
        let found = app
            .store
            .get_membership(&email)
            .await?
            .ok_or(Error::NotFound("user"))?;
        let (after, audit) =
            decide::account_binding(&operator.actor(), &found, to, app.clock.now())?;
        let answer = reply(Status::Ok, PersonView::from(&after))?;
        app.store
            .bind_account(&found, &after, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}
