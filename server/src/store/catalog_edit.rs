//! The back office's catalog writes, on both stores: each one transaction under the catalog lock (so its
//! change sequence values become visible in order), checked against the rules of
//! `shared::catalog::validate` at the store's currency scale and against what the database holds (categories,
//! tax rates, groups named; SKUs and barcodes of other items), written through [`Upsert`], audited in the same
//! transaction. Answers the changes as terminals will pull them.

use super::auth::{audit, NewAudit};
use super::products::{self, PRODUCTS_SQL};
use super::sql::{begin_write, sql, Columns, Conn, Db};
use super::{catalog, events, groups, stores, StoreError, StoreResult};
use crate::events::facts;
use shared::catalog::edit::{PriceChange, ProductGroupWithVariants};
use shared::catalog::validate::{self, FieldError, Problem};
use shared::catalog::{Category, ModifierGroup, Product, ProductGroup, TaxRate};
use shared::stores::DEFAULT_STORE_ID;
use shared::sync::Change;
use sqlx::Pool;
use uuid::Uuid;

/// One catalog write of the back office.
#[derive(Clone, Debug)]
pub enum CatalogEdit {
    /// A new item (an empty id gets a new one); its version starts at 1.
    CreateProduct(Product),
    /// An item changed; its `version` is the one the caller read.
    UpdateProduct(Product),
    ArchiveProduct {
        id: String,
        version: i64,
    },
    /// A group with its variants, all or nothing.
    CreateProductGroup(ProductGroupWithVariants),
    PutCategory(Category),
    PutTaxRate(TaxRate),
    CreateModifierGroup(ModifierGroup),
    /// A modifier group changed; its `version` is the one the caller read.
    UpdateModifierGroup(ModifierGroup),
    ChangePrices(PriceChange),
}

/// Apply `edit` and append `entry` (with `changed`: how many entities it wrote) in one transaction.
pub async fn edit<D: Db>(
    pool: &Pool<D>,
    edit: &CatalogEdit,
    entry: &NewAudit,
) -> StoreResult<Vec<Change>> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let scale = stores::load_policy(&mut *tx, DEFAULT_STORE_ID)
        .await?
        .settings
        .currency
        .scale;
    let written = apply(&mut *tx, edit, scale).await.map_err(as_field)?;
    events::append(&mut *tx, &facts::catalog(&written, entry.at)?).await?;
    let mut entry = entry.clone();
    if let Some(details) = entry.details.as_object_mut() {
        details.insert("changed".into(), written.len().into());
    }
    audit::insert(&mut *tx, &entry).await?;
    tx.commit().await?;
    Ok(written)
}

/// A unique key the database refused (a race the checks could not see) as the field it is about.
fn as_field(e: StoreError) -> StoreError {
    match products::taken_field(&e) {
        Some(field) => invalid(field, Problem::Taken(field.into())),
        None => e,
    }
}

fn invalid(field: &str, problem: Problem) -> StoreError {
    StoreError::Invalid(vec![FieldError::new(field, problem)])
}

fn within(result: Result<(), Vec<FieldError>>, prefix: &str) -> Result<(), Vec<FieldError>> {
    result.map_err(|errors| errors.into_iter().map(|e| e.within(prefix)).collect())
}

