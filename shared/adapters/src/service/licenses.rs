//! Licences, for admins: lists, one licence, and generating with a quote first. Generating is
//! one batch read (caller, bank, recipient, idempotency record) and one transaction.

use elp_core::quote::{quote_generation, GenerationRequest};
use elp_core::{
    parse_date, ActivationCode, Assignment, AuditAction, AuditEvent, BankId, Credits, Email,
    License, LicenseType, Lifecycle, Membership, Months, Quantity, Quote, Role,
};
use lambda_http::http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use super::access::{admin, own};
use super::views::LicenseView;
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, reply_page, Reply};
use crate::mail::{InvitationLetter, LicenseEvent, LicenseLetter};
use crate::store::{
    new_activation_code, Draw, LicenseFilter, LicenseWrite, OutboxMail, Recipient, Wanted,
};

/// The licence list's query: `bank`, `status`, `assignee`, `cursor`, `limit`.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub bank: Option<String>,
    pub status: Option<String>,
    pub assignee: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

pub fn parse_limit(raw: Option<&str>) -> Result<i32, Error> {
    match raw {
        None => Ok(50),
        Some(raw) => match raw.parse::<i32>() {
            Ok(n) if (1..=100).contains(&n) => Ok(n),
            _ => {
                Err(elp_core::Invalid::new("limit", "must be a whole number from 1 to 100").into())
            }
        },
    }
}

pub async fn list(app: &App, caller: &Email, q: ListQuery) -> Result<Reply, Error> {
    let today = app.today();
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some("pending") => Some((Lifecycle::Pending, today)),
        Some("active") => Some((Lifecycle::Active, today)),
        Some("expired") => Some((Lifecycle::Expired, today)),
        Some(_) => {
            return Err(
                elp_core::Invalid::new("status", "must be pending, active or expired").into(),
            )
        }
    };
    let bank = q
        .bank
        .as_deref()
        .filter(|b| !b.is_empty())
        .map(BankId::parse)
        .transpose()?;
    let assignee = q
        .assignee
        .as_deref()
        .filter(|a| !a.is_empty())
        .map(|a| Email::parse("assignee", a))
        .transpose()?;
    let limit = parse_limit(q.limit.as_deref())?;
    let me = admin(app.store.get_membership(caller).await?)?;
    let filter = LicenseFilter {
        org: me.org,
        bank,
        assignee,
        status,
    };
    let page = app
        .store
        .list_licenses(&filter, q.cursor.as_deref(), limit)
        .await?;
    let licenses: Vec<_> = page
        .items
        .iter()
        .map(|l| LicenseView::of(l, today))
        .collect();
    reply_page("licenses", &licenses, page.next.as_deref())
}

/// A path's activation code: a malformed one cannot name anything, so it is a 404.
pub fn path_code(raw: &str) -> Result<ActivationCode, Error> {
    ActivationCode::parse("code", raw).map_err(|_| Error::NotFound("licence"))
}

