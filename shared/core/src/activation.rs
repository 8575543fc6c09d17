//! Activation: the software side of a licence, so that "computers" means something. The vendor's
//! desktop software activates a machine on a licence (node lock: one machine; multiseat: the
//! current term's computers), or checks out a seat lease of a floating licence (that many
//! machines at once, each lease expiring unless a heartbeat renews it), and may borrow a
//! floating seat for offline use for a bounded number of days.
//!
//! A licence has as many *seats* as its current term allows, numbered from 0; a machine or a
//! lease holds one. Each seat is its own item in the table, so two machines can never hold the
//! same seat (a conditional write claims it) and N + 1 machines racing for N seats leave exactly
//! one refused. A return releases every machine at once by moving the licence's *epoch* on: a
//! seat claimed in an earlier epoch is free, whatever it still says, and the former holder's
//! next validation fails. A lease whose time has passed is free without any job: freedom is a
//! rule of the seat and the clock, decided when a seat is claimed.
//!
//! Everything is said against a moment the caller gives (`now`): nothing here reads the clock.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEvent};
use crate::error::Invalid;
use crate::license::{License, LicenseType};
use crate::message::Message;
use crate::Date;

/// A machine as the desktop software identifies it: an opaque digest of what makes the machine
/// that machine (its hardware and installation), computed by the software.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint(String);

impl Fingerprint {
    pub const MIN: usize = 16;
    pub const MAX: usize = 128;

    /// 16 to 128 characters of letters, digits, `.`, `_`, `:` and `-` (a hex or base64url
    /// digest fits).
    pub fn parse(field: &'static str, raw: &str) -> Result<Fingerprint, Invalid> {
        let ok = (Self::MIN..=Self::MAX).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'));
        if ok {
            Ok(Fingerprint(raw.to_string()))
        } else {
            Err(Invalid::new(
                field,
                Message::new("invalid-fingerprint")
                    .number("min", Self::MIN)
                    .number("max", Self::MAX),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the software says of the machine, for the people who manage it: its name and platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineInfo {
    pub hostname: String,
    pub platform: String,
}

impl MachineInfo {
    /// A hostname of 1 to 255 characters and a platform of 1 to 64, neither with control
    /// characters (they are shown in pages and mail).
    pub fn parse(hostname: &str, platform: &str) -> Result<MachineInfo, Invalid> {
        let check = |field: &'static str, value: &str, max: usize| {
            let value = value.trim();
            if value.is_empty()
                || value.chars().count() > max
                || value.chars().any(char::is_control)
            {
                Err(Invalid::new(
                    field,
                    Message::new("invalid-length")
                        .number("min", 1)
                        .number("max", max),
                ))
            } else {
                Ok(value.to_string())
            }
        };
        Ok(MachineInfo {
            hostname: check("hostname", hostname, 255)?,
            platform: check("platform", platform, 64)?,
        })
    }
}

/// How activation behaves for an organisation (the operator sets it; these are the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationPolicy {
    /// How long a floating seat's lease lasts without a heartbeat.
    pub lease_minutes: u32,
    /// The longest a floating seat may be borrowed for offline use.
    pub max_borrow_days: u32,
    /// Releases of machines allowed per licence within `release_days`.
    pub max_releases: u32,
    pub release_days: u32,
}

impl Default for ActivationPolicy {
    fn default() -> Self {
        ActivationPolicy {
            lease_minutes: 15,
            max_borrow_days: 14,
            max_releases: 3,
            release_days: 30,
        }
    }
}

impl ActivationPolicy {
    /// The bounds an operator's policy is held to: a lease of 5 minutes to a day, borrowing of
    /// 1 to 90 days, 0 to 100 releases (0: none without the vendor) within 1 to 365 days.
    pub const LEASE_MINUTES: (u32, u32) = (5, 1440);
    pub const BORROW_DAYS: (u32, u32) = (1, 90);
    pub const RELEASES: (u32, u32) = (0, 100);
    pub const RELEASE_DAYS: (u32, u32) = (1, 365);

    /// A policy from the operator's numbers, each within its bounds (else which field, why).
    pub fn parse(
        lease_minutes: i64,
        max_borrow_days: i64,
        max_releases: i64,
        release_days: i64,
    ) -> Result<ActivationPolicy, Invalid> {
        let within = |field: &'static str, value: i64, (min, max): (u32, u32)| {
            if value >= i64::from(min) && value <= i64::from(max) {
                Ok(value as u32)
            } else {
                Err(Invalid::new(
                    field,
                    Message::new("invalid-between")
                        .number("min", min)
                        .number("max", max),
                ))
            }
        };
        Ok(ActivationPolicy {
            lease_minutes: within("lease_minutes", lease_minutes, Self::LEASE_MINUTES)?,
            max_borrow_days: within("max_borrow_days", max_borrow_days, Self::BORROW_DAYS)?,
            max_releases: within("max_releases", max_releases, Self::RELEASES)?,
            release_days: within("release_days", release_days, Self::RELEASE_DAYS)?,
        })
    }
}

/// What a seat is held by: a machine activated for good (node lock, multiseat), or a floating
/// licence's lease, borrowed or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    Machine,
    Lease,
}

/// One seat of a licence and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub index: u32,
    pub holder: Fingerprint,
    pub machine: MachineInfo,
    pub hold: Hold,
    /// The licence's epoch when it was claimed: an earlier epoch means a return freed it.
    pub epoch: u32,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// A lease's end unless a heartbeat moves it (floating licences only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<DateTime<Utc>>,
    /// The end of an offline borrowing, during which no heartbeat is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borrowed_until: Option<DateTime<Utc>>,
    /// The end of the licence as it was when the seat was last claimed or renewed: a heartbeat
    /// never carries a lease past it without reading the licence again.
    pub valid_to: DateTime<Utc>,
}

