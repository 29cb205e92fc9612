//! Cash movements that are not sales: the opening float, paid-ins, paid-outs and drops to the safe.

use super::LedgerError;
use crate::document::StaffStamp;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CashMovementKind {
    /// Change put in the drawer at opening.
    Float,
    /// Cash received that is not a sale.
    PaidIn,
    /// Cash paid out of the drawer for an expense.
    PaidOut,
    /// Cash taken from the drawer to the safe.
    Drop,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashMovement {
    pub id: Uuid,
    pub device_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub kind: CashMovementKind,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub amount: Decimal,
    pub reason: String,
    /// Counter account instead of the chart's default for the kind.
    #[serde(default)]
    pub account: Option<String>,
    /// Who made it (the signed-in staff at the till); absent on documents made before stamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<StaffStamp>,
}

impl CashMovement {
    /// Check the amount is positive and a reason is given.
    pub fn check(&self) -> Result<(), LedgerError> {
        if self.amount <= Decimal::ZERO {
            return Err(LedgerError::NonPositiveAmount(self.amount));
        }
        if self.reason.trim().is_empty() {
            return Err(LedgerError::MissingReason);
        }
        Ok(())
    }

    /// Positive when cash comes into the drawer.
    pub fn drawer_effect(&self) -> Decimal {
        match self.kind {
            CashMovementKind::Float | CashMovementKind::PaidIn => self.amount,
            CashMovementKind::PaidOut | CashMovementKind::Drop => -self.amount,
        }
    }
}
