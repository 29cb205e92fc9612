//! A router builder that records each (method, path) it registers, so the OpenAPI document can be checked
//! against the routes that really exist (see `tests/openapi.rs`).

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{get, post};
use axum::Router;

/// One registered route: an HTTP method (upper case) and an axum path template.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteEntry {
    pub method: &'static str,
    pub path: &'static str,
}

/// Routes being registered, and the list of what was registered.
pub struct RouteTable<S> {
    router: Router<S>,
    entries: Vec<RouteEntry>,
}

impl<S: Clone + Send + Sync + 'static> Default for RouteTable<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> RouteTable<S> {
    pub fn new() -> Self {
        RouteTable {
            router: Router::new(),
            entries: Vec::new(),
        }
    }

    fn record(mut self, method: &'static str, path: &'static str) -> Self {
        self.entries.push(RouteEntry { method, path });
        self
    }

    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.record("GET", path)
    }

    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.post_with_body_limit(path, handler, crate::body_limit::DEFAULT_BODY_BYTES)
    }

    /// A POST route whose body may be up to `limit` bytes.
    pub fn post_with_body_limit<H, T>(
        mut self,
        path: &'static str,
        handler: H,
        limit: usize,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self
            .router
            .route(path, post(handler).layer(DefaultBodyLimit::max(limit)));
        self.record("POST", path)
    }

    pub fn merge(mut self, other: RouteTable<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.entries.extend(other.entries);
        self
    }

    /// What was registered, sorted.
    pub fn entries(&self) -> Vec<RouteEntry> {
        let mut e = self.entries.clone();
        e.sort();
        e
    }

    pub fn into_router(self) -> Router<S> {
        self.router
    }
}
