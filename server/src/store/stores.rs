//! Stores, on both databases: each store's row (settings, cash rounding, receipt texts, version), its price
//! overrides, the staff limited to some stores, and what a terminal of a store pulls: its store's `Settings`
//! (at the row's `change_seq`), its `Policy` (at the row's `policy_seq` or the chain policy's `change_seq`,
//! whichever is later, so either change reaches it) and the products it has overrides for, priced with them
//! (at the override's `change_seq`; every product a store's terminal pulls is priced through
//! [`StorePrices::apply`]). Writes take change sequence values under the catalog lock and are audited in the
//! same transaction.

use super::auth::{audit, NewAudit};
use super::codec::enum_text;
use super::sql::{begin_write, sql, write_change, Columns, Conn, Db, Json};
use super::upsert::Upsert;
use super::{pull_page, StoreError, StoreFuture, StoreResult};
use crate::store::backend::Backend;
use shared::cash_rounding::CashRounding;
use shared::catalog::validate::FieldError;
use shared::catalog::StoreSettings;
use shared::money::Currency;
use shared::policy::StorePolicy;
use shared::stores::{
    self, NewStore, Store, StorePrice, StorePrices, StoreUpdate, DEFAULT_STORE_ID,
};
use shared::sync::Change;
use shared::Decimal;
use sqlx::Pool;
use std::collections::HashMap;
use uuid::Uuid;

/// A store row's settings columns.
const SETTINGS_COLUMNS: &str =
    "name, address, currency_code, currency_scale, time_zone, tax_mode, \
    tax_rounding, rounding, receipt_header, receipt_footer, logo";

/// A store's row as the back office reads it.
const STORE_SQL: &str = "SELECT id, name, address, currency_code, currency_scale, time_zone, tax_mode, \
    tax_rounding, rounding, receipt_header, receipt_footer, logo, cash_rounding, active, version FROM stores";

/// A product priced by a store's override, at the override's change sequence value (`$3`: the store).
const OVERRIDDEN_PRODUCTS_SQL: &str = "SELECT * FROM (SELECT p.id, p.sku, p.name, p.category_id, p.price, \
    p.tax_rate_id, p.active, p.version, p.unit, p.cost, p.group_id, p.option_values, p.tracking, \
    p.modifier_group_ids, p.image, sp.change_seq, (SELECT string_agg(b.barcode, ' ' ORDER BY b.position) \
    FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes FROM store_prices sp \
    JOIN products p ON p.id = sp.product_id WHERE sp.store_id = $3) AS products";

pub fn settings_from_row(row: &impl Columns) -> StoreResult<StoreSettings> {
    let scale = row.int("currency_scale")?;
    Ok(StoreSettings {
        name: row.text("name")?,
        address: row.json("address")?,
        currency: Currency {
            code: row.text("currency_code")?,
            scale: u32::try_from(scale)
                .map_err(|_| StoreError::Corrupt(format!("currency scale {scale}")))?,
        },
        tax_mode: row.enumerated("tax_mode")?,
        tax_rounding: row.enumerated("tax_rounding")?,
        rounding: row.enumerated("rounding")?,
        time_zone: row.text("time_zone")?,
        receipt_header: row.text("receipt_header")?,
        receipt_footer: row.text("receipt_footer")?,
        logo: row.opt_text("logo")?,
    })
}

fn store_from_row(row: &impl Columns) -> StoreResult<Store> {
    Ok(Store {
        id: row.uuid("id")?,
        settings: settings_from_row(row)?,
        cash_rounding: row.opt_json("cash_rounding")?,
        active: row.flag("active")?,
        version: row.int("version")?,
    })
}

/// The row of store `id` with these settings (a new row's version is 1, an updated one's one more).
fn settings_row(id: Uuid, s: &StoreSettings) -> StoreResult<Upsert<'_>> {
    Ok(Upsert::new("stores", "id", id)
        .col("name", &s.name)
        .col("address", Json::of(&s.address)?)
        .col("currency_code", &s.currency.code)
        .col("currency_scale", i64::from(s.currency.scale))
        .col("time_zone", &s.time_zone)
        .col("tax_mode", enum_text(&s.tax_mode)?)
        .col("tax_rounding", enum_text(&s.tax_rounding)?)
        .col("rounding", enum_text(&s.rounding)?)
        .col("receipt_header", &s.receipt_header)
        .col("receipt_footer", &s.receipt_footer)
        .col("logo", s.logo.as_deref())
        .versioned("version"))
}

