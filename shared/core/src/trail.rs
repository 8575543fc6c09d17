//! Reading the audit trail as a tool: which events a filter asks for (who, what, which bank or
//! licence, which days), the trail as CSV, and the events that record its downloads.
//!
//! The filter decides exactly which events match ([`AuditFilter::matches`]); the store narrows
//! what DynamoDB returns with the same filter (a key range for the days, a filter expression
//! for the rest) and the service keeps only what [`AuditFilter::matches`] says, so an event the
//! expression lets through by approximation (an address inside another) never shows.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::IntoDeserializer;
use serde::Deserialize;

use crate::audit::{AuditAction, AuditEvent, VendorEvent, OPERATOR_ACTOR};
use crate::code::ActivationCode;
use crate::dates::parse_date;
use crate::error::Invalid;
use crate::export::neutralise;
use crate::message::Message;
use crate::users::Membership;
use crate::values::{BankId, Email};
use crate::Date;

/// The `actor` value that asks for the daily jobs' events.
pub const ACTOR_SYSTEM: &str = "system";
/// The `actor` value that asks for the desktop software's events.
pub const ACTOR_SOFTWARE: &str = "software";
/// The most actions one filter may name (each is one value of the filter expression's `IN`).
pub const MAX_ACTIONS: usize = 20;

/// Who did it, as a filter asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorFilter {
    /// A person, or the licence provider's staff member with this address.
    Email(Email),
    /// The daily jobs.
    System,
    /// The desktop software.
    Software,
}

impl ActorFilter {
    /// `system`, `software` or an address (422 naming `actor` otherwise).
    pub fn parse(raw: &str) -> Result<ActorFilter, Invalid> {
        match raw.trim() {
            ACTOR_SYSTEM => Ok(ActorFilter::System),
            ACTOR_SOFTWARE => Ok(ActorFilter::Software),
            other => Ok(ActorFilter::Email(Email::parse("actor", other)?)),
        }
    }

    /// Whether `actor`, as an event records it, is this one.
    pub fn is(&self, actor: &str) -> bool {
        match self {
            ActorFilter::System => actor == crate::decide::SCHEDULER,
            ActorFilter::Software => actor == crate::activation::SOFTWARE,
            ActorFilter::Email(email) => match actor.strip_prefix(OPERATOR_ACTOR) {
                Some(rest) => rest
                    .rsplit_once(' ')
                    .is_some_and(|(_, address)| address.eq_ignore_ascii_case(email.as_str())),
                None => actor.eq_ignore_ascii_case(email.as_str()),
            },
        }
    }

    /// The value the filter stands for, as the query string writes it.
    pub fn as_written(&self) -> Cow<'_, str> {
        match self {
            ActorFilter::System => ACTOR_SYSTEM.into(),
            ActorFilter::Software => ACTOR_SOFTWARE.into(),
            ActorFilter::Email(email) => email.as_str().into(),
        }
    }
}

/// The query string's filters as written (each absent or empty means no filter).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery<'a> {
    pub actor: Option<&'a str>,
    /// One action or several, separated by commas.
    pub action: Option<&'a str>,
    pub bank: Option<&'a str>,
    pub license: Option<&'a str>,
    /// The first day (UTC) of the events wanted, included.
    pub from: Option<&'a str>,
    /// The last day (UTC) of the events wanted, included.
    pub to: Option<&'a str>,
}

/// Which events of a trail a reader wants: every given part must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<ActorFilter>,
    /// Any of these actions (none: every action).
    pub actions: Vec<AuditAction>,
    pub bank: Option<BankId>,
    /// Events about this licence: its code is the subject, or one of the subject's codes (a
    /// generation of several licences names them all).
    pub license: Option<ActivationCode>,
    /// From this day on (UTC, included).
    pub from: Option<Date>,
    /// Up to and including this day (UTC).
    pub to: Option<Date>,
}

fn given(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|r| !r.is_empty())
}

