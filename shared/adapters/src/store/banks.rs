//! Banks of credits. A bank item carries `remaining` (= granted - used) beside the core's fields
//! because a DynamoDB condition cannot do arithmetic: `remaining >= :cost` is what makes
//! overspending impossible under any concurrency.

use elp_core::values::MAX_CREDITS;
use elp_core::{AuditEvent, Bank, BankId, Credits, Date, OrgId, Refusal};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1};
use super::tx::{n, s, Expr};
use super::{from_item, to_item, IdempotencyRecord, ListQuery, Page, Store};

pub(crate) fn bank_item(bank: &Bank) -> Result<Item, StoreError> {
    let (pk, sk) = keys::bank(&bank.id);
    let mut item = to_item(
        bank,
        [
            (keys::PK, pk),
            (keys::SK, sk),
            ("gsi1pk", keys::banks_of(&bank.org)),
            ("gsi1sk", keys::bank_in_org(bank.start, &bank.id)),
        ],
    )?;
    if bank.forfeited.is_none() {
        item.insert("due_pk".into(), s(keys::BANK_EXPIRY));
        item.insert("due_sk".into(), s(keys::bank_expiry(bank.expiry, &bank.id)));
    }
    item.insert("remaining".into(), n(bank.remaining().get()));
    Ok(item)
}

/// Why a condition on a bank failed, told from the bank as it was.
pub(crate) fn bank_refusal(
    org: OrgId,
    needed: Credits,
    today: Date,
) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    move |old| {
        let Some(bank) = old.and_then(|item| from_item::<Bank>(item.clone()).ok()) else {
            return StoreError::NotFound("bank");
        };
        if bank.org != org {
            return StoreError::NotFound("bank");
        }
        if bank.forfeited.is_some() || bank.expiry <= today {
            return StoreError::Refused(Refusal::BankExpired {
                expiry: bank.expiry,
            });
        }
        StoreError::Refused(Refusal::InsufficientCredits {
            needed,
            remaining: bank.remaining(),
        })
    }
}

impl Store {
    /// Creates a bank in an existing organisation, with its audit event.
    pub async fn create_bank(
        &self,
        bank: &Bank,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_exists_into(&mut tx, &bank.org)?;
        tx.create(&self.table, bank_item(bank)?, |_| {
            StoreError::Internal("bank id collision".into())
        })?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// A bank by id. `consistent` for the page's refresh and before a decision.
    pub async fn get_bank(
        &self,
        id: &BankId,
        consistent: bool,
    ) -> Result<Option<Bank>, StoreError> {
        self.get_item(keys::bank(id), consistent)
            .await?
            .map(from_item)
            .transpose()
    }

    pub async fn list_banks(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Bank>, StoreError> {
        self.list(ListQuery::page(
            Some(GSI1),
            keys::banks_of(org),
            false,
            cursor,
            limit,
        ))
        .await
    }

    /// Adds `credits` to what the bank can spend, unless it has expired; with its audit event.
    pub async fn grant(
        &self,
        bank: &Bank,
        credits: Credits,
        today: Date,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let ceiling = MAX_CREDITS.saturating_sub(credits.get());
        let org = bank.org.clone();
        tx.update(
            &self.table,
            keys::bank(&bank.id),
            Expr::new("SET #granted = #granted + :c, #remaining = #remaining + :c")
                .value(":c", n(credits.get())),
            Expr::new(
                "attribute_exists(#pk) AND #org = :org AND #expiry > :today AND attribute_not_exists(#forfeited) AND #granted <= :ceiling",
            )
            .value(":org", s(bank.org.as_str()))
            .value(":today", s(today.to_string()))
            .value(":ceiling", n(ceiling)),
            move |old| match bank_refusal(org, credits, today)(old) {
                StoreError::Refused(Refusal::InsufficientCredits { .. }) => StoreError::Refused(
                    Refusal::Conflict(format!("a bank holds at most {MAX_CREDITS} credits")),
                ),
                other => other,
            },
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
