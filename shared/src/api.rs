//! Wire types of the REST API that are not sync messages: error bodies and list pages.

use crate::catalog::Product;
use crate::sale::Sale;
use serde::{Deserialize, Serialize};

/// Every 4xx/5xx answer of the API carries this body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable, machine-readable code, e.g. `sequence_gap`, `mutation_conflict`, `invalid_body`.
    pub error: String,
    /// What went wrong, for people.
    pub message: String,
    /// With `sequence_gap`: the sequence the server expects next from this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<u64>,
    /// With `invalid_field` (and a duplicate SKU or barcode): the field at fault, as the request's JSON spells
    /// it, e.g. `sku` or `variants[1].barcode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPage {
    pub products: Vec<Product>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleList {
    pub sales: Vec<Sale>,
}

/// Sales as the commerce engine records them (`GET /api/v1/sales`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleDocumentList {
    pub sales: Vec<crate::document::SaleDocument>,
}

/// One page of a sales search (`GET /api/v1/sales/search`), newest first; `next` (absent on the last page) is
/// the `after` of the next page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaleSearchPage {
    pub sales: Vec<crate::document::SaleDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Refunds (`GET /api/v1/refunds`, `GET /api/v1/sales/{id}/refunds`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundList {
    pub refunds: Vec<crate::document::Refund>,
    /// On a sale's refunds: its void, when it was voided at any till (absent otherwise, and on other lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub void: Option<crate::document::Void>,
}

/// One page of customers, ordered by id (`GET /api/v1/customers`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerPage {
    pub customers: Vec<crate::catalog::CustomerRecord>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<String>,
}
