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
    /// A mastery level id of a policy.
    Level,
    /// An evidence context (`practice`, `quiz`, ...).
    Context,
    /// An outcome of a policy context (`perfect`, `all_correct`, ...).
    Outcome,
    /// A learner id.
    Learner,
    /// The name of a built-in policy preset.
    Preset,
}

impl IdKind {
    /// Every kind.
    pub const ALL: [IdKind; 8] = [
        IdKind::Skill,
        IdKind::Unit,
        IdKind::Course,
        IdKind::Level,
        IdKind::Context,
        IdKind::Outcome,
        IdKind::Learner,
        IdKind::Preset,
    ];

    /// The family of a duplicate id of this kind: where such ids are defined.
    pub fn family(self) -> ErrorFamily {
        match self {
            IdKind::Skill | IdKind::Unit | IdKind::Course => ErrorFamily::Curriculum,
            IdKind::Level | IdKind::Context | IdKind::Outcome | IdKind::Preset => {
                ErrorFamily::Policy
            }
            IdKind::Learner => ErrorFamily::Evidence,
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::Skill => "skill",
            IdKind::Unit => "unit",
            IdKind::Course => "course",
            IdKind::Level => "level",
            IdKind::Context => "context",
            IdKind::Outcome => "outcome",
            IdKind::Learner => "learner",
            IdKind::Preset => "policy preset",
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
    /// Several problems found in one curriculum document, all of them.
    #[error("{} problems in curriculum:\n{}", problems.len(), bullet_list(problems))]
    InvalidCurriculum {
        /// Each problem, in document order.
        problems: Vec<Error>,
    },
    /// Several problems found in one policy document, all of them.
    #[error("{} problems in policy:\n{}", problems.len(), bullet_list(problems))]
    InvalidPolicy {
        /// Each problem, in document order.
        problems: Vec<Error>,
    },
    /// A policy's transition table has no rule for this cell.
    #[error("no transition for level `{level}` in context `{context}` with outcome `{outcome}`")]
    MissingTransition {
        /// The context.
        context: String,
        /// The outcome.
        outcome: String,
        /// The level the rule would start from.
        level: String,
    },
    /// A policy's transition table has two different rules for one cell.
    #[error(
        "conflicting transitions for level `{level}` in context `{context}` with outcome `{outcome}`"
    )]
    ConflictingTransition {
        /// The context.
        context: String,
        /// The outcome.
        outcome: String,
        /// The level the rules start from.
        level: String,
    },
    /// A number outside its allowed range (points, thresholds, probabilities, counts).
    #[error("invalid {location}: {value} (expected {expected})")]
    InvalidNumber {
        /// What the number is.
        location: String,
        /// The rejected value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A response score that is NaN or outside [0, 1].
    #[error("invalid score {value} for {location}: must be within [0, 1]")]
    InvalidScore {
        /// Which response.
        location: String,
        /// The rejected score.
        value: f64,
    },
    /// A response with neither `correct` nor `score`, or with both disagreeing.
    #[error("{location} needs exactly one of `correct` or `score`")]
    AmbiguousAnswer {
        /// Which response.
        location: String,
    },
    /// An assessment without responses, or a response without skills.
    #[error("{location} is empty")]
    EmptyEvidence {
        /// Which assessment or response.
        location: String,
    },
    /// A bonus question where the policy or the score does not allow one.
    #[error("bonus question not allowed in {location}: {reason}")]
    BonusNotAllowed {
        /// Which assessment and skill.
        location: String,
        /// Why not.
        reason: String,
    },
    /// A mastery challenge taken before its unlock conditions were met.
    #[error("mastery challenge locked for learner `{learner}`: needs {requirement}")]
    MasteryChallengeLocked {
        /// The learner.
        learner: String,
        /// The unmet condition.
        requirement: String,
    },
    /// A mastery challenge taken again too soon.
    #[error("mastery challenge for learner `{learner}` too soon: next allowed at {next_allowed}")]
    MasteryChallengeCooldown {
        /// The learner.
        learner: String,
        /// When the next challenge unlocks.
        next_allowed: crate::time::Timestamp,
    },
    /// A mastery challenge whose questions do not match the policy's shape.
    #[error("mastery challenge {location}: {detail}")]
    MasteryChallengeShape {
        /// Which assessment.
        location: String,
        /// What is off.
        detail: String,
    },
    /// A timestamp that is neither RFC 3339, a date, nor integer seconds.
    #[error(
        "invalid timestamp `{value}`: expected RFC 3339 (2026-09-01T08:30:00Z), a date (2026-09-01) or Unix seconds"
    )]
    InvalidTimestamp {
        /// The rejected text.
        value: String,
    },
    /// A row of a sitting disagrees with the sitting's first row on a value the whole
    /// assessment shares.
    #[error("{column} `{found}` differs from `{first}` on the sitting's first row")]
    SittingMismatch {
        /// The column: `context` or `event id`.
        column: &'static str,
        /// The value on the sitting's first row.
        first: String,
        /// The value on this row.
        found: String,
    },
    /// A required column is missing from a table.
    #[error("missing column `{column}` (columns: {available})")]
    MissingColumn {
        /// The column looked for.
        column: String,
        /// The columns present.
        available: String,
    },
    /// A right-or-wrong value that is not 0/1 or true/false.
    #[error("invalid correct value `{value}` on row {row}: expected 0 or 1")]
    InvalidCorrect {
        /// 1-based row (CSV rows count the header).
        row: usize,
        /// The value found.
        value: String,
    },
    /// A knowledge-tracing model has no parameters for a skill in the data.
    #[error("no fitted parameters for skill `{skill}`")]
    UnfittedSkill {
        /// The skill.
        skill: String,
    },
    /// Options that cannot be used together or as given.
    #[error("invalid option {option}: {reason}")]
    InvalidOption {
        /// The option or options.
        option: String,
        /// What is wrong.
        reason: String,
    },
    /// An error on one line of an event log.
    #[error("line {line}: {error}")]
    AtLine {
        /// 1-based line number.
        line: usize,
        /// What went wrong there.
        error: Box<Error>,
    },
    /// An error on one row of evidence columns.
    #[error("row {row}: {error}")]
    AtRow {
        /// 0-based row, as in the columns given.
        row: usize,
        /// What went wrong there.
        error: Box<Error>,
    },
    /// A snapshot that does not belong to this curriculum or policy.
    #[error("snapshot mismatch: {detail}")]
    SnapshotMismatch {
        /// What differs.
        detail: String,
    },
    /// A snapshot cell holding a state no evidence can produce.
    #[error("invalid snapshot: learner `{learner}`, skill `{skill}`: {detail}")]
    InvalidSnapshot {
        /// The learner.
        learner: String,
        /// The skill.
        skill: String,
        /// What is impossible, naming the field.
        detail: String,
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
                IdKind::Level => "duplicate_level",
                IdKind::Context => "duplicate_context",
                IdKind::Outcome => "duplicate_outcome",
                IdKind::Learner => "duplicate_learner",
                IdKind::Preset => "duplicate_preset",
            },
            Error::UnknownId { kind, .. } => match kind {
                IdKind::Skill => "unknown_skill",
                IdKind::Unit => "unknown_unit",
                IdKind::Course => "unknown_course",
                IdKind::Level => "unknown_level",
                IdKind::Context => "unknown_context",
                IdKind::Outcome => "unknown_outcome",
                IdKind::Learner => "unknown_learner",
                IdKind::Preset => "unknown_preset",
            },
            Error::SelfPrerequisite { .. } => "self_prerequisite",
            Error::DuplicatePrerequisite { .. } => "duplicate_prerequisite",
            Error::Cycle { .. } => "cycle",
            Error::InvalidWeight { .. } => "invalid_weight",
            Error::UnsupportedFormatVersion { .. } => "unsupported_format_version",
            Error::Parse { .. } => "parse_error",
            Error::InvalidCurriculum { .. } => "invalid_curriculum",
            Error::InvalidPolicy { .. } => "invalid_policy",
            Error::MissingTransition { .. } => "missing_transition",
            Error::ConflictingTransition { .. } => "conflicting_transition",
            Error::InvalidNumber { .. } => "invalid_number",
            Error::InvalidScore { .. } => "invalid_score",
            Error::AmbiguousAnswer { .. } => "ambiguous_answer",
            Error::EmptyEvidence { .. } => "empty_evidence",
            Error::BonusNotAllowed { .. } => "bonus_not_allowed",
            Error::MasteryChallengeLocked { .. } => "mastery_challenge_locked",
            Error::MasteryChallengeCooldown { .. } => "mastery_challenge_cooldown",
            Error::MasteryChallengeShape { .. } => "mastery_challenge_shape",
            Error::InvalidTimestamp { .. } => "invalid_timestamp",
            Error::SnapshotMismatch { .. } => "snapshot_mismatch",
            Error::InvalidSnapshot { .. } => "invalid_snapshot",
            Error::SittingMismatch { .. } => "sitting_mismatch",
            Error::AtLine { error, .. } | Error::AtRow { error, .. } => error.code(),
            Error::MissingColumn { .. } => "missing_column",
            Error::InvalidCorrect { .. } => "invalid_correct",
            Error::UnfittedSkill { .. } => "unfitted_skill",
            Error::InvalidOption { .. } => "invalid_option",
        }
    }

    /// The family the error belongs to; bindings map each family to an exception class.
    pub fn family(&self) -> ErrorFamily {
        use ErrorFamily::{Curriculum, Evidence, General, Model, Policy};
        match self {
            Error::DuplicateId { kind, .. } => kind.family(),
            Error::UnknownId { kind, .. } => match kind {
                // An assessment names a context its policy lacks: the evidence is wrong.
                IdKind::Context => Evidence,
                other => other.family(),
            },
            Error::EmptyId { .. }
            | Error::SelfPrerequisite { .. }
            | Error::DuplicatePrerequisite { .. }
            | Error::Cycle { .. }
            | Error::InvalidWeight { .. }
            | Error::InvalidCurriculum { .. } => Curriculum,
            Error::InvalidPolicy { .. }
            | Error::MissingTransition { .. }
            | Error::ConflictingTransition { .. } => Policy,
            Error::InvalidScore { .. }
            | Error::AmbiguousAnswer { .. }
            | Error::EmptyEvidence { .. }
            | Error::BonusNotAllowed { .. }
            | Error::MasteryChallengeLocked { .. }
            | Error::MasteryChallengeCooldown { .. }
            | Error::MasteryChallengeShape { .. }
            | Error::InvalidTimestamp { .. }
            | Error::SnapshotMismatch { .. }
            | Error::InvalidSnapshot { .. }
            | Error::SittingMismatch { .. } => Evidence,
            Error::MissingColumn { .. }
            | Error::InvalidCorrect { .. }
            | Error::UnfittedSkill { .. } => Model,
            Error::UnsupportedFormatVersion { .. }
            | Error::Parse { .. }
            | Error::InvalidNumber { .. }
            | Error::InvalidOption { .. } => General,
            Error::AtLine { error, .. } | Error::AtRow { error, .. } => error.family(),
        }
    }

    /// Every code an error can have, with its family, sorted by code: the catalogue the
    /// bindings' type definitions are checked against.
    pub const CODES: &'static [(&'static str, ErrorFamily)] = &[
        ("ambiguous_answer", ErrorFamily::Evidence),
        ("bonus_not_allowed", ErrorFamily::Evidence),
        ("conflicting_transition", ErrorFamily::Policy),
        ("cycle", ErrorFamily::Curriculum),
        ("duplicate_context", ErrorFamily::Policy),
        ("duplicate_course", ErrorFamily::Curriculum),
        ("duplicate_learner", ErrorFamily::Evidence),
        ("duplicate_level", ErrorFamily::Policy),
        ("duplicate_outcome", ErrorFamily::Policy),
        ("duplicate_prerequisite", ErrorFamily::Curriculum),
        ("duplicate_preset", ErrorFamily::Policy),
        ("duplicate_skill", ErrorFamily::Curriculum),
        ("duplicate_unit", ErrorFamily::Curriculum),
        ("empty_evidence", ErrorFamily::Evidence),
        ("empty_id", ErrorFamily::Curriculum),
        ("invalid_correct", ErrorFamily::Model),
        ("invalid_curriculum", ErrorFamily::Curriculum),
        ("invalid_number", ErrorFamily::General),
        ("invalid_option", ErrorFamily::General),
        ("invalid_policy", ErrorFamily::Policy),
        ("invalid_score", ErrorFamily::Evidence),
        ("invalid_snapshot", ErrorFamily::Evidence),
        ("invalid_timestamp", ErrorFamily::Evidence),
        ("invalid_weight", ErrorFamily::Curriculum),
        ("mastery_challenge_cooldown", ErrorFamily::Evidence),
        ("mastery_challenge_locked", ErrorFamily::Evidence),
        ("mastery_challenge_shape", ErrorFamily::Evidence),
        ("missing_column", ErrorFamily::Model),
        ("missing_transition", ErrorFamily::Policy),
        ("parse_error", ErrorFamily::General),
        ("self_prerequisite", ErrorFamily::Curriculum),
        ("sitting_mismatch", ErrorFamily::Evidence),
        ("snapshot_mismatch", ErrorFamily::Evidence),
        ("unfitted_skill", ErrorFamily::Model),
        ("unknown_context", ErrorFamily::Evidence),
        ("unknown_course", ErrorFamily::Curriculum),
        ("unknown_learner", ErrorFamily::Evidence),
        ("unknown_level", ErrorFamily::Policy),
        ("unknown_outcome", ErrorFamily::Policy),
        ("unknown_preset", ErrorFamily::Policy),
        ("unknown_skill", ErrorFamily::Curriculum),
        ("unknown_unit", ErrorFamily::Curriculum),
        ("unsupported_format_version", ErrorFamily::General),
    ];

    /// The individual problems: the list inside [`Error::InvalidCurriculum`] or
    /// [`Error::InvalidPolicy`], otherwise this error alone.
    pub fn problems(&self) -> &[Error] {
        match self {
            Error::InvalidCurriculum { problems } | Error::InvalidPolicy { problems } => problems,
            other => std::slice::from_ref(other),
        }
    }

    /// Wraps a list of problems: one alone stays itself, several are wrapped by `many`.
    /// `None` for an empty list.
    pub(crate) fn from_problems(
        mut problems: Vec<Error>,
        many: fn(Vec<Error>) -> Error,
    ) -> Option<Error> {
        match problems.len() {
            0 => None,
            1 => problems.pop(),
            _ => Some(many(problems)),
        }
    }
}

