//! [`AuthStore`](crate::store::auth::AuthStore) on SQLite: staff in [`staff`], devices, sessions, overrides and API keys in
//! [`credentials`], lockouts and the audit log in [`audit`].

pub(super) mod audit;
mod credentials;
mod staff;

use super::SqliteStore;

crate::store::auth_delegate::delegate_auth_store!(SqliteStore);
