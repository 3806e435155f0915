//! Skills, units, courses and prerequisites: the curriculum as data, validated on construction.

mod graph;

use std::collections::HashMap;

/// Id lookup maps: foldhash is several times faster than SipHash on short string ids.
type IdMap = HashMap<String, u32, foldhash::fast::RandomState>;
use std::collections::hash_map::Entry;
use std::fmt;
use std::io::Read;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, IdKind, Result};
use graph::Dag;

/// The curriculum document format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

fn one() -> f64 {
    1.0
}

fn is_one(w: &f64) -> bool {
    *w == 1.0
}

/// A skill: the unit of mastery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    /// Stable unique id.
    pub id: String,
    /// Human-readable name; empty means "use the id".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Optional longer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// An external code, e.g. a standards identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
    /// Relative weight in aggregates (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// The skills that must be learned before this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<Prerequisite>,
}

impl Skill {
    /// A skill with an id and a name, weight 1 and no prerequisites.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Skill {
        Skill {
            id: id.into(),
            name: name.into(),
            description: None,
            tags: Vec::new(),
            external_code: None,
            weight: 1.0,
            prerequisites: Vec::new(),
        }
    }

    /// Adds prerequisites of weight 1 by id.
    pub fn with_prerequisites<I, S>(mut self, ids: I) -> Skill
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.prerequisites
            .extend(ids.into_iter().map(|id| Prerequisite::new(id)));
        self
    }

    /// The name, or the id when the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// A prerequisite edge as written inside a skill: in JSON either a bare id (`"frac-add"`) or
/// an object with a weight (`{"skill": "frac-add", "weight": 0.5}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Prerequisite {
    /// The prerequisite skill's id.
    pub skill: String,
    /// How strongly the dependent relies on it (default 1).
    pub weight: f64,
}

impl Prerequisite {
    /// A prerequisite of weight 1.
    pub fn new(skill: impl Into<String>) -> Prerequisite {
        Prerequisite {
            skill: skill.into(),
            weight: 1.0,
        }
    }
}

impl Serialize for Prerequisite {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if is_one(&self.weight) {
            s.serialize_str(&self.skill)
        } else {
            let mut st = s.serialize_struct("Prerequisite", 2)?;
            st.serialize_field("skill", &self.skill)?;
            st.serialize_field("weight", &self.weight)?;
            st.end()
        }
    }
}

impl<'de> Deserialize<'de> for Prerequisite {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Prerequisite;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a skill id or an object {skill, weight}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Prerequisite, E> {
                Ok(Prerequisite::new(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Prerequisite, E> {
                Ok(Prerequisite::new(v))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Prerequisite, A::Error> {
                let mut skill: Option<String> = None;
                let mut weight: Option<f64> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "skill" => skill = Some(map.next_value()?),
                        "weight" => weight = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["skill", "weight"])),
                    }
                }
                Ok(Prerequisite {
                    skill: skill.ok_or_else(|| de::Error::missing_field("skill"))?,
                    weight: weight.unwrap_or(1.0),
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// An ordered group of skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Stable unique id among units.
    pub id: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Skill ids in teaching order.
    #[serde(default)]
    pub skills: Vec<String>,
}

impl Unit {
    /// A unit of the given skills, in order.
    pub fn new<I, S>(id: impl Into<String>, name: impl Into<String>, skills: I) -> Unit
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Unit {
            id: id.into(),
            name: name.into(),
            skills: skills.into_iter().map(Into::into).collect(),
        }
    }
}

/// An ordered group of units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Stable unique id among courses.
    pub id: String,
    /// Human-readable name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Unit ids in teaching order.
    #[serde(default)]
    pub units: Vec<String>,
}

impl Course {
    /// A course of the given units, in order.
    pub fn new<I, S>(id: impl Into<String>, name: impl Into<String>, units: I) -> Course
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Course {
            id: id.into(),
            name: name.into(),
            units: units.into_iter().map(Into::into).collect(),
        }
    }
}

/// The plain, unvalidated form of a curriculum: what JSON and TOML documents hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurriculumDoc {
    /// Document format version; must equal [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Optional title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every skill, with its prerequisites.
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Units grouping skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Courses grouping units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<Course>,
}

impl Default for CurriculumDoc {
    fn default() -> Self {
        CurriculumDoc {
            format_version: FORMAT_VERSION,
            name: None,
            skills: Vec::new(),
            units: Vec::new(),
            courses: Vec::new(),
        }
    }
}

/// Builds a [`Curriculum`] in code; [`CurriculumBuilder::build`] validates.
#[derive(Debug, Clone, Default)]
pub struct CurriculumBuilder {
    doc: CurriculumDoc,
}

