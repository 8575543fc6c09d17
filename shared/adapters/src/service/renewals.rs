//! Renewing a licence, quote first: the new term starts at the current expiry, follows the
//! previous settings unless told otherwise (multiseat may change its computers), and is capped
//! at the bank's expiry like any term. One batch read, the bank's read, one decision, one
//! transaction.

use elp_core::decide::{self, Renewal};
use elp_core::quote::{quote_renewal, RenewalRequest};
use elp_core::{Bank, License, Months, Quantity};
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

/// The licence's bank, read fresh: its remaining credits change with every draw.
async fn bank_of(app: &App, license: &License) -> Result<Bank, Error> {
    app.store
        .get_bank(&license.bank.id, true)
        .await?
        .ok_or_else(|| Error::Internal(format!("licence {} names a missing bank", license.code)))
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
    let wanted = Wanted {
        license: Some(&code),
        ..Wanted::default()
    };
    let (pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    let bank = bank_of(app, &license).await?;
    let quote = quote_renewal(&license, &bank, &renewal, app.today())?;
    reply(
        Status::Ok,
        json!({ "quote": quote, "license": license.code }),
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
    let wanted = Wanted {
        license: Some(&code),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let license = own(read.pre.license, |l| &l.org, &read.me, "licence")?;
        let bank = bank_of(app, &license).await?;
        let now = app.clock.now();
        let Renewal {
            license: renewed,
            quote,
            audit,
            letters,
        } = decide::renewal(&read.me, &license, &bank, &renewal, quoted, now)?;
        let today = now.date_naive();
        let answer = reply(
            Status::Ok,
            json!({ "license": LicenseView::of(&renewed, today, caller.lang), "quote": quote }),
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