/// The broad kind of an [`Error`], for mapping errors onto exception classes (each front
/// end names its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorFamily {
    /// An invalid curriculum or an unknown id in it.
    Curriculum,
    /// An invalid policy or a level it lacks.
    Policy,
    /// Evidence the rules reject, or a learner or snapshot that does not fit.
    Evidence,
    /// Knowledge-tracing input or model problems.
    Model,
    /// Anything else: parse errors, format versions, invalid numbers.
    General,
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
        let many = |problems| Error::InvalidCurriculum { problems };
        assert_eq!(Error::from_problems(vec![e.clone()], many), Some(e));
        assert_eq!(Error::from_problems(vec![], many), None);
    }

    /// One error of every variant, and of every id kind where the code depends on it.
    fn every_variant() -> Vec<Error> {
        let s = || "x".to_string();
        let mut all = Vec::new();
        for kind in IdKind::ALL {
            all.push(Error::DuplicateId { kind, id: s() });
            all.push(Error::UnknownId {
                kind,
                id: s(),
                referenced_in: s(),
            });
        }
        let inner = Error::Cycle { path: vec![s()] };
        all.extend([
            Error::EmptyId {
                kind: IdKind::Skill,
                location: s(),
            },
            Error::SelfPrerequisite { id: s() },
            Error::DuplicatePrerequisite {
                skill: s(),
                prerequisite: s(),
            },
            inner.clone(),
            Error::InvalidWeight {
                location: s(),
                weight: 0.0,
            },
            Error::UnsupportedFormatVersion {
                found: 2,
                supported: 1,
            },
            Error::Parse {
                format: "json",
                message: s(),
            },
            Error::InvalidCurriculum { problems: vec![] },
            Error::InvalidPolicy { problems: vec![] },
            Error::MissingTransition {
                context: s(),
                outcome: s(),
                level: s(),
            },
            Error::ConflictingTransition {
                context: s(),
                outcome: s(),
                level: s(),
            },
            Error::InvalidNumber {
                location: s(),
                value: 0.0,
                expected: "",
            },
            Error::InvalidScore {
                location: s(),
                value: 2.0,
            },
            Error::AmbiguousAnswer { location: s() },
            Error::EmptyEvidence { location: s() },
            Error::BonusNotAllowed {
                location: s(),
                reason: s(),
            },
            Error::MasteryChallengeLocked {
                learner: s(),
                requirement: s(),
            },
            Error::MasteryChallengeCooldown {
                learner: s(),
                next_allowed: crate::time::Timestamp::from_millis(0),
            },
            Error::MasteryChallengeShape {
                location: s(),
                detail: s(),
            },
            Error::InvalidTimestamp { value: s() },
            Error::SnapshotMismatch { detail: s() },
            Error::InvalidSnapshot {
                learner: s(),
                skill: s(),
                detail: s(),
            },
            Error::SittingMismatch {
                column: "context",
                first: s(),
                found: s(),
            },
            Error::MissingColumn {
                column: s(),
                available: s(),
            },
            Error::InvalidCorrect { row: 1, value: s() },
            Error::UnfittedSkill { skill: s() },
            Error::InvalidOption {
                option: s(),
                reason: s(),
            },
            Error::AtLine {
                line: 1,
                error: Box::new(inner.clone()),
            },
            Error::AtRow {
                row: 1,
                error: Box::new(inner),
            },
        ]);
        all
    }

    #[test]
    fn the_catalogue_lists_every_code_with_its_family_once() {
        let mut codes: Vec<&str> = Error::CODES.iter().map(|c| c.0).collect();
        let listed = codes.clone();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes, listed, "sorted, each code once");
        let mut seen = std::collections::BTreeSet::new();
        for e in every_variant() {
            let entry = (e.code(), e.family());
            assert!(
                Error::CODES.contains(&entry),
                "{entry:?} missing from CODES"
            );
            seen.insert(e.code());
        }
        let never: Vec<_> = listed.iter().filter(|c| !seen.contains(*c)).collect();
        assert!(never.is_empty(), "codes no error has: {never:?}");
    }
}
