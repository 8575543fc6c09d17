//! Credit requests. An organisation's admins ask the licence provider for credits, list their
//! requests and withdraw the ones not answered yet; the provider's operators list the requests
//! of every organisation and grant them (topping up a bank or creating one) or decline them.
//! Each change is one decision of the core and one transaction; both sides are mailed.

use elp_core::credit::{parse_asked, parse_granted, parse_note, GrantTarget, NewBankTerms};
use elp_core::{
    decide, parse_date, parse_reason, BankId, CreditAsk, CreditRequest, CreditRequestId, Credits,
    Date, Email, Invalid, OrgId, ProductId, RequestStatus, Version,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::{admin, admin_by_read, own, read, Caller, Operator};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, as_operator, RequestKey};
use super::operator::{on_catalog_revision, CATALOG_ATTEMPTS};
use super::reply::{reply, reply_page, PageRequest, Reply, Status};
use super::views::BankView;
use crate::store::{new_id, CreditRequestList, OutboxMail, Wanted};

/// A credit request as the API shows it: every field, `null` where nothing was decided yet.
#[derive(Debug, Serialize)]
pub struct CreditRequestView {
    pub id: CreditRequestId,
    pub org: OrgId,
    pub product: ProductId,
    pub credits: Credits,
    pub start: Option<Date>,
    pub note: String,
    pub bank: Option<BankId>,
    pub requested_by: Email,
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub status: RequestStatus,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub decided_by: Option<String>,
    pub granted: Option<Credits>,
    pub granted_bank: Option<BankId>,
    pub reason: Option<String>,
}

impl From<&CreditRequest> for CreditRequestView {
    fn from(r: &CreditRequest) -> Self {
        CreditRequestView {
            id: r.id.clone(),
            org: r.org.clone(),
            product: r.product.clone(),
            credits: r.credits,
            start: r.start,
            note: r.note.clone(),
            bank: r.bank.clone(),
            requested_by: r.requested_by.clone(),
            requested_at: r.requested_at,
            status: r.status,
            decided_at: r.decided_at,
            decided_by: r.decided_by.clone(),
            granted: r.granted,
            granted_bank: r.granted_bank.clone(),
            reason: r.reason.clone(),
        }
    }
}

fn page_of(found: &crate::store::Page<CreditRequest>) -> Result<Reply, Error> {
    let requests: Vec<CreditRequestView> = found.items.iter().map(Into::into).collect();
    reply_page("credit_requests", &requests, found.next.as_deref())
}

/// A request's id in a path: a malformed one names nothing (404).
fn path_id(raw: &str) -> Result<CreditRequestId, Error> {
    CreditRequestId::parse(raw).map_err(|_| Error::NotFound("credit request"))
}

/// The `status` filter of a list (empty means none).
fn status_filter(raw: Option<String>) -> Result<Option<RequestStatus>, Error> {
    Ok(raw
        .filter(|s| !s.is_empty())
        .map(|s| RequestStatus::parse("status", &s))
        .transpose()?)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    pub product: String,
    pub credits: i64,
    /// When the credits should be usable from; not before today.
    pub start: Option<String>,
    pub note: Option<String>,
    /// A bank of the organisation to top up.
    pub bank: Option<String>,
}

