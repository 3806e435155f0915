//! Learner state for many learners in struct-of-arrays form, the rules that move levels, and
//! replay of event logs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::evidence::{Assessment, CompiledLog, Compiler, EvidenceColumns, Head, NO_EVENT};
use crate::ids::Ids;
use crate::policy::Policy;
use crate::table::Table;
use crate::time::Timestamp;
use crate::tracing::BktParams;

/// The snapshot format this build reads and writes.
pub const SNAPSHOT_FORMAT_VERSION: u32 = 1;

/// Assessments whose cells [`LearnerStore::apply_compiled`] reads ahead together.
const GATHER: usize = 32;

/// A log learner with no row yet (see [`Resolved`]).
const NEW: u32 = u32::MAX;

/// Where a compiled log's learners and event ids stand in a store during its application.
struct Resolved {
    /// Store row of each learner of the log, [`NEW`] until its first assessment creates it.
    rows: Table<u32>,
    /// Whether each event id of the log has been applied, before or during this log.
    seen: Vec<bool>,
    /// The event ids this log applied, in order (numbers in the log's ids).
    applied: Vec<u32>,
    /// Learners in the store before the log.
    learners_before: usize,
    /// Whether every learner the log added got the row of its number in the log.
    in_log_order: bool,
}

/// `last_practiced` of a skill never practised.
const NEVER: i64 = i64::MIN;

/// A change of level, as returned to callers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    /// The learner.
    pub learner: String,
    /// The skill.
    pub skill: String,
    /// Level before.
    pub from: String,
    /// Level after.
    pub to: String,
    /// The context of the assessment that caused it.
    pub context: String,
    /// The outcome that caused it (table policies), e.g. `perfect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// When.
    pub timestamp: Timestamp,
    /// The assessment's event id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
}

/// A change of level in dense form, as kept in the store's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactTransition {
    /// Learner index.
    pub learner: u32,
    /// Skill index.
    pub skill: u32,
    /// Level index before.
    pub from: u8,
    /// Level index after.
    pub to: u8,
    /// Context index.
    pub context: u8,
    /// Outcome index (`u8::MAX` for probability policies).
    pub outcome: u8,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Index of the assessment in the store's activity history.
    pub assessment: u32,
}

/// One applied assessment, as kept in the store's history.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRecord {
    /// Learner index.
    pub learner: u32,
    /// Context index.
    pub context: u8,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Responses in the assessment.
    pub responses: u32,
    /// Sum of their scores.
    pub score_sum: f64,
    /// Seconds spent (sum of response durations).
    pub duration: f64,
    /// The event id.
    pub event_id: Option<String>,
}

/// What applying one assessment did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    /// Level changes, in order of the skills' first appearance in the assessment.
    pub transitions: Vec<Transition>,
    /// True when the event id had been applied before and nothing changed.
    pub duplicate: bool,
}

/// One learner's state on one skill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillState<'a> {
    /// The skill id.
    pub skill: &'a str,
    /// The level id.
    pub level: &'a str,
    /// The level index in the policy.
    #[serde(skip)]
    pub level_index: u8,
    /// Points of the level.
    pub points: f64,
    /// Responses counted.
    pub responses: u32,
    /// Sum of their scores (correct responses for right-or-wrong answers).
    pub score_sum: f64,
    /// Last assessment that exercised the skill.
    pub last_practiced: Option<Timestamp>,
    /// P(known) under a probability policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_known: Option<f64>,
}

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
    keep_history: bool,
    transitions: Vec<CompactTransition>,
    activity: Vec<ActivityRecord>,
    /// Per-skill working rows of the assessment being applied.
    scratch: Vec<Work>,
}

/// The state of one learner on one skill, in 16 bytes so a cell never straddles a cache
/// line and a class of 1M learners x 100 skills takes 1.6 GB.
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct Cell {
    /// When last practised (ms since the epoch), stored with its sign bit flipped: the order
    /// is kept, and [`NEVER`] becomes 0, so an all-zero cell is an empty one (fresh mapped
    /// memory needs no initialising).
    last_biased: u64,
    /// Sum of scores; exact for right-or-wrong answers up to 2^24 responses.
    score_sum: f32,
    /// Responses (upper 24 bits, saturating) and level index (lower 8 bits).
    packed: u32,
}

