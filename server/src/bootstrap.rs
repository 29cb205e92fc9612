//! `server create-admin`: an administrator for a database without one (started with `--no-demo`, or whose
//! admins have all left), made on the machine that holds the database, not over the network.
//!
//! The password never appears on the command line (shell history, `ps`): it is read from `POS_ADMIN_PASSWORD`
//! or, when that is unset, from the first line of standard input. The new admin is audited as `staff.create`
//! by the system.

use crate::auth::audit;
use crate::auth::passwords::Hasher;
use crate::auth::staff::create_as;
use crate::auth::AuthError;
use crate::backup::{Database, OpenError};
use crate::clock::Clock;
use crate::config::Config;
use crate::store::StoreError;
use shared::auth::{NewStaff, Role};
use std::io::BufRead;
use thiserror::Error;

/// The environment variable holding the new admin's password.
pub const PASSWORD_ENV: &str = "POS_ADMIN_PASSWORD";

#[derive(Debug, Error)]
pub enum BootstrapError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot read the password from standard input: {0}")]
    ReadPassword(std::io::Error),
    #[error("no password: set {PASSWORD_ENV} or write it as the first line of standard input")]
    NoPassword,
    /// The staff rules refused (email taken, password too short, PIN taken…).
    #[error("{0}")]
    Refused(String),
}

impl From<AuthError> for BootstrapError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Store(s) => BootstrapError::Store(s),
            AuthError::Taken { message, .. } => BootstrapError::Refused(message),
            other => BootstrapError::Refused(other.to_string()),
        }
    }
}

/// The password: `POS_ADMIN_PASSWORD`, else the first line of `input` (without its line ending).
pub fn read_password(env: Option<String>, input: impl BufRead) -> Result<String, BootstrapError> {
    if let Some(password) = env.filter(|p| !p.is_empty()) {
        return Ok(password);
    }
    let mut line = String::new();
    input
        .take(4096)
        .read_line(&mut line)
        .map_err(BootstrapError::ReadPassword)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(BootstrapError::NoPassword);
    }
    Ok(password)
}

/// Create an administrator who signs in with `email` and `password` (and a PIN at tills when given).
/// Returns the line to print.
pub async fn create_admin(
    database: &Database,
    name: &str,
    email: &str,
    password: String,
    pin: Option<String>,
) -> Result<String, BootstrapError> {
    let store = database.open().await?;
    // The serving defaults for argon2 (the server's configuration file is not read here).
    let hasher = Hasher::from_config(&Config::new("", ""))?;
    let request = NewStaff {
        name: name.to_string(),
        role: Role::Admin,
        email: Some(email.to_string()),
        password: Some(password),
        pin,
    };
    let created = create_as(
        &*store,
        &hasher,
        (audit::system(), None),
        &request,
        Clock::system().now(),
    )
    .await;
    store.close().await?;
    let record = created?;
    Ok(format!(
        "created administrator {} <{}> (id {}); sign in to the back office with this email and password",
        record.name,
        record.email.unwrap_or_default(),
        record.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_comes_from_the_environment_or_the_first_line() {
        let env = read_password(Some("from-env-123".into()), &b"ignored\n"[..]);
        assert_eq!(env.ok().as_deref(), Some("from-env-123"));
        let line = read_password(None, &b"from stdin 123\r\nsecond\n"[..]);
        assert_eq!(line.ok().as_deref(), Some("from stdin 123"));
        assert!(matches!(
            read_password(Some(String::new()), &b""[..]),
            Err(BootstrapError::NoPassword)
        ));
    }
}