impl Seat {
    /// Whether the seat holds nothing on `now` for a licence at `epoch`: it was claimed before a
    /// return, or it is a lease whose time (and any borrowing) has passed.
    pub fn is_free(&self, epoch: u32, now: DateTime<Utc>) -> bool {
        if self.epoch < epoch {
            return true;
        }
        match self.hold {
            Hold::Machine => false,
            Hold::Lease => self.held_until() <= now,
        }
    }

    /// Until when a lease holds its seat: its lease or its borrowing, whichever ends later.
    pub fn held_until(&self) -> DateTime<Utc> {
        let lease = self.lease_until.unwrap_or(DateTime::<Utc>::MIN_UTC);
        self.borrowed_until.map_or(lease, |b| b.max(lease))
    }

    /// Whether it holds its seat on `now` for a licence at `epoch`.
    pub fn is_held(&self, epoch: u32, now: DateTime<Utc>) -> bool {
        !self.is_free(epoch, now)
    }
}

/// The licence's activation state: its epoch (moved on by every return) and the releases of
/// machines within the policy's period, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationState {
    pub epoch: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<DateTime<Utc>>,
}

/// Why the software is refused. Its `code` is stable; an unknown code and a code of a suspended
/// organisation are told apart by nothing (the adapters answer both as unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// The licence's first term has not started.
    NotYetValid { start: Date },
    /// The licence (or its bank) has ended.
    Expired { expiry: Date },
    /// Every seat is held: `seats` machines (or leases) at once.
    NoSeat { seats: u32 },
    /// This machine holds no seat of the licence: never activated, released, or freed by a
    /// return.
    NotActivated,
    /// Its seat is past the number of computers the current term allows (a renewal with fewer).
    SeatWithdrawn { seats: u32 },
    /// A floating seat's lease ran out: check out again.
    LeaseExpired,
    /// Only floating licences lease and borrow seats; machines activate the others.
    WrongUse { license_type: LicenseType },
    /// More releases within the period than the organisation allows.
    TooManyReleases {
        max: u32,
        days: u32,
        next: DateTime<Utc>,
    },
    /// Borrowed for longer than the policy allows.
    BorrowTooLong { max_days: u32 },
}

impl Denial {
    /// The stable code the API answers with.
    pub fn code(&self) -> &'static str {
        match self {
            Denial::NotYetValid { .. } => "not_yet_valid",
            Denial::Expired { .. } => "license_expired",
            Denial::NoSeat { .. } => "no_seat",
            Denial::NotActivated => "not_activated",
            Denial::SeatWithdrawn { .. } => "seat_withdrawn",
            Denial::LeaseExpired => "lease_expired",
            Denial::WrongUse { .. } => "wrong_use",
            Denial::TooManyReleases { .. } => "too_many_releases",
            Denial::BorrowTooLong { .. } => "borrow_too_long",
        }
    }

    /// What it tells a person (catalogue messages `activation-<code>`).
    pub fn message(&self) -> Message {
        match self {
            Denial::NotYetValid { start } => {
                Message::new("activation-not-yet-valid").date("start", *start)
            }
            Denial::Expired { expiry } => {
                Message::new("activation-expired").date("expiry", *expiry)
            }
            Denial::NoSeat { seats } => Message::new("activation-no-seat").number("seats", *seats),
            Denial::NotActivated => Message::new("activation-not-activated"),
            Denial::SeatWithdrawn { seats } => {
                Message::new("activation-seat-withdrawn").number("seats", *seats)
            }
            Denial::LeaseExpired => Message::new("activation-lease-expired"),
            Denial::WrongUse { license_type } => {
                Message::new("activation-wrong-use").text("type", license_type.as_str())
            }
            Denial::TooManyReleases { max, days, next } => {
                Message::new("activation-too-many-releases")
                    .number("max", *max)
                    .number("days", *days)
                    .date("next", next.date_naive())
            }
            Denial::BorrowTooLong { max_days } => {
                Message::new("activation-borrow-too-long").number("max", *max_days)
            }
        }
    }
}

