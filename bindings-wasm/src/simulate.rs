//! `simulate`: learners under a teaching policy, seeded; identical to the native build.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, from_js_or_default, to_js};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};

/// Simulates learners on a curriculum. `teaching` is `{kind: "fixed_pace", items}`,
/// `{kind: "mastery_threshold", threshold, max_items}`, `{kind: "policy_level", level,
/// max_items}`, or a function given each `Step` before an item that returns `true` to move
/// on (an exception it throws stops the run and is rethrown). `config` overrides the
/// defaults (learners, seed, population, spread, prerequisite_factor, ...).
#[wasm_bindgen(unchecked_return_type = "SimResult")]
pub fn simulate(
    curriculum: &Curriculum,
    #[wasm_bindgen(unchecked_param_type = "Teaching | ((step: Step) => boolean)")]
    teaching: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SimConfig")] config: Option<JsValue>,
) -> std::result::Result<JsValue, JsValue> {
    let config: core::SimConfig = from_js_or_default(config, "config")?;
    let course = &curriculum.0;
    // Single-threaded in WebAssembly, so a JavaScript function can be the teacher. (A native
    // build of this crate, only ever compiled for linting, may have the core's `parallel`
    // feature, which needs a thread-safe teacher.)
    #[cfg(target_arch = "wasm32")]
    if let Some(teacher) = teaching.dyn_ref::<js_sys::Function>() {
        let thrown: std::cell::RefCell<Option<JsValue>> = std::cell::RefCell::new(None);
        let move_on = |step: &core::Step<'_>| -> core::Result<bool> {
            let fail = |message: String| core::Error::Parse {
                format: "object",
                message,
            };
            let arg = to_js(step).map_err(|Error(e)| e)?;
            match teacher.call1(&JsValue::NULL, &arg) {
                Ok(answer) => Ok(answer.is_truthy()),
                Err(e) => {
                    let message = format!("the teacher function threw: {e:?}");
                    thrown.borrow_mut().get_or_insert(e);
                    Err(fail(message))
                }
            }
        };
        return match core::simulate_with(course, &config, move_on) {
            Ok(result) => Ok(to_js(&result)?),
            Err(e) => Err(thrown.into_inner().unwrap_or_else(|| Error(e).into())),
        };
    }
    let teaching: core::Teaching = from_js(teaching, "teaching")?;
    let result = core::simulate(course, &teaching, &config).map_err(Error)?;
    Ok(to_js(&result)?)
}

/// The result of one run from the results of runs over consecutive learner ranges (each
/// run's config gives `first_learner` and `learners`), as `simulate` returns them, in order.
/// Ranges that do not follow each other are a `merge_conflict` error.
#[wasm_bindgen(js_name = mergeSimulations, unchecked_return_type = "SimResult")]
pub fn merge_simulations(
    #[wasm_bindgen(unchecked_param_type = "SimResult[]")] parts: JsValue,
) -> Result<JsValue> {
    let parts: Vec<core::SimResult> = from_js(parts, "parts")?;
    let mut parts = parts.into_iter();
    let mut merged = parts.next().ok_or_else(|| {
        Error(core::Error::MergeConflict {
            detail: "no simulation results to merge".into(),
        })
    })?;
    for part in parts {
        merged.merge(&part)?;
    }
    to_js(&merged)
}
