//! The API Gateway HTTP API (payload 2.0) event for a request, as Lambda delivers it, with the
//! claims the JWT authorizer verified, or the context the scripts API's authorizer returned.

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
    /// The scripts API's authorizer's context (`requestContext.authorizer.lambda`).
    pub lambda: Option<&'a Value>,
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
    if let Some(lambda) = r.lambda {
        context["authorizer"] = json!({ "lambda": lambda });
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

/// The event API Gateway sends the scripts API's Lambda authorizer (payload 2.0) for a request.
pub fn authorizer_event(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    request_id: &str,
) -> Result<
    elp_adapters::lambda_http::aws_lambda_events::apigw::ApiGatewayV2CustomAuthorizerV2Request,
    serde_json::Error,
> {
    let mut lower = serde_json::Map::new();
    for (name, value) in headers {
        lower.insert(name.to_ascii_lowercase(), json!(value));
    }
    let authorization = lower.get("authorization").cloned();
    serde_json::from_value(json!({
        "version": "2.0",
        "type": "REQUEST",
        "routeArn": format!("arn:aws:execute-api:local:000000000000:scripts/$default/{method}{path}"),
        "identitySource": authorization.map(|a| vec![a]),
        "routeKey": format!("{method} {path}"),
        "rawPath": path,
        "rawQueryString": "",
        "headers": lower,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "scripts",
            "domainName": "localhost",
            "http": { "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "" },
            "requestId": request_id,
            "routeKey": format!("{method} {path}"),
            "stage": "$default",
            "time": "",
            "timeEpoch": 0
        }
    }))
}
