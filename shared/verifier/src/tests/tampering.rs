//! What the verifier refuses, and why.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::Duration;
use ed25519_dalek::Signer as _;

use super::*;
use crate::payload::{encode, MAGIC};
use crate::{sign, verify, Licence, Rejection, VerifyingKey, FORMAT_VERSION, PREFIX};

fn keys() -> [(&'static str, VerifyingKey); 1] {
    [("test-1", key().verifying_key())]
}

fn file(payload: &Payload) -> String {
    sign(payload, &key(), "test-1").unwrap()
}

/// The file's payload bytes and signature bytes, decoded.
fn parts(file: &str) -> (Vec<u8>, Vec<u8>) {
    let rest = file.strip_prefix(PREFIX).unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();
    (
        URL_SAFE_NO_PAD.decode(payload).unwrap(),
        URL_SAFE_NO_PAD.decode(signature).unwrap(),
    )
}

fn assemble(payload: &[u8], signature: &[u8]) -> String {
    format!(
        "{PREFIX}{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// A file whose signature is genuine over bytes that are not a payload `encode` writes.
fn signed_raw(payload: &[u8]) -> String {
    assemble(payload, &key().sign(payload).to_bytes())
}

type ChangeBytes = Box<dyn Fn(&mut Vec<u8>)>;
type ChangePayload = Box<dyn Fn(&mut Payload)>;

fn check(file: &str, payload: &Payload, now: DateTime<Utc>) -> Result<Licence, Rejection> {
    verify(file, &keys(), &payload.fingerprint, now)
}

#[test]
fn a_file_round_trips() {
    for payload in [multiseat(), node_lock(), borrowed()] {
        let licence = check(&file(&payload), &payload, payload.valid_from).unwrap();
        assert_eq!(
            licence,
            Licence {
                format: FORMAT_VERSION,
                kid: "test-1".into(),
                payload: payload.clone(),
            }
        );
    }
}

#[test]
fn flipping_any_bit_of_the_payload_or_the_signature_is_refused() {
    let payload = multiseat();
    let (bytes, signature) = parts(&file(&payload));
    // The bytes before the key id's end are read before the signature is checked.
    let header = MAGIC.len() + 1 + 2 + "test-1".len();
    let now = payload.valid_from;
    for i in 0..bytes.len() {
        for mask in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff] {
            let mut changed = bytes.clone();
            changed[i] ^= mask;
            let answer = check(&assemble(&changed, &signature), &payload, now).unwrap_err();
            let code = answer.code();
            if i < MAGIC.len() {
                assert_eq!(code, "malformed", "magic byte {i}");
            } else if i == MAGIC.len() {
                assert_eq!(code, "unsupported_format", "format byte");
            } else if i < header {
                assert!(
                    ["malformed", "unknown_key"].contains(&code),
                    "kid byte {i}: {answer:?}"
                );
            } else {
                assert_eq!(code, "bad_signature", "payload byte {i} ^ {mask:#x}");
            }
        }
    }
    for i in 0..signature.len() {
        for mask in [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff] {
            let mut changed = signature.clone();
            changed[i] ^= mask;
            let answer = check(&assemble(&bytes, &changed), &payload, now).unwrap_err();
            assert_eq!(
                answer,
                Rejection::BadSignature,
                "signature byte {i} ^ {mask:#x}"
            );
        }
    }
}

#[test]
fn changing_any_byte_of_the_text_to_any_other_is_refused() {
    let payload = node_lock();
    let text = file(&payload).into_bytes();
    let now = payload.valid_from;
    for i in 0..text.len() {
        for b in 0..=255u8 {
            if b == text[i] {
                continue;
            }
            let mut changed = text.clone();
            changed[i] = b;
            assert!(
                verify(&changed, &keys(), &payload.fingerprint, now).is_err(),
                "byte {i} changed to {b:#x}"
            );
        }
    }
}

#[test]
fn one_line_ending_is_ignored_and_nothing_else() {
    let payload = multiseat();
    let text = file(&payload);
    let now = payload.valid_from;
    for ok in [format!("{text}\n"), format!("{text}\r\n")] {
        assert!(check(&ok, &payload, now).is_ok(), "{ok:?}");
    }
    for bad in [
        format!("{text}\n\n"),
        format!("{text}\r"),
        format!("{text} "),
        format!(" {text}"),
        format!("\n{text}"),
        format!("{text}="),
        format!("{text}."),
        text.to_uppercase(),
        text.replacen('.', "\n", 2),
        String::new(),
        PREFIX.to_owned(),
    ] {
        assert_eq!(
            check(&bad, &payload, now).unwrap_err().code(),
            "malformed",
            "{bad:?}"
        );
    }
    // Wrapped like an email client might: not the same file.
    let (head, tail) = text.split_at(64);
    assert!(check(&format!("{head}\n{tail}"), &payload, now).is_err());
}

#[test]
fn another_machines_fingerprint_is_refused() {
    let payload = multiseat();
    let text = file(&payload);
    for other in [
        "6f1ed002ab5595859014ebf0951522d8",
        "6F1ED002AB5595859014EBF0951522D9",
        "6f1ed002ab5595859014ebf0951522d9 ",
        "6f1ed002ab5595859014ebf0951522d",
        "",
    ] {
        assert_eq!(
            verify(&text, &keys(), other, payload.valid_from),
            Err(Rejection::OtherMachine),
            "{other:?}"
        );
    }
}

#[test]
fn validity_runs_from_valid_from_included_to_valid_to_excluded() {
    let payload = borrowed();
    let text = file(&payload);
    let second = Duration::seconds(1);
    assert!(check(&text, &payload, payload.valid_from).is_ok());
    assert!(check(&text, &payload, payload.valid_to - second).is_ok());
    assert_eq!(
        check(&text, &payload, payload.valid_from - second),
        Err(Rejection::NotYetValid {
            valid_from: payload.valid_from
        })
    );
    assert_eq!(
        check(&text, &payload, payload.valid_to),
        Err(Rejection::Expired {
            valid_to: payload.valid_to
        })
    );
    assert_eq!(
        check(&text, &payload, at("2030-01-01T00:00:00Z"))
            .unwrap_err()
            .code(),
        "expired"
    );
    // A fraction of a second before the start is before the start.
    assert_eq!(
        check(
            &text,
            &payload,
            payload.valid_from - Duration::milliseconds(1)
        )
        .unwrap_err()
        .code(),
        "not_yet_valid"
    );
}

#[test]
fn the_machine_is_checked_before_the_time() {
    let payload = multiseat();
    let text = file(&payload);
    assert_eq!(
        verify(&text, &keys(), "another", payload.valid_to),
        Err(Rejection::OtherMachine)
    );
}

#[test]
fn an_unknown_kid_is_refused() {
    let payload = multiseat();
    let text = sign(&payload, &key(), "test-9").unwrap();
    assert_eq!(
        check(&text, &payload, payload.valid_from),
        Err(Rejection::UnknownKey {
            kid: "test-9".into()
        })
    );
    // No key at all.
    let none: [(&str, VerifyingKey); 0] = [];
    assert_eq!(
        verify(&text, &none, &payload.fingerprint, payload.valid_from)
            .unwrap_err()
            .code(),
        "unknown_key"
    );
}

#[test]
fn a_kid_names_its_key_and_no_other() {
    let payload = multiseat();
    // Signed by the second key but naming the first's kid: the first key is the one checked.
    let text = sign(&payload, &key_2(), "test-1").unwrap();
    assert_eq!(
        check(&text, &payload, payload.valid_from),
        Err(Rejection::BadSignature)
    );
    // A trusted key listed under another kid does not verify a file naming this one.
    let text = file(&payload);
    let keys = [("test-2", key().verifying_key())];
    assert_eq!(
        verify(&text, &keys, &payload.fingerprint, payload.valid_from)
            .unwrap_err()
            .code(),
        "unknown_key"
    );
}

#[test]
fn a_rotated_key_set_verifies_old_and_new_files() {
    let payload = multiseat();
    let old = sign(&payload, &key(), "2026-a").unwrap();
    let new = sign(&payload, &key_2(), "2027-a").unwrap();
    let both = vec![
        ("2026-a".to_owned(), key().verifying_key()),
        ("2027-a".to_owned(), key_2().verifying_key()),
    ];
    for (text, kid) in [(&old, "2026-a"), (&new, "2027-a")] {
        let licence = verify(text, &both, &payload.fingerprint, payload.valid_from).unwrap();
        assert_eq!(licence.kid, kid);
        assert_eq!(licence.payload, payload);
    }
    // Once the old kid is withdrawn, its files are refused and the new ones still verify.
    let new_only = &both[1..];
    assert_eq!(
        verify(&old, new_only, &payload.fingerprint, payload.valid_from)
            .unwrap_err()
            .code(),
        "unknown_key"
    );
    assert!(verify(&new, new_only, &payload.fingerprint, payload.valid_from).is_ok());
}

#[test]
fn a_later_format_version_is_unsupported_even_when_signed() {
    let payload = multiseat();
    let mut bytes = encode("test-1", &payload).unwrap();
    bytes[MAGIC.len()] = 2;
    assert_eq!(
        check(&signed_raw(&bytes), &payload, payload.valid_from),
        Err(Rejection::UnsupportedFormat(2))
    );
}

/// The payload of vector 2 with one change, signed: genuine, but not a payload `encode` writes.
fn non_canonical(change: impl Fn(&mut Vec<u8>)) -> Rejection {
    let payload = node_lock();
    let mut bytes = encode("test-1", &payload).unwrap();
    change(&mut bytes);
    check(&signed_raw(&bytes), &payload, payload.valid_from).unwrap_err()
}

#[test]
fn a_genuine_signature_over_a_non_canonical_payload_is_malformed() {
    // Vector 2's layout: the versions tag follows the product; its list is "24", "25.1".
    let node_lock = encode("test-1", &node_lock()).unwrap();
    let tag = node_lock
        .windows(b"storyboard-pro".len())
        .position(|w| w == b"storyboard-pro")
        .unwrap()
        + b"storyboard-pro".len();
    assert_eq!(node_lock[tag], 1);
    let list = tag + 3;
    assert_eq!(&node_lock[list..list + 4], b"\x00\x0224");

    let cases: Vec<(&str, ChangeBytes)> = vec![
        ("a trailing byte", Box::new(|b: &mut Vec<u8>| b.push(0))),
        (
            "a missing byte",
            Box::new(|b: &mut Vec<u8>| {
                b.pop();
            }),
        ),
        (
            "an unknown versions tag",
            Box::new(move |b: &mut Vec<u8>| b[tag] = 2),
        ),
        (
            "versions out of order",
            Box::new(move |b: &mut Vec<u8>| {
                // "24","25.1" becomes "25.1","24".
                let swapped = [&b"\x00\x0425.1"[..], b"\x00\x0224"].concat();
                b.splice(list..list + 10, swapped);
            }),
        ),
        (
            "a version twice",
            Box::new(move |b: &mut Vec<u8>| {
                let twice = [&b"\x00\x0224"[..], b"\x00\x0224", b"\x00\x0224"].concat();
                b.splice(list..list + 10, twice);
                b[list - 1] = 3;
            }),
        ),
        (
            "an unknown licence type",
            Box::new(|b: &mut Vec<u8>| {
                let at = b.len() - 3 * 8 - 4 - 1;
                b[at] = 4;
            }),
        ),
        (
            "a node lock of two seats",
            Box::new(|b: &mut Vec<u8>| {
                let at = b.len() - 3 * 8 - 1;
                b[at] = 2;
            }),
        ),
        (
            "valid_to before valid_from",
            Box::new(|b: &mut Vec<u8>| {
                let n = b.len();
                let (from, to) = (b[n - 16..n - 8].to_vec(), b[n - 8..].to_vec());
                b[n - 16..n - 8].copy_from_slice(&to);
                b[n - 8..].copy_from_slice(&from);
            }),
        ),
        (
            "an instant chrono cannot hold",
            Box::new(|b: &mut Vec<u8>| {
                let n = b.len();
                b[n - 8..].copy_from_slice(&i64::MAX.to_be_bytes());
            }),
        ),
        (
            "a string that is not UTF-8",
            Box::new(move |b: &mut Vec<u8>| b[tag - 1] = 0xff),
        ),
    ];
    for (what, change) in cases {
        assert_eq!(non_canonical(change).code(), "malformed", "{what}");
    }
}

#[test]
fn versions_every_only_and_none_are_three_answers() {
    let mut payload = multiseat();
    for (versions, allowed) in [
        (Versions::Every, [true, true, true]),
        (Versions::only(["24", "25.1"]), [false, true, true]),
        (Versions::only(Vec::<String>::new()), [false, false, false]),
    ] {
        payload.versions = versions.clone();
        let licence = check(&file(&payload), &payload, payload.valid_from).unwrap();
        assert_eq!(licence.payload.versions, versions);
        for (version, allowed) in ["22", "24", "25.1"].into_iter().zip(allowed) {
            assert_eq!(
                licence.allows_version(version),
                allowed,
                "{versions:?} {version}"
            );
        }
    }
    // "No version" and "every version" are different bytes.
    payload.versions = Versions::Every;
    let every = encode("test-1", &payload).unwrap();
    payload.versions = Versions::only(Vec::<String>::new());
    let none = encode("test-1", &payload).unwrap();
    assert_ne!(every, none);
    assert_eq!(none.len(), every.len() + 2);
}

#[test]
fn sign_refuses_what_the_format_cannot_carry() {
    let cases: Vec<(&str, &str, ChangePayload)> = vec![
        ("code", "is empty", Box::new(|p| p.code.clear())),
        ("product", "is empty", Box::new(|p| p.product.clear())),
        (
            "fingerprint",
            "is empty",
            Box::new(|p| p.fingerprint.clear()),
        ),
        (
            "fingerprint",
            "is longer than 65535 bytes",
            Box::new(|p| p.fingerprint = "x".repeat(65_536)),
        ),
        (
            "versions",
            "is empty",
            Box::new(|p| p.versions = Versions::only([""])),
        ),
        ("seats", "is 0", Box::new(|p| p.seats = 0)),
        (
            "seats",
            "is not 1 for a node lock",
            Box::new(|p| {
                p.licence_type = LicenceType::NodeLock;
                p.seats = 2
            }),
        ),
        (
            "issued_at",
            "is not a whole second",
            Box::new(|p| p.issued_at += Duration::milliseconds(500)),
        ),
        (
            "valid_to",
            "is not after valid_from",
            Box::new(|p| p.valid_to = p.valid_from),
        ),
    ];
    for (field, why, change) in cases {
        let mut payload = multiseat();
        change(&mut payload);
        let refused = sign(&payload, &key(), "test-1").unwrap_err();
        assert_eq!((refused.field, refused.why), (field, why));
    }
    let refused = sign(&multiseat(), &key(), "").unwrap_err();
    assert_eq!(refused.field, "kid");
    // The longest string the format carries is fine.
    let mut payload = multiseat();
    payload.fingerprint = "x".repeat(65_535);
    let text = file(&payload);
    assert!(check(&text, &payload, payload.valid_from).is_ok());
}

#[test]
fn the_codes_are_stable() {
    let t = at("2027-01-01T00:00:00Z");
    let codes: Vec<_> = [
        Rejection::Malformed("x"),
        Rejection::UnsupportedFormat(2),
        Rejection::UnknownKey { kid: "k".into() },
        Rejection::BadSignature,
        Rejection::OtherMachine,
        Rejection::NotYetValid { valid_from: t },
        Rejection::Expired { valid_to: t },
    ]
    .iter()
    .map(Rejection::code)
    .collect();
    assert_eq!(
        codes,
        [
            "malformed",
            "unsupported_format",
            "unknown_key",
            "bad_signature",
            "other_machine",
            "not_yet_valid",
            "expired"
        ]
    );
}

#[test]
fn key_texts_are_checked() {
    use crate::{parse_public_key, parse_signing_key};
    assert!(parse_public_key(TEST_PUBLIC).is_ok());
    for bad in [
        "",
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR",
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo",
        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoA",
    ] {
        assert!(parse_public_key(bad).is_err(), "{bad:?}");
        assert!(parse_signing_key(bad).is_err(), "{bad:?}");
    }
}
