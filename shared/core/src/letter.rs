//! What the portal tells people. A change decides its letters with everything else it writes
//! (they are committed in its transaction, through the outbox); each letter says what happened,
//! to whom, with the facts of that moment. It becomes a mail only when it is sent, with what is
//! true then: the product's name, the organisation's name, the downloads the version policy
//! allows.

use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::catalog::Version;
use crate::code::ActivationCode;
use crate::credit::CreditRequest;
use crate::license::{License, LicenseType, Term};
use crate::org::Organisation;
use crate::users::{Membership, Role, UserStatus};
use crate::values::{Credits, Email, OrgId, ProductId, Quantity};
use crate::Date;

/// Who signs what the vendor's staff do (organisation invitations, operator audit events).
pub const PROVIDER: &str = "Your licence provider";

/// One message to one person, as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Letter {
    /// A new, renewed or reassigned licence.
    License(LicenseLetter),
    /// An invitation to an organisation.
    Invitation(InvitationLetter),
    /// The former holder of a returned licence.
    Returned { to: Email, code: ActivationCode },
    /// A bank expired: what its admins lost.
    BankExpired {
        to: Email,
        bank: Bank,
        forfeited: Credits,
    },
    /// A bank with unused credits expires in `days` days; at the current use, `forecast` says
    /// what will become of them (absent from letters written before forecasts).
    BankExpiring {
        to: Email,
        bank: Bank,
        days: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forecast: Option<crate::forecast::Forecast>,
    },
    /// The organisation's licences as CSV, built when sent (it can be far larger than an item).
    Export { to: Email, org: OrgId },
    /// A new credit request, to the licence provider's inbox.
    CreditsRequested { to: Email, request: CreditRequest },
    /// The admin who asked: what was granted, to which bank, and the bank's new figures.
    CreditRequestGranted {
        to: Email,
        request: CreditRequest,
        bank: Bank,
    },
    /// The admin who asked: the request was declined, and why.
    CreditRequestDeclined { to: Email, request: CreditRequest },
    /// A person whose role or status an admin (or the licence provider) changed: what they
    /// were, what they are now.
    AccessChanged {
        to: Email,
        org: OrgId,
        before: Access,
        after: Access,
    },
    /// An admin of an organisation whose webhook endpoint was disabled after failing every
    /// delivery since `since`.
    WebhookDisabled {
        to: Email,
        org: OrgId,
        webhook: crate::webhook::WebhookId,
        url: String,
        since: chrono::DateTime<chrono::Utc>,
    },
}

/// A person's role and status in their organisation, as a letter tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub role: Role,
    pub status: UserStatus,
}

impl Letter {
    pub fn to(&self) -> &Email {
        match self {
            Letter::License(l) => &l.to,
            Letter::Invitation(i) => &i.to,
            Letter::Returned { to, .. }
            | Letter::BankExpired { to, .. }
            | Letter::BankExpiring { to, .. }
            | Letter::Export { to, .. }
            | Letter::CreditsRequested { to, .. }
            | Letter::CreditRequestGranted { to, .. }
            | Letter::CreditRequestDeclined { to, .. }
            | Letter::AccessChanged { to, .. }
            | Letter::WebhookDisabled { to, .. } => to,
        }
    }

    /// The language tag this letter is written in (decision 92), given its recipient's
    /// membership and the organisation whose change wrote it (`org`, read with it): the
    /// recipient's own choice if they are a member of that organisation and made one, else the
    /// organisation's; `None` (English) for the licence provider's inbox, which reads every
    /// organisation's requests, and when neither chose.
    pub fn language<'a>(
        &self,
        org: &OrgId,
        recipient: Option<&'a Membership>,
        organisation: Option<&'a Organisation>,
    ) -> Option<&'a str> {
        if matches!(self, Letter::CreditsRequested { .. }) {
            return None;
        }
        recipient
            .filter(|m| &m.org == org)
            .and_then(|m| m.language.as_deref())
            .or_else(|| {
                organisation
                    .filter(|o| &o.id == org)
                    .and_then(|o| o.language.as_deref())
            })
    }
}

/// An invitation, sent with the organisation's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLetter {
    pub to: Email,
    pub org: OrgId,
    /// Who invited them: an admin's email, or [`PROVIDER`].
    pub inviter: String,
    pub role: Role,
    /// While it is not accepted: the day it lapses, and the token that declines it (present
    /// only in this letter; the membership keeps a digest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<OpenInvitation>,
}

