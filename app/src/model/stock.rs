//! Stock at this till's store, as last pulled (`Change::StockLevel`): each item's on-hand at the store's
//! selling location and when the server last moved it. What the product tiles show: "12 in stock" (negative
//! shown as it is: sales are facts), and how old it is; older than [`STALE_AFTER_MS`] it is marked stale.
//! The back office's stock forms read their fields in `stock_form.rs`.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shared::stock::StockAt;
use std::collections::BTreeMap;

/// A level not moved for this long may be out of date (another till's sales not yet pulled, or offline).
pub const STALE_AFTER_MS: f64 = 60.0 * 60.0 * 1000.0;

/// The pulled levels, by item id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevels(BTreeMap<String, StockAt>);

/// What a tile shows about one item's stock.
#[derive(Clone, Debug, PartialEq)]
pub struct StockNote {
    /// "12 in stock", "-2 in stock".
    pub text: String,
    pub negative: bool,
    /// Milliseconds since the server last moved it.
    pub age_ms: f64,
    pub stale: bool,
}

impl StockLevels {
    /// Keep the newer of what is held and `level`.
    pub fn apply(&mut self, level: &StockAt) {
        match self.0.get(&level.product_id) {
            Some(held) if held.at > level.at => {}
            _ => {
                self.0.insert(level.product_id.clone(), level.clone());
            }
        }
    }

    /// What to show for `product_id` at `now_ms` (milliseconds since the epoch); `None` when never pulled.
    pub fn note(&self, product_id: &str, now_ms: f64) -> Option<StockNote> {
        let level = self.0.get(product_id)?;
        let age_ms = (now_ms - millis(level.at)).max(0.0);
        Some(StockNote {
            text: format!("{} in stock", crate::model::quantity(level.on_hand)),
            negative: level.on_hand < Decimal::ZERO,
            age_ms,
            stale: age_ms > STALE_AFTER_MS,
        })
    }
}

fn millis(at: DateTime<Utc>) -> f64 {
    // Times of this era fit an f64's 53 bits exactly.
    at.timestamp_millis() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn level(product: &str, on_hand: i64, at_ms: i64) -> StockAt {
        StockAt {
            product_id: product.into(),
            location_id: Uuid::nil(),
            store_id: None,
            on_hand: Decimal::from(on_hand),
            at: DateTime::from_timestamp_millis(at_ms).unwrap_or_default(),
        }
    }

    #[test]
    fn shows_the_newest_level_with_its_age() {
        let mut s = StockLevels::default();
        s.apply(&level("a", 12, 1_000));
        s.apply(&level("a", 15, 500)); // older: ignored
        let note = s.note("a", 61_000.0).expect("pulled");
        assert_eq!(note.text, "12 in stock");
        assert_eq!(
            (note.negative, note.stale, note.age_ms),
            (false, false, 60_000.0)
        );
        assert_eq!(s.note("b", 0.0), None);
    }

    #[test]
    fn negative_stock_is_shown_and_old_levels_are_stale() {
        let mut s = StockLevels::default();
        s.apply(&level("a", -2, 0));
        let note = s.note("a", STALE_AFTER_MS + 1.0).expect("pulled");
        assert_eq!(note.text, "-2 in stock");
        assert!(note.negative && note.stale);
    }
}
