//! The exports bucket (S3): where an emailed export too large to attach is uploaded, in parts
//! as it is written, and the presigned link its mail carries (decisions 180-184).
//!
//! An [`Upload`] holds at most two parts in memory: the one being sent (on a task of its own,
//! so the next Query runs meanwhile) and the one its writer is filling. A failed upload is
//! aborted, so no part is kept (the bucket's lifecycle rule also aborts any upload left
//! incomplete after a day, should the function die mid-way).

use std::time::{Duration, SystemTime};

use aws_sdk_s3::config::{RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use aws_sdk_s3::Client;
use aws_smithy_types::error::display::DisplayErrorContext;
use base64::Engine;
use tokio::task::JoinHandle;

use crate::config::Config;

/// S3's smallest part but the last (5 MiB).
pub const MIN_PART_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("exports bucket: {0}")]
pub struct BucketError(pub String);

fn failed(what: &str, e: impl std::error::Error) -> BucketError {
    BucketError(format!("{what}: {}", DisplayErrorContext(e)))
}

/// The bucket's client and name, built once at cold start.
#[derive(Clone, Debug)]
pub struct ExportsBucket {
    client: Client,
    bucket: String,
    /// A local S3-compatible server (moto), whose completion answer the SDK cannot parse.
    local: bool,
}

/// What the object says of itself when downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    pub file_name: String,
    pub content_type: String,
}

impl ExportsBucket {
    /// The bucket `config` names, if any: with `s3_endpoint`, a local S3-compatible server
    /// (moto), addressed path-style and signed with dummy credentials.
    pub fn from_config(config: &Config) -> Option<ExportsBucket> {
        let bucket = config.export_files.bucket.clone()?;
        let sdk = crate::sdk::sdk_config(config, config.s3_endpoint.as_deref());
        let s3 = aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(config.s3_endpoint.is_some())
            // Parts carry no checksum of their own (TLS and SigV4's payload hash already cover
            // them), so completing the upload needs none either.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        let s3 = s3.build();
        let mut bucket = ExportsBucket::new(Client::from_conf(s3), bucket);
        bucket.local = config.s3_endpoint.is_some();
        Some(bucket)
    }

    pub fn new(client: Client, bucket: String) -> ExportsBucket {
        ExportsBucket {
            client,
            bucket,
            local: false,
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn name(&self) -> &str {
        &self.bucket
    }

    /// An unguessable key under the organisation's prefix (`exports/<org>/`): 256 random bits,
    /// then the file's name.
    pub fn new_key(org: &str, file_name: &str) -> Result<String, BucketError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| BucketError(format!("randomness: {e}")))?;
        let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        Ok(format!("exports/{org}/{secret}/{file_name}"))
    }

    /// Starts a multipart upload of `key` (CreateMultipartUpload), the object's type and
    /// download name set now. Encryption is the bucket's default (SSE-S3, the template).
    pub async fn start(&self, key: &str, meta: &ObjectMeta) -> Result<Upload, BucketError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(&meta.content_type)
            .content_disposition(format!("attachment; filename=\"{}\"", meta.file_name))
            .send()
            .await
            .map_err(|e| failed("CreateMultipartUpload", e))?;
        let upload_id = out
            .upload_id
            .ok_or_else(|| BucketError("CreateMultipartUpload: no upload id".into()))?;
        Ok(Upload {
            client: self.client.clone(),
            bucket: self.bucket.clone(),
            key: key.to_string(),
            upload_id,
            done: Vec::new(),
            sending: None,
            local: self.local,
        })
    }

    /// A presigned GET of `key`, valid from `start` for `lifetime` (SigV4 query signing with
    /// the function's credentials: with a role's, the link also ends with their session;
    /// docs/SECURITY.md).
    pub async fn presign_get(
        &self,
        key: &str,
        start: SystemTime,
        lifetime: Duration,
    ) -> Result<String, BucketError> {
        let presigning = PresigningConfig::builder()
            .start_time(start)
            .expires_in(lifetime)
            .build()
            .map_err(|e| BucketError(format!("presigning: {e}")))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(presigning)
            .await
            .map_err(|e| failed("presigning GetObject", e))?;
        Ok(request.uri().to_string())
    }
}

type Sending = JoinHandle<Result<CompletedPart, BucketError>>;

/// A multipart upload under way. Parts are numbered from 1 in the order given.
#[derive(Debug)]
pub struct Upload {
    client: Client,
    bucket: String,
    key: String,
    upload_id: String,
    done: Vec<CompletedPart>,
    sending: Option<Sending>,
    local: bool,
}

impl Upload {
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Parts given so far.
    pub fn parts(&self) -> usize {
        self.done.len() + usize::from(self.sending.is_some())
    }

    /// Sends `bytes` as the next part: waits for the part before it (so no more than one is
    /// in flight), then sends this one on a task of its own and returns.
    pub async fn part(&mut self, bytes: Vec<u8>) -> Result<(), BucketError> {
        self.wait().await?;
        let number =
            i32::try_from(self.done.len() + 1).map_err(|_| BucketError("too many parts".into()))?;
        let request = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .part_number(number)
            .body(ByteStream::from(bytes));
        self.sending = Some(tokio::spawn(async move {
            let out = request.send().await.map_err(|e| failed("UploadPart", e))?;
            Ok(CompletedPart::builder()
                .part_number(number)
                .set_e_tag(out.e_tag)
                .build())
        }));
        Ok(())
    }

    /// The part in flight, finished.
    async fn wait(&mut self) -> Result<(), BucketError> {
        if let Some(sending) = self.sending.take() {
            let part = sending
                .await
                .map_err(|e| BucketError(format!("UploadPart: {e}")))??;
            self.done.push(part);
        }
        Ok(())
    }

    /// Completes the upload (CompleteMultipartUpload) once its last part is sent.
    pub async fn complete(&mut self) -> Result<(), BucketError> {
        self.wait().await?;
        let parts = std::mem::take(&mut self.done);
        let completed = self
            .client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await;
        match completed {
            Ok(_) => Ok(()),
            Err(e) if self.local && moto_completed(&e) => Ok(()),
            Err(e) => Err(failed("CompleteMultipartUpload", e)),
        }
    }

    /// Gives the upload up (AbortMultipartUpload): S3 drops the parts sent, and an upload
    /// already completed is left as it is (its object expires by lifecycle). Best effort: if
    /// the abort itself fails, the bucket's lifecycle rule drops them after a day.
    pub async fn abort(mut self) {
        if let Some(sending) = self.sending.take() {
            // A part still in flight would be kept by S3 if it landed after the abort.
            let _ = sending.await;
        }
        let aborted = self
            .client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .send()
            .await;
        if let Err(e) = aborted {
            tracing::warn!(upload = %self.upload_id, error = %DisplayErrorContext(e), "multipart upload not aborted; the lifecycle rule will");
        }
    }
}

/// moto (5.2, the local S3) answers a completed CompleteMultipartUpload with a 200 whose root
/// element is `CompleteMultipartUploadResponse` where S3 says `CompleteMultipartUploadResult`,
/// which the SDK cannot parse. Only with a local endpoint is that answer taken for what it is.
/// (S3 itself may answer 200 with an `<Error>` body; that is never taken for success.)
fn moto_completed<E>(
    e: &aws_sdk_s3::error::SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>,
) -> bool {
    let Some(raw) = e.raw_response() else {
        return false;
    };
    let body = raw.body().bytes().map(String::from_utf8_lossy);
    raw.status().is_success()
        && body.is_some_and(|b| {
            b.contains("<CompleteMultipartUploadResponse") && !b.contains("<Error>")
        })
}
