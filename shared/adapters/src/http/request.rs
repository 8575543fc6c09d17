//! Reading requests: path segments (after the `/v1` prefix, percent-decoded), query parameters,
//! the page a list asks for, the `Idempotency-Key`, and JSON bodies checked for type and size,
//! with field-level errors that name the field itself (a missing one, an unknown one, one of
//! the wrong type), nested or not.

use elp_core::Message;
use lambda_http::http::header::CONTENT_TYPE;
use lambda_http::{Body, Request, RequestExt};
use serde::de::{DeserializeOwned, Expected, IntoDeserializer, Unexpected, Visitor};
use serde_json::Value;

use crate::service::{Error, PageRequest, RequestKey};

/// The header a client retries a mutation with.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The largest body any endpoint accepts.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The path's segments after `/v1`, decoded (`/v1/users/a%40b.c` -> `["users", "a@b.c"]`).
pub fn segments(request: &Request) -> Result<Vec<String>, Error> {
    let path = request.uri().path();
    let path = path.strip_prefix("/v1").unwrap_or(path);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| Error::BadRequest(Message::new("bad-request-path")))
        })
        .collect()
}

/// The address the request came from, as API Gateway saw it (its request context's
/// `http.sourceIp`).
pub fn source_ip(request: &Request) -> Option<String> {
    match request.request_context_ref() {
        Some(lambda_http::request::RequestContext::ApiGatewayV2(ctx)) => {
            ctx.http.source_ip.clone().filter(|ip| !ip.is_empty())
        }
        _ => None,
    }
}

pub fn query_param(request: &Request, name: &str) -> Option<String> {
    request
        .query_string_parameters_ref()
        .and_then(|q| q.first(name))
        .map(str::to_string)
}

/// The query parameters that filter a trail, in the order [`audit_filter`] reads them (the
/// contract test holds the OpenAPI document to them).
pub const AUDIT_FILTERS: [&str; 6] = ["actor", "action", "bank", "license", "from", "to"];

/// The trail filters of the query string (`actor`, `action`, `bank`, `license`, `from`,
/// `to`; 422 naming the one that cannot be read).
pub fn audit_filter(request: &Request) -> Result<elp_core::trail::AuditFilter, Error> {
    let [actor, action, bank, license, from, to] =
        AUDIT_FILTERS.map(|name| query_param(request, name));
    crate::service::audit::filter(&elp_core::trail::AuditQuery {
        actor: actor.as_deref(),
        action: action.as_deref(),
        bank: bank.as_deref(),
        license: license.as_deref(),
        from: from.as_deref(),
        to: to.as_deref(),
    })
}

/// The page a list request asks for: `cursor` and `limit` (422 for a bad limit).
pub fn page(request: &Request) -> Result<PageRequest, Error> {
    PageRequest::parse(
        query_param(request, "cursor"),
        query_param(request, "limit").as_deref(),
    )
}

fn body_bytes(request: &Request) -> &[u8] {
    match request.body() {
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => b"",
    }
}

/// The request's `Idempotency-Key`, if it has one (400 when it is malformed), with what makes
/// the request itself (method, path, body) for the replay to be compared with.
pub fn idempotency_key(request: &Request) -> Result<Option<RequestKey>, Error> {
    let Some(raw) = request.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = raw
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 128 && k.chars().all(|c| c.is_ascii_graphic()))
        .ok_or_else(|| Error::BadRequest(Message::new("bad-request-idempotency-key")))?;
    let parts: [&[u8]; 3] = [
        request.method().as_str().as_bytes(),
        request.uri().path().as_bytes(),
        body_bytes(request),
    ];
    Ok(Some(RequestKey::new(key, parts)))
}

/// The revision an `If-Match` header names (`"7"`), if the request has one; 400 for any other
/// value (a list, a weak tag, `*`): a conditional write names exactly the revision it read.
pub fn if_match(request: &Request) -> Result<Option<u64>, Error> {
    let Some(raw) = request.headers().get(lambda_http::http::header::IF_MATCH) else {
        return Ok(None);
    };
    raw.to_str()
        .ok()
        .map(str::trim)
        .and_then(|v| v.strip_prefix('"'))
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse().ok())
        .map(Some)
        .ok_or_else(|| Error::BadRequest(Message::new("bad-request-if-match")))
}

