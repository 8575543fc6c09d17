//! Answering: a use case's reply rendered as a response, the error mapping applied once, and
//! one log line per request (request id, route, caller, status, latency).

use std::future::Future;
use std::time::Instant;

use lambda_http::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, RETRY_AFTER};
use lambda_http::http::StatusCode;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};

use super::error::render;
use crate::service::{App, Error, Reply};

fn status_code(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn json_response(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/json".parse().expect("static header"),
    );
    response
}

pub fn to_response(result: Result<Reply, Error>) -> Response<Body> {
    match result {
        Ok(Reply {
            file: Some(file),
            status,
            ..
        }) => {
            let mut response = Response::new(Body::Binary(file.bytes));
            *response.status_mut() = status_code(status.code());
            let headers = response.headers_mut();
            if let Ok(v) = file.content_type.parse() {
                headers.insert(CONTENT_TYPE, v);
            }
            // File names are built by the service from dates: plain ASCII, no quotes.
            if let Ok(v) = format!("attachment; filename=\"{}\"", file.file_name).parse() {
                headers.insert(CONTENT_DISPOSITION, v);
            }
            response
        }
        Ok(reply) => json_response(status_code(reply.status.code()), reply.body),
        Err(error) => {
            let (status, body) = render(&error);
            let mut response = json_response(status, body.to_string());
            let retry_after = match &error {
                Error::Unavailable(_) => Some(1),
                Error::Limited { retry_after, .. } => Some(*retry_after),
                _ => None,
            };
            if let Some(seconds) = retry_after.and_then(|s| s.to_string().parse().ok()) {
                response.headers_mut().insert(RETRY_AFTER, seconds);
            }
            response
        }
    }
}

fn request_id(request: &Request) -> String {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx.request_id.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

fn caller(request: &Request) -> String {
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .and_then(|a| a.jwt.as_ref())
            .and_then(|j| j.claims.get("email").or_else(|| j.claims.get("sub")))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Runs `handler` and turns its outcome into a response, logging one line about it.
pub async fn answer<'a, F, Fut>(app: &'a App, request: Request, handler: F) -> Response<Body>
where
    F: FnOnce(&'a App, Request) -> Fut,
    Fut: Future<Output = Result<Reply, Error>>,
{
    let started = Instant::now();
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let (id, who) = (request_id(&request), caller(&request));
    // On the heap: a use case's future is large (its reads, decisions and writes), and tests
    // and the dev gateway nest many of them.
    let result = Box::pin(handler(app, request)).await;
    if let Err(Error::Internal(cause) | Error::Unavailable(cause)) = &result {
        tracing::error!(request_id = %id, %cause, "request failed");
    }
    let response = to_response(result);
    tracing::info!(
        request_id = %id,
        %method,
        %path,
        caller = %who,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}
