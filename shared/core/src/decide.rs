//! The decisions: given what a change read, exactly what it writes. Each function here is the
//! whole rule of one change (given the caller, the items read and the time, when this is asked),
//! and its answer is everything the adapters commit: the new or changed licences, the bank's
//! draw, the membership that joins, the audit event and the letters. The adapters read, call one
//! of these, and write what it says in one transaction; nothing is decided between.
//!
//! Randomness comes in as values (fresh ids and activation codes drawn by the adapters), and
//! time as `now`, so every decision is a pure function of its arguments.

use chrono::{DateTime, Utc};

use crate::audit::{AuditAction, AuditEvent, VendorEvent};
use crate::bank::{Bank, NewBank};
use crate::catalog::{Catalog, Version, VersionPolicy};
use crate::code::ActivationCode;
use crate::credit::{check_top_up, CreditAsk, CreditRequest, GrantTarget, RequestStatus};
use crate::error::{Invalid, Refusal, RuleError};
use crate::letter::{
    Access, InvitationLetter, Letter, LicenseEvent, LicenseLetter, OpenInvitation, PROVIDER,
};
use crate::license::{License, MailKind};
use crate::message::Message;
use crate::org::{Organisation, Suspension};
use crate::quote::{quote_generation, quote_renewal, GenerationRequest, Quote, RenewalRequest};
use crate::revision::{diff, summary, CatalogState, CatalogUsage, Change};
use crate::users::{
    check_change, check_join, check_removal, InvitationTerms, Joining, Membership, Principal,
    Recognition, Role, UserStatus,
};
use crate::values::{BankId, CreditRequestId, Credits, Email, OrgId, ProductId};
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
        said: None,
    }
}

impl AuditEvent {
    fn on_bank(mut self, bank: &BankId, credits: i64) -> Self {
        self.bank = Some(bank.clone());
        self.credits = credits;
        self
    }

    /// What the event did: `message`, said in the reader's language when the trail is read,
    /// and recorded in English too.
    fn said(mut self, message: Message) -> Self {
        self.detail = message.to_string();
        self.said = Some(message);
        self
    }
}

/// A bank as the audit trail names it.
fn bank_subject(bank: &Bank) -> String {
    format!("{} {}", bank.product, bank.version)
}

/// Whether `recipient` joins `by`'s organisation with this step; refused if they belong to
/// another one.
fn joins(
    by: &Membership,
    recipient: &Email,
    theirs: Option<&Membership>,
    today: Date,
) -> Result<bool, Refusal> {
    Ok(check_join(recipient, theirs, &by.org, today)? == Joining::New)
}

/// The member a step invites (generating for, or assigning to, someone in no organisation).
fn invited_member(
    by: &Membership,
    recipient: &Email,
    joining: bool,
    today: Date,
    terms: &InvitationTerms,
) -> Option<Membership> {
    joining.then(|| {
        Membership::invited(
            recipient.clone(),
            by.org.clone(),
            Role::Member,
            today,
            terms,
        )
    })
}

/// The invitation letter to `to`, who joins `org` as `role`: with its expiry and decline link
/// while it is open (`terms`), or without them for someone who already accepted.
fn invitation_letter(
    org: &OrgId,
    inviter: &str,
    to: &Email,
    role: Role,
    terms: Option<&InvitationTerms>,
) -> Letter {
    InvitationLetter {
        to: to.clone(),
        org: org.clone(),
        inviter: inviter.to_string(),
        role,
        open: terms.map(|t| OpenInvitation {
            expires: t.expires,
            decline_token: t.decline_token.clone(),
        }),
    }
    .into()
}

fn invitation(by: &Membership, to: &Email, role: Role, terms: &InvitationTerms) -> Letter {
    invitation_letter(&by.org, by.signature(), to, role, Some(terms))
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

/// Someone a change names: their address, their membership if they have one, and the terms of
/// the invitation they get if the change makes them join.
pub struct Newcomer<'a> {
    pub email: &'a Email,
    pub membership: Option<&'a Membership>,
    pub terms: &'a InvitationTerms,
}

