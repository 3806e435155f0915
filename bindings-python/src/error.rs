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
    "An invalid curriculum document, or a unit, course or skill a query names that the \
     curriculum lacks."
);
create_exception!(
    masterykit,
    PolicyError,
    MasteryError,
    "An invalid policy document, or a preset or level it lacks."
);
create_exception!(
    masterykit,
    EvidenceError,
    MasteryError,
    "Evidence that cannot be applied, in any form (an assessment, an event log line, a row \
     of a frame): malformed, naming a skill or context that does not exist, rejected by the \
     rules, or conflicting with an event applied before; an unknown learner; a snapshot \
     that is malformed or does not fit."
);
create_exception!(
    masterykit,
    ModelError,
    MasteryError,
    "Knowledge-tracing input or model problems: response tables (missing columns, bad \
     `correct` values), model documents, skills without parameters."
);

create_exception!(
    masterykit,
    RosterError,
    MasteryError,
    "A roster change that cannot stand: a duplicate or unknown class, goal or assignment, an \
     assignment with no skills, a due date not after the start, one given to no one."
);

/// The core error, carried to Python.
#[derive(Debug)]
pub struct Error(pub masterykit::Error);

impl From<masterykit::Error> for Error {
    fn from(e: masterykit::Error) -> Self {
        Error(e)
    }
}

fn family(e: &masterykit::Error) -> fn(String) -> PyErr {
    use masterykit::ErrorFamily;
    match e.family() {
        ErrorFamily::Curriculum => CurriculumError::new_err,
        ErrorFamily::Policy => PolicyError::new_err,
        ErrorFamily::Evidence => EvidenceError::new_err,
        ErrorFamily::Model => ModelError::new_err,
        ErrorFamily::Roster => RosterError::new_err,
        ErrorFamily::General => MasteryError::new_err,
    }
}

/// The exception class name of a family.
fn class_name(family: masterykit::ErrorFamily) -> &'static str {
    use masterykit::ErrorFamily;
    match family {
        ErrorFamily::Curriculum => "CurriculumError",
        ErrorFamily::Policy => "PolicyError",
        ErrorFamily::Evidence => "EvidenceError",
        ErrorFamily::Model => "ModelError",
        ErrorFamily::Roster => "RosterError",
        ErrorFamily::General => "MasteryError",
    }
}

/// Every error code with the name of the exception class that carries it, in code order.
pub fn error_codes() -> Vec<(&'static str, &'static str)> {
    masterykit::Error::CODES
        .iter()
        .map(|&(code, family)| (code, class_name(family)))
        .collect()
}

impl From<Error> for PyErr {
    fn from(Error(e): Error) -> PyErr {
        let err = family(&e)(e.to_string());
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

/// A `MasteryError` raised while reading evidence, as the `EvidenceError` it is (code,
/// message and problems kept); any other exception as it was.
pub fn in_evidence(err: PyErr) -> PyErr {
    evidence_error(err, None)
}

/// [`in_evidence`] for the `line`-th assessment of several (from 1): the message starts
/// `line N: `, as the core's errors for an event log do.
pub fn in_evidence_at(err: PyErr, line: usize) -> PyErr {
    evidence_error(err, Some(line))
}

fn evidence_error(err: PyErr, line: Option<usize>) -> PyErr {
    Python::attach(|py| {
        let value = err.value(py);
        if !value.is_instance_of::<MasteryError>()
            || (line.is_none() && value.is_instance_of::<EvidenceError>())
        {
            return err;
        }
        let message = match line {
            Some(line) => format!("line {line}: {value}"),
            None => value.to_string(),
        };
        let again = EvidenceError::new_err(message);
        let fresh = again.value(py);
        for name in ["code", "problems"] {
            if let Ok(v) = value.getattr(name) {
                // Attributes on a fresh exception instance cannot fail to set.
                let _ = fresh.setattr(name, v);
            }
        }
        again
    })
}

/// A bad argument, as an `invalid_option` error (a `MasteryError`) naming it.
pub fn argument(option: &str, reason: String) -> PyErr {
    Error(masterykit::Error::InvalidOption {
        option: format!("`{option}`"),
        reason,
    })
    .into()
}

/// Plain data that does not have the shape of `what`, as a `parse_error`.
pub fn parse_error(e: serde_json::Error, what: &str) -> Error {
    Error(masterykit::Error::Parse {
        format: "json",
        message: format!("{what}: {e}"),
    })
}

/// Result of binding calls.
pub type Result<T> = std::result::Result<T, Error>;
