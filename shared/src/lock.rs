//! The till's inactivity lock, as pure logic: when a till locks itself, and the in-memory PIN check that
//! lets the signed-in cashier unlock it again without the server.
//!
//! - Idle deadline: a till locks once `lock_after_ms` have passed since the last input (`lock_due`). The
//!   delay is `DEFAULT_LOCK_AFTER_SECS` unless a shorter one is asked for (`lock_after_secs`): a request can
//!   only make the lock stricter, never switch it off or lengthen it.
//! - PIN verifier: a salted SHA-256 of the PIN (`PinVerifier`), made at sign-in and kept in memory only for
//!   that session, never stored. Trade-off: a PIN is 4–8 digits, so anyone able to read the page's memory
//!   could try every PIN against any hash, slow or not; a slow KDF (argon2, PBKDF2) would add wasm size and
//!   seconds at the till without changing that. What the verifier guarantees is that the PIN itself is never
//!   kept, and that nothing survives the session (a reload forgets it: unlocking then needs the server).

/// Lock after this long without input, unless a shorter delay is asked for.
pub const DEFAULT_LOCK_AFTER_SECS: u64 = 120;

/// The shortest delay honoured (a lock at every keystroke would make the till unusable).
pub const MIN_LOCK_AFTER_SECS: u64 = 1;

/// The lock delay in seconds: `requested` when it is shorter than the default (at least
/// `MIN_LOCK_AFTER_SECS`), else the default.
pub fn lock_after_secs(requested: Option<u64>) -> u64 {
    store_lock_after_secs(DEFAULT_LOCK_AFTER_SECS, requested)
}

/// The lock delay in seconds when the store set `store_secs` (`held::TillSettings::lock_after_secs`):
/// `requested` when it is shorter (at least `MIN_LOCK_AFTER_SECS`), else the store's.
pub fn store_lock_after_secs(store_secs: u64, requested: Option<u64>) -> u64 {
    let store_secs = store_secs.max(MIN_LOCK_AFTER_SECS);
    requested.map_or(store_secs, |s| s.clamp(MIN_LOCK_AFTER_SECS, store_secs))
}

/// The till should lock now: `lock_after_ms` or more have passed since the last input. A clock that went
/// backwards (last input "in the future") counts as activity now.
pub fn lock_due(last_input_ms: u64, now_ms: u64, lock_after_ms: u64) -> bool {
    now_ms.saturating_sub(last_input_ms) >= lock_after_ms
}

/// A salted SHA-256 of a PIN, for the session it was made in only (see the module comment).
#[derive(Clone, PartialEq, Eq)]
pub struct PinVerifier {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl std::fmt::Debug for PinVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinVerifier(..)")
    }
}

impl PinVerifier {
    /// The verifier of `pin` with `salt` (random per session).
    pub fn new(salt: [u8; 16], pin: &str) -> Self {
        PinVerifier {
            salt,
            digest: salted(&salt, pin),
        }
    }

    /// `pin` is the PIN this verifier was made from (compared in constant time).
    pub fn matches(&self, pin: &str) -> bool {
        let other = salted(&self.salt, pin);
        self.digest
            .iter()
            .zip(other.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

fn salted(salt: &[u8; 16], pin: &str) -> [u8; 32] {
    let mut input = Vec::with_capacity(16 + pin.len());
    input.extend_from_slice(salt);
    input.extend_from_slice(pin.trim().as_bytes());
    sha256(&input)
}

/// SHA-256 of `data` (the `sha2` crate).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn the_verifier_knows_its_pin_only() {
        let v = PinVerifier::new([7; 16], "1234");
        assert!(v.matches("1234"));
        assert!(v.matches(" 1234 "));
        assert!(!v.matches("2468"));
        assert!(!v.matches("12345"));
        assert!(!v.matches(""));
        // Another salt gives another digest for the same PIN.
        assert_ne!(v, PinVerifier::new([8; 16], "1234"));
        assert_eq!(format!("{v:?}"), "PinVerifier(..)");
    }

    #[test]
    fn a_requested_delay_can_only_shorten_the_lock() {
        assert_eq!(lock_after_secs(None), DEFAULT_LOCK_AFTER_SECS);
        assert_eq!(lock_after_secs(Some(5)), 5);
        assert_eq!(lock_after_secs(Some(0)), MIN_LOCK_AFTER_SECS);
        assert_eq!(lock_after_secs(Some(100_000)), DEFAULT_LOCK_AFTER_SECS);
        // A store setting replaces the default; a request may still only shorten it.
        assert_eq!(store_lock_after_secs(600, None), 600);
        assert_eq!(store_lock_after_secs(600, Some(900)), 600);
        assert_eq!(store_lock_after_secs(600, Some(30)), 30);
        assert_eq!(store_lock_after_secs(0, None), MIN_LOCK_AFTER_SECS);
    }

    #[test]
    fn the_lock_is_due_once_the_delay_has_passed() {
        assert!(!lock_due(1_000, 1_000, 5_000));
        assert!(!lock_due(1_000, 5_999, 5_000));
        assert!(lock_due(1_000, 6_000, 5_000));
        assert!(!lock_due(9_000, 1_000, 5_000));
    }
}
