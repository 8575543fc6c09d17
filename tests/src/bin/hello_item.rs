//! The cold-start benchmark's second reference: a lambda_http function that reads one item and
//! answers, built like the real ones (the same SDK clients, runtime and profile) but with none
//! of their code. What it pays on its first request is what any function that reads DynamoDB
//! pays.

use elp_adapters::aws_sdk_dynamodb::types::AttributeValue;
use elp_adapters::config::Config;
use elp_adapters::lambda_http::{run, service_fn, Body, Error, Request, Response};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let config = Config::from_env()?;
    let (client, _) = elp_adapters::sdk::clients(&config);
    let (client, table) = (&client, config.table.as_str());
    run(service_fn(move |_: Request| async move {
        let item = client
            .get_item()
            .table_name(table)
            .key("pk", AttributeValue::S("hello".into()))
            .key("sk", AttributeValue::S("hello".into()))
            .send()
            .await?;
        let body = if item.item.is_some() { "found" } else { "none" };
        Ok::<_, Error>(Response::new(Body::from(body)))
    }))
    .await
}
