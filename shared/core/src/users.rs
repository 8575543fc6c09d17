//! People and their organisation: one organisation per email at a time, roles and statuses, and
//! the guards that keep an organisation administrable and licences accounted for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Invalid, Refusal};
use crate::license::License;
use crate::message::Message;
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
    /// While the person has not accepted: until when the invitation holds their address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// The account that signs in as this member, bound at the first sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    /// When they last signed in, recorded at most once a day (see [`Membership::sign_in_due`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in: Option<DateTime<Utc>>,
    /// Licences assigned to them during this membership (expired ones too: a licence keeps its
    /// assignee), as the store counts them in the transactions that generate, assign and
    /// return. Read only: the store keeps the count beside the membership, never from here.
    #[serde(default, skip_serializing)]
    pub held: u32,
    /// The language they chose to read the portal and their mail in (a tag the adapters'
    /// catalogues have, `fr`); none: their browser's, and for mail their organisation's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Set only on the admin membership an API credential acts through
    /// ([`crate::credential::Grant::acting_admin`]): never stored.
    #[serde(skip)]
    pub acting: Option<Box<Acting>>,
}

/// Who acts through a membership that no person holds: an API credential, by its actor name
/// (the trail's) and its name (mail's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub actor: String,
    pub name: String,
}

/// One account at one identity provider: the provider's issuer URL and the subject it gives
/// the account. An email says who someone is; this says which account may act as them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Principal {
    pub issuer: String,
    pub subject: String,
}

impl Principal {
    /// An account the operator names to bind a membership to: the issuer's URL as the identity
    /// provider writes it in its tokens' `iss` (https, or http on a loopback address for the
    /// local provider) and the subject (`sub`) it gives the person.
    pub fn parse(issuer: &str, subject: &str) -> Result<Principal, Invalid> {
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
        let issuer_ok = (issuer.starts_with("https://")
            || loopback.iter().any(|l| {
                issuer
                    .strip_prefix(l)
                    .is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
            }))
            && issuer.len() <= 512
            && !issuer.chars().any(|c| c.is_whitespace() || c.is_control());
        if !issuer_ok {
            return Err(Invalid::new("issuer", Message::new("invalid-issuer")));
        }
        if subject.is_empty()
            || subject.len() > 255
            || subject.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Invalid::new("subject", Message::new("invalid-subject")));
        }
        Ok(Principal {
            issuer: issuer.to_string(),
            subject: subject.to_string(),
        })
    }
}

impl std::fmt::Display for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "subject {} of {}", self.subject, self.issuer)
    }
}

/// An invitation not yet accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// From this day on it no longer holds the address (expiry is exclusive).
    pub expires: Date,
    /// A digest of the token its mail carries, with which the invitee can decline it.
    pub decline_digest: String,
}

/// What a new invitation is made of: how long it lives and its decline token (drawn at random
/// by the adapters, which also digest it; the digest is stored, the token only mailed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationTerms {
    pub expires: Date,
    pub decline_token: String,
    pub decline_digest: String,
}

impl InvitationTerms {
    pub fn invitation(&self) -> Invitation {
        Invitation {
            expires: self.expires,
            decline_digest: self.decline_digest.clone(),
        }
    }
}

/// How long an invitation holds an address unless the configuration says otherwise.
pub const INVITATION_DAYS: u32 = 30;

/// What adding an email to an organisation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// Not in any organisation yet (or only invited to one, and that invitation lapsed):
    /// becomes an invited member.
    New,
    /// Already in this organisation: nothing to add (an invitation may be re-sent).
    AlreadyMember,
}

/// Whether an account may act as a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognition {
    /// The account bound to the membership.
    Known,
    /// No account is bound yet: this first sign-in binds this one.
    FirstSignIn,
    /// Another account is bound: this one may not act as the member.
    Stranger,
}

impl Membership {
    pub fn invited(
        email: Email,
        org: OrgId,
        role: Role,
        today: Date,
        terms: &InvitationTerms,
    ) -> Membership {
        Membership {
            email,
            org,
            role,
            status: UserStatus::Invited,
            invited_on: today,
            invitation: Some(terms.invitation()),
            principal: None,
            last_sign_in: None,
            held: 0,
            language: None,
            acting: None,
        }
    }

    /// Who the trail records as making this member's changes: their address, or the API
    /// credential acting through the membership.
    pub fn actor(&self) -> &str {
        match &self.acting {
            Some(acting) => &acting.actor,
            None => self.email.as_str(),
        }
    }

    /// Who mail names as having done it: their address, or the credential's name.
    pub fn signature(&self) -> &str {
        match &self.acting {
            Some(acting) => &acting.name,
            None => self.email.as_str(),
        }
    }

    /// Whether a sign-in at `now` is recorded: the first of each (UTC) day is, later ones that
    /// day are not, so a person's requests write their sign-in at most once a day.
    pub fn sign_in_due(&self, now: DateTime<Utc>) -> bool {
        self.last_sign_in
            .is_none_or(|last| last.date_naive() < now.date_naive())
    }

    /// An invitation never accepted whose time is up: it no longer holds the address (another
    /// organisation may invite them) and no longer lets anyone sign in as the member.
    pub fn invitation_lapsed(&self, today: Date) -> bool {
        self.status == UserStatus::Invited
            && self.invitation.as_ref().is_some_and(|i| today >= i.expires)
    }

