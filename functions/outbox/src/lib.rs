//! The outbox sender. Triggered by the table's stream (new mail is sent within seconds of its
//! commit) and by a schedule (whatever SES refused earlier is retried). Either way it drains
//! the outbox through its sparse index; the event itself carries nothing it needs.

use elp_adapters::mail::outbox::Delivery;
use elp_adapters::App;

pub async fn handle(app: &App) -> Result<Delivery, elp_adapters::store::StoreError> {
    app.deliver_pending().await
}