async fn apply<C: Conn>(conn: &mut C, edit: &CatalogEdit, scale: u32) -> StoreResult<Vec<Change>> {
    match edit {
        CatalogEdit::CreateProduct(p) => {
            let p = new_product(p.clone(), None);
            check_product(conn, &p, scale, "").await?;
            if !products::put(conn, &p, products::row(&p)?.insert_only()).await? {
                return Err(invalid("id", Problem::Taken(p.id.clone())));
            }
            Ok(vec![Change::Product(product(conn, &p.id).await?)])
        }
        CatalogEdit::UpdateProduct(p) => {
            check_product(conn, p, scale, "").await?;
            current_product(conn, &p.id, p.version).await?;
            write_product(conn, p).await
        }
        CatalogEdit::ArchiveProduct { id, version } => {
            let mut p = current_product(conn, id, *version).await?;
            p.active = false;
            write_product(conn, &p).await
        }
        CatalogEdit::CreateProductGroup(g) => create_group(conn, g, scale).await,
        CatalogEdit::PutCategory(c) => {
            validate::category(c).map_err(StoreError::Invalid)?;
            catalog::category_row(c).write(conn).await?;
            Ok(vec![Change::Category(c.clone())])
        }
        CatalogEdit::PutTaxRate(r) => {
            validate::tax_rate(r).map_err(StoreError::Invalid)?;
            catalog::tax_rate_row(r).write(conn).await?;
            Ok(vec![Change::TaxRate(r.clone())])
        }
        CatalogEdit::CreateModifierGroup(g) => {
            let mut g = g.clone();
            g.version = 1;
            if g.id.is_empty() {
                g.id = Uuid::now_v7().to_string();
            }
            validate::modifier_group(&g, scale).map_err(StoreError::Invalid)?;
            if !groups::modifier_group_row(&g)?
                .insert_only()
                .write(conn)
                .await?
            {
                return Err(invalid("id", Problem::Taken(g.id.clone())));
            }
            Ok(vec![Change::ModifierGroup(g)])
        }
        CatalogEdit::UpdateModifierGroup(g) => {
            validate::modifier_group(g, scale).map_err(StoreError::Invalid)?;
            let current = modifier_group(conn, &g.id).await?;
            let stale = |current: i64| StoreError::StaleVersion {
                what: "modifier group",
                id: g.id.clone(),
                current,
                given: g.version,
            };
            if current.version != g.version {
                return Err(stale(current.version));
            }
            let row = groups::modifier_group_row(g)?.if_version(g.version);
            if !row.write(conn).await? {
                return Err(stale(current.version + 1));
            }
            Ok(vec![Change::ModifierGroup(
                modifier_group(conn, &g.id).await?,
            )])
        }
        CatalogEdit::ChangePrices(change) => change_prices(conn, change, scale).await,
    }
}

/// `p` as a new item: version 1, a new id when it has none, `group` as its variant's group when given.
fn new_product(mut p: Product, group: Option<&str>) -> Product {
    p.version = 1;
    if p.id.is_empty() {
        p.id = Uuid::now_v7().to_string();
    }
    if let (Some(group), Some(variant)) = (group, p.variant.as_mut()) {
        if variant.group_id.is_empty() {
            variant.group_id = group.to_owned();
        }
    }
    p
}

/// Write `p` if its version is still the stored one; answers it as stored.
async fn write_product<C: Conn>(conn: &mut C, p: &Product) -> StoreResult<Vec<Change>> {
    if !products::put(conn, p, products::row(p)?.if_version(p.version)).await? {
        let current = product(conn, &p.id).await?;
        return Err(StoreError::StaleVersion {
            what: "product",
            id: p.id.clone(),
            current: current.version,
            given: p.version,
        });
    }
    Ok(vec![Change::Product(product(conn, &p.id).await?)])
}

/// A key holding U+0000 names nothing here (PostgreSQL text cannot hold it; no write admits it), so it is not
/// looked up.
fn lookup(key: &str) -> Option<&str> {
    (!key.contains('\0')).then_some(key)
}

async fn product<C: Conn>(conn: &mut C, id: &str) -> StoreResult<Product> {
    let query = format!("{PRODUCTS_SQL} WHERE id = $1");
    let row = match lookup(id) {
        Some(id) => sql(&query).bind(id).fetch_optional(&mut *conn).await?,
        None => None,
    };
    match row {
        Some(row) => products::product_from_row(&row),
        None => Err(StoreError::Missing {
            what: "product",
            id: id.to_owned(),
        }),
    }
}

/// The stored product `id`, which must be at `version`.
async fn current_product<C: Conn>(conn: &mut C, id: &str, version: i64) -> StoreResult<Product> {
    let current = product(conn, id).await?;
    if current.version != version {
        return Err(StoreError::StaleVersion {
            what: "product",
            id: id.to_owned(),
            current: current.version,
            given: version,
        });
    }
    Ok(current)
}

