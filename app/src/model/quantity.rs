//! The quantity keypad (tap a cart line's quantity): what a key does to the text typed so far, and what the
//! text means for the line: whole pieces, or a new weight for a weighed line. Zero removes the line (with
//! Undo, `model::undo`).

use super::discount::parse_weight;
use super::error::RuleError;
use super::pin::PinKey;
use rust_decimal::Decimal;
use shared::basket::Unit;

/// The most pieces one line takes from the keypad.
pub const MAX_PIECES: u32 = 9999;

/// The decimal separator key, for weights.
pub const POINT: char = '.';

/// The text after pressing `key` (`PinKey::Digit(POINT)` is the decimal point, for weights only).
pub fn press(text: &str, key: PinKey, unit: Unit) -> String {
    let mut out = text.to_string();
    match key {
        PinKey::Digit(POINT) => {
            if unit != Unit::Each && !out.contains(POINT) {
                if out.is_empty() {
                    out.push('0');
                }
                out.push(POINT);
            }
        }
        PinKey::Digit(d) if d.is_ascii_digit() && fits(&out, unit) => out.push(d),
        PinKey::Digit(_) => {}
        PinKey::Back => {
            out.pop();
        }
        PinKey::Clear => out.clear(),
    }
    out
}

/// Whether one more digit fits: four for pieces; for weights, grams after the point.
fn fits(text: &str, unit: Unit) -> bool {
    match (unit, text.split_once(POINT)) {
        (Unit::Each, _) => text.len() < 4,
        (Unit::Kilogram | Unit::Litre, Some((_, decimals))) => decimals.len() < 3,
        (Unit::Kilogram | Unit::Litre, None) => text.len() < 3,
    }
}

/// The line's new quantity from the typed text: zero (remove), whole pieces, or a weight in kg.
pub fn parse_quantity(text: &str, unit: Unit) -> Result<Decimal, RuleError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(RuleError::QuantityMissing);
    }
    match unit {
        Unit::Each => {
            let q: Decimal = text.parse().map_err(|_| RuleError::QuantityWhole)?;
            if q < Decimal::ZERO || q.fract() != Decimal::ZERO {
                return Err(RuleError::QuantityWhole);
            }
            if q > Decimal::from(MAX_PIECES) {
                return Err(RuleError::QuantityTooLarge { max: MAX_PIECES });
            }
            Ok(q.normalize())
        }
        Unit::Kilogram | Unit::Litre => match shared::money::parse_amount(text) {
            Some(w) if w.is_zero() => Ok(Decimal::ZERO),
            _ => parse_weight(text),
        },
    }
}

/// The words for taking a measured line's quantity again, the same on the cart line and on the keypad:
/// "Weigh NAME again" (kg), "Measure NAME again" (litres); pieces are counted, not taken again (`None`).
pub fn again_title(unit: Unit, name: &str) -> Option<String> {
    match unit {
        Unit::Each => None,
        Unit::Kilogram => Some(format!("Weigh {name} again")),
        Unit::Litre => Some(format!("Measure {name} again")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::dec;

    #[test]
    fn weighed_lines_are_weighed_again_and_litres_measured_again() {
        assert_eq!(
            again_title(Unit::Kilogram, "Apples").as_deref(),
            Some("Weigh Apples again")
        );
        assert_eq!(
            again_title(Unit::Litre, "Milk").as_deref(),
            Some("Measure Milk again")
        );
        assert_eq!(again_title(Unit::Each, "Soap"), None);
    }

    fn typed(keys: &str, unit: Unit) -> String {
        keys.chars().fold(String::new(), |t, c| {
            let key = match c {
                '<' => PinKey::Back,
                'C' => PinKey::Clear,
                d => PinKey::Digit(d),
            };
            press(&t, key, unit)
        })
    }

    #[test]
    fn pieces_take_up_to_four_digits_and_no_point() {
        assert_eq!(typed("12.5", Unit::Each), "125");
        assert_eq!(typed("123456", Unit::Each), "1234");
        assert_eq!(typed("12<3", Unit::Each), "13");
        assert_eq!(typed("12C7", Unit::Each), "7");
        assert_eq!(parse_quantity("12", Unit::Each), Ok(dec("12")));
        assert_eq!(parse_quantity("0", Unit::Each), Ok(Decimal::ZERO));
        assert_eq!(
            parse_quantity("", Unit::Each),
            Err(RuleError::QuantityMissing)
        );
        assert_eq!(
            parse_quantity("1.5", Unit::Each),
            Err(RuleError::QuantityWhole)
        );
        assert_eq!(
            parse_quantity("10000", Unit::Each),
            Err(RuleError::QuantityTooLarge { max: MAX_PIECES })
        );
    }

    #[test]
    fn weights_take_grams() {
        assert_eq!(typed(".75", Unit::Kilogram), "0.75");
        assert_eq!(typed("1.23456", Unit::Kilogram), "1.234");
        assert_eq!(typed("1..5", Unit::Kilogram), "1.5");
        assert_eq!(parse_quantity("0.750", Unit::Kilogram), Ok(dec("0.75")));
        assert_eq!(parse_quantity("0", Unit::Kilogram), Ok(Decimal::ZERO));
        assert_eq!(
            parse_quantity("abc", Unit::Kilogram),
            Err(RuleError::WeightMissing)
        );
    }
}
