//! A generated products file of any size, good in every row against the demo catalog (its categories and tax
//! rates): plain items and groups of six variants (size × colour), each with valid EAN-13s. The benchmark
//! (`cargo xtask bench-import`) and the tests import it.

use super::columns::Column;
use super::export::{self, ExportError};
use super::number::DecimalSeparator;
use crate::seed::{demo_categories, demo_tax_rates};
use rust_decimal::Decimal;
use shared::barcode::ean13_from_body;
use shared::catalog::{OptionValue, Product, ProductGroup, Tracking, VariantOf};
use shared::unit::Unit;
use std::collections::HashMap;

const SIZES: [&str; 3] = ["S", "M", "L"];
const COLOURS: [&str; 2] = ["Red", "Blue"];

/// `rows` items (and the groups their variants belong to), SKUs starting with `prefix`.
pub fn items(rows: usize, prefix: &str) -> (Vec<Product>, HashMap<String, ProductGroup>) {
    let categories: Vec<String> = demo_categories().into_iter().map(|c| c.id).collect();
    let taxes: Vec<String> = demo_tax_rates().into_iter().map(|t| t.id).collect();
    let mut products = Vec::with_capacity(rows);
    let mut groups = HashMap::new();
    let mut n = 0usize;
    while products.len() < rows {
        let category = categories[n % categories.len()].clone();
        let base = Product {
            category_id: category.clone(),
            tax_rate_id: taxes[n % taxes.len()].clone(),
            active: !n.is_multiple_of(17),
            version: 1,
            ..Product::default()
        };
        // Every fourth entry is a group of six variants; the others are plain items.
        if n % 4 == 3 {
            let id = format!("{prefix}-G{n:06}");
            let group = ProductGroup {
                id: id.clone(),
                name: format!("Shirt {n}"),
                category_id: category,
                option_names: vec!["Size".into(), "Colour".into()],
                active: true,
                version: 1,
            };
            for (i, (size, colour)) in SIZES
                .iter()
                .flat_map(|s| COLOURS.iter().map(move |c| (s, c)))
                .enumerate()
            {
                if products.len() == rows {
                    break;
                }
                let k = products.len();
                products.push(Product {
                    sku: format!("{prefix}-{k:07}"),
                    name: format!("Shirt {n} {size} {colour}"),
                    barcode: ean13_from_body(&format!("20{k:010}")),
                    price: Decimal::new(1990 + (i as i64) * 100, 2),
                    cost: Some(Decimal::new(7_1234, 4)),
                    variant: Some(VariantOf {
                        group_id: id.clone(),
                        options: vec![
                            OptionValue::new("Size", size),
                            OptionValue::new("Colour", colour),
                        ],
                    }),
                    ..base.clone()
                });
            }
            groups.insert(id, group);
        } else {
            let k = products.len();
            let weighed = n % 10 == 5;
            products.push(Product {
                sku: format!("{prefix}-{k:07}"),
                name: format!("Item {k}"),
                barcode: ean13_from_body(&format!("20{k:010}")),
                more_barcodes: if n.is_multiple_of(3) {
                    ean13_from_body(&format!("21{k:010}")).into_iter().collect()
                } else {
                    Vec::new()
                },
                price: Decimal::new(99 + (k as i64 % 5000), 2),
                unit: if weighed { Unit::Kilogram } else { Unit::Each },
                tracking: if n % 50 == 1 {
                    Tracking::LotExpiry
                } else {
                    Tracking::None
                },
                ..base
            });
        }
        n += 1;
    }
    (products, groups)
}

/// The file of [`items`], numbers written with `sep`, cells separated by `delimiter`.
pub fn csv(
    rows: usize,
    prefix: &str,
    sep: DecimalSeparator,
    delimiter: u8,
) -> Result<Vec<u8>, ExportError> {
    let (products, groups) = items(rows, prefix);
    let mut out = Vec::with_capacity(rows * 160);
    export::write(&mut out, &products, &groups, sep, delimiter)?;
    Ok(out)
}

/// The header of a products file with every column, `delimiter`-separated.
pub fn header(delimiter: u8) -> String {
    Column::ALL
        .map(Column::name)
        .join(&char::from(delimiter).to_string())
}
