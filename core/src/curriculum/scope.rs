//! Scopes: what a goal or an aggregate covers, and their text form.

use serde::{Deserialize, Serialize};

use super::Curriculum;
use crate::error::{Error, IdKind, Result};

/// What a goal or an aggregate covers: a course, a unit, or a set of skills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every skill of the course's units.
    Course(String),
    /// Every skill of the unit.
    Unit(String),
    /// These skills.
    Skills(Vec<String>),
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
