//! People and their organisation: one organisation per email at a time, roles and statuses, and
//! the guards that keep an organisation administrable and licences accounted for.

use serde::{Deserialize, Serialize};

use crate::error::{Invalid, Refusal};
use crate::license::License;
use crate::values::{Email, OrgId};
use crate::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The same rights as the organisation's initial admin.
    Admin,
    /// Their own licences and downloads only.
    Member,
}

impl Role {
    /// The role as the API and the table spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// Until their first sign-in.
    Invited,
    Active,
    /// Cannot use the portal; keeps their licences.
    Inactive,
}

impl UserStatus {
    /// The status as the API and the table spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Active => "active",
            UserStatus::Inactive => "inactive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub email: Email,
    pub org: OrgId,
    pub role: Role,
    pub status: UserStatus,
    pub invited_on: Date,
}

/// What adding an email to an organisation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// Not in any organisation yet: becomes an invited member.
    New,
    /// Already in this organisation: nothing to add (an invitation may be re-sent).
    AlreadyMember,
}

impl Membership {
    pub fn invited(email: Email, org: OrgId, role: Role, today: Date) -> Membership {
        Membership {
            email,
            org,
            role,
            status: UserStatus::Invited,
            invited_on: today,
        }
    }

    pub fn can_use_portal(&self) -> bool {
        self.status != UserStatus::Inactive
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin && self.can_use_portal()
    }

    pub fn is_active_admin(&self) -> bool {
        self.role == Role::Admin && self.status == UserStatus::Active
    }

    /// Admins who can use the portal (active or invited) are told about their banks: expiry
    /// warnings, forfeited credits.
    pub fn receives_bank_mail(&self) -> bool {
        self.is_admin()
    }

    /// Whether `license` is assigned to this person during this membership. A licence assigned
    /// to the same email during an earlier membership expired before this one began, so it is
    /// not theirs to answer for.
    pub fn holds(&self, license: &License) -> bool {
        license.assignments.last().is_some_and(|a| {
            a.until.is_none() && a.email == self.email && a.from >= self.invited_on
        })
    }

    /// An invited person becomes active at their first sign-in; nothing else changes.
    pub fn signed_in(mut self) -> Membership {
        if self.status == UserStatus::Invited {
            self.status = UserStatus::Active;
        }
        self
    }
}

/// A person belongs to at most one organisation at a time.
pub fn check_join(
    email: &Email,
    current: Option<&OrgId>,
    target: &OrgId,
) -> Result<Joining, Refusal> {
    match current {
        None => Ok(Joining::New),
        Some(org) if org == target => Ok(Joining::AlreadyMember),
        Some(_) => Err(Refusal::MemberOfAnotherOrganisation {
            email: email.to_string(),
        }),
    }
}

/// Changing a role or status: only active or inactive can be set (invited ends by signing in),
/// and the last active admin stays an active admin. `active_admins` counts the target too.
pub fn check_change(
    target: &Membership,
    role: Role,
    status: UserStatus,
    active_admins: usize,
) -> Result<(), crate::RuleError> {
    if status == UserStatus::Invited && target.status != UserStatus::Invited {
        return Err(Invalid::new("status", "can be set to active or inactive only").into());
    }
    let stays_active_admin = role == Role::Admin && status == UserStatus::Active;
    if target.is_active_admin() && !stays_active_admin && active_admins <= 1 {
        return Err(Refusal::LastAdmin {
            email: target.email.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Removing someone: not while they hold an unexpired licence, never the last active admin.
pub fn check_removal(
    target: &Membership,
    unexpired_licenses: usize,
    active_admins: usize,
) -> Result<(), Refusal> {
    if unexpired_licenses > 0 {
        return Err(Refusal::HoldsLicenses {
            email: target.email.to_string(),
            count: unexpired_licenses,
        });
    }
    if target.is_active_admin() && active_admins <= 1 {
        return Err(Refusal::LastAdmin {
            email: target.email.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleError;

    fn member(role: Role, status: UserStatus) -> Membership {
        Membership {
            email: Email::parse("email", "a@studio.example").unwrap(),
            org: OrgId::parse("o1").unwrap(),
            role,
            status,
            invited_on: "2026-01-01".parse().unwrap(),
        }
    }

    #[test]
    fn one_organisation_per_email() {
        let email = Email::parse("email", "A@Studio.example").unwrap();
        let (a, b) = (OrgId::parse("a").unwrap(), OrgId::parse("b").unwrap());
        assert_eq!(check_join(&email, None, &a), Ok(Joining::New));
        assert_eq!(check_join(&email, Some(&a), &a), Ok(Joining::AlreadyMember));
        assert_eq!(
            check_join(&email, Some(&a), &b).unwrap_err().code(),
            "member_of_another_organisation"
        );
    }

    #[test]
    fn last_active_admin_cannot_be_demoted_or_deactivated() {
        let admin = member(Role::Admin, UserStatus::Active);
        for (role, status) in [
            (Role::Member, UserStatus::Active),
            (Role::Admin, UserStatus::Inactive),
        ] {
            assert!(matches!(
                check_change(&admin, role, status, 1),
                Err(RuleError::Refused(Refusal::LastAdmin { .. }))
            ));
            assert!(check_change(&admin, role, status, 2).is_ok());
        }
        assert!(check_change(&admin, Role::Admin, UserStatus::Active, 1).is_ok());
    }

    #[test]
    fn an_invited_admin_is_not_the_last_active_admin() {
        let invited = member(Role::Admin, UserStatus::Invited);
        assert!(check_change(&invited, Role::Member, UserStatus::Invited, 1).is_ok());
        assert!(check_removal(&invited, 0, 1).is_ok());
    }

    #[test]
    fn status_cannot_go_back_to_invited() {
        let m = member(Role::Member, UserStatus::Active);
        assert!(
            matches!(check_change(&m, Role::Member, UserStatus::Invited, 1), Err(RuleError::Invalid(i)) if i.field == "status")
        );
    }

    #[test]
    fn removal_guards() {
        let m = member(Role::Member, UserStatus::Active);
        assert_eq!(
            check_removal(&m, 2, 1).unwrap_err().code(),
            "holds_licenses"
        );
        assert!(check_removal(&m, 0, 1).is_ok());
        let admin = member(Role::Admin, UserStatus::Active);
        assert_eq!(
            check_removal(&admin, 0, 1).unwrap_err().code(),
            "last_admin"
        );
        assert!(check_removal(&admin, 0, 2).is_ok());
    }

    #[test]
    fn inactive_users_keep_membership_but_not_the_portal() {
        let m = member(Role::Admin, UserStatus::Inactive);
        assert!(!m.can_use_portal());
        assert!(!m.is_admin());
        assert!(member(Role::Member, UserStatus::Invited).signed_in().status == UserStatus::Active);
        assert_eq!(m.clone().signed_in(), m, "signing in does not reactivate");
    }
}
