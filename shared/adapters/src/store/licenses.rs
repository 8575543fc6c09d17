//! Licences and the writes that change them. Every change is one transaction that may take
//! credits from the bank (only if it still holds them and has not expired), creates or replaces
//! the licences (new codes must not exist; a changed licence must still be as it was read), adds
//! or checks the recipient's membership, and writes the audit event, the mail and the idempotency
//! record. Nothing of it exists without the rest.

use std::ops::ControlFlow;

use elp_core::{
    ActivationCode, AuditEvent, Bank, BankId, Credits, Date, Email, License, Lifecycle, Membership,
    OrgId, Refusal,
};

use super::banks::draw_refusal;
use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1, GSI2, GSI3};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// Credits taken from a bank by a write.
pub struct Draw<'a> {
    pub bank: &'a Bank,
    pub cost: Credits,
    pub today: Date,
}

/// Whose count of held licences the write changes.
pub enum Recipient<'a> {
    /// Nobody is (re)assigned by this write.
    Unchanged,
    /// Joins the organisation in this step holding this many licences (the email must belong to
    /// no organisation).
    Joins(&'a Membership, u32),
    /// A member of this organisation gains (+) or gives back (-) licences.
    Member(&'a Email, &'a OrgId, i64),
}

pub struct LicenseWrite<'a> {
    /// The licences as they will be.
    pub licenses: &'a [License],
    /// `None`: the licences are new. `Some`: the one licence as it was read, which must not have
    /// changed since (no concurrent renewal, return or assignment).
    pub previous: Option<&'a License>,
    pub draw: Option<Draw<'a>>,
    pub recipient: Recipient<'a>,
    pub audit: &'a AuditEvent,
    pub mails: &'a [OutboxMail],
    pub idempotency: Option<&'a IdempotencyRecord>,
}

pub fn license_item(license: &License) -> Result<Item, StoreError> {
    let order = keys::license_order(license.created_at, &license.code);
    let mut item = to_item(
        license,
        keys::attributes(keys::license(&license.code))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::licenses_of(&license.org),
                order.clone(),
            ))
            .chain(keys::in_index(
                GSI2,
                keys::licenses_of_bank(&license.bank.id),
                order.clone(),
            ))
            // Top-level copies of the first start and last expiry, for status filters.
            .chain([
                (keys::START, license.start().to_string()),
                (keys::EXPIRY, license.expiry().to_string()),
            ]),
    )?;
    if let Some(assignee) = license.assignee() {
        for (name, value) in keys::in_index(
            GSI3,
            keys::licenses_of_assignee(&license.org, assignee),
            order,
        ) {
            item.insert(name.into(), s(value));
        }
    }
    Ok(item)
}

/// Licence lists: by organisation, bank or assignee, optionally by status on a given day.
#[derive(Debug, Clone)]
pub struct LicenseFilter {
    pub org: OrgId,
    pub bank: Option<BankId>,
    pub assignee: Option<Email>,
    pub status: Option<(Lifecycle, Date)>,
}

/// The Query behind every licence list: by organisation, bank or assignee, and status.
fn licenses_query(filter: &LicenseFilter, cursor: Option<&str>, limit: i32) -> Query {
    let (index, partition) = match (&filter.bank, &filter.assignee) {
        (_, Some(email)) => (GSI3, keys::licenses_of_assignee(&filter.org, email)),
        (Some(bank), None) => (GSI2, keys::licenses_of_bank(bank)),
        (None, None) => (GSI1, keys::licenses_of(&filter.org)),
    };
    let mut q = Query::page(Some(index), partition, true, cursor, limit);
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if index == GSI2 {
        // A bank's partition is not the organisation's: never list another's licences.
        conditions.push("#org = :org");
        values.push((":org", s(filter.org.as_str())));
    }
    if let (Some(_), Some(bank)) = (&filter.assignee, &filter.bank) {
        conditions.push("#bank.#id = :bank");
        values.push((":bank", s(bank.as_str())));
    }
    if let Some((status, today)) = filter.status {
        conditions.push(match status {
            Lifecycle::Pending => "#start > :today",
            Lifecycle::Active => "#start <= :today AND #expiry > :today",
            Lifecycle::Expired => "#expiry <= :today",
        });
        values.push((":today", s(today.to_string())));
    }
    if !conditions.is_empty() {
        let mut expr = Expr::new(conditions.join(" AND "));
        expr.values = values;
        q.filter = Some(expr);
    }
    q
}

