//! Reading requests: path segments (after the `/v1` prefix, percent-decoded), query parameters,
//! and JSON bodies checked for type and size, with field-level errors.

use lambda_http::http::header::CONTENT_TYPE;
use lambda_http::{Body, Request, RequestExt};
use serde::de::DeserializeOwned;

use crate::error::Error;

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
    let bytes: &[u8] = match request.body() {
        Body::Empty => b"",
        Body::Text(t) => t.as_bytes(),
        Body::Binary(b) => b,
        _ => b"",
    };
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
