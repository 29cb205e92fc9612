//! The whole file checked before anything is written: read, every row checked on its own, the groups
//! settled, then the rows checked together and against the database. What may be written is the good rows
//! (all of them, or none when the header itself is bad).

use super::existing::Existing;
use super::number::DecimalSeparator;
use super::report::Problems;
use super::rows::{check_item, read_item, Item};
use super::{against, groups, read};
use crate::store::CatalogWrite;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// How a file is read and what is done with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    pub decimal_separator: DecimalSeparator,
    /// Between cells: `,` (default), `;` or a tab.
    pub delimiter: u8,
    /// Check only; write nothing.
    pub dry_run: bool,
    /// Write the good rows even when some are bad.
    pub only_good_rows: bool,
    /// A row whose SKU is in the catalog replaces that item (otherwise it is a problem).
    pub update_existing: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            decimal_separator: DecimalSeparator::Dot,
            delimiter: b',',
            dry_run: false,
            only_good_rows: false,
            update_existing: false,
        }
    }
}

/// A checked file.
pub struct Checked {
    pub problems: Problems,
    /// Data rows in the file (readable or not).
    pub total_rows: u64,
    /// The good rows' items and their groups, ready to write.
    pub write: CatalogWrite,
}

impl Checked {
    /// Data rows with a problem.
    pub fn bad_rows(&self) -> u64 {
        self.problems.bad_data_rows()
    }
}

/// How often the count of checked rows is published.
const PUBLISH_EVERY: u64 = 1000;

/// How far a check is, for a progress bar: data rows in the file (known once it is read) and rows checked.
pub struct Counters<'a> {
    pub total: &'a AtomicU64,
    pub validated: &'a AtomicU64,
}

/// Check `bytes` against `existing`, counting in `counters` as it goes.
pub fn check_file(
    bytes: &[u8],
    options: &ImportOptions,
    existing: &Existing,
    counters: Counters<'_>,
) -> Checked {
    let mut problems = Problems::default();
    let Some(sheet) = read::read(bytes, options.delimiter, &mut problems) else {
        return Checked {
            problems,
            total_rows: 0,
            write: CatalogWrite::default(),
        };
    };
    let last_row = sheet.rows.last().map_or(1, |(row, _)| *row);
    let last_problem = problems.list().iter().map(|p| p.row).max().unwrap_or(1);
    let total_rows = last_row.max(last_problem) - 1;
    counters.total.store(total_rows, Ordering::Relaxed);
    let mut items: Vec<Item> = Vec::with_capacity(sheet.rows.len());
    for (row, record) in &sheet.rows {
        let sep = options.decimal_separator;
        if let Some(mut item) = read_item(&sheet.header, *row, record, sep, &mut problems) {
            item.product.id = existing
                .products
                .get(&item.product.sku)
                .map_or_else(|| Uuid::now_v7().to_string(), |e| e.id.clone());
            items.push(item);
        }
    }
    let groups = groups::settle(&mut items, &mut problems);
    for (n, item) in items.iter().enumerate() {
        check_item(item, existing.scale, &mut problems);
        if (n as u64 + 1).is_multiple_of(PUBLISH_EVERY) {
            counters.validated.store(n as u64 + 1, Ordering::Relaxed);
        }
    }
    against::check(&items, existing, options.update_existing, &mut problems);
    counters.validated.store(total_rows, Ordering::Relaxed);
    let write = if problems.file_is_bad() {
        CatalogWrite::default()
    } else {
        good_write(items, groups, &problems)
    };
    Checked {
        problems,
        total_rows,
        write,
    }
}

/// The good items and the groups they belong to.
fn good_write(
    items: Vec<Item>,
    groups: Vec<shared::catalog::ProductGroup>,
    problems: &Problems,
) -> CatalogWrite {
    let products: Vec<_> = items
        .into_iter()
        .filter(|i| !problems.is_bad(i.row))
        .map(|i| i.product)
        .collect();
    let used: HashSet<&str> = products
        .iter()
        .filter_map(|p| p.variant.as_ref().map(|v| v.group_id.as_str()))
        .collect();
    let product_groups = groups
        .into_iter()
        .filter(|g| used.contains(g.id.as_str()))
        .collect();
    CatalogWrite {
        product_groups,
        products,
        ..CatalogWrite::default()
    }
}
