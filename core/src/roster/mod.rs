//! Classes, goals given to groups, and assignments: the roster document, its validation,
//! and the changes that edit it one step at a time (each all or nothing).

mod assignment;
mod goal;

pub use assignment::{Assignment, AssignmentStatus, AssignmentWork};
pub use goal::{ClassGoal, Goal, GoalStatus};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::policy::Policy;

/// The roster document format this build reads and writes.
pub const ROSTER_FORMAT_VERSION: u32 = 1;

/// A class: an id, a name and its learners. A learner may be in several classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// Its id, unique among the roster's classes.
    pub id: String,
    /// A name to show (the id when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Its learners, in the order enrolled.
    #[serde(default)]
    pub learners: Vec<String>,
}

impl Class {
    /// Class `id` named `name` with these learners.
    pub fn new<S: Into<String>>(
        id: &str,
        name: &str,
        learners: impl IntoIterator<Item = S>,
    ) -> Class {
        Class {
            id: id.to_string(),
            name: name.to_string(),
            learners: learners.into_iter().map(Into::into).collect(),
        }
    }
}

/// A roster as a document: classes, the goals given to them and the assignments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RosterDoc {
    /// Always [`ROSTER_FORMAT_VERSION`].
    pub format_version: u32,
    /// The classes.
    #[serde(default)]
    pub classes: Vec<Class>,
    /// Goals given to classes or learners.
    #[serde(default)]
    pub goals: Vec<ClassGoal>,
    /// Assignments.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
}

impl Default for RosterDoc {
    fn default() -> RosterDoc {
        RosterDoc {
            format_version: ROSTER_FORMAT_VERSION,
            classes: Vec::new(),
            goals: Vec::new(),
            assignments: Vec::new(),
        }
    }
}

impl RosterDoc {
    /// Parses a roster document (JSON). Checking it against a curriculum and policy happens
    /// when a store takes it.
    pub fn from_json(text: &str) -> Result<RosterDoc> {
        let doc: RosterDoc = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        if doc.format_version != ROSTER_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: ROSTER_FORMAT_VERSION,
            });
        }
        Ok(doc)
    }

    /// The document as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One change to a roster, as an API call or a line of an event log (`{"roster": ...}`):
/// an object with `op` and that operation's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case", try_from = "ChangeForm")]
pub enum RosterChange {
    /// Adds a class (its id must be new).
    AddClass {
        /// The class.
        class: Class,
    },
    /// Removes a class no goal or assignment is given to.
    RemoveClass {
        /// Its id.
        id: String,
    },
    /// Adds learners to a class (those already in it stay as they are).
    Enrol {
        /// The class id.
        class: String,
        /// The learners.
        learners: Vec<String>,
    },
    /// Removes learners from a class (each must be in it).
    Unenrol {
        /// The class id.
        class: String,
        /// The learners.
        learners: Vec<String>,
    },
    /// Gives a goal to a class or to learners (its id must be new).
    AddGoal {
        /// The goal.
        goal: ClassGoal,
    },
    /// Removes a goal.
    RemoveGoal {
        /// Its id.
        id: String,
    },
    /// Adds an assignment (its id must be new).
    AddAssignment {
        /// The assignment.
        assignment: Assignment,
    },
    /// Removes an assignment and the work recorded on it.
    RemoveAssignment {
        /// Its id.
        id: String,
    },
}

impl RosterChange {
    /// Every learner the change names.
    pub fn learners(&self) -> Vec<&str> {
        let ids: &[String] = match self {
            RosterChange::AddClass { class } => &class.learners,
            RosterChange::Enrol { learners, .. } => learners,
            RosterChange::AddGoal { goal } => &goal.learners,
            RosterChange::AddAssignment { assignment } => &assignment.learners,
            _ => &[],
        };
        ids.iter().map(String::as_str).collect()
    }

    /// The change as one line of an event log (without the line break).
    pub fn json_line(&self) -> String {
        self.json_line_as(None)
    }

    /// The change as one line of an event log under an event id (`{"roster": ...,
    /// "event_id": ...}`): replaying the line again skips it.
    pub fn json_line_as(&self, event_id: Option<&str>) -> String {
        serde_json::to_string(&LogLine {
            roster: self.clone(),
            event_id: event_id.map(str::to_string),
        })
        .unwrap_or_default()
    }

