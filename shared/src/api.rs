//! Wire types of the REST API that are not sync messages: error bodies (RFC 9457 problem details) and list pages.

use crate::catalog::Product;
use crate::sale::Sale;
use serde::{Deserialize, Serialize};

/// The start of every problem `type`: the machine code follows it (`urn:pos:problem:sequence_gap`).
pub const PROBLEM_TYPE_PREFIX: &str = "urn:pos:problem:";

/// Every 4xx/5xx answer of the API carries this body: RFC 9457 problem details
/// (`Content-Type: application/problem+json`) with the machine code and, for some codes, more members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:pos:problem:invalid_field",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "sku: must not be empty",
    "code": "invalid_field",
    "field": "sku"
})))]
pub struct ErrorBody {
    /// The problem type: `urn:pos:problem:` and the machine code.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^urn:pos:problem:[a-z_]+$"))]
    pub problem_type: String,
    /// A short summary of the status (its reason phrase).
    pub title: String,
    /// The HTTP status of this answer.
    #[cfg_attr(feature = "openapi", schema(minimum = 400, maximum = 599))]
    pub status: u16,
    /// What went wrong, for people.
    #[serde(rename = "detail")]
    pub message: String,
    /// A stable, machine-readable code, e.g. `sequence_gap`, `mutation_conflict`, `invalid_body`.
    #[serde(rename = "code")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z_]+$"))]
    pub error: String,
    /// With `sequence_gap`: the sequence the server expects next from this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<u64>,
    /// With `invalid_field` (and a duplicate SKU or barcode): the field at fault, as the request's JSON spells
    /// it, e.g. `sku` or `variants[1].barcode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    /// A problem with the given status, its `title`, machine `code` and `detail`.
    pub fn new(status: u16, title: &str, code: &str, detail: String) -> Self {
        ErrorBody {
            problem_type: format!("{PROBLEM_TYPE_PREFIX}{code}"),
            title: title.to_owned(),
            status,
            message: detail,
            error: code.to_owned(),
            expected_seq: None,
            field: None,
        }
    }
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