impl AuditFilter {
    /// Reads the filters of `query`; a 422 names the field: an unknown action, an address or
    /// activation code that is not one, a day not written `YYYY-MM-DD`, `to` before `from`.
    pub fn parse(query: &AuditQuery<'_>) -> Result<AuditFilter, Invalid> {
        let actor = given(query.actor).map(ActorFilter::parse).transpose()?;
        let mut actions = Vec::new();
        if let Some(raw) = given(query.action) {
            for name in raw.split(',').map(str::trim) {
                let action = parse_action(name).ok_or_else(|| {
                    Invalid::new(
                        "action",
                        Message::new("invalid-audit-action").text("name", name),
                    )
                })?;
                if !actions.contains(&action) {
                    actions.push(action);
                }
            }
            if actions.len() > MAX_ACTIONS {
                return Err(Invalid::new(
                    "action",
                    Message::new("invalid-audit-actions-count").number("max", MAX_ACTIONS),
                ));
            }
        }
        let bank = given(query.bank).map(BankId::parse).transpose()?;
        let license = given(query.license)
            .map(|c| ActivationCode::parse("license", c))
            .transpose()?;
        // A day given empty is a day not written `YYYY-MM-DD` (the other filters given empty
        // are no filter).
        let from = query
            .from
            .map(|d| parse_date("from", d.trim()))
            .transpose()?;
        let to = query.to.map(|d| parse_date("to", d.trim())).transpose()?;
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                return Err(Invalid::new(
                    "to",
                    Message::new("invalid-not-before-from").date("from", from),
                ));
            }
        }
        Ok(AuditFilter {
            actor,
            actions,
            bank,
            license,
            from,
            to,
        })
    }

    /// Whether anything but the days narrows the trail (then a page may hold fewer events
    /// than it read).
    pub fn selective(&self) -> bool {
        self.actor.is_some()
            || !self.actions.is_empty()
            || self.bank.is_some()
            || self.license.is_some()
    }

    /// The time range of the days asked for: from the first day's midnight (included) to the
    /// midnight after the last day (excluded).
    pub fn range(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let midnight = |d: Date| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        (
            self.from.and_then(midnight),
            self.to.and_then(|d| d.succ_opt()).and_then(midnight),
        )
    }

    fn matches_parts(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: AuditAction,
        subject: &str,
        bank: Option<&BankId>,
    ) -> bool {
        let (from, until) = self.range();
        from.is_none_or(|f| at >= f)
            && until.is_none_or(|u| at < u)
            && self.actor.as_ref().is_none_or(|a| a.is(actor))
            && (self.actions.is_empty() || self.actions.contains(&action))
            && self.bank.as_ref().is_none_or(|b| bank == Some(b))
            && self.license.as_ref().is_none_or(|code| {
                let code = code.to_string();
                subject.split(", ").any(|s| s == code)
            })
    }

    /// Whether `event` is one the filter asks for.
    pub fn matches(&self, event: &AuditEvent) -> bool {
        self.matches_parts(
            event.at,
            &event.actor,
            event.action,
            &event.subject,
            event.bank.as_ref(),
        )
    }

    /// Whether `event` of the vendor's trail is one the filter asks for.
    pub fn matches_vendor(&self, event: &VendorEvent) -> bool {
        self.matches_parts(
            event.at,
            &event.actor,
            event.action,
            &event.subject,
            event.bank.as_ref(),
        )
    }

    /// The filter as the query string writes it (`action=license_generated&from=2026-03-01`),
    /// what an audited download records of what it held.
    pub fn as_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(actor) = &self.actor {
            parts.push(format!("actor={}", actor.as_written()));
        }
        if !self.actions.is_empty() {
            let names: Vec<&str> = self.actions.iter().map(|a| a.as_str()).collect();
            parts.push(format!("action={}", names.join(",")));
        }
        if let Some(bank) = &self.bank {
            parts.push(format!("bank={bank}"));
        }
        if let Some(code) = &self.license {
            parts.push(format!("license={code}"));
        }
        if let Some(from) = self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={to}"));
        }
        parts.join("&")
    }
}

/// The action named `name` as the API writes it (`bank_extended`), if there is one.
pub fn parse_action(name: &str) -> Option<AuditAction> {
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    AuditAction::deserialize(de).ok()
}

/// The audit CSV's columns (decision 171): data the same in every language (decision 89).
pub const CSV_HEADER: [&str; 7] = [
    "at", "actor", "action", "subject", "bank", "credits", "detail",
];

/// Who did it, as the CSV writes it: a person's address, `system`, `software`, or
/// `provider:<address>` for the licence provider's staff (`provider` for one recorded without
/// an address).
pub fn actor_cell(actor: &str) -> String {
    if actor == crate::decide::SCHEDULER {
        return ACTOR_SYSTEM.into();
    }
    if actor == crate::activation::SOFTWARE {
        return ACTOR_SOFTWARE.into();
    }
    match actor.strip_prefix(OPERATOR_ACTOR) {
        Some(rest) => match rest.rsplit_once(' ') {
            Some((_, email)) if email.contains('@') => format!("provider:{email}"),
            _ => "provider".into(),
        },
        None => actor.to_string(),
    }
}

