//! The desktop software's side of a licence: activate a machine (or check out a floating seat,
//! borrowed or not), validate, heartbeat, release. No person signs in: the activation code and
//! the machine's fingerprint, in the body, are the authority (decision 112). An unknown code, a
//! code of a suspended organisation and a code of another product are answered alike
//! ([`Error::UnknownLicense`]). Every request is counted against the activation rate limits of
//! its code and of its source address while its first read is under way (decision 114).
//!
//! The rules are `elp_core::activation`'s; this reads what they need, asks them, and writes
//! what they decided under the conditions that keep them true under concurrency
//! (`store::activation`).

use chrono::{DateTime, Utc};
use elp_core::activation::{self, ActivationPolicy, Fingerprint, Grant, Hold, MachineInfo, Seat};
use elp_core::{ActivationCode, License, LicenseType, Message, OrgId, ProductId, VersionPolicy};
use serde::{Deserialize, Serialize};

use super::access::digest;
use super::app::App;
use super::error::Error;
use super::reply::{reply, Reply, Status};
use crate::store::{Activation, OrgRead, StoreError};

/// Attempts of a claim or release that lost a race to another one on the same seat: each reads
/// the seats again and decides again.
const ATTEMPTS: usize = 12;

/// `POST /v1/activation/activate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivateInput {
    pub code: String,
    pub fingerprint: String,
    /// The product the software is (a code of another product is unknown to it).
    pub product: String,
    pub hostname: String,
    pub platform: String,
    /// A floating licence's seat borrowed for offline use for this many days.
    #[serde(default, deserialize_with = "super::not_null")]
    pub borrow_days: Option<u32>,
}

/// `POST /v1/activation/validate`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateInput {
    pub code: String,
    pub fingerprint: String,
    pub product: String,
    /// The seat the activation answered.
    pub seat: u32,
}

/// `POST /v1/activation/heartbeat`, `POST /v1/activation/release`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatInput {
    pub code: String,
    pub fingerprint: String,
    pub seat: u32,
}

/// What the software is told of its seat.
#[derive(Debug, Serialize)]
pub struct SeatView {
    pub code: String,
    /// The licence's product and type (absent where the answer did not read the licence: a
    /// heartbeat's one write).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub license_type: Option<&'static str>,
    /// The seat this machine holds (send it back with every validation, heartbeat, release).
    pub seat: u32,
    /// Seats of the licence now (`None` where the answer did not read the licence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// `machine` (activated for good) or `lease` (a floating seat).
    pub hold: &'static str,
    /// Until when the software may run without asking again: its lease or borrowing, or the
    /// licence's end.
    pub until: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borrowed_until: Option<DateTime<Utc>>,
    /// The licence's end as the seat knows it.
    pub valid_to: DateTime<Utc>,
    /// Whether this machine already held the seat (an activation repeated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub again: Option<bool>,
    /// The signed licence file the software verifies offline (docs/licence-file.md): issued by
    /// activation and validation; a heartbeat answers none, and the software validates when it
    /// wants a file for its renewed lease (decision 121).
    pub license_file: Option<String>,
}

fn hold_name(hold: Hold) -> &'static str {
    match hold {
        Hold::Machine => "machine",
        Hold::Lease => "lease",
    }
}

fn type_name(t: LicenseType) -> &'static str {
    t.as_str()
}

impl SeatView {
    fn of(license: &License, seat: &Seat, grant: &Grant) -> SeatView {
        SeatView {
            code: license.code.to_string(),
            product: Some(license.product.to_string()),
            license_type: Some(type_name(license.license_type)),
            seat: seat.index,
            seats: Some(grant.seats),
            hold: hold_name(seat.hold),
            until: grant.until,
            lease_until: seat.lease_until,
            borrowed_until: seat.borrowed_until,
            valid_to: seat.valid_to,
            again: None,
            license_file: None,
        }
    }
}

/// The policy of the licence's organisation as read (the operator's, else the defaults,
/// decision 127).
fn policy(org: &elp_core::Organisation) -> ActivationPolicy {
    org.activation_policy()
}

