//! Renewing a licence, quote first: the new term starts at the current expiry, follows the
//! previous settings unless told otherwise (multiseat may change its computers), and is capped
//! at the bank's expiry like any term. One batch read, the bank's read, one transaction.

use elp_core::quote::{quote_renewal, RenewalRequest};
use elp_core::{AuditAction, AuditEvent, Email, License, Membership, Months, Quantity, Quote};
use lambda_http::http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use super::access::{admin, own};
use super::licenses::{check_optional_credits, path_code, quoted_credits};
use super::views::LicenseView;
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, Reply};
use crate::mail::{LicenseEvent, LicenseLetter};
use crate::store::{Draw, LicenseWrite, OutboxMail, Recipient, Wanted};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewInput {
    /// Defaults to the previous term's months.
    pub months: Option<i64>,
    /// Multiseat only; defaults to the current number of computers.
    pub computers: Option<i64>,
    /// On confirm: the credits the quote showed.
    pub credits: Option<i64>,
}

fn request(input: &RenewInput) -> Result<RenewalRequest, Error> {
    Ok(RenewalRequest {
        months: input
            .months
            .map(|m| Months::parse("months", m))
            .transpose()?,
        computers: input
            .computers
            .map(|c| Quantity::parse("computers", c))
            .transpose()?,
    })
}

struct Planned {
    me: Membership,
    license: License,
    bank: elp_core::Bank,
    quote: Quote,
}

async fn plan(
    app: &App,
    caller: &Email,
    code: &str,
    input: &RenewInput,
    idempotency: Option<&Idempotency>,
) -> Result<Result<Planned, Reply>, Error> {
    let code = path_code(code)?;
    let renewal = request(input)?;
    let wanted = Wanted {
        replay: idempotency.map(Idempotency::key),
        license: Some(&code),
        ..Wanted::default()
    };
    let pre = app.store.prefetch(caller, wanted).await?;
    if let (Some(stored), Some(i)) = (pre.replay, idempotency) {
        return Ok(Err(i.replay(stored)?));
    }
    let me = admin(pre.caller)?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    // The bank's remaining credits change with every draw: read them fresh.
    let bank = app
        .store
        .get_bank(&license.bank.id, true)
        .await?
        .ok_or_else(|| Error::Internal(format!("licence {} names a missing bank", license.code)))?;
    let quote = quote_renewal(&license, &bank, &renewal, app.today())?;
    Ok(Ok(Planned {
        me,
        license,
        bank,
        quote,
    }))
}

pub async fn quote(
    app: &App,
    caller: &Email,
    code: &str,
    input: RenewInput,
) -> Result<Reply, Error> {
    check_optional_credits(input.credits)?;
    match plan(app, caller, code, &input, None).await? {
        Ok(p) => reply(
            StatusCode::OK,
            json!({ "quote": p.quote, "license": p.license.code }),
        ),
        Err(replayed) => Ok(replayed),
    }
}

pub async fn renew(
    app: &App,
    caller: &Email,
    code: &str,
    input: RenewInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let outcome = renew_once(app, caller, code, input, idempotency.as_ref()).await;
    Idempotency::settle(app, idempotency.as_ref(), outcome).await
}

async fn renew_once(
    app: &App,
    caller: &Email,
    code: &str,
    input: RenewInput,
    idempotency: Option<&Idempotency>,
) -> Result<Reply, Error> {
    let quoted = quoted_credits(input.credits)?;
    let Planned {
        me,
        license,
        bank,
        quote,
    } = match plan(app, caller, code, &input, idempotency).await? {
        Ok(p) => p,
        Err(replayed) => return Ok(replayed),
    };
    quote.confirm(quoted)?;
    let now = app.clock.now();
    let today = now.date_naive();
    let mut renewed = license.clone();
    renewed.terms.push(quote.term());
    let mails = match renewed.assignee() {
        Some(to) => vec![OutboxMail::new(
            LicenseLetter {
                to: to.clone(),
                event: LicenseEvent::Renewed,
                org: me.org.clone(),
                product: renewed.product.clone(),
                license_type: renewed.license_type,
                codes: vec![renewed.code.clone()],
                start: renewed.start(),
                expiry: renewed.expiry(),
                computers: renewed.computers(),
            },
            now,
        )?],
        None => Vec::new(),
    };
    let audit = AuditEvent {
        org: me.org.clone(),
        at: now,
        actor: caller.to_string(),
        action: AuditAction::LicenseRenewed,
        subject: renewed.code.to_string(),
        bank: Some(bank.id.clone()),
        credits: -i64::from(quote.credits.get()),
        detail: quote.summary.clone(),
    };
    let answer = reply(
        StatusCode::OK,
        json!({ "license": LicenseView::of(&renewed, today), "quote": quote }),
    )?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .write_licenses(LicenseWrite {
            licenses: std::slice::from_ref(&renewed),
            previous: Some(&license),
            draw: Some(Draw {
                bank: &bank,
                cost: quote.credits,
                today,
            }),
            recipient: Recipient::Unchanged,
            audit: &audit,
            mails: &mails,
            idempotency: record.as_ref(),
        })
        .await?;
    Ok(answer)
}
