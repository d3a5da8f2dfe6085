//! Server-made ids, reconnect tokens signed with HMAC-SHA256, and the two-step code.
//!
//! A token is the student's id and a truncated MAC of it under a key made when the
//! server starts, so a reload or a dropped connection gets the same ballots back and a
//! forged or stale token is refused. The browser makes no ids: plain HTTP on a LAN
//! address has no `crypto.randomUUID`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::ClassError;

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the MAC kept in a token: 128 bits are plenty against guessing.
const TAG_BYTES: usize = 16;

/// A random u64 from the operating system.
pub(crate) fn random_u64() -> Result<u64, ClassError> {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(|e| ClassError::Random(e.to_string()))?;
    Ok(u64::from_le_bytes(buf))
}

/// The server's secret for tokens and step codes, made once per start.
#[derive(Clone)]
pub(crate) struct Keys {
    key: [u8; 32],
}

impl Keys {
    /// Fresh keys from the operating system's randomness.
    pub(crate) fn new() -> Result<Self, ClassError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| ClassError::Random(e.to_string()))?;
        Ok(Self { key })
    }

    fn mac(&self, domain: &[u8], data: &[u8]) -> HmacSha256 {
        // An HMAC key of any length is valid, so this cannot fail.
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(domain);
        mac.update(data);
        mac
    }

    /// The reconnect token of student `id`: 16 hex digits of id, a dot, 32 of MAC.
    pub(crate) fn token(&self, id: u64) -> String {
        let tag = self
            .mac(b"token", &id.to_be_bytes())
            .finalize()
            .into_bytes();
        format!("{id:016x}.{}", hex(&tag[..TAG_BYTES]))
    }

    /// The student id a token was made for, if this server signed it.
    pub(crate) fn verify(&self, token: &str) -> Option<u64> {
        let (id_hex, tag_hex) = token.split_once('.')?;
        if id_hex.len() != 16 || tag_hex.len() != TAG_BYTES * 2 {
            return None;
        }
        let id = u64::from_str_radix(id_hex, 16).ok()?;
        let tag = unhex(tag_hex)?;
        self.mac(b"token", &id.to_be_bytes())
            .verify_truncated_left(&tag)
            .ok()?;
        Some(id)
    }

    /// The two-step code for the 20-second window `window` (unix seconds / 20): four digits.
    pub(crate) fn step_code(&self, window: u64) -> String {
        let tag = self
            .mac(b"step", &window.to_be_bytes())
            .finalize()
            .into_bytes();
        let n = u32::from_be_bytes([tag[0], tag[1], tag[2], tag[3]]) % 10_000;
        format!("{n:04}")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_forgeries() {
        let keys = Keys::new().unwrap();
        let token = keys.token(42);
        assert_eq!(keys.verify(&token), Some(42));
        // Another id with the same tag, a flipped tag digit, another server's key.
        let forged = format!("{:016x}{}", 43, &token[16..]);
        assert_eq!(keys.verify(&forged), None);
        let mut flipped = token.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(keys.verify(&String::from_utf8(flipped).unwrap()), None);
        assert_eq!(Keys::new().unwrap().verify(&token), None);
        assert_eq!(keys.verify("not a token"), None);
        assert_eq!(keys.verify("é"), None);
    }

    #[test]
    fn step_codes_are_four_digits_and_change_per_window() {
        let keys = Keys::new().unwrap();
        let codes: Vec<String> = (0..8).map(|w| keys.step_code(w)).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        assert_eq!(keys.step_code(3), codes[3]);
        assert!(codes.windows(2).any(|w| w[0] != w[1]));
    }
}
