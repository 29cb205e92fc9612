//! Named rule **points expiry** (first in, first out): each credit of points (earned, returned, a positive
//! adjustment) expires `expiry_days` after it was booked; every debit (redeemed, reversed, expired, a negative
//! adjustment) uses up the oldest credits first. At `now`, what is left of the credits booked more than
//! `expiry_days` before is due to expire — never more than the balance. Entries booked after `now` are left out.

use chrono::{DateTime, Duration, Utc};

/// One ledger entry as the expiry rule reads it: signed points and when they were booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booked {
    pub points: i64,
    pub at: DateTime<Utc>,
}

/// The points of `entries` (any order) due to expire at `now` by the rule **points expiry**.
pub fn expiring(entries: &[Booked], expiry_days: u32, now: DateTime<Utc>) -> i64 {
    // Entries after `now` (a clock behind the ledger) do not count yet.
    let mut entries: Vec<Booked> = entries.iter().filter(|e| e.at <= now).copied().collect();
    entries.sort_by_key(|e| e.at);
    // Credits still unspent, oldest first: (booked at, points left).
    let mut credits: std::collections::VecDeque<(DateTime<Utc>, i64)> = Default::default();
    let mut overdrawn = 0i64;
    for e in &entries {
        if e.points > 0 {
            // A credit first pays back what debits took beyond the balance.
            let repay = e.points.min(overdrawn);
            overdrawn -= repay;
            if e.points > repay {
                credits.push_back((e.at, e.points - repay));
            }
        } else {
            let mut debit = e.points.saturating_neg();
            while debit > 0 {
                match credits.front_mut() {
                    Some((_, left)) => {
                        let used = debit.min(*left);
                        *left -= used;
                        debit -= used;
                        if *left == 0 {
                            credits.pop_front();
                        }
                    }
                    None => {
                        overdrawn = overdrawn.saturating_add(debit);
                        debit = 0;
                    }
                }
            }
        }
    }
    let cutoff = now - Duration::days(i64::from(expiry_days));
    credits
        .iter()
        .filter(|(at, _)| *at <= cutoff)
        .map(|(_, left)| *left)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
            .single()
            .expect("date")
            + Duration::days(n)
    }

    fn b(points: i64, n: i64) -> Booked {
        Booked { points, at: day(n) }
    }

    #[test]
    fn oldest_points_are_spent_first_and_expire_when_old() {
        // 100 on day 0, 50 on day 200, 120 spent on day 300: 30 of day 200's remain.
        let entries = [b(100, 0), b(50, 200), b(-120, 300)];
        assert_eq!(
            expiring(&entries, 365, day(364)),
            0,
            "nothing is a year old"
        );
        assert_eq!(expiring(&entries, 365, day(365)), 0, "day 0's were spent");
        assert_eq!(expiring(&entries, 365, day(565)), 30);
        assert_eq!(
            expiring(&entries, 30, day(250)),
            150,
            "the spending comes later"
        );
    }

    #[test]
    fn an_overdrawn_account_has_nothing_to_expire_until_repaid() {
        let entries = [b(-40, 0), b(100, 1)];
        assert_eq!(expiring(&entries, 10, day(20)), 60);
        assert_eq!(expiring(&[b(-40, 0)], 10, day(20)), 0);
    }

    #[test]
    fn expiring_never_exceeds_the_balance() {
        let entries = [b(10, 0), b(-3, 1), b(7, 2), b(-9, 3)];
        let balance: i64 = entries.iter().map(|e| e.points).sum();
        assert_eq!(expiring(&entries, 1, day(100)), balance);
    }
}
