//! Stock on both stores (migration `0008_stock`): locations, and the one write path of the movement ledger
//! ([`record`]): every movement — a pushed document's (in the push transaction), an adjustment's, a transfer's
//! or a count's — is inserted once per `(source_id, source_line, kind)` and moves its item's running balance
//! in `stock_levels` in the same transaction, so on-hand always equals the sum of the ledger.
//!
//! Balances are read, added in Rust (decimals are exact text on SQLite) and written back while the level's row
//! is held: on PostgreSQL the first `UPDATE … RETURNING` locks it until the transaction ends; SQLite's write
//! transaction already excludes other writers. Movements are taken in (location, item) order, so two
//! transactions never wait on each other's rows in opposite orders.
//!
//! The reads and the back office's writes are in `stock/`: levels and the ledger (`stock/queries.rs`),
//! adjustments and transfers (`stock/moves.rs`), counts (`stock/counts.rs`).

mod counts;
mod moves;
mod purchasing;
mod queries;

pub use counts::CountStatus;
pub use purchasing::Refusal;
pub use queries::LevelQuery;

use super::backend::Backend;
use super::codec::enum_text;
use super::sql::{begin_write, sql, write_change, Columns, Conn, Db};
use super::{StoreError, StoreFuture, StoreResult};
use crate::push::stock::StockMove;
use crate::store::auth::{audit, NewAudit};
use chrono::{DateTime, Utc};
use shared::purchasing::{
    NewSupplier, PurchaseOrder, PurchaseOrderList, PurchaseOrderRequest, ReceiptRequest, Supplier,
};
use shared::stock::{
    in_posted_count, AdjustmentRequest, Ledger, Location, MovementKind, NewLocation,
    ReceiveRequest, StockAt, StockLevelPage, StockLine, ThresholdRequest, Transfer,
    TransferRequest,
};
use shared::stores::DEFAULT_STORE_ID;
use shared::sync::Change;
use shared::Decimal;
use sqlx::Pool;
use std::future::Future;
use std::pin::Pin;
use uuid::Uuid;

/// The first store's shop floor, where its sales move stock.
pub const SHOP_FLOOR: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0101);
/// The first store's back room.
pub const BACK_ROOM: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0102);
/// A warehouse of no store.
pub const CENTRAL_WAREHOUSE: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0103);

/// One movement to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMovement {
    pub product_id: String,
    pub location_id: Uuid,
    pub quantity: Decimal,
    pub kind: MovementKind,
    pub reason: Option<String>,
    pub source_id: Uuid,
    pub source_line: i64,
    pub lot: Option<String>,
    pub expiry: Option<String>,
    pub serial: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub staff_id: Option<Uuid>,
    pub device_id: Option<Uuid>,
}

impl NewMovement {
    /// A movement of the back office (no till, no lot) happening `now`.
    pub fn office(
        line: &StockLine,
        location_id: Uuid,
        kind: MovementKind,
        source: (Uuid, usize),
        now: DateTime<Utc>,
        staff_id: Option<Uuid>,
    ) -> NewMovement {
        NewMovement {
            product_id: line.product_id.trim().to_owned(),
            location_id,
            quantity: line.quantity,
            kind,
            reason: None,
            source_id: source.0,
            source_line: i64::try_from(source.1).unwrap_or(i64::MAX),
            lot: None,
            expiry: None,
            serial: None,
            occurred_at: now,
            staff_id,
            device_id: None,
        }
    }

    /// A pushed document's movement at `location`.
    pub fn pushed(m: &StockMove, location_id: Uuid, device_id: Uuid) -> NewMovement {
        NewMovement {
            product_id: m.product_id.clone(),
            location_id,
            quantity: m.quantity,
            kind: m.kind,
            reason: None,
            source_id: m.source_id,
            source_line: m.source_line,
            lot: None,
            expiry: None,
            serial: None,
            occurred_at: m.occurred_at,
            staff_id: m.staff_id,
            device_id: Some(device_id),
        }
    }
}

