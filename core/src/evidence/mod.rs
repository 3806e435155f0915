//! Evidence: responses grouped into assessments (one sitting each), their validation, and
//! their compiled form for fast replay.

mod table;

pub use table::EvidenceTable;

use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::ids::Ids;
use crate::policy::Policy;
use crate::time::Timestamp;

/// One answer to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The item answered.
    pub item: String,
    /// The skills it exercises; each is credited.
    pub skills: Vec<String>,
    /// Right or wrong; give this or `score`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// Partial credit in [0, 1]; give this or `correct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Hints used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints: Option<u32>,
    /// Seconds spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// When it was answered (the assessment's timestamp otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// A bonus question after exactly one miss (policies with `bonus_question`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bonus: bool,
}

impl Response {
    /// A right-or-wrong answer to `item` on one skill.
    pub fn answer(item: impl Into<String>, skill: impl Into<String>, correct: bool) -> Response {
        Response {
            item: item.into(),
            skills: vec![skill.into()],
            correct: Some(correct),
            score: None,
            hints: None,
            duration: None,
            timestamp: None,
            bonus: false,
        }
    }

    /// A partially credited answer to `item` on one skill.
    pub fn scored(item: impl Into<String>, skill: impl Into<String>, score: f64) -> Response {
        Response {
            correct: None,
            score: Some(score),
            ..Response::answer(item, skill, false)
        }
    }

    /// Marks this response as the bonus question.
    pub fn as_bonus(mut self) -> Response {
        self.bonus = true;
        self
    }
}

/// The responses of one sitting: one exercise, one quiz, one test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Id for idempotency: an assessment whose id was already applied is a no-op.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The learner.
    pub learner: String,
    /// The context: `practice`, `quiz`, `unit_test`, `course_challenge`, `mastery_challenge`,
    /// `pre_assessment`, or any other the policy covers.
    pub context: String,
    /// When the sitting ended.
    pub timestamp: Timestamp,
    /// The answers.
    pub responses: Vec<Response>,
}

impl Assessment {
    /// An empty assessment; add responses with [`Assessment::with`].
    pub fn new(
        learner: impl Into<String>,
        context: impl Into<String>,
        timestamp: Timestamp,
    ) -> Assessment {
        Assessment {
            event_id: None,
            learner: learner.into(),
            context: context.into(),
            timestamp,
            responses: Vec::new(),
        }
    }

    /// Sets the event id.
    pub fn event(mut self, id: impl Into<String>) -> Assessment {
        self.event_id = Some(id.into());
        self
    }

    /// Adds a response.
    pub fn with(mut self, response: Response) -> Assessment {
        self.responses.push(response);
        self
    }

    /// How errors name this assessment.
    pub fn label(&self) -> String {
        match &self.event_id {
            Some(id) => format!("event `{id}`"),
            None => format!(
                "{} of `{}` at {}",
                self.context, self.learner, self.timestamp
            ),
        }
    }
}

/// Parses an event log in JSON Lines form: one [`Assessment`] per line; blank lines and lines
/// starting with `#` are skipped. Errors name the line.
pub fn parse_jsonl(text: &str) -> Result<Vec<Assessment>> {
    read_jsonl(text.as_bytes())
}

/// [`parse_jsonl`] from a reader.
pub fn read_jsonl<R: BufRead>(reader: R) -> Result<Vec<Assessment>> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let at = |error| Error::AtLine {
            line: i + 1,
            error: Box::new(error),
        };
        let line = line.map_err(|e| {
            at(Error::Parse {
                format: "json lines",
                message: e.to_string(),
            })
        })?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let a: Assessment = serde_json::from_str(trimmed).map_err(|e| {
            at(Error::Parse {
                format: "json",
                message: e.to_string(),
            })
        })?;
        out.push(a);
    }
    Ok(out)
}

/// Writes assessments as JSON Lines.
pub fn to_jsonl(assessments: &[Assessment]) -> String {
    let mut out = String::new();
    for a in assessments {
        out.push_str(&serde_json::to_string(a).unwrap_or_default());
        out.push('\n');
    }
    out
}

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

