//! Credit requests: one item each (`CREDIT_REQUEST#<id>`), listed per organisation in `gsi1`,
//! waiting for the licence provider in the sparse `due` index (which a request leaves when it
//! is answered or withdrawn) and, once decided, in `gsi2` per status.
//!
//! Every change is one transaction whose conditions keep the rules under any concurrency: the
//! request changes only while it is still pending (two operators granting at once grant once);
//! the organisation's item counts its pending requests, incremented only below the cap and only
//! while the organisation is open (one condition on one item); a bank's `requested` moves with
//! the request that holds it.

use elp_core::credit::{check_requested_bank, check_top_up, MAX_PENDING};
use elp_core::decide::GrantedRequest;
use elp_core::values::MAX_CREDITS;
use elp_core::{
    AuditEvent, Bank, BankId, CreditRequest, CreditRequestId, Credits, Date, Message, OrgId,
    Refusal, RequestStatus,
};

use super::banks::{bank_item, bank_refusal};
use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, DUE, GSI1, GSI2};
use super::orgs::{closed, OrgGuard};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// Which requests a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditRequestList {
    /// One organisation's, or every organisation's (the licence provider's queue).
    pub org: Option<OrgId>,
    pub status: Option<RequestStatus>,
}

fn credit_request_item(r: &CreditRequest) -> Result<Item, StoreError> {
    let listed = keys::in_index(
        GSI1,
        keys::credit_requests_of(&r.org),
        keys::credit_request_order(r.requested_at, &r.id),
    );
    let queued = match (r.status, r.decided_at) {
        (RequestStatus::Pending, _) | (_, None) => keys::in_index(
            DUE,
            keys::PENDING_CREDIT_REQUESTS.into(),
            keys::credit_request_order(r.requested_at, &r.id),
        ),
        (status, Some(at)) => keys::in_index(
            GSI2,
            keys::decided_credit_requests(status),
            keys::credit_request_order(at, &r.id),
        ),
    };
    to_item(
        r,
        keys::attributes(keys::credit_request(&r.id))
            .into_iter()
            .chain(listed)
            .chain(queued),
    )
}

/// "The request is still pending", and what it means when it is not.
fn still_pending(before: &CreditRequest) -> (Expr, impl FnOnce(Option<&Item>) -> StoreError) {
    let condition = Expr::new("#org = :org AND #status = :pending")
        .value(":org", s(before.org.as_str()))
        .value(":pending", s(RequestStatus::Pending.as_str()));
    let refused = |old: Option<&Item>| {
        let Some(old) = old.and_then(|i| from_item::<CreditRequest>(i.clone()).ok()) else {
            return StoreError::NotFound("credit request");
        };
        StoreError::Refused(
            old.check_pending()
                .err()
                .unwrap_or_else(|| Refusal::Conflict(Message::new("conflict-request-changed"))),
        )
    };
    (condition, refused)
}

