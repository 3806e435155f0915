//! The curriculum document: skills, prerequisites, units and courses as written, and a
//! builder for them in code.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Curriculum;
use crate::error::Result;

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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
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

/// In documents: a skill id, or `{skill, weight}`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Prerequisite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Prerequisite".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A prerequisite skill: its id (weight 1), or the id with a weight.",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "skill": {"type": "string", "minLength": 1},
                        "weight": {"type": "number", "exclusiveMinimum": 0}
                    },
                    "required": ["skill"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// An ordered group of skills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
