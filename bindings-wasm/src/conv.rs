//! Plain data between Rust and JavaScript: serde values become plain objects, arrays,
//! strings and numbers with the same field names as the JSON formats (`None` is `null`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::error::{Error, Result};

/// A Rust value as a plain JavaScript value.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::shape("result", e))
}

/// A JavaScript value read as `T`; `what` names the argument in the error.
///
/// The value passes through a `serde_json::Value` because a struct read straight from a
/// JavaScript object only looks up the fields it knows: a misspelt option would be ignored
/// silently, where this way `deny_unknown_fields` rejects it by name.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T> {
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| Error::shape(what, e))?;
    serde_json::from_value(value).map_err(|e| Error::shape(what, e))
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
