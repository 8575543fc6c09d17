//! Who may do what: a signed-in person is a member of at most one organisation, as the account
//! bound to the membership at its first sign-in; inactive members cannot use the portal; only
//! admins manage the organisation. Invited people may use it while their invitation is open
//! (they become active at their first sign-in).

use elp_core::decide::{self, SignIn};
use elp_core::{Catalog, Email, InvitationTerms, Membership, OrgId, Principal, Recognition};

use super::app::App;
use super::error::Error;
use crate::store::{new_secret, Wanted};

/// A member of the vendor's operator group, as the identity provider asserted (the HTTP layer
/// makes one only from verified claims naming that group).
#[derive(Debug, Clone)]
pub struct Operator {
    pub subject: String,
}

impl Operator {
    /// Who operator changes are attributed to in the audit trail.
    pub fn actor(&self) -> String {
        format!("operator:{}", self.subject)
    }
}

/// Who signs in: the verified email the identity provider asserted and the account it came
/// from. The email picks the membership; the account must be the one bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub email: Email,
    pub principal: Principal,
}

impl Caller {
    pub fn email(&self) -> &Email {
        &self.email
    }
}

/// A member who may use the portal, as `caller` signs in: a member of an organisation, whose
/// invitation (if they have not accepted yet) is still open, signing in with the account bound
/// to the membership (the first sign-in binds it), and not inactive. Another account signing in
/// with a member's email is refused and recorded in the organisation's trail.
pub async fn member(
    app: &App,
    caller: &Caller,
    membership: Option<Membership>,
) -> Result<Membership, Error> {
    let mut m = membership.ok_or_else(|| {
        Error::Forbidden("you are not a member of any organisation on this portal; ask your administrator for an invitation".into())
    })?;
    let now = app.clock.now();
    if let Some(invitation) = m
        .invitation
        .as_ref()
        .filter(|_| m.invitation_lapsed(now.date_naive()))
    {
        return Err(Error::Forbidden(format!(
            "your invitation expired on {}; ask an administrator of the organisation to invite you again",
            invitation.expires
        )));
    }
    match decide::sign_in(&m, &caller.principal, now) {
        SignIn::Known => {}
        SignIn::Binds(after, audit) => {
            if app.store.bind(&m, &after, &audit).await? {
                m = after;
            } else {
                // Another request changed it first: a concurrent first sign-in of the same
                // account is fine; any other account is not.
                let again = app.store.get_membership(&caller.email).await?;
                match again.filter(|a| a.recognise(&caller.principal) == Recognition::Known) {
                    Some(bound) => m = bound,
                    None => return Err(stranger()),
                }
            }
        }
        SignIn::Refused(audit) => {
            app.store.record(&audit).await?;
            return Err(stranger());
        }
    }
    if !m.can_use_portal() {
        return Err(Error::Forbidden(
            "your account is inactive; ask an administrator of your organisation to reactivate it"
                .into(),
        ));
    }
    Ok(m)
}

fn stranger() -> Error {
    Error::Forbidden(
        "this email address belongs to a member who signs in with another account; sign in with that account, or ask your licence provider to release it".into(),
    )
}

/// An admin who may manage their organisation (see [`member`]).
pub async fn admin(
    app: &App,
    caller: &Caller,
    membership: Option<Membership>,
) -> Result<Membership, Error> {
    let m = member(app, caller, membership).await?;
    if !m.is_admin() {
        return Err(Error::Forbidden(
            "only administrators of the organisation can do this".into(),
        ));
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
    let pre = app.store.prefetch(&caller.email, wanted).await?;
    let me = admin(app, caller, pre.caller).await?;
    Ok((me, pre.catalog.unwrap_or_default()))
}

/// The caller's membership, read strongly consistent, as [`admin`] checks it.
pub async fn admin_by_read(app: &App, caller: &Caller) -> Result<Membership, Error> {
    let found = app.store.get_membership(&caller.email).await?;
    admin(app, caller, found).await
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