impl CurriculumBuilder {
    /// Sets the title.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.doc.name = Some(name.into());
        self
    }

    /// Adds a skill.
    pub fn skill(mut self, skill: Skill) -> Self {
        self.doc.skills.push(skill);
        self
    }

    /// Adds the edge "`prerequisite` comes before `skill`" (weight 1). The skill must already
    /// have been added; otherwise the edge is reported as unknown by [`Self::build`].
    pub fn prerequisite(mut self, prerequisite: &str, skill: &str) -> Self {
        match self.doc.skills.iter_mut().find(|s| s.id == skill) {
            Some(s) => s.prerequisites.push(Prerequisite::new(prerequisite)),
            None => self.doc.skills.push(Skill {
                // Keeps the reference so validation names it rather than dropping it.
                prerequisites: vec![Prerequisite::new(prerequisite)],
                ..Skill::new(skill, "")
            }),
        }
        self
    }

    /// Adds a unit.
    pub fn unit(mut self, unit: Unit) -> Self {
        self.doc.units.push(unit);
        self
    }

    /// Adds a course.
    pub fn course(mut self, course: Course) -> Self {
        self.doc.courses.push(course);
        self
    }

    /// Validates and builds.
    pub fn build(self) -> Result<Curriculum> {
        Curriculum::from_doc(self.doc)
    }
}

/// What a goal or an aggregate covers: a course, a unit, or a set of skills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every skill of the course's units.
    Course(String),
    /// Every skill of the unit.
    Unit(String),
    /// These skills.
    Skills(Vec<String>),
}

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
pub struct Edge<'a> {
    /// The prerequisite.
    pub from: &'a str,
    /// The dependent skill.
    pub to: &'a str,
}

/// An unknown prerequisite found by [`Curriculum::gaps`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap<'a> {
    /// The prerequisite skill.
    pub skill: &'a str,
    /// Length of the longest prerequisite chain from it up to the struggling skill (1 = direct).
    pub distance: u32,
}

/// What [`Curriculum::lint`] finds: valid, but probably not what the author meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// A validated curriculum: unique ids, known references, an acyclic prerequisite graph.
/// An invalid one cannot be constructed.
#[derive(Debug, Clone)]
pub struct Curriculum {
    doc: CurriculumDoc,
    skill_index: IdMap,
    unit_index: IdMap,
    course_index: IdMap,
    dag: Dag,
}

impl PartialEq for Curriculum {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc
    }
}

impl Curriculum {
    /// Starts a curriculum in code.
    ///
    /// ```
    /// use masterykit::{Curriculum, Skill};
    /// let c = Curriculum::builder()
    ///     .skill(Skill::new("add", "Addition"))
    ///     .skill(Skill::new("mul", "Multiplication").with_prerequisites(["add"]))
    ///     .build()?;
    /// assert_eq!(c.learnable_order(), ["add", "mul"]);
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn builder() -> CurriculumBuilder {
        CurriculumBuilder::default()
    }

    /// Parses and validates a JSON document.
    pub fn from_json(text: &str) -> Result<Curriculum> {
        let doc: CurriculumDoc = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        Curriculum::from_doc(doc)
    }

    /// Parses and validates a JSON document from a reader.
    pub fn from_json_reader<R: Read>(reader: R) -> Result<Curriculum> {
        let doc: CurriculumDoc =
            serde_json::from_reader(std::io::BufReader::new(reader)).map_err(|e| Error::Parse {
                format: "json",
                message: e.to_string(),
            })?;
        Curriculum::from_doc(doc)
    }

    /// Parses and validates a TOML document.
    pub fn from_toml(text: &str) -> Result<Curriculum> {
        let doc: CurriculumDoc = toml::from_str(text).map_err(|e| Error::Parse {
            format: "toml",
            message: e.to_string(),
        })?;
        Curriculum::from_doc(doc)
    }

    /// The canonical JSON form (compact).
    pub fn to_json(&self) -> String {
        // Serializing plain owned data to a string cannot fail.
        serde_json::to_string(&self.doc).unwrap_or_default()
    }