/// What the invitee can do with an invitation they have not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInvitation {
    pub expires: Date,
    pub decline_token: String,
}

impl From<InvitationLetter> for Letter {
    fn from(letter: InvitationLetter) -> Self {
        Letter::Invitation(letter)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseEvent {
    Generated,
    Renewed,
    Assigned,
}

/// A person's new, renewed or reassigned licence(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseLetter {
    pub to: Email,
    pub event: LicenseEvent,
    pub org: OrgId,
    pub product: ProductId,
    pub license_type: LicenseType,
    pub codes: Vec<ActivationCode>,
    /// The first term's start and the last term's expiry.
    pub start: Date,
    pub expiry: Date,
    /// Computers (or seats) of the current term.
    pub computers: Quantity,
    /// The term in force on the letter's day (absent in letters written before terms were
    /// told apart: `start` to `expiry` then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Term>,
    /// The term after it, when a renewal added one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Term>,
    /// The product version the licence is for (its bank's), marked among the downloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
}

impl LicenseLetter {
    /// The letter telling `to` about `license` as it stands on `today`.
    pub fn about(license: &License, to: &Email, event: LicenseEvent, today: Date) -> Self {
        LicenseLetter {
            to: to.clone(),
            event,
            org: license.org.clone(),
            product: license.product.clone(),
            license_type: license.license_type,
            codes: vec![license.code.clone()],
            start: license.start(),
            expiry: license.expiry(),
            computers: license.computers_on(today),
            current: Some(license.current_term(today).clone()),
            next: license.next_term(today).cloned(),
            version: Some(license.bank.version),
        }
    }
}

impl From<LicenseLetter> for Letter {
    fn from(letter: LicenseLetter) -> Self {
        Letter::License(letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_in_its_recipients_language_else_its_organisations_else_english() {
        let org = OrgId::parse("o_1").unwrap();
        let to = Email::parse("email", "ana@studio.example").unwrap();
        let member = |org: &str, language: Option<&str>| -> Membership {
            serde_json::from_value(serde_json::json!({
                "email": "ana@studio.example", "org": org, "role": "member",
                "status": "active", "invited_on": "2026-03-02", "language": language
            }))
            .unwrap()
        };
        let organisation = |language: Option<&str>| Organisation {
            id: org.clone(),
            name: "Studio".into(),
            created_on: "2026-01-01".parse().unwrap(),
            suspended: None,
            language: language.map(str::to_string),
            activation: None,
        };
        let returned = Letter::Returned {
            to: to.clone(),
            code: ActivationCode::from_entropy([1; 10]),
        };
        let (fr, en) = (organisation(Some("fr")), organisation(Some("en")));
        let speaks = |m: &Membership, o: &Organisation| {
            returned
                .language(&org, Some(m), Some(o))
                .map(str::to_string)
        };
        let said = |l: &str| Some(l.to_string());
        assert_eq!(speaks(&member("o_1", Some("en")), &fr), said("en"));
        assert_eq!(speaks(&member("o_1", None), &fr), said("fr"));
        assert_eq!(speaks(&member("o_1", Some("fr")), &en), said("fr"));
        // A membership of another organisation is not this one's reader.
        assert_eq!(speaks(&member("o_2", Some("en")), &fr), said("fr"));
        // Someone new (no membership yet): the organisation's.
        assert_eq!(returned.language(&org, None, Some(&fr)), Some("fr"));
        assert_eq!(
            returned.language(&org, None, Some(&organisation(None))),
            None
        );
        assert_eq!(returned.language(&org, None, None), None);
        // The licence provider's inbox reads English.
        let request: CreditRequest = serde_json::from_value(serde_json::json!({
            "id": "r_1", "org": "o_1", "product": "harmony-premium", "credits": 1,
            "note": "", "requested_by": "ana@studio.example",
            "requested_at": "2026-03-02T09:00:00Z", "status": "pending"
        }))
        .unwrap();
        let asked = Letter::CreditsRequested { to, request };
        assert_eq!(
            asked.language(&org, Some(&member("o_1", Some("fr"))), Some(&fr)),
            None
        );
    }
}
