//! The model's one error enum: why a form (payment, refund, discount, weight) cannot be confirmed yet, in the
//! sentence the cashier reads under it (`Display`).

use super::tender::Method;
use rust_decimal::Decimal;
use shared::document::DocumentError;
use shared::money::Currency;
use shared::tender::TenderError;
use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum RuleError {
    // ---- Payment ----
    #[error("The {what} is not a number.")]
    NotANumber { what: &'static str },
    #[error("Use at most {scale} decimals for the {what}.")]
    TooManyDecimals { what: &'static str, scale: u32 },
    #[error("Unknown gift card {masked}.")]
    UnknownGiftCard { masked: String },
    #[error("{}", nothing_entered(*.0))]
    NothingEntered(Method),
    /// Not paid yet; `then` says what to enter when nothing is entered with the chosen method.
    #[error("{} still to pay.{}", currency.format(*remaining), then.map(|m| format!(" {}", nothing_entered(m))).unwrap_or_default())]
    StillToPay {
        remaining: Decimal,
        currency: Currency,
        then: Option<Method>,
    },
    #[error("Payment amounts must be positive.")]
    NotPositive,
    #[error("Only {} is left to pay; only cash can be more.", currency.format(*remaining))]
    OverRemaining {
        remaining: Decimal,
        currency: Currency,
    },
    /// The engine's settlement refused the payments (a balance too small, a non-cash overpayment, …).
    #[error("{}", sentence(&.0.to_string()))]
    Tender(TenderError),

    // ---- Refund ----
    #[error("A refund quantity is not a number.")]
    RefundQuantity,
    #[error("Enter how many of which item come back.")]
    NothingToRefund,
    #[error("Enter the reason for the refund.")]
    RefundReason,
    #[error("Store credit needs the sale's customer.")]
    RefundNeedsCustomer,
    #[error("Reading earlier refunds\u{2026}")]
    ReadingEarlierRefunds,
    #[error("This refund is not possible: {0}.")]
    RefundRefused(DocumentError),
    #[error("This sale was voided: nothing of it can be refunded.")]
    RefundVoided,

    // ---- Void ----
    #[error("This sale is voided already.")]
    AlreadyVoided,
    #[error("Only today's sales can be voided: refund this one instead.")]
    VoidNotToday,
    #[error("This sale has a refund: refund the rest instead of voiding it.")]
    VoidRefunded,
    #[error("Enter the reason for the void.")]
    VoidReason,
    #[error("This void is not possible: {0}.")]
    VoidRefused(DocumentError),

    // ---- Return without a receipt ----
    #[error("Scan or search the items that come back.")]
    ReturnNothing,
    #[error("Enter the reason for the return.")]
    ReturnReason,
    #[error("Store credit needs a customer on the order.")]
    ReturnNeedsCustomer,
    #[error("{name}: enter how many come back (whole pieces, or kg to the gram).")]
    ReturnQuantity { name: String },
    #[error("{name}: the price given back is not an amount above 0.")]
    ReturnPriceText { name: String },
    #[error("{name}: the price given back cannot be more than its current price {current}.")]
    ReturnPriceTooHigh { name: String, current: String },
    #[error("{name}: its tax rate is not on this till yet; sync and try again.")]
    ReturnUnknownRate { name: String },
    #[error("This return is not possible: {0}.")]
    ReturnRefused(DocumentError),

    // ---- Discount ----
    #[error("Enter the percent to take off.")]
    PercentMissing,
    #[error("Enter the amount to take off.")]
    AmountMissing,
    #[error("A percent discount is more than 0 and at most 100.")]
    PercentOutOfRange,
    #[error("A discount amount must be more than 0.")]
    AmountNotPositive,
    #[error("Use at most {scale} decimals for the amount.")]
    AmountDecimals { scale: u32 },
    #[error("Enter a reason for the discount.")]
    DiscountReason,

    // ---- Custom amount ----
    #[error("Choose the tax rate it is sold under.")]
    TaxRateMissing,

    // ---- Weight ----
    #[error("Enter the weight in kg, e.g. 0.750.")]
    WeightMissing,
    #[error("The weight must be more than 0 kg.")]
    WeightNotPositive,
    #[error("Weigh to the gram: at most 3 decimals.")]
    WeightDecimals,
    #[error("That weight is too large.")]
    WeightTooLarge,

    // ---- Quantity ----
    #[error("Enter how many.")]
    QuantityMissing,
    #[error("Pieces are counted whole: no decimals.")]
    QuantityWhole,
    #[error("That quantity is too large: at most {max}.")]
    QuantityTooLarge { max: u32 },

    // ---- Stock (back office) ----
    #[cfg(feature = "office")]
    #[error("Enter a number other than 0.")]
    StockQuantity,
    #[cfg(feature = "office")]
    #[error("Enter a number above 0.")]
    StockNotPositive,
    #[cfg(feature = "office")]
    #[error("Say why: damaged, found, lost\u{2026}")]
    StockReason,
    #[cfg(feature = "office")]
    #[error("Enter a number, 0 or more.")]
    StockCount,
    #[cfg(feature = "office")]
    #[error("No item on this sheet has the code {0}.")]
    StockUnknownCode(String),

    // ---- Stored data ----
    /// A sale stored by an earlier build does not verify as a document.
    #[error("sale {receipt_no}: {error}")]
    LegacySale {
        receipt_no: String,
        error: DocumentError,
    },
}

/// What to enter next with `method` when nothing is entered.
fn nothing_entered(method: Method) -> &'static str {
    match method {
        Method::Cash => "Enter the amount tendered, or choose Exact.",
        Method::Card => "Enter the reference shown by the card terminal.",
        Method::GiftCard => "Enter the gift card number.",
        Method::StoreCredit => "Choose a customer to pay with store credit.",
        Method::Loyalty => {
            "Choose a customer with points to redeem (the store sets what a point is worth)."
        }
    }
}

/// "a card payment needs …" → "A card payment needs ….": capital first letter, one closing full stop.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.trim().trim_end_matches('.').chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_upper_case_and_end_with_a_period() {
        assert_eq!(
            RuleError::Tender(TenderError::MissingCardReference).to_string(),
            "A card payment needs the reference from the card terminal."
        );
        assert_eq!(sentence(""), "");
        assert_eq!(
            sentence(" quantity must not be zero. "),
            "Quantity must not be zero."
        );
    }

    #[test]
    fn still_to_pay_names_the_amount_and_the_next_step() {
        let e = RuleError::StillToPay {
            remaining: Decimal::new(450, 2),
            currency: Currency::eur(),
            then: Some(Method::Card),
        };
        assert_eq!(
            e.to_string(),
            "4.50 EUR still to pay. Enter the reference shown by the card terminal."
        );
    }
}
