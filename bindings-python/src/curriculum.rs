//! `Curriculum`: skills, units, courses and the prerequisite graph.

use masterykit as core;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::conv::{from_py, ser_to_py};
use crate::error::Result;

/// A validated curriculum.
#[derive(Debug)]
#[pyclass(name = "Curriculum", module = "masterykit", frozen)]
pub struct PyCurriculum(pub core::Curriculum);

impl PyCurriculum {
    fn known(&self, known: Option<Vec<String>>) -> Result<core::SkillSet> {
        Ok(self.0.skill_set(known.unwrap_or_default())?)
    }
}

#[pymethods]
impl PyCurriculum {
    /// A seeded generated curriculum of `skills` skills in units of 25 (each skill requires
    /// one to three of the 25 before it), for benchmarks and simulations.
    #[staticmethod]
    fn generate(py: Python<'_>, skills: usize, seed: u64) -> Result<Self> {
        Ok(PyCurriculum(
            py.detach(|| core::Curriculum::generate(skills, seed))?,
        ))
    }

    /// Parses and validates a JSON curriculum.
    #[staticmethod]
    fn from_json(text: &str) -> Result<Self> {
        Ok(PyCurriculum(core::Curriculum::from_json(text)?))
    }

    /// Parses and validates a TOML curriculum.
    #[staticmethod]
    fn from_toml(text: &str) -> Result<Self> {
        Ok(PyCurriculum(core::Curriculum::from_toml(text)?))
    }

    /// Validates a curriculum given as plain data (the JSON form as dicts and lists).
    #[staticmethod]
    fn from_dict(doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        let doc: core::CurriculumDoc = serde_json::from_value(from_py(doc)?)
            .map_err(|e| crate::error::parse_error(e, "curriculum"))?;
        Ok(PyCurriculum(
            core::Curriculum::from_doc(doc).map_err(crate::error::Error)?,
        ))
    }

    /// The canonical JSON form.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The curriculum as plain data (the JSON form as dicts and lists).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, self.0.as_doc())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Curriculum({} skills, {} units, {} prerequisites)",
            self.0.len(),
            self.0.units().len(),
            self.0.edge_count()
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| o.get().0 == self.0)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        crate::conv::reduce_via_json(&slf.py().get_type::<Self>(), slf.get().0.to_json())
    }

    /// Skill ids, in document order.
    fn skill_ids(&self) -> Vec<String> {
        self.0.skills().iter().map(|s| s.id.clone()).collect()
    }

    /// Every skill, prerequisites first, ties by course order.
    fn learnable_order(&self) -> Vec<String> {
        self.0
            .learnable_order()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// The direct prerequisites of a skill, in document order.
    fn prerequisites(&self, skill: &str) -> Result<Vec<String>> {
        Ok(strings(self.0.prerequisites(skill)?))
    }

    /// The skills that list this one as a direct prerequisite.
    fn dependents(&self, skill: &str) -> Result<Vec<String>> {
        Ok(strings(self.0.dependents(skill)?))
    }

    /// Direct and indirect prerequisites, in learnable order.
    fn ancestors(&self, skill: &str) -> Result<Vec<String>> {
        Ok(self
            .0
            .ancestors(skill)?
            .iter()
            .map(|s| s.to_string())
            .collect())
    }

    /// Direct and indirect dependents, in learnable order.
    fn descendants(&self, skill: &str) -> Result<Vec<String>> {
        Ok(self
            .0
            .descendants(skill)?
            .iter()
            .map(|s| s.to_string())
            .collect())
    }

    /// Longest prerequisite chain below a skill.
    fn depth(&self, skill: &str) -> Result<u32> {
        Ok(self.0.depth(skill)?)
    }

    /// Skills not known whose prerequisites all are.
    #[pyo3(signature = (known=None))]
    fn frontier(&self, known: Option<Vec<String>>) -> Result<Vec<String>> {
        let k = self.known(known)?;
        Ok(self.0.frontier(&k).iter().map(|s| s.to_string()).collect())
    }

    /// Known skills none of whose dependents are known.
    #[pyo3(signature = (known=None))]
    fn inner_fringe(&self, known: Option<Vec<String>>) -> Result<Vec<String>> {
        let k = self.known(known)?;
        Ok(self
            .0
            .inner_fringe(&k)
            .iter()
            .map(|s| s.to_string())
            .collect())
    }

    /// The goals and their unknown prerequisites, in learnable order.
    #[pyo3(signature = (goals, known=None))]
    fn path_to(&self, goals: Vec<String>, known: Option<Vec<String>>) -> Result<Vec<String>> {
        let k = self.known(known)?;
        Ok(self
            .0
            .path_to(&goals, &k)?
            .iter()
            .map(|s| s.to_string())
            .collect())
    }

    /// Unknown prerequisites of a struggling skill as (skill, distance), root causes first.
    #[pyo3(signature = (skill, known=None))]
    fn gaps(&self, skill: &str, known: Option<Vec<String>>) -> Result<Vec<(String, u32)>> {
        let k = self.known(known)?;
        Ok(self
            .0
            .gaps(skill, &k)?
            .iter()
            .map(|g| (g.skill.to_string(), g.distance))
            .collect())
    }

    /// Redundant edges and orphan skills: {"redundant_edges": [...], "orphans": [...]}.
    fn lint(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        ser_to_py(py, &self.0.lint())
    }
}

/// Borrowed ids as owned strings.
fn strings(ids: Vec<&str>) -> Vec<String> {
    ids.into_iter().map(str::to_string).collect()
}
