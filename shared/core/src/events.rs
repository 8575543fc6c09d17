//! Domain events: what integrations are told of every committed change. Each one is derived
//! from the audit event the change wrote in its own transaction (decision 140), so an event
//! exists only for a change that committed, and exists for every one that did.
//!
//! [`domain_event`] decides, for one audit event, the versioned event published for it (or none:
//! not every action of the trail is published). The envelope and each type's `data` are
//! documented, one JSON Schema per type and version, in `docs/events/`; `docs/events.md` says
//! how they are delivered.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::audit::{AuditAction, AuditEvent, OPERATOR_ACTOR};
use crate::message::{Arg, Message};
use crate::values::{BankId, OrgId};
use crate::Date;

/// The version of every type's schema this code writes. A change a consumer could trip on
/// (a field removed, renamed or changing meaning) makes a new version; fields may be added
/// within one.
pub const EVENT_VERSION: u32 = 1;

/// Every type published, as `type` and EventBridge's `detail-type` say it.
pub const EVENT_TYPES: &[&str] = &[
    "licence.generated",
    "licence.renewed",
    "licence.returned",
    "licence.assigned",
    "machine.activated",
    "machine.released",
    "bank.created",
    "bank.granted",
    "bank.extended",
    "bank.voided",
    "bank.expired",
    "user.invited",
    "user.changed",
    "user.removed",
];

/// Every audit action an event tells of: the events function's stream filter lets only their
/// trail entries through (infra/template.yaml, held to this list by a test).
pub const PUBLISHED_ACTIONS: &[AuditAction] = &[
    AuditAction::LicenseGenerated,
    AuditAction::LicenseRenewed,
    AuditAction::LicenseReturned,
    AuditAction::LicenseAssigned,
    AuditAction::MachineActivated,
    AuditAction::MachineReleased,
    AuditAction::BankCreated,
    AuditAction::CreditsGranted,
    AuditAction::CreditRequestGranted,
    AuditAction::BankExtended,
    AuditAction::CreditsVoided,
    AuditAction::BankExpired,
    AuditAction::UserInvited,
    AuditAction::UserChanged,
    AuditAction::UserRemoved,
];

/// What kind of change an event tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    LicenceGenerated,
    LicenceRenewed,
    LicenceReturned,
    LicenceAssigned,
    MachineActivated,
    MachineReleased,
    BankCreated,
    BankGranted,
    BankExtended,
    BankVoided,
    BankExpired,
    UserInvited,
    UserChanged,
    UserRemoved,
}

impl EventType {
    pub const ALL: [EventType; 14] = [
        EventType::LicenceGenerated,
        EventType::LicenceRenewed,
        EventType::LicenceReturned,
        EventType::LicenceAssigned,
        EventType::MachineActivated,
        EventType::MachineReleased,
        EventType::BankCreated,
        EventType::BankGranted,
        EventType::BankExtended,
        EventType::BankVoided,
        EventType::BankExpired,
        EventType::UserInvited,
        EventType::UserChanged,
        EventType::UserRemoved,
    ];

