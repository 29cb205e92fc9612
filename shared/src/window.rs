//! Time windows for price lists and promotions (happy hour, weekend offers, a campaign's dates).
//!
//! Times are the store's local wall-clock time (`NaiveDateTime`): the terminal passes "now" as the store sees
//! it, so a 17:00–19:00 happy hour means 17:00–19:00 on the shop floor whatever the time zone.

use chrono::{Datelike, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// When a rule is active. Every part that is set must hold; an empty window is always active.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeWindow {
    /// Active from this moment on (inclusive).
    #[serde(default)]
    pub starts: Option<NaiveDateTime>,
    /// Active before this moment (exclusive).
    #[serde(default)]
    pub ends: Option<NaiveDateTime>,
    /// Days of the week it is active on; empty means every day.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub days: Vec<Weekday>,
    /// Daily from this time (inclusive). With `until` earlier than `from` the window runs past midnight
    /// (22:00–02:00), and then `days` names the day on which the evening starts.
    #[serde(default)]
    pub from: Option<NaiveTime>,
    /// Daily until this time (exclusive).
    #[serde(default)]
    pub until: Option<NaiveTime>,
}

impl TimeWindow {
    /// Every day between two times, e.g. happy hour 17:00–19:00.
    pub fn daily(from: NaiveTime, until: NaiveTime) -> Self {
        TimeWindow {
            from: Some(from),
            until: Some(until),
            ..TimeWindow::default()
        }
    }

    /// Is the window open at `now` (store-local time)?
    pub fn contains(&self, now: NaiveDateTime) -> bool {
        if self.starts.is_some_and(|s| now < s) || self.ends.is_some_and(|e| now >= e) {
            return false;
        }
        let t = now.time();
        let day = now.weekday();
        let day_ok = |d: Weekday| self.days.is_empty() || self.days.contains(&d);
        match (self.from, self.until) {
            (Some(f), Some(u)) if u < f => (t >= f && day_ok(day)) || (t < u && day_ok(day.pred())),
            (f, u) => f.is_none_or(|f| t >= f) && u.is_none_or(|u| t < u) && day_ok(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        // 2026-06-01 is a Monday.
        NaiveDate::from_ymd_opt(2026, 6, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn happy_hour() {
        let w = TimeWindow::daily(hm(17, 0), hm(19, 0));
        assert!(!w.contains(at(1, 16, 59)));
        assert!(w.contains(at(1, 17, 0)));
        assert!(w.contains(at(1, 18, 59)));
        assert!(!w.contains(at(1, 19, 0)));
    }

    #[test]
    fn overnight_on_fridays() {
        let w = TimeWindow {
            days: vec![Weekday::Fri],
            ..TimeWindow::daily(hm(22, 0), hm(2, 0))
        };
        assert!(w.contains(at(5, 23, 0))); // Friday night
        assert!(w.contains(at(6, 1, 0))); // small hours of Saturday
        assert!(!w.contains(at(6, 23, 0))); // Saturday night
        assert!(!w.contains(at(5, 1, 0))); // small hours of Friday belong to Thursday
    }

    #[test]
    fn dates() {
        let w = TimeWindow {
            starts: Some(at(2, 0, 0)),
            ends: Some(at(3, 0, 0)),
            ..TimeWindow::default()
        };
        assert!(!w.contains(at(1, 12, 0)));
        assert!(w.contains(at(2, 12, 0)));
        assert!(!w.contains(at(3, 0, 0)));
    }
}
