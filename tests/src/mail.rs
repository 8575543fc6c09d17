//! The mail as it arrived in the SES emulator (its `/store`).

use base64::Engine;
use serde::Deserialize;

use crate::ses_endpoint;

#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    pub subject: String,
    pub body: MailBody,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailBody {
    pub text: Option<String>,
    pub html: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Attachment {
    /// Base64, as the emulator stores it.
    pub content: String,
    pub filename: Option<String>,
}

impl Mail {
    /// The plain-text part (every mail of the portal has one).
    pub fn text(&self) -> &str {
        self.body
            .text
            .as_deref()
            .unwrap_or_else(|| panic!("a text part in {self:?}"))
    }

    /// The HTML part.
    pub fn html(&self) -> &str {
        self.body
            .html
            .as_deref()
            .unwrap_or_else(|| panic!("an HTML part in {self:?}"))
    }
}

impl Attachment {
    pub fn bytes(&self) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.content)
            .expect("a base64 attachment")
    }

    pub fn filename(&self) -> &str {
        self.filename.as_deref().expect("an attachment's file name")
    }
}

/// Every mail the SES emulator has received for `to`, oldest first.
pub fn mails_to(to: &str) -> Vec<Mail> {
    let store: serde_json::Value = ureq::get(&format!("{}/store", ses_endpoint()))
        .call()
        .expect("the SES emulator's store")
        .into_json()
        .expect("the store's JSON");
    store["emails"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| {
            m["destination"]["to"]
                .as_array()
                .is_some_and(|t| t.iter().any(|a| a == to))
        })
        .map(|m| serde_json::from_value(m).expect("a mail as the emulator stores it"))
        .collect()
}
