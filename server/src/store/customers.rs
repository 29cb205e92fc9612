//! Customers on both databases (migration `0010_customers`): the person's fields beside the balances of
//! `0002`, written by a till's push (`SaveCustomer`, applied once: the mutation's id) or the back office
//! (versioned: a stale version is 409), each write on the change sequence so every till pulls it. Duplicates
//! are found by the normalised phone and email; a merge sets `merged_into` on the duplicates (their sales are
//! found through it; no stored document changes); an erasure blanks every personal field and pulls as
//! `Change::CustomerErased`. Every back office write is audited in its transaction.

use super::auth::{audit, NewAudit};
use super::sql::{begin_write, sql, write_change_count, Columns, Conn, Db, Json, Stmt, Value};
use super::{StoreError, StoreFuture, StoreResult};
use crate::push::{Document, PreparedMutation};
use crate::store::backend::Backend;
use chrono::{DateTime, Utc};
use shared::catalog::CustomerRecord;
use shared::customer::{
    search_text, Checked, CustomerEdit, CustomerExport, CustomerSummary, DuplicateGroup,
    FavouriteItem, Purchase, ERASED_NAME,
};
use shared::sync::Change;
use sqlx::Pool;

/// Every column a `CustomerRecord` is read from.
pub const COLUMNS: &str = "id, name, customer_group, exemption, store_credit, loyalty_points, phone, email, \
    note, marketing_consent, consent_at, consent_source, company, tax_id, tax_exempt, address, tags, \
    loyalty_card, version, erased_at, merged_into, change_seq";

/// The rows the pull reads.
pub const PULL_SQL: &str = "SELECT id, name, customer_group, exemption, store_credit, loyalty_points, \
    phone, email, note, marketing_consent, consent_at, consent_source, company, tax_id, tax_exempt, address, \
    tags, loyalty_card, version, erased_at, merged_into, change_seq FROM customers";

/// A customer row as the API and tills see it.
pub fn from_row(row: &impl Columns) -> StoreResult<CustomerRecord> {
    let consent_at = row.opt_time("consent_at")?;
    let consent = consent_at.map(|at| -> StoreResult<_> {
        Ok(shared::customer::Consent {
            given: row.flag("marketing_consent")?,
            at,
            source: row.opt_text("consent_source")?.unwrap_or_default(),
        })
    });
    Ok(CustomerRecord {
        id: row.text("id")?,
        name: row.text("name")?,
        group: row.opt_text("customer_group")?,
        exemption: row.json("exemption")?,
        store_credit: row.decimal("store_credit")?,
        // Overspent offline: terminals see no points left (the deficit is flagged and kept here).
        loyalty_points: u64::try_from(row.int("loyalty_points")?).unwrap_or(0),
        phone: row.opt_text("phone")?,
        email: row.opt_text("email")?,
        note: row.text("note")?,
        consent: consent.transpose()?,
        company: row.opt_text("company")?,
        tax_id: row.opt_text("tax_id")?,
        address: row.opt_text("address")?,
        tax_exempt: row.flag("tax_exempt")?,
        tags: row.json("tags")?,
        loyalty_card: row.opt_text("loyalty_card")?,
        version: u64::try_from(row.int("version")?).unwrap_or(0),
        erased: row.opt_time("erased_at")?.is_some(),
        merged_into: row.opt_text("merged_into")?,
    })
}

/// A customer row as a pulled change: erased ones only by id.
pub fn change_of(row: &impl Columns) -> StoreResult<Change> {
    if row.opt_time("erased_at")?.is_some() {
        return Ok(Change::CustomerErased {
            id: row.text("id")?,
        });
    }
    from_row(row).map(Change::Customer)
}

/// What is stored of a customer to decide a save: its version and whether it ended.
struct Held {
    version: i64,
    ended: bool,
}

async fn held<C: Conn>(conn: &mut C, id: &str) -> StoreResult<Option<Held>> {
    let row = sql("SELECT version, erased_at, merged_into FROM customers WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(Held {
            version: r.int("version")?,
            ended: r.opt_time("erased_at")?.is_some() || r.opt_text("merged_into")?.is_some(),
        })
    })
    .transpose()
}

