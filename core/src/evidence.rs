//! Evidence: responses grouped into assessments (one sitting each), their validation, and
//! their compiled form for fast replay.

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
