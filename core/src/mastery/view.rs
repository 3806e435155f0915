//! Read-only views of one learner and of one learner's state on a skill.

use serde::Serialize;

use super::cell::EMPTY_CELL;
use super::{LearnerStore, NEVER};
use crate::curriculum::Scope;
use crate::error::Result;
use crate::time::Timestamp;

/// One learner's state on one skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkillState<'a> {
    /// The skill id.
    pub skill: &'a str,
    /// The level id.
    pub level: &'a str,
    /// The level index in the policy.
    #[serde(skip)]
    pub level_index: u8,
    /// Points of the level.
    pub points: f64,
    /// Responses counted.
    pub responses: u32,
    /// Sum of their scores (correct responses for right-or-wrong answers).
    pub score_sum: f64,
    /// Last assessment that exercised the skill.
    pub last_practiced: Option<Timestamp>,
    /// Successful reviews in a row: sittings on a later day than the last practice that
    /// found the skill at the policy's default target or above and left it there (at most
    /// [`MAX_CELL_REVIEWS`](crate::MAX_CELL_REVIEWS)); a level below the target resets it.
    pub reviews: u8,
    /// Whether the last change of level was down (a test or a weaker exercise demoted it).
    pub demoted: bool,
    /// P(known) under a probability policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_known: Option<f64>,
}

/// A learner's practice on one skill, as [`LearnerView::practice_at`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Practice {
    /// The level index in the policy.
    pub level_index: u8,
    /// Responses counted.
    pub responses: u32,
    /// Sum of their scores.
    pub score_sum: f64,
    /// Last assessment that exercised the skill.
    pub last_practiced: Option<Timestamp>,
    /// Successful reviews in a row.
    pub reviews: u8,
    /// Whether the last change of level was down.
    pub demoted: bool,
}

impl Practice {
    /// Mean score of the responses (0 with none).
    pub fn accuracy(&self) -> f64 {
        if self.responses == 0 {
            0.0
        } else {
            self.score_sum / f64::from(self.responses)
        }
    }
}

impl LearnerStore {
    /// Every learner's level index (into the policy's levels) on every skill, row-major:
    /// `matrix[learner * skills + skill]`, learners in [`LearnerStore::learners`] order.
    pub fn level_matrix(&self) -> Vec<u8> {
        self.cells.iter().map(|c| c.level()).collect()
    }
}

/// A read-only view of one learner in a [`LearnerStore`].
#[derive(Debug, Clone, Copy)]
pub struct LearnerView<'a> {
    pub(super) store: &'a LearnerStore,
    /// The learner's row, or `None` for a learner with no evidence yet (not in the store).
    pub(super) row: Option<usize>,
    pub(super) id: &'a str,
}

impl<'a> LearnerView<'a> {
    /// The learner id.
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The learner's row index in the store; `None` for a learner with no evidence yet
    /// (see [`LearnerStore::learner_or_empty`]).
    pub fn index(&self) -> Option<usize> {
        self.row
    }

    /// The store this view reads.
    pub fn store(&self) -> &'a LearnerStore {
        self.store
    }

    /// When the learner's first assessment happened.
    pub fn first_activity(&self) -> Option<Timestamp> {
        let t = self.store.first_activity[self.row?];
        (t != i64::MAX).then(|| Timestamp::from_millis(t))
    }

    /// When the learner last took a mastery challenge.
    pub fn last_challenge(&self) -> Option<Timestamp> {
        let t = self.store.last_challenge[self.row?];
        (t != NEVER).then(|| Timestamp::from_millis(t))
    }

    /// Points earned over points possible on a scope, as a percentage in [0, 100] (each skill
    /// counted once; 0 for an empty scope).
    pub fn mastery_percent(&self, scope: &Scope) -> Result<f64> {
        let skills = self.store.curriculum.scope_skills(scope)?;
        Ok(self.mastery_percent_of(&skills))
    }

    pub(crate) fn mastery_percent_of(&self, skills: &[usize]) -> f64 {
        if skills.is_empty() {
            return 0.0;
        }
        let p = &self.store.policy;
        let earned: f64 = skills.iter().map(|&s| p.points(self.level_at(s))).sum();
        100.0 * earned / (p.max_points() * skills.len() as f64)
    }

    /// The state on the skill at `index`.
    pub fn skill_at(&self, index: usize) -> SkillState<'a> {
        let st = self.store;
        let n = st.curriculum.len();
        let cell = self.row.map_or(EMPTY_CELL, |r| st.cells[r * n + index]);
        SkillState {
            skill: &st.curriculum.skills()[index].id,
            level: st.policy.level_id(cell.level()),
            level_index: cell.level(),
            points: st.policy.points(cell.level()),
            responses: cell.responses(),
            score_sum: f64::from(cell.score_sum),
            last_practiced: (cell.last() != NEVER).then(|| Timestamp::from_millis(cell.last())),
            reviews: cell.reviews(),
            demoted: cell.demoted(),
            p_known: match self.row {
                Some(r) => st.p_known_at(r * n, index),
                None => st.skill_bkt.get(index).map(|b| b.prior),
            },
        }
    }

    /// The state on a skill by id.
    pub fn skill(&self, id: &str) -> Result<SkillState<'a>> {
        let s = self
            .store
            .curriculum
            .require_skill(id, "the learner query")?;
        Ok(self.skill_at(s))
    }

    /// The level index on the skill at `index`.
    pub fn level_at(&self, index: usize) -> u8 {
        let n = self.store.curriculum.len();
        self.row
            .map_or(EMPTY_CELL, |r| self.store.cells[r * n + index])
            .level()
    }

    /// The learner's practice on the skill at `index`, without ids: cheap enough to read
    /// for every skill of every learner.
    pub fn practice_at(&self, index: usize) -> Practice {
        let n = self.store.curriculum.len();
        let cell = self
            .row
            .map_or(EMPTY_CELL, |r| self.store.cells[r * n + index]);
        Practice {
            level_index: cell.level(),
            responses: cell.responses(),
            score_sum: f64::from(cell.score_sum),
            last_practiced: (cell.last() != NEVER).then(|| Timestamp::from_millis(cell.last())),
            reviews: cell.reviews(),
            demoted: cell.demoted(),
        }
    }

    /// Level indices of every skill, in curriculum index order.
    pub fn levels(&self) -> impl Iterator<Item = u8> + 'a {
        let v = *self;
        (0..self.store.curriculum.len()).map(move |s| v.level_at(s))
    }

    /// The state on every skill, in curriculum index order.
    pub fn skills(&self) -> impl Iterator<Item = SkillState<'a>> + 'a {
        let v = *self;
        (0..self.store.curriculum.len()).map(move |s| v.skill_at(s))
    }
}