/// The start of a day, UTC: a licence's term runs from its start day's first instant to its
/// expiry day's first instant (the expiry day itself is not in it).
fn midnight(day: Date) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// When the licence can be used, if it can on `now`: from its first term's start to its last
/// term's expiry (terms follow one another; a renewal moves the end), never past the bank it
/// draws on.
pub fn window(
    license: &License,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Denial> {
    let (start, expiry) = (license.start(), license.expiry().min(license.bank.expiry));
    if now < midnight(start) {
        return Err(Denial::NotYetValid { start });
    }
    if now >= midnight(expiry) {
        return Err(Denial::Expired { expiry });
    }
    Ok((midnight(start), midnight(expiry)))
}

/// How many seats the licence has on `now`: one for a node lock, the current term's computers
/// for a multiseat, the current term's seats for a floating licence.
pub fn seats(license: &License, now: DateTime<Utc>) -> u32 {
    match license.license_type {
        LicenseType::NodeLock => 1,
        LicenseType::Multiseat | LicenseType::Floating => {
            license.computers_on(now.date_naive()).get()
        }
    }
}

/// What a claim writes: the seat (its index chosen among the free ones) and whether the machine
/// already held it (an activation repeated is the same activation, refreshed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub seat: Seat,
    /// The seat as it was read, if any: the write is conditional on it being unchanged (or free).
    pub replaces: Option<Seat>,
    pub again: bool,
}

/// A machine (`fingerprint`) activates the licence (node lock, multiseat) or checks out a seat
/// lease (floating), given every seat as read: its own seat if it holds one (refreshed), else the
/// lowest free seat. `borrow_days`, for a floating licence, borrows the seat for offline use.
#[allow(clippy::too_many_arguments)]
pub fn claim(
    license: &License,
    state: &ActivationState,
    held: &[Seat],
    fingerprint: &Fingerprint,
    machine: &MachineInfo,
    borrow_days: Option<u32>,
    policy: &ActivationPolicy,
    now: DateTime<Utc>,
) -> Result<Claim, Denial> {
    let (_, valid_to) = window(license, now)?;
    let floating = license.license_type == LicenseType::Floating;
    if borrow_days.is_some() && !floating {
        return Err(Denial::WrongUse {
            license_type: license.license_type,
        });
    }
    let count = seats(license, now);
    let hold = if floating { Hold::Lease } else { Hold::Machine };
    let (lease_until, borrowed_until) = if floating {
        let lease = (now + Duration::minutes(i64::from(policy.lease_minutes))).min(valid_to);
        let borrowed = match borrow_days {
            Some(days) if days == 0 || days > policy.max_borrow_days => {
                return Err(Denial::BorrowTooLong {
                    max_days: policy.max_borrow_days,
                })
            }
            Some(days) => Some((now + Duration::days(i64::from(days))).min(valid_to)),
            None => None,
        };
        (Some(lease), borrowed)
    } else {
        (None, None)
    };
    let mine = held
        .iter()
        .find(|s| &s.holder == fingerprint && s.is_held(state.epoch, now) && s.index < count);
    let (index, replaces, again, first_seen) = match mine {
        Some(s) => (s.index, Some(s.clone()), true, s.first_seen),
        None => {
            let is_free = |i: u32| {
                held.iter()
                    .find(|s| s.index == i)
                    .is_none_or(|s| s.is_free(state.epoch, now))
            };
            // Its former seat if that is free (a lease run out, say), else the lowest free one.
            let former = held
                .iter()
                .find(|s| &s.holder == fingerprint && s.index < count && is_free(s.index))
                .map(|s| s.index);
            let free = former.or_else(|| (0..count).find(|i| is_free(*i)));
            let Some(index) = free else {
                return Err(Denial::NoSeat { seats: count });
            };
            let replaces = held.iter().find(|s| s.index == index).cloned();
            (index, replaces, false, now)
        }
    };
    Ok(Claim {
        seat: Seat {
            index,
            holder: fingerprint.clone(),
            machine: machine.clone(),
            hold,
            epoch: state.epoch,
            first_seen,
            last_seen: now,
            lease_until,
            borrowed_until: borrowed_until.or(replaces
                .as_ref()
                .filter(|_| again)
                .and_then(|s| s.borrowed_until)
                .filter(|b| *b > now)),
            valid_to,
        },
        replaces,
        again,
    })
}