/// The policy of the organisation as this function last read it, else the defaults (a
/// heartbeat's one write reads nothing).
fn remembered_policy(app: &App, org: Option<&OrgId>) -> ActivationPolicy {
    org.and_then(|o| app.org_policies.get(o))
        .unwrap_or_default()
}

/// The policy of the licence's organisation, read now (a missing organisation: the licence is
/// unknown).
async fn read_policy(app: &App, org: &OrgId) -> Result<ActivationPolicy, Error> {
    match app.store.get_org(org).await? {
        Some(org) => {
            app.org_policies.remember(&org);
            Ok(policy(&org))
        }
        None => Err(Error::UnknownLicense),
    }
}

/// The request's source address, as API Gateway saw it.
pub type Source<'a> = Option<&'a str>;

/// Counts the request against its code's and its source's limits (one window a minute);
/// 429 past either.
async fn admitted(app: &App, code: &ActivationCode, source: Source<'_>) -> Result<(), Error> {
    let limits = app.config.limits;
    let window = elp_core::limits::window(app.clock.now(), 60);
    let count = async |scope: &'static str, who: String, limit: u32| -> Result<bool, Error> {
        Ok(limit == 0 || app.store.admit(scope, &who, &window, limit).await?)
    };
    // The code is a secret: its counter is named by a digest of it.
    let by_code = count(
        "activation_code",
        digest(&code.to_string())[..32].to_string(),
        limits.activation_code_per_minute,
    );
    let by_source = count(
        "activation_source",
        source.unwrap_or("-").to_string(),
        limits.activation_source_per_minute,
    );
    let (code_ok, source_ok) = tokio::join!(by_code, by_source);
    let whose = match (code_ok?, source_ok?) {
        (true, true) => return Ok(()),
        (_, false) => "source",
        (false, true) => "code",
    };
    Err(Error::Limited {
        code: "rate_limited",
        message: Message::new("limited-activation")
            .text("whose", whose)
            .number("seconds", window.retry_after),
        retry_after: window.retry_after,
    })
}

/// A code as the software sends it: malformed is a bad field (422); well-formed but unknown is
/// answered like any unknown licence.
fn parse_code(raw: &str) -> Result<ActivationCode, Error> {
    Ok(ActivationCode::parse("code", raw)?)
}

/// A store error of a write that checked the organisation: missing or suspended is unknown.
fn unknown_if_closed(e: StoreError) -> Error {
    match e {
        StoreError::NotFound(_) => Error::UnknownLicense,
        other => other.into(),
    }
}

/// The licence's organisation is neither missing nor suspended (else the licence is unknown to
/// the software), as read beside the licence when the function knew it (`known`, `read`), or
/// read now with its version policy in one batch (a cold function learns the organisation from
/// the licence). Answers the organisation (its activation policy) and the version policy of the
/// licence's product (none set: every version).
async fn open_org(
    app: &App,
    license: &License,
    known: Option<&OrgId>,
    read: Option<OrgRead>,
) -> Result<(elp_core::Organisation, Option<VersionPolicy>), Error> {
    let read = match (known, read) {
        (Some(k), Some(read)) if *k == license.org => read,
        _ => {
            app.store
                .read_org_policy(&license.org, &license.product)
                .await?
        }
    };
    match read.org {
        Some(org) if org.suspended.is_none() => {
            app.code_orgs
                .remember(license.code.to_string(), &license.org);
            app.org_policies.remember(&org);
            Ok((org, read.policy.filter(|p| p.product == license.product)))
        }
        _ => Err(Error::UnknownLicense),
    }
}

