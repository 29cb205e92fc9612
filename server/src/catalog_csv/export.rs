//! Export: every item of the catalog as one row, in the columns an import reads, variants of a group next to
//! each other; what an import of the file gives back is the same catalog.

use super::cells::{self, LIST_SEPARATOR};
use super::columns::Column;
use super::number::{format_decimal, DecimalSeparator};
use shared::catalog::{Product, ProductGroup};
use shared::sync::Change;
use std::collections::HashMap;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the CSV: {0}")]
    Io(#[from] std::io::Error),
}

/// The items and groups of a pull from 0, ordered for the file: by group (or SKU, for a plain item), then SKU.
pub fn from_changes(changes: Vec<Change>) -> (Vec<Product>, HashMap<String, ProductGroup>) {
    let mut products = Vec::new();
    let mut groups = HashMap::new();
    for change in changes {
        match change {
            Change::Product(p) => products.push(p),
            Change::ProductGroup(g) => {
                groups.insert(g.id.clone(), g);
            }
            _ => {}
        }
    }
    products.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    (products, groups)
}

fn sort_key(p: &Product) -> (&str, &str) {
    let group = p
        .variant
        .as_ref()
        .map_or(p.sku.as_str(), |v| v.group_id.as_str());
    (group, p.sku.as_str())
}

/// Write `products` as CSV into `out`, numbers with `sep`, cells separated by `delimiter`.
pub fn write(
    out: impl std::io::Write,
    products: &[Product],
    groups: &HashMap<String, ProductGroup>,
    sep: DecimalSeparator,
    delimiter: u8,
) -> Result<(), ExportError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    w.write_record(Column::ALL.map(Column::name))?;
    for p in products {
        w.write_record(Column::ALL.map(|c| cell(p, groups, c, sep)))?;
    }
    w.flush()?;
    Ok(())
}

fn joined<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(&LIST_SEPARATOR.to_string())
}

fn cell(
    p: &Product,
    groups: &HashMap<String, ProductGroup>,
    c: Column,
    sep: DecimalSeparator,
) -> String {
    let variant = p.variant.as_ref();
    // The variant's option in the slot of an option column.
    let option = |c: Column| {
        let slot = Column::OPTIONS.iter().position(|&(n, v)| n == c || v == c);
        variant.zip(slot).and_then(|(v, slot)| v.options.get(slot))
    };
    match c {
        Column::Sku => p.sku.clone(),
        Column::Name => p.name.clone(),
        Column::Group => variant.map(|v| v.group_id.clone()).unwrap_or_default(),
        Column::GroupName => variant
            .and_then(|v| groups.get(&v.group_id))
            .map(|g| g.name.clone())
            .unwrap_or_default(),
        Column::Option1Name
        | Column::Option2Name
        | Column::Option3Name
        | Column::Option4Name
        | Column::Option5Name => option(c).map(|o| o.name.clone()).unwrap_or_default(),
        Column::Option1Value
        | Column::Option2Value
        | Column::Option3Value
        | Column::Option4Value
        | Column::Option5Value => option(c).map(|o| o.value.clone()).unwrap_or_default(),
        Column::Barcodes => joined(p.barcodes()),
        Column::Category => p.category_id.clone(),
        Column::TaxRate => p.tax_rate_id.clone(),
        Column::Unit => cells::unit_text(p.unit).to_owned(),
        Column::Price => format_decimal(p.price, sep),
        Column::Cost => p.cost.map(|c| format_decimal(c, sep)).unwrap_or_default(),
        Column::Tracking => cells::tracking_text(p.tracking).to_owned(),
        Column::ModifierGroups => joined(p.modifier_group_ids.iter().map(String::as_str)),
        Column::Image => p.image.clone().unwrap_or_default(),
        Column::Active => p.active.to_string(),
    }
}