    /// The type's name (`licence.generated`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::LicenceGenerated => "licence.generated",
            EventType::LicenceRenewed => "licence.renewed",
            EventType::LicenceReturned => "licence.returned",
            EventType::LicenceAssigned => "licence.assigned",
            EventType::MachineActivated => "machine.activated",
            EventType::MachineReleased => "machine.released",
            EventType::BankCreated => "bank.created",
            EventType::BankGranted => "bank.granted",
            EventType::BankExtended => "bank.extended",
            EventType::BankVoided => "bank.voided",
            EventType::BankExpired => "bank.expired",
            EventType::UserInvited => "user.invited",
            EventType::UserChanged => "user.changed",
            EventType::UserRemoved => "user.removed",
        }
    }

    /// The type published for an audit action, if it is published. Not published: what only
    /// the trail needs (sign-ins, invitations declined or released, exports), the operator's
    /// housekeeping of an organisation (name, language, suspension, mail budget, activation
    /// policy, accounts bound or released), version policies, credit requests until granted,
    /// downloads, API credentials' and webhook endpoints' own changes (the integrations are not
    /// told of themselves),
    /// the catalogue (no organisation's), and a return's release of every machine (a
    /// `licence.returned` says it: a return always releases them).
    pub fn of(action: AuditAction) -> Option<EventType> {
        Some(match action {
            AuditAction::LicenseGenerated => EventType::LicenceGenerated,
            AuditAction::LicenseRenewed => EventType::LicenceRenewed,
            AuditAction::LicenseReturned => EventType::LicenceReturned,
            AuditAction::LicenseAssigned => EventType::LicenceAssigned,
            AuditAction::MachineActivated => EventType::MachineActivated,
            AuditAction::MachineReleased => EventType::MachineReleased,
            AuditAction::BankCreated => EventType::BankCreated,
            AuditAction::CreditsGranted | AuditAction::CreditRequestGranted => {
                EventType::BankGranted
            }
            AuditAction::BankExtended => EventType::BankExtended,
            AuditAction::CreditsVoided => EventType::BankVoided,
            AuditAction::BankExpired => EventType::BankExpired,
            AuditAction::UserInvited => EventType::UserInvited,
            AuditAction::UserChanged => EventType::UserChanged,
            AuditAction::UserRemoved => EventType::UserRemoved,
            AuditAction::OrgCreated
            | AuditAction::VersionPolicyChanged
            | AuditAction::LicensesExported
            | AuditAction::SignIn
            | AuditAction::InvitationDeclined
            | AuditAction::InvitationReleased
            | AuditAction::AccountReleased
            | AuditAction::MailBudgetChanged
            | AuditAction::AccountBound
            | AuditAction::OrgRenamed
            | AuditAction::OrgLanguageChanged
            | AuditAction::OrgSuspended
            | AuditAction::OrgResumed
            | AuditAction::CatalogChanged
            | AuditAction::CreditsRequested
            | AuditAction::CreditRequestDeclined
            | AuditAction::CreditRequestWithdrawn
            | AuditAction::MachinesReleased
            | AuditAction::ActivationPolicyChanged
            | AuditAction::LicensesDownloaded
            | AuditAction::LedgerDownloaded
            | AuditAction::AuditDownloaded
            | AuditAction::CredentialCreated
            | AuditAction::CredentialRevoked
            | AuditAction::WebhookCreated
            | AuditAction::WebhookChanged
            | AuditAction::WebhookDeleted
            | AuditAction::WebhookSecretRotated
            | AuditAction::WebhookDisabled => return None,
        })
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One published event: the envelope agreed with the consumers (docs/events.md), whose `id`
/// is the same every time the same change is published again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainEvent {
    /// Unique per committed change and stable across deliveries: consumers de-duplicate on it.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub version: u32,
    #[serde(serialize_with = "rfc3339_millis")]
    pub occurred_at: DateTime<Utc>,
    pub org: OrgId,
    pub actor: Actor,
    pub data: EventData,
}

fn rfc3339_millis<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Who made the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A member of the organisation (an admin, or a member releasing their machine).
    Person { email: String },
    /// The licence provider's staff: their address when the trail has it.
    Operator {
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
    },
    /// An organisation's API credential (a script): its id and name, never its key.
    Credential { id: String, name: String },
    /// The daily jobs.
    System,
    /// The desktop software.
    Software,
}

impl Actor {
    /// The trail's actor (an address, `operator:<subject> <email>`, `credential:<id> <name>`,
    /// `scheduler`, `software`).
    /// An operator's identity-provider subject is never published.
    pub fn of(actor: &str) -> Actor {
        if actor == crate::decide::SCHEDULER {
            return Actor::System;
        }
        if actor == crate::activation::SOFTWARE {
            return Actor::Software;
        }
        if let Some(rest) = actor.strip_prefix(crate::credential::CREDENTIAL_ACTOR) {
            let (id, name) = rest.split_once(' ').unwrap_or((rest, ""));
            return Actor::Credential {
                id: id.to_string(),
                name: name.to_string(),
            };
        }
        match actor.strip_prefix(OPERATOR_ACTOR) {
            Some(rest) => Actor::Operator {
                email: rest
                    .rsplit_once(' ')
                    .map(|(_, email)| email)
                    .filter(|email| email.contains('@'))
                    .map(str::to_string),
            },
            None => Actor::Person {
                email: actor.to_string(),
            },
        }
    }
}

/// A change from one value to another (a role, a status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FromTo {
    pub from: String,
    pub to: String,
}

