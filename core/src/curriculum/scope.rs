//! Scopes: what a goal or an aggregate covers, and their text form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Curriculum;
use crate::error::{Error, IdKind, Result};

/// What a goal or an aggregate covers: a course, a unit, or a set of skills.
///
/// Its text form is `course:ID`, `unit:ID` or `skills:A,B,C` ([`FromStr`], [`Display`](fmt::Display)).
/// Documents may give a scope as that text, as a list of skill ids, or as an object
/// (`{"unit": "fractions"}`); it is written as the object.
///
/// ```
/// use masterykit::Scope;
/// let scope: Scope = "skills:add,sub".parse()?;
/// assert_eq!(scope, Scope::Skills(vec!["add".into(), "sub".into()]));
/// assert_eq!(scope.to_string(), "skills:add,sub");
/// let unit: Scope = serde_json::from_str(r#"{"unit": "fractions"}"#).unwrap();
/// assert_eq!(unit, "unit:fractions".parse()?);
/// assert_eq!("grade:3".parse::<Scope>().unwrap_err().code(), "parse_error");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", try_from = "ScopeForm")]
pub enum Scope {
    /// Every skill of the course's units.
    Course(String),
    /// Every skill of the unit.
    Unit(String),
    /// These skills.
    Skills(Vec<String>),
}

impl FromStr for Scope {
    type Err = Error;

    fn from_str(text: &str) -> Result<Scope> {
        let invalid = || invalid(&format!("`{text}`"));
        let (kind, rest) = text.split_once(':').ok_or_else(invalid)?;
        let (kind, rest) = (kind.trim(), rest.trim());
        if rest.is_empty() {
            return Err(invalid());
        }
        match kind {
            "course" => Ok(Scope::Course(rest.to_string())),
            "unit" => Ok(Scope::Unit(rest.to_string())),
            "skills" => {
                let ids: Vec<String> = rest.split(',').map(|s| s.trim().to_string()).collect();
                if ids.iter().any(String::is_empty) {
                    return Err(invalid());
                }
                Ok(Scope::Skills(ids))
            }
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Course(id) => write!(f, "course:{id}"),
            Scope::Unit(id) => write!(f, "unit:{id}"),
            Scope::Skills(ids) => write!(f, "skills:{}", ids.join(",")),
        }
    }
}

impl Scope {
    /// A scope from any of its document forms (text, list of skill ids, or object), as the
    /// bindings receive it; anything else is a `parse_error` naming it.
    pub fn from_value(value: serde_json::Value) -> Result<Scope> {
        let shown = value.to_string();
        serde_json::from_value(value).map_err(|_| invalid(&shown))
    }
}

/// A `parse_error` for a scope given as `shown`.
fn invalid(shown: &str) -> Error {
    Error::Parse {
        format: "scope",
        message: format!("{shown}: expected course:ID, unit:ID, skills:A,B or a list of skill ids"),
    }
}

/// The forms a document may give a scope in.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
enum ScopeForm {
    Text(String),
    Skills(Vec<String>),
    Tagged(Tagged),
}

/// The object form, `{"unit": "fractions"}`.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Tagged {
    Course(String),
    Unit(String),
    Skills(Vec<String>),
}

impl TryFrom<ScopeForm> for Scope {
    type Error = Error;

    fn try_from(form: ScopeForm) -> Result<Scope> {
        Ok(match form {
            ScopeForm::Text(text) => text.parse()?,
            ScopeForm::Skills(ids) => Scope::Skills(ids),
            ScopeForm::Tagged(Tagged::Course(id)) => Scope::Course(id),
            ScopeForm::Tagged(Tagged::Unit(id)) => Scope::Unit(id),
            ScopeForm::Tagged(Tagged::Skills(ids)) => Scope::Skills(ids),
        })
    }
}

impl Curriculum {
    /// The skill indices a scope covers, each once, in course order.
    pub fn scope_skills(&self, scope: &Scope) -> Result<Vec<usize>> {
        let mut seen = vec![false; self.len()];
        let mut out = Vec::new();
        let mut add = |s: usize| {
            if !seen[s] {
                seen[s] = true;
                out.push(s);
            }
        };
        let unknown = |kind, id: &str| Error::UnknownId {
            kind,
            id: id.to_string(),
            referenced_in: "the scope".into(),
        };
        match scope {
            Scope::Course(id) => {
                let course = self.course(id).ok_or_else(|| unknown(IdKind::Course, id))?;
                for u in &course.units {
                    for s in self
                        .unit(u)
                        .map(|u| u.skills.as_slice())
                        .unwrap_or_default()
                    {
                        if let Some(i) = self.skill_index(s) {
                            add(i);
                        }
                    }
                }
            }
            Scope::Unit(id) => {
                let unit = self.unit(id).ok_or_else(|| unknown(IdKind::Unit, id))?;
                for s in &unit.skills {
                    if let Some(i) = self.skill_index(s) {
                        add(i);
                    }
                }
            }
            Scope::Skills(ids) => {
                for id in ids {
                    add(self.require_skill(id, "the scope")?);
                }
            }
        }
        Ok(out)
    }
}