/// What a validation tells the software: it may run until `until` (its lease, its borrowing or
/// the licence's end), on `seats` seats of which it holds `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub until: DateTime<Utc>,
    pub index: u32,
    pub seats: u32,
}

/// Whether `fingerprint` may run the licence on `now`, given its seat as read.
pub fn validate(
    license: &License,
    state: &ActivationState,
    seat: Option<&Seat>,
    fingerprint: &Fingerprint,
    now: DateTime<Utc>,
) -> Result<Grant, Denial> {
    let (_, valid_to) = window(license, now)?;
    let count = seats(license, now);
    let Some(seat) = seat.filter(|s| &s.holder == fingerprint && s.epoch == state.epoch) else {
        return Err(Denial::NotActivated);
    };
    if seat.index >= count {
        return Err(Denial::SeatWithdrawn { seats: count });
    }
    let until = match seat.hold {
        Hold::Machine => valid_to,
        Hold::Lease if seat.held_until() > now => seat.held_until().min(valid_to),
        Hold::Lease => return Err(Denial::LeaseExpired),
    };
    Ok(Grant {
        until,
        index: seat.index,
        seats: count,
    })
}

/// What a heartbeat writes, in one conditional write: the seat seen now and, for a lease, held
/// until `lease_until`, on condition that the seat is still this machine's, of this epoch, not
/// run out, and that the licence (as the seat knows it) lasts until then. When that last
/// condition fails, the licence is read again and the seat renewed with [`renewed_seat`].
///
/// A seat is written at most once every [`HEARTBEAT_SPACING_SECONDS`]: the write is also on
/// condition that the seat was last seen at or before `quiet_since`. A beat sooner than that
/// changes nothing ([`too_soon`]): the seat already holds what it would write, give or take
/// those seconds, so a client that beats in a loop costs no writes (decision 133).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heartbeat {
    pub last_seen: DateTime<Utc>,
    pub lease_until: Option<DateTime<Utc>>,
    pub quiet_since: DateTime<Utc>,
}

/// The shortest time between two writes of a seat by heartbeats.
pub const HEARTBEAT_SPACING_SECONDS: i64 = 10;

/// The heartbeat of a machine holding a seat of kind `hold` on `now`.
pub fn heartbeat(hold: Hold, policy: &ActivationPolicy, now: DateTime<Utc>) -> Heartbeat {
    Heartbeat {
        last_seen: now,
        lease_until: match hold {
            Hold::Machine => None,
            Hold::Lease => Some(now + Duration::minutes(i64::from(policy.lease_minutes))),
        },
        quiet_since: now - Duration::seconds(HEARTBEAT_SPACING_SECONDS),
    }
}

/// Whether a heartbeat on `now` comes too soon after the seat was last seen to be written.
pub fn too_soon(seat: &Seat, now: DateTime<Utc>) -> bool {
    seat.last_seen > now - Duration::seconds(HEARTBEAT_SPACING_SECONDS)
}

/// The seat after a heartbeat read the licence again (a renewal moved its end, or its end is
/// near): valid to the licence's end now, a lease capped at it.
pub fn renewed_seat(
    license: &License,
    state: &ActivationState,
    seat: &Seat,
    policy: &ActivationPolicy,
    now: DateTime<Utc>,
) -> Result<Seat, Denial> {
    validate(license, state, Some(seat), &seat.holder, now)?;
    let (_, valid_to) = window(license, now)?;
    let beat = heartbeat(seat.hold, policy, now);
    Ok(Seat {
        last_seen: now,
        lease_until: beat.lease_until.map(|l| l.min(valid_to)),
        valid_to,
        ..seat.clone()
    })
}

