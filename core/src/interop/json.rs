//! Reading fields of standards' JSON records, each failure naming the record and field.

use serde_json::{Map, Value};

use crate::error::{Error, Result, Standard};

/// The record being read, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    pub standard: Standard,
    pub name: Label<'a>,
}

/// How errors name a record; written out only when an error needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Label<'a> {
    /// A name as given.
    Text(&'a str),
    /// A record of a batch: its id in backquotes, or its place (from 1) when it has none.
    Item(Option<&'a str>, usize),
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Label::Text(t) => f.write_str(t),
            Label::Item(Some(id), _) => write!(f, "`{id}`"),
            Label::Item(None, index) => write!(f, "#{} (no id)", index + 1),
        }
    }
}

impl<'a> Record<'a> {
    /// A record named as given.
    pub fn named(standard: Standard, name: &'a str) -> Record<'a> {
        Record {
            standard,
            name: Label::Text(name),
        }
    }

    /// The `index`-th record of a batch (from 0), with its id if it has one.
    pub fn item(standard: Standard, id: Option<&'a str>, index: usize) -> Record<'a> {
        Record {
            standard,
            name: Label::Item(id, index),
        }
    }
}

impl Record<'_> {
    /// An [`Error::InvalidRecord`] about `field`.
    pub fn invalid(&self, field: &str, detail: impl Into<String>) -> Error {
        Error::InvalidRecord {
            standard: self.standard,
            record: self.name.to_string(),
            field: field.to_string(),
            detail: detail.into(),
        }
    }

    /// The record as a JSON object.
    pub fn object<'v>(&self, value: &'v Value, field: &str) -> Result<&'v Map<String, Value>> {
        value.as_object().ok_or_else(|| {
            self.invalid(field, format!("expected an object, found {}", kind(value)))
        })
    }

    /// An optional string field; a present non-string is an error.
    pub fn opt_str<'v>(&self, obj: &'v Map<String, Value>, field: &str) -> Result<Option<&'v str>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => {
                Err(self.invalid(field, format!("expected a string, found {}", kind(other))))
            }
        }
    }

    /// A required non-empty string field.
    pub fn req_str<'v>(&self, obj: &'v Map<String, Value>, field: &str) -> Result<&'v str> {
        match self.opt_str(obj, field)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(self.invalid(field, "is empty")),
            None => Err(self.invalid(field, "required field is missing")),
        }
    }

    /// An optional finite number field.
    pub fn opt_f64(&self, obj: &Map<String, Value>, field: &str) -> Result<Option<f64>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| self.invalid(field, "expected a finite number")),
            Some(other) => {
                Err(self.invalid(field, format!("expected a number, found {}", kind(other))))
            }
        }
    }

    /// An optional object field.
    pub fn opt_object<'v>(
        &self,
        obj: &'v Map<String, Value>,
        field: &str,
    ) -> Result<Option<&'v Map<String, Value>>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(o)) => Ok(Some(o)),
            Some(other) => {
                Err(self.invalid(field, format!("expected an object, found {}", kind(other))))
            }
        }
    }
}

/// How a JSON value's type is named in messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses a JSON document, as a [`Error::Parse`] naming the standard on failure.
pub(crate) fn parse(text: &str, format: &'static str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::Parse {
        format,
        message: e.to_string(),
    })
}

/// A deterministic UUID (version 8, RFC 9562's custom layout) derived from `parts`: the
/// same parts give the same UUID on every platform.
pub(crate) fn derived_uuid(parts: &[&str]) -> String {
    let mut text = String::new();
    for p in parts {
        text.push_str(p);
        text.push('\u{1f}');
    }
    let hi = xxhash_rust::xxh64::xxh64(text.as_bytes(), 0x6d6b_6974);
    let lo = xxhash_rust::xxh64::xxh64(text.as_bytes(), 0x7575_6964);
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Whether `s` has a UUID's shape (hex digits 8-4-4-4-12, either case).
pub(crate) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Options of a conversion from a JSON value; a null is the defaults. An error names the
/// field (`sittings`, `items.<id>`).
pub(crate) fn options_from_value<T: serde::de::DeserializeOwned + Default>(
    value: Value,
    what: &str,
) -> Result<T> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_path_to_error::deserialize(value).map_err(|e| Error::InvalidOption {
        option: match e.path().to_string().as_str() {
            "." => what.to_string(),
            path => format!("{what}.{path}"),
        },
        reason: e.inner().to_string(),
    })
}
