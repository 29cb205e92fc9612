//! A router builder that records each (method, path) it registers with the [`Access`] it requires and its body
//! limit, so the OpenAPI document can be checked against the routes that really exist (see `tests/openapi.rs`),
//! the auth guard knows what every route needs (a route cannot be registered without saying), and the body
//! limit decided here is the one both the declared-length check and the body extractors apply.

use crate::auth::Access;
use crate::body_limit::{BodyLimits, DEFAULT_BODY_BYTES};
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{delete, get, patch, post, put, MethodRouter};
use axum::Router;

/// One registered route: an HTTP method (upper case), an axum path template, what it requires and the largest
/// body it takes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteEntry {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    pub body_limit: usize,
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

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        access: Access,
        route: MethodRouter<S>,
        body_limit: usize,
    ) -> Self {
        // Routes of one path with several methods merge into one method router, each keeping its own limit.
        let route = route.layer(DefaultBodyLimit::max(body_limit));
        self.router = self.router.route(path, route);
        self.entries.push(RouteEntry {
            method,
            path,
            access,
            body_limit,
        });
        self
    }

    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add("GET", path, access, get(handler), DEFAULT_BODY_BYTES)
    }

    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.post_with_body_limit(path, access, handler, DEFAULT_BODY_BYTES)
    }

    /// A POST route whose body may be up to `limit` bytes.
    pub fn post_with_body_limit<H, T>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
        limit: usize,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add("POST", path, access, post(handler), limit)
    }

    pub fn put<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.put_with_body_limit(path, access, handler, DEFAULT_BODY_BYTES)
    }

    /// A PUT route whose body may be up to `limit` bytes.
    pub fn put_with_body_limit<H, T>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
        limit: usize,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add("PUT", path, access, put(handler), limit)
    }

    pub fn patch<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add("PATCH", path, access, patch(handler), DEFAULT_BODY_BYTES)
    }

    pub fn delete<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.add("DELETE", path, access, delete(handler), DEFAULT_BODY_BYTES)
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

    /// Every route's body limit, for the layer that checks a declared length before routing.
    pub fn body_limits(&self) -> BodyLimits {
        BodyLimits::new(
            self.entries
                .iter()
                .map(|e| (e.method, e.path, e.body_limit)),
        )
    }

    pub fn into_router(self) -> Router<S> {
        self.router
    }
}
