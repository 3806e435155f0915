//! What applying evidence reports and the store keeps: level changes and applied assessments.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// A change of level, as returned to callers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Transition {
    /// The learner.
    pub learner: String,
    /// The skill.
    pub skill: String,
    /// Level before.
    pub from: String,
    /// Level after.
    pub to: String,
    /// The context of the assessment that caused it.
    pub context: String,
    /// The outcome that caused it (table policies), e.g. `perfect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// When.
    pub timestamp: Timestamp,
    /// The assessment's event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
}

/// A change of level in dense form, as kept in the store's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactTransition {
    /// Learner index.
    pub learner: u32,
    /// Skill index.
    pub skill: u32,
    /// Level index before.
    pub from: u8,
    /// Level index after.
    pub to: u8,
    /// Context index.
    pub context: u8,
    /// Outcome index (`u8::MAX` for probability policies).
    pub outcome: u8,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Index of the assessment in the store's activity history.
    pub assessment: u32,
}

/// One applied assessment, as kept in the store's history.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRecord {
    /// Learner index.
    pub learner: u32,
    /// Context index.
    pub context: u8,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Responses in the assessment.
    pub responses: u32,
    /// Sum of their scores.
    pub score_sum: f64,
    /// Seconds spent (sum of response durations).
    pub duration: f64,
    /// The event id.
    pub event_id: Option<String>,
}

/// What applying one assessment did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Applied {
    /// Level changes, in order of the skills' first appearance in the assessment.
    pub transitions: Vec<Transition>,
    /// True when the event id had been applied before and nothing changed.
    pub duplicate: bool,
    /// The assessment as one line of an event log (JSON Lines, without the line break), to
    /// append to a log kept beside snapshots: [`LearnerStore::restore`] of a snapshot and
    /// the lines appended since rebuilds the state. `None` for a duplicate (nothing to add).
    ///
    /// [`LearnerStore::restore`]: crate::LearnerStore::restore
    pub record: Option<String>,
    /// What a product celebrates or reacts to: skills, units and courses newly mastered,
    /// goals newly achieved, assignments first completed. None for a duplicate.
    pub events: Vec<Event>,
}

/// What an [`Event`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A skill reached the policy's top level; `id` is the skill.
    SkillMastered,
    /// Every skill of a unit is at the top level now; `id` is the unit.
    UnitMastered,
    /// Every skill of a course is at the top level now; `id` is the course.
    CourseMastered,
    /// Every skill of a goal's scope reached its target; `id` is the goal.
    GoalAchieved,
    /// A first sitting covered every skill of an assignment; `id` is the assignment.
    AssignmentCompleted,
}

impl EventKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SkillMastered => "skill_mastered",
            EventKind::UnitMastered => "unit_mastered",
            EventKind::CourseMastered => "course_mastered",
            EventKind::GoalAchieved => "goal_achieved",
            EventKind::AssignmentCompleted => "assignment_completed",
        }
    }
}

/// Something applying evidence achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The learner.
    pub learner: String,
    /// The skill, unit, course, goal or assignment.
    pub id: String,
    /// When (the assessment's timestamp).
    pub timestamp: Timestamp,
    /// For a completed assignment: the share correct of the sitting that completed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// For a completed assignment: whether it was completed after its due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late: Option<bool>,
}
