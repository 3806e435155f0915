//! Reports as data: a learner's mastery, a class's skills, activity in a window, progress
//! over time, goals and the reports on classes.

mod classes;
mod goals;

pub use classes::{
    ClassGoalReport, ClassMastery, GoalCounts, GoalLearner, MAX_PROGRESS_PERIODS, MasteryRow,
    ProgressPoint, ScoreRow, class_activity, class_goals, class_mastery, progress_over_time,
    scores,
};
pub use goals::{GoalProgress, progress, progress_of};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::curriculum::Scope;
use crate::error::Result;
use crate::mastery::{LearnerStore, LearnerView, SkillState, Transition};
use crate::time::Timestamp;

/// Mastery of one course or unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScopeMastery {
    /// Course or unit id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Points earned.
    pub points_earned: f64,
    /// Points possible (max points per skill x skills, each skill once).
    pub points_possible: f64,
    /// `100 * earned / possible` (0 for an empty scope).
    pub mastery_percent: f64,
}

/// One learner's mastery report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LearnerReport<'a> {
    /// The learner.
    pub learner: &'a str,
    /// Every skill's state, in learnable order.
    pub skills: Vec<SkillState<'a>>,
    /// Per course.
    pub courses: Vec<ScopeMastery>,
    /// Per unit.
    pub units: Vec<ScopeMastery>,
    /// Skills at or above the policy's target: highest level first, then best accuracy.
    pub strengths: Vec<&'a str>,
    /// Practised skills below the target: lowest level first, then worst accuracy.
    pub weaknesses: Vec<&'a str>,
}

fn accuracy(s: &SkillState<'_>) -> f64 {
    if s.responses == 0 {
        0.0
    } else {
        s.score_sum / f64::from(s.responses)
    }
}

fn scope_mastery(
    view: &LearnerView<'_>,
    scope: Scope,
    id: &str,
    name: &str,
) -> Result<ScopeMastery> {
    let store = view.store();
    let skills = store.curriculum().scope_skills(&scope)?;
    let possible = store.policy().max_points() * skills.len() as f64;
    let percent = view.mastery_percent_of(&skills);
    Ok(ScopeMastery {
        id: id.to_string(),
        name: name.to_string(),
        points_earned: percent * possible / 100.0,
        points_possible: possible,
        mastery_percent: percent,
    })
}

/// The mastery report of one learner.
pub fn learner_report<'a>(view: &LearnerView<'a>) -> Result<LearnerReport<'a>> {
    let store: &'a LearnerStore = view.store();
    let c = store.curriculum();
    let target = store.policy().default_target();
    let skills: Vec<SkillState<'a>> = c
        .learnable_order_indices()
        .iter()
        .map(|&s| view.skill_at(s as usize))
        .collect();
    let courses = c
        .courses()
        .iter()
        .map(|k| scope_mastery(view, Scope::Course(k.id.clone()), &k.id, &k.name))
        .collect::<Result<_>>()?;
    let units = c
        .units()
        .iter()
        .map(|u| scope_mastery(view, Scope::Unit(u.id.clone()), &u.id, &u.name))
        .collect::<Result<_>>()?;
    let mut strong: Vec<&SkillState<'a>> =
        skills.iter().filter(|s| s.level_index >= target).collect();
    strong.sort_by(|a, b| {
        b.level_index
            .cmp(&a.level_index)
            .then(accuracy(b).total_cmp(&accuracy(a)))
    });
    let mut weak: Vec<&SkillState<'a>> = skills
        .iter()
        .filter(|s| s.level_index < target && s.responses > 0)
        .collect();
    weak.sort_by(|a, b| {
        a.level_index
            .cmp(&b.level_index)
            .then(accuracy(a).total_cmp(&accuracy(b)))
    });
    Ok(LearnerReport {
        learner: view.id(),
        strengths: strong.iter().map(|s| s.skill).collect(),
        weaknesses: weak.iter().map(|s| s.skill).collect(),
        skills,
        courses,
        units,
    })
}

/// For one skill, how many learners are at each level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassSkillRow<'a> {
    /// The skill.
    pub skill: &'a str,
    /// Learners per level, in the policy's level order.
    pub counts: Vec<u32>,
    /// Mean mastery % of the class on this skill.
    pub mastery_percent: f64,
}

