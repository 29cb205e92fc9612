//! The rules every catalog write must pass, for the API and the CSV import alike. Each failure names the field
//! as the JSON spells it (`sku`, `more_barcodes[1]`, `options[0].price_delta`; inside a list, prefixed with
//! [`FieldError::within`], e.g. `variants[2].sku`), so an API answer or an import row can point at it. Every
//! check returns all failures it finds, not just the first.
//!
//! Amounts: prices and modifier deltas carry at most the currency's decimals; costs two more (a unit's share
//! of a supplier's invoice). Nothing here rounds.

use super::{Category, ModifierGroup, Product, ProductGroup, TaxRate, VariantOf};
use crate::barcode::is_valid_gtin;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// Largest price or cost per unit accepted (a mistyped one is far more likely than a real one above it).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(10_000_000, 0, 0, false, 0);
/// Largest modifier price delta, either way.
pub const MAX_DELTA: Decimal = Decimal::from_parts(100_000, 0, 0, false, 0);
/// Most options a product group may vary by.
pub const MAX_OPTIONS: usize = 5;
/// Longest name (characters).
pub const MAX_NAME: usize = 200;
/// Longest id or SKU (characters).
pub const MAX_CODE: usize = 64;
/// Longest image reference (characters).
pub const MAX_IMAGE: usize = 2048;

/// One field that fails a rule.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field's path in the JSON, e.g. `sku` or `variants[1].more_barcodes[0]`.
    pub field: String,
    pub problem: Problem,
}

/// Why a field fails.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("is longer than {0} characters")]
    TooLong(usize),
    #[error("may hold only letters, digits, '-', '_' and '.'")]
    BadCharacters,
    #[error("{0:?} is not a GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14) with a correct check digit")]
    InvalidGtin(String),
    #[error("must not be negative")]
    Negative,
    #[error("must be at most {0}")]
    TooLarge(Decimal),
    #[error("may have at most {0} decimals")]
    TooManyDecimals(u32),
    #[error("{0:?} is given twice")]
    Duplicate(String),
    #[error("must be {0:?}")]
    Mismatch(String),
    #[error("must name the group's options {0:?}, in that order")]
    Options(Vec<String>),
    #[error("another variant of the group already has the options {0}")]
    DuplicateCombination(String),
    #[error("must be at most {0}")]
    AboveLimit(u64),
    #[error("must be at least {0}")]
    BelowLimit(u64),
    #[error("must not hold control characters")]
    ControlCharacter,
    #[error("{0:?} is already another item's")]
    Taken(String),
    #[error("names nothing the catalog holds ({0:?})")]
    Unknown(String),
    #[error("would make the price of {0} negative")]
    MakesNegative(String),
    /// A value of the wrong form; says what is expected.
    #[error("must be {0}")]
    Expected(&'static str),
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            problem,
        }
    }

    /// The same failure inside a list or object: `within("variants[2]")` turns `sku` into `variants[2].sku`.
    pub fn within(self, prefix: &str) -> Self {
        FieldError {
            field: format!("{prefix}.{}", self.field),
            problem: self.problem,
        }
    }
}

/// The failures found so far.
#[derive(Default)]
struct Found(Vec<FieldError>);

impl Found {
    fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.add(field, Problem::Empty);
        } else if value.chars().count() > max {
            self.add(field, Problem::TooLong(max));
        } else if value.chars().any(char::is_control) {
            self.add(field, Problem::ControlCharacter);
        }
    }

    /// An id or SKU: 1–64 letters, digits, `-`, `_`, `.` (safe in paths, files and barcode labels).
    fn code(&mut self, field: &str, value: &str) {
        let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if value.is_empty() {
            self.add(field, Problem::Empty);
        } else if value.chars().count() > MAX_CODE {
            self.add(field, Problem::TooLong(MAX_CODE));
        } else if !value.chars().all(safe) {
            self.add(field, Problem::BadCharacters);
        }
    }

    /// An amount: not above `max` in size, at most `scale` decimals, and not negative unless `signed`.
    fn amount(&mut self, field: &str, value: Decimal, max: Decimal, scale: u32, signed: bool) {
        if value.is_sign_negative() && !value.is_zero() && !signed {
            self.add(field, Problem::Negative);
        } else if value.abs() > max {
            self.add(field, Problem::TooLarge(max));
        } else if value.normalize().scale() > scale {
            self.add(field, Problem::TooManyDecimals(scale));
        }
    }

    fn done(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// A product (or variant) on its own; `scale` is the currency's. Its group is checked by [`variants`].
pub fn product(p: &Product, scale: u32) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    found.code("id", &p.id);
    found.code("sku", &p.sku);
    found.text("name", &p.name, MAX_NAME);
    found.code("category_id", &p.category_id);
    found.code("tax_rate_id", &p.tax_rate_id);
    found.amount("price", p.price, MAX_AMOUNT, scale, false);
    if let Some(cost) = p.cost {
        found.amount("cost", cost, MAX_AMOUNT, scale + 2, false);
    }
    let barcodes = p.barcode.iter().map(|b| ("barcode".to_owned(), b));
    let more =
        (p.more_barcodes.iter().enumerate()).map(|(i, b)| (format!("more_barcodes[{i}]"), b));
    let mut seen = BTreeSet::new();
    for (field, code) in barcodes.chain(more) {
        if !is_valid_gtin(code) {
            found.add(field, Problem::InvalidGtin(code.clone()));
        } else if !seen.insert(code) {
            found.add(field, Problem::Duplicate(code.clone()));
        }
    }
    if let Some(variant) = &p.variant {
        found.code("variant.group_id", &variant.group_id);
        for (i, o) in variant.options.iter().enumerate() {
            found.text(&format!("variant.options[{i}].value"), &o.value, MAX_NAME);
        }
    }
    for (i, id) in p.modifier_group_ids.iter().enumerate() {
        found.code(&format!("modifier_group_ids[{i}]"), id);
    }
    if let Some(image) = &p.image {
        found.text("image", image, MAX_IMAGE);
    }
    found.done()
}

