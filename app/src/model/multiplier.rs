//! The quantity multiplier: "3 ×" before a scan or a search adds three. Typed into the search box as
//! "3*", "3x" or "3×", alone (the next product scanned, searched or tapped comes three times) or followed by
//! what to add ("3*4006381333931", "3 x apples"). Pieces only: a weighed or measured product is weighed.

use super::quantity::MAX_PIECES;
use rust_decimal::Decimal;

/// The signs that multiply.
const TIMES: [char; 4] = ['*', 'x', 'X', '\u{d7}'];

/// `text` split into its multiplier (1 to `MAX_PIECES`) and the rest (trimmed); no multiplier when `text`
/// does not start with one, and the whole text then stays the rest.
pub fn split(text: &str) -> (Option<u32>, &str) {
    let t = text.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 4 {
        return (None, text.trim());
    }
    let after = t[digits..].trim_start();
    let Some(sign) = after.chars().next().filter(|c| TIMES.contains(c)) else {
        return (None, text.trim());
    };
    let count = t[..digits]
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_PIECES).contains(n));
    match count {
        Some(n) => (Some(n), after[sign.len_utf8()..].trim()),
        None => (None, text.trim()),
    }
}

/// How many pieces to add: the typed or pending multiplier, else one.
pub fn pieces(multiplier: Option<u32>) -> Decimal {
    Decimal::from(multiplier.unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_and_a_times_sign_multiply_what_follows() {
        assert_eq!(split("3*4006381333931"), (Some(3), "4006381333931"));
        assert_eq!(split(" 3 x apples "), (Some(3), "apples"));
        assert_eq!(split("12\u{d7}"), (Some(12), ""));
        assert_eq!(split("2X soap"), (Some(2), "soap"));
    }

    #[test]
    fn anything_else_is_left_as_typed() {
        assert_eq!(split("4006381333931"), (None, "4006381333931"));
        assert_eq!(split("7up"), (None, "7up"));
        assert_eq!(split("apples"), (None, "apples"));
        // Zero, or more than a line takes, is no multiplier.
        assert_eq!(split("0*soap"), (None, "0*soap"));
        assert_eq!(split("99999*soap"), (None, "99999*soap"));
        assert_eq!(split(" "), (None, ""));
    }

    #[test]
    fn no_multiplier_adds_one() {
        assert_eq!(pieces(None), Decimal::ONE);
        assert_eq!(pieces(Some(3)), Decimal::from(3));
    }
}
