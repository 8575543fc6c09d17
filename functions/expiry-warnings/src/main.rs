// The SDK's nested futures need more than the default query depth to lay out.
#![recursion_limit = "256"]

use elp_adapters::http::init_tracing;
use elp_adapters::App;
use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    init_tracing();
    let app: &'static App = Box::leak(Box::new(App::from_env().await?));
    lambda_runtime::run(service_fn(move |_: LambdaEvent<Value>| async move {
        Ok::<Value, lambda_runtime::Error>(elp_expiry_warnings::handle(app).await?)
    }))
    .await
}
