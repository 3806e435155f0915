//! `LearnerStore`'s roster methods: classes, goals, assignments, the work on them and the
//! class reports.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, to_js};
use crate::error::Result;
use crate::learner::{LearnerStore, parse_scope, timestamp};
use crate::next::rules_of;

/// A time argument that may be missing.
fn maybe_time(value: JsValue, what: &str) -> Result<Option<core::Timestamp>> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    timestamp(value, what).map(Some)
}

impl LearnerStore {
    fn change(&mut self, change: core::RosterChange) -> Result<String> {
        Ok(self.0.change_roster(&change)?)
    }
}

#[wasm_bindgen]
impl LearnerStore {
    /// Replaces the roster with a document (`format_version`, `classes`, `goals`,
    /// `assignments`), checked whole: on error (a `RosterError`, or the curriculum's or
    /// policy's error for an unknown skill, unit or level) nothing changes.
    #[wasm_bindgen(js_name = setRoster)]
    pub fn set_roster(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "RosterDoc")] doc: JsValue,
    ) -> Result<()> {
        let doc: core::RosterDoc = from_js(doc, "roster")?;
        if doc.format_version != core::ROSTER_FORMAT_VERSION {
            return Err(core::Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: core::ROSTER_FORMAT_VERSION,
            }
            .into());
        }
        Ok(self.0.set_roster(&doc)?)
    }

    /// The roster as a document.
    #[wasm_bindgen(unchecked_return_type = "RosterDoc")]
    pub fn roster(&self) -> Result<JsValue> {
        to_js(&self.0.roster().to_doc())
    }

    /// Applies one roster change, all or nothing; returns it as an event-log line (for
    /// `restore` and `replayJsonl`). With `eventId`, a change whose id was applied before is
    /// skipped (`null`) when it says the same, and an `event_conflict` error when it does not.
    #[wasm_bindgen(js_name = changeRoster)]
    pub fn change_roster(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "RosterChange")] change: JsValue,
        event_id: Option<String>,
    ) -> Result<Option<String>> {
        let change: core::RosterChange = from_js(change, "roster change")?;
        Ok(self.0.change_roster_as(&change, event_id.as_deref())?)
    }

    /// Adds a class; returns the change's log line.
    #[wasm_bindgen(js_name = addClass)]
    pub fn add_class(
        &mut self,
        id: &str,
        name: Option<String>,
        learners: Option<Vec<String>>,
    ) -> Result<String> {
        let class = core::Class::new(id, &name.unwrap_or_default(), learners.unwrap_or_default());
        self.change(core::RosterChange::AddClass { class })
    }

    /// Removes a class no goal or assignment is given to.
    #[wasm_bindgen(js_name = removeClass)]
    pub fn remove_class(&mut self, id: &str) -> Result<String> {
        self.change(core::RosterChange::RemoveClass { id: id.to_string() })
    }

    /// Adds learners to a class.
    pub fn enrol(&mut self, class_id: &str, learners: Vec<String>) -> Result<String> {
        let class = class_id.to_string();
        self.change(core::RosterChange::Enrol { class, learners })
    }

    /// Removes learners from a class (each must be in it).
    pub fn unenrol(&mut self, class_id: &str, learners: Vec<String>) -> Result<String> {
        let class = class_id.to_string();
        self.change(core::RosterChange::Unenrol { class, learners })
    }

    /// Gives a goal to a class or to learners.
    #[wasm_bindgen(js_name = addGoal)]
    pub fn add_goal(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ClassGoal")] goal: JsValue,
    ) -> Result<String> {
        let goal = from_js(goal, "goal")?;
        self.change(core::RosterChange::AddGoal { goal })
    }

    /// Removes a goal.
    #[wasm_bindgen(js_name = removeGoal)]
    pub fn remove_goal(&mut self, id: &str) -> Result<String> {
        self.change(core::RosterChange::RemoveGoal { id: id.to_string() })
    }

    /// Adds an assignment.
    #[wasm_bindgen(js_name = addAssignment)]
    pub fn add_assignment(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Assignment")] assignment: JsValue,
    ) -> Result<String> {
        let assignment = from_js(assignment, "assignment")?;
        self.change(core::RosterChange::AddAssignment { assignment })
    }

    /// Removes an assignment and the work recorded on it.
    #[wasm_bindgen(js_name = removeAssignment)]
    pub fn remove_assignment(&mut self, id: &str) -> Result<String> {
        self.change(core::RosterChange::RemoveAssignment { id: id.to_string() })
    }

    /// A learner's work on an assignment (empty when none yet).
    #[wasm_bindgen(js_name = assignmentWork, unchecked_return_type = "AssignmentWork")]
    pub fn assignment_work(&self, assignment: &str, learner: &str) -> Result<JsValue> {
        to_js(&self.0.assignment_work(assignment, learner)?)
    }

    /// The learners of a class (or of the store) struggling with a skill by the corrective
    /// rules of `rules` (khan-2025 by default).
    #[wasm_bindgen(unchecked_return_type = "Struggler[]")]
    pub fn struggling(
        &self,
        skill: &str,
        class_id: Option<String>,
        #[wasm_bindgen(
            unchecked_param_type = "NextStepRules | NextStepRulesDoc | null | undefined"
        )]
        rules: JsValue,
    ) -> Result<JsValue> {
        to_js(&core::struggling(
            &self.0,
            skill,
            class_id.as_deref(),
            &rules_of(rules)?,
        )?)
    }

    /// Gives practice on `skill` to everyone of a class (or the store) struggling with it:
    /// one assignment `id`. Returns it, or `null` when no one struggles.
    #[wasm_bindgen(js_name = assignCorrectives, unchecked_return_type = "Assignment | null")]
    pub fn assign_correctives(
        &mut self,
        id: &str,
        skill: &str,
        class_id: Option<String>,
        #[wasm_bindgen(
            unchecked_param_type = "NextStepRules | NextStepRulesDoc | null | undefined"
        )]
        rules: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike | null | undefined")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike | null | undefined")] due: JsValue,
    ) -> Result<JsValue> {
        let rules = rules_of(rules)?;
        let (start, due) = (maybe_time(start, "start")?, maybe_time(due, "due")?);
        let made = self
            .0
            .assign_correctives(id, skill, class_id.as_deref(), &rules, start, due)?;
        to_js(&made.map(|(a, _)| a))
    }

    /// Per goal given to the class: learners per status, who is behind, each one's progress.
    #[wasm_bindgen(js_name = classGoals, unchecked_return_type = "ClassGoalReport[]")]
    pub fn class_goals(
        &self,
        class_id: &str,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
    ) -> Result<JsValue> {
        to_js(&core::class_goals(
            &self.0,
            class_id,
            timestamp(now, "now")?,
        )?)
    }

    /// The Scores report: one row per assignment and learner of the class.
    #[wasm_bindgen(unchecked_return_type = "ScoreRow[]")]
    pub fn scores(
        &self,
        class_id: &str,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
    ) -> Result<JsValue> {
        to_js(&core::scores(&self.0, class_id, timestamp(now, "now")?)?)
    }

    /// The Mastery report: learner x skill levels, unit and course mastery %.
    #[wasm_bindgen(js_name = classMastery, unchecked_return_type = "ClassMastery")]
    pub fn class_mastery(&self, class_id: &str) -> Result<JsValue> {
        to_js(&core::class_mastery(&self.0, class_id)?)
    }

    /// The Skills report: per skill, learners at each level and who struggles.
    #[wasm_bindgen(js_name = classSkills, unchecked_return_type = "ClassSkills")]
    pub fn class_skills(
        &self,
        class_id: &str,
        #[wasm_bindgen(
            unchecked_param_type = "NextStepRules | NextStepRulesDoc | null | undefined"
        )]
        rules: JsValue,
    ) -> Result<JsValue> {
        to_js(&core::class_skills(&self.0, class_id, &rules_of(rules)?)?)
    }

    /// Mastery % of a scope per period of `stepDays` days (7 by default) from `from` to
    /// `to`, for each learner.
    #[wasm_bindgen(js_name = progressOverTime, unchecked_return_type = "ProgressPoint[]")]
    pub fn progress_over_time(
        &self,
        learners: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "Scope")] scope: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] to: JsValue,
        step_days: Option<u32>,
    ) -> Result<JsValue> {
        let ids: Vec<&str> = learners.iter().map(String::as_str).collect();
        to_js(&core::progress_over_time(
            &self.0,
            &ids,
            &parse_scope(scope)?,
            timestamp(from, "from")?,
            timestamp(to, "to")?,
            step_days.unwrap_or(7),
        )?)
    }

    /// Activity of a class's learners in `[from, to)`.
    #[wasm_bindgen(js_name = classActivity, unchecked_return_type = "ActivityOverview")]
    pub fn class_activity(
        &self,
        class_id: &str,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] to: JsValue,
    ) -> Result<JsValue> {
        to_js(&core::class_activity(
            &self.0,
            class_id,
            timestamp(from, "from")?,
            timestamp(to, "to")?,
        )?)
    }
}