/// An admin generates licences from their organisation's `bank` for `recipient`, confirming
/// the `quoted` credits. `codes` must hold at least as many fresh codes as the request makes
/// licences ([`crate::quote::MAX_LICENSES_PER_REQUEST`] always suffice).
pub fn generation(
    by: &Membership,
    bank: &Bank,
    request: &GenerationRequest,
    recipient: Newcomer<'_>,
    quoted: Credits,
    codes: impl IntoIterator<Item = ActivationCode>,
    now: DateTime<Utc>,
) -> Result<Generation, RuleError> {
    let today = now.date_naive();
    let Newcomer {
        email: recipient,
        membership: theirs,
        terms,
    } = recipient;
    let joining = joins(by, recipient, theirs, today)?;
    let quote = quote_generation(bank, request, today)?;
    quote.confirm(quoted)?;
    let licenses: Vec<License> = quote
        .issue(bank, request.license_type, recipient, codes, now)?
        .into_iter()
        .map(|l| l.mailed(MailKind::LicenseGenerated, recipient, now))
        .collect();
    // A newcomer learns they were invited before they learn of the licence.
    let mut letters = Vec::new();
    if joining {
        letters.push(invitation(by, recipient, Role::Member, terms));
    }
    letters.push(Letter::License(LicenseLetter {
        to: recipient.clone(),
        event: LicenseEvent::Generated,
        org: by.org.clone(),
        product: bank.product.clone(),
        license_type: request.license_type,
        codes: licenses.iter().map(|l| l.code.clone()).collect(),
        start: quote.start,
        expiry: quote.expiry,
        computers: quote.computers,
        current: Some(quote.term(&bank.id)),
        next: None,
        version: Some(bank.version),
    }));
    let codes: Vec<String> = licenses.iter().map(|l| l.code.to_string()).collect();
    let audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::LicenseGenerated,
        codes.join(", "),
    )
    .on_bank(&bank.id, -i64::from(quote.credits.get()))
    .said(
        Message::new("audit-generated")
            .text("type", request.license_type.as_str())
            .text("recipient", recipient.as_str())
            .said("quote", vec![quote.message(request.license_type)]),
    );
    Ok(Generation {
        licenses,
        joining: invited_member(by, recipient, joining, today, terms),
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
    let today = now.date_naive();
    let mut renewed = license.drawing_on(bank);
    renewed.terms.push(quote.term(&bank.id));
    let letters: Vec<Letter> = renewed
        .assignee()
        .map(|to| LicenseLetter::about(&renewed, to, LicenseEvent::Renewed, today).into())
        .into_iter()
        .collect();
    if let Some(to) = renewed.assignee().cloned() {
        renewed = renewed.mailed(MailKind::LicenseRenewed, &to, now);
    }
    let audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::LicenseRenewed,
        renewed.code.to_string(),
    )
    .on_bank(&bank.id, -i64::from(quote.credits.get()))
    .said(Message::new("audit-renewed").said("quote", vec![quote.message(license.license_type)]));
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
        by.actor(),
        AuditAction::LicenseReturned,
        license.code.to_string(),
    )
    .on_bank(&license.bank.id, 0)
    .said(Message::new("audit-returned").text("email", former.as_str()));
    Ok(Return {
        letters: vec![Letter::Returned {
            to: former.clone(),
            code: license.code.clone(),
        }],
        license: license
            .clone()
            .returned(today)
            .mailed(MailKind::LicenseReturned, &former, now),
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

/// An admin assigns their organisation's returned `license` to someone.
pub fn assignment(
    by: &Membership,
    license: &License,
    to: Newcomer<'_>,
    now: DateTime<Utc>,
) -> Result<Reassignment, Refusal> {
    let today = now.date_naive();
    let Newcomer {
        email: to,
        membership: theirs,
        terms,
    } = to;
    license.check_assignable(today)?;
    let joining = joins(by, to, theirs, today)?;
    let assigned =
        license
            .clone()
            .assigned(to.clone(), today)
            .mailed(MailKind::LicenseAssigned, to, now);
    // A newcomer learns they were invited before they learn of the licence.
    let mut letters = Vec::new();
    if joining {
        letters.push(invitation(by, to, Role::Member, terms));
    }
    letters.push(LicenseLetter::about(&assigned, to, LicenseEvent::Assigned, today).into());
    let audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::LicenseAssigned,
        license.code.to_string(),
    )
    .on_bank(&license.bank.id, 0)
    .said(Message::new("audit-assigned").text("email", to.as_str()));
    Ok(Reassignment {
        license: assigned,
        joining: invited_member(by, to, joining, today, terms),
        audit,
        letters,
    })
}

/// Inviting someone, or inviting a member again.
#[derive(Debug, Clone, PartialEq)]
pub struct Invited {
    /// The invited person's membership as it will be: new, or theirs already.
    pub member: Membership,
    /// `New`: the membership is created with this step (over an invitation of another
    /// organisation that lapsed, if there was one); `AlreadyMember`: it exists.
    pub joining: Joining,
    /// For a member who has not accepted yet: the invitation is open again, with fresh terms
    /// (the membership is written).
    pub reopens: bool,
    pub audit: AuditEvent,
    pub letter: Letter,
}

#[allow(clippy::too_many_arguments)]
fn invite(
    org: &OrgId,
    inviter: &str,
    actor: &str,
    email: &Email,
    role: Role,
    existing: Option<Membership>,
    terms: &InvitationTerms,
    now: DateTime<Utc>,
) -> Result<Invited, Refusal> {
    let today = now.date_naive();
    let joining = check_join(email, existing.as_ref(), org, today)?;
    let (member, reopens, open) = match (joining, existing) {
        (Joining::AlreadyMember, Some(mut m)) if m.status == UserStatus::Invited => {
            m.invitation = Some(terms.invitation());
            (m, true, Some(terms))
        }
        (Joining::AlreadyMember, Some(m)) => (m, false, None),
        _ => (
            Membership::invited(email.clone(), org.clone(), role, today, terms),
            false,
            Some(terms),
        ),
    };
    let detail = match joining {
        Joining::New => Message::new("audit-invited").text("role", member.role.as_str()),
        Joining::AlreadyMember => Message::new("audit-invited-again"),
    };
    Ok(Invited {
        audit: event(org, now, actor, AuditAction::UserInvited, email.as_str()).said(detail),
        letter: invitation_letter(org, inviter, email, member.role, open),
        member,
        joining,
        reopens,
    })
}

/// An admin invites `email` as `role` (member by default; an existing member keeps theirs),
/// or invites a member again: a member who has not accepted gets a fresh invitation.
pub fn invitation_of(
    by: &Membership,
    email: &Email,
    role: Option<Role>,
    existing: Option<Membership>,
    terms: &InvitationTerms,
    now: DateTime<Utc>,
) -> Result<Invited, Refusal> {
    let role = role.unwrap_or(Role::Member);
    invite(
        &by.org,
        by.signature(),
        by.actor(),
        email,
        role,
        existing,
        terms,
        now,
    )
}

/// An operator (`actor`) invites `email` as an admin of `org`: its first admin, or another when
/// the first never accepted. Someone already in the organisation is invited again.
pub fn admin_invitation(
    actor: &str,
    org: &OrgId,
    email: &Email,
    existing: Option<Membership>,
    terms: &InvitationTerms,
    now: DateTime<Utc>,
) -> Result<Invited, Refusal> {
    invite(
        org,
        PROVIDER,
        actor,
        email,
        Role::Admin,
        existing,
        terms,
        now,
    )
}

/// What a sign-in does to a membership.
#[derive(Debug, Clone, PartialEq)]
pub enum SignIn {
    /// The account bound to it: nothing to write.
    Known,
    /// Its first sign-in binds it to this account, and accepts the invitation if it was one
    /// (the membership as it will be, written with this event).
    Binds(Membership, AuditEvent),
    /// Another account is bound: refused, and the attempt recorded in the organisation's trail.
    Refused(AuditEvent),
}

/// `who` signs in as `member` (an invitation that lapsed lets nobody in: see
/// [`Membership::invitation_lapsed`]).
pub fn sign_in(member: &Membership, who: &Principal, now: DateTime<Utc>) -> SignIn {
    let audit = |detail: Message| {
        event(
            &member.org,
            now,
            member.email.as_str(),
            AuditAction::SignIn,
            member.email.as_str(),
        )
        .said(detail)
    };
    match member.recognise(who) {
        Recognition::Known => SignIn::Known,
        Recognition::FirstSignIn => {
            let accepts = member.status == UserStatus::Invited;
            let mut after = member.clone().signed_in();
            after.principal = Some(who.clone());
            after.last_sign_in = Some(now);
            let id = if accepts {
                "audit-first-sign-in-accepted"
            } else {
                "audit-first-sign-in"
            };
            let detail = Message::new(id).text("account", who.to_string());
            SignIn::Binds(after, audit(detail))
        }
        Recognition::Stranger => SignIn::Refused(audit(
            Message::new("audit-sign-in-refused").text("account", who.to_string()),
        )),
    }
}

/// The invitee declines an invitation they have not accepted; `digest` is the digest of the
/// token they presented. A wrong token names nothing (the caller answers 404).
pub fn decline(
    member: &Membership,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<Option<AuditEvent>, Refusal> {
    let Some(invitation) = &member.invitation else {
        return Ok(None);
    };
    if member.status != UserStatus::Invited || invitation.decline_digest != digest {
        return Ok(None);
    }
    Ok(Some(
        event(
            &member.org,
            now,
            member.email.as_str(),
            AuditAction::InvitationDeclined,
            member.email.as_str(),
        )
        .said(Message::new("audit-declined")),
    ))
}

/// An operator (`actor`) releases the address a pending invitation holds (a new customer's
/// onboarding needs it): only an invitation not yet accepted.
pub fn invitation_release(
    actor: &str,
    member: &Membership,
    now: DateTime<Utc>,
) -> Result<AuditEvent, Refusal> {
    if member.status != UserStatus::Invited {
        return Err(Refusal::Conflict(
            Message::new("conflict-invitation-accepted").text("email", member.email.as_str()),
        ));
    }
    Ok(event(
        &member.org,
        now,
        actor,
        AuditAction::InvitationReleased,
        member.email.as_str(),
    )
    .said(Message::new("audit-invitation-released")))
}

/// An operator (`actor`) releases the account bound to `member` on the person's request (a new
/// account at the identity provider): the next sign-in binds anew.
pub fn account_release(
    actor: &str,
    member: &Membership,
    now: DateTime<Utc>,
) -> Result<(Membership, AuditEvent), Refusal> {
    let Some(bound) = &member.principal else {
        return Err(Refusal::Conflict(
            Message::new("conflict-not-bound").text("email", member.email.as_str()),
        ));
    };
    let audit = event(
        &member.org,
        now,
        actor,
        AuditAction::AccountReleased,
        member.email.as_str(),
    )
    .said(Message::new("audit-account-released").text("account", bound.to_string()));
    let mut after = member.clone();
    after.principal = None;
    Ok((after, audit))
}

/// A changed role or status.
#[derive(Debug, Clone, PartialEq)]
pub struct UserChange {
    pub before: Membership,
    pub after: Membership,
    pub audit: AuditEvent,
    /// The person is told what changed.
    pub letters: Vec<Letter>,
}

/// An admin changes `target`'s role and/or status; `active_admins` counts the organisation's
/// active admins, the target included. `None` when it changes nothing: nothing is written then
/// (no event, no mail).
pub fn user_change(
    by: &Membership,
    target: Membership,
    role: Option<Role>,
    status: Option<UserStatus>,
    active_admins: usize,
    now: DateTime<Utc>,
) -> Result<Option<UserChange>, RuleError> {
    change_of(by.actor(), target, role, status, active_admins, now)
}

/// An operator (`actor`) changes `target`'s role and/or status (promoting someone to replace an
/// admin who left, then demoting or deactivating the one who left): the last-admin rule holds
/// for the vendor too.
pub fn operator_user_change(
    actor: &str,
    target: Membership,
    role: Option<Role>,
    status: Option<UserStatus>,
    active_admins: usize,
    now: DateTime<Utc>,
) -> Result<Option<UserChange>, RuleError> {
    change_of(actor, target, role, status, active_admins, now)
}

fn change_of(
    actor: &str,
    target: Membership,
    role: Option<Role>,
    status: Option<UserStatus>,
    active_admins: usize,
    now: DateTime<Utc>,
) -> Result<Option<UserChange>, RuleError> {
    let mut after = target.clone();
    after.role = role.unwrap_or(target.role);
    after.status = status.unwrap_or(target.status);
    check_change(&target, after.role, after.status, active_admins)?;
    let mut words = Vec::new();
    if after.role != target.role {
        words.push(
            Message::new("audit-role-changed")
                .text("from", target.role.as_str())
                .text("to", after.role.as_str()),
        );
    }
    if after.status != target.status {
        words.push(
            Message::new("audit-status-changed")
                .text("from", target.status.as_str())
                .text("to", after.status.as_str()),
        );
    }
    if words.is_empty() {
        return Ok(None);
    }
    let audit = event(
        &target.org,
        now,
        actor,
        AuditAction::UserChanged,
        target.email.as_str(),
    )
    .said(Message::new("audit-changes").said("changes", words));
    let access = |m: &Membership| Access {
        role: m.role,
        status: m.status,
    };
    let letters = vec![Letter::AccessChanged {
        to: target.email.clone(),
        org: target.org.clone(),
        before: access(&target),
        after: access(&after),
    }];
    Ok(Some(UserChange {
        before: target,
        after,
        audit,
        letters,
    }))
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
        by.actor(),
        AuditAction::UserRemoved,
        target.email.as_str(),
    )
    .said(Message::new("audit-removed")))
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
    let name = catalog.product_name(product);
    let detail = if !restricted {
        Message::new("audit-versions-all")
    } else if policy.allowed.is_empty() {
        Message::new("audit-versions-none")
    } else {
        let versions: Vec<String> = policy.allowed.iter().map(Version::to_string).collect();
        Message::new("audit-versions-only")
            .number("count", versions.len())
            .text("versions", versions.join(", "))
    }
    .text("product", name);
    let audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::VersionPolicyChanged,
        product.as_str(),
    )
    .said(detail);
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
        ExportReason::Asked => "audit-export-asked",
        ExportReason::TooLarge => "audit-export-too-large",
    };
    let audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::LicensesExported,
        by.actor(),
    )
    .said(Message::new(why));
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
pub fn new_org(
    actor: &str,
    id: OrgId,
    name: String,
    admin: &Email,
    terms: &InvitationTerms,
    now: DateTime<Utc>,
) -> NewOrg {
    let today = now.date_naive();
    let org = Organisation {
        id,
        name,
        created_on: today,
        suspended: None,
        language: None,
        activation: None,
    };
    let member = Membership::invited(admin.clone(), org.id.clone(), Role::Admin, today, terms);
    let audit = event(
        &org.id,
        now,
        actor,
        AuditAction::OrgCreated,
        org.name.clone(),
    )
    .said(Message::new("audit-org-created").text("admin", admin.as_str()));
    let letter = invitation_letter(&org.id, PROVIDER, admin, Role::Admin, Some(terms));
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
    .said(
        Message::new("audit-bank-created")
            .text("product", catalog.product_name(&bank.product))
            .text("version", bank.version.to_string())
            .number("purchased", bank.purchased.get())
            .number("granted", bank.granted.get())
            .date("start", bank.start)
            .date("expiry", bank.expiry),
    );
    Ok((bank, audit))
}

/// What a catalogue change writes: the catalogue at its next revision, what changed, the
/// vendor's audit event, and the products it removes (each must still be used by no bank when
/// the change commits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogChange {
    pub state: CatalogState,
    pub changes: Vec<Change>,
    pub audit: VendorEvent,
    pub removed: Vec<ProductId>,
}

/// The subject of the catalogue's events in the vendor's trail.
pub const CATALOG_SUBJECT: &str = "catalog";

