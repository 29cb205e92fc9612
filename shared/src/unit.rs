//! How a quantity is counted: whole pieces or weighed kilograms (a product's unit, and each basket line's).

use serde::{Deserialize, Serialize};

/// How a line's quantity is counted.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Whole pieces: the quantity is an integer.
    #[default]
    Each,
    /// Weighed goods: the quantity is kilograms with at most 3 decimals (grams), the price is per kg.
    Kilogram,
}

impl Unit {
    /// Most decimals a quantity in this unit may carry.
    pub fn max_scale(self) -> u32 {
        match self {
            Unit::Each => 0,
            Unit::Kilogram => 3,
        }
    }
}
