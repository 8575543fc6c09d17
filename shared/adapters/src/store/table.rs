//! The table's definition, the one place that says which indexes exist. Used by the tests and
//! the local stack; `infra/template.yaml` declares the same for AWS.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};

use super::error::{classify, StoreError};
use super::keys::{self, index_keys};
use super::Store;

fn key_schema(pk: &str, sk: &str) -> Result<Vec<KeySchemaElement>, StoreError> {
    let element = |name: &str, kind| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .map_err(|e| StoreError::Internal(e.to_string()))
    };
    Ok(vec![
        element(pk, KeyType::Hash)?,
        element(sk, KeyType::Range)?,
    ])
}

impl Store {
    /// Creates the table with its indexes (on-demand) and its stream (new images: the outbox
    /// and the domain events read it) and waits until it is usable.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let internal = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Internal(e.to_string());
        let mut request = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(keys::PK, keys::SK)?))
            .stream_specification(
                StreamSpecification::builder()
                    .stream_enabled(true)
                    .stream_view_type(StreamViewType::NewImage)
                    .build()
                    .map_err(internal)?,
            );
        let mut attributes = vec![keys::PK, keys::SK];
        for index in keys::INDEXES {
            let (pk, sk) = index_keys(Some(index));
            attributes.extend([pk, sk]);
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index)
                    .set_key_schema(Some(key_schema(pk, sk)?))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .map_err(internal)?,
            );
        }
        for name in attributes {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(internal)?,
            );
        }
        request.send().await.map_err(classify)?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .enabled(true)
                    .attribute_name(keys::EXPIRES_AT)
                    .build()
                    .map_err(internal)?,
            )
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }
}
