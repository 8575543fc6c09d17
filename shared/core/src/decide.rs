//! The decisions: given what a change read, exactly what it writes. Each function here is the
//! whole rule of one change (given the caller, the items read and the time, when this is asked),
//! and its answer is everything the adapters commit: the new or changed licences, the bank's
//! draw, the membership that joins, the audit event and the letters. The adapters read, call one
//! of these, and write what it says in one transaction; nothing is decided between.
//!
//! Randomness comes in as values (fresh ids and activation codes drawn by the adapters), and
//! time as `now`, so every decision is a pure function of its arguments.

use chrono::{DateTime, Utc};

use crate::audit::{AuditAction, AuditEvent};
use crate::bank::{Bank, NewBank};
use crate::catalog::{Catalog, Version, VersionPolicy};
use crate::code::ActivationCode;
use crate::error::{Invalid, Refusal, RuleError};
use crate::letter::{InvitationLetter, Letter, LicenseEvent, LicenseLetter, PROVIDER};
use crate::license::License;
use crate::org::Organisation;
use crate::quote::{quote_generation, quote_renewal, GenerationRequest, Quote, RenewalRequest};
use crate::users::{
    check_change, check_join, check_removal, Joining, Membership, Role, UserStatus,
};
use crate::values::{BankId, Credits, Email, OrgId, ProductId};
use crate::Date;

/// The actor of changes made by the daily jobs.
pub const SCHEDULER: &str = "scheduler";

fn event(
    org: &OrgId,
    at: DateTime<Utc>,
    actor: impl Into<String>,
    action: AuditAction,
    subject: impl Into<String>,
) -> AuditEvent {
    AuditEvent {
        org: org.clone(),
        at,
        actor: actor.into(),
        action,
        subject: subject.into(),
        bank: None,
        credits: 0,
        detail: String::new(),
    }
}

impl AuditEvent {
    fn on_bank(mut self, bank: &BankId, credits: i64) -> Self {
        self.bank = Some(bank.clone());
        self.credits = credits;
        self
    }

