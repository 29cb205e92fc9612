//! The one shape of a catalog row write: `INSERT … ON CONFLICT (key) DO UPDATE SET` every other column, with
//! the next change sequence value, so terminals pull it. Every catalog table (settings, policy, tax rates,
//! categories, products and their groups, modifier groups, price lists, promotions, customers, coupons, gift
//! cards) is written through it; what varies is said with the builder: a version bumped on update, an update
//! only when the stored version is the expected one, or an insert that leaves an existing row alone.

use super::sql::{sql, write_change_count, Bind, Conn, Value};
use super::StoreResult;

/// A row to write into `table`, keyed by its first column.
pub struct Upsert<'q> {
    table: &'static str,
    columns: Vec<&'static str>,
    values: Vec<Value<'q>>,
    /// A version column: 1 when inserted, one more on every update.
    version: Option<&'static str>,
    /// Update only a row whose version is this one.
    expected: Option<i64>,
    /// Leave an existing row as it is.
    insert_only: bool,
}

impl<'q> Upsert<'q> {
    /// A row of `table` whose key column is `key` with value `id`.
    pub fn new(table: &'static str, key: &'static str, id: impl Bind<'q>) -> Self {
        Upsert {
            table,
            columns: vec![key],
            values: vec![id.into_value()],
            version: None,
            expected: None,
            insert_only: false,
        }
    }

    /// One more column and its value.
    pub fn col(mut self, column: &'static str, value: impl Bind<'q>) -> Self {
        self.columns.push(column);
        self.values.push(value.into_value());
        self
    }

    /// `column` counts versions: 1 on insert, the stored one plus one on update.
    pub fn versioned(mut self, column: &'static str) -> Self {
        self.version = Some(column);
        self
    }

    /// Update only when the stored version is `version` (optimistic locking); a stale one writes nothing.
    pub fn if_version(mut self, version: i64) -> Self {
        self.expected = Some(version);
        self
    }

    /// Insert only: an existing row with the key is left alone (and nothing is written).
    pub fn insert_only(mut self) -> Self {
        self.insert_only = true;
        self
    }

    /// The statement's SQL.
    fn text(&self) -> String {
        let table = self.table;
        let mut columns = self.columns.clone();
        let mut values: Vec<String> = (1..=self.columns.len()).map(|n| format!("${n}")).collect();
        if let Some(version) = self.version {
            columns.push(version);
            values.push("1".into());
        }
        columns.push("change_seq");
        values.push("{next_seq}".into());
        let key = self.columns[0];
        let head = format!(
            "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({key}) DO",
            columns.join(", "),
            values.join(", ")
        );
        if self.insert_only {
            return format!("{head} NOTHING");
        }
        let mut set: Vec<String> = (self.columns[1..].iter())
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        if let Some(version) = self.version {
            set.push(format!("{version} = {table}.{version} + 1"));
        }
        set.push("change_seq = excluded.change_seq".into());
        let condition = match (self.version, self.expected) {
            (Some(version), Some(_)) => {
                format!(" WHERE {table}.{version} = ${}", self.columns.len() + 1)
            }
            _ => String::new(),
        };
        format!("{head} UPDATE SET {}{condition}", set.join(", "))
    }

    /// Write it, taking one change sequence value; answers whether a row was written (false: the version was
    /// stale, or the row existed for an insert only).
    pub async fn write<C: Conn>(self, conn: &mut C) -> StoreResult<bool> {
        let text = self.text();
        let mut stmt = sql(&text).bind_all(self.values);
        if let (Some(_), Some(expected)) = (self.version, self.expected) {
            stmt = stmt.bind(expected);
        }
        Ok(write_change_count(conn, stmt).await? > 0)
    }
    /// The statement's SQL for `rows` rows of this shape: [`Upsert::text`]'s, with one tuple of values per row,
    /// each with its change sequence value bound after its own values (see [`write_many`]).
    fn text_many(&self, rows: usize) -> String {
        let width = self.columns.len() + 1;
        let tuples: Vec<String> = (0..rows)
            .map(|r| {
                let mut values: Vec<String> =
                    (1..width).map(|n| format!("${}", r * width + n)).collect();
                if self.version.is_some() {
                    values.push("1".into());
                }
                values.push(format!("${}", r * width + width));
                format!("({})", values.join(", "))
            })
            .collect();
        let one = self.text();
        let (head, rest) = one.split_once(" VALUES (").unwrap_or((&one, ""));
        let tail = rest.split_once(") ON CONFLICT").map_or("", |(_, t)| t);
        format!("{head} VALUES {} ON CONFLICT{tail}", tuples.join(", "))
    }
}

/// Write many rows of one shape (one table, the same columns; no version check) in one statement, each taking
/// its own change sequence value, in order.
pub async fn write_many<C: Conn>(conn: &mut C, rows: Vec<Upsert<'_>>) -> StoreResult<()> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let text = first.text_many(rows.len());
    let seqs = conn.take_seqs(rows.len() as u64).await?;
    let mut stmt = sql(&text);
    for (row, seq) in rows.into_iter().zip(seqs) {
        stmt = stmt.bind_all(row.values).bind(seq);
    }
    stmt.execute(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shapes() {
        let plain = Upsert::new("categories", "id", "c")
            .col("name", "C")
            .col("position", 1);
        assert_eq!(
            plain.text(),
            "INSERT INTO categories (id, name, position, change_seq) VALUES ($1, $2, $3, {next_seq}) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, \
             change_seq = excluded.change_seq"
        );
        let versioned = Upsert::new("products", "id", "p")
            .col("name", "P")
            .versioned("version");
        assert_eq!(
            versioned.if_version(4).text(),
            "INSERT INTO products (id, name, version, change_seq) VALUES ($1, $2, 1, {next_seq}) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = products.version + 1, \
             change_seq = excluded.change_seq WHERE products.version = $3"
        );
        let new = Upsert::new("products", "id", "p")
            .versioned("version")
            .insert_only();
        assert_eq!(
            new.text(),
            "INSERT INTO products (id, version, change_seq) VALUES ($1, 1, {next_seq}) ON CONFLICT (id) DO NOTHING"
        );
    }

    #[test]
    fn many_rows_bind_their_own_sequence_values() {
        let row = |id| {
            Upsert::new("categories", "id", id)
                .col("name", "C")
                .versioned("version")
        };
        let first = row("a");
        assert_eq!(
            first.text_many(2),
            "INSERT INTO categories (id, name, version, change_seq) VALUES ($1, $2, 1, $3), ($4, $5, 1, $6) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = categories.version + 1, \
             change_seq = excluded.change_seq"
        );
    }
}
