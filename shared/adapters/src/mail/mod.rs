//! Mail: what is sent ([`Mail`]), how it goes out through SES v2 ([`Mailer`]), and the messages
//! people receive ([`templates`]: the core's letters rendered with what they need). Draining the
//! outbox is a use case (`service::outbox`), not part of the transport.

pub mod templates;

use aws_sdk_sesv2::primitives::Blob;
use aws_sdk_sesv2::types::{
    Attachment as SesAttachment, Body, Content, Destination, EmailContent, Message,
};
use aws_sdk_sesv2::Client;
use base64::Engine;
use elp_core::Email;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    /// The content, base64-encoded (items and JSON carry text).
    pub content_base64: String,
}

/// One message to one person. Addresses are [`Email`]s, so they cannot carry header
/// injections; the subject is flattened to one line when built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

impl Mail {
    pub fn new(to: Email, subject: &str, text: String, html: String) -> Mail {
        Mail {
            to,
            subject: one_line(subject),
            text,
            html,
            attachments: Vec::new(),
        }
    }
}

/// Control characters (CR, LF, tabs...) become spaces: a subject is a single header line.
/// Runs of spaces become one; no-break spaces (French writes "12 500 crédits" and "Produit :"
/// with them) stay.
pub fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, thiserror::Error)]
#[error("mail not sent: {0}")]
pub struct MailError(pub String);

#[derive(Clone)]
pub struct Mailer {
    ses: Arc<Ses>,
    from: String,
    portal_url: String,
    gzip_above: usize,
}

/// The SES client, built on first use. Only the outbox function sends mail, and building a client
/// (its endpoint rules, its TLS connector) is a sixth of a function's cold start.
struct Ses {
    config: aws_sdk_sesv2::Config,
    client: OnceLock<Client>,
}

impl Mailer {
    pub fn new(client: Client, config: &crate::config::Config) -> Self {
        let ses = Ses {
            config: client.config().clone(),
            client: OnceLock::from(client),
        };
        Self::with(ses, config)
    }

    /// A mailer whose SES client is built from `ses` when it first sends.
    pub fn deferred(ses: aws_sdk_sesv2::Config, config: &crate::config::Config) -> Self {
        let ses = Ses {
            config: ses,
            client: OnceLock::new(),
        };
        Self::with(ses, config)
    }

    fn with(ses: Ses, config: &crate::config::Config) -> Self {
        Mailer {
            ses: Arc::new(ses),
            from: config.mail_from.clone(),
            portal_url: config.portal_url.clone(),
            gzip_above: config.attachment_gzip_bytes,
        }
    }

    fn client(&self) -> &Client {
        self.ses
            .client
            .get_or_init(|| Client::from_conf(self.ses.config.clone()))
    }

    /// Attachments larger than this are sent gzip-compressed.
    pub fn gzip_above(&self) -> usize {
        self.gzip_above
    }

    /// The portal's address, for links in mail.
    pub fn portal_url(&self) -> &str {
        &self.portal_url
    }

    /// Sends through SES v2 simple content (attachments included); returns SES's message id.
    pub async fn send(&self, mail: &Mail) -> Result<String, MailError> {
        let utf8 = |data: &str| {
            Content::builder()
                .data(data)
                .charset("UTF-8")
                .build()
                .map_err(|e| MailError(e.to_string()))
        };
        let mut attachments = Vec::new();
        for a in &mail.attachments {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&a.content_base64)
                .map_err(|e| MailError(format!("attachment {}: {e}", a.file_name)))?;
            attachments.push(
                SesAttachment::builder()
                    .file_name(&a.file_name)
                    .content_type(&a.content_type)
                    .raw_content(Blob::new(bytes))
                    .build()
                    .map_err(|e| MailError(e.to_string()))?,
            );
        }
        let message = Message::builder()
            .subject(utf8(&mail.subject)?)
            .body(
                Body::builder()
                    .text(utf8(&mail.text)?)
                    .html(utf8(&mail.html)?)
                    .build(),
            )
            .set_attachments((!attachments.is_empty()).then_some(attachments))
            .build();
        let out = self
            .client()
            .send_email()
            .from_email_address(&self.from)
            .destination(
                Destination::builder()
                    .to_addresses(mail.to.as_str())
                    .build(),
            )
            .content(EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|e| MailError(aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string()))?;
        Ok(out.message_id.unwrap_or_default())
    }
}
