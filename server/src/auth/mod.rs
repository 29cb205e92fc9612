//! Authentication and authorization: who is calling (a staff session, an enrolled device, an API key) and
//! what they may do.
//!
//! - [`access`]: what each route requires; [`guard`]: the route layer that enforces it, resolving the
//!   [`caller`] and spending an override token when a session lacks the permission.
//! - [`permissions`]: the one table of roles and permissions.
//! - [`signin`]: password sign-in, PIN sign-in and supervisor overrides; [`sessions`]: issuing and checking
//!   sessions (idle timeout, absolute lifetime); [`lockout`]: 423 after repeated failures, [`attempts`]: one
//!   attempt at a time per device or email, so concurrent guesses cannot outrun the lockout.
//! - [`devices`], [`staff`], [`api_keys`]: enrolment, staff management and API keys.
//! - [`tokens`] (random tokens, SHA-256 at rest), [`passwords`] (argon2 for PINs and passwords),
//!   [`audit`] (entries for the append-only log).

pub mod access;
pub mod api_keys;
pub mod attempts;
pub mod audit;
pub mod caller;
pub mod devices;
pub mod error;
pub mod guard;
pub mod lockout;
pub mod passwords;
pub mod permissions;
pub mod sessions;
pub mod signin;
pub mod staff;
pub mod stores;
pub mod tokens;

pub use access::{Access, Grant};
pub use caller::Caller;
pub use error::AuthError;
