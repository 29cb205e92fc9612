//! The problems found in a file: each with its row (1 is the header), column, stable code and reason, and which
//! rows are bad.

use shared::import::RowProblem;
use std::collections::BTreeSet;

/// The codes a problem may have.
pub mod codes {
    pub const UNKNOWN_COLUMN: &str = "unknown_column";
    pub const DUPLICATE_COLUMN: &str = "duplicate_column";
    pub const MISSING_COLUMN: &str = "missing_column";
    /// Not CSV (bad quoting, a row with another number of cells, not UTF-8) or no header.
    pub const MALFORMED: &str = "malformed_csv";
    pub const EMPTY_FILE: &str = "empty_file";
    pub const MISSING_VALUE: &str = "missing_value";
    pub const INVALID_VALUE: &str = "invalid_value";
    pub const DUPLICATE_SKU: &str = "duplicate_sku";
    pub const DUPLICATE_BARCODE: &str = "duplicate_barcode";
    pub const SKU_EXISTS: &str = "sku_exists";
    pub const BARCODE_TAKEN: &str = "barcode_taken";
    pub const UNKNOWN_CATEGORY: &str = "unknown_category";
    pub const UNKNOWN_TAX_RATE: &str = "unknown_tax_rate";
    pub const UNKNOWN_MODIFIER_GROUP: &str = "unknown_modifier_group";
    pub const INCONSISTENT_GROUP: &str = "inconsistent_group";
    pub const DUPLICATE_VARIANT: &str = "duplicate_variant";
}

/// Problems in the order they were found, and the set of rows that have any.
#[derive(Clone, Debug, Default)]
pub struct Problems {
    list: Vec<RowProblem>,
    bad_rows: BTreeSet<u64>,
}

impl Problems {
    pub fn add(&mut self, row: u64, column: Option<&str>, code: &str, message: impl Into<String>) {
        self.bad_rows.insert(row);
        self.list.push(RowProblem {
            row,
            column: column.map(str::to_owned),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    pub fn list(&self) -> &[RowProblem] {
        &self.list
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Whether `row` has a problem.
    pub fn is_bad(&self, row: u64) -> bool {
        self.bad_rows.contains(&row)
    }

    /// Whether the header (or the file as a whole) has a problem: then no row can be trusted.
    pub fn file_is_bad(&self) -> bool {
        self.bad_rows.contains(&1)
    }

    /// Data rows with a problem (the header not counted).
    pub fn bad_data_rows(&self) -> u64 {
        self.bad_rows.iter().filter(|&&r| r > 1).count() as u64
    }

    /// The list in row order (stable: a row's problems keep the order they were found in).
    pub fn into_sorted(mut self) -> Vec<RowProblem> {
        self.list.sort_by_key(|p| p.row);
        self.list
    }
}

/// The problems as lines for a terminal: `row 7, price: negative_price: …`.
pub fn lines(problems: &[RowProblem]) -> impl Iterator<Item = String> + '_ {
    problems.iter().map(|p| match &p.column {
        Some(c) => format!("row {}, {c}: {} ({})", p.row, p.message, p.code),
        None => format!("row {}: {} ({})", p.row, p.message, p.code),
    })
}
