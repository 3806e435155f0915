//! Mastery state: learner state for many learners in struct-of-arrays form ([`LearnerStore`]),
//! the rules that move levels (`apply`), mastery challenge rules, replay, snapshots and views.

mod apply;
mod cell;
mod challenge;
mod classes;
mod merge;
mod replay;
mod snapshot;
mod transition;
mod view;

#[cfg(feature = "schema")]
pub(crate) use snapshot::Snapshot;

pub use cell::{MAX_CELL_RESPONSES, MAX_CELL_REVIEWS};
pub use transition::{ActivityRecord, Applied, CompactTransition, Event, EventKind, Transition};
pub use view::{LearnerView, Practice, SkillState};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::ids::Ids;
use crate::policy::Policy;
use crate::table::Table;
use crate::time::Timestamp;
use crate::tracing::BktParams;
use cell::{Cell, EMPTY_CELL};

/// The snapshot format this build writes. It reads formats 1 (no event contents) and 2 (no
/// roster) too.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 3;

/// `last_practiced` of a skill never practised.
const NEVER: i64 = i64::MIN;

/// Mastery state of many learners on every skill of a curriculum under one policy, stored as
/// dense columns (row = learner, column = skill) so millions of learners fit in memory.
///
/// ```
/// use masterykit::{Assessment, Curriculum, LearnerStore, Policy, Response, Timestamp};
/// let curriculum = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}]}"#)?;
/// let mut store = LearnerStore::new(curriculum, Policy::khan())?;
/// let at = Timestamp::parse("2026-09-01T10:00:00Z")?;
/// let exercise = Assessment::new("ana", "practice", at)
///     .with(Response::answer("q1", "add", true))
///     .with(Response::answer("q2", "add", true));
/// let applied = store.apply(&exercise)?;
/// assert_eq!(applied.transitions[0].to, "proficient");
/// assert_eq!(store.learner("ana").unwrap().skill("add")?.points, 80.0);
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LearnerStore {
    curriculum: Curriculum,
    policy: Policy,
    skill_bkt: Vec<BktParams>,
    learners: Ids,
    /// One record per (learner, skill), row-major: a replay touches one cache line per cell.
    cells: Table<Cell>,
    /// P(known) per cell under a probability policy, as its bits XOR the bits of the skill's
    /// prior: a cell still at its prior is all zero bytes, like an empty [`Cell`].
    p_known: Table<u64>,
    last_challenge: Table<i64>,
    first_activity: Table<i64>,
    /// Event ids applied so far.
    seen_events: Ids,
    /// The content digest of each of them, in their order (0: unknown).
    event_contents: Vec<u64>,
    keep_history: bool,
    transitions: Vec<CompactTransition>,
    activity: Vec<ActivityRecord>,
    /// Per-skill working rows of the assessment being applied.
    scratch: Vec<apply::Work>,
    /// Classes, goals and assignments, and the work done on assignments.
    classes: classes::Classes,
}

impl PartialEq for LearnerStore {
    /// Equal state: same curriculum, policy, learners, every cell, roster and assignment
    /// work (history not compared).
    fn eq(&self, o: &Self) -> bool {
        self.curriculum == o.curriculum
            && self.policy == o.policy
            && self.learners == o.learners
            && self.cells == o.cells
            && self.p_known == o.p_known
            && self.last_challenge == o.last_challenge
            && self.first_activity == o.first_activity
            && self.seen_events.same_set(&o.seen_events)
            && self.classes.roster == o.classes.roster
            && self.classes.work == o.classes.work
            && self.classes.events == o.classes.events
    }
}

impl LearnerStore {
    /// An empty store. Fails when the policy names skills the curriculum lacks.
    pub fn new(curriculum: Curriculum, policy: Policy) -> Result<LearnerStore> {
        let mut skill_bkt = Vec::new();
        if let crate::policy::Rules::Probability { skill_bkt: per, .. } = &policy.as_doc().rules {
            for id in per.keys() {
                curriculum
                    .require_skill(id, &format!("skill_bkt of policy `{}`", policy.name()))?;
            }
            skill_bkt = curriculum
                .skills()
                .iter()
                .map(|s| policy.bkt_for(&s.id).unwrap_or_default())
                .collect();
        }
        Ok(LearnerStore {
            curriculum,
            policy,
            skill_bkt,
            learners: Ids::default(),
            cells: Table::new(),
            p_known: Table::new(),
            last_challenge: Table::new(),
            first_activity: Table::new(),
            seen_events: Ids::default(),
            event_contents: Vec::new(),
            keep_history: true,
            transitions: Vec::new(),
            activity: Vec::new(),
            scratch: Vec::new(),
            classes: classes::Classes::default(),
        })
    }

