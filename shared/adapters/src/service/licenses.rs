//! Licences, for admins: lists, one licence, and generating with a quote first. Generating is
//! one batch read (caller, bank, recipient, idempotency record), one decision and one
//! transaction.

use elp_core::decide::{self, Generation, Newcomer};
use elp_core::quote::{quote_generation, GenerationRequest, MAX_LICENSES_PER_REQUEST};
use elp_core::{
    parse_date, ActivationCode, Bank, BankId, Credits, Email, LicenseSearch, LicenseType,
    Lifecycle, Membership, Months, ProductId, Quantity, Quote,
};
use serde::Deserialize;
use serde_json::json;

use super::access::{admin, admin_by_read, invitation_terms, own, read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, RequestKey};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use super::views::LicenseView;
use crate::store::{
    new_activation_codes, Draw, LicenseFilter, LicenseOrder, LicenseWrite, OutboxMail, Recipient,
    Wanted,
};

/// The licence list's filters: by bank, status (on today), assignee, product and what `q`
/// finds, and its order.
#[derive(Debug, Default)]
pub struct ListFilters {
    pub bank: Option<BankId>,
    pub status: Option<Lifecycle>,
    pub assignee: Option<Email>,
    pub product: Option<ProductId>,
    pub search: Option<LicenseSearch>,
    pub order: LicenseOrder,
}

fn given(raw: Option<String>) -> Option<String> {
    raw.filter(|s| !s.is_empty())
}

impl ListFilters {
    /// From the query string's `bank`, `status` and `assignee` (empty means no filter).
    pub fn parse(
        bank: Option<String>,
        status: Option<String>,
        assignee: Option<String>,
    ) -> Result<ListFilters, Error> {
        let status = given(status)
            .map(|s| Lifecycle::parse("status", &s))
            .transpose()?;
        Ok(ListFilters {
            status,
            bank: given(bank).map(|b| BankId::parse(&b)).transpose()?,
            assignee: given(assignee)
                .map(|a| Email::parse("assignee", &a))
                .transpose()?,
            ..ListFilters::default()
        })
    }

    /// And the admin list's `q` (1 to 254 characters: present and empty is a 422), `product`
    /// and `sort` (`created`, `expiry` or `-expiry`; empty means the default).
    pub fn searching(
        mut self,
        q: Option<String>,
        product: Option<String>,
        sort: Option<String>,
    ) -> Result<ListFilters, Error> {
        self.search = q.map(|q| LicenseSearch::parse(&q)).transpose()?;
        self.product = given(product).map(|p| ProductId::parse(&p)).transpose()?;
        self.order = match given(sort).as_deref() {
            None | Some("created") => LicenseOrder::Created,
            Some("expiry") => LicenseOrder::ExpirySoonest,
            Some("-expiry") => LicenseOrder::ExpiryLatest,
            Some(_) => {
                return Err(elp_core::Invalid::new(
                    "sort",
                    elp_core::Message::new("invalid-license-sort"),
                )
                .into())
            }
        };
        Ok(self)
    }

    /// The store's filter for `org` on `today`.
    pub fn of(self, org: elp_core::OrgId, today: elp_core::Date) -> LicenseFilter {
        LicenseFilter {
            bank: self.bank,
            assignee: self.assignee,
            status: self.status.map(|s| (s, today)),
            product: self.product,
            search: self.search,
            order: self.order,
            ..LicenseFilter::of_org(org)
        }
    }
}

pub async fn list(
    app: &App,
    caller: &Caller,
    filters: ListFilters,
    page: PageRequest,
) -> Result<Reply, Error> {
    let today = app.today();
    let me = admin_by_read(app, caller).await?;
    let filter = filters.of(me.org, today);
    let found = app
        .store
        .list_licenses(&filter, page.cursor(), page.limit)
        .await?;
    let banks = super::views::renewal_banks(&app.store, &filter.org, &found.items, today).await?;
    let licenses: Vec<_> = found
        .items
        .iter()
        .map(|l| LicenseView::among(l, &banks, today, caller.lang))
        .collect();
    reply_page("licenses", &licenses, found.next.as_deref())
}

/// A path's activation code: a malformed one cannot name anything, so it is a 404.
pub fn path_code(raw: &str) -> Result<ActivationCode, Error> {
    ActivationCode::parse("code", raw).map_err(|_| Error::NotFound("licence"))
}

