//! The server's one clock: the system clock in production, a clock that only moves when told in tests. Every
//! time the server reads (sign-ins, sessions, lockouts, audit entries, pushes, rate limits) comes from here.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A source of "now", cheap to clone; clones of a manual clock share its time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Nanoseconds since the Unix epoch of a manual clock; `None` reads the system clock.
    manual: Option<Arc<AtomicI64>>,
}

fn nanos(t: DateTime<Utc>) -> i64 {
    // Representable from 1677 to 2262; outside that, the nearest end.
    t.timestamp_nanos_opt().unwrap_or(if t.timestamp() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock::default()
    }

    /// A clock standing at `start` until [`Clock::set`] or [`Clock::advance`] moves it.
    pub fn manual(start: DateTime<Utc>) -> Self {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(nanos(start)))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.manual {
            None => Utc::now(),
            Some(at) => DateTime::from_timestamp_nanos(at.load(Ordering::SeqCst)),
        }
    }

    /// Move a manual clock to `at`; returns false (and does nothing) for the system clock.
    pub fn set(&self, at: DateTime<Utc>) -> bool {
        match &self.manual {
            None => false,
            Some(now) => {
                now.store(nanos(at), Ordering::SeqCst);
                true
            }
        }
    }

    /// Move a manual clock forward by `by`; returns false (and does nothing) for the system clock.
    pub fn advance(&self, by: std::time::Duration) -> bool {
        match &self.manual {
            None => false,
            Some(now) => {
                let by = i64::try_from(by.as_nanos()).unwrap_or(i64::MAX);
                now.fetch_add(by, Ordering::SeqCst);
                true
            }
        }
    }
}

/// Rate limiters (`governor`) run on the same clock, as nanoseconds since the Unix epoch (0 before it).
impl governor::clock::Clock for Clock {
    type Instant = governor::nanos::Nanos;

    fn now(&self) -> Self::Instant {
        let since_epoch = u64::try_from(nanos(Clock::now(self))).unwrap_or(0);
        governor::nanos::Nanos::from(since_epoch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::time::Duration;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 14, 9, 0, 0)
            .single()
            .expect("date");
        let clock = Clock::manual(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        assert!(other.advance(Duration::from_secs(90)));
        assert_eq!(clock.now(), start + chrono::Duration::seconds(90));
        let before = governor::clock::Clock::now(&clock);
        assert!(clock.set(start + chrono::Duration::hours(1)));
        let after = governor::clock::Clock::now(&clock);
        assert_eq!(
            Duration::from(after) - Duration::from(before),
            Duration::from_secs(3600 - 90)
        );
    }

    #[test]
    fn the_system_clock_cannot_be_moved() {
        let clock = Clock::system();
        assert!(!clock.advance(Duration::from_secs(1)));
        assert!(!clock.set(Utc::now()));
        let now = clock.now();
        assert!((Utc::now() - now).num_seconds().abs() < 5);
    }
}