    /// Whether transitions and activity are kept (default true; turn off for bulk replays
    /// that need only the final state).
    pub fn set_keep_history(&mut self, keep: bool) {
        self.keep_history = keep;
    }

    /// The curriculum.
    pub fn curriculum(&self) -> &Curriculum {
        &self.curriculum
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Learner ids, in order of first appearance.
    pub fn learners(&self) -> &Ids {
        &self.learners
    }

    /// Index of a learner id.
    pub fn learner_index(&self, id: &str) -> Option<usize> {
        self.learners.find(id).map(|i| i as usize)
    }

    /// A read-only view of one learner.
    pub fn learner(&self, id: &str) -> Option<LearnerView<'_>> {
        self.learner_index(id).map(|i| LearnerView {
            store: self,
            row: Some(i),
            id: &self.learners[i],
        })
    }

    /// A view of learner `id`, or, for a learner with no evidence yet, of an empty one:
    /// every skill not started, no activity. Reports and goals take it, so a student who
    /// has not begun gets an empty report rather than an error.
    pub fn learner_or_empty<'a>(&'a self, id: &'a str) -> LearnerView<'a> {
        self.learner(id).unwrap_or(LearnerView {
            store: self,
            row: None,
            id,
        })
    }

    /// A view of one learner, or an error naming the unknown id.
    pub fn require_learner(&self, id: &str) -> Result<LearnerView<'_>> {
        self.learner(id).ok_or_else(|| Error::UnknownId {
            kind: IdKind::Learner,
            id: id.to_string(),
            referenced_in: "the learner store".into(),
        })
    }

    /// The view of learner `row`.
    pub fn learner_at(&self, row: usize) -> Option<LearnerView<'_>> {
        (row < self.learners.len()).then(|| LearnerView {
            store: self,
            row: Some(row),
            id: &self.learners[row],
        })
    }

    /// Every level change so far, in dense form (when history is kept).
    pub fn compact_transitions(&self) -> &[CompactTransition] {
        &self.transitions
    }

    /// Every applied assessment so far (when history is kept).
    pub fn activity(&self) -> &[ActivityRecord] {
        &self.activity
    }

    /// Every level change so far, with ids.
    pub fn transitions(&self) -> Vec<Transition> {
        self.transitions.iter().map(|t| self.expand(t)).collect()
    }

    /// A dense transition with ids.
    pub fn expand(&self, t: &CompactTransition) -> Transition {
        let event_id = self
            .activity
            .get(t.assessment as usize)
            .and_then(|a| a.event_id.clone());
        Transition {
            learner: self.learners[t.learner as usize].to_string(),
            skill: self.curriculum.skills()[t.skill as usize].id.clone(),
            from: self.policy.level_id(t.from).to_string(),
            to: self.policy.level_id(t.to).to_string(),
            context: self.policy.context_id(t.context).to_string(),
            outcome: (t.outcome != u8::MAX)
                .then(|| self.policy.outcome_id(t.context, t.outcome).to_string()),
            timestamp: Timestamp::from_millis(t.timestamp),
            event_id,
        }
    }

    /// Reserves room for `additional` more learners.
    pub fn reserve(&mut self, additional: usize) {
        let cells = additional * self.curriculum.len();
        self.cells.reserve(cells);
        if !self.skill_bkt.is_empty() {
            self.p_known.reserve(cells);
        }
        self.learners.reserve(additional, 0);
        self.last_challenge.reserve(additional);
        self.first_activity.reserve(additional);
    }

    /// The row of learner `id`, created empty when absent.
    fn row_of(&mut self, id: &str) -> usize {
        let (row, new) = self.learners.intern(id);
        if new {
            self.add_row();
        }
        row as usize
    }

    /// P(known) on skill `s` of the learner whose row starts at cell `base`, under a
    /// probability policy.
    fn p_known_at(&self, base: usize, s: usize) -> Option<f64> {
        let bits = *self.p_known.get(base + s)?;
        Some(f64::from_bits(bits ^ self.skill_bkt[s].prior.to_bits()))
    }

    /// Empty state for the learner just added to `learners`.
    fn add_row(&mut self) {
        let n = self.curriculum.len();
        self.cells.resize(self.cells.len() + n, EMPTY_CELL);
        if !self.skill_bkt.is_empty() {
            self.p_known.resize(self.p_known.len() + n, 0);
        }
        self.last_challenge.push(NEVER);
        self.first_activity.push(i64::MAX);
    }
}
