//! Versioned JSON snapshots of a store's state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cell::Cell;
use super::{LearnerStore, MAX_CELL_RESPONSES, MAX_CELL_REVIEWS, NEVER, SNAPSHOT_FORMAT_VERSION};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::policy::Policy;
use crate::roster::{AssignmentWork, RosterDoc};
use crate::time::Timestamp;

impl LearnerStore {
    /// The state as a versioned JSON snapshot (skills with evidence only).
    pub fn to_snapshot_json(&self) -> String {
        serde_json::to_string(&self.snapshot()).unwrap_or_default()
    }

    fn snapshot(&self) -> Snapshot {
        let n = self.curriculum.len();
        let mut events: Vec<(&str, u64)> = self
            .seen_events
            .iter()
            .zip(
                self.event_contents
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(0)),
            )
            .collect();
        events.sort_unstable();
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
                            reviews: cell.reviews(),
                            demoted: cell.demoted(),
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
        let roster = &self.classes.roster;
        let mut assignment_work = Vec::new();
        for (a, work) in self.classes.work.iter().enumerate() {
            let mut rows: Vec<(&u32, &AssignmentWork)> = work.iter().collect();
            rows.sort_unstable_by_key(|&(r, _)| *r);
            for (&r, w) in rows {
                assignment_work.push(SnapshotWork {
                    assignment: roster.assignments()[a].id.clone(),
                    learner: self.learners[r as usize].to_string(),
                    work: *w,
                });
            }
        }
        Snapshot {
            format_version: SNAPSHOT_FORMAT_VERSION,
            policy: self.policy.name().to_string(),
            learners,
            event_contents: events.iter().map(|&(_, c)| format!("{c:016x}")).collect(),
            events: events.into_iter().map(|(e, _)| e.to_string()).collect(),
            roster: (!roster.is_empty()).then(|| roster.to_doc()),
            assignment_work,
            roster_events: {
                let mut ids: Vec<(&String, &u64)> = self.classes.events.iter().collect();
                ids.sort_unstable();
                ids.into_iter()
                    .map(|(id, d)| [id.clone(), format!("{d:016x}")])
                    .collect()
            },
        }
    }

    /// Restores a snapshot taken with [`LearnerStore::to_snapshot_json`] under the same
    /// curriculum and policy. History starts empty. A snapshot that is malformed or does not
    /// fit is an evidence error.
    pub fn from_snapshot_json(
        curriculum: Curriculum,
        policy: Policy,
        text: &str,
    ) -> Result<LearnerStore> {
        LearnerStore::new(curriculum, policy)?
            .load_snapshot(text)
            .map_err(Error::in_evidence)
    }

    /// Rebuilds a store from a snapshot and the event log lines appended since it was taken
    /// (JSON Lines, e.g. the [`Applied::record`]s of each `apply`): the state equals that of
    /// the store the snapshot was taken of, after the same applications. Lines of a tail
    /// that overlaps the snapshot are duplicates, skipped by their event ids (a line without
    /// an event id would count twice).
    /// Errors are those of [`LearnerStore::from_snapshot_json`] and
    /// [`LearnerStore::replay_jsonl`]; history holds the tail's level changes only.
    ///
    /// [`Applied::record`]: crate::Applied::record
    pub fn restore(
        curriculum: Curriculum,
        policy: Policy,
        snapshot: &str,
        tail: &str,
    ) -> Result<LearnerStore> {
        let mut store = LearnerStore::from_snapshot_json(curriculum, policy, snapshot)?;
        store.replay_jsonl(tail)?;
        Ok(store)
    }

    /// This empty store with a snapshot's state.
    fn load_snapshot(mut self, text: &str) -> Result<LearnerStore> {
        let snap: Snapshot = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        // Format 1 kept no event contents: its event ids are duplicates whatever they say.
        if !(1..=SNAPSHOT_FORMAT_VERSION).contains(&snap.format_version) {
            return Err(Error::UnsupportedFormatVersion {
                found: snap.format_version,
                supported: SNAPSHOT_FORMAT_VERSION,
            });
        }
        if snap.policy != self.policy.name() {
            return Err(Error::SnapshotMismatch {
                detail: format!(
                    "snapshot taken under policy `{}`, restoring under `{}`",
                    snap.policy,
                    self.policy.name()
                ),
            });
        }
        let contents = event_contents(&snap)?;
        let store = &mut self;
        let n = store.curriculum.len();
        for l in snap.learners {
            if store.learners.find(&l.id).is_some() {
                return Err(Error::DuplicateId {
                    kind: IdKind::Learner,
                    id: l.id,
                });
            }
            for t in [l.first_activity, l.last_challenge].into_iter().flatten() {
                t.check()?;
            }
            let r = store.row_of(&l.id);
            store.last_challenge[r] = l.last_challenge.map_or(NEVER, Timestamp::as_millis);
            store.first_activity[r] = l.first_activity.map_or(i64::MAX, Timestamp::as_millis);
            for (skill, cell) in l.skills {
                let place = format!("snapshot of learner `{}`", l.id);
                let s = store.curriculum.require_skill(&skill, &place)?;
                cell.check(&l.id, &skill, !store.skill_bkt.is_empty())?;
                let c = r * n + s;
                store.cells[c] = Cell::new(
                    store.policy.require_level(&cell.level, &place)?,
                    cell.responses,
                    cell.score_sum,
                    cell.last_practiced.map_or(NEVER, Timestamp::as_millis),
                    cell.reviews,
                    cell.demoted,
                );
                if let (Some(p), Some(bkt)) = (cell.p_known, store.skill_bkt.get(s)) {
                    store.p_known[c] = p.to_bits() ^ bkt.prior.to_bits();
                }
            }
        }
        store.event_contents = contents;
        store.seen_events = snap.events.iter().collect();
        if let Some(doc) = &snap.roster {
            store.set_roster(doc)?;
        }
        for [id, content] in snap.roster_events {
            let digest =
                u64::from_str_radix(&content, 16).map_err(|_| Error::SnapshotMismatch {
                    detail: format!(
                        "roster event `{id}`: content `{content}` is not 16 hex digits"
                    ),
                })?;
            if store.classes.events.insert(id.clone(), digest).is_some() {
                return Err(Error::SnapshotMismatch {
                    detail: format!("roster event `{id}` given twice"),
                });
            }
        }
        for w in snap.assignment_work {
            let a = store.require_assignment(&w.assignment)?;
            let r = store
                .require_learner(&w.learner)?
                .index()
                .unwrap_or_default();
            w.work.check(&w.assignment, &w.learner)?;
            if store.classes.work[a].insert(r as u32, w.work).is_some() {
                return Err(Error::SnapshotMismatch {
                    detail: format!(
                        "work of learner `{}` on assignment `{}` given twice",
                        w.learner, w.assignment
                    ),
                });
            }
        }
        Ok(self)
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct Snapshot {
    format_version: u32,
    policy: String,
    learners: Vec<SnapshotLearner>,
    #[serde(default)]
    events: Vec<String>,
    /// The content digest of each event, as 16 hex digits, in the order of `events`
    /// (format 2; 0 for one applied before digests were kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    event_contents: Vec<String>,
    /// Classes, goals and assignments (format 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roster: Option<RosterDoc>,
    /// Work recorded on assignments (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    assignment_work: Vec<SnapshotWork>,
    /// Event ids of the roster changes applied, each with its content digest as 16 hex digits
    /// (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    roster_events: Vec<[String; 2]>,
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct SnapshotWork {
    assignment: String,
    learner: String,
    work: AssignmentWork,
}

/// The content digests of a snapshot's events: read from format 2, unknown (0) in format 1.
fn event_contents(snap: &Snapshot) -> Result<Vec<u64>> {
    if snap.event_contents.is_empty() {
        return Ok(vec![0; snap.events.len()]);
    }
    if snap.event_contents.len() != snap.events.len() {
        return Err(Error::SnapshotMismatch {
            detail: format!(
                "{} event contents for {} events",
                snap.event_contents.len(),
                snap.events.len()
            ),
        });
    }
    snap.event_contents
        .iter()
        .zip(&snap.events)
        .map(|(c, e)| {
            u64::from_str_radix(c, 16).map_err(|_| Error::SnapshotMismatch {
                detail: format!("event `{e}`: content `{c}` is not 16 hex digits"),
            })
        })
        .collect()
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct SnapshotCell {
    level: String,
    responses: u32,
    score_sum: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_practiced: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p_known: Option<f64>,
    /// Successful reviews in a row (absent: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    reviews: u8,
    /// The last change of level was down (absent: no).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    demoted: bool,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl SnapshotCell {
    /// Rejects a state no evidence can produce: more responses than a cell counts, a score
    /// sum outside [0, responses], a P(known) outside [0, 1], one under a table policy, or
    /// none under a probability policy.
    fn check(&self, learner: &str, skill: &str, probability: bool) -> Result<()> {
        let bad = |detail: String| {
            Err(Error::InvalidSnapshot {
                learner: learner.to_string(),
                skill: skill.to_string(),
                detail,
            })
        };
        if let Some(t) = self.last_practiced
            && t.check().is_err()
        {
            return bad(format!(
                "last_practiced {} outside the years 0 to 9999",
                t.as_millis()
            ));
        }
        if self.responses > MAX_CELL_RESPONSES {
            return bad(format!(
                "responses {} above the most a cell counts ({MAX_CELL_RESPONSES})",
                self.responses
            ));
        }
        if self.reviews > MAX_CELL_REVIEWS {
            return bad(format!(
                "reviews {} above the most a cell counts ({MAX_CELL_REVIEWS})",
                self.reviews
            ));
        }
        if !(self.score_sum.is_finite()
            && self.score_sum >= 0.0
            && self.score_sum <= f64::from(self.responses))
        {
            return bad(format!(
                "score_sum {} outside [0, responses = {}]",
                self.score_sum, self.responses
            ));
        }
        match (self.p_known, probability) {
            (Some(p), true) if !(0.0..=1.0).contains(&p) => {
                bad(format!("p_known {p} outside [0, 1]"))
            }
            (Some(_), false) => bad("p_known under a policy without P(known)".into()),
            (None, true) => bad("no p_known under a probability policy".into()),
            _ => Ok(()),
        }
    }
}
