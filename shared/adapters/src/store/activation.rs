//! Activation: a licence's seats and its activation state, items of the licence's own partition
//! (`LICENSE#<code>` / `SEAT#<index>`, `LICENSE#<code>` / `ACTIVATION`), so one Query reads the
//! licence, its state and its seats (A60). A claim is a transaction whose Put of the seat is
//! conditioned on the seat being as it was read (absent, or at the `rev` read), with the
//! organisation's not-suspended check and the activation's audit event (A61); a heartbeat is
//! one conditional UpdateItem (A63); a validation one BatchGetItem (A62); a release a
//! transaction of the seat's Delete, the state's Put under its `rev`, the audit event (A64). A
//! return moves the epoch on in its own transaction ([`Store::write_licenses`]), then
//! [`Store::tidy_seats`] deletes the seats it freed (A66).
//!
//! Times on a seat are written fixed-width ([`keys::timestamp`]), so conditions compare them
//! as strings.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::ReturnValue;
use elp_core::activation::{ActivationState, Fingerprint, Heartbeat, Hold, Seat};
use elp_core::{
    ActivationCode, AuditEvent, License, OrgId, Organisation, ProductId, VersionPolicy,
};

use super::cursor::Item;
use super::error::{classify, StoreError};
use super::keys::{self, Key};
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Query, Store};

/// A seat as stored, with the `rev` a write that read it is conditioned on.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSeat {
    pub seat: Seat,
    pub rev: u64,
}

/// A licence's activation state as stored (`rev` 0: never written).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredState {
    pub state: ActivationState,
    pub rev: u64,
}

/// What one Query of a licence's partition holds.
#[derive(Debug, Clone, Default)]
pub struct Activation {
    pub license: Option<License>,
    pub state: StoredState,
    pub seats: Vec<StoredSeat>,
}

impl Activation {
    pub fn held(&self) -> Vec<Seat> {
        self.seats.iter().map(|s| s.seat.clone()).collect()
    }

    pub fn seat(&self, index: u32) -> Option<&StoredSeat> {
        self.seats.iter().find(|s| s.seat.index == index)
    }
}

/// What a validation's one BatchGetItem holds (A62).
#[derive(Debug, Clone, Default)]
pub struct Validation {
    pub license: Option<License>,
    pub state: StoredState,
    pub seat: Option<StoredSeat>,
    /// The organisation and its version policy for the product, when the caller named the
    /// organisation (the function remembers a code's organisation: a licence never changes
    /// organisation).
    pub org: Option<OrgRead>,
}

/// A licence's organisation and its version policy for the licence's product, read together
/// (the signed file carries the versions the policy allows, decision 120).
#[derive(Debug, Clone, Default)]
pub struct OrgRead {
    pub org: Option<Organisation>,
    /// The policy the organisation set for the product (none: every version).
    pub policy: Option<VersionPolicy>,
}

