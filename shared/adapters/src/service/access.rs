//! Who may do what: a signed-in person is a member of at most one organisation; inactive
//! members cannot use the portal; only admins manage the organisation. Invited people may use
//! it (they become active at first sign-in).

use elp_core::{Catalog, Email, Membership, OrgId};

use super::app::App;
use super::error::Error;
use crate::store::Wanted;

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

/// A member who may use the portal.
pub fn member(membership: Option<Membership>) -> Result<Membership, Error> {
    let m = membership.ok_or_else(|| {
        Error::Forbidden("you are not a member of any organisation on this portal; ask your administrator for an invitation".into())
    })?;
    if !m.can_use_portal() {
        return Err(Error::Forbidden(
            "your account is inactive; ask an administrator of your organisation to reactivate it"
                .into(),
        ));
    }
    Ok(m)
}

/// An admin who may manage their organisation.
pub fn admin(membership: Option<Membership>) -> Result<Membership, Error> {
    let m = member(membership)?;
    if !m.is_admin() {
        return Err(Error::Forbidden(
            "only administrators of the organisation can do this".into(),
        ));
    }
    Ok(m)
}

/// The caller as an admin of their organisation, with the product catalogue, in one read.
pub async fn admin_with_catalog(app: &App, caller: &Email) -> Result<(Membership, Catalog), Error> {
    let wanted = Wanted {
        catalog: true,
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    Ok((admin(pre.caller)?, pre.catalog.unwrap_or_default()))
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
