//! Interchange standards: CASE packages, xAPI statements, Caliper events.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{json_text, to_js};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::learner::LearnerStore;

/// A document given as JSON text, or as plain data written as its JSON text.
fn text_of(doc: &JsValue, what: &str) -> Result<String> {
    match doc.as_string() {
        Some(text) => Ok(text),
        None => json_text(doc, what),
    }
}

/// An options object as a JSON value (absent, `undefined` or `null`: the defaults).
fn options(value: Option<JsValue>, what: &str) -> Result<serde_json::Value> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            serde_json::from_str(&json_text(&v, what)?).map_err(|e| Error::shape(what, e))
        }
        _ => Ok(serde_json::Value::Null),
    }
}

/// Assessments from a standard's records (JSON text or plain data) under a mapping.
fn read_evidence(
    doc: &JsValue,
    what: &str,
    mapping: Option<JsValue>,
    read: fn(&str, &core::EvidenceMapping) -> core::Result<core::EvidenceImport>,
) -> Result<JsValue> {
    let mapping = core::EvidenceMapping::from_value(options(mapping, "mapping")?)?;
    to_js(&read(&text_of(doc, what)?, &mapping)?)
}

/// Reads a CASE 1.0/1.1 package (JSON text or an object) as a curriculum: returns
/// `[curriculum, summary]`, the summary counting what was mapped and ignored.
#[wasm_bindgen(js_name = curriculumFromCase, unchecked_return_type = "CaseImport")]
pub fn curriculum_from_case(
    #[wasm_bindgen(unchecked_param_type = "string | object")] package: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CaseImportOptions")] options: Option<JsValue>,
) -> Result<JsValue> {
    let opts = core::CaseImportOptions::from_value(self::options(options, "options")?)?;
    let read = core::curriculum_from_case(&text_of(&package, "package")?, &opts)?;
    let pair = js_sys::Array::new();
    pair.push(&JsValue::from(Curriculum(read.curriculum)));
    pair.push(&to_js(&read.summary)?);
    Ok(pair.into())
}

/// A curriculum as a CASE 1.1 package (JSON text).
#[wasm_bindgen(js_name = curriculumToCase)]
pub fn curriculum_to_case(
    curriculum: &Curriculum,
    #[wasm_bindgen(unchecked_param_type = "CaseExportOptions")] options: Option<JsValue>,
) -> Result<String> {
    let opts = core::CaseExportOptions::from_value(self::options(options, "options")?)?;
    Ok(core::curriculum_to_case(&curriculum.0, &opts))
}

/// Reads xAPI 1.0.3 statements (JSON text, a batch, an array, or JSON Lines text) as
/// assessments in the event-log form, with a summary.
#[wasm_bindgen(js_name = assessmentsFromXapi, unchecked_return_type = "EvidenceImport")]
pub fn assessments_from_xapi(
    #[wasm_bindgen(unchecked_param_type = "string | object")] statements: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvidenceMapping")] mapping: Option<JsValue>,
) -> Result<JsValue> {
    read_evidence(
        &statements,
        "statements",
        mapping,
        core::assessments_from_xapi,
    )
}

/// Reads Caliper 1.1/1.2 events (JSON text, an envelope, an array, or JSON Lines text) as
/// assessments in the event-log form, with a summary.
#[wasm_bindgen(js_name = assessmentsFromCaliper, unchecked_return_type = "EvidenceImport")]
pub fn assessments_from_caliper(
    #[wasm_bindgen(unchecked_param_type = "string | object")] events: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvidenceMapping")] mapping: Option<JsValue>,
) -> Result<JsValue> {
    read_evidence(&events, "events", mapping, core::assessments_from_caliper)
}

/// The store's level changes (every one so far) as xAPI statements (JSON text).
#[wasm_bindgen(js_name = transitionsToXapi)]
pub fn transitions_to_xapi(
    store: &LearnerStore,
    #[wasm_bindgen(unchecked_param_type = "XapiExportOptions")] options: Option<JsValue>,
) -> Result<String> {
    let opts = core::XapiExportOptions::from_value(self::options(options, "options")?)?;
    let transitions = store.0.transitions();
    Ok(core::transitions_to_xapi(&store.0, &transitions, &opts))
}