pub async fn get(app: &App, caller: &Email, code: &str) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let pre = app
        .store
        .prefetch(
            caller,
            Wanted {
                license: Some(&code),
                ..Wanted::default()
            },
        )
        .await?;
    let me = admin(pre.caller)?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    reply(StatusCode::OK, LicenseView::of(&license, app.today()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    pub bank: String,
    #[serde(rename = "type")]
    pub license_type: LicenseType,
    pub months: i64,
    /// Licences for node-lock, computers for multiseat, seats for floating.
    pub quantity: i64,
    /// Defaults to today.
    pub start: Option<String>,
    pub recipient: String,
    /// On confirm: the credits the quote showed.
    pub credits: Option<i64>,
}

struct Parsed {
    bank: BankId,
    request: GenerationRequest,
    recipient: Email,
}

fn parse(input: &GenerateInput, today: elp_core::Date) -> Result<Parsed, Error> {
    Ok(Parsed {
        bank: BankId::parse(&input.bank)?,
        request: GenerationRequest {
            license_type: input.license_type,
            months: Months::parse("months", input.months)?,
            quantity: Quantity::parse("quantity", input.quantity)?,
            start: match &input.start {
                Some(s) => parse_date("start", s)?,
                None => today,
            },
        },
        recipient: Email::parse("recipient", &input.recipient)?,
    })
}

/// Whether the recipient joins the organisation with this step (409 if they belong to another).
pub(crate) fn joining(
    me: &Membership,
    recipient: &Email,
    found: Option<&Membership>,
) -> Result<bool, Error> {
    let joining = elp_core::users::check_join(recipient, found.map(|m| &m.org), &me.org)?;
    Ok(joining == elp_core::users::Joining::New)
}

/// On confirm: the credits the quote showed, which the request must state.
pub(crate) fn quoted_credits(credits: Option<i64>) -> Result<Credits, Error> {
    let credits = credits.ok_or_else(|| {
        elp_core::Invalid::new("credits", "is required: send the credits the quote showed")
    })?;
    Ok(Credits::parse("credits", credits)?)
}

/// On a quote, credits are not needed, but a value out of range is still refused.
pub(crate) fn check_optional_credits(credits: Option<i64>) -> Result<(), Error> {
    credits.map(|c| Credits::parse("credits", c)).transpose()?;
    Ok(())
}

fn quote_body(quote: &Quote, bank: &BankId, recipient: &Email, joins: bool) -> serde_json::Value {
    json!({ "quote": quote, "bank": bank, "recipient": { "email": recipient, "joins_organisation": joins } })
}

/// What generating would cost and produce; changes nothing.
pub async fn quote(app: &App, caller: &Email, input: GenerateInput) -> Result<Reply, Error> {
    let today = app.today();
    let p = parse(&input, today)?;
    check_optional_credits(input.credits)?;
    let wanted = Wanted {
        bank: Some(&p.bank),
        other: Some(&p.recipient),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    let me = admin(pre.caller)?;
    let bank = own(pre.bank, |b| &b.org, &me, "bank")?;
    let joins = joining(&me, &p.recipient, pre.other.as_ref())?;
    let quote = quote_generation(&bank, &p.request, today)?;
    reply(
        StatusCode::OK,
        quote_body(&quote, &bank.id, &p.recipient, joins),
    )
}

/// Generates the licences the quote described, charging exactly the quoted credits.
pub async fn generate(
    app: &App,
    caller: &Email,
    input: GenerateInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = generate_once(app, caller, input, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn generate_once(
    app: &App,
    caller: &Email,
    input: GenerateInput,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let now = app.clock.now();
    let today = now.date_naive();
    let p = parse(&input, today)?;
    let quoted = quoted_credits(input.credits)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        bank: Some(&p.bank),
        other: Some(&p.recipient),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return i.replay(stored);
    }
    let me = admin(pre.caller)?;
    let bank = own(pre.bank, |b| &b.org, &me, "bank")?;
    let joins = joining(&me, &p.recipient, pre.other.as_ref())?;
    let quote = quote_generation(&bank, &p.request, today)?;
    quote.confirm(quoted)?;
    let term = quote.term();
    let licenses = (0..quote.licenses)
        .map(|_| {
            Ok(License {
                code: new_activation_code()?,
                org: me.org.clone(),
                bank: bank.reference(),
                product: bank.product.clone(),
                license_type: p.request.license_type,
                terms: vec![term.clone()],
                assignments: vec![Assignment {
                    email: p.recipient.clone(),
                    from: today,
                    until: None,
                }],
                created_at: now,
            })
        })
        .collect::<Result<Vec<_>, crate::store::StoreError>>()?;
    let new_member = Membership::invited(p.recipient.clone(), me.org.clone(), Role::Member, today);
    let mut mails = vec![OutboxMail::new(
        LicenseLetter {
            to: p.recipient.clone(),
            event: LicenseEvent::Generated,
            org: me.org.clone(),
            product: bank.product.clone(),
            license_type: p.request.license_type,
            codes: licenses.iter().map(|l| l.code.clone()).collect(),
            start: quote.start,
            expiry: quote.expiry,
            computers: quote.computers,
        },
        now,
    )?];
    if joins {
        mails.push(OutboxMail::new(
            InvitationLetter {
                to: p.recipient.clone(),
                org: me.org.clone(),
                inviter: caller.to_string(),
                role: Role::Member,
            },
            now,
        )?);
    }
    let codes: Vec<String> = licenses.iter().map(|l| l.code.to_string()).collect();
    let audit = AuditEvent {
        org: me.org.clone(),
        at: now,
        actor: caller.to_string(),
        action: AuditAction::LicenseGenerated,
        subject: codes.join(", "),
        bank: Some(bank.id.clone()),
        credits: -i64::from(quote.credits.get()),
        detail: format!(
            "{} for {}: {}",
            p.request.license_type.as_str(),
            p.recipient,
            quote.summary
        ),
    };
    let views: Vec<_> = licenses.iter().map(|l| LicenseView::of(l, today)).collect();
    let answer = reply(
        StatusCode::CREATED,
        json!({ "licenses": views, "quote": quote, "recipient": { "email": p.recipient, "joins_organisation": joins } }),
    )?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .write_licenses(LicenseWrite {
            licenses: &licenses,
            previous: None,
            draw: Some(Draw {
                bank: &bank,
                cost: quote.credits,
                today,
            }),
            recipient: if joins {
                Recipient::Joins(&new_member, quote.licenses)
            } else {
                Recipient::Member(&p.recipient, &me.org, i64::from(quote.licenses))
            },
            audit: &audit,
            mails: &mails,
            idempotency: record.as_ref(),
        })
        .await?;
    Ok(answer)
}
