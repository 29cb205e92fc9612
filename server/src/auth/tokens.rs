//! Secrets handed out by the server: 32 random bytes as base64url (API keys prefixed `posk_`), stored only as
//! their SHA-256 (hex); and random receipt prefixes.

use super::error::{AuthError, AuthResult};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Every API key starts with this, so it can be told from a session token (and found by secret scanners).
pub const API_KEY_PREFIX: &str = "posk_";

fn random_bytes<const N: usize>() -> AuthResult<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Crypto(e.to_string()))?;
    Ok(bytes)
}

/// A new session, device or override token.
pub fn new_token() -> AuthResult<String> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// A new API key.
pub fn new_api_key() -> AuthResult<String> {
    Ok(format!("{API_KEY_PREFIX}{}", new_token()?))
}

/// How a token is stored and looked up.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Four random upper-case letters.
pub fn receipt_prefix() -> AuthResult<String> {
    let mut prefix = String::with_capacity(4);
    while prefix.len() < 4 {
        for b in random_bytes::<8>()? {
            // 234 = 9 × 26: bytes below it map to letters without bias.
            if b < 234 && prefix.len() < 4 {
                prefix.push(char::from(b'A' + b % 26));
            }
        }
    }
    Ok(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_base64url_chars_and_differ() {
        let a = new_token().expect("token");
        let b = new_token().expect("token");
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert!(new_api_key().expect("key").starts_with(API_KEY_PREFIX));
    }

    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn receipt_prefixes_are_four_capitals() {
        for _ in 0..100 {
            let p = receipt_prefix().expect("prefix");
            assert_eq!(p.len(), 4);
            assert!(p.bytes().all(|c| c.is_ascii_uppercase()), "{p}");
        }
    }
}