/// Bind the person's 17 columns of `c` in the order [`PERSON`] names them.
fn bind_person<'q>(stmt: Stmt<'q>, c: &'q Checked) -> StoreResult<Stmt<'q>> {
    let e = &c.edit;
    let consent = e.consent.as_ref();
    Ok(stmt
        .bind(e.name.as_str())
        .bind(e.group.as_deref())
        .bind(e.phone.as_deref())
        .bind(e.email.as_deref())
        .bind(c.phone_key.as_deref())
        .bind(c.email_key.as_deref())
        .bind(e.note.as_str())
        .bind(consent.is_some_and(|c| c.given))
        .bind(consent.map(|c| c.at))
        .bind(consent.map(|c| c.source.as_str()))
        .bind(e.company.as_deref())
        .bind(e.tax_id.as_deref())
        .bind(e.tax_exempt)
        .bind(e.address.as_deref())
        .bind(Json::of(&e.tags)?)
        .bind(e.loyalty_card.as_deref())
        .bind(search_text(e, c.phone_key.as_deref())))
}

/// The columns [`bind_person`] binds, in order.
const PERSON: &str = "name, customer_group, phone, email, phone_key, email_key, note, marketing_consent, \
    consent_at, consent_source, company, tax_id, tax_exempt, address, tags, loyalty_card, search_text";

/// Insert a new customer (`created_by`: the push mutation, if a till made it). False: the id is taken.
async fn insert<C: Conn>(
    conn: &mut C,
    id: &str,
    c: &Checked,
    now: DateTime<Utc>,
    created_by: Option<uuid::Uuid>,
) -> StoreResult<bool> {
    let text = format!(
        "INSERT INTO customers (id, {PERSON}, exemption, store_credit, loyalty_points, created_at, \
         updated_at, version, created_by_mutation, change_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         0, $21, $21, 1, $22, {{next_seq}}) ON CONFLICT (id) DO NOTHING"
    );
    let stmt = bind_person(sql(&text).bind(id), c)?
        .bind(Json::of(&shared::tax::TaxExemption::None)?)
        .bind(shared::Decimal::ZERO)
        .bind(now)
        .bind(created_by);
    Ok(write_change_count(conn, stmt).await? > 0)
}

/// Change a customer at `version` (one more after). False: the version moved on, or the customer ended.
async fn update<C: Conn>(
    conn: &mut C,
    id: &str,
    version: i64,
    c: &Checked,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // $3..$19 in `PERSON`'s order; a consent not given in the edit ($11, its time, NULL) keeps the stored one.
    let stmt = sql(
        "UPDATE customers SET name = $3, customer_group = $4, phone = $5, email = $6, phone_key = $7, \
         email_key = $8, note = $9, \
         marketing_consent = CASE WHEN $11 IS NULL THEN marketing_consent ELSE $10 END, \
         consent_at = CASE WHEN $11 IS NULL THEN consent_at ELSE $11 END, \
         consent_source = CASE WHEN $11 IS NULL THEN consent_source ELSE $12 END, \
         company = $13, tax_id = $14, tax_exempt = $15, address = $16, tags = $17, loyalty_card = $18, \
         search_text = $19, updated_at = $20, version = version + 1, change_seq = {next_seq} \
         WHERE id = $1 AND version = $2 AND erased_at IS NULL AND merged_into IS NULL",
    );
    let stmt = bind_person(stmt.bind(id).bind(version), c)?.bind(now);
    Ok(write_change_count(conn, stmt).await? > 0)
}

