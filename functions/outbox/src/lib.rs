//! The outbox sender. Triggered by the table's stream (new mail is sent within seconds of its
//! commit) and by a schedule (whatever SES refused earlier is retried). Either way it drains
//! the outbox through its sparse index; the event itself carries nothing it needs.

use elp_adapters::service::outbox::{deliver_pending, Delivery, BATCH};
use elp_adapters::store::StoreError;
use elp_adapters::App;

pub async fn handle(app: &App) -> Result<Delivery, StoreError> {
    deliver_pending(app, BATCH).await
}
