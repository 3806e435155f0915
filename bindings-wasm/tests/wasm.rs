//! Runs inside WebAssembly (`wasm-bindgen-test`, under Node): errors reach JavaScript as
//! `Error` objects with the core's code, and the exported API works end to end.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use masterykit_wasm::{Curriculum, LearnerStore, Policy};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const COURSE: &str = r#"{"format_version": 1, "skills": [
    {"id": "count"}, {"id": "add", "prerequisites": ["count"]}],
    "units": [{"id": "u", "skills": ["count", "add"]}]}"#;

fn field(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_codes() {
    let err: JsValue = Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a", "prerequisites": ["b"]}]}"#,
    )
    .expect_err("an unknown prerequisite is rejected")
    .into();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(field(&err, "code").as_deref(), Some("unknown_skill"));
    assert_eq!(field(&err, "name").as_deref(), Some("CurriculumError"));
    let problems = Reflect::get(&err, &JsValue::from_str("problems")).expect("problems");
    assert_eq!(js_sys::Array::from(&problems).length(), 1);
}

#[wasm_bindgen_test]
fn apply_returns_transitions_as_plain_objects() {
    let course = Curriculum::from_json(COURSE).expect("valid course");
    assert_eq!(course.learnable_order(), ["count", "add"]);
    let mut store = LearnerStore::new(&course, &Policy::khan()).expect("store");
    let event = js_sys::JSON::parse(
        r#"{"learner": "ana", "context": "practice", "timestamp": "2026-09-01",
            "responses": [{"item": "q", "skills": ["count"], "correct": true}]}"#,
    )
    .expect("json");
    let applied = store.apply(event).expect("applied");
    let transitions = Reflect::get(&applied, &JsValue::from_str("transitions")).expect("field");
    let first = js_sys::Array::from(&transitions).get(0);
    assert_eq!(field(&first, "to").as_deref(), Some("proficient"));
    assert_eq!(store.level("ana", "count").expect("level"), "proficient");
    let err: JsValue = store
        .level("bo", "count")
        .expect_err("unknown learner")
        .into();
    assert_eq!(field(&err, "code").as_deref(), Some("unknown_learner"));
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}
