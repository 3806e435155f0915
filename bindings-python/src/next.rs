//! `NextStepRules` and the next-step queries of `LearnerStore`: what a learner should do
//! next and why, the mastery challenge's status, and every learner's steps as columns.

use masterykit as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::conv::{from_py, ser_to_py};
use crate::error::{Error, Result};

/// Validated next-step rules: which kinds of step to propose, in which order, and every
/// threshold, limit and interval they use.
#[derive(Debug)]
#[pyclass(name = "NextStepRules", module = "masterykit", frozen)]
pub struct PyNextStepRules(pub core::NextStepRules);

#[pymethods]
impl PyNextStepRules {
    /// The rules that fit the `khan-2025` policy.
    #[staticmethod]
    fn khan() -> Self {
        PyNextStepRules(core::NextStepRules::khan())
    }

    /// A preset by name (`khan-2025`).
    #[staticmethod]
    fn preset(name: &str) -> Result<Self> {
        Ok(PyNextStepRules(core::NextStepRules::require_preset(name)?))
    }

    /// Parses and validates a JSON rules document.
    #[staticmethod]
    fn from_json(text: &str) -> Result<Self> {
        Ok(PyNextStepRules(core::NextStepRules::from_json(text)?))
    }

    /// Parses and validates a TOML rules document.
    #[staticmethod]
    fn from_toml(text: &str) -> Result<Self> {
        Ok(PyNextStepRules(core::NextStepRules::from_toml(text)?))
    }

    /// Validates rules given as plain data (the JSON form as dicts and lists).
    #[staticmethod]
    fn from_dict(doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        let doc: core::NextStepRulesDoc = serde_json::from_value(from_py(doc)?)
            .map_err(|e| crate::error::parse_error(e, "next-step rules"))?;
        Ok(PyNextStepRules(
            core::NextStepRules::from_doc(doc).map_err(Error)?,
        ))
    }

    /// The canonical JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The rules as plain data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, self.0.as_doc())
    }

    /// The rules' name.
    #[getter]
    fn name(&self) -> String {
        self.0.name().to_string()
    }

    fn __repr__(&self) -> String {
        format!("NextStepRules({:?})", self.0.name())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        crate::conv::reduce_via_json(&slf.py().get_type::<Self>(), slf.get().0.to_json())
    }
}

/// The rules given, or the khan-2025 preset.
pub fn rules_or_khan(rules: Option<&Bound<'_, PyNextStepRules>>) -> core::NextStepRules {
    rules.map_or_else(core::NextStepRules::khan, |r| r.get().0.clone())
}

/// `LearnerStore.next_steps`: one learner's steps as dicts.
pub fn next_steps(
    py: Python<'_>,
    store: &core::LearnerStore,
    learner: &str,
    goal: Option<core::Scope>,
    now: core::Timestamp,
    rules: Option<&Bound<'_, PyNextStepRules>>,
) -> PyResult<Py<PyAny>> {
    let view = store.require_learner(learner).map_err(Error)?;
    let steps =
        core::next_steps(&view, &rules_or_khan(rules), goal.as_ref(), now).map_err(Error)?;
    ser_to_py(py, &steps)
}

/// `LearnerStore.challenge_status`.
pub fn challenge_status(
    py: Python<'_>,
    store: &core::LearnerStore,
    learner: &str,
    now: core::Timestamp,
) -> PyResult<Py<PyAny>> {
    let view = store.require_learner(learner).map_err(Error)?;
    ser_to_py(py, &core::challenge_status(&view, now))
}

/// `LearnerStore.next_steps_columns`: every learner's steps as columns (lists of equal
/// length): learner, rank, kind, skills (a list per row), scope (or None), reason.
pub fn next_steps_columns(
    py: Python<'_>,
    store: &core::LearnerStore,
    goal: Option<core::Scope>,
    now: core::Timestamp,
    rules: Option<&Bound<'_, PyNextStepRules>>,
) -> PyResult<Py<PyAny>> {
    let rules = rules_or_khan(rules);
    let rows = py
        .detach(|| store.next_steps_all(&rules, goal.as_ref(), now))
        .map_err(Error)?;
    let rows = rows.named(store);
    let out = PyDict::new(py);
    out.set_item(
        "learner",
        rows.iter().map(|r| r.learner).collect::<Vec<_>>(),
    )?;
    out.set_item("rank", rows.iter().map(|r| r.rank).collect::<Vec<_>>())?;
    out.set_item("kind", rows.iter().map(|r| r.kind.id()).collect::<Vec<_>>())?;
    out.set_item(
        "skills",
        rows.iter().map(|r| r.skills.clone()).collect::<Vec<_>>(),
    )?;
    out.set_item(
        "scope",
        rows.iter().map(|r| r.scope.clone()).collect::<Vec<_>>(),
    )?;
    out.set_item("reason", rows.iter().map(|r| r.reason).collect::<Vec<_>>())?;
    Ok(out.into_any().unbind())
}
