//! PINs and passwords: their rules, and argon2 hashes (PHC strings; the parameters come from the configuration
//! and are stored in each hash, so hashes made with other parameters still verify). Hashing runs on the
//! blocking thread pool.

use super::error::{AuthError, AuthResult};
use crate::config::Config;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Fewest characters of a password.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Most characters of a password (argon2 takes any length; this bounds the work per sign-in).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// A PIN is 4 to 8 ASCII digits.
pub fn check_pin(pin: &str) -> AuthResult<()> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AuthError::Invalid("a PIN is 4 to 8 digits".into()))
    }
}

pub fn check_password(password: &str) -> AuthResult<()> {
    let n = password.chars().count();
    if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        Ok(())
    } else {
        Err(AuthError::Invalid(format!(
            "a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"
        )))
    }
}

/// Hashes with the configured argon2id parameters.
#[derive(Clone, Debug)]
pub struct Hasher {
    params: Params,
}

impl Hasher {
    pub fn from_config(config: &Config) -> AuthResult<Self> {
        let params = Params::new(
            config.password_hash_memory_kib,
            config.password_hash_iterations,
            Params::DEFAULT_P_COST,
            None,
        )
        .map_err(|e| AuthError::Crypto(e.to_string()))?;
        Ok(Hasher { params })
    }

    /// The PHC string of `secret`.
    pub async fn hash(&self, secret: &str) -> AuthResult<String> {
        let params = self.params.clone();
        let secret = secret.to_owned();
        blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password(secret.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| AuthError::Crypto(e.to_string()))
        })
        .await
    }
}

/// The first of `hashes` that `secret` matches (its index). Unreadable hashes never match.
pub async fn first_match(secret: &str, hashes: Vec<String>) -> AuthResult<Option<usize>> {
    let secret = secret.to_owned();
    blocking(move || {
        Ok(hashes.iter().position(|phc| {
            PasswordHash::new(phc).is_ok_and(|parsed| {
                Argon2::default()
                    .verify_password(secret.as_bytes(), &parsed)
                    .is_ok()
            })
        }))
    })
    .await
}

/// Whether `secret` matches the PHC string `phc`.
pub async fn verify(secret: &str, phc: &str) -> AuthResult<bool> {
    Ok(first_match(secret, vec![phc.to_owned()]).await?.is_some())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> AuthResult<T> + Send + 'static,
) -> AuthResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AuthError::Crypto(format!("hashing task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_and_passwords_follow_the_rules() {
        for ok in ["1234", "00000000", "987654"] {
            assert!(check_pin(ok).is_ok(), "{ok}");
        }
        for bad in ["123", "123456789", "12a4", "", "１２３４"] {
            assert!(check_pin(bad).is_err(), "{bad}");
        }
        assert!(check_password("0123456789").is_ok());
        assert!(check_password("012345678").is_err());
        assert!(check_password("äöüäöüäöüä").is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_with_their_own_parameters() {
        let mut config = Config::new("d", "s");
        config.password_hash_memory_kib = 64;
        config.password_hash_iterations = 1;
        let hasher = Hasher::from_config(&config).expect("params");
        let phc = hasher.hash("1234").await.expect("hash");
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(!phc.contains("1234$"));
        assert!(verify("1234", &phc).await.expect("verify"));
        assert!(!verify("4321", &phc).await.expect("verify"));
        assert!(!verify("1234", "not a hash").await.expect("verify"));
        let other = hasher.hash("5678").await.expect("hash");
        assert_eq!(
            first_match("5678", vec![phc, other]).await.expect("match"),
            Some(1)
        );
    }
}
