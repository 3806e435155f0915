//! `BktModel`: Bayesian Knowledge Tracing fit, predict, evaluate.

use masterykit as core;
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyTuple};

use crate::conv::{Corrects, IdList, Int64s, Outcomes, from_py, ser_to_py};
use crate::error::Result;

/// Fitted BKT parameters per skill.
#[derive(Debug)]
#[pyclass(name = "BktModel", module = "masterykit", frozen)]
pub struct PyBktModel(pub core::BktModel);

fn data(
    learners: IdList,
    skills: IdList,
    correct: Corrects,
    order: Option<Vec<i64>>,
) -> Result<core::ResponseData> {
    Ok(core::ResponseData::from_columns(
        &learners,
        &skills,
        &correct.0,
        order.as_deref(),
    )?)
}

/// Fit options from keyword arguments: the core's defaults with the ones given (an unknown
/// or mistyped one is a `parse_error`).
fn fit_options(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<core::FitOptions> {
    let value = match kwargs {
        Some(k) => from_py(k.as_any())?,
        None => serde_json::Value::Object(serde_json::Map::new()),
    };
    Ok(core::FitOptions::from_value(value).map_err(crate::error::Error)?)
}

/// Attaches optional item and group labels (one per row) for the variants.
fn with_labels(
    d: core::ResponseData,
    items: Option<IdList>,
    groups: Option<IdList>,
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
    items: Option<(PyReadonlyArray1<'_, i64>, IdList)>,
    groups: Option<(PyReadonlyArray1<'_, i64>, IdList)>,
) -> PyResult<core::ResponseData> {
    let narrow = |what: &str, a: &PyReadonlyArray1<'_, i64>| -> PyResult<Vec<u32>> {
        u32_codes(what, contiguous(what, a.as_slice())?, None)
    };
    let mut d = d;
    if let Some((codes, names)) = items {
        d = d
            .with_item_codes(names.0, &narrow("item_codes", &codes)?)
            .map_err(crate::error::Error)?;
    }
    if let Some((codes, names)) = groups {
        d = d
            .with_group_codes(names.0, &narrow("group_codes", &codes)?)
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
    (learner_names, skill_names): (IdList, IdList),
    order: Option<&PyReadonlyArray1<'_, i64>>,
    items: Option<(PyReadonlyArray1<'_, i64>, IdList)>,
    groups: Option<(PyReadonlyArray1<'_, i64>, IdList)>,
) -> PyResult<core::ResponseData> {
    let d = data_from_arrays(learners, skills, correct, learner_names, skill_names, order)?;
    with_label_codes(d, items, groups)
}

/// Pairs optional codes with their names; one without the other is an error.
pub(crate) fn coded<'py>(
    what: &str,
    codes: Option<crate::conv::Int64s<'py>>,
    names: Option<IdList>,
) -> PyResult<Option<(PyReadonlyArray1<'py, i64>, IdList)>> {
    match (codes, names) {
        (Some(c), Some(n)) => Ok(Some((c.0, n))),
        (None, None) => Ok(None),
        _ => Err(crate::error::argument(
            &format!("{what}_codes"),
            format!("`{what}_codes` and `{what}_names` go together"),
        )),
    }
}

/// A numpy array's buffer, or an error naming the argument when it is not contiguous.
pub(crate) fn contiguous<'a, T>(
    what: &str,
    r: std::result::Result<&'a [T], numpy::AsSliceError>,
) -> PyResult<&'a [T]> {
    r.map_err(|_| crate::error::argument(what, format!("`{what}` must be a contiguous array")))
}

/// Codes into a name table as u32 (the core's narrowing; `missing` stands for -1).
pub(crate) fn u32_codes(what: &str, a: &[i64], missing: Option<u32>) -> PyResult<Vec<u32>> {
    Ok(core::narrow_codes(what, a, missing).map_err(crate::error::Error)?)
}

/// Response data read straight from numpy buffers: int64 codes into name tables and a bool
/// outcome array (no per-row Python objects).
fn data_from_arrays(
    learner_codes: &PyReadonlyArray1<'_, i64>,
    skill_codes: &PyReadonlyArray1<'_, i64>,
    correct: &PyReadonlyArray1<'_, bool>,
    learner_names: IdList,
    skill_names: IdList,
    order: Option<&PyReadonlyArray1<'_, i64>>,
) -> PyResult<core::ResponseData> {
    let codes = |what: &str, a: &PyReadonlyArray1<'_, i64>| {
        u32_codes(what, contiguous(what, a.as_slice())?, None)
    };
    let learners = codes("learner_codes", learner_codes)?;
    let skills = codes("skill_codes", skill_codes)?;
    let outcomes: Vec<u8> = correct
        .as_slice()
        .map_err(|_| {
            crate::error::argument("correct", "`correct` must be a contiguous array".into())
        })?
        .iter()
        .map(|&c| u8::from(c))
        .collect();
    let order = match order {
        Some(o) => Some(contiguous("order", o.as_slice())?),
        None => None,
    };
    Ok(core::ResponseData::from_codes(
        learner_names.0,
        skill_names.0,
        &learners,
        &skills,
        &outcomes,
        order,
    )
    .map_err(crate::error::Error)?)
}

/// A numpy float64 array of `values`, or with `masked` a masked array, masked where a value
/// is missing (0.0 under the mask, never NaN).
fn float_array<'py>(
    py: Python<'py>,
    values: &[Option<f64>],
    masked: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let data: Vec<f64> = values.iter().map(|p| p.unwrap_or_default()).collect();
    let data = PyArray1::from_vec(py, data).into_any();
    if !masked {
        return Ok(data);
    }
    let mask = PyArray1::from_vec(
        py,
        values.iter().map(Option::is_none).collect::<Vec<bool>>(),
    );
    py.import("numpy.ma")?
        .getattr("masked_array")?
        .call((data,), Some(&[("mask", mask)].into_py_dict(py)?))
}

