//! What the API shows of the model: the core's entities plus what is derived on a given day
//! (status, remaining credits, allowed actions).

use chrono::{DateTime, Utc};
use elp_core::{
    Actions, ActivationCode, Assignment, AuditAction, AuditEvent, Bank, BankId, BankRef, Credits,
    Date, Email, License, LicenseMail, LicenseType, Lifecycle, Months, OrgId, ProductId, Quantity,
    Term, VendorEvent, Version, WhyNot,
};
use elp_l10n::Lang;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct BankView {
    pub id: BankId,
    pub product: ProductId,
    pub version: Version,
    pub portable: bool,
    pub purchased: Credits,
    /// Pending credit requests on this bank, not yet granted or declined.
    pub requested: Credits,
    pub granted: Credits,
    pub used: Credits,
    pub remaining: Credits,
    /// Credits the licence provider voided (taken back unused).
    pub voided: Credits,
    pub start: Date,
    pub expiry: Date,
    pub status: Lifecycle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forfeited: Option<Credits>,
}

impl BankView {
    pub fn of(bank: &Bank, today: Date) -> Self {
        BankView {
            id: bank.id.clone(),
            product: bank.product.clone(),
            version: bank.version,
            portable: bank.is_portable(),
            purchased: bank.purchased,
            requested: bank.requested,
            granted: bank.granted,
            used: bank.used,
            remaining: bank.remaining(),
            voided: bank.voided,
            start: bank.start,
            expiry: bank.expiry,
            status: bank.status(today),
            forfeited: bank.forfeited,
        }
    }
}

/// A month as the API writes it: `2027-03`.
fn month(day: Date) -> String {
    day.format("%Y-%m").to_string()
}

/// One month of a forecast's burn.
#[derive(Debug, Clone, Serialize)]
pub struct MonthBurnView {
    pub month: String,
    pub credits: Credits,
}

fn months(burn: &[elp_core::MonthBurn]) -> Vec<MonthBurnView> {
    burn.iter()
        .map(|m| MonthBurnView {
            month: month(m.month),
            credits: m.credits,
        })
        .collect()
}

/// A forecast as the API shows it (decision 93): the numbers, the burn by month and the
/// sentence in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastView {
    pub remaining: Credits,
    pub needed: Credits,
    pub burn: Credits,
    pub forfeited: Credits,
    /// The day the bank forfeits what it holds (a bank's forecast); the first day a bank of
    /// the product forfeits some (a product's, when one will).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forfeited_on: Option<Date>,
    /// The month the credits run out (`2027-03`), if they do before the expiry.
    pub run_out: Option<String>,
    pub months: Vec<MonthBurnView>,
    /// The forecast in a sentence; absent when nothing is left to spend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ForecastView {
    pub fn of(f: &elp_core::Forecast, lang: Lang) -> Self {
        ForecastView {
            remaining: f.remaining,
            needed: f.needed,
            burn: f.burn,
            forfeited: f.forfeited,
            forfeited_on: Some(f.expiry),
            run_out: f.run_out.map(month),
            months: months(&f.months),
            message: f.message().map(|m| m.say(lang)),
        }
    }

    pub fn of_product(f: &elp_core::ProductForecast, lang: Lang) -> Self {
        ForecastView {
            remaining: f.remaining,
            needed: f.needed,
            burn: f.burn,
            forfeited: f.forfeited,
            forfeited_on: f.first_loss,
            run_out: f.run_out.map(month),
            months: months(&f.months),
            message: f.message().map(|m| m.say(lang)),
        }
    }
}

/// A bank with its forecast: the banks list, one bank, the dashboard's banks.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastBankView {
    #[serde(flatten)]
    pub bank: BankView,
    pub forecast: ForecastView,
}

impl ForecastBankView {
    pub fn of(bank: &Bank, licenses: &[License], today: Date, lang: Lang) -> Self {
        Self::with(
            bank,
            &elp_core::forecast_bank(bank, licenses, today),
            today,
            lang,
        )
    }

    /// `bank` with its forecast `forecast`, already made.
    pub fn with(bank: &Bank, forecast: &elp_core::Forecast, today: Date, lang: Lang) -> Self {
        ForecastBankView {
            bank: BankView::of(bank, today),
            forecast: ForecastView::of(forecast, lang),
        }
    }
}

/// A term as the API shows it: its facts and the bank it drew on.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub start: Date,
    pub expiry: Date,
    pub months_requested: Months,
    pub months_charged: u32,
    pub computers: Quantity,
    pub credits: Credits,
    pub bank: BankRef,
}

