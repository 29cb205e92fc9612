//! Checks across rows and against the database: SKUs and barcodes given twice in the file (the catalog's
//! `unique_keys` rule) or already held by another item, and references to categories, tax rates and modifier
//! groups that do not exist.

use super::columns::Column;
use super::existing::Existing;
use super::report::{codes, Problems};
use super::rows::{report, Item};
use shared::catalog::validate;
use shared::catalog::Product;
use std::collections::{HashMap, HashSet};

/// Check `items` together and against `existing`. An existing SKU is a problem unless `update_existing`
/// (then the row replaces that item).
pub fn check(items: &[Item], existing: &Existing, update_existing: bool, problems: &mut Problems) {
    let products: Vec<Product> = items.iter().map(|i| i.product.clone()).collect();
    if let Err(errors) = validate::unique_keys("items", &products) {
        let first_row = first_rows(items);
        for e in errors {
            let Some(at) = e
                .field
                .strip_prefix("items[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| items.get(n))
            else {
                continue;
            };
            if let validate::Problem::Duplicate(key) = &e.problem {
                let column = super::rows::column_of(&e.field).unwrap_or(Column::Sku);
                let code = if column == Column::Barcodes {
                    codes::DUPLICATE_BARCODE
                } else {
                    codes::DUPLICATE_SKU
                };
                let first = first_row.get(key.as_str()).copied().unwrap_or(at.row);
                problems.add(
                    at.row,
                    Some(column.name()),
                    code,
                    format!("`{key}` is given twice: also on row {first}"),
                );
                continue;
            }
            report(at.row, &e, problems);
        }
    }
    let in_file: HashSet<&str> = items.iter().map(|i| i.product.sku.as_str()).collect();
    for item in items {
        references(item, existing, problems);
        let p = &item.product;
        if !update_existing && existing.products.contains_key(&p.sku) {
            problems.add(
                item.row,
                Some(Column::Sku.name()),
                codes::SKU_EXISTS,
                format!(
                    "`{}` is already in the catalog (import with \"update existing\" to replace it)",
                    p.sku
                ),
            );
        }
        for code in p.barcodes() {
            match existing.barcodes.get(code) {
                // Held by this item, or by one this file rewrites (the file's own duplicates are found above).
                Some(owner) if owner == &p.sku || in_file.contains(owner.as_str()) => {}
                Some(owner) => problems.add(
                    item.row,
                    Some(Column::Barcodes.name()),
                    codes::BARCODE_TAKEN,
                    format!("`{code}` already belongs to the item `{owner}` in the catalog"),
                ),
                None => {}
            }
        }
    }
}

/// The first row of each SKU and barcode in the file.
fn first_rows(items: &[Item]) -> HashMap<&str, u64> {
    let mut first = HashMap::new();
    for item in items {
        first.entry(item.product.sku.as_str()).or_insert(item.row);
        for code in item.product.barcodes() {
            first.entry(code).or_insert(item.row);
        }
    }
    first
}

fn references(item: &Item, existing: &Existing, problems: &mut Problems) {
    let p = &item.product;
    let mut unknown = |known: bool, column: Column, code: &str, what: &str, id: &str| {
        if !known && !id.is_empty() {
            problems.add(
                item.row,
                Some(column.name()),
                code,
                format!("there is no {what} `{id}`"),
            );
        }
    };
    unknown(
        existing.categories.contains(&p.category_id),
        Column::Category,
        codes::UNKNOWN_CATEGORY,
        "category",
        &p.category_id,
    );
    unknown(
        existing.tax_rates.contains(&p.tax_rate_id),
        Column::TaxRate,
        codes::UNKNOWN_TAX_RATE,
        "tax rate",
        &p.tax_rate_id,
    );
    for id in &p.modifier_group_ids {
        unknown(
            existing.modifier_groups.contains(id),
            Column::ModifierGroups,
            codes::UNKNOWN_MODIFIER_GROUP,
            "modifier group",
            id,
        );
    }
}