/// The location where the sales of `device`'s store move stock: its store's selling location
/// (`devices.store_id`; a device unknown here counts as the first store's). A store without a selling location
/// gets a shop floor on its first sale (a database made without the demo seed, a store created since); two
/// pushes racing to make it both end on the one row (`locations_one_selling`).
pub async fn sale_location<C: Conn>(
    conn: &mut C,
    device_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Uuid> {
    let store_id = sql("SELECT store_id FROM devices WHERE id = $1")
        .bind(device_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.uuid("store_id"))
        .transpose()?
        .unwrap_or(DEFAULT_STORE_ID);
    if let Some(id) = selling_location(&mut *conn, store_id).await? {
        return Ok(id);
    }
    let (id, floor) = if store_id == DEFAULT_STORE_ID {
        (SHOP_FLOOR, shop_floor())
    } else {
        let floor = NewLocation {
            store_id: Some(store_id.to_string()),
            ..shop_floor()
        };
        (Uuid::now_v7(), floor)
    };
    insert_location(&mut *conn, id, &floor, now).await?;
    selling_location(&mut *conn, store_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("store {store_id} has no selling location")))
}

/// The selling location of `store`, if it has one.
async fn selling_location<C: Conn>(conn: &mut C, store: Uuid) -> StoreResult<Option<Uuid>> {
    sql("SELECT id FROM locations WHERE store_id = $1 AND sells")
        .bind(store.to_string())
        .fetch_optional(conn)
        .await?
        .map(|row| row.uuid("id"))
        .transpose()
}

fn shop_floor() -> NewLocation {
    NewLocation {
        store_id: Some(DEFAULT_STORE_ID.to_string()),
        name: "Shop floor".into(),
        kind: shared::stock::LocationKind::SalesFloor,
        sells: true,
    }
}

/// The demo locations: the first store's shop floor (where it sells) and back room, and a central warehouse.
pub fn demo_locations() -> Vec<(Uuid, NewLocation)> {
    use shared::stock::LocationKind::*;
    vec![
        (SHOP_FLOOR, shop_floor()),
        (
            BACK_ROOM,
            NewLocation {
                store_id: Some(DEFAULT_STORE_ID.to_string()),
                name: "Back room".into(),
                kind: BackRoom,
                sells: false,
            },
        ),
        (
            CENTRAL_WAREHOUSE,
            NewLocation {
                store_id: None,
                name: "Central warehouse".into(),
                kind: Warehouse,
                sells: false,
            },
        ),
    ]
}