/// The body as `T`: 415 unless JSON, 413 if too large, 400 if not JSON at all, and 422 naming
/// the field when the JSON does not have the expected shape:
///
/// - a required field that is missing: that field (`bank`, `products[0].name`), "is required";
/// - a field the request does not have: that field, "is not a field of this request";
/// - a value of the wrong type or out of a type's range: the field holding it;
/// - a body that is not a JSON object at all: `body`.
pub fn json_body<T: DeserializeOwned>(request: &Request) -> Result<T, Error> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "application/json" {
        return Err(Error::Unsupported(Message::new("unsupported-not-json")));
    }
    let bytes = body_bytes(request);
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge(MAX_BODY_BYTES));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BadRequest(Message::new("bad-request-no-body")));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        Error::BadRequest(
            Message::new("bad-request-not-json")
                .number("line", e.line())
                .number("column", e.column()),
        )
    })?;
    // Every body of the API is an object: serde would take a struct from an array (`[null]`).
    if !value.is_object() {
        return Err(elp_core::Invalid::new("body", Message::new("invalid-json-object")).into());
    }
    Ok(from_json(value)?)
}

/// A JSON value as `T`, or the field-level refusal [`json_body`] describes.
fn from_json<T: DeserializeOwned>(value: Value) -> Result<T, elp_core::Invalid> {
    let object = value.is_object();
    serde_path_to_error::deserialize(Json(value)).map_err(|e| {
        let path = e.path().to_string();
        let root = path == ".";
        // A missing field's path names the object that should hold it; an unknown field's
        // path ends with its name already.
        let (field, reason) = match e.into_inner() {
            Shape::Missing(name) if root => (name.to_string(), Message::new("invalid-required")),
            Shape::Missing(name) => (format!("{path}.{name}"), Message::new("invalid-required")),
            Shape::Unknown(name) => {
                let field = if root { name } else { path };
                (field, Message::new("invalid-unknown-field"))
            }
            Shape::Other(_) if root && !object => {
                ("body".to_string(), Message::new("invalid-json-object"))
            }
            Shape::Other(why) if root => ("body".to_string(), why),
            Shape::Other(why) => (path, why),
        };
        // An unknown field's name is the client's text: echoed back, but not at any length.
        let field: String = field.chars().take(MAX_FIELD_CHARS).collect();
        elp_core::Invalid::new(field, reason)
    })
}

/// The longest `field` an answer names.
const MAX_FIELD_CHARS: usize = 128;

/// What serde found wrong with a body, kept apart by the hook that found it (rather than read
/// back from a message): the deserializer below reports through it.
#[derive(Debug)]
enum Shape {
    Missing(&'static str),
    Unknown(String),
    Other(Message),
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shape::Missing(name) => write!(f, "missing field `{name}`"),
            Shape::Unknown(name) => write!(f, "unknown field `{name}`"),
            Shape::Other(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for Shape {}

impl serde::de::Error for Shape {
    /// A value's own refusal (a `try_from` type's [`elp_core::Invalid`], in its alternate
    /// form) keeps its message; any other sentence is serde's, said as a value not accepted.
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Shape::Other(
            elp_core::Invalid::from_alternate(&format!("{msg:#}"))
                .unwrap_or_else(|| Message::new("invalid-value")),
        )
    }

    fn invalid_type(_: Unexpected, expected: &dyn Expected) -> Self {
        Shape::Other(Message::new("invalid-type").text("expected", kind(expected)))
    }

    fn invalid_value(_: Unexpected, expected: &dyn Expected) -> Self {
        Shape::Other(Message::new("invalid-type").text("expected", kind(expected)))
    }

    fn invalid_length(_: usize, _: &dyn Expected) -> Self {
        Shape::Other(Message::new("invalid-value"))
    }

    fn unknown_variant(_: &str, expected: &'static [&'static str]) -> Self {
        let names: Vec<String> = expected.iter().map(|n| format!("`{n}`")).collect();
        Shape::Other(Message::new("invalid-variant").text("expected", names.join(", ")))
    }

    fn duplicate_field(_: &'static str) -> Self {
        Shape::Other(Message::new("invalid-duplicate-field"))
    }

    fn missing_field(field: &'static str) -> Self {
        Shape::Missing(field)
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Shape::Unknown(field.to_string())
    }
}

/// What serde expected, as the catalogue's words for JSON's kinds of value (`invalid-type`):
/// serde names the Rust type (`u32`, `a string`, `struct Inner`).
fn kind(expected: &dyn Expected) -> &'static str {
    let said = expected.to_string();
    let integer = |s: &str| {
        let digits = s.strip_prefix('i').or_else(|| s.strip_prefix('u'));
        digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    match said.as_str() {
        s if integer(s) => "integer",
        "f32" | "f64" => "number",
        "a string" | "a borrowed string" | "a character" | "a char" => "text",
        "a boolean" => "boolean",
        "a sequence" => "list",
        s if s.starts_with("struct ") || s == "a map" => "object",
        _ => "other",
    }
}

/// A parsed JSON value as a deserializer whose errors are [`Shape`]s. It reads exactly as
/// `serde_json::Value` does (numbers as u64, i64 or f64; `null` as `None`; a string as a unit
/// enum variant); serde's own value deserializers do the work.
struct Json(Value);

impl<'de> IntoDeserializer<'de, Shape> for Json {
    type Deserializer = Json;

