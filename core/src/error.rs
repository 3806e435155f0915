//! The one error type of the crate.

use std::fmt;

/// Which kind of curriculum entity an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A skill id.
    Skill,
    /// A unit id.
    Unit,
    /// A course id.
    Course,
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::Skill => "skill",
            IdKind::Unit => "unit",
            IdKind::Course => "course",
        })
    }
}

/// Every failure masterykit reports.
///
/// Each variant carries the offending values and has a stable snake_case [`Error::code`]
/// that bindings expose and tests assert on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An id is the empty string (or only white space).
    #[error("empty {kind} id in {location}")]
    EmptyId {
        /// What the id should have named.
        kind: IdKind,
        /// Where the empty id stands.
        location: String,
    },
    /// Two entities of the same kind share an id.
    #[error("duplicate {kind} id `{id}`")]
    DuplicateId {
        /// The entity kind.
        kind: IdKind,
        /// The repeated id.
        id: String,
    },
    /// An id that names no entity of its kind.
    #[error("unknown {kind} `{id}` in {referenced_in}")]
    UnknownId {
        /// The entity kind the id should name.
        kind: IdKind,
        /// The unknown id.
        id: String,
        /// Where it was referenced.
        referenced_in: String,
    },
    /// A skill lists itself as its own prerequisite.
    #[error("skill `{id}` lists itself as a prerequisite")]
    SelfPrerequisite {
        /// The skill.
        id: String,
    },
    /// A skill lists the same prerequisite twice.
    #[error("prerequisite `{prerequisite}` listed twice for `{skill}`")]
    DuplicatePrerequisite {
        /// The dependent skill.
        skill: String,
        /// The repeated prerequisite.
        prerequisite: String,
    },
    /// The prerequisite graph has a cycle; `path` lists the ids along it, first id repeated last.
    #[error("prerequisite cycle: {}", arrow_path(path))]
    Cycle {
        /// Ids along the cycle, in prerequisite order, the first repeated at the end.
        path: Vec<String>,
    },
    /// A weight that is not a finite number greater than zero.
    #[error("invalid weight {weight} for {location}: must be finite and greater than 0")]
    InvalidWeight {
        /// Which skill or edge carries the weight.
        location: String,
        /// The rejected value.
        weight: f64,
    },
    /// A document of a format version this build does not read.
    #[error("unsupported format_version {found} (this build reads {supported})")]
    UnsupportedFormatVersion {
        /// The version in the document.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A document that is not well-formed JSON or TOML, or lacks a required field.
    #[error("cannot parse {format}: {message}")]
    Parse {
        /// `json` or `toml`.
        format: &'static str,
        /// What the parser said.
        message: String,
    },
    /// Several problems found in one document, all of them.
    #[error("{} problems in curriculum:\n{}", problems.len(), bullet_list(problems))]
    InvalidCurriculum {
        /// Each problem, in document order.
        problems: Vec<Error>,
    },
}

impl Error {
    /// A stable snake_case code naming the failure, e.g. `unknown_skill` or `cycle`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptyId { .. } => "empty_id",
            Error::DuplicateId { kind, .. } => match kind {
                IdKind::Skill => "duplicate_skill",
                IdKind::Unit => "duplicate_unit",
                IdKind::Course => "duplicate_course",
            },
            Error::UnknownId { kind, .. } => match kind {
                IdKind::Skill => "unknown_skill",
                IdKind::Unit => "unknown_unit",
                IdKind::Course => "unknown_course",
            },
            Error::SelfPrerequisite { .. } => "self_prerequisite",
            Error::DuplicatePrerequisite { .. } => "duplicate_prerequisite",
            Error::Cycle { .. } => "cycle",
            Error::InvalidWeight { .. } => "invalid_weight",
            Error::UnsupportedFormatVersion { .. } => "unsupported_format_version",
            Error::Parse { .. } => "parse_error",
            Error::InvalidCurriculum { .. } => "invalid_curriculum",
        }
    }

    /// The individual problems: the list inside [`Error::InvalidCurriculum`], otherwise this
    /// error alone.
    pub fn problems(&self) -> &[Error] {
        match self {
            Error::InvalidCurriculum { problems } => problems,
            other => std::slice::from_ref(other),
        }
    }

    /// Wraps a list of problems: one alone stays itself, several become
    /// [`Error::InvalidCurriculum`]. `None` for an empty list.
    pub(crate) fn from_problems(mut problems: Vec<Error>) -> Option<Error> {
        match problems.len() {
            0 => None,
            1 => problems.pop(),
            _ => Some(Error::InvalidCurriculum { problems }),
        }
    }
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn arrow_path(path: &[String]) -> String {
    path.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(" -> ")
}

fn bullet_list(problems: &[Error]) -> String {
    problems
        .iter()
        .map(|p| format!("  - [{}] {p}", p.code()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_message_names_ids_in_order() {
        let e = Error::Cycle {
            path: vec!["a".into(), "b".into(), "a".into()],
        };
        assert_eq!(e.to_string(), "prerequisite cycle: `a` -> `b` -> `a`");
        assert_eq!(e.code(), "cycle");
    }

    #[test]
    fn single_problem_is_not_wrapped() {
        let e = Error::SelfPrerequisite { id: "x".into() };
        let wrapped = Error::from_problems(vec![e.clone()]);
        assert_eq!(wrapped, Some(e));
        assert_eq!(Error::from_problems(vec![]), None);
    }
}