/// A product group on its own: a name, a category, 1 to [`MAX_OPTIONS`] distinct option names.
pub fn product_group(g: &ProductGroup) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    found.code("id", &g.id);
    found.text("name", &g.name, MAX_NAME);
    found.code("category_id", &g.category_id);
    if g.option_names.is_empty() {
        found.add("option_names", Problem::Empty);
    } else if g.option_names.len() > MAX_OPTIONS {
        found.add("option_names", Problem::AboveLimit(MAX_OPTIONS as u64));
    }
    let mut seen = BTreeSet::new();
    for (i, name) in g.option_names.iter().enumerate() {
        let field = format!("option_names[{i}]");
        found.text(&field, name, MAX_NAME);
        if !seen.insert(name.trim().to_lowercase()) {
            found.add(field, Problem::Duplicate(name.clone()));
        }
    }
    found.done()
}

/// The variants of `group`: each names the group and a value for each of its options, in its order; no two
/// have the same values. Fields are prefixed `variants[i]`.
pub fn variants(group: &ProductGroup, variants: &[Product]) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    let mut combinations = BTreeMap::new();
    for (i, p) in variants.iter().enumerate() {
        let at = |field: &str| format!("variants[{i}].{field}");
        let Some(variant) = &p.variant else {
            found.add(at("variant"), Problem::Empty);
            continue;
        };
        if variant.group_id != group.id {
            found.add(at("variant.group_id"), Problem::Mismatch(group.id.clone()));
        }
        if !matches_options(variant, &group.option_names) {
            found.add(
                at("variant.options"),
                Problem::Options(group.option_names.clone()),
            );
            continue;
        }
        let key: Vec<String> = variant
            .options
            .iter()
            .map(|o| o.value.trim().to_lowercase())
            .collect();
        if combinations.insert(key, i).is_some() {
            found.add(
                at("variant.options"),
                Problem::DuplicateCombination(variant.label()),
            );
        }
    }
    found.done()
}

/// The variant names exactly the group's options, in the group's order.
pub fn matches_options(variant: &VariantOf, option_names: &[String]) -> bool {
    variant.options.len() == option_names.len()
        && variant
            .options
            .iter()
            .zip(option_names)
            .all(|(o, n)| &o.name == n)
}

/// No SKU or barcode given twice among `products` (fields prefixed `{list}[i]`); the database checks them
/// against what it holds.
pub fn unique_keys(list: &str, products: &[Product]) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    let mut skus = BTreeSet::new();
    let mut barcodes = BTreeSet::new();
    for (i, p) in products.iter().enumerate() {
        if !skus.insert(p.sku.as_str()) {
            found.add(
                format!("{list}[{i}].sku"),
                Problem::Duplicate(p.sku.clone()),
            );
        }
        for code in p.barcodes() {
            if !barcodes.insert(code) {
                found.add(
                    format!("{list}[{i}].barcode"),
                    Problem::Duplicate(code.to_owned()),
                );
            }
        }
    }
    found.done()
}

/// A modifier group: a name, 1+ options with names and deltas (±[`MAX_DELTA`], at the currency's `scale`),
/// `min_choices <= max_choices <= options`, and `max_choices` at least 1.
pub fn modifier_group(g: &ModifierGroup, scale: u32) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    found.code("id", &g.id);
    found.text("name", &g.name, MAX_NAME);
    if g.options.is_empty() {
        found.add("options", Problem::Empty);
    }
    let mut names = BTreeSet::new();
    for (i, o) in g.options.iter().enumerate() {
        let field = format!("options[{i}].name");
        found.text(&field, &o.name, MAX_NAME);
        if !names.insert(o.name.trim().to_lowercase()) {
            found.add(field, Problem::Duplicate(o.name.clone()));
        }
        let delta = format!("options[{i}].price_delta");
        found.amount(&delta, o.price_delta, MAX_DELTA, scale, true);
    }
    let options = g.options.len() as u64;
    if g.max_choices == 0 {
        found.add("max_choices", Problem::BelowLimit(1));
    } else if u64::from(g.max_choices) > options && options > 0 {
        found.add("max_choices", Problem::AboveLimit(options));
    }
    if g.min_choices > g.max_choices {
        found.add("min_choices", Problem::AboveLimit(u64::from(g.max_choices)));
    }
    found.done()
}

/// A tax rate: an id, a name, a percent from 0 to 100 with at most 4 decimals.
pub fn tax_rate(r: &TaxRate) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    found.code("id", &r.id);
    found.text("name", &r.name, MAX_NAME);
    found.amount("percent", r.percent, Decimal::ONE_HUNDRED, 4, false);
    found.done()
}

/// A category: an id and a name.
pub fn category(c: &Category) -> Result<(), Vec<FieldError>> {
    let mut found = Found::default();
    found.code("id", &c.id);
    found.text("name", &c.name, MAX_NAME);
    found.done()
}

#[cfg(test)]
mod tests;
