//! The PIN keypad's rules: what a key press does to the digits typed so far, and what typing into the field
//! keeps (digits only, at most `MAX_DIGITS`).

/// The longest PIN the keypad takes.
pub const MAX_DIGITS: usize = 8;

/// A key of the PIN keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinKey {
    Digit(char),
    /// Delete the last digit.
    Back,
    /// Delete every digit.
    Clear,
}

/// The digits after pressing `key`.
pub fn press(pin: &str, key: PinKey) -> String {
    let mut out = pin.to_string();
    match key {
        PinKey::Digit(d) if d.is_ascii_digit() && out.chars().count() < MAX_DIGITS => out.push(d),
        PinKey::Digit(_) => {}
        PinKey::Back => {
            out.pop();
        }
        PinKey::Clear => out.clear(),
    }
    out
}

/// What typed (or pasted) text leaves in the field: its digits, at most `MAX_DIGITS`.
pub fn typed(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_digit)
        .take(MAX_DIGITS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_added_up_to_the_limit() {
        let mut pin = String::new();
        for _ in 0..10 {
            pin = press(&pin, PinKey::Digit('7'));
        }
        assert_eq!(pin, "77777777");
        assert_eq!(press("12", PinKey::Digit('x')), "12");
    }

    #[test]
    fn back_deletes_one_digit_and_clear_all() {
        assert_eq!(press("123", PinKey::Back), "12");
        assert_eq!(press("", PinKey::Back), "");
        assert_eq!(press("123", PinKey::Clear), "");
    }

    #[test]
    fn typed_text_keeps_digits_only() {
        assert_eq!(typed("1a2 3-4"), "1234");
        assert_eq!(typed("1234567890"), "12345678");
    }
}
