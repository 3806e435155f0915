//! Who is struggling: on a skill, across a class, and the correctives given to them.

use serde::Serialize;

use super::NextStepRules;
use super::decide::{Plan, struggling_rule};
use crate::error::Result;
use crate::mastery::LearnerStore;
use crate::roster::{Assignment, RosterChange};
use crate::time::Timestamp;

/// A learner struggling with a skill, and the corrective rule that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Struggler {
    /// The learner.
    pub learner: String,
    /// The rule: `level`, `demoted`, `accuracy` or `p_known`.
    pub rule: &'static str,
}

/// The learners struggling with `skill` by `rules`' corrective rules: those of class
/// `class`, or of the whole store, in their order there.
pub fn struggling(
    store: &LearnerStore,
    skill: &str,
    class: Option<&str>,
    rules: &NextStepRules,
) -> Result<Vec<Struggler>> {
    let s = store
        .curriculum()
        .require_skill(skill, "the struggling query")?;
    let plan = Plan::new(store.curriculum(), store.policy(), rules, None)?;
    let ids = learners_of(store, class)?;
    Ok(ids
        .into_iter()
        .filter_map(|l| {
            let v = store.learner_or_empty(&l);
            struggling_rule(&plan, &v, s).map(|rule| Struggler { learner: l, rule })
        })
        .collect())
}

/// One skill of the class Skills report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassSkill {
    /// The skill id.
    pub skill: String,
    /// Its name (the id when it has none).
    pub name: String,
    /// Learners per level, in the policy's level order.
    pub counts: Vec<usize>,
    /// Share of the learners at or above the policy's default target, in percent.
    pub percent_at_target: f64,
    /// The learners struggling with it, in roster order.
    pub struggling: Vec<String>,
}

/// The Skills report of a class: per skill, learners at each level and who struggles.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassSkills {
    /// The class id.
    pub class: String,
    /// Level ids: the columns of [`ClassSkill::counts`].
    pub levels: Vec<String>,
    /// Learners counted.
    pub learners: usize,
    /// One row per skill, in learnable order.
    pub skills: Vec<ClassSkill>,
}

/// The Skills report of class `class`, struggles judged by `rules`.
pub fn class_skills(
    store: &LearnerStore,
    class: &str,
    rules: &NextStepRules,
) -> Result<ClassSkills> {
    let c = store.curriculum();
    let p = store.policy();
    let plan = Plan::new(c, p, rules, None)?;
    let ids = learners_of(store, Some(class))?;
    let views: Vec<_> = ids.iter().map(|l| store.learner_or_empty(l)).collect();
    let target = p.default_target();
    let skills = c
        .learnable_order_indices()
        .iter()
        .map(|&s| {
            let s = s as usize;
            let mut counts = vec![0usize; p.levels().len()];
            for v in &views {
                counts[v.level_at(s) as usize] += 1;
            }
            let at: usize = counts[target as usize..].iter().sum();
            let skill = &c.skills()[s];
            ClassSkill {
                skill: skill.id.clone(),
                name: if skill.name.is_empty() {
                    skill.id.clone()
                } else {
                    skill.name.clone()
                },
                counts,
                percent_at_target: if views.is_empty() {
                    0.0
                } else {
                    100.0 * at as f64 / views.len() as f64
                },
                struggling: views
                    .iter()
                    .filter(|v| struggling_rule(&plan, v, s).is_some())
                    .map(|v| v.id().to_string())
                    .collect(),
            }
        })
        .collect();
    Ok(ClassSkills {
        class: class.to_string(),
        levels: p.levels().iter().map(|l| l.id.clone()).collect(),
        learners: views.len(),
        skills,
    })
}

impl LearnerStore {
    /// Gives practice on `skill` to every learner of class `class` (or of the store)
    /// struggling with it by `rules`: one assignment `id`, open from `start`, due at `due`.
    /// Returns it with the log line of the change, or `None` when no one struggles (nothing
    /// changes then).
    pub fn assign_correctives(
        &mut self,
        id: &str,
        skill: &str,
        class: Option<&str>,
        rules: &NextStepRules,
        start: Option<Timestamp>,
        due: Option<Timestamp>,
    ) -> Result<Option<(Assignment, String)>> {
        let who = struggling(self, skill, class, rules)?;
        if who.is_empty() {
            return Ok(None);
        }
        let assignment = Assignment {
            id: id.to_string(),
            name: format!("Correctives: {skill}"),
            skills: vec![skill.to_string()],
            context: "practice".into(),
            start,
            due,
            class: None,
            learners: who.into_iter().map(|s| s.learner).collect(),
        };
        let line = self.change_roster(&RosterChange::AddAssignment {
            assignment: assignment.clone(),
        })?;
        Ok(Some((assignment, line)))
    }
}

/// The learners of a class, or every learner of the store.
fn learners_of(store: &LearnerStore, class: Option<&str>) -> Result<Vec<String>> {
    Ok(match class {
        Some(c) => store.roster().require_class(c)?.learners.clone(),
        None => store.learners().iter().map(str::to_string).collect(),
    })
}
