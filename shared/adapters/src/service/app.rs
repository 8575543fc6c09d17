//! What a Lambda builds once at cold start and every use case borrows: configuration, the store,
//! the mailer and the clock.

use std::sync::Arc;

use elp_core::Date;

use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigError};
use crate::mail::Mailer;
use crate::sdk::clients;
use crate::store::Store;

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    pub clock: Arc<dyn Clock>,
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
            config,
            clock,
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
            config,
            clock,
        }
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }
}
