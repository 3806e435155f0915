//! `LearnerStore`: mastery state of many learners, evidence, replay, goals and reports.

use masterykit as core;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::bkt::{codes, field, numbers, required, whole_numbers};
use crate::conv::{from_js, json_text, to_js};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::policy::Policy;

/// Learners' levels on every skill of a curriculum under a policy.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct LearnerStore(pub(crate) core::LearnerStore);

impl LearnerStore {
    fn view(&self, learner: &str) -> Result<core::LearnerView<'_>> {
        Ok(self.0.require_learner(learner)?)
    }

    /// [`LearnerStore::replay_columns`], its errors of any family.
    fn replay_columns_of(&mut self, c: &JsValue) -> Result<usize> {
        let names = |name: &str| -> Result<Vec<String>> { from_js(required(c, name)?, name) };
        let (learners, contexts, skills) = (
            names("learner_names")?,
            names("context_names")?,
            names("skill_names")?,
        );
        let learner = codes(required(c, "learner_codes")?, "learner_codes")?;
        let context = codes(required(c, "context_codes")?, "context_codes")?;
        let skill = codes(required(c, "skill_codes")?, "skill_codes")?;
        let sitting = whole_numbers(required(c, "sitting")?, "sitting")?;
        let score = numbers(required(c, "score")?, "score")?;
        let timestamp = whole_numbers(required(c, "timestamp_ms")?, "timestamp_ms")?;
        let optional =
            |kind: &str, missing: Option<u32>| -> Result<Option<(Vec<u32>, Vec<String>)>> {
                let (codes_name, names_name) = (format!("{kind}_codes"), format!("{kind}_names"));
                match (field(c, &codes_name)?, field(c, &names_name)?) {
                    (None, None) => Ok(None),
                    (Some(k), Some(n)) => {
                        let wide = whole_numbers(k, &codes_name)?;
                        let codes = core::narrow_codes(&codes_name, &wide, missing)?;
                        Ok(Some((codes, from_js(n, &names_name)?)))
                    }
                    _ => Err(Error::shape(
                        "columns",
                        format!("`{codes_name}` and `{names_name}` go together"),
                    )),
                }
            };
        let items = optional("item", None)?;
        let events = optional("event", Some(core::EvidenceColumns::NO_EVENT))?;
        let columns = core::EvidenceColumns {
            learners: (&learners, &learner),
            sitting: &sitting,
            contexts: (&contexts, &context),
            skills: (&skills, &skill),
            score: &score,
            timestamp: &timestamp,
            items: items.as_ref().map(|(k, n)| (n.as_slice(), k.as_slice())),
            events: events.as_ref().map(|(k, n)| (n.as_slice(), k.as_slice())),
        };
        Ok(self.0.replay_columns(&columns)?)
    }
}

/// A time in any of its forms: RFC 3339 text or a date, a `Date`, or whole seconds since
/// the Unix epoch (as in every other front end).
pub(crate) fn timestamp(value: JsValue, what: &str) -> Result<core::Timestamp> {
    if let Some(text) = value.as_string() {
        return Ok(core::Timestamp::parse(&text)?);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        return match ms.is_finite() {
            true => Ok(core::Timestamp::try_from_millis(ms as i64)?),
            false => Err(Error::shape(what, "an invalid Date")),
        };
    }
    match value.as_f64() {
        // Exactly an integer within i64 (2^63 itself is not).
        Some(s) if s.fract() == 0.0 && s.abs() < 9.2e18 => {
            Ok(core::Timestamp::try_from_secs(s as i64)?)
        }
        Some(s) => Err(Error(core::Error::InvalidTimestamp {
            value: s.to_string(),
            expected: "whole seconds since the Unix epoch".into(),
        })),
        None => Err(Error::shape(
            what,
            "expected RFC 3339 text or a date, a Date, or whole seconds",
        )),
    }
}

/// A scope in any of its forms: `"unit:ID"`, an array of skill ids, `{unit: ID}`, ...
pub(crate) fn parse_scope(value: JsValue) -> Result<core::Scope> {
    Ok(core::Scope::from_value(from_js(value, "scope")?)?)
}

