use elp_adapters::runtime::{init_tracing, serve};
use elp_adapters::App;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), elp_adapters::lambda_http::Error> {
    init_tracing();
    // The licence signing key, read once (Secrets Manager in AWS): no key, no start.
    let app = App::from_env().await?.with_licence_key().await?;
    serve(app, elp_activation::handle).await
}