/// Most responses one cell counts.
pub const MAX_CELL_RESPONSES: u32 = (1 << 24) - 1;

impl Cell {
    fn new(level: u8, responses: u32, score_sum: f64, last: i64) -> Cell {
        Cell {
            last_biased: bias(last),
            score_sum: score_sum as f32,
            packed: (responses.min(MAX_CELL_RESPONSES) << 8) | u32::from(level),
        }
    }
    fn level(&self) -> u8 {
        self.packed as u8
    }
    fn last(&self) -> i64 {
        (self.last_biased ^ SIGN) as i64
    }
    /// Practised at `at` (the latest time wins).
    fn practiced(&mut self, at: i64) {
        self.last_biased = self.last_biased.max(bias(at));
    }
    fn responses(&self) -> u32 {
        self.packed >> 8
    }
    fn set_level(&mut self, level: u8) {
        self.packed = (self.packed & !0xff) | u32::from(level);
    }
    fn add_responses(&mut self, n: u32) {
        let total = self.responses().saturating_add(n).min(MAX_CELL_RESPONSES);
        self.packed = (total << 8) | (self.packed & 0xff);
    }
}

const SIGN: u64 = 1 << 63;

/// Maps i64 onto u64 keeping the order ([`NEVER`] -> 0).
fn bias(ms: i64) -> u64 {
    (ms as u64) ^ SIGN
}

const EMPTY_CELL: Cell = Cell {
    last_biased: 0,
    score_sum: 0.0,
    packed: 0,
};

#[derive(Debug, Clone, Copy)]
struct Work {
    skill: u32,
    questions: u32,
    sum: f64,
    misses: u32,
    bonus: Option<f64>,
    p: f64,
    to: u8,
    outcome: u8,
}

impl PartialEq for LearnerStore {
    /// Equal state: same curriculum, policy, learners and every cell (history not compared).
    fn eq(&self, o: &Self) -> bool {
        self.curriculum == o.curriculum
            && self.policy == o.policy
            && self.learners == o.learners
            && self.cells == o.cells
            && self.p_known == o.p_known
            && self.last_challenge == o.last_challenge
            && self.first_activity == o.first_activity
            && self.seen_events.same_set(&o.seen_events)
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
            keep_history: true,
            transitions: Vec::new(),
            activity: Vec::new(),
            scratch: Vec::new(),
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
            row: i,
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
        (row < self.learners.len()).then_some(LearnerView { store: self, row })
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

    /// Validates assessments and resolves their ids; fails on the first invalid one, naming
    /// it. Apply the result with [`LearnerStore::apply_compiled`].
    pub fn compile(&self, assessments: &[Assessment]) -> Result<CompiledLog> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        for a in assessments {
            compiler.push(&mut log, a)?;
        }
        Ok(log)
    }