async fn modifier_group<C: Conn>(conn: &mut C, id: &str) -> StoreResult<ModifierGroup> {
    let query = format!("{} WHERE id = $1", groups::MODIFIER_GROUPS_SQL);
    let row = match lookup(id) {
        Some(id) => sql(&query).bind(id).fetch_optional(&mut *conn).await?,
        None => None,
    };
    match row {
        Some(row) => groups::modifier_group_from_row(&row),
        None => Err(StoreError::Missing {
            what: "modifier group",
            id: id.to_owned(),
        }),
    }
}

async fn product_group<C: Conn>(conn: &mut C, id: &str) -> StoreResult<Option<ProductGroup>> {
    let query = format!("{} WHERE id = $1", groups::PRODUCT_GROUPS_SQL);
    let Some(id) = lookup(id) else {
        return Ok(None);
    };
    let row = sql(&query).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(groups::product_group_from_row).transpose()
}

/// Whether `table` holds a row with this id.
async fn exists<C: Conn>(conn: &mut C, table: &str, id: &str) -> StoreResult<bool> {
    let Some(id) = lookup(id) else {
        return Ok(false);
    };
    let query = format!("SELECT id FROM {table} WHERE id = $1");
    Ok(sql(&query).bind(id).fetch_optional(conn).await?.is_some())
}

/// The product holding `sku`, or `barcode` (a product id).
async fn holder<C: Conn>(conn: &mut C, query: &str, key: &str) -> StoreResult<Option<String>> {
    let Some(key) = lookup(key) else {
        return Ok(None);
    };
    let row = sql(query).bind(key).fetch_optional(&mut *conn).await?;
    row.map(|r| r.text("id")).transpose()
}

