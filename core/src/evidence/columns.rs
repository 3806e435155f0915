//! Evidence as columns, one row per response, as a data frame holds it.

use super::{Assessment, Response};
use crate::error::{Error, Result};
use crate::time::Timestamp;

/// Evidence in columns, one row per response: the shape of a data frame of responses. Ids
/// are codes into name tables (as from `pandas.factorize`). Consecutive rows with the same
/// learner and sitting form one assessment (one exercise, quiz or test): its context and event
/// id are its first row's, which its other rows must repeat, and its timestamp its latest
/// row's.
///
/// ```
/// use masterykit::{Curriculum, EvidenceColumns, LearnerStore, Policy};
/// let course = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "add"}]}"#)?;
/// let mut store = LearnerStore::new(course, Policy::khan())?;
/// let names = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
/// let (learners, contexts, skills) = (names(&["ana", "ben"]), names(&["practice"]), names(&["add"]));
/// let columns = EvidenceColumns {
///     learners: (&learners, &[0, 0, 1, 1]),
///     sitting: &[1, 1, 1, 1],
///     contexts: (&contexts, &[0; 4]),
///     skills: (&skills, &[0; 4]),
///     score: &[1.0, 1.0, 1.0, 0.0],
///     timestamp: &[1_788_000_000_000; 4],
///     items: None,
///     events: None,
/// };
/// store.replay_columns(&columns)?;
/// assert_eq!(store.learner("ana").unwrap().skill("add")?.level, "proficient");
/// assert_eq!(store.learner("ben").unwrap().skill("add")?.level, "attempted");
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct EvidenceColumns<'a> {
    /// Learner ids, and each row's code into them.
    pub learners: (&'a [String], &'a [u32]),
    /// Each row's sitting: the rows of one assessment are consecutive and share it.
    pub sitting: &'a [i64],
    /// Context ids, and each row's code into them.
    pub contexts: (&'a [String], &'a [u32]),
    /// Skill ids, and each row's code into them.
    pub skills: (&'a [String], &'a [u32]),
    /// Each row's score in [0, 1]: 1 or 0 for a right or wrong answer.
    pub score: &'a [f64],
    /// When each response was given, in milliseconds since the epoch.
    pub timestamp: &'a [i64],
    /// Item ids and each row's code; without them a response's item is its row number.
    pub items: Option<(&'a [String], &'a [u32])>,
    /// Event ids and each row's code ([`EvidenceColumns::NO_EVENT`] for none); without them
    /// no assessment has one.
    pub events: Option<(&'a [String], &'a [u32])>,
}

impl EvidenceColumns<'_> {
    /// The event code of a row without an event id.
    pub const NO_EVENT: u32 = u32::MAX;

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.learners.1.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks lengths and codes; errors name the column and row.
    pub(crate) fn check(&self) -> Result<()> {
        let n = self.len();
        let mut lengths = vec![
            ("sitting", self.sitting.len()),
            ("context codes", self.contexts.1.len()),
            ("skill codes", self.skills.1.len()),
            ("score", self.score.len()),
            ("timestamp", self.timestamp.len()),
        ];
        lengths.extend(self.items.map(|i| ("item codes", i.1.len())));
        lengths.extend(self.events.map(|e| ("event codes", e.1.len())));
        crate::rows::equal_lengths(n, &lengths, None)?;
        let mut coded = vec![
            ("learner", self.learners, false),
            ("context", self.contexts, false),
            ("skill", self.skills, false),
        ];
        coded.extend(self.items.map(|i| ("item", i, false)));
        coded.extend(self.events.map(|e| ("event", e, true)));
        for (what, (names, codes), optional) in coded {
            let bad = |&c: &u32| c as usize >= names.len() && !(optional && c == Self::NO_EVENT);
            if let Some(r) = codes.iter().position(bad) {
                return Err(Error::AtRow {
                    row: r,
                    error: Box::new(Error::InvalidNumber {
                        location: format!("{what} code"),
                        value: f64::from(codes[r]),
                        expected: "an index into the name table",
                    }),
                });
            }
        }
        for (row, &t) in self.timestamp.iter().enumerate() {
            Timestamp::try_from_millis(t).map_err(|e| Error::AtRow {
                row,
                error: Box::new(e),
            })?;
        }
        Ok(())
    }

    /// The first row of every assessment, then the number of rows: assessment `k` is rows
    /// `starts[k]..starts[k + 1]`.
    pub(crate) fn sitting_starts(&self) -> Vec<usize> {
        let (learner, sitting) = (self.learners.1, self.sitting);
        let mut starts: Vec<usize> = (0..self.len())
            .filter(|&r| r == 0 || learner[r] != learner[r - 1] || sitting[r] != sitting[r - 1])
            .collect();
        starts.push(self.len());
        starts
    }

    /// Writes the assessment of rows `first..end` into `a`, reusing its buffers: its rows
    /// become responses, which the compiler then validates like any assessment's.
    pub(crate) fn fill(&self, first: usize, end: usize, a: &mut Assessment) -> Result<()> {
        use std::fmt::Write;
        let context = self.contexts.1[first];
        let event = self.events.map_or(Self::NO_EVENT, |e| e.1[first]);
        for r in first..end {
            let differs = |column: &'static str, names: &[String], first: u32, found: u32| {
                let name = |c: u32| names.get(c as usize).map_or("(none)", String::as_str);
                Error::AtRow {
                    row: r,
                    error: Box::new(Error::SittingMismatch {
                        column,
                        first: name(first).to_string(),
                        found: name(found).to_string(),
                    }),
                }
            };
            if self.contexts.1[r] != context {
                return Err(differs(
                    "context",
                    self.contexts.0,
                    context,
                    self.contexts.1[r],
                ));
            }
            if let Some((names, codes)) = self.events
                && codes[r] != event
            {
                return Err(differs("event id", names, event, codes[r]));
            }
        }
        let at = self.timestamp[first..end]
            .iter()
            .copied()
            .max()
            .unwrap_or_default();
        let set = |s: &mut String, value: &str| {
            s.clear();
            s.push_str(value);
        };
        set(
            &mut a.learner,
            &self.learners.0[self.learners.1[first] as usize],
        );
        set(&mut a.context, &self.contexts.0[context as usize]);
        a.timestamp = Timestamp::from_millis(at);
        match self.events {
            Some((names, _)) if event != Self::NO_EVENT => {
                set(
                    a.event_id.get_or_insert_with(String::new),
                    &names[event as usize],
                );
            }
            _ => a.event_id = None,
        }
        a.responses.truncate(end - first);
        a.responses.resize_with(end - first, || {
            Response::scored(String::new(), String::new(), 0.0)
        });
        for (resp, r) in a.responses.iter_mut().zip(first..end) {
            match self.items {
                Some((names, codes)) => set(&mut resp.item, &names[codes[r] as usize]),
                None => {
                    resp.item.clear();
                    let _ = write!(resp.item, "row {r}");
                }
            }
            resp.skills.resize_with(1, String::new);
            set(
                &mut resp.skills[0],
                &self.skills.0[self.skills.1[r] as usize],
            );
            resp.correct = None;
            resp.score = Some(self.score[r]);
            resp.timestamp =
                (self.timestamp[r] != at).then(|| Timestamp::from_millis(self.timestamp[r]));
        }
        Ok(())
    }
}
