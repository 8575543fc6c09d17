//! The daily job that warns admins 30, 7 and 1 days before a bank with unused credits expires. Runs on an EventBridge schedule; the event carries nothing it needs.

use elp_adapters::service::expiry::{warn_expiring, Report};
use elp_adapters::App;
use serde_json::{json, Value};

pub async fn handle(app: &App) -> Result<Value, elp_adapters::store::StoreError> {
    let Report {
        examined,
        acted,
        skipped,
        forfeited,
    } = warn_expiring(app).await?;
    Ok(json!({ "examined": examined, "acted": acted, "skipped": skipped, "forfeited": forfeited }))
}