/// The first store's settings (the catalog write of seeds and tests): its terminals pull `Settings`.
pub async fn put_settings<C: Conn>(conn: &mut C, s: &StoreSettings) -> StoreResult<()> {
    settings_row(DEFAULT_STORE_ID, s)?
        .col("active", true)
        .write(conn)
        .await
        .map(drop)
}

/// The chain's policy (promotion policy, loyalty point value) and the first store's cash rounding: every
/// store's terminals pull their `Policy` at this write's change sequence value.
pub async fn put_policy<C: Conn>(conn: &mut C, policy: &StorePolicy) -> StoreResult<()> {
    Upsert::new("store_policy", "id", 1i64)
        .col("promotion_policy", enum_text(&policy.promotion_policy)?)
        .col("loyalty_point_value", policy.loyalty_point_value)
        .col("tax_exempt_customers", policy.tax_exempt_customers)
        .write(&mut *conn)
        .await?;
    let cash_rounding = policy.cash_rounding.as_ref().map(Json::of).transpose()?;
    sql("UPDATE stores SET cash_rounding = $1 WHERE id = $2")
        .bind(cash_rounding)
        .bind(DEFAULT_STORE_ID)
        .execute(conn)
        .await?;
    Ok(())
}

/// A store's `Policy` is pulled again: the row takes a new `policy_seq`.
async fn touch_policy<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<()> {
    // A chain policy row first, if there is none yet (its defaults), so the store's policy has a row to join.
    Upsert::new("store_policy", "id", 1i64)
        .col(
            "promotion_policy",
            enum_text(&StorePolicy::default().promotion_policy)?,
        )
        .insert_only()
        .write(&mut *conn)
        .await?;
    let stmt = sql("UPDATE stores SET policy_seq = {next_seq} WHERE id = $1").bind(id);
    write_change(conn, stmt).await
}

/// The `Settings` and `Policy` of store `store` above `after`, inside the pull's snapshot.
pub async fn changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    store: Uuid,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    let settings = format!(
        "SELECT * FROM (SELECT {SETTINGS_COLUMNS}, change_seq FROM stores WHERE id = $3) AS settings"
    );
    pull_page::changes_of_store(&mut *conn, &settings, after, fetch, store, out, |r| {
        settings_from_row(r).map(Change::Settings)
    })
    .await?;
    let policy = "SELECT * FROM (SELECT s.name, s.address, s.currency_code, s.currency_scale, s.time_zone, \
        s.tax_mode, s.tax_rounding, s.rounding, s.receipt_header, s.receipt_footer, s.logo, s.cash_rounding, \
        p.promotion_policy, p.loyalty_point_value, p.tax_exempt_customers, CASE WHEN s.policy_seq IS NOT NULL AND \
        s.policy_seq > p.change_seq THEN s.policy_seq ELSE p.change_seq END AS change_seq \
        FROM store_policy p JOIN stores s ON s.id = $3) AS policy";
    pull_page::changes_of_store(&mut *conn, policy, after, fetch, store, out, |r| {
        policy_from_row(r).map(Change::Policy)
    })
    .await
}

/// The products store `store` has overrides for, above `after` (priced by [`apply_prices`] afterwards).
pub async fn price_changes<C: Conn>(
    conn: &mut C,
    after: i64,
    fetch: i64,
    store: Uuid,
    out: &mut Vec<(i64, Change)>,
) -> StoreResult<()> {
    pull_page::changes_of_store(
        conn,
        OVERRIDDEN_PRODUCTS_SQL,
        after,
        fetch,
        store,
        out,
        |r| super::products::product_from_row(r).map(Change::Product),
    )
    .await
}

/// Every product among `changes` priced as store `store` sells it.
pub async fn apply_prices<C: Conn>(
    conn: &mut C,
    store: Uuid,
    changes: &mut [(i64, Change)],
) -> StoreResult<()> {
    let prices = prices_of(conn, store).await?;
    for (_, change) in changes.iter_mut() {
        if let Change::Product(p) = change {
            p.price = prices.price_of(p);
        }
    }
    Ok(())
}

async fn prices_of<C: Conn>(conn: &mut C, store: Uuid) -> StoreResult<StorePrices> {
    let rows =
        sql("SELECT product_id, price FROM store_prices WHERE store_id = $1 AND price IS NOT NULL")
            .bind(store)
            .fetch_all(conn)
            .await?;
    let prices = rows
        .iter()
        .map(|r| Ok((r.text("product_id")?, r.decimal("price")?)))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(StorePrices::new(prices))
}