/// The signed licence file for this machine's seat as granted now (decisions 119-121): the
/// licence's window for a machine, its lease or borrowing for a floating seat; the versions the
/// organisation's policy allows. `None` when the function has no signing key (only the
/// activation function reads one).
fn licence_file(
    app: &App,
    license: &License,
    seat: &Seat,
    grant: &Grant,
    fingerprint: &Fingerprint,
    policy: Option<&VersionPolicy>,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    let Some(key) = app.licence_key.as_deref() else {
        return Ok(None);
    };
    let (from, to) = activation::window(license, now)?;
    let issued_at = whole_second(now);
    let (valid_from, valid_to) = match seat.hold {
        Hold::Machine => (from, to),
        // A lease's file lasts as long as the lease (or its borrowing), from its signing.
        Hold::Lease => (issued_at.max(from), whole_second(grant.until)),
    };
    if valid_to <= valid_from {
        // Less than a second of the lease is left: the file counts whole seconds, and a lease
        // with none left has run out (never a 500 for a lease that ends this second).
        return Err(activation::Denial::LeaseExpired.into());
    }
    let payload = elp_verifier::Payload {
        code: license.code.to_string(),
        product: license.product.to_string(),
        versions: versions(policy),
        fingerprint: fingerprint.as_str().to_string(),
        licence_type: match license.license_type {
            LicenseType::NodeLock => elp_verifier::LicenceType::NodeLock,
            LicenseType::Multiseat => elp_verifier::LicenceType::Multiseat,
            LicenseType::Floating => elp_verifier::LicenceType::Floating,
        },
        seats: grant.seats,
        issued_at,
        valid_from,
        valid_to,
    };
    let file = elp_verifier::sign(&payload, &key.key, &key.kid)
        .map_err(|e| Error::Internal(format!("signing a licence file: {e}")))?;
    Ok(Some(file))
}

/// The versions a policy allows, as the file says them: restriction off (or no policy), every
/// version; on, only the listed ones (perhaps none).
fn versions(policy: Option<&VersionPolicy>) -> elp_verifier::Versions {
    match policy {
        Some(p) if p.restricted => {
            elp_verifier::Versions::only(p.allowed.iter().map(|v| v.to_string()))
        }
        _ => elp_verifier::Versions::Every,
    }
}

/// The file counts whole seconds: an instant rounded down (never later than it was).
fn whole_second(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at)
}

/// The licence, if the software may know of it: of the product it is.
fn usable(read: &Activation, product: &ProductId) -> Result<License, Error> {
    match &read.license {
        Some(l) if &l.product == product => Ok(l.clone()),
        _ => Err(Error::UnknownLicense),
    }
}

pub async fn activate(app: &App, input: ActivateInput, source: Source<'_>) -> Result<Reply, Error> {
    let code = parse_code(&input.code)?;
    let fingerprint = Fingerprint::parse("fingerprint", &input.fingerprint)?;
    let product = ProductId::parse(&input.product)?;
    let machine = MachineInfo::parse(&input.hostname, &input.platform)?;
    // A warm function knows the code's organisation and reads it beside the seats.
    let known = app.code_orgs.get(&code.to_string());
    let org_read = async {
        match &known {
            Some(org) => app.store.read_org_policy(org, &product).await.map(Some),
            None => Ok(None),
        }
    };
    let (read, org, admission) = tokio::join!(
        app.store.read_activation(&code),
        org_read,
        admitted(app, &code, source)
    );
    admission?;
    let mut read = read?;
    let license = usable(&read, &product)?;
    let (org, versions_policy) = open_org(app, &license, known.as_ref(), org?).await?;
    let policy = policy(&org);
    for _ in 0..ATTEMPTS {
        let license = usable(&read, &product)?;
        let now = app.clock.now();
        let claim = activation::claim(
            &license,
            &read.state.state,
            &read.held(),
            &fingerprint,
            &machine,
            input.borrow_days,
            &policy,
            now,
        )?;
        let rev = claim
            .replaces
            .as_ref()
            .and_then(|s| read.seat(s.index))
            .map(|s| s.rev);
        // A machine's first activation is the organisation's to know; a lease is not (it
        // comes and goes every few minutes, decision 113).
        let audit = (!claim.again && claim.seat.hold == Hold::Machine)
            .then(|| activation::activated_event(&license, &claim.seat, now));
        // A machine's activation is a transaction with its event (and the organisation checked
        // again in it); a lease or a repeated activation is one conditional write.
        let claimed = match &audit {
            Some(event) => app
                .store
                .claim_seat(&license, &claim.seat, rev, Some(event))
                .await
                .map_err(unknown_if_closed)?,
            None => app.store.put_seat(&code, &claim.seat, rev).await?,
        };
        if claimed {
            app.code_orgs.remember(code.to_string(), &license.org);
            let grant = activation::validate(
                &license,
                &read.state.state,
                Some(&claim.seat),
                &fingerprint,
                now,
            )?;
            let mut view = SeatView::of(&license, &claim.seat, &grant);
            view.again = Some(claim.again);
            view.license_file = licence_file(
                app,
                &license,
                &claim.seat,
                &grant,
                &fingerprint,
                versions_policy.as_ref(),
                now,
            )?;
            let status = if claim.again {
                Status::Ok
            } else {
                Status::Created
            };
            return reply(status, view);
        }
        // Another machine took or changed the seat first: read the seats again.
        read = app.store.read_activation(&code).await?;
    }
    Err(Error::Unavailable(
        "too many machines claimed this licence's seats at once".into(),
    ))
}

