//! Memberships: one item per email (`USER#<email>`), so "one organisation per email" is that
//! item's existence, decided by DynamoDB under any concurrency.
//!
//! A membership also counts the licences assigned to the person during it (`held`): generating
//! and assigning add, returning takes away. Removing someone is conditioned on that count being
//! what the removal saw (every one of those licences expired), so a licence assigned a moment
//! before, not yet visible in the index, makes the removal fail instead of orphaning it.

use elp_core::{AuditEvent, Email, Membership, OrgId, Refusal, Role, UserStatus};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

pub(crate) fn membership_item(m: &Membership, held: u32) -> Result<Item, StoreError> {
    let mut item = to_item(
        m,
        keys::attributes(keys::user(&m.email))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::users_of(&m.org),
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
            StoreError::Refused(Refusal::Conflict(format!(
                "{email} is already a member of this organisation"
            )))
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
        Some(_) => StoreError::Refused(Refusal::Conflict(format!(
            "{email} was changed by someone else meanwhile; reload and try again"
        ))),
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
    /// belongs to an organisation.
    pub(crate) fn new_membership_into(
        &self,
        tx: &mut Tx,
        m: &Membership,
        held: u32,
    ) -> Result<(), StoreError> {
        tx.create(
            &self.table,
            membership_item(m, held)?,
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
                None => StoreError::Refused(Refusal::Conflict(format!(
                    "{who} is no longer a member of this organisation"
                ))),
            },
        )
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

    /// Invites a new member (or admin) with the invitation mail.
    pub async fn invite(
        &self,
        m: &Membership,
        audit: &AuditEvent,
        mail: &OutboxMail,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.new_membership_into(&mut tx, m, 0)?;
        self.audit_into(&mut tx, audit)?;
        self.outbox_into(&mut tx, mail)?;
        self.commit(tx).await
    }

    /// Sends an invitation again (with its audit event).
    pub async fn reinvite(
        &self,
        audit: &AuditEvent,
        mail: &OutboxMail,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.audit_into(&mut tx, audit)?;
        self.outbox_into(&mut tx, mail)?;
        self.commit(tx).await
    }

    /// An invited person's first sign-in: they become active (an admin counts as one from now).
    pub async fn activate(&self, m: &Membership, audit: &AuditEvent) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::user(&m.email),
            Expr::new("SET #status = :active").value(":active", s(UserStatus::Active.as_str())),
            unchanged(m, ""),
            changed_meanwhile(&m.email),
        )?;
        if m.role == Role::Admin {
            self.active_admins_into(&mut tx, &m.org, 1, &m.email)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Changes role and status, keeping the count of active admins (never below one).
    pub async fn change_membership(
        &self,
        before: &Membership,
        after: &Membership,
        audit: &AuditEvent,
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
            self.active_admins_into(&mut tx, &before.org, delta, &before.email)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Removes someone whose licences (`held` of them, all seen expired) no longer bind them.
    pub async fn remove_membership(
        &self,
        m: &Membership,
        held: u32,
        audit: &AuditEvent,
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
                Some(_) => StoreError::Refused(Refusal::Conflict(format!(
                    "{email} was changed or given a licence meanwhile; reload and try again"
                ))),
            },
        )?;
        if m.is_active_admin() {
            self.active_admins_into(&mut tx, &m.org, -1, &m.email)?;
        }
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
