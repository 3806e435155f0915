//! The catalogue of error codes: each variant's stable code and family, and the list of
//! every code the bindings' type definitions are checked against.

use super::{Error, IdKind, Standard};

impl IdKind {
    /// Every kind.
    pub const ALL: [IdKind; 11] = [
        IdKind::Skill,
        IdKind::Unit,
        IdKind::Course,
        IdKind::Level,
        IdKind::Context,
        IdKind::Outcome,
        IdKind::Learner,
        IdKind::Preset,
        IdKind::Class,
        IdKind::Goal,
        IdKind::Assignment,
    ];

    /// The family of a duplicate id of this kind: where such ids are defined.
    pub fn family(self) -> ErrorFamily {
        match self {
            IdKind::Skill | IdKind::Unit | IdKind::Course => ErrorFamily::Curriculum,
            IdKind::Level | IdKind::Context | IdKind::Outcome | IdKind::Preset => {
                ErrorFamily::Policy
            }
            IdKind::Learner => ErrorFamily::Evidence,
            IdKind::Class | IdKind::Goal | IdKind::Assignment => ErrorFamily::Roster,
        }
    }
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
                IdKind::Class => "duplicate_class",
                IdKind::Goal => "duplicate_goal",
                IdKind::Assignment => "duplicate_assignment",
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
                IdKind::Class => "unknown_class",
                IdKind::Goal => "unknown_goal",
                IdKind::Assignment => "unknown_assignment",
            },
            Error::SelfPrerequisite { .. } => "self_prerequisite",
            Error::DuplicatePrerequisite { .. } => "duplicate_prerequisite",
            Error::Cycle { .. } => "cycle",
            Error::InvalidWeight { .. } => "invalid_weight",
            Error::UnsupportedFormatVersion { .. } => "unsupported_format_version",
            Error::Parse { .. } => "parse_error",
            Error::InvalidCurriculum { .. } => "invalid_curriculum",
            Error::InvalidPolicy { .. } => "invalid_policy",
            Error::InvalidNextStepRules { .. } => "invalid_next_step_rules",
            Error::InvalidRoster { .. } => "invalid_roster",
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
            Error::Cancelled => "cancelled",
            Error::EventConflict { .. } => "event_conflict",
            Error::SittingMismatch { .. } => "sitting_mismatch",
            Error::AtLine { error, .. }
            | Error::AtRow { error, .. }
            | Error::InEvidence { error } => error.code(),
            Error::MissingColumn { .. } => "missing_column",
            Error::InvalidCorrect { .. } => "invalid_correct",
            Error::UnfittedSkill { .. } => "unfitted_skill",
            Error::InvalidOption { .. } => "invalid_option",
            Error::UnexpectedAnswer { .. } => "unexpected_answer",
            Error::InconsistentAnswers { .. } => "inconsistent_answers",
            Error::InvalidRecord { standard, .. } => match standard {
                Standard::Case => "invalid_case",
                Standard::Xapi => "invalid_statement",
                Standard::Caliper => "invalid_caliper_event",
            },
            Error::UnknownVerb { .. } => "unknown_verb",
            Error::MergeConflict { .. } => "merge_conflict",
            Error::UnmappedItem { .. } => "unmapped_item",
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
            | Error::InvalidNextStepRules { .. }
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
            | Error::EventConflict { .. }
            | Error::SittingMismatch { .. }
            | Error::UnexpectedAnswer { .. }
            | Error::InconsistentAnswers { .. } => Evidence,
            Error::InvalidRoster { .. } => ErrorFamily::Roster,
            Error::InvalidRecord { standard, .. } => match standard {
                Standard::Case => Curriculum,
                Standard::Xapi | Standard::Caliper => Evidence,
            },
            Error::UnknownVerb { .. } | Error::UnmappedItem { .. } => Evidence,
            Error::MissingColumn { .. }
            | Error::InvalidCorrect { .. }
            | Error::UnfittedSkill { .. } => Model,
            Error::UnsupportedFormatVersion { .. }
            | Error::Parse { .. }
            | Error::InvalidNumber { .. }
            | Error::InvalidOption { .. }
            | Error::MergeConflict { .. }
            | Error::Cancelled => General,
            // Lines and rows are of event logs and evidence columns: whatever went wrong
            // there, the evidence is wrong.
            Error::AtLine { .. } | Error::AtRow { .. } | Error::InEvidence { .. } => Evidence,
        }
    }

    /// Every code an error can have, with its family, sorted by code: the catalogue the
    /// bindings' type definitions are checked against. The family is that of the error on
    /// its own; in evidence (an assessment, a line of an event log, a row of evidence
    /// columns) every error is of [`ErrorFamily::Evidence`].
    pub const CODES: &'static [(&'static str, ErrorFamily)] = &[
        ("ambiguous_answer", ErrorFamily::Evidence),
        ("bonus_not_allowed", ErrorFamily::Evidence),
        ("cancelled", ErrorFamily::General),
        ("conflicting_transition", ErrorFamily::Policy),
        ("cycle", ErrorFamily::Curriculum),
        ("duplicate_assignment", ErrorFamily::Roster),
        ("duplicate_class", ErrorFamily::Roster),
        ("duplicate_context", ErrorFamily::Policy),
        ("duplicate_course", ErrorFamily::Curriculum),
        ("duplicate_goal", ErrorFamily::Roster),
        ("duplicate_learner", ErrorFamily::Evidence),
        ("duplicate_level", ErrorFamily::Policy),
        ("duplicate_outcome", ErrorFamily::Policy),
        ("duplicate_prerequisite", ErrorFamily::Curriculum),
        ("duplicate_preset", ErrorFamily::Policy),
        ("duplicate_skill", ErrorFamily::Curriculum),
        ("duplicate_unit", ErrorFamily::Curriculum),
        ("empty_evidence", ErrorFamily::Evidence),
        ("empty_id", ErrorFamily::Curriculum),
        ("event_conflict", ErrorFamily::Evidence),
        ("inconsistent_answers", ErrorFamily::Evidence),
        ("invalid_caliper_event", ErrorFamily::Evidence),
        ("invalid_case", ErrorFamily::Curriculum),
        ("invalid_correct", ErrorFamily::Model),
        ("invalid_curriculum", ErrorFamily::Curriculum),
        ("invalid_next_step_rules", ErrorFamily::Policy),
        ("invalid_number", ErrorFamily::General),
        ("invalid_option", ErrorFamily::General),
        ("invalid_policy", ErrorFamily::Policy),
        ("invalid_roster", ErrorFamily::Roster),
        ("invalid_score", ErrorFamily::Evidence),
        ("invalid_snapshot", ErrorFamily::Evidence),
        ("invalid_statement", ErrorFamily::Evidence),
        ("invalid_timestamp", ErrorFamily::Evidence),
        ("invalid_weight", ErrorFamily::Curriculum),
        ("mastery_challenge_cooldown", ErrorFamily::Evidence),
        ("mastery_challenge_locked", ErrorFamily::Evidence),
        ("mastery_challenge_shape", ErrorFamily::Evidence),
        ("merge_conflict", ErrorFamily::General),
        ("missing_column", ErrorFamily::Model),
        ("missing_transition", ErrorFamily::Policy),
        ("parse_error", ErrorFamily::General),
        ("self_prerequisite", ErrorFamily::Curriculum),
        ("sitting_mismatch", ErrorFamily::Evidence),
        ("snapshot_mismatch", ErrorFamily::Evidence),
        ("unexpected_answer", ErrorFamily::Evidence),
        ("unfitted_skill", ErrorFamily::Model),
        ("unknown_assignment", ErrorFamily::Roster),
        ("unknown_class", ErrorFamily::Roster),
        ("unknown_context", ErrorFamily::Evidence),
        ("unknown_course", ErrorFamily::Curriculum),
        ("unknown_goal", ErrorFamily::Roster),
        ("unknown_learner", ErrorFamily::Evidence),
        ("unknown_level", ErrorFamily::Policy),
        ("unknown_outcome", ErrorFamily::Policy),
        ("unknown_preset", ErrorFamily::Policy),
        ("unknown_skill", ErrorFamily::Curriculum),
        ("unknown_unit", ErrorFamily::Curriculum),
        ("unknown_verb", ErrorFamily::Evidence),
        ("unmapped_item", ErrorFamily::Evidence),
        ("unsupported_format_version", ErrorFamily::General),
    ];
}

