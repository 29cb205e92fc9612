//! Sync protocol messages between a terminal (or a store server) and its upstream server.
//!
//! Push: a device sends its mutations in order; each has a client-made id (UUIDv7) and a per-device,
//! gap-free sequence number starting at 1. The server applies a batch in one transaction and answers with the
//! last sequence it has applied for the device. Replaying an applied mutation changes nothing; the same id
//! with a different body is a conflict; a gap is refused naming the expected sequence.
//!
//! Pull: the server keeps one global change sequence; a device asks for the changes after its cursor, page by
//! page, until `has_more` is false.

use crate::catalog::{Category, Product, StoreSettings, TaxRate};
use crate::sale::Sale;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    pub id: Uuid,
    /// Per device, starting at 1, no gaps.
    pub seq: u64,
    pub body: MutationBody,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MutationBody {
    CompleteSale { sale: Sale },
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum Change {
    Settings(StoreSettings),
    TaxRate(TaxRate),
    Category(Category),
    Product(Product),
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
