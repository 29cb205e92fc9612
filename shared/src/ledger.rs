//! The ledger view: balanced double-entry postings derived from every sale, refund, void, return
//! without a receipt and cash movement.
//!
//! Nothing here is stored: journals are a pure function of the documents and the store's chart of accounts,
//! so an export or a report can always re-derive them. Debits equal credits in every journal, always.

pub mod accounts;
pub mod cash;
pub mod journal;
pub mod post;

use rust_decimal::Decimal;
use thiserror::Error;

pub use accounts::ChartOfAccounts;
pub use cash::{CashMovement, CashMovementKind};
pub use journal::{Journal, JournalSource, Posting};
pub use post::{
    cash_movement_journal, exchange_journals, legacy_sale_journal, refund_journal, sale_journal,
    unreceipted_return_journal, void_journal,
};

/// The one error enum of the ledger area.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LedgerError {
    #[error("a cash movement needs a positive amount, not {0}")]
    NonPositiveAmount(Decimal),
    #[error("a cash movement needs a reason")]
    MissingReason,
    #[error("the void is for sale {void_sale}, not {sale}")]
    WrongSale {
        void_sale: uuid::Uuid,
        sale: uuid::Uuid,
    },
}
