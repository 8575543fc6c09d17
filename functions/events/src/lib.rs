//! The domain events publisher. Triggered by the table's stream (its event source mapping lets
//! through only the INSERTs of trail entries whose action is published): each batch's events
//! are put on the event bus, and a record whose event could not be put is answered as the
//! batch's first failure, so Lambda delivers the batch again from it (decision 141).

use elp_adapters::aws_lambda_events::event::dynamodb::Event;
use elp_adapters::aws_lambda_events::event::streams::{
    DynamoDbBatchItemFailure, DynamoDbEventResponse,
};
use elp_adapters::bus::EventBus;
use elp_adapters::service::events::{publish, StreamChange};

pub async fn handle(bus: &EventBus, event: Event) -> DynamoDbEventResponse {
    let changes: Vec<StreamChange> = event
        .records
        .into_iter()
        .map(|record| StreamChange {
            // Lambda names a failed record by its sequence number.
            sequence: record.change.sequence_number.unwrap_or_default(),
            inserted: record.event_name == "INSERT",
            image: record.change.new_image,
        })
        .collect();
    let publication = publish(bus, &changes).await;
    let mut response = DynamoDbEventResponse::default();
    if let Some(sequence) = publication.failed_from {
        let mut failure = DynamoDbBatchItemFailure::default();
        failure.item_identifier = Some(sequence);
        response.batch_item_failures.push(failure);
    }
    response
}
