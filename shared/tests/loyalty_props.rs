//! Property tests of the loyalty rules over random sales, refund splits and ledgers: a sale refunded in any
//! number of parts gives back exactly what it earned (never more, never a negative step); earning never goes
//! negative and never falls when a line is added; expiry never takes more than the balance. 5,000 cases each.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use shared::loyalty::expiry::{expiring, Booked};
use shared::loyalty::{points_reversed, LoyaltyProgramme, Tier};

const CASES: u32 = 5_000;

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn programme(rate_tenths: i64, gold: i64) -> LoyaltyProgramme {
    LoyaltyProgramme {
        points_per_unit: Decimal::new(rate_tenths, 1),
        excluded_categories: vec!["c0".into()],
        tiers: vec![Tier {
            name: "Gold".into(),
            threshold: gold,
            multiplier: Decimal::new(15, 1),
        }],
        ..LoyaltyProgramme::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn refunds_in_parts_reverse_exactly_what_was_earned(
        earned in 0i64..100_000,
        parts in prop::collection::vec(1i64..50_000, 1..8),
    ) {
        let total: i64 = parts.iter().sum();
        let mut before = Decimal::ZERO;
        let mut reversed = 0;
        for p in &parts {
            let step = points_reversed(earned, cents(total), before, cents(*p));
            prop_assert!(step >= 0);
            reversed += step;
            prop_assert!(reversed <= earned);
            before += cents(*p);
        }
        prop_assert_eq!(reversed, earned);
    }

    #[test]
    fn earning_is_never_negative_and_grows_with_the_cart(
        lines in prop::collection::vec((0u8..4, 0i64..100_000), 0..12),
        extra in (0u8..4, 0i64..100_000),
        rate in 0i64..50,
        lifetime in 0i64..5_000,
    ) {
        let p = programme(rate, 1_000);
        let named: Vec<(String, Decimal)> =
            lines.iter().map(|(c, g)| (format!("c{c}"), cents(*g))).collect();
        let points = p.points_earned(named.iter().map(|(c, g)| (c.as_str(), *g)), lifetime);
        prop_assert!(points >= 0);
        let more = format!("c{}", extra.0);
        let grown = p.points_earned(
            named.iter().map(|(c, g)| (c.as_str(), *g)).chain([(more.as_str(), cents(extra.1))]),
            lifetime,
        );
        prop_assert!(grown >= points);
        // Excluded lines earn nothing, whatever their amount.
        let only_excluded = p.points_earned([("c0", cents(extra.1))], lifetime);
        prop_assert_eq!(only_excluded, 0);
        // Gold earns at least as much as no tier.
        let base = p.points_earned(named.iter().map(|(c, g)| (c.as_str(), *g)), 0);
        prop_assert!(p.points_earned(named.iter().map(|(c, g)| (c.as_str(), *g)), 1_000) >= base);
    }

    #[test]
    fn expiry_never_takes_more_than_the_balance(
        entries in prop::collection::vec((-500i64..1_000, 0i64..1_000), 0..20),
        days in 1u32..400,
        now in 0i64..1_500,
    ) {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("date");
        let booked: Vec<Booked> = entries
            .iter()
            .map(|(points, day)| Booked { points: *points, at: t0 + Duration::days(*day) })
            .collect();
        let at = t0 + Duration::days(now);
        let due = expiring(&booked, days, at);
        let balance: i64 = booked.iter().filter(|b| b.at <= at).map(|b| b.points).sum();
        prop_assert!(due >= 0);
        prop_assert!(due <= balance.max(0));
        // Writing the expiry as a debit leaves nothing more to expire at the same moment.
        let mut after = booked.clone();
        after.push(Booked { points: -due, at });
        prop_assert_eq!(expiring(&after, days, at), 0);
    }
}
