//! The SALES store, and completing a sale: sale, outbox mutation and counters in one transaction.

use super::meta::{self, Terminal, KEY_TERMINAL};
use super::{codec, seq_key, Store, META, OUTBOX, SALES};
use crate::error::AppError;
use crate::ids;
use crate::model::records::SaleRecord;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use shared::document::SaleDocument;
use shared::sale::SaleHeader;
use shared::sync::{Mutation, MutationBody};

/// The terminal identity from META, inside the caller's transaction.
pub(super) async fn terminal(meta_store: &ObjectStore<'_>) -> Result<Terminal, AppError> {
    meta::get(meta_store, KEY_TERMINAL)
        .await?
        .ok_or_else(|| AppError::Data("the terminal identity is missing".into()))
}

/// A new document header: fresh id, this terminal, the next receipt number, now.
pub(super) fn next_header(terminal: &Terminal) -> Result<SaleHeader, AppError> {
    Ok(SaleHeader {
        id: ids::uuid_v7()?,
        device_id: terminal.device_id,
        receipt_no: terminal.next_receipt(),
        created_at: ids::now_utc(),
    })
}

/// Write a document's `record` under `key`, its outbox mutation carrying `body` (new UUIDv7, seq = next_seq)
/// and the bumped counters (one receipt number, one seq), in the caller's readwrite transaction.
pub(super) async fn store_with_mutation<R: serde::Serialize>(
    documents: &ObjectStore<'_>,
    key: String,
    record: &R,
    outbox: &ObjectStore<'_>,
    meta_store: &ObjectStore<'_>,
    terminal: &mut Terminal,
    body: MutationBody,
) -> Result<(), AppError> {
    let mutation = Mutation {
        id: ids::uuid_v7()?,
        seq: terminal.next_seq,
        body,
    };
    codec::add_json(documents, key, record).await?;
    codec::add_json(outbox, seq_key(mutation.seq), &mutation).await?;
    terminal.next_seq += 1;
    terminal.next_receipt_no += 1;
    meta::put(meta_store, KEY_TERMINAL, terminal).await
}

/// Complete a sale: `build` makes the sale from the next header (a fresh id, this terminal, the next receipt
/// number, now), read from the SAME readwrite transaction over SALES, OUTBOX and META that then writes the
/// sale, its `CompleteSale` mutation (new UUIDv7, seq = next_seq) and the bumped counters, and deletes the
/// stored open order (`db::open_order`). Nothing is written when `build` or any step fails. `build` runs
/// synchronously inside the transaction, so numbering stays atomic.
pub async fn complete_sale(
    store: &Store,
    build: impl FnOnce(SaleHeader) -> Result<SaleDocument, AppError>,
) -> Result<SaleDocument, AppError> {
    let db = store.db().await?;
    let tx = db
        .transaction([SALES, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let sales = tx.object_store(SALES)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;

    let mut terminal = terminal(&meta_store).await?;
    let sale = build(next_header(&terminal)?)?;
    let mutation = Mutation {
        id: ids::uuid_v7()?,
        seq: terminal.next_seq,
        body: MutationBody::CompleteSale { sale: sale.clone() },
    };

    let record = SaleRecord {
        sale: sale.clone(),
        synced: false,
    };
    codec::add_json(&sales, sale.id.to_string(), &record).await?;
    codec::add_json(&outbox, seq_key(mutation.seq), &mutation).await?;
    terminal.next_seq += 1;
    terminal.next_receipt_no += 1;
    meta::put(&meta_store, KEY_TERMINAL, &terminal).await?;
    // The order is paid: it must not come back on a reload (that would sell it twice).
    super::open_order::clear_in(&meta_store).await?;

    drop((sales, outbox, meta_store));
    tx.commit().await?;
    Ok(sale)
}

/// This terminal's sales created at or after `since_ms`, newest first.
pub async fn list_since(store: &Store, since_ms: f64) -> Result<Vec<SaleRecord>, AppError> {
    let db = store.db().await?;
    let tx = db.transaction(SALES).build()?;
    let store = tx.object_store(SALES)?;
    let mut out = Vec::new();
    for record in codec::get_all_json::<SaleRecord>(&store).await? {
        if record.sale.created_at.timestamp_millis() as f64 >= since_ms {
            out.push(record);
        }
    }
    drop(store);
    tx.commit().await?;
    out.sort_by(|a, b| {
        b.sale
            .created_at
            .cmp(&a.sale.created_at)
            .then_with(|| b.sale.receipt_no.cmp(&a.sale.receipt_no))
    });
    Ok(out)
}
