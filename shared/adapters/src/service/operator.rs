//! The operator's use cases (vendor staff): organisations with their first admin, banks after a
//! purchase, credit grants, and the product catalogue.

use elp_core::{
    parse_date, parse_org_name, AuditAction, AuditEvent, BankId, Catalog, Credits, Email,
    Membership, NewBank, OrgId, Organisation, ProductId, Role, Version,
};
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde::Deserialize;
use serde_json::json;

use super::views::BankView;
use crate::app::App;
use crate::error::Error;
use crate::http::idempotency::Idempotency;
use crate::http::{reply, Identity, Reply};
use crate::mail::InvitationLetter;
use crate::store::{new_id, OutboxMail};

/// Who signs operator mail and audit events.
pub const PROVIDER: &str = "Your licence provider";

/// A signed-in member of the operator group.
#[derive(Debug, Clone)]
pub struct Operator {
    pub subject: String,
}

impl Operator {
    /// 401 without identity, 403 unless the identity is in the operator group.
    pub fn of(app: &App, request: &Request) -> Result<Operator, Error> {
        let identity = Identity::of(request, &app.config)?;
        if !identity.is_operator(&app.config) {
            return Err(Error::Forbidden(
                "only the vendor's operators can do this".into(),
            ));
        }
        Ok(Operator {
            subject: identity.subject,
        })
    }

    pub fn actor(&self) -> String {
        format!("operator:{}", self.subject)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrgInput {
    pub name: String,
    pub admin_email: String,
}

/// Creates an organisation and invites its first admin.
pub async fn create_org(
    app: &App,
    operator: &Operator,
    input: NewOrgInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let name = parse_org_name(&input.name)?;
    let email = Email::parse("admin_email", &input.admin_email)?;
    let now = app.clock.now();
    let today = now.date_naive();
    let org = Organisation {
        id: OrgId::parse(&new_id("o_")?)?,
        name,
        created_on: today,
    };
    let admin = Membership::invited(email.clone(), org.id.clone(), Role::Admin, today);
    let audit = AuditEvent {
        org: org.id.clone(),
        at: now,
        actor: operator.actor(),
        action: AuditAction::OrgCreated,
        subject: org.name.clone(),
        bank: None,
        credits: 0,
        detail: format!("organisation created with {email} as its first admin"),
    };
    let mail = OutboxMail::new(
        InvitationLetter {
            to: email.clone(),
            org: org.id.clone(),
            inviter: PROVIDER.to_string(),
            role: Role::Admin,
        },
        now,
    )?;
    let answer = reply(StatusCode::CREATED, json!({ "org": org, "admin": admin }))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .create_org(&org, &admin, &audit, &mail, record.as_ref())
        .await?;
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewBankInput {
    pub product: String,
    pub version: String,
    pub portable: bool,
    pub purchased: i64,
    /// Defaults to `purchased`; 0 for credits requested but not yet granted.
    pub granted: Option<i64>,
    pub start: String,
    pub expiry: String,
}

/// Creates a bank for a product version of the catalogue in an existing organisation.
pub async fn create_bank(
    app: &App,
    operator: &Operator,
    org: &str,
    input: NewBankInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let org = OrgId::parse(org).map_err(|_| Error::NotFound("organisation"))?;
    let purchased = Credits::parse("purchased", input.purchased)?;
    let new = NewBank {
        product: ProductId::parse(&input.product)?,
        version: Version::parse("version", &input.version)?,
        portable: input.portable,
        purchased,
        granted: match input.granted {
            Some(g) => Credits::parse("granted", g)?,
            None => purchased,
        },
        start: parse_date("start", &input.start)?,
        expiry: parse_date("expiry", &input.expiry)?,
    };
    let now = app.clock.now();
    let today = now.date_naive();
    new.validate(today)?;
    let catalog = app.store.get_catalog().await?;
    let product = catalog
        .product(&new.product)
        .ok_or_else(|| elp_core::Invalid::new("product", "is not in the catalogue"))?;
    if !product.releases.iter().any(|r| r.version == new.version) {
        return Err(elp_core::Invalid::new(
            "version",
            format!(
                "{} has no version {} in the catalogue",
                product.name, new.version
            ),
        )
        .into());
    }
    let bank = new.into_bank(BankId::parse(&new_id("b_")?)?, org.clone());
    let audit = AuditEvent {
        org,
        at: now,
        actor: operator.actor(),
        action: AuditAction::BankCreated,
        subject: format!("{} {}", bank.product, bank.version),
        bank: Some(bank.id.clone()),
        credits: i64::from(bank.granted.get()),
        detail: format!(
            "bank of {} credits ({} granted) from {} to {}",
            bank.purchased, bank.granted, bank.start, bank.expiry
        ),
    };
    let answer = reply(StatusCode::CREATED, BankView::of(&bank, today))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .create_bank(&bank, &audit, record.as_ref())
        .await?;
    Ok(answer)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub credits: i64,
}

/// Grants credits to a bank that has not expired.
pub async fn grant(
    app: &App,
    operator: &Operator,
    bank: &str,
    input: GrantInput,
    idempotency: Option<Idempotency>,
) -> Result<Reply, Error> {
    let id = BankId::parse(bank).map_err(|_| Error::NotFound("bank"))?;
    let credits = Credits::parse("credits", input.credits)?;
    if credits == Credits::ZERO {
        return Err(elp_core::Invalid::new("credits", "must be at least 1").into());
    }
    let now = app.clock.now();
    let today = now.date_naive();
    let mut bank = app
        .store
        .get_bank(&id, true)
        .await?
        .ok_or(Error::NotFound("bank"))?;
    bank.check_usable(today)?;
    let audit = AuditEvent {
        org: bank.org.clone(),
        at: now,
        actor: operator.actor(),
        action: AuditAction::CreditsGranted,
        subject: format!("{} {}", bank.product, bank.version),
        bank: Some(bank.id.clone()),
        credits: i64::from(credits.get()),
        detail: format!("{credits} credits granted"),
    };
    // The answer is the bank as this grant leaves it; concurrent grants each see their own.
    bank.granted = bank
        .granted
        .checked_add(credits)
        .ok_or_else(|| elp_core::Invalid::new("credits", "is too large"))?;
    let answer = reply(StatusCode::OK, BankView::of(&bank, today))?;
    let record = idempotency.map(|i| i.record(&answer));
    app.store
        .grant(&bank, credits, today, &audit, record.as_ref())
        .await?;
    Ok(answer)
}

/// Replaces the whole catalogue.
pub async fn replace_catalog(app: &App, catalog: Catalog) -> Result<Reply, Error> {
    catalog.validate()?;
    app.store.put_catalog(&catalog, app.clock.now()).await?;
    reply(StatusCode::OK, &catalog)
}