    fn saying(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// A bank as the audit trail names it.
fn bank_subject(bank: &Bank) -> String {
    format!("{} {}", bank.product, bank.version)
}

/// Whether `recipient` joins `by`'s organisation with this step; refused if they belong to
/// another one.
fn joins(by: &Membership, recipient: &Email, their_org: Option<&OrgId>) -> Result<bool, Refusal> {
    Ok(check_join(recipient, their_org, &by.org)? == Joining::New)
}

/// The member a step invites (generating for, or assigning to, someone in no organisation).
fn invited_member(
    by: &Membership,
    recipient: &Email,
    joining: bool,
    today: Date,
) -> Option<Membership> {
    joining.then(|| Membership::invited(recipient.clone(), by.org.clone(), Role::Member, today))
}

fn invitation(by: &Membership, to: &Email, role: Role) -> Letter {
    InvitationLetter {
        to: to.clone(),
        org: by.org.clone(),
        inviter: by.email.to_string(),
        role,
    }
    .into()
}

/// Generating licences: what a confirmed quote makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub licenses: Vec<License>,
    pub quote: Quote,
    /// The recipient, invited as a member in this step when they belonged to no organisation.
    pub joining: Option<Membership>,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An admin generates licences from their organisation's `bank` for `recipient` (whose current
/// organisation, if any, is `their_org`), confirming the `quoted` credits. `codes` must hold at
/// least as many fresh codes as the request makes licences
/// ([`crate::quote::MAX_LICENSES_PER_REQUEST`] always suffice).
#[allow(clippy::too_many_arguments)]
pub fn generation(
    by: &Membership,
    bank: &Bank,
    request: &GenerationRequest,
    recipient: &Email,
    their_org: Option<&OrgId>,
    quoted: Credits,
    codes: impl IntoIterator<Item = ActivationCode>,
    now: DateTime<Utc>,
) -> Result<Generation, RuleError> {
    let today = now.date_naive();
    let joining = joins(by, recipient, their_org)?;
    let quote = quote_generation(bank, request, today)?;
    quote.confirm(quoted)?;
    let licenses = quote.issue(bank, request.license_type, recipient, codes, now)?;
    let mut letters = vec![Letter::License(LicenseLetter {
        to: recipient.clone(),
        event: LicenseEvent::Generated,
        org: by.org.clone(),
        product: bank.product.clone(),
        license_type: request.license_type,
        codes: licenses.iter().map(|l| l.code.clone()).collect(),
        start: quote.start,
        expiry: quote.expiry,
        computers: quote.computers,
    })];
    if joining {
        letters.push(invitation(by, recipient, Role::Member));
    }
    let codes: Vec<String> = licenses.iter().map(|l| l.code.to_string()).collect();
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::LicenseGenerated,
        codes.join(", "),
    )
    .on_bank(&bank.id, -i64::from(quote.credits.get()))
    .saying(format!(
        "{} for {}: {}",
        request.license_type.as_str(),
        recipient,
        quote.summary
    ));
    Ok(Generation {
        licenses,
        joining: invited_member(by, recipient, joining, today),
        quote,
        audit,
        letters,
    })
}

/// Renewing a licence: its new term, charged to its bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Renewal {
    /// The licence with its new term.
    pub license: License,
    pub quote: Quote,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An admin renews their organisation's `license` from `bank` (read fresh), confirming the
/// `quoted` credits.
pub fn renewal(
    by: &Membership,
    license: &License,
    bank: &Bank,
    request: &RenewalRequest,
    quoted: Credits,
    now: DateTime<Utc>,
) -> Result<Renewal, RuleError> {
    let quote = quote_renewal(license, bank, request, now.date_naive())?;
    quote.confirm(quoted)?;
    let mut renewed = license.clone();
    renewed.terms.push(quote.term());
    let letters = renewed
        .assignee()
        .map(|to| LicenseLetter::about(&renewed, to, LicenseEvent::Renewed).into())
        .into_iter()
        .collect();
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::LicenseRenewed,
        renewed.code.to_string(),
    )
    .on_bank(&bank.id, -i64::from(quote.credits.get()))
    .saying(quote.summary.clone());
    Ok(Renewal {
        license: renewed,
        quote,
        audit,
        letters,
    })
}

/// Returning a licence: it loses its assignee, who is told.
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    pub license: License,
    /// Who held it, and now holds one licence less.
    pub former: Email,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An admin returns their organisation's `license`.
pub fn license_return(
    by: &Membership,
    license: &License,
    now: DateTime<Utc>,
) -> Result<Return, Refusal> {
    let today = now.date_naive();
    license.check_returnable(today)?;
    let former = license.assignee().cloned().ok_or(Refusal::NotAssigned)?;
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::LicenseReturned,
        license.code.to_string(),
    )
    .on_bank(&license.bank.id, 0)
    .saying(format!("returned by {former}"));
    Ok(Return {
        letters: vec![Letter::Returned {
            to: former.clone(),
            code: license.code.clone(),
        }],
        license: license.clone().returned(today),
        former,
        audit,
    })
}

/// Assigning a returned licence to someone new.
#[derive(Debug, Clone, PartialEq)]
pub struct Reassignment {
    pub license: License,
    /// The new assignee, invited as a member in this step when they belonged to no organisation.
    pub joining: Option<Membership>,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An admin assigns their organisation's returned `license` to `to` (whose current
/// organisation, if any, is `their_org`).
pub fn assignment(
    by: &Membership,
    license: &License,
    to: &Email,
    their_org: Option<&OrgId>,
    now: DateTime<Utc>,
) -> Result<Reassignment, Refusal> {
    let today = now.date_naive();
    license.check_assignable(today)?;
    let joining = joins(by, to, their_org)?;
    let assigned = license.clone().assigned(to.clone(), today);
    let mut letters = vec![LicenseLetter::about(&assigned, to, LicenseEvent::Assigned).into()];
    if joining {
        letters.push(invitation(by, to, Role::Member));
    }
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::LicenseAssigned,
        license.code.to_string(),
    )
    .on_bank(&license.bank.id, 0)
    .saying(format!("assigned to {to}"));
    Ok(Reassignment {
        license: assigned,
        joining: invited_member(by, to, joining, today),
        audit,
        letters,
    })
}

