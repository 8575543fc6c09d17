//! Reading requests: path segments (after the `/v1` prefix, percent-decoded), query parameters,
//! the page a list asks for, the `Idempotency-Key`, and JSON bodies checked for type and size,
//! with field-level errors.

use lambda_http::http::header::CONTENT_TYPE;
use lambda_http::{Body, Request, RequestExt};
use serde::de::DeserializeOwned;

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
                .map_err(|_| Error::BadRequest("the path is not valid UTF-8".into()))
        })
        .collect()
}

pub fn query_param(request: &Request, name: &str) -> Option<String> {
    request
        .query_string_parameters_ref()
        .and_then(|q| q.first(name))
        .map(str::to_string)
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
        .ok_or_else(|| {
            Error::BadRequest("Idempotency-Key must be 1 to 128 visible ASCII characters".into())
        })?;
    let parts: [&[u8]; 3] = [
        request.method().as_str().as_bytes(),
        request.uri().path().as_bytes(),
        body_bytes(request),
    ];
    Ok(Some(RequestKey::new(key, parts)))
}

/// The body as `T`: 415 unless JSON, 413 if too large, 400 if not JSON at all, and 422 naming
/// the field when the JSON does not have the expected shape.
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
        return Err(Error::Unsupported(
            "send the body as application/json".into(),
        ));
    }
    let bytes = body_bytes(request);
    if bytes.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge(MAX_BODY_BYTES));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BadRequest("the request needs a JSON body".into()));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::BadRequest(format!("the body is not valid JSON: {e}")))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        Error::Invalid(elp_core::Invalid::new(field, e.into_inner().to_string()))
    })
}