/// Each type's `data`: what a consumer needs to act without reading the API again. `credits` is
/// always signed as the audit trail and the bank's ledger sign it: added to (+) or taken from
/// (−) the bank's remaining credits, so a bank's events add up to its remaining credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum EventData {
    LicenceGenerated {
        /// One activation code per licence made (one for multiseat and floating).
        codes: Vec<String>,
        bank: BankId,
        credits: i64,
        license_type: String,
        assignee: String,
        start: Date,
        expiry: Date,
        computers: i64,
    },
    LicenceRenewed {
        code: String,
        bank: BankId,
        credits: i64,
        /// The new term.
        start: Date,
        expiry: Date,
        computers: i64,
    },
    LicenceReturned {
        code: String,
        bank: BankId,
        /// Who held it (every machine of the licence is released with it).
        former_assignee: String,
    },
    LicenceAssigned {
        code: String,
        bank: BankId,
        assignee: String,
    },
    MachineActivated {
        code: String,
        hostname: String,
        platform: String,
        /// The seat taken (from 1), of `seats`.
        seat: i64,
        seats: i64,
    },
    MachineReleased {
        code: String,
        hostname: String,
        platform: String,
        seat: i64,
    },
    BankCreated {
        bank: BankId,
        product: String,
        version: String,
        purchased: i64,
        credits: i64,
        start: Date,
        expiry: Date,
    },
    BankGranted {
        bank: BankId,
        credits: i64,
        /// The credit request granted, when the grant answered one.
        #[serde(skip_serializing_if = "Option::is_none")]
        request: Option<String>,
    },
    BankExtended {
        bank: BankId,
        from: Date,
        to: Date,
        reason: String,
    },
    BankVoided {
        bank: BankId,
        credits: i64,
        reason: String,
    },
    BankExpired {
        bank: BankId,
        expiry: Date,
        /// The unused credits lost (`credits` is the same, negative).
        forfeited: i64,
        credits: i64,
    },
    UserInvited {
        email: String,
        /// The role of a new member; absent when a member who had not accepted is invited again.
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        again: bool,
    },
    UserChanged {
        email: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        role: Option<FromTo>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<FromTo>,
    },
    UserRemoved {
        email: String,
    },
}

/// An audit event that says less than its event type needs (a bug of the writer, or an event
/// written before its details were recorded): the publisher sets it aside, never guesses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {action} audit event has no {missing}")]
pub struct Undescribed {
    pub action: &'static str,
    pub missing: &'static str,
}

/// The event published for `audit`, whose trail entry is known by `id`; `None` when its action
/// is not published ([`EventType::of`]).
pub fn domain_event(id: &str, audit: &AuditEvent) -> Result<Option<DomainEvent>, Undescribed> {
    let Some(kind) = EventType::of(audit.action) else {
        return Ok(None);
    };
    let details = Details {
        audit,
        said: audit.said.as_ref(),
    };
    let data = match kind {
        EventType::LicenceGenerated => {
            let quote = details.quote()?;
            EventData::LicenceGenerated {
                codes: audit.subject.split(", ").map(str::to_string).collect(),
                bank: details.bank()?,
                credits: audit.credits,
                license_type: details.text(quote, "type")?,
                assignee: details.text(details.said()?, "recipient")?,
                start: details.date(quote, "start")?,
                expiry: details.date(quote, "expiry")?,
                computers: details.number(quote, "computers")?,
            }
        }
        EventType::LicenceRenewed => {
            let quote = details.quote()?;
            EventData::LicenceRenewed {
                code: audit.subject.clone(),
                bank: details.bank()?,
                credits: audit.credits,
                start: details.date(quote, "start")?,
                expiry: details.date(quote, "expiry")?,
                computers: details.number(quote, "computers")?,
            }
        }
        EventType::LicenceReturned => EventData::LicenceReturned {
            code: audit.subject.clone(),
            bank: details.bank()?,
            former_assignee: details.text(details.said()?, "email")?,
        },
        EventType::LicenceAssigned => EventData::LicenceAssigned {
            code: audit.subject.clone(),
            bank: details.bank()?,
            assignee: details.text(details.said()?, "email")?,
        },
        EventType::MachineActivated => {
            let said = details.said()?;
            EventData::MachineActivated {
                code: audit.subject.clone(),
                hostname: details.text(said, "hostname")?,
                platform: details.text(said, "platform")?,
                seat: details.number(said, "seat")?,
                seats: details.number(said, "seats")?,
            }
        }
        EventType::MachineReleased => {
            let said = details.said()?;
            EventData::MachineReleased {
                code: audit.subject.clone(),
                hostname: details.text(said, "hostname")?,
                platform: details.text(said, "platform")?,
                seat: details.number(said, "seat")?,
            }
        }
        EventType::BankCreated => {
            let said = details.said()?;
            // The trail names the bank "<product> <version>" (a product id has no space).
            let (product, version) = audit
                .subject
                .rsplit_once(' ')
                .ok_or(details.missing("product and version"))?;
            EventData::BankCreated {
                bank: details.bank()?,
                product: product.to_string(),
                version: version.to_string(),
                purchased: details.number(said, "purchased")?,
                credits: audit.credits,
                start: details.date(said, "start")?,
                expiry: details.date(said, "expiry")?,
            }
        }
        EventType::BankGranted => EventData::BankGranted {
            bank: details.bank()?,
            credits: audit.credits,
            request: (audit.action == AuditAction::CreditRequestGranted)
                .then(|| audit.subject.clone()),
        },
        EventType::BankExtended => {
            let said = details.said()?;
            EventData::BankExtended {
                bank: details.bank()?,
                from: details.date(said, "from")?,
                to: details.date(said, "to")?,
                reason: details.text(said, "reason")?,
            }
        }
        EventType::BankVoided => EventData::BankVoided {
            bank: details.bank()?,
            credits: audit.credits,
            reason: details.text(details.said()?, "reason")?,
        },
        EventType::BankExpired => {
            let said = details.said()?;
            EventData::BankExpired {
                bank: details.bank()?,
                expiry: details.date(said, "expiry")?,
                forfeited: details.number(said, "forfeited")?,
                credits: audit.credits,
            }
        }
        EventType::UserInvited => {
            let said = details.said()?;
            EventData::UserInvited {
                email: audit.subject.clone(),
                role: arg_text(said, "role"),
                again: said.id == "audit-invited-again",
            }
        }
        EventType::UserChanged => {
            let mut role = None;
            let mut status = None;
            for change in said_parts(details.said()?, "changes") {
                let from_to = FromTo {
                    from: details.text(change, "from")?,
                    to: details.text(change, "to")?,
                };
                match change.id.as_ref() {
                    "audit-role-changed" => role = Some(from_to),
                    "audit-status-changed" => status = Some(from_to),
                    _ => {}
                }
            }
            if role.is_none() && status.is_none() {
                return Err(details.missing("change"));
            }
            EventData::UserChanged {
                email: audit.subject.clone(),
                role,
                status,
            }
        }
        EventType::UserRemoved => EventData::UserRemoved {
            email: audit.subject.clone(),
        },
    };
    Ok(Some(DomainEvent {
        id: id.to_string(),
        kind,
        version: EVENT_VERSION,
        occurred_at: audit.at,
        org: audit.org.clone(),
        actor: Actor::of(&audit.actor),
        data,
    }))
}