/// Inviting someone, or inviting a member again.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// The invited person's membership: new, or theirs already.
    pub member: Membership,
    /// `New`: the membership is created with this step; `AlreadyMember`: only mail goes out.
    pub joining: Joining,
    pub audit: AuditEvent,
    pub letter: Letter,
}

/// An admin invites `email` as `role` (member by default; an existing member keeps theirs).
pub fn invitation_of(
    by: &Membership,
    email: &Email,
    role: Option<Role>,
    existing: Option<Membership>,
    now: DateTime<Utc>,
) -> Result<Invitation, Refusal> {
    let joining = check_join(email, existing.as_ref().map(|m| &m.org), &by.org)?;
    let member = existing.unwrap_or_else(|| {
        Membership::invited(
            email.clone(),
            by.org.clone(),
            role.unwrap_or(Role::Member),
            now.date_naive(),
        )
    });
    let detail = match joining {
        Joining::New => format!("invited as {}", member.role.as_str()),
        Joining::AlreadyMember => "invitation sent again".into(),
    };
    Ok(Invitation {
        audit: event(
            &by.org,
            now,
            by.email.as_str(),
            AuditAction::UserInvited,
            email.as_str(),
        )
        .saying(detail),
        letter: invitation(by, email, member.role),
        member,
        joining,
    })
}

/// A changed role or status.
#[derive(Debug, Clone, PartialEq)]
pub struct UserChange {
    pub before: Membership,
    pub after: Membership,
    pub audit: AuditEvent,
}

/// An admin changes `target`'s role and/or status; `active_admins` counts the organisation's
/// active admins, the target included.
pub fn user_change(
    by: &Membership,
    target: Membership,
    role: Option<Role>,
    status: Option<UserStatus>,
    active_admins: usize,
    now: DateTime<Utc>,
) -> Result<UserChange, RuleError> {
    let mut after = target.clone();
    after.role = role.unwrap_or(target.role);
    after.status = status.unwrap_or(target.status);
    check_change(&target, after.role, after.status, active_admins)?;
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::UserChanged,
        target.email.as_str(),
    )
    .saying(format!(
        "role {} -> {}, status {} -> {}",
        target.role.as_str(),
        after.role.as_str(),
        target.status.as_str(),
        after.status.as_str()
    ));
    Ok(UserChange {
        before: target,
        after,
        audit,
    })
}

/// What a person holds of their organisation's licences, counted before they leave it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Licences assigned to them during this membership.
    pub held: u32,
    /// Of those, the ones that have not expired.
    pub unexpired: usize,
}

impl Holdings {
    /// Counts `license` if `member` holds it.
    pub fn count(&mut self, member: &Membership, license: &License, today: Date) {
        if member.holds(license) {
            self.held += 1;
            if license.status(today) != crate::Lifecycle::Expired {
                self.unexpired += 1;
            }
        }
    }
}

/// An admin removes `target`, who holds `holdings`.
pub fn removal(
    by: &Membership,
    target: &Membership,
    holdings: Holdings,
    active_admins: usize,
    now: DateTime<Utc>,
) -> Result<AuditEvent, Refusal> {
    check_removal(target, holdings.unexpired, active_admins)?;
    Ok(event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::UserRemoved,
        target.email.as_str(),
    )
    .saying("removed from the organisation"))
}

