//! `NextStepRules` and the next-step queries of `LearnerStore`: what a learner should do
//! next and why, the mastery challenge's status, and every learner's steps as rows.

use masterykit as core;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::conv::{json_text, to_js};
use crate::error::Result;
use crate::learner::{LearnerStore, parse_scope, timestamp};

/// Validated next-step rules: which kinds of step to propose, in which order, and every
/// threshold, limit and interval they use.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct NextStepRules(pub(crate) core::NextStepRules);

#[wasm_bindgen]
impl NextStepRules {
    /// The rules that fit the `khan-2025` policy.
    pub fn khan() -> NextStepRules {
        NextStepRules(core::NextStepRules::khan())
    }

    /// A preset by name (`khan-2025`).
    pub fn preset(name: &str) -> Result<NextStepRules> {
        Ok(NextStepRules(core::NextStepRules::require_preset(name)?))
    }

    /// Parses and validates a JSON rules document.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<NextStepRules> {
        Ok(NextStepRules(core::NextStepRules::from_json(text)?))
    }

    /// Validates rules given as a plain object (the JSON form).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "NextStepRulesDoc")] doc: JsValue,
    ) -> Result<NextStepRules> {
        Ok(NextStepRules(core::NextStepRules::from_json(&json_text(
            &doc,
            "next-step rules",
        )?)?))
    }

    /// The canonical JSON form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The rules as a plain object (the JSON form).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "NextStepRulesDoc")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(self.0.as_doc())
    }

    /// The rules' name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.0.name().to_string()
    }
}

/// The goal, if one is given (`null` or `undefined`: the whole curriculum).
fn goal_of(value: JsValue) -> Result<Option<core::Scope>> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    parse_scope(value).map(Some)
}

/// The rules argument: a `NextStepRules` (read through its JSON form, so the caller keeps
/// it), a plain rules document, or nothing (khan-2025).
pub(crate) fn rules_of(value: JsValue) -> Result<core::NextStepRules> {
    if value.is_null() || value.is_undefined() {
        return Ok(core::NextStepRules::khan());
    }
    if let Ok(to_json) = js_sys::Reflect::get(&value, &JsValue::from_str("toJson"))
        && let Some(to_json) = to_json.dyn_ref::<js_sys::Function>()
    {
        let text = to_json
            .call0(&value)
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        return Ok(core::NextStepRules::from_json(&text)?);
    }
    Ok(core::NextStepRules::from_json(&json_text(
        &value, "rules",
    )?)?)
}

#[wasm_bindgen]
impl LearnerStore {
    /// What the learner should do next toward `goal` (a scope; `null` for the whole
    /// curriculum) at `now`, most urgent first, each with its reason as data and as a
    /// sentence. `rules` defaults to khan-2025.
    #[wasm_bindgen(js_name = nextSteps, unchecked_return_type = "NextStep[]")]
    pub fn next_steps(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "Scope | null | undefined")] goal: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "NextStepRules | NextStepRulesDoc | null | undefined"
        )]
        rules: JsValue,
    ) -> Result<JsValue> {
        let scope = goal_of(goal)?;
        let now = timestamp(now, "now")?;
        let view = self.0.require_learner(learner)?;
        let steps = core::next_steps(&view, &rules_of(rules)?, scope.as_ref(), now)?;
        to_js(&steps)
    }

    /// Whether the learner may take a mastery challenge at `now`, which requirements hold,
    /// and when the cool-down ends.
    #[wasm_bindgen(js_name = challengeStatus, unchecked_return_type = "ChallengeStatus")]
    pub fn challenge_status(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
    ) -> Result<JsValue> {
        let now = timestamp(now, "now")?;
        let view = self.0.require_learner(learner)?;
        to_js(&core::challenge_status(&view, now))
    }

    /// Every learner's next steps as rows (learner, rank, kind, skills, scope, reason),
    /// learners in store order.
    #[wasm_bindgen(js_name = nextStepsAll, unchecked_return_type = "StepRow[]")]
    pub fn next_steps_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Scope | null | undefined")] goal: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TimeLike")] now: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "NextStepRules | NextStepRulesDoc | null | undefined"
        )]
        rules: JsValue,
    ) -> Result<JsValue> {
        let scope = goal_of(goal)?;
        let now = timestamp(now, "now")?;
        let rows = self
            .0
            .next_steps_all(&rules_of(rules)?, scope.as_ref(), now)?;
        to_js(&rows.named(&self.0))
    }
}
