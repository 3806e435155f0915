//! Core errors as JavaScript `Error`s: `name` is the family (`CurriculumError`, `PolicyError`,
//! `EvidenceError`, `ModelError` or `MasteryError`), `code` the core's stable code and
//! `problems` every `{code, message}` when one document had several.

use js_sys::{Array, Object, Reflect};
use masterykit as core;
use wasm_bindgen::JsValue;

/// A core error on its way to JavaScript.
#[derive(Debug)]
pub struct Error(pub core::Error);

impl From<core::Error> for Error {
    fn from(e: core::Error) -> Self {
        Error(e)
    }
}

impl Error {
    /// This error as a problem of evidence (an `EvidenceError`), code unchanged.
    pub fn in_evidence(self) -> Error {
        Error(self.0.in_evidence())
    }

    /// Input JavaScript handed over in the wrong shape (a missing field, a wrong type).
    pub fn shape(what: &str, message: impl std::fmt::Display) -> Error {
        Error(core::Error::Parse {
            format: "object",
            message: format!("{what}: {message}"),
        })
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object or Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

impl From<Error> for JsValue {
    fn from(Error(e): Error) -> JsValue {
        let err = js_sys::Error::new(&e.to_string());
        err.set_name(class_name(e.family()));
        set(&err, "code", &JsValue::from_str(e.code()));
        let problems = Array::new();
        for p in e.problems() {
            let item = Object::new();
            set(&item, "code", &JsValue::from_str(p.code()));
            set(&item, "message", &JsValue::from_str(&p.to_string()));
            problems.push(&item);
        }
        set(&err, "problems", &problems);
        err.into()
    }
}

/// The JavaScript error name of a family.
fn class_name(family: core::ErrorFamily) -> &'static str {
    match family {
        core::ErrorFamily::Curriculum => "CurriculumError",
        core::ErrorFamily::Policy => "PolicyError",
        core::ErrorFamily::Evidence => "EvidenceError",
        core::ErrorFamily::Model => "ModelError",
        core::ErrorFamily::Roster => "RosterError",
        core::ErrorFamily::General => "MasteryError",
    }
}

/// Every error code with the `name` its errors carry, in code order.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = errorCodes, unchecked_return_type = "[ErrorCode, string][]")]
pub fn error_codes() -> Array {
    core::Error::CODES
        .iter()
        .map(|&(code, family)| {
            let pair = Array::new();
            pair.push(&JsValue::from_str(code));
            pair.push(&JsValue::from_str(class_name(family)));
            JsValue::from(pair)
        })
        .collect()
}

/// Result of binding calls.
pub type Result<T> = std::result::Result<T, Error>;
