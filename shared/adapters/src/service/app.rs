//! What a Lambda builds once at cold start and every use case borrows: configuration, the store,
//! the mailer, the exports bucket and the clock.

use std::sync::Arc;

use elp_core::Date;

use crate::bucket::ExportsBucket;
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigError, LicenceKey, LicenceKeyError};
use crate::mail::Mailer;
use crate::sdk::clients;
use crate::store::Store;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    /// Where exports too large to attach are uploaded (`Config::export_files`); none, and
    /// every export is attached.
    pub exports_bucket: Option<ExportsBucket>,
    pub clock: Arc<dyn Clock>,
    /// The organisation each recent caller belongs to, as last read: lets a warm function count
    /// a request against its organisation's rate limit while it reads the caller's membership,
    /// instead of after (a guess checked against what is read).
    pub(crate) caller_orgs: CallerOrgs,
    /// The organisation of each activation code seen lately (a licence never changes
    /// organisation): lets a warm function read it in a validation's one batch.
    pub(crate) code_orgs: CallerOrgs,
    /// The activation policy of each organisation as last read (an activation, a validation,
    /// a release read the organisation's item): a heartbeat's one write extends a lease by it.
    pub(crate) org_policies: OrgPolicies,
    /// The key that signs licence files: the activation function's only (read at its cold
    /// start, [`App::with_licence_key`]); without it activation answers `license_file: null`.
    pub licence_key: Option<Arc<LicenceKey>>,
    /// The HTTPS client of webhook deliveries, built when first needed (only the delivery
    /// function sends any).
    pub(crate) webhook_sender: std::sync::OnceLock<Result<crate::hooks::Sender, String>>,
}

/// A bounded memory of organisations' activation policies, forgotten whole when full.
#[derive(Default)]
pub(crate) struct OrgPolicies(
    std::sync::Mutex<
        std::collections::HashMap<elp_core::OrgId, elp_core::activation::ActivationPolicy>,
    >,
);

impl OrgPolicies {
    const CAPACITY: usize = 10_000;

    pub(crate) fn get(
        &self,
        org: &elp_core::OrgId,
    ) -> Option<elp_core::activation::ActivationPolicy> {
        self.0.lock().ok()?.get(org).copied()
    }

    pub(crate) fn remember(&self, org: &elp_core::Organisation) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            map.insert(org.id.clone(), org.activation_policy());
        }
    }
}

/// A bounded memory of callers' organisations (by pseudonym), forgotten whole when full.
#[derive(Default)]
pub(crate) struct CallerOrgs(std::sync::Mutex<std::collections::HashMap<String, elp_core::OrgId>>);

impl CallerOrgs {
    const CAPACITY: usize = 10_000;

    pub(crate) fn get(&self, who: &str) -> Option<elp_core::OrgId> {
        self.0.lock().ok()?.get(who).cloned()
    }

    pub(crate) fn remember(&self, who: String, org: &elp_core::OrgId) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            if map.get(&who) != Some(org) {
                map.insert(who, org.clone());
            }
        }
    }
}

impl App {
    /// From the environment, with the real clock: what `main` of every function calls.
    pub async fn from_env() -> Result<App, ConfigError> {
        Ok(App::connect(Config::from_env()?, Arc::new(SystemClock)).await)
    }

    /// With the AWS clients `config` names (see [`clients`]).
    pub async fn connect(config: Config, clock: Arc<dyn Clock>) -> App {
        let (dynamodb, ses) = clients(&config);
        App {
            store: Store::new(dynamodb, config.table.clone()),
            mailer: Mailer::deferred(ses, &config),
            exports_bucket: ExportsBucket::from_config(&config),
            config,
            clock,
            caller_orgs: CallerOrgs::default(),
            code_orgs: CallerOrgs::default(),
            org_policies: OrgPolicies::default(),
            licence_key: None,
            webhook_sender: std::sync::OnceLock::new(),
        }
    }

    pub fn new(
        config: Config,
        dynamodb: aws_sdk_dynamodb::Client,
        ses: aws_sdk_sesv2::Client,
        clock: Arc<dyn Clock>,
    ) -> App {
        App {
            store: Store::new(dynamodb, config.table.clone()),
            mailer: Mailer::new(ses, &config),
            exports_bucket: ExportsBucket::from_config(&config),
            config,
            clock,
            caller_orgs: CallerOrgs::default(),
            code_orgs: CallerOrgs::default(),
            org_policies: OrgPolicies::default(),
            licence_key: None,
            webhook_sender: std::sync::OnceLock::new(),
        }
    }

    /// The activation function's cold start: the licence signing key from Secrets Manager
    /// when `ELP_LICENCE_SIGNING_SECRET_ARN` names its secret (AWS), else from
    /// `ELP_LICENCE_SIGNING_KID` and `ELP_LICENCE_SIGNING_SEED` (locally); an error when
    /// neither is set, so a function that must sign never starts without its key.
    pub async fn with_licence_key(mut self) -> Result<App, LicenceKeyError> {
        let arn = std::env::var("ELP_LICENCE_SIGNING_SECRET_ARN")
            .ok()
            .filter(|v| !v.trim().is_empty());
        let key = match arn {
            Some(arn) => crate::sdk::licence_key_from_secret(&self.config, None, arn.trim()).await?,
            None => LicenceKey::from_env()?.ok_or_else(|| {
                LicenceKeyError(
                    "set ELP_LICENCE_SIGNING_SECRET_ARN (AWS) or ELP_LICENCE_SIGNING_KID and ELP_LICENCE_SIGNING_SEED (locally)"
                        .into(),
                )
            })?,
        };
        self.licence_key = Some(Arc::new(key));
        Ok(self)
    }

    /// The webhook deliveries' HTTPS client (built on first use).
    pub fn webhook_sender(&self) -> Result<&crate::hooks::Sender, String> {
        self.webhook_sender
            .get_or_init(|| crate::hooks::Sender::new(self.config.webhooks_reach))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }
}
