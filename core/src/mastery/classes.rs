//! The store's roster: classes, goals and assignments, the work recorded on assignments as
//! evidence is applied, and the events an application raises.

use std::collections::HashMap;

use super::{CompactTransition, Event, EventKind, LearnerStore};
use crate::curriculum::Scope;
use crate::error::{Error, IdKind, Result};
use crate::evidence::{CompiledLog, Head};
use crate::roster::{AssignmentWork, Effect, Roster, RosterChange, RosterDoc};
use crate::time::Timestamp;

/// The roster a store keeps, indexed by store row.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Classes {
    pub(super) roster: Roster,
    /// Per store row `r`: the assignments given to that learner are
    /// `assigned[assigned_from[r]..assigned_from[r + 1]]` (no rows at all without
    /// assignments).
    assigned_from: Vec<u32>,
    assigned: Vec<u32>,
    /// Per store row: a filter of its assignments, so most sittings skip the list: bit
    /// `56 + context % 8` for each context, bit `skill % 56` for each skill.
    filter: Vec<u64>,
    /// Per assignment: its context, start (ms) and sorted skills, read on the hot path.
    plans: Vec<(u8, i64, Vec<u32>)>,
    /// Per store row: the goals given to that learner.
    goals: Vec<Vec<u32>>,
    /// Per assignment: the work of each learner on it, by store row.
    pub(super) work: Vec<HashMap<u32, AssignmentWork>>,
    /// Assignments first completed by the assessment being applied: (assignment, row).
    completed: Vec<(u32, u32)>,
    /// Event ids of the roster changes applied, with the digest of what each said.
    pub(super) events: HashMap<String, u64>,
    /// While set, changes leave the per-row lists stale (`stale`) for one rebuild after a
    /// run of them: a log of thousands of changes rebuilds once, not once per change.
    defer_index: bool,
    stale: bool,
}

impl LearnerStore {
    /// The roster: classes, goals given to them, assignments.
    pub fn roster(&self) -> &Roster {
        &self.classes.roster
    }

    /// Replaces the roster with a document, checked whole: on error nothing changes. Work
    /// recorded on assignments whose id the document keeps is kept; learners it names
    /// join the store (with no evidence) so reports list them.
    pub fn set_roster(&mut self, doc: &RosterDoc) -> Result<()> {
        let roster = Roster::from_doc(doc, &self.curriculum, &self.policy)?;
        let old = std::mem::replace(&mut self.classes.roster, roster);
        let mut work = std::mem::take(&mut self.classes.work);
        self.classes.work = self
            .classes
            .roster
            .assignments()
            .iter()
            .map(|a| {
                old.assignment_index(&a.id)
                    .map(|i| std::mem::take(&mut work[i]))
                    .unwrap_or_default()
            })
            .collect();
        let named: Vec<String> = doc
            .classes
            .iter()
            .flat_map(|c| &c.learners)
            .chain(doc.goals.iter().flat_map(|g| &g.learners))
            .chain(doc.assignments.iter().flat_map(|a| &a.learners))
            .cloned()
            .collect();
        for l in &named {
            self.row_of(l);
        }
        self.index_roster();
        Ok(())
    }

    /// Applies one roster change, all of it or, on error, nothing. Returns the change as a
    /// line of an event log (see [`RosterChange::json_line`]): replaying a log with it
    /// repeats the change in order.
    pub fn change_roster(&mut self, change: &RosterChange) -> Result<String> {
        match self
            .classes
            .roster
            .change(change, &self.curriculum, &self.policy)?
        {
            Effect::None => {}
            Effect::AssignmentAdded => self.classes.work.push(HashMap::new()),
            Effect::AssignmentRemoved(a) => {
                self.classes.work.remove(a);
            }
        }
        for l in change.learners() {
            self.row_of(l);
        }
        if self.classes.defer_index {
            self.classes.stale = true;
        } else {
            self.index_roster();
        }
        Ok(change.json_line())
    }

    /// Makes roster changes leave the per-row lists stale until [`Self::reindex_roster`]
    /// (`true`), or rebuild them on each change again (`false`, rebuilding now if stale).
    pub(super) fn defer_roster_index(&mut self, defer: bool) {
        self.classes.defer_index = defer;
        if !defer {
            self.reindex_roster();
        }
    }

    /// Rebuilds the per-row lists if deferred changes left them stale.
    pub(super) fn reindex_roster(&mut self) {
        if self.classes.stale {
            self.classes.stale = false;
            self.index_roster();
        }
    }

    /// [`LearnerStore::change_roster`] under an event id: a change whose id was applied
    /// before is skipped (`Ok(None)`) when it says the same, and an `event_conflict` error
    /// when it says something else. Returns the log line, with its id.
    pub fn change_roster_as(
        &mut self,
        change: &RosterChange,
        event_id: Option<&str>,
    ) -> Result<Option<String>> {
        let Some(id) = event_id else {
            return self.change_roster(change).map(Some);
        };
        let digest = change.digest();
        if seen(&self.classes.events, id, digest)? {
            return Ok(None);
        }
        self.change_roster(change)?;
        self.classes.events.insert(id.to_string(), digest);
        Ok(Some(change.json_line_as(Some(id))))
    }

