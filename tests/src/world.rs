//! The shared set-up of the scenarios: clients for each kind of caller, an organisation
//! provisioned with its first admin and a bank, people, the clock.

use serde_json::Value;

use crate::api::{Me, UserStatus};
use crate::client::{Answer, Caller, Client};
use crate::requests::BankSpec;
use crate::{date, unique, TestApp};

/// The default catalogue (Harmony Premium 22, 24 and 25.1; Storyboard Pro ...).
pub const CATALOG: &str = include_str!("../../infra/local/catalog.json");

/// Someone in no organisation yet, with an address of their own.
pub fn person() -> String {
    format!("{}@studio.example", unique("artist-"))
}

/// What [`TestApp::provision`] made: an organisation, its first admin (invited, not yet signed
/// in) and one bank.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub org: String,
    pub admin: String,
    pub bank: String,
}

impl TestApp {
    pub fn client(&self, caller: Caller) -> Client<'_> {
        Client::new(&self.app, caller)
    }

    /// The first admin of the provisioned organisation.
    pub fn as_admin(&self, p: &Provisioned) -> Client<'_> {
        self.as_user(&p.admin)
    }

    /// Anyone signed in with this email (a member, an admin, a stranger).
    pub fn as_user(&self, email: &str) -> Client<'_> {
        self.client(Caller::User(email.to_string()))
    }

    /// The vendor's staff (the operator group).
    pub fn as_operator(&self) -> Client<'_> {
        self.client(Caller::Operator)
    }

    /// The dev gateway over this table and clock: what a script with an API key calls (the
    /// scripts API, through the credentials' authorizer).
    pub async fn scripts_gateway(&self) -> std::sync::Arc<elp_gateway::server::Gateway> {
        let app = self.remail(crate::ses_endpoint()).await;
        let authorizer =
            elp_gateway::auth::Authorizer::new(crate::client::TEST_ISSUER, &["elp-tests"]);
        std::sync::Arc::new(elp_gateway::server::Gateway::new(
            app,
            authorizer,
            "portal".into(),
            String::new(),
        ))
    }

    /// No identity at all.
    pub fn anonymous(&self) -> Client<'_> {
        self.client(Caller::Anonymous)
    }

    /// The operator's set-up: the default catalogue, the organisation "Studio Nord" with a new
    /// admin, and a bank as `bank` describes.
    pub async fn provision(&self, bank: BankSpec) -> Provisioned {
        let op = self.as_operator();
        let catalog: Value = serde_json::from_str(CATALOG).expect("the catalogue's JSON");
        op.put_catalog(&catalog).await.expect(200);
        let admin = format!("{}@studio.example", unique("admin-"));
        let org = op
            .create_org("Studio Nord", &admin)
            .await
            .expect(201)
            .org
            .id;
        let bank = op.create_bank(&org, &bank).await.expect(201).id;
        Provisioned { org, admin, bank }
    }

    /// `email` signs in (an invited person becomes active); what the workspace says of them.
    pub async fn sign_in(&self, email: &str) -> Me {
        let me = self.as_user(email).me().await.expect(200);
        assert_eq!(me.status, UserStatus::Active, "{me:?}");
        me
    }

    /// The clock at 09:`minute` UTC on `day`.
    pub fn at(&self, day: &str, minute: u32) {
        self.clock
            .set(date(day).and_hms_opt(9, minute, 0).unwrap().and_utc());
    }

    /// The clock at 00:00 UTC on `day`: the first instant of that day.
    pub fn at_start_of(&self, day: &str) {
        self.clock
            .set(date(day).and_hms_opt(0, 0, 0).unwrap().and_utc());
    }

    /// An API Gateway event (a sample under `events/`, say) handed to the function its route
    /// names; `None` if no function serves that route.
    pub async fn serve_event(&self, event: &Value) -> Option<Answer> {
        let method = event["requestContext"]["http"]["method"].as_str()?;
        let path = event["rawPath"].as_str()?;
        let function = crate::route(method, path)?;
        let request = crate::request(event);
        let response = elp_gateway::routes::invoke(function, &self.app, request).await;
        Some(Answer::of_response(response))
    }
}
