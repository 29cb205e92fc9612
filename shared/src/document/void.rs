//! Voids: a sale cancelled as a whole (same customer, same moment), reversing it entirely, tip included.

use super::refund::Refund;
use super::sale::SaleDocument;
use super::stamp::{Approval, StaffStamp};
use super::DocumentError;
use crate::sale::SaleHeader;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Void {
    pub id: Uuid,
    pub device_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    pub sale_id: Uuid,
    pub reason: String,
    /// Who made it (the signed-in staff at the till); absent on documents made before stamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<StaffStamp>,
    /// The approval it was made under, when the cashier lacked the permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

impl Void {
    /// Void `sale`. Refused once any refund of it exists (refund the rest instead), or without a reason.
    pub fn create(
        header: SaleHeader,
        sale: &SaleDocument,
        refunds: &[Refund],
        reason: &str,
    ) -> Result<Void, DocumentError> {
        if reason.trim().is_empty() {
            return Err(DocumentError::MissingReason);
        }
        if refunds.iter().any(|r| r.sale_id == sale.id) {
            return Err(DocumentError::AlreadyRefunded);
        }
        Ok(Void {
            id: header.id,
            device_id: header.device_id,
            receipt_no: header.receipt_no,
            created_at: header.created_at,
            sale_id: sale.id,
            reason: reason.to_string(),
            cashier: None,
            approval: None,
        })
    }
}