impl Store {
    /// A credit request by id (strongly consistent: it decides what an answer may do).
    pub async fn get_credit_request(
        &self,
        id: &CreditRequestId,
    ) -> Result<Option<CreditRequest>, StoreError> {
        self.get_item(keys::credit_request(id), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// One page of requests: an organisation's, newest first (pending ones oldest first when
    /// only those are asked for); or every organisation's, pending ones oldest first (the
    /// provider's queue), decided ones most recently decided first.
    pub async fn list_credit_requests(
        &self,
        list: &CreditRequestList,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<CreditRequest>, StoreError> {
        let oldest_first = list.status == Some(RequestStatus::Pending);
        let q = match (&list.org, list.status) {
            (Some(org), status) => {
                let mut q = Query::page(
                    Some(GSI1),
                    keys::credit_requests_of(org),
                    !oldest_first,
                    cursor,
                    limit,
                );
                q.filter = status.map(|status| {
                    Expr::new("#status = :status").value(":status", s(status.as_str()))
                });
                q
            }
            (None, None | Some(RequestStatus::Pending)) => Query::page(
                Some(DUE),
                keys::PENDING_CREDIT_REQUESTS.into(),
                false,
                cursor,
                limit,
            ),
            (None, Some(status)) => Query::page(
                Some(GSI2),
                keys::decided_credit_requests(status),
                true,
                cursor,
                limit,
            ),
        };
        self.list(q).await
    }

    /// Adds `delta` (+1 or -1) pending requests to the organisation's count. Adding is refused
    /// at the cap and, with [`OrgGuard::Open`], while the organisation is suspended (the same
    /// item, so the same condition).
    fn pending_requests_into(
        &self,
        tx: &mut Tx,
        org: &OrgId,
        delta: i64,
        guard: OrgGuard,
    ) -> Result<(), StoreError> {
        let open = match guard {
            OrgGuard::Open => " AND attribute_not_exists(#suspended)",
            OrgGuard::Any => "",
        };
        if delta > 0 {
            return tx.update(
                &self.table,
                keys::org(org),
                Expr::new("ADD #pending_requests :d").value(":d", n(delta)),
                Expr::new(format!(
                    "attribute_exists(#pk){open} AND (attribute_not_exists(#pending_requests) OR #pending_requests < :max)"
                ))
                .value(":max", n(MAX_PENDING)),
                move |old| {
                    closed(old, guard)
                        .unwrap_or(StoreError::Refused(Refusal::TooManyPending { max: MAX_PENDING }))
                },
            );
        }
        tx.update(
            &self.table,
            keys::org(org),
            Expr::new("ADD #pending_requests :d").value(":d", n(delta)),
            Expr::new(format!(
                "attribute_exists(#pk){open} AND #pending_requests >= :n"
            ))
            .value(":n", n(-delta)),
            move |old| {
                closed(old, guard).unwrap_or(StoreError::Refused(Refusal::Conflict(Message::new(
                    "conflict-requests-changed",
                ))))
            },
        )
    }

    /// Takes `credits` a request held off `bank`'s `requested` (whatever the bank's state).
    fn release_into(&self, tx: &mut Tx, bank: &BankId, credits: Credits) -> Result<(), StoreError> {
        tx.update(
            &self.table,
            keys::bank(bank),
            Expr::new("SET #requested = #requested - :c").value(":c", n(credits.get())),
            Expr::new("attribute_exists(#pk) AND #requested >= :c"),
            |_| {
                StoreError::Refused(Refusal::Conflict(Message::new(
                    "conflict-bank-requested-changed",
                )))
            },
        )
    }

    /// A new request, counted in its organisation's pending requests (refused at the cap or
    /// while it is suspended) and in its bank's `requested`, with its event and mail.
    pub async fn request_credits(
        &self,
        request: &CreditRequest,
        audit: &AuditEvent,
        mails: &[OutboxMail],
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        // The organisation first: a suspension is the refusal to tell.
        self.pending_requests_into(&mut tx, &request.org, 1, OrgGuard::Open)?;
        tx.create(&self.table, credit_request_item(request)?, |_| {
            StoreError::Internal("credit request id collision".into())
        })?;
        if let Some(bank) = &request.bank {
            let today = request.requested_at.date_naive();
            let product = request.product.clone();
            tx.update(
                &self.table,
                keys::bank(bank),
                Expr::new("ADD #requested :c").value(":c", n(request.credits.get())),
                Expr::new(
                    "attribute_exists(#pk) AND #org = :org AND #product = :product AND #expiry > :today AND attribute_not_exists(#forfeited)",
                )
                .value(":org", s(request.org.as_str()))
                .value(":product", s(request.product.as_str()))
                .value(":today", s(today.to_string())),
                bank_refusal(request.org.clone(), move |b| {
                    check_requested_bank(b, &product, today)
                }),
            )?;
        }
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, mails)?;
        self.commit(tx).await
    }

    /// The admin's withdrawal of a pending request (`before`, as read), while the organisation
    /// is open.
    pub async fn withdraw_credit_request(
        &self,
        before: &CreditRequest,
        after: &CreditRequest,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        self.close_request(
            before,
            after,
            OrgGuard::Open,
            audit,
            &[],
            idempotency,
            |tx| match before.held() {
                Some((bank, credits)) => self.release_into(tx, bank, credits),
                None => Ok(()),
            },
        )
        .await
    }

    /// The licence provider's decline of a pending request, with its mail.
    pub async fn decline_credit_request(
        &self,
        before: &CreditRequest,
        after: &CreditRequest,
        audit: &AuditEvent,
        mails: &[OutboxMail],
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        self.close_request(
            before,
            after,
            OrgGuard::Any,
            audit,
            mails,
            idempotency,
            |tx| match before.held() {
                Some((bank, credits)) => self.release_into(tx, bank, credits),
                None => Ok(()),
            },
        )
        .await
    }

    /// The licence provider's grant of a pending request (`before`): a new bank, or a bank
    /// topped up (granted, purchased and remaining credits), and the credits the request held
    /// in its own bank's `requested` released, in one update when that is the same bank. A new
    /// bank is conditioned on the catalogue's revision its product was checked at.
    #[allow(clippy::too_many_arguments)]
    pub async fn grant_credit_request(
        &self,
        before: &CreditRequest,
        granted: &GrantedRequest,
        catalog_revision: Option<u64>,
        today: Date,
        mails: &[OutboxMail],
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let bank = &granted.bank;
        let credits = granted.request.granted.unwrap_or(Credits::ZERO);
        self.close_request(
            before,
            &granted.request,
            OrgGuard::Any,
            &granted.audit,
            mails,
            idempotency,
            |tx| {
                let held_here = match &granted.released {
                    Some((held, c)) if *held == bank.id => Some(*c),
                    Some((held, c)) => {
                        self.release_into(tx, held, *c)?;
                        None
                    }
                    None => None,
                };
                if granted.created {
                    // As the operator's create-bank: the product was checked at this revision
                    // of the catalogue, and the bank counts in its product's usage.
                    let revision = catalog_revision.ok_or_else(|| {
                        StoreError::Internal("a new bank without its catalogue revision".into())
                    })?;
                    self.catalog_at_into(tx, revision)?;
                    self.bank_usage_into(tx, &bank.product, bank.version, 1)?;
                    return tx.create(&self.table, bank_item(bank)?, |_| {
                        StoreError::Internal("bank id collision".into())
                    });
                }
                let ceiling = MAX_CREDITS.saturating_sub(credits.get());
                let mut update = String::from(
                    "SET #granted = #granted + :c, #purchased = #purchased + :c, #remaining = #remaining + :c",
                );
                let mut condition = String::from(
                    "attribute_exists(#pk) AND #org = :org AND #product = :product AND #expiry > :today AND attribute_not_exists(#forfeited) AND #granted <= :ceiling AND #purchased <= :ceiling",
                );
                if held_here.is_some() {
                    update.push_str(", #requested = #requested - :held");
                    condition.push_str(" AND #requested >= :held");
                }
                let mut condition = Expr::new(condition)
                    .value(":org", s(before.org.as_str()))
                    .value(":product", s(before.product.as_str()))
                    .value(":today", s(today.to_string()))
                    .value(":ceiling", n(ceiling));
                if let Some(held) = held_here {
                    condition = condition.value(":held", n(held.get()));
                }
                let request = before.clone();
                tx.update(
                    &self.table,
                    keys::bank(&bank.id),
                    Expr::new(update).value(":c", n(credits.get())),
                    condition,
                    bank_refusal(before.org.clone(), move |b: &Bank| {
                        check_top_up(b, &request, credits, today)
                    }),
                )
            },
        )
        .await
    }

    /// Replaces a pending request (`before`) by its answer (`after`), one pending request less
    /// for its organisation, with what `more` adds, the event and the mails.
    #[allow(clippy::too_many_arguments)]
    async fn close_request(
        &self,
        before: &CreditRequest,
        after: &CreditRequest,
        guard: OrgGuard,
        audit: &AuditEvent,
        mails: &[OutboxMail],
        idempotency: Option<&IdempotencyRecord>,
        more: impl FnOnce(&mut Tx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        // The request first: "already granted" is the refusal to tell a second answer.
        let (condition, refused) = still_pending(before);
        tx.put_if(&self.table, credit_request_item(after)?, condition, refused)?;
        self.pending_requests_into(&mut tx, &before.org, -1, guard)?;
        more(&mut tx)?;
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, mails)?;
        self.commit(tx).await
    }
}
