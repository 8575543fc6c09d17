//! What a use case answers when it succeeds: a status and a JSON body, serialised once straight
//! from the use case's types, or a file to download. This is also what an idempotency record
//! stores and a retry gets back byte for byte; the HTTP layer only renders it.

use serde::Serialize;

use super::error::Error;

/// The successful outcomes a use case reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read, quoted or changed (200).
    Ok,
    /// Something new exists (201).
    Created,
    /// Accepted for later (202): the result is emailed.
    Accepted,
}

impl Status {
    pub fn code(self) -> u16 {
        match self {
            Status::Ok => 200,
            Status::Created => 201,
            Status::Accepted => 202,
        }
    }

    /// A stored reply's status.
    pub fn from_code(code: u16) -> Option<Status> {
        match code {
            200 => Some(Status::Ok),
            201 => Some(Status::Created),
            202 => Some(Status::Accepted),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: Status,
    /// JSON, already serialised (empty for a file).
    pub body: String,
    pub file: Option<File>,
    /// The version of what the body shows, for an `ETag` header (`"7"`, quotes included).
    pub etag: Option<String>,
}

/// A download: its bytes, type and the name a browser saves it under.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub content_type: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn file(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Reply {
        Reply {
            status: Status::Ok,
            body: String::new(),
            file: Some(File {
                content_type: content_type.into(),
                file_name: file_name.into(),
                bytes,
            }),
            etag: None,
        }
    }

    /// This reply, tagged with `revision` (answered as `ETag: "<revision>"`).
    pub fn tagged(mut self, revision: u64) -> Reply {
        self.etag = Some(format!("\"{revision}\""));
        self
    }
}

pub fn reply(status: Status, body: impl Serialize) -> Result<Reply, Error> {
    Ok(Reply {
        status,
        body: serde_json::to_string(&body).map_err(|e| Error::Internal(e.to_string()))?,
        file: None,
        etag: None,
    })
}

/// A page of a list, `{ "<name>": [items], "next": cursor }`, written straight from the items.
pub fn reply_page<T: Serialize>(
    name: &'static str,
    items: &[T],
    next: Option<&str>,
) -> Result<Reply, Error> {
    struct Page<'a, T> {
        name: &'static str,
        items: &'a [T],
        next: Option<&'a str>,
    }
    impl<T: Serialize> Serialize for Page<'_, T> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(2))?;
            map.serialize_entry(self.name, self.items)?;
            map.serialize_entry("next", &self.next)?;
            map.end()
        }
    }
    reply(Status::Ok, Page { name, items, next })
}

/// Which page of a list a request asks for: after `cursor`, `limit` items (1 to 100, 50 by
/// default). Every list takes these two.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub cursor: Option<String>,
    pub limit: i32,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: i32 = 50;
    pub const MAX_LIMIT: i32 = 100;

    /// From the query string's `cursor` and `limit` (422 naming `limit` when it is not a whole
    /// number from 1 to 100).
    pub fn parse(cursor: Option<String>, limit: Option<&str>) -> Result<PageRequest, Error> {
        let limit = match limit {
            None => Self::DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<i32>() {
                Ok(n) if (1..=Self::MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(elp_core::Invalid::new(
                        "limit",
                        elp_core::Message::new("invalid-whole-number")
                            .number("min", 1)
                            .number("max", Self::MAX_LIMIT),
                    )
                    .into())
                }
            },
        };
        Ok(PageRequest { cursor, limit })
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_one_to_a_hundred_fifty_by_default() {
        assert_eq!(PageRequest::parse(None, None).unwrap().limit, 50);
        assert_eq!(PageRequest::parse(None, Some("100")).unwrap().limit, 100);
        for bad in ["0", "101", "-1", "ten", ""] {
            assert!(
                matches!(PageRequest::parse(None, Some(bad)), Err(Error::Invalid(i)) if i.field == "limit"),
                "{bad}"
            );
        }
    }

    #[test]
    fn stored_statuses_come_back() {
        for s in [Status::Ok, Status::Created, Status::Accepted] {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(Status::from_code(500), None);
    }
}
