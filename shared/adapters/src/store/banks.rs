//! Banks of credits. A bank item carries `remaining` (= granted - used) beside the core's fields
//! because a DynamoDB condition cannot do arithmetic: `remaining >= :cost` is what makes
//! overspending impossible under any concurrency.

use chrono::{DateTime, Utc};
use elp_core::values::MAX_CREDITS;
use elp_core::{AuditEvent, Bank, BankId, Credits, Date, OrgId, Refusal};
use serde::{Deserialize, Serialize};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, DUE, GSI1, GSI2};
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// A bank extended to `expiry` whose licences may still remember an earlier expiry (they are
/// brought up to date right after the extension, and again by the next expiry job, which then
/// forgets the task: an index read a moment after a write may miss that write).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub bank: BankId,
    pub expiry: Date,
    pub at: DateTime<Utc>,
}

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
            Ok(()) => StoreError::Refused(Refusal::Conflict(elp_core::Message::new(
                "conflict-bank-changed",
            ))),
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

    /// Moves the bank's expiry later (it must still be as read and not expired): its place in
    /// the expiry job's index follows, its warnings start again for the new date, and a task
    /// remembers that its licences are to be brought up to date.
    pub async fn extend_bank(
        &self,
        before: &Bank,
        after: &Bank,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<Extension, StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let today = audit.at.date_naive();
        let org = before.org.clone();
        tx.update(
            &self.table,
            keys::bank(&before.id),
            Expr::new("SET #expiry = :new, #due_sk = :due REMOVE #warned")
                .value(":new", s(after.expiry.to_string()))
                .value(":due", s(keys::bank_expiry(after.expiry, &after.id))),
            Expr::new(
                "attribute_exists(#pk) AND #org = :org AND #expiry = :old AND #expiry > :today AND attribute_not_exists(#forfeited)",
            )
            .value(":org", s(before.org.as_str()))
            .value(":old", s(before.expiry.to_string()))
            .value(":today", s(today.to_string())),
            bank_refusal(org, move |bank| bank.check_usable(today)),
        )?;
        let task = Extension {
            bank: after.id.clone(),
            expiry: after.expiry,
            at: audit.at,
        };
        self.extension_into(&mut tx, &task)?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await?;
        Ok(task)
    }

    fn extension_into(&self, tx: &mut Tx, task: &Extension) -> Result<(), StoreError> {
        tx.put(
            &self.table,
            to_item(
                task,
                keys::attributes(keys::extension(&task.bank))
                    .into_iter()
                    .chain(keys::in_index(
                        DUE,
                        keys::BANK_EXTENSIONS.into(),
                        keys::extension_order(task.at, &task.bank),
                    )),
            )?,
        )
    }

    /// Brings every licence of the extended bank that remembers an earlier expiry up to date;
    /// answers how many it changed. Each update is conditioned on the licence still
    /// remembering an earlier one, so running it twice, or beside a newer extension, is safe.
    pub async fn propagate_extension(&self, task: &Extension) -> Result<u32, StoreError> {
        let mut stale = Vec::new();
        let q = Query::page(
            Some(GSI2),
            keys::licenses_of_bank(&task.bank),
            false,
            None,
            500,
        );
        self.drain::<elp_core::License>(q, |page| {
            stale.extend(
                page.into_iter()
                    .filter(|l| l.bank.expiry < task.expiry)
                    .map(|l| l.code),
            );
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .await?;
        let mut changed = 0;
        for chunk in stale.chunks(16) {
            let updates = chunk.iter().map(|code| {
                let store = self.clone();
                let code = code.clone();
                let expiry = task.expiry;
                tokio::spawn(async move { store.licence_bank_expiry(&code, expiry).await })
            });
            for update in updates.collect::<Vec<_>>() {
                let done = update
                    .await
                    .map_err(|e| StoreError::Internal(e.to_string()))??;
                changed += u32::from(done);
            }
        }
        Ok(changed)
    }

    async fn licence_bank_expiry(
        &self,
        code: &elp_core::ActivationCode,
        expiry: Date,
    ) -> Result<bool, StoreError> {
        let (pk, sk) = keys::license(code);
        self.count_round_trip();
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression("SET #bank.#expiry = :new")
            .condition_expression("attribute_exists(#pk) AND #bank.#expiry < :new")
            .expression_attribute_names("#bank", "bank")
            .expression_attribute_names("#expiry", "expiry")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":new", s(expiry.to_string()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if is_condition_failure(&e) => Ok(false),
            Err(e) => Err(super::classify(e)),
        }
    }

    /// Extensions whose licences the expiry job has yet to check again, oldest first.
    pub async fn pending_extensions(&self) -> Result<Vec<Extension>, StoreError> {
        let mut q = Query::new(Some(DUE), keys::BANK_EXTENSIONS.to_string());
        q.limit = 500;
        let mut found = Vec::new();
        self.drain::<Extension>(q, |page| {
            found.extend(page);
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .await?;
        Ok(found)
    }

    /// Forgets an extension task once its licences are up to date (unless a newer extension of
    /// the bank replaced it meanwhile).
    pub async fn finish_extension(&self, task: &Extension) -> Result<(), StoreError> {
        let (pk, sk) = keys::extension(&task.bank);
        self.count_round_trip();
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .condition_expression("#expiry = :expiry")
            .expression_attribute_names("#expiry", "expiry")
            .expression_attribute_values(":expiry", s(task.expiry.to_string()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failure(&e) => Ok(()),
            Err(e) => Err(super::classify(e)),
        }
    }

    /// Voids `credits` of the bank's unused ones (it must still hold them and not have
    /// expired), with its audit event.
    pub async fn void_credits(
        &self,
        bank: &Bank,
        credits: Credits,
        today: Date,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let org = bank.org.clone();
        tx.update(
            &self.table,
            keys::bank(&bank.id),
            Expr::new("SET #granted = #granted - :c, #remaining = #remaining - :c ADD #voided :c")
                .value(":c", n(credits.get())),
            Expr::new(
                "attribute_exists(#pk) AND #org = :org AND #remaining >= :c AND #expiry > :today AND attribute_not_exists(#forfeited)",
            )
            .value(":org", s(bank.org.as_str()))
            .value(":today", s(today.to_string())),
            draw_refusal(org, credits, today),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }
}

fn is_condition_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata, R>(
    e: &aws_sdk_dynamodb::error::SdkError<E, R>,
) -> bool {
    e.as_service_error()
        .and_then(|s| s.code())
        .is_some_and(|c| c == "ConditionalCheckFailedException")
}
