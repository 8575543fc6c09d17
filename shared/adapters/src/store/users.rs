//! Memberships: one item per email (`USER#<email>`), so "one organisation per email" is that
//! item's existence, decided by DynamoDB under any concurrency.
//!
//! A membership also counts the licences assigned to the person during it (`held`): generating
//! and assigning add, returning takes away. Removing someone is conditioned on that count being
//! what the removal saw (every one of those licences expired), so a licence assigned a moment
//! before, not yet visible in the index, makes the removal fail instead of orphaning it.

use elp_core::{AuditEvent, Email, Membership, Message, OrgId, Refusal, UserStatus};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, timestamp, GSI1, GSI2};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, Cooldown, IdempotencyRecord, OrgGuard, Page, Query, Store};

pub(crate) fn membership_item(m: &Membership, held: u32) -> Result<Item, StoreError> {
    let mut item = to_item(
        m,
        keys::attributes(keys::user(&m.email))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::users_of(&m.org),
                m.email.to_string(),
            ))
            .chain(keys::in_index(
                GSI2,
                keys::users_at_domain(m.email.domain()),
                m.email.to_string(),
            )),
    )?;
    item.insert(keys::HELD.into(), n(held));
    Ok(item)
}

/// The refusal when an email's item already exists: the same organisation is not a refusal for
/// the caller to show, another organisation is.
fn already_member(email: Email, org: OrgId) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    move |old| {
        let theirs = old
            .and_then(|item| item.get(keys::ORG))
            .and_then(|v| v.as_s().ok())
            .cloned();
        if theirs.as_deref() == Some(org.as_str()) {
            StoreError::Refused(Refusal::Conflict(
                Message::new("conflict-already-member").text("email", email.as_str()),
            ))
        } else {
            StoreError::Refused(Refusal::MemberOfAnotherOrganisation {
                email: email.to_string(),
            })
        }
    }
}

/// "The membership is still as it was read" (role and status).
fn unchanged(m: &Membership, extra: &str) -> Expr {
    Expr::new(format!(
        "#org = :org AND #role = :role AND #status = :status{extra}"
    ))
    .value(":org", s(m.org.as_str()))
    .value(":role", s(m.role.as_str()))
    .value(":status", s(m.status.as_str()))
}

fn changed_meanwhile(email: &Email) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    let email = email.to_string();
    move |old| match old {
        None => StoreError::NotFound("user"),
        Some(_) => StoreError::Refused(Refusal::Conflict(
            Message::new("conflict-user-changed").text("email", email.as_str()),
        )),
    }
}

