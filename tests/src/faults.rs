//! Faults injected into the SDK's path to DynamoDB, through an interceptor: throttling and
//! server errors that are *not* applied (the request is turned into one DynamoDB rejects before
//! the answer is replaced), and responses lost *after* the request was applied.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextMut,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 400 ThrottlingException; nothing applied.
    Throttle,
    /// 500 InternalServerError; nothing applied.
    ServerError,
    /// Applied, then the answer replaced by a 500 (the response was lost).
    LostResponse,
}

#[derive(Debug, Clone, Copy)]
struct Injected(Fault);

impl Storable for Injected {
    type Storer = StoreReplace<Self>;
}

/// (operation, fault, attempts to let through first, attempts to fail).
type Planned = (String, Fault, usize, usize);

/// A plan: for operations named like `TransactWriteItems`, the next `count` attempts fail so.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    plan: Arc<Mutex<Vec<Planned>>>,
    injected: Arc<Mutex<usize>>,
}

impl Faults {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn inject(&self, operation: &str, fault: Fault, count: usize) {
        self.inject_after(operation, 0, fault, count);
    }

    /// As [`Faults::inject`], once `pass` attempts of the operation have gone through untouched.
    pub fn inject_after(&self, operation: &str, pass: usize, fault: Fault, count: usize) {
        self.plan
            .lock()
            .unwrap()
            .push((operation.to_string(), fault, pass, count));
    }

    pub fn clear(&self) {
        self.plan.lock().unwrap().clear();
    }

    pub fn injected(&self) -> usize {
        *self.injected.lock().unwrap()
    }

    fn take(&self, target: &str) -> Option<Fault> {
        let mut plan = self.plan.lock().unwrap();
        let entry = plan
            .iter_mut()
            .find(|(op, _, _, n)| *n > 0 && target.ends_with(&format!(".{op}")))?;
        if entry.2 > 0 {
            entry.2 -= 1;
            return None;
        }
        entry.3 -= 1;
        *self.injected.lock().unwrap() += 1;
        Some(entry.1)
    }
}

impl Intercept for Faults {
    fn name(&self) -> &'static str {
        "FaultInjection"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().unset::<Injected>();
        let target = context
            .request()
            .headers()
            .get("x-amz-target")
            .unwrap_or_default()
            .to_string();
        if let Some(fault) = self.take(&target) {
            if fault != Fault::LostResponse {
                // DynamoDB refuses an unknown operation without doing anything.
                context
                    .request_mut()
                    .headers_mut()
                    .insert("x-amz-target", "DynamoDB_20120810.InjectedFault");
            }
            cfg.interceptor_state().store_put(Injected(fault));
        }
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Injected(fault)) = cfg.load::<Injected>().copied() else {
            return Ok(());
        };
        let (status, kind) = match fault {
            Fault::Throttle => (400, "ThrottlingException"),
            Fault::ServerError | Fault::LostResponse => (500, "InternalServerError"),
        };
        let response = context.response_mut();
        *response.status_mut() = StatusCode::try_from(status).expect("a valid status");
        response
            .headers_mut()
            .insert("content-type", "application/x-amz-json-1.0");
        response.headers_mut().remove("x-amz-crc32");
        *response.body_mut() = SdkBody::from(format!("{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{kind}\",\"message\":\"injected fault\"}}"));
        Ok(())
    }
}

/// Mail SES refuses every time: SendEmail requests whose body names `recipient` are sent to a
/// path the SES emulator does not serve, so the SDK gets an error back for each attempt while
/// every other mail goes through.
#[derive(Debug, Clone)]
pub struct PoisonedRecipient {
    recipient: String,
    refused: Arc<Mutex<usize>>,
}

impl PoisonedRecipient {
    pub fn new(recipient: &str) -> Self {
        PoisonedRecipient {
            recipient: recipient.to_string(),
            refused: Arc::default(),
        }
    }

    /// How many attempts were refused so far.
    pub fn refused(&self) -> usize {
        *self.refused.lock().unwrap()
    }
}

impl Intercept for PoisonedRecipient {
    fn name(&self) -> &'static str {
        "PoisonedRecipient"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let poisoned = context
            .request()
            .body()
            .bytes()
            .is_some_and(|b| String::from_utf8_lossy(b).contains(&self.recipient));
        if poisoned {
            *self.refused.lock().unwrap() += 1;
            let uri = context
                .request()
                .uri()
                .replace("/outbound-emails", "/refused");
            context.request_mut().set_uri(uri.as_str())?;
        }
        Ok(())
    }
}

/// An S3 multipart upload that fails mid-way: UploadPart requests after the first `pass` are
/// sent for an upload id that does not exist, so the server refuses them (nothing stored) and
/// the SDK does not retry (NoSuchUpload).
#[derive(Debug, Clone)]
pub struct FailingPart {
    pass: Arc<Mutex<usize>>,
    refused: Arc<Mutex<usize>>,
}

impl FailingPart {
    pub fn after(pass: usize) -> Self {
        FailingPart {
            pass: Arc::new(Mutex::new(pass)),
            refused: Arc::default(),
        }
    }

    /// Parts refused so far.
    pub fn refused(&self) -> usize {
        *self.refused.lock().unwrap()
    }
}

impl Intercept for FailingPart {
    fn name(&self) -> &'static str {
        "FailingPart"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let uri = context.request().uri().to_string();
        if context.request().method() != "PUT" || !uri.contains("partNumber=") {
            return Ok(());
        }
        let mut pass = self.pass.lock().unwrap();
        if *pass > 0 {
            *pass -= 1;
            return Ok(());
        }
        *self.refused.lock().unwrap() += 1;
        let uri = uri.replace("uploadId=", "uploadId=injected-fault-");
        context.request_mut().set_uri(uri.as_str())?;
        Ok(())
    }
}