/// An operator (`actor`) replaces the catalogue `current` with `proposed`, having read it at
/// revision `expected` (their `If-Match`, if they sent one). `None` when it changes nothing:
/// nothing is written then. Refused if the catalogue moved on since `expected`, or if it
/// removes a product that banks were bought for.
pub fn catalog_change(
    actor: &str,
    current: &CatalogState,
    expected: Option<u64>,
    proposed: Catalog,
    usage: &CatalogUsage,
    now: DateTime<Utc>,
) -> Result<Option<CatalogChange>, RuleError> {
    proposed.validate()?;
    if expected.is_some_and(|e| e != current.revision) {
        return Err(Refusal::CatalogChanged {
            revision: current.revision,
        }
        .into());
    }
    let changes = diff(&current.catalog, &proposed);
    if changes.is_empty() {
        return Ok(None);
    }
    let removed: Vec<ProductId> = changes
        .iter()
        .filter_map(|c| match c {
            Change::ProductRemoved { product, .. } => Some(product.clone()),
            _ => None,
        })
        .collect();
    if let Some(used) = removed.iter().find(|p| usage.banks_of(p) > 0) {
        return Err(Refusal::ProductInUse {
            product: used.to_string(),
            banks: usage.banks_of(used),
        }
        .into());
    }
    let audit = VendorEvent {
        org: None,
        at: now,
        actor: actor.to_string(),
        action: AuditAction::CatalogChanged,
        subject: CATALOG_SUBJECT.into(),
        bank: None,
        credits: 0,
        detail: summary(&changes),
        said: None,
    };
    Ok(Some(CatalogChange {
        state: CatalogState {
            catalog: proposed,
            revision: current.revision + 1,
            updated_at: Some(now),
            updated_by: Some(actor.to_string()),
        },
        changes,
        audit,
        removed,
    }))
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
    .said(Message::new("audit-credits-granted").number("credits", credits.get()));
    let mut after = bank.clone();
    after.granted = bank
        .granted
        .checked_add(credits)
        .ok_or_else(|| Invalid::new("credits", Message::new("invalid-too-large")))?;
    Ok((after, audit))
}

/// An operator (`actor`) sets how many mails `org` may cause a day.
pub fn mail_budget(
    actor: &str,
    org: &OrgId,
    per_day: u32,
    now: DateTime<Utc>,
) -> Result<AuditEvent, Invalid> {
    if !(1..=1_000_000).contains(&per_day) {
        return Err(Invalid::new(
            "per_day",
            Message::new("invalid-between")
                .number("min", 1)
                .number("max", 1_000_000),
        ));
    }
    Ok(event(
        org,
        now,
        actor,
        AuditAction::MailBudgetChanged,
        org.as_str(),
    )
    .said(Message::new("audit-mail-budget").number("per_day", per_day)))
}

/// An operator (`actor`) renames `org` (`name` already checked by `parse_org_name`).
pub fn rename(
    actor: &str,
    org: &Organisation,
    name: String,
    now: DateTime<Utc>,
) -> Result<(Organisation, AuditEvent), Invalid> {
    if name == org.name {
        return Err(Invalid::new("name", Message::new("invalid-same-name")));
    }
    let audit = event(&org.id, now, actor, AuditAction::OrgRenamed, name.clone()).said(
        Message::new("audit-org-renamed")
            .text("from", org.name.clone())
            .text("to", name.clone()),
    );
    let mut after = org.clone();
    after.name = name;
    Ok((after, audit))
}

/// An admin (`actor`) sets the language `org`'s mail is written in for people who chose none
/// (`language`, a tag the adapters checked; none is English). Setting the
/// language it already has changes nothing: `None`, nothing to write.
pub fn org_language(
    actor: &str,
    org: &Organisation,
    language: Option<String>,
    now: DateTime<Utc>,
) -> Option<(Organisation, AuditEvent)> {
    if language == org.language {
        return None;
    }
    let audit = event(
        &org.id,
        now,
        actor,
        AuditAction::OrgLanguageChanged,
        org.id.as_str(),
    )
    .said(
        Message::new("audit-org-language").text("language", language.clone().unwrap_or_default()),
    );
    let mut after = org.clone();
    after.language = language;
    Some((after, audit))
}

/// An operator (`actor`) suspends `org` for `reason` (already checked by `parse_reason`): its
/// people keep reading and their licences stay valid; its own changes are refused until it is
/// resumed.
pub fn suspension(
    actor: &str,
    org: &Organisation,
    reason: String,
    now: DateTime<Utc>,
) -> Result<(Suspension, AuditEvent), Refusal> {
    if org.suspended.is_some() {
        return Err(Refusal::Conflict(Message::new(
            "conflict-already-suspended",
        )));
    }
    let audit = event(
        &org.id,
        now,
        actor,
        AuditAction::OrgSuspended,
        org.name.clone(),
    )
    .said(Message::new("audit-org-suspended").text("reason", reason.clone()));
    let suspension = Suspension {
        since: now,
        by: actor.to_string(),
        reason,
    };
    Ok((suspension, audit))
}

/// An operator (`actor`) resumes a suspended `org`.
pub fn resumption(
    actor: &str,
    org: &Organisation,
    now: DateTime<Utc>,
) -> Result<AuditEvent, Refusal> {
    let Some(was) = &org.suspended else {
        return Err(Refusal::Conflict(Message::new("conflict-not-suspended")));
    };
    Ok(event(
        &org.id,
        now,
        actor,
        AuditAction::OrgResumed,
        org.name.clone(),
    )
    .said(
        Message::new("audit-org-resumed")
            .date("since", was.since.date_naive())
            .text("reason", was.reason.clone()),
    ))
}

