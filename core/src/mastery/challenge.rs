//! The mastery challenge's state-dependent rules: unlock conditions and cool-down.

use super::{LearnerStore, NEVER};
use crate::error::{Error, Result};
use crate::time::Timestamp;

impl LearnerStore {
    /// Whether `learner` (at `row`, or not yet in the store) may take a mastery challenge.
    pub(super) fn check_challenge(&self, learner: &str, row: Option<usize>, at: i64) -> Result<()> {
        let Some(ch) = self.policy.challenge() else {
            return Ok(());
        };
        let n = self.curriculum.len();
        for &(level, at_least) in &ch.unlock {
            let count = row.map_or(0, |r| {
                self.cells[r * n..(r + 1) * n]
                    .iter()
                    .filter(|c| c.level() >= level)
                    .count()
            });
            if count < at_least as usize {
                return Err(Error::MasteryChallengeLocked {
                    learner: learner.to_string(),
                    requirement: format!(
                        "{at_least} skills at `{}` or above, has {count}",
                        self.policy.level_id(level)
                    ),
                });
            }
        }
        if let Some(r) = row {
            let last = self.last_challenge[r];
            if last != NEVER && at < last.saturating_add(ch.cooldown_ms) {
                return Err(Error::MasteryChallengeCooldown {
                    learner: learner.to_string(),
                    next_allowed: Timestamp::from_millis(last.saturating_add(ch.cooldown_ms)),
                });
            }
        }
        Ok(())
    }
}