pub async fn validate(app: &App, input: ValidateInput, source: Source<'_>) -> Result<Reply, Error> {
    let code = parse_code(&input.code)?;
    let fingerprint = Fingerprint::parse("fingerprint", &input.fingerprint)?;
    let product = ProductId::parse(&input.product)?;
    let known = app.code_orgs.get(&code.to_string());
    let (read, admission) = tokio::join!(
        app.store
            .read_validation(&code, input.seat, known.as_ref(), &product),
        admitted(app, &code, source)
    );
    admission?;
    let read = read?;
    let license = match read.license {
        Some(l) if l.product == product => l,
        _ => return Err(Error::UnknownLicense),
    };
    let (_, versions_policy) = open_org(app, &license, known.as_ref(), read.org).await?;
    let seat = read.seat.map(|s| s.seat);
    let now = app.clock.now();
    let grant = activation::validate(
        &license,
        &read.state.state,
        seat.as_ref(),
        &fingerprint,
        now,
    )?;
    let seat = seat.ok_or(activation::Denial::NotActivated)?;
    let mut view = SeatView::of(&license, &seat, &grant);
    view.license_file = licence_file(
        app,
        &license,
        &seat,
        &grant,
        &fingerprint,
        versions_policy.as_ref(),
        now,
    )?;
    reply(Status::Ok, view)
}

pub async fn heartbeat(app: &App, input: SeatInput, source: Source<'_>) -> Result<Reply, Error> {
    let code = parse_code(&input.code)?;
    let fingerprint = Fingerprint::parse("fingerprint", &input.fingerprint)?;
    let now = app.clock.now();
    // The one write reads nothing: a lease is extended by its organisation's policy as this
    // function last read it (the defaults when it never did), by the policy read now when the
    // licence is read below (decision 127).
    let known = app.code_orgs.get(&code.to_string());
    let beat = activation::heartbeat(Hold::Lease, &remembered_policy(app, known.as_ref()), now);
    // A heartbeat that writes is the whole call: it took the code, the fingerprint and the seat
    // of a live activation, so it tells a guesser nothing, and its seat is written at most
    // once every few seconds however often it comes. Only the other outcomes, which read and
    // answer, are admitted by the limits first (decision 133).
    if let Some(seat) = app
        .store
        .beat(&code, input.seat, &fingerprint, &beat)
        .await?
    {
        let until = match seat.hold {
            Hold::Machine => seat.valid_to,
            Hold::Lease => seat.held_until().min(seat.valid_to),
        };
        return reply(Status::Ok, beat_view(&code, &seat, until));
    }
    // The seat's own condition failed: the licence's end is near or moved (a renewal), the
    // seat is no longer this machine's, or it was written a moment ago. Read the licence and
    // decide with it.
    admitted(app, &code, source).await?;
    for _ in 0..ATTEMPTS {
        let read = app.store.read_activation(&code).await?;
        let Some(license) = read.license.clone() else {
            return Err(Error::UnknownLicense);
        };
        let Some(stored) = read.seat(input.seat).cloned() else {
            return Err(activation::Denial::NotActivated.into());
        };
        if stored.seat.holder != fingerprint {
            return Err(activation::Denial::NotActivated.into());
        }
        let now = app.clock.now();
        if activation::too_soon(&stored.seat, now) {
            // Seen a moment ago: nothing to write, but the seat must still be valid.
            let grant = activation::validate(
                &license,
                &read.state.state,
                Some(&stored.seat),
                &fingerprint,
                now,
            )?;
            return reply(Status::Ok, SeatView::of(&license, &stored.seat, &grant));
        }
        let seat = activation::renewed_seat(
            &license,
            &read.state.state,
            &stored.seat,
            &read_policy(app, &license.org).await?,
            now,
        )?;
        if app.store.replace_seat(&code, &seat, stored.rev).await? {
            let grant =
                activation::validate(&license, &read.state.state, Some(&seat), &fingerprint, now)?;
            return reply(Status::Ok, SeatView::of(&license, &seat, &grant));
        }
    }
    Err(Error::Unavailable(
        "the seat changed during its heartbeat".into(),
    ))
}

