//! Applying compiled evidence: ids resolved in one pass, cells gathered ahead, the rules that
//! move levels, and the history kept.

use super::{ActivityRecord, Applied, CompactTransition, LearnerStore};
use crate::error::{Error, Result};
use crate::evidence::{Assessment, CompiledLog, Compiler, Head, NO_EVENT};
use crate::table::Table;
use crate::tracing::BktParams;

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
    /// The content digest each seen event id was applied with (0: unknown, from a snapshot
    /// of the first format).
    content: Vec<u64>,
    /// The event ids this log applied, in order (numbers in the log's ids).
    applied: Vec<u32>,
    /// Learners in the store before the log.
    learners_before: usize,
    /// Whether every learner the log added got the row of its number in the log.
    in_log_order: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Work {
    pub(super) skill: u32,
    pub(super) questions: u32,
    sum: f64,
    misses: u32,
    bonus: Option<f64>,
    p: f64,
    to: u8,
    outcome: u8,
}

impl LearnerStore {
    /// Validates assessments and resolves their ids; fails on the first invalid one, naming
    /// it (`line N: ...`, from 1, as in an event log). Apply the result with
    /// [`LearnerStore::apply_compiled`].
    pub fn compile(&self, assessments: &[Assessment]) -> Result<CompiledLog> {
        self.compile_numbered(assessments)
    }

    /// [`LearnerStore::compile`] from an iterator, so huge logs need not sit in memory as
    /// [`Assessment`] values.
    pub fn compile_iter<I>(&self, assessments: I) -> Result<CompiledLog>
    where
        I: IntoIterator<Item = Assessment>,
    {
        self.compile_numbered(assessments)
    }

    /// Compiles assessments in order; an error names the assessment (`line N`, from 1).
    fn compile_numbered<A: std::borrow::Borrow<Assessment>>(
        &self,
        assessments: impl IntoIterator<Item = A>,
    ) -> Result<CompiledLog> {
        let mut compiler = Compiler::new(&self.curriculum, &self.policy);
        let mut log = CompiledLog::default();
        for (i, a) in assessments.into_iter().enumerate() {
            compiler
                .push(&mut log, a.borrow())
                .map_err(|error| Error::AtLine {
                    line: i + 1,
                    error: Box::new(error),
                })?;
        }
        Ok(log)
    }