    /// [`LearnerStore::compile`] from an iterator, so huge logs need not sit in memory as
    /// [`Assessment`] values.
    pub fn compile_iter<I>(&self, assessments: I) -> Result<CompiledLog>
    where
        I: IntoIterator<Item = Assessment>,
    {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        for a in assessments {
            compiler.push(&mut log, &a)?;
        }
        Ok(log)
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

    /// Applies one assessment: all of it or, on error, nothing.
    pub fn apply(&mut self, assessment: &Assessment) -> Result<Applied> {
        let log = self.compile(std::slice::from_ref(assessment))?;
        let before = self.transitions.len();
        let keep = self.keep_history;
        self.keep_history = true;
        let mut resolved = self.resolve(&log);
        let result = self.apply_one(&log, 0, &mut resolved);
        self.commit_ids(&log, &resolved);
        self.keep_history = keep;
        let duplicate = result?.is_none();
        let transitions = self.transitions[before..]
            .iter()
            .map(|t| self.expand(t))
            .collect();
        if !keep {
            self.transitions.truncate(before);
            self.activity.clear();
        }
        Ok(Applied {
            transitions,
            duplicate,
        })
    }

    /// Applies a compiled log in order. Stops at the first assessment the learner's state
    /// rejects (a locked or too-early mastery challenge), with that assessment's index;
    /// the assessments before it stay applied. Returns how many transitions happened.
    pub fn apply_compiled(&mut self, log: &CompiledLog) -> Result<usize> {
        let mut resolved = self.resolve(log);
        // Room for every learner the log may add, so no table grows by copying.
        let new = resolved.rows.iter().filter(|&&r| r == NEW).count();
        self.reserve(new);
        self.learners.reserve(0, log.learners.text_len());
        let result = self.fold(log, &mut resolved);
        self.commit_ids(log, &resolved);
        result
    }

    /// Indexes the learners the log added and records the event ids it applied, in order,
    /// all at once: the inserts overlap their cache misses, and a store that had none takes
    /// the log's index whole when it gained all of the log's ids in the log's order.
    fn commit_ids(&mut self, log: &CompiledLog, resolved: &Resolved) {
        if resolved.learners_before == 0
            && resolved.in_log_order
            && self.learners.len() == log.learners.len()
        {
            self.learners = log.learners.clone();
        } else {
            self.learners.index_pending();
        }
        let applied = &resolved.applied;
        if self.seen_events.is_empty() {
            // From no events, the ids applied are the log's first ones in its numbering
            // (numbered by first appearance; later repeats are duplicates).
            debug_assert!(applied.iter().enumerate().all(|(k, &e)| k == e as usize));
            if applied.len() == log.event_ids.len() {
                self.seen_events = log.event_ids.clone();
                return;
            }
        }
        self.seen_events.reserve(applied.len(), 0);
        for &e in applied {
            self.seen_events.push_from(&log.event_ids, e as usize);
        }
    }

    /// Applies the assessments of `log` in order, stopping at the first error.
    fn fold(&mut self, log: &CompiledLog, resolved: &mut Resolved) -> Result<usize> {
        let mut changed = 0usize;
        let n = self.curriculum.len();
        for batch in (0..log.heads.len()).step_by(GATHER) {
            let end = (batch + GATHER).min(log.heads.len());
            // Read the cells this batch will update, all at once: the loads are independent,
            // so their cache and TLB misses overlap instead of stalling one assessment each.
            let mut touched = 0u8;
            let (cells, p_known, first) =
                (&self.cells[..], &self.p_known[..], &self.first_activity[..]);
            for head in &log.heads[batch..end] {
                let row = resolved.rows[head.learner as usize];
                if row == NEW {
                    continue;
                }
                touched |= first[row as usize] as u8;
                let base = row as usize * n;
                let (r0, r1) = (head.responses.0 as usize, head.responses.1 as usize);
                let skills = &log.skills[log.skill_off[r0] as usize..log.skill_off[r1] as usize];
                for &s in skills {
                    touched |= cells[base + s as usize].level();
                }
                if !p_known.is_empty() {
                    for &s in skills {
                        touched |= p_known[base + s as usize] as u8;
                    }
                }
            }
            std::hint::black_box(touched);
            for i in batch..end {
                changed += self
                    .apply_one(log, i, resolved)
                    .map_err(|e| Error::AtLine {
                        line: i + 1,
                        error: Box::new(e),
                    })?
                    .unwrap_or(0);
            }
        }
        Ok(changed)
    }

    /// Where `log`'s learners and event ids stand in the store, looked up in one pass.
    fn resolve(&self, log: &CompiledLog) -> Resolved {
        // Read at random, like the cells: a table on huge pages when large.
        let mut rows: Table<u32> = Table::new();
        rows.resize(log.learners.len(), NEW);
        if !self.learners.is_empty() {
            for (l, row) in rows.iter_mut().enumerate() {
                if let Some(r) = self.learners.find_from(&log.learners, l) {
                    *row = r;
                }
            }
        }
        let seen = if self.seen_events.is_empty() {
            vec![false; log.event_ids.len()]
        } else {
            (0..log.event_ids.len())
                .map(|e| self.seen_events.find_from(&log.event_ids, e).is_some())
                .collect()
        };
        Resolved {
            rows,
            seen,
            applied: Vec::new(),
            learners_before: self.learners.len(),
            in_log_order: true,
        }
    }

    /// Parses a JSON Lines event log and applies it in order; an error names its line, and
    /// the lines before it stay applied. Nothing is applied unless every line parses and
    /// validates. With the `parallel` feature a large log is parsed on all cores, in chunks
    /// applied in order, which gives the same state as one chunk.
    pub fn replay_jsonl(&mut self, text: &str) -> Result<usize> {
        let chunks = self.compile_jsonl(text)?;
        let mut changed = 0;
        let mut lines_before = 0;
        for (log, line_of, lines) in &chunks {
            changed += self.apply_compiled(log).map_err(|e| match e {
                Error::AtLine { line: i, error } => Error::AtLine {
                    line: lines_before + line_of[i - 1],
                    error,
                },
                other => other,
            })?;
            lines_before += lines;
        }
        Ok(changed)
    }

    /// Compiles JSON Lines in chunks (one without the `parallel` feature or for a small
    /// log): each chunk's log, the line (within the chunk) of each of its assessments, and
    /// its number of lines. An error names its line in the whole text.
    fn compile_jsonl(&self, text: &str) -> Result<Vec<(CompiledLog, Vec<usize>, usize)>> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const MIN_CHUNK: usize = 1 << 20;
            let threads = rayon::current_num_threads();
            if threads > 1 && text.len() >= 2 * MIN_CHUNK {
                let target = (text.len() / (threads * 4)).max(MIN_CHUNK);
                let bounds = crate::rows::line_chunks(text.as_bytes(), target);
                let parts: Vec<_> = bounds
                    .par_windows(2)
                    // Bounds fall just after a line break, so on char boundaries.
                    .map(|w| self.compile_jsonl_chunk(text.get(w[0]..w[1]).unwrap_or_default()))
                    .collect();
                let mut chunks = Vec::with_capacity(parts.len());
                let mut lines_before = 0;
                for part in parts {
                    match part {
                        Ok(chunk) => {
                            lines_before += chunk.2;
                            chunks.push(chunk);
                        }
                        Err(Error::AtLine { line, error }) => {
                            return Err(Error::AtLine {
                                line: lines_before + line,
                                error,
                            });
                        }
                        Err(other) => return Err(other),
                    }
                }
                return Ok(chunks);
            }
        }
        Ok(vec![self.compile_jsonl_chunk(text)?])
    }

    /// Compiles one chunk of JSON Lines, line by line: each line is parsed, compiled and
    /// dropped, so the log is held only in its compact form.
    fn compile_jsonl_chunk(&self, text: &str) -> Result<(CompiledLog, Vec<usize>, usize)> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        let mut line_of = Vec::new();
        let mut lines = 0;
        for (i, l) in text.lines().enumerate() {
            lines = i + 1;
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let at = |error| Error::AtLine {
                line: i + 1,
                error: Box::new(error),
            };
            let a: Assessment = serde_json::from_str(t).map_err(|e| {
                at(Error::Parse {
                    format: "json",
                    message: e.to_string(),
                })
            })?;
            compiler.push(&mut log, &a).map_err(at)?;
            line_of.push(i + 1);
        }
        Ok((log, line_of, lines))
    }

    /// Validates evidence columns and resolves their ids into a compiled log; an error names
    /// the row (the first row of the assessment it concerns).
    pub fn compile_columns(&self, columns: &EvidenceColumns<'_>) -> Result<CompiledLog> {
        columns.check()?;
        Ok(self.compile_sittings(columns, &columns.sitting_starts())?.0)
    }

    /// Applies evidence columns in order (see [`EvidenceColumns`]): nothing unless every
    /// assessment validates; then, as [`LearnerStore::apply_compiled`], up to the first
    /// assessment the learner's state rejects, whose first row the error names. With the
    /// `parallel` feature many rows are compiled on all cores, in chunks applied in order.
    pub fn replay_columns(&mut self, columns: &EvidenceColumns<'_>) -> Result<usize> {
        columns.check()?;
        let starts = columns.sitting_starts();
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const MIN_ASSESSMENTS: usize = 50_000;
            let threads = rayon::current_num_threads();
            let sittings = starts.len() - 1;
            if threads > 1 && sittings >= 2 * MIN_ASSESSMENTS {
                let size = (sittings / (threads * 4)).max(MIN_ASSESSMENTS);
                let chunks: Vec<(usize, usize)> = (0..sittings)
                    .step_by(size)
                    .map(|k| (k, (k + size).min(sittings)))
                    .collect();
                let parts: Vec<_> = chunks
                    .par_iter()
                    .map(|&(k0, k1)| self.compile_sittings(columns, &starts[k0..=k1]))
                    .collect();
                // The earliest error, whichever chunk finished first.
                let compiled = parts.into_iter().collect::<Result<Vec<_>>>()?;
                return self.apply_chunks(&compiled);
            }
        }
        let compiled = self.compile_sittings(columns, &starts)?;
        self.apply_chunks(&[compiled])
    }

    /// Applies compiled chunks of evidence columns in order; an error names the first row of
    /// the assessment it concerns.
    fn apply_chunks(&mut self, chunks: &[(CompiledLog, Vec<usize>)]) -> Result<usize> {
        let mut changed = 0;
        for (log, first_rows) in chunks {
            changed += self.apply_compiled(log).map_err(|e| match e {
                Error::AtLine { line, error } => Error::AtRow {
                    row: first_rows[line - 1],
                    error,
                },
                other => other,
            })?;
        }
        Ok(changed)
    }

    /// Compiles the assessments starting at `starts` (the last entry ends the last one), with
    /// the first row of each.
    fn compile_sittings(
        &self,
        columns: &EvidenceColumns<'_>,
        starts: &[usize],
    ) -> Result<(CompiledLog, Vec<usize>)> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        let rows = starts.last().copied().unwrap_or(0) - starts.first().copied().unwrap_or(0);
        log.reserve(starts.len().saturating_sub(1), rows);
        let mut a = Assessment::new(String::new(), String::new(), Timestamp::from_millis(0));
        for w in starts.windows(2) {
            let at_row = |error| Error::AtRow {
                row: w[0],
                error: Box::new(error),
            };
            columns.fill(w[0], w[1], &mut a)?;
            compiler.push(&mut log, &a).map_err(at_row)?;
        }
        Ok((log, starts[..starts.len() - 1].to_vec()))
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

    /// Applies assessment `i` of `log`: the number of level changes, or `None` for a
    /// duplicate event id.
    fn apply_one(
        &mut self,
        log: &CompiledLog,
        i: usize,
        resolved: &mut Resolved,
    ) -> Result<Option<usize>> {
        let head: Head = log.heads[i];
        let event = log.events[i] as usize;
        if log.events[i] != NO_EVENT && resolved.seen[event] {
            return Ok(None);
        }
        let l = head.learner as usize;
        let known = resolved.rows[l];
        // Check the state-dependent rules before touching anything.
        if head.challenge {
            let row = (known != NEW).then_some(known as usize);
            self.check_challenge(&log.learners[l], row, head.timestamp)?;
        }
        let row = if known == NEW {
            let row = self.learners.push_unindexed(&log.learners, l);
            resolved.in_log_order &= row as usize == l;
            self.add_row();
            resolved.rows[l] = row;
            row as usize
        } else {
            known as usize
        };
        let n = self.curriculum.len();
        let base = row * n;
        let (r0, r1) = (head.responses.0 as usize, head.responses.1 as usize);

        self.scratch.clear();
        let probability = !self.skill_bkt.is_empty();
        if head.single_skill != u32::MAX {
            // One skill throughout: tally straight from the score column.
            let s = head.single_skill as usize;
            let mut w = Work {
                skill: head.single_skill,
                questions: 0,
                sum: 0.0,
                misses: 0,
                bonus: None,
                p: if probability {
                    self.p_known_at(base, s).unwrap_or_default()
                } else {
                    0.0
                },
                to: 0,
                outcome: u8::MAX,
            };
            for r in r0..r1 {
                let score = log.score[r];
                if log.bonus[r] {
                    w.bonus = Some(score);
                } else {
                    w.questions += 1;
                    w.sum += score;
                    w.misses += u32::from(score < 1.0);
                }
                if probability {
                    w.p = self.skill_bkt[s].update(w.p, score);
                }
            }
            self.scratch.push(w);
        } else {
            for r in r0..r1 {
                let score = log.score[r];
                let bonus = log.bonus[r];
                for &s in &log.skills[log.skill_off[r] as usize..log.skill_off[r + 1] as usize] {
                    let w = match self.scratch.iter().position(|w| w.skill == s) {
                        Some(k) => &mut self.scratch[k],
                        None => {
                            let p = self.p_known_at(base, s as usize).unwrap_or_default();
                            self.scratch.push(Work {
                                skill: s,
                                questions: 0,
                                sum: 0.0,
                                misses: 0,
                                bonus: None,
                                p,
                                to: 0,
                                outcome: u8::MAX,
                            });
                            let k = self.scratch.len() - 1;
                            &mut self.scratch[k]
                        }
                    };
                    if bonus {
                        w.bonus = Some(score);
                    } else {
                        w.questions += 1;
                        w.sum += score;
                        w.misses += u32::from(score < 1.0);
                    }
                    if probability {
                        w.p = self.skill_bkt[s as usize].update(w.p, score);
                    }
                }
            }
        }
        for w in &mut self.scratch {
            let from = self.cells[base + w.skill as usize].level();
            if probability {
                w.to = self.policy.level_for_p(w.p);
            } else {
                let mut share = if w.questions > 0 {
                    w.sum / f64::from(w.questions)
                } else {
                    0.0
                };
                if w.misses == 1 && w.bonus == Some(1.0) {
                    share = 1.0;
                }
                w.outcome = self.policy.outcome(head.context, share);
                w.to = self.policy.next_level(head.context, w.outcome, from);
            }
        }

        // Commit.
        if log.events[i] != NO_EVENT {
            resolved.seen[event] = true;
            resolved.applied.push(event as u32);
        }
        let assessment = self.activity.len() as u32;
        let mut changed = 0;
        for w in &self.scratch {
            let at = base + w.skill as usize;
            let cell = &mut self.cells[at];
            let from = cell.level();
            cell.set_level(w.to);
            cell.add_responses(w.questions + u32::from(w.bonus.is_some()));
            cell.score_sum += (w.sum + w.bonus.unwrap_or(0.0)) as f32;
            cell.practiced(head.timestamp);
            if probability {
                self.p_known[at] = w.p.to_bits() ^ self.skill_bkt[w.skill as usize].prior.to_bits();
            }
            changed += usize::from(from != w.to);
            if from != w.to && self.keep_history {
                self.transitions.push(CompactTransition {
                    learner: row as u32,
                    skill: w.skill,
                    from,
                    to: w.to,
                    context: head.context,
                    outcome: w.outcome,
                    timestamp: head.timestamp,
                    assessment,
                });
            }
        }
        if head.challenge {
            self.last_challenge[row] = head.timestamp;
        }
        self.first_activity[row] = self.first_activity[row].min(head.timestamp);
        if self.keep_history {
            self.activity.push(ActivityRecord {
                learner: row as u32,
                context: head.context,
                timestamp: head.timestamp,
                responses: head.responses.1 - head.responses.0,
                score_sum: log.score[r0..r1].iter().sum(),
                duration: head.duration,
                event_id: log.event_ids.get(event).map(str::to_string),
            });
        }
        Ok(Some(changed))
    }

    /// Whether `learner` (at `row`, or not yet in the store) may take a mastery challenge.
    fn check_challenge(&self, learner: &str, row: Option<usize>, at: i64) -> Result<()> {
        let Some(ch) = self.policy.challenge() else {
            return Ok(());
        };
        let n = self.curriculum.len();
        for &(level, at_least) in &ch.unlock {
            let count = row.map_or(0, |r| {
                self.cells[r * n..(r + 1) * n]
                    .iter()
                    .filter(|c| c.level() >= level)
                    .count()
            });
            if count < at_least as usize {
                return Err(Error::MasteryChallengeLocked {
                    learner: learner.to_string(),
                    requirement: format!(
                        "{at_least} skills at `{}` or above, has {count}",
                        self.policy.level_id(level)
                    ),
                });
            }
        }
        if let Some(r) = row {
            let last = self.last_challenge[r];
            if last != NEVER && at < last.saturating_add(ch.cooldown_ms) {
                return Err(Error::MasteryChallengeCooldown {
                    learner: learner.to_string(),
                    next_allowed: Timestamp::from_millis(last.saturating_add(ch.cooldown_ms)),
                });
            }
        }
        Ok(())
    }

    /// The state as a versioned JSON snapshot (skills with evidence only).
    pub fn to_snapshot_json(&self) -> String {
        serde_json::to_string(&self.snapshot()).unwrap_or_default()
    }

    fn snapshot(&self) -> Snapshot {
        let n = self.curriculum.len();
        let mut events: Vec<&str> = self.seen_events.iter().collect();
        events.sort();
        let learners = self
            .learners
            .iter()
            .enumerate()
            .map(|(r, id)| {
                let mut skills = BTreeMap::new();
                for s in 0..n {
                    let c = r * n + s;
                    let cell = self.cells[c];
                    if cell.responses() == 0 && cell.level() == 0 {
                        continue;
                    }
                    skills.insert(
                        self.curriculum.skills()[s].id.clone(),
                        SnapshotCell {
                            level: self.policy.level_id(cell.level()).to_string(),
                            responses: cell.responses(),
                            score_sum: f64::from(cell.score_sum),
                            last_practiced: (cell.last() != NEVER)
                                .then(|| Timestamp::from_millis(cell.last())),
                            p_known: self.p_known_at(r * n, s),
                        },
                    );
                }
                SnapshotLearner {
                    id: id.to_string(),
                    first_activity: (self.first_activity[r] != i64::MAX)
                        .then(|| Timestamp::from_millis(self.first_activity[r])),
                    last_challenge: (self.last_challenge[r] != NEVER)
                        .then(|| Timestamp::from_millis(self.last_challenge[r])),
                    skills,
                }
            })
            .collect();
        Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            policy: self.policy.name().to_string(),
            learners,
            events: events.into_iter().map(str::to_string).collect(),
        }
    }

    /// Restores a snapshot taken with [`LearnerStore::to_snapshot_json`] under the same
    /// curriculum and policy. History starts empty.
    pub fn from_snapshot_json(
        curriculum: Curriculum,
        policy: Policy,
        text: &str,
    ) -> Result<LearnerStore> {
        let snap: Snapshot = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        if snap.format_version != SNAPSHOT_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: snap.format_version,
                supported: SNAPSHOT_FORMAT_VERSION,
            });
        }
        if snap.policy != policy.name() {
            return Err(Error::SnapshotMismatch {
                detail: format!(
                    "snapshot taken under policy `{}`, restoring under `{}`",
                    snap.policy,
                    policy.name()
                ),
            });
        }
        let mut store = LearnerStore::new(curriculum, policy)?;
        let n = store.curriculum.len();
        for l in snap.learners {
            if store.learners.find(&l.id).is_some() {
                return Err(Error::DuplicateId {
                    kind: IdKind::Learner,
                    id: l.id,
                });
            }
            let r = store.row_of(&l.id);
            store.last_challenge[r] = l.last_challenge.map_or(NEVER, Timestamp::as_millis);
            store.first_activity[r] = l.first_activity.map_or(i64::MAX, Timestamp::as_millis);
            for (skill, cell) in l.skills {
                let place = format!("snapshot of learner `{}`", l.id);
                let s = store.curriculum.require_skill(&skill, &place)?;
                let c = r * n + s;
                store.cells[c] = Cell::new(
                    store.policy.require_level(&cell.level, &place)?,
                    cell.responses,
                    cell.score_sum,
                    cell.last_practiced.map_or(NEVER, Timestamp::as_millis),
                );
                if let (Some(p), Some(bkt)) = (cell.p_known, store.skill_bkt.get(s)) {
                    store.p_known[c] = p.to_bits() ^ bkt.prior.to_bits();
                }
            }
        }
        store.seen_events = snap.events.iter().collect();
        Ok(store)
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snapshot {
    format_version: u32,
    policy: String,
    learners: Vec<SnapshotLearner>,
    #[serde(default)]
    events: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotLearner {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_activity: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_challenge: Option<Timestamp>,
    skills: BTreeMap<String, SnapshotCell>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotCell {
    level: String,
    responses: u32,
    score_sum: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_practiced: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p_known: Option<f64>,
}

/// A read-only view of one learner in a [`LearnerStore`].
#[derive(Debug, Clone, Copy)]
pub struct LearnerView<'a> {
    store: &'a LearnerStore,
    row: usize,
}

impl<'a> LearnerView<'a> {
    /// The learner id.
    pub fn id(&self) -> &'a str {
        &self.store.learners[self.row]
    }

    /// The learner's row index in the store.
    pub fn index(&self) -> usize {
        self.row
    }

    /// The store this view reads.
    pub fn store(&self) -> &'a LearnerStore {
        self.store
    }

    /// When the learner's first assessment happened.
    pub fn first_activity(&self) -> Option<Timestamp> {
        let t = self.store.first_activity[self.row];
        (t != i64::MAX).then(|| Timestamp::from_millis(t))
    }

    /// Points earned over points possible on a scope, as a percentage in [0, 100] (each skill
    /// counted once; 0 for an empty scope).
    pub fn mastery_percent(&self, scope: &crate::curriculum::Scope) -> Result<f64> {
        let skills = self.store.curriculum.scope_skills(scope)?;
        Ok(self.mastery_percent_of(&skills))
    }

    pub(crate) fn mastery_percent_of(&self, skills: &[usize]) -> f64 {
        if skills.is_empty() {
            return 0.0;
        }
        let p = &self.store.policy;
        let earned: f64 = skills.iter().map(|&s| p.points(self.level_at(s))).sum();
        100.0 * earned / (p.max_points() * skills.len() as f64)
    }

    /// The state on the skill at `index`.
    pub fn skill_at(&self, index: usize) -> SkillState<'a> {
        let st = self.store;
        let c = self.row * st.curriculum.len() + index;
        let cell = st.cells[c];
        SkillState {
            skill: &st.curriculum.skills()[index].id,
            level: st.policy.level_id(cell.level()),
            level_index: cell.level(),
            points: st.policy.points(cell.level()),
            responses: cell.responses(),
            score_sum: f64::from(cell.score_sum),
            last_practiced: (cell.last() != NEVER).then(|| Timestamp::from_millis(cell.last())),
            p_known: st.p_known_at(self.row * st.curriculum.len(), index),
        }
    }

    /// The state on a skill by id.
    pub fn skill(&self, id: &str) -> Result<SkillState<'a>> {
        let s = self
            .store
            .curriculum
            .require_skill(id, "the learner query")?;
        Ok(self.skill_at(s))
    }

    /// The level index on the skill at `index`.
    pub fn level_at(&self, index: usize) -> u8 {
        self.store.cells[self.row * self.store.curriculum.len() + index].level()
    }

    /// Level indices of every skill, in curriculum index order.
    pub fn levels(&self) -> impl Iterator<Item = u8> + 'a {
        let n = self.store.curriculum.len();
        self.store.cells[self.row * n..(self.row + 1) * n]
            .iter()
            .map(|c| c.level())
    }

    /// The state on every skill, in curriculum index order.
    pub fn skills(&self) -> impl Iterator<Item = SkillState<'a>> + 'a {
        let v = *self;
        (0..self.store.curriculum.len()).map(move |s| v.skill_at(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_cell_keeps_level_and_saturates_responses() {
        let mut c = Cell::new(3, 7, 6.5, 42);
        assert_eq!(
            (c.level(), c.responses(), c.score_sum, c.last()),
            (3, 7, 6.5, 42)
        );
        c.set_level(4);
        c.add_responses(MAX_CELL_RESPONSES);
        assert_eq!((c.level(), c.responses()), (4, MAX_CELL_RESPONSES));
        assert_eq!(std::mem::size_of::<Cell>(), 16);
    }
}
