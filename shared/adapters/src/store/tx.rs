//! One all-or-nothing TransactWriteItems, with what each item's failed condition means.
//!
//! Items are added with an interpretation of their `ConditionalCheckFailed` (built from the item
//! as it was, returned by `ReturnValuesOnConditionCheckFailure::AllOld`), so a cancellation
//! becomes a typed error such as "insufficient credits: 2 left, 3 needed", never a 500.

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::types::{
    ConditionCheck, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem, Update,
};

use super::cursor::Item;
use super::error::{classify, StoreError};
use super::keys::{self, Key};
use super::Store;

type Meaning = Box<dyn FnOnce(Option<&Item>) -> StoreError + Send>;

/// A write expression with its placeholders.
/// Every attribute is written `#name` and bound by [`Expr::new`], so no attribute name can
/// collide with one of DynamoDB's reserved words.
#[derive(Clone)]
pub struct Expr {
    pub text: String,
    pub names: Vec<(String, String)>,
    pub values: Vec<(&'static str, AttributeValue)>,
}

impl Expr {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let mut names = Vec::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find('#') {
            let name: String = rest[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[at + 1 + name.len()..];
            let placeholder = format!("#{name}");
            if !names.iter().any(|(p, _)| *p == placeholder) {
                names.push((placeholder, name));
            }
        }
        Expr {
            text,
            names,
            values: Vec::new(),
        }
    }

    pub fn value(mut self, name: &'static str, value: AttributeValue) -> Self {
        self.values.push((name, value));
        self
    }

    /// Binds `placeholder` to an attribute name that `#name` cannot spell (`bank:25.1`).
    pub fn name(mut self, placeholder: &str, name: impl Into<String>) -> Self {
        let name = name.into();
        match self.names.iter_mut().find(|(p, _)| p == placeholder) {
            Some(entry) => entry.1 = name,
            None => self.names.push((placeholder.to_string(), name)),
        }
        self
    }

