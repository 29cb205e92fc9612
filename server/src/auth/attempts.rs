//! One sign-in attempt at a time per subject (a device's PINs, an email's password): an attempt holds its
//! subject's turn from the lockout check until its failure is counted, so concurrent guesses cannot all pass the
//! check before the fifth failure locks the subject. Subjects share a fixed set of locks (bounded memory);
//! unrelated subjects rarely wait for each other, and only for one hash check.

use std::hash::BuildHasher;
use tokio::sync::{Mutex, MutexGuard};

/// Locks shared by all subjects, by hash.
const STRIPES: usize = 256;

#[derive(Debug)]
pub struct Attempts {
    stripes: Vec<Mutex<()>>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for Attempts {
    fn default() -> Self {
        Attempts {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

impl Attempts {
    /// Wait for `subject`'s turn; it lasts while the guard lives.
    pub async fn turn(&self, subject: &str) -> MutexGuard<'_, ()> {
        let i = usize::try_from(self.hasher.hash_one(subject) % STRIPES as u64).unwrap_or(0);
        self.stripes[i].lock().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_same_subject_waits_for_its_turn() {
        let attempts = Attempts::default();
        let held = attempts.turn("pin:a").await;
        let same = tokio::time::timeout(std::time::Duration::from_secs(1), attempts.turn("pin:a"));
        assert!(same.await.is_err(), "the same subject waits");
        drop(held);
        let _again = attempts.turn("pin:a").await;
    }
}