fn policy_from_row(row: &impl Columns) -> StoreResult<StorePolicy> {
    Ok(StorePolicy {
        settings: settings_from_row(row)?,
        cash_rounding: row.opt_json("cash_rounding")?,
        promotion_policy: row.enumerated("promotion_policy")?,
        loyalty_point_value: row.opt_decimal("loyalty_point_value")?,
        tax_exempt_customers: row.flag("tax_exempt_customers")?,
    })
}

/// Store `store`'s policy: its row with the chain's policy (defaults for what is not stored yet).
pub async fn load_policy<C: Conn>(conn: &mut C, store: Uuid) -> StoreResult<StorePolicy> {
    let mut policy = StorePolicy::default();
    let chain = sql(
        "SELECT promotion_policy, loyalty_point_value, tax_exempt_customers FROM store_policy WHERE id = 1",
    )
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = chain {
        policy.promotion_policy = row.enumerated("promotion_policy")?;
        policy.loyalty_point_value = row.opt_decimal("loyalty_point_value")?;
        policy.tax_exempt_customers = row.flag("tax_exempt_customers")?;
    }
    let row = sql(&format!("{STORE_SQL} WHERE id = $1"))
        .bind(store)
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some(row) => store_from_row(&row)?.policy(&policy),
        None => policy,
    })
}

/// The store of each of `devices` (the first store for a device the server does not know).
pub async fn device_stores<C: Conn>(
    conn: &mut C,
    devices: &[Uuid],
) -> StoreResult<HashMap<Uuid, Uuid>> {
    let mut stores = HashMap::new();
    for device in devices {
        let row = sql("SELECT store_id FROM devices WHERE id = $1")
            .bind(*device)
            .fetch_optional(&mut *conn)
            .await?;
        let store = match row {
            Some(r) => r.uuid("store_id")?,
            None => DEFAULT_STORE_ID,
        };
        stores.insert(*device, store);
    }
    Ok(stores)
}

/// The policy of each of `devices`' stores, by device (for re-checking their documents).
pub async fn device_policies<C: Conn>(
    conn: &mut C,
    devices: &[Uuid],
) -> StoreResult<HashMap<Uuid, StorePolicy>> {
    let stores = device_stores(&mut *conn, devices).await?;
    let mut by_store: HashMap<Uuid, StorePolicy> = HashMap::new();
    let mut out = HashMap::new();
    for (device, store) in stores {
        let policy = match by_store.get(&store) {
            Some(policy) => policy.clone(),
            None => {
                let policy = load_policy(&mut *conn, store).await?;
                by_store.insert(store, policy.clone());
                policy
            }
        };
        out.insert(device, policy);
    }
    Ok(out)
}

async fn one<C: Conn>(conn: &mut C, id: Uuid) -> StoreResult<Option<Store>> {
    let row = sql(&format!("{STORE_SQL} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(store_from_row).transpose()
}

fn invalid(result: Result<(), Vec<FieldError>>) -> StoreResult<()> {
    result.map_err(StoreError::Invalid)
}

fn missing(what: &'static str, id: impl ToString) -> StoreError {
    StoreError::Missing {
        what,
        id: id.to_string(),
    }
}

pub async fn list<D: Db>(pool: &Pool<D>) -> StoreResult<Vec<Store>> {
    let rows = sql(&format!("{STORE_SQL} ORDER BY name, id"))
        .fetch_all(pool)
        .await?;
    rows.iter().map(store_from_row).collect()
}

pub async fn get<D: Db>(pool: &Pool<D>, id: Uuid) -> StoreResult<Option<Store>> {
    one(&mut *pool.acquire().await?, id).await
}

/// The whole row of store `id`: its settings, cash rounding and whether it is active.
fn store_row<'q>(
    id: Uuid,
    settings: &'q StoreSettings,
    cash_rounding: Option<&CashRounding>,
    active: bool,
) -> StoreResult<Upsert<'q>> {
    let cash_rounding = cash_rounding.map(Json::of).transpose()?;
    Ok(settings_row(id, settings)?
        .col("cash_rounding", cash_rounding)
        .col("active", active))
}

/// After a store's row is written: its `Policy` is pulled again, its audit entry appended, the transaction
/// committed; answers the store as stored.
async fn finish<D: Db>(
    mut tx: sqlx::Transaction<'static, D>,
    id: Uuid,
    entry: &NewAudit,
) -> StoreResult<Store> {
    touch_policy(&mut *tx, id).await?;
    let store = one(&mut *tx, id)
        .await?
        .ok_or_else(|| missing("store", id))?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(store)
}

