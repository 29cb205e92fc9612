//! The back office's quick-key editor (feature `office`): a store's layout as read, with the version read, and
//! the edits a manager makes — add a product (once), label, colour from the palette, move up or down, remove —
//! then the `QuickKeysUpdate` sent with that version. The server's rule (**quick-key layout**,
//! `shared::quick_keys::validate`) is checked before sending; its failures come back as sentences.

use shared::quick_keys::{
    validate, QuickKey, QuickKeys, QuickKeysUpdate, COLOURS, MAX_LABEL, MAX_QUICK_KEYS,
};

/// The colour a new key gets.
pub const NEW_KEY_COLOUR: &str = "blue";

/// The layout being arranged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuickKeyEditor {
    pub keys: Vec<QuickKey>,
    /// The version read (0: the store had none).
    pub version: i64,
}

impl QuickKeyEditor {
    pub fn of(read: &QuickKeys) -> Self {
        QuickKeyEditor {
            keys: read.keys.clone(),
            version: read.version,
        }
    }

    /// Add `product_id` at the end; refused when it has a key already or the grid is full.
    pub fn add(&mut self, product_id: &str) -> Result<(), String> {
        if self.keys.iter().any(|k| k.product_id == product_id) {
            return Err("That product has a key already.".into());
        }
        if self.keys.len() >= MAX_QUICK_KEYS {
            return Err(format!("The grid is full: at most {MAX_QUICK_KEYS} keys."));
        }
        self.keys.push(QuickKey {
            product_id: product_id.to_string(),
            colour: NEW_KEY_COLOUR.into(),
            label: None,
        });
        Ok(())
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.keys.len() {
            self.keys.remove(index);
        }
    }

    /// Move the key at `index` one place earlier (nothing at the first).
    pub fn move_up(&mut self, index: usize) {
        if index > 0 && index < self.keys.len() {
            self.keys.swap(index - 1, index);
        }
    }

    /// Move the key at `index` one place later (nothing at the last).
    pub fn move_down(&mut self, index: usize) {
        if index + 1 < self.keys.len() {
            self.keys.swap(index, index + 1);
        }
    }

    /// Set the key's colour; only the palette's names are taken.
    pub fn set_colour(&mut self, index: usize, colour: &str) {
        if let Some(k) = self
            .keys
            .get_mut(index)
            .filter(|_| COLOURS.contains(&colour))
        {
            k.colour = colour.to_string();
        }
    }

    /// Set the key's label; blank means the product's name.
    pub fn set_label(&mut self, index: usize, label: &str) {
        if let Some(k) = self.keys.get_mut(index) {
            let label = label.trim();
            k.label = (!label.is_empty()).then(|| label.to_string());
        }
    }

    /// What to send, or the first broken rule in words.
    pub fn update(&self) -> Result<QuickKeysUpdate, String> {
        validate(&self.keys).map_err(|errors| {
            let first = errors.first().map(|e| e.field.as_str()).unwrap_or("keys");
            let position = first
                .strip_prefix("keys[")
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .map(|n| format!("Key {}: ", n + 1))
                .unwrap_or_default();
            if first.ends_with("label") {
                format!("{position}a label is at most {MAX_LABEL} characters, without line breaks.")
            } else if first.ends_with("colour") {
                format!("{position}choose a colour of the palette.")
            } else {
                format!("{position}each product has one key, at most {MAX_QUICK_KEYS} keys.")
            }
        })?;
        Ok(QuickKeysUpdate {
            keys: self.keys.clone(),
            version: self.version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn ids(e: &QuickKeyEditor) -> Vec<&str> {
        e.keys.iter().map(|k| k.product_id.as_str()).collect()
    }

    fn editor() -> QuickKeyEditor {
        let mut e = QuickKeyEditor::of(&QuickKeys {
            store_id: Uuid::nil(),
            keys: vec![],
            version: 3,
        });
        for id in ["a", "b", "c"] {
            e.add(id).unwrap();
        }
        e
    }

    #[test]
    fn add_once_move_and_remove() {
        let mut e = editor();
        assert_eq!(e.add("b"), Err("That product has a key already.".into()));
        e.move_up(2);
        assert_eq!(ids(&e), ["a", "c", "b"]);
        e.move_up(0);
        e.move_down(2);
        assert_eq!(ids(&e), ["a", "c", "b"]);
        e.move_down(0);
        assert_eq!(ids(&e), ["c", "a", "b"]);
        e.remove(1);
        e.remove(9);
        assert_eq!(ids(&e), ["c", "b"]);
    }

    #[test]
    fn colours_come_from_the_palette_and_blank_labels_are_none() {
        let mut e = editor();
        e.set_colour(0, "green");
        e.set_colour(1, "chartreuse");
        assert_eq!(
            (e.keys[0].colour.as_str(), e.keys[1].colour.as_str()),
            ("green", NEW_KEY_COLOUR)
        );
        e.set_label(0, "  Bread ");
        e.set_label(1, "   ");
        assert_eq!(e.keys[0].label.as_deref(), Some("Bread"));
        assert_eq!(e.keys[1].label, None);
        let upd = e.update().unwrap();
        assert_eq!(upd.version, 3);
        assert_eq!(upd.keys, e.keys);
    }

    #[test]
    fn a_full_grid_and_a_long_label_are_refused_in_words() {
        let mut e = QuickKeyEditor::default();
        for i in 0..MAX_QUICK_KEYS {
            e.add(&format!("p{i}")).unwrap();
        }
        assert!(e.add("one-more").unwrap_err().contains("at most 48"));
        e.set_label(1, &"x".repeat(MAX_LABEL + 1));
        assert_eq!(
            e.update().unwrap_err(),
            "Key 2: a label is at most 24 characters, without line breaks."
        );
    }
}
