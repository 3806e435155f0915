//! Merging stores built from disjoint sets of learners (a replay partitioned by learner).

use super::cell::EMPTY_CELL;
use super::{LearnerStore, NEVER};
use crate::error::{Error, IdKind, Result};

impl LearnerStore {
    /// Adds the learners of `other`, a store built under the same curriculum, policy and
    /// roster from other learners' evidence (one part of a replay partitioned by learner).
    /// Learners keep their order, `other`'s new ones after this store's. A learner in both
    /// stores is allowed only when one of them holds nothing of it (no evidence, no
    /// assignment work), as for the learners a shared roster names; the other's state is
    /// kept. History (level changes and activity) is appended when this store keeps it.
    ///
    /// Errors, with nothing changed: `merge_conflict` when the curricula, policies, rosters
    /// or roster changes differ or an event id was applied in both, `duplicate_learner`
    /// when both hold evidence of one learner.
    ///
    /// ```
    /// use masterykit::{Assessment, Curriculum, LearnerStore, Policy, Response, Timestamp};
    /// let curriculum = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}]}"#)?;
    /// let at = Timestamp::parse("2026-09-01T10:00:00Z")?;
    /// let part = |learner: &str| -> masterykit::Result<LearnerStore> {
    ///     let mut store = LearnerStore::new(curriculum.clone(), Policy::khan())?;
    ///     store.apply(&Assessment::new(learner, "practice", at).with(Response::answer("q1", "add", true)))?;
    ///     Ok(store)
    /// };
    /// let mut store = part("ana")?;
    /// store.merge(&part("ben")?)?;
    /// assert_eq!(store.learners().len(), 2);
    /// assert_eq!(store.merge(&part("ben")?).unwrap_err().code(), "duplicate_learner");
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn merge(&mut self, other: &LearnerStore) -> Result<()> {
        let conflict = |detail: String| Err(Error::MergeConflict { detail });
        if self.curriculum != other.curriculum {
            return conflict("the stores have different curricula".into());
        }
        if self.policy != other.policy {
            return conflict(format!(
                "the stores have different policies (`{}` and `{}`)",
                self.policy.name(),
                other.policy.name()
            ));
        }
        if self.classes.roster != other.classes.roster
            || self.classes.events != other.classes.events
        {
            return conflict("the stores have different rosters or roster changes".into());
        }
        // Where each of `other`'s rows goes: a new row, a row of this store that holds
        // nothing, or nowhere (it holds nothing itself).
        let mut places = Vec::with_capacity(other.learners.len());
        for (r, id) in other.learners.iter().enumerate() {
            let place = match self.learners.find(id) {
                None => Place::New,
                Some(_) if other.is_blank(r) => Place::Skip,
                Some(mine) if self.is_blank(mine as usize) => Place::Over(mine as usize),
                Some(_) => {
                    return Err(Error::DuplicateId {
                        kind: IdKind::Learner,
                        id: id.to_string(),
                    });
                }
            };
            places.push(place);
        }
        if let Some(e) = other
            .seen_events
            .iter()
            .find(|e| self.seen_events.find(e).is_some())
        {
            return conflict(format!("event `{e}` was applied in both stores"));
        }
        let n = self.curriculum.len();
        let mut rows = Vec::with_capacity(places.len());
        for (r, place) in places.into_iter().enumerate() {
            let to = match place {
                Place::Skip => {
                    rows.push(self.learners.find(&other.learners[r]).unwrap_or(0));
                    continue;
                }
                Place::Over(row) => row,
                Place::New => self.row_of(&other.learners[r]),
            };
            rows.push(to as u32);
            self.cells[to * n..(to + 1) * n].copy_from_slice(&other.cells[r * n..(r + 1) * n]);
            if !self.skill_bkt.is_empty() {
                self.p_known[to * n..(to + 1) * n]
                    .copy_from_slice(&other.p_known[r * n..(r + 1) * n]);
            }
            self.last_challenge[to] = other.last_challenge[r];
            self.first_activity[to] = other.first_activity[r];
            for (mine, theirs) in self.classes.work.iter_mut().zip(&other.classes.work) {
                if let Some(w) = theirs.get(&(r as u32)) {
                    mine.insert(to as u32, *w);
                }
            }
        }
        let known = self.seen_events.len();
        self.event_contents.resize(known, 0);
        for (i, e) in other.seen_events.iter().enumerate() {
            self.seen_events.intern(e);
            self.event_contents
                .push(other.event_contents.get(i).copied().unwrap_or(0));
        }
        if self.keep_history {
            let from = self.activity.len() as u32;
            self.activity.extend(other.activity.iter().map(|a| {
                let mut a = a.clone();
                a.learner = rows[a.learner as usize];
                a
            }));
            self.transitions.extend(other.transitions.iter().map(|t| {
                let mut t = *t;
                t.learner = rows[t.learner as usize];
                t.assessment += from;
                t
            }));
        }
        self.index_roster();
        Ok(())
    }

    /// Whether learner `row` holds nothing: no evidence, no challenge, no assignment work.
    fn is_blank(&self, row: usize) -> bool {
        let n = self.curriculum.len();
        self.cells[row * n..(row + 1) * n]
            .iter()
            .all(|c| bytemuck::bytes_of(c) == bytemuck::bytes_of(&EMPTY_CELL))
            && self
                .p_known
                .get(row * n..(row + 1) * n)
                .is_none_or(|p| p.iter().all(|&b| b == 0))
            && self.first_activity[row] == i64::MAX
            && self.last_challenge[row] == NEVER
            && self
                .classes
                .work
                .iter()
                .all(|w| !w.contains_key(&(row as u32)))
    }
}

/// Where a row of the other store goes.
enum Place {
    New,
    Over(usize),
    Skip,
}
