//! Assignments: skills to work on in a context, given to a class or to learners, with
//! start and due dates; the work done on them and its status.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Work given to a class or to learners: a sitting in `context` that covers every one of
/// `skills`, at or after `start`, completes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Its id, unique among the roster's assignments.
    pub id: String,
    /// A name to show (the id when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The skills it covers (at least one).
    pub skills: Vec<String>,
    /// The evidence context that counts: `practice`, `quiz`, `unit_test`, ...
    #[serde(default = "practice")]
    pub context: String,
    /// Sittings before this do not count (any time when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Timestamp>,
    /// Completed after this is late; not completed by then is missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// The class it is given to: all of its learners, now and later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Learners it is given to, beside the class's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learners: Vec<String>,
}

fn practice() -> String {
    "practice".to_string()
}

impl Assignment {
    /// Practice on `skills` for class `class`, open now, no due date.
    pub fn practice<S: Into<String>>(
        id: &str,
        skills: impl IntoIterator<Item = S>,
        class: &str,
    ) -> Assignment {
        Assignment {
            id: id.to_string(),
            name: String::new(),
            skills: skills.into_iter().map(Into::into).collect(),
            context: practice(),
            start: None,
            due: None,
            class: Some(class.to_string()),
            learners: Vec::new(),
        }
    }
}

/// Where a learner stands on an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// No sitting on it yet.
    NotStarted,
    /// Sittings on some of its skills, none covering all.
    InProgress,
    /// Completed by its due date (or with no due date).
    Completed,
    /// First completed after its due date.
    CompletedLate,
    /// Past its due date and not completed.
    Missed,
}

impl AssignmentStatus {
    /// Every status, in the order above.
    pub const ALL: [AssignmentStatus; 5] = [
        AssignmentStatus::NotStarted,
        AssignmentStatus::InProgress,
        AssignmentStatus::Completed,
        AssignmentStatus::CompletedLate,
        AssignmentStatus::Missed,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::NotStarted => "not_started",
            AssignmentStatus::InProgress => "in_progress",
            AssignmentStatus::Completed => "completed",
            AssignmentStatus::CompletedLate => "completed_late",
            AssignmentStatus::Missed => "missed",
        }
    }
}

/// One learner's work on one assignment, built up from the evidence applied.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentWork {
    /// Sittings in its context, after its start, on any of its skills.
    pub sittings: u32,
    /// Of those, the ones covering every skill.
    pub completions: u32,
    /// Share correct of the first complete sitting by time (on the assignment's skills).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_score: Option<f64>,
    /// When the first complete sitting happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_completed: Option<Timestamp>,
    /// The best share correct of any complete sitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_score: Option<f64>,
    /// Seconds spent in those sittings.
    pub seconds: f64,
    /// The last of those sittings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<Timestamp>,
}

impl AssignmentWork {
    /// Counts a sitting at `at` taking `seconds`: `score` is its share correct when it
    /// covers every skill. Returns true when it is the first complete one.
    pub(crate) fn add(&mut self, at: Timestamp, seconds: f64, score: Option<f64>) -> bool {
        self.sittings += 1;
        self.seconds += seconds;
        self.last_activity = Some(self.last_activity.map_or(at, |t| t.max(at)));
        let Some(score) = score else { return false };
        self.completions += 1;
        self.best_score = Some(self.best_score.map_or(score, |b| b.max(score)));
        // The first by time: logs arrive out of order.
        let first = self.first_completed.is_none();
        if self.first_completed.is_none_or(|t| at < t) {
            self.first_score = Some(score);
            self.first_completed = Some(at);
        }
        first
    }

    /// Rejects work no evidence can produce (from a snapshot): more completions than
    /// sittings, scores outside [0, 1], time negative or not finite.
    pub(crate) fn check(&self, assignment: &str, learner: &str) -> crate::error::Result<()> {
        let scores = [self.first_score, self.best_score];
        let bad = self.completions > self.sittings
            || scores.iter().flatten().any(|s| !(0.0..=1.0).contains(s))
            || !(self.seconds.is_finite() && self.seconds >= 0.0)
            || (self.completions > 0) != self.first_completed.is_some()
            || self.first_score.is_some() != self.first_completed.is_some()
            || self.best_score.is_some() != self.first_completed.is_some();
        if bad {
            return Err(crate::error::Error::SnapshotMismatch {
                detail: format!(
                    "work of learner `{learner}` on assignment `{assignment}` is not one evidence can produce"
                ),
            });
        }
        Ok(())
    }

    /// The status as of `now` for an assignment due at `due`.
    pub fn status(&self, due: Option<Timestamp>, now: Timestamp) -> AssignmentStatus {
        match (self.first_completed, due) {
            (Some(t), Some(d)) if t > d => AssignmentStatus::CompletedLate,
            (Some(_), _) => AssignmentStatus::Completed,
            (None, Some(d)) if now > d => AssignmentStatus::Missed,
            (None, _) if self.sittings > 0 => AssignmentStatus::InProgress,
            (None, _) => AssignmentStatus::NotStarted,
        }
    }
}
