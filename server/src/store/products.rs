//! Product rows on both stores: the row with its barcodes (`product_barcodes`, position 0 first) and variant
//! columns, written through [`Upsert`] and read back as a `Product`; the back office's search page.

use super::codec::enum_text;
use super::sql::{sql, text_key, Columns, Conn, Db, Json, Value};
use super::upsert::{write_many, Upsert};
use super::{Progress, StoreError, StoreResult};
use shared::api::ProductPage;
use shared::catalog::{Product, VariantOf};
use sqlx::Pool;

/// A product's columns, its barcodes in order as one space-separated `barcodes` column (barcodes are digits).
pub const PRODUCTS_SQL: &str = "SELECT * FROM (SELECT p.id, p.sku, p.name, p.category_id, p.price, \
    p.tax_rate_id, p.active, p.version, p.unit, p.cost, p.group_id, p.option_values, p.tracking, \
    p.modifier_group_ids, p.image, p.change_seq, (SELECT string_agg(b.barcode, ' ' ORDER BY b.position) \
    FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes FROM products p) AS products";

pub fn product_from_row(row: &impl Columns) -> StoreResult<Product> {
    let barcodes = row.opt_text("barcodes")?.unwrap_or_default();
    let mut barcodes = barcodes.split_whitespace().map(str::to_owned);
    let variant = match row.opt_text("group_id")? {
        Some(group_id) => Some(VariantOf {
            group_id,
            options: row.json("option_values")?,
        }),
        None => None,
    };
    Ok(Product {
        id: row.text("id")?,
        sku: row.text("sku")?,
        name: row.text("name")?,
        barcode: barcodes.next(),
        more_barcodes: barcodes.collect(),
        category_id: row.text("category_id")?,
        price: row.decimal("price")?,
        tax_rate_id: row.text("tax_rate_id")?,
        active: row.flag("active")?,
        version: row.int("version")?,
        unit: row.enumerated("unit")?,
        cost: row.opt_decimal("cost")?,
        variant,
        tracking: row.enumerated("tracking")?,
        modifier_group_ids: row.json("modifier_group_ids")?,
        image: row.opt_text("image")?,
    })
}

/// The product's row (its version counted by the store), to write with [`put`].
pub fn row(p: &Product) -> StoreResult<Upsert<'_>> {
    let options = p
        .variant
        .as_ref()
        .map(|v| Json::of(&v.options))
        .transpose()?;
    Ok(Upsert::new("products", "id", &p.id)
        .col("sku", &p.sku)
        .col("name", &p.name)
        .col("category_id", &p.category_id)
        .col("price", p.price)
        .col("tax_rate_id", &p.tax_rate_id)
        .col("active", p.active)
        .col("unit", enum_text(&p.unit)?)
        .col("cost", p.cost)
        .col("group_id", p.variant.as_ref().map(|v| &v.group_id))
        .col("option_values", options)
        .col("tracking", enum_text(&p.tracking)?)
        .col("modifier_group_ids", Json::of(&p.modifier_group_ids)?)
        .col("image", p.image.as_deref())
        .col("search_text", search_text(p))
        .versioned("version"))
}

/// What the search looks in: the name, the SKU and every barcode, lower case (Unicode, the same on both
/// databases), space-separated.
fn search_text(p: &Product) -> String {
    let mut text = format!("{} {}", p.name.to_lowercase(), p.sku.to_lowercase());
    for code in p.barcodes() {
        text.push(' ');
        text.push_str(code);
    }
    text
}

