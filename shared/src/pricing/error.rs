//! The one error enum of the pricing area: a basket, discount, promotion or price list the engine refuses.

use thiserror::Error;

/// Largest quantity on one line (pieces or kg).
pub const MAX_QUANTITY: u32 = 100_000;
/// Largest unit price the engine accepts, in major units.
pub const MAX_UNIT_PRICE: i64 = 1_000_000_000;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PricingError {
    #[error("line {line}: the quantity must be positive and at most {MAX_QUANTITY}")]
    BadQuantity { line: usize },
    #[error("line {line}: {unit} quantities allow at most {max} decimals")]
    QuantityScale {
        line: usize,
        unit: &'static str,
        max: u32,
    },
    #[error("line {line}: the unit price must be between 0 and {MAX_UNIT_PRICE}")]
    BadPrice { line: usize },
    #[error("line {line}: tax {rate_id} has a negative percent or appears twice")]
    BadTax { line: usize, rate_id: String },
    #[error("line {line}: the discount must be 0–100% or a non-negative amount")]
    BadLineDiscount { line: usize },
    #[error("order discount {index}: it must be 0–100% or a non-negative amount")]
    BadOrderDiscount { index: usize },
    #[error("a manual discount needs a reason")]
    MissingReason,
    #[error("promotion {id}: {problem}")]
    BadPromotion { id: String, problem: &'static str },
    #[error("price list {id}: prices must be between 0 and {MAX_UNIT_PRICE}")]
    BadPriceList { id: String },
}
