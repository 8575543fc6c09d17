//! The table's stream, read outside Lambda: DynamoDB Local's stream of the table, from its
//! oldest record on, handed to the events function as Lambda hands it a batch. The dev gateway
//! polls it so that `scripts/dev` publishes domain events to the local bus (moto), and the
//! tests read the real stream records through it.

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_dynamodbstreams::types::{Record, ShardIteratorType};
use elp_adapters::aws_lambda_events::event::dynamodb::Event;
use elp_adapters::config::Config;
use elp_adapters::sdk::sdk_config;
use elp_adapters::store::stream::trail_entry;
use elp_adapters::App;
use serde_json::{json, Value};

/// Why the stream could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the table's stream: {0}")]
pub struct StreamError(String);

fn failed(e: impl std::fmt::Debug) -> StreamError {
    StreamError(format!("{e:?}"))
}

/// The table's stream as DynamoDB Local keeps it, read from its oldest record on, each call
/// going on where the last one stopped.
pub struct Stream {
    client: aws_sdk_dynamodbstreams::Client,
    arn: String,
    /// Each shard's next iterator (`None` once a closed shard is read to its end).
    iterators: HashMap<String, Option<String>>,
}

impl Stream {
    /// The stream of `config`'s table at its DynamoDB endpoint (DynamoDB Local).
    pub async fn open(config: &Config) -> Result<Stream, StreamError> {
        let sdk = sdk_config(config, config.dynamodb_endpoint.as_deref());
        Stream::of_table(&sdk, &config.table).await
    }

    /// The stream of `table`, read with the clients of `sdk`.
    pub async fn of_table(sdk: &aws_types::SdkConfig, table: &str) -> Result<Stream, StreamError> {
        let client = aws_sdk_dynamodbstreams::Client::new(sdk);
        let streams = client
            .list_streams()
            .table_name(table)
            .send()
            .await
            .map_err(failed)?;
        let arn = streams
            .streams()
            .first()
            .and_then(|s| s.stream_arn())
            .ok_or_else(|| StreamError(format!("the table {table} has no stream")))?
            .to_string();
        Ok(Stream {
            client,
            arn,
            iterators: HashMap::new(),
        })
    }

    /// Every record written since the last call, in the order of its shard.
    pub async fn records(&mut self) -> Result<Vec<Record>, StreamError> {
        let described = self
            .client
            .describe_stream()
            .stream_arn(&self.arn)
            .send()
            .await
            .map_err(failed)?;
        let shards: Vec<String> = described
            .stream_description()
            .map(|d| d.shards())
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.shard_id().map(str::to_string))
            .collect();
        let mut records = Vec::new();
        for shard in shards {
            let iterator = match self.iterators.get(&shard) {
                Some(known) => known.clone(),
                None => self
                    .client
                    .get_shard_iterator()
                    .stream_arn(&self.arn)
                    .shard_id(&shard)
                    .shard_iterator_type(ShardIteratorType::TrimHorizon)
                    .send()
                    .await
                    .map_err(failed)?
                    .shard_iterator()
                    .map(str::to_string),
            };
            let mut iterator = iterator;
            while let Some(at) = iterator.clone() {
                let page = self
                    .client
                    .get_records()
                    .shard_iterator(&at)
                    .send()
                    .await
                    .map_err(failed)?;
                iterator = page.next_shard_iterator().map(str::to_string);
                if page.records().is_empty() {
                    break;
                }
                records.extend(page.records().iter().cloned());
            }
            self.iterators.insert(shard, iterator);
        }
        Ok(records)
    }

    /// `records` as Lambda delivers a stream batch to a function.
    pub fn lambda_event(&self, records: &[Record]) -> Event {
        let records: Vec<Value> = records
            .iter()
            .map(|r| lambda_record(r, &self.arn))
            .collect();
        serde_json::from_value(json!({ "Records": records })).expect("records in Lambda's shape")
    }
}

fn image(
    map: Option<&HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>>,
) -> Option<Value> {
    map.map(|m| {
        serde_json::to_value(serde_dynamo::Item::from(m.clone())).expect("an image serialises")
    })
}

