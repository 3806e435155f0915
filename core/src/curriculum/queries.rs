//! Graph queries over dense indices: learnable order, ancestors and descendants, frontier
//! and inner fringe, paths to goals, gaps, and linting.

use serde::Serialize;

use super::Curriculum;
use crate::error::Result;

/// A set of skills of one curriculum, by dense index (e.g. the skills a learner knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillSet {
    mask: Vec<bool>,
}

impl SkillSet {
    /// The empty set for a curriculum of `len` skills.
    pub fn empty(len: usize) -> SkillSet {
        SkillSet {
            mask: vec![false; len],
        }
    }

    /// Adds the skill at `index`. Indices past the curriculum's size are ignored.
    pub fn insert(&mut self, index: usize) {
        if let Some(m) = self.mask.get_mut(index) {
            *m = true;
        }
    }

    /// Whether the skill at `index` is in the set.
    pub fn contains(&self, index: usize) -> bool {
        self.mask.get(index).copied().unwrap_or(false)
    }

    /// Number of skills in the set.
    pub fn len(&self) -> usize {
        self.mask.iter().filter(|&&m| m).count()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        !self.mask.iter().any(|&m| m)
    }

    pub(crate) fn mask(&self) -> &[bool] {
        &self.mask
    }
}

/// A prerequisite edge by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edge<'a> {
    /// The prerequisite.
    pub from: &'a str,
    /// The dependent skill.
    pub to: &'a str,
}

/// An unknown prerequisite found by [`Curriculum::gaps`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gap<'a> {
    /// The prerequisite skill.
    pub skill: &'a str,
    /// Length of the longest prerequisite chain from it up to the struggling skill (1 = direct).
    pub distance: u32,
}

/// What [`Curriculum::lint`] finds: valid, but probably not what the author meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lint<'a> {
    /// Edges implied by longer prerequisite chains.
    pub redundant_edges: Vec<Edge<'a>>,
    /// Skills that belong to no unit.
    pub orphans: Vec<&'a str>,
}

impl Lint<'_> {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.redundant_edges.is_empty() && self.orphans.is_empty()
    }
}

impl Curriculum {
    fn ids(&self, indices: impl IntoIterator<Item = u32>) -> Vec<&str> {
        indices
            .into_iter()
            .map(|v| self.doc.skills[v as usize].id.as_str())
            .collect()
    }

    /// The direct prerequisites of a skill, in document order.
    pub fn prerequisites(&self, id: &str) -> Result<Vec<&str>> {
        let v = self.require_skill(id, "the query")?;
        Ok(self.ids(self.dag.prerequisites(v).iter().copied()))
    }

    /// The direct prerequisites of a skill with their edge weights.
    pub fn weighted_prerequisites(&self, id: &str) -> Result<Vec<(&str, f64)>> {
        let v = self.require_skill(id, "the query")?;
        let ids = self.ids(self.dag.prerequisites(v).iter().copied());
        Ok(ids
            .into_iter()
            .zip(self.dag.prerequisite_weights(v).iter().copied())
            .collect())
    }

    /// The direct prerequisites of the skill at `index`, as indices.
    pub fn prerequisite_indices(&self, index: usize) -> &[u32] {
        self.dag.prerequisites(index)
    }

    /// The skills that list this one as a direct prerequisite.
    pub fn dependents(&self, id: &str) -> Result<Vec<&str>> {
        let v = self.require_skill(id, "the query")?;
        Ok(self.ids(self.dag.dependents(v).iter().copied()))
    }

    /// Every skill in an order that puts prerequisites first; among skills whose prerequisites
    /// are met, course order (courses, then their units, then the units' skills; skills in no
    /// unit last, in document order) decides.
    pub fn learnable_order(&self) -> Vec<&str> {
        self.ids(self.dag.order().iter().copied())
    }

    /// Skill indices in learnable order.
    pub fn learnable_order_indices(&self) -> &[u32] {
        self.dag.order()
    }

    /// Every direct and indirect prerequisite, in learnable order.
    pub fn ancestors(&self, id: &str) -> Result<Vec<&str>> {
        let v = self.require_skill(id, "the query")?;
        Ok(self.ids(self.dag.ancestors(v as u32)))
    }