/// Insert a location unless its id (or, selling, its store's selling location) exists; answers whether it did.
async fn insert_location<C: Conn>(
    conn: &mut C,
    id: Uuid,
    l: &NewLocation,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = sql(
        "INSERT INTO locations (id, store_id, name, kind, sells, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(l.store_id.as_deref())
    .bind(l.name.trim())
    .bind(enum_text(&l.kind)?)
    .bind(l.sells)
    .bind(true)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(n > 0)
}

fn location_from_row(row: &impl Columns) -> StoreResult<Location> {
    Ok(Location {
        id: row.uuid("id")?,
        store_id: row.opt_text("store_id")?,
        name: row.text("name")?,
        kind: row.enumerated("kind")?,
        sells: row.flag("sells")?,
        active: row.flag("active")?,
    })
}

const LOCATION_SQL: &str = "SELECT id, store_id, name, kind, sells, active FROM locations";

async fn location<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<Location>> {
    let query = format!("{LOCATION_SQL} WHERE id = $1");
    let row = sql(&query).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(location_from_row).transpose()
}

/// The location, which must exist (else `Missing`).
pub(super) async fn existing_location<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Location> {
    location(conn, id)
        .await?
        .ok_or_else(|| StoreError::Missing {
            what: "location",
            id: id.to_string(),
        })
}

/// Record `moves` (any order) and move their balances, inside the caller's transaction: each level is held
/// once, its movements inserted, and written back once. A movement already in the ledger is skipped. Answers
/// how many were recorded.
pub async fn record<C: Conn>(
    conn: &mut C,
    mut moves: Vec<NewMovement>,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    moves.sort_by(|a, b| (a.location_id, &a.product_id).cmp(&(b.location_id, &b.product_id)));
    let selling = selling_among(conn, &moves).await?;
    if !selling.is_empty() {
        // Levels at selling locations take change sequence values (their tills pull them): take the catalog
        // lock before any level's row, as every writer of sequence values does, so none waits in a circle.
        conn.lock_catalog().await?;
    }
    let mut recorded = 0;
    let mut changed = Vec::new();
    // One level at a time: held once, its movements inserted, written back once.
    for group in
        moves.chunk_by(|a, b| (a.location_id, &a.product_id) == (b.location_id, &b.product_id))
    {
        let first = &group[0];
        let level = hold_level(conn, first, now).await?;
        let (mut on_hand, mut last) = (level.on_hand, None);
        for m in group {
            let Some(id) = insert_movement(conn, m, now).await? else {
                continue;
            };
            recorded += 1;
            on_hand += m.quantity;
            last = Some(id);
            if m.kind.is_document() && in_posted_count(m.occurred_at, level.counted_at) {
                // Count snapshot rule: a document made before the posted count is already in it.
                let offset = NewMovement {
                    quantity: -m.quantity,
                    kind: MovementKind::CountCorrection,
                    reason: Some("made before the posted count, which already holds it".into()),
                    ..m.clone()
                };
                if let Some(id) = insert_movement(conn, &offset, now).await? {
                    on_hand -= m.quantity;
                    last = Some(id);
                }
            }
        }
        let Some(last) = last else { continue };
        changed.push(stock_changed(
            first,
            on_hand,
            on_hand - level.on_hand,
            last,
            now,
        )?);
        let update = if selling.contains(&first.location_id) {
            "UPDATE stock_levels SET on_hand = $3, last_movement_id = $4, updated_at = $5, \
             change_seq = {next_seq} WHERE product_id = $1 AND location_id = $2"
        } else {
            "UPDATE stock_levels SET on_hand = $3, last_movement_id = $4, updated_at = $5 \
             WHERE product_id = $1 AND location_id = $2"
        };
        let stmt = sql(update)
            .bind(first.product_id.as_str())
            .bind(first.location_id)
            .bind(on_hand)
            .bind(last)
            .bind(now);
        write_change(conn, stmt).await?;
    }
    super::events::append(conn, &changed).await?;
    Ok(recorded)
}

/// The `stock.changed` event of a level: resource `product_id@location_id`, versioned by its last movement.
fn stock_changed(
    m: &NewMovement,
    on_hand: Decimal,
    change: Decimal,
    movement_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<crate::events::NewEvent> {
    let payload = crate::events::payload::StockChanged {
        product_id: m.product_id.clone(),
        location_id: m.location_id,
        on_hand,
        change,
        movement_id,
    };
    super::events::event(
        crate::events::EventType::StockChanged,
        format!("{}@{}", m.product_id, m.location_id),
        movement_id,
        &payload,
        now,
    )
}

/// The selling locations among the movements' locations.
async fn selling_among<C: Conn>(conn: &mut C, moves: &[NewMovement]) -> StoreResult<Vec<Uuid>> {
    let mut locations: Vec<Uuid> = moves.iter().map(|m| m.location_id).collect();
    locations.dedup(); // sorted by location
    let mut selling = Vec::new();
    for id in locations {
        let row = sql("SELECT sells FROM locations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(row) = row {
            if row.flag("sells")? {
                selling.push(id);
            }
        }
    }
    Ok(selling)
}

/// The levels at selling locations as the pull reads them (`catalog::pull`: `Change::StockLevel`).
pub const PULLED_SQL: &str =
    "SELECT * FROM (SELECT l.product_id, l.location_id, c.store_id, l.on_hand, l.updated_at, \
    l.change_seq FROM stock_levels l JOIN locations c ON c.id = l.location_id) AS pulled";

/// The pulled stock levels above `after`: a terminal of `store` gets its own store's only (another store's
/// levels take sequence values it skips); a pull without a store (an integration) every selling location's.
pub async fn pulled_changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    store: Option<Uuid>,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let Some(store) = store else {
        return super::pull_page::changes_of(conn, PULLED_SQL, after, fetch, decode_pulled, out)
            .await;
    };
    let query = format!(
        "{PULLED_SQL} WHERE store_id = $3 AND change_seq > $1 ORDER BY change_seq LIMIT $2"
    );
    let rows = sql(&query)
        .bind(after)
        .bind(fetch)
        .bind(store.to_string())
        .fetch_all(conn)
        .await?;
    for row in &rows {
        out.push((row.int("change_seq")?, decode_pulled(row)?));
    }
    Ok(())
}

fn decode_pulled<R: Columns>(row: &R) -> StoreResult<Change> {
    stock_at_from_row(row).map(Change::StockLevel)
}

pub fn stock_at_from_row(row: &impl Columns) -> StoreResult<StockAt> {
    Ok(StockAt {
        product_id: row.text("product_id")?,
        location_id: row.uuid("location_id")?,
        store_id: row.opt_text("store_id")?,
        on_hand: row.decimal("on_hand")?,
        at: row.time("updated_at")?,
    })
}

/// A level's balance as held for an update.
struct HeldLevel {
    on_hand: Decimal,
    counted_at: Option<DateTime<Utc>>,
}

/// The item's level at the location, its row created at 0 if missing and held (locked on PostgreSQL) until
/// the transaction ends.
async fn hold_level<C: Conn>(
    conn: &mut C,
    m: &NewMovement,
    now: DateTime<Utc>,
) -> StoreResult<HeldLevel> {
    for _ in 0..2 {
        let row = sql(
            "UPDATE stock_levels SET updated_at = $3 WHERE product_id = $1 AND location_id = $2 \
             RETURNING on_hand, counted_at",
        )
        .bind(m.product_id.as_str())
        .bind(m.location_id)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            return Ok(HeldLevel {
                on_hand: row.decimal("on_hand")?,
                counted_at: row.opt_time("counted_at")?,
            });
        }
        sql("INSERT INTO stock_levels (product_id, location_id, on_hand, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (product_id, location_id) DO NOTHING")
        .bind(m.product_id.as_str())
        .bind(m.location_id)
        .bind(Decimal::ZERO)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Err(StoreError::Corrupt(format!(
        "the stock level of {} at {} vanished",
        m.product_id, m.location_id
    )))
}

/// Insert one movement unless its source line is recorded; its id when inserted.
async fn insert_movement<C: Conn>(
    conn: &mut C,
    m: &NewMovement,
    now: DateTime<Utc>,
) -> StoreResult<Option<i64>> {
    let row = sql("INSERT INTO stock_movements (product_id, location_id, quantity, kind, reason, source_id, \
         source_line, lot, expiry, serial, occurred_at, created_at, staff_id, device_id) VALUES ($1, $2, $3, \
         $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (source_id, source_line, kind) DO NOTHING \
         RETURNING id")
    .bind(m.product_id.as_str())
    .bind(m.location_id)
    .bind(m.quantity)
    .bind(enum_text(&m.kind)?)
    .bind(m.reason.as_deref())
    .bind(m.source_id)
    .bind(m.source_line)
    .bind(m.lot.as_deref())
    .bind(m.expiry.as_deref())
    .bind(m.serial.as_deref())
    .bind(m.occurred_at)
    .bind(now)
    .bind(m.staff_id)
    .bind(m.device_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| r.int("id")).transpose()
}

/// Record a push's movements at the pushing device's selling location (inside the push transaction).
pub async fn record_pushed<C: Conn>(
    conn: &mut C,
    device_id: Uuid,
    moves: &[StockMove],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let location = sale_location(conn, device_id, now).await?;
    let moves = moves
        .iter()
        .map(|m| NewMovement::pushed(m, location, device_id))
        .collect();
    record(conn, moves, now).await.map(drop)
}

/// The stock part of the store: locations, levels, the ledger, adjustments, transfers and counts.
pub trait StockStore: Send + Sync {
    /// Every location, the first store's first.
    fn locations(&self) -> StoreFuture<'_, Vec<Location>>;

    /// Create a location with its audit entry; `Conflict` when its store already has a selling location.
    fn create_location<'a>(
        &'a self,
        id: Uuid,
        l: &'a NewLocation,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Location>;

    /// The demo seed's locations (idempotent).
    fn seed_locations(&self, now: DateTime<Utc>) -> StoreFuture<'_, ()>;

    /// Catalog items with their stock at one location, in name order.
    fn stock_levels<'a>(&'a self, q: &'a LevelQuery, limit: u32)
        -> StoreFuture<'a, StockLevelPage>;

    /// One item's movements at one location, newest first, older than `before`.
    fn ledger<'a>(
        &'a self,
        product_id: &'a str,
        location: Uuid,
        before: Option<i64>,
        limit: u32,
    ) -> StoreFuture<'a, Ledger>;

    /// Set (or clear) an item's low-stock threshold at a location, with its audit entry.
    fn set_threshold<'a>(
        &'a self,
        req: &'a ThresholdRequest,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;

    /// Record an adjustment (once per id) with its audit entry; answers whether it was new.
    fn adjust<'a>(
        &'a self,
        req: &'a AdjustmentRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, bool>;

    /// Send a transfer (once per id): out of its source now, in transit.
    fn send_transfer<'a>(
        &'a self,
        req: &'a TransferRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Transfer>;

    /// Receive a transfer in transit (again: answered as it stands); `None` when there is no such transfer.
    fn receive_transfer<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReceiveRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Transfer>>;

    /// Add a supplier with its audit entry.
    fn create_supplier<'a>(
        &'a self,
        id: Uuid,
        s: &'a NewSupplier,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Supplier>;

    /// Every supplier, by name.
    fn suppliers(&self) -> StoreFuture<'_, Vec<Supplier>>;

    /// Create a purchase order (once per id), checked against the supplier's order multiple.
    fn create_order<'a>(
        &'a self,
        req: &'a PurchaseOrderRequest,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> Pin<Box<dyn Future<Output = Result<PurchaseOrder, Refusal>> + Send + 'a>>;

    /// One purchase order.
    fn purchase_order(&self, id: Uuid) -> StoreFuture<'_, Option<PurchaseOrder>>;

    /// At most `limit` purchase orders newest first, of `location` (any when `None`), only those still to
    /// arrive in full when `outstanding`, with the products they name.
    fn purchase_orders(
        &self,
        location: Option<Uuid>,
        outstanding: bool,
        limit: u32,
    ) -> StoreFuture<'_, PurchaseOrderList>;

    /// Book a receipt against an order (once per receipt id); `None` when there is no such order.
    fn receive_order<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReceiptRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Option<PurchaseOrder>>;

    /// One transfer.
    fn transfer(&self, id: Uuid) -> StoreFuture<'_, Option<Transfer>>;

    /// Start a count at a location: its snapshot is `now`.
    fn start_count<'a>(
        &'a self,
        id: Uuid,
        location: Uuid,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, CountStatus>;

    /// Set counted quantities of an open count.
    fn set_counted<'a>(
        &'a self,
        id: Uuid,
        lines: &'a [StockLine],
    ) -> StoreFuture<'a, Option<CountStatus>>;

    /// Post an open count: one count correction per counted item.
    fn post_count<'a>(
        &'a self,
        id: Uuid,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        audit: &'a NewAudit,
    ) -> StoreFuture<'a, Option<CountStatus>>;
}

