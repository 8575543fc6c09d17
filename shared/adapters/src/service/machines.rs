//! Machines in the portal: the people's side of activation. An admin reads the machines of any
//! licence of the organisation; a member those of a licence assigned to them. Either may release
//! a lost or replaced machine, through the same rule as the desktop software's release
//! (`elp_core::activation::release`, limited per licence per period by the organisation's
//! policy), audited under the person's address. Releasing a machine frees its seat for another
//! machine: the licence is not deactivated (decision 126).

use chrono::{DateTime, Utc};
use elp_core::activation::{self, ActivationPolicy, Hold};
use elp_core::{License, Membership, Organisation};
use serde::Serialize;

use super::access::{member_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{Once, RequestKey};
use super::licenses::path_code;
use super::reply::{reply, Reply, Status};
use crate::store::{Activation, StoreError};

/// Attempts of a release that lost a race to another write on the licence's seats.
const ATTEMPTS: usize = 12;

/// Whose machines the route reads: any licence of the caller's organisation (admins), or a
/// licence assigned to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Admin,
    Own,
}

/// One machine (or floating lease) holding a seat.
#[derive(Debug, Serialize)]
pub struct MachineView {
    pub seat: u32,
    /// Which machine holds the seat (a digest of its fingerprint, never the fingerprint): a
    /// release may name it, so that it never frees another machine that took the seat since.
    pub machine: String,
    pub hostname: String,
    pub platform: String,
    /// `machine` (activated for good) or `lease` (a floating seat).
    pub kind: &'static str,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borrowed_until: Option<DateTime<Utc>>,
    /// Whether releasing it counts against the period's releases (a machine's does, a lease's
    /// check-in does not).
    pub release_counts: bool,
}

/// The releases the licence has left in the policy's period.
#[derive(Debug, Serialize)]
pub struct ReleasesView {
    pub max: u32,
    pub days: u32,
    pub left: u32,
}

/// A licence's machines: seats in use of those allowed now, the floating leases among them.
#[derive(Debug, Serialize)]
pub struct MachinesView {
    pub code: String,
    #[serde(rename = "type")]
    pub license_type: &'static str,
    pub seats: u32,
    pub in_use: u32,
    pub leases_in_use: u32,
    pub releases: ReleasesView,
    pub machines: Vec<MachineView>,
}

/// The machine's name in the API: the first 16 hex digits of its fingerprint's SHA-256.
fn machine_id(holder: &elp_core::activation::Fingerprint) -> String {
    super::access::digest(holder.as_str())[..16].to_string()
}

fn kind(hold: Hold) -> &'static str {
    match hold {
        Hold::Machine => "machine",
        Hold::Lease => "lease",
    }
}

fn view(
    license: &License,
    read: &Activation,
    policy: &ActivationPolicy,
    now: DateTime<Utc>,
) -> MachinesView {
    let epoch = read.state.state.epoch;
    let mut machines: Vec<MachineView> = read
        .seats
        .iter()
        .map(|s| &s.seat)
        .filter(|s| s.is_held(epoch, now))
        .map(|s| MachineView {
            seat: s.index,
            machine: machine_id(&s.holder),
            hostname: s.machine.hostname.clone(),
            platform: s.machine.platform.clone(),
            kind: kind(s.hold),
            first_seen: s.first_seen,
            last_seen: s.last_seen,
            lease_until: s.lease_until,
            borrowed_until: s.borrowed_until,
            release_counts: activation::release_is_limited(s.hold),
        })
        .collect();
    machines.sort_by_key(|m| m.seat);
    let seats = activation::seats(license, now);
    let in_use = machines.iter().filter(|m| m.seat < seats).count() as u32;
    let leases_in_use = machines
        .iter()
        .filter(|m| m.seat < seats && m.kind == "lease")
        .count() as u32;
    MachinesView {
        code: license.code.to_string(),
        license_type: license.license_type.as_str(),
        seats,
        in_use,
        leases_in_use,
        releases: ReleasesView {
            max: policy.max_releases,
            days: policy.release_days,
            left: activation::releases_left(&read.state.state, policy, now),
        },
        machines,
    }
}