impl Store {
    /// The membership of an email (strongly consistent: it decides what a request may do).
    pub async fn get_membership(&self, email: &Email) -> Result<Option<Membership>, StoreError> {
        self.get_item(keys::user(email), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// Adds a new membership holding `held` licences to `tx`; fails if the email already
    /// belongs to an organisation, unless all it has there is an invitation that lapsed on or
    /// before the new membership's day and was given no licence (the core's
    /// `Membership::invitation_lapsed`, made atomic).
    pub(crate) fn new_membership_into(
        &self,
        tx: &mut Tx,
        m: &Membership,
        held: u32,
    ) -> Result<(), StoreError> {
        tx.put_if(
            &self.table,
            membership_item(m, held)?,
            Expr::new(
                "attribute_not_exists(#pk) OR (#status = :invited AND #invitation.#expires <= :today AND (attribute_not_exists(#held) OR #held = :zero))",
            )
            .value(":invited", s(UserStatus::Invited.as_str()))
            .value(":today", s(m.invited_on.to_string()))
            .value(":zero", n(0)),
            already_member(m.email.clone(), m.org.clone()),
        )
    }

    /// Counts `delta` licences assigned (+) or returned (-) to a member of `org`.
    pub(crate) fn held_into(
        &self,
        tx: &mut Tx,
        email: &Email,
        org: &OrgId,
        delta: i64,
    ) -> Result<(), StoreError> {
        let who = email.clone();
        tx.update(
            &self.table,
            keys::user(email),
            Expr::new("ADD #held :d").value(":d", n(delta)),
            Expr::new("#org = :org").value(":org", s(org.as_str())),
            move |old| match old {
                Some(_) => StoreError::Refused(Refusal::MemberOfAnotherOrganisation {
                    email: who.to_string(),
                }),
                None => StoreError::Refused(Refusal::Conflict(
                    Message::new("conflict-no-longer-member").text("email", who.as_str()),
                )),
            },
        )
    }

    /// People of every organisation at a mail domain, by address (the operator's search).
    pub async fn users_at_domain(
        &self,
        domain: &str,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Membership>, StoreError> {
        self.list(Query::page(
            Some(GSI2),
            keys::users_at_domain(domain),
            false,
            cursor,
            limit,
        ))
        .await
    }

    pub async fn list_users(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Membership>, StoreError> {
        self.list(Query::page(
            Some(GSI1),
            keys::users_of(org),
            false,
            cursor,
            limit,
        ))
        .await
    }

    /// Everyone in the organisation (the jobs' recipients of bank mail are among them).
    pub async fn all_users(&self, org: &OrgId) -> Result<Vec<Membership>, StoreError> {
        self.all(Query::page(
            Some(GSI1),
            keys::users_of(org),
            false,
            None,
            100,
        ))
        .await
    }

    /// Invites a new member (or admin) with the invitation mail, respecting `cooldown` (the
    /// address's: one invitation mail in a while) when there is one.
    pub async fn invite(
        &self,
        m: &Membership,
        audit: &AuditEvent,
        mail: &OutboxMail,
        cooldown: Option<&Cooldown>,
        guard: OrgGuard,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        // The membership first: another organisation's is the refusal to tell, not the cooldown.
        self.new_membership_into(&mut tx, m, 0)?;
        self.org_open_into(&mut tx, &m.org, guard)?;
        if let Some(cooldown) = cooldown {
            self.cooldown_into(&mut tx, cooldown, audit.at)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, std::slice::from_ref(mail))?;
        self.commit(tx).await
    }

    /// Sends an invitation again (with its audit event); `reopened` is the membership of someone
    /// who has not accepted yet, whose invitation is renewed (it must still be pending).
    pub async fn reinvite(
        &self,
        reopened: Option<&Membership>,
        audit: &AuditEvent,
        mail: &OutboxMail,
        cooldown: Option<&Cooldown>,
        guard: OrgGuard,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_open_into(&mut tx, &audit.org, guard)?;
        if let Some(cooldown) = cooldown {
            self.cooldown_into(&mut tx, cooldown, audit.at)?;
        }
        if let Some(m) = reopened {
            let invitation = serde_dynamo::to_attribute_value(&m.invitation)?;
            tx.update(
                &self.table,
                keys::user(&m.email),
                Expr::new("SET #invitation = :invitation").value(":invitation", invitation),
                unchanged(m, ""),
                changed_meanwhile(&m.email),
            )?;
        }
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, std::slice::from_ref(mail))?;
        self.commit(tx).await
    }

    /// A first sign-in: the membership read (`before`, bound to no account) becomes `after`,
    /// bound to the account, and active if it was an invitation (an admin then counts as an
    /// active one), with the audit event. `false` when another request changed it first (a
    /// concurrent first sign-in): the caller reads it again.
    pub async fn bind(
        &self,
        before: &Membership,
        after: &Membership,
        audit: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let mut tx = Tx::new();
        let principal = serde_dynamo::to_attribute_value(&after.principal)?;
        let mut update = Expr::new("SET #principal = :principal, #status = :new_status")
            .value(":principal", principal)
            .value(":new_status", s(after.status.as_str()));
        if let Some(at) = after.last_sign_in {
            update = Expr::new(format!("{}, #last_sign_in = :signed_in", update.text))
                .values_of(update)
                .value(":signed_in", s(timestamp(at)));
        }
        if after.invitation.is_none() {
            update = Expr::new(format!("{} REMOVE #invitation", update.text)).values_of(update);
        }
        tx.update(
            &self.table,
            keys::user(&before.email),
            update,
            unchanged(before, " AND attribute_not_exists(#principal)"),
            |_| StoreError::AlreadyDone,
        )?;
        let delta = i64::from(after.is_active_admin()) - i64::from(before.is_active_admin());
        // Signing in reads; a suspended organisation's people still sign in.
        if delta > 0 {
            self.active_admins_into(&mut tx, &before.org, delta, &before.email, OrgGuard::Any)?;
        }
        self.audit_into(&mut tx, audit)?;
        match self.commit(tx).await {
            Ok(()) => Ok(true),
            Err(StoreError::AlreadyDone) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Records a refused sign-in in the organisation's trail.
    pub async fn record(&self, audit: &AuditEvent) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Releases the account bound to a membership (the one that was read), with its audit
    /// event.
    pub async fn release_account(
        &self,
        before: &Membership,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let Some(bound) = &before.principal else {
            return Ok(());
        };
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::user(&before.email),
            Expr::new("REMOVE #principal"),
            Expr::new(
                "#org = :org AND #principal.#issuer = :issuer AND #principal.#subject = :subject",
            )
            .value(":org", s(before.org.as_str()))
            .value(":issuer", s(bound.issuer.as_str()))
            .value(":subject", s(bound.subject.as_str())),
            changed_meanwhile(&before.email),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Binds a membership to another account (the operator's re-binding), if its binding is
    /// still the one that was read, with its audit event.
    pub async fn bind_account(
        &self,
        before: &Membership,
        after: &Membership,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let principal = serde_dynamo::to_attribute_value(&after.principal)?;
        let condition = match &before.principal {
            Some(bound) => Expr::new(
                "#org = :org AND #principal.#issuer = :issuer AND #principal.#subject = :subject",
            )
            .value(":issuer", s(bound.issuer.as_str()))
            .value(":subject", s(bound.subject.as_str())),
            None => Expr::new("#org = :org AND attribute_not_exists(#principal)"),
        }
        .value(":org", s(before.org.as_str()));
        tx.update(
            &self.table,
            keys::user(&before.email),
            Expr::new("SET #principal = :principal").value(":principal", principal),
            condition,
            changed_meanwhile(&before.email),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Withdraws an invitation never accepted (declined by the invitee, or released by the
    /// operator): the address is free again. Refused once it was accepted, or while the person
    /// holds licences the organisation gave them.
    pub async fn withdraw_invitation(
        &self,
        m: &Membership,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        let email = m.email.to_string();
        tx.delete(
            &self.table,
            keys::user(&m.email),
            Expr::new("#org = :org AND #status = :invited AND (attribute_not_exists(#held) OR #held = :zero)")
                .value(":org", s(m.org.as_str()))
                .value(":invited", s(UserStatus::Invited.as_str()))
                .value(":zero", n(0)),
            move |old| {
                let held = old
                    .and_then(|item| item.get(keys::HELD))
                    .and_then(|v| v.as_n().ok())
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                match old {
                    None => StoreError::NotFound("invitation"),
                    Some(_) if held > 0 => StoreError::Refused(Refusal::HoldsLicenses {
                        email,
                        count: held,
                    }),
                    Some(_) => StoreError::Refused(Refusal::Conflict(
                        Message::new("conflict-accepted-meanwhile").text("email", email.as_str()),
                    )),
                }
            },
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Changes role and status, keeping the count of active admins (never below one), with the
    /// audit event and the mail telling the person.
    pub async fn change_membership(
        &self,
        before: &Membership,
        after: &Membership,
        audit: &AuditEvent,
        mails: &[OutboxMail],
        guard: OrgGuard,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        tx.update(
            &self.table,
            keys::user(&before.email),
            Expr::new("SET #role = :new_role, #status = :new_status")
                .value(":new_role", s(after.role.as_str()))
                .value(":new_status", s(after.status.as_str())),
            unchanged(before, ""),
            changed_meanwhile(&before.email),
        )?;
        let delta = i64::from(after.is_active_admin()) - i64::from(before.is_active_admin());
        if delta != 0 {
            self.active_admins_into(&mut tx, &before.org, delta, &before.email, guard)?;
        } else {
            self.org_open_into(&mut tx, &before.org, guard)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, mails)?;
        self.commit(tx).await
    }

    /// Records `m`'s sign-in at `at`, the first of its day (the core's
    /// `Membership::sign_in_due`): conditioned on the stored one being of an earlier day, so
    /// concurrent first requests of a day write it once. `false` when another request (or
    /// another change of the membership) got there first; nothing else depends on it.
    pub async fn record_sign_in(
        &self,
        m: &Membership,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError> {
        let day_start = at
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(at);
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::user(&m.email),
            Expr::new("SET #last_sign_in = :at").value(":at", s(timestamp(at))),
            Expr::new(
                "#org = :org AND (attribute_not_exists(#last_sign_in) OR #last_sign_in < :day)",
            )
            .value(":org", s(m.org.as_str()))
            .value(":day", s(timestamp(day_start))),
            |_| StoreError::AlreadyDone,
        )?;
        match self.commit(tx).await {
            Ok(()) => Ok(true),
            Err(StoreError::AlreadyDone) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Sets the language a member chose (`None`: their browser's). A personal preference, not
    /// a change of the organisation's: it is written while the organisation is suspended too.
    pub async fn set_member_language(
        &self,
        m: &Membership,
        language: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        let update = match language {
            Some(tag) => Expr::new("SET #language = :language").value(":language", s(tag)),
            None => Expr::new("REMOVE #language"),
        };
        tx.update(
            &self.table,
            keys::user(&m.email),
            update,
            Expr::new("#org = :org").value(":org", s(m.org.as_str())),
            |_| StoreError::NotFound("user"),
        )?;
        self.commit(tx).await
    }

    /// Removes someone whose licences (`held` of them, all seen expired) no longer bind them.
    pub async fn remove_membership(
        &self,
        m: &Membership,
        held: u32,
        audit: &AuditEvent,
        guard: OrgGuard,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let email = m.email.to_string();
        tx.delete(
            &self.table,
            keys::user(&m.email),
            unchanged(m, " AND (attribute_not_exists(#held) OR #held = :held)")
                .value(":held", n(held)),
            move |old| match old {
                None => StoreError::NotFound("user"),
                Some(_) => StoreError::Refused(Refusal::Conflict(
                    Message::new("conflict-user-changed-or-licensed").text("email", email.as_str()),
                )),
            },
        )?;
        if m.is_active_admin() {
            self.active_admins_into(&mut tx, &m.org, -1, &m.email, guard)?;
        } else {
            self.org_open_into(&mut tx, &m.org, guard)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
