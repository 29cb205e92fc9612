//! Commerce documents: sales priced by the engine, refunds, voids, exchanges and returns without a receipt. Each is an immutable fact;
//! a refund, void or exchange is a new document that references the original sale by id.

pub mod exchange;
mod legacy;
pub mod mutation;
pub mod refund;
pub mod sale;
pub mod stamp;
pub mod unreceipted;
pub mod void;

use crate::pricing::error::PricingError;
use crate::tender::TenderError;
use rust_decimal::Decimal;
use thiserror::Error;

pub use exchange::Exchange;
pub use mutation::DocumentMutation;
pub use refund::{
    Refund, RefundLine, RefundLineRequest, RefundMethod, RefundPayout, RefundRequest,
};
pub use sale::SaleDocument;
pub use stamp::{Approval, StaffStamp};
pub use unreceipted::{
    ReturnItem, ReturnPayoutMethod, UnreceiptedLine, UnreceiptedReturn, UnreceiptedReturnRequest,
};
pub use void::Void;

/// The one error enum of the documents area.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DocumentError {
    #[error(transparent)]
    Pricing(#[from] PricingError),
    #[error(transparent)]
    Tender(#[from] TenderError),
    #[error("the cart is empty")]
    EmptyBasket,
    #[error("a refund needs at least one line")]
    NoLines,
    #[error("a reason is required")]
    MissingReason,
    #[error("the sale has no line {0}")]
    NoSuchLine(usize),
    #[error("line {0} appears twice in the request")]
    DuplicateLine(usize),
    #[error("line {line}: the quantity must be positive, in the line's unit")]
    BadQuantity { line: usize },
    #[error("line {line}: only {remaining} left to refund")]
    OverRefund { line: usize, remaining: Decimal },
    #[error("refund {0} belongs to another sale")]
    ForeignRefund(uuid::Uuid),
    #[error("the sale has refunds; refund the rest instead of voiding it")]
    AlreadyRefunded,
    #[error("the document's amounts do not add up: {0}")]
    Inconsistent(String),
    #[error("the price given back cannot be more than the current price {current}")]
    ReturnPriceAboveCurrent { current: Decimal },
    #[error("the price given back must be more than zero")]
    ReturnPriceNotPositive,
}
