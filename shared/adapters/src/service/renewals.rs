//! Renewing a licence, quote first: the new term starts at the current expiry, follows the
//! previous settings unless told otherwise (multiseat may change its computers), and is capped
//! at the expiry of the bank it draws on like any term. That bank is the one named (`bank`: the
//! licence's own, or another of its product and version, such as the new year's, so the code
//! survives a bank's end), else the one the quote proposes: the earliest to expire that pays for
//! the whole term (`elp_core::quote::choose_bank`). With a bank named: one batch read (caller,
//! licence and bank), one decision, one transaction; without, the organisation's banks are read
//! too, and the chosen one read again consistently.

use elp_core::decide::{self, Renewal};
use elp_core::quote::{choose_bank, quote_renewal, Quote, RenewalRequest};
use elp_core::{Bank, BankId, Date, License, Membership, Months, Quantity};
use serde::Deserialize;
use serde_json::json;

use super::access::{admin, own, read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, RequestKey};
use super::licenses::{check_optional_credits, path_code, quoted_credits};
use super::reply::{reply, Reply, Status};
use super::views::LicenseView;
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
    /// The bank that pays: the licence's own or another of its product and version. Defaults
    /// to the one the quote proposes (on confirm, name the quote's `bank`).
    pub bank: Option<String>,
}

fn paying(input: &RenewInput) -> Result<Option<BankId>, Error> {
    Ok(input.bank.as_deref().map(BankId::parse).transpose()?)
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

/// The bank that pays and its quote: the one named (read with the licence, consistently),
/// else the one the quote proposes among the organisation's banks of the licence's product and
/// version, read again consistently (its remaining credits change with every draw).
async fn paying_bank(
    app: &App,
    me: &Membership,
    license: &License,
    named: Option<Bank>,
    renewal: &RenewalRequest,
    today: Date,
) -> Result<(Bank, Quote), Error> {
    if let Some(bank) = named {
        let bank = own(Some(bank), |b| &b.org, me, "bank")?;
        let quote = quote_renewal(license, &bank, renewal, today)?;
        return Ok((bank, quote));
    }
    let banks: Vec<Bank> = app
        .store
        .all_banks(&me.org)
        .await?
        .into_iter()
        .filter(|b| b.id == license.bank.id || license.check_other_bank(b).is_ok())
        .collect();
    let home = banks.iter().find(|b| b.id == license.bank.id);
    let (chosen, _) = choose_bank(&banks, home, |b| quote_renewal(license, b, renewal, today))?;
    let bank = app
        .store
        .get_bank(&chosen.id, true)
        .await?
        .ok_or(Error::NotFound("bank"))?;
    let quote = quote_renewal(license, &bank, renewal, today)?;
    Ok((bank, quote))
}

pub async fn quote(
    app: &App,
    caller: &Caller,
    code: &str,
    input: RenewInput,
) -> Result<Reply, Error> {
    check_optional_credits(input.credits)?;
    let code = path_code(code)?;
    let renewal = request(&input)?;
    let named = paying(&input)?;
    let wanted = Wanted {
        license: Some(&code),
        bank: named.as_ref(),
        ..Wanted::default()
    };
    let (pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    let (bank, quote) = paying_bank(app, &me, &license, pre.bank, &renewal, app.today()).await?;
    let quote = quote.said(license.license_type, caller.lang);
    reply(
        Status::Ok,
        json!({ "quote": quote, "license": license.code, "bank": bank.id }),
    )
}

pub async fn renew(
    app: &App,
    caller: &Caller,
    code: &str,
    input: RenewInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let quoted = quoted_credits(input.credits)?;
    let code = path_code(code)?;
    let renewal = request(&input)?;
    let named = paying(&input)?;
    let wanted = Wanted {
        license: Some(&code),
        bank: named.as_ref(),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let license = own(read.pre.license, |l| &l.org, &read.me, "licence")?;
        let now = app.clock.now();
        let (bank, _) =
            paying_bank(app, &read.me, &license, read.pre.bank, &renewal, now.date_naive())
                .await?;
        let Renewal {
            license: renewed,
            quote,
            audit,
            letters,
        } = decide::renewal(&read.me, &license, &bank, &renewal, quoted, now)?;
        let today = now.date_naive();
        let answer = reply(
            Status::Ok,
            json!({ "license": LicenseView::of(&renewed, today, caller.lang), "quote": quote.clone().said(renewed.license_type, caller.lang), "bank": bank.id }),
        )?;
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
                mails: &OutboxMail::all(letters, &read.me.org, now)?,
                idempotency: once.record(&answer).as_ref(),
                releases_machines: None,
            })
            .await
            .map_err(|e| match e {
                crate::store::StoreError::Refused(r) => crate::store::StoreError::Refused(
                    quote.refit(elp_core::quote::Shape::renewal(renewed.license_type), r),
                ),
                other => other,
            })?;
        Ok(answer)
    })
    .await
}
