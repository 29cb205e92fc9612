//! One row into one item: its cells read, then the catalog's own rules (`shared::catalog::validate`) applied,
//! each failure mapped back to the column it came from.

use super::cells::{self, CellError};
use super::columns::{Column, Header, OPTION_SLOTS};
use super::number::DecimalSeparator;
use super::report::{codes, Problems};
use csv::StringRecord;
use shared::catalog::validate::{self, FieldError, Problem};
use shared::catalog::{OptionValue, Product, VariantOf};

/// One row read: the item (its id and variant options are settled later, with the whole file and the
/// database) and, for a variant, what the row says about its group.
#[derive(Clone, Debug)]
pub struct Item {
    pub row: u64,
    pub product: Product,
    pub group: Option<GroupCells>,
}

/// A variant row's group cells: the handle, the group's name and option names as this row gives them (empty:
/// not given here) and the row's option values.
#[derive(Clone, Debug)]
pub struct GroupCells {
    pub id: String,
    pub name: String,
    pub option_names: [String; OPTION_SLOTS],
    pub option_values: [String; OPTION_SLOTS],
}

/// Read the row's cells into an item; a cell that cannot be read is a problem (and the item is not made).
pub fn read_item(
    header: &Header,
    row: u64,
    record: &StringRecord,
    sep: DecimalSeparator,
    problems: &mut Problems,
) -> Option<Item> {
    let cell = |c: Column| header.cell(record, c);
    let mut ok = true;
    let mut check = |c: Column, result: Result<(), CellError>| {
        if let Err((code, message)) = result {
            problems.add(row, Some(c.name()), code, message);
            ok = false;
        }
    };
    let mut price = Default::default();
    check(
        Column::Price,
        cells::decimal(cell(Column::Price), sep).map(|d| price = d),
    );
    let mut cost = None;
    check(
        Column::Cost,
        cells::opt_decimal(cell(Column::Cost), sep).map(|d| cost = d),
    );
    let mut unit = Default::default();
    check(
        Column::Unit,
        cells::unit(cell(Column::Unit)).map(|u| unit = u),
    );
    let mut tracking = Default::default();
    check(
        Column::Tracking,
        cells::tracking(cell(Column::Tracking)).map(|t| tracking = t),
    );
    let mut active = true;
    check(
        Column::Active,
        cells::flag(cell(Column::Active), true).map(|a| active = a),
    );
    let group_id = cell(Column::Group);
    if group_id.is_empty() {
        for (name, value) in Column::OPTIONS {
            if !cell(name).is_empty() || !cell(value).is_empty() {
                check(
                    name,
                    Err((
                        codes::INCONSISTENT_GROUP,
                        "options belong to a group: give the `group` column too, or leave them empty"
                            .into(),
                    )),
                );
            }
        }
    }
    if !ok {
        return None;
    }
    let mut barcodes = cells::list(cell(Column::Barcodes)).into_iter();
    let product = Product {
        sku: cell(Column::Sku).to_owned(),
        name: cell(Column::Name).to_owned(),
        barcode: barcodes.next(),
        more_barcodes: barcodes.collect(),
        category_id: cell(Column::Category).to_owned(),
        tax_rate_id: cell(Column::TaxRate).to_owned(),
        price,
        cost,
        unit,
        tracking,
        active,
        modifier_group_ids: cells::list(cell(Column::ModifierGroups)),
        image: Some(cell(Column::Image).to_owned()).filter(|i| !i.is_empty()),
        version: 1,
        ..Product::default()
    };
    let group = (!group_id.is_empty()).then(|| GroupCells {
        id: group_id.to_owned(),
        name: cell(Column::GroupName).to_owned(),
        option_names: Column::OPTIONS.map(|(n, _)| cell(n).to_owned()),
        option_values: Column::OPTIONS.map(|(_, v)| cell(v).to_owned()),
    });
    Some(Item {
        row,
        product,
        group,
    })
}

/// The item's variant: its group and, for each of the group's options, this row's value.
pub fn variant_of(group: &GroupCells, option_names: &[String]) -> VariantOf {
    VariantOf {
        group_id: group.id.clone(),
        options: option_names
            .iter()
            .zip(&group.option_values)
            .map(|(name, value)| OptionValue::new(name, value))
            .collect(),
    }
}

/// Check the item with the catalog's rules (`scale`: the currency's decimals); problems go to its row.
pub fn check_item(item: &Item, scale: u32, problems: &mut Problems) {
    if let Err(errors) = validate::product(&item.product, scale) {
        for e in errors {
            report(item.row, &e, problems);
        }
    }
}

/// A rule's failure as a problem of `row`, in the column the field came from.
pub fn report(row: u64, e: &FieldError, problems: &mut Problems) {
    let column = column_of(&e.field);
    problems.add(
        row,
        Some(column.map_or(e.field.as_str(), |c| c.name())),
        code_of(&e.problem, column),
        e.problem.to_string(),
    );
}

/// The column a product's (or its group's) field is read from. `field` may be inside a list
/// (`variants[2].sku`, `items[7].barcode`): the part after it decides.
pub fn column_of(field: &str) -> Option<Column> {
    let field = ["variants[", "items["]
        .iter()
        .find_map(|list| field.strip_prefix(list))
        .and_then(|rest| rest.split_once("].").map(|(_, f)| f))
        .unwrap_or(field);
    let base = field.split('[').next().unwrap_or(field);
    let index = |f: &str| -> usize {
        f.split_once('[')
            .and_then(|(_, rest)| rest.split(']').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    Some(match base {
        "id" | "sku" => Column::Sku,
        "name" => Column::Name,
        "barcode" | "more_barcodes" => Column::Barcodes,
        "category_id" => Column::Category,
        "tax_rate_id" => Column::TaxRate,
        "price" => Column::Price,
        "cost" => Column::Cost,
        "image" => Column::Image,
        "modifier_group_ids" => Column::ModifierGroups,
        "variant.group_id" => Column::Group,
        "variant.options" => Column::OPTIONS[index(field).min(OPTION_SLOTS - 1)].1,
        "option_names" => Column::OPTIONS[index(field).min(OPTION_SLOTS - 1)].0,
        _ => return None,
    })
}

fn code_of(problem: &Problem, column: Option<Column>) -> &'static str {
    match problem {
        Problem::Empty => codes::MISSING_VALUE,
        Problem::InvalidGtin(_) => "invalid_gtin",
        Problem::Negative => "negative_amount",
        Problem::TooLarge(_) | Problem::TooManyDecimals(_) => "invalid_amount",
        Problem::Duplicate(_) if column == Some(Column::Barcodes) => codes::DUPLICATE_BARCODE,
        Problem::Duplicate(_) if column == Some(Column::Sku) => codes::DUPLICATE_SKU,
        Problem::DuplicateCombination(_) => codes::DUPLICATE_VARIANT,
        Problem::Mismatch(_) | Problem::Options(_) => codes::INCONSISTENT_GROUP,
        _ => codes::INVALID_VALUE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_map_to_their_columns() {
        for (field, column) in [
            ("sku", Column::Sku),
            ("more_barcodes[2]", Column::Barcodes),
            ("variants[3].price", Column::Price),
            ("items[12].barcode", Column::Barcodes),
            ("variants[0].variant.options", Column::Option1Value),
            ("variant.options[1].value", Column::Option2Value),
            ("option_names[2]", Column::Option3Name),
            ("modifier_group_ids[0]", Column::ModifierGroups),
        ] {
            assert_eq!(column_of(field), Some(column), "{field}");
        }
        assert_eq!(column_of("something_else"), None);
    }
}