/// `p` on its own, then against the database: what it names exists (its group's options match), its SKU and
/// barcodes are no other item's. Fields are prefixed with `prefix` (e.g. `variants[1]`) when given.
async fn check_product<C: Conn>(
    conn: &mut C,
    p: &Product,
    scale: u32,
    prefix: &str,
) -> StoreResult<()> {
    let named = |errors: Vec<FieldError>| {
        let errors = if prefix.is_empty() {
            errors
        } else {
            errors.into_iter().map(|e| e.within(prefix)).collect()
        };
        StoreError::Invalid(errors)
    };
    validate::product(p, scale).map_err(named)?;
    let mut found = Vec::new();
    let unknown = |field: &str, id: &str| FieldError::new(field, Problem::Unknown(id.to_owned()));
    if !exists(conn, "categories", &p.category_id).await? {
        found.push(unknown("category_id", &p.category_id));
    }
    if !exists(conn, "tax_rates", &p.tax_rate_id).await? {
        found.push(unknown("tax_rate_id", &p.tax_rate_id));
    }
    for (i, id) in p.modifier_group_ids.iter().enumerate() {
        if !exists(conn, "modifier_groups", id).await? {
            found.push(unknown(&format!("modifier_group_ids[{i}]"), id));
        }
    }
    if let Some(variant) = &p.variant {
        match product_group(conn, &variant.group_id).await? {
            None => found.push(unknown("variant.group_id", &variant.group_id)),
            Some(g) if !validate::matches_options(variant, &g.option_names) => found.push(
                FieldError::new("variant.options", Problem::Options(g.option_names)),
            ),
            Some(_) => {}
        }
    }
    let sku = holder(conn, "SELECT id FROM products WHERE sku = $1", &p.sku).await?;
    if sku.is_some_and(|id| id != p.id) {
        found.push(FieldError::new("sku", Problem::Taken(p.sku.clone())));
    }
    let fields = std::iter::once("barcode".to_owned())
        .chain((0..p.more_barcodes.len()).map(|i| format!("more_barcodes[{i}]")));
    for (field, code) in fields
        .skip(usize::from(p.barcode.is_none()))
        .zip(p.barcodes())
    {
        let query = "SELECT product_id AS id FROM product_barcodes WHERE barcode = $1";
        if holder(conn, query, code)
            .await?
            .is_some_and(|id| id != p.id)
        {
            found.push(FieldError::new(field, Problem::Taken(code.to_owned())));
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(named(found))
    }
}

async fn create_group<C: Conn>(
    conn: &mut C,
    g: &ProductGroupWithVariants,
    scale: u32,
) -> StoreResult<Vec<Change>> {
    let mut group = g.group.clone();
    group.version = 1;
    if group.id.is_empty() {
        group.id = Uuid::now_v7().to_string();
    }
    let variants: Vec<Product> = (g.variants.iter().cloned())
        .map(|p| new_product(p, Some(&group.id)))
        .collect();
    let mut errors = Vec::new();
    errors.extend(
        within(validate::product_group(&group), "group")
            .err()
            .unwrap_or_default(),
    );
    errors.extend(
        validate::variants(&group, &variants)
            .err()
            .unwrap_or_default(),
    );
    errors.extend(
        validate::unique_keys("variants", &variants)
            .err()
            .unwrap_or_default(),
    );
    if !exists(conn, "categories", &group.category_id).await? {
        let unknown = Problem::Unknown(group.category_id.clone());
        errors.push(FieldError::new("group.category_id", unknown));
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    if !groups::product_group_row(&group)?
        .insert_only()
        .write(conn)
        .await?
    {
        return Err(invalid("group.id", Problem::Taken(group.id.clone())));
    }
    let mut written = vec![Change::ProductGroup(group)];
    for (i, p) in variants.iter().enumerate() {
        let prefix = format!("variants[{i}]");
        check_product(conn, p, scale, &prefix).await?;
        if !products::put(conn, p, products::row(p)?.insert_only()).await? {
            return Err(invalid(
                &format!("{prefix}.id"),
                Problem::Taken(p.id.clone()),
            ));
        }
        written.push(Change::Product(product(conn, &p.id).await?));
    }
    Ok(written)
}

/// Every active product (of the category, if one is given) gets its new price, one version more each.
async fn change_prices<C: Conn>(
    conn: &mut C,
    change: &PriceChange,
    scale: u32,
) -> StoreResult<Vec<Change>> {
    if change.percent.is_none() && change.amount.is_none() {
        return Err(invalid("percent", Problem::Empty));
    }
    if change
        .percent
        .is_some_and(|p| p <= -shared::Decimal::ONE_HUNDRED)
    {
        return Err(invalid("percent", Problem::BelowLimit(0)));
    }
    if let Some(category) = &change.category_id {
        if !exists(conn, "categories", category).await? {
            return Err(invalid("category_id", Problem::Unknown(category.clone())));
        }
    }
    let query = format!(
        "{PRODUCTS_SQL} WHERE active = $1 AND ($2 IS NULL OR category_id = $2) ORDER BY id {{bytewise}}"
    );
    let rows = sql(&query)
        .bind(true)
        .bind(change.category_id.as_deref())
        .fetch_all(&mut *conn)
        .await?;
    let found = (rows.iter().map(products::product_from_row)).collect::<StoreResult<Vec<_>>>()?;
    drop(rows);
    let mut changed = Vec::with_capacity(found.len());
    for mut p in found {
        let field = if change.amount.is_some() {
            "amount"
        } else {
            "percent"
        };
        let Some(price) = (change.apply(p.price, scale)).filter(|n| *n <= validate::MAX_AMOUNT)
        else {
            return Err(invalid(field, Problem::TooLarge(validate::MAX_AMOUNT)));
        };
        if price.is_sign_negative() && !price.is_zero() {
            return Err(invalid(field, Problem::MakesNegative(p.sku.clone())));
        }
        p.price = price;
        products::row(&p)?.write(conn).await?;
        p.version += 1;
        changed.push(Change::Product(p));
    }
    Ok(changed)
}
