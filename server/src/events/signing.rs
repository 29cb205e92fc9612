//! Standard Webhooks signing (<https://www.standardwebhooks.com>): a delivery carries `webhook-id` (the event
//! id), `webhook-timestamp` (Unix seconds) and `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">` entries, one per secret in use (two while a rotated secret is still valid).
//! A secret is `whsec_` + the base64 of its key bytes (32 random bytes here). [`verify`] is the receiving side
//! (inbound webhooks): the id, a timestamp within [`TOLERANCE_SECS`] of now and one matching signature,
//! compared in constant time.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

/// A signed request older or newer than this many seconds is refused (the specification's suggestion).
pub const TOLERANCE_SECS: i64 = 5 * 60;
/// The prefix of every secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// Why a secret or a signed request is refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SigningError {
    #[error("a webhook secret is `whsec_` followed by base64 of at least 24 bytes")]
    BadSecret,
    #[error("the `{0}` header is missing")]
    MissingHeader(&'static str),
    #[error("the `webhook-timestamp` header is not Unix seconds")]
    BadTimestamp,
    #[error("the timestamp is more than 5 minutes away from now")]
    StaleTimestamp,
    #[error("no signature matches")]
    NoMatch,
}

/// A new secret: `whsec_` + base64 of 32 random bytes.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)?;
    Ok(format!("{SECRET_PREFIX}{}", STANDARD.encode(key)))
}

/// The key bytes of `secret` (the base64 after `whsec_`; a bare base64 key is read too).
pub fn decode_secret(secret: &str) -> Result<Vec<u8>, SigningError> {
    let b64 = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    let key = STANDARD.decode(b64).map_err(|_| SigningError::BadSecret)?;
    if key.len() < 24 {
        return Err(SigningError::BadSecret);
    }
    Ok(key)
}

fn mac(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// One `v1,<base64>` signature entry.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(key, id, timestamp, body).finalize().into_bytes();
    format!("v1,{}", STANDARD.encode(tag))
}

/// The `webhook-signature` header for `keys` (each signs; space-separated).
pub fn signature_header(keys: &[Vec<u8>], id: &str, timestamp: i64, body: &[u8]) -> String {
    keys.iter()
        .map(|k| sign(k, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The three headers of a received request.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// Verify a received request against any of `keys` at `now` (Unix seconds); answers its `webhook-id`.
pub fn verify<'a>(
    keys: &[Vec<u8>],
    headers: Signed<'a>,
    body: &[u8],
    now: i64,
) -> Result<&'a str, SigningError> {
    let id = headers
        .id
        .ok_or(SigningError::MissingHeader("webhook-id"))?;
    let timestamp = headers
        .timestamp
        .ok_or(SigningError::MissingHeader("webhook-timestamp"))?;
    let signatures = headers
        .signature
        .ok_or(SigningError::MissingHeader("webhook-signature"))?;
    let timestamp: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| SigningError::BadTimestamp)?;
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(SigningError::StaleTimestamp);
    }
    for entry in signatures.split(' ') {
        let Some(b64) = entry.strip_prefix("v1,") else {
            continue;
        };
        let Ok(tag) = STANDARD.decode(b64) else {
            continue;
        };
        for key in keys {
            if mac(key, id, timestamp, body).verify_slice(&tag).is_ok() {
                return Ok(id);
            }
        }
    }
    Err(SigningError::NoMatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The specification's published test vector (standard-webhooks/standard-webhooks, spec and libraries).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> Signed<'a> {
        Signed {
            id: Some(id),
            timestamp: Some(ts),
            signature: Some(sig),
        }
    }

    #[test]
    fn the_specifications_test_vector_is_reproduced_and_verified() {
        let key = decode_secret(SECRET).expect("secret");
        assert_eq!(sign(&key, ID, TIMESTAMP, BODY), SIGNATURE);
        let ts = TIMESTAMP.to_string();
        assert_eq!(
            verify(&[key], headers(ID, &ts, SIGNATURE), BODY, TIMESTAMP + 10),
            Ok(ID)
        );
    }

    #[test]
    fn altered_body_stale_timestamp_and_missing_headers_are_refused() {
        let key = decode_secret(SECRET).expect("secret");
        let keys = [key];
        let ts = TIMESTAMP.to_string();
        assert_eq!(
            verify(
                &keys,
                headers(ID, &ts, SIGNATURE),
                br#"{"test": 1}"#,
                TIMESTAMP
            ),
            Err(SigningError::NoMatch)
        );
        assert_eq!(
            verify(
                &keys,
                headers(ID, &ts, SIGNATURE),
                BODY,
                TIMESTAMP + TOLERANCE_SECS + 1
            ),
            Err(SigningError::StaleTimestamp)
        );
        assert_eq!(
            verify(&keys, headers("msg_other", &ts, SIGNATURE), BODY, TIMESTAMP),
            Err(SigningError::NoMatch)
        );
        let missing = Signed {
            signature: None,
            ..headers(ID, &ts, SIGNATURE)
        };
        assert_eq!(
            verify(&keys, missing, BODY, TIMESTAMP),
            Err(SigningError::MissingHeader("webhook-signature"))
        );
    }

    #[test]
    fn either_of_two_secrets_verifies_during_a_rotation() {
        let old = decode_secret(&new_secret().expect("random")).expect("old");
        let new = decode_secret(&new_secret().expect("random")).expect("new");
        let header = signature_header(&[new.clone(), old.clone()], "evt_1", 100, b"{}");
        assert_eq!(header.split(' ').count(), 2);
        for key in [old, new] {
            assert_eq!(
                verify(&[key], headers("evt_1", "100", &header), b"{}", 100),
                Ok("evt_1")
            );
        }
        let other = decode_secret(&new_secret().expect("random")).expect("other");
        assert!(verify(&[other], headers("evt_1", "100", &header), b"{}", 100).is_err());
    }

    #[test]
    fn secrets_are_prefixed_and_short_or_broken_ones_refused() {
        let s = new_secret().expect("random");
        assert!(s.starts_with(SECRET_PREFIX));
        assert_eq!(decode_secret(&s).map(|k| k.len()), Ok(32));
        assert_eq!(
            decode_secret("whsec_c2hvcnQ="),
            Err(SigningError::BadSecret)
        );
        assert_eq!(
            decode_secret("whsec_not base64!"),
            Err(SigningError::BadSecret)
        );
    }
}