    /// The canonical JSON form, indented.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// The TOML form.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string(&self.doc).map_err(|e| Error::Parse {
            format: "toml",
            message: e.to_string(),
        })
    }

    /// The plain document this curriculum was built from.
    pub fn as_doc(&self) -> &CurriculumDoc {
        &self.doc
    }

    /// Validates a document, reporting every problem found.
    pub fn from_doc(doc: CurriculumDoc) -> Result<Curriculum> {
        if doc.format_version != FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: FORMAT_VERSION,
            });
        }
        let mut problems = Vec::new();
        let skill_index = index_ids(
            IdKind::Skill,
            doc.skills.iter().map(|s| s.id.as_str()),
            "skills",
            &mut problems,
        );
        let unit_index = index_ids(
            IdKind::Unit,
            doc.units.iter().map(|u| u.id.as_str()),
            "units",
            &mut problems,
        );
        let course_index = index_ids(
            IdKind::Course,
            doc.courses.iter().map(|c| c.id.as_str()),
            "courses",
            &mut problems,
        );

        let mut edges = Vec::new();
        // seen_by[p] == i: skill i already listed prerequisite p.
        let mut seen_by = vec![u32::MAX; doc.skills.len()];
        for (i, skill) in doc.skills.iter().enumerate() {
            if !skill.weight.is_finite() || skill.weight <= 0.0 {
                problems.push(Error::InvalidWeight {
                    location: format!("skill `{}`", skill.id),
                    weight: skill.weight,
                });
            }
            // Edges of a duplicate entry are checked but not added.
            let owner = skill_index
                .get(skill.id.as_str())
                .copied()
                .filter(|&o| o as usize == i);
            for pre in &skill.prerequisites {
                let place = || format!("prerequisites of `{}`", skill.id);
                let Some(p) = resolve(
                    &skill_index,
                    IdKind::Skill,
                    &pre.skill,
                    place,
                    &mut problems,
                ) else {
                    continue;
                };
                if pre.skill == skill.id {
                    problems.push(Error::SelfPrerequisite {
                        id: skill.id.clone(),
                    });
                    continue;
                }
                if !pre.weight.is_finite() || pre.weight <= 0.0 {
                    problems.push(Error::InvalidWeight {
                        location: format!("prerequisite `{}` of `{}`", pre.skill, skill.id),
                        weight: pre.weight,
                    });
                    continue;
                }
                if seen_by[p as usize] == i as u32 {
                    problems.push(Error::DuplicatePrerequisite {
                        skill: skill.id.clone(),
                        prerequisite: pre.skill.clone(),
                    });
                    continue;
                }
                seen_by[p as usize] = i as u32;
                if let Some(o) = owner {
                    edges.push((p, o, pre.weight));
                }
            }
        }
        for unit in &doc.units {
            for id in &unit.skills {
                let place = || format!("unit `{}`", unit.id);
                resolve(&skill_index, IdKind::Skill, id, place, &mut problems);
            }
        }
        for course in &doc.courses {
            for id in &course.units {
                let place = || format!("course `{}`", course.id);
                resolve(&unit_index, IdKind::Unit, id, place, &mut problems);
            }
        }

        let rank = course_rank(&doc, &skill_index, &unit_index);
        let dag = match Dag::build(doc.skills.len(), &edges, &rank) {
            Ok(dag) => dag,
            Err(cycles) => {
                problems.extend(cycles.into_iter().map(|c| {
                    Error::Cycle {
                        path: c
                            .iter()
                            .map(|&v| doc.skills[v as usize].id.clone())
                            .collect(),
                    }
                }));
                Dag::default()
            }
        };
        if let Some(e) =
            Error::from_problems(problems, |problems| Error::InvalidCurriculum { problems })
        {
            return Err(e);
        }
        Ok(Curriculum {
            doc,
            skill_index,
            unit_index,
            course_index,
            dag,
        })
    }

    /// Number of skills.
    pub fn len(&self) -> usize {
        self.doc.skills.len()
    }

    /// Whether there are no skills.
    pub fn is_empty(&self) -> bool {
        self.doc.skills.is_empty()
    }

    /// Number of prerequisite edges.
    pub fn edge_count(&self) -> usize {
        self.dag.edge_count()
    }

    /// Every skill, in document order (index order).
    pub fn skills(&self) -> &[Skill] {
        &self.doc.skills
    }

    /// Every unit, in document order.
    pub fn units(&self) -> &[Unit] {
        &self.doc.units
    }

    /// Every course, in document order.
    pub fn courses(&self) -> &[Course] {
        &self.doc.courses
    }

    /// The skill with this id.
    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.skill_index(id).map(|i| &self.doc.skills[i])
    }

    /// The dense index of a skill id (its position in [`Self::skills`]).
    pub fn skill_index(&self, id: &str) -> Option<usize> {
        self.skill_index.get(id).map(|&i| i as usize)
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index
            .get(id)
            .map(|&i| &self.doc.units[i as usize])
    }

    /// The course with this id.
    pub fn course(&self, id: &str) -> Option<&Course> {
        self.course_index
            .get(id)
            .map(|&i| &self.doc.courses[i as usize])
    }

    /// The index of a skill id, or an [`Error::UnknownId`] naming where it was referenced.
    pub fn require_skill(&self, id: &str, referenced_in: &str) -> Result<usize> {
        self.skill_index(id).ok_or_else(|| Error::UnknownId {
            kind: IdKind::Skill,
            id: id.to_string(),
            referenced_in: referenced_in.to_string(),
        })
    }

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

    /// The skill indices a scope covers, each once, in course order.
    pub fn scope_skills(&self, scope: &Scope) -> Result<Vec<usize>> {
        let mut seen = vec![false; self.len()];
        let mut out = Vec::new();
        let mut add = |s: usize| {
            if !seen[s] {
                seen[s] = true;
                out.push(s);
            }
        };
        let unknown = |kind, id: &str| Error::UnknownId {
            kind,
            id: id.to_string(),
            referenced_in: "the scope".into(),
        };
        match scope {
            Scope::Course(id) => {
                let course = self.course(id).ok_or_else(|| unknown(IdKind::Course, id))?;
                for u in &course.units {
                    for s in self
                        .unit(u)
                        .map(|u| u.skills.as_slice())
                        .unwrap_or_default()
                    {
                        if let Some(i) = self.skill_index(s) {
                            add(i);
                        }
                    }
                }
            }
            Scope::Unit(id) => {
                let unit = self.unit(id).ok_or_else(|| unknown(IdKind::Unit, id))?;
                for s in &unit.skills {
                    if let Some(i) = self.skill_index(s) {
                        add(i);
                    }
                }
            }
            Scope::Skills(ids) => {
                for id in ids {
                    add(self.require_skill(id, "the scope")?);
                }
            }
        }
        Ok(out)
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

/// Maps ids to their first position, reporting empty and duplicate ids.
pub(crate) fn index_ids<'a>(
    kind: IdKind,
    ids: impl Iterator<Item = &'a str>,
    list: &str,
    problems: &mut Vec<Error>,
) -> IdMap {
    let (lower, _) = ids.size_hint();
    let mut index = IdMap::with_capacity_and_hasher(lower, Default::default());
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            problems.push(Error::EmptyId {
                kind,
                location: format!("{list}[{i}]"),
            });
            continue;
        }
        match index.entry(id.to_string()) {
            Entry::Occupied(_) => problems.push(Error::DuplicateId {
                kind,
                id: id.to_string(),
            }),
            Entry::Vacant(slot) => {
                slot.insert(i as u32);
            }
        }
    }
    index
}