/// CSV bytes from text (with a newline: the CSV itself) or a path (a `str` without a
/// newline, or an `os.PathLike`): a CSV always has a header and rows, so one line is a path.
fn csv_text(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let path = match value.extract::<String>() {
        Ok(text) if text.contains('\n') => return Ok(text.into_bytes()),
        Ok(text) => std::path::PathBuf::from(text),
        Err(_) => value.extract::<std::path::PathBuf>().map_err(|_| {
            crate::error::argument("text", "expected CSV text, a path or an os.PathLike".into())
        })?,
    };
    std::fs::read(&path).map_err(|e| {
        pyo3::exceptions::PyOSError::new_err(format!("cannot read `{}`: {e}", path.display()))
    })
}

/// The `unseen` keyword: `None` (an error), `"error"`, `"skip"`, `"population"`, or a dict
/// of parameters.
fn unseen_choice(value: Option<&Bound<'_, PyAny>>) -> PyResult<core::Unseen> {
    let value = match value {
        Some(v) => from_py(v)?,
        None => serde_json::Value::Null,
    };
    Ok(core::Unseen::from_value(value).map_err(crate::error::Error)?)
}

#[pymethods]
impl PyBktModel {
    /// Fits from numpy arrays: int64 learner and skill codes into the name lists (as from
    /// `pandas.factorize`), bool outcomes, optional int64 order. Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn fit_arrays(
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        correct: Outcomes<'_>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'_>>,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'_>>,
        group_names: Option<IdList>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let o = fit_options(options)?;
        Ok(PyBktModel(crate::signals::watched(py, progress, |w| {
            core::BktModel::fit_from_until(&d, &o, None, w)
        })?))
    }

    /// A new model fitted to numpy arrays (as `fit_arrays`) continuing from this one: a
    /// skill this model has parameters for runs EM once from them, the others take seeded
    /// restarts (pyBKT's `partial_fit`). Releases the GIL.
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn partial_fit_arrays(
        &self,
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        correct: Outcomes<'_>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'_>>,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'_>>,
        group_names: Option<IdList>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let o = fit_options(options)?;
        Ok(PyBktModel(crate::signals::watched(py, progress, |w| {
            core::BktModel::fit_from_until(&d, &o, Some(&self.0), w)
        })?))
    }

    /// P(correct) and P(known) before each row's response, from numpy arrays: two numpy
    /// arrays (masked arrays under `unseen="skip"`).
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn predict_states_arrays<'py>(
        &self,
        py: Python<'py>,
        learner_codes: Int64s<'py>,
        skill_codes: Int64s<'py>,
        correct: Outcomes<'py>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'py>>,
        item_codes: Option<Int64s<'py>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'py>>,
        group_names: Option<IdList>,
        unseen: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let unseen = unseen_choice(unseen)?;
        let p = py
            .detach(|| self.0.predict_states_in_row_order_with(&d, &unseen))
            .map_err(crate::error::Error)?;
        let skip = unseen == core::Unseen::Skip;
        let column = |i: usize| -> Vec<Option<f64>> { p.iter().map(|x| x.map(|x| x[i])).collect() };
        Ok((
            float_array(py, &column(0), skip)?,
            float_array(py, &column(1), skip)?,
        ))
    }

    /// P(correct) before each row's response, from numpy arrays, as a numpy array (a masked
    /// array under `unseen="skip"`, masked where a skill had no parameters).
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn predict_arrays<'py>(
        &self,
        py: Python<'py>,
        learner_codes: Int64s<'py>,
        skill_codes: Int64s<'py>,
        correct: Outcomes<'py>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'py>>,
        item_codes: Option<Int64s<'py>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'py>>,
        group_names: Option<IdList>,
        unseen: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let unseen = unseen_choice(unseen)?;
        let p = py
            .detach(|| self.0.predict_in_row_order_with(&d, &unseen))
            .map_err(crate::error::Error)?;
        float_array(py, &p, unseen == core::Unseen::Skip)
    }

    /// RMSE, AUC, accuracy, log loss and count, from numpy arrays, with the skills the model
    /// lacked (`unseen_skills`, `unseen_responses`) and what `unseen` did with them.
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_arrays(
        &self,
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        correct: Outcomes<'_>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'_>>,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'_>>,
        group_names: Option<IdList>,
        unseen: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let unseen = unseen_choice(unseen)?;
        let m = py
            .detach(|| self.0.evaluate_with(&d, &unseen))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &m)
    }

    /// The metrics of each skill with scored responses, from numpy arrays: `[{"skill",
    /// "rmse", "auc", "accuracy", "log_loss", "count"}, ...]` in the data's skill order.
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, item_codes=None, item_names=None, group_codes=None, group_names=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_by_skill_arrays(
        &self,
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        correct: Outcomes<'_>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'_>>,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'_>>,
        group_names: Option<IdList>,
        unseen: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let unseen = unseen_choice(unseen)?;
        let rows = py
            .detach(|| self.0.evaluate_by_skill(&d, &unseen))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &rows)
    }

    /// Fits per-skill parameters to columns of learner ids, skill names and 0/1 outcomes
    /// (rows in order, or sorted by `order`). Releases the GIL while fitting.
    #[staticmethod]
    #[pyo3(signature = (learners, skills, correct, order=None, *, items=None, groups=None, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        py: Python<'_>,
        learners: IdList,
        skills: IdList,
        correct: Corrects,
        order: Option<Vec<i64>>,
        items: Option<IdList>,
        groups: Option<IdList>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let o = fit_options(options)?;
        Ok(PyBktModel(crate::signals::watched(py, progress, |w| {
            core::BktModel::fit_from_until(&d, &o, None, w)
        })?))
    }

    /// k-fold cross-validation split by learner (folds drawn with `seed`): each held-out
    /// fold's metrics, learners and per-skill metrics. Ctrl-C stops it; `progress(done,
    /// total)` counts folds.
    #[staticmethod]
    #[pyo3(signature = (learners, skills, correct, order=None, *, folds=5, items=None, groups=None, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn cross_validate(
        py: Python<'_>,
        learners: IdList,
        skills: IdList,
        correct: Corrects,
        order: Option<Vec<i64>>,
        folds: usize,
        items: Option<IdList>,
        groups: Option<IdList>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let o = fit_options(options)?;
        let results = crate::signals::watched(py, progress, |w| {
            core::cross_validate_until(&d, folds, &o, w)
        })?;
        ser_to_py(py, &results)
    }

    /// k-fold cross-validation split by learner on numpy arrays (as `fit_arrays`): each
    /// held-out fold's metrics, learners and per-skill metrics. Releases the GIL; Ctrl-C
    /// stops it; `progress(done, total)` counts folds.
    #[staticmethod]
    #[pyo3(signature = (learner_codes, skill_codes, correct, learner_names, skill_names, order=None, *, folds=5, item_codes=None, item_names=None, group_codes=None, group_names=None, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn cross_validate_arrays(
        py: Python<'_>,
        learner_codes: Int64s<'_>,
        skill_codes: Int64s<'_>,
        correct: Outcomes<'_>,
        learner_names: IdList,
        skill_names: IdList,
        order: Option<Int64s<'_>>,
        folds: usize,
        item_codes: Option<Int64s<'_>>,
        item_names: Option<IdList>,
        group_codes: Option<Int64s<'_>>,
        group_names: Option<IdList>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let d = labelled_arrays(
            (&learner_codes, &skill_codes, &correct),
            (learner_names, skill_names),
            order.as_deref(),
            coded("item", item_codes, item_names)?,
            coded("group", group_codes, group_names)?,
        )?;
        let o = fit_options(options)?;
        let results = crate::signals::watched(py, progress, |w| {
            core::cross_validate_until(&d, folds, &o, w)
        })?;
        ser_to_py(py, &results)
    }

    /// Fits to a CSV text (pyBKT's or DataShop's columns). Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (text, *, progress=None, **options))]
    #[allow(clippy::too_many_arguments)]
    fn fit_csv(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        progress: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let o = fit_options(options)?;
        let bytes = csv_text(text)?;
        Ok(PyBktModel(crate::signals::watched(py, progress, |w| {
            core::ResponseData::from_csv_bytes(&bytes)
                .and_then(|d| core::BktModel::fit_from_until(&d, &o, None, w))
        })?))
    }

    /// P(correct) before each row's response (`None` where `unseen="skip"` left a skill
    /// the model lacks out).
    #[pyo3(signature = (learners, skills, correct, order=None, *, items=None, groups=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn predict(
        &self,
        py: Python<'_>,
        learners: IdList,
        skills: IdList,
        correct: Corrects,
        order: Option<Vec<i64>>,
        items: Option<IdList>,
        groups: Option<IdList>,
        unseen: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Option<f64>>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let unseen = unseen_choice(unseen)?;
        Ok(py
            .detach(|| self.0.predict_in_row_order_with(&d, &unseen))
            .map_err(crate::error::Error)?)
    }

    /// RMSE, AUC, accuracy, log loss and count on columns, with the skills the model lacked
    /// (`unseen_skills`, `unseen_responses`) and what `unseen` did with them.
    #[pyo3(signature = (learners, skills, correct, order=None, *, items=None, groups=None, unseen=None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &self,
        py: Python<'_>,
        learners: IdList,
        skills: IdList,
        correct: Corrects,
        order: Option<Vec<i64>>,
        items: Option<IdList>,
        groups: Option<IdList>,
        unseen: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let d = with_labels(data(learners, skills, correct, order)?, items, groups)?;
        let unseen = unseen_choice(unseen)?;
        let m = py
            .detach(|| self.0.evaluate_with(&d, &unseen))
            .map_err(crate::error::Error)?;
        ser_to_py(py, &m)
    }

    /// {skill: {"prior", "learn", "guess", "slip", "forget", "log_likelihood", ...}}.
    fn params(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.0.skills)
    }

    /// A model from parameters per skill, e.g. `{"add": {"prior": 0.1, "learn": 0.2,
    /// "guess": 0.2, "slip": 0.1}}`; each probability is checked.
    #[staticmethod]
    fn from_params(params: &Bound<'_, PyAny>) -> PyResult<Self> {
        let params: std::collections::BTreeMap<String, core::BktParams> =
            serde_json::from_value(from_py(params)?).map_err(|e| {
                crate::error::Error(core::Error::Parse {
                    format: "params",
                    message: e.to_string(),
                })
            })?;
        Ok(PyBktModel(
            core::BktModel::try_from_params(params).map_err(crate::error::Error)?,
        ))
    }

    /// Why some skills' parameters deserve doubt: `[{"skill", "code", "message"}, ...]`
    /// (codes `all_correct`, `all_wrong`, `few_responses`, `at_bound`).
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.0.warnings())
    }

    /// The population model: each parameter's mean over the fitted skills, weighted by
    /// their responses (what `unseen="population"` traces with).
    fn population(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let p = self.0.population().map_err(crate::error::Error)?;
        ser_to_py(py, &p)
    }

    /// Skills with parameters.
    #[getter]
    fn skills(&self) -> Vec<String> {
        self.0.skills.keys().cloned().collect()
    }

    /// P(known) before any practice of a skill.
    fn prior(&self, skill: &str) -> Result<f64> {
        Ok(self.0.params_of(skill)?.prior)
    }

    /// P(correct) on the next response of a skill given P(known).
    fn predict_correct(&self, skill: &str, p_known: f64) -> Result<f64> {
        Ok(self.0.predict_correct(skill, p_known)?)
    }

    /// P(known) after a response scored in [0, 1] (1 right, 0 wrong) and one learning
    /// opportunity.
    fn update(&self, skill: &str, p_known: f64, score: f64) -> Result<f64> {
        Ok(self.0.update(skill, p_known, score)?)
    }

    /// A model with the skills of this one and of `other`, fitted on other skills (one part
    /// of a fit split by skill). A skill in both is a `merge_conflict` error.
    fn merge(&self, other: &Self) -> Result<Self> {
        let mut merged = self.0.clone();
        merged.merge(&other.0)?;
        Ok(PyBktModel(merged))
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

    /// Writes the JSON form to a file (a `str` or `os.PathLike`).
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(&path, self.0.to_json()).map_err(|e| {
            pyo3::exceptions::PyOSError::new_err(format!("cannot write `{}`: {e}", path.display()))
        })
    }

    /// Reads a model file written by `save` (or `masterykit fit -o`), every number checked.
    #[staticmethod]
    fn load(path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            pyo3::exceptions::PyOSError::new_err(format!("cannot read `{}`: {e}", path.display()))
        })?;
        Ok(PyBktModel(
            core::BktModel::from_json(&text).map_err(crate::error::Error)?,
        ))
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
