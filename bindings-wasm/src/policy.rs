//! `Policy`: levels, points and transition rules as data.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, to_js};
use crate::error::Result;

/// A validated mastery policy (levels, points and rules as data).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Policy(pub(crate) core::Policy);

#[wasm_bindgen]
impl Policy {
    /// The current Khan-Academy-style rules (`khan-2025`).
    pub fn khan() -> Policy {
        Policy(core::Policy::khan())
    }

    /// The pre-2018 Khan-style rules (`khan-pre-2018`).
    #[wasm_bindgen(js_name = khanPre2018)]
    pub fn khan_pre_2018() -> Policy {
        Policy(core::Policy::khan_pre_2018())
    }

    /// Levels from a BKT estimate of P(known) (`probability-0.95`).
    pub fn probability() -> Policy {
        Policy(core::Policy::probability())
    }

    /// A preset by name: `khan-2025`, `khan-pre-2018` or `probability-0.95`.
    pub fn preset(name: &str) -> Result<Policy> {
        Ok(Policy(core::Policy::require_preset(name)?))
    }

    /// Parses and validates a JSON policy; throws a `PolicyError` naming every missing or
    /// conflicting transition-table cell.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Policy> {
        Ok(Policy(core::Policy::from_json(text)?))
    }

    /// Parses and validates a TOML policy.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str) -> Result<Policy> {
        Ok(Policy(core::Policy::from_toml(text)?))
    }

    /// Validates a policy given as a plain object (the JSON form).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "PolicyDoc")] doc: JsValue,
    ) -> Result<Policy> {
        Ok(Policy(core::Policy::from_doc(from_js(doc, "policy")?)?))
    }

    /// The canonical JSON form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The policy as a plain object (the JSON form).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "PolicyDoc")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(self.0.as_doc())
    }

    /// The policy's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.0.name().to_string()
    }

    /// Levels, lowest first, with their points.
    #[wasm_bindgen(getter, unchecked_return_type = "LevelDef[]")]
    pub fn levels(&self) -> Result<JsValue> {
        to_js(self.0.levels())
    }

    /// The level goals aim for when they name none (e.g. `proficient`).
    #[wasm_bindgen(getter, js_name = defaultTarget)]
    pub fn default_target(&self) -> String {
        self.0.level_id(self.0.default_target()).to_string()
    }

    /// Evidence contexts the policy has rules for (`practice`, `quiz`, ...).
    #[wasm_bindgen(getter)]
    pub fn contexts(&self) -> Vec<String> {
        self.0
            .context_ids()
            .into_iter()
            .map(str::to_string)
            .collect()
    }
}