    /// Every skill that builds on this one directly or indirectly, in learnable order.
    pub fn descendants(&self, id: &str) -> Result<Vec<&str>> {
        let v = self.require_skill(id, "the query")?;
        Ok(self.ids(self.dag.descendants(v as u32)))
    }

    /// Length of the longest prerequisite chain below a skill (0 for a skill with none).
    pub fn depth(&self, id: &str) -> Result<u32> {
        let v = self.require_skill(id, "the query")?;
        Ok(self.dag.depth(v))
    }

    /// A [`SkillSet`] from ids; an unknown id is an error naming it.
    pub fn skill_set<I, S>(&self, ids: I) -> Result<SkillSet>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = SkillSet::empty(self.len());
        for id in ids {
            set.insert(self.require_skill(id.as_ref(), "the known skills")?);
        }
        Ok(set)
    }

    /// The outer fringe: skills not in `known` whose prerequisites all are ("ready to
    /// learn"), in learnable order.
    pub fn frontier(&self, known: &SkillSet) -> Vec<&str> {
        self.ids(self.dag.frontier(self.fit(known).mask()))
    }

    /// The inner fringe: skills in `known` none of whose dependents are known, in learnable
    /// order.
    pub fn inner_fringe(&self, known: &SkillSet) -> Vec<&str> {
        self.ids(self.dag.inner_fringe(self.fit(known).mask()))
    }

    /// The path to one or more goal skills: the goals and all their prerequisites not in
    /// `known`, in learnable order.
    pub fn path_to<I, S>(&self, goals: I, known: &SkillSet) -> Result<Vec<&str>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let goals = goals
            .into_iter()
            .map(|g| {
                self.require_skill(g.as_ref(), "the goal skills")
                    .map(|i| i as u32)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(self.ids(self.dag.path_to(&goals, self.fit(known).mask())))
    }

    /// Gap diagnosis for a skill the learner struggles with: its unknown direct and indirect
    /// prerequisites, root causes (deepest below the skill) first, ties in learnable order.
    pub fn gaps(&self, id: &str, known: &SkillSet) -> Result<Vec<Gap<'_>>> {
        let v = self.require_skill(id, "the struggling skill")?;
        Ok(self
            .dag
            .gaps(v as u32, self.fit(known).mask())
            .into_iter()
            .map(|(u, distance)| Gap {
                skill: &self.doc.skills[u as usize].id,
                distance,
            })
            .collect())
    }

    /// Prerequisite edges implied by longer chains (removing them keeps every skill's
    /// ancestors the same), sorted in learnable order.
    pub fn redundant_edges(&self) -> Vec<Edge<'_>> {
        self.dag
            .redundant_edges()
            .into_iter()
            .map(|(a, b)| Edge {
                from: &self.doc.skills[a as usize].id,
                to: &self.doc.skills[b as usize].id,
            })
            .collect()
    }

    /// Skills that belong to no unit, in document order.
    pub fn orphans(&self) -> Vec<&str> {
        let mut in_unit = vec![false; self.len()];
        for unit in &self.doc.units {
            for id in &unit.skills {
                if let Some(i) = self.skill_index(id) {
                    in_unit[i] = true;
                }
            }
        }
        self.doc
            .skills
            .iter()
            .zip(in_unit)
            .filter(|(_, inside)| !inside)
            .map(|(s, _)| s.id.as_str())
            .collect()
    }

    /// Linting: redundant edges and orphan skills.
    pub fn lint(&self) -> Lint<'_> {
        Lint {
            redundant_edges: self.redundant_edges(),
            orphans: self.orphans(),
        }
    }

    /// A set made for another curriculum size would index out of bounds; pad or cut it.
    fn fit<'s>(&self, set: &'s SkillSet) -> std::borrow::Cow<'s, SkillSet> {
        if set.mask.len() == self.len() {
            std::borrow::Cow::Borrowed(set)
        } else {
            let mut mask = set.mask.clone();
            mask.resize(self.len(), false);
            std::borrow::Cow::Owned(SkillSet { mask })
        }
    }
}