impl TermView {
    /// `term` of `license`, with the bank it drew on (the licence's, or one it drew on before a
    /// renewal from another bank moved it).
    pub fn of(license: &License, term: &Term) -> Self {
        let bank = license.term_bank_ref(term).clone();
        TermView {
            start: term.start,
            expiry: term.expiry,
            months_requested: term.months_requested,
            months_charged: term.months_charged,
            computers: term.computers,
            credits: term.credits,
            bank,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LicenseView {
    pub code: ActivationCode,
    pub product: ProductId,
    #[serde(rename = "type")]
    pub license_type: LicenseType,
    /// The product version it is for (its bank's).
    pub version: Version,
    /// Computers (or seats) of the current term.
    pub computers: Quantity,
    pub start: Date,
    pub expiry: Date,
    pub status: Lifecycle,
    pub assignee: Option<Email>,
    pub credits_used: Credits,
    pub bank: BankRef,
    pub actions: Actions,
    pub why_not: WhyNotView,
    pub current_term: TermView,
    pub next_term: Option<TermView>,
    pub terms: Vec<TermView>,
    pub assignments: Vec<Assignment>,
    pub mails: Vec<LicenseMail>,
    pub created_at: DateTime<Utc>,
}

/// Why an action is refused, in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonView {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// For each action, `null` when it is allowed, else why not.
#[derive(Debug, Clone, Serialize)]
pub struct WhyNotView {
    pub renew: Option<ReasonView>,
    #[serde(rename = "return")]
    pub return_: Option<ReasonView>,
    pub assign: Option<ReasonView>,
}

impl WhyNotView {
    fn of(why: WhyNot, lang: Lang) -> Self {
        let say = |r: Option<elp_core::Reason>| {
            r.map(|r| ReasonView {
                code: r.code,
                message: r.message.say(lang),
                hint: r.hint.map(|h| h.say(lang)),
            })
        };
        WhyNotView {
            renew: say(why.renew),
            return_: say(why.return_),
            assign: say(why.assign),
        }
    }
}

impl LicenseView {
    /// The licence as it is on `today`, its sentences in `lang`.
    pub fn of(license: &License, today: Date, lang: Lang) -> Self {
        Self::among(license, &[], today, lang)
    }

    /// [`LicenseView::of`], a renewal offered from another of the organisation's `banks` once
    /// the licence ends on its own bank's expiry ([`License::actions_among`]).
    pub fn among(license: &License, banks: &[Bank], today: Date, lang: Lang) -> Self {
        LicenseView {
            code: license.code.clone(),
            product: license.product.clone(),
            license_type: license.license_type,
            version: license.bank.version,
            computers: license.computers_on(today),
            start: license.start(),
            expiry: license.expiry(),
            status: license.status(today),
            assignee: license.assignee().cloned(),
            credits_used: license.credits_used(),
            bank: license.bank.clone(),
            actions: license.actions_among(banks, today),
            why_not: WhyNotView::of(license.why_not_among(banks, today), lang),
            current_term: TermView::of(license, license.current_term(today)),
            next_term: license.next_term(today).map(|t| TermView::of(license, t)),
            terms: license
                .terms
                .iter()
                .map(|t| TermView::of(license, t))
                .collect(),
            assignments: license.assignments.clone(),
            mails: license.mails.clone(),
            created_at: license.created_at,
        }
    }
}

/// The banks a page of `licenses` needs to say whether each can be renewed: the organisation's
/// when one of them ends on its own bank's expiry (another bank may take it further), else none,
/// so a page with no such licence costs no extra read.
pub async fn renewal_banks(
    store: &crate::store::Store,
    org: &elp_core::OrgId,
    licenses: &[License],
    today: Date,
) -> Result<Vec<Bank>, crate::store::StoreError> {
    let at_limit = licenses.iter().any(|l| {
        matches!(
            l.check_renewable(today),
            Err(elp_core::Refusal::AtBankLimit { .. })
        )
    });
    if at_limit {
        store.all_banks(org).await
    } else {
        Ok(Vec::new())
    }
}

/// An audit event as the trails show it: what it did said in the reader's language, and who did
/// it in words ([`elp_core::actor_message`]). The vendor's own changes name no organisation.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub org: Option<OrgId>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_label: String,
    pub action: AuditAction,
    pub subject: String,
    pub bank: Option<BankId>,
    pub credits: i64,
    pub detail: String,
}

impl EventView {
    /// An event of either trail (an organisation's event is the vendor's shape with its org) as
    /// `lang` reads it.
    fn of(e: &VendorEvent, lang: Lang) -> Self {
        EventView {
            org: e.org.clone(),
            at: e.at,
            actor: e.actor.clone(),
            actor_label: elp_core::actor_message(&e.actor).say(lang),
            action: e.action,
            subject: e.subject.clone(),
            bank: e.bank.clone(),
            credits: e.credits,
            detail: e.detail_in(lang),
        }
    }
}

/// The events of an organisation's trail as `lang` reads them.
pub fn event_views(events: &[AuditEvent], lang: Lang) -> Vec<EventView> {
    events
        .iter()
        .map(|e| EventView::of(&VendorEvent::from(e), lang))
        .collect()
}

/// The events of the vendor's trail as `lang` reads them.
pub fn vendor_event_views(events: &[VendorEvent], lang: Lang) -> Vec<EventView> {
    events.iter().map(|e| EventView::of(e, lang)).collect()
}
