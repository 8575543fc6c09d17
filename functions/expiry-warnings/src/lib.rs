//! The daily job that warns admins 30, 7 and 1 days before a bank with unused credits
//! expires. Runs on an EventBridge schedule; the event carries nothing it needs.

use elp_adapters::service::expiry::{warn_expiring, Report};
use elp_adapters::store::StoreError;
use elp_adapters::App;

pub async fn handle(app: &App) -> Result<Report, StoreError> {
    warn_expiring(app).await
}