    /// Roster event ids applied so far, with their digests (for snapshots and dry runs).
    pub(super) fn roster_events(&self) -> &HashMap<String, u64> {
        &self.classes.events
    }

    /// Learner `learner`'s work on assignment `assignment` (empty when none yet).
    pub fn assignment_work(&self, assignment: &str, learner: &str) -> Result<AssignmentWork> {
        let a = self.require_assignment(assignment)?;
        Ok(self
            .learner_index(learner)
            .and_then(|r| self.classes.work[a].get(&(r as u32)))
            .copied()
            .unwrap_or_default())
    }

    /// The work of learner `row` on assignment `a` (empty when none yet).
    pub(crate) fn assignment_work_at(&self, a: usize, row: usize) -> AssignmentWork {
        self.classes.work[a]
            .get(&(row as u32))
            .copied()
            .unwrap_or_default()
    }

    /// The assignments given to learner `row`, as roster indices in ascending order.
    pub(crate) fn assigned_at(&self, row: usize) -> &[u32] {
        match self.classes.assigned_from.get(row..row + 2) {
            Some(&[from, to]) => &self.classes.assigned[from as usize..to as usize],
            _ => &[],
        }
    }

    /// The goals given to learner `row`, as roster indices in ascending order.
    pub(crate) fn goals_at(&self, row: usize) -> &[u32] {
        self.classes.goals.get(row).map_or(&[], Vec::as_slice)
    }

    /// Index of an assignment, or an error naming the unknown id.
    pub fn require_assignment(&self, id: &str) -> Result<usize> {
        self.classes
            .roster
            .assignment_index(id)
            .ok_or_else(|| Error::UnknownId {
                kind: IdKind::Assignment,
                id: id.to_string(),
                referenced_in: "the roster".into(),
            })
    }

    /// Rebuilds the per-row lists of assignments and goals from the roster.
    pub(super) fn index_roster(&mut self) {
        let rows = self.learners.len();
        let roster = &self.classes.roster;
        let mut assigned: Vec<Vec<u32>> = vec![Vec::new(); rows];
        let mut goals = vec![Vec::new(); rows];
        for a in 0..roster.assignments().len() {
            for l in roster.assignment_learners(a) {
                if let Some(r) = self.learners.find(l) {
                    assigned[r as usize].push(a as u32);
                }
            }
        }
        for g in 0..roster.goals().len() {
            for l in roster.goal_learners(g) {
                if let Some(r) = self.learners.find(l) {
                    goals[r as usize].push(g as u32);
                }
            }
        }
        self.classes.plans = (0..roster.assignments().len())
            .map(|a| {
                let (skills, context) = roster.assignment_plan(a);
                let start = roster.assignments()[a]
                    .start
                    .map_or(i64::MIN, Timestamp::as_millis);
                (context, start, skills.to_vec())
            })
            .collect();
        self.classes.assigned_from.clear();
        self.classes.assigned.clear();
        self.classes.filter.clear();
        if !roster.assignments().is_empty() {
            self.classes.assigned_from.push(0);
            for list in assigned {
                let mut f = 0u64;
                for &a in &list {
                    let (context, _, skills) = &self.classes.plans[a as usize];
                    f |= context_bit(*context);
                    for &s in skills {
                        f |= skill_bit(s);
                    }
                }
                self.classes.filter.push(f);
                self.classes.assigned.extend(list);
                self.classes
                    .assigned_from
                    .push(self.classes.assigned.len() as u32);
            }
        }
        self.classes.goals = goals;
    }

    /// Records the sitting `head` of learner `row` on each assignment it counts toward:
    /// same context, at or after the start, on at least one of its skills. It completes
    /// the assignment when it exercises every one of them.
    #[inline]
    pub(super) fn track_assignments(&mut self, log: &CompiledLog, head: &Head, row: usize) {
        let Some(&f) = self.classes.filter.get(row) else {
            return;
        };
        if f & context_bit(head.context) == 0
            || self.scratch.iter().all(|w| f & skill_bit(w.skill) == 0)
        {
            return;
        }
        let (from, to) = (
            self.classes.assigned_from[row],
            self.classes.assigned_from[row + 1],
        );
        self.track_listed(log, head, row, from, to);
    }

