//! The cart line just added (scan, tap or Enter): the cart scrolls to it and flashes it. Each add takes the
//! next serial, so adding the same product twice flashes its line again (`flash_class` alternates between two
//! classes with the same animation, which restarts it).

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub product_id: String,
    pub serial: u64,
}

impl Added {
    /// The add after `previous`.
    pub fn next(previous: Option<&Added>, product_id: &str) -> Added {
        Added {
            product_id: product_id.to_string(),
            serial: previous.map_or(1, |p| p.serial.wrapping_add(1)),
        }
    }

    /// The class of the flash for this add.
    pub fn flash_class(&self) -> &'static str {
        if self.serial.is_multiple_of(2) {
            "flash-even"
        } else {
            "flash-odd"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_the_same_line_again_changes_the_flash() {
        let first = Added::next(None, "a");
        let again = Added::next(Some(&first), "a");
        assert_eq!(again.product_id, "a");
        assert_ne!(first.flash_class(), again.flash_class());
        let other = Added::next(Some(&again), "b");
        assert_eq!(other.serial, 3);
    }
}