/// An operator (`actor`) moves `bank`'s expiry to `expiry` (a purchased extension). Only later,
/// only while the bank has not expired (forfeited credits stay forfeited). The licences drawn
/// from it keep their dates; their renewals may now run to the new expiry; the expiry job and
/// the warnings follow the new date.
pub fn extension(
    actor: &str,
    bank: &Bank,
    expiry: Date,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(Bank, AuditEvent), RuleError> {
    let today = now.date_naive();
    bank.check_usable(today)?;
    if expiry <= bank.expiry {
        return Err(Invalid::new(
            "expiry",
            Message::new("invalid-after-bank-expiry").date("expiry", bank.expiry),
        )
        .into());
    }
    let audit = event(
        &bank.org,
        now,
        actor,
        AuditAction::BankExtended,
        bank_subject(bank),
    )
    .on_bank(&bank.id, 0)
    .said(
        Message::new("audit-bank-extended")
            .date("from", bank.expiry)
            .date("to", expiry)
            .text("reason", reason),
    );
    let mut after = bank.clone();
    after.expiry = expiry;
    Ok((after, audit))
}

/// An operator (`actor`) voids `credits` of `bank`'s unused ones (a bank created too large by
/// mistake): taken off what was granted, never more than remain, never from an expired bank.
/// What was purchased stays on record; the voided credits are shown beside it.
pub fn void(
    actor: &str,
    bank: &Bank,
    credits: Credits,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(Bank, AuditEvent), RuleError> {
    if credits == Credits::ZERO {
        return Err(
            Invalid::new("credits", Message::new("invalid-at-least").number("min", 1)).into(),
        );
    }
    bank.check_draw(credits, now.date_naive())?;
    let audit = event(
        &bank.org,
        now,
        actor,
        AuditAction::CreditsVoided,
        bank_subject(bank),
    )
    .on_bank(&bank.id, -i64::from(credits.get()))
    .said(
        Message::new("audit-credits-voided")
            .number("credits", credits.get())
            .text("reason", reason),
    );
    let mut after = bank.clone();
    after.granted = bank.granted.saturating_sub(credits);
    after.voided = bank
        .voided
        .checked_add(credits)
        .ok_or_else(|| Invalid::new("credits", Message::new("invalid-too-large")))?;
    Ok((after, audit))
}

/// An operator (`actor`) binds `member` to the account `to` on the person's request (their
/// account at the identity provider changed): from now on only that account signs in as them.
pub fn account_binding(
    actor: &str,
    member: &Membership,
    to: Principal,
    now: DateTime<Utc>,
) -> Result<(Membership, AuditEvent), Refusal> {
    if member.status == UserStatus::Invited {
        return Err(Refusal::Conflict(
            Message::new("conflict-not-accepted-yet").text("email", member.email.as_str()),
        ));
    }
    if member.principal.as_ref() == Some(&to) {
        return Err(Refusal::Conflict(
            Message::new("conflict-already-bound").text("email", member.email.as_str()),
        ));
    }
    let was = member
        .principal
        .as_ref()
        .map_or("no account".to_string(), ToString::to_string);
    let audit = event(
        &member.org,
        now,
        actor,
        AuditAction::AccountBound,
        member.email.as_str(),
    )
    .said(
        Message::new("audit-account-bound")
            .text("account", to.to_string())
            .text("was", was.to_string()),
    );
    let mut after = member.clone();
    after.principal = Some(to);
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
    .said(
        Message::new("audit-bank-expired")
            .date("expiry", bank.expiry)
            .number("forfeited", forfeited.get()),
    );
    Some(Expiry { forfeited, audit })
}

impl Expiry {
    /// What the organisation's `members` who receive bank mail are told.
    pub fn letters(&self, bank: &Bank, members: &[Membership]) -> Vec<Letter> {
        bank_mail_recipients(members, self.audit.at.date_naive())
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
    /// The day it is decided on.
    pub today: Date,
}

/// The warning job's decision for a bank on `today`, `None` if no warning is due: the nearest
/// of 30, 7 and 1 days not yet sent (see [`Bank::warning_due`]).
pub fn expiry_warning(bank: &Bank, last_sent: Option<u32>, today: Date) -> Option<Warning> {
    Some(Warning {
        due: bank.warning_due(today, last_sent)?,
        days_left: (bank.expiry - today).num_days(),
        today,
    })
}

impl Warning {
    /// What the organisation's `members` who receive bank mail are told: the warning, and
    /// what the bank's credits become at the current use of its `licenses` (its unexpired
    /// licences, read for the letter).
    pub fn letters(
        &self,
        bank: &Bank,
        licenses: &[crate::License],
        members: &[Membership],
    ) -> Vec<Letter> {
        let forecast = crate::forecast::forecast_bank(bank, licenses, self.today);
        bank_mail_recipients(members, self.today)
            .map(|to| Letter::BankExpiring {
                to: to.clone(),
                bank: bank.clone(),
                days: self.days_left,
                forecast: Some(forecast.clone()),
            })
            .collect()
    }
}

fn bank_mail_recipients(members: &[Membership], today: Date) -> impl Iterator<Item = &Email> {
    members
        .iter()
        .filter(move |m| m.receives_bank_mail(today))
        .map(|m| &m.email)
}

/// A new credit request: the request, its event, and the letter to the licence provider.
#[derive(Debug, Clone, PartialEq)]
pub struct Requested {
    pub request: CreditRequest,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An admin asks the licence provider (whose inbox is `vendor`) for credits: `ask` as parsed,
/// `bank` the bank it names (read, and the organisation's), `id` the new request's.
pub fn credit_request(
    by: &Membership,
    id: CreditRequestId,
    ask: CreditAsk,
    bank: Option<&Bank>,
    catalog: &Catalog,
    vendor: &Email,
    now: DateTime<Utc>,
) -> Result<Requested, RuleError> {
    ask.check(catalog, bank, now.date_naive())?;
    let CreditAsk {
        product,
        credits,
        start,
        note,
        bank: named,
    } = ask;
    let request = CreditRequest {
        id,
        org: by.org.clone(),
        product,
        credits,
        start,
        note,
        bank: named,
        requested_by: by.email.clone(),
        requested_at: now,
        status: RequestStatus::Pending,
        decided_at: None,
        decided_by: None,
        granted: None,
        granted_bank: None,
        reason: None,
    };
    let id = match (&request.bank, request.start) {
        (None, None) => "audit-credits-requested",
        (Some(_), None) => "audit-credits-requested-bank",
        (None, Some(_)) => "audit-credits-requested-from",
        (Some(_), Some(_)) => "audit-credits-requested-bank-from",
    };
    let mut detail = Message::new(id)
        .number("credits", credits.get())
        .text("product", catalog.product_name(&request.product));
    if let Some(bank) = &request.bank {
        detail = detail.text("bank", bank.to_string());
    }
    if let Some(start) = request.start {
        detail = detail.date("start", start);
    }
    let mut audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::CreditsRequested,
        request.id.as_str(),
    )
    .said(detail);
    if let Some(bank) = &request.bank {
        audit = audit.on_bank(bank, 0);
    }
    Ok(Requested {
        letters: vec![Letter::CreditsRequested {
            to: vendor.clone(),
            request: request.clone(),
        }],
        request,
        audit,
    })
}

/// An admin withdraws their organisation's pending `request`.
pub fn credit_withdrawal(
    by: &Membership,
    request: &CreditRequest,
    now: DateTime<Utc>,
) -> Result<(CreditRequest, AuditEvent), Refusal> {
    request.check_pending()?;
    let mut audit = event(
        &by.org,
        now,
        by.actor(),
        AuditAction::CreditRequestWithdrawn,
        request.id.as_str(),
    )
    .said(
        Message::new("audit-request-withdrawn")
            .number("credits", request.credits.get())
            .text("product", request.product.to_string()),
    );
    if let Some(bank) = &request.bank {
        audit = audit.on_bank(bank, 0);
    }
    Ok((request.clone().withdrawn(&by.email, now), audit))
}

/// A granted credit request: the request, the bank as the grant leaves it (topped up, or new),
/// and what else the grant writes.
#[derive(Debug, Clone, PartialEq)]
pub struct GrantedRequest {
    pub request: CreditRequest,
    pub bank: Bank,
    /// The bank is created by this grant.
    pub created: bool,
    /// Credits the request held in its own bank's `requested`, taken off with this grant (the
    /// bank granted to, or another one).
    pub released: Option<(BankId, Credits)>,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An operator (`actor`) grants the pending `request`: `credits` (the requested ones unless
/// said) to `target`.
pub fn credit_request_grant(
    actor: &str,
    request: &CreditRequest,
    credits: Option<Credits>,
    target: GrantTarget<'_>,
    now: DateTime<Utc>,
) -> Result<GrantedRequest, RuleError> {
    request.check_pending()?;
    let today = now.date_naive();
    let credits = credits.unwrap_or(request.credits);
    if credits == Credits::ZERO {
        return Err(
            Invalid::new("credits", Message::new("invalid-at-least").number("min", 1)).into(),
        );
    }
    let released = request.held().map(|(bank, c)| (bank.clone(), c));
    let (mut bank, created, how) = match target {
        GrantTarget::TopUp(bank) => {
            check_top_up(bank, request, credits, today)?;
            let mut after = bank.clone();
            after.granted = Credits::new(bank.granted.get() + credits.get());
            after.purchased = Credits::new(bank.purchased.get() + credits.get());
            (after, false, Message::new("audit-request-granted-top-up"))
        }
        GrantTarget::NewBank { terms, id, catalog } => {
            let wished = request.start.filter(|s| *s >= today);
            let new = NewBank {
                product: request.product.clone(),
                version: terms.version,
                portable: terms.portable,
                purchased: credits,
                granted: credits,
                start: terms.start.or(wished).unwrap_or(today),
                expiry: terms.expiry,
            };
            let field = |e: Invalid| {
                let at = format!("new_bank.{}", e.field);
                e.at(at)
            };
            new.validate(today).map_err(field)?;
            catalog
                .check_release(&new.product, new.version)
                .map_err(field)?;
            let bank = new.into_bank(id.clone(), request.org.clone());
            let how = Message::new("audit-request-granted-new-bank")
                .text("version", bank.version.to_string())
                .date("start", bank.start)
                .date("expiry", bank.expiry);
            (bank, true, how)
        }
    };
    if let Some((held, c)) = &released {
        if *held == bank.id {
            bank.requested = bank.requested.saturating_sub(*c);
        }
    }
    let after = request.clone().granted(actor, credits, &bank.id, now);
    let audit = event(
        &request.org,
        now,
        actor,
        AuditAction::CreditRequestGranted,
        request.id.as_str(),
    )
    .on_bank(&bank.id, i64::from(credits.get()))
    .said(
        how.number("credits", credits.get())
            .number("asked", request.credits.get())
            .text("product", request.product.to_string()),
    );
    Ok(GrantedRequest {
        letters: vec![Letter::CreditRequestGranted {
            to: request.requested_by.clone(),
            request: after.clone(),
            bank: bank.clone(),
        }],
        request: after,
        bank,
        created,
        released,
        audit,
    })
}

/// A declined credit request.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclinedRequest {
    pub request: CreditRequest,
    pub audit: AuditEvent,
    pub letters: Vec<Letter>,
}

/// An operator (`actor`) declines the pending `request` for `reason` (already checked).
pub fn credit_request_decline(
    actor: &str,
    request: &CreditRequest,
    reason: String,
    now: DateTime<Utc>,
) -> Result<DeclinedRequest, Refusal> {
    request.check_pending()?;
    let mut audit = event(
        &request.org,
        now,
        actor,
        AuditAction::CreditRequestDeclined,
        request.id.as_str(),
    )
    .said(
        Message::new("audit-request-declined")
            .number("credits", request.credits.get())
            .text("product", request.product.to_string())
            .text("reason", reason.clone()),
    );
    if let Some(bank) = &request.bank {
        audit = audit.on_bank(bank, 0);
    }
    let after = request.clone().declined(actor, reason, now);
    Ok(DeclinedRequest {
        letters: vec![Letter::CreditRequestDeclined {
            to: request.requested_by.clone(),
            request: after.clone(),
        }],
        request: after,
        audit,
    })
}

/// Given what was read, when the change is decided, then exactly this is written.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::tests::{bank, d};
    use crate::license::LicenseType;
    use crate::values::{Months, Quantity};
    use crate::Lifecycle;

    fn at(day: &str) -> DateTime<Utc> {
        d(day).and_hms_opt(9, 0, 0).unwrap().and_utc()
    }

    fn email(s: &str) -> Email {
        Email::parse("email", s).unwrap()
    }

    fn terms() -> InvitationTerms {
        InvitationTerms {
            expires: d("2026-04-01"),
            decline_token: "the-token".into(),
            decline_digest: "the-digest".into(),
        }
    }

    fn admin() -> Membership {
        let mut m = Membership::invited(
            email("boss@studio.example"),
            OrgId::parse("o1").unwrap(),
            Role::Admin,
            d("2026-01-01"),
            &terms(),
        )
        .signed_in();
        m.status = UserStatus::Active;
        m
    }

    fn to<'a>(
        who: &'a Email,
        membership: Option<&'a Membership>,
        terms: &'a InvitationTerms,
    ) -> Newcomer<'a> {
        Newcomer {
            email: who,
            membership,
            terms,
        }
    }

    fn codes(n: u8) -> Vec<ActivationCode> {
        (0..n)
            .map(|i| ActivationCode::from_entropy([i; 10]))
            .collect()
    }

    fn request(kind: LicenseType, months: i64, quantity: i64, start: &str) -> GenerationRequest {
        GenerationRequest {
            license_type: kind,
            months: Months::parse("months", months).unwrap(),
            quantity: Quantity::parse("quantity", quantity).unwrap(),
            start: d(start),
        }
    }

    fn generated(recipient: &str, theirs: Option<&Membership>) -> Generation {
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let req = request(LicenseType::NodeLock, 3, 2, "2026-03-02");
        generation(
            &admin(),
            &b,
            &req,
            to(&email(recipient), theirs, &terms()),
            Credits::new(6),
            codes(40),
            at("2026-03-02"),
        )
        .unwrap()
    }

    #[test]
    fn generating_for_a_newcomer_issues_licences_invites_them_and_audits_the_draw() {
        let g = generated("ana@studio.example", None);
        assert_eq!(g.licenses.len(), 2, "node-lock: one licence per computer");
        assert_eq!(g.licenses[0].code, codes(1)[0], "the codes given, in order");
        for l in &g.licenses {
            assert_eq!(l.assignee(), Some(&email("ana@studio.example")));
            assert_eq!((l.start(), l.expiry()), (d("2026-03-02"), d("2026-06-02")));
            assert_eq!(l.credits_used(), Credits::new(3));
            assert_eq!(l.org, admin().org);
        }
        let joining = g.joining.expect("invited in the same step");
        assert_eq!(
            (joining.role, joining.status),
            (Role::Member, UserStatus::Invited)
        );
        assert_eq!(g.letters.len(), 2, "the invitation and the licence");
        assert!(
            matches!(&g.letters[0], Letter::Invitation(i) if i.inviter == "boss@studio.example"),
            "the invitation comes first"
        );
        assert!(
            matches!(&g.letters[1], Letter::License(l) if l.codes.len() == 2
            && l.version == Some(Version::parse("version", "25.1").unwrap())
            && l.current.as_ref().map(|t| (t.start, t.expiry)) == Some((d("2026-03-02"), d("2026-06-02")))
            && l.next.is_none())
        );
        for l in &g.licenses {
            assert!(
                matches!(&l.mails[..], [m] if m.kind == MailKind::LicenseGenerated
                && m.to == email("ana@studio.example") && m.at == at("2026-03-02"))
            );
        }
        assert_eq!(g.audit.action, AuditAction::LicenseGenerated);
        assert_eq!(g.audit.credits, -6);
        assert_eq!(g.audit.actor, "boss@studio.example");
        assert!(g.audit.detail.starts_with(
            "node lock for ana@studio.example: 2 node-lock licences (one computer each)"
        ));
    }

    #[test]
    fn generating_for_a_member_invites_nobody_and_for_a_stranger_is_refused() {
        let mut ana = admin();
        ana.email = email("ana@studio.example");
        ana.role = Role::Member;
        let g = generated("ana@studio.example", Some(&ana));
        assert!(g.joining.is_none());
        assert_eq!(g.letters.len(), 1);
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let mut elsewhere = ana.clone();
        elsewhere.org = OrgId::parse("elsewhere").unwrap();
        let refused = generation(
            &admin(),
            &b,
            &request(LicenseType::NodeLock, 3, 2, "2026-03-02"),
            to(&email("ana@studio.example"), Some(&elsewhere), &terms()),
            Credits::new(6),
            codes(40),
            at("2026-03-02"),
        );
        assert!(matches!(
            refused,
            Err(RuleError::Refused(
                Refusal::MemberOfAnotherOrganisation { .. }
            ))
        ));
    }

    #[test]
    fn a_confirmation_that_does_not_match_the_quote_writes_nothing() {
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let refused = generation(
            &admin(),
            &b,
            &request(LicenseType::Multiseat, 2, 5, "2026-03-02"),
            to(&email("ana@studio.example"), None, &terms()),
            Credits::new(9),
            codes(40),
            at("2026-03-02"),
        );
        assert_eq!(
            refused.unwrap_err(),
            RuleError::Refused(Refusal::QuoteChanged {
                quoted: Credits::new(9),
                now: Credits::new(10)
            })
        );
    }

    #[test]
    fn too_few_codes_make_no_licences() {
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let refused = generation(
            &admin(),
            &b,
            &request(LicenseType::NodeLock, 1, 3, "2026-03-02"),
            to(&email("ana@studio.example"), None, &terms()),
            Credits::new(3),
            codes(2),
            at("2026-03-02"),
        );
        assert!(matches!(refused, Err(RuleError::Invalid(i)) if i.field == "quantity"));
    }

    #[test]
    fn renewing_adds_a_term_and_tells_the_assignee_only() {
        let g = generated("ana@studio.example", None);
        let mut b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        b.used = Credits::new(6);
        let license = &g.licenses[0];
        let r = renewal(
            &admin(),
            license,
            &b,
            &RenewalRequest::default(),
            Credits::new(3),
            at("2026-04-01"),
        )
        .unwrap();
        assert_eq!(r.license.terms.len(), 2);
        assert_eq!(r.license.expiry(), d("2026-09-02"));
        assert_eq!(r.license.code, license.code, "the code is kept");
        assert!(
            matches!(&r.letters[..], [Letter::License(l)] if l.event == LicenseEvent::Renewed && l.expiry == d("2026-09-02"))
        );
        assert_eq!(
            (r.audit.action, r.audit.credits),
            (AuditAction::LicenseRenewed, -3)
        );
        let returned = license.clone().returned(d("2026-03-10"));
        let r = renewal(
            &admin(),
            &returned,
            &b,
            &RenewalRequest::default(),
            Credits::new(3),
            at("2026-04-01"),
        )
        .unwrap();
        assert!(r.letters.is_empty(), "nobody holds a returned licence");
        assert!(
            !r.license
                .mails
                .iter()
                .any(|m| m.kind == MailKind::LicenseRenewed),
            "and no renewal mail is recorded"
        );
    }

    #[test]
    fn a_multiseat_of_3_renewed_with_5_tells_both_terms_and_records_the_mail() {
        let b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        let g = generation(
            &admin(),
            &b,
            &request(LicenseType::Multiseat, 2, 3, "2026-03-02"),
            to(&email("ana@studio.example"), Some(&admin()), &terms()),
            Credits::new(6),
            codes(1),
            at("2026-03-02"),
        );
        // The admin generates for themselves (a member of the organisation already).
        let g = g.unwrap();
        let mut b = b;
        b.used = Credits::new(6);
        let request = RenewalRequest {
            months: None,
            computers: Some(Quantity::parse("computers", 5).unwrap()),
        };
        let r = renewal(
            &admin(),
            &g.licenses[0],
            &b,
            &request,
            Credits::new(10),
            at("2026-03-10"),
        )
        .unwrap();
        let l = &r.license;
        assert_eq!(l.terms.len(), 2);
        assert_eq!(l.terms[1].bank.as_ref(), Some(&b.id));
        assert_eq!(
            l.computers_on(d("2026-03-10")).get(),
            3,
            "the first term runs"
        );
        assert_eq!(l.next_term(d("2026-03-10")), Some(&l.terms[1]));
        assert_eq!(l.computers_on(d("2026-05-02")).get(), 5);
        let [Letter::License(letter)] = &r.letters[..] else {
            panic!("one renewal letter: {:?}", r.letters)
        };
        assert_eq!(letter.computers.get(), 3);
        assert_eq!(letter.current.as_ref(), Some(&l.terms[0]));
        assert_eq!(letter.next.as_ref(), Some(&l.terms[1]));
        let kinds: Vec<_> = l.mails.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            [MailKind::LicenseGenerated, MailKind::LicenseRenewed]
        );
    }

    #[test]
    fn returning_then_assigning_moves_the_licence_and_mails_both_people() {
        let g = generated("ana@studio.example", None);
        let r = license_return(&admin(), &g.licenses[0], at("2026-03-10")).unwrap();
        assert_eq!(r.former, email("ana@studio.example"));
        assert_eq!(r.license.assignee(), None);
        assert!(
            matches!(&r.letters[..], [Letter::Returned { to, .. }] if *to == email("ana@studio.example"))
        );
        assert_eq!(r.audit.detail, "returned from ana@studio.example");
        assert_eq!(
            license_return(&admin(), &r.license, at("2026-03-10")).unwrap_err(),
            Refusal::NotAssigned
        );
        let a = assignment(
            &admin(),
            &r.license,
            to(&email("ben@studio.example"), None, &terms()),
            at("2026-03-11"),
        )
        .unwrap();
        assert_eq!(a.license.assignee(), Some(&email("ben@studio.example")));
        assert_eq!(a.license.assignments.len(), 2, "the history is kept");
        assert!(a.joining.is_some());
        assert_eq!(a.letters.len(), 2, "the invitation and the licence");
        assert!(
            matches!(&a.letters[0], Letter::Invitation(i) if i.to == email("ben@studio.example"))
        );
        assert!(matches!(&a.letters[1], Letter::License(l) if l.event == LicenseEvent::Assigned));
        assert_eq!(a.audit.detail, "assigned to ben@studio.example");
        let kinds: Vec<_> = a
            .license
            .mails
            .iter()
            .map(|m| (m.kind, m.to.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (MailKind::LicenseGenerated, "ana@studio.example"),
                (MailKind::LicenseReturned, "ana@studio.example"),
                (MailKind::LicenseAssigned, "ben@studio.example"),
            ]
        );
    }

    #[test]
    fn inviting_twice_creates_once_and_mails_twice() {
        let first = invitation_of(
            &admin(),
            &email("cy@studio.example"),
            Some(Role::Admin),
            None,
            &terms(),
            at("2026-03-02"),
        )
        .unwrap();
        assert_eq!(first.joining, Joining::New);
        assert_eq!(first.member.role, Role::Admin);
        assert_eq!(first.audit.detail, "invited as admin");
        let again = invitation_of(
            &admin(),
            &email("cy@studio.example"),
            Some(Role::Member),
            Some(first.member.clone()),
            &terms(),
            at("2026-03-03"),
        )
        .unwrap();
        assert_eq!(again.joining, Joining::AlreadyMember);
        assert_eq!(
            again.member.role,
            Role::Admin,
            "an existing member keeps their role"
        );
        assert_eq!(again.audit.detail, "invitation sent again");
        assert!(matches!(&again.letter, Letter::Invitation(i) if i.role == Role::Admin));
    }

    #[test]
    fn changes_and_removals_keep_an_active_admin() {
        let me = admin();
        let refused = user_change(
            &me,
            me.clone(),
            Some(Role::Member),
            None,
            1,
            at("2026-03-02"),
        );
        assert!(matches!(
            refused,
            Err(RuleError::Refused(Refusal::LastAdmin { .. }))
        ));
        let change = user_change(
            &me,
            me.clone(),
            None,
            Some(UserStatus::Inactive),
            2,
            at("2026-03-02"),
        )
        .unwrap()
        .expect("a change");
        assert_eq!(change.after.status, UserStatus::Inactive);
        assert_eq!(
            change.audit.detail,
            "status changed from active to inactive"
        );
        assert!(matches!(
            &change.letters[..],
            [Letter::AccessChanged { to, before, after, .. }]
                if to == &me.email && before.status == UserStatus::Active && after.status == UserStatus::Inactive
        ));
        let same = user_change(
            &me,
            me.clone(),
            Some(Role::Admin),
            Some(UserStatus::Active),
            1,
            at("2026-03-02"),
        );
        assert_eq!(same, Ok(None), "changing nothing writes nothing");
        assert_eq!(
            removal(&me, &me, Holdings::default(), 1, at("2026-03-02"))
                .unwrap_err()
                .code(),
            "last_admin"
        );
        let holding = Holdings {
            held: 2,
            unexpired: 1,
        };
        assert_eq!(
            removal(&me, &me, holding, 2, at("2026-03-02"))
                .unwrap_err()
                .code(),
            "holds_licenses"
        );
    }

    #[test]
    fn holdings_count_only_this_membership_s_current_licences() {
        let g = generated("ana@studio.example", None);
        let ana = g.joining.clone().unwrap();
        let mut h = Holdings::default();
        for l in &g.licenses {
            h.count(&ana, l, d("2026-03-10"));
        }
        assert_eq!(
            h,
            Holdings {
                held: 2,
                unexpired: 2
            }
        );
        let mut later = Holdings::default();
        for l in &g.licenses {
            later.count(&ana, l, d("2026-06-02"));
        }
        assert_eq!(
            later,
            Holdings {
                held: 2,
                unexpired: 0
            },
            "expired, still held"
        );
        let mut rejoined = ana.clone();
        rejoined.invited_on = d("2026-07-01");
        let mut none = Holdings::default();
        for l in &g.licenses {
            none.count(&rejoined, l, d("2026-07-02"));
        }
        assert_eq!(
            none,
            Holdings::default(),
            "an earlier membership's licences"
        );
        let returned = g.licenses[0].clone().returned(d("2026-03-05"));
        let mut after_return = Holdings::default();
        after_return.count(&ana, &returned, d("2026-03-10"));
        assert_eq!(after_return, Holdings::default());
    }

    #[test]
    fn an_expiring_bank_mails_its_admins_who_can_use_the_portal() {
        let mut b = bank("24", false, 10, "2026-01-01", "2026-06-01");
        b.used = Credits::new(4);
        let mut inactive = admin();
        inactive.email = email("gone@studio.example");
        inactive.status = UserStatus::Inactive;
        let mut member = admin();
        member.email = email("artist@studio.example");
        member.role = Role::Member;
        let mut invited = Membership::invited(
            email("new-admin@studio.example"),
            b.org.clone(),
            Role::Admin,
            d("2026-01-01"),
            &terms(),
        );
        invited.invitation = Some(crate::users::Invitation {
            expires: d("2026-07-01"),
            decline_digest: "d".into(),
        });
        let mut lapsed = invited.clone();
        lapsed.email = email("never-came@studio.example");
        lapsed.invitation = Some(crate::users::Invitation {
            expires: d("2026-05-01"),
            decline_digest: "d".into(),
        });
        let people = vec![admin(), inactive, member, invited, lapsed];
        assert!(bank_expiry(&b, at("2026-05-31")).is_none(), "not due yet");
        let expiry = bank_expiry(&b, at("2026-06-01")).unwrap();
        assert_eq!(expiry.forfeited, Credits::new(6));
        assert_eq!(
            (expiry.audit.actor.as_str(), expiry.audit.credits),
            (SCHEDULER, -6)
        );
        let told: Vec<_> = expiry
            .letters(&b, &people)
            .iter()
            .map(|l| l.to().to_string())
            .collect();
        assert_eq!(
            told,
            vec!["boss@studio.example", "new-admin@studio.example"]
        );
        let warning = expiry_warning(&b, None, d("2026-05-28")).unwrap();
        assert_eq!((warning.due, warning.days_left), (7, 4));
        let letters = warning.letters(&b, &[], &people);
        assert_eq!(letters.len(), 2);
        match &letters[0] {
            Letter::BankExpiring { forecast, .. } => assert_eq!(
                forecast.as_ref().map(|f| f.forfeited),
                Some(b.remaining()),
                "no licences: all that remains is lost"
            ),
            other => panic!("{other:?}"),
        }
        assert!(expiry_warning(&b, Some(7), d("2026-05-28")).is_none());
        let mut forfeited = b.clone();
        forfeited.forfeited = Some(Credits::new(6));
        assert!(
            bank_expiry(&forfeited, at("2026-06-02")).is_none(),
            "once only"
        );
        assert_eq!(forfeited.status(d("2026-02-01")), Lifecycle::Expired);
    }

    fn catalog() -> Catalog {
        Catalog {
            products: vec![crate::catalog::Product {
                id: ProductId::parse("harmony-premium").unwrap(),
                name: "Harmony Premium".into(),
                releases: vec![crate::catalog::Release {
                    version: Version::new(25, 1),
                    downloads: Vec::new(),
                }],
            }],
        }
    }

    fn ask(credits: u32, bank: Option<&Bank>) -> CreditAsk {
        CreditAsk {
            product: ProductId::parse("harmony-premium").unwrap(),
            credits: Credits::new(credits),
            start: None,
            note: "for the spring show".into(),
            bank: bank.map(|b| b.id.clone()),
        }
    }

    fn requested(bank: Option<&Bank>) -> CreditRequest {
        credit_request(
            &admin(),
            CreditRequestId::parse("r_1").unwrap(),
            ask(40, bank),
            bank,
            &catalog(),
            &email("ops@vendor.example"),
            at("2026-03-02"),
        )
        .unwrap()
        .request
    }

    #[test]
    fn a_credit_request_is_checked_and_tells_the_provider() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let made = credit_request(
            &admin(),
            CreditRequestId::parse("r_1").unwrap(),
            ask(40, Some(&b)),
            Some(&b),
            &catalog(),
            &email("ops@vendor.example"),
            at("2026-03-02"),
        )
        .unwrap();
        assert_eq!(made.request.status, RequestStatus::Pending);
        assert_eq!(made.request.requested_by, admin().email);
        assert_eq!(
            (
                made.audit.action,
                made.audit.bank.as_ref(),
                made.audit.credits
            ),
            (AuditAction::CreditsRequested, Some(&b.id), 0),
            "requested credits move nothing yet"
        );
        assert!(matches!(&made.letters[..],
            [Letter::CreditsRequested { to, request }] if to.as_str() == "ops@vendor.example" && request.credits == Credits::new(40)));
        let refused = |a: CreditAsk, bank: Option<&Bank>, day: &str| {
            credit_request(
                &admin(),
                CreditRequestId::parse("r_2").unwrap(),
                a,
                bank,
                &catalog(),
                &email("ops@vendor.example"),
                at(day),
            )
            .unwrap_err()
        };
        let mut unknown = ask(1, None);
        unknown.product = ProductId::parse("paint").unwrap();
        assert!(
            matches!(refused(unknown, None, "2026-03-02"), RuleError::Invalid(i) if i.field == "product")
        );
        let mut past = ask(1, None);
        past.start = Some(d("2026-03-01"));
        assert!(
            matches!(refused(past, None, "2026-03-02"), RuleError::Invalid(i) if i.field == "start")
        );
        let mut other = b.clone();
        other.product = ProductId::parse("storyboard-pro").unwrap();
        assert!(matches!(
            refused(ask(1, Some(&other)), Some(&other), "2026-03-02"),
            RuleError::Refused(Refusal::ProductMismatch { .. })
        ));
        assert!(matches!(
            refused(ask(1, Some(&b)), Some(&b), "2027-01-01"),
            RuleError::Refused(Refusal::BankExpired { .. })
        ));
    }

    #[test]
    fn granting_tops_up_the_named_bank_and_releases_what_it_held() {
        let mut b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let request = requested(Some(&b));
        b.requested = Credits::new(40);
        let g = credit_request_grant(
            "operator:op",
            &request,
            None,
            GrantTarget::TopUp(&b),
            at("2026-03-03"),
        )
        .unwrap();
        assert_eq!(
            (
                g.bank.granted,
                g.bank.purchased,
                g.bank.requested,
                g.bank.remaining()
            ),
            (
                Credits::new(50),
                Credits::new(50),
                Credits::ZERO,
                Credits::new(50)
            )
        );
        assert_eq!(g.released, Some((b.id.clone(), Credits::new(40))));
        assert!(!g.created);
        assert_eq!(g.request.status, RequestStatus::Granted);
        assert_eq!(
            (g.request.granted, g.request.granted_bank.as_ref()),
            (Some(Credits::new(40)), Some(&b.id))
        );
        assert_eq!(
            (g.audit.action, g.audit.credits, g.audit.actor.as_str()),
            (AuditAction::CreditRequestGranted, 40, "operator:op")
        );
        assert!(
            matches!(&g.letters[..], [Letter::CreditRequestGranted { to, bank, .. }]
            if *to == admin().email && bank.granted == Credits::new(50))
        );
        // Once granted, nothing more: not granted again, declined or withdrawn.
        let again = credit_request_grant(
            "operator:op",
            &g.request,
            None,
            GrantTarget::TopUp(&g.bank),
            at("2026-03-03"),
        );
        assert!(
            matches!(again, Err(RuleError::Refused(Refusal::Conflict(m))) if m.to_string().contains("already granted"))
        );
        assert_eq!(
            credit_request_decline("operator:op", &g.request, "no".into(), at("2026-03-03"))
                .unwrap_err()
                .code(),
            "conflict"
        );
        assert!(credit_withdrawal(&admin(), &g.request, at("2026-03-03")).is_err());
    }

    #[test]
    fn granting_a_new_bank_takes_the_wished_start_and_names_its_fields() {
        let mut request = requested(None);
        request.start = Some(d("2026-04-01"));
        let terms = crate::credit::NewBankTerms {
            version: Version::new(25, 1),
            portable: true,
            start: None,
            expiry: d("2027-04-01"),
        };
        let id = BankId::parse("b_new").unwrap();
        let grant = |terms: &crate::credit::NewBankTerms, credits: Option<u32>| {
            credit_request_grant(
                "operator:op",
                &request,
                credits.map(Credits::new),
                GrantTarget::NewBank {
                    terms,
                    id: &id,
                    catalog: &catalog(),
                },
                at("2026-03-03"),
            )
        };
        let g = grant(&terms, Some(25)).unwrap();
        assert!(g.created);
        assert_eq!(g.released, None);
        assert_eq!(
            (
                g.bank.start,
                g.bank.granted,
                g.bank.purchased,
                g.bank.org.clone()
            ),
            (
                d("2026-04-01"),
                Credits::new(25),
                Credits::new(25),
                request.org.clone()
            )
        );
        assert_eq!(g.request.granted, Some(Credits::new(25)), "less than asked");
        let mut bad = terms.clone();
        bad.version = Version::new(22, 0);
        assert!(
            matches!(grant(&bad, None), Err(RuleError::Invalid(i)) if i.field == "new_bank.version")
        );
        bad = terms.clone();
        bad.expiry = d("2026-03-03");
        assert!(
            matches!(grant(&bad, None), Err(RuleError::Invalid(i)) if i.field == "new_bank.expiry")
        );
    }

    #[test]
    fn a_top_up_keeps_to_the_request_s_product_and_the_ceiling() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let request = requested(None);
        let mut other = b.clone();
        other.product = ProductId::parse("storyboard-pro").unwrap();
        let top_up = |bank: &Bank, credits: u32, day: &str| {
            credit_request_grant(
                "operator:op",
                &request,
                Some(Credits::new(credits)),
                GrantTarget::TopUp(bank),
                at(day),
            )
            .unwrap_err()
        };
        assert!(matches!(
            top_up(&other, 1, "2026-03-03"),
            RuleError::Refused(Refusal::ProductMismatch { .. })
        ));
        assert!(matches!(
            top_up(&b, 1, "2027-01-01"),
            RuleError::Refused(Refusal::BankExpired { .. })
        ));
        assert!(matches!(
            top_up(&b, crate::values::MAX_CREDITS, "2026-03-03"),
            RuleError::Refused(Refusal::Conflict(_))
        ));
        let mut elsewhere = b.clone();
        elsewhere.org = OrgId::parse("o2").unwrap();
        assert!(matches!(
            top_up(&elsewhere, 1, "2026-03-03"),
            RuleError::Refused(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn declining_and_withdrawing_answer_a_pending_request_once() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let request = requested(Some(&b));
        let declined = credit_request_decline(
            "operator:op",
            &request,
            "unpaid invoice".into(),
            at("2026-03-04"),
        )
        .unwrap();
        assert_eq!(declined.request.status, RequestStatus::Declined);
        assert_eq!(declined.request.reason.as_deref(), Some("unpaid invoice"));
        assert_eq!(declined.audit.action, AuditAction::CreditRequestDeclined);
        assert!(
            matches!(&declined.letters[..], [Letter::CreditRequestDeclined { to, request }]
            if *to == admin().email && request.reason.is_some())
        );
        let (withdrawn, audit) = credit_withdrawal(&admin(), &request, at("2026-03-04")).unwrap();
        assert_eq!(withdrawn.status, RequestStatus::Withdrawn);
        assert_eq!(
            withdrawn.decided_by.as_deref(),
            Some(admin().email.as_str())
        );
        assert_eq!(audit.action, AuditAction::CreditRequestWithdrawn);
        assert_eq!(
            credit_withdrawal(&admin(), &withdrawn, at("2026-03-04"))
                .unwrap_err()
                .code(),
            "conflict"
        );
    }

    #[test]
    fn operator_changes_are_attributed_and_checked() {
        let catalog = Catalog::default();
        let new = NewBank {
            product: ProductId::parse("harmony-premium").unwrap(),
            version: Version::new(25, 1),
            portable: true,
            purchased: Credits::new(10),
            granted: Credits::new(10),
            start: d("2026-01-01"),
            expiry: d("2027-01-01"),
        };
        let refused = new_bank(
            "operator:op",
            new,
            BankId::parse("b1").unwrap(),
            OrgId::parse("o1").unwrap(),
            &catalog,
            at("2026-03-02"),
        );
        assert_eq!(refused.unwrap_err().field, "product");
        let org = new_org(
            "operator:op",
            OrgId::parse("o9").unwrap(),
            "Studio Nord".into(),
            &email("first@studio.example"),
            &terms(),
            at("2026-03-02"),
        );
        assert_eq!(
            (org.admin.role, org.admin.status),
            (Role::Admin, UserStatus::Invited)
        );
        assert!(
            matches!(&org.letter, Letter::Invitation(i) if i.inviter == PROVIDER
            && i.open.as_ref().is_some_and(|o| o.decline_token == "the-token"))
        );
        assert_eq!(
            org.admin.invitation,
            Some(terms().invitation()),
            "the digest is kept, not the token"
        );
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let (after, audit) = grant("operator:op", &b, Credits::new(5), at("2026-03-02")).unwrap();
        assert_eq!((after.granted, audit.credits), (Credits::new(15), 5));
        assert_eq!(audit.actor, "operator:op");
        assert!(grant("operator:op", &b, Credits::new(5), at("2027-01-01")).is_err());
    }

    fn account(subject: &str) -> Principal {
        Principal {
            issuer: "https://id.example".into(),
            subject: subject.into(),
        }
    }

    #[test]
    fn the_first_sign_in_binds_and_another_account_is_refused_and_recorded() {
        let mut m = admin();
        m.principal = None;
        let SignIn::Binds(bound, audit) = sign_in(&m, &account("s-1"), at("2026-03-02")) else {
            panic!("the first sign-in binds");
        };
        assert_eq!(bound.principal, Some(account("s-1")));
        assert_eq!(
            bound.last_sign_in,
            Some(at("2026-03-02")),
            "the first sign-in is the day's"
        );
        assert_eq!(audit.action, AuditAction::SignIn);
        assert_eq!(
            audit.detail,
            "first sign-in: bound to subject s-1 of https://id.example"
        );
        let invited = Membership::invited(
            email("new@studio.example"),
            OrgId::parse("o1").unwrap(),
            Role::Member,
            d("2026-03-01"),
            &terms(),
        );
        let SignIn::Binds(accepted, audit) = sign_in(&invited, &account("s-9"), at("2026-03-02"))
        else {
            panic!("an invitation's first sign-in binds and accepts");
        };
        assert_eq!(
            (accepted.status, accepted.invitation),
            (UserStatus::Active, None)
        );
        assert!(
            audit.detail.starts_with("first sign-in: invited -> active"),
            "{}",
            audit.detail
        );
        m = bound;
        assert_eq!(
            sign_in(&m, &account("s-1"), at("2026-03-03")),
            SignIn::Known
        );
        let SignIn::Refused(audit) = sign_in(&m, &account("s-2"), at("2026-03-03")) else {
            panic!("another account is refused");
        };
        assert!(
            audit.detail.starts_with("sign-in refused"),
            "{}",
            audit.detail
        );
        assert_eq!(audit.org, m.org, "recorded in the member's organisation");
    }

    #[test]
    fn an_invitation_is_declined_only_with_its_token_and_only_before_it_is_accepted() {
        let invited = invitation_of(
            &admin(),
            &email("cy@studio.example"),
            None,
            None,
            &terms(),
            at("2026-03-02"),
        )
        .unwrap()
        .member;
        assert_eq!(decline(&invited, "wrong", at("2026-03-03")), Ok(None));
        let audit = decline(&invited, "the-digest", at("2026-03-03"))
            .unwrap()
            .unwrap();
        assert_eq!(audit.action, AuditAction::InvitationDeclined);
        let accepted = invited.clone().signed_in();
        assert_eq!(decline(&accepted, "the-digest", at("2026-03-03")), Ok(None));
        assert!(invitation_release("operator:op", &invited, at("2026-03-03")).is_ok());
        assert_eq!(
            invitation_release("operator:op", &accepted, at("2026-03-03"))
                .unwrap_err()
                .code(),
            "conflict"
        );
    }

    #[test]
    fn an_operator_releases_a_bound_account_once() {
        let mut m = admin();
        assert!(
            account_release("operator:op", &m, at("2026-03-02")).is_err(),
            "nothing bound"
        );
        m.principal = Some(account("s-1"));
        let (after, audit) = account_release("operator:op", &m, at("2026-03-02")).unwrap();
        assert_eq!(after.principal, None);
        assert_eq!(
            (audit.action, audit.actor.as_str()),
            (AuditAction::AccountReleased, "operator:op")
        );
        assert!(
            matches!(sign_in(&after, &account("s-2"), at("2026-03-03")), SignIn::Binds(m, _) if m.principal == Some(account("s-2"))),
            "the next sign-in binds anew"
        );
    }

    #[test]
    fn a_lapsed_invitation_of_another_organisation_is_taken_over() {
        let mut elsewhere = Membership::invited(
            email("cy@studio.example"),
            OrgId::parse("other").unwrap(),
            Role::Member,
            d("2026-01-01"),
            &InvitationTerms {
                expires: d("2026-01-31"),
                ..terms()
            },
        );
        let refused = invitation_of(
            &admin(),
            &email("cy@studio.example"),
            None,
            Some(elsewhere.clone()),
            &terms(),
            at("2026-01-30"),
        );
        assert_eq!(
            refused.unwrap_err().code(),
            "member_of_another_organisation"
        );
        let taken = invitation_of(
            &admin(),
            &email("cy@studio.example"),
            None,
            Some(elsewhere.clone()),
            &terms(),
            at("2026-01-31"),
        )
        .unwrap();
        assert_eq!(taken.joining, Joining::New);
        assert_eq!(taken.member.org, admin().org);
        elsewhere.status = UserStatus::Active;
        assert!(
            invitation_of(
                &admin(),
                &email("cy@studio.example"),
                None,
                Some(elsewhere),
                &terms(),
                at("2027-01-01")
            )
            .is_err(),
            "an accepted membership never lapses"
        );
        let first = admin_invitation(
            "operator:op",
            &admin().org,
            &email("second@studio.example"),
            None,
            &terms(),
            at("2026-03-02"),
        )
        .unwrap();
        assert_eq!(
            (first.member.role, first.audit.actor.as_str()),
            (Role::Admin, "operator:op")
        );
        assert!(matches!(&first.letter, Letter::Invitation(i) if i.inviter == PROVIDER));
    }

    #[test]
    fn extending_a_bank_moves_its_expiry_later_only_while_it_runs() {
        let b = bank("25.1", true, 10, "2026-01-01", "2027-01-01");
        let (after, audit) = extension(
            "operator:op",
            &b,
            d("2027-07-01"),
            "renewed contract",
            at("2026-06-01"),
        )
        .unwrap();
        assert_eq!(after.expiry, d("2027-07-01"));
        assert_eq!(audit.action, AuditAction::BankExtended);
        assert_eq!(
            audit.detail,
            "expiry moved from 1 January 2027 to 1 July 2027: renewed contract"
        );
        assert_eq!(
            audit.detail_in(elp_l10n::Lang::Fr),
            "expiration déplacée du 1er janvier 2027 au 1er juillet 2027 : renewed contract"
        );
        let earlier =
            extension("operator:op", &b, d("2027-01-01"), "x", at("2026-06-01")).unwrap_err();
        assert!(matches!(earlier, RuleError::Invalid(i) if i.field == "expiry"));
        let expired =
            extension("operator:op", &b, d("2028-01-01"), "x", at("2027-01-01")).unwrap_err();
        assert!(matches!(
            expired,
            RuleError::Refused(Refusal::BankExpired { .. })
        ));
    }

    #[test]
    fn voiding_never_takes_more_than_remains() {
        let mut b = bank("25.1", true, 100, "2026-01-01", "2027-01-01");
        b.used = Credits::new(70);
        let (after, audit) = void(
            "operator:op",
            &b,
            Credits::new(30),
            "bank made too large",
            at("2026-06-01"),
        )
        .unwrap();
        assert_eq!(
            (after.granted, after.voided, after.remaining()),
            (Credits::new(70), Credits::new(30), Credits::ZERO)
        );
        assert_eq!((after.purchased, audit.credits), (Credits::new(100), -30));
        let too_many =
            void("operator:op", &b, Credits::new(31), "x", at("2026-06-01")).unwrap_err();
        assert!(matches!(
            too_many,
            RuleError::Refused(Refusal::InsufficientCredits { .. })
        ));
        assert!(void("operator:op", &b, Credits::ZERO, "x", at("2026-06-01")).is_err());
        assert!(
            void("operator:op", &b, Credits::new(1), "x", at("2027-01-01")).is_err(),
            "expired"
        );
    }

    #[test]
    fn an_organisations_language_changes_once_and_is_audited() {
        let org = Organisation {
            id: OrgId::parse("o1").unwrap(),
            name: "Studio Nord".into(),
            created_on: d("2026-01-01"),
            suspended: None,
            language: None,
            activation: None,
        };
        let (after, audit) = org_language(
            "boss@studio.example",
            &org,
            Some("fr".into()),
            at("2026-02-01"),
        )
        .expect("a change");
        assert_eq!(after.language.as_deref(), Some("fr"));
        assert_eq!(audit.action, AuditAction::OrgLanguageChanged);
        assert!(audit.detail.contains("French"));
        assert!(
            org_language("b@s.example", &after, Some("fr".into()), at("2026-02-01")).is_none(),
            "the language it has already is no change"
        );
    }

    #[test]
    fn suspending_and_resuming_say_why_and_refuse_twice() {
        let org = Organisation {
            id: OrgId::parse("o1").unwrap(),
            name: "Studio Nord".into(),
            created_on: d("2026-01-01"),
            suspended: None,
            language: None,
            activation: None,
        };
        assert!(org.check_open().is_ok());
        assert!(resumption("operator:op", &org, at("2026-02-01")).is_err());
        let (how, audit) = suspension(
            "operator:op",
            &org,
            "unpaid invoice".into(),
            at("2026-02-01"),
        )
        .unwrap();
        assert_eq!(audit.action, AuditAction::OrgSuspended);
        let mut suspended = org.clone();
        suspended.suspended = Some(how);
        assert!(
            matches!(suspended.check_open(), Err(Refusal::Suspended { reason }) if reason == "unpaid invoice")
        );
        assert!(suspension("operator:op", &suspended, "again".into(), at("2026-02-02")).is_err());
        let resumed = resumption("operator:op", &suspended, at("2026-03-01")).unwrap();
        assert!(resumed.detail.contains("unpaid invoice"));
        let renamed = rename("operator:op", &org, "Studio Nord".into(), at("2026-02-01"));
        assert!(renamed.is_err(), "the same name is no rename");
        let (after, audit) = rename(
            "operator:op",
            &org,
            "Nord Animation".into(),
            at("2026-02-01"),
        )
        .unwrap();
        assert_eq!(
            (after.name.as_str(), audit.action),
            ("Nord Animation", AuditAction::OrgRenamed)
        );
    }

    #[test]
    fn the_operator_binds_a_membership_to_a_named_account() {
        let m = admin();
        let to = Principal::parse("https://id.vendor.example", "new-sub").unwrap();
        let (after, audit) =
            account_binding("operator:op", &m, to.clone(), at("2026-03-02")).unwrap();
        assert_eq!(after.principal.as_ref(), Some(&to));
        assert_eq!(audit.action, AuditAction::AccountBound);
        assert!(account_binding("operator:op", &after, to, at("2026-03-02")).is_err());
        assert!(Principal::parse("id.vendor.example", "s").is_err());
        assert!(Principal::parse("http://evil.example", "s").is_err());
        assert!(Principal::parse("http://127.0.0.1:4000", "s").is_ok());
        assert!(Principal::parse("https://id.example", "has space").is_err());
    }

    #[test]
    fn the_last_admin_rule_holds_for_the_operator() {
        let boss = admin();
        let refused = operator_user_change(
            "operator:op",
            boss.clone(),
            Some(Role::Member),
            None,
            1,
            at("2026-03-02"),
        );
        assert!(matches!(
            refused,
            Err(RuleError::Refused(Refusal::LastAdmin { .. }))
        ));
        let ok = operator_user_change(
            "operator:op",
            boss,
            Some(Role::Member),
            None,
            2,
            at("2026-03-02"),
        )
        .unwrap()
        .expect("a change");
        assert_eq!(
            (ok.after.role, ok.audit.actor.as_str()),
            (Role::Member, "operator:op")
        );
    }

    fn catalog_of(json: serde_json::Value) -> Catalog {
        serde_json::from_value(json).unwrap()
    }

    fn two_products() -> Catalog {
        catalog_of(serde_json::json!({ "products": [
            { "id": "harmony-premium", "name": "Harmony Premium", "releases": [
                { "version": "25.1", "downloads": [{ "os": "linux", "url": "https://d.example/h" }] }
            ] },
            { "id": "storyboard-pro", "name": "Storyboard Pro", "releases": [] }
        ] }))
    }

    #[test]
    fn a_catalogue_change_bumps_the_revision_and_says_what_changed() {
        let current = CatalogState {
            catalog: two_products(),
            revision: 4,
            ..CatalogState::default()
        };
        let mut proposed = two_products();
        proposed.products[1].name = "Storyboard Pro X".into();
        let now = at("2026-03-02");
        let change = catalog_change(
            "operator:op",
            &current,
            Some(4),
            proposed.clone(),
            &CatalogUsage::default(),
            now,
        )
        .unwrap()
        .expect("a change");
        assert_eq!(change.state.revision, 5);
        assert_eq!(change.state.catalog, proposed);
        assert_eq!(change.state.updated_by.as_deref(), Some("operator:op"));
        assert_eq!(change.state.updated_at, Some(now));
        assert_eq!(change.audit.org, None);
        assert_eq!(change.audit.action, AuditAction::CatalogChanged);
        assert_eq!(change.audit.subject, "catalog");
        assert_eq!(
            change.audit.detail,
            "storyboard-pro: renamed \"Storyboard Pro\" to \"Storyboard Pro X\""
        );
        assert!(change.removed.is_empty());
        // Without If-Match, it applies to what was read.
        assert!(catalog_change(
            "operator:op",
            &current,
            None,
            proposed,
            &CatalogUsage::default(),
            now
        )
        .unwrap()
        .is_some());
    }

    #[test]
    fn a_catalogue_change_refuses_a_stale_revision_and_writes_nothing_for_no_change() {
        let current = CatalogState {
            catalog: two_products(),
            revision: 4,
            ..CatalogState::default()
        };
        let usage = CatalogUsage::default();
        let now = at("2026-03-02");
        let stale = catalog_change(
            "operator:op",
            &current,
            Some(3),
            two_products(),
            &usage,
            now,
        );
        assert_eq!(
            stale.unwrap_err(),
            RuleError::Refused(Refusal::CatalogChanged { revision: 4 })
        );
        let same = catalog_change(
            "operator:op",
            &current,
            Some(4),
            two_products(),
            &usage,
            now,
        );
        assert_eq!(same.unwrap(), None);
        let mut invalid = two_products();
        invalid.products[0].releases[0].downloads[0].url = "http://d.example/h".into();
        let refused = catalog_change("operator:op", &current, None, invalid, &usage, now);
        assert!(
            matches!(refused, Err(RuleError::Invalid(i)) if i.field == "products[0].releases[0].downloads[0].url")
        );
    }

    #[test]
    fn a_product_that_banks_use_cannot_be_removed() {
        let current = CatalogState {
            catalog: two_products(),
            revision: 1,
            ..CatalogState::default()
        };
        let mut proposed = two_products();
        proposed.products.remove(1);
        let mut usage = CatalogUsage::default();
        let now = at("2026-03-02");
        let change = catalog_change("op", &current, None, proposed.clone(), &usage, now)
            .unwrap()
            .unwrap();
        assert_eq!(
            change.removed,
            [ProductId::parse("storyboard-pro").unwrap()]
        );
        usage
            .banks
            .insert(ProductId::parse("storyboard-pro").unwrap(), 2);
        let refused = catalog_change("op", &current, None, proposed, &usage, now).unwrap_err();
        assert_eq!(
            refused,
            RuleError::Refused(Refusal::ProductInUse {
                product: "storyboard-pro".into(),
                banks: 2
            })
        );
    }
}
