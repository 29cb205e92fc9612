//! Sync mutations for the commerce documents. A separate enum from `sync::MutationBody` (which the server
//! matches exhaustively); the integrator wires these in as new variants or a second mutation stream.

use super::{Exchange, Refund, SaleDocument, UnreceiptedReturn, Void};
use crate::ledger::CashMovement;
use serde::Serialize;
use shared_derive::TagFirst;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentMutation {
    CompleteSaleDocument {
        sale: SaleDocument,
    },
    Refund {
        refund: Refund,
    },
    Void {
        void: Void,
    },
    Exchange {
        exchange: Box<Exchange>,
    },
    CashMovement {
        movement: CashMovement,
    },
    UnreceiptedReturn {
        unreceipted_return: UnreceiptedReturn,
    },
}
