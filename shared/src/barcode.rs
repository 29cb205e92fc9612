//! Retail barcodes: GTIN check digits for EAN-13, UPC-A (GTIN-12) and EAN-8, and scanner input recognition.

/// The GS1 check digit for the given digits (without the check digit). `None` if a character is not a digit.
pub fn gtin_check_digit(body: &str) -> Option<u32> {
    let mut sum = 0u32;
    // From the right, weights alternate 3, 1, 3, ... starting with the digit next to the check digit.
    for (i, ch) in body.chars().rev().enumerate() {
        let d = ch.to_digit(10)?;
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    Some((10 - sum % 10) % 10)
}

/// True when `code` is an EAN-8, UPC-A or EAN-13 with a correct check digit.
pub fn is_valid_gtin(code: &str) -> bool {
    if !matches!(code.len(), 8 | 12 | 13 | 14) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (body, check) = code.split_at(code.len() - 1);
    gtin_check_digit(body) == check.chars().next().and_then(|c| c.to_digit(10))
}

/// Build an EAN-13 from its first 12 digits by appending the check digit.
pub fn ean13_from_body(body12: &str) -> Option<String> {
    if body12.len() != 12 {
        return None;
    }
    let check = gtin_check_digit(body12)?;
    Some(format!("{body12}{check}"))
}

/// Does this typed or scanned text look like a barcode (only digits, a GTIN length)?
pub fn looks_like_barcode(input: &str) -> bool {
    let t = input.trim();
    matches!(t.len(), 8 | 12 | 13 | 14) && t.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_codes() {
        // Check digits taken from real products / the GS1 check digit calculator examples.
        assert!(is_valid_gtin("4006381333931")); // EAN-13
        assert!(is_valid_gtin("036000291452")); // UPC-A
        assert!(is_valid_gtin("96385074")); // EAN-8
        assert!(!is_valid_gtin("4006381333932"));
        assert!(!is_valid_gtin("40063813339a1"));
        assert_eq!(
            ean13_from_body("400638133393").as_deref(),
            Some("4006381333931")
        );
    }

    proptest! {
        #[test]
        fn every_built_ean13_is_valid_and_single_digit_errors_are_caught(body in "[0-9]{12}", pos in 0usize..12, delta in 1u32..10) {
            let code = ean13_from_body(&body).unwrap();
            prop_assert!(is_valid_gtin(&code));
            let mut digits: Vec<u32> = code.chars().map(|c| c.to_digit(10).unwrap()).collect();
            digits[pos] = (digits[pos] + delta) % 10;
            let broken: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            prop_assert!(!is_valid_gtin(&broken));
        }
    }
}
