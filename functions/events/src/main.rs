// The SDK's nested futures need more than the default query depth to lay out.
#![recursion_limit = "256"]

use elp_adapters::aws_lambda_events::event::dynamodb::Event;
use elp_adapters::bus::EventBus;
use elp_adapters::config::Config;
use elp_adapters::lambda_http::lambda_runtime::{run, service_fn, Error, LambdaEvent};
use elp_adapters::runtime::init_tracing;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let config = Config::from_env()?;
    let bus: &'static EventBus = Box::leak(Box::new(
        EventBus::from_config(&config)
            .ok_or("ELP_EVENT_BUS must name the event bus the events function puts events on")?,
    ));
    run(service_fn(move |event: LambdaEvent<Event>| async move {
        Ok::<_, Error>(elp_events::handle(bus, event.payload).await)
    }))
    .await
}
