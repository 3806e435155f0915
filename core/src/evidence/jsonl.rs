//! Event logs in JSON Lines form: one assessment per line.

use std::io::BufRead;

use super::Assessment;
use crate::error::{Error, Result};

/// Parses an event log in JSON Lines form: one [`Assessment`] per line; blank lines and lines
/// starting with `#` are skipped. Errors name the line.
pub fn parse_jsonl(text: &str) -> Result<Vec<Assessment>> {
    read_jsonl(text.as_bytes())
}

/// [`parse_jsonl`] from a reader.
pub fn read_jsonl<R: BufRead>(reader: R) -> Result<Vec<Assessment>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let at = |error| Error::AtLine {
            line: i + 1,
            error: Box::new(error),
        };
        let line = line.map_err(|e| {
            at(Error::Parse {
                format: "json lines",
                message: e.to_string(),
            })
        })?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let a: Assessment = serde_json::from_str(trimmed).map_err(|e| {
            at(Error::Parse {
                format: "json",
                message: e.to_string(),
            })
        })?;
        out.push(a);
    }
    Ok(out)
}

/// Writes assessments as JSON Lines.
pub fn to_jsonl(assessments: &[Assessment]) -> String {
    let mut out = String::new();
    for a in assessments {
        out.push_str(&json_line(a));
        out.push('\n');
    }
    out
}

/// One assessment as a line of JSON Lines, without the line break.
pub(crate) fn json_line(a: &Assessment) -> String {
    // An assessment is strings, numbers and lists: writing it to a string cannot fail.
    serde_json::to_string(a).unwrap_or_default()
}
