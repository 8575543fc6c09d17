//! The events publisher's use case: the table's stream records of one batch, in their order,
//! become the domain events of the changes they committed, put on the event bus (decision 140).
//!
//! At least once, never for an uncommitted change: only trail entries the stream delivers
//! (written in the transaction of the change they record) are told of, and a batch succeeds only
//! as far as every event before it was put. An entry the bus refuses is tried again at once (it
//! alone); one still refused ends the batch there: the publication answers the record it came
//! from, and Lambda delivers the batch again from that record (ReportBatchItemFailures), so
//! nothing after it is skipped either. The events of the records after it are put again with
//! the batch (some may have been put already, and a call that failed whole may have been put
//! after all): consumers de-duplicate by `id` (docs/events.md).

use std::time::Duration;

use elp_core::events::{domain_event, DomainEvent};
use tracing::{error, info, warn};

use crate::bus::{EventBus, MAX_ENTRIES, MAX_REQUEST_BYTES};
use crate::store::stream::{trail_entry, StreamImage};

/// Attempts at putting one event before the batch is given back to Lambda.
pub const ATTEMPTS: u32 = 3;

/// One record of a stream batch: its sequence number (Lambda's item identifier), whether it
/// inserted the item, and the item as it is now.
#[derive(Debug, Clone)]
pub struct StreamChange {
    pub sequence: String,
    pub inserted: bool,
    pub image: StreamImage,
}

/// What one batch came to.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Publication {
    /// Events put on the bus.
    pub published: usize,
    /// Records told of by no event (other items, actions not published).
    pub skipped: usize,
    /// The first record not done with: Lambda delivers the batch again from it.
    pub failed_from: Option<String>,
}

/// Publishes the events of `changes` (one stream batch, in order) on `bus`.
pub async fn publish(bus: &EventBus, changes: &[StreamChange]) -> Publication {
    let mut outcome = Publication::default();
    let mut events: Vec<(usize, DomainEvent)> = Vec::new();
    // A record that cannot be told of (an entry the core cannot read) stops the batch: it is
    // reported, retried and, when its retries are spent, sent to the dead-letter queue. Never
    // skipped: its change committed.
    let mut unreadable: Option<usize> = None;
    for (i, change) in changes.iter().enumerate() {
        if !change.inserted {
            outcome.skipped += 1;
            continue;
        }
        let entry = match trail_entry(&change.image) {
            Ok(Some(entry)) => entry,
            Ok(None) => {
                outcome.skipped += 1;
                continue;
            }
            Err(e) => {
                error!(sequence = %change.sequence, error = %e, "a trail entry of the stream could not be read");
                unreadable = Some(i);
                break;
            }
        };
        match domain_event(&entry.0, &entry.1) {
            Ok(Some(event)) => events.push((i, event)),
            Ok(None) => outcome.skipped += 1,
            Err(e) => {
                error!(sequence = %change.sequence, error = %e, "a trail entry could not be told as an event");
                unreadable = Some(i);
                break;
            }
        }
    }
    let mut rest = events.as_slice();
    while !rest.is_empty() {
        let size = chunk_len(bus, rest);
        let (chunk, later) = rest.split_at(size);
        if let Some(first_failed) = put_chunk(bus, chunk).await {
            outcome.published += first_failed;
            let (i, _) = &chunk[first_failed];
            outcome.failed_from = Some(changes[*i].sequence.clone());
            log(&outcome);
            return outcome;
        }
        outcome.published += chunk.len();
        rest = later;
    }
    outcome.failed_from = unreadable.map(|i| changes[i].sequence.clone());
    log(&outcome);
    outcome
}

fn log(outcome: &Publication) {
    info!(
        published = outcome.published,
        skipped = outcome.skipped,
        failed_from = outcome.failed_from.as_deref().unwrap_or(""),
        "stream batch published"
    );
}

/// How many of `events` (at least one) fit one `PutEvents`.
fn chunk_len(bus: &EventBus, events: &[(usize, DomainEvent)]) -> usize {
    let mut bytes = 0;
    let mut n = 0;
    for (_, event) in events.iter().take(MAX_ENTRIES) {
        bytes += bus.size_of(event);
        if n > 0 && bytes > MAX_REQUEST_BYTES {
            break;
        }
        n += 1;
    }
    n.max(1)
}

/// Puts `chunk`, trying again what the bus refused; the position of the first event still not
/// put after [`ATTEMPTS`], if any.
async fn put_chunk(bus: &EventBus, chunk: &[(usize, DomainEvent)]) -> Option<usize> {
    let mut waiting: Vec<usize> = (0..chunk.len()).collect();
    for attempt in 1..=ATTEMPTS {
        let events: Vec<DomainEvent> = waiting.iter().map(|&k| chunk[k].1.clone()).collect();
        let results = bus.put(&events).await;
        let mut refused = Vec::new();
        for (k, result) in waiting.iter().zip(results) {
            if let Err(why) = result {
                warn!(event = %chunk[*k].1.id, attempt, error = %why, "the bus refused an event");
                refused.push(*k);
            }
        }
        if refused.is_empty() {
            return None;
        }
        waiting = refused;
        if attempt < ATTEMPTS {
            tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
        }
    }
    waiting.first().copied()
}