/// An invited person's first sign-in makes them active; `None` when there is nothing to change.
pub fn first_sign_in(member: &Membership, now: DateTime<Utc>) -> Option<(Membership, AuditEvent)> {
    if member.status != UserStatus::Invited {
        return None;
    }
    let audit = event(
        &member.org,
        now,
        member.email.as_str(),
        AuditAction::UserChanged,
        member.email.as_str(),
    )
    .saying("first sign-in: invited -> active");
    Some((member.clone().signed_in(), audit))
}

/// An admin sets a product's version policy. `allowed` is ignored when not restricted;
/// duplicates are dropped.
pub fn version_policy(
    by: &Membership,
    catalog: &Catalog,
    product: &ProductId,
    restricted: bool,
    allowed: Vec<Version>,
    now: DateTime<Utc>,
) -> Result<(VersionPolicy, AuditEvent), Invalid> {
    let mut kept: Vec<Version> = Vec::new();
    if restricted {
        for v in allowed {
            if !kept.contains(&v) {
                kept.push(v);
            }
        }
    }
    let policy = VersionPolicy {
        product: product.clone(),
        restricted,
        allowed: kept,
    };
    policy.validate(catalog)?;
    let detail = if restricted {
        let versions: Vec<String> = policy.allowed.iter().map(Version::to_string).collect();
        format!("restricted to {}", versions.join(", "))
    } else {
        "every version available".into()
    };
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::VersionPolicyChanged,
        product.as_str(),
    )
    .saying(detail);
    Ok((policy, audit))
}

/// Why an export is emailed rather than downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportReason {
    /// The admin asked for it by email.
    Asked,
    /// The download would be larger than a response can carry.
    TooLarge,
}

/// An admin's licence export, emailed to them.
pub fn export_by_mail(
    by: &Membership,
    why: ExportReason,
    now: DateTime<Utc>,
) -> (Letter, AuditEvent) {
    let why = match why {
        ExportReason::Asked => "asked for by email",
        ExportReason::TooLarge => "larger than a download can carry",
    };
    let audit = event(
        &by.org,
        now,
        by.email.as_str(),
        AuditAction::LicensesExported,
        by.email.as_str(),
    )
    .saying(format!("CSV export emailed ({why})"));
    let letter = Letter::Export {
        to: by.email.clone(),
        org: by.org.clone(),
    };
    (letter, audit)
}

/// A new organisation with its first admin, invited by the vendor.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrg {
    pub org: Organisation,
    pub admin: Membership,
    pub audit: AuditEvent,
    pub letter: Letter,
}

/// An operator (`actor`) creates the organisation `name` (already checked) with id `id` and
/// `admin` as its first admin.
pub fn new_org(actor: &str, id: OrgId, name: String, admin: &Email, now: DateTime<Utc>) -> NewOrg {
    let today = now.date_naive();
    let org = Organisation {
        id,
        name,
        created_on: today,
    };
    let member = Membership::invited(admin.clone(), org.id.clone(), Role::Admin, today);
    let audit = event(
        &org.id,
        now,
        actor,
        AuditAction::OrgCreated,
        org.name.clone(),
    )
    .saying(format!(
        "organisation created with {admin} as its first admin"
    ));
    let letter = InvitationLetter {
        to: admin.clone(),
        org: org.id.clone(),
        inviter: PROVIDER.to_string(),
        role: Role::Admin,
    }
    .into();
    NewOrg {
        org,
        admin: member,
        audit,
        letter,
    }
}