/// Reads an audit event's details, naming what is missing.
struct Details<'a> {
    audit: &'a AuditEvent,
    said: Option<&'a Message>,
}

impl<'a> Details<'a> {
    fn missing(&self, what: &'static str) -> Undescribed {
        Undescribed {
            action: self.audit.action.as_str(),
            missing: what,
        }
    }

    fn said(&self) -> Result<&'a Message, Undescribed> {
        self.said.ok_or(self.missing("message"))
    }

    /// The quote a generation or renewal confirmed, as its message says it.
    fn quote(&self) -> Result<&'a Message, Undescribed> {
        said_parts(self.said()?, "quote")
            .first()
            .ok_or(self.missing("quote"))
    }

    fn bank(&self) -> Result<BankId, Undescribed> {
        self.audit.bank.clone().ok_or(self.missing("bank"))
    }

    fn text(&self, message: &Message, name: &'static str) -> Result<String, Undescribed> {
        arg_text(message, name).ok_or(self.missing(name))
    }

    fn number(&self, message: &Message, name: &'static str) -> Result<i64, Undescribed> {
        match arg(message, name) {
            Some(Arg::Number(n)) => Ok(*n),
            _ => Err(self.missing(name)),
        }
    }

    fn date(&self, message: &Message, name: &'static str) -> Result<Date, Undescribed> {
        match arg(message, name) {
            Some(Arg::Date(d)) => Ok(*d),
            _ => Err(self.missing(name)),
        }
    }
}

fn arg<'a>(message: &'a Message, name: &str) -> Option<&'a Arg> {
    message
        .args
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value)
}