/// A write transaction holding the catalog lock, begun once a store's `settings` and `cash_rounding` are
/// valid ([`StoreError::Invalid`] otherwise).
async fn begin_checked<D: Db>(
    pool: &Pool<D>,
    settings: &StoreSettings,
    cash_rounding: Option<&CashRounding>,
) -> StoreResult<sqlx::Transaction<'static, D>> {
    invalid(stores::validate(settings, cash_rounding))?;
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    Ok(tx)
}

/// A new store `id`, with its audit entry, in one transaction.
pub async fn create<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    new: &NewStore,
    entry: &NewAudit,
) -> StoreResult<Store> {
    let mut tx = begin_checked(pool, &new.settings, new.cash_rounding.as_ref()).await?;
    let written = store_row(id, &new.settings, new.cash_rounding.as_ref(), new.active)?
        .insert_only()
        .write(&mut *tx)
        .await?;
    if !written {
        return Err(StoreError::Conflict("store id"));
    }
    finish(tx, id, entry).await
}

/// Store `id` changed from the version the caller read, with its audit entry, in one transaction.
pub async fn update<D: Db>(
    pool: &Pool<D>,
    id: Uuid,
    upd: &StoreUpdate,
    entry: &NewAudit,
) -> StoreResult<Store> {
    let mut tx = begin_checked(pool, &upd.settings, upd.cash_rounding.as_ref()).await?;
    let current = one(&mut *tx, id)
        .await?
        .ok_or_else(|| missing("store", id))?;
    let stale = || StoreError::StaleVersion {
        what: "store",
        id: id.to_string(),
        current: current.version,
        given: upd.version,
    };
    if current.version != upd.version {
        return Err(stale());
    }
    let written = store_row(id, &upd.settings, upd.cash_rounding.as_ref(), upd.active)?
        .if_version(upd.version)
        .write(&mut *tx)
        .await?;
    if !written {
        return Err(stale());
    }
    finish(tx, id, entry).await
}

/// Store `store`'s price overrides, by product id.
pub async fn prices<D: Db>(pool: &Pool<D>, store: Uuid) -> StoreResult<Vec<StorePrice>> {
    let rows = sql(
        "SELECT store_id, product_id, price FROM store_prices WHERE store_id = $1 AND price IS NOT NULL \
         ORDER BY product_id",
    )
    .bind(store)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StorePrice {
                store_id: r.uuid("store_id")?,
                product_id: r.text("product_id")?,
                price: r.decimal("price")?,
            })
        })
        .collect()
}

/// Store `store`'s price of `product` set (`Some`) or removed (`None`: the product's own price again), with
/// its audit entry; the store's terminals pull the product priced anew. Removing an override there is not
/// is [`StoreError::Missing`].
pub async fn put_price<D: Db>(
    pool: &Pool<D>,
    store: Uuid,
    product: &str,
    price: Option<Decimal>,
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let found = one(&mut *tx, store)
        .await?
        .ok_or_else(|| missing("store", store))?;
    let exists = sql("SELECT id FROM products WHERE id = $1")
        .bind(product)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(missing("product", product));
    }
    match price {
        Some(p) => invalid(stores::validate_price(p, found.settings.currency.scale))?,
        None => {
            let current = sql(
                "SELECT price FROM store_prices WHERE store_id = $1 AND product_id = $2 \
                 AND price IS NOT NULL",
            )
            .bind(store)
            .bind(product)
            .fetch_optional(&mut *tx)
            .await?;
            if current.is_none() {
                return Err(missing("price override", format!("{store}/{product}")));
            }
        }
    }
    let stmt = sql(
        "INSERT INTO store_prices (store_id, product_id, price, change_seq) VALUES ($1, $2, $3, {next_seq}) \
         ON CONFLICT (store_id, product_id) DO UPDATE SET price = excluded.price, \
         change_seq = excluded.change_seq",
    )
    .bind(store)
    .bind(product)
    .bind(price);
    write_change(&mut *tx, stmt).await?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// The stores staff member `staff` is limited to (empty: every store).
pub async fn staff_stores<D: Db>(pool: &Pool<D>, staff: Uuid) -> StoreResult<Vec<Uuid>> {
    let rows = sql("SELECT store_id FROM staff_stores WHERE staff_id = $1 ORDER BY store_id")
        .bind(staff)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| r.uuid("store_id")).collect()
}