/// One stream record in the shape of Lambda's DynamoDB event.
fn lambda_record(r: &Record, arn: &str) -> Value {
    let s = r
        .dynamodb()
        .cloned()
        .unwrap_or_else(|| aws_sdk_dynamodbstreams::types::StreamRecord::builder().build());
    let mut change = json!({
        "ApproximateCreationDateTime": s.approximate_creation_date_time().map(|t| t.secs()),
        "SequenceNumber": s.sequence_number(),
        "SizeBytes": s.size_bytes().unwrap_or_default(),
        "StreamViewType": s.stream_view_type().map(|v| v.as_str()),
    });
    for (name, value) in [
        ("Keys", image(s.keys.as_ref())),
        ("NewImage", image(s.new_image.as_ref())),
        ("OldImage", image(s.old_image.as_ref())),
    ] {
        if let Some(value) = value {
            change[name] = value;
        }
    }
    json!({
        "eventID": r.event_id(),
        "eventName": r.event_name().map(|n| n.as_str()),
        "eventVersion": r.event_version(),
        "eventSource": r.event_source(),
        "awsRegion": r.aws_region(),
        "dynamodb": change,
        "eventSourceARN": arn,
    })
}

/// The local bus domain events are put on (in moto).
pub const LOCAL_BUS: &str = "elp-events";

/// Polls the table's stream every second and hands what is new to the events function, as
/// Lambda would: a batch whose answer names a failed record is delivered again from that record
/// on the next turn. Creates the bus [`LOCAL_BUS`] at `config`'s EventBridge endpoint first.
/// Runs until the process ends; says once what stops it (no stream, no bus).
/// What the bus's rule does in AWS for the webhook delivery function (decision 150): each
/// domain event of `event`, in the bus's envelope, handed to the function. Locally it is the
/// only consumer of the bus, so the gateway plays it after each batch it published.
async fn deliver_to_webhooks(app: &App, event: &Event) {
    for record in &event.records {
        if record.event_name != "INSERT" {
            continue;
        }
        let Ok(Some((id, audit))) = trail_entry(&record.change.new_image) else {
            continue;
        };
        let Ok(Some(domain)) = elp_core::events::domain_event(&id, &audit) else {
            continue;
        };
        let envelope = json!({
            "source": app.config.event_source,
            "detail-type": domain.kind.as_str(),
            "detail": domain,
        });
        if let Err(e) = elp_webhooks::on_event(app, envelope).await {
            tracing::warn!(error = %e, "a domain event's webhook deliveries failed");
        }
    }
}

/// The webhook delivery function's one-minute schedule, locally.
pub async fn retry_webhooks_forever(app: Arc<App>) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        if let Err(e) = elp_webhooks::retry(&app).await {
            tracing::warn!(error = %e, "the webhook retries failed");
        }
    }
}

/// Publishes the table's domain events on the local bus forever, every second, and hands
/// each published batch to the webhook deliveries of `webhooks` when it is given.
pub async fn publish_forever(mut config: Config, webhooks: Option<Arc<App>>) {
    let name = config.event_bus.clone().unwrap_or_else(|| LOCAL_BUS.into());
    config.event_bus = Some(name.clone());
    let client = elp_adapters::sdk::eventbridge(&config);
    if let Err(e) = client.create_event_bus().name(&name).send().await {
        let text = format!("{e:?}");
        if !text.contains("ResourceAlreadyExists") {
            eprintln!("domain events: no local bus {name}: {text}");
            return;
        }
    }
    let bus = elp_adapters::bus::EventBus::new(client, &config, &name);
    let mut stream = match Stream::open(&config).await {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!("domain events: not published ({e})");
            return;
        }
    };
    let mut pending: Vec<Record> = Vec::new();
    loop {
        match stream.records().await {
            Ok(new) => pending.extend(new),
            Err(e) => tracing::warn!(error = %e, "the table's stream could not be read"),
        }
        if !pending.is_empty() {
            let batch = stream.lambda_event(&pending);
            let answer = elp_events::handle(&bus, batch.clone()).await;
            if let (Some(app), true) = (&webhooks, answer.batch_item_failures.is_empty()) {
                deliver_to_webhooks(app, &batch).await;
            }
            let failed = answer
                .batch_item_failures
                .first()
                .and_then(|f| f.item_identifier.clone());
            let from = failed.and_then(|sequence| {
                pending.iter().position(|r| {
                    r.dynamodb().and_then(|d| d.sequence_number()) == Some(sequence.as_str())
                })
            });
            pending = match from {
                Some(i) => pending.split_off(i),
                None => Vec::new(),
            };
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
