//! Banks of credits. A bank item carries `remaining` (= granted - used) beside the core's fields
//! because a DynamoDB condition cannot do arithmetic: `remaining >= :cost` is what makes
//! overspending impossible under any concurrency.

use elp_core::values::MAX_CREDITS;
use elp_core::{AuditEvent, Bank, BankId, Credits, Date, OrgId, Refusal};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, DUE, GSI1};
use super::tx::{n, s, Expr};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

pub(crate) fn bank_item(bank: &Bank) -> Result<Item, StoreError> {
    let mut item = to_item(
        bank,
        keys::attributes(keys::bank(&bank.id))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::banks_of(&bank.org),
                keys::bank_in_org(bank.start, &bank.id),
            )),
    )?;
    if bank.forfeited.is_none() {
        for (name, value) in keys::in_index(
            DUE,
            keys::BANK_EXPIRY.into(),
            keys::bank_expiry(bank.expiry, &bank.id),
        ) {
            item.insert(name.into(), s(value));
        }
    }
    item.insert(keys::REMAINING.into(), n(bank.remaining().get()));
    Ok(item)
}

/// Why a condition on a bank failed, told by `check` (one of the core's checks) from the bank as
/// it was; another organisation's bank is a missing one.
pub(crate) fn bank_refusal(
    org: OrgId,
    check: impl FnOnce(&Bank) -> Result<(), Refusal> + Send,
) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    move |old| {
        let Some(bank) = old.and_then(|item| from_item::<Bank>(item.clone()).ok()) else {
            return StoreError::NotFound("bank");
        };
        if bank.org != org {
            return StoreError::NotFound("bank");
        }
        match check(&bank) {
            Err(refusal) => StoreError::Refused(refusal),
            Ok(()) => StoreError::Refused(Refusal::Conflict(
                "the bank changed while this request was made; reload it and try again".into(),
            )),
        }
    }
}

/// A draw of `cost` on `today`, refused as the core's [`Bank::check_draw`] says.
pub(crate) fn draw_refusal(
    org: OrgId,
    cost: Credits,
    today: Date,
) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    bank_refusal(org, move |bank| bank.check_draw(cost, today).map(|_| ()))
}

impl Store {
    /// Creates a bank in an existing organisation, with its audit event.
    pub async fn create_bank(
        &self,
        bank: &Bank,
        audit: &AuditEvent,
        catalog_revision: u64,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.org_exists_into(&mut tx, &bank.org)?;
        // The product was checked against the catalogue at this revision; a change that came
        // since may have removed it. The count lets a change refuse to remove a product in use.
        self.catalog_at_into(&mut tx, catalog_revision)?;
        self.bank_usage_into(&mut tx, &bank.product, bank.version, 1)?;
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
        self.list(Query::page(
            Some(GSI1),
            keys::banks_of(org),
            false,
            cursor,
            limit,
        ))
        .await
    }

    /// Every bank of the organisation, in the list's order.
    pub async fn all_banks(&self, org: &OrgId) -> Result<Vec<Bank>, StoreError> {
        self.all(Query::page(
            Some(GSI1),
            keys::banks_of(org),
            false,
            None,
            100,
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
            bank_refusal(org, move |bank| bank.check_grant(credits, today)),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}