/// A heartbeat's answer from the seat alone (the licence was not read).
fn beat_view(code: &ActivationCode, seat: &Seat, until: DateTime<Utc>) -> SeatView {
    SeatView {
        code: code.to_string(),
        product: None,
        license_type: None,
        seat: seat.index,
        seats: None,
        hold: hold_name(seat.hold),
        until,
        lease_until: seat.lease_until,
        borrowed_until: seat.borrowed_until,
        valid_to: seat.valid_to,
        again: None,
        license_file: None,
    }
}

/// What a release answers.
#[derive(Debug, Serialize)]
pub struct Released {
    pub code: String,
    pub seat: u32,
    pub released: bool,
}

pub async fn release(app: &App, input: SeatInput, source: Source<'_>) -> Result<Reply, Error> {
    let code = parse_code(&input.code)?;
    let fingerprint = Fingerprint::parse("fingerprint", &input.fingerprint)?;
    // A warm function reads the organisation (its policy) beside the seats.
    let known = app.code_orgs.get(&code.to_string());
    let org_read = async {
        match &known {
            Some(org) => app.store.get_org(org).await,
            None => Ok(None),
        }
    };
    let (read, org, admission) = tokio::join!(
        app.store.read_activation(&code),
        org_read,
        admitted(app, &code, source)
    );
    admission?;
    let mut read = read?;
    let mut known_policy = org?.map(|o| {
        app.org_policies.remember(&o);
        (o.id.clone(), policy(&o))
    });
    for _ in 0..ATTEMPTS {
        let Some(license) = read.license.clone() else {
            return Err(Error::UnknownLicense);
        };
        let now = app.clock.now();
        let state = &read.state;
        // Only this machine's seat, of this epoch, still held: anything else was released
        // already (by a return, a lease run out, another release).
        let Some(stored) = read
            .seat(input.seat)
            .filter(|s| s.seat.holder == fingerprint && s.seat.is_held(state.state.epoch, now))
            .cloned()
        else {
            return Err(activation::Denial::NotActivated.into());
        };
        let limited = activation::release_is_limited(stored.seat.hold);
        let after = if limited {
            let policy = match &known_policy {
                Some((org, policy)) if *org == license.org => *policy,
                _ => {
                    let policy = read_policy(app, &license.org).await?;
                    known_policy = Some((license.org.clone(), policy));
                    policy
                }
            };
            Some(activation::release(&state.state, &policy, now)?)
        } else {
            None
        };
        let audit = limited
            .then(|| activation::released_event(&license, &stored.seat, activation::SOFTWARE, now));
        let done = app
            .store
            .release_seat(
                &license,
                &stored,
                after.as_ref().map(|a| (a, state.rev)),
                audit.as_ref(),
                None,
            )
            .await
            .map_err(unknown_if_closed)?;
        if done {
            return reply(
                Status::Ok,
                Released {
                    code: code.to_string(),
                    seat: stored.seat.index,
                    released: true,
                },
            );
        }
        read = app.store.read_activation(&code).await?;
    }
    Err(Error::Unavailable(
        "the licence's seats changed during the release".into(),
    ))
}
