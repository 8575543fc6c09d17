//! EventBridge: domain events put on the event bus, at most ten to a `PutEvents` (the API's
//! limit), each entry's outcome reported on its own (decision 141). What to publish is the
//! core's ([`elp_core::events`]); when, and what a failure means for the stream batch, the
//! service's.

use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use aws_smithy_types::error::display::DisplayErrorContext;
use elp_core::events::DomainEvent;

use crate::config::Config;

/// Entries one `PutEvents` takes at most.
pub const MAX_ENTRIES: usize = 10;

/// Bytes one `PutEvents` takes at most (entries counted as EventBridge counts them).
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// The bus and the `source` every event is put with.
pub struct EventBus {
    client: aws_sdk_eventbridge::Client,
    name: String,
    source: String,
}

/// Why one event was not put: the bus's error code and message, or the whole call's failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NotPut(pub String);

impl EventBus {
    pub fn new(client: aws_sdk_eventbridge::Client, config: &Config, name: &str) -> EventBus {
        EventBus {
            client,
            name: name.to_string(),
            source: config.event_source.clone(),
        }
    }

    /// The bus `config` names (`ELP_EVENT_BUS`), if it names one.
    pub fn from_config(config: &Config) -> Option<EventBus> {
        let name = config.event_bus.as_deref()?;
        Some(EventBus::new(crate::sdk::eventbridge(config), config, name))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Puts `events` (at most [`MAX_ENTRIES`], within [`MAX_REQUEST_BYTES`]) in one call: the
    /// outcome of each, in order. A call that fails whole fails every event.
    pub async fn put(&self, events: &[DomainEvent]) -> Vec<Result<(), NotPut>> {
        let mut request = self.client.put_events();
        for event in events {
            request = request.entries(self.entry(event));
        }
        match request.send().await {
            Err(e) => {
                let why = NotPut(DisplayErrorContext(e).to_string());
                events.iter().map(|_| Err(why.clone())).collect()
            }
            Ok(out) => {
                let entries = out.entries();
                events
                    .iter()
                    .enumerate()
                    .map(|(i, _)| match entries.get(i) {
                        Some(entry) if entry.error_code().is_none() => Ok(()),
                        Some(entry) => Err(NotPut(format!(
                            "{}: {}",
                            entry.error_code().unwrap_or_default(),
                            entry.error_message().unwrap_or_default()
                        ))),
                        // An answer without this entry's outcome: not known to be put.
                        None => Err(NotPut("no outcome for the entry".into())),
                    })
                    .collect()
            }
        }
    }

    fn entry(&self, event: &DomainEvent) -> PutEventsRequestEntry {
        PutEventsRequestEntry::builder()
            .event_bus_name(&self.name)
            .source(&self.source)
            .detail_type(event.kind.as_str())
            .detail(detail(event))
            .build()
    }

    /// The bytes `event` counts for in a `PutEvents` (EventBridge's own reckoning: source,
    /// detail type and detail, plus 14 for a time).
    pub fn size_of(&self, event: &DomainEvent) -> usize {
        self.source.len() + event.kind.as_str().len() + detail(event).len() + 14
    }
}

/// An event's `Detail`: the envelope, as JSON.
pub fn detail(event: &DomainEvent) -> String {
    serde_json::to_string(event).expect("a domain event serialises")
}
