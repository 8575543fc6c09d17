use elp_adapters::lambda_http::aws_lambda_events::apigw::ApiGatewayV2CustomAuthorizerV2Request;
use elp_adapters::lambda_http::{lambda_runtime, service_fn, LambdaEvent};
use elp_adapters::runtime::init_tracing;
use elp_adapters::App;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), elp_adapters::lambda_http::Error> {
    init_tracing();
    let app: &'static App = Box::leak(Box::new(App::from_env().await?));
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<ApiGatewayV2CustomAuthorizerV2Request>| async move {
            Ok::<_, elp_adapters::lambda_http::Error>(
                elp_authorizer::authorize(app, &event.payload).await,
            )
        },
    ))
    .await
}
