//! The back office's endpoints (the audit log and the terminals' names), apart from the checkout's so they can
//! go with the back office into a module of its own.

use super::{Client, Creds, DEVICES};
use crate::error::AppError;
use shared::auth::AuditPage;

const AUDIT: &str = "/api/v1/audit";

impl Client {
    /// `GET /audit?{query}`: one page of the audit log (`query` holds the filters, already encoded).
    pub async fn audit_page(&self, query: &str, creds: Creds<'_>) -> Result<AuditPage, AppError> {
        self.get(&format!("{AUDIT}?{query}"), creds).await
    }

    /// `GET /devices`: the enrolled terminals, as JSON (only ids and names are read, which spares the wasm a
    /// deserializer of `shared::auth::DeviceList`).
    pub async fn devices(&self, creds: Creds<'_>) -> Result<serde_json::Value, AppError> {
        self.get(DEVICES, creds).await
    }
}
