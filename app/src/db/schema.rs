//! Schema of the "pos" database: store names, the current version, and the migration steps to reach it.

use crate::error::AppError;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

pub const DB_NAME: &str = "pos";

/// Key-value settings of the terminal; keys in `db::meta`.
pub const META: &str = "meta";
/// Catalog products in chunks: key = chunk number (increasing), value = `Vec<Product>`.
pub const CATALOG_CHUNKS: &str = "catalog_chunks";
/// Completed sales: key = sale id (string), value = `SaleRecord`.
pub const SALES: &str = "sales";
/// Mutations waiting for the server: key = seq (number), value = `Mutation`.
pub const OUTBOX: &str = "outbox";
/// Refunds made on this terminal: key = refund id (string), value = `RefundRecord`.
pub const REFUNDS: &str = "refunds";
/// Orders parked at this till or resumed here from another: key = held order id (string), value =
/// `model::parked::ParkedOrder`.
pub const PARKED: &str = "parked";
/// Voids made on this terminal: key = void id (string), value = `VoidRecord`.
pub const VOIDS: &str = "voids";
/// Returns without a receipt made on this terminal: key = return id (string), value = `ReturnRecord`.
pub const RETURNS: &str = "returns";

type Step = fn(&Database) -> indexed_db_futures::Result<()>;

/// Migration steps: `STEPS[n]` upgrades a database at version `n` to `n + 1`. Append, never edit.
const STEPS: &[Step] = &[v1_initial, v2_refunds, v3_parked, v4_voids, v5_returns];

/// The schema version this build expects: one per step.
pub const DB_VERSION: u32 = STEPS.len() as u32;

/// 0 → 1: the first schema. All stores use out-of-line keys.
fn v1_initial(db: &Database) -> indexed_db_futures::Result<()> {
    for store in [META, CATALOG_CHUNKS, SALES, OUTBOX] {
        db.create_object_store(store).build()?;
    }
    Ok(())
}

/// 1 → 2: refunds get their own store (sales stay immutable records).
fn v2_refunds(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(REFUNDS).build()?;
    Ok(())
}

/// 2 → 3: parked orders (park and hold).
fn v3_parked(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(PARKED).build()?;
    Ok(())
}

/// 3 → 4: voids (a sale of today cancelled whole).
fn v4_voids(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(VOIDS).build()?;
    Ok(())
}

/// 4 → 5: returns without a receipt (their own documents, no sale to refer to).
fn v5_returns(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(RETURNS).build()?;
    Ok(())
}

/// Bring a database at `old_version` up to `DB_VERSION`, one step per version.
pub fn migrate(db: &Database, old_version: u32) -> indexed_db_futures::Result<()> {
    for step in STEPS.iter().skip(old_version as usize) {
        step(db)?;
    }
    Ok(())
}

pub async fn open() -> Result<Database, AppError> {
    let db = Database::open(DB_NAME)
        .with_version(DB_VERSION)
        .with_on_upgrade_needed(|event, db| {
            let old = event.old_version().max(0.0) as u32;
            migrate(&db, old)
        })
        .await?;
    Ok(db)
}
