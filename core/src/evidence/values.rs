//! Assessments handed over by a front end: JSON values, or the JSON text of one assessment
//! or of an array of them. A problem is an evidence error naming the field
//! (`assessment.responses[0].score: ...`) and, in an array, the assessment (`line 3: ...`,
//! counting from 1 as in an event log).

use serde::de::{DeserializeSeed, Deserializer, Error as _, SeqAccess, Visitor};

use super::{Assessment, CompiledLog, Compiler};
use crate::error::{Error, Result};

/// An assessment from a JSON value; a value of the wrong shape is a `parse_error` naming
/// the field.
pub fn assessment_from_value(value: serde_json::Value) -> Result<Assessment> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        shape_error("assessment", &path, &e.into_inner().to_string())
    })
}

/// Assessments from a JSON array value, in order; an error names the assessment (from 1)
/// and the field.
pub fn assessments_from_value(value: serde_json::Value) -> Result<Vec<Assessment>> {
    match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(k, item)| assessment_from_value(item).map_err(|e| at_line(k, e)))
            .collect(),
        other => Err(shape_error(
            "events",
            ".",
            &format!("expected an array of assessments, not {}", kind(&other)),
        )),
    }
}

/// An assessment from the text of a JSON object; an error names the field.
pub fn parse_assessment(text: &str) -> Result<Assessment> {
    let mut de = serde_json::Deserializer::from_str(text);
    let a = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        shape_error(
            "assessment",
            &path,
            without_position(&e.inner().to_string()),
        )
    })?;
    de.end()
        .map_err(|e| shape_error("assessment", ".", without_position(&e.to_string())))?;
    Ok(a)
}

/// Compiles the text of a JSON array of assessments one element at a time, each dropped
/// once compiled, so a large array costs what the same JSON Lines log costs. An error
/// names the assessment (from 1); on error nothing is returned.
pub(crate) fn compile_array(compiler: &mut Compiler<'_>, text: &str) -> Result<CompiledLog> {
    let mut log = CompiledLog::default();
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = Elements {
        compiler,
        log: &mut log,
        failed: &mut failed,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match (failed, walked) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(shape_error("events", ".", without_position(&e.to_string()))),
        (None, Ok(())) => Ok(log),
    }
}

/// The array: each element deserialized and compiled in turn. The first problem is kept
/// in `failed` (serde's own error then only stops the walk).
struct Elements<'c, 'a> {
    compiler: &'c mut Compiler<'a>,
    log: &'c mut CompiledLog,
    failed: &'c mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of assessments")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut k = 0;
        loop {
            let element = Element {
                k,
                compiler: &mut *self.compiler,
                log: &mut *self.log,
                failed: &mut *self.failed,
            };
            if seq.next_element_seed(element)?.is_none() {
                return Ok(());
            }
            k += 1;
        }
    }
}

/// Element `k` of the array.
struct Element<'c, 'a> {
    k: usize,
    compiler: &'c mut Compiler<'a>,
    log: &'c mut CompiledLog,
    failed: &'c mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for Element<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        let problem = match serde_path_to_error::deserialize::<_, Assessment>(d) {
            Ok(a) => match self.compiler.push(self.log, &a) {
                Ok(()) => return Ok(()),
                Err(e) => e,
            },
            Err(e) => {
                let path = e.path().to_string();
                shape_error(
                    "assessment",
                    &path,
                    without_position(&e.inner().to_string()),
                )
            }
        };
        *self.failed = Some(at_line(self.k, problem));
        Err(D::Error::custom("stopped at the first invalid assessment"))
    }
}

/// `error` of assessment `k` (from 0) of an array, named as line `k + 1`.
fn at_line(k: usize, error: Error) -> Error {
    Error::AtLine {
        line: k + 1,
        error: Box::new(error),
    }
}

/// What kind of JSON value `v` is, for messages.
fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A serde_json message without its trailing position (` at line 1 column 345`): in a
/// text a program wrote, the field path says where, the column does not.
fn without_position(message: &str) -> &str {
    let Some((head, tail)) = message.rsplit_once(" at line ") else {
        return message;
    };
    let mut parts = tail.split(" column ");
    let numeric =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    match (numeric(parts.next()), numeric(parts.next()), parts.next()) {
        (true, true, None) => head,
        _ => message,
    }
}

/// A parse error of evidence at `path` (serde_path_to_error's form, `.` for the root).
fn shape_error(what: &str, path: &str, message: &str) -> Error {
    let place = match path {
        "." => what.to_string(),
        p if p.starts_with('[') => format!("{what}{p}"),
        p => format!("{what}.{p}"),
    };
    Error::Parse {
        format: "json",
        message: format!("{place}: {message}"),
    }
    .in_evidence()
}
