//! Held orders: an open order put aside ("parked") at one till and taken up ("claimed") again at any till of
//! the store — the one mechanism behind "park and hold" and, later, tabs and tables.
//!
//! Life of a held order on the server: a till uploads it (`parked`, on the shelf, no holder); one till at a
//! time claims it (`claimed`, held by that till); the holder closes it when it is paid or discarded
//! (`closed`). One left on the shelf longer than the store's `TillSettings::park_expiry_hours` becomes
//! `expired`. A till that parked an order offline keeps it to itself until it has uploaded it.
//!
//! What is held is the order as the till's open order holds it (lines, order discounts, coupons, customer,
//! who started it). A discount approval is not held: its override token is a live secret, so a resumed order
//! with a discount over the limit is approved again.

use crate::basket::BasketLine;
use crate::catalog::CustomerRecord;
use crate::discount::ManualDiscount;
use crate::document::StaffStamp;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest name or note of a held order, in characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// Most lines a held order may carry.
pub const MAX_HELD_LINES: usize = 500;

/// The order itself, as the till's open order holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldOrderBody {
    /// The basket lines (product, name, unit, quantity, price, taxes, line discount).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lines: Vec<BasketLine>,
    /// The cashier's order discounts (value and reason), applied in order.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub order_discounts: Vec<ManualDiscount>,
    /// Coupon codes as entered (normalised).
    #[serde(default)]
    pub coupons: Vec<String>,
    #[serde(default)]
    pub customer: Option<CustomerRecord>,
    /// Who rang up the first line.
    #[serde(default)]
    pub started_by: Option<StaffStamp>,
}

/// Where a held order is in its life (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HeldStatus {
    /// On the shelf: any till of the store may claim it.
    Parked,
    /// Taken up by one till (`holder`).
    Claimed,
    /// Paid or discarded by its holder.
    Closed,
    /// Left on the shelf past the store's expiry.
    Expired,
}

/// Why a held order is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    Paid,
    Discarded,
    /// Put aside again: the till parks it anew under a new id.
    ParkedAgain,
}

/// `PUT /api/v1/held-orders/{id}`: a till uploads an order it parked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParkRequest {
    /// The name or note the cashier gave it ("Table 4", "Blue coat, back soon").
    pub label: String,
    pub order: HeldOrderBody,
    pub parked_by: Option<StaffStamp>,
    /// When the till parked it (maybe offline, long before the upload); the server keeps no time later than
    /// its own clock.
    pub parked_at: DateTime<Utc>,
}

/// `POST /api/v1/held-orders/{id}/close`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseRequest {
    pub reason: CloseReason,
}

/// A held order as the server keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldOrder {
    pub id: Uuid,
    pub label: String,
    pub order: HeldOrderBody,
    pub parked_by: Option<StaffStamp>,
    pub parked_at: DateTime<Utc>,
    /// The till that parked it.
    pub parked_on: Uuid,
    /// That till's name, when the server knows it.
    #[serde(default)]
    pub parked_on_name: Option<String>,
    pub status: HeldStatus,
    /// The till holding it (claimed, or closed by it).
    #[serde(default)]
    pub holder: Option<Uuid>,
    /// That till's name, when the server knows it.
    #[serde(default)]
    pub holder_name: Option<String>,
    /// Bumped by every change of the record.
    pub version: u64,
}

/// `GET /api/v1/held-orders`: the store's parked orders, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldOrderList {
    pub orders: Vec<HeldOrder>,
}

/// Settings of the store's tills, pulled as `Change::TillSettings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TillSettings {
    /// A till locks after this many seconds without input (`lock::lock_after_secs`).
    pub lock_after_secs: u32,
    /// Parked orders older than this many hours expire (0: never).
    pub park_expiry_hours: u32,
}

/// Held orders expire after a day unless the store says otherwise.
pub const DEFAULT_PARK_EXPIRY_HOURS: u32 = 24;
/// The longest idle-lock delay a store may set (an hour).
pub const MAX_LOCK_AFTER_SECS: u32 = 3600;
/// The longest expiry a store may set (30 days).
pub const MAX_PARK_EXPIRY_HOURS: u32 = 720;