/// Write `row` (from [`row`] of `p`, adjusted) and, when it was written, `p`'s barcodes in place of the
/// stored ones. Answers whether it was written.
pub async fn put<C: Conn>(conn: &mut C, p: &Product, row: Upsert<'_>) -> StoreResult<bool> {
    if !row.write(conn).await? {
        return Ok(false);
    }
    sql("DELETE FROM product_barcodes WHERE product_id = $1")
        .bind(&p.id)
        .execute(&mut *conn)
        .await?;
    for (position, code) in p.barcodes().enumerate() {
        sql("INSERT INTO product_barcodes (barcode, product_id, position) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(&p.id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Rows per statement of a bulk write (a product row binds 15 values: far within both databases' limits).
const BULK_ROWS: usize = 500;

/// Many products (an import) in few statements: their rows [`BULK_ROWS`] at a time, each with its own change
/// sequence value, then their barcodes in place of the stored ones (all of theirs deleted before any is
/// inserted, so a barcode may move from one of them to another). `progress` is told how many rows are written.
pub async fn put_many<C: Conn>(
    conn: &mut C,
    products: &[Product],
    progress: Progress<'_>,
) -> StoreResult<()> {
    let mut written = 0;
    for chunk in products.chunks(BULK_ROWS) {
        let rows = chunk.iter().map(row).collect::<StoreResult<Vec<_>>>()?;
        write_many(&mut *conn, rows).await?;
        written += chunk.len() as u64;
        progress(written);
    }
    for chunk in products.chunks(BULK_ROWS) {
        let list: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let text = format!(
            "DELETE FROM product_barcodes WHERE product_id IN ({})",
            list.join(", ")
        );
        let ids = chunk
            .iter()
            .map(|p| Value::Text(Some(p.id.as_str().into())));
        sql(&text).bind_all(ids).execute(&mut *conn).await?;
    }
    let barcodes: Vec<(&str, &str, i64)> = products
        .iter()
        .flat_map(|p| {
            p.barcodes()
                .zip(0..)
                .map(move |(code, at)| (code, p.id.as_str(), at))
        })
        .collect();
    for chunk in barcodes.chunks(BULK_ROWS * 2) {
        let tuples: Vec<String> = (0..chunk.len())
            .map(|r| format!("(${}, ${}, ${})", 3 * r + 1, 3 * r + 2, 3 * r + 3))
            .collect();
        let text = format!(
            "INSERT INTO product_barcodes (barcode, product_id, position) VALUES {}",
            tuples.join(", ")
        );
        let mut stmt = sql(&text);
        for &(code, id, at) in chunk {
            stmt = stmt.bind(code).bind(id).bind(at);
        }
        stmt.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Which products the back office lists: text in the name, SKU or a barcode (case-insensitive substring), a
/// category, active or archived.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductQuery {
    pub text: Option<String>,
    pub category_id: Option<String>,
    pub active: Option<bool>,
    /// The last product of the previous page (its id).
    pub after: Option<String>,
}

/// `%text%` for `LIKE … ESCAPE '\'`, lower case, with `%`, `_` and `\` taken literally.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of products in name order (bytewise, then id), filtered by `q`. The order is stable: a page
/// starts after the previous page's last product as it is now (keyset paging over `(name, id)`). Only the
/// filters given are in the SQL, so the planner can walk `products_by_category` or `products_by_name` in
/// order and stop at the page's end.
pub async fn search<D: Db>(
    pool: &Pool<D>,
    q: &ProductQuery,
    limit: u32,
) -> StoreResult<ProductPage> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let param = |v: Value<'static>, values: &mut Vec<Value<'static>>| {
        values.push(v);
        format!("${}", values.len())
    };
    let text = q.text.clone().map(text_key::<D>);
    if let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) {
        let n = param(Value::Text(Some(like_pattern(text).into())), &mut values);
        clauses.push(format!("p.search_text LIKE {n} ESCAPE '\\'"));
    }
    if let Some(category) = &q.category_id {
        let n = param(
            Value::Text(Some(text_key::<D>(category.clone()).into())),
            &mut values,
        );
        clauses.push(format!("p.category_id = {n}"));
    }
    if let Some(active) = q.active {
        let n = param(Value::Bool(Some(active)), &mut values);
        clauses.push(format!("p.active = {n}"));
    }
    if let Some(after) = &q.after {
        let after = text_key::<D>(after.clone());
        let row = sql("SELECT name FROM products WHERE id = $1")
            .bind(&after)
            .fetch_optional(pool)
            .await?;
        let Some(row) = row else {
            // A cursor naming no product: nothing comes after it.
            return Ok(ProductPage {
                products: Vec::new(),
                next_after: None,
            });
        };
        let name = param(Value::Text(Some(row.text("name")?.into())), &mut values);
        let id = param(Value::Text(Some(after.into())), &mut values);
        clauses.push(format!("(p.name {{bytewise}}, p.id) > ({name}, {id})"));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let query = format!(
        "SELECT p.id, p.sku, p.name, p.category_id, p.price, p.tax_rate_id, p.active, p.version, p.unit, \
         p.cost, p.group_id, p.option_values, p.tracking, p.modifier_group_ids, p.image, \
         (SELECT string_agg(b.barcode, ' ' ORDER BY b.position) FROM product_barcodes b \
          WHERE b.product_id = p.id) AS barcodes \
         FROM products p {filter} ORDER BY p.name {{bytewise}}, p.id LIMIT {}",
        i64::from(limit) + 1
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    let mut products = rows
        .iter()
        .map(product_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_after = if products.len() > limit {
        products.truncate(limit);
        products.last().map(|p| p.id.clone())
    } else {
        None
    };
    Ok(ProductPage {
        products,
        next_after,
    })
}

/// The field a unique key violation is about (`sku`, `barcode`, `variant.options`), if it is one.
pub fn taken_field(e: &StoreError) -> Option<&'static str> {
    let StoreError::Database(sqlx::Error::Database(db)) = e else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    let what = db
        .constraint()
        .map_or_else(|| db.message().to_owned(), str::to_owned);
    [
        ("option_values", "variant.options"),
        ("barcode", "barcode"),
        ("sku", "sku"),
    ]
    .into_iter()
    .find(|(key, _)| what.contains(key))
    .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(like_pattern(" Oat_Milk "), "%oat\\_milk%");
        assert_eq!(like_pattern("100%"), "%100\\%%");
    }
}
