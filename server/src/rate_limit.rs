//! Per-client rate limits: token buckets in memory, one for all of `/api` and a strict one for sign-in routes.

use crate::client_ip::client_ip;
use crate::config::Config;
use crate::error::ApiError;
use crate::metrics::Limit;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Paths under this prefix (sign-in and other credential routes) get the strict limit as well.
pub const AUTH_PREFIX: &str = "/api/v1/auth";

/// Buckets kept before full (idle) ones are dropped.
const PRUNE_AT: usize = 10_000;
/// Hard cap on tracked clients; past it every bucket is forgotten (limits fail open rather than grow).
const MAX_TRACKED: usize = 100_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A token bucket per client address: `burst` tokens, refilled at `per_sec`; a request takes one.
#[derive(Debug)]
pub struct TokenBuckets {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl TokenBuckets {
    pub fn new(per_sec: f64, burst: u32) -> Self {
        // A rate that is not a positive number (only possible when embedding without `Config::validate`)
        // would never refill; treat it as the slowest possible one instead of dividing by zero.
        let per_sec = if per_sec.is_finite() && per_sec > 0.0 {
            per_sec
        } else {
            f64::MIN_POSITIVE
        };
        TokenBuckets {
            per_sec,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Take a token for `ip` at `now`, or say how long until one is available.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT && !buckets.contains_key(&ip) {
            buckets.retain(|_, b| self.refilled(b, now) < self.burst);
            if buckets.len() >= MAX_TRACKED {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        bucket.tokens = self.refilled(bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.per_sec;
            Err(Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX))
        }
    }

    fn refilled(&self, b: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
        (b.tokens + elapsed * self.per_sec).min(self.burst)
    }
}

/// The server's limits.
#[derive(Debug)]
pub struct RateLimits {
    pub api: TokenBuckets,
    pub auth: TokenBuckets,
}

impl RateLimits {
    pub fn from_config(c: &Config) -> Self {
        RateLimits {
            api: TokenBuckets::new(c.rate_limit_per_sec, c.rate_limit_burst),
            auth: TokenBuckets::new(c.auth_rate_limit_per_min / 60.0, c.auth_rate_limit_burst),
        }
    }
}

fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Layer: refuse API requests over the client's limit with 429 `rate_limited` and `Retry-After`.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !under(path, "/api") {
        return next.run(req).await;
    }
    let auth = under(path, AUTH_PREFIX);
    let ip = client_ip(&req, state.config.trust_proxy);
    let now = Instant::now();
    let limits = &state.rate_limits;
    let refused = match limits.api.check(ip, now) {
        Err(wait) => Some((Limit::Api, wait)),
        Ok(()) if auth => limits.auth.check(ip, now).err().map(|w| (Limit::Auth, w)),
        Ok(()) => None,
    };
    match refused {
        None => next.run(req).await,
        Some((which, wait)) => {
            state.metrics.rate_limited(which);
            let retry_after_secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            ApiError::RateLimited { retry_after_secs }.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let b = TokenBuckets::new(2.0, 3);
        let ip = IpAddr::from([127, 0, 0, 1]);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(b.check(ip, t0).is_ok());
        }
        let wait = b.check(ip, t0).expect_err("empty");
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-9, "{wait:?}");
        assert!(b.check(ip, t0 + Duration::from_millis(500)).is_ok());
        assert!(b.check(IpAddr::from([127, 0, 0, 2]), t0).is_ok());
    }

    #[test]
    fn a_zero_rate_does_not_panic() {
        let b = TokenBuckets::new(0.0, 1);
        let ip = IpAddr::from([127, 0, 0, 1]);
        let t0 = Instant::now();
        assert!(b.check(ip, t0).is_ok());
        assert!(b.check(ip, t0).is_err());
    }

    #[test]
    fn prefixes_match_whole_segments() {
        assert!(under("/api/v1/auth/sign-in", AUTH_PREFIX));
        assert!(under("/api/v1/auth", AUTH_PREFIX));
        assert!(!under("/api/v1/authors", AUTH_PREFIX));
        assert!(under("/api", "/api") && !under("/apix", "/api"));
    }
}
