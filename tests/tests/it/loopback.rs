//! The local services listen on the loopback address only: nobody on the machine's network can
//! reach the test table, the mail inbox or the provider that signs tokens. Read from the kernel's
//! own table of listening sockets (/proc/net/tcp and tcp6), so it holds whatever the services
//! claim about themselves.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use elp_tests::{dynamodb_endpoint, oidc, ses_endpoint};

/// A listening socket of the kernel's table: its address and port.
fn listeners() -> Vec<(IpAddr, u16)> {
    let mut found = Vec::new();
    for (file, v6) in [("/proc/net/tcp", false), ("/proc/net/tcp6", true)] {
        let Ok(table) = std::fs::read_to_string(file) else {
            continue; // no IPv6 on this machine
        };
        for line in table.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // sl local_address rem_address st ...; st 0A is LISTEN.
            if fields.get(3) != Some(&"0A") {
                continue;
            }
            let (address, port) = fields[1].split_once(':').expect("address:port");
            let port = u16::from_str_radix(port, 16).expect("hex port");
            found.push((decode(address, v6), port));
        }
    }
    found
}

/// The kernel writes an address as 32-bit words in the host's byte order (little-endian here).
fn decode(hex: &str, v6: bool) -> IpAddr {
    let words: Vec<[u8; 4]> = (0..hex.len() / 8)
        .map(|i| {
            u32::from_str_radix(&hex[i * 8..i * 8 + 8], 16)
                .expect("hex word")
                .to_le_bytes()
        })
        .collect();
    if v6 {
        let bytes: Vec<u8> = words.concat();
        IpAddr::V6(Ipv6Addr::from(
            <[u8; 16]>::try_from(bytes).expect("16 bytes"),
        ))
    } else {
        IpAddr::V4(Ipv4Addr::from(words[0]))
    }
}

fn is_loopback(address: &IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn port_of(endpoint: &str) -> u16 {
    endpoint
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("{endpoint} names no port"))
}

#[test]
fn the_kernel_table_is_read_right() {
    assert_eq!(decode("0100007F", false), IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert_eq!(decode("00000000", false), IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    assert_eq!(
        decode("00000000000000000000000001000000", true),
        IpAddr::V6(Ipv6Addr::LOCALHOST)
    );
    let mapped = decode("0000000000000000FFFF00000100007F", true);
    assert!(is_loopback(&mapped), "{mapped}");
    assert!(!is_loopback(&decode(
        "00000000000000000000000000000000",
        true
    )));
    assert!(!is_loopback(&decode("0A00020F", false)), "10.2.0.15");
}

#[test]
fn every_local_service_listens_on_loopback_only() {
    let services = [
        ("DynamoDB Local", port_of(dynamodb_endpoint())),
        ("the SES emulator", port_of(ses_endpoint())),
        ("the OpenID provider", port_of(&oidc::provider().issuer)),
    ];
    let table = listeners();
    for (name, port) in services {
        let on: Vec<&IpAddr> = table
            .iter()
            .filter(|(_, p)| *p == port)
            .map(|(a, _)| a)
            .collect();
        assert!(!on.is_empty(), "{name} is not listening on port {port}");
        let open: Vec<String> = on
            .iter()
            .filter(|a| !is_loopback(a))
            .map(|a| a.to_string())
            .collect();
        assert!(
            open.is_empty(),
            "{name} listens on {} (port {port}), not only on loopback",
            open.join(", ")
        );
    }
}
