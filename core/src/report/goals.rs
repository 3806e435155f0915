//! Goals: a scope, a target level and an optional due date; progress, status and pace.

use serde::Serialize;

use crate::error::Result;
use crate::mastery::{LearnerStore, LearnerView};
use crate::roster::{Goal, GoalStatus};
use crate::time::Timestamp;

/// Progress on a goal at a given moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GoalProgress {
    /// The target level id.
    pub target: String,
    /// Skills in scope.
    pub skills_total: usize,
    /// Skills at or above the target.
    pub skills_at_target: usize,
    /// `skills_at_target / skills_total` (1 for an empty scope).
    pub share_at_target: f64,
    /// Points earned on the scope.
    pub points_earned: f64,
    /// Points possible on the scope.
    pub points_possible: f64,
    /// `100 * points_earned / points_possible`.
    pub mastery_percent: f64,
    /// Skills below the target, in course order.
    pub remaining: Vec<String>,
    /// The status.
    pub status: GoalStatus,
    /// When work started (the goal's start or the learner's first activity).
    pub started: Option<Timestamp>,
    /// Skills reaching the target per day since the start, once work has gone on for the
    /// goal's minimum span and some skill has reached it.
    pub skills_per_day: Option<f64>,
    /// When the remaining skills would reach the target at that pace.
    pub projected_completion: Option<Timestamp>,
}

/// Progress of one learner on a goal, as of `now`.
///
/// Pace: the skills at target divided by the days since the start, once work has gone on
/// for the goal's minimum span (`too_early` before that); the projection adds the remaining
/// skills at that rate. With a due date and no projection yet (nothing reached), the learner
/// is on track while the share reached keeps up with the share of time elapsed.
pub fn progress(learner: &LearnerView<'_>, goal: &Goal, now: Timestamp) -> Result<GoalProgress> {
    let store = learner.store();
    let (skills, target) = goal.resolve(store.curriculum(), store.policy())?;
    Ok(progress_on(learner, goal, &skills, target, now))
}

/// [`progress`] of a goal already resolved into its scope's skills and target level.
pub(super) fn progress_on(
    learner: &LearnerView<'_>,
    goal: &Goal,
    skills: &[usize],
    target: u8,
    now: Timestamp,
) -> GoalProgress {
    let store = learner.store();
    let policy = store.policy();
    let min_days = goal.min_pace_days.unwrap_or(Goal::DEFAULT_MIN_PACE_DAYS);
    let ids = store.curriculum().skills();
    let at_target = skills
        .iter()
        .filter(|&&s| learner.level_at(s) >= target)
        .count();
    let remaining: Vec<String> = skills
        .iter()
        .filter(|&&s| learner.level_at(s) < target)
        .map(|&s| ids[s].id.clone())
        .collect();
    let touched = skills
        .iter()
        .any(|&s| learner.level_at(s) != 0 || learner.skill_at(s).responses > 0);
    let points_earned: f64 = skills
        .iter()
        .map(|&s| policy.points(learner.level_at(s)))
        .sum();
    let points_possible = policy.max_points() * skills.len() as f64;
    let share = if skills.is_empty() {
        1.0
    } else {
        at_target as f64 / skills.len() as f64
    };
    let started = goal.start.or(learner.first_activity());
    let elapsed_days = started
        .map(|s| now.as_millis().saturating_sub(s.as_millis()) as f64 / crate::time::DAY_MS as f64)
        .filter(|&d| d > 0.0);
    let too_early = elapsed_days.is_none_or(|d| d < min_days);
    let elapsed_days = elapsed_days.filter(|_| !too_early);
    let skills_per_day = elapsed_days
        .filter(|_| at_target > 0)
        .map(|d| at_target as f64 / d);
    let projected_completion = skills_per_day.map(|rate| {
        let days = remaining.len() as f64 / rate;
        Timestamp::from_millis(
            now.as_millis()
                .saturating_add((days * crate::time::DAY_MS as f64) as i64),
        )
    });
    let status = if at_target == skills.len() {
        GoalStatus::Achieved
    } else if goal.due.is_some_and(|d| now > d) {
        GoalStatus::Overdue
    } else if !touched {
        GoalStatus::NotStarted
    } else if too_early {
        GoalStatus::TooEarly
    } else if let Some(due) = goal.due {
        match projected_completion {
            Some(p) if p <= due => GoalStatus::OnTrack,
            Some(_) => GoalStatus::Behind,
            None => {
                let time_share = match started {
                    Some(s) if due > s => {
                        now.as_millis().saturating_sub(s.as_millis()) as f64
                            / due.as_millis().saturating_sub(s.as_millis()) as f64
                    }
                    _ => 0.0,
                };
                if share >= time_share {
                    GoalStatus::OnTrack
                } else {
                    GoalStatus::Behind
                }
            }
        }
    } else {
        GoalStatus::InProgress
    };
    GoalProgress {
        target: policy.level_id(target).to_string(),
        skills_total: skills.len(),
        skills_at_target: at_target,
        share_at_target: share,
        points_earned,
        points_possible,
        mastery_percent: if points_possible > 0.0 {
            100.0 * points_earned / points_possible
        } else {
            0.0
        },
        remaining,
        status,
        started,
        skills_per_day,
        projected_completion,
    }
}

/// Progress of learner `id` of `store` on a goal, as of `now`: [`progress`] for a learner
/// in the store, and for one with no evidence yet (not in the store) `not_started`, nothing
/// reached, rather than an unknown learner.
pub fn progress_of(
    store: &LearnerStore,
    id: &str,
    goal: &Goal,
    now: Timestamp,
) -> Result<GoalProgress> {
    progress(&store.learner_or_empty(id), goal, now)
}