pub async fn get(app: &App, caller: &Caller, code: &str) -> Result<Reply, Error> {
    let code = path_code(code)?;
    let (pre, admission) = read(
        app,
        caller,
        Wanted {
            license: Some(&code),
            ..Wanted::default()
        },
    )
    .await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let license = own(pre.license, |l| &l.org, &me, "licence")?;
    let today = app.today();
    let banks =
        super::views::renewal_banks(&app.store, &me.org, std::slice::from_ref(&license), today)
            .await?;
    reply(
        Status::Ok,
        LicenseView::among(&license, &banks, today, caller.lang),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateInput {
    /// The bank that pays; without it, `product` names what to generate and the quote proposes
    /// the bank (the earliest to expire that pays for the whole term).
    pub bank: Option<String>,
    pub product: Option<String>,
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
    bank: Option<BankId>,
    product: Option<ProductId>,
    request: GenerationRequest,
    recipient: Email,
}

fn parse(input: &GenerateInput, today: elp_core::Date) -> Result<Parsed, Error> {
    let bank = input.bank.as_deref().map(BankId::parse).transpose()?;
    let product = input.product.as_deref().map(ProductId::parse).transpose()?;
    if bank.is_none() && product.is_none() {
        return Err(elp_core::Invalid::new(
            "bank",
            elp_core::Message::new("invalid-bank-or-product"),
        )
        .into());
    }
    Ok(Parsed {
        bank,
        product,
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

/// On confirm: the credits the quote showed, which the request must state.
pub(crate) fn quoted_credits(credits: Option<i64>) -> Result<Credits, Error> {
    let credits = credits.ok_or_else(|| {
        elp_core::Invalid::new(
            "credits",
            elp_core::Message::new("invalid-credits-required"),
        )
    })?;
    Ok(Credits::parse("credits", credits)?)
}

/// On a quote, credits are not needed, but a value out of range is still refused.
pub(crate) fn check_optional_credits(credits: Option<i64>) -> Result<(), Error> {
    credits.map(|c| Credits::parse("credits", c)).transpose()?;
    Ok(())
}

/// A generation's quote as the review-and-confirm step shows it.
fn quote_body(quote: &Quote, bank: &BankId, recipient: &Email, joins: bool) -> serde_json::Value {
    json!({ "quote": quote, "bank": bank, "recipient": { "email": recipient, "joins_organisation": joins } })
}

/// Whether `recipient` would join the admin's organisation (409 if they belong to another).
fn joins(
    me: &Membership,
    recipient: &Email,
    theirs: Option<&Membership>,
    today: elp_core::Date,
) -> Result<bool, Error> {
    let joining = elp_core::users::check_join(recipient, theirs, &me.org, today)?;
    Ok(joining == elp_core::users::Joining::New)
}

/// The bank that pays for a generation: the one named (read with the caller, consistently; of
/// `product` when both are given), else the one the quote proposes among the organisation's
/// banks of `product`, read again consistently.
async fn paying_bank(
    app: &App,
    me: &Membership,
    p: &Parsed,
    named: Option<Bank>,
    today: elp_core::Date,
) -> Result<Bank, Error> {
    if p.bank.is_some() {
        let bank = own(named, |b| &b.org, me, "bank")?;
        if let Some(product) = p.product.as_ref().filter(|wanted| **wanted != bank.product) {
            return Err(elp_core::Refusal::ProductMismatch {
                bank_product: bank.product.to_string(),
                requested: product.to_string(),
            }
            .into());
        }
        return Ok(bank);
    }
    let product = p
        .product
        .as_ref()
        .expect("parse asks for a bank or a product");
    let banks: Vec<Bank> = app
        .store
        .all_banks(&me.org)
        .await?
        .into_iter()
        .filter(|b| &b.product == product)
        .collect();
    let (chosen, _) =
        elp_core::quote::choose_bank(&banks, None, |b| quote_generation(b, &p.request, today))?;
    app.store
        .get_bank(&chosen.id, true)
        .await?
        .ok_or(Error::NotFound("bank"))
}

/// What generating would cost and produce; changes nothing.
pub async fn quote(app: &App, caller: &Caller, input: GenerateInput) -> Result<Reply, Error> {
    let today = app.today();
    let p = parse(&input, today)?;
    check_optional_credits(input.credits)?;
    let wanted = Wanted {
        bank: p.bank.as_ref(),
        other: Some(&p.recipient),
        ..Wanted::default()
    };
    let (pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let bank = paying_bank(app, &me, &p, pre.bank, today).await?;
    let joins_organisation = joins(&me, &p.recipient, pre.other.as_ref(), today)?;
    let quote =
        quote_generation(&bank, &p.request, today)?.said(p.request.license_type, caller.lang);
    reply(
        Status::Ok,
        quote_body(&quote, &bank.id, &p.recipient, joins_organisation),
    )
}

/// Generates the licences the quote described, charging exactly the quoted credits.
pub async fn generate(
    app: &App,
    caller: &Caller,
    input: GenerateInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let p = parse(&input, app.today())?;
    let quoted = quoted_credits(input.credits)?;
    let wanted = Wanted {
        bank: p.bank.as_ref(),
        other: Some(&p.recipient),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let (me, pre) = (read.me, read.pre);
        let now = app.clock.now();
        let bank = paying_bank(app, &me, &p, pre.bank, now.date_naive()).await?;
        let codes = new_activation_codes(MAX_LICENSES_PER_REQUEST as usize)?;
        let terms = invitation_terms(app)?;
        let recipient = Newcomer {
            email: &p.recipient,
            membership: pre.other.as_ref(),
            terms: &terms,
        };
        let Generation {
            licenses,
            quote,
            joining,
            audit,
            letters,
        } = decide::generation(&me, &bank, &p.request, recipient, quoted, codes, now)?;
        let today = now.date_naive();
        let views: Vec<_> = licenses.iter().map(|l| LicenseView::of(l, today, caller.lang)).collect();
        let answer = reply(
            Status::Created,
            json!({ "licenses": views, "quote": quote.clone().said(p.request.license_type, caller.lang), "recipient": { "email": p.recipient, "joins_organisation": joining.is_some() } }),
        )?;
        app.store
            .write_licenses(LicenseWrite {
                licenses: &licenses,
                previous: None,
                draw: Some(Draw {
                    bank: &bank,
                    cost: quote.credits,
                    today,
                }),
                recipient: match &joining {
                    Some(member) => Recipient::Joins(member, quote.licenses),
                    None => Recipient::Member(&p.recipient, &me.org, i64::from(quote.licenses)),
                },
                audit: &audit,
                mails: &OutboxMail::all(letters, &me.org, now)?,
                idempotency: once.record(&answer).as_ref(),
                releases_machines: None,
            })
            .await
            .map_err(|e| match e {
                crate::store::StoreError::Refused(r) => {
                    crate::store::StoreError::Refused(quote.refit(elp_core::quote::Shape::generation(p.request.license_type), r))
                }
                other => other,
            })?;
        Ok(answer)
    })
    .await
}
