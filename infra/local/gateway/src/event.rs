//! The API Gateway HTTP API (payload 2.0) event for a request, as Lambda delivers it, with the
//! claims the JWT authorizer verified.

use std::collections::BTreeMap;

use elp_adapters::lambda_http::Request;
use serde_json::{json, Value};

/// One request as the gateway received it.
pub struct Incoming<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a [u8]>,
    pub claims: Option<&'a BTreeMap<String, String>>,
    pub request_id: &'a str,
}

pub fn event(r: &Incoming<'_>) -> Value {
    let mut headers = serde_json::Map::new();
    for (name, value) in r.headers {
        headers.insert(name.to_ascii_lowercase(), json!(value));
    }
    let (body, base64) = match r.body {
        None => (Value::Null, false),
        Some(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => (json!(text), false),
            Err(_) => {
                use base64::Engine;
                (
                    json!(base64::engine::general_purpose::STANDARD.encode(bytes)),
                    true,
                )
            }
        },
    };
    let now = chrono::Utc::now();
    let mut context = json!({
        "accountId": "000000000000",
        "apiId": "local",
        "domainName": "localhost",
        "domainPrefix": "localhost",
        "http": { "method": r.method, "path": r.path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": headers.get("user-agent").cloned().unwrap_or(json!("")) },
        "requestId": r.request_id,
        "routeKey": "$default",
        "stage": "$default",
        "time": now.format("%d/%b/%Y:%H:%M:%S %z").to_string(),
        "timeEpoch": now.timestamp_millis()
    });
    if let Some(claims) = r.claims {
        context["authorizer"] = json!({ "jwt": { "claims": claims, "scopes": null } });
    }
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": r.path,
        "rawQueryString": r.query,
        "headers": headers,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": base64
    })
}

/// The `lambda_http` request the function receives for that event.
pub fn request(event: &Value) -> Result<Request, serde_json::Error> {
    elp_adapters::lambda_http::request::from_str(&event.to_string())
}
