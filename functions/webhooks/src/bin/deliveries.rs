// The SDK's nested futures need more than the default query depth to lay out.
#![recursion_limit = "256"]

use elp_adapters::runtime::{init_tracing, serve_events};
use elp_adapters::App;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), elp_adapters::lambda_http::Error> {
    init_tracing();
    serve_events(App::from_env().await?, elp_webhooks::on_event).await
}