    /// Applies one assessment: all of it or, on error, nothing.
    pub fn apply(&mut self, assessment: &Assessment) -> Result<Applied> {
        let mut log = CompiledLog::default();
        Compiler::new(&self.curriculum, &self.policy).push(&mut log, assessment)?;
        let before = self.transitions.len();
        let keep = self.keep_history;
        self.keep_history = true;
        self.clear_completed();
        let mut resolved = self.resolve(&log);
        let result = self.apply_one(&log, 0, &mut resolved);
        self.commit_ids(&log, &resolved);
        self.keep_history = keep;
        let duplicate = result?.is_none();
        let events = match (duplicate, resolved.rows.first()) {
            (false, Some(&row)) => {
                let changes = self.transitions[before..].to_vec();
                self.events(row as usize, &changes, log.heads[0].timestamp)
            }
            _ => Vec::new(),
        };
        let transitions = self.transitions[before..]
            .iter()
            .map(|t| self.expand(t))
            .collect();
        if !keep {
            self.transitions.truncate(before);
            self.activity.clear();
        }
        let record = (!duplicate).then(|| crate::evidence::json_line(assessment));
        Ok(Applied {
            transitions,
            duplicate,
            record,
            events,
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
        self.clear_completed();
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
                self.event_contents.clone_from(&resolved.content);
                return;
            }
        }
        self.seen_events.reserve(applied.len(), 0);
        self.event_contents.reserve(applied.len());
        for &e in applied {
            self.seen_events.push_from(&log.event_ids, e as usize);
            self.event_contents.push(resolved.content[e as usize]);
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
                touched |= self.assigned_hint(row as usize);
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
        let mut seen = vec![false; log.event_ids.len()];
        let mut content = vec![0; log.event_ids.len()];
        if !self.seen_events.is_empty() {
            for e in 0..log.event_ids.len() {
                if let Some(k) = self.seen_events.find_from(&log.event_ids, e) {
                    seen[e] = true;
                    content[e] = self.event_contents.get(k as usize).copied().unwrap_or(0);
                }
            }
        }
        Resolved {
            rows,
            seen,
            content,
            applied: Vec::new(),
            learners_before: self.learners.len(),
            in_log_order: true,
        }
    }

    /// Applies assessment `i` of `log`: the number of level changes, or `None` for a
    /// duplicate event id.
    #[inline]
    fn apply_one(
        &mut self,
        log: &CompiledLog,
        i: usize,
        resolved: &mut Resolved,
    ) -> Result<Option<usize>> {
        let event = log.events[i] as usize;
        if log.events[i] != NO_EVENT && resolved.seen[event] {
            // The same event again: a no-op when it says the same, a conflict otherwise.
            let known = resolved.content[event];
            if known != 0 && known != log.contents[i] {
                return Err(Error::EventConflict {
                    event_id: log.event_ids[event].to_string(),
                });
            }
            return Ok(None);
        }
        let head: Head = log.heads[i];
        let row = self.row_for(log, &head, resolved)?;
        let base = row * self.curriculum.len();
        self.tally(log, &head, base);
        self.decide(&head, base);
        if log.events[i] != NO_EVENT {
            resolved.seen[event] = true;
            resolved.content[event] = log.contents[i];
            resolved.applied.push(event as u32);
        }
        Ok(Some(self.commit(log, &head, row, event)))
    }

    /// The store row of the assessment's learner, created when new, after checking the
    /// state-dependent rules (nothing is touched when they reject it).
    #[inline]
    fn row_for(
        &mut self,
        log: &CompiledLog,
        head: &Head,
        resolved: &mut Resolved,
    ) -> Result<usize> {
        let l = head.learner as usize;
        let known = resolved.rows[l];
        if head.challenge {
            let row = (known != NEW).then_some(known as usize);
            self.check_challenge(&log.learners[l], row, head.timestamp)?;
        }
        if known != NEW {
            return Ok(known as usize);
        }
        let row = self.learners.push_unindexed(&log.learners, l);
        resolved.in_log_order &= row as usize == l;
        self.add_row();
        resolved.rows[l] = row;
        Ok(row as usize)
    }

    /// Fills `scratch` with one working row per skill the assessment exercises (in order of
    /// first appearance): questions, score sum, misses, the bonus answer and P(known).
    #[inline]
    fn tally(&mut self, log: &CompiledLog, head: &Head, base: usize) {
        self.scratch.clear();
        let (r0, r1) = (head.responses.0 as usize, head.responses.1 as usize);
        let probability = !self.skill_bkt.is_empty();
        if head.single_skill != u32::MAX {
            // One skill throughout: tally straight from the score column.
            let s = head.single_skill;
            let mut w = Work::new(s, self.start_p(base, s));
            let bkt = self.skill_bkt.get(s as usize);
            for r in r0..r1 {
                w.add(log.score[r], log.bonus[r], bkt);
            }
            self.scratch.push(w);
            return;
        }
        for r in r0..r1 {
            let (score, bonus) = (log.score[r], log.bonus[r]);
            for &s in &log.skills[log.skill_off[r] as usize..log.skill_off[r + 1] as usize] {
                let k = match self.scratch.iter().position(|w| w.skill == s) {
                    Some(k) => k,
                    None => {
                        let w = Work::new(s, self.start_p(base, s));
                        self.scratch.push(w);
                        self.scratch.len() - 1
                    }
                };
                let bkt = if probability {
                    self.skill_bkt.get(s as usize)
                } else {
                    None
                };
                self.scratch[k].add(score, bonus, bkt);
            }
        }
    }

    /// P(known) before the assessment on skill `s` (0 outside probability policies).
    #[inline]
    fn start_p(&self, base: usize, s: u32) -> f64 {
        self.p_known_at(base, s as usize).unwrap_or_default()
    }

    /// The level each working row moves to, and the outcome that moves it (table policies).
    #[inline]
    fn decide(&mut self, head: &Head, base: usize) {
        let probability = !self.skill_bkt.is_empty();
        for w in &mut self.scratch {
            if probability {
                w.to = self.policy.level_for_p(w.p);
                continue;
            }
            let from = self.cells[base + w.skill as usize].level();
            let mut share = if w.questions > 0 {
                w.sum / f64::from(w.questions)
            } else {
                0.0
            };
            // The one-miss bonus question: answered right, it makes the exercise perfect.
            if w.misses == 1 && w.bonus == Some(1.0) {
                share = 1.0;
            }
            w.outcome = self.policy.outcome(head.context, share);
            w.to = self.policy.next_level(head.context, w.outcome, from);
        }
    }

    /// Writes the working rows to the learner's cells and the history: the number of level
    /// changes.
    #[inline]
    fn commit(&mut self, log: &CompiledLog, head: &Head, row: usize, event: usize) -> usize {
        let base = row * self.curriculum.len();
        let probability = !self.skill_bkt.is_empty();
        let assessment = self.activity.len() as u32;
        let target = self.policy.default_target();
        let mut changed = 0;
        for w in &self.scratch {
            let at = base + w.skill as usize;
            let cell = &mut self.cells[at];
            let from = cell.level();
            cell.set_level(w.to);
            let counted = w.questions + u32::from(w.bonus.is_some());
            cell.add_responses(counted, w.sum + w.bonus.unwrap_or(0.0));
            cell.review(from, w.to, target, head.timestamp);
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
        self.track_assignments(log, head, row);
        if head.challenge {
            self.last_challenge[row] = head.timestamp;
        }
        self.first_activity[row] = self.first_activity[row].min(head.timestamp);
        if self.keep_history {
            let (r0, r1) = (head.responses.0 as usize, head.responses.1 as usize);
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
        changed
    }
}

impl Work {
    /// An empty working row for skill `s` starting at P(known) `p`.
    #[inline]
    fn new(skill: u32, p: f64) -> Work {
        Work {
            skill,
            questions: 0,
            sum: 0.0,
            misses: 0,
            bonus: None,
            p,
            to: 0,
            outcome: u8::MAX,
        }
    }

    /// Counts one response (a bonus answer is kept apart); `bkt` updates P(known) under a
    /// probability policy.
    #[inline]
    fn add(&mut self, score: f64, bonus: bool, bkt: Option<&BktParams>) {
        if bonus {
            self.bonus = Some(score);
        } else {
            self.questions += 1;
            self.sum += score;
            self.misses += u32::from(score < 1.0);
        }
        if let Some(b) = bkt {
            self.p = b.update(self.p, score);
        }
    }
}
