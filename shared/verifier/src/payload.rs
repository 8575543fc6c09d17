//! The canonical payload: what a licence file says, and its one byte encoding
//! (docs/licence-file.md, "The payload").
//!
//! The encoding is a fixed-order binary one: every field in the same place, every string
//! length-prefixed, every integer big-endian, nothing optional but the version list (which a tag
//! announces), no trailing bytes. One payload has exactly one encoding and one encoding decodes
//! to exactly one payload: `decode(encode(p)) == p`, and `decode` refuses any byte string that
//! `encode` could not have written (a list out of order, a trailing byte, a bit of a tag that
//! means nothing), so two different files never say the same licence.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

/// The first bytes of every payload: the format's name, which is also what keeps an ELP licence
/// signature from ever standing for another kind of message signed with the same key.
pub const MAGIC: &[u8; 11] = b"elp-licence";

/// The format version this crate writes and reads.
pub const FORMAT_VERSION: u8 = 1;

/// The longest string a payload holds (its length prefix is a `u16`).
pub const MAX_STRING: usize = u16::MAX as usize;

/// Which versions of the product the licence allows, per the organisation's version policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Versions {
    /// The policy's restriction is off: every version, including later ones.
    Every,
    /// The restriction is on: only these versions (sorted and unique by construction; an empty
    /// set allows no version at all, which is not the same as [`Versions::Every`]).
    Only(BTreeSet<String>),
}

impl Versions {
    /// Only the versions given (in any order, duplicates dropped).
    pub fn only<I, S>(versions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Versions::Only(versions.into_iter().map(Into::into).collect())
    }

    /// Whether `version` (compared exactly, as the catalogue writes it: `25.1`) is allowed.
    pub fn allows(&self, version: &str) -> bool {
        match self {
            Versions::Every => true,
            Versions::Only(set) => set.contains(version),
        }
    }
}

/// How the licence is used (the portal's licence types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LicenceType {
    /// One computer (`seats` is 1).
    NodeLock,
    /// One key activated on `seats` computers.
    Multiseat,
    /// A server licence shared by `seats` concurrent seats.
    Floating,
}

impl LicenceType {
    /// Its byte in the payload.
    pub const fn byte(self) -> u8 {
        match self {
            LicenceType::NodeLock => 1,
            LicenceType::Multiseat => 2,
            LicenceType::Floating => 3,
        }
    }

    /// The type a payload byte stands for.
    pub const fn from_byte(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(LicenceType::NodeLock),
            2 => Some(LicenceType::Multiseat),
            3 => Some(LicenceType::Floating),
            _ => None,
        }
    }

    /// Its stable name, as the API writes it (`node_lock`, `multiseat`, `floating`).
    pub const fn code(self) -> &'static str {
        match self {
            LicenceType::NodeLock => "node_lock",
            LicenceType::Multiseat => "multiseat",
            LicenceType::Floating => "floating",
        }
    }
}

/// What the service signs: the licence as one machine may use it, for a while.
///
/// Instants are UTC and whole seconds (the file counts seconds since 1970-01-01T00:00:00Z). A
/// licence's term, which is by day, is `valid_from` = its start day at 00:00:00Z and `valid_to`
/// = its expiry day at 00:00:00Z (expiry is exclusive, decision 1); a borrowed seat's file may
/// end at any second.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Payload {
    /// The licence's activation code, as the portal shows it.
    pub code: String,
    /// The product's id in the catalogue (`harmony-premium`).
    pub product: String,
    /// The versions it allows.
    pub versions: Versions,
    /// The machine the file is bound to: an opaque string the desktop software computes.
    pub fingerprint: String,
    /// The licence's type.
    pub licence_type: LicenceType,
    /// Computers (multiseat) or concurrent seats (floating); 1 for a node lock.
    pub seats: u32,
    /// When the service signed it.
    pub issued_at: DateTime<Utc>,
    /// The first instant the file is valid.
    pub valid_from: DateTime<Utc>,
    /// The first instant the file is no longer valid (exclusive).
    pub valid_to: DateTime<Utc>,
}

/// A licence file that verified: the payload and the header fields the file carried.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Licence {
    /// The payload's format version ([`FORMAT_VERSION`]).
    pub format: u8,
    /// The id of the key that signed it.
    pub kid: String,
    /// What it says.
    pub payload: Payload,
}

impl Licence {
    /// Whether the licence allows `version` of its product.
    pub fn allows_version(&self, version: &str) -> bool {
        self.payload.versions.allows(version)
    }
}

/// Why a payload cannot be written (or, when read, why it is not one `encode` could write).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {why}")]
pub struct Invalid {
    /// The field.
    pub field: &'static str,
    /// What is wrong with it.
    pub why: &'static str,
}

const fn invalid(field: &'static str, why: &'static str) -> Invalid {
    Invalid { field, why }
}

fn check_string(field: &'static str, value: &str) -> Result<(), Invalid> {
    if value.is_empty() {
        return Err(invalid(field, "is empty"));
    }
    if value.len() > MAX_STRING {
        return Err(invalid(field, "is longer than 65535 bytes"));
    }
    Ok(())
}

fn seconds(field: &'static str, at: &DateTime<Utc>) -> Result<i64, Invalid> {
    if at.timestamp_subsec_nanos() != 0 {
        return Err(invalid(field, "is not a whole second"));
    }
    Ok(at.timestamp())
}

