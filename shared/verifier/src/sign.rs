//! The service's half: a payload signed into a licence file. Compiled only with the `sign`
//! feature (and in this crate's tests), so the verifier the desktop software embeds carries no
//! signing code.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::Signer as _;
use zeroize::Zeroizing;

pub use ed25519_dalek::SigningKey;

use crate::payload::{encode, Invalid, Payload};
use crate::{KeyError, PREFIX};

/// The licence file for `payload`, signed with `signing_key` under the key id `kid`:
/// `elp-licence.<payload>.<signature>`, one line without a line ending. Ed25519 is
/// deterministic, so the same payload, key and kid always give the same file.
///
/// Refuses (and says which field) a payload the format cannot carry: an empty string, one
/// longer than 65535 bytes, an instant with a fraction of a second, `valid_to` not after
/// `valid_from`, 0 seats, a node lock of more than one seat.
pub fn sign(payload: &Payload, signing_key: &SigningKey, kid: &str) -> Result<String, Invalid> {
    let bytes = encode(kid, payload)?;
    let signature = signing_key.sign(&bytes);
    Ok(format!(
        "{PREFIX}{}.{}",
        URL_SAFE_NO_PAD.encode(&bytes),
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// A signing key from its text form: the base64url (no padding) of its 32-byte seed (RFC
/// 8032's secret key), as the service's secret holds it. The decoded seed is wiped after use.
pub fn parse_signing_key(text: &str) -> Result<SigningKey, KeyError> {
    let bytes = Zeroizing::new(
        URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| KeyError("not base64url"))?,
    );
    let seed: Zeroizing<[u8; 32]> = Zeroizing::new(
        bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError("not 32 bytes"))?,
    );
    Ok(SigningKey::from_bytes(&seed))
}
