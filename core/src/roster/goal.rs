//! Goals: a scope, a target level and dates, for one learner or assigned to many.

use serde::{Deserialize, Serialize};

use crate::curriculum::{Curriculum, Scope};
use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::time::{DAY_MS, Timestamp};

/// A learning goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What the goal covers.
    pub scope: Scope,
    /// Target level id (the policy's `default_target`, usually `proficient`, when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// When work toward it starts (the learner's first activity when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// Days of work since the start before a pace is projected
    /// ([`Goal::DEFAULT_MIN_PACE_DAYS`] when absent): before that the status is
    /// `too_early`, since an hour of work says little about the weeks ahead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pace_days: Option<f64>,
}

impl Goal {
    /// Days of work before a pace is projected, when a goal does not say.
    pub const DEFAULT_MIN_PACE_DAYS: f64 = 1.0;

    /// A goal on a scope at the policy's default target, no dates.
    pub fn new(scope: Scope) -> Goal {
        Goal {
            scope,
            target: None,
            start: None,
            due: None,
            min_pace_days: None,
        }
    }
}

/// Where a learner stands on a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// No evidence on any skill in scope.
    NotStarted,
    /// Work under way, no due date to measure against.
    InProgress,
    /// Work under way for less than the goal's minimum span (`min_pace_days`): too early to
    /// project a pace or to say whether the due date will be met.
    TooEarly,
    /// At the current pace the goal is reached by its due date.
    OnTrack,
    /// At the current pace the goal is reached after its due date.
    Behind,
    /// Every skill in scope is at or above the target.
    Achieved,
    /// Past the due date and not achieved.
    Overdue,
}

impl GoalStatus {
    /// Every status, in declaration order.
    pub const ALL: [GoalStatus; 7] = [
        GoalStatus::NotStarted,
        GoalStatus::InProgress,
        GoalStatus::TooEarly,
        GoalStatus::OnTrack,
        GoalStatus::Behind,
        GoalStatus::Achieved,
        GoalStatus::Overdue,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not_started",
            GoalStatus::InProgress => "in_progress",
            GoalStatus::TooEarly => "too_early",
            GoalStatus::OnTrack => "on_track",
            GoalStatus::Behind => "behind",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Overdue => "overdue",
        }
    }
}

impl Goal {
    /// Checks the goal against a curriculum and policy: its scope's skills (curriculum
    /// indices, in course order) and its target level index. Fails on an unknown scope or
    /// target, a timestamp out of range, a negative `min_pace_days`, or a due date not
    /// after the start.
    pub(crate) fn resolve(
        &self,
        curriculum: &Curriculum,
        policy: &Policy,
    ) -> Result<(Vec<usize>, u8)> {
        let target = match &self.target {
            Some(id) => policy.require_level(id, "the goal target")?,
            None => policy.default_target(),
        };
        for t in [self.start, self.due].into_iter().flatten() {
            t.check()?;
        }
        let min_days = self.min_pace_days.unwrap_or(Goal::DEFAULT_MIN_PACE_DAYS);
        if !(min_days.is_finite() && min_days >= 0.0) {
            return Err(Error::InvalidNumber {
                location: "goal min_pace_days".into(),
                value: min_days,
                expected: "a number of days, 0 or more",
            });
        }
        if let (Some(s), Some(d)) = (self.start, self.due)
            && d <= s
        {
            return Err(Error::InvalidNumber {
                location: format!("goal due date {d} (start {s})"),
                value: d.as_millis().saturating_sub(s.as_millis()) as f64 / DAY_MS as f64,
                expected: "a due date after the start, in days",
            });
        }
        Ok((curriculum.scope_skills(&self.scope)?, target))
    }
}

/// A goal given to a class or to learners: every one of them works toward it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClassGoal {
    /// Its id, unique among the roster's goals.
    pub id: String,
    /// A name to show (the id when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the goal covers.
    pub scope: Scope,
    /// Target level id (the policy's default target when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// When work toward it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// Days of work before a pace is projected (see [`Goal::min_pace_days`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pace_days: Option<f64>,
    /// The class it is given to: all of its learners, now and later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Learners it is given to, beside the class's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learners: Vec<String>,
}

impl ClassGoal {
    /// A goal `id` on `scope` for class `class`, at the default target, no dates.
    pub fn for_class(id: &str, scope: Scope, class: &str) -> ClassGoal {
        ClassGoal {
            id: id.to_string(),
            name: String::new(),
            scope,
            target: None,
            start: None,
            due: None,
            min_pace_days: None,
            class: Some(class.to_string()),
            learners: Vec::new(),
        }
    }

    /// The goal each of its learners works toward.
    pub fn goal(&self) -> Goal {
        Goal {
            scope: self.scope.clone(),
            target: self.target.clone(),
            start: self.start,
            due: self.due,
            min_pace_days: self.min_pace_days,
        }
    }
}
