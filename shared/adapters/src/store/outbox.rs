//! The outbox: mail written in the same transaction as the change it announces, delivered right
//! after the commit and, if SES is down, again by the scheduled sender until it goes through.
//!
//! Each organisation has its own queue in the sparse `due` index, sorted by when each mail is
//! due (a failed mail is due again later, backing off), and a marker in the list of
//! organisations with mail waiting, so a sender serves organisations in turn and one
//! organisation's flood or poisoned mail never holds another's back. Exports have a lane of
//! their own. A mail that failed every attempt leaves its queue for the dead-mail list.
//!
//! Delivery is at-least-once: a sender claims a mail with a short lease before sending, so two
//! senders never send the same mail at the same time; only a crash between SES accepting a mail
//! and the store recording it can send it twice.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use chrono::{DateTime, Duration, Utc};
use elp_core::{Date, Letter, OrgId};
use serde::{Deserialize, Serialize};

use super::error::{classify, StoreError};
use super::keys::{self, DUE};
use super::tx::{n, s, Expr, Tx};
use super::{from_item, new_id, to_item, Query, Store};

/// How long delivered mail is kept for inspection before TTL removes it.
const SENT_RETENTION_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: String,
    /// The organisation whose change caused it: whose queue and budget it goes through.
    pub org: OrgId,
    pub created_at: DateTime<Utc>,
    pub letter: Letter,
    #[serde(default)]
    pub attempts: u32,
    /// When it is (next) due; its creation until it fails or waits for a budget.
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
}

impl OutboxMail {
    pub fn new(
        letter: impl Into<Letter>,
        org: &OrgId,
        now: DateTime<Utc>,
    ) -> Result<Self, StoreError> {
        Ok(OutboxMail {
            id: new_id("m_")?,
            org: org.clone(),
            created_at: now,
            letter: letter.into(),
            attempts: 0,
            due_at: None,
            last_error: None,
        })
    }

    /// The outbox's mail for each of a change's letters, in the order the decision wrote them.
    /// They are due at the same instant, and a queue sorts by due time, then id: so their ids
    /// share one random stem and are numbered in letter order (an invitation then goes before
    /// the licence it announces).
    pub fn all(
        letters: Vec<Letter>,
        org: &OrgId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Self>, StoreError> {
        let stem = new_id("m_")?;
        Ok(letters
            .into_iter()
            .enumerate()
            .map(|(i, letter)| OutboxMail {
                id: format!("{stem}.{i:03}"),
                org: org.clone(),
                created_at: now,
                letter,
                attempts: 0,
                due_at: None,
                last_error: None,
            })
            .collect())
    }

    pub fn is_export(&self) -> bool {
        matches!(self.letter, Letter::Export { .. })
    }

    fn due(&self) -> DateTime<Utc> {
        self.due_at.unwrap_or(self.created_at)
    }

    /// The queue it waits in.
    fn queue(&self) -> String {
        if self.is_export() {
            keys::OUTBOX_EXPORTS.to_string()
        } else {
            keys::outbox_of(&self.org)
        }
    }
}

/// A dead mail, as the operator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadMail {
    #[serde(flatten)]
    pub mail: OutboxMail,
    pub dead_at: DateTime<Utc>,
}

/// An organisation with mail in its queue, and the last mail that arrived there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Waiting {
    pub org: OrgId,
    /// The last arrival's queue position (time and id): changes with every arrival.
    pub last_mail: String,
}

#[derive(Serialize)]
struct Marker<'a> {
    org: &'a OrgId,
    last_mail: String,
}

/// What the budget said of one more mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// Counted: it may go.
    Counted,
    /// The day's budget is spent.
    Spent,
}

