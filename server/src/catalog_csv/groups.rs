//! Rows with the same `group` are the variants of one product group: the group's name and option names come
//! from its rows (given on every row alike, or on the first only), each row's option values become its
//! variant, and the catalog's group and variant rules are applied.

use super::columns::{Column, OPTION_SLOTS};
use super::report::{codes, Problems};
use super::rows::{report, variant_of, Item};
use shared::catalog::validate;
use shared::catalog::{Product, ProductGroup};
use std::collections::BTreeMap;

/// Settle the groups of `items` (the rows read well): each variant row gets its `variant`, and the groups
/// are returned in order of their first row. Problems of a group as a whole go to its first row.
pub fn settle(items: &mut [Item], problems: &mut Problems) -> Vec<ProductGroup> {
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(g) = &item.group {
            let rows = members.entry(g.id.clone()).or_default();
            if rows.is_empty() {
                order.push(g.id.clone());
            }
            rows.push(i);
        }
    }
    let mut groups = Vec::with_capacity(order.len());
    for id in order {
        let rows = &members[&id];
        let group = group_of(&id, rows, items, problems);
        for &i in rows {
            if let Some(cells) = &items[i].group {
                let variant = variant_of(cells, &group.option_names);
                items[i].product.variant = Some(variant);
            }
        }
        check_group(&group, rows, items, problems);
        groups.push(group);
    }
    groups
}

/// The group as its rows describe it; a row that names it differently is a problem of that row.
fn group_of(id: &str, rows: &[usize], items: &[Item], problems: &mut Problems) -> ProductGroup {
    let first = &items[rows[0]];
    let mut name = String::new();
    let mut option_names: [String; OPTION_SLOTS] = Default::default();
    for &i in rows {
        let Some(cells) = &items[i].group else {
            continue;
        };
        let mut agree = |settled: &mut String, given: &str, column: Column| {
            if given.is_empty() {
            } else if settled.is_empty() {
                *settled = given.to_owned();
            } else if settled != given {
                problems.add(
                    items[i].row,
                    Some(column.name()),
                    codes::INCONSISTENT_GROUP,
                    format!("the group `{id}` already has `{settled}` here (on an earlier row), not `{given}`"),
                );
            }
        };
        agree(&mut name, &cells.name, Column::GroupName);
        for (slot, (column, _)) in Column::OPTIONS.iter().enumerate() {
            agree(&mut option_names[slot], &cells.option_names[slot], *column);
        }
    }
    // Options are numbered from 1 without gaps: a value in a slot without a name is a problem of its row.
    let named = option_names.iter().take_while(|n| !n.is_empty()).count();
    for &i in rows {
        let Some(cells) = &items[i].group else {
            continue;
        };
        let slots = cells.option_values.iter().zip(&option_names).enumerate();
        for (slot, (value, name)) in slots.skip(named) {
            if !value.is_empty() || !name.is_empty() {
                problems.add(
                    items[i].row,
                    Some(Column::OPTIONS[slot].1.name()),
                    codes::INCONSISTENT_GROUP,
                    format!(
                        "option {} has no name in the group `{id}` (options are numbered from 1 without gaps)",
                        slot + 1
                    ),
                );
            }
        }
    }
    ProductGroup {
        id: id.to_owned(),
        name: if name.is_empty() { id.to_owned() } else { name },
        category_id: first.product.category_id.clone(),
        option_names: option_names[..named].to_vec(),
        active: rows.iter().any(|&i| items[i].product.active),
        version: 1,
    }
}

fn check_group(group: &ProductGroup, rows: &[usize], items: &[Item], problems: &mut Problems) {
    let first_row = items[rows[0]].row;
    if let Err(errors) = validate::product_group(group) {
        for e in errors {
            // The group's id and name are read from `group` and `group_name`, not `sku` and `name`.
            let column = match e.field.as_str() {
                "id" => Some(Column::Group),
                "name" => Some(Column::GroupName),
                _ => None,
            };
            match column {
                Some(c) => problems.add(
                    first_row,
                    Some(c.name()),
                    codes::INVALID_VALUE,
                    e.problem.to_string(),
                ),
                None => report(first_row, &e, problems),
            }
        }
        // A variant of a bad group is not written either.
        for &i in &rows[1..] {
            problems.add(
                items[i].row,
                Some(Column::Group.name()),
                codes::INCONSISTENT_GROUP,
                format!(
                    "the group `{}` is not valid (see row {first_row})",
                    group.id
                ),
            );
        }
    }
    let variants: Vec<Product> = rows.iter().map(|&i| items[i].product.clone()).collect();
    if let Err(errors) = validate::variants(group, &variants) {
        for e in errors {
            let at = e
                .field
                .strip_prefix("variants[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| rows.get(n))
                .map_or(first_row, |&i| items[i].row);
            report(at, &e, problems);
        }
    }
}
