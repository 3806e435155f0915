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

/// Fit options from the keyword arguments, pyBKT's variants as
/// `[multigs, multilearn, multipair, multiprior]`.
fn options(
    num_fits: u32,
    seed: u64,
    tolerance: f64,
    max_iterations: u32,
    forgets: bool,
    [multigs, multilearn, multipair, multiprior]: [bool; 4],
) -> core::FitOptions {
    core::FitOptions {
        num_fits,
        seed,
        tolerance,
        max_iterations,
        forgets,
        multigs,
        multilearn,
        multipair,
        multiprior,
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

/// Attaches optional item and group labels (one per row) for the variants.
fn with_labels(
    d: core::ResponseData,
    items: Option<Vec<String>>,
    groups: Option<Vec<String>>,
) -> Result<core::ResponseData> {
    let d = match items {
        Some(items) => d.with_items(&items)?,
        None => d,
    };
    Ok(match groups {
        Some(groups) => d.with_groups(&groups)?,
        None => d,
    })
}

/// Attaches optional item and group codes (numpy int64, one per row, into name lists).
fn with_label_codes(
    d: core::ResponseData,
    items: Option<(PyReadonlyArray1<'_, i64>, Vec<String>)>,
    groups: Option<(PyReadonlyArray1<'_, i64>, Vec<String>)>,
) -> PyResult<core::ResponseData> {
    let narrow = |what: &str, a: &PyReadonlyArray1<'_, i64>| -> PyResult<Vec<u32>> {
        let kind = what.trim_end_matches("_codes");
        u32_codes(kind, contiguous(what, a.as_slice())?, None)
    };
    let mut d = d;
    if let Some((codes, names)) = items {
        d = d
            .with_item_codes(names, &narrow("item_codes", &codes)?)
            .map_err(crate::error::Error)?;
    }
    if let Some((codes, names)) = groups {
        d = d
            .with_group_codes(names, &narrow("group_codes", &codes)?)
            .map_err(crate::error::Error)?;
    }
    Ok(d)
}

/// [`data_from_arrays`] with the optional item and group codes attached.
fn labelled_arrays(
    (learners, skills, correct): (
        &PyReadonlyArray1<'_, i64>,
        &PyReadonlyArray1<'_, i64>,
        &PyReadonlyArray1<'_, bool>,
    ),
    (learner_names, skill_names): (Vec<String>, Vec<String>),
    order: Option<&PyReadonlyArray1<'_, i64>>,
    items: Option<(PyReadonlyArray1<'_, i64>, Vec<String>)>,
    groups: Option<(PyReadonlyArray1<'_, i64>, Vec<String>)>,
) -> PyResult<core::ResponseData> {
    let d = data_from_arrays(learners, skills, correct, learner_names, skill_names, order)?;
    with_label_codes(d, items, groups)
}

/// Pairs optional codes with their names; one without the other is an error.
pub(crate) fn coded<'py>(
    what: &str,
    codes: Option<PyReadonlyArray1<'py, i64>>,
    names: Option<Vec<String>>,
) -> PyResult<Option<(PyReadonlyArray1<'py, i64>, Vec<String>)>> {
    match (codes, names) {
        (Some(c), Some(n)) => Ok(Some((c, n))),
        (None, None) => Ok(None),
        _ => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "`{what}_codes` and `{what}_names` go together"
        ))),
    }
}

/// A numpy array's buffer, or an error naming the argument when it is not contiguous.
pub(crate) fn contiguous<'a, T>(
    what: &str,
    r: std::result::Result<&'a [T], numpy::AsSliceError>,
) -> PyResult<&'a [T]> {
    r.map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!("`{what}` must be a contiguous array"))
    })
}