/// The broad kind of an [`Error`], for mapping errors onto exception classes (each front
/// end names its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorFamily {
    /// An invalid curriculum document, or a unit, course or skill a query names that the
    /// curriculum lacks.
    Curriculum,
    /// An invalid policy document, or a preset or level it lacks.
    Policy,
    /// Evidence that cannot be applied, in any form (an assessment, an event log line, a row
    /// of evidence columns): malformed, naming a skill or context that does not exist,
    /// rejected by the rules, or conflicting with an event applied before; an unknown
    /// learner; a snapshot that is malformed or does not fit.
    Evidence,
    /// Knowledge-tracing input or model problems: response tables (missing columns, bad
    /// `correct` values), model documents, skills without parameters.
    Model,
    /// A roster that cannot stand: a duplicate or unknown class, goal or assignment, or one
    /// that is invalid ([`Error::InvalidRoster`]).
    Roster,
    /// Anything else: a malformed curriculum or policy document, an unsupported format
    /// version, an invalid number or option, cancelled work.
    General,
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for standard in [Standard::Case, Standard::Xapi, Standard::Caliper] {
            all.push(Error::InvalidRecord {
                standard,
                record: s(),
                field: s(),
                detail: s(),
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
            Error::InvalidNextStepRules { problems: vec![] },
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
            Error::InvalidTimestamp {
                value: s(),
                expected: s(),
            },
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
            Error::Cancelled,
            Error::EventConflict { event_id: s() },
            Error::MergeConflict { detail: s() },
            Error::InvalidOption {
                option: s(),
                reason: s(),
            },
            Error::UnexpectedAnswer {
                skill: s(),
                asked: None,
            },
            Error::InconsistentAnswers { skill: s() },
            Error::UnknownVerb {
                standard: Standard::Xapi,
                record: s(),
                verb: s(),
            },
            Error::UnmappedItem {
                standard: Standard::Caliper,
                record: s(),
                item: s(),
            },
            Error::InvalidRoster {
                kind: IdKind::Class,
                id: s(),
                detail: s(),
            },
        ]);
        all
    }

    #[test]
    fn an_error_in_evidence_keeps_its_code_and_is_an_evidence_error() {
        let wrappers: [fn(Error) -> Error; 3] = [
            |e| Error::AtLine {
                line: 1,
                error: Box::new(e),
            },
            |e| Error::AtRow {
                row: 1,
                error: Box::new(e),
            },
            Error::in_evidence,
        ];
        for e in every_variant() {
            for wrap in wrappers {
                let wrapped = wrap(e.clone());
                assert_eq!(wrapped.code(), e.code());
                assert_eq!(wrapped.family(), ErrorFamily::Evidence, "{e:?}");
                assert_eq!(wrapped.innermost(), &e);
            }
        }
        let evidence = Error::EmptyEvidence {
            location: "x".into(),
        };
        assert_eq!(
            evidence.clone().in_evidence(),
            evidence,
            "not wrapped twice"
        );
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