impl<B: Backend> StockStore for B {
    fn locations(&self) -> StoreFuture<'_, Vec<Location>> {
        Box::pin(async move {
            let query =
                format!("{LOCATION_SQL} ORDER BY store_id IS NULL, store_id, sells DESC, name, id");
            let rows = sql(&query).fetch_all(self.pool()).await?;
            rows.iter().map(location_from_row).collect()
        })
    }

    fn create_location<'a>(
        &'a self,
        id: Uuid,
        l: &'a NewLocation,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Location> {
        Box::pin(create_location(self.pool(), id, l, now, entry))
    }

    fn seed_locations(&self, now: DateTime<Utc>) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let mut tx = begin_write(self.pool()).await?;
            for (id, l) in demo_locations() {
                insert_location(&mut *tx, id, &l, now).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    fn stock_levels<'a>(
        &'a self,
        q: &'a LevelQuery,
        limit: u32,
    ) -> StoreFuture<'a, StockLevelPage> {
        Box::pin(queries::levels(self.pool(), q, limit))
    }

    fn ledger<'a>(
        &'a self,
        product_id: &'a str,
        location: Uuid,
        before: Option<i64>,
        limit: u32,
    ) -> StoreFuture<'a, Ledger> {
        Box::pin(queries::ledger(
            self.pool(),
            product_id,
            location,
            before,
            limit,
        ))
    }

    fn set_threshold<'a>(
        &'a self,
        req: &'a ThresholdRequest,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(set_threshold(self.pool(), req, now, entry))
    }

    fn adjust<'a>(
        &'a self,
        req: &'a AdjustmentRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, bool> {
        Box::pin(moves::adjust(self.pool(), req, staff, now, entry))
    }

    fn send_transfer<'a>(
        &'a self,
        req: &'a TransferRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Transfer> {
        Box::pin(moves::send(self.pool(), req, staff, now, entry))
    }

    fn receive_transfer<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReceiveRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<Transfer>> {
        Box::pin(moves::receive(self.pool(), id, req, staff, now, entry))
    }

    fn create_supplier<'a>(
        &'a self,
        id: Uuid,
        s: &'a NewSupplier,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Supplier> {
        Box::pin(purchasing::create_supplier(self.pool(), id, s, now, entry))
    }

    fn suppliers(&self) -> StoreFuture<'_, Vec<Supplier>> {
        Box::pin(purchasing::suppliers(self.pool()))
    }

    fn create_order<'a>(
        &'a self,
        req: &'a PurchaseOrderRequest,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> Pin<Box<dyn Future<Output = Result<PurchaseOrder, Refusal>> + Send + 'a>> {
        Box::pin(purchasing::create_order(self.pool(), req, now, entry))
    }

    fn purchase_order(&self, id: Uuid) -> StoreFuture<'_, Option<PurchaseOrder>> {
        Box::pin(async move { purchasing::order(&mut *self.pool().acquire().await?, id).await })
    }

    fn purchase_orders(
        &self,
        location: Option<Uuid>,
        outstanding: bool,
        limit: u32,
    ) -> StoreFuture<'_, PurchaseOrderList> {
        Box::pin(purchasing::orders(
            self.pool(),
            location,
            outstanding,
            limit,
        ))
    }

    fn receive_order<'a>(
        &'a self,
        id: Uuid,
        req: &'a ReceiptRequest,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<PurchaseOrder>> {
        Box::pin(purchasing::receive(self.pool(), id, req, staff, now, entry))
    }

    fn transfer(&self, id: Uuid) -> StoreFuture<'_, Option<Transfer>> {
        Box::pin(async move { moves::transfer(&mut *self.pool().acquire().await?, id).await })
    }

    fn start_count<'a>(
        &'a self,
        id: Uuid,
        location: Uuid,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CountStatus> {
        Box::pin(counts::start(self.pool(), id, location, now, entry))
    }

    fn set_counted<'a>(
        &'a self,
        id: Uuid,
        lines: &'a [StockLine],
    ) -> StoreFuture<'a, Option<CountStatus>> {
        Box::pin(counts::set_counted(self.pool(), id, lines))
    }

    fn post_count<'a>(
        &'a self,
        id: Uuid,
        staff: Option<Uuid>,
        now: DateTime<Utc>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Option<CountStatus>> {
        Box::pin(counts::post(self.pool(), id, staff, now, entry))
    }
}

async fn create_location<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    l: &NewLocation,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<Location> {
    let mut tx = begin_write(pool).await?;
    if let Some(existing) = location(&mut *tx, id).await? {
        return Ok(existing); // A retry of the same request.
    }
    if !insert_location(&mut *tx, id, l, now).await? {
        return Err(StoreError::Conflict("the store's selling location"));
    }
    audit::insert(&mut *tx, entry).await?;
    let created = existing_location(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(created)
}

async fn set_threshold<D: Db>(
    pool: &Pool<D>,
    req: &ThresholdRequest,
    now: DateTime<Utc>,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    existing_location(&mut *tx, req.location_id).await?;
    let product = req.product_id.trim();
    sql("INSERT INTO stock_levels (product_id, location_id, on_hand, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (product_id, location_id) DO NOTHING")
    .bind(product)
    .bind(req.location_id)
    .bind(Decimal::ZERO)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sql("UPDATE stock_levels SET low_threshold = $3 WHERE product_id = $1 AND location_id = $2")
        .bind(product)
        .bind(req.location_id)
        .bind(req.low_threshold)
        .execute(&mut *tx)
        .await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
