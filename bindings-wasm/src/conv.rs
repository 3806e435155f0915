//! Plain data between Rust and JavaScript: serde values become plain objects, arrays,
//! strings and numbers with the same field names as the JSON formats (`None` is `null`).

use std::cell::Cell;
use std::rc::Rc;

use masterykit as core;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};

use crate::error::{Error, Result};

/// A Rust value as a plain JavaScript value.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::shape("result", e))
}

/// A JavaScript value read as `T`; `what` names the argument in the error.
///
/// The value passes through its JSON text (`JSON.stringify`, one call, linear in its size;
/// a `Date` becomes its ISO 8601 string), read as the core reads documents: a struct read
/// straight from a JavaScript object only looks up the fields it knows, so a misspelt option
/// would be ignored silently, where this way `deny_unknown_fields` rejects it by name. Reading
/// the text the way the core does also keeps one copy of each type's reader in the module.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T> {
    serde_json::from_str(&json_text(&value, what)?).map_err(|e| Error::shape(what, e))
}

/// The JSON text of a JavaScript value. `JSON.stringify` writes NaN and infinities as
/// `null`: a number that is not finite is an error here instead, never a silent null.
pub fn json_text(value: &JsValue, what: &str) -> Result<String> {
    let text = js_sys::JSON::stringify(value).map_err(|e| Error::shape(what, thrown(&e)))?;
    let text = JsValue::from(text)
        .as_string()
        .ok_or_else(|| Error::shape(what, "not a JSON value (undefined or a function)"))?;
    // Only a text with a null can hide a non-finite number: look closer only then.
    if text.contains("null")
        && let Some((key, number)) = first_non_finite(value)
    {
        return Err(Error(core::Error::InvalidNumber {
            location: format!("{what}: field `{key}`"),
            value: number,
            expected: "a finite number",
        }));
    }
    Ok(text)
}

/// The key and value of the first number in `value` that is not finite, in `JSON.stringify`
/// order (the key is empty for `value` itself).
fn first_non_finite(value: &JsValue) -> Option<(String, f64)> {
    let found = Rc::new(Cell::new(None::<(String, f64)>));
    let seen = Rc::clone(&found);
    let replacer =
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |key: JsValue, v: JsValue| {
            match v.as_f64() {
                Some(n) if !n.is_finite() => {
                    let first = seen
                        .take()
                        .unwrap_or((key.as_string().unwrap_or_default(), n));
                    seen.set(Some(first));
                }
                _ => {}
            }
            v
        });
    // The first stringify succeeded, so this one does too.
    let _ = js_sys::JSON::stringify_with_replacer(value, replacer.as_ref().unchecked_ref());
    drop(replacer);
    found.take()
}

/// The message of something JavaScript threw.
fn thrown(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "cannot be written as JSON".into())
}

/// An optional argument: absent, `undefined` or `null` gives `T::default()`.
pub fn from_js_or_default<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => from_js(v, what),
        _ => Ok(T::default()),
    }
}
