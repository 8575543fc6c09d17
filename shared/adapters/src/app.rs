//! What a Lambda builds once at cold start and every request borrows: configuration, the store,
//! the mailer and the clock.

use std::sync::Arc;

use elp_core::Date;

use crate::clock::{Clock, SystemClock};
use crate::config::{sdk_config, Config, ConfigError};
use crate::mail::outbox::{deliver, Delivery};
use crate::mail::Mailer;
use crate::store::{OutboxMail, Store};

pub struct App {
    pub config: Config,
    pub store: Store,
    pub mailer: Mailer,
    pub clock: Arc<dyn Clock>,
}

impl App {
    /// From the environment, with the real clock: what `main` of every function calls.
    pub async fn from_env() -> Result<App, ConfigError> {
        let config = Config::from_env()?;
        let dynamodb = sdk_config(config.dynamodb_endpoint.as_deref()).await;
        let ses = if config.ses_endpoint == config.dynamodb_endpoint {
            dynamodb.clone()
        } else {
            sdk_config(config.ses_endpoint.as_deref()).await
        };
        Ok(App::new(
            config,
            aws_sdk_dynamodb::Client::new(&dynamodb),
            aws_sdk_sesv2::Client::new(&ses),
            Arc::new(SystemClock),
        ))
    }

    pub fn new(
        config: Config,
        dynamodb: aws_sdk_dynamodb::Client,
        ses: aws_sdk_sesv2::Client,
        clock: Arc<dyn Clock>,
    ) -> App {
        App {
            store: Store::new(dynamodb, config.table.clone()),
            mailer: Mailer::new(ses, config.mail_from.clone()),
            config,
            clock,
        }
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// Sends mail just committed to the outbox; failures stay there for the scheduled sender.
    pub async fn deliver(&self, mails: &[OutboxMail]) -> Delivery {
        deliver(&self.store, &self.mailer, self.clock.as_ref(), mails).await
    }
}
