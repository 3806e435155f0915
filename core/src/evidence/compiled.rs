//! The compiled form of evidence: validated against the curriculum and policy, ids resolved
//! to indices, responses in flat columns for fast replay.

use super::{Assessment, Response};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::ids::Ids;
use crate::policy::{Context, Policy};

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
    /// A digest of each assessment's content ([`content_digest`]; 0 without an event id).
    pub(crate) contents: Vec<u64>,
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
        self.contents.reserve(assessments);
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
        self.contents.truncate(heads);
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
    /// Room for the bytes of a content digest.
    scratch: Vec<u8>,
}

impl<'a> Compiler<'a> {
    pub fn new(curriculum: &'a Curriculum, policy: &'a Policy) -> Self {
        Compiler {
            curriculum,
            policy,
            tally: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Appends one assessment to `log`, or leaves `log` as it was and returns the error (an
    /// evidence error, whatever its code).
    pub fn push(&mut self, log: &mut CompiledLog, a: &Assessment) -> Result<()> {
        if log.skill_off.is_empty() {
            log.skill_off.push(0);
        }
        let marks = log.marks();
        let result = self.push_inner(log, a).map_err(Error::in_evidence);
        if result.is_err() {
            log.truncate(marks);
        }
        result
    }

    /// Validates `a` and appends it; on error `log` may hold part of it (see [`Self::push`]).
    fn push_inner(&mut self, log: &mut CompiledLog, a: &Assessment) -> Result<()> {
        let label = a.label();
        let context = self.context_of(a, &label)?;
        let ctx = &self.policy.contexts[context as usize];
        let first = log.score.len() as u32;
        let first_skill = log.skills.len();
        let mut duration = 0.0;
        self.tally.clear();
        for (r, resp) in a.responses.iter().enumerate() {
            let place = || format!("response {} (item `{}`) of {label}", r + 1, resp.item);
            duration += self.push_response(log, a, resp, ctx, &place)?;
        }
        self.check_bonus(&label)?;
        if ctx.challenge {
            self.check_challenge_shape(&label)?;
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
        log.contents.push(if event == NO_EVENT {
            0
        } else {
            content_digest(a, &mut self.scratch)
        });
        Ok(())
    }

    /// The context index of `a`, after checking it has a learner and responses.
    fn context_of(&self, a: &Assessment, label: &str) -> Result<u8> {
        if a.learner.trim().is_empty() {
            return Err(Error::EmptyId {
                kind: IdKind::Learner,
                location: label.to_string(),
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
            return Err(Error::EmptyEvidence {
                location: label.to_string(),
            });
        }
        a.timestamp.check()?;
        for r in &a.responses {
            if let Some(t) = r.timestamp {
                t.check()?;
            }
        }
        Ok(context)
    }

    /// Validates one response and appends it with its skills, counting it in the tally: its
    /// duration in seconds (0 when not given).
    fn push_response(
        &mut self,
        log: &mut CompiledLog,
        a: &Assessment,
        resp: &Response,
        ctx: &Context,
        place: &dyn Fn() -> String,
    ) -> Result<f64> {
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
        let duration = resp.duration.unwrap_or(0.0);
        if !(duration.is_finite() && duration >= 0.0) {
            return Err(Error::InvalidNumber {
                location: format!("duration of {}", place()),
                value: duration,
                expected: "seconds >= 0",
            });
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
        Ok(duration)
    }

    /// A bonus question only follows exactly one miss on its skill, once per exercise.
    fn check_bonus(&self, label: &str) -> Result<()> {
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
        Ok(())
    }

    /// A mastery challenge covers at most `max_skills` skills with exactly
    /// `questions_per_skill` questions each.
    fn check_challenge_shape(&self, label: &str) -> Result<()> {
        let Some(ch) = self.policy.challenge() else {
            return Ok(());
        };
        if self.tally.len() > ch.max_skills as usize {
            return Err(Error::MasteryChallengeShape {
                location: label.to_string(),
                detail: format!(
                    "{} skills, at most {} allowed",
                    self.tally.len(),
                    ch.max_skills
                ),
            });
        }
        if let Some(&(s, q, _, _)) = self.tally.iter().find(|t| t.1 != ch.questions_per_skill) {
            return Err(Error::MasteryChallengeShape {
                location: label.to_string(),
                detail: format!(
                    "skill `{}` has {q} questions, {} expected",
                    self.curriculum.skills()[s as usize].id,
                    ch.questions_per_skill
                ),
            });
        }
        Ok(())
    }
}

/// Writes what decides an assessment's effect on levels (learner, context, time, and each
/// response's skills, score and bonus flag, in order) to `out`, length-prefixed, to tell a
/// re-sent assessment from a different one under the same event id. A right answer and a
/// score of 1 are the same, and durations and hints (which evidence columns do not carry)
/// do not count, so a log and a frame of the same sittings say the same.
fn content_bytes(a: &Assessment, out: &mut Vec<u8>) {
    fn int(out: &mut Vec<u8>, v: u64) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn text(out: &mut Vec<u8>, s: &str) {
        int(out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    fn option(out: &mut Vec<u8>, v: Option<f64>) {
        // No value and a value are told apart by a marker; NaN never gets here.
        int(out, v.map_or(u64::MAX, f64::to_bits));
    }
    out.clear();
    text(out, &a.learner);
    text(out, &a.context);
    int(out, a.timestamp.as_millis() as u64);
    int(out, a.responses.len() as u64);
    for r in &a.responses {
        int(out, r.skills.len() as u64);
        for s in &r.skills {
            text(out, s);
        }
        option(out, r.correct.map(|c| f64::from(u8::from(c))).or(r.score));
        int(out, u64::from(r.bonus));
    }
}

/// The content digest of an assessment: XXH64 of [`content_bytes`], a specified hash, so
/// the digests snapshots keep mean the same on every platform and in every version. Never 0
/// (0 stands for "unknown", as in snapshots of the first format).
pub(crate) fn content_digest(a: &Assessment, scratch: &mut Vec<u8>) -> u64 {
    content_bytes(a, scratch);
    xxhash_rust::xxh64::xxh64(scratch, 0).max(1)
}
