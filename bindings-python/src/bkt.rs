//! `BktModel`: Bayesian Knowledge Tracing fit, predict, evaluate.

use masterykit as core;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::conv::ser_to_py;
use crate::error::Result;

/// Fitted BKT parameters per skill.
#[derive(Debug)]
#[pyclass(name = "BktModel", module = "masterykit", frozen)]
pub struct PyBktModel(pub core::BktModel);

fn data(
    learners: Vec<String>,
    skills: Vec<String>,
    correct: Vec<bool>,
    order: Option<Vec<i64>>,
) -> Result<core::ResponseData> {
    Ok(core::ResponseData::from_columns(
        &learners,
        &skills,
        &correct,
        order.as_deref(),
    )?)
}

#[allow(clippy::too_many_arguments)]
fn options(
    num_fits: u32,
    seed: u64,
    tolerance: f64,
    max_iterations: u32,
    forgets: bool,
) -> core::FitOptions {
    core::FitOptions {
        num_fits,
        seed,
        tolerance,
        max_iterations,
        forgets,
        ..core::FitOptions::default()
    }
}

/// Applies the optional guess/slip bounds and pinned parameters given as keyword arguments.
fn with_bounds(
    mut o: core::FitOptions,
    max_guess: Option<f64>,
    max_slip: Option<f64>,
    pinned: Option<std::collections::HashMap<String, f64>>,
) -> PyResult<core::FitOptions> {
    o.max_guess = max_guess.unwrap_or(o.max_guess);
    o.max_slip = max_slip.unwrap_or(o.max_slip);
    for (name, v) in pinned.unwrap_or_default() {
        let slot = match name.as_str() {
            "prior" => &mut o.pinned.prior,
            "learn" => &mut o.pinned.learn,
            "guess" => &mut o.pinned.guess,
            "slip" => &mut o.pinned.slip,
            "forget" => &mut o.pinned.forget,
            other => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "unknown parameter `{other}` in pinned: expected prior, learn, guess, slip or forget"
                )));
            }
        };
        *slot = Some(v);
    }
    Ok(o)
}

/// A numpy array's buffer, or an error naming the argument when it is not contiguous.
fn contiguous<'a, T>(
    what: &str,
    r: std::result::Result<&'a [T], numpy::AsSliceError>,
) -> PyResult<&'a [T]> {
    r.map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!("`{what}` must be a contiguous array"))
    })
}

/// Response data read straight from numpy buffers: int64 codes into name tables and a bool
/// outcome array (no per-row Python objects).
fn data_from_arrays(
    learner_codes: &PyReadonlyArray1<'_, i64>,
    skill_codes: &PyReadonlyArray1<'_, i64>,
    correct: &PyReadonlyArray1<'_, bool>,
    learner_names: Vec<String>,
    skill_names: Vec<String>,
    order: Option<&PyReadonlyArray1<'_, i64>>,
) -> PyResult<core::ResponseData> {
    let codes = |what: &str, a: &[i64]| -> PyResult<Vec<u32>> {
        a.iter()
            .enumerate()
            .map(|(r, &c)| {
                u32::try_from(c).map_err(|_| {
                    crate::error::Error(core::Error::InvalidNumber {
                        location: format!("{what} code on row {r}"),
                        value: c as f64,
                        expected: "an index into the name table",
                    })
                    .into()
                })
            })
            .collect()
    };
    let learners = codes(
        "learner",
        contiguous("learner_codes", learner_codes.as_slice())?,
    )?;
    let skills = codes("skill", contiguous("skill_codes", skill_codes.as_slice())?)?;
    let outcomes: Vec<u8> = correct
        .as_slice()
        .map_err(|_| {
            pyo3::exceptions::PyValueError::new_err("`correct` must be a contiguous array")
        })?
        .iter()
        .map(|&c| u8::from(c))
        .collect();
    let order = match order {
        Some(o) => Some(contiguous("order", o.as_slice())?),
        None => None,
    };
    Ok(core::ResponseData::from_codes(
        learner_names,
        skill_names,
        &learners,
        &skills,
        &outcomes,
        order,
    )
    .map_err(crate::error::Error)?)
}

#[pymethods]
impl PyBktModel {
    /// Fits from numpy arrays: int64 learner and skill codes into the name lists (as from
    /// `pandas.factorize`), bool outcomes, optional int64 order. Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, max_guess=None, max_slip=None, pinned=None))]
    #[allow(clippy::too_many_arguments)]
    fn fit_arrays(
        py: Python<'_>,
        learner_codes: PyReadonlyArray1<'_, i64>,
        skill_codes: PyReadonlyArray1<'_, i64>,
        correct: PyReadonlyArray1<'_, bool>,
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<PyReadonlyArray1<'_, i64>>,
        num_fits: u32,
        seed: u64,
        tolerance: f64,
        max_iterations: u32,
        forgets: bool,
        max_guess: Option<f64>,
        max_slip: Option<f64>,
        pinned: Option<std::collections::HashMap<String, f64>>,
    ) -> PyResult<Self> {
        let d = data_from_arrays(
            &learner_codes,
            &skill_codes,
            &correct,
            learner_names,
            skill_names,
            order.as_ref(),
        )?;
        let o = with_bounds(
            options(num_fits, seed, tolerance, max_iterations, forgets),
            max_guess,
            max_slip,
            pinned,
        )?;
        Ok(PyBktModel(
            py.detach(|| core::BktModel::fit(&d, &o))
                .map_err(crate::error::Error)?,
        ))
    }