/// `CompiledLog::events` of an assessment without an event id.
pub(crate) const NO_EVENT: u32 = u32::MAX;

/// One compiled assessment: dense indices, its responses a range of the log's columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Head {
    pub learner: u32,
    pub context: u8,
    pub challenge: bool,
    pub timestamp: i64,
    pub responses: (u32, u32),
    pub duration: f64,
    /// The one skill every response exercises alone (the common exercise), else `u32::MAX`.
    pub single_skill: u32,
}

/// Validated assessments in columns, ready for fast application: ids resolved to dense
/// indices once. Build with [`crate::LearnerStore::compile`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompiledLog {
    /// The log's learners, in order of first appearance.
    pub(crate) learners: Ids,
    pub(crate) heads: Vec<Head>,
    /// The event id of each assessment: a number in `event_ids`, or [`NO_EVENT`].
    pub(crate) events: Vec<u32>,
    /// The log's distinct event ids.
    pub(crate) event_ids: Ids,
    /// Skills of response r: `skills[skill_off[r]..skill_off[r + 1]]`.
    pub(crate) skill_off: Vec<u32>,
    pub(crate) skills: Vec<u32>,
    pub(crate) score: Vec<f64>,
    pub(crate) bonus: Vec<bool>,
}

impl CompiledLog {
    /// Number of assessments.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Number of responses.
    pub fn response_count(&self) -> usize {
        self.score.len()
    }

    /// Room for `assessments` more assessments of `responses` more responses, one skill each.
    pub(crate) fn reserve(&mut self, assessments: usize, responses: usize) {
        self.heads.reserve(assessments);
        self.events.reserve(assessments);
        self.skill_off.reserve(responses + 1);
        self.skills.reserve(responses);
        self.score.reserve(responses);
        self.bonus.reserve(responses);
    }

    /// The lengths of its columns, for [`CompiledLog::truncate`].
    fn marks(&self) -> [usize; 5] {
        [
            self.heads.len(),
            self.score.len(),
            self.skills.len(),
            self.learners.len(),
            self.event_ids.len(),
        ]
    }

    fn truncate(&mut self, [heads, responses, skills, learners, events]: [usize; 5]) {
        self.heads.truncate(heads);
        self.events.truncate(heads);
        self.skill_off.truncate(responses + 1);
        self.score.truncate(responses);
        self.bonus.truncate(responses);
        self.skills.truncate(skills);
        self.learners.truncate(learners);
        self.event_ids.truncate(events);
    }
}

/// Resolves and validates assessments into a [`CompiledLog`]; on error nothing is added.
pub(crate) struct Compiler<'a> {
    pub curriculum: &'a Curriculum,
    pub policy: &'a Policy,
    /// Per-skill tallies of the assessment being compiled: (skill, questions, misses, bonus).
    tally: Vec<(u32, u32, u32, u32)>,
}

impl<'a> Compiler<'a> {
    pub fn new(curriculum: &'a Curriculum, policy: &'a Policy) -> Self {
        Compiler {
            curriculum,
            policy,
            tally: Vec::new(),
        }
    }

    /// Appends one assessment to `log`, or leaves `log` as it was and returns the error.
    pub fn push(&mut self, log: &mut CompiledLog, a: &Assessment) -> Result<()> {
        if log.skill_off.is_empty() {
            log.skill_off.push(0);
        }
        let marks = log.marks();
        let result = self.push_inner(log, a);
        if result.is_err() {
            log.truncate(marks);
        }
        result
    }