fn arg_text(message: &Message, name: &str) -> Option<String> {
    match arg(message, name) {
        Some(Arg::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

fn said_parts<'a>(message: &'a Message, name: &str) -> &'a [Message] {
    match arg(message, name) {
        Some(Arg::Said(parts)) => parts,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Email;

    fn audit(action: AuditAction, subject: &str, said: Message) -> AuditEvent {
        AuditEvent {
            org: OrgId::parse("o_1").unwrap(),
            at: "2026-03-02T10:11:12.345678Z".parse().unwrap(),
            actor: "admin@studio.example".into(),
            action,
            subject: subject.into(),
            bank: Some(BankId::parse("b_1").unwrap()),
            credits: -12,
            detail: String::new(),
            said: Some(said),
        }
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn every_type_is_named_once_and_listed() {
        let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(names, EVENT_TYPES);
    }

    #[test]
    fn a_generation_is_told_with_its_quote_and_envelope() {
        let quote = Message::new("quote-summary")
            .text("type", "node_lock")
            .number("computers", 1)
            .date("start", day("2026-03-02"))
            .date("expiry", day("2027-03-02"));
        let said = Message::new("audit-generated")
            .text("type", "node_lock")
            .text("recipient", "ana@studio.example")
            .said("quote", vec![quote]);
        let e = domain_event(
            "AbC",
            &audit(
                AuditAction::LicenseGenerated,
                "AAAA-BBBB-CCCC-DDD2, EEEE-FFFF-GGGG-HHH3",
                said,
            ),
        )
        .unwrap()
        .unwrap();
        assert_eq!(e.kind, EventType::LicenceGenerated);
        assert_eq!(e.id, "AbC");
        assert_eq!(e.version, 1);
        assert_eq!(
            e.actor,
            Actor::Person {
                email: "admin@studio.example".into()
            }
        );
        match e.data {
            EventData::LicenceGenerated {
                codes,
                credits,
                assignee,
                expiry,
                ..
            } => {
                assert_eq!(codes.len(), 2);
                assert_eq!(credits, -12);
                assert_eq!(assignee, "ana@studio.example");
                assert_eq!(expiry, day("2027-03-02"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_published_actions_are_those_with_a_type() {
        for action in PUBLISHED_ACTIONS {
            assert!(EventType::of(*action).is_some(), "{action:?}");
        }
        for kind in EventType::ALL {
            assert!(
                PUBLISHED_ACTIONS
                    .iter()
                    .any(|a| EventType::of(*a) == Some(kind)),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn unpublished_actions_make_no_event() {
        for action in [
            AuditAction::SignIn,
            AuditAction::CatalogChanged,
            AuditAction::MachinesReleased,
            AuditAction::CreditsRequested,
        ] {
            let a = audit(action, "x", Message::new("m"));
            assert_eq!(domain_event("i", &a), Ok(None), "{action:?}");
        }
    }

    #[test]
    fn an_event_missing_a_detail_is_refused_not_guessed() {
        let a = audit(
            AuditAction::LicenseAssigned,
            "C",
            Message::new("audit-assigned"),
        );
        assert_eq!(
            domain_event("i", &a),
            Err(Undescribed {
                action: "license_assigned",
                missing: "email"
            })
        );
        let mut no_bank = audit(
            AuditAction::LicenseAssigned,
            "C",
            Message::new("audit-assigned").text("email", "b@studio.example"),
        );
        no_bank.bank = None;
        assert!(domain_event("i", &no_bank).is_err());
    }

    #[test]
    fn user_changes_name_what_changed() {
        let said = Message::new("audit-changes").said(
            "changes",
            vec![Message::new("audit-status-changed")
                .text("from", "active")
                .text("to", "inactive")],
        );
        let e = domain_event("i", &audit(AuditAction::UserChanged, "b@s.example", said))
            .unwrap()
            .unwrap();
        assert_eq!(
            e.data,
            EventData::UserChanged {
                email: "b@s.example".into(),
                role: None,
                status: Some(FromTo {
                    from: "active".into(),
                    to: "inactive".into()
                }),
            }
        );
    }

    #[test]
    fn actors_are_told_without_an_operator_s_subject() {
        let ops = Email::parse("email", "ops@vendor.example").unwrap();
        assert_eq!(
            Actor::of(&crate::audit::operator_actor("auth0|a b", &ops)),
            Actor::Operator {
                email: Some("ops@vendor.example".into())
            }
        );
        assert_eq!(Actor::of("operator:sub-1"), Actor::Operator { email: None });
        assert_eq!(Actor::of(crate::decide::SCHEDULER), Actor::System);
        assert_eq!(Actor::of(crate::activation::SOFTWARE), Actor::Software);
        assert_eq!(
            Actor::of("credential:0123456789abcdef0123 nightly sync"),
            Actor::Credential {
                id: "0123456789abcdef0123".into(),
                name: "nightly sync".into()
            }
        );
    }

    #[test]
    fn the_envelope_serialises_as_agreed() {
        let a = audit(
            AuditAction::UserRemoved,
            "b@s.example",
            Message::new("audit-removed"),
        );
        let e = domain_event("k1", &a).unwrap().unwrap();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "k1",
                "type": "user.removed",
                "version": 1,
                "occurred_at": "2026-03-02T10:11:12.345Z",
                "org": "o_1",
                "actor": {"kind": "person", "email": "admin@studio.example"},
                "data": {"email": "b@s.example"}
            })
        );
    }
}
