//! Reports on classes: goal status counts, assignment scores, mastery by learner, progress
//! over time and activity.

use serde::Serialize;

use super::goals::progress_on;
use super::{ActivityOverview, GoalProgress, activity_where};
use crate::curriculum::Scope;
use crate::error::{Error, Result};
use crate::mastery::LearnerStore;
use crate::roster::{AssignmentStatus, Class, GoalStatus};
use crate::time::{DAY_MS, Timestamp};

/// One learner on a class goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalLearner {
    /// The learner.
    pub learner: String,
    /// Their progress.
    pub progress: GoalProgress,
}

/// Learners of a class per goal status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalCounts {
    /// No evidence on the scope yet.
    pub not_started: usize,
    /// Under way, no due date.
    pub in_progress: usize,
    /// Under way, too early to project a pace.
    pub too_early: usize,
    /// On pace to finish by the due date.
    pub on_track: usize,
    /// On pace to finish after the due date.
    pub behind: usize,
    /// Achieved.
    pub achieved: usize,
    /// Past due, not achieved.
    pub overdue: usize,
}

/// A goal given to (learners of) a class, with where each learner stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassGoalReport {
    /// The goal id.
    pub goal: String,
    /// Its name (the id when it has none).
    pub name: String,
    /// What it covers.
    pub scope: Scope,
    /// Its due date.
    pub due: Option<Timestamp>,
    /// Learners per status.
    pub counts: GoalCounts,
    /// Learners behind or overdue, in roster order.
    pub behind: Vec<String>,
    /// Each learner of the class the goal is given to, in roster order.
    pub learners: Vec<GoalLearner>,
}

/// The goals given to class `class` or by name to any of its learners, as of `now`: for each, how
/// many learners have achieved it, are on track, behind or overdue, and who.
pub fn class_goals(
    store: &LearnerStore,
    class: &str,
    now: Timestamp,
) -> Result<Vec<ClassGoalReport>> {
    let roster = store.roster();
    let members = members(store, class)?;
    let given = given(&members, |row| store.goals_at(row));
    let mut out = Vec::with_capacity(given.len());
    for g in given {
        let goal = &roster.goals()[g as usize];
        let Some(mine) = Mine::new(class, goal.class.as_deref(), &goal.learners) else {
            continue;
        };
        let spec = goal.goal();
        let (skills, target) = roster.goal_plan(g as usize);
        let skills: Vec<usize> = skills.iter().map(|&s| s as usize).collect();
        let learners: Vec<GoalLearner> = members
            .iter()
            .filter(|&&(row, l)| mine.has(l) && store.goals_at(row).binary_search(&g).is_ok())
            .map(|&(_, l)| GoalLearner {
                learner: l.to_string(),
                progress: progress_on(&store.learner_or_empty(l), &spec, &skills, target, now),
            })
            .collect();
        let count = |s| learners.iter().filter(|l| l.progress.status == s).count();
        let counts = GoalCounts {
            not_started: count(GoalStatus::NotStarted),
            in_progress: count(GoalStatus::InProgress),
            too_early: count(GoalStatus::TooEarly),
            on_track: count(GoalStatus::OnTrack),
            behind: count(GoalStatus::Behind),
            achieved: count(GoalStatus::Achieved),
            overdue: count(GoalStatus::Overdue),
        };
        out.push(ClassGoalReport {
            goal: goal.id.clone(),
            name: shown(&goal.name, &goal.id),
            scope: goal.scope.clone(),
            due: goal.due,
            counts,
            behind: learners
                .iter()
                .filter(|l| matches!(l.progress.status, GoalStatus::Behind | GoalStatus::Overdue))
                .map(|l| l.learner.clone())
                .collect(),
            learners,
        });
    }
    Ok(out)
}

/// The learners of a class with their store rows (every roster learner has one).
fn members<'a>(store: &'a LearnerStore, class: &str) -> Result<Vec<(usize, &'a str)>> {
    let of = store.roster().require_class(class)?;
    Ok(of
        .learners
        .iter()
        .filter_map(|l| store.learner_index(l).map(|row| (row, l.as_str())))
        .collect())
}

/// One cell of the Scores report: a learner's work on an assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreRow {
    /// The assignment id.
    pub assignment: String,
    /// The learner.
    pub learner: String,
    /// Where they stand.
    pub status: AssignmentStatus,
    /// Share correct of the first complete sitting (by time).
    pub score: Option<f64>,
    /// The best share correct of any complete sitting.
    pub best_score: Option<f64>,
    /// When it was first completed.
    pub completed: Option<Timestamp>,
    /// Completed after the due date.
    pub late: bool,
    /// Sittings on it (complete or not).
    pub sittings: u32,
    /// Seconds spent in them.
    pub seconds: f64,
}

