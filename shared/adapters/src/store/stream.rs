//! The table's stream, read back: which of its records are entries of an organisation's trail
//! (the committed changes domain events are told of), decoded with the id of their entry.

use elp_core::AuditEvent;

use super::error::StoreError;
use super::keys;

/// An item as a stream record's image holds it.
pub type StreamImage = serde_dynamo::Item;

/// The trail entry `image` holds, with its id, or `None` for any other item (the change's
/// other items, the ledger's and the vendor's copies of the same event).
pub fn trail_entry(image: &StreamImage) -> Result<Option<(String, AuditEvent)>, StoreError> {
    let text = |name: &str| match image.get(name) {
        Some(serde_dynamo::AttributeValue::S(s)) => Some(s.as_str()),
        _ => None,
    };
    let (Some(pk), Some(sk)) = (text(keys::PK), text(keys::SK)) else {
        return Ok(None);
    };
    let Some(id) = keys::audit_entry_id(pk, sk) else {
        return Ok(None);
    };
    let id = id.to_string();
    let event: AuditEvent = serde_dynamo::from_item(image.clone())?;
    Ok(Some((id, event)))
}
