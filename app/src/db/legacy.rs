//! Sales and outbox mutations stored by an earlier version of this app (the legacy `Sale`), brought to the
//! commerce engine's `SaleDocument` once, at start, in one transaction. A legacy record that cannot be brought
//! over is left as it is (and logged), never dropped.

use super::meta::{self, KEY_DOCUMENTS_UPGRADED};
use super::{codec, seq_key, Store, META, OUTBOX, SALES};
use crate::error::AppError;
use crate::model::commerce::upgrade_legacy_sale;
use crate::model::records::SaleRecord;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use shared::sale::Sale;
use shared::sync::{Mutation, MutationBody};
use shared_derive::TagFirst;
use uuid::Uuid;
use wasm_bindgen::JsValue;

#[derive(Deserialize)]
struct LegacySaleRecord {
    sale: Sale,
    synced: bool,
}

#[derive(TagFirst)]
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

/// A stored record in the shape an earlier version wrote (`Legacy`), or `None` when it already has this
/// version's shape (`Current`). Tried one after the other (rather than as an untagged enum) so that reading
/// `Current` reuses the one deserializer the rest of the app has for it.
fn legacy_of<Current: DeserializeOwned, Legacy: DeserializeOwned>(
    stored: JsValue,
) -> Result<Option<Legacy>, AppError> {
    let text = codec::text_of(stored)?;
    if codec::parse::<Current>(&text).is_ok() {
        return Ok(None);
    }
    codec::parse(&text).map(Some)
}

/// Upgrade every legacy sale and outbox mutation (the mutation keeps its id and seq). Returns how many records
/// were rewritten. Runs once: a META flag records that the stores hold documents only.
pub async fn upgrade(store: &Store) -> Result<usize, AppError> {
    let db = store.db().await?;
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
    let stored_sales = codec::get_all_values(&sales, None, None).await?;
    for stored in stored_sales {
        let old = match legacy_of::<SaleRecord, LegacySaleRecord>(stored) {
            Ok(None) => continue,
            Ok(Some(old)) => old,
            Err(e) => {
                leptos::logging::error!("a stored sale cannot be read: {e}");
                left += 1;
                continue;
            }
        };
        match upgrade_legacy_sale(&old.sale) {
            Ok(sale) => {
                let record = SaleRecord {
                    sale,
                    synced: old.synced,
                };
                codec::put_json(&sales, record.sale.id.to_string(), &record).await?;
                rewritten += 1;
            }
            Err(e) => {
                leptos::logging::error!("a stored sale cannot be upgraded: {e}");
                left += 1;
            }
        }
    }
    let stored_mutations = codec::get_all_values(&outbox, None, None).await?;
    for stored in stored_mutations {
        let old = match legacy_of::<Mutation, LegacyMutation>(stored) {
            Ok(None) => continue,
            Ok(Some(old)) => old,
            Err(e) => {
                leptos::logging::error!("an unsent sale cannot be read: {e}");
                left += 1;
                continue;
            }
        };
        let LegacyBody::CompleteSale { sale } = old.body;
        match upgrade_legacy_sale(&sale) {
            Ok(sale) => {
                let m = Mutation {
                    id: old.id,
                    seq: old.seq,
                    body: MutationBody::CompleteSale { sale },
                };
                codec::put_json(&outbox, seq_key(m.seq), &m).await?;
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
