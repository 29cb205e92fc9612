//! OpenAPI schema helpers for the wire types (feature `openapi`): how a `Decimal` appears in the document.

use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

/// Regular expression every decimal on the wire matches: money, quantities and percents are exact decimal
/// strings such as `"12.50"`, `"-0.13"` or `"8.875"`, never JSON numbers.
pub const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// Stand-in for `rust_decimal::Decimal` in the OpenAPI document: a string with [`DECIMAL_PATTERN`].
pub struct DecimalString;

impl utoipa::PartialSchema for DecimalString {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(DECIMAL_PATTERN))
            .description(Some(
                "An exact decimal as a string, e.g. an amount at the currency's scale.",
            ))
            .examples([serde_json::json!("12.50")])
            .into()
    }
}

impl utoipa::ToSchema for DecimalString {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Decimal")
    }
}