impl Store {
    pub async fn write_licenses(&self, w: LicenseWrite<'_>) -> Result<(), StoreError> {
        let mut tx = self.tx_for(w.idempotency)?;
        if let Some(draw) = &w.draw {
            tx.update(
                &self.table,
                keys::bank(&draw.bank.id),
                Expr::new("SET #used = #used + :c, #remaining = #remaining - :c").value(":c", n(draw.cost.get())),
                // The expiry as read: the licences remember it, and an extension moves it.
                Expr::new(
                    "attribute_exists(#pk) AND #org = :org AND #remaining >= :c AND #expiry > :today AND attribute_not_exists(#forfeited) AND #expiry = :expiry",
                )
                .value(":org", s(draw.bank.org.as_str()))
                .value(":today", s(draw.today.to_string()))
                .value(":expiry", s(draw.bank.expiry.to_string())),
                draw_refusal(draw.bank.org.clone(), draw.cost, draw.today),
            )?;
        }
        for license in w.licenses {
            match w.previous {
                // 75 random bits make a collision practically impossible (and harmless: refused).
                None => tx.create(&self.table, license_item(license)?, |_| {
                    StoreError::Internal("activation code collision".into())
                })?,
                Some(previous) => self.replace_license_into(&mut tx, license, previous)?,
            }
        }
        match w.recipient {
            Recipient::Unchanged => {}
            Recipient::Joins(member, held) => self.new_membership_into(&mut tx, member, held)?,
            Recipient::Member(email, org, delta) => self.held_into(&mut tx, email, org, delta)?,
        }
        // Every licence change is the organisation's own: none while it is suspended.
        self.org_open_into(&mut tx, &w.audit.org, super::OrgGuard::Open)?;
        self.audit_into(&mut tx, w.audit)?;
        self.mails_into(&mut tx, w.mails)?;
        self.commit(tx).await
    }

    /// Replaces a licence only if its terms and assignees are still those that were read.
    fn replace_license_into(
        &self,
        tx: &mut Tx,
        license: &License,
        previous: &License,
    ) -> Result<(), StoreError> {
        tx.put_if(
            &self.table,
            license_item(license)?,
            // What it remembers of its bank too: an extension of the bank rewrites it meanwhile.
            Expr::new("attribute_exists(#pk) AND size(#terms) = :terms AND size(#assignments) = :assignments AND #bank.#expiry = :bank_expiry")
                .value(":terms", n(previous.terms.len()))
                .value(":assignments", n(previous.assignments.len()))
                .value(":bank_expiry", s(previous.bank.expiry.to_string())),
            |_| {
                StoreError::Refused(Refusal::Conflict(elp_core::Message::new(
                    "conflict-licence-changed",
                )))
            },
        )
    }

    pub async fn get_license(&self, code: &ActivationCode) -> Result<Option<License>, StoreError> {
        self.get_item(keys::license(code), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// One page of licences, newest first. A status filter is applied to each page read, so a
    /// page can hold fewer than `limit` items while more follow.
    pub async fn list_licenses(
        &self,
        filter: &LicenseFilter,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<License>, StoreError> {
        self.list(licenses_query(filter, cursor, limit)).await
    }

    /// Every licence `filter` names, newest first, `page` at a time: each page is handed to
    /// `each` as it is read (never collected first), and `each` may stop the walk.
    pub async fn each_license_page(
        &self,
        filter: &LicenseFilter,
        page: i32,
        each: impl FnMut(Vec<License>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<(), StoreError> {
        self.drain(licenses_query(filter, None, page), each).await
    }
}