    /// Parses a line written by [`RosterChange::json_line`].
    pub fn from_json_line(line: &str) -> Result<RosterChange> {
        RosterChange::parse_log_line(line).map(|(change, _)| change)
    }

    /// Parses a line written by [`RosterChange::json_line_as`]: the change and its event id.
    pub fn parse_log_line(line: &str) -> Result<(RosterChange, Option<String>)> {
        serde_json::from_str::<LogLine>(line)
            .map(|l| (l.roster, l.event_id))
            .map_err(|e| Error::Parse {
                format: "json",
                message: e.to_string(),
            })
    }

    /// The digest of what the change says, as kept beside its event id: XXH64 of its JSON,
    /// never 0.
    pub(crate) fn digest(&self) -> u64 {
        let text = serde_json::to_string(self).unwrap_or_default();
        xxhash_rust::xxh64::xxh64(text.as_bytes(), 0).max(1)
    }

    /// Whether a line of an event log is a roster change: its first key is `roster`.
    pub fn is_log_line(line: &str) -> bool {
        let rest = line.trim_start().strip_prefix('{').unwrap_or("");
        rest.trim_start().starts_with("\"roster\"")
    }
}

/// What a change reads as: every operation's fields in one flat object, checked against
/// its `op` (read without buffering the object, as a tagged enum would, which keeps the
/// WebAssembly module small).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ChangeForm {
    op: Op,
    #[serde(default)]
    id: Option<String>,
    /// A class (`add_class`) or a class id (`enrol`, `unenrol`).
    #[serde(default)]
    class: Option<serde_json::Value>,
    #[serde(default)]
    learners: Option<Vec<String>>,
    #[serde(default)]
    goal: Option<ClassGoal>,
    #[serde(default)]
    assignment: Option<Assignment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
enum Op {
    AddClass,
    RemoveClass,
    Enrol,
    Unenrol,
    AddGoal,
    RemoveGoal,
    AddAssignment,
    RemoveAssignment,
}

impl TryFrom<ChangeForm> for RosterChange {
    type Error = String;

    fn try_from(f: ChangeForm) -> std::result::Result<RosterChange, String> {
        let op = f.op;
        let need = |field: &str| format!("op `{}` needs field `{field}`", op_name(op));
        let fields = [
            ("id", f.id.is_some()),
            ("class", f.class.is_some()),
            ("learners", f.learners.is_some()),
            ("goal", f.goal.is_some()),
            ("assignment", f.assignment.is_some()),
        ];
        let wanted: &[&str] = match op {
            Op::AddClass => &["class"],
            Op::Enrol | Op::Unenrol => &["class", "learners"],
            Op::AddGoal => &["goal"],
            Op::AddAssignment => &["assignment"],
            Op::RemoveClass | Op::RemoveGoal | Op::RemoveAssignment => &["id"],
        };
        if let Some((extra, _)) = fields
            .iter()
            .find(|(k, given)| *given && !wanted.contains(k))
        {
            return Err(format!("op `{}` takes no field `{extra}`", op_name(op)));
        }
        let class_id = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Ok(s),
            Some(_) => Err(format!("op `{}`: `class` is a class id", op_name(op))),
            None => Err(need("class")),
        };
        Ok(match op {
            Op::AddClass => RosterChange::AddClass {
                class: serde_json::from_value(f.class.ok_or_else(|| need("class"))?)
                    .map_err(|e| format!("op `add_class`: {e}"))?,
            },
            Op::Enrol => RosterChange::Enrol {
                class: class_id(f.class)?,
                learners: f.learners.ok_or_else(|| need("learners"))?,
            },
            Op::Unenrol => RosterChange::Unenrol {
                class: class_id(f.class)?,
                learners: f.learners.ok_or_else(|| need("learners"))?,
            },
            Op::AddGoal => RosterChange::AddGoal {
                goal: f.goal.ok_or_else(|| need("goal"))?,
            },
            Op::AddAssignment => RosterChange::AddAssignment {
                assignment: f.assignment.ok_or_else(|| need("assignment"))?,
            },
            Op::RemoveClass => RosterChange::RemoveClass {
                id: f.id.ok_or_else(|| need("id"))?,
            },
            Op::RemoveGoal => RosterChange::RemoveGoal {
                id: f.id.ok_or_else(|| need("id"))?,
            },
            Op::RemoveAssignment => RosterChange::RemoveAssignment {
                id: f.id.ok_or_else(|| need("id"))?,
            },
        })
    }
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::AddClass => "add_class",
        Op::RemoveClass => "remove_class",
        Op::Enrol => "enrol",
        Op::Unenrol => "unenrol",
        Op::AddGoal => "add_goal",
        Op::RemoveGoal => "remove_goal",
        Op::AddAssignment => "add_assignment",
        Op::RemoveAssignment => "remove_assignment",
    }
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct LogLine {
    roster: RosterChange,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event_id: Option<String>,
}

