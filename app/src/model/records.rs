//! Documents as this terminal stores them: each with whether the server has acknowledged it.

use serde::{Deserialize, Serialize};
use shared::document::{Refund, SaleDocument, UnreceiptedReturn, Void};

/// A stored sale and whether the server has acknowledged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRecord {
    pub sale: SaleDocument,
    pub synced: bool,
}

/// A stored refund and whether the server has acknowledged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRecord {
    pub refund: Refund,
    pub synced: bool,
}

/// A stored void and whether the server has acknowledged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidRecord {
    pub void: Void,
    pub synced: bool,
}

/// A stored return without a receipt and whether the server has acknowledged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRecord {
    pub unreceipted_return: UnreceiptedReturn,
    pub synced: bool,
}
