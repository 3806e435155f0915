//! Core errors as Python exceptions: `MasteryError` (a `ValueError`) and one subclass per
//! family, each with `.code` (the core's code) and `.problems` (every (code, message)).

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    masterykit,
    MasteryError,
    PyValueError,
    "Base of every masterykit error."
);
create_exception!(
    masterykit,
    CurriculumError,
    MasteryError,
    "An invalid curriculum or an unknown id in it."
);
create_exception!(
    masterykit,
    PolicyError,
    MasteryError,
    "An invalid policy or a level it lacks."
);
create_exception!(
    masterykit,
    EvidenceError,
    MasteryError,
    "Evidence the rules reject."
);
create_exception!(
    masterykit,
    ModelError,
    MasteryError,
    "Knowledge-tracing input or model problems."
);

/// The core error, carried to Python.
#[derive(Debug)]
pub struct Error(pub masterykit::Error);

impl From<masterykit::Error> for Error {
    fn from(e: masterykit::Error) -> Self {
        Error(e)
    }
}

fn family(code: &str) -> fn(String) -> PyErr {
    match code {
        "empty_id"
        | "duplicate_skill"
        | "duplicate_unit"
        | "duplicate_course"
        | "unknown_skill"
        | "unknown_unit"
        | "unknown_course"
        | "self_prerequisite"
        | "duplicate_prerequisite"
        | "cycle"
        | "invalid_weight"
        | "invalid_curriculum" => CurriculumError::new_err,
        "invalid_policy"
        | "missing_transition"
        | "conflicting_transition"
        | "unknown_level"
        | "duplicate_level"
        | "unknown_outcome"
        | "duplicate_outcome"
        | "duplicate_context" => PolicyError::new_err,
        "unknown_context"
        | "invalid_score"
        | "ambiguous_answer"
        | "empty_evidence"
        | "bonus_not_allowed"
        | "mastery_challenge_locked"
        | "mastery_challenge_cooldown"
        | "mastery_challenge_shape"
        | "invalid_timestamp"
        | "unknown_learner"
        | "duplicate_learner"
        | "snapshot_mismatch" => EvidenceError::new_err,
        "missing_column" | "invalid_correct" | "unfitted_skill" => ModelError::new_err,
        _ => MasteryError::new_err,
    }
}

impl From<Error> for PyErr {
    fn from(Error(e): Error) -> PyErr {
        let err = family(e.code())(e.to_string());
        Python::attach(|py| {
            let value = err.value(py);
            let problems: Vec<(String, String)> = e
                .problems()
                .iter()
                .map(|p| (p.code().to_string(), p.to_string()))
                .collect();
            // Attributes on a fresh exception instance cannot fail to set.
            let _ = value.setattr("code", e.code());
            let _ = value.setattr("problems", problems);
        });
        err
    }
}

/// Result of binding calls.
pub type Result<T> = std::result::Result<T, Error>;
