//! Who may do what: a signed-in person is a member of at most one organisation, as the account
//! bound to the membership at its first sign-in; inactive members cannot use the portal; only
//! admins manage the organisation. Invited people may use it while their invitation is open
//! (they become active at their first sign-in).

use elp_core::decide::{self, SignIn};
use elp_core::{Catalog, Email, InvitationTerms, Membership, Message, OrgId, Principal};

use super::app::App;
use super::error::Error;
use crate::store::{new_secret, Prefetch, Wanted};

/// A member of the vendor's operator group, as the identity provider asserted (the HTTP layer
/// makes one only from verified claims naming that group).
#[derive(Debug, Clone)]
pub struct Operator {
    pub subject: String,
    /// Their verified address: the trail shows it, marked as the licence provider's.
    pub email: Email,
    /// The language the request asks its sentences in (`Accept-Language`).
    pub lang: elp_l10n::Lang,
}

impl Operator {
    /// Who operator changes are attributed to in the audit trail (`operator:<subject> <email>`).
    pub fn actor(&self) -> String {
        elp_core::operator_actor(&self.subject, &self.email)
    }
}

/// Who signs in: the verified email the identity provider asserted and the account it came
/// from. The email picks the membership; the account must be the one bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub email: Email,
    pub principal: Principal,
    /// The language the request asks its sentences in (`Accept-Language`).
    pub lang: elp_l10n::Lang,
    /// Set when an organisation's API credential calls (the scripts API's authorizer accepted
    /// its key), not a person: it acts as its organisation's admin under its own name, within
    /// what the HTTP layer let its role call.
    pub credential: Option<elp_core::Grant>,
}

/// The issuer a credential caller's principal names: no identity provider's.
pub const CREDENTIAL_ISSUER: &str = "elp:credential";

impl Caller {
    pub fn email(&self) -> &Email {
        &self.email
    }

    /// An API credential calling: its own address (in the reserved `.invalid` domain, which no
    /// person has: it scopes its idempotency keys and rate limit, and reads no membership) and
    /// principal.
    pub fn of_credential(grant: elp_core::Grant, lang: elp_l10n::Lang) -> Result<Caller, Error> {
        let email = Email::parse_exact("email", &format!("{}@credential.invalid", grant.id))
            .map_err(|e| Error::Internal(format!("credential address: {e}")))?;
        Ok(Caller {
            email,
            principal: Principal {
                issuer: CREDENTIAL_ISSUER.into(),
                subject: grant.id.to_string(),
            },
            lang,
            credential: Some(grant),
        })
    }

    /// 403 for an API credential: what only a person may do (managing credentials).
    pub fn person(&self) -> Result<(), Error> {
        match self.credential {
            Some(_) => Err(Error::Forbidden(Message::new("forbidden-people-only"))),
            None => Ok(()),
        }
    }
}

/// The caller's admission to the API's rate limits, counted while their membership is read:
/// the caller's own counter, and the counter of the organisation they were last seen in (if
/// any), which is checked against the membership read. Each organisation and each caller may
/// make so many requests a minute (`Limits::org_per_minute`, `caller_per_minute`); past either,
/// 429 until the next minute.
pub struct Admission {
    window: elp_core::limits::Window,
    caller: bool,
    org: Option<(OrgId, bool)>,
}

async fn count(
    app: &App,
    scope: &'static str,
    who: &str,
    window: &elp_core::limits::Window,
    limit: u32,
) -> Result<bool, Error> {
    Ok(match limit {
        0 => true,
        limit => app.store.admit(scope, who, window, limit).await?,
    })
}

/// Counts `caller`'s request: their own counter and, if the organisation they belong to is
/// known from an earlier request, that organisation's, at the same time.
pub async fn admission(app: &App, caller: &Caller) -> Result<Admission, Error> {
    let limits = app.config.limits;
    let window = elp_core::limits::window(app.clock.now(), 60);
    let who = pseudonym(&caller.principal);
    let guess = app.caller_orgs.get(&who);
    let by_caller = count(app, "caller", &who, &window, limits.caller_per_minute);
    let by_org = async {
        match &guess {
            Some(org) => {
                let ok = count(app, "org", org.as_str(), &window, limits.org_per_minute).await?;
                Ok(Some((org.clone(), ok)))
            }
            None => Ok::<_, Error>(None),
        }
    };
    let (caller_ok, org) = tokio::join!(by_caller, by_org);
    Ok(Admission {
        window,
        caller: caller_ok?,
        org: org?,
    })
}

