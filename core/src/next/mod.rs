//! Next steps: what a learner should do now, and why. Correctives (a struggle traced to its
//! weakest, deepest weak prerequisite), next up (frontier skills toward the goal), reviews
//! (skills at the target whose review interval has passed), a mastery challenge once the
//! policy unlocks it, unit tests and course challenges once most of a unit or course is
//! known, and enrichment beyond a met goal. Every threshold, limit and interval comes from
//! a [`NextStepRules`] document.

mod class;
mod decide;
mod rules;

pub use class::{ClassSkill, ClassSkills, Struggler, class_skills, struggling};

pub use decide::{
    ChallengeStatus, ClassSteps, NamedStepRow, NextStep, REASON_CODES, Reason, Requirement,
    StepRow, challenge_status,
};
pub use rules::{
    ChallengeStepRules, CorrectiveRules, Limit, NEXT_STEPS_FORMAT_VERSION, NextStepRules,
    NextStepRulesDoc, ReviewRules, StepKind, TestRules,
};

use crate::curriculum::{Curriculum, Scope};
use crate::error::Result;
use crate::mastery::{LearnerStore, LearnerView};
use crate::policy::Policy;
use crate::time::Timestamp;

/// A learner's next steps toward `scope` (the whole curriculum when `None`) at `now`, most
/// urgent first, each with its reason as data and as a sentence.
///
/// ```
/// use masterykit::{Assessment, Curriculum, LearnerStore, NextStepRules, Policy, Response, StepKind, Timestamp};
/// let course = Curriculum::from_json(r#"{"format_version": 1, "skills": [
///     {"id": "add"}, {"id": "sub", "prerequisites": ["add"]}]}"#)?;
/// let mut store = LearnerStore::new(course, Policy::khan())?;
/// let at = Timestamp::parse("2026-09-01T10:00:00Z")?;
/// let mut sitting = Assessment::new("ana", "practice", at);
/// for i in 1..=4 {
///     sitting = sitting.with(Response::answer(format!("q{i}"), "add", true));
/// }
/// store.apply(&sitting)?;
/// let steps = masterykit::next_steps(&store.learner_or_empty("ana"), &NextStepRules::khan(), None, at)?;
/// assert_eq!((steps[0].kind, steps[0].skills.as_slice()), (StepKind::NextUp, ["sub".to_string()].as_slice()));
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn next_steps(
    learner: &LearnerView<'_>,
    rules: &NextStepRules,
    scope: Option<&Scope>,
    now: Timestamp,
) -> Result<Vec<NextStep>> {
    let store = learner.store();
    Guide::new(store.curriculum(), store.policy(), rules, scope)?.steps(learner, now)
}

/// Next steps asked again and again for learners of stores with one curriculum and policy
/// (a simulated teacher asks before every sitting): the plan is made once.
pub(crate) struct Guide<'s> {
    plan: decide::Plan<'s>,
    work: decide::Work,
}

impl<'s> Guide<'s> {
    /// A guide for stores holding `curriculum` and `policy`.
    pub(crate) fn new(
        curriculum: &'s Curriculum,
        policy: &'s Policy,
        rules: &NextStepRules,
        scope: Option<&Scope>,
    ) -> Result<Guide<'s>> {
        let plan = decide::Plan::new(curriculum, policy, rules, scope)?;
        let work = decide::Work::new(&plan);
        Ok(Guide { plan, work })
    }

    /// `learner`'s steps at `now` (its store must hold the guide's curriculum and policy).
    pub(crate) fn steps(
        &mut self,
        learner: &LearnerView<'_>,
        now: Timestamp,
    ) -> Result<Vec<NextStep>> {
        self.work.decide(&self.plan, learner, now);
        Ok(self.work.expand(&self.plan, learner, now))
    }
}

impl LearnerStore {
    /// Every learner's next steps toward `scope` at `now`, learners in store order, as
    /// compact rows (learner, rank, kind, skills, reason code; [`ClassSteps::named`] gives
    /// ids): one call for a whole class, computed in parallel with the `parallel` feature
    /// (the same rows for any thread count).
    pub fn next_steps_all(
        &self,
        rules: &NextStepRules,
        scope: Option<&Scope>,
        now: Timestamp,
    ) -> Result<ClassSteps> {
        let plan = decide::Plan::new(self.curriculum(), self.policy(), rules, scope)?;
        let rows = self.learners().len();
        let chunk = |range: std::ops::Range<usize>| {
            let mut work = decide::Work::new(&plan);
            let mut out = ClassSteps::default();
            for r in range {
                if let Some(view) = self.learner_at(r) {
                    work.decide(&plan, &view, now);
                    work.rows(r as u32, &mut out);
                }
            }
            out
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const CHUNK: usize = 8192;
            if rows > CHUNK {
                let parts: Vec<ClassSteps> = crate::parallel::install(|| {
                    (0..rows.div_ceil(CHUNK))
                        .into_par_iter()
                        .map(|c| chunk(c * CHUNK..((c + 1) * CHUNK).min(rows)))
                        .collect()
                });
                let mut all = ClassSteps::default();
                all.rows.reserve(parts.iter().map(|p| p.rows.len()).sum());
                for part in parts {
                    all.extend(part);
                }
                return Ok(all);
            }
        }
        Ok(chunk(0..rows))
    }
}