/// Codes into a name table as u32, or an error naming the row of a negative or too large
/// one; `missing` (if given) stands for -1, pandas' code of a missing value.
pub(crate) fn u32_codes(what: &str, a: &[i64], missing: Option<u32>) -> PyResult<Vec<u32>> {
    a.iter()
        .enumerate()
        .map(|(r, &c)| match (c, missing) {
            (-1, Some(m)) => Ok(m),
            _ => u32::try_from(c).map_err(|_| {
                crate::error::Error(core::Error::InvalidNumber {
                    location: format!("{what} code on row {r}"),
                    value: c as f64,
                    expected: "an index into the name table",
                })
                .into()
            }),
        })
        .collect()
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
    let codes = |what: &str, a: &[i64]| u32_codes(what, a, None);
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
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, max_guess=None, max_slip=None, pinned=None, multigs=false, multilearn=false, multipair=false, multiprior=false, item_codes=None, item_names=None, group_codes=None, group_names=None))]
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
        multigs: bool,
        multilearn: bool,
        multipair: bool,
        multiprior: bool,
        item_codes: Option<PyReadonlyArray1<'_, i64>>,
        item_names: Option<Vec<String>>,
        group_codes: Option<PyReadonlyArray1<'_, i64>>,
        group_names: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_ref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let o = with_bounds(
            options(
                num_fits,
                seed,
                tolerance,
                max_iterations,
                forgets,
                [multigs, multilearn, multipair, multiprior],
            ),
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
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None))]
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
        item_codes: Option<PyReadonlyArray1<'py, i64>>,
        item_names: Option<Vec<String>>,
        group_codes: Option<PyReadonlyArray1<'py, i64>>,
        group_names: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_ref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
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
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None))]
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
        item_codes: Option<PyReadonlyArray1<'_, i64>>,
        item_names: Option<Vec<String>>,
        group_codes: Option<PyReadonlyArray1<'_, i64>>,
        group_names: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_ref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let m = py
            .detach(|| self.0.evaluate(&d))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &m)
    }

    /// Fits per-skill parameters to columns of learner ids, skill names and 0/1 outcomes
    /// (rows in order, or sorted by `order`). Releases the GIL while fitting.
    #[staticmethod]
    #[pyo3(signature = (learners, skills, correct, order=None, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, max_guess=None, max_slip=None, pinned=None, multigs=false, multilearn=false, multipair=false, multiprior=false, items=None, groups=None))]
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
        multigs: bool,
        multilearn: bool,
        multipair: bool,
        multiprior: bool,
        items: Option<Vec<String>>,
        groups: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let o = with_bounds(
            options(
                num_fits,
                seed,
                tolerance,
                max_iterations,
                forgets,
                [multigs, multilearn, multipair, multiprior],
            ),
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
    #[pyo3(signature = (learners, skills, correct, order=None, *, folds=5, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, multigs=false, multilearn=false, multipair=false, multiprior=false, items=None, groups=None))]
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
        multigs: bool,
        multilearn: bool,
        multipair: bool,
        multiprior: bool,
        items: Option<Vec<String>>,
        groups: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let o = options(
            num_fits,
            seed,
            tolerance,
            max_iterations,
            forgets,
            [multigs, multilearn, multipair, multiprior],
        );
        let results = py
            .detach(|| core::cross_validate(&d, folds, &o))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &results)
    }

    /// Fits to a CSV text (pyBKT's or DataShop's columns). Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (text, *, num_fits=5, seed=42, tolerance=1e-3, max_iterations=100, forgets=false, multigs=false, multilearn=false, multipair=false, multiprior=false))]
    #[allow(clippy::too_many_arguments)]
    fn fit_csv(
        py: Python<'_>,
        text: &str,
        num_fits: u32,
        seed: u64,
        tolerance: f64,
        max_iterations: u32,
        forgets: bool,
        multigs: bool,
        multilearn: bool,
        multipair: bool,
        multiprior: bool,
    ) -> Result<Self> {
        let o = options(
            num_fits,
            seed,
            tolerance,
            max_iterations,
            forgets,
            [multigs, multilearn, multipair, multiprior],
        );
        Ok(PyBktModel(py.detach(|| {
            core::ResponseData::from_csv_bytes(text.as_bytes())
                .and_then(|d| core::BktModel::fit(&d, &o))
        })?))
    }

    /// P(correct) before each row's response.
    #[pyo3(signature = (learners, skills, correct, order=None, *, items=None, groups=None))]
    #[allow(clippy::too_many_arguments)]
    fn predict(
        &self,
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
        items: Option<Vec<String>>,
        groups: Option<Vec<String>>,
    ) -> Result<Vec<f64>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let p = py.detach(|| self.0.predict(&d))?;
        // Entries are one per row here, in (possibly re-ordered) row order: map back.
        let mut out = vec![0.0; p.len()];
        for (e, &row) in d.entry_rows().iter().enumerate() {
            out[row as usize] = p[e];
        }
        Ok(out)
    }

    /// RMSE, AUC, accuracy, log loss and count on columns.
    #[pyo3(signature = (learners, skills, correct, order=None, *, items=None, groups=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &self,
        py: Python<'_>,
        learners: Vec<String>,
        skills: Vec<String>,
        correct: Vec<bool>,
        order: Option<Vec<i64>>,
        items: Option<Vec<String>>,
        groups: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
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
