//! The tenders the payment form offers, and the notes offered as quick cash amounts.

/// The tender being entered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    #[default]
    Cash,
    Card,
    GiftCard,
    StoreCredit,
    /// Loyalty points of the order's customer, at the store's point value.
    Loyalty,
}

/// Notes offered as quick tenders when they are above the cash due.
pub const NOTES: [i64; 5] = [5, 10, 20, 50, 100];