/// The rules every payload keeps, written and read alike.
pub fn check(kid: &str, payload: &Payload) -> Result<(), Invalid> {
    check_string("kid", kid)?;
    check_string("code", &payload.code)?;
    check_string("product", &payload.product)?;
    if let Versions::Only(set) = &payload.versions {
        if set.len() > usize::from(u16::MAX) {
            return Err(invalid("versions", "lists more than 65535 versions"));
        }
        for version in set {
            check_string("versions", version)?;
        }
    }
    check_string("fingerprint", &payload.fingerprint)?;
    if payload.seats == 0 {
        return Err(invalid("seats", "is 0"));
    }
    if payload.licence_type == LicenceType::NodeLock && payload.seats != 1 {
        return Err(invalid("seats", "is not 1 for a node lock"));
    }
    seconds("issued_at", &payload.issued_at)?;
    let from = seconds("valid_from", &payload.valid_from)?;
    let to = seconds("valid_to", &payload.valid_to)?;
    if to <= from {
        return Err(invalid("valid_to", "is not after valid_from"));
    }
    Ok(())
}

#[cfg(any(feature = "sign", test))]
fn put_string(out: &mut Vec<u8>, value: &str) {
    let len = u16::try_from(value.len()).expect("checked: at most 65535 bytes");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(value.as_bytes());
}

/// The payload's canonical bytes, signed with `kid`. Refuses a payload [`check`] refuses.
/// Only the signer writes payloads, so the verifier is built without it.
#[cfg(any(feature = "sign", test))]
pub fn encode(kid: &str, payload: &Payload) -> Result<Vec<u8>, Invalid> {
    check(kid, payload)?;
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    put_string(&mut out, kid);
    put_string(&mut out, &payload.code);
    put_string(&mut out, &payload.product);
    match &payload.versions {
        Versions::Every => out.push(0),
        Versions::Only(set) => {
            out.push(1);
            let count = u16::try_from(set.len()).expect("checked: at most 65535 versions");
            out.extend_from_slice(&count.to_be_bytes());
            for version in set {
                put_string(&mut out, version);
            }
        }
    }
    put_string(&mut out, &payload.fingerprint);
    out.push(payload.licence_type.byte());
    out.extend_from_slice(&payload.seats.to_be_bytes());
    for at in [&payload.issued_at, &payload.valid_from, &payload.valid_to] {
        out.extend_from_slice(&at.timestamp().to_be_bytes());
    }
    Ok(out)
}

/// Why bytes are not a payload of this format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not a payload this format's encoder could have written.
    Malformed(&'static str),
    /// A payload of another format version (the byte after the magic).
    UnsupportedFormat(u8),
}

/// A cursor over untrusted bytes: every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        if self.bytes.len() < n {
            return Err(DecodeError::Malformed(what));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(N, what)?;
        Ok(bytes.try_into().expect("took N bytes"))
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    fn string(&mut self, what: &'static str) -> Result<String, DecodeError> {
        let len = self.u16(what)?;
        let bytes = self.take(usize::from(len), what)?;
        let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::Malformed(what))?;
        Ok(text.to_owned())
    }

    fn instant(&mut self, what: &'static str) -> Result<DateTime<Utc>, DecodeError> {
        let secs = i64::from_be_bytes(self.array(what)?);
        DateTime::from_timestamp(secs, 0).ok_or(DecodeError::Malformed(what))
    }
}

/// The fields a verifier reads before it checks the signature: the format version and the
/// key id, which say how to read the rest and which key to check it with. Nothing else of an
/// unverified payload is read.
pub fn decode_header(bytes: &[u8]) -> Result<(u8, String), DecodeError> {
    let mut r = Reader { bytes };
    if r.take(MAGIC.len(), "magic")? != MAGIC {
        return Err(DecodeError::Malformed("magic"));
    }
    let format = r.u8("format")?;
    if format != FORMAT_VERSION {
        return Err(DecodeError::UnsupportedFormat(format));
    }
    let kid = r.string("kid")?;
    Ok((format, kid))
}

/// The licence the bytes encode, refusing anything [`encode`] could not have written.
pub fn decode(bytes: &[u8]) -> Result<Licence, DecodeError> {
    let (format, kid) = decode_header(bytes)?;
    let mut r = Reader {
        bytes: &bytes[MAGIC.len() + 1 + 2 + kid.len()..],
    };
    let code = r.string("code")?;
    let product = r.string("product")?;
    let versions = match r.u8("versions")? {
        0 => Versions::Every,
        1 => {
            let count = r.u16("versions")?;
            let mut set = BTreeSet::new();
            for _ in 0..count {
                let version = r.string("versions")?;
                // Strictly ascending: one order, no duplicate, so one encoding per set.
                if set.last().is_some_and(|last: &String| *last >= version) {
                    return Err(DecodeError::Malformed("versions"));
                }
                set.insert(version);
            }
            Versions::Only(set)
        }
        _ => return Err(DecodeError::Malformed("versions")),
    };
    let fingerprint = r.string("fingerprint")?;
    let licence_type = LicenceType::from_byte(r.u8("licence_type")?)
        .ok_or(DecodeError::Malformed("licence_type"))?;
    let seats = u32::from_be_bytes(r.array("seats")?);
    let issued_at = r.instant("issued_at")?;
    let valid_from = r.instant("valid_from")?;
    let valid_to = r.instant("valid_to")?;
    if !r.bytes.is_empty() {
        return Err(DecodeError::Malformed("trailing bytes"));
    }
    let payload = Payload {
        code,
        product,
        versions,
        fingerprint,
        licence_type,
        seats,
        issued_at,
        valid_from,
        valid_to,
    };
    check(&kid, &payload).map_err(|e| DecodeError::Malformed(e.field))?;
    Ok(Licence {
        format,
        kid,
        payload,
    })
}
