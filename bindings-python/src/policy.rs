//! `Policy`: mastery levels and rules as data, with the presets.

use masterykit as core;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::conv::{from_py, ser_to_py};
use crate::error::Result;

/// A validated mastery policy.
#[derive(Debug)]
#[pyclass(name = "Policy", module = "masterykit", frozen)]
pub struct PyPolicy(pub core::Policy);

#[pymethods]
impl PyPolicy {
    /// The current Khan-Academy-style rules (`khan-2025`).
    #[staticmethod]
    fn khan() -> Self {
        PyPolicy(core::Policy::khan())
    }

    /// The pre-2018 Khan-style rules.
    #[staticmethod]
    fn khan_pre_2018() -> Self {
        PyPolicy(core::Policy::khan_pre_2018())
    }

    /// Levels from a BKT estimate of P(known) (`probability-0.95`).
    #[staticmethod]
    fn probability() -> Self {
        PyPolicy(core::Policy::probability())
    }

    /// A preset by name: `khan-2025`, `khan-pre-2018`, `probability-0.95`.
    #[staticmethod]
    fn preset(name: &str) -> Result<Self> {
        Ok(PyPolicy(core::Policy::require_preset(name)?))
    }

    /// Parses and validates a JSON policy.
    #[staticmethod]
    fn from_json(text: &str) -> Result<Self> {
        Ok(PyPolicy(core::Policy::from_json(text)?))
    }

    /// Parses and validates a TOML policy.
    #[staticmethod]
    fn from_toml(text: &str) -> Result<Self> {
        Ok(PyPolicy(core::Policy::from_toml(text)?))
    }

    /// Validates a policy given as plain data (the JSON form as dicts and lists).
    #[staticmethod]
    fn from_dict(doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        let doc: core::PolicyDoc = serde_json::from_value(from_py(doc)?)
            .map_err(|e| crate::error::parse_error(e, "policy"))?;
        Ok(PyPolicy(
            core::Policy::from_doc(doc).map_err(crate::error::Error)?,
        ))
    }

    /// The canonical JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The policy as plain data (the JSON form as dicts and lists).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, self.0.as_doc())
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> String {
        self.0.name().to_string()
    }

    /// (level id, points), lowest level first.
    #[getter]
    fn levels(&self) -> Vec<(String, f64)> {
        self.0
            .levels()
            .iter()
            .map(|l| (l.id.clone(), l.points))
            .collect()
    }

    /// Evidence contexts the policy has rules for (`practice`, `quiz`, ...).
    #[getter]
    fn contexts(&self) -> Vec<String> {
        self.0
            .context_ids()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The level goals aim for when they name none (e.g. `proficient`).
    #[getter]
    fn default_target(&self) -> String {
        self.0.level_id(self.0.default_target()).to_string()
    }

    fn __repr__(&self) -> String {
        format!("Policy({:?})", self.0.name())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        crate::conv::reduce_via_json(&slf.py().get_type::<Self>(), slf.get().0.to_json())
    }
}
