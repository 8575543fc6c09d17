//! The crate's tests. They live inside the crate so that they reach [`crate::sign`] without the
//! `sign` feature (which the library leaves off by default).

mod props;
mod tampering;
mod vectors;

use chrono::{DateTime, Utc};

use crate::{parse_signing_key, LicenceType, Payload, SigningKey, Versions};

/// RFC 8032 section 7.1, TEST 1: a published test key, never a real one.
pub const TEST_SEED: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
/// Its public key.
pub const TEST_PUBLIC: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
/// RFC 8032 section 7.1, TEST 2's seed: the "new" key of the rotation tests.
pub const TEST_SEED_2: &str = "TM0Imyj_ltqdtsNG7BFOD1uKMZ81q6Yk2oz27U-4pvs";
/// Its public key.
pub const TEST_PUBLIC_2: &str = "PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw";

pub fn key() -> SigningKey {
    parse_signing_key(TEST_SEED).unwrap()
}

pub fn key_2() -> SigningKey {
    parse_signing_key(TEST_SEED_2).unwrap()
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Vector 1: a multiseat licence's year, every version.
pub fn multiseat() -> Payload {
    Payload {
        code: "7KQM-3XWD-RP9T-HN4C".into(),
        product: "harmony-premium".into(),
        versions: Versions::Every,
        fingerprint: "6f1ed002ab5595859014ebf0951522d9".into(),
        licence_type: LicenceType::Multiseat,
        seats: 5,
        issued_at: at("2026-12-01T15:04:05Z"),
        valid_from: at("2026-12-01T00:00:00Z"),
        valid_to: at("2027-12-01T00:00:00Z"),
    }
}

/// Vector 2: a node lock restricted to two versions, starting next month.
pub fn node_lock() -> Payload {
    Payload {
        code: "W9ZC-QH5T-2MRA-8KXE".into(),
        product: "storyboard-pro".into(),
        versions: Versions::only(["25.1", "24"]),
        fingerprint: "machine:4e0a77c1-fb3e-4a7e-9d1f-2c7b0d9e5a11".into(),
        licence_type: LicenceType::NodeLock,
        seats: 1,
        issued_at: at("2026-12-01T15:04:05Z"),
        valid_from: at("2027-01-01T00:00:00Z"),
        valid_to: at("2027-07-01T00:00:00Z"),
    }
}

/// Vector 3: a floating seat borrowed for 72 hours, one version.
pub fn borrowed() -> Payload {
    Payload {
        code: "HN4C-7KQM-RP9T-3XWD".into(),
        product: "harmony-premium".into(),
        versions: Versions::only(["25.1"]),
        fingerprint: "6f1ed002ab5595859014ebf0951522d9".into(),
        licence_type: LicenceType::Floating,
        seats: 10,
        issued_at: at("2026-12-01T15:04:05Z"),
        valid_from: at("2026-12-01T15:04:05Z"),
        valid_to: at("2026-12-04T15:04:05Z"),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
