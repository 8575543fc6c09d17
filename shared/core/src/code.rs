//! Activation codes: 15 random symbols and a check symbol from a 32-symbol alphabet without the
//! look-alikes 0/O and 1/I, shown in four groups of four (`7KQM-3XWD-RP9T-HN4C`).
//!
//! 75 bits of entropy come from the caller (the adapters read the operating system's CSPRNG), so
//! this module stays pure. The check symbol (Luhn mod 32) catches every single mistyped symbol
//! and most swaps of neighbours before a lookup is even made.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::message::Message;

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const DATA_SYMBOLS: usize = 15;
const SYMBOLS: usize = DATA_SYMBOLS + 1;
/// Bytes of entropy one code consumes (80 bits, of which 75 are used).
pub const ENTROPY_BYTES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActivationCode([u8; SYMBOLS]);

fn value_of(symbol: u8) -> Option<u32> {
    ALPHABET.iter().position(|&s| s == symbol).map(|p| p as u32)
}

/// Luhn mod N over symbol values, rightmost first, doubling every second one.
fn luhn_sum(values: impl DoubleEndedIterator<Item = u32>, double_first: bool) -> u32 {
    let n = ALPHABET.len() as u32;
    let mut double = double_first;
    let mut sum = 0;
    for v in values.rev() {
        let addend = if double { v * 2 } else { v };
        sum += addend / n + addend % n;
        double = !double;
    }
    sum
}

fn check_symbol(data: &[u8]) -> u8 {
    let n = ALPHABET.len() as u32;
    let sum = luhn_sum(data.iter().map(|&s| value_of(s).unwrap_or(0)), true);
    ALPHABET[((n - sum % n) % n) as usize]
}

impl ActivationCode {
    /// Builds a code from random bytes: feed it [`ENTROPY_BYTES`] from a CSPRNG.
    pub fn from_entropy(entropy: [u8; ENTROPY_BYTES]) -> Self {
        let bits = entropy
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
        let mut symbols = [0u8; SYMBOLS];
        for (i, symbol) in symbols.iter_mut().take(DATA_SYMBOLS).enumerate() {
            *symbol = ALPHABET[((bits >> (5 * i)) & 31) as usize];
        }
        symbols[DATA_SYMBOLS] = check_symbol(&symbols[..DATA_SYMBOLS]);
        ActivationCode(symbols)
    }

    /// Reads a code as a person might type it: any case, with or without dashes or spaces.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        if raw.len() > 64 {
            return Err(Invalid::new(field, Message::new("invalid-code-too-long")));
        }
        let mut symbols = [0u8; SYMBOLS];
        let mut count = 0;
        for c in raw.chars() {
            if c == '-' || c == ' ' {
                continue;
            }
            let upper = c.to_ascii_uppercase();
            if !upper.is_ascii() || value_of(upper as u8).is_none() {
                return Err(Invalid::new(
                    field,
                    Message::new("invalid-code-symbol").text("symbol", format!("{c:?}")),
                ));
            }
            if count == SYMBOLS {
                return Err(Invalid::new(
                    field,
                    Message::new("invalid-code-too-many").number("count", 16),
                ));
            }
            symbols[count] = upper as u8;
            count += 1;
        }
        if count != SYMBOLS {
            return Err(Invalid::new(field, Message::new("invalid-code-length")));
        }
        let sum = luhn_sum(symbols.iter().map(|&s| value_of(s).unwrap_or(0)), false);
        if sum % ALPHABET.len() as u32 != 0 {
            return Err(Invalid::new(field, Message::new("invalid-code-check")));
        }
        Ok(ActivationCode(symbols))
    }
}

impl fmt::Display for ActivationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, group) in self.0.chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            // The alphabet is ASCII, so every group is valid UTF-8.
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl TryFrom<String> for ActivationCode {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        ActivationCode::parse("code", &s)
    }
}

impl From<ActivationCode> for String {
    fn from(c: ActivationCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn format_is_four_groups_of_four_unambiguous_symbols() {
        let code = ActivationCode::from_entropy([0xA5; ENTROPY_BYTES]).to_string();
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        assert!(code
            .chars()
            .all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert!(!code.contains(['0', '1', 'I', 'O']));
    }

    #[test]
    fn parse_accepts_how_people_type() {
        let code = ActivationCode::from_entropy([42; ENTROPY_BYTES]);
        let typed = code.to_string().to_lowercase().replace('-', " ");
        assert_eq!(ActivationCode::parse("code", &typed).unwrap(), code);
        let bare = code.to_string().replace('-', "");
        assert_eq!(ActivationCode::parse("code", &bare).unwrap(), code);
    }

    #[test]
    fn parse_rejects_garbage() {
        for bad in [
            "",
            "../../etc/passwd",
            "ABCD",
            "0000-0000-0000-0000",
            "ABCD-EFGH-JKLM-NPQR-S",
        ] {
            assert_eq!(
                ActivationCode::parse("code", bad).unwrap_err().field,
                "code",
                "{bad:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_generated_code_parses_back(entropy in any::<[u8; ENTROPY_BYTES]>()) {
            let code = ActivationCode::from_entropy(entropy);
            prop_assert_eq!(ActivationCode::parse("code", &code.to_string()).unwrap(), code);
        }

        #[test]
        fn any_single_mistyped_symbol_is_caught(
            entropy in any::<[u8; ENTROPY_BYTES]>(),
            position in 0..SYMBOLS,
            replacement in 0..32usize,
        ) {
            let code = ActivationCode::from_entropy(entropy);
            let mut symbols = code.0;
            prop_assume!(symbols[position] != ALPHABET[replacement]);
            symbols[position] = ALPHABET[replacement];
            let typo = String::from_utf8(symbols.to_vec()).unwrap();
            prop_assert!(ActivationCode::parse("code", &typo).is_err());
        }

        #[test]
        fn distinct_entropy_gives_distinct_codes(a in any::<[u8; ENTROPY_BYTES]>(), b in any::<[u8; ENTROPY_BYTES]>()) {
            // Only the top 5 bits of the 80 are unused.
            let used = |e: [u8; ENTROPY_BYTES]| e.iter().fold(0u128, |acc, &x| (acc << 8) | u128::from(x)) & ((1u128 << 75) - 1);
            prop_assume!(used(a) != used(b));
            prop_assert_ne!(ActivationCode::from_entropy(a), ActivationCode::from_entropy(b));
        }
    }
}