/// A machine is released (by the software on the machine, or by its holder or an admin from the
/// portal for a lost or replaced one): allowed while the licence has had fewer than the policy's
/// releases within its period. The state after it records the release (older ones dropped).
/// Releasing a machine is not deactivating the licence: the seat is free for another machine.
pub fn release(
    state: &ActivationState,
    policy: &ActivationPolicy,
    now: DateTime<Utc>,
) -> Result<ActivationState, Denial> {
    let since = now - Duration::days(i64::from(policy.release_days));
    let mut recent: Vec<DateTime<Utc>> = state
        .releases
        .iter()
        .copied()
        .filter(|r| *r > since)
        .collect();
    recent.sort();
    if recent.len() >= policy.max_releases as usize {
        // The release that leaves the period first makes room; with none allowed at all, the
        // period's end from now is as honest a "next" as any.
        let oldest = match policy.max_releases {
            0 => now,
            max => recent[recent.len() - max as usize],
        };
        return Err(Denial::TooManyReleases {
            max: policy.max_releases,
            days: policy.release_days,
            next: oldest + Duration::days(i64::from(policy.release_days)),
        });
    }
    recent.push(now);
    Ok(ActivationState {
        epoch: state.epoch,
        releases: recent,
    })
}

/// How many more machines may be released on `now` within the policy's period (what the
/// portal's release dialog says before anyone confirms).
pub fn releases_left(
    state: &ActivationState,
    policy: &ActivationPolicy,
    now: DateTime<Utc>,
) -> u32 {
    let since = now - Duration::days(i64::from(policy.release_days));
    let recent = state.releases.iter().filter(|r| **r > since).count();
    policy.max_releases.saturating_sub(recent as u32)
}

/// The trail's event of the operator setting an organisation's activation policy.
pub fn policy_event(
    org: &crate::OrgId,
    policy: &ActivationPolicy,
    actor: &str,
    now: DateTime<Utc>,
) -> AuditEvent {
    let said = Message::new("audit-activation-policy")
        .number("releases", policy.max_releases)
        .number("days", policy.release_days)
        .number("lease", policy.lease_minutes)
        .number("borrow", policy.max_borrow_days);
    AuditEvent {
        org: org.clone(),
        at: now,
        actor: actor.to_string(),
        action: AuditAction::ActivationPolicyChanged,
        subject: org.as_str().to_string(),
        bank: None,
        credits: 0,
        detail: said.to_string(),
        said: Some(said),
    }
}

/// A return frees every seat at once: the next epoch. Nothing else about the state changes.
pub fn returned(state: &ActivationState) -> ActivationState {
    ActivationState {
        epoch: state.epoch.saturating_add(1),
        releases: state.releases.clone(),
    }
}

/// Who the trail names when the desktop software itself did something (an activation, a
/// release from the machine): it signs in as nobody; the code and the machine authenticate it.
pub const SOFTWARE: &str = "software";

fn audit(
    license: &License,
    at: DateTime<Utc>,
    actor: &str,
    action: AuditAction,
    said: Message,
) -> AuditEvent {
    AuditEvent {
        org: license.org.clone(),
        at,
        actor: actor.to_string(),
        action,
        subject: license.code.to_string(),
        bank: None,
        credits: 0,
        detail: said.to_string(),
        said: Some(said),
    }
}

/// The trail's event of a machine activated on a seat (not of one activated again, nor of a
/// floating licence's lease: leases come and go every few minutes, decision 113).
pub fn activated_event(license: &License, seat: &Seat, now: DateTime<Utc>) -> AuditEvent {
    let said = Message::new("audit-machine-activated")
        .text("hostname", seat.machine.hostname.as_str())
        .text("platform", seat.machine.platform.as_str())
        .number("seat", seat.index + 1)
        .number("seats", seats(license, now));
    audit(license, now, SOFTWARE, AuditAction::MachineActivated, said)
}

/// The trail's event of a machine released (by the software on it, `by` [`SOFTWARE`], or by a
/// person from the portal, `by` their address).
pub fn released_event(license: &License, seat: &Seat, by: &str, now: DateTime<Utc>) -> AuditEvent {
    let said = Message::new("audit-machine-released")
        .text("hostname", seat.machine.hostname.as_str())
        .text("platform", seat.machine.platform.as_str())
        .number("seat", seat.index + 1);
    audit(license, now, by, AuditAction::MachineReleased, said)
}

/// The trail's event of a return releasing every machine of the licence (its epoch moved on),
/// by the admin who returned it.
pub fn return_released_event(license: &License, by: &str, now: DateTime<Utc>) -> AuditEvent {
    let said = Message::new("audit-machines-released");
    audit(license, now, by, AuditAction::MachinesReleased, said)
}

