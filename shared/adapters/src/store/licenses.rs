//! Licences and the credit draw that creates them: one transaction that takes the credits from
//! the bank (only if it still holds them and has not expired), creates every licence (codes are
//! unique by their key), adds or checks the recipient's membership, and writes the audit event,
//! the mail and the idempotency record. Nothing of it exists without the rest.

use chrono::{DateTime, Utc};
use elp_core::{
    ActivationCode, AuditEvent, Bank, BankId, Credits, Date, Email, License, Membership, OrgId,
    Refusal,
};

use super::banks::bank_refusal;
use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1, GSI2, GSI3};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, ListQuery, Page, Store};

/// Everything one generation writes.
pub struct Generation<'a> {
    pub bank: &'a Bank,
    pub cost: Credits,
    pub today: Date,
    pub created_at: DateTime<Utc>,
    pub licenses: &'a [License],
    /// The recipient, when they join the organisation in this step (else they must be a member).
    pub new_member: Option<&'a Membership>,
    pub recipient: Option<&'a Email>,
    pub audit: &'a AuditEvent,
    pub mail: Option<&'a OutboxMail>,
    pub idempotency: Option<&'a IdempotencyRecord>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Stamped {
    created_at: DateTime<Utc>,
}

pub(crate) fn license_item(
    license: &License,
    created_at: DateTime<Utc>,
) -> Result<Item, StoreError> {
    let (pk, sk) = keys::license(&license.code);
    let order = keys::license_order(created_at, &license.code);
    let mut item = to_item(
        license,
        [
            (keys::PK, pk),
            (keys::SK, sk),
            ("gsi1pk", keys::licenses_of(&license.org)),
            ("gsi1sk", order.clone()),
            ("gsi2pk", keys::licenses_of_bank(&license.bank)),
            ("gsi2sk", order.clone()),
        ],
    )?;
    if let Some(assignee) = license.assignee() {
        item.insert(
            "gsi3pk".into(),
            s(keys::licenses_of_assignee(&license.org, assignee)),
        );
        item.insert("gsi3sk".into(), s(order));
    }
    item.extend(to_item(&Stamped { created_at }, [])?);
    Ok(item)
}

impl Store {
    /// Draws `cost` credits from the bank and creates the licences, all or nothing.
    pub async fn commit_generation(&self, g: Generation<'_>) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        if let Some(record) = g.idempotency {
            self.idempotency_into(&mut tx, record)?;
        }
        tx.update(
            &self.table,
            keys::bank(&g.bank.id),
            Expr::new("SET #used = #used + :c, #remaining = #remaining - :c").value(":c", n(g.cost.get())),
            Expr::new(
                "attribute_exists(#pk) AND #org = :org AND #remaining >= :c AND #expiry > :today AND attribute_not_exists(#forfeited)",
            )
            .value(":org", s(g.bank.org.as_str()))
            .value(":today", s(g.today.to_string())),
            bank_refusal(g.bank.org.clone(), g.cost, g.today),
        )?;
        for license in g.licenses {
            // 75 random bits make a collision practically impossible (and harmless: refused).
            tx.create(&self.table, license_item(license, g.created_at)?, |_| {
                StoreError::Internal("activation code collision".into())
            })?;
        }
        match (g.new_member, g.recipient) {
            (Some(member), _) => self.new_membership_into(&mut tx, member)?,
            (None, Some(email)) => {
                let org = g.bank.org.clone();
                let who = email.clone();
                tx.check(
                    &self.table,
                    keys::user(email),
                    Expr::new("#org = :org").value(":org", s(org.as_str())),
                    move |old| match old {
                        Some(_) => StoreError::Refused(Refusal::MemberOfAnotherOrganisation {
                            email: who.to_string(),
                        }),
                        None => StoreError::Refused(Refusal::Conflict(format!(
                            "{who} is no longer a member of this organisation"
                        ))),
                    },
                )?;
            }
            (None, None) => {}
        }
        self.audit_into(&mut tx, g.audit)?;
        if let Some(mail) = g.mail {
            self.outbox_into(&mut tx, mail)?;
        }
        self.commit(tx).await
    }

    pub async fn get_license(&self, code: &ActivationCode) -> Result<Option<License>, StoreError> {
        self.get_item(keys::license(code), true)
            .await?
            .map(from_item)
            .transpose()
    }

    pub async fn list_licenses(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<License>, StoreError> {
        self.list(ListQuery::page(
            Some(GSI1),
            keys::licenses_of(org),
            true,
            cursor,
            limit,
        ))
        .await
    }

    pub async fn list_bank_licenses(
        &self,
        bank: &BankId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<License>, StoreError> {
        self.list(ListQuery::page(
            Some(GSI2),
            keys::licenses_of_bank(bank),
            true,
            cursor,
            limit,
        ))
        .await
    }

    pub async fn list_assignee_licenses(
        &self,
        org: &OrgId,
        email: &Email,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<License>, StoreError> {
        self.list(ListQuery::page(
            Some(GSI3),
            keys::licenses_of_assignee(org, email),
            true,
            cursor,
            limit,
        ))
        .await
    }
}
