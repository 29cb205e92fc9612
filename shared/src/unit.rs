//! How a quantity is counted: whole pieces, weighed kilograms or measured litres (a product's unit, and each
//! basket line's).

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
    /// Measured liquids (sold from the tap or by volume): litres with at most 3 decimals (millilitres), the price
    /// is per litre.
    Litre,
}

impl Unit {
    /// Most decimals a quantity in this unit may carry.
    pub fn max_scale(self) -> u32 {
        match self {
            Unit::Each => 0,
            Unit::Kilogram | Unit::Litre => 3,
        }
    }

    /// Weighed or measured: the quantity is read from a scale or typed, not counted.
    pub fn is_measured(self) -> bool {
        self != Unit::Each
    }

    /// The unit's symbol after a quantity (`kg`, `l`); none for pieces.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            Unit::Each => None,
            Unit::Kilogram => Some("kg"),
            Unit::Litre => Some("l"),
        }
    }
}
