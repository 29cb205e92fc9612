//! Reading one cell: numbers in the file's locale, lists, units, tracking and flags. Each reader answers the
//! value or the problem's code and reason; the caller names the row and column.

use super::number::{parse_decimal, DecimalSeparator};
use super::report::codes;
use rust_decimal::Decimal;
use shared::catalog::Tracking;
use shared::unit::Unit;

/// Separates the values of a list cell (barcodes, modifier groups).
pub const LIST_SEPARATOR: char = '|';

/// A cell's problem: (code, reason).
pub type CellError = (&'static str, String);

pub fn decimal(cell: &str, sep: DecimalSeparator) -> Result<Decimal, CellError> {
    parse_decimal(cell, sep).map_err(|e| (e.code(), e.to_string()))
}

/// An optional number: empty is `None`.
pub fn opt_decimal(cell: &str, sep: DecimalSeparator) -> Result<Option<Decimal>, CellError> {
    if cell.is_empty() {
        Ok(None)
    } else {
        decimal(cell, sep).map(Some)
    }
}

/// The values of a list cell, trimmed, empty ones dropped.
pub fn list(cell: &str) -> Vec<String> {
    cell.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn invalid(cell: &str, allowed: &str) -> CellError {
    (
        codes::INVALID_VALUE,
        format!("`{cell}` is not one of {allowed}"),
    )
}

pub fn unit(cell: &str) -> Result<Unit, CellError> {
    match cell.to_ascii_lowercase().as_str() {
        "" | "each" => Ok(Unit::Each),
        "kilogram" | "kg" => Ok(Unit::Kilogram),
        "litre" | "l" => Ok(Unit::Litre),
        _ => Err(invalid(cell, "`each`, `kilogram` (`kg`), `litre` (`l`)")),
    }
}

/// A unit as an export writes it (what [`unit`] reads).
pub fn unit_text(u: Unit) -> &'static str {
    match u {
        Unit::Each => "each",
        Unit::Kilogram => "kilogram",
        Unit::Litre => "litre",
    }
}

pub fn tracking(cell: &str) -> Result<Tracking, CellError> {
    match cell.to_ascii_lowercase().as_str() {
        "" | "none" => Ok(Tracking::None),
        "lot_expiry" => Ok(Tracking::LotExpiry),
        "serial" => Ok(Tracking::Serial),
        _ => Err(invalid(cell, "`none`, `lot_expiry`, `serial`")),
    }
}

pub fn tracking_text(t: Tracking) -> &'static str {
    match t {
        Tracking::None => "none",
        Tracking::LotExpiry => "lot_expiry",
        Tracking::Serial => "serial",
    }
}

/// A flag; empty is `default`.
pub fn flag(cell: &str, default: bool) -> Result<bool, CellError> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(invalid(cell, "`true`, `false` (or `yes`/`no`, `1`/`0`)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_what_exports_write() {
        for u in [Unit::Each, Unit::Kilogram, Unit::Litre] {
            assert_eq!(unit(unit_text(u)), Ok(u));
        }
        for t in [Tracking::None, Tracking::LotExpiry, Tracking::Serial] {
            assert_eq!(tracking(tracking_text(t)), Ok(t));
        }
        assert_eq!(unit("KG"), Ok(Unit::Kilogram));
        assert_eq!(unit("pcs").map_err(|e| e.0), Err(codes::INVALID_VALUE));
        assert_eq!(flag("", true), Ok(true));
        assert_eq!(flag("No", true), Ok(false));
        assert!(flag("maybe", true).is_err());
        assert_eq!(list(" 1 || 2|"), vec!["1", "2"]);
        assert_eq!(opt_decimal("", DecimalSeparator::Comma), Ok(None));
    }
}