impl Store {
    /// Adds a change's mails to `tx`: each in its queue, and once per organisation the marker
    /// that tells senders the organisation has mail waiting.
    pub(crate) fn mails_into(&self, tx: &mut Tx, mails: &[OutboxMail]) -> Result<(), StoreError> {
        let mut marked = BTreeSet::new();
        for mail in mails {
            let item = to_item(
                mail,
                keys::attributes(keys::outbox(&mail.id))
                    .into_iter()
                    .chain(keys::in_index(
                        DUE,
                        mail.queue(),
                        keys::outbox_order(mail.due(), &mail.id),
                    )),
            )?;
            tx.put(&self.table, item)?;
            if !mail.is_export() && marked.insert(mail.org.clone()) {
                let marker = Marker {
                    org: &mail.org,
                    last_mail: keys::outbox_order(mail.created_at, &mail.id),
                };
                let item = to_item(
                    &marker,
                    keys::attributes(keys::outbox_marker(&mail.org))
                        .into_iter()
                        .chain(keys::in_index(
                            DUE,
                            keys::OUTBOX_ORGS.into(),
                            mail.org.to_string(),
                        )),
                )?;
                tx.put(&self.table, item)?;
            }
        }
        Ok(())
    }

    /// Queues one mail with its audit event (and idempotency record), respecting `cooldown`.
    pub async fn queue_mail(
        &self,
        mail: &OutboxMail,
        audit: &elp_core::AuditEvent,
        cooldown: &super::Cooldown,
        idempotency: Option<&super::IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        self.cooldown_into(&mut tx, cooldown, audit.at)?;
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, std::slice::from_ref(mail))?;
        self.commit(tx).await
    }

    /// The organisations with mail waiting (due or not), in id order.
    pub async fn waiting_orgs(&self) -> Result<Vec<Waiting>, StoreError> {
        let mut q = Query::new(Some(DUE), keys::OUTBOX_ORGS.to_string());
        q.limit = 1000;
        self.all(q).await
    }

    /// Up to `limit` mails of `queue` due at `now`, longest waiting first.
    async fn due_in(
        &self,
        queue: String,
        now: DateTime<Utc>,
        limit: i32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        let mut q = Query::new(Some(DUE), queue);
        q.until = Some(keys::outbox_due_by(now));
        q.limit = limit;
        Ok(self.list(q).await?.items)
    }

    /// An organisation's mails due at `now`, at most `limit`.
    pub async fn due_mail(
        &self,
        org: &OrgId,
        now: DateTime<Utc>,
        limit: i32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        self.due_in(keys::outbox_of(org), now, limit).await
    }

    /// Exports due at `now`, at most `limit`.
    pub async fn due_exports(
        &self,
        now: DateTime<Utc>,
        limit: i32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        self.due_in(keys::OUTBOX_EXPORTS.to_string(), now, limit)
            .await
    }

    /// Whether an organisation's queue holds any mail at all (due later included).
    pub async fn has_mail(&self, org: &OrgId) -> Result<bool, StoreError> {
        let mut q = Query::new(Some(DUE), keys::outbox_of(org));
        q.limit = 1;
        Ok(!self.query(q).await?.items.is_empty())
    }

    /// Takes an organisation off the list of those with mail waiting, unless mail arrived
    /// since its marker was read (`waiting`): then it stays.
    pub async fn unmark(&self, waiting: &Waiting) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        tx.delete(
            &self.table,
            keys::outbox_marker(&waiting.org),
            Expr::new("#last_mail = :seen").value(":seen", s(waiting.last_mail.as_str())),
            |_| StoreError::AlreadyDone,
        )?;
        match self.commit(tx).await {
            Ok(()) | Err(StoreError::AlreadyDone) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Every mail not yet delivered (due or waiting), oldest queue first: for the tests and the
    /// operator, never a sender's path.
    pub async fn pending_mail(&self, limit: i32) -> Result<Vec<OutboxMail>, StoreError> {
        let mut queues: Vec<String> = self
            .waiting_orgs()
            .await?
            .into_iter()
            .map(|w| keys::outbox_of(&w.org))
            .collect();
        queues.push(keys::OUTBOX_EXPORTS.to_string());
        let mut pending = Vec::new();
        for queue in queues {
            let mut q = Query::new(Some(DUE), queue);
            q.limit = 1000;
            self.drain(q, |page: Vec<OutboxMail>| {
                pending.extend(page);
                Ok(if pending.len() >= limit as usize {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })
            .await?;
        }
        pending.truncate(limit.max(0) as usize);
        Ok(pending)
    }

    /// Mail that failed every attempt, most recently dead first.
    pub async fn dead_mail(
        &self,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<super::Page<DeadMail>, StoreError> {
        self.list(Query::page(
            Some(DUE),
            keys::OUTBOX_DEAD.to_string(),
            true,
            cursor,
            limit,
        ))
        .await
    }

    /// One conditional update of a mail (outside any transaction: delivery is per mail);
    /// `false` when the condition did not hold.
    async fn update_mail(
        &self,
        id: &str,
        update: Expr,
        condition: Expr,
    ) -> Result<bool, StoreError> {
        let (pk, sk) = keys::outbox(id);
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression(update.text)
            .condition_expression(condition.text);
        for (placeholder, name) in update.names.into_iter().chain(condition.names) {
            request = request.expression_attribute_names(placeholder, name);
        }
        for (name, value) in update.values.into_iter().chain(condition.values) {
            request = request.expression_attribute_values(name, value);
        }
        self.count_round_trip();
        match request.send().await {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(classify(e)),
        }
    }

    /// Takes the mail for `lease` unless it was sent or another sender holds it.
    pub async fn claim_mail(
        &self,
        id: &str,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        self.update_mail(
            id,
            Expr::new("SET #lease_until = :until, #attempts = #attempts + :one")
                .value(":until", s(keys::timestamp(now + lease)))
                .value(":one", n(1)),
            Expr::new("attribute_exists(#due_pk) AND #due_pk <> :dead AND (attribute_not_exists(#lease_until) OR #lease_until < :now)")
                .value(":now", s(keys::timestamp(now)))
                .value(":dead", s(keys::OUTBOX_DEAD)),
        )
        .await
    }

    /// Records delivery: the mail leaves its queue and expires after the retention period.
    pub async fn mark_mail_sent(
        &self,
        id: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let expires = (now + Duration::days(SENT_RETENTION_DAYS)).timestamp();
        self.update_mail(
            id,
            Expr::new("SET #sent_at = :now, #message_id = :mid, #expires_at = :exp REMOVE #due_pk, #due_sk, #lease_until, #last_error")
                .value(":now", s(keys::timestamp(now)))
                .value(":mid", s(message_id))
                .value(":exp", n(expires)),
            Expr::new("attribute_exists(#pk)"),
        )
        .await?;
        Ok(())
    }

    /// Drops a mail that must not go (its recipient may no longer receive it): it leaves its
    /// queue, kept with why until the retention period ends.
    pub async fn cancel_mail(
        &self,
        id: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let expires = (now + Duration::days(SENT_RETENTION_DAYS)).timestamp();
        self.update_mail(
            id,
            Expr::new(
                "SET #cancelled = :why, #expires_at = :exp REMOVE #due_pk, #due_sk, #lease_until",
            )
            .value(":why", s(why))
            .value(":exp", n(expires)),
            Expr::new("attribute_exists(#pk)"),
        )
        .await?;
        Ok(())
    }

    /// Gives the mail back to its queue, due again at `due` (a failure's backoff, or the next
    /// budget day), noting why if it failed. A retry the budget held back gives its attempt
    /// back.
    pub async fn postpone_mail(
        &self,
        mail: &OutboxMail,
        due: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let due_at = serde_dynamo::to_attribute_value(due)?;
        let order = s(keys::outbox_order(due, &mail.id));
        let update = match error {
            Some(error) => {
                let error: String = error.chars().take(500).collect();
                Expr::new("SET #due_sk = :order, #due_at = :due, #last_error = :e REMOVE #lease_until")
                    .value(":e", s(error))
            }
            None => Expr::new("SET #due_sk = :order, #due_at = :due, #attempts = #attempts - :one REMOVE #lease_until")
                .value(":one", n(1)),
        }
        .value(":order", order)
        .value(":due", due_at);
        self.update_mail(&mail.id, update, Expr::new("attribute_exists(#due_pk)"))
            .await?;
        Ok(())
    }

    /// A mail that failed its last attempt leaves its queue for the dead-mail list.
    pub async fn bury_mail(
        &self,
        mail: &OutboxMail,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        self.update_mail(
            &mail.id,
            Expr::new("SET #due_pk = :dead, #due_sk = :order, #dead_at = :now, #last_error = :e REMOVE #lease_until")
                .value(":dead", s(keys::OUTBOX_DEAD))
                .value(":order", s(keys::outbox_order(now, &mail.id)))
                .value(":now", serde_dynamo::to_attribute_value(now)?)
                .value(":e", s(error)),
            Expr::new("attribute_exists(#due_pk)"),
        )
        .await?;
        Ok(())
    }

    /// An organisation's daily mail budget: what the operator set, or `default`.
    pub async fn mail_budget(&self, org: &OrgId, default: u32) -> Result<u32, StoreError> {
        let item = self.get_item(keys::org(org), false).await?;
        Ok(item
            .as_ref()
            .and_then(|i| i.get(keys::MAIL_BUDGET))
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    }

    /// Counts one mail in an organisation's day, unless the day's `budget` is spent.
    pub async fn count_mail(
        &self,
        org: &OrgId,
        day: Date,
        budget: u32,
    ) -> Result<Budget, StoreError> {
        let (pk, sk) = keys::mail_day(org, day);
        let expires = (day + chrono::Days::new(3))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp();
        let counted = self.counter(pk, sk, budget, expires).await?;
        Ok(if counted {
            Budget::Counted
        } else {
            Budget::Spent
        })
    }

    /// Gives back a mail counted in a day that did not go out after all.
    pub async fn uncount_mail(&self, org: &OrgId, day: Date) -> Result<(), StoreError> {
        let (pk, sk) = keys::mail_day(org, day);
        self.count_round_trip();
        self.client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression("ADD #count :minus")
            .condition_expression("attribute_exists(#count) AND #count > :zero")
            .expression_attribute_names("#count", keys::COUNT)
            .expression_attribute_values(":minus", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await
            .map(|_| ())
            .or_else(|e| match e {
                SdkError::ServiceError(ref se)
                    if matches!(
                        se.err(),
                        UpdateItemError::ConditionalCheckFailedException(_)
                    ) =>
                {
                    Ok(())
                }
                other => Err(classify(other)),
            })
    }

    /// How many mails an organisation sent on a day.
    pub async fn mail_sent(&self, org: &OrgId, day: Date) -> Result<u32, StoreError> {
        #[derive(Deserialize)]
        struct Counter {
            count: u32,
        }
        Ok(self
            .get_item(keys::mail_day(org, day), true)
            .await?
            .map(from_item::<Counter>)
            .transpose()?
            .map_or(0, |c| c.count))
    }

    /// Sets an organisation's daily mail budget (the operator's).
    pub async fn set_mail_budget(
        &self,
        org: &OrgId,
        per_day: u32,
        audit: &elp_core::AuditEvent,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::org(org),
            Expr::new("SET #mail_budget = :b").value(":b", n(per_day)),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("organisation"),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Adds one to the counter `(pk, sk)` unless it reached `limit`: `false` then. The counter
    /// is forgotten after `expires` (epoch seconds).
    pub(crate) async fn counter(
        &self,
        pk: String,
        sk: String,
        limit: u32,
        expires: i64,
    ) -> Result<bool, StoreError> {
        self.count_round_trip();
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression("ADD #count :one SET #expires_at = :exp")
            .condition_expression("attribute_not_exists(#count) OR #count < :limit")
            .expression_attribute_names("#count", keys::COUNT)
            .expression_attribute_names("#expires_at", keys::EXPIRES_AT)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":limit", n(limit))
            .expression_attribute_values(":exp", n(expires))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(classify(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_s_mails_sort_in_letter_order_in_their_queue() {
        let org = OrgId::parse("o1").unwrap();
        let to = elp_core::Email::parse("email", "a@b.co").unwrap();
        let letters: Vec<Letter> = (0..12)
            .map(|_| Letter::Export {
                to: to.clone(),
                org: org.clone(),
            })
            .collect();
        let now = DateTime::UNIX_EPOCH;
        let mails = OutboxMail::all(letters, &org, now).unwrap();
        let orders: Vec<String> = mails
            .iter()
            .map(|m| keys::outbox_order(m.due(), &m.id))
            .collect();
        let mut sorted = orders.clone();
        sorted.sort();
        assert_eq!(orders, sorted);
        let ids: BTreeSet<_> = mails.iter().map(|m| &m.id).collect();
        assert_eq!(ids.len(), 12, "distinct ids");
    }
}