    /// P(correct) before each row's response, from numpy arrays, as a numpy array.
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None))]
    #[allow(clippy::too_many_arguments)]
    fn predict_arrays<'py>(
        &self,
        py: Python<'py>,
        learner_codes: PyReadonlyArray1<'py, i64>,
        skill_codes: PyReadonlyArray1<'py, i64>,
        correct: PyReadonlyArray1<'py, bool>,
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<PyReadonlyArray1<'py, i64>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let d = data_from_arrays(
            &learner_codes,
            &skill_codes,
            &correct,
            learner_names,
            skill_names,
            order.as_ref(),
        )?;
        let p = py
            .detach(|| self.0.predict(&d))
            .map_err(crate::error::Error)?;
        let mut out = vec![0.0; p.len()];
        for (e, &row) in d.entry_rows().iter().enumerate() {
            out[row as usize] = p[e];
        }
        Ok(PyArray1::from_vec(py, out))
    }

    /// RMSE, AUC, accuracy, log loss and count, from numpy arrays.
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_arrays(
        &self,
        py: Python<'_>,
        learner_codes: PyReadonlyArray1<'_, i64>,
        skill_codes: PyReadonlyArray1<'_, i64>,
        correct: PyReadonlyArray1<'_, bool>,
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<PyReadonlyArray1<'_, i64>>,
    ) -> PyResult<Py<PyAny>> {
        let d = data_from_arrays(
            &learner_codes,
            &skill_codes,
            &correct,
            learner_names,
            skill_names,
            order.as_ref(),
        )?;
        let m = py
            .detach(|| self.0.evaluate(&d))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &m)
    }

    /// Fits per-skill parameters to columns of learner ids, skill names and 0/1 outcomes
    /// (rows in order, or sorted by `order`). Releases the GIL while fitting.
    #[staticmethod]
    #[pyo3(signature = (learners, skills, correct, order=None, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, max_guess=None, max_slip=None, pinned=None))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
        num_fits: u32,
        seed: u64,
        tolerance: f64,
        max_iterations: u32,
        forgets: bool,
        max_guess: Option<f64>,
        max_slip: Option<f64>,
        pinned: Option<std::collections::HashMap<String, f64>>,
    ) -> PyResult<Self> {
        let d = data(learners, skills, correct, order)?;
        let o = with_bounds(
            options(num_fits, seed, tolerance, max_iterations, forgets),
            max_guess,
            max_slip,
            pinned,
        )?;
        Ok(PyBktModel(
            py.detach(|| core::BktModel::fit(&d, &o))
                .map_err(crate::error::Error)?,
        ))
    }

    /// k-fold cross-validation split by learner: the metrics of each held-out fold.
    #[staticmethod]
    #[pyo3(signature = (learners, skills, correct, order=None, *, folds=5, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false))]
    #[allow(clippy::too_many_arguments)]
    fn cross_validate(
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
        folds: usize,
        num_fits: u32,
        seed: u64,
        tolerance: f64,
        max_iterations: u32,
        forgets: bool,
    ) -> PyResult<Py<PyAny>> {
        let d = data(learners, skills, correct, order)?;
        let o = options(num_fits, seed, tolerance, max_iterations, forgets);
        let results = py
            .detach(|| core::cross_validate(&d, folds, &o))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &results)
    }

    /// Fits to a CSV text (pyBKT's or DataShop's columns). Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (text, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false))]
    fn fit_csv(
        py: Python<'_>,
        text: &str,
        num_fits: u32,
        seed: u64,
        tolerance: f64,
        max_iterations: u32,
        forgets: bool,
    ) -> Result<Self> {
        let o = options(num_fits, seed, tolerance, max_iterations, forgets);
        Ok(PyBktModel(py.detach(|| {
            core::ResponseData::from_csv_bytes(text.as_bytes())
                .and_then(|d| core::BktModel::fit(&d, &o))
        })?))
    }

    /// P(correct) before each row's response.
    #[pyo3(signature = (learners, skills, correct, order=None))]
    fn predict(
        &self,
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
    ) -> Result<Vec<f64>> {
        let d = data(learners, skills, correct, order)?;
        let p = py.detach(|| self.0.predict(&d))?;
        // Entries are one per row here, in (possibly re-ordered) row order: map back.
        let mut out = vec![0.0; p.len()];
        for (e, &row) in d.entry_rows().iter().enumerate() {
            out[row as usize] = p[e];
        }
        Ok(out)
    }

    /// RMSE, AUC, accuracy, log loss and count on columns.
    #[pyo3(signature = (learners, skills, correct, order=None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
    ) -> PyResult<Py<PyAny>> {
        let d = data(learners, skills, correct, order)?;
        let m = py
            .detach(|| self.0.evaluate(&d))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &m)
    }

    /// {skill: {"prior", "learn", "guess", "slip", "forget", "log_likelihood", ...}}.
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.0.skills)
    }

    /// The JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Reads the JSON form.
    #[staticmethod]
    fn from_json(text: &str) -> Result<Self> {
        Ok(PyBktModel(core::BktModel::from_json(text)?))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        crate::conv::reduce_via_json(&slf.py().get_type::<Self>(), slf.get().0.to_json())
    }

    fn __repr__(&self) -> String {
        format!("BktModel({} skills)", self.0.skills.len())
    }
}
