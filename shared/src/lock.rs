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
    requested.map_or(DEFAULT_LOCK_AFTER_SECS, |s| {
        s.clamp(MIN_LOCK_AFTER_SECS, DEFAULT_LOCK_AFTER_SECS)
    })
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

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 (FIPS 180-4) of `data`; small inputs only are hashed here, so the message is padded in memory.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
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
    }

    #[test]
    fn the_lock_is_due_once_the_delay_has_passed() {
        assert!(!lock_due(1_000, 1_000, 5_000));
        assert!(!lock_due(1_000, 5_999, 5_000));
        assert!(lock_due(1_000, 6_000, 5_000));
        assert!(!lock_due(9_000, 1_000, 5_000));
    }
}
