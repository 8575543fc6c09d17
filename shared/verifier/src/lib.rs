//! The signed licence file: what the activation service gives a machine, and what the vendor's
//! desktop software checks offline before it runs.
//!
//! A licence file is one line of text, `elp-licence.<payload>.<signature>`, where `<payload>` is
//! the base64url of a canonical binary [`Payload`] (code, product, allowed versions, machine
//! fingerprint, validity, key id, format version) and `<signature>` the base64url of its Ed25519
//! signature. The exact format, with test vectors, is `docs/licence-file.md`.
//!
//! [`verify`] is the embedded half: no I/O, no clock (the caller says what time it is), no
//! async, no AWS. `sign` is the service's half, compiled only with the `sign` feature.
//!
//! ```
//! # use elp_verifier::{parse_public_key, verify, Rejection};
//! # use chrono::{TimeZone, Utc};
//! // The keys this build of the software trusts, by key id (here the published test key).
//! let keys = [("test-1", parse_public_key("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap())];
//! let file = "not a licence";
//! let now = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
//! let answer = verify(file, &keys, "machine-fingerprint", now);
//! assert_eq!(answer.unwrap_err().code(), "malformed");
//! ```

mod payload;
#[cfg(any(feature = "sign", test))]
mod sign;
#[cfg(test)]
mod tests;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::Signature;

pub use ed25519_dalek::VerifyingKey;
pub use payload::{
    Invalid, Licence, LicenceType, Payload, Versions, FORMAT_VERSION, MAGIC, MAX_STRING,
};
#[cfg(any(feature = "sign", test))]
pub use sign::{parse_signing_key, sign, SigningKey};

/// How every licence file begins.
pub const PREFIX: &str = "elp-licence.";

/// Why a licence file is refused. Its [`Rejection::code`] is stable: software may switch on it
/// and support may ask for it; the sentence ([`std::fmt::Display`]) is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Not a licence file of this format: the text form, the base64url, the payload's layout or
    /// one of its rules (which part is named, for logs).
    #[error("not a licence file ({0})")]
    Malformed(&'static str),
    /// A licence file of a format version this verifier does not read (a later one).
    #[error("licence file format {0} is not one this software reads")]
    UnsupportedFormat(u8),
    /// Signed with a key id this software does not trust (unverified: it is what the file says).
    #[error("signed with key {kid:?}, which this software does not trust")]
    UnknownKey {
        /// The key id the file names.
        kid: String,
    },
    /// The signature is not the named key's signature of this payload: the file was changed.
    #[error("the signature does not match the licence")]
    BadSignature,
    /// A genuine file, for another machine.
    #[error("the licence file is for another machine")]
    OtherMachine,
    /// A genuine file whose validity has not begun.
    #[error("the licence file is valid from {valid_from}")]
    NotYetValid {
        /// When it becomes valid.
        valid_from: DateTime<Utc>,
    },
    /// A genuine file whose validity has ended.
    #[error("the licence file expired at {valid_to}")]
    Expired {
        /// When it stopped being valid.
        valid_to: DateTime<Utc>,
    },
}

impl Rejection {
    /// The stable machine code: `malformed`, `unsupported_format`, `unknown_key`,
    /// `bad_signature`, `other_machine`, `not_yet_valid`, `expired`.
    pub const fn code(&self) -> &'static str {
        match self {
            Rejection::Malformed(_) => "malformed",
            Rejection::UnsupportedFormat(_) => "unsupported_format",
            Rejection::UnknownKey { .. } => "unknown_key",
            Rejection::BadSignature => "bad_signature",
            Rejection::OtherMachine => "other_machine",
            Rejection::NotYetValid { .. } => "not_yet_valid",
            Rejection::Expired { .. } => "expired",
        }
    }
}

/// The file's two parts, decoded: the payload bytes and the signature.
fn split(file: &[u8]) -> Result<(Vec<u8>, Signature), Rejection> {
    // One line; a single line ending after it (LF or CRLF) is ignored, nothing else is.
    let line = file
        .strip_suffix(b"\r\n")
        .or_else(|| file.strip_suffix(b"\n"))
        .unwrap_or(file);
    let rest = line
        .strip_prefix(PREFIX.as_bytes())
        .ok_or(Rejection::Malformed("prefix"))?;
    let mut parts = rest.split(|&b| b == b'.');
    let (Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Rejection::Malformed("parts"));
    };
    // The engine refuses padding, any character outside the URL-safe alphabet and a last
    // character with bits set that encode nothing: every byte of the text is significant.
    let payload = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| Rejection::Malformed("payload base64url"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| Rejection::Malformed("signature base64url"))?;
    let signature: [u8; 64] = signature
        .try_into()
        .map_err(|_| Rejection::Malformed("signature length"))?;
    Ok((payload, Signature::from_bytes(&signature)))
}

fn decode_error(e: payload::DecodeError) -> Rejection {
    match e {
        payload::DecodeError::Malformed(what) => Rejection::Malformed(what),
        payload::DecodeError::UnsupportedFormat(v) => Rejection::UnsupportedFormat(v),
    }
}

/// Verifies a licence file for this machine at this instant.
///
/// `keys` are the public keys this software trusts, each with its key id (`kid`); the file
/// names the key that signed it, and any key in the list may be it, so during a rotation a
/// build holds the old and the new. `fingerprint` is this machine's, computed as it was when
/// the machine was activated. `now` is the current instant (the crate reads no clock).
///
/// The checks run in this order, the first failing one is the answer: the text form and the
/// header (malformed, unsupported format), the key id (unknown key), the Ed25519 signature over
/// the payload's bytes (bad signature: `verify_strict`, which also refuses non-canonical and
/// small-order encodings), then the verified payload (malformed if it breaks a rule of the
/// format), the machine (other machine) and the validity `valid_from <= now < valid_to` (not
/// yet valid, expired).
pub fn verify<K: AsRef<str>>(
    file: impl AsRef<[u8]>,
    keys: &[(K, VerifyingKey)],
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Licence, Rejection> {
    let (bytes, signature) = split(file.as_ref())?;
    let (_, kid) = payload::decode_header(&bytes).map_err(decode_error)?;
    let key = keys
        .iter()
        .find(|(k, _)| k.as_ref() == kid)
        .map(|(_, key)| key)
        .ok_or(Rejection::UnknownKey { kid })?;
    key.verify_strict(&bytes, &signature)
        .map_err(|_| Rejection::BadSignature)?;
    let licence = payload::decode(&bytes).map_err(decode_error)?;
    let p = &licence.payload;
    if p.fingerprint != fingerprint {
        return Err(Rejection::OtherMachine);
    }
    if now < p.valid_from {
        return Err(Rejection::NotYetValid {
            valid_from: p.valid_from,
        });
    }
    if now >= p.valid_to {
        return Err(Rejection::Expired {
            valid_to: p.valid_to,
        });
    }
    Ok(licence)
}

/// Why a public key's text is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an Ed25519 public key: {0}")]
pub struct KeyError(&'static str);

/// A public key from its text form: the base64url (no padding) of its 32 bytes (RFC 8032's
/// encoding), as the key list shipped with the software writes it.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, KeyError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| KeyError("not base64url"))?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| KeyError("not 32 bytes"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError("not a point of the curve"))
}

/// A public key's text form (see [`parse_public_key`]).
pub fn public_key_text(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}