#[wasm_bindgen]
impl LearnerStore {
    /// An empty store for a curriculum and a policy (both are copied).
    #[wasm_bindgen(constructor)]
    pub fn new(curriculum: &Curriculum, policy: &Policy) -> Result<LearnerStore> {
        Ok(LearnerStore(core::LearnerStore::new(
            curriculum.0.clone(),
            policy.0.clone(),
        )?))
    }

    /// Applies one assessment (one sitting: practice, quiz, unit test, ...), all of it or
    /// nothing, and returns the level changes and the `record` to append to a log kept
    /// beside snapshots (see `restore`). A repeated event id changes nothing and returns
    /// `duplicate: true`. Throws an `EvidenceError` (unknown skill, score out of
    /// range, a context the policy lacks, a locked mastery challenge, ...).
    #[wasm_bindgen(unchecked_return_type = "Applied")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    ) -> Result<JsValue> {
        let text = json_text(&assessment, "assessment").map_err(Error::in_evidence)?;
        to_js(&self.0.apply(&core::parse_assessment(&text)?)?)
    }

    /// Applies a JSON Lines event log in order and returns the number of level changes.
    /// An error names its line; the lines before it stay applied.
    #[wasm_bindgen(js_name = replayJsonl)]
    pub fn replay_jsonl(&mut self, text: &str) -> Result<usize> {
        Ok(self.0.replay_jsonl(text)?)
    }

    /// Applies assessments in order and returns the number of level changes. Every
    /// assessment is checked before any is applied; a learner-state rejection (a locked
    /// mastery challenge) stops at that assessment, the ones before it staying applied.
    #[wasm_bindgen(js_name = replayEvents)]
    pub fn replay_events(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Assessment[]")] events: JsValue,
    ) -> Result<usize> {
        let text = json_text(&events, "events").map_err(Error::in_evidence)?;
        Ok(self.0.replay_json_array(&text)?)
    }

    /// Applies evidence columns, one row per response (`EvidenceColumns`): codes into the
    /// name lists, `sitting` (consecutive rows of one learner and sitting form one
    /// assessment), `score` in [0, 1], `timestamp_ms`; optional `item_codes`/`item_names`
    /// and `event_codes` (-1 for none)/`event_names`. Returns the number of level changes;
    /// an error names the row.
    #[wasm_bindgen(js_name = replayColumns)]
    pub fn replay_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceColumns")] columns: JsValue,
    ) -> Result<usize> {
        self.replay_columns_of(&columns).map_err(Error::in_evidence)
    }

    /// Learner ids, in order of first appearance.
    #[wasm_bindgen(getter)]
    pub fn learners(&self) -> Vec<String> {
        self.0.learners().iter().map(String::from).collect()
    }

    /// Skill ids in the order of `levelMatrix` columns (the curriculum's document order).
    #[wasm_bindgen(getter, js_name = skillIds)]
    pub fn skill_ids(&self) -> Vec<String> {
        self.0.curriculum().skill_ids().map(String::from).collect()
    }

    /// A learner's level id on a skill.
    pub fn level(&self, learner: &str, skill: &str) -> Result<String> {
        Ok(self.view(learner)?.skill(skill)?.level.to_string())
    }

    /// Every learner's level index (into the policy's levels) on every skill, row-major:
    /// `matrix[learner * skillIds.length + skill]`, learners in `learners` order.
    #[wasm_bindgen(js_name = levelMatrix)]
    pub fn level_matrix(&self) -> Vec<u8> {
        self.0.level_matrix()
    }

    /// A learner's state on a skill: level, points, responses, score sum, last practised.
    #[wasm_bindgen(js_name = skillState, unchecked_return_type = "SkillState")]
    pub fn skill_state(&self, learner: &str, skill: &str) -> Result<JsValue> {
        to_js(&self.view(learner)?.skill(skill)?)
    }

    /// Every level change so far, in order.
    #[wasm_bindgen(unchecked_return_type = "Transition[]")]
    pub fn transitions(&self) -> Result<JsValue> {
        to_js(&self.0.transitions())
    }

    /// Points earned over points possible (0-100) on `"course:ID"`, `"unit:ID"` or an
    /// array of skill ids.
    #[wasm_bindgen(js_name = masteryPercent)]
    pub fn mastery_percent(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "Scope")] scope: JsValue,
    ) -> Result<f64> {
        let scope = parse_scope(scope)?;
        Ok(self.view(learner)?.mastery_percent(&scope)?)
    }

    /// Progress, status and pace projection on a goal as of `now` (RFC 3339 text or a date,
    /// a `Date`, or seconds); a learner with no evidence yet has not started.
    #[wasm_bindgen(unchecked_return_type = "GoalProgress")]
    pub fn progress(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "Goal")] goal: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
    ) -> Result<JsValue> {
        let goal: core::Goal = from_js(goal, "goal")?;
        let now = timestamp(now, "now")?;
        to_js(&core::progress_of(&self.0, learner, &goal, now)?)
    }

    /// Levels, points, unit and course mastery %, strengths and weaknesses of a learner
    /// (an empty report, every skill not started, for a learner with no evidence yet).
    #[wasm_bindgen(js_name = learnerReport, unchecked_return_type = "LearnerReport")]
    pub fn learner_report(&self, learner: &str) -> Result<JsValue> {
        to_js(&core::learner_report(&self.0.learner_or_empty(learner))?)
    }

    /// Per skill, the number of learners at each level.
    #[wasm_bindgen(js_name = classReport, unchecked_return_type = "ClassReport")]
    pub fn class_report(&self) -> Result<JsValue> {
        to_js(&core::class_report(&self.0))
    }

    /// Activity in `[from, to)`, for one learner or (without `learner`) everyone.
    #[wasm_bindgen(unchecked_return_type = "ActivityOverview")]
    pub fn activity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] to: JsValue,
        learner: Option<String>,
    ) -> Result<JsValue> {
        let row = match learner {
            Some(id) => self.view(&id)?.index(),
            None => None,
        };
        to_js(&core::activity(
            &self.0,
            timestamp(from, "from")?,
            timestamp(to, "to")?,
            row,
        ))
    }

    /// A learner's level changes over time (none for a learner with no evidence yet).
    #[wasm_bindgen(unchecked_return_type = "Transition[]")]
    pub fn timeline(&self, learner: &str) -> Result<JsValue> {
        to_js(&core::timeline(&self.0.learner_or_empty(learner)))
    }

    /// Adds the learners of `other`, a store of other learners under the same curriculum,
    /// policy and roster (one part of a replay split by learner). Errors change nothing:
    /// `merge_conflict` (different curricula, policies or rosters, or an event id in both),
    /// `duplicate_learner` (evidence of one learner in both).
    pub fn merge(&mut self, other: &LearnerStore) -> Result<()> {
        Ok(self.0.merge(&other.0)?)
    }

    /// The state as a versioned JSON snapshot.
    #[wasm_bindgen(js_name = toSnapshotJson)]
    pub fn to_snapshot_json(&self) -> String {
        self.0.to_snapshot_json()
    }

    /// Rebuilds a store from a snapshot and the event-log lines appended since it was taken
    /// (each `apply`'s `record`, one per line): the same state as the store it was taken of.
    /// Lines the snapshot already holds are skipped by their event ids.
    pub fn restore(
        curriculum: &Curriculum,
        policy: &Policy,
        snapshot: &str,
        tail: &str,
    ) -> Result<LearnerStore> {
        Ok(LearnerStore(core::LearnerStore::restore(
            curriculum.0.clone(),
            policy.0.clone(),
            snapshot,
            tail,
        )?))
    }

    /// Restores a snapshot taken under the same curriculum and policy.
    #[wasm_bindgen(js_name = fromSnapshotJson)]
    pub fn from_snapshot_json(
        curriculum: &Curriculum,
        policy: &Policy,
        text: &str,
    ) -> Result<LearnerStore> {
        Ok(LearnerStore(core::LearnerStore::from_snapshot_json(
            curriculum.0.clone(),
            policy.0.clone(),
            text,
        )?))
    }
}