/// The class skills report: per skill, learners at each level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassReport<'a> {
    /// Level ids, the columns of `counts`.
    pub levels: Vec<&'a str>,
    /// Learners counted.
    pub learners: usize,
    /// One row per skill, in learnable order.
    pub skills: Vec<ClassSkillRow<'a>>,
}

/// The class skills report over every learner in the store.
pub fn class_report(store: &LearnerStore) -> ClassReport<'_> {
    let c = store.curriculum();
    let p = store.policy();
    let n_levels = p.levels().len();
    let n = c.len();
    let mut counts = vec![0u32; n * n_levels];
    for row in 0..store.learners().len() {
        if let Some(v) = store.learner_at(row) {
            for (s, l) in v.levels().enumerate() {
                counts[s * n_levels + l as usize] += 1;
            }
        }
    }
    let learners = store.learners().len();
    let skills = c
        .learnable_order_indices()
        .iter()
        .map(|&s| {
            let row = counts[s as usize * n_levels..(s as usize + 1) * n_levels].to_vec();
            let points: f64 = row
                .iter()
                .enumerate()
                .map(|(l, &k)| f64::from(k) * p.points(l as u8))
                .sum();
            ClassSkillRow {
                skill: &c.skills()[s as usize].id,
                mastery_percent: if learners == 0 {
                    0.0
                } else {
                    100.0 * points / (p.max_points() * learners as f64)
                },
                counts: row,
            }
        })
        .collect();
    ClassReport {
        levels: p.levels().iter().map(|l| l.id.as_str()).collect(),
        learners,
        skills,
    }
}

/// Activity in a time window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivityOverview {
    /// Window start (inclusive).
    pub from: Timestamp,
    /// Window end (exclusive).
    pub to: Timestamp,
    /// Learners with at least one assessment.
    pub learners_active: usize,
    /// Assessments.
    pub assessments: usize,
    /// Responses.
    pub responses: u64,
    /// Mean score of those responses.
    pub accuracy: f64,
    /// Seconds spent (sum of response durations).
    pub seconds: f64,
    /// Level changes upward.
    pub levels_up: usize,
    /// Level changes downward.
    pub levels_down: usize,
    /// Assessments per context.
    pub by_context: BTreeMap<String, usize>,
}

/// Activity of every learner (or one, with `learner`) in `[from, to)`, from the store's
/// history.
pub fn activity(
    store: &LearnerStore,
    from: Timestamp,
    to: Timestamp,
    learner: Option<usize>,
) -> ActivityOverview {
    activity_where(store, from, to, |l| learner.is_none_or(|x| x == l as usize))
}

/// Activity of the learners (store rows) `mine` accepts in `[from, to)`.
fn activity_where(
    store: &LearnerStore,
    from: Timestamp,
    to: Timestamp,
    mine: impl Fn(u32) -> bool,
) -> ActivityOverview {
    let within = |t: i64| t >= from.as_millis() && t < to.as_millis();
    let mut active = vec![false; store.learners().len()];
    let mut out = ActivityOverview {
        from,
        to,
        learners_active: 0,
        assessments: 0,
        responses: 0,
        accuracy: 0.0,
        seconds: 0.0,
        levels_up: 0,
        levels_down: 0,
        by_context: BTreeMap::new(),
    };
    let mut score = 0.0;
    for a in store.activity() {
        if !within(a.timestamp) || !mine(a.learner) {
            continue;
        }
        active[a.learner as usize] = true;
        out.assessments += 1;
        out.responses += u64::from(a.responses);
        score += a.score_sum;
        out.seconds += a.duration;
        *out.by_context
            .entry(store.policy().context_id(a.context).to_string())
            .or_default() += 1;
    }
    for t in store.compact_transitions() {
        if within(t.timestamp) && mine(t.learner) {
            if t.to > t.from {
                out.levels_up += 1;
            } else {
                out.levels_down += 1;
            }
        }
    }
    out.learners_active = active.iter().filter(|&&a| a).count();
    out.accuracy = if out.responses > 0 {
        score / out.responses as f64
    } else {
        0.0
    };
    out
}

/// One learner's level changes over time, oldest first.
pub fn timeline(view: &LearnerView<'_>) -> Vec<Transition> {
    let store = view.store();
    let mut out: Vec<Transition> = store
        .compact_transitions()
        .iter()
        .filter(|t| Some(t.learner as usize) == view.index())
        .map(|t| store.expand(t))
        .collect();
    out.sort_by_key(|t| t.timestamp);
    out
}
