//! Skills, units, courses and prerequisites: the curriculum as data (`doc`), validated on
//! construction (`validate`), with graph queries (`queries`, over `graph`) and scopes.

mod doc;
mod generate;
mod graph;
mod queries;
mod scope;
mod validate;

pub use doc::{
    Course, CurriculumBuilder, CurriculumDoc, FORMAT_VERSION, Prerequisite, Skill, Unit,
};
pub use queries::{Edge, Gap, Lint, SkillSet};
pub use scope::Scope;
pub(crate) use validate::index_ids;

use std::collections::HashMap;
use std::io::Read;

use crate::error::{Error, IdKind, Result};
use graph::Dag;

/// Id lookup maps: foldhash is several times faster than SipHash on short string ids.
type IdMap = HashMap<String, u32, foldhash::fast::RandomState>;

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

    /// Every skill id, in document order (index order).
    pub fn skill_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.doc.skills.iter().map(|s| s.id.as_str())
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
}
