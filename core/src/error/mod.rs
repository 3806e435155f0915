//! The one error type of the crate; its codes and families are in `catalogue`.

mod catalogue;

pub use catalogue::ErrorFamily;

use std::fmt;

/// Which kind of curriculum entity an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// A class of a roster.
    Class,
    /// A goal given to a class or to learners.
    Goal,
    /// An assignment.
    Assignment,
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
            IdKind::Class => "class",
            IdKind::Goal => "goal",
            IdKind::Assignment => "assignment",
        })
    }
}

/// An interchange standard masterykit converts from or to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standard {
    /// 1EdTech CASE 1.0/1.1 packages.
    Case,
    /// xAPI 1.0.3 statements.
    Xapi,
    /// IMS Caliper 1.1/1.2 events.
    Caliper,
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Standard::Case => "CASE",
            Standard::Xapi => "xAPI statement",
            Standard::Caliper => "Caliper event",
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
    /// A class, goal or assignment of a roster that cannot stand: given to no one, an
    /// assignment with no skills, a due date not after the start, a class still in use.
    #[error("{kind} `{id}`: {detail}")]
    InvalidRoster {
        /// What kind of entry.
        kind: IdKind,
        /// Its id.
        id: String,
        /// What is wrong.
        detail: String,
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
    /// Problems found in a next-step rules document, or in how it fits a policy, all of them.
    #[error("{} problems in next-step rules:\n{}", problems.len(), bullet_list(problems))]
    InvalidNextStepRules {
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
    #[error("invalid timestamp `{value}`: {expected}")]
    InvalidTimestamp {
        /// The rejected text or number.
        value: String,
        /// What would have been accepted (and, for a number that looks like milliseconds,
        /// that it does).
        expected: String,
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
    /// A problem of one assessment applied alone, or of evidence handed over in the wrong
    /// shape: an evidence problem, whatever its code (an unknown skill in an assessment is
    /// `unknown_skill` of family [`ErrorFamily::Evidence`]). See [`Error::in_evidence`].
    #[error("{error}")]
    InEvidence {
        /// What went wrong.
        error: Box<Error>,
    },
    /// A snapshot that does not belong to this curriculum or policy.
    #[error("snapshot mismatch: {detail}")]
    SnapshotMismatch {
        /// What differs.
        detail: String,
    },
    /// An event id applied before with other content: a re-sent assessment must say the
    /// same to be skipped as a duplicate.
    #[error("event id `{event_id}` was applied before with different content")]
    EventConflict {
        /// The event id.
        event_id: String,
    },
    /// Parts that cannot be merged into one: learners, skills, event ids or simulated
    /// learners in more than one part, or parts built under different curricula,
    /// policies or rosters.
    #[error("cannot merge: {detail}")]
    MergeConflict {
        /// What the parts share or differ in, naming it.
        detail: String,
    },
    /// A placement answer for another skill than the one asked (strict sessions).
    #[error("answer for skill `{skill}` when {}", match asked { Some(a) => format!("`{a}` was asked"), None => "no question is open".to_string() })]
    UnexpectedAnswer {
        /// The skill answered.
        skill: String,
        /// The skill asked, if any.
        asked: Option<String>,
    },
    /// Placement answers that no knowledge state explains (possible only with zero
    /// careless and lucky rates).
    #[error(
        "the answer on skill `{skill}` contradicts earlier answers: no knowledge state explains them all (allow some noise with careless or lucky rates above 0)"
    )]
    InconsistentAnswers {
        /// The skill whose answer was refused.
        skill: String,
    },
    /// A record of an interchange standard (a CASE item or association, an xAPI statement,
    /// a Caliper event) that is malformed: a required field missing or of the wrong type.
    #[error("{standard} {record}: field `{field}`: {detail}")]
    InvalidRecord {
        /// The standard.
        standard: Standard,
        /// The record: its identifier, or its place in the batch when it has none.
        record: String,
        /// The field, as a path (`result.score.scaled`).
        field: String,
        /// What is wrong.
        detail: String,
    },
    /// An xAPI statement or Caliper event whose verb or action is not one the conversion
    /// knows (give it a role in the options, or skip unknown ones).
    #[error("{standard} {record}: unknown verb `{verb}`")]
    UnknownVerb {
        /// The standard.
        standard: Standard,
        /// The statement or event.
        record: String,
        /// The verb IRI or Caliper action.
        verb: String,
    },
    /// An activity (item) no skill is mapped to, by the options' item map or an extension.
    #[error("{standard} {record}: no skill mapped to item `{item}`")]
    UnmappedItem {
        /// The standard.
        standard: Standard,
        /// The statement or event.
        record: String,
        /// The activity or item id.
        item: String,
    },
    /// Work stopped on request (a front end's Ctrl-C) before it finished; nothing changed.
    #[error("cancelled before the work finished")]
    Cancelled,
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
    /// The individual problems: the list inside [`Error::InvalidCurriculum`] or
    /// [`Error::InvalidPolicy`] or [`Error::InvalidNextStepRules`], otherwise this error alone.
    pub fn problems(&self) -> &[Error] {
        match self {
            Error::InvalidCurriculum { problems }
            | Error::InvalidPolicy { problems }
            | Error::InvalidNextStepRules { problems } => problems,
            other => std::slice::from_ref(other),
        }
    }

    /// This error as a problem of evidence ([`ErrorFamily::Evidence`]), code unchanged;
    /// itself if it is one already.
    pub fn in_evidence(self) -> Error {
        if self.family() == ErrorFamily::Evidence {
            self
        } else {
            Error::InEvidence {
                error: Box::new(self),
            }
        }
    }

    /// The error itself, under any line, row or evidence wrapper.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::AtLine { error, .. }
            | Error::AtRow { error, .. }
            | Error::InEvidence { error } => error.innermost(),
            other => other,
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
}
