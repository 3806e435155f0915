//! Interchange standards: CASE packages, xAPI statements, Caliper events.

use masterykit as core;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::conv::{from_py, ser_to_py};
use crate::curriculum::PyCurriculum;
use crate::error::Error;
use crate::learner::PyLearnerStore;

/// A document given as JSON text, or as plain data (dicts and lists) written back to text.
fn text_of(doc: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = doc.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    Ok(from_py(doc)?.to_string())
}

fn options(obj: Option<&Bound<'_, PyAny>>) -> PyResult<serde_json::Value> {
    obj.map_or(Ok(serde_json::Value::Null), from_py)
}

/// Assessments (event-log form) and the summary from a standard's records, read without the
/// GIL under a mapping.
fn read_evidence(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    mapping: Option<&Bound<'_, PyAny>>,
    read: fn(&str, &core::EvidenceMapping) -> core::Result<core::EvidenceImport>,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    let mapping = core::EvidenceMapping::from_value(options(mapping)?).map_err(Error)?;
    let text = text_of(doc)?;
    let got = py.detach(|| read(&text, &mapping)).map_err(Error)?;
    Ok((
        ser_to_py(py, &got.assessments)?,
        ser_to_py(py, &got.summary)?,
    ))
}

/// Reads a CASE package (JSON text or a dict) as a curriculum; returns the curriculum and a
/// summary of what was mapped and ignored.
#[pyfunction]
#[pyo3(signature = (package, options=None))]
pub fn curriculum_from_case(
    py: Python<'_>,
    package: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyCurriculum, Py<PyAny>)> {
    let opts = core::CaseImportOptions::from_value(self::options(options)?).map_err(Error)?;
    let read = core::curriculum_from_case(&text_of(package)?, &opts).map_err(Error)?;
    Ok((PyCurriculum(read.curriculum), ser_to_py(py, &read.summary)?))
}

/// Writes a curriculum as a CASE 1.1 package (JSON text).
#[pyfunction]
#[pyo3(signature = (curriculum, options=None))]
pub fn curriculum_to_case(
    curriculum: &PyCurriculum,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let opts = core::CaseExportOptions::from_value(self::options(options)?).map_err(Error)?;
    Ok(core::curriculum_to_case(&curriculum.0, &opts))
}

/// Reads xAPI statements (JSON text, a batch dict, or a list of statement dicts) as
/// assessments in the event-log form; returns them and a summary.
#[pyfunction]
#[pyo3(signature = (statements, mapping=None))]
pub fn assessments_from_xapi(
    py: Python<'_>,
    statements: &Bound<'_, PyAny>,
    mapping: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    read_evidence(py, statements, mapping, core::assessments_from_xapi)
}

/// Reads Caliper events (JSON text, an envelope dict, or a list of event dicts) as
/// assessments in the event-log form; returns them and a summary.
#[pyfunction]
#[pyo3(signature = (events, mapping=None))]
pub fn assessments_from_caliper(
    py: Python<'_>,
    events: &Bound<'_, PyAny>,
    mapping: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    read_evidence(py, events, mapping, core::assessments_from_caliper)
}

/// A store's level changes (every one so far) as xAPI statements (JSON text).
#[pyfunction]
#[pyo3(signature = (store, options=None))]
pub fn transitions_to_xapi(
    py: Python<'_>,
    store: &PyLearnerStore,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let opts = core::XapiExportOptions::from_value(self::options(options)?).map_err(Error)?;
    let store = store.store(py);
    let transitions = store.transitions();
    Ok(core::transitions_to_xapi(&store, &transitions, &opts))
}

/// The JSON Schema (draft 2020-12, JSON text) of a document masterykit reads or writes.
#[pyfunction]
pub fn schema(name: &str) -> PyResult<String> {
    Ok(core::schema(name).map_err(Error)?)
}

/// The names of every schema `schema` gives.
#[pyfunction]
pub fn schema_names() -> Vec<&'static str> {
    core::schema_names()
}