/// One event as a row of [`CSV_HEADER`]: its time (UTC, to the millisecond), its English
/// detail, every text cell neutralised for spreadsheets.
pub fn csv_row(event: &AuditEvent) -> [String; 7] {
    [
        event.at.to_rfc3339_opts(SecondsFormat::Millis, true),
        neutralise(&actor_cell(&event.actor)).into_owned(),
        event.action.as_str().to_string(),
        neutralise(&event.subject).into_owned(),
        event
            .bank
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        event.credits.to_string(),
        neutralise(&event.detail).into_owned(),
    ]
}

/// What an admin downloaded, for the event that records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download<'a> {
    /// The licences CSV.
    Licenses,
    /// A bank's ledger CSV.
    Ledger(&'a BankId),
    /// The audit trail's CSV, with the filter it was read with.
    Audit(&'a AuditFilter),
}

/// The event recording that `by` downloaded `what` at `now`, written before the file is
/// handed over (decision 172).
pub fn downloaded(by: &Membership, what: Download<'_>, now: DateTime<Utc>) -> AuditEvent {
    let (action, bank, said) = match what {
        Download::Licenses => (
            AuditAction::LicensesDownloaded,
            None,
            Message::new("audit-downloaded-licenses"),
        ),
        Download::Ledger(bank) => (
            AuditAction::LedgerDownloaded,
            Some(bank.clone()),
            Message::new("audit-downloaded-ledger"),
        ),
        Download::Audit(filter) => {
            let query = filter.as_query();
            let said = if query.is_empty() {
                Message::new("audit-downloaded-trail")
            } else {
                Message::new("audit-downloaded-trail-filtered").text("filter", query)
            };
            (AuditAction::AuditDownloaded, None, said)
        }
    };
    AuditEvent {
        org: by.org.clone(),
        at: now,
        actor: by.email.as_str().to_string(),
        action,
        subject: by.email.as_str().to_string(),
        bank,
        credits: 0,
        detail: said.to_string(),
        said: Some(said),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::OrgId;

    fn query<'a>(pairs: &[(&str, &'a str)]) -> AuditQuery<'a> {
        let mut q = AuditQuery::default();
        for (k, v) in pairs {
            match *k {
                "actor" => q.actor = Some(v),
                "action" => q.action = Some(v),
                "bank" => q.bank = Some(v),
                "license" => q.license = Some(v),
                "from" => q.from = Some(v),
                "to" => q.to = Some(v),
                _ => unreachable!(),
            }
        }
        q
    }

    fn field_of(pairs: &[(&str, &str)]) -> String {
        AuditFilter::parse(&query(pairs))
            .expect_err("refused")
            .field
            .into_owned()
    }

    fn event(actor: &str, action: AuditAction, subject: &str, at: &str) -> AuditEvent {
        AuditEvent {
            org: OrgId::parse("o_1").unwrap(),
            at: DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
            actor: actor.into(),
            action,
            subject: subject.into(),
            bank: None,
            credits: 0,
            detail: "=cmd".into(),
            said: None,
        }
    }

    #[test]
    fn every_action_reads_back_from_its_name() {
        for action in [
            AuditAction::OrgCreated,
            AuditAction::AuditDownloaded,
            AuditAction::CatalogChanged,
            AuditAction::ActivationPolicyChanged,
        ] {
            assert_eq!(parse_action(action.as_str()), Some(action));
        }
        assert_eq!(parse_action("license_deleted"), None);
        assert_eq!(parse_action("LICENSE_GENERATED"), None);
    }

    #[test]
    fn refusals_name_their_field() {
        assert_eq!(field_of(&[("action", "license_generated,nope")]), "action");
        assert_eq!(field_of(&[("actor", "not an address")]), "actor");
        assert_eq!(field_of(&[("license", "!!")]), "license");
        assert_eq!(field_of(&[("bank", "b#1")]), "bank");
        assert_eq!(field_of(&[("from", "2026-3-1")]), "from");
        assert_eq!(field_of(&[("to", "2026-02-30")]), "to");
        assert_eq!(
            field_of(&[("from", "2026-03-02"), ("to", "2026-03-01")]),
            "to"
        );
        // The same day twice is one day.
        assert!(
            AuditFilter::parse(&query(&[("from", "2026-03-01"), ("to", "2026-03-01")])).is_ok()
        );
        assert!(
            AuditFilter::parse(&query(&[("action", " "), ("actor", "")]))
                .unwrap()
                .eq(&AuditFilter::default())
        );
    }

    #[test]
    fn days_are_inclusive_at_both_ends() {
        let f =
            AuditFilter::parse(&query(&[("from", "2026-03-01"), ("to", "2026-03-31")])).unwrap();
        let at = |t: &str| event("a@s.example", AuditAction::UserInvited, "x", t);
        assert!(!f.matches(&at("2026-02-28T23:59:59.999Z")));
        assert!(f.matches(&at("2026-03-01T00:00:00.000Z")));
        assert!(f.matches(&at("2026-03-31T23:59:59.999Z")));
        assert!(!f.matches(&at("2026-04-01T00:00:00.000Z")));
        assert!(!f.selective(), "days alone are a key range, not a filter");
    }

    #[test]
    fn actors_are_people_providers_and_the_system() {
        let ana = AuditFilter::parse(&query(&[("actor", "Ana@Studio.example")])).unwrap();
        let t = "2026-03-01T10:00:00.000Z";
        assert!(ana.matches(&event(
            "ana@studio.example",
            AuditAction::UserInvited,
            "x",
            t
        )));
        assert!(!ana.matches(&event(
            "ana@studio.example.org",
            AuditAction::UserInvited,
            "x",
            t
        )));
        assert!(ana.matches(&event(
            "operator:sub|1 ana@studio.example",
            AuditAction::BankCreated,
            "x",
            t
        )));
        assert!(!ana.matches(&event(
            "operator:ana@studio.example",
            AuditAction::BankCreated,
            "x",
            t
        )));
        let system = AuditFilter::parse(&query(&[("actor", "system")])).unwrap();
        assert!(system.matches(&event("scheduler", AuditAction::BankExpired, "x", t)));
        assert!(!system.matches(&event(
            "ana@studio.example",
            AuditAction::BankExpired,
            "x",
            t
        )));
        let software = AuditFilter::parse(&query(&[("actor", "software")])).unwrap();
        assert!(software.matches(&event("software", AuditAction::MachineActivated, "x", t)));
    }

    #[test]
    fn a_licence_is_found_among_a_generation_s_codes_and_filters_combine() {
        let code = ActivationCode::from_entropy([7; crate::code::ENTROPY_BYTES]);
        let other = ActivationCode::from_entropy([9; crate::code::ENTROPY_BYTES]);
        let written = code.to_string().to_lowercase().replace('-', "");
        let f = AuditFilter::parse(&query(&[
            ("license", &written),
            ("action", "license_generated, license_renewed"),
        ]))
        .unwrap();
        assert_eq!(f.actions.len(), 2);
        let t = "2026-03-01T10:00:00.000Z";
        let both = format!("{other}, {code}");
        assert!(f.matches(&event(
            "a@s.example",
            AuditAction::LicenseGenerated,
            &both,
            t
        )));
        assert!(!f.matches(&event(
            "a@s.example",
            AuditAction::LicenseReturned,
            &both,
            t
        )));
        assert!(!f.matches(&event(
            "a@s.example",
            AuditAction::LicenseGenerated,
            &other.to_string(),
            t
        )));
        assert!(f.selective());
        assert_eq!(
            f.as_query(),
            format!("action=license_generated,license_renewed&license={code}")
        );
    }

    #[test]
    fn the_csv_row_is_data_and_safe() {
        let mut e = event(
            "operator:sub ops@vendor.example",
            AuditAction::CreditsGranted,
            "@x",
            "2026-03-01T10:00:00Z",
        );
        e.credits = -5;
        let row = csv_row(&e);
        assert_eq!(row[0], "2026-03-01T10:00:00.000Z");
        assert_eq!(row[1], "provider:ops@vendor.example");
        assert_eq!(row[2], "credits_granted");
        assert_eq!(row[3], "'@x");
        assert_eq!(row[5], "-5");
        assert_eq!(row[6], "'=cmd");
        assert_eq!(actor_cell("scheduler"), "system");
        assert_eq!(actor_cell("operator:sub"), "provider");
    }
}
