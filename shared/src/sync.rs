//! Sync protocol messages between a terminal (or a store server) and its upstream server.
//!
//! Push: a device sends its mutations in order; each has a client-made id (UUIDv7) and a per-device,
//! gap-free sequence number starting at 1. The server applies a batch in one transaction and answers with the
//! last sequence it has applied for the device. Replaying an applied mutation changes nothing; the same id
//! with a different body is a conflict; a gap is refused naming the expected sequence.
//!
//! Pull: the server keeps one global change sequence; a device asks for the changes after its cursor, page by
//! page, until `has_more` is false.

use crate::catalog::{
    Category, CustomerRecord, GiftCardBalance, ModifierGroup, Product, ProductGroup, StoreSettings,
    TaxRate,
};
use crate::document::{Exchange, Refund, SaleDocument, UnreceiptedReturn, Void};
use crate::held::TillSettings;
use crate::ledger::CashMovement;
use crate::policy::StorePolicy;
use crate::price_list::PriceList;
use crate::promotion::{CouponEntry, Promotion};
use serde::{Deserialize, Serialize};
use shared_derive::TagFirst;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    pub id: Uuid,
    /// Per device, starting at 1, no gaps.
    pub seq: u64,
    pub body: MutationBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MutationBody {
    /// A completed sale: priced lines with their adjustments, payments and settlement.
    CompleteSale { sale: SaleDocument },
    /// A (partial) refund referencing an earlier sale by id.
    Refund { refund: Refund },
    /// A whole sale voided, referencing it by id.
    Void { void: Void },
    /// Goods returned and new goods sold in one document.
    Exchange { exchange: Box<Exchange> },
    /// Cash put into or taken out of the drawer (float, paid in/out, drop).
    CashMovement { movement: CashMovement },
    /// Goods taken back without a receipt (no sale referenced), paid out in cash or store credit.
    UnreceiptedReturn {
        unreceipted_return: UnreceiptedReturn,
    },
    /// A customer made or changed at a till (offline too), under the till's own id for a new one.
    SaveCustomer { save: crate::customer::SaveCustomer },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub device_id: Uuid,
    pub mutations: Vec<Mutation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// The highest sequence the server has applied for this device (0 if none).
    pub last_applied_seq: u64,
}

/// One change in the server's global sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TagFirst)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum Change {
    Settings(StoreSettings),
    /// Settings plus cash rounding, promotion policy and loyalty point value; terminals price with this.
    Policy(StorePolicy),
    TaxRate(TaxRate),
    Category(Category),
    Product(Product),
    Promotion(Promotion),
    /// A promotion withdrawn: terminals drop it.
    PromotionRemoved {
        id: String,
    },
    PriceList(PriceList),
    Customer(CustomerRecord),
    /// A coupon code and its remaining uses (as the server last counted them).
    Coupon(CouponEntry),
    GiftCard(GiftCardBalance),
    /// The parent of variants (its variants come as `Product`s naming it); inactive when archived.
    ProductGroup(ProductGroup),
    /// Choices sold with items that name it; inactive when archived.
    ModifierGroup(ModifierGroup),
    /// The tills' settings: the idle-lock delay and how long parked orders are kept.
    TillSettings(TillSettings),
    /// An item's on-hand at a store's selling location, as the server last counted it.
    StockLevel(crate::stock::StockAt),
    /// The quick-key layout of the till's store (only that store's tills pull it).
    QuickKeys(crate::quick_keys::QuickKeys),
    /// A customer erased: tills drop every personal field they hold of them (name, contact, note), keeping
    /// the id so the sales to them show "anonymised".
    CustomerErased {
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass this as `cursor` on the next pull.
    pub cursor: u64,
    /// More changes are waiting: pull again right away.
    pub has_more: bool,
}

/// Upper bound on a pull page, whatever the client asks for.
pub const MAX_PULL_LIMIT: u32 = 5000;
/// Upper bound on the mutations in one push.
pub const MAX_PUSH_MUTATIONS: usize = 500;
