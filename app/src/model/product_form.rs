//! The back office's product form as plain text fields, and what it sends: the `Product` it stands for (the
//! item read, with the fields typed over it), or the field it cannot read. Money is read with
//! `shared::money::parse_amount` ("12,50" and "12.50"); the server checks every other rule (GTIN check digits,
//! decimals for the currency, a SKU another item has) and names the field in its 422, shown the same way.

use rust_decimal::Decimal;
use shared::catalog::Product;
use shared::money::parse_amount;
use shared::unit::Unit;

/// The form's fields as typed. `barcodes` holds one barcode per line (commas and spaces separate too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductForm {
    pub name: String,
    pub sku: String,
    pub barcodes: String,
    pub category_id: String,
    pub tax_rate_id: String,
    pub unit: Unit,
    pub price: String,
    pub cost: String,
    pub active: bool,
}

/// A field the form cannot send, named as the request's JSON names it (`price`, `cost`), with the sentence
/// shown beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The form's fields, as the request's JSON names them (the barcodes field stands for two).
const FORM_FIELDS: [&str; 8] = [
    "name",
    "sku",
    "barcodes",
    "category_id",
    "tax_rate_id",
    "unit",
    "price",
    "cost",
];

/// The form's name of a field the server named: `more_barcodes[0]` and `barcode` are both the barcodes
/// field; a field the form does not show is `""` (its sentence goes under the whole form).
pub fn form_field(server_field: &str) -> &'static str {
    let base = server_field
        .split(['[', '.'])
        .next()
        .unwrap_or(server_field);
    let base = match base {
        "barcode" | "more_barcodes" => "barcodes",
        other => other,
    };
    FORM_FIELDS
        .iter()
        .find(|f| **f == base)
        .copied()
        .unwrap_or_default()
}

/// A money field: a number, not negative.
fn money(text: &str, field: &str, label: &str) -> Result<Decimal, FieldError> {
    let amount = parse_amount(text)
        .ok_or_else(|| FieldError::new(field, format!("{label} must be a number, e.g. 2.49.")))?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(FieldError::new(
            field,
            format!("{label} must not be negative."),
        ));
    }
    Ok(amount)
}

impl ProductForm {
    /// A new product's form: active, sold in pieces, everything else empty.
    pub fn new_product() -> Self {
        ProductForm {
            active: true,
            ..ProductForm::default()
        }
    }

    /// The form filled with `p`'s fields.
    pub fn from_product(p: &Product) -> Self {
        ProductForm {
            name: p.name.clone(),
            sku: p.sku.clone(),
            barcodes: p.barcodes().collect::<Vec<_>>().join("\n"),
            category_id: p.category_id.clone(),
            tax_rate_id: p.tax_rate_id.clone(),
            unit: p.unit,
            price: p.price.to_string(),
            cost: p.cost.map(|c| c.to_string()).unwrap_or_default(),
            active: p.active,
        }
    }

    /// The barcodes typed, in order, without blanks.
    pub fn barcode_list(&self) -> Vec<String> {
        self.barcodes
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|b| !b.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// What the form sends: `base` (the item as read, with its id and `version`; a default one for a new item)
    /// with the typed fields over it. Text is trimmed; an empty cost is no cost.
    pub fn to_product(&self, base: &Product) -> Result<Product, FieldError> {
        let price = money(&self.price, "price", "The price")?;
        let cost = match self.cost.trim() {
            "" => None,
            text => Some(money(text, "cost", "The cost")?),
        };
        let mut barcodes = self.barcode_list().into_iter();
        Ok(Product {
            name: self.name.trim().to_owned(),
            sku: self.sku.trim().to_owned(),
            barcode: barcodes.next(),
            more_barcodes: barcodes.collect(),
            category_id: self.category_id.trim().to_owned(),
            tax_rate_id: self.tax_rate_id.trim().to_owned(),
            unit: self.unit,
            price,
            cost,
            active: self.active,
            ..base.clone()
        })
    }
}

/// The units a product is sold in: the `<select>`'s value and label.
pub const UNITS: [(Unit, &str, &str); 3] = [
    (Unit::Each, "each", "Each (pieces)"),
    (Unit::Kilogram, "kilogram", "Kilogram"),
    (Unit::Litre, "litre", "Litre"),
];

/// The unit a `<select>` value names (pieces for anything else).
pub fn unit_from_value(value: &str) -> Unit {
    UNITS
        .iter()
        .find(|(_, v, _)| *v == value)
        .map_or(Unit::Each, |(u, _, _)| *u)
}

/// The `<select>` value of `unit`.
pub fn unit_value(unit: Unit) -> &'static str {
    UNITS
        .iter()
        .find(|(u, _, _)| *u == unit)
        .map_or("each", |(_, v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).expect("a decimal")
    }

    fn filled() -> ProductForm {
        ProductForm {
            name: " Oat milk 1 l ".into(),
            sku: "OAT-1".into(),
            barcodes: "4006381333931\n 96385074, ".into(),
            category_id: "drinks".into(),
            tax_rate_id: "reduced".into(),
            unit: Unit::Litre,
            price: "2,49".into(),
            cost: "".into(),
            active: true,
        }
    }

    #[test]
    fn sends_the_typed_fields_over_the_item_read() {
        let base = Product {
            id: "p-1".into(),
            version: 7,
            modifier_group_ids: vec!["milk".into()],
            ..Product::default()
        };
        let p = filled().to_product(&base).expect("a good form");
        assert_eq!(p.id, "p-1");
        assert_eq!(p.version, 7);
        assert_eq!(p.modifier_group_ids, vec!["milk".to_string()]);
        assert_eq!(p.name, "Oat milk 1 l");
        assert_eq!(p.price, dec("2.49"));
        assert_eq!(p.cost, None);
        assert_eq!(p.barcode.as_deref(), Some("4006381333931"));
        assert_eq!(p.more_barcodes, vec!["96385074".to_string()]);
        assert_eq!(p.unit, Unit::Litre);
        assert_eq!(ProductForm::from_product(&p).barcode_list().len(), 2);
    }

    #[test]
    fn money_that_is_not_a_number_or_negative_names_its_field() {
        let base = Product::default();
        let mut form = filled();
        form.price = "2.4.9".into();
        assert_eq!(
            form.to_product(&base).map_err(|e| e.field),
            Err("price".into())
        );
        form.price = "".into();
        assert_eq!(
            form.to_product(&base).map_err(|e| e.field),
            Err("price".into())
        );
        form.price = "3".into();
        form.cost = "-1".into();
        let err = form.to_product(&base).expect_err("a negative cost");
        assert_eq!(err.field, "cost");
        assert_eq!(err.message, "The cost must not be negative.");
        form.cost = "1,20".into();
        assert_eq!(
            form.to_product(&base).map(|p| p.cost),
            Ok(Some(dec("1.20")))
        );
    }

    #[test]
    fn server_fields_map_to_the_form_fields() {
        assert_eq!(form_field("more_barcodes[1]"), "barcodes");
        assert_eq!(form_field("barcode"), "barcodes");
        assert_eq!(form_field("sku"), "sku");
        assert_eq!(form_field("variant.group_id"), "");
        assert_eq!(unit_from_value(unit_value(Unit::Kilogram)), Unit::Kilogram);
        assert_eq!(unit_from_value("gallon"), Unit::Each);
    }
}
