//! Points where a test can hold a request to observe the server mid-flight (e.g. shutdown during a push).
//! Production never sets them.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// An async callback awaited at a hook point.
pub type Hook = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

#[derive(Clone, Default)]
pub struct Hooks {
    /// Awaited by the push handler after the batch is validated and before it is applied.
    pub before_push_applied: Option<Hook>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("before_push_applied", &self.before_push_applied.is_some())
            .finish()
    }
}
