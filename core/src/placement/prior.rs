//! Priors of a placement from what a learner store already knows of the learner.

use std::collections::BTreeMap;

use super::options::PlacementOptions;
use crate::error::{Error, Result};
use crate::mastery::LearnerView;

/// The tightest a prior taken from a BKT estimate gets to 0 or 1 (priors are in (0, 1)).
const EDGE: f64 = 1e-6;

impl PlacementOptions {
    /// These options with priors from a learner's record: each skill whose level `by_level`
    /// names gets that P(known) (say `familiar` 0.7, `mastered` 0.97); other skills, the
    /// store's BKT P(known) when it tracks one (kept within [10^-6, 1 - 10^-6]); skills
    /// with neither keep `prior` or `default_prior`. A level the policy lacks is
    /// `unknown_level`, a P(known) outside (0, 1) `invalid_number`.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use masterykit::{Assessment, Curriculum, LearnerStore, PlacementOptions, Policy, Response, Timestamp};
    /// let c = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}, {"id": "sub"}]}"#)?;
    /// let mut store = LearnerStore::new(c, Policy::khan())?;
    /// let mut a = Assessment::new("ana", "practice", Timestamp::parse("2026-09-01")?);
    /// for k in 0..4 {
    ///     a = a.with(Response::answer(format!("q{k}"), "add", true));
    /// }
    /// store.apply(&a)?;                                                   // add: proficient
    /// let by_level = BTreeMap::from([("proficient".to_string(), 0.9)]);
    /// let o = PlacementOptions::default().with_learner_prior(&store.require_learner("ana")?, &by_level)?;
    /// assert_eq!(o.prior, BTreeMap::from([("add".to_string(), 0.9)]));   // sub: not started, no BKT
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn with_learner_prior(
        mut self,
        learner: &LearnerView<'_>,
        by_level: &BTreeMap<String, f64>,
    ) -> Result<PlacementOptions> {
        let policy = learner.store().policy();
        let mut by_index = BTreeMap::new();
        for (level, &p) in by_level {
            let index = policy.require_level(level, "placement priors by level")?;
            if !(p > 0.0 && p < 1.0) {
                return Err(Error::InvalidNumber {
                    location: format!("prior by level `{level}`"),
                    value: p,
                    expected: "within (0, 1)",
                });
            }
            by_index.insert(index, p);
        }
        for state in learner.skills() {
            let p = match (by_index.get(&state.level_index), state.p_known) {
                (Some(&p), _) => p,
                (None, Some(p)) if p.is_finite() => p.clamp(EDGE, 1.0 - EDGE),
                _ => continue,
            };
            self.prior.insert(state.skill.to_string(), p);
        }
        Ok(self)
    }
}