/// `POST /v1/credit-requests`: an admin asks the licence provider for credits.
pub async fn request(
    app: &App,
    caller: &Caller,
    input: RequestInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let ask = CreditAsk {
        product: ProductId::parse(&input.product)?,
        credits: parse_asked("credits", input.credits)?,
        start: input
            .start
            .as_deref()
            .map(|s| parse_date("start", s))
            .transpose()?,
        note: parse_note(input.note.as_deref().unwrap_or(""))?,
        bank: input.bank.as_deref().map(BankId::parse).transpose()?,
    };
    let named = ask.bank.clone();
    let wanted = Wanted {
        bank: named.as_ref(),
        catalog: true,
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async move |read, once| {
        let bank = match &ask.bank {
            Some(_) => Some(own(read.pre.bank, |b| &b.org, &read.me, "bank")?),
            None => None,
        };
        let now = app.clock.now();
        let id = CreditRequestId::parse(&new_id("r_")?)?;
        let catalog = read.pre.catalog.unwrap_or_default();
        let made = decide::credit_request(
            &read.me,
            id,
            ask,
            bank.as_ref(),
            &catalog,
            &app.config.vendor_mail,
            now,
        )?;
        let answer = reply(Status::Created, CreditRequestView::from(&made.request))?;
        let mails = OutboxMail::all(made.letters, &made.request.org, now)?;
        app.store
            .request_credits(
                &made.request,
                &made.audit,
                &mails,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}

/// `GET /v1/credit-requests`: the organisation's requests, newest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    status: Option<String>,
    page: PageRequest,
) -> Result<Reply, Error> {
    let status = status_filter(status)?;
    let me = admin_by_read(app, caller).await?;
    let list = CreditRequestList {
        org: Some(me.org),
        status,
    };
    let found = app
        .store
        .list_credit_requests(&list, page.cursor(), page.limit)
        .await?;
    page_of(&found)
}

/// `GET /v1/credit-requests/{id}`: one request of the organisation.
pub async fn get(app: &App, caller: &Caller, id: &str) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let wanted = Wanted {
        credit_request: Some(&id),
        ..Wanted::default()
    };
    let (pre, admission) = read(app, caller, wanted).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let request = own(pre.credit_request, |r| &r.org, &me, "credit request")?;
    reply(Status::Ok, CreditRequestView::from(&request))
}

/// `POST /v1/credit-requests/{id}/withdraw`: an admin takes back a request not answered yet.
pub async fn withdraw(
    app: &App,
    caller: &Caller,
    id: &str,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let wanted = Wanted {
        credit_request: Some(&id),
        ..Wanted::default()
    };
    as_admin(app, caller, key, wanted, async |read, once| {
        let before = own(
            read.pre.credit_request,
            |r| &r.org,
            &read.me,
            "credit request",
        )?;
        let (after, audit) = decide::credit_withdrawal(&read.me, &before, app.clock.now())?;
        let answer = reply(Status::Ok, CreditRequestView::from(&after))?;
        app.store
            .withdraw_credit_request(&before, &after, &audit, once.record(&answer).as_ref())
            .await?;
        Ok(answer)
    })
    .await
}

/// `GET /v1/operator/credit-requests`: the requests of every organisation (or of `org`),
/// pending ones by default, oldest first.
pub async fn queue(
    app: &App,
    _operator: &Operator,
    status: Option<String>,
    org: Option<String>,
    page: PageRequest,
) -> Result<Reply, Error> {
    let status = status_filter(status)?.unwrap_or(RequestStatus::Pending);
    let org = org
        .filter(|o| !o.is_empty())
        .map(|o| OrgId::parse(&o))
        .transpose()?;
    let list = CreditRequestList {
        org,
        status: Some(status),
    };
    let found = app
        .store
        .list_credit_requests(&list, page.cursor(), page.limit)
        .await?;
    page_of(&found)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBankInput {
    pub version: String,
    pub portable: bool,
    /// Defaults to the wished start (today when there is none or it has passed).
    pub start: Option<String>,
    pub expiry: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    /// Defaults to the credits asked for.
    pub credits: Option<i64>,
    /// A bank of the request's organisation and product to top up (by default the one the
    /// request names, if any).
    pub bank: Option<String>,
    /// Or the bank to create.
    pub new_bank: Option<NewBankInput>,
}

/// Where a grant goes, as the operator said it.
enum Target {
    Bank(BankId),
    NewBank(NewBankTerms),
    Unsaid,
}

/// `POST /v1/operator/credit-requests/{id}/grant`: the licence provider grants a pending
/// request; the answer is the request and the bank as the grant leaves them.
pub async fn grant(
    app: &App,
    operator: &Operator,
    id: &str,
    input: GrantInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let credits = input
        .credits
        .map(|c| parse_granted("credits", c))
        .transpose()?;
    let target = match (input.bank, input.new_bank) {
        (Some(_), Some(_)) => {
            return Err(Invalid::new(
                "new_bank",
                elp_core::Message::new("invalid-bank-or-new-bank"),
            )
            .into())
        }
        (Some(bank), None) => Target::Bank(BankId::parse(&bank)?),
        (None, Some(new)) => Target::NewBank(NewBankTerms {
            version: Version::parse("new_bank.version", &new.version)?,
            portable: new.portable,
            start: new
                .start
                .as_deref()
                .map(|s| parse_date("new_bank.start", s))
                .transpose()?,
            expiry: parse_date("new_bank.expiry", &new.expiry)?,
        }),
        (None, None) => Target::Unsaid,
    };
    as_operator(app, operator, key, async |once| {
        let request = app
            .store
            .get_credit_request(&id)
            .await?
            .ok_or(Error::NotFound("credit request"))?;
        request.check_pending()?;
        let now = app.clock.now();
        let today = now.date_naive();
        let actor = operator.actor();
        let target = match target {
            Target::Unsaid => match &request.bank {
                Some(bank) => Target::Bank(bank.clone()),
                None => {
                    return Err(
                        Invalid::new("bank", elp_core::Message::new("invalid-no-bank")).into(),
                    )
                }
            },
            said => said,
        };
        // A new bank's product is checked against the catalogue as read: decided again on a
        // newer one, as the operator's create-bank is.
        on_catalog_revision(CATALOG_ATTEMPTS, || async {
            let (granted, revision) = match &target {
                Target::Bank(bank) => {
                    let bank = app
                        .store
                        .get_bank(bank, true)
                        .await?
                        .ok_or(Error::NotFound("bank"))?;
                    let granted = decide::credit_request_grant(
                        &actor,
                        &request,
                        credits,
                        GrantTarget::TopUp(&bank),
                        now,
                    )?;
                    (granted, None)
                }
                Target::NewBank(terms) => {
                    let read = app.store.get_catalog_state(true).await?;
                    let bank = BankId::parse(&new_id("b_")?)?;
                    let target = GrantTarget::NewBank {
                        terms,
                        id: &bank,
                        catalog: &read.catalog,
                    };
                    let granted =
                        decide::credit_request_grant(&actor, &request, credits, target, now)?;
                    (granted, Some(read.revision))
                }
                Target::Unsaid => return Err(Error::Internal("a grant without a target".into())),
            };
            let answer = reply(
                Status::Ok,
                json!({
                    "request": CreditRequestView::from(&granted.request),
                    "bank": BankView::of(&granted.bank, today),
                }),
            )?;
            let mails = OutboxMail::all(granted.letters.clone(), &request.org, now)?;
            app.store
                .grant_credit_request(
                    &request,
                    &granted,
                    revision,
                    today,
                    &mails,
                    once.record(&answer).as_ref(),
                )
                .await?;
            Ok(answer)
        })
        .await
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclineInput {
    pub reason: String,
}

/// `POST /v1/operator/credit-requests/{id}/decline`: the licence provider declines a pending
/// request, saying why.
pub async fn decline(
    app: &App,
    operator: &Operator,
    id: &str,
    input: DeclineInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let id = path_id(id)?;
    let reason = parse_reason("reason", &input.reason)?;
    as_operator(app, operator, key, async |once| {
        let before = app
            .store
            .get_credit_request(&id)
            .await?
            .ok_or(Error::NotFound("credit request"))?;
        let now = app.clock.now();
        let declined = decide::credit_request_decline(&operator.actor(), &before, reason, now)?;
        let answer = reply(Status::Ok, CreditRequestView::from(&declined.request))?;
        let mails = OutboxMail::all(declined.letters, &before.org, now)?;
        app.store
            .decline_credit_request(
                &before,
                &declined.request,
                &declined.audit,
                &mails,
                once.record(&answer).as_ref(),
            )
            .await?;
        Ok(answer)
    })
    .await
}