    fn push_inner(&mut self, log: &mut CompiledLog, a: &Assessment) -> Result<()> {
        let label = a.label();
        if a.learner.trim().is_empty() {
            return Err(Error::EmptyId {
                kind: IdKind::Learner,
                location: label,
            });
        }
        let context = self
            .policy
            .context_index(&a.context)
            .ok_or_else(|| Error::UnknownId {
                kind: IdKind::Context,
                id: a.context.clone(),
                referenced_in: format!("{label} (policy `{}`)", self.policy.name()),
            })?;
        if a.responses.is_empty() {
            return Err(Error::EmptyEvidence { location: label });
        }
        let ctx = &self.policy.contexts[context as usize];
        let first = log.score.len() as u32;
        let first_skill = log.skills.len();
        let mut duration = 0.0;
        self.tally.clear();
        for (r, resp) in a.responses.iter().enumerate() {
            let place = || format!("response {} (item `{}`) of {label}", r + 1, resp.item);
            let score = match (resp.correct, resp.score) {
                (Some(c), None) => f64::from(u8::from(c)),
                (None, Some(s)) if s.is_finite() && (0.0..=1.0).contains(&s) => s,
                (None, Some(s)) => {
                    return Err(Error::InvalidScore {
                        location: place(),
                        value: s,
                    });
                }
                _ => return Err(Error::AmbiguousAnswer { location: place() }),
            };
            if resp.skills.is_empty() {
                return Err(Error::EmptyEvidence {
                    location: format!("skills of {}", place()),
                });
            }
            if let Some(d) = resp.duration {
                if !(d.is_finite() && d >= 0.0) {
                    return Err(Error::InvalidNumber {
                        location: format!("duration of {}", place()),
                        value: d,
                        expected: "seconds >= 0",
                    });
                }
                duration += d;
            }
            if resp.bonus && !ctx.bonus {
                return Err(Error::BonusNotAllowed {
                    location: place(),
                    reason: format!(
                        "context `{}` has no bonus question in policy `{}`",
                        a.context,
                        self.policy.name()
                    ),
                });
            }
            for id in &resp.skills {
                let s = self.curriculum.require_skill(id, &place())? as u32;
                log.skills.push(s);
                let t = match self.tally.iter().position(|t| t.0 == s) {
                    Some(i) => &mut self.tally[i],
                    None => {
                        self.tally.push((s, 0, 0, 0));
                        let last = self.tally.len() - 1;
                        &mut self.tally[last]
                    }
                };
                if resp.bonus {
                    t.3 += 1;
                } else {
                    t.1 += 1;
                    t.2 += u32::from(score < 1.0);
                }
            }
            log.skill_off.push(log.skills.len() as u32);
            log.score.push(score);
            log.bonus.push(resp.bonus);
        }
        for &(s, questions, misses, bonus) in &self.tally {
            let id = &self.curriculum.skills()[s as usize].id;
            if bonus > 1 || (bonus == 1 && misses != 1) {
                return Err(Error::BonusNotAllowed {
                    location: format!("skill `{id}` of {label}"),
                    reason: if bonus > 1 {
                        "only one bonus question per exercise".into()
                    } else {
                        format!("it follows exactly one miss, not {misses} of {questions}")
                    },
                });
            }
        }
        if ctx.challenge
            && let Some(ch) = self.policy.challenge()
        {
            if self.tally.len() > ch.max_skills as usize {
                return Err(Error::MasteryChallengeShape {
                    location: label,
                    detail: format!(
                        "{} skills, at most {} allowed",
                        self.tally.len(),
                        ch.max_skills
                    ),
                });
            }
            if let Some(&(s, q, _, _)) = self.tally.iter().find(|t| t.1 != ch.questions_per_skill) {
                return Err(Error::MasteryChallengeShape {
                    location: label,
                    detail: format!(
                        "skill `{}` has {q} questions, {} expected",
                        self.curriculum.skills()[s as usize].id,
                        ch.questions_per_skill
                    ),
                });
            }
        }
        let learner = log.learners.intern(&a.learner).0;
        let single_skill = match self.tally.as_slice() {
            [(s, ..)] if log.skills.len() - first_skill == a.responses.len() => *s,
            _ => u32::MAX,
        };
        log.heads.push(Head {
            single_skill,
            learner,
            context,
            challenge: ctx.challenge,
            timestamp: a.timestamp.as_millis(),
            responses: (first, log.score.len() as u32),
            duration,
        });
        let event = a
            .event_id
            .as_ref()
            .map_or(NO_EVENT, |id| log.event_ids.intern(id).0);
        log.events.push(event);
        Ok(())
    }
}