/// The verdict of an [`Admission`] once the caller's organisation is known: its counter is
/// counted now if it was not (a cold function, a caller seen in another organisation before).
async fn admitted(
    app: &App,
    caller: &Caller,
    admission: Admission,
    org: Option<&OrgId>,
) -> Result<(), Error> {
    let org_ok = match (org, &admission.org) {
        (None, _) => true,
        (Some(org), Some((counted, ok))) if counted == org => *ok,
        (Some(org), _) => {
            let limit = app.config.limits.org_per_minute;
            count(app, "org", org.as_str(), &admission.window, limit).await?
        }
    };
    if let Some(org) = org {
        app.caller_orgs.remember(pseudonym(&caller.principal), org);
    }
    if admission.caller && org_ok {
        return Ok(());
    }
    let whose = if org_ok { "caller" } else { "organisation" };
    let retry_after = admission.window.retry_after;
    Err(Error::Limited {
        code: "rate_limited",
        message: Message::new("limited-rate")
            .text("whose", whose)
            .number("seconds", retry_after),
        retry_after,
    })
}

/// Reads the caller's membership with the `wanted` items (one batch), counting the request
/// against the rate limits at the same time.
pub async fn read(
    app: &App,
    caller: &Caller,
    wanted: Wanted<'_>,
) -> Result<(Prefetch, Admission), Error> {
    let (pre, admission) = tokio::join!(
        app.store.prefetch(&caller.email, wanted),
        admission(app, caller)
    );
    Ok((pre?, admission?))
}

/// Reads the caller's membership alone (one GetItem), counting the request meanwhile.
pub async fn read_membership(
    app: &App,
    caller: &Caller,
) -> Result<(Option<Membership>, Admission), Error> {
    let (found, admission) = tokio::join!(
        app.store.get_membership(&caller.email),
        admission(app, caller)
    );
    Ok((found?, admission?))
}

/// A member who may use the portal, as `caller` signs in: within the API's rate limits (as
/// `admission` counted them beside the read of `membership`), a member of an organisation,
/// whose invitation (if they have not accepted yet) is still open, signing in with the account
/// bound to the membership (the first sign-in binds it), and not inactive. Another account
/// signing in with a member's email is refused and recorded in the organisation's trail.
pub async fn member(
    app: &App,
    caller: &Caller,
    membership: Option<Membership>,
    admission: Admission,
) -> Result<Membership, Error> {
    let now = app.clock.now();
    if let Some(grant) = &caller.credential {
        // The authorizer read the credential in this request; no person's membership counts.
        admitted(app, caller, admission, Some(&grant.org)).await?;
        return Ok(grant.acting_admin(caller.email.clone(), now.date_naive()));
    }
    admitted(app, caller, admission, membership.as_ref().map(|m| &m.org)).await?;
    let mut m =
        membership.ok_or_else(|| Error::Forbidden(Message::new("forbidden-not-a-member")))?;
    if let Some(invitation) = m
        .invitation
        .as_ref()
        .filter(|_| m.invitation_lapsed(now.date_naive()))
    {
        return Err(Error::Forbidden(
            Message::new("forbidden-invitation-expired").date("expiry", invitation.expires),
        ));
    }
    match decide::sign_in(&m, &caller.principal, now) {
        SignIn::Known => {}
        SignIn::Binds(after, audit) => m = first_sign_in(app, caller, m, after, audit).await?,
        SignIn::Refused(audit) => {
            app.store.record(&audit).await?;
            return Err(stranger());
        }
    }
    if !m.can_use_portal() {
        return Err(Error::Forbidden(Message::new("forbidden-inactive")));
    }
    Ok(m)
}

/// The rate limit of a member of the vendor's staff (per caller).
pub async fn admit_operator(app: &App, operator: &Operator) -> Result<(), Error> {
    let window = elp_core::limits::window(app.clock.now(), 60);
    let who = digest(&operator.subject)[..32].to_string();
    let limit = app.config.limits.caller_per_minute;
    if limit == 0 || app.store.admit("operator", &who, &window, limit).await? {
        return Ok(());
    }
    Err(Error::Limited {
        code: "rate_limited",
        message: Message::new("limited-rate")
            .text("whose", "caller")
            .number("seconds", window.retry_after),
        retry_after: window.retry_after,
    })
}

/// A stable name for an account that is not personal data: a digest of its issuer and subject.
pub fn pseudonym(principal: &Principal) -> String {
    digest(&format!("{}\u{0}{}", principal.issuer, principal.subject))[..32].to_string()
}

