//! The test vectors of docs/licence-file.md, byte for byte.

use super::*;
use crate::payload::{decode, encode};
use crate::{parse_public_key, public_key_text, sign, verify, FORMAT_VERSION};

const DOC: &str = include_str!("../../../../docs/licence-file.md");

struct Vector {
    kid: &'static str,
    payload: fn() -> Payload,
    payload_hex: &'static str,
    file: &'static str,
}

const VECTORS: [Vector; 3] = [
    Vector {
        kid: "test-1",
        payload: multiseat,
        payload_hex: "656c702d6c6963656e6365010006746573742d310013374b514d2d335857442d525039542d484e3443000f6861726d6f6e792d7072656d69756d00002036663165643030326162353539353835393031346562663039353135323264390200000005000000006b0ee1e5000000006b0e0e00000000006cef4180",
        file: "elp-licence.ZWxwLWxpY2VuY2UBAAZ0ZXN0LTEAEzdLUU0tM1hXRC1SUDlULUhONEMAD2hhcm1vbnktcHJlbWl1bQAAIDZmMWVkMDAyYWI1NTk1ODU5MDE0ZWJmMDk1MTUyMmQ5AgAAAAUAAAAAaw7h5QAAAABrDg4AAAAAAGzvQYA.p41emcXrvMoU6XH8TKTIJdLMblusjlGlC5LEniJuK28QOGBskQtMSg3Dzh6OShiA_gbHeMjKFmpw1WBiotE1DA",
    },
    Vector {
        kid: "test-1",
        payload: node_lock,
        payload_hex: "656c702d6c6963656e6365010006746573742d31001357395a432d514835542d324d52412d384b5845000e73746f7279626f6172642d70726f01000200023234000432352e31002c6d616368696e653a34653061373763312d666233652d346137652d396431662d3263376230643965356131310100000001000000006b0ee1e5000000006b36ec80000000006c258c00",
        file: "elp-licence.ZWxwLWxpY2VuY2UBAAZ0ZXN0LTEAE1c5WkMtUUg1VC0yTVJBLThLWEUADnN0b3J5Ym9hcmQtcHJvAQACAAIyNAAEMjUuMQAsbWFjaGluZTo0ZTBhNzdjMS1mYjNlLTRhN2UtOWQxZi0yYzdiMGQ5ZTVhMTEBAAAAAQAAAABrDuHlAAAAAGs27IAAAAAAbCWMAA.q8YJQUFiC1iq2ZYAPi14fXL3ABG0ctm1hPwHeO_Hyrt8GpbEcsL92Lu8l9QdV7obfMT_a0dxuo7xoNxZAkSvAQ",
    },
    Vector {
        kid: "test-2",
        payload: borrowed,
        payload_hex: "656c702d6c6963656e6365010006746573742d320013484e34432d374b514d2d525039542d33585744000f6861726d6f6e792d7072656d69756d010001000432352e3100203666316564303032616235353935383539303134656266303935313532326439030000000a000000006b0ee1e5000000006b0ee1e5000000006b12d665",
        file: "elp-licence.ZWxwLWxpY2VuY2UBAAZ0ZXN0LTIAE0hONEMtN0tRTS1SUDlULTNYV0QAD2hhcm1vbnktcHJlbWl1bQEAAQAEMjUuMQAgNmYxZWQwMDJhYjU1OTU4NTkwMTRlYmYwOTUxNTIyZDkDAAAACgAAAABrDuHlAAAAAGsO4eUAAAAAaxLWZQ.6GSHqdXTfN7aj0OCxHbpkHcDX6sWdzELCpbREUpZb37EPAmD_amzXRcyIamUViX_t040Qo-52IyCCw8Nb6xPAQ",
    },
];

fn signing_key(kid: &str) -> SigningKey {
    match kid {
        "test-1" => key(),
        "test-2" => key_2(),
        _ => unreachable!(),
    }
}