/// Whether a release of a seat of this kind counts against the policy's limit: a machine's
/// does; a floating lease checked in does not (it would run out by itself anyway, and a studio
/// checks its floating seats in every evening).
pub fn release_is_limited(hold: Hold) -> bool {
    hold == Hold::Machine
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::license::Term;
    use crate::values::{Credits, Months, Quantity};
    use crate::ActivationCode;

    fn at(day: &str, hour: u32) -> DateTime<Utc> {
        d(day).and_hms_opt(hour, 0, 0).unwrap().and_utc()
    }

    fn licence(license_type: LicenseType, computers: u32, start: &str, expiry: &str) -> License {
        let b = bank("25.1", true, 1000, "2026-01-01", "2027-01-01");
        License {
            code: ActivationCode::from_entropy([7; 10]),
            org: b.org.clone(),
            bank: b.reference(),
            product: b.product.clone(),
            license_type,
            terms: vec![Term {
                start: d(start),
                expiry: d(expiry),
                months_requested: Months::parse("months", 1).unwrap(),
                months_charged: 1,
                computers: Quantity::parse("computers", i64::from(computers)).unwrap(),
                credits: Credits::new(computers),
                bank: Some(b.id.clone()),
            }],
            assignments: vec![],
            created_at: DateTime::UNIX_EPOCH,
            mails: vec![],
            earlier_banks: vec![],
        }
    }

    fn fp(n: u32) -> Fingerprint {
        Fingerprint::parse("fingerprint", &format!("machine-{n:012}")).unwrap()
    }

    fn info() -> MachineInfo {
        MachineInfo::parse("studio-ws-01", "windows").unwrap()
    }

    fn take(
        l: &License,
        state: &ActivationState,
        seats: &mut Vec<Seat>,
        who: u32,
        now: DateTime<Utc>,
    ) -> Result<Claim, Denial> {
        let policy = ActivationPolicy::default();
        let c = claim(l, state, seats, &fp(who), &info(), None, &policy, now)?;
        seats.retain(|s| s.index != c.seat.index);
        seats.push(c.seat.clone());
        Ok(c)
    }

    #[test]
    fn a_multiseat_licence_activates_its_current_terms_computers_and_no_more() {
        let l = licence(LicenseType::Multiseat, 3, "2026-02-01", "2026-05-01");
        let state = ActivationState::default();
        let now = at("2026-02-10", 9);
        let mut held = Vec::new();
        for who in 0..3 {
            assert_eq!(
                take(&l, &state, &mut held, who, now).unwrap().seat.index,
                who
            );
        }
        assert_eq!(
            take(&l, &state, &mut held, 9, now),
            Err(Denial::NoSeat { seats: 3 })
        );
        // The same machine again is the same activation, refreshed.
        let again = take(&l, &state, &mut held, 1, at("2026-02-11", 9)).unwrap();
        assert!(again.again);
        assert_eq!((again.seat.index, again.seat.first_seen), (1, now));
    }

    #[test]
    fn a_licence_works_only_inside_its_terms() {
        let l = licence(LicenseType::NodeLock, 1, "2026-02-01", "2026-05-01");
        let state = ActivationState::default();
        let mut held = Vec::new();
        assert_eq!(
            take(&l, &state, &mut held, 1, at("2026-01-31", 23)),
            Err(Denial::NotYetValid {
                start: d("2026-02-01")
            })
        );
        let c = take(&l, &state, &mut held, 1, at("2026-02-01", 0)).unwrap();
        assert_eq!(c.seat.valid_to, at("2026-05-01", 0));
        assert!(validate(&l, &state, held.first(), &fp(1), at("2026-04-30", 23)).is_ok());
        assert_eq!(
            validate(&l, &state, held.first(), &fp(1), at("2026-05-01", 0)),
            Err(Denial::Expired {
                expiry: d("2026-05-01")
            })
        );
        // Another machine's validation finds no seat of its own.
        assert_eq!(
            validate(&l, &state, held.first(), &fp(2), at("2026-03-01", 0)),
            Err(Denial::NotActivated)
        );
    }

    #[test]
    fn a_return_releases_every_machine_and_their_seats_are_free() {
        let l = licence(LicenseType::Multiseat, 2, "2026-02-01", "2026-05-01");
        let state = ActivationState::default();
        let now = at("2026-02-10", 9);
        let mut held = Vec::new();
        take(&l, &state, &mut held, 1, now).unwrap();
        take(&l, &state, &mut held, 2, now).unwrap();
        let after = returned(&state);
        assert_eq!(
            validate(
                &l,
                &after,
                held.iter().find(|s| s.holder == fp(1)),
                &fp(1),
                now
            ),
            Err(Denial::NotActivated),
            "the former holder's next validation fails"
        );
        let c = take(&l, &after, &mut held, 3, now).unwrap();
        assert_eq!((c.seat.index, c.seat.epoch), (0, 1));
    }

    #[test]
    fn a_floating_lease_frees_its_seat_when_its_time_passes_and_a_borrowing_holds_it() {
        let l = licence(LicenseType::Floating, 1, "2026-02-01", "2026-05-01");
        let state = ActivationState::default();
        let policy = ActivationPolicy::default();
        let now = at("2026-02-10", 9);
        let mut held = Vec::new();
        let c = take(&l, &state, &mut held, 1, now).unwrap();
        assert_eq!(c.seat.lease_until, Some(now + Duration::minutes(15)));
        assert_eq!(
            take(&l, &state, &mut held, 2, now),
            Err(Denial::NoSeat { seats: 1 })
        );
        let later = now + Duration::minutes(16);
        assert_eq!(
            validate(&l, &state, held.first(), &fp(1), later),
            Err(Denial::LeaseExpired)
        );
        assert_eq!(
            take(&l, &state, &mut held, 2, later).unwrap().seat.index,
            0,
            "no job freed it"
        );
        // Borrowed for 3 days, the seat stays held without heartbeats.
        let mut held = Vec::new();
        let b = claim(&l, &state, &held, &fp(3), &info(), Some(3), &policy, now).unwrap();
        held.push(b.seat);
        let two_days = now + Duration::days(2);
        assert!(validate(&l, &state, held.first(), &fp(3), two_days).is_ok());
        assert_eq!(
            take(&l, &state, &mut held, 4, two_days),
            Err(Denial::NoSeat { seats: 1 })
        );
        assert_eq!(
            claim(&l, &state, &[], &fp(3), &info(), Some(15), &policy, now),
            Err(Denial::BorrowTooLong { max_days: 14 })
        );
        let machine = licence(LicenseType::Multiseat, 2, "2026-02-01", "2026-05-01");
        assert_eq!(
            claim(
                &machine,
                &state,
                &[],
                &fp(3),
                &info(),
                Some(1),
                &policy,
                now
            ),
            Err(Denial::WrongUse {
                license_type: LicenseType::Multiseat
            })
        );
    }

    #[test]
    fn a_lease_never_outlives_the_licence() {
        let l = licence(LicenseType::Floating, 2, "2026-02-01", "2026-05-01");
        let state = ActivationState::default();
        let policy = ActivationPolicy::default();
        let near = at("2026-04-30", 23) + Duration::minutes(55);
        let c = claim(&l, &state, &[], &fp(1), &info(), Some(5), &policy, near).unwrap();
        assert_eq!(c.seat.lease_until, Some(at("2026-05-01", 0)));
        assert_eq!(c.seat.borrowed_until, Some(at("2026-05-01", 0)));
        let seat = renewed_seat(&l, &state, &c.seat, &policy, near).unwrap();
        assert_eq!(seat.lease_until, Some(at("2026-05-01", 0)));
    }

    #[test]
    fn a_renewal_with_fewer_computers_withdraws_the_seats_past_them() {
        let mut l = licence(LicenseType::Multiseat, 3, "2026-02-01", "2026-03-01");
        let state = ActivationState::default();
        let mut held = Vec::new();
        for who in 0..3 {
            take(&l, &state, &mut held, who, at("2026-02-10", 9)).unwrap();
        }
        let mut next = l.terms[0].clone();
        next.start = d("2026-03-01");
        next.expiry = d("2026-04-01");
        next.computers = Quantity::parse("computers", 2).unwrap();
        l.terms.push(next);
        let march = at("2026-03-05", 9);
        let third = held.iter().find(|s| s.index == 2).unwrap();
        assert_eq!(
            validate(&l, &state, Some(third), &fp(2), march),
            Err(Denial::SeatWithdrawn { seats: 2 })
        );
        let first = held.iter().find(|s| s.index == 0).unwrap();
        assert_eq!(
            validate(&l, &state, Some(first), &fp(0), march)
                .unwrap()
                .until,
            at("2026-04-01", 0),
            "a renewal extends it"
        );
    }

    #[test]
    fn releases_are_limited_per_licence_per_period() {
        let policy = ActivationPolicy::default();
        let mut state = ActivationState::default();
        let start = at("2026-02-01", 9);
        for day in 0..3 {
            state = release(&state, &policy, start + Duration::days(day)).unwrap();
        }
        let refused = release(&state, &policy, start + Duration::days(5)).unwrap_err();
        assert_eq!(
            refused,
            Denial::TooManyReleases {
                max: 3,
                days: 30,
                next: start + Duration::days(30)
            }
        );
        assert_eq!(refused.code(), "too_many_releases");
        let later = release(
            &state,
            &policy,
            start + Duration::days(30) + Duration::hours(1),
        )
        .unwrap();
        assert_eq!(
            later.releases.len(),
            3,
            "the oldest release left the period"
        );
    }

    #[test]
    fn fingerprints_and_machine_names_are_checked() {
        assert!(Fingerprint::parse("fingerprint", "short").is_err());
        assert!(Fingerprint::parse("fingerprint", &"a".repeat(129)).is_err());
        assert!(Fingerprint::parse("fingerprint", "9f86d081884c7d65:9a2feaa0c55ad015").is_ok());
        assert!(Fingerprint::parse("fingerprint", "with space in it!").is_err());
        assert!(MachineInfo::parse("ws\r\nBcc: x", "linux").is_err());
        assert!(MachineInfo::parse("", "linux").is_err());
        assert_eq!(
            MachineInfo::parse(" ws-1 ", "macOS").unwrap().hostname,
            "ws-1"
        );
    }

    #[test]
    fn machines_are_audited_and_only_their_releases_are_limited() {
        let l = licence(LicenseType::Multiseat, 3, "2026-02-01", "2026-05-01");
        let now = at("2026-02-10", 9);
        let c = claim(
            &l,
            &ActivationState::default(),
            &[],
            &fp(1),
            &info(),
            None,
            &ActivationPolicy::default(),
            now,
        )
        .unwrap();
        let on = activated_event(&l, &c.seat, now);
        assert_eq!(
            (on.action, on.actor.as_str()),
            (AuditAction::MachineActivated, SOFTWARE)
        );
        assert_eq!(
            on.detail,
            "machine studio-ws-01 (windows) activated on seat 1 of 3"
        );
        let off = released_event(&l, &c.seat, "ana@studio.example", now);
        assert_eq!(off.action, AuditAction::MachineReleased);
        let back = return_released_event(&l, "admin@studio.example", now);
        assert_eq!(back.subject, l.code.to_string());
        for event in [on, off, back] {
            for lang in elp_l10n::Lang::ALL {
                assert!(elp_l10n::has(lang, &event.said.clone().unwrap().id));
            }
        }
        assert_eq!(
            crate::actor_label(SOFTWARE),
            "the desktop software",
            "the trail says who"
        );
        assert!(release_is_limited(Hold::Machine));
        assert!(!release_is_limited(Hold::Lease));
    }

    #[test]
    fn every_denial_has_its_message_in_every_language() {
        let day = d("2026-02-01");
        for denial in [
            Denial::NotYetValid { start: day },
            Denial::Expired { expiry: day },
            Denial::NoSeat { seats: 3 },
            Denial::NotActivated,
            Denial::SeatWithdrawn { seats: 2 },
            Denial::LeaseExpired,
            Denial::WrongUse {
                license_type: LicenseType::NodeLock,
            },
            Denial::TooManyReleases {
                max: 3,
                days: 30,
                next: at("2026-03-01", 0),
            },
            Denial::BorrowTooLong { max_days: 14 },
        ] {
            for lang in elp_l10n::Lang::ALL {
                assert!(
                    elp_l10n::has(lang, &denial.message().id),
                    "{lang:?} {}",
                    denial.code()
                );
            }
        }
    }

    #[test]
    fn an_operators_policy_is_held_to_its_bounds_and_counts_releases_left() {
        let p = ActivationPolicy::parse(20, 3, 1, 7).expect("within bounds");
        assert_eq!(
            (
                p.lease_minutes,
                p.max_borrow_days,
                p.max_releases,
                p.release_days
            ),
            (20, 3, 1, 7)
        );
        assert_eq!(
            ActivationPolicy::parse(4, 3, 1, 7).unwrap_err().field,
            "lease_minutes"
        );
        assert_eq!(
            ActivationPolicy::parse(20, 91, 1, 7).unwrap_err().field,
            "max_borrow_days"
        );
        assert_eq!(
            ActivationPolicy::parse(20, 3, 101, 7).unwrap_err().field,
            "max_releases"
        );
        assert_eq!(
            ActivationPolicy::parse(20, 3, 1, 0).unwrap_err().field,
            "release_days"
        );
        let now = at("2026-03-10", 9);
        let state = ActivationState::default();
        assert_eq!(releases_left(&state, &p, now), 1);
        let after = release(&state, &p, now).unwrap();
        assert_eq!(releases_left(&after, &p, now), 0);
        assert!(release(&after, &p, now).is_err());
        // A week later the release has left the period.
        assert_eq!(releases_left(&after, &p, now + Duration::days(7)), 1);
        // None allowed at all: every release is refused.
        let none = ActivationPolicy::parse(20, 3, 0, 7).unwrap();
        assert!(release(&state, &none, now).is_err());
    }
}