/// What a change did to the list of assignments, for the work kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// The assignments are as they were.
    None,
    /// One was added at the end.
    AssignmentAdded,
    /// The one at this index was removed.
    AssignmentRemoved(usize),
}

/// A checked roster: every class, goal and assignment valid against a curriculum and a
/// policy, with the skills and levels they name resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roster {
    classes: Vec<Class>,
    class_index: HashMap<String, usize>,
    goals: Vec<ClassGoal>,
    /// Each goal's scope skills and target level.
    goal_plan: Vec<(Vec<u32>, u8)>,
    goal_index: HashMap<String, usize>,
    assignments: Vec<Assignment>,
    /// Each assignment's skills (sorted) and context.
    assignment_plan: Vec<(Vec<u32>, u8)>,
    assignment_index: HashMap<String, usize>,
}

impl Roster {
    /// Checks a document against a curriculum and policy: every problem with an id is a
    /// typed error (duplicate or unknown class, goal, assignment, skill, level, context;
    /// [`Error::InvalidRoster`] for the rest).
    pub fn from_doc(doc: &RosterDoc, curriculum: &Curriculum, policy: &Policy) -> Result<Roster> {
        if doc.format_version != ROSTER_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: ROSTER_FORMAT_VERSION,
            });
        }
        let mut roster = Roster::default();
        for class in &doc.classes {
            roster.add_class(class.clone())?;
        }
        for goal in &doc.goals {
            roster.add_goal(goal.clone(), curriculum, policy)?;
        }
        for a in &doc.assignments {
            roster.add_assignment(a.clone(), curriculum, policy)?;
        }
        Ok(roster)
    }

    /// The roster as a document.
    pub fn to_doc(&self) -> RosterDoc {
        RosterDoc {
            format_version: ROSTER_FORMAT_VERSION,
            classes: self.classes.clone(),
            goals: self.goals.clone(),
            assignments: self.assignments.clone(),
        }
    }

    /// Whether it has no classes, goals or assignments.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.goals.is_empty() && self.assignments.is_empty()
    }

    /// The classes, in the order added.
    pub fn classes(&self) -> &[Class] {
        &self.classes
    }

    /// The goals, in the order added.
    pub fn goals(&self) -> &[ClassGoal] {
        &self.goals
    }

    /// The assignments, in the order added.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// A class by id.
    pub fn class(&self, id: &str) -> Option<&Class> {
        self.class_index.get(id).map(|&c| &self.classes[c])
    }

    /// A class by id, or an error naming the unknown id.
    pub fn require_class(&self, id: &str) -> Result<&Class> {
        self.class(id)
            .ok_or_else(|| unknown(IdKind::Class, id, "the roster"))
    }

    /// Index of a goal by id.
    pub fn goal_index(&self, id: &str) -> Option<usize> {
        self.goal_index.get(id).copied()
    }

    /// Index of an assignment by id.
    pub fn assignment_index(&self, id: &str) -> Option<usize> {
        self.assignment_index.get(id).copied()
    }

    /// The classes learner `id` is in, in roster order.
    pub fn classes_of(&self, learner: &str) -> Vec<&str> {
        self.classes
            .iter()
            .filter(|c| c.learners.iter().any(|l| l == learner))
            .map(|c| c.id.as_str())
            .collect()
    }

    /// The learners goal `g` is given to: its class's, then its own, each once.
    pub fn goal_learners(&self, g: usize) -> Vec<&str> {
        let goal = &self.goals[g];
        self.recipients(goal.class.as_deref(), &goal.learners)
    }

    /// The learners assignment `a` is given to: its class's, then its own, each once.
    pub fn assignment_learners(&self, a: usize) -> Vec<&str> {
        let a = &self.assignments[a];
        self.recipients(a.class.as_deref(), &a.learners)
    }

    /// Goal `g`'s scope skills and target level.
    pub(crate) fn goal_plan(&self, g: usize) -> (&[u32], u8) {
        let (skills, target) = &self.goal_plan[g];
        (skills, *target)
    }

    /// Assignment `a`'s skills (sorted) and context.
    pub(crate) fn assignment_plan(&self, a: usize) -> (&[u32], u8) {
        let (skills, context) = &self.assignment_plan[a];
        (skills, *context)
    }

    fn recipients<'a>(&'a self, class: Option<&str>, own: &'a [String]) -> Vec<&'a str> {
        let mut out: Vec<&str> = class
            .and_then(|c| self.class(c))
            .map(|c| c.learners.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if own.is_empty() {
            return out;
        }
        let mut seen: std::collections::HashSet<&str> = out.iter().copied().collect();
        for l in own {
            if seen.insert(l) {
                out.push(l);
            }
        }
        out
    }

    /// Applies one change, or, when it is invalid, nothing.
    pub(crate) fn change(
        &mut self,
        change: &RosterChange,
        curriculum: &Curriculum,
        policy: &Policy,
    ) -> Result<Effect> {
        match change {
            RosterChange::AddClass { class } => self.add_class(class.clone())?,
            RosterChange::RemoveClass { id } => {
                let c = self.class_position(id)?;
                let using = self
                    .goals
                    .iter()
                    .map(|g| (&g.class, &g.id, "goal"))
                    .chain(
                        self.assignments
                            .iter()
                            .map(|a| (&a.class, &a.id, "assignment")),
                    )
                    .find(|(class, ..)| class.as_deref() == Some(id.as_str()));
                if let Some((_, user, what)) = using {
                    return Err(Error::InvalidRoster {
                        kind: IdKind::Class,
                        id: id.clone(),
                        detail: format!("{what} `{user}` is given to it: remove that first"),
                    });
                }
                self.classes.remove(c);
                self.class_index = index_of(&self.classes, |c| &c.id);
            }
            RosterChange::Enrol { class, learners } => {
                let c = self.class_position(class)?;
                check_learners(learners, IdKind::Class, class)?;
                let list = &mut self.classes[c].learners;
                for l in learners {
                    if !list.contains(l) {
                        list.push(l.clone());
                    }
                }
            }
            RosterChange::Unenrol { class, learners } => {
                let c = self.class_position(class)?;
                let list = &self.classes[c].learners;
                if let Some(l) = learners.iter().find(|l| !list.contains(l)) {
                    return Err(unknown(IdKind::Learner, l, &format!("class `{class}`")));
                }
                self.classes[c].learners.retain(|l| !learners.contains(l));
            }
            RosterChange::AddGoal { goal } => self.add_goal(goal.clone(), curriculum, policy)?,
            RosterChange::RemoveGoal { id } => {
                let g = self
                    .goal_index(id)
                    .ok_or_else(|| unknown(IdKind::Goal, id, "the roster"))?;
                self.goals.remove(g);
                self.goal_plan.remove(g);
                self.goal_index = index_of(&self.goals, |g| &g.id);
            }
            RosterChange::AddAssignment { assignment } => {
                self.add_assignment(assignment.clone(), curriculum, policy)?;
                return Ok(Effect::AssignmentAdded);
            }
            RosterChange::RemoveAssignment { id } => {
                let a = self
                    .assignment_index(id)
                    .ok_or_else(|| unknown(IdKind::Assignment, id, "the roster"))?;
                self.assignments.remove(a);
                self.assignment_plan.remove(a);
                self.assignment_index = index_of(&self.assignments, |a| &a.id);
                return Ok(Effect::AssignmentRemoved(a));
            }
        }
        Ok(Effect::None)
    }

    fn class_position(&self, id: &str) -> Result<usize> {
        self.class_index
            .get(id)
            .copied()
            .ok_or_else(|| unknown(IdKind::Class, id, "the roster"))
    }

    fn add_class(&mut self, class: Class) -> Result<()> {
        check_id(&class.id, IdKind::Class)?;
        if self.class_index.contains_key(&class.id) {
            return Err(Error::DuplicateId {
                kind: IdKind::Class,
                id: class.id,
            });
        }
        check_learners(&class.learners, IdKind::Class, &class.id)?;
        self.class_index
            .insert(class.id.clone(), self.classes.len());
        self.classes.push(class);
        Ok(())
    }

    fn add_goal(
        &mut self,
        goal: ClassGoal,
        curriculum: &Curriculum,
        policy: &Policy,
    ) -> Result<()> {
        check_id(&goal.id, IdKind::Goal)?;
        if self.goal_index.contains_key(&goal.id) {
            return Err(Error::DuplicateId {
                kind: IdKind::Goal,
                id: goal.id,
            });
        }
        self.check_recipients(
            goal.class.as_deref(),
            &goal.learners,
            IdKind::Goal,
            &goal.id,
        )?;
        let (skills, target) = goal.goal().resolve(curriculum, policy)?;
        self.goal_index.insert(goal.id.clone(), self.goals.len());
        self.goals.push(goal);
        self.goal_plan
            .push((skills.into_iter().map(|s| s as u32).collect(), target));
        Ok(())
    }

    fn add_assignment(
        &mut self,
        a: Assignment,
        curriculum: &Curriculum,
        policy: &Policy,
    ) -> Result<()> {
        check_id(&a.id, IdKind::Assignment)?;
        if self.assignment_index.contains_key(&a.id) {
            return Err(Error::DuplicateId {
                kind: IdKind::Assignment,
                id: a.id,
            });
        }
        let invalid = |detail: String| Error::InvalidRoster {
            kind: IdKind::Assignment,
            id: a.id.clone(),
            detail,
        };
        self.check_recipients(a.class.as_deref(), &a.learners, IdKind::Assignment, &a.id)?;
        if a.skills.is_empty() {
            return Err(invalid("no skills".into()));
        }
        let place = format!("assignment `{}`", a.id);
        let mut skills = Vec::with_capacity(a.skills.len());
        for id in &a.skills {
            let s = curriculum.require_skill(id, &place)? as u32;
            if skills.contains(&s) {
                return Err(invalid(format!("skill `{id}` listed twice")));
            }
            skills.push(s);
        }
        skills.sort_unstable();
        let context = policy
            .context_index(&a.context)
            .ok_or_else(|| unknown(IdKind::Context, &a.context, &place))?;
        for t in [a.start, a.due].into_iter().flatten() {
            t.check()?;
        }
        if let (Some(s), Some(d)) = (a.start, a.due)
            && d <= s
        {
            return Err(invalid(format!("due {d} is not after the start {s}")));
        }
        self.assignment_index
            .insert(a.id.clone(), self.assignments.len());
        self.assignments.push(a);
        self.assignment_plan.push((skills, context));
        Ok(())
    }

    /// A goal or assignment goes to a known class or to learners (or both).
    fn check_recipients(
        &self,
        class: Option<&str>,
        learners: &[String],
        kind: IdKind,
        id: &str,
    ) -> Result<()> {
        if let Some(c) = class {
            self.class_position(c)
                .map_err(|_| unknown(IdKind::Class, c, &format!("{kind} `{id}`")))?;
        } else if learners.is_empty() {
            return Err(Error::InvalidRoster {
                kind,
                id: id.to_string(),
                detail: "given to no class and no learner".into(),
            });
        }
        check_learners(learners, kind, id)
    }
}

fn unknown(kind: IdKind, id: &str, referenced_in: &str) -> Error {
    Error::UnknownId {
        kind,
        id: id.to_string(),
        referenced_in: referenced_in.to_string(),
    }
}

fn check_id(id: &str, kind: IdKind) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::InvalidRoster {
            kind,
            id: id.to_string(),
            detail: format!("empty {kind} id"),
        });
    }
    Ok(())
}

/// Learner ids of a class, goal or assignment: none empty, none twice.
fn check_learners(learners: &[String], kind: IdKind, id: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(learners.len());
    for l in learners {
        if l.trim().is_empty() {
            return Err(Error::InvalidRoster {
                kind,
                id: id.to_string(),
                detail: "empty learner id".into(),
            });
        }
        if !seen.insert(l.as_str()) {
            return Err(Error::InvalidRoster {
                kind,
                id: id.to_string(),
                detail: format!("learner `{l}` listed twice"),
            });
        }
    }
    Ok(())
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| (id(t).clone(), i))
        .collect()
}