/// Binds the membership to the caller's account. Several first requests of one new member at
/// once race to bind it: whichever commits, the others find it bound to the same account (or
/// still unbound, when the race cancelled them all) and carry on; another account is refused.
async fn first_sign_in(
    app: &App,
    caller: &Caller,
    mut before: Membership,
    mut after: Membership,
    mut audit: elp_core::AuditEvent,
) -> Result<Membership, Error> {
    for _ in 0..5 {
        match app.store.bind(&before, &after, &audit).await {
            Ok(true) => return Ok(after),
            Ok(false) | Err(crate::store::StoreError::Contention(_)) => {}
            Err(e) => return Err(e.into()),
        }
        let again = app
            .store
            .get_membership(&caller.email)
            .await?
            .ok_or_else(|| Error::Forbidden(Message::new("forbidden-no-longer-member")))?;
        match decide::sign_in(&again, &caller.principal, app.clock.now()) {
            SignIn::Known => return Ok(again),
            SignIn::Binds(a, e) => (before, after, audit) = (again, a, e),
            SignIn::Refused(_) => return Err(stranger()),
        }
    }
    Err(Error::Unavailable(
        "too many first sign-ins at once; nothing was changed, please retry".into(),
    ))
}

fn stranger() -> Error {
    Error::Forbidden(Message::new("forbidden-other-account"))
}

/// An admin who may manage their organisation (see [`member`]).
pub async fn admin(
    app: &App,
    caller: &Caller,
    membership: Option<Membership>,
    admission: Admission,
) -> Result<Membership, Error> {
    let m = member(app, caller, membership, admission).await?;
    if !m.is_admin() {
        return Err(Error::Forbidden(Message::new("forbidden-admins-only")));
    }
    Ok(m)
}

/// The caller as an admin of their organisation, with the product catalogue, in one read.
pub async fn admin_with_catalog(
    app: &App,
    caller: &Caller,
) -> Result<(Membership, Catalog), Error> {
    let wanted = Wanted {
        catalog: true,
        ..Wanted::default()
    };
    let (pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    Ok((me, pre.catalog.unwrap_or_default()))
}

/// The caller's membership, read strongly consistent, as [`admin`] checks it.
pub async fn admin_by_read(app: &App, caller: &Caller) -> Result<Membership, Error> {
    let (found, admission) = read_membership(app, caller).await?;
    admin(app, caller, found, admission).await
}

/// The caller's membership, read strongly consistent, as [`member`] checks it.
pub async fn member_by_read(app: &App, caller: &Caller) -> Result<Membership, Error> {
    let (found, admission) = read_membership(app, caller).await?;
    member(app, caller, found, admission).await
}

/// The caller as an admin, with the `wanted` items read in the same batch.
pub async fn admin_read(
    app: &App,
    caller: &Caller,
    wanted: Wanted<'_>,
) -> Result<(Membership, Prefetch), Error> {
    let (mut pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller.take(), admission).await?;
    Ok((me, pre))
}

/// The terms of an invitation made now: it lives as long as the configuration says, and its
/// mail carries a fresh token that declines it (only the token's digest is stored).
pub fn invitation_terms(app: &App) -> Result<InvitationTerms, Error> {
    let token = new_secret()?;
    let expires = app.today() + chrono::Days::new(u64::from(app.config.invitation_days));
    Ok(InvitationTerms {
        expires,
        decline_digest: digest(&token),
        decline_token: token,
    })
}

/// The digest under which a decline token is stored.
pub fn digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// Another organisation's thing is answered exactly like a missing one.
pub fn own<T>(
    thing: Option<T>,
    org_of: impl Fn(&T) -> &OrgId,
    caller: &Membership,
    what: &'static str,
) -> Result<T, Error> {
    match thing {
        Some(t) if org_of(&t) == &caller.org => Ok(t),
        _ => Err(Error::NotFound(what)),
    }
}

/// Refuses (429) a request whose only effect would be mail when the organisation has used its
/// day's mail budget: nothing happens then. (A change with other effects commits, and its mail
/// waits in the outbox for the next day's budget.)
pub async fn within_mail_budget(
    app: &App,
    org: &OrgId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let day = elp_core::limits::budget_day(now);
    let (budget, sent) = tokio::join!(
        app.store.mail_budget(org, app.config.limits.mail_budget),
        app.store.mail_sent(org, day)
    );
    let budget = budget?;
    if elp_core::limits::within_budget(sent?, budget) {
        return Ok(());
    }
    Err(Error::Limited {
        code: "mail_budget",
        message: Message::new("limited-mail-budget").number("budget", budget),
        retry_after: elp_core::limits::seconds_until(now, elp_core::limits::next_budget_day(now)),
    })
}