/// Looks an id up, reporting an empty or unknown one with where it was referenced.
fn resolve(
    index: &IdMap,
    kind: IdKind,
    id: &str,
    place: impl Fn() -> String,
    problems: &mut Vec<Error>,
) -> Option<u32> {
    if id.trim().is_empty() {
        problems.push(Error::EmptyId {
            kind,
            location: place(),
        });
        return None;
    }
    let found = index.get(id).copied();
    if found.is_none() {
        problems.push(Error::UnknownId {
            kind,
            id: id.to_string(),
            referenced_in: place(),
        });
    }
    found
}

/// Ranks skills by course order: courses, their units and the units' skills first; then
/// units in no course; then the remaining skills in document order. A permutation of `0..n`.
fn course_rank(doc: &CurriculumDoc, skill_index: &IdMap, unit_index: &IdMap) -> Vec<u32> {
    const UNSET: u32 = u32::MAX;
    let n = doc.skills.len();
    let mut rank = vec![UNSET; n];
    let mut next = 0u32;
    let mut unit_done = vec![false; doc.units.len()];
    let mut place_unit = |u: usize, rank: &mut Vec<u32>, next: &mut u32| {
        if unit_done[u] {
            return;
        }
        unit_done[u] = true;
        for id in &doc.units[u].skills {
            if let Some(&s) = skill_index.get(id.as_str())
                && rank[s as usize] == UNSET
            {
                rank[s as usize] = *next;
                *next += 1;
            }
        }
    };
    for course in &doc.courses {
        for id in &course.units {
            if let Some(&u) = unit_index.get(id.as_str()) {
                place_unit(u as usize, &mut rank, &mut next);
            }
        }
    }
    for u in 0..doc.units.len() {
        place_unit(u, &mut rank, &mut next);
    }
    for r in rank.iter_mut() {
        if *r == UNSET {
            *r = next;
            next += 1;
        }
    }
    rank
}
