//! `Placement`: an adaptive pre-assessment session, simulated learners and the selector
//! comparison.

use std::sync::{Mutex, MutexGuard};

use masterykit as core;
use pyo3::prelude::*;

use crate::conv::{from_py, ser_to_py, timestamp};
use crate::curriculum::PyCurriculum;
use crate::error::{Error, Result};

/// Options from a dict and keyword arguments (the keywords win); defaults otherwise.
fn options(
    options: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
) -> PyResult<core::PlacementOptions> {
    let mut doc = match options {
        Some(o) if !o.is_none() => from_py(o)?,
        _ => serde_json::Value::Object(Default::default()),
    };
    if let (Some(kw), Some(map)) = (kwargs, doc.as_object_mut()) {
        for (k, v) in kw.iter() {
            map.insert(k.extract::<String>()?, from_py(&v)?);
        }
    }
    Ok(core::PlacementOptions::from_value(doc).map_err(Error)?)
}

/// An adaptive pre-assessment over a curriculum's prerequisite graph: the most
/// informative skill to test next, noisy answers, per-skill P(known) and the most likely
/// knowledge state, and a stopping rule.
#[derive(Debug)]
///
/// Calls hold the GIL, so threads sharing a session take turns.
#[pyclass(name = "Placement", module = "masterykit", frozen)]
pub struct PyPlacement {
    session: Mutex<core::Placement>,
    /// Kept for pickling: a session is rebuilt from its curriculum, options and answers.
    curriculum: Py<PyCurriculum>,
}

impl PyPlacement {
    fn session(&self) -> MutexGuard<'_, core::Placement> {
        // Every change is all or nothing, so a poisoned session is still whole.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl PyPlacement {
    /// A session over every skill of `curriculum`; `options` (a dict) and keyword
    /// arguments set careless, lucky, confidence, max_questions, prior, selector, ...
    #[new]
    #[pyo3(signature = (curriculum, options=None, **kwargs))]
    fn new(
        curriculum: &Bound<'_, PyCurriculum>,
        options: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<Self> {
        let o = self::options(options, kwargs)?;
        let session = core::Placement::new(&curriculum.get().0, o).map_err(Error)?;
        Ok(PyPlacement {
            session: Mutex::new(session),
            curriculum: curriculum.clone().unbind(),
        })
    }

    /// A session rebuilt from its options and answers: the same estimate and the same next
    /// question as the session that recorded them.
    #[staticmethod]
    fn restore(
        curriculum: &Bound<'_, PyCurriculum>,
        options: &Bound<'_, PyAny>,
        answers: Vec<(String, bool)>,
    ) -> PyResult<Self> {
        let p = PyPlacement::new(curriculum, Some(options), None)?;
        p.record_answers(answers)?;
        Ok(p)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let restore = py.get_type::<Self>().getattr("restore")?;
        let options = ser_to_py(py, this.session().options())?;
        let args = (this.curriculum.clone_ref(py), options, this.answers());
        Ok((restore, args).into_pyobject(py)?.into_any())
    }

    /// The skill to test next (`skill`, `p_known`, `information` in bits), or `None` once
    /// the stopping rule is met.
    fn next_question(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.session().next_question())
    }

    /// Records an answer; on error nothing changes.
    fn record(&self, skill: &str, correct: bool) -> Result<()> {
        Ok(self.session().record(skill, correct)?)
    }

    /// Records `(skill, correct)` pairs in order; on error none is recorded.
    fn record_answers(&self, answers: Vec<(String, bool)>) -> Result<()> {
        let answers = core::PlacementAnswer::numbered(answers);
        Ok(self.session().record_answers(&answers)?)
    }

    /// Whether the stopping rule is met.
    fn done(&self) -> bool {
        self.session().done()
    }

    /// Per-skill P(known), the estimated state, questions asked, done, method.
    fn estimate(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.session().estimate())
    }

    /// The answers so far: `(skill, correct)` pairs in order.
    fn answers(&self) -> Vec<(String, bool)> {
        self.session()
            .answers()
            .into_iter()
            .map(|(s, c)| (s.to_string(), c))
            .collect()
    }

    /// The placement as a `pre_assessment` assessment (a dict for `LearnerStore.apply`).
    #[pyo3(signature = (learner, timestamp, event_id=None))]
    fn assessment(
        &self,
        py: Python<'_>,
        learner: &str,
        timestamp: &Bound<'_, PyAny>,
        event_id: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let at = self::timestamp(timestamp)?;
        ser_to_py(py, &self.session().assessment(learner, at, event_id))
    }

    /// Answers the remaining questions as a learner who knows `known` and their
    /// prerequisites, with noise drawn from `seed`: hidden, answers, wrong_after, estimate,
    /// wrong.
    fn answer_as(&self, py: Python<'_>, known: Vec<String>, seed: u64) -> PyResult<Py<PyAny>> {
        let run = self.session().answer_as(&known, seed).map_err(Error)?;
        ser_to_py(py, &run)
    }

    /// The options as a dict.
    #[getter]
    fn options(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, self.session().options())
    }

    fn __repr__(&self) -> String {
        let e = self.session().estimate();
        format!(
            "Placement({} skills, {} answers, {})",
            e.skills.len(),
            e.questions,
            if e.done { "done" } else { "open" }
        )
    }
}

/// Compares question selectors on simulated learners: `trial` sets learners, within,
/// budget and seed; `selectors` defaults to all four; `options` as for `Placement`.
#[pyfunction]
#[pyo3(signature = (curriculum, trial=None, selectors=None, options=None))]
pub fn compare_selectors(
    py: Python<'_>,
    curriculum: &Bound<'_, PyCurriculum>,
    trial: Option<&Bound<'_, PyAny>>,
    selectors: Option<Vec<String>>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let trial = match trial {
        Some(t) if !t.is_none() => core::PlacementTrial::from_value(from_py(t)?).map_err(Error)?,
        _ => core::PlacementTrial::default(),
    };
    let names =
        selectors.unwrap_or_else(|| core::PlacementSelector::NAMES.map(str::to_string).to_vec());
    let selectors = names
        .iter()
        .map(|n| core::PlacementSelector::parse(n))
        .collect::<core::Result<Vec<_>>>()
        .map_err(Error)?;
    let o = self::options(options, None)?;
    let c = &curriculum.get().0;
    let rows = py
        .detach(|| core::compare_selectors(c, &o, &trial, &selectors))
        .map_err(Error)?;
    ser_to_py(py, &rows)
}

/// Every knowledge state of `curriculum` (the prerequisite-closed skill sets), each in
/// learnable order; `invalid_option` when there are more than `max`.
#[pyfunction]
#[pyo3(signature = (curriculum, max=1_000_000))]
pub fn knowledge_states(
    py: Python<'_>,
    curriculum: &Bound<'_, PyCurriculum>,
    max: usize,
) -> Result<Vec<Vec<String>>> {
    let c = &curriculum.get().0;
    Ok(py.detach(|| core::knowledge_states(c, max))?)
}

/// Every learning path of `curriculum`: each order of all its skills with every skill after
/// its prerequisites; `invalid_option` when there are more than `max`.
#[pyfunction]
#[pyo3(signature = (curriculum, max=100_000))]
pub fn learning_paths(
    py: Python<'_>,
    curriculum: &Bound<'_, PyCurriculum>,
    max: usize,
) -> Result<Vec<Vec<String>>> {
    let c = &curriculum.get().0;
    Ok(py.detach(|| core::learning_paths(c, max))?)
}
