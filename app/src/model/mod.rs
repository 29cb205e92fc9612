//! Plain data and rules, no browser and no signals: the order and the open order, the store data it is priced
//! with, the in-memory catalog, stored records and the outbox summary, and the rules of the payment, refund,
//! discount and weight forms, the PIN keypad, what Enter adds, toasts and the line just added. Everything
//! here is tested natively (`cargo test -p app`).

pub mod added;
pub mod catalog;
pub mod commerce;
pub mod custom_amount;
pub mod customer_form;
pub mod customer_search;
pub mod discount;
pub mod enroll_store;
pub mod enter;
pub mod error;
#[cfg(feature = "office")]
pub mod loyalty_form;
pub mod multiplier;
pub mod office_access;
pub mod open_order;
pub mod order;
pub mod outbox;
pub mod parked;
pub mod payment;
pub mod payment_balance;
pub mod pin;
pub mod price_check;
#[cfg(feature = "office")]
pub mod product_form;
pub mod quantity;
#[cfg(feature = "office")]
pub mod quick_key_editor;
pub mod quick_keys;
pub mod receipt;
pub mod records;
pub mod refund;
pub mod return_form;
pub mod sale_search;
pub mod stock;
#[cfg(feature = "office")]
pub mod stock_form;
#[cfg(feature = "office")]
pub mod stock_sheet;
#[cfg(feature = "office")]
pub mod store_form;
pub mod tender;
pub mod toast;
pub mod undo;
pub mod void;
#[cfg(feature = "office")]
pub mod webhook_form;

use rust_decimal::Decimal;

/// A quantity without trailing zeros: "2", "0.5".
pub fn quantity(q: Decimal) -> String {
    q.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_drop_trailing_zeros() {
        assert_eq!(quantity(Decimal::new(200, 2)), "2");
        assert_eq!(quantity(Decimal::new(5, 1)), "0.5");
    }
}