/// Limit staff member `staff` to `stores` (empty: every store), with its audit entry, in one transaction.
pub async fn set_staff_stores<D: Db>(
    pool: &Pool<D>,
    staff: Uuid,
    stores: &[Uuid],
    entry: &NewAudit,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let known = sql("SELECT id FROM staff WHERE id = $1")
        .bind(staff)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(missing("staff member", staff));
    }
    for store in stores {
        if one(&mut *tx, *store).await?.is_none() {
            return Err(StoreError::Invalid(vec![FieldError::new(
                "stores",
                shared::catalog::validate::Problem::Unknown(store.to_string()),
            )]));
        }
    }
    sql("DELETE FROM staff_stores WHERE staff_id = $1")
        .bind(staff)
        .execute(&mut *tx)
        .await?;
    for store in stores {
        sql("INSERT INTO staff_stores (staff_id, store_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(staff)
            .bind(*store)
            .execute(&mut *tx)
            .await?;
    }
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores and their prices, as the API needs them (implemented once for every backend).
pub trait StoresStore: Send + Sync {
    /// Every store, by name.
    fn list_stores(&self) -> StoreFuture<'_, Vec<Store>>;
    fn get_store(&self, id: Uuid) -> StoreFuture<'_, Option<Store>>;
    /// [`create`].
    fn create_store<'a>(
        &'a self,
        id: Uuid,
        new: &'a NewStore,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Store>;
    /// [`update`].
    fn update_store<'a>(
        &'a self,
        id: Uuid,
        upd: &'a StoreUpdate,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Store>;
    fn store_prices(&self, store: Uuid) -> StoreFuture<'_, Vec<StorePrice>>;
    /// [`put_price`].
    fn put_store_price<'a>(
        &'a self,
        store: Uuid,
        product: &'a str,
        price: Option<Decimal>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;
    fn staff_stores(&self, staff: Uuid) -> StoreFuture<'_, Vec<Uuid>>;
    /// [`set_staff_stores`].
    fn set_staff_stores<'a>(
        &'a self,
        staff: Uuid,
        stores: &'a [Uuid],
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()>;
    /// What a terminal of store `store` pulls: its store's settings, policy and prices.
    fn pull_store(
        &self,
        cursor: u64,
        limit: u32,
        store: Uuid,
    ) -> StoreFuture<'_, shared::sync::PullResponse>;
}

impl<B: Backend> StoresStore for B {
    fn list_stores(&self) -> StoreFuture<'_, Vec<Store>> {
        Box::pin(list(self.pool()))
    }

    fn get_store(&self, id: Uuid) -> StoreFuture<'_, Option<Store>> {
        Box::pin(get(self.pool(), id))
    }

    fn create_store<'a>(
        &'a self,
        id: Uuid,
        new: &'a NewStore,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Store> {
        Box::pin(create(self.pool(), id, new, entry))
    }

    fn update_store<'a>(
        &'a self,
        id: Uuid,
        upd: &'a StoreUpdate,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, Store> {
        Box::pin(update(self.pool(), id, upd, entry))
    }

    fn store_prices(&self, store: Uuid) -> StoreFuture<'_, Vec<StorePrice>> {
        Box::pin(prices(self.pool(), store))
    }

    fn put_store_price<'a>(
        &'a self,
        store: Uuid,
        product: &'a str,
        price: Option<Decimal>,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(put_price(self.pool(), store, product, price, entry))
    }

    fn staff_stores(&self, staff: Uuid) -> StoreFuture<'_, Vec<Uuid>> {
        Box::pin(staff_stores(self.pool(), staff))
    }

    fn set_staff_stores<'a>(
        &'a self,
        staff: Uuid,
        stores: &'a [Uuid],
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, ()> {
        Box::pin(set_staff_stores(self.pool(), staff, stores, entry))
    }

    fn pull_store(
        &self,
        cursor: u64,
        limit: u32,
        store: Uuid,
    ) -> StoreFuture<'_, shared::sync::PullResponse> {
        Box::pin(super::catalog::pull(
            self.pool(),
            cursor,
            limit,
            Some(store),
        ))
    }
}

/// The first store's policy and the policy of each device's store (`devices` and the devices of the sales
/// `known` holds) into `known`, for rebuilding refunds with their sale's store's policy.
pub async fn policies_into<C: Conn>(
    conn: &mut C,
    devices: &[Uuid],
    known: &mut crate::push::Known,
) -> StoreResult<()> {
    known.policy = load_policy(&mut *conn, DEFAULT_STORE_ID).await?;
    let mut all: Vec<Uuid> = devices.to_vec();
    all.extend(known.sales.values().map(|s| s.device_id));
    all.sort();
    all.dedup();
    known.device_policies = device_policies(conn, &all).await?;
    Ok(())
}
