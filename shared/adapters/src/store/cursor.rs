//! Opaque pagination cursors: the last evaluated key as base64url JSON. A cursor is accepted only
//! if it holds exactly the key attributes of the list being read and names the same partition,
//! so a forged cursor can never lead a Query into another organisation's items.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::AttributeValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::StoreError;
use super::keys::{index_keys, PK, SK};

pub type Item = HashMap<String, AttributeValue>;

/// The attributes a last evaluated key holds for a Query on `index`.
fn key_attributes(index: Option<&str>) -> Vec<&'static str> {
    let (ipk, isk) = index_keys(index);
    let mut names = vec![PK, SK];
    if index.is_some() {
        names.extend([ipk, isk]);
    }
    names
}

pub fn encode(last_key: &Item) -> Result<String, StoreError> {
    let mut plain = BTreeMap::new();
    for (name, value) in last_key {
        let s = value
            .as_s()
            .map_err(|_| StoreError::Internal(format!("key attribute {name} is not a string")))?;
        plain.insert(name.as_str(), s.as_str());
    }
    let json = serde_json::to_vec(&plain).map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

pub fn decode(cursor: &str, index: Option<&str>, partition: &str) -> Result<Item, StoreError> {
    if cursor.len() > 2048 {
        return Err(StoreError::BadCursor);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| StoreError::BadCursor)?;
    let plain: BTreeMap<String, String> =
        serde_json::from_slice(&bytes).map_err(|_| StoreError::BadCursor)?;
    let expected = key_attributes(index);
    if plain.len() != expected.len() || !expected.iter().all(|n| plain.contains_key(*n)) {
        return Err(StoreError::BadCursor);
    }
    let (partition_attr, _) = index_keys(index);
    if plain.get(partition_attr).map(String::as_str) != Some(partition) {
        return Err(StoreError::BadCursor);
    }
    Ok(plain
        .into_iter()
        .map(|(k, v)| (k, AttributeValue::S(v)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keys;

    fn key(pairs: &[(&str, &str)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string())))
            .collect()
    }

    #[test]
    fn round_trip() {
        let k = key(&[
            (PK, "A"),
            (SK, "B"),
            (keys::GSI1_PK, "ORG#o#BANKS"),
            (keys::GSI1_SK, "x"),
        ]);
        let c = encode(&k).unwrap();
        assert_eq!(decode(&c, Some(keys::GSI1), "ORG#o#BANKS").unwrap(), k);
    }

    #[test]
    fn another_partition_is_refused() {
        let k = key(&[
            (PK, "A"),
            (SK, "B"),
            (keys::GSI1_PK, "ORG#other#BANKS"),
            (keys::GSI1_SK, "x"),
        ]);
        let c = encode(&k).unwrap();
        assert!(matches!(
            decode(&c, Some(keys::GSI1), "ORG#o#BANKS"),
            Err(StoreError::BadCursor)
        ));
    }

    #[test]
    fn garbage_and_extra_attributes_are_refused() {
        assert!(decode("%%%", None, "p").is_err());
        assert!(decode("", None, "p").is_err());
        let extra = encode(&key(&[(PK, "p"), (SK, "s"), ("x", "y")])).unwrap();
        assert!(decode(&extra, None, "p").is_err());
    }
}
