//! The daily job that expires banks whose expiry date has passed (unused credits are forfeited). Runs on an EventBridge schedule; the event carries nothing it needs.

use elp_adapters::service::expiry::{expire_banks, Report};
use elp_adapters::App;
use serde_json::{json, Value};

pub async fn handle(app: &App) -> Result<Value, elp_adapters::store::StoreError> {
    let Report {
        examined,
        acted,
        skipped,
        forfeited,
    } = expire_banks(app).await?;
    Ok(json!({ "examined": examined, "acted": acted, "skipped": skipped, "forfeited": forfeited }))
}
