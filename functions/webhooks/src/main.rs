use elp_adapters::runtime::{init_tracing, serve};
use elp_adapters::App;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), elp_adapters::lambda_http::Error> {
    init_tracing();
    let app = App::from_env().await?;
    serve(app, elp_webhooks::handle).await
}