/// Whether `card` is another customer's loyalty card than `id`'s.
async fn card_taken<C: Conn>(conn: &mut C, card: Option<&str>, id: &str) -> StoreResult<bool> {
    let Some(card) = card else {
        return Ok(false);
    };
    let row = sql("SELECT id FROM customers WHERE loyalty_card = $1 AND id <> $2")
        .bind(card)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

fn card_refused(card: &str) -> StoreError {
    StoreError::Invalid(vec![shared::catalog::validate::FieldError::new(
        "loyalty_card",
        shared::catalog::validate::Problem::Taken(card.to_string()),
    )])
}

/// Why a till's save changed nothing (kept as an ingest flag; the push is accepted).
fn refusal(held: Option<&Held>, base_version: u64) -> Option<(&'static str, String)> {
    match (held, base_version) {
        (None, 0) => None,
        (None, v) => Some((
            "unknown_customer",
            format!("an edit of version {v} of a customer the server does not hold"),
        )),
        (Some(h), _) if h.ended => Some((
            "customer_ended",
            "the customer was erased or merged before this edit arrived".into(),
        )),
        (Some(_), 0) => Some((
            "customer_exists",
            "a new customer with an id the server already holds".into(),
        )),
        (Some(h), v) if i64::try_from(v).ok() != Some(h.version) => Some((
            "stale_customer_edit",
            format!(
                "an edit of version {v}; the server holds version {}",
                h.version
            ),
        )),
        _ => None,
    }
}

/// The customers a push's new mutations save, inside the push transaction, after its documents: a new one
/// inserted under the till's id, an edit applied at the version the till edited; anything else flagged
/// (`ingest_flags`) and left as stored. A replayed mutation is not new, so nothing is saved twice.
pub async fn record_pushed<C: Conn>(
    conn: &mut C,
    new: &[&PreparedMutation],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let saves: Vec<_> = new
        .iter()
        .filter_map(|m| match &m.document {
            Document::Customer(save) => Some((m.id, save)),
            _ => None,
        })
        .collect();
    if saves.is_empty() {
        return Ok(());
    }
    conn.lock_catalog().await?;
    for (mutation, save) in saves {
        // Checked when the push was prepared: a failure here refused the batch already.
        let mut checked = save.customer.check(None).map_err(StoreError::Invalid)?;
        let stored = held(conn, &save.id).await?;
        let mut card_flag = None;
        if card_taken(conn, checked.edit.loyalty_card.as_deref(), &save.id).await? {
            // Another customer's card: saved without it, and said.
            card_flag = checked.edit.loyalty_card.take();
        }
        let flag = match refusal(stored.as_ref(), save.base_version) {
            Some(flag) => Some(flag),
            None if stored.is_none() => {
                let fresh = insert(conn, &save.id, &checked, save.saved_at, Some(mutation)).await?;
                (!fresh).then(|| ("customer_exists", "the id was taken meanwhile".to_string()))
            }
            None => {
                let version = stored.as_ref().map_or(0, |h| h.version);
                let done = update(conn, &save.id, version, &checked, save.saved_at).await?;
                (!done).then(|| ("stale_customer_edit", "changed meanwhile".to_string()))
            }
        };
        // Said only when the save applied (a refused one changed nothing anyway).
        let card = card_flag.filter(|_| flag.is_none()).map(|card| {
            (
                "loyalty_card_taken",
                format!("the card {card} is another customer's; saved without it"),
            )
        });
        for (kind, detail) in flag.into_iter().chain(card) {
            sql(
                "INSERT INTO ingest_flags (mutation_id, kind, subject, detail, flagged_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(mutation)
            .bind(kind)
            .bind(save.id.as_str())
            .bind(detail)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

async fn one<C: Conn>(conn: &mut C, id: &str) -> StoreResult<Option<CustomerRecord>> {
    let text = format!("SELECT {COLUMNS} FROM customers WHERE id = $1");
    let row = sql(&text).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(from_row).transpose()
}

fn missing(id: &str) -> StoreError {
    StoreError::Missing {
        what: "customer",
        id: id.to_string(),
    }
}

/// One customer by id.
pub async fn get<D: Db>(pool: &Pool<D>, id: &str) -> StoreResult<Option<CustomerRecord>> {
    one(&mut *pool.acquire().await?, id).await
}

/// A customer made in the back office (or by the API) under `id`, audited.
pub async fn create<D: Db>(
    pool: &Pool<D>,
    id: &str,
    edit: &CustomerEdit,
    entry: &NewAudit,
) -> StoreResult<CustomerRecord> {
    let checked = edit.check(None).map_err(StoreError::Invalid)?;
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    if let Some(card) = checked.edit.loyalty_card.as_deref() {
        if card_taken(&mut *tx, Some(card), id).await? {
            return Err(card_refused(card));
        }
    }
    if !insert(&mut *tx, id, &checked, entry.at, None).await? {
        return Err(StoreError::Conflict("the customer id"));
    }
    let stored = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// A customer changed from `version` (409 when stale), audited.
pub async fn change<D: Db>(
    pool: &Pool<D>,
    id: &str,
    version: u64,
    edit: &CustomerEdit,
    entry: &NewAudit,
) -> StoreResult<CustomerRecord> {
    let checked = edit.check(None).map_err(StoreError::Invalid)?;
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let current = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
    if current.erased || current.merged_into.is_some() {
        return Err(StoreError::Conflict("an erased or merged customer"));
    }
    if let Some(card) = checked.edit.loyalty_card.as_deref() {
        if card_taken(&mut *tx, Some(card), id).await? {
            return Err(card_refused(card));
        }
    }
    let given = i64::try_from(version).unwrap_or(i64::MAX);
    if !update(&mut *tx, id, given, &checked, entry.at).await? {
        return Err(StoreError::StaleVersion {
            what: "customer",
            id: id.to_string(),
            current: i64::try_from(current.version).unwrap_or(i64::MAX),
            given,
        });
    }
    let stored = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Customers sharing a normalised phone or email (neither erased nor merged), at most `limit` groups.
pub async fn duplicates<D: Db>(pool: &Pool<D>, limit: u32) -> StoreResult<Vec<DuplicateGroup>> {
    let mut conn = pool.acquire().await?;
    let mut groups = Vec::new();
    for (by, column) in [("phone", "phone_key"), ("email", "email_key")] {
        let text = format!(
            "SELECT {column} AS k FROM customers WHERE {column} IS NOT NULL AND erased_at IS NULL \
             AND merged_into IS NULL GROUP BY {column} HAVING COUNT(*) > 1 ORDER BY {column} LIMIT $1"
        );
        let keys = sql(&text)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| row.text("k"))
            .collect::<StoreResult<Vec<String>>>()?;
        for key in keys {
            let text = format!(
                "SELECT {COLUMNS} FROM customers WHERE {column} = $1 AND erased_at IS NULL \
                 AND merged_into IS NULL ORDER BY id"
            );
            let rows = sql(&text).bind(key.as_str()).fetch_all(&mut *conn).await?;
            let customers = rows.iter().map(from_row).collect::<StoreResult<_>>()?;
            groups.push(DuplicateGroup {
                by: by.into(),
                key,
                customers,
            });
        }
    }
    Ok(groups)
}

/// Merge `from` into `into`: each duplicate gets `merged_into` (its sales stay as stored and count for
/// `into`), its balances move to `into`, and every row takes a change sequence value; audited.
pub async fn merge<D: Db>(
    pool: &Pool<D>,
    into: &str,
    from: &[String],
    entry: &NewAudit,
) -> StoreResult<CustomerRecord> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let target = one(&mut *tx, into).await?.ok_or_else(|| missing(into))?;
    if target.erased || target.merged_into.is_some() {
        return Err(StoreError::Conflict("an erased or merged customer"));
    }
    for id in from {
        if id == into {
            continue;
        }
        let dup = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
        if dup.erased || dup.merged_into.is_some() {
            return Err(StoreError::Conflict("an erased or merged customer"));
        }
        let points = i64::try_from(dup.loyalty_points).unwrap_or(i64::MAX);
        let moved = sql(
            "UPDATE customers SET store_credit = store_credit + $2, loyalty_points = loyalty_points + $3, \
             updated_at = $4, version = version + 1, change_seq = {next_seq} WHERE id = $1",
        )
        .bind(into)
        .bind(dup.store_credit)
        .bind(points)
        .bind(entry.at);
        write_change_count(&mut *tx, moved).await?;
        let merged = sql(
            "UPDATE customers SET merged_into = $2, store_credit = $3, loyalty_points = 0, updated_at = $4, \
             version = version + 1, change_seq = {next_seq} WHERE id = $1",
        )
        .bind(id.as_str())
        .bind(into)
        .bind(shared::Decimal::ZERO)
        .bind(entry.at);
        write_change_count(&mut *tx, merged).await?;
        // Customers merged into the duplicate before now count for the target too; each row takes its own
        // change sequence value, so one at a time.
        loop {
            let text = "SELECT id FROM customers WHERE merged_into = $1 LIMIT 1";
            let Some(row) = sql(text).bind(id.as_str()).fetch_optional(&mut *tx).await? else {
                break;
            };
            let child = row.text("id")?;
            let one_row =
                sql("UPDATE customers SET merged_into = $2, change_seq = {next_seq} WHERE id = $1")
                    .bind(child)
                    .bind(into);
            write_change_count(&mut *tx, one_row).await?;
        }
    }
    let stored = one(&mut *tx, into).await?.ok_or_else(|| missing(into))?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Erase a customer: every personal field blanked (name "Anonymised customer"), `erased_at` set, pulled as
/// `Change::CustomerErased`; the sales to them stay as stored. Audited; erasing twice changes nothing more.
pub async fn erase<D: Db>(
    pool: &Pool<D>,
    id: &str,
    entry: &NewAudit,
) -> StoreResult<CustomerRecord> {
    let mut tx = begin_write(pool).await?;
    tx.lock_catalog().await?;
    let current = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
    if !current.erased {
        let stmt = sql(
            "UPDATE customers SET name = $2, phone = NULL, email = NULL, phone_key = NULL, email_key = NULL, \
             note = '', marketing_consent = FALSE, consent_at = NULL, consent_source = NULL, company = NULL, \
             tax_id = NULL, address = NULL, tags = $3, loyalty_card = NULL, search_text = '', \
             erased_at = $4, updated_at = $4, version = version + 1, change_seq = {next_seq} WHERE id = $1",
        )
        .bind(id)
        .bind(ERASED_NAME)
        .bind(Json::of(&Vec::<String>::new())?)
        .bind(entry.at);
        write_change_count(&mut *tx, stmt).await?;
    }
    let stored = one(&mut *tx, id).await?.ok_or_else(|| missing(id))?;
    audit::insert(&mut *tx, entry).await?;
    tx.commit().await?;
    Ok(stored)
}

/// The ids whose sales count for `id`: itself and every customer merged into it.
pub async fn merged_ids<D: Db>(pool: &Pool<D>, id: &str) -> StoreResult<Vec<String>> {
    let rows = sql("SELECT id FROM customers WHERE id = $1 OR merged_into = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| r.text("id")).collect()
}

/// The back office's and the API's filters of the customer list (keyset pages by id).
#[derive(Clone, Debug, Default)]
pub struct CustomerSearch {
    /// Part of a name, company, email or card, or a phone number in any form.
    pub q: Option<String>,
    /// Only customers changed at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only customers whose marketing consent is given (true) or not (false).
    pub marketing_consent: Option<bool>,
    pub after: Option<String>,
}

/// One page of the customers `q` finds, by id, and the id to ask the next page after.
pub async fn search<D: Db>(
    pool: &Pool<D>,
    q: &CustomerSearch,
    limit: u32,
) -> StoreResult<(Vec<CustomerRecord>, Option<String>)> {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value<'static>> = Vec::new();
    let mut param = |v: Value<'static>| {
        values.push(v);
        format!("${}", values.len())
    };
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let like = param(Value::Text(Some(
            super::products::like_pattern(text).into(),
        )));
        match shared::customer::normalise_phone(text, None) {
            Ok(phone) => {
                let phone = param(Value::Text(Some(phone.into())));
                clauses.push(format!(
                    "(search_text LIKE {like} ESCAPE '\\' OR phone_key = {phone})"
                ));
            }
            Err(_) => clauses.push(format!("search_text LIKE {like} ESCAPE '\\'")),
        }
    }
    if let Some(t) = q.updated_since {
        let n = param(Value::Time(Some(t)));
        clauses.push(format!("updated_at >= {n}"));
    }
    if let Some(given) = q.marketing_consent {
        let n = param(Value::Bool(Some(given)));
        clauses.push(format!("marketing_consent = {n}"));
    }
    if let Some(after) = q.after.clone() {
        let n = param(Value::Text(Some(super::sql::text_key::<D>(after).into())));
        clauses.push(format!("id > {n}"));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let query = format!(
        "SELECT {COLUMNS} FROM customers {filter} ORDER BY id LIMIT {}",
        i64::from(limit) + 1
    );
    let rows = sql(&query).bind_all(values).fetch_all(pool).await?;
    let mut found = rows.iter().map(from_row).collect::<StoreResult<Vec<_>>>()?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next = if found.len() > limit {
        found.truncate(limit);
        found.last().map(|c| c.id.clone())
    } else {
        None
    };
    Ok((found, next))
}

/// The sales of customer `$1` and of those merged into it.
const THEIR_SALES: &str =
    "(s.customer_id = $1 OR s.customer_id IN (SELECT id FROM customers WHERE merged_into = $1))";

/// Lifetime spend (sales minus refunds, summed exactly in Rust), visits, the last purchases and the
/// favourite items of customer `id`, across stores.
pub async fn summary<D: Db>(
    pool: &Pool<D>,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<CustomerSummary> {
    let mut conn = pool.acquire().await?;
    let text = format!(
        "SELECT s.id, s.receipt_no, s.created_at, s.total FROM sales s WHERE {THEIR_SALES}          ORDER BY s.created_at DESC, s.id DESC"
    );
    let rows = sql(&text).bind(id).fetch_all(&mut *conn).await?;
    let mut out = CustomerSummary {
        customer_id: id.to_string(),
        as_of: now,
        ..CustomerSummary::default()
    };
    for (i, row) in rows.iter().enumerate() {
        let total = row.decimal("total")?;
        out.lifetime_spend += total;
        out.visits += 1;
        if i < 5 {
            out.last_purchases.push(Purchase {
                sale_id: row.uuid("id")?,
                receipt_no: row.text("receipt_no")?,
                created_at: row.time("created_at")?,
                total,
            });
        }
    }
    let text = format!(
        "SELECT r.total FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE {THEIR_SALES}"
    );
    for row in sql(&text).bind(id).fetch_all(&mut *conn).await? {
        out.lifetime_spend -= row.decimal("total")?;
    }
    let text = format!(
        "SELECT l.product_id, l.name, l.sale_id FROM sale_lines l JOIN sales s ON s.id = l.sale_id          WHERE {THEIR_SALES}"
    );
    let mut counted: std::collections::HashMap<
        String,
        (String, std::collections::HashSet<String>),
    > = std::collections::HashMap::new();
    for row in sql(&text).bind(id).fetch_all(&mut *conn).await? {
        let entry = counted
            .entry(row.text("product_id")?)
            .or_insert_with(|| (String::new(), Default::default()));
        entry.0 = row.text("name")?;
        entry.1.insert(row.uuid("sale_id")?.to_string());
    }
    let mut items: Vec<FavouriteItem> = counted
        .into_iter()
        .map(|(product_id, (name, sales))| FavouriteItem {
            product_id,
            name,
            times: sales.len() as u64,
        })
        .collect();
    items.sort_by(|a, b| {
        b.times
            .cmp(&a.times)
            .then_with(|| a.product_id.cmp(&b.product_id))
    });
    items.truncate(5);
    out.favourite_items = items;
    Ok(out)
}

/// Everything held about customer `id` (see [`CustomerExport`]).
pub async fn export<D: Db>(
    pool: &Pool<D>,
    id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<CustomerExport>> {
    let mut conn = pool.acquire().await?;
    let Some(customer) = one(&mut *conn, id).await? else {
        return Ok(None);
    };
    let text = format!("SELECT {COLUMNS} FROM customers WHERE merged_into = $1 ORDER BY id");
    let merged = sql(&text)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let text =
        format!("SELECT s.body FROM sales s WHERE {THEIR_SALES} ORDER BY s.created_at, s.id");
    let sales = sql(&text)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| super::legacy::parse_sale(&r.json_text("body")?))
        .collect::<StoreResult<Vec<_>>>()?;
    let text = format!(
        "SELECT r.body FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE {THEIR_SALES}          ORDER BY r.created_at, r.id"
    );
    let refunds = sql(&text)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.json::<shared::document::Refund>("body"))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some(CustomerExport {
        customer,
        merged,
        sales,
        refunds,
        exported_at: now,
    }))
}

/// Customers as the API needs them (implemented once for every backend).
pub trait CustomersStore: Send + Sync {
    /// [`get`].
    fn customer<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<CustomerRecord>>;
    /// [`create`].
    fn create_customer<'a>(
        &'a self,
        id: &'a str,
        edit: &'a CustomerEdit,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord>;
    /// [`change`].
    fn change_customer<'a>(
        &'a self,
        id: &'a str,
        version: u64,
        edit: &'a CustomerEdit,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord>;
    /// [`duplicates`].
    fn duplicate_customers(&self, limit: u32) -> StoreFuture<'_, Vec<DuplicateGroup>>;
    /// [`merge`].
    fn merge_customers<'a>(
        &'a self,
        into: &'a str,
        from: &'a [String],
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord>;
    /// [`erase`].
    fn erase_customer<'a>(
        &'a self,
        id: &'a str,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord>;
    /// [`merged_ids`].
    fn customer_ids<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Vec<String>>;
    /// [`search`].
    fn search_customers<'a>(
        &'a self,
        q: &'a CustomerSearch,
        limit: u32,
    ) -> StoreFuture<'a, (Vec<CustomerRecord>, Option<String>)>;
    /// [`summary`].
    fn customer_summary<'a>(
        &'a self,
        id: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, CustomerSummary>;
    /// [`export`].
    fn export_customer<'a>(
        &'a self,
        id: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<CustomerExport>>;
}

impl<B: Backend> CustomersStore for B {
    fn customer<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<CustomerRecord>> {
        Box::pin(get(self.pool(), id))
    }

    fn create_customer<'a>(
        &'a self,
        id: &'a str,
        edit: &'a CustomerEdit,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord> {
        Box::pin(create(self.pool(), id, edit, entry))
    }

    fn change_customer<'a>(
        &'a self,
        id: &'a str,
        version: u64,
        edit: &'a CustomerEdit,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord> {
        Box::pin(change(self.pool(), id, version, edit, entry))
    }

    fn duplicate_customers(&self, limit: u32) -> StoreFuture<'_, Vec<DuplicateGroup>> {
        Box::pin(duplicates(self.pool(), limit))
    }

    fn merge_customers<'a>(
        &'a self,
        into: &'a str,
        from: &'a [String],
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord> {
        Box::pin(merge(self.pool(), into, from, entry))
    }

    fn erase_customer<'a>(
        &'a self,
        id: &'a str,
        entry: &'a NewAudit,
    ) -> StoreFuture<'a, CustomerRecord> {
        Box::pin(erase(self.pool(), id, entry))
    }

    fn customer_ids<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Vec<String>> {
        Box::pin(merged_ids(self.pool(), id))
    }

    fn search_customers<'a>(
        &'a self,
        q: &'a CustomerSearch,
        limit: u32,
    ) -> StoreFuture<'a, (Vec<CustomerRecord>, Option<String>)> {
        Box::pin(search(self.pool(), q, limit))
    }

    fn customer_summary<'a>(
        &'a self,
        id: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, CustomerSummary> {
        Box::pin(summary(self.pool(), id, now))
    }

    fn export_customer<'a>(
        &'a self,
        id: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<CustomerExport>> {
        Box::pin(export(self.pool(), id, now))
    }
}
