//! The back office's stock forms (feature `office`): a quantity typed (decimal, `,` or `.`; never zero;
//! positive for a transfer) and an adjustment's reason.

use super::error::RuleError;
use rust_decimal::Decimal;

/// A quantity typed in the back office's stock forms: a decimal number (`,` or `.`), never zero; positive
/// unless `signed` (an adjustment: found is positive, damaged or lost negative).
pub fn read_quantity(text: &str, signed: bool) -> Result<Decimal, RuleError> {
    let q: Decimal = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| RuleError::StockQuantity)?;
    if q.is_zero() {
        return Err(RuleError::StockQuantity);
    }
    if !signed && q.is_sign_negative() {
        return Err(RuleError::StockNotPositive);
    }
    Ok(q)
}

/// An adjustment's reason: required, trimmed.
pub fn read_reason(text: &str) -> Result<String, RuleError> {
    let reason = text.trim();
    if reason.is_empty() {
        return Err(RuleError::StockReason);
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_reasons_of_the_stock_forms() {
        assert_eq!(read_quantity(" -2,5 ", true), Ok(Decimal::new(-25, 1)));
        assert_eq!(read_quantity("0", true), Err(RuleError::StockQuantity));
        assert_eq!(read_quantity("x", true), Err(RuleError::StockQuantity));
        assert_eq!(read_quantity("-1", false), Err(RuleError::StockNotPositive));
        assert_eq!(read_reason("  "), Err(RuleError::StockReason));
        assert_eq!(read_reason(" damaged "), Ok("damaged".into()));
    }
}
