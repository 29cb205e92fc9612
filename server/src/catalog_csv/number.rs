//! Numbers in a CSV file, in the decimal separator the user picked for it (`.` or `,`): read exactly, or
//! refused with the reason, never guessed.
//!
//! A number is an optional `-`, digits, and optionally the file's decimal separator followed by digits. The
//! other separator anywhere in a value is refused: with `,` as the decimal separator, `1.234` could be 1234
//! (a thousands separator) or 1.234 (a file in the other locale), so it is an error, not a guess. Thousands
//! separators of any kind (`.`, `,`, spaces, `'`, `_`) are refused for the same reason, as are exponents,
//! signs other than a leading `-`, and currency symbols. Values are `rust_decimal::Decimal`, exact.

use rust_decimal::Decimal;
pub use shared::import::DecimalSeparator;
use thiserror::Error;

/// Why a value is not a number of this file.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("a number is required")]
    Empty,
    /// The other locale's separator: a thousands separator or a file in the other locale, no way to tell.
    #[error(
        "`{value}` is ambiguous: `{found}` is not this file's decimal separator (`{sep}`), and thousands \
         separators are not accepted; write the number without grouping, with `{sep}` before the decimals"
    )]
    Ambiguous {
        value: String,
        found: char,
        sep: DecimalSeparator,
    },
    #[error("`{value}` has a space or `{found}` inside; thousands separators are not accepted")]
    Grouped { value: String, found: char },
    #[error("`{value}` has more than one decimal separator")]
    TwoSeparators { value: String },
    #[error("`{value}` is not a number (digits, an optional leading `-` and `{sep}` before the decimals)")]
    NotANumber {
        value: String,
        sep: DecimalSeparator,
    },
    #[error("`{value}` is too large")]
    TooLarge { value: String },
}

impl NumberError {
    /// A stable code for the error list.
    pub fn code(&self) -> &'static str {
        match self {
            NumberError::Empty => "missing_value",
            NumberError::Ambiguous { .. } | NumberError::Grouped { .. } => "ambiguous_number",
            NumberError::TwoSeparators { .. }
            | NumberError::NotANumber { .. }
            | NumberError::TooLarge { .. } => "invalid_number",
        }
    }
}

/// Read `text` (surrounding spaces ignored) as a decimal written with `sep`.
pub fn parse_decimal(text: &str, sep: DecimalSeparator) -> Result<Decimal, NumberError> {
    let value = text.trim();
    if value.is_empty() {
        return Err(NumberError::Empty);
    }
    let owned = || value.to_owned();
    if value.contains(sep.other()) {
        return Err(NumberError::Ambiguous {
            value: owned(),
            found: sep.other(),
            sep,
        });
    }
    if let Some(found) = value
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '\'' | '_' | '’'))
    {
        return Err(NumberError::Grouped {
            value: owned(),
            found,
        });
    }
    let body = value.strip_prefix('-').unwrap_or(value);
    let mut parts = body.split(sep.char());
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err(NumberError::TwoSeparators { value: owned() });
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) {
        return Err(NumberError::NotANumber {
            value: owned(),
            sep,
        });
    }
    let sign = if body.len() < value.len() { "-" } else { "" };
    let canonical = match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    };
    Decimal::from_str_exact(&canonical).map_err(|_| NumberError::TooLarge { value: owned() })
}

/// Write `value` with `sep` (no grouping, no exponent): what [`parse_decimal`] reads back exactly.
pub fn format_decimal(value: Decimal, sep: DecimalSeparator) -> String {
    let text = value.to_string();
    match sep {
        DecimalSeparator::Dot => text,
        DecimalSeparator::Comma => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;
    use DecimalSeparator::{Comma, Dot};

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn each_locale_reads_its_own_numbers() {
        assert_eq!(parse_decimal("12.50", Dot), Ok(dec("12.50")));
        assert_eq!(parse_decimal("12,50", Comma), Ok(dec("12.50")));
        assert_eq!(parse_decimal(" 7 ", Comma), Ok(dec("7")));
        assert_eq!(parse_decimal("-0,01", Comma), Ok(dec("-0.01")));
        assert_eq!(parse_decimal("0.125", Dot).map(|d| d.scale()), Ok(3));
    }

    #[test]
    fn the_other_separator_is_ambiguous_never_guessed() {
        for (text, sep) in [
            ("1.234", Comma),
            ("1.234,56", Comma),
            ("1,5", Dot),
            ("1,234.56", Dot),
        ] {
            let err = parse_decimal(text, sep).expect_err(text);
            assert_eq!(err.code(), "ambiguous_number", "{text}");
            assert!(err.to_string().contains("ambiguous"), "{err}");
        }
        for text in ["1 234", "1'234", "1_234", "1\u{a0}234"] {
            let err = parse_decimal(text, Dot).expect_err(text);
            assert_eq!(err.code(), "ambiguous_number", "{text}");
        }
    }

    #[test]
    fn anything_else_is_not_a_number() {
        for text in [
            "abc", "1e5", "€5", "5€", "+5", "--5", ".5", "5.", "-", "1.2.3", "0x10", "NaN",
        ] {
            let err = parse_decimal(text, Dot).expect_err(text);
            assert_eq!(err.code(), "invalid_number", "{text}");
        }
        assert_eq!(parse_decimal("  ", Dot), Err(NumberError::Empty));
        assert_eq!(
            parse_decimal("99999999999999999999999999999999", Dot)
                .map_err(|e| e.code())
                .err(),
            Some("invalid_number")
        );
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=6).prop_map(|(n, scale)| Decimal::new(n, scale))
    }

    fn any_sep() -> impl Strategy<Value = DecimalSeparator> {
        prop_oneof![Just(Dot), Just(Comma)]
    }

    proptest! {
        #[test]
        fn what_is_written_reads_back_exactly(d in any_decimal(), sep in any_sep()) {
            let text = format_decimal(d, sep);
            let back = parse_decimal(&text, sep).expect("reads back");
            prop_assert_eq!(back, d);
            prop_assert_eq!(back.scale(), d.scale());
        }

        #[test]
        fn a_number_written_in_the_other_locale_is_refused_or_the_same(d in any_decimal(), sep in any_sep()) {
            let other = if sep == Dot { Comma } else { Dot };
            let text = format_decimal(d, other);
            match parse_decimal(&text, sep) {
                // Only a whole number reads the same in both locales.
                Ok(read) => prop_assert!(read == d && d.scale() == 0),
                Err(e) => prop_assert_eq!(e.code(), "ambiguous_number"),
            }
        }

        #[test]
        fn grouped_thousands_are_always_refused(n in 1_000u64..1_000_000_000, sep in any_sep(), group in prop_oneof![Just('.'), Just(','), Just(' '), Just('\'')]) {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(group);
                }
                grouped.push(c);
            }
            // `1.000` with `.` as the decimal separator is one, not a thousand: only a group of another
            // separator than the file's is ambiguous; the file's own separator reads as decimals once, and
            // twice is refused.
            match parse_decimal(&grouped, sep) {
                Ok(read) => prop_assert!(group == sep.char() && read != Decimal::from(n)),
                Err(e) => prop_assert!(matches!(e.code(), "ambiguous_number" | "invalid_number")),
            }
        }
    }
}
