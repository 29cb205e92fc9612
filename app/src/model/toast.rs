//! A transient message over the screen (an unknown barcode, a search without a match): shown when it is
//! raised and gone by itself `TOAST_MS` later, read against the app's clock (`AppState::now_ms`), never a
//! sleep. A toast never moves anything: it is drawn over the page.

/// How long a toast stays up, in milliseconds.
pub const TOAST_MS: f64 = 4_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub text: String,
    /// When it was raised, in ms since the epoch.
    pub shown_at_ms: f64,
}

impl Toast {
    pub fn new(text: impl Into<String>, now_ms: f64) -> Self {
        Toast {
            text: text.into(),
            shown_at_ms: now_ms,
        }
    }

    /// Still up at `now_ms` (a clock set back keeps it up until it is replaced or dismissed).
    pub fn visible_at(&self, now_ms: f64) -> bool {
        now_ms - self.shown_at_ms < TOAST_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toast_leaves_after_its_time() {
        let t = Toast::new("No product with barcode 123", 10_000.0);
        assert!(t.visible_at(10_000.0));
        assert!(t.visible_at(10_000.0 + TOAST_MS - 1.0));
        assert!(!t.visible_at(10_000.0 + TOAST_MS));
        assert!(t.visible_at(9_000.0));
    }
}