#[test]
fn the_test_keys_are_rfc_8032s() {
    // RFC 8032 section 7.1, TEST 1 and TEST 2: secret and public keys in hex.
    assert_eq!(
        hex(key().as_bytes()),
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    );
    assert_eq!(
        hex(key().verifying_key().as_bytes()),
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    );
    assert_eq!(
        hex(key_2().as_bytes()),
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
    );
    assert_eq!(
        hex(key_2().verifying_key().as_bytes()),
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    );
    assert_eq!(public_key_text(&key().verifying_key()), TEST_PUBLIC);
    assert_eq!(public_key_text(&key_2().verifying_key()), TEST_PUBLIC_2);
    assert_eq!(
        parse_public_key(TEST_PUBLIC).unwrap(),
        key().verifying_key()
    );
}

#[test]
fn every_vector_encodes_signs_and_verifies_byte_for_byte() {
    for v in &VECTORS {
        let payload = (v.payload)();
        let bytes = encode(v.kid, &payload).unwrap();
        assert_eq!(hex(&bytes), v.payload_hex, "{} payload", v.kid);
        let file = sign(&payload, &signing_key(v.kid), v.kid).unwrap();
        assert_eq!(file, v.file, "{} file", v.kid);

        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.kid, v.kid);
        assert_eq!(decoded.format, FORMAT_VERSION);
        assert_eq!(decoded.payload, payload);

        let keys = [
            ("test-1", parse_public_key(TEST_PUBLIC).unwrap()),
            ("test-2", parse_public_key(TEST_PUBLIC_2).unwrap()),
        ];
        let licence = verify(v.file, &keys, &payload.fingerprint, payload.valid_from).unwrap();
        assert_eq!(licence.payload, payload);
        assert_eq!(licence.kid, v.kid);
    }
}

#[test]
fn the_document_shows_every_vector_and_the_test_keys() {
    // What docs/licence-file.md shows is what the code writes: each vector's payload hex and
    // file text appear in it verbatim (the hex wrapped at 64 characters a line), and so do the
    // keys.
    let doc_hex: String = DOC.split_whitespace().collect();
    for v in &VECTORS {
        assert!(
            DOC.contains(v.file),
            "the document lacks the file of {}",
            v.kid
        );
        assert!(
            doc_hex.contains(v.payload_hex),
            "the document lacks the payload of {}",
            v.kid
        );
    }
    for text in [TEST_SEED, TEST_PUBLIC, TEST_SEED_2, TEST_PUBLIC_2] {
        assert!(DOC.contains(text), "the document lacks the key {text}");
    }
}

#[test]
fn what_the_document_says_of_each_vector_holds() {
    let one = [("test-1", parse_public_key(TEST_PUBLIC).unwrap())];
    let both = [
        ("test-1", parse_public_key(TEST_PUBLIC).unwrap()),
        ("test-2", parse_public_key(TEST_PUBLIC_2).unwrap()),
    ];
    let fp = "6f1ed002ab5595859014ebf0951522d9";
    let [v1, v2, v3] = &VECTORS;
    assert!(verify(v1.file, &one, fp, at("2026-12-01T00:00:00Z")).is_ok());
    assert!(verify(v1.file, &one, fp, at("2027-11-30T23:59:59Z")).is_ok());
    assert_eq!(
        verify(v1.file, &one, fp, at("2027-12-01T00:00:00Z"))
            .unwrap_err()
            .code(),
        "expired"
    );
    assert_eq!(
        verify(
            v2.file,
            &one,
            &node_lock().fingerprint,
            at("2026-12-15T00:00:00Z")
        )
        .unwrap_err()
        .code(),
        "not_yet_valid"
    );
    let now = at("2026-12-02T00:00:00Z");
    assert_eq!(
        verify(v3.file, &one, fp, now).unwrap_err().code(),
        "unknown_key"
    );
    assert!(verify(v3.file, &both, fp, now).is_ok());
    // "Versions: none" is `01 0000` where "every version" is `00`.
    let mut none = multiseat();
    none.versions = Versions::only(Vec::<String>::new());
    let every = encode("test-1", &multiseat()).unwrap();
    let none = encode("test-1", &none).unwrap();
    let at_tag = every.len() - (1 + 0x20 + 2 + 1 + 4 + 24);
    assert_eq!(every[at_tag], 0);
    assert_eq!(&none[at_tag..at_tag + 3], [1, 0, 0]);
}
