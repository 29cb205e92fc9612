//! The REFUNDS store, and completing a refund: refund, outbox mutation and counters in one transaction.
//!
//! Refunds take their receipt numbers from the same prefix and counter as sales.

use super::meta::{self, KEY_TERMINAL};
use super::sales::{next_header, terminal};
use super::{codec, db, seq_key, META, OUTBOX, REFUNDS};
use crate::error::AppError;
use crate::ids;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use shared::document::{Approval, Refund, RefundRequest, SaleDocument, StaffStamp};
use shared::policy::StorePolicy;
use shared::sync::{Mutation, MutationBody};
use uuid::Uuid;

/// A stored refund and whether the server has acknowledged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRecord {
    pub refund: Refund,
    pub synced: bool,
}

pub(super) async fn all_refunds(store: &ObjectStore<'_>) -> Result<Vec<RefundRecord>, AppError> {
    codec::get_all_json(store).await
}

/// The refunds of one sale made on this terminal, oldest first.
pub async fn of_sale(sale_id: Uuid) -> Result<Vec<RefundRecord>, AppError> {
    let db = db().await?;
    let tx = db.transaction(REFUNDS).build()?;
    let store = tx.object_store(REFUNDS)?;
    let mut out: Vec<RefundRecord> = all_refunds(&store)
        .await?
        .into_iter()
        .filter(|r| r.refund.sale_id == sale_id)
        .collect();
    drop(store);
    tx.commit().await?;
    out.sort_by_key(|a| a.refund.created_at);
    Ok(out)
}

/// The earlier refunds of `sale`: this terminal's (read in the caller's transaction) and those the server told
/// about (`known`), each once.
pub(super) fn merge_previous(
    local: Vec<RefundRecord>,
    known: &[Refund],
    sale_id: Uuid,
) -> Vec<Refund> {
    let mut out: Vec<Refund> = local
        .into_iter()
        .map(|r| r.refund)
        .filter(|r| r.sale_id == sale_id)
        .collect();
    for r in known {
        if r.sale_id == sale_id && !out.iter().any(|o| o.id == r.id) {
            out.push(r.clone());
        }
    }
    out
}

/// Who makes a refund and who approved it, stamped on it after `Refund::create` (stamps are not its money).
#[derive(Clone, Debug, Default)]
pub struct Stamps {
    pub cashier: Option<StaffStamp>,
    pub approval: Option<Approval>,
}

/// Refund `request` of `sale` with `Refund::create`, after every earlier refund of it (this terminal's, read in
/// the same transaction, plus `known` from the server), then write the refund, its `Refund` mutation (new
/// UUIDv7, seq = next_seq) and the bumped counters in ONE readwrite transaction over REFUNDS, OUTBOX and META.
pub async fn complete_refund(
    sale: &SaleDocument,
    known: &[Refund],
    request: &RefundRequest,
    policy: &StorePolicy,
    stamps: Stamps,
) -> Result<Refund, AppError> {
    let db = db().await?;
    let tx = db
        .transaction([REFUNDS, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let refunds = tx.object_store(REFUNDS)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let header = next_header(&terminal)?;
    let previous = merge_previous(all_refunds(&refunds).await?, known, sale.id);
    let mut refund = Refund::create(header, sale, &previous, request, policy).map_err(|e| {
        AppError::Document {
            what: "refund",
            error: e,
        }
    })?;
    refund.cashier = stamps.cashier;
    refund.approval = stamps.approval;
    let mutation = Mutation {
        id: ids::uuid_v7()?,
        seq: terminal.next_seq,
        body: MutationBody::Refund {
            refund: refund.clone(),
        },
    };
    let record = RefundRecord {
        refund: refund.clone(),
        synced: false,
    };
    codec::add_json(&refunds, refund.id.to_string(), &record).await?;
    codec::add_json(&outbox, seq_key(mutation.seq), &mutation).await?;
    terminal.next_seq += 1;
    terminal.next_receipt_no += 1;
    meta::put(&meta_store, KEY_TERMINAL, &terminal).await?;

    drop((refunds, outbox, meta_store));
    tx.commit().await?;
    Ok(refund)
}

/// This terminal's refunds created at or after `since_ms`, newest first.
pub async fn list_since(since_ms: f64) -> Result<Vec<RefundRecord>, AppError> {
    let db = db().await?;
    let tx = db.transaction(REFUNDS).build()?;
    let store = tx.object_store(REFUNDS)?;
    let mut out: Vec<RefundRecord> = all_refunds(&store)
        .await?
        .into_iter()
        .filter(|r| r.refund.created_at.timestamp_millis() as f64 >= since_ms)
        .collect();
    drop(store);
    tx.commit().await?;
    out.sort_by(|a, b| {
        b.refund
            .created_at
            .cmp(&a.refund.created_at)
            .then_with(|| b.refund.receipt_no.cmp(&a.refund.receipt_no))
    });
    Ok(out)
}
