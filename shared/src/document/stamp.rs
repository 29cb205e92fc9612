//! Who made a document and who approved it: stamps a terminal puts on what its signed-in staff do.
//!
//! Stamps are records about a document, not part of its money: pricing, `verify`, refund rebuilding and the
//! ledger never read them. Both fields are optional and left out of the JSON when absent, so documents made
//! before stamps existed (stored bodies, queued outbox entries) parse and serialise to the same bytes.

use crate::auth::Permission;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A staff member as stamped on a document: their id and the name they had when they did it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffStamp {
    pub id: Uuid,
    pub name: String,
}

/// A supervisor's or manager's approval of something the cashier may not do alone (a refund, a void, a
/// discount over the limit), given by PIN at the till.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub approver: StaffStamp,
    /// The permission approved.
    pub permission: Permission,
    /// The single-use token `POST /api/v1/auth/override` issued; the server checks it against the override
    /// it stored (this device, this permission, unexpired at the document's time, unused) and spends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_token: Option<String>,
}