impl Default for TillSettings {
    fn default() -> Self {
        TillSettings {
            lock_after_secs: crate::lock::DEFAULT_LOCK_AFTER_SECS as u32,
            park_expiry_hours: DEFAULT_PARK_EXPIRY_HOURS,
        }
    }
}

impl TillSettings {
    /// Whether the values are within bounds: a lock delay of 1 s to an hour, an expiry of 0 to 30 days.
    pub fn check(&self) -> Result<(), HeldError> {
        let lock = crate::lock::MIN_LOCK_AFTER_SECS as u32..=MAX_LOCK_AFTER_SECS;
        if !lock.contains(&self.lock_after_secs) {
            return Err(HeldError::LockDelay(self.lock_after_secs));
        }
        if self.park_expiry_hours > MAX_PARK_EXPIRY_HOURS {
            return Err(HeldError::Expiry(self.park_expiry_hours));
        }
        Ok(())
    }

    /// Orders parked before this time have expired at `now` (`None`: parked orders never expire).
    pub fn expiry_cutoff(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (self.park_expiry_hours > 0)
            .then(|| now - Duration::hours(i64::from(self.park_expiry_hours)))
    }

    /// An order parked at `parked_at` has expired at `now`.
    pub fn is_expired(&self, parked_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.expiry_cutoff(now)
            .is_some_and(|cutoff| parked_at < cutoff)
    }
}

/// Why a held order or the till settings are refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeldError {
    #[error("give the order a name or note of 1 to {MAX_LABEL_CHARS} characters")]
    Label,
    #[error("a held order has 1 to {MAX_HELD_LINES} lines")]
    Lines,
    #[error("the lock delay must be 1 to {MAX_LOCK_AFTER_SECS} seconds, not {0}")]
    LockDelay(u32),
    #[error("the expiry must be 0 to {MAX_PARK_EXPIRY_HOURS} hours, not {0}")]
    Expiry(u32),
}

/// The label as it is kept: trimmed.
pub fn clean_label(label: &str) -> Result<String, HeldError> {
    let label = label.trim();
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL_CHARS || label.chars().any(char::is_control) {
        return Err(HeldError::Label);
    }
    Ok(label.to_owned())
}

impl ParkRequest {
    /// The request's own checks: a label, and at least one line (an empty order is not worth holding).
    pub fn check(&self) -> Result<(), HeldError> {
        clean_label(&self.label)?;
        if self.order.lines.is_empty() || self.order.lines.len() > MAX_HELD_LINES {
            return Err(HeldError::Lines);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn orders_expire_after_the_store_hours_and_never_with_zero() {
        let s = TillSettings {
            lock_after_secs: 60,
            park_expiry_hours: 2,
        };
        assert!(!s.is_expired(at(10), at(12)));
        assert!(s.is_expired(at(9), at(12)));
        let never = TillSettings {
            park_expiry_hours: 0,
            ..s
        };
        assert!(!never.is_expired(at(0), at(23)));
    }

    #[test]
    fn settings_out_of_bounds_are_refused() {
        assert!(TillSettings::default().check().is_ok());
        let s = TillSettings {
            lock_after_secs: 0,
            park_expiry_hours: 1,
        };
        assert_eq!(s.check(), Err(HeldError::LockDelay(0)));
        let s = TillSettings {
            lock_after_secs: 30,
            park_expiry_hours: 10_000,
        };
        assert_eq!(s.check(), Err(HeldError::Expiry(10_000)));
    }

    #[test]
    fn labels_are_trimmed_and_bounded() {
        assert_eq!(clean_label("  Table 4 ").as_deref(), Ok("Table 4"));
        assert_eq!(clean_label("   "), Err(HeldError::Label));
        assert_eq!(clean_label(&"x".repeat(81)), Err(HeldError::Label));
        assert_eq!(clean_label("a\u{0}b"), Err(HeldError::Label));
    }
}