    fn into_deserializer(self) -> Json {
        self
    }
}

impl<'de> serde::Deserializer<'de> for Json {
    type Error = Shape;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Shape> {
        use serde::de::value::{MapDeserializer, SeqDeserializer};
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (None, Some(i), _) => visitor.visit_i64(i),
                (None, None, f) => visitor.visit_f64(f.unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter().map(Json));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(fields) => {
                let mut map = MapDeserializer::new(fields.into_iter().map(|(k, v)| (k, Json(v))));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Shape> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(Json(other)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Shape> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => Json(other).deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Shape> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        bank: String,
        months: i64,
        start: Option<String>,
        #[serde(rename = "type")]
        kind: Kind,
        #[serde(default)]
        inner: Vec<Inner>,
        #[serde(default, deserialize_with = "crate::service::not_null")]
        label: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        name: String,
        flag: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        NodeLock,
        Floating,
    }

    fn refused(value: serde_json::Value) -> (String, String) {
        let e = from_json::<Outer>(value).expect_err("refused");
        (e.field.to_string(), e.reason())
    }

    fn valid() -> serde_json::Value {
        json!({ "bank": "b_1", "months": 3, "type": "node_lock", "inner": [{ "name": "x" }] })
    }

    fn with(patch: serde_json::Value) -> serde_json::Value {
        let mut v = valid();
        for (k, x) in patch.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn without(field: &str) -> serde_json::Value {
        let mut v = valid();
        v.as_object_mut().unwrap().remove(field);
        v
    }

    #[test]
    fn reads_what_serde_json_reads() {
        let v = json!({ "bank": "b_1", "months": -3, "start": null, "type": "floating",
                        "inner": [{ "name": "x", "flag": true }] });
        assert_eq!(
            from_json::<Outer>(v.clone()).unwrap(),
            serde_json::from_value::<Outer>(v).unwrap()
        );
        assert_eq!(from_json::<Outer>(valid()).unwrap().start, None);
        let with_start = from_json::<Outer>(with(json!({ "start": "2027-01-05" }))).unwrap();
        assert_eq!(with_start.start.as_deref(), Some("2027-01-05"));
    }

    #[test]
    fn a_missing_field_is_named_nested_or_not() {
        for field in ["bank", "months", "type"] {
            assert_eq!(
                refused(without(field)),
                (field.to_string(), "is required".to_string())
            );
        }
        assert_eq!(
            refused(with(
                json!({ "inner": [{ "name": "a" }, { "flag": false }] })
            )),
            ("inner[1].name".to_string(), "is required".to_string())
        );
        // An empty object misses its first required field.
        assert_eq!(refused(json!({})).1, "is required");
    }

    #[test]
    fn an_optional_field_that_is_not_nullable_refuses_null_by_name() {
        assert_eq!(from_json::<Outer>(valid()).unwrap().label, None);
        let labelled = from_json::<Outer>(with(json!({ "label": "x" }))).unwrap();
        assert_eq!(labelled.label.as_deref(), Some("x"));
        assert_eq!(
            refused(with(json!({ "label": null }))),
            ("label".to_string(), "must be a string".to_string())
        );
        // A plain `Option` still reads `null` as absent (the contract's nullable fields).
        assert_eq!(
            from_json::<Outer>(with(json!({ "start": null })))
                .unwrap()
                .start,
            None
        );
    }

    #[test]
    fn an_unknown_field_is_named_nested_or_not() {
        assert_eq!(
            refused(with(json!({ "colour": "red" }))),
            (
                "colour".to_string(),
                "is not a field of this request".to_string()
            )
        );
        assert_eq!(
            refused(with(json!({ "inner": [{ "name": "a", "size": 1 }] }))).0,
            "inner[0].size"
        );
        let long = "x".repeat(1000);
        assert_eq!(refused(with(json!({ long: 1 }))).0.len(), MAX_FIELD_CHARS);
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_field() {
        for (patch, field) in [
            (json!({ "months": "ten" }), "months"),
            (json!({ "months": 1e30 }), "months"),
            (json!({ "months": 1.5 }), "months"),
            (
                serde_json::from_str(r#"{ "months": 99999999999999999999 }"#).unwrap(),
                "months",
            ),
            (json!({ "bank": 7 }), "bank"),
            (json!({ "bank": null }), "bank"),
            (json!({ "start": 20270105 }), "start"),
            (json!({ "start": ["2027-01-05"] }), "start"),
            (json!({ "type": "dongle" }), "type"),
            (json!({ "type": 1 }), "type"),
            (json!({ "type": { "node_lock": null } }), "type"),
            (json!({ "inner": { "name": "x" } }), "inner"),
            (
                json!({ "inner": [{ "name": "x", "flag": "yes" }] }),
                "inner[0].flag",
            ),
            (json!({ "inner": ["x"] }), "inner[0]"),
        ] {
            assert_eq!(refused(with(patch.clone())).0, field, "{patch}");
        }
    }

    fn with_if_match(value: Option<&str>) -> Result<Option<u64>, Error> {
        let mut request = lambda_http::http::Request::builder();
        if let Some(v) = value {
            request = request.header("if-match", v);
        }
        if_match(&request.body(Body::Empty).unwrap())
    }

    #[test]
    fn if_match_names_one_revision_in_quotes() {
        assert_eq!(with_if_match(None).unwrap(), None);
        assert_eq!(with_if_match(Some("\"7\"")).unwrap(), Some(7));
        assert_eq!(with_if_match(Some(" \"0\" ")).unwrap(), Some(0));
        for bad in [
            "7",
            "*",
            "W/\"7\"",
            "\"7\", \"8\"",
            "\"\"",
            "\"-1\"",
            "\"99999999999999999999\"",
        ] {
            assert!(
                matches!(with_if_match(Some(bad)), Err(Error::BadRequest(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_value_refused_by_its_own_type_keeps_its_message() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Release {
            version: elp_core::Version,
        }
        let e = from_json::<Release>(json!({ "version": "v2" })).expect_err("refused");
        assert_eq!(e.field, "version");
        assert_eq!(e.message.id, "invalid-version");
        assert_eq!(e.reason(), "must be a version like 24 or 25.1");
        assert_eq!(
            e.message.say(elp_l10n::Lang::Fr),
            "doit être une version comme 24 ou 25.1"
        );
        let e = from_json::<Outer>(with(json!({ "months": "ten" }))).expect_err("refused");
        assert_eq!(e.reason(), "must be a whole number");
        let e = from_json::<Outer>(with(json!({ "type": "dongle" }))).expect_err("refused");
        assert_eq!(e.reason(), "must be one of `node_lock`, `floating`");
    }

    #[test]
    fn a_body_that_is_no_object_is_the_body() {
        for body in [json!([]), json!("x"), json!(3), json!(null), json!(true)] {
            assert_eq!(
                refused(body.clone()),
                ("body".to_string(), "must be a JSON object".to_string()),
                "{body}"
            );
        }
    }
}
