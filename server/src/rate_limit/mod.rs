//! Per-address flood guards for unauthenticated requests only: `governor` keyed limiters on the server's
//! [`Clock`], one for every public or credential-less `/api` request and a stricter one for password
//! sign-ins. Signed-in staff and enrolled devices (sync, PIN sign-in, approvals) are never limited per address:
//! a shop's tills share one. Guessing is stopped where it is aimed: the lockout of a device's PINs or an email's
//! password after five failures (`auth::lockout`). The layer that applies these is [`layer`].

pub mod layer;

use crate::clock::Clock;
use crate::config::Config;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Tracked addresses past which idle ones are forgotten (checked every [`PRUNE_EVERY`] requests).
const PRUNE_AT: usize = 10_000;
const PRUNE_EVERY: u64 = 1024;
/// The slowest refill a limit may have (a rate that is not a positive number becomes this).
const LONGEST_PERIOD: Duration = Duration::from_secs(86_400);

type Keyed = RateLimiter<IpAddr, HashMapStateStore<IpAddr>, Clock, NoOpMiddleware<Nanos>>;

/// `burst` requests per address at once, refilled at `per_sec`.
pub struct AddressLimit {
    limiter: Keyed,
    clock: Clock,
    checks: AtomicU64,
}

impl std::fmt::Debug for AddressLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddressLimit")
            .field("tracked", &self.limiter.len())
            .finish()
    }
}

fn quota(per_sec: f64, burst: u32) -> Quota {
    let period = Duration::try_from_secs_f64(1.0 / per_sec)
        .unwrap_or(LONGEST_PERIOD)
        .clamp(Duration::from_nanos(1), LONGEST_PERIOD);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
        .allow_burst(burst)
}

impl AddressLimit {
    pub fn new(per_sec: f64, burst: u32, clock: Clock) -> Self {
        AddressLimit {
            limiter: RateLimiter::hashmap_with_clock(quota(per_sec, burst), clock.clone()),
            clock,
            checks: AtomicU64::new(0),
        }
    }

    /// Take one request for `ip`, or say how long until the next is allowed.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(PRUNE_EVERY)
            && self.limiter.len() >= PRUNE_AT
        {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&ip)
            .map_err(|not_until| not_until.wait_time_from(governor::clock::Clock::now(&self.clock)))
    }
}

/// The server's per-address limits, all on one clock.
#[derive(Debug)]
pub struct RateLimits {
    /// Every unauthenticated `/api` request: public routes, unknown routes, requests without credentials.
    pub public: AddressLimit,
    /// Password sign-ins (`POST /api/v1/auth/login`), on top of `public`.
    pub login: AddressLimit,
    /// At most one audit entry a minute per address for refused sign-ins, so a flood cannot fill the log.
    pub refusal_audit: AddressLimit,
}

impl RateLimits {
    pub fn new(c: &Config, clock: &Clock) -> Self {
        RateLimits {
            public: AddressLimit::new(c.rate_limit_per_sec, c.rate_limit_burst, clock.clone()),
            login: AddressLimit::new(
                c.auth_rate_limit_per_min / 60.0,
                c.auth_rate_limit_burst,
                clock.clone(),
            ),
            refusal_audit: AddressLimit::new(1.0 / 60.0, 1, clock.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn clock() -> Clock {
        Clock::manual(
            Utc.with_ymd_and_hms(2026, 3, 14, 9, 0, 0)
                .single()
                .expect("date"),
        )
    }

    #[test]
    fn burst_then_refill_on_the_clock() {
        let clock = clock();
        let limit = AddressLimit::new(2.0, 3, clock.clone());
        let ip = IpAddr::from([127, 0, 0, 1]);
        for _ in 0..3 {
            assert!(limit.check(ip).is_ok());
        }
        let wait = limit.check(ip).expect_err("empty");
        assert_eq!(wait, Duration::from_millis(500));
        assert!(limit.check(IpAddr::from([127, 0, 0, 2])).is_ok());
        clock.advance(Duration::from_millis(500));
        assert!(limit.check(ip).is_ok());
        assert!(limit.check(ip).is_err());
    }

    #[test]
    fn rates_that_are_not_positive_numbers_do_not_panic() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e300] {
            let limit = AddressLimit::new(rate, 1, clock());
            let ip = IpAddr::from([127, 0, 0, 1]);
            assert!(limit.check(ip).is_ok(), "{rate}");
        }
    }
}
