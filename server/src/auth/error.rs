//! The errors of authentication and authorization (mapped to HTTP answers only in `crate::error`).

use crate::store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuthError {
    /// No credentials where some are needed.
    #[error("this request needs credentials: {0}")]
    Unauthenticated(String),
    /// A bearer token that is no session or API key (unknown, ended, revoked).
    #[error("the bearer token is not valid")]
    InvalidToken,
    #[error("the session has expired; sign in again")]
    SessionExpired,
    #[error("the device token is not valid")]
    InvalidDeviceToken,
    #[error("this device has been revoked; enroll it again")]
    DeviceRevoked,
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("wrong PIN")]
    InvalidPin,
    /// Too many failed attempts; retry after this many seconds.
    #[error("too many failed attempts; retry after {retry_after_secs} s")]
    Locked { retry_after_secs: u64 },
    /// The caller is known but may not do this; names what would be needed.
    #[error("not allowed: needs {0}")]
    Forbidden(String),
    /// The approver of an override does not hold the permission.
    #[error("the approver may not grant {0}")]
    NotPermitted(String),
    /// The device token names another device than the request or session.
    #[error("{0}")]
    DeviceMismatch(String),
    /// Input that is well-formed JSON but not acceptable (PIN format, password length, empty name).
    #[error("{0}")]
    Invalid(String),
    /// A unique value is taken: `pin_taken`, `email_taken`.
    #[error("{message}")]
    Taken { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(String),
    /// Random bytes or a hash could not be made.
    #[error("cryptography failed: {0}")]
    Crypto(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type AuthResult<T> = Result<T, AuthError>;
