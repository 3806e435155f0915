//! `Curriculum`: skills, units, courses and the prerequisite graph.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, to_js};
use crate::error::Result;

/// A validated curriculum: skills, units, courses and an acyclic prerequisite graph.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Curriculum(pub(crate) core::Curriculum);

impl Curriculum {
    fn known(&self, known: Option<Vec<String>>) -> Result<core::SkillSet> {
        Ok(self.0.skill_set(known.unwrap_or_default())?)
    }
}

fn owned(ids: Vec<&str>) -> Vec<String> {
    ids.into_iter().map(str::to_string).collect()
}

#[wasm_bindgen]
impl Curriculum {
    /// A seeded generated curriculum of `skills` skills in units of 25 (each skill requires
    /// one to three of the 25 before it), for benchmarks and simulations.
    pub fn generate(skills: usize, seed: u32) -> Result<Curriculum> {
        Ok(Curriculum(core::Curriculum::generate(
            skills,
            u64::from(seed),
        )?))
    }

    /// Parses and validates a JSON curriculum; throws a `CurriculumError` listing every
    /// problem (`.problems`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Curriculum> {
        Ok(Curriculum(core::Curriculum::from_json(text)?))
    }

    /// Parses and validates a TOML curriculum.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str) -> Result<Curriculum> {
        Ok(Curriculum(core::Curriculum::from_toml(text)?))
    }

    /// Validates a curriculum given as a plain object (the JSON form).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "CurriculumDoc")] doc: JsValue,
    ) -> Result<Curriculum> {
        Ok(Curriculum(core::Curriculum::from_doc(from_js(
            doc,
            "curriculum",
        )?)?))
    }

    /// The canonical JSON form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The curriculum as a plain object (the JSON form).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "CurriculumDoc")]
    pub fn to_object(&self) -> Result<JsValue> {
        to_js(self.0.as_doc())
    }

    /// Number of skills.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// Skill ids in document order.
    #[wasm_bindgen(js_name = skillIds)]
    pub fn skill_ids(&self) -> Vec<String> {
        self.0.skills().iter().map(|s| s.id.clone()).collect()
    }

    /// Direct prerequisites of a skill.
    pub fn prerequisites(&self, skill: &str) -> Result<Vec<String>> {
        Ok(owned(self.0.prerequisites(skill)?))
    }

    /// Skills that list this one as a direct prerequisite.
    pub fn dependents(&self, skill: &str) -> Result<Vec<String>> {
        Ok(owned(self.0.dependents(skill)?))
    }

    /// Every skill, prerequisites first, ties in course order.
    #[wasm_bindgen(js_name = learnableOrder)]
    pub fn learnable_order(&self) -> Vec<String> {
        owned(self.0.learnable_order())
    }

    /// Direct and indirect prerequisites, in learnable order.
    pub fn ancestors(&self, skill: &str) -> Result<Vec<String>> {
        Ok(owned(self.0.ancestors(skill)?))
    }

    /// Direct and indirect dependents, in learnable order.
    pub fn descendants(&self, skill: &str) -> Result<Vec<String>> {
        Ok(owned(self.0.descendants(skill)?))
    }

    /// Length of the longest prerequisite chain below a skill.
    pub fn depth(&self, skill: &str) -> Result<u32> {
        Ok(self.0.depth(skill)?)
    }

    /// Skills not known whose prerequisites all are.
    pub fn frontier(&self, known: Option<Vec<String>>) -> Result<Vec<String>> {
        Ok(owned(self.0.frontier(&self.known(known)?)))
    }

    /// Known skills none of whose dependents are known.
    #[wasm_bindgen(js_name = innerFringe)]
    pub fn inner_fringe(&self, known: Option<Vec<String>>) -> Result<Vec<String>> {
        Ok(owned(self.0.inner_fringe(&self.known(known)?)))
    }

    /// The goals and their unknown prerequisites, in learnable order.
    #[wasm_bindgen(js_name = pathTo)]
    pub fn path_to(&self, goals: Vec<String>, known: Option<Vec<String>>) -> Result<Vec<String>> {
        let known = self.known(known)?;
        Ok(owned(self.0.path_to(&goals, &known)?))
    }

    /// Unknown prerequisites of a struggling skill, root causes (deepest) first.
    #[wasm_bindgen(unchecked_return_type = "Gap[]")]
    pub fn gaps(&self, skill: &str, known: Option<Vec<String>>) -> Result<JsValue> {
        let known = self.known(known)?;
        to_js(&self.0.gaps(skill, &known)?)
    }

    /// Redundant edges and orphan skills.
    #[wasm_bindgen(unchecked_return_type = "Lint")]
    pub fn lint(&self) -> Result<JsValue> {
        to_js(&self.0.lint())
    }
}