    /// This expression's text with `other`'s values (an expression rewritten around them).
    pub fn values_of(mut self, other: Expr) -> Self {
        self.values = other.values;
        self
    }
}

pub fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

pub fn n(v: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

#[derive(Default)]
pub struct Tx {
    items: Vec<TransactWriteItem>,
    meanings: Vec<Meaning>,
}

fn bug(what: &'static str) -> Meaning {
    Box::new(move |_| StoreError::Internal(format!("unexpected condition failure: {what}")))
}

fn built<T>(result: Result<T, aws_sdk_dynamodb::error::BuildError>) -> Result<T, StoreError> {
    result.map_err(|e| StoreError::Internal(e.to_string()))
}

/// Binds an expression's `#name` placeholders and `:value`s on any of the SDK's item builders
/// (they share the method names, not a trait).
macro_rules! bind {
    ($builder:expr, $expr:expr) => {{
        let mut builder = $builder;
        let expr: Expr = $expr;
        for (placeholder, name) in expr.names {
            builder = builder.expression_attribute_names(placeholder, name);
        }
        for (name, value) in expr.values {
            builder = builder.expression_attribute_values(name, value);
        }
        builder
    }};
}

impl Tx {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, item: TransactWriteItem, meaning: Meaning) {
        self.items.push(item);
        self.meanings.push(meaning);
    }

    /// Puts an item that must not exist yet; `exists` says what it means if it does.
    pub fn create(
        &mut self,
        table: &str,
        item: Item,
        exists: impl FnOnce(Option<&Item>) -> StoreError + Send + 'static,
    ) -> Result<(), StoreError> {
        self.put_if(table, item, Expr::new("attribute_not_exists(#pk)"), exists)
    }

    /// Puts an item under a condition; `refused` turns the old item into the error.
    pub fn put_if(
        &mut self,
        table: &str,
        item: Item,
        condition: Expr,
        refused: impl FnOnce(Option<&Item>) -> StoreError + Send + 'static,
    ) -> Result<(), StoreError> {
        let builder = Put::builder()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression(condition.text.clone())
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let put = built(bind!(builder, condition).build())?;
        self.push(
            TransactWriteItem::builder().put(put).build(),
            Box::new(refused),
        );
        Ok(())
    }

    /// Puts an item whatever was there (audit events and mail have fresh unique keys).
    pub fn put(&mut self, table: &str, item: Item) -> Result<(), StoreError> {
        let put = built(
            Put::builder()
                .table_name(table)
                .set_item(Some(item))
                .build(),
        )?;
        self.push(
            TransactWriteItem::builder().put(put).build(),
            bug("unconditional put"),
        );
        Ok(())
    }

    /// Updates an item under a condition; `refused` turns the old item into the error.
    pub fn update(
        &mut self,
        table: &str,
        key: Key,
        update: Expr,
        condition: Expr,
        refused: impl FnOnce(Option<&Item>) -> StoreError + Send + 'static,
    ) -> Result<(), StoreError> {
        let builder = Update::builder()
            .table_name(table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .update_expression(update.text.clone())
            .condition_expression(condition.text.clone())
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let update = built(bind!(bind!(builder, update), condition).build())?;
        self.push(
            TransactWriteItem::builder().update(update).build(),
            Box::new(refused),
        );
        Ok(())
    }

    /// Updates an item whatever its state (counters that only add up).
    pub fn update_always(&mut self, table: &str, key: Key, update: Expr) -> Result<(), StoreError> {
        let builder = Update::builder()
            .table_name(table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .update_expression(update.text.clone());
        let update = built(bind!(builder, update).build())?;
        self.push(
            TransactWriteItem::builder().update(update).build(),
            bug("unconditional update"),
        );
        Ok(())
    }

    /// Deletes an item under a condition; `refused` turns the old item into the error.
    pub fn delete(
        &mut self,
        table: &str,
        key: Key,
        condition: Expr,
        refused: impl FnOnce(Option<&Item>) -> StoreError + Send + 'static,
    ) -> Result<(), StoreError> {
        let builder = aws_sdk_dynamodb::types::Delete::builder()
            .table_name(table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .condition_expression(condition.text.clone())
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let delete = built(bind!(builder, condition).build())?;
        self.push(
            TransactWriteItem::builder().delete(delete).build(),
            Box::new(refused),
        );
        Ok(())
    }

    /// Checks a condition on an item the transaction does not change.
    pub fn check(
        &mut self,
        table: &str,
        key: Key,
        condition: Expr,
        refused: impl FnOnce(Option<&Item>) -> StoreError + Send + 'static,
    ) -> Result<(), StoreError> {
        let builder = ConditionCheck::builder()
            .table_name(table)
            .key(keys::PK, s(key.0))
            .key(keys::SK, s(key.1))
            .condition_expression(condition.text.clone())
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld);
        let check = built(bind!(builder, condition).build())?;
        self.push(
            TransactWriteItem::builder().condition_check(check).build(),
            Box::new(refused),
        );
        Ok(())
    }
}

/// Attempts of a transaction that lost a race to another one on the same items.
const CONFLICT_ATTEMPTS: u32 = 10;

impl Store {
    /// Commits `tx` whole or not at all. A transaction cancelled only because another one held
    /// the same items is tried again: its conditions are evaluated afresh each time, so a retry
    /// can never apply what the conditions would now refuse.
    pub async fn commit(&self, tx: Tx) -> Result<(), StoreError> {
        let Tx {
            items,
            mut meanings,
        } = tx;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self
                .commit_once(items.clone(), std::mem::take(&mut meanings))
                .await
            {
                Err((StoreError::Contention(why), unused)) => {
                    if attempt >= CONFLICT_ATTEMPTS {
                        return Err(StoreError::Contention(why));
                    }
                    meanings = unused;
                    // Exponential backoff with jitter, so the losers do not collide again in step.
                    let backoff = (5u64 << attempt.min(6)) + random_ms(20);
                    tokio::time::sleep(std::time::Duration::from_millis(backoff)).await;
                }
                Err((other, _)) => return Err(other),
                Ok(()) => return Ok(()),
            }
        }
    }

    async fn commit_once(
        &self,
        items: Vec<TransactWriteItem>,
        meanings: Vec<Meaning>,
    ) -> Result<(), (StoreError, Vec<Meaning>)> {
        self.count_round_trip();
        let err = match self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
        {
            Ok(_) => return Ok(()),
            Err(err) => err,
        };
        let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            err.as_service_error()
        else {
            return Err((classify(err), meanings));
        };
        let reasons = cancelled.cancellation_reasons();
        let codes: Vec<&str> = reasons.iter().filter_map(|r| r.code()).collect();
        let failed = reasons
            .iter()
            .position(|r| r.code() == Some("ConditionalCheckFailed"));
        if failed.is_none() && codes.contains(&"TransactionConflict") {
            return Err((StoreError::Contention(format!("{codes:?}")), meanings));
        }
        Err((self.explain(reasons, meanings), Vec::new()))
    }

    fn explain(
        &self,
        reasons: &[aws_sdk_dynamodb::types::CancellationReason],
        meanings: Vec<Meaning>,
    ) -> StoreError {
        // A failed condition explains the cancellation best; look for one first.
        for (reason, meaning) in reasons.iter().zip(meanings) {
            if reason.code() == Some("ConditionalCheckFailed") {
                return meaning(reason.item());
            }
        }
        let codes: Vec<&str> = reasons.iter().filter_map(|r| r.code()).collect();
        if codes
            .iter()
            .any(|c| matches!(*c, "ThrottlingError" | "ProvisionedThroughputExceeded"))
        {
            return StoreError::Unavailable(format!("{codes:?}"));
        }
        StoreError::Internal(format!("transaction cancelled: {codes:?}"))
    }
}

fn random_ms(bound: u64) -> u64 {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b) % bound.max(1)
}