    /// The first sign-in binds the membership to the account that made it; afterwards only that
    /// account is the member.
    pub fn recognise(&self, who: &Principal) -> Recognition {
        match &self.principal {
            None => Recognition::FirstSignIn,
            Some(bound) if bound == who => Recognition::Known,
            Some(_) => Recognition::Stranger,
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

    /// Admins who can use the portal (active, or invited and the invitation still open) are told
    /// about their banks: expiry warnings, forfeited credits.
    pub fn receives_bank_mail(&self, today: Date) -> bool {
        self.is_admin() && !self.invitation_lapsed(today)
    }

    /// Whether `license` is assigned to this person during this membership. A licence assigned
    /// to the same email during an earlier membership expired before this one began, so it is
    /// not theirs to answer for.
    pub fn holds(&self, license: &License) -> bool {
        license.assignments.last().is_some_and(|a| {
            a.until.is_none() && a.email == self.email && a.from >= self.invited_on
        })
    }

    /// An invited person becomes active at their first sign-in, and the invitation is done.
    pub fn signed_in(mut self) -> Membership {
        if self.status == UserStatus::Invited {
            self.status = UserStatus::Active;
            self.invitation = None;
        }
        self
    }
}

/// A person belongs to at most one organisation at a time; an invitation that lapsed
/// unaccepted holds nobody.
pub fn check_join(
    email: &Email,
    current: Option<&Membership>,
    target: &OrgId,
    today: Date,
) -> Result<Joining, Refusal> {
    match current {
        None => Ok(Joining::New),
        Some(m) if &m.org == target => Ok(Joining::AlreadyMember),
        Some(m) if m.invitation_lapsed(today) => Ok(Joining::New),
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
        return Err(Invalid::new("status", Message::new("invalid-status-change")).into());
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

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn terms(expires: &str) -> InvitationTerms {
        InvitationTerms {
            expires: day(expires),
            decline_token: "token".into(),
            decline_digest: "digest".into(),
        }
    }

    fn member(role: Role, status: UserStatus) -> Membership {
        let mut m = Membership::invited(
            Email::parse("email", "a@studio.example").unwrap(),
            OrgId::parse("o1").unwrap(),
            role,
            day("2026-01-01"),
            &terms("2026-01-31"),
        );
        m.status = status;
        m
    }

    #[test]
    fn one_organisation_per_email() {
        let email = Email::parse("email", "A@Studio.example").unwrap();
        let (a, b) = (OrgId::parse("o1").unwrap(), OrgId::parse("b").unwrap());
        let today = day("2026-01-10");
        let in_a = member(Role::Member, UserStatus::Active);
        assert_eq!(check_join(&email, None, &a, today), Ok(Joining::New));
        assert_eq!(
            check_join(&email, Some(&in_a), &a, today),
            Ok(Joining::AlreadyMember)
        );
        assert_eq!(
            check_join(&email, Some(&in_a), &b, today)
                .unwrap_err()
                .code(),
            "member_of_another_organisation"
        );
    }

    #[test]
    fn an_invitation_never_accepted_stops_holding_the_address_when_it_lapses() {
        let email = Email::parse("email", "a@studio.example").unwrap();
        let other = OrgId::parse("b").unwrap();
        let invited = member(Role::Member, UserStatus::Invited);
        assert!(!invited.invitation_lapsed(day("2026-01-30")));
        assert!(
            invited.invitation_lapsed(day("2026-01-31")),
            "expiry is exclusive"
        );
        assert!(check_join(&email, Some(&invited), &other, day("2026-01-30")).is_err());
        assert_eq!(
            check_join(&email, Some(&invited), &other, day("2026-01-31")),
            Ok(Joining::New)
        );
        let accepted = invited.clone().signed_in();
        assert_eq!(
            accepted.invitation, None,
            "accepted: the invitation is done"
        );
        assert!(!accepted.invitation_lapsed(day("2027-01-01")));
        assert!(check_join(&email, Some(&accepted), &other, day("2027-01-01")).is_err());
        let mut admin = member(Role::Admin, UserStatus::Invited);
        assert!(admin.receives_bank_mail(day("2026-01-30")));
        assert!(!admin.receives_bank_mail(day("2026-01-31")));
        admin.status = UserStatus::Inactive;
        assert!(!admin.receives_bank_mail(day("2026-01-10")));
    }

    #[test]
    fn the_first_sign_in_binds_the_account_and_no_other_is_the_member() {
        let account = Principal {
            issuer: "https://id.example".into(),
            subject: "s-1".into(),
        };
        let mut m = member(Role::Admin, UserStatus::Invited);
        assert_eq!(m.recognise(&account), Recognition::FirstSignIn);
        m.principal = Some(account.clone());
        assert_eq!(m.recognise(&account), Recognition::Known);
        let second = Principal {
            subject: "s-2".into(),
            ..account.clone()
        };
        assert_eq!(m.recognise(&second), Recognition::Stranger);
        let elsewhere = Principal {
            issuer: "https://other.example".into(),
            ..account
        };
        assert_eq!(m.recognise(&elsewhere), Recognition::Stranger);
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
    fn a_sign_in_is_recorded_once_a_day() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut m = member(Role::Member, UserStatus::Active);
        assert!(m.sign_in_due(at("2026-03-01T08:00:00Z")), "never recorded");
        m.last_sign_in = Some(at("2026-03-01T08:00:00Z"));
        assert!(!m.sign_in_due(at("2026-03-01T23:59:59Z")), "same day");
        assert!(m.sign_in_due(at("2026-03-02T00:00:00Z")), "the next day");
        assert!(
            !m.sign_in_due(at("2026-02-28T12:00:00Z")),
            "a clock behind the record writes nothing"
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