/// The caller, the licence's activation (one Query of its partition) and the organisation (its
/// policy), read at once after the membership; another organisation's licence, or (`Own`) a
/// licence not assigned to the caller, is not found.
async fn read(
    app: &App,
    caller: &Caller,
    code: &str,
    whose: Whose,
) -> Result<(Membership, License, Activation, Organisation), Error> {
    let code = path_code(code)?;
    let me = member_by_read(app, caller).await?;
    if whose == Whose::Admin && !me.is_admin() {
        return Err(Error::Forbidden(elp_core::Message::new(
            "forbidden-admins-only",
        )));
    }
    let (activation, org) =
        tokio::join!(app.store.read_activation(&code), app.store.get_org(&me.org));
    let activation = activation?;
    let org = org?.ok_or(Error::NotFound("organisation"))?;
    let license = match &activation.license {
        Some(l) if l.org == me.org => l.clone(),
        _ => return Err(Error::NotFound("licence")),
    };
    if whose == Whose::Own && license.assignee() != Some(&me.email) {
        return Err(Error::NotFound("licence"));
    }
    Ok((me, license, activation, org))
}

/// `GET /v1/licenses/{code}/machines` (admins), `GET /v1/me/licenses/{code}/machines` (the
/// licence's assignee).
pub async fn list(app: &App, caller: &Caller, code: &str, whose: Whose) -> Result<Reply, Error> {
    let (_, license, activation, org) = read(app, caller, code, whose).await?;
    reply(
        Status::Ok,
        view(
            &license,
            &activation,
            &org.activation_policy(),
            app.clock.now(),
        ),
    )
}

/// What a release from the portal answers: the machines after it.
#[derive(Debug, Serialize)]
pub struct ReleasedView {
    pub released: u32,
    #[serde(flatten)]
    pub machines: MachinesView,
}

/// `POST /v1/licenses/{code}/machines/{seat}/release` (admins) and
/// `POST /v1/me/licenses/{code}/machines/{seat}/release` (the assignee): frees a lost or
/// replaced machine's seat. A machine's release counts against the policy's releases (409
/// `too_many_releases` past them, with when the next is allowed); a floating lease's does not.
/// The seat already free (released, returned, run out), or held by another machine than
/// `machine` names (when it is given: the `machine` of the list read), is not found.
pub async fn release(
    app: &App,
    caller: &Caller,
    code: &str,
    seat: &str,
    machine: Option<&str>,
    whose: Whose,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let index: u32 = seat.parse().map_err(|_| Error::NotFound("machine"))?;
    // A retry of a release that was done answers what it answered (its seat is gone by then).
    let once = Once::of_person(app, caller, key);
    let (read_now, earlier) = tokio::join!(read(app, caller, code, whose), once.earlier(app));
    let (me, license, mut read_now, org) = read_now?;
    if let Some(saved) = once.saved(earlier?)? {
        return Ok(saved);
    }
    org.check_open()
        .map_err(|r| Error::from(elp_core::RuleError::from(r)))?;
    let policy = org.activation_policy();
    for _ in 0..ATTEMPTS {
        let now = app.clock.now();
        let state = &read_now.state;
        let Some(stored) = read_now
            .seat(index)
            .filter(|s| s.seat.is_held(state.state.epoch, now))
            .filter(|s| machine.is_none_or(|m| machine_id(&s.seat.holder) == m))
            .cloned()
        else {
            return Err(Error::NotFound("machine"));
        };
        let after = if activation::release_is_limited(stored.seat.hold) {
            Some(activation::release(&state.state, &policy, now)?)
        } else {
            None
        };
        let audit = activation::released_event(&license, &stored.seat, me.actor(), now);
        // The answer is the machines as the release leaves them: decided before the write, so
        // that its record commits with it.
        let mut released = read_now.clone();
        released.seats.retain(|s| s.seat.index != index);
        if let Some(after) = &after {
            released.state.state = after.clone();
        }
        let answer = reply(
            Status::Ok,
            ReleasedView {
                released: index,
                machines: view(&license, &released, &policy, now),
            },
        )?;
        let done = app
            .store
            .release_seat(
                &license,
                &stored,
                after.as_ref().map(|a| (a, state.rev)),
                Some(&audit),
                once.record(&answer).as_ref(),
            )
            .await
            .map_err(|e| match e {
                StoreError::NotFound(_) => Error::NotFound("licence"),
                other => other.into(),
            });
        match done {
            Ok(true) => return Ok(answer),
            Ok(false) => read_now = app.store.read_activation(&license.code).await?,
            Err(e) => return once.settle(app, Err(e)).await,
        }
    }
    Err(Error::Unavailable(
        "the licence's seats changed during the release".into(),
    ))
}
