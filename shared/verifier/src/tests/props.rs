//! Properties over any payload: it round-trips, and no single-byte change of its file verifies.

use chrono::{DateTime, Utc};
use proptest::collection::btree_set;
use proptest::prelude::*;

use super::*;
use crate::{sign, verify};

/// Within chrono's range and well beyond any licence's.
const YEAR_9999: i64 = 253_402_300_799;

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode except control characters, up to 40 characters (up to 160 bytes).
    "\\PC{1,40}"
}

fn versions() -> impl Strategy<Value = Versions> {
    prop_oneof![
        Just(Versions::Every),
        btree_set(text(), 0..6).prop_map(Versions::Only),
    ]
}

fn licence_type_and_seats() -> impl Strategy<Value = (LicenceType, u32)> {
    prop_oneof![
        Just((LicenceType::NodeLock, 1)),
        (1..=u32::MAX).prop_map(|n| (LicenceType::Multiseat, n)),
        (1..=u32::MAX).prop_map(|n| (LicenceType::Floating, n)),
    ]
}

prop_compose! {
    fn payload()(
        code in text(),
        product in text(),
        versions in versions(),
        fingerprint in text(),
        (licence_type, seats) in licence_type_and_seats(),
        issued_at in -YEAR_9999..YEAR_9999,
        valid_from in -YEAR_9999..YEAR_9999 - 1,
        length in 1..=10 * 366 * 86_400i64,
    ) -> Payload {
        Payload {
            code,
            product,
            versions,
            fingerprint,
            licence_type,
            seats,
            issued_at: instant(issued_at),
            valid_from: instant(valid_from),
            valid_to: instant((valid_from + length).min(YEAR_9999)),
        }
    }
}

proptest! {
    #[test]
    fn any_payload_round_trips(payload in payload(), kid in text(), into in 0.0..1.0f64) {
        let file = sign(&payload, &key(), &kid).unwrap();
        let keys = [(kid.as_str(), key().verifying_key())];
        // Any instant of its validity.
        let span = (payload.valid_to - payload.valid_from).num_seconds();
        let now = payload.valid_from + chrono::Duration::seconds((span as f64 * into) as i64);
        let licence = verify(&file, &keys, &payload.fingerprint, now).unwrap();
        prop_assert_eq!(licence.kid, kid);
        prop_assert_eq!(licence.payload, payload);
    }

    #[test]
    fn any_single_byte_change_of_the_file_is_refused(
        payload in payload(),
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        line_ending in prop_oneof![Just(""), Just("\n"), Just("\r\n")],
    ) {
        let file = format!("{}{line_ending}", sign(&payload, &key(), "test-1").unwrap());
        let keys = [("test-1", key().verifying_key())];
        let now = payload.valid_from;
        prop_assert!(verify(&file, &keys, &payload.fingerprint, now).is_ok());
        let mut changed = file.into_bytes();
        let i = position.index(changed.len());
        prop_assume!(changed[i] != byte);
        changed[i] = byte;
        prop_assert!(verify(&changed, &keys, &payload.fingerprint, now).is_err());
    }
}