fn rev_of(item: &Item) -> u64 {
    item.get(keys::REV)
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn seat_of(item: Item) -> Result<StoredSeat, StoreError> {
    let rev = rev_of(&item);
    Ok(StoredSeat {
        seat: seat_from(item)?,
        rev,
    })
}

/// A seat from its item. A heartbeat writes a lease's end on any seat (one UpdateItem cannot
/// choose what to set); a machine's seat has none.
fn seat_from(item: Item) -> Result<Seat, StoreError> {
    let mut seat: Seat = from_item(item)?;
    if seat.hold == Hold::Machine {
        seat.lease_until = None;
    }
    Ok(seat)
}

fn state_of(item: Item) -> Result<StoredState, StoreError> {
    let rev = rev_of(&item);
    Ok(StoredState {
        state: from_item(item)?,
        rev,
    })
}

const SEAT_TIMES: [&str; 5] = [
    "first_seen",
    "last_seen",
    "lease_until",
    "borrowed_until",
    "valid_to",
];

/// A seat's item at `rev`, its times fixed-width.
fn seat_item(code: &ActivationCode, seat: &Seat, rev: u64) -> Result<Item, StoreError> {
    let mut item = to_item(seat, keys::attributes(keys::seat(code, seat.index)))?;
    for (name, at) in SEAT_TIMES.iter().zip([
        Some(seat.first_seen),
        Some(seat.last_seen),
        seat.lease_until,
        seat.borrowed_until,
        Some(seat.valid_to),
    ]) {
        if let Some(at) = at {
            item.insert((*name).into(), s(keys::timestamp(at)));
        }
    }
    item.insert(keys::REV.into(), n(rev));
    Ok(item)
}

fn state_item(
    code: &ActivationCode,
    state: &ActivationState,
    rev: u64,
) -> Result<Item, StoreError> {
    let mut item = to_item(state, keys::attributes(keys::activation(code)))?;
    item.insert(keys::REV.into(), n(rev));
    Ok(item)
}

/// The seat's write conditioned on it being as read: absent, or at the `rev` read.
fn as_read(rev: Option<u64>) -> Expr {
    match rev {
        None => Expr::new("attribute_not_exists(#pk)"),
        Some(rev) => Expr::new("#rev = :rev").value(":rev", n(rev)),
    }
}

/// A seat or state that changed since it was read: the caller reads again and decides again.
fn moved(_: Option<&Item>) -> StoreError {
    StoreError::AlreadyDone
}

/// Lost races come back as `Ok(false)`.
fn raced(result: Result<(), StoreError>) -> Result<bool, StoreError> {
    match result {
        Ok(()) => Ok(true),
        Err(StoreError::AlreadyDone) => Ok(false),
        Err(e) => Err(e),
    }
}

/// What a transaction's organisation check means: missing or suspended, the licence is
/// unknown to the software (nothing else is said).
fn closed(_: Option<&Item>) -> StoreError {
    StoreError::NotFound("licence")
}

impl Store {
    fn org_usable_into(&self, tx: &mut Tx, org: &OrgId) -> Result<(), StoreError> {
        tx.check(
            &self.table,
            keys::org(org),
            Expr::new("attribute_exists(#pk) AND attribute_not_exists(#suspended)"),
            closed,
        )
    }

    /// The licence, its activation state and its seats: one Query of its partition, strongly
    /// consistent (A60).
    pub async fn read_activation(&self, code: &ActivationCode) -> Result<Activation, StoreError> {
        let mut found = Activation::default();
        let q = Query {
            limit: 1000,
            ..Query::new(None, keys::license_partition(code))
        };
        let mut items = Vec::new();
        self.drain_items(q, |page| {
            items.extend(page);
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .await?;
        for item in items {
            let sk = item
                .get(keys::SK)
                .and_then(|v| v.as_s().ok())
                .cloned()
                .unwrap_or_default();
            if sk == keys::LICENSE_SK {
                found.license = Some(from_item(item)?);
            } else if sk == keys::ACTIVATION_SK {
                found.state = state_of(item)?;
            } else if sk.starts_with(keys::SEAT_PREFIX) {
                found.seats.push(seat_of(item)?);
            }
        }
        Ok(found)
    }

    /// The licence, its state, the seat the software names and (when known) its organisation
    /// with its version policy for `product`, in one BatchGetItem (A62).
    pub async fn read_validation(
        &self,
        code: &ActivationCode,
        index: u32,
        org: Option<&OrgId>,
        product: &ProductId,
    ) -> Result<Validation, StoreError> {
        let mut wanted: Vec<Key> = vec![
            keys::license(code),
            keys::activation(code),
            keys::seat(code, index),
        ];
        if let Some(org) = org {
            wanted.push(keys::org(org));
            wanted.push(keys::policy(org, product));
        }
        let mut found = self.get_items(&wanted).await?.into_iter();
        let mut next = || found.next().flatten();
        let (license, state, seat, org_item, policy) = (next(), next(), next(), next(), next());
        Ok(Validation {
            license: license.map(from_item).transpose()?,
            state: state.map(state_of).transpose()?.unwrap_or_default(),
            seat: seat.map(seat_of).transpose()?,
            org: match org {
                Some(_) => Some(OrgRead {
                    org: org_item.map(from_item).transpose()?,
                    policy: policy.map(from_item).transpose()?,
                }),
                None => None,
            },
        })
    }

    /// An organisation and its version policy for `product`: one BatchGetItem (A61, A62).
    pub async fn read_org_policy(
        &self,
        org: &OrgId,
        product: &ProductId,
    ) -> Result<OrgRead, StoreError> {
        let mut found = self
            .get_items(&[keys::org(org), keys::policy(org, product)])
            .await?
            .into_iter();
        let mut next = || found.next().flatten();
        let (org, policy) = (next(), next());
        Ok(OrgRead {
            org: org.map(from_item).transpose()?,
            policy: policy.map(from_item).transpose()?,
        })
    }

    /// Claims a seat (A61): the seat put if it is still as read (`replaces`: its rev), the
    /// organisation neither missing nor suspended (else `NotFound`), the activation's audit
    /// event beside it. `false`: another claim took or changed the seat first.
    pub async fn claim_seat(
        &self,
        license: &License,
        seat: &Seat,
        replaces: Option<u64>,
        audit: Option<&AuditEvent>,
    ) -> Result<bool, StoreError> {
        let mut tx = Tx::new();
        let rev = replaces.map_or(1, |r| r + 1);
        tx.put_if(
            &self.table,
            seat_item(&license.code, seat, rev)?,
            as_read(replaces),
            moved,
        )?;
        self.org_usable_into(&mut tx, &license.org)?;
        if let Some(event) = audit {
            self.audit_into(&mut tx, event)?;
        }
        raced(self.commit(tx).await)
    }

    /// Claims a seat with no event to record (a floating lease, an activation repeated): one
    /// conditional PutItem (A61), the organisation checked by the read before it.
    pub async fn put_seat(
        &self,
        code: &ActivationCode,
        seat: &Seat,
        replaces: Option<u64>,
    ) -> Result<bool, StoreError> {
        use aws_sdk_dynamodb::operation::put_item::PutItemError;
        let condition = as_read(replaces);
        let mut request = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(seat_item(code, seat, replaces.map_or(1, |r| r + 1))?))
            .condition_expression(condition.text.clone());
        for (placeholder, name) in condition.names {
            request = request.expression_attribute_names(placeholder, name);
        }
        for (name, value) in condition.values {
            request = request.expression_attribute_values(name, value);
        }
        self.count_round_trip();
        match request.send().await {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(e) => Err(classify(e)),
        }
    }

    /// A seat put again over the one read (a heartbeat that read the licence again, A63).
    pub async fn replace_seat(
        &self,
        code: &ActivationCode,
        seat: &Seat,
        rev: u64,
    ) -> Result<bool, StoreError> {
        self.put_seat(code, seat, Some(rev)).await
    }

    /// A heartbeat (A63): one conditional UpdateItem of the seat, seen now and (for a lease)
    /// held until `beat.lease_until`, on condition that it is this machine's, has not run out,
    /// and that the licence as the seat knows it (`valid_to`) lasts until then. `None` when the
    /// condition fails (the caller reads the licence: a renewal, the licence's end, a release);
    /// else the seat as it now is.
    pub async fn beat(
        &self,
        code: &ActivationCode,
        index: u32,
        holder: &Fingerprint,
        beat: &Heartbeat,
    ) -> Result<Option<Seat>, StoreError> {
        let (pk, sk) = keys::seat(code, index);
        let now = keys::timestamp(beat.last_seen);
        // The seat's kind is not known before the write: `beat` is a lease's, and a machine's
        // seat ignores the lease's end it is given (`seat_from`).
        let lease = keys::timestamp(beat.lease_until.unwrap_or(beat.last_seen));
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(keys::PK, s(pk))
            .key(keys::SK, s(sk))
            .update_expression("SET #last_seen = :now, #rev = #rev + :one, #lease_until = :lease")
            .condition_expression(
                "#holder = :holder AND #last_seen <= :quiet_since \
                 AND ((#hold = :machine AND #valid_to > :now) \
                 OR (#hold = :lease_hold AND #valid_to >= :lease \
                 AND (#lease_until > :now OR #borrowed_until > :now)))",
            )
            .expression_attribute_names("#last_seen", "last_seen")
            .expression_attribute_names("#rev", keys::REV)
            .expression_attribute_names("#holder", "holder")
            .expression_attribute_names("#hold", "hold")
            .expression_attribute_names("#valid_to", "valid_to")
            .expression_attribute_names("#lease_until", "lease_until")
            .expression_attribute_names("#borrowed_until", "borrowed_until")
            .expression_attribute_values(":now", s(&now))
            .expression_attribute_values(":quiet_since", s(keys::timestamp(beat.quiet_since)))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":holder", s(holder.as_str()))
            .expression_attribute_values(":lease_hold", s(hold_name(Hold::Lease)))
            .expression_attribute_values(":machine", s(hold_name(Hold::Machine)))
            .expression_attribute_values(":lease", s(lease))
            .return_values(ReturnValue::AllNew);
        self.count_round_trip();
        match request.send().await {
            Ok(out) => Ok(out.attributes.map(seat_from).transpose()?),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(None)
            }
            Err(e) => Err(classify(e)),
        }
    }

    /// Releases a seat (A64): deleted if still as read, the state put at its next rev when the
    /// release counts (`state`: the state after it), the organisation neither missing nor
    /// suspended, the audit event and a portal request's idempotency record beside it. `false`:
    /// the seat or the state changed first.
    pub async fn release_seat(
        &self,
        license: &License,
        seat: &StoredSeat,
        state: Option<(&ActivationState, u64)>,
        audit: Option<&AuditEvent>,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        tx.delete(
            &self.table,
            keys::seat(&license.code, seat.seat.index),
            as_read(Some(seat.rev)),
            moved,
        )?;
        if let Some((after, rev)) = state {
            let condition = if rev == 0 {
                as_read(None)
            } else {
                as_read(Some(rev))
            };
            tx.put_if(
                &self.table,
                state_item(&license.code, after, rev + 1)?,
                condition,
                moved,
            )?;
        }
        self.org_usable_into(&mut tx, &license.org)?;
        if let Some(event) = audit {
            self.audit_into(&mut tx, event)?;
        }
        raced(self.commit(tx).await)
    }

    /// A return's step of its transaction: the licence's epoch moves on (every seat claimed
    /// before is free from then on), and the state's rev with it, so a release decided on the
    /// state before the return fails its condition (A65).
    pub(crate) fn epoch_into(&self, tx: &mut Tx, code: &ActivationCode) -> Result<(), StoreError> {
        tx.update_always(
            &self.table,
            keys::activation(code),
            Expr::new(
                "SET #epoch = if_not_exists(#epoch, :zero) + :one, #rev = if_not_exists(#rev, :zero) + :one",
            )
            .value(":zero", n(0))
            .value(":one", n(1)),
        )
    }

    /// After a return: deletes the seats its epoch freed (each only if it is still of an earlier
    /// epoch), best effort: they are free whatever they say (A66). How many it deleted.
    pub async fn tidy_seats(&self, code: &ActivationCode) -> Result<usize, StoreError> {
        let read = self.read_activation(code).await?;
        let epoch = read.state.state.epoch;
        let mut deleted = 0;
        for stale in read.seats.iter().filter(|s| s.seat.epoch < epoch) {
            let mut tx = Tx::new();
            tx.delete(
                &self.table,
                keys::seat(code, stale.seat.index),
                Expr::new("#epoch < :epoch").value(":epoch", n(epoch)),
                moved,
            )?;
            if raced(self.commit(tx).await)? {
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

fn hold_name(hold: Hold) -> &'static str {
    match hold {
        Hold::Machine => "machine",
        Hold::Lease => "lease",
    }
}
