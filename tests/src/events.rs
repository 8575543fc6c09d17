//! What the domain events tests see through: the table's real stream, read from DynamoDB Local
//! and handed to the events function in Lambda's event shape (the dev gateway's
//! [`Stream`]), and an event bus in
//! moto with a rule forwarding everything of the portal's source to an SQS queue, read back
//! ([`Bus`]). A fault for the bus ([`RefuseEvents`]) makes moto itself refuse chosen entries of a
//! `PutEvents`, as a partially failed call.

use std::sync::{Arc, Mutex};

use aws_sdk_dynamodbstreams::types::Record;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use elp_adapters::aws_lambda_events::event::streams::DynamoDbEventResponse;
use elp_adapters::aws_sdk_eventbridge;
use elp_adapters::bus::EventBus;
use elp_gateway::stream::Stream;
use serde_json::{json, Value};

use crate::{dynamodb_endpoint, moto_endpoint, patient_sdk_config, unique, TestApp};

/// An event bus in moto whose every event of the portal's source a rule forwards to a queue.
/// The events function's client for it is the functions' but for its timeouts (the harness's
/// patience: a put that moto applies after 3 s would otherwise be put again by the SDK's retry,
/// which the tests would count as the publisher's duplicate).
pub struct Bus {
    pub bus: EventBus,
    sqs: aws_sdk_sqs::Client,
    queue: String,
}

/// One event as the queue received it from the bus (EventBridge's envelope around ours).
#[derive(Debug, Clone)]
pub struct Received {
    pub source: String,
    pub detail_type: String,
    pub detail: Value,
}

impl Bus {
    pub async fn new(t: &TestApp, fault: Option<RefuseEvents>) -> Bus {
        let mut config = t.app.config.clone();
        config.eventbridge_endpoint = Some(moto_endpoint().to_string());
        let sdk = patient_sdk_config(&config, moto_endpoint());
        let mut eb = aws_sdk_eventbridge::config::Builder::from(&sdk);
        if let Some(fault) = fault {
            eb = eb.interceptor(fault);
        }
        let events = aws_sdk_eventbridge::Client::from_conf(eb.build());
        let sqs = aws_sdk_sqs::Client::new(&sdk);
        let name = unique("elp-events-");
        events
            .create_event_bus()
            .name(&name)
            .send()
            .await
            .expect("a bus in moto");
        events
            .put_rule()
            .name("everything")
            .event_bus_name(&name)
            .event_pattern(json!({ "source": [config.event_source] }).to_string())
            .send()
            .await
            .expect("a rule");
        let queue = sqs
            .create_queue()
            .queue_name(&name)
            .send()
            .await
            .expect("a queue in moto")
            .queue_url()
            .expect("its URL")
            .to_string();
        let arn = sqs
            .get_queue_attributes()
            .queue_url(&queue)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
            .send()
            .await
            .expect("the queue's attributes")
            .attributes()
            .and_then(|a| a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn))
            .expect("its ARN")
            .to_string();
        events
            .put_targets()
            .rule("everything")
            .event_bus_name(&name)
            .targets(
                aws_sdk_eventbridge::types::Target::builder()
                    .id("queue")
                    .arn(arn)
                    .build()
                    .expect("a target"),
            )
            .send()
            .await
            .expect("the rule's target");
        Bus {
            bus: EventBus::new(events, &config, &name),
            sqs,
            queue,
        }
    }

    /// Everything the queue received since the last call (taken off it).
    pub async fn received(&self) -> Vec<Received> {
        let mut all = Vec::new();
        loop {
            let page = self
                .sqs
                .receive_message()
                .queue_url(&self.queue)
                .max_number_of_messages(10)
                .send()
                .await
                .expect("the queue's messages");
            let messages = page.messages();
            if messages.is_empty() {
                return all;
            }
            for m in messages {
                let body: Value =
                    serde_json::from_str(m.body().expect("a body")).expect("an event's JSON");
                all.push(Received {
                    source: body["source"].as_str().unwrap_or_default().to_string(),
                    detail_type: body["detail-type"].as_str().unwrap_or_default().to_string(),
                    detail: body["detail"].clone(),
                });
                self.sqs
                    .delete_message()
                    .queue_url(&self.queue)
                    .receipt_handle(m.receipt_handle().expect("a receipt handle"))
                    .send()
                    .await
                    .expect("the message deleted");
            }
        }
    }
}

/// The table's stream and a bus: what the events function is given and what it publishes.
pub struct Publisher {
    pub stream: Stream,
    pub bus: Bus,
}

impl Publisher {
    pub async fn new(t: &TestApp, fault: Option<RefuseEvents>) -> Publisher {
        Publisher {
            stream: Stream::of_table(
                &patient_sdk_config(&t.app.config, dynamodb_endpoint()),
                &t.app.config.table,
            )
            .await
            .expect("the test table's stream"),
            bus: Bus::new(t, fault).await,
        }
    }

    /// The stream's new records, as one batch to the events function: its answer and what the
    /// bus received.
    pub async fn run(&mut self) -> (DynamoDbEventResponse, Vec<Received>) {
        let records = self.stream.records().await.expect("the stream's records");
        self.deliver(&records).await
    }

    /// `records` as one batch to the events function (Lambda delivering, or delivering again).
    pub async fn deliver(&self, records: &[Record]) -> (DynamoDbEventResponse, Vec<Received>) {
        let answer = elp_events::handle(&self.bus.bus, self.stream.lambda_event(records)).await;
        (answer, self.bus.received().await)
    }
}

/// A fault for `PutEvents`: the next `times` entries of a detail type go without it, so moto
/// refuses each of them (`InvalidArgument`) and accepts the others: a partially failed call,
/// refused by the bus itself.
#[derive(Debug, Clone)]
pub struct RefuseEvents {
    detail_type: String,
    left: Arc<Mutex<usize>>,
}

impl RefuseEvents {
    pub fn new(detail_type: &str, times: usize) -> RefuseEvents {
        RefuseEvents {
            detail_type: detail_type.to_string(),
            left: Arc::new(Mutex::new(times)),
        }
    }

    /// How many refusals are still to come.
    pub fn left(&self) -> usize {
        *self.left.lock().unwrap()
    }
}

impl Intercept for RefuseEvents {
    fn name(&self) -> &'static str {
        "RefuseEvents"
    }

    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(input) = context
            .input_mut()
            .downcast_mut::<aws_sdk_eventbridge::operation::put_events::PutEventsInput>(
        ) else {
            return Ok(());
        };
        let mut left = self.left.lock().unwrap();
        for entry in input.entries.iter_mut().flatten() {
            if *left > 0 && entry.detail_type.as_deref() == Some(self.detail_type.as_str()) {
                entry.detail_type = None;
                *left -= 1;
            }
        }
        Ok(())
    }
}