/// The Scores report of class `class` as of `now`: for each assignment given to the class
/// or by name to any of its learners (in roster order), one row per learner of the class
/// it is given to, in class order.
pub fn scores(store: &LearnerStore, class: &str, now: Timestamp) -> Result<Vec<ScoreRow>> {
    let roster = store.roster();
    let members = members(store, class)?;
    let given = given(&members, |row| store.assigned_at(row));
    let mut out = Vec::new();
    for a in given {
        let assignment = &roster.assignments()[a as usize];
        let Some(mine) = Mine::new(class, assignment.class.as_deref(), &assignment.learners) else {
            continue;
        };
        for &(row, l) in &members {
            if !mine.has(l) || store.assigned_at(row).binary_search(&a).is_err() {
                continue;
            }
            let work = store.assignment_work_at(a as usize, row);
            let status = work.status(assignment.due, now);
            out.push(ScoreRow {
                assignment: assignment.id.clone(),
                learner: l.to_string(),
                status,
                score: work.first_score,
                best_score: work.best_score,
                completed: work.first_completed,
                late: status == AssignmentStatus::CompletedLate,
                sittings: work.sittings,
                seconds: work.seconds,
            });
        }
    }
    Ok(out)
}

/// Which learners of a class a goal or assignment counts there for: all of them when it
/// is given to the class, else those it names (given to another class, it is that
/// class's business).
enum Mine<'a> {
    All,
    Named(std::collections::HashSet<&'a str>),
}

impl<'a> Mine<'a> {
    /// `None` when it counts for no one of class `class`.
    fn new(class: &str, given_to: Option<&str>, named: &'a [String]) -> Option<Mine<'a>> {
        if given_to == Some(class) {
            Some(Mine::All)
        } else if named.is_empty() {
            None
        } else {
            Some(Mine::Named(named.iter().map(String::as_str).collect()))
        }
    }

    fn has(&self, learner: &str) -> bool {
        match self {
            Mine::All => true,
            Mine::Named(set) => set.contains(learner),
        }
    }
}

/// The goals or assignments (`of` a row) given to any of `members`, ascending.
fn given<'s>(members: &[(usize, &str)], of: impl Fn(usize) -> &'s [u32]) -> Vec<u32> {
    let mut all: Vec<u32> = members
        .iter()
        .flat_map(|&(row, _)| of(row).iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Mastery of one learner of a class: a level per skill, and mastery % per unit and course.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MasteryRow {
    /// The learner.
    pub learner: String,
    /// Level ids, one per skill of [`ClassMastery::skills`].
    pub levels: Vec<String>,
    /// Mastery % per unit of [`ClassMastery::units`].
    pub units: Vec<f64>,
    /// Mastery % per course of [`ClassMastery::courses`].
    pub courses: Vec<f64>,
    /// Skills at or above the policy's default target.
    pub skills_at_target: usize,
    /// Mastery % over every skill.
    pub mastery_percent: f64,
    /// The learner's last practice of any skill.
    pub last_active: Option<Timestamp>,
}

/// The Mastery report of a class: learners x skills.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassMastery {
    /// The class id.
    pub class: String,
    /// Skill ids in learnable order: the columns of [`MasteryRow::levels`].
    pub skills: Vec<String>,
    /// Unit ids: the columns of [`MasteryRow::units`].
    pub units: Vec<String>,
    /// Course ids: the columns of [`MasteryRow::courses`].
    pub courses: Vec<String>,
    /// One row per learner, in roster order.
    pub learners: Vec<MasteryRow>,
}

/// The Mastery report of class `class`.
pub fn class_mastery(store: &LearnerStore, class: &str) -> Result<ClassMastery> {
    let of = store.roster().require_class(class)?;
    let c = store.curriculum();
    let p = store.policy();
    let order = c.learnable_order_indices();
    let scopes = |s: Vec<Scope>| -> Result<Vec<Vec<usize>>> {
        s.iter().map(|s| c.scope_skills(s)).collect()
    };
    let units = scopes(
        c.units()
            .iter()
            .map(|u| Scope::Unit(u.id.clone()))
            .collect(),
    )?;
    let courses = scopes(
        c.courses()
            .iter()
            .map(|u| Scope::Course(u.id.clone()))
            .collect(),
    )?;
    let all: Vec<usize> = (0..c.len()).collect();
    let target = p.default_target();
    let learners = of
        .learners
        .iter()
        .map(|l| {
            let v = store.learner_or_empty(l);
            MasteryRow {
                learner: l.clone(),
                levels: order
                    .iter()
                    .map(|&s| p.level_id(v.level_at(s as usize)).to_string())
                    .collect(),
                units: units.iter().map(|s| v.mastery_percent_of(s)).collect(),
                courses: courses.iter().map(|s| v.mastery_percent_of(s)).collect(),
                skills_at_target: (0..c.len()).filter(|&s| v.level_at(s) >= target).count(),
                mastery_percent: v.mastery_percent_of(&all),
                last_active: (0..c.len())
                    .filter_map(|s| v.practice_at(s).last_practiced)
                    .max(),
            }
        })
        .collect();
    Ok(ClassMastery {
        class: of.id.clone(),
        skills: order
            .iter()
            .map(|&s| c.skills()[s as usize].id.clone())
            .collect(),
        units: c.units().iter().map(|u| u.id.clone()).collect(),
        courses: c.courses().iter().map(|u| u.id.clone()).collect(),
        learners,
    })
}

/// A learner's mastery of a scope at the end of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgressPoint {
    /// The learner.
    pub learner: String,
    /// The end of the period (exclusive): the state after everything before it.
    pub date: Timestamp,
    /// Mastery % of the scope then.
    pub mastery_percent: f64,
    /// Skills of the scope at or above the policy's default target then.
    pub skills_at_target: usize,
}

