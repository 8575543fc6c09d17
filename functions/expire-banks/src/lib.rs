//! The daily job that expires banks whose expiry date has passed (unused credits are
//! forfeited). Runs on an EventBridge schedule; the event carries nothing it needs.

use elp_adapters::service::expiry::{expire_banks, Report};
use elp_adapters::store::StoreError;
use elp_adapters::App;

pub async fn handle(app: &App) -> Result<Report, StoreError> {
    expire_banks(app).await
}
