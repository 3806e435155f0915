//! The Python binding of masterykit: thin wrappers that convert types and map errors; all
//! logic lives in the core crate.

mod bkt;
mod conv;
mod curriculum;
mod error;
mod learner;
mod policy;

use pyo3::prelude::*;

/// Simulates learners; `teaching` is {"kind": "fixed_pace", "items": 5} or
/// {"kind": "mastery_threshold", "threshold": 0.95, "max_items": 30} or
/// {"kind": "policy_level", "level": "proficient", "max_items": 30}; `config` overrides
/// defaults (learners, seed, population, spread, prerequisite_factor, ...).
#[pyfunction]
#[pyo3(signature = (curriculum, teaching, config=None))]
fn simulate(
    py: Python<'_>,
    curriculum: &Bound<'_, curriculum::PyCurriculum>,
    teaching: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let bad = |what: &str, e: serde_json::Error| {
        PyErr::from(error::Error(masterykit::Error::Parse {
            format: "json",
            message: format!("{what}: {e}"),
        }))
    };
    let t: masterykit::Teaching =
        serde_json::from_value(conv::from_py(teaching)?).map_err(|e| bad("teaching", e))?;
    let c: masterykit::SimConfig = match config {
        Some(c) => serde_json::from_value(conv::from_py(c)?).map_err(|e| bad("config", e))?,
        None => masterykit::SimConfig::default(),
    };
    let course = &curriculum.get().0;
    let result = py
        .detach(|| masterykit::simulate(course, &t, &c))
        .map_err(error::Error)?;
    conv::ser_to_py(py, &result)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<curriculum::PyCurriculum>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<learner::PyLearnerStore>()?;
    m.add_class::<bkt::PyBktModel>()?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add("MasteryError", py.get_type::<error::MasteryError>())?;
    m.add("CurriculumError", py.get_type::<error::CurriculumError>())?;
    m.add("PolicyError", py.get_type::<error::PolicyError>())?;
    m.add("EvidenceError", py.get_type::<error::EvidenceError>())?;
    m.add("ModelError", py.get_type::<error::ModelError>())?;
    Ok(())
}