    /// [`LearnerStore::track_assignments`] for the assignments listed at `from..to`.
    #[inline(never)]
    fn track_listed(&mut self, log: &CompiledLog, head: &Head, row: usize, from: u32, to: u32) {
        for k in from..to {
            let a = self.classes.assigned[k as usize];
            let (context, start, skills) = &self.classes.plans[a as usize];
            if *context != head.context || head.timestamp < *start {
                continue;
            }
            let on = |s: u32| skills.binary_search(&s).is_ok();
            if !self.scratch.iter().any(|w| on(w.skill)) {
                continue;
            }
            let covered = skills
                .iter()
                .all(|&s| self.scratch.iter().any(|w| w.skill == s && w.questions > 0));
            let score = covered.then(|| {
                let (mut n, mut sum) = (0u32, 0.0);
                for r in head.responses.0 as usize..head.responses.1 as usize {
                    let tags =
                        &log.skills[log.skill_off[r] as usize..log.skill_off[r + 1] as usize];
                    if !log.bonus[r] && tags.iter().any(|&s| on(s)) {
                        n += 1;
                        sum += log.score[r];
                    }
                }
                if n == 0 { 0.0 } else { sum / f64::from(n) }
            });
            let at = Timestamp::from_millis(head.timestamp);
            let work = self.classes.work[a as usize].entry(row as u32).or_default();
            if work.add(at, head.duration, score) {
                self.classes.completed.push((a, row as u32));
            }
        }
    }

    /// Where the assignments of learner `row` are listed, for reading ahead.
    #[inline]
    pub(super) fn assigned_hint(&self, row: usize) -> u8 {
        self.classes.filter.get(row).map_or(0, |&f| f as u8)
    }

    /// Forgets the completions recorded by the last application.
    pub(super) fn clear_completed(&mut self) {
        self.classes.completed.clear();
    }

    /// What the last application means to a product: skills, units and courses newly
    /// mastered, goals newly achieved and assignments first completed by learner `row`,
    /// given the level changes it made.
    pub(super) fn events(
        &mut self,
        row: usize,
        changes: &[CompactTransition],
        at: i64,
    ) -> Vec<Event> {
        let top = (self.policy.levels().len() - 1) as u8;
        let learner = self.learners[row].to_string();
        let timestamp = Timestamp::from_millis(at);
        let base = row * self.curriculum.len();
        let level = |s: usize| self.cells[base + s].level();
        let event = |kind, id: &str| Event {
            kind,
            learner: learner.clone(),
            id: id.to_string(),
            timestamp,
            score: None,
            late: None,
        };
        let mut out = Vec::new();
        let mastered: Vec<u32> = changes
            .iter()
            .filter(|t| t.to == top)
            .map(|t| t.skill)
            .collect();
        let skills = self.curriculum.skills();
        for &s in &mastered {
            out.push(event(EventKind::SkillMastered, &skills[s as usize].id));
        }
        if !mastered.is_empty() {
            let scopes = self
                .curriculum
                .units()
                .iter()
                .map(|u| (EventKind::UnitMastered, Scope::Unit(u.id.clone()), &u.id))
                .chain(self.curriculum.courses().iter().map(|c| {
                    (
                        EventKind::CourseMastered,
                        Scope::Course(c.id.clone()),
                        &c.id,
                    )
                }));
            for (kind, scope, id) in scopes {
                let Ok(in_scope) = self.curriculum.scope_skills(&scope) else {
                    continue;
                };
                if in_scope.iter().any(|&s| mastered.contains(&(s as u32)))
                    && in_scope.iter().all(|&s| level(s) == top)
                {
                    out.push(event(kind, id));
                }
            }
        }
        if let Some(goals) = self.classes.goals.get(row) {
            for &g in goals {
                let (scope, target) = self.classes.roster.goal_plan(g as usize);
                let reached = changes
                    .iter()
                    .any(|t| t.from < target && t.to >= target && scope.contains(&t.skill));
                if reached && scope.iter().all(|&s| level(s as usize) >= target) {
                    let id = &self.classes.roster.goals()[g as usize].id;
                    out.push(event(EventKind::GoalAchieved, id));
                }
            }
        }
        for &(a, r) in &self.classes.completed {
            let assignment = &self.classes.roster.assignments()[a as usize];
            let work = &self.classes.work[a as usize][&r];
            out.push(Event {
                score: work.first_score,
                late: Some(assignment.due.is_some_and(|d| timestamp > d)),
                ..event(EventKind::AssignmentCompleted, &assignment.id)
            });
        }
        self.classes.completed.clear();
        out
    }
}

/// The filter bit of a context.
#[inline]
fn context_bit(context: u8) -> u64 {
    1 << (56 + u32::from(context % 8))
}

/// The filter bit of a skill.
#[inline]
fn skill_bit(skill: u32) -> u64 {
    1 << (skill % 56)
}

/// Whether roster event `id` was applied before with this digest; an `event_conflict` error
/// when it was applied saying something else.
pub(super) fn seen(events: &HashMap<String, u64>, id: &str, digest: u64) -> Result<bool> {
    match events.get(id) {
        Some(&d) if d == digest => Ok(true),
        Some(_) => Err(Error::EventConflict {
            event_id: id.to_string(),
        }),
        None => Ok(false),
    }
}
