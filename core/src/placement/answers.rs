//! A placement's answers as text: CSV with `skill` and `correct` columns, or JSON Lines
//! of `{"skill": ..., "correct": ...}`.

use serde::Deserialize;

use super::session::Placement;
use crate::error::{Error, Result};

/// One answer read from text, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementAnswer {
    /// The skill.
    pub skill: String,
    /// Whether the answer was right.
    pub correct: bool,
    /// 1-based line (a CSV's header is line 1).
    pub line: usize,
}

impl PlacementAnswer {
    /// `(skill, correct)` pairs as answers, numbered from 1 (what an error names as the
    /// line).
    pub fn numbered(pairs: Vec<(String, bool)>) -> Vec<PlacementAnswer> {
        pairs
            .into_iter()
            .enumerate()
            .map(|(k, (skill, correct))| PlacementAnswer {
                skill,
                correct,
                line: k + 1,
            })
            .collect()
    }
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct JsonAnswer {
    skill: String,
    correct: JsonCorrect,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
enum JsonCorrect {
    Bool(bool),
    Number(f64),
}

/// Parses answers: JSON Lines when the text starts with `{`, CSV with a header naming
/// `skill` and `correct` columns otherwise. `correct` is `1`/`0`, `true`/`false` or
/// `y`/`n` (any case). Errors name the line.
///
/// ```
/// let a = masterykit::placement_answers("skill,correct\nadd,1\nmul,n\n")?;
/// assert_eq!((a[1].skill.as_str(), a[1].correct, a[1].line), ("mul", false, 3));
/// let j = masterykit::placement_answers("{\"skill\": \"add\", \"correct\": true}\n")?;
/// assert!(j[0].correct);
/// assert_eq!(masterykit::placement_answers("skill,correct\nadd,maybe\n").unwrap_err().code(), "invalid_correct");
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn placement_answers(text: &str) -> Result<Vec<PlacementAnswer>> {
    if text.trim_start().starts_with('{') {
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(k, l)| {
                let at = |error: Error| Error::AtLine {
                    line: k + 1,
                    error: Box::new(error),
                };
                let a: JsonAnswer = serde_json::from_str(l).map_err(|e| {
                    at(Error::Parse {
                        format: "placement answers",
                        message: e.to_string(),
                    })
                })?;
                let correct = match a.correct {
                    JsonCorrect::Bool(b) => b,
                    JsonCorrect::Number(x) if x == 1.0 || x == 0.0 => x == 1.0,
                    JsonCorrect::Number(x) => {
                        return Err(Error::InvalidCorrect {
                            row: k + 1,
                            value: x.to_string(),
                        });
                    }
                };
                Ok(PlacementAnswer {
                    skill: a.skill,
                    correct,
                    line: k + 1,
                })
            })
            .collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let parse = |e: csv::Error| Error::Parse {
        format: "placement answers",
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(parse)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::MissingColumn {
                column: name.to_string(),
                available: headers.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let (skill, correct) = (column("skill")?, column("correct")?);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(parse)?;
        let line = record
            .position()
            .map_or(out.len() + 2, |p| p.line() as usize);
        let value = record.get(correct).unwrap_or_default();
        let correct = match value.to_ascii_lowercase().as_str() {
            "1" | "true" | "y" | "yes" => true,
            "0" | "false" | "n" | "no" => false,
            _ => {
                return Err(Error::InvalidCorrect {
                    row: line,
                    value: value.to_string(),
                });
            }
        };
        out.push(PlacementAnswer {
            skill: record.get(skill).unwrap_or_default().to_string(),
            correct,
            line,
        });
    }
    Ok(out)
}

impl Placement {
    /// Records answers in order (under `strict`, each must be for the skill the session
    /// asks then). The first that fails is an error naming its line, and then none is
    /// recorded.
    pub fn record_answers(&mut self, answers: &[PlacementAnswer]) -> Result<()> {
        let mut next = self.clone();
        for a in answers {
            if next.options().strict {
                next.next_question();
            }
            next.record(&a.skill, a.correct)
                .map_err(|error| Error::AtLine {
                    line: a.line,
                    error: Box::new(error),
                })?;
        }
        *self = next;
        Ok(())
    }
}
