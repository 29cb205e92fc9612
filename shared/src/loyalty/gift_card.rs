//! Gift card rules: card numbers (a scanned physical card, or a digital code made from random bytes), amounts
//! sold and reloaded, and cashing out a small remaining balance.
//!
//! Named rules:
//! - **gift card number**: a scanned number is trimmed and upper-cased; 6 to 32 characters of `A–Z`, `0–9`
//!   and `-`. A digital code is `GC-` and four groups of four characters from an alphabet without look-alikes
//!   (no `0 O 1 I`), one character per random byte (80 bits over 16 bytes).
//! - **gift card cash out**: a store that allows it (a threshold, as some jurisdictions require) pays out a
//!   remaining balance above 0 and at or below the threshold, in full; anything else is refused with words.

use rust_decimal::Decimal;
use thiserror::Error;

/// The alphabet of digital codes: 32 characters, none easily misread.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum GiftCardError {
    #[error("a gift card number is 6 to 32 letters, digits or dashes, not {0:?}")]
    BadNumber(String),
    #[error("an amount on a gift card must be above 0, not {0}")]
    BadAmount(Decimal),
    #[error("this store does not cash out gift cards")]
    CashOutNotAllowed,
    #[error("a balance of {balance} is above this store's cash-out limit of {threshold}")]
    AboveCashOutLimit {
        balance: Decimal,
        threshold: Decimal,
    },
    #[error("nothing to cash out: the balance is {0}")]
    NothingToCashOut(Decimal),
}

/// A scanned or typed card number, by the rule **gift card number**.
pub fn card_number(raw: &str) -> Result<String, GiftCardError> {
    let n = raw.trim().to_uppercase();
    let ok = (6..=32).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(n)
    } else {
        Err(GiftCardError::BadNumber(raw.to_owned()))
    }
}

/// A digital code from 16 random bytes, by the rule **gift card number**.
pub fn digital_code(random: [u8; 16]) -> String {
    let mut out = String::from("GC");
    for (i, b) in random.iter().enumerate() {
        if i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(b % 32)]));
    }
    out
}

/// An amount sold onto or reloaded onto a card.
pub fn check_amount(amount: Decimal) -> Result<Decimal, GiftCardError> {
    if amount > Decimal::ZERO {
        Ok(amount)
    } else {
        Err(GiftCardError::BadAmount(amount))
    }
}

/// What cashing out `balance` pays, by the rule **gift card cash out** (`threshold`: the store's setting).
pub fn cash_out(balance: Decimal, threshold: Option<Decimal>) -> Result<Decimal, GiftCardError> {
    let threshold = threshold.ok_or(GiftCardError::CashOutNotAllowed)?;
    if balance <= Decimal::ZERO {
        return Err(GiftCardError::NothingToCashOut(balance));
    }
    if balance > threshold {
        return Err(GiftCardError::AboveCashOutLimit { balance, threshold });
    }
    Ok(balance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn scanned_numbers_are_normalised_or_refused() {
        assert_eq!(card_number(" gc-1000-0001 "), Ok("GC-1000-0001".into()));
        assert_eq!(
            card_number("6036001234567890"),
            Ok("6036001234567890".into())
        );
        assert!(card_number("12345").is_err());
        assert!(card_number("GC 1000").is_err());
        assert!(card_number(&"9".repeat(33)).is_err());
    }

    #[test]
    fn digital_codes_are_valid_numbers_from_the_unambiguous_alphabet() {
        let code = digital_code([0, 1, 31, 32, 255, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
        assert_eq!(code, "GC-AB9A-9HJK-LMNP-QRST");
        assert_eq!(card_number(&code), Ok(code.clone()));
        assert!(!code[3..].contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn small_balances_cash_out_where_the_store_allows() {
        assert_eq!(cash_out(d("4.20"), Some(d("5.00"))), Ok(d("4.20")));
        assert_eq!(cash_out(d("5.00"), Some(d("5.00"))), Ok(d("5.00")));
        let above = cash_out(d("5.01"), Some(d("5.00"))).expect_err("above");
        assert_eq!(
            above.to_string(),
            "a balance of 5.01 is above this store's cash-out limit of 5.00"
        );
        assert_eq!(
            cash_out(d("1"), None),
            Err(GiftCardError::CashOutNotAllowed)
        );
        assert!(cash_out(d("-1"), Some(d("5"))).is_err());
        assert_eq!(check_amount(d("0")), Err(GiftCardError::BadAmount(d("0"))));
    }
}
