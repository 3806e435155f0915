//! The Python binding of masterykit: thin wrappers that convert types and map errors; all
//! logic lives in the core crate.

mod bkt;
mod conv;
mod curriculum;
mod error;
mod interop;
mod learner;
mod next;
mod placement;
mod policy;
mod roster;
mod signals;
mod simulate;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<curriculum::PyCurriculum>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<learner::PyLearnerStore>()?;
    m.add_class::<bkt::PyBktModel>()?;
    m.add_class::<next::PyNextStepRules>()?;
    m.add_class::<placement::PyPlacement>()?;
    m.add_function(wrap_pyfunction!(simulate::simulate, m)?)?;
    m.add_function(wrap_pyfunction!(simulate::merge_simulations, m)?)?;
    m.add_function(wrap_pyfunction!(placement::compare_selectors, m)?)?;
    m.add_function(wrap_pyfunction!(placement::knowledge_states, m)?)?;
    m.add_function(wrap_pyfunction!(placement::learning_paths, m)?)?;
    m.add_function(wrap_pyfunction!(interop::curriculum_from_case, m)?)?;
    m.add_function(wrap_pyfunction!(interop::curriculum_to_case, m)?)?;
    m.add_function(wrap_pyfunction!(interop::assessments_from_xapi, m)?)?;
    m.add_function(wrap_pyfunction!(interop::assessments_from_caliper, m)?)?;
    m.add_function(wrap_pyfunction!(interop::transitions_to_xapi, m)?)?;
    m.add_function(wrap_pyfunction!(interop::schema, m)?)?;
    m.add_function(wrap_pyfunction!(interop::schema_names, m)?)?;
    m.add("MasteryError", py.get_type::<error::MasteryError>())?;
    m.add("CurriculumError", py.get_type::<error::CurriculumError>())?;
    m.add("PolicyError", py.get_type::<error::PolicyError>())?;
    m.add("EvidenceError", py.get_type::<error::EvidenceError>())?;
    m.add("ModelError", py.get_type::<error::ModelError>())?;
    m.add("RosterError", py.get_type::<error::RosterError>())?;
    m.add("ERROR_CODES", error::error_codes())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let pybkt = masterykit::CsvColumns::pybkt();
    m.add("PYBKT_COLUMNS", conv::ser_to_py(py, &pybkt)?)?;
    m.add("SKILL_SEPARATOR", pybkt.separator)?;
    Ok(())
}