/// The most periods [`progress_over_time`] reports per learner.
pub const MAX_PROGRESS_PERIODS: usize = 10_000;

/// Mastery of `scope` over time for each of `learners`, one point per period of
/// `step_days` days (1: daily, 7: weekly) from the UTC day of `from` up to `to`, from the
/// store's history of level changes (levels before the history began are those the
/// history's first changes started from).
pub fn progress_over_time(
    store: &LearnerStore,
    learners: &[&str],
    scope: &Scope,
    from: Timestamp,
    to: Timestamp,
    step_days: u32,
) -> Result<Vec<ProgressPoint>> {
    let c = store.curriculum();
    let p = store.policy();
    let skills = c.scope_skills(scope)?;
    from.check()?;
    to.check()?;
    let step = i64::from(step_days) * DAY_MS;
    let start = from.as_millis().div_euclid(DAY_MS) * DAY_MS;
    let periods = if step > 0 && to.as_millis() > start {
        ((to.as_millis() - start) + step - 1) / step
    } else {
        0
    };
    if step_days == 0 || periods as usize > MAX_PROGRESS_PERIODS || to < from {
        return Err(Error::InvalidNumber {
            location: "progress period".into(),
            value: f64::from(step_days),
            expected: "a period of 1 day or more, at most 10,000 periods from `from` to `to`",
        });
    }
    let mut in_scope = vec![false; c.len()];
    for &s in &skills {
        in_scope[s] = true;
    }
    let target = p.default_target();
    let possible = p.max_points() * skills.len() as f64;
    let mut out = Vec::new();
    for &id in learners {
        let view = store.learner_or_empty(id);
        let mut levels: Vec<u8> = (0..c.len()).map(|s| view.level_at(s)).collect();
        let mut changes: Vec<_> = store
            .compact_transitions()
            .iter()
            .filter(|t| Some(t.learner as usize) == view.index() && in_scope[t.skill as usize])
            .collect();
        changes.sort_by_key(|t| t.timestamp);
        // Walk back from now, undoing the changes made at or after each period's end.
        let mut points = Vec::with_capacity(periods as usize);
        for k in (1..=periods).rev() {
            let end = start + k * step;
            while let Some(t) = changes.last().filter(|t| t.timestamp >= end) {
                levels[t.skill as usize] = t.from;
                changes.pop();
            }
            let earned: f64 = skills.iter().map(|&s| p.points(levels[s])).sum();
            points.push(ProgressPoint {
                learner: id.to_string(),
                date: Timestamp::from_millis(end),
                mastery_percent: if possible > 0.0 {
                    100.0 * earned / possible
                } else {
                    0.0
                },
                skills_at_target: skills.iter().filter(|&&s| levels[s] >= target).count(),
            });
        }
        points.reverse();
        out.extend(points);
    }
    Ok(out)
}

/// Activity of the learners of class `class` in `[from, to)`.
pub fn class_activity(
    store: &LearnerStore,
    class: &str,
    from: Timestamp,
    to: Timestamp,
) -> Result<ActivityOverview> {
    let of: &Class = store.roster().require_class(class)?;
    let mut member = vec![false; store.learners().len()];
    for l in &of.learners {
        if let Some(r) = store.learner_index(l) {
            member[r] = true;
        }
    }
    Ok(activity_where(store, from, to, |l| member[l as usize]))
}

fn shown(name: &str, id: &str) -> String {
    if name.is_empty() { id } else { name }.to_string()
}