/// An operator (`actor`) creates a bank after a purchase: for a product version the catalogue
/// has, lasting at least a day, not already expired.
pub fn new_bank(
    actor: &str,
    new: NewBank,
    id: BankId,
    org: OrgId,
    catalog: &Catalog,
    now: DateTime<Utc>,
) -> Result<(Bank, AuditEvent), Invalid> {
    new.validate(now.date_naive())?;
    catalog.check_release(&new.product, new.version)?;
    let bank = new.into_bank(id, org);
    let audit = event(
        &bank.org,
        now,
        actor,
        AuditAction::BankCreated,
        bank_subject(&bank),
    )
    .on_bank(&bank.id, i64::from(bank.granted.get()))
    .saying(format!(
        "bank of {} credits ({} granted) from {} to {}",
        bank.purchased, bank.granted, bank.start, bank.expiry
    ));
    Ok((bank, audit))
}

/// An operator (`actor`) grants `credits` to `bank`; the answer is the bank as the grant leaves
/// it.
pub fn grant(
    actor: &str,
    bank: &Bank,
    credits: Credits,
    now: DateTime<Utc>,
) -> Result<(Bank, AuditEvent), RuleError> {
    bank.check_grant(credits, now.date_naive())?;
    let audit = event(
        &bank.org,
        now,
        actor,
        AuditAction::CreditsGranted,
        bank_subject(bank),
    )
    .on_bank(&bank.id, i64::from(credits.get()))
    .saying(format!("{credits} credits granted"));
    let mut after = bank.clone();
    after.granted = bank
        .granted
        .checked_add(credits)
        .ok_or_else(|| Invalid::new("credits", "is too large"))?;
    Ok((after, audit))
}

/// A bank's expiry: its unused credits are forfeited.
#[derive(Debug, Clone, PartialEq)]
pub struct Expiry {
    pub forfeited: Credits,
    pub audit: AuditEvent,
}

/// The expiry job's decision for a bank on `now`'s day; `None` if it is not due.
pub fn bank_expiry(bank: &Bank, now: DateTime<Utc>) -> Option<Expiry> {
    if !bank.is_due_to_expire(now.date_naive()) {
        return None;
    }
    let forfeited = bank.forfeitable();
    let audit = event(
        &bank.org,
        now,
        SCHEDULER,
        AuditAction::BankExpired,
        bank_subject(bank),
    )
    .on_bank(&bank.id, -i64::from(forfeited.get()))
    .saying(format!(
        "expired on {}; {forfeited} unused credit(s) forfeited",
        bank.expiry
    ));
    Some(Expiry { forfeited, audit })
}

impl Expiry {
    /// What the organisation's `members` who receive bank mail are told.
    pub fn letters(&self, bank: &Bank, members: &[Membership]) -> Vec<Letter> {
        bank_mail_recipients(members)
            .map(|to| Letter::BankExpired {
                to: to.clone(),
                bank: bank.clone(),
                forfeited: self.forfeited,
            })
            .collect()
    }
}

/// A warning that a bank with unused credits expires soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning {
    /// Which warning this is: 30, 7 or 1 (days before the expiry).
    pub due: u32,
    /// The days actually left (fewer than `due` when a run was missed).
    pub days_left: i64,
}

/// The warning job's decision for a bank on `today`, `None` if no warning is due: the nearest
/// of 30, 7 and 1 days not yet sent (see [`Bank::warning_due`]).
pub fn expiry_warning(bank: &Bank, last_sent: Option<u32>, today: Date) -> Option<Warning> {
    Some(Warning {
        due: bank.warning_due(today, last_sent)?,
        days_left: (bank.expiry - today).num_days(),
    })
}

impl Warning {
    /// What the organisation's `members` who receive bank mail are told.
    pub fn letters(&self, bank: &Bank, members: &[Membership]) -> Vec<Letter> {
        bank_mail_recipients(members)
            .map(|to| Letter::BankExpiring {
                to: to.clone(),
                bank: bank.clone(),
                days: self.days_left,
            })
            .collect()
    }
}

fn bank_mail_recipients(members: &[Membership]) -> impl Iterator<Item = &Email> {
    members
        .iter()
        .filter(|m| m.receives_bank_mail())
        .map(|m| &m.email)
}
