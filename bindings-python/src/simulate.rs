//! `simulate`: learners taught under a teaching policy or a Python callable.

use pyo3::prelude::*;

use crate::{conv, curriculum, error};

/// Simulates learners; `teaching` is a callable (given a dict per step: learner, skill,
/// items, estimate, level, last_correct; truthy = move on) or {"kind": "fixed_pace", "items": 5} or
/// {"kind": "mastery_threshold", "threshold": 0.95, "max_items": 30} or
/// {"kind": "policy_level", "level": "proficient", "max_items": 30}; `config` overrides
/// defaults (learners, seed, population, spread, prerequisite_factor, ...); `progress(done,
/// total)` is called as learners finish.
#[pyfunction]
#[pyo3(signature = (curriculum, teaching, config=None, *, progress=None))]
pub fn simulate(
    py: Python<'_>,
    curriculum: &Bound<'_, curriculum::PyCurriculum>,
    teaching: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let bad = |what: &str, e: serde_json::Error| {
        PyErr::from(error::Error(masterykit::Error::Parse {
            format: "json",
            message: format!("{what}: {e}"),
        }))
    };
    let c: masterykit::SimConfig = match config {
        Some(c) => serde_json::from_value(conv::from_py(c)?).map_err(|e| bad("config", e))?,
        None => masterykit::SimConfig::default(),
    };
    let course = &curriculum.get().0;
    if teaching.is_callable() {
        // A Python teacher: called with a dict per step, truthy = move on. The GIL is taken
        // for each call; the first exception it raises is re-raised here.
        let teacher: Py<PyAny> = teaching.clone().unbind();
        let failure: std::sync::Mutex<Option<PyErr>> = std::sync::Mutex::new(None);
        let move_on = |step: &masterykit::Step<'_>| -> masterykit::Result<bool> {
            Python::attach(|py| -> PyResult<bool> {
                let d = pyo3::types::PyDict::new(py);
                d.set_item("learner", step.learner)?;
                d.set_item("skill", step.skill)?;
                d.set_item("items", step.items)?;
                d.set_item("estimate", step.estimate)?;
                d.set_item("level", step.level)?;
                d.set_item("last_correct", step.last_correct)?;
                teacher.bind(py).call1((d,))?.is_truthy()
            })
            .map_err(|e| {
                let message = e.to_string();
                if let Ok(mut slot) = failure.lock()
                    && slot.is_none()
                {
                    *slot = Some(e);
                }
                masterykit::Error::Parse {
                    format: "python teacher",
                    message,
                }
            })
        };
        let result = crate::signals::watched(py, progress, |w| {
            masterykit::simulate_with_until(course, &c, move_on, w)
        });
        return match result {
            Ok(r) => conv::ser_to_py(py, &r),
            Err(e) => Err(failure.into_inner().ok().flatten().unwrap_or(e)),
        };
    }
    let t: masterykit::Teaching =
        serde_json::from_value(conv::from_py(teaching)?).map_err(|e| bad("teaching", e))?;
    let result = crate::signals::watched(py, progress, |w| {
        masterykit::simulate_until(course, &t, &c, w)
    })?;
    conv::ser_to_py(py, &result)
}

/// The result of one run from the results of runs over consecutive learner ranges (each
/// run's `config` gives `first_learner` and `learners`), as `simulate` returns them, in
/// order. Ranges that do not follow each other are a `merge_conflict` error.
#[pyfunction]
pub fn merge_simulations(py: Python<'_>, parts: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let mut merged: Option<masterykit::SimResult> = None;
    for (k, part) in parts.try_iter()?.enumerate() {
        let r: masterykit::SimResult =
            serde_json::from_value(conv::from_py(&part?)?).map_err(|e| {
                PyErr::from(error::Error(masterykit::Error::Parse {
                    format: "json",
                    message: format!("simulation result {k}: {e}"),
                }))
            })?;
        match &mut merged {
            None => merged = Some(r),
            Some(m) => m.merge(&r).map_err(error::Error)?,
        }
    }
    let merged = merged.ok_or_else(|| {
        PyErr::from(error::Error(masterykit::Error::MergeConflict {
            detail: "no simulation results to merge".into(),
        }))
    })?;
    conv::ser_to_py(py, &merged)
}
