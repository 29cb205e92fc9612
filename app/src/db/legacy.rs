//! Sales and outbox mutations stored by an earlier version of this app (the legacy `Sale`), brought to the
//! commerce engine's `SaleDocument` once, at start, in one transaction. A legacy record that cannot be brought
//! over is left as it is (and logged), never dropped.

use super::meta::{self, KEY_DOCUMENTS_UPGRADED};
use super::sales::SaleRecord;
use super::{db, seq_key, META, OUTBOX, SALES};
use crate::commerce::upgrade_legacy_sale;
use crate::error::AppError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Deserialize;
use shared::catalog::StoreSettings;
use shared::sale::Sale;
use shared::sync::{Mutation, MutationBody};
use uuid::Uuid;

#[derive(Deserialize)]
struct LegacySaleRecord {
    sale: Sale,
    synced: bool,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum LegacyBody {
    CompleteSale { sale: Sale },
}

#[derive(Deserialize)]
struct LegacyMutation {
    id: Uuid,
    seq: u64,
    body: LegacyBody,
}

/// A SALES record as stored by this version or an earlier one.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredSale {
    Current(#[allow(dead_code)] SaleRecord),
    Legacy(LegacySaleRecord),
}

/// An OUTBOX record as stored by this version or an earlier one.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredMutation {
    Current(#[allow(dead_code)] Mutation),
    Legacy(LegacyMutation),
}

/// Upgrade every legacy sale and outbox mutation (the mutation keeps its id and seq). Returns how many records
/// were rewritten. Runs once: a META flag records that the stores hold documents only.
pub async fn upgrade(settings: &StoreSettings) -> Result<usize, AppError> {
    let db = db().await?;
    let tx = db
        .transaction([SALES, OUTBOX, META])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let sales = tx.object_store(SALES)?;
    let outbox = tx.object_store(OUTBOX)?;
    let meta_store = tx.object_store(META)?;
    if meta::get::<bool>(&meta_store, KEY_DOCUMENTS_UPGRADED)
        .await?
        .unwrap_or(false)
    {
        drop((sales, outbox, meta_store));
        tx.commit().await?;
        return Ok(0);
    }
    let mut rewritten = 0;
    let mut left = 0;
    let stored_sales = sales.get_all::<StoredSale>().serde()?.await?;
    for stored in stored_sales {
        let old = match stored {
            Ok(StoredSale::Current(_)) => continue,
            Ok(StoredSale::Legacy(old)) => old,
            Err(e) => {
                leptos::logging::error!("a stored sale cannot be read: {e}");
                left += 1;
                continue;
            }
        };
        match upgrade_legacy_sale(&old.sale, settings) {
            Ok(sale) => {
                let record = SaleRecord {
                    sale,
                    synced: old.synced,
                };
                sales
                    .put(&record)
                    .with_key(record.sale.id.to_string())
                    .without_key_type()
                    .serde()?
                    .await?;
                rewritten += 1;
            }
            Err(e) => {
                leptos::logging::error!("a stored sale cannot be upgraded: {e}");
                left += 1;
            }
        }
    }
    let stored_mutations = outbox.get_all::<StoredMutation>().serde()?.await?;
    for stored in stored_mutations {
        let old = match stored {
            Ok(StoredMutation::Current(_)) => continue,
            Ok(StoredMutation::Legacy(old)) => old,
            Err(e) => {
                leptos::logging::error!("an unsent sale cannot be read: {e}");
                left += 1;
                continue;
            }
        };
        let LegacyBody::CompleteSale { sale } = old.body;
        match upgrade_legacy_sale(&sale, settings) {
            Ok(sale) => {
                let m = Mutation {
                    id: old.id,
                    seq: old.seq,
                    body: MutationBody::CompleteSale { sale },
                };
                outbox
                    .put(&m)
                    .with_key(seq_key(m.seq))
                    .without_key_type()
                    .serde()?
                    .await?;
                rewritten += 1;
            }
            Err(e) => {
                leptos::logging::error!("an unsent sale cannot be upgraded: {e}");
                left += 1;
            }
        }
    }
    if left == 0 {
        meta::put(&meta_store, KEY_DOCUMENTS_UPGRADED, &true).await?;
    }
    drop((sales, outbox, meta_store));
    tx.commit().await?;
    Ok(rewritten)
}
