//! Documents already made, read for the screens: today's sales and refunds on this terminal, and the earlier
//! refunds of a sale (this terminal's, and the server's when it answers; the refund dialog never waits).

use super::state::AppState;
use crate::db;
use crate::error::AppError;
use crate::model::records::{RefundRecord, SaleRecord};
use shared::document::Refund;
use uuid::Uuid;

/// This terminal's sales and refunds made at or after `since_ms`, newest first.
pub async fn since(
    state: AppState,
    since_ms: f64,
) -> Result<(Vec<SaleRecord>, Vec<RefundRecord>), AppError> {
    let store = state.store();
    let sales = db::sales::list_since(&store, since_ms).await?;
    let refunds = db::refunds::list_since(&store, since_ms).await?;
    Ok((sales, refunds))
}

/// The refunds of `sale_id` made on this terminal, oldest first.
pub async fn local_refunds(state: AppState, sale_id: Uuid) -> Result<Vec<Refund>, AppError> {
    let list = db::refunds::of_sale(&state.store(), sale_id).await?;
    Ok(list.into_iter().map(|r| r.refund).collect())
}

/// The refunds of `sale_id` the server knows (from any terminal); `None` when it cannot be asked now.
pub async fn server_refunds(state: AppState, sale_id: Uuid) -> Option<Vec<Refund>> {
    if !state.sync.online() {
        return None;
    }
    state
        .api()
        .sale_refunds(sale_id)
        .await
        .ok()
        .map(|l| l.refunds)
}
