//! Deciding the steps: a plan shared by every learner of a call (the scope, the graph in
//! learnable order, the rules resolved against the policy), and per-thread work that fills
//! a compact list of picks per learner, expanded into [`NextStep`]s with reasons and sentences.

use serde::Serialize;

use super::rules::{NextStepRules, Resolved, ResolvedTest, StepKind};
use crate::curriculum::{Curriculum, Scope};
use crate::error::{Error, Result};
use crate::mastery::{LearnerStore, LearnerView, Practice};
use crate::policy::Policy;
use crate::time::{DAY_MS, Timestamp};

/// One next step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextStep {
    /// What kind of step.
    pub kind: StepKind,
    /// The skills to work on (a challenge's or test's skills, in the order asked).
    pub skills: Vec<String>,
    /// The unit (unit test) or course (course challenge) the step covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The policy context to take it in, for a challenge or a test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Questions per skill, for a challenge or a test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions_per_skill: Option<u32>,
    /// Why, as data.
    pub reason: Reason,
    /// Why, in a sentence.
    pub text: String,
}

/// Why a step was proposed: a code and the facts behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The learner struggles with `skill`, and `prerequisite` (the weakest, deepest of its
    /// weak prerequisites, `depth` steps below it) is below `required_level`.
    WeakPrerequisite {
        /// The skill struggled with.
        skill: String,
        /// Its level.
        level: String,
        /// Its responses.
        responses: u32,
        /// Their accuracy.
        accuracy: f64,
        /// The prerequisite to work on.
        prerequisite: String,
        /// Its level.
        prerequisite_level: String,
        /// The level prerequisites need.
        required_level: String,
        /// Prerequisite steps from the skill down to it (1: a direct prerequisite).
        depth: u32,
    },
    /// The learner struggles with `skill`, whose prerequisites are fine: retry it.
    Struggling {
        /// The skill.
        skill: String,
        /// Its level.
        level: String,
        /// Its responses.
        responses: u32,
        /// Their accuracy.
        accuracy: f64,
        /// P(known), under a probability policy.
        #[serde(skip_serializing_if = "Option::is_none")]
        p_known: Option<f64>,
        /// Which rule found the struggle: `level`, `demoted`, `accuracy` or `p_known`.
        rule: &'static str,
    },
    /// Every prerequisite of `skill` is at `required_level`, and the skill is below the target.
    PrerequisitesMet {
        /// The skill.
        skill: String,
        /// Its level.
        level: String,
        /// Its prerequisites.
        prerequisites: Vec<String>,
        /// The level they are at or above.
        required_level: String,
    },
    /// `skill` has not been practised for longer than its review interval.
    ReviewDue {
        /// The skill.
        skill: String,
        /// Its level.
        level: String,
        /// When it was last practised.
        last_practiced: Timestamp,
        /// Days since then.
        days_since: f64,
        /// The review interval, in days.
        interval_days: f64,
        /// Successful reviews in a row so far.
        reviews: u8,
    },
    /// The policy's mastery challenge is unlocked.
    ChallengeUnlocked {
        /// The unlock conditions, each met.
        requirements: Vec<Requirement>,
    },
    /// Most of a unit (unit test) or course (course challenge) is known.
    MostlyKnown {
        /// `unit:ID` or `course:ID`.
        scope: String,
        /// Skills at `level` or above.
        known: u32,
        /// Skills in all.
        skills: u32,
        /// The level that counts as known.
        level: String,
        /// The share needed.
        min_share: f64,
    },
    /// The goal is met, and every prerequisite of `skill` is at `required_level`.
    GoalMet {
        /// The goal's scope.
        goal: String,
        /// The skill beyond it.
        skill: String,
        /// The level its prerequisites are at or above.
        required_level: String,
    },
}

impl Reason {
    /// The reason's code (`weak_prerequisite`).
    pub fn code(&self) -> &'static str {
        REASON_CODES[match self {
            Reason::WeakPrerequisite { .. } => 0,
            Reason::Struggling { .. } => 1,
            Reason::PrerequisitesMet { .. } => 2,
            Reason::ReviewDue { .. } => 3,
            Reason::ChallengeUnlocked { .. } => 4,
            Reason::MostlyKnown { .. } => 5,
            Reason::GoalMet { .. } => 6,
        }]
    }
}

/// One unlock condition of the mastery challenge, and where the learner stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Requirement {
    /// The level.
    pub level: String,
    /// Skills needed at it or above.
    pub at_least: u32,
    /// Skills the learner has at it or above.
    pub has: u32,
    /// Whether it holds.
    pub met: bool,
}

/// Whether a learner may take a mastery challenge now, why not, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChallengeStatus {
    /// The policy has a mastery challenge.
    pub available: bool,
    /// Every requirement holds and no cool-down runs: a challenge may be taken now.
    pub unlocked: bool,
    /// The unlock conditions.
    pub requirements: Vec<Requirement>,
    /// The last challenge taken.
    pub last_challenge: Option<Timestamp>,
    /// When the cool-down after the last challenge ends, while it runs.
    pub cooldown_until: Option<Timestamp>,
    /// When it unlocks, when only the cool-down stands in the way.
    pub unlocks_at: Option<Timestamp>,
    /// The context challenges are taken in.
    pub context: Option<String>,
    /// Questions per skill.
    pub questions_per_skill: u32,
    /// Most skills in one challenge.
    pub max_skills: u32,
}

/// The mastery challenge status of `learner` at `now`, under its store's policy.
pub fn challenge_status(learner: &LearnerView<'_>, now: Timestamp) -> ChallengeStatus {
    let policy = learner.store().policy();
    let Some(ch) = policy.challenge() else {
        return ChallengeStatus {
            available: false,
            unlocked: false,
            requirements: Vec::new(),
            last_challenge: None,
            cooldown_until: None,
            unlocks_at: None,
            context: None,
            questions_per_skill: 0,
            max_skills: 0,
        };
    };
    let requirements: Vec<Requirement> = ch
        .unlock
        .iter()
        .map(|&(level, at_least)| {
            let has = learner.levels().filter(|&l| l >= level).count() as u32;
            Requirement {
                level: policy.level_id(level).to_string(),
                at_least,
                has,
                met: has >= at_least,
            }
        })
        .collect();
    let last = learner.last_challenge();
    let cooldown_until = last
        .map(|t| Timestamp::from_millis(t.as_millis().saturating_add(ch.cooldown_ms)))
        .filter(|&end| now < end);
    let met = requirements.iter().all(|r| r.met);
    ChallengeStatus {
        available: true,
        unlocked: met && cooldown_until.is_none(),
        requirements,
        last_challenge: last,
        cooldown_until,
        unlocks_at: cooldown_until.filter(|_| met),
        context: Some(policy.context_id(ch.context).to_string()),
        questions_per_skill: ch.questions_per_skill,
        max_skills: ch.max_skills,
    }
}

/// One learner's step in a class-wide list ([`LearnerStore::next_steps_all`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRow {
    /// The learner's row in the store.
    pub learner: u32,
    /// Its rank in the learner's list, from 1.
    pub rank: u32,
    /// The kind.
    pub kind: StepKind,
    /// The unit (unit test) or course (course challenge) index, if any.
    pub scope: Option<u32>,
    /// Its reason's code, as an index into [`REASON_CODES`].
    code: u8,
    /// Its skills in [`ClassSteps`]'s pool: first, count.
    skills: (u32, u32),
}

/// Every reason code, in [`Reason`]'s order.
pub const REASON_CODES: [&str; 7] = [
    "weak_prerequisite",
    "struggling",
    "prerequisites_met",
    "review_due",
    "challenge_unlocked",
    "mostly_known",
    "goal_met",
];

impl StepRow {
    /// The reason's code (`weak_prerequisite`).
    pub fn code(&self) -> &'static str {
        REASON_CODES[self.code as usize]
    }
}

/// Every learner's next steps, compactly: rows, and the skills they name in one pool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassSteps {
    /// The rows: learners in store order, each learner's steps by rank.
    pub rows: Vec<StepRow>,
    pool: Vec<u32>,
}

impl ClassSteps {
    /// The skills (curriculum indices) a row names; a unit test's or course challenge's
    /// are its unit's or course's, in curriculum order.
    pub fn skills(&self, row: &StepRow, curriculum: &Curriculum) -> Vec<u32> {
        let (first, count) = (row.skills.0 as usize, row.skills.1 as usize);
        match (row.kind, row.scope) {
            (StepKind::UnitTest, Some(u)) => group(
                curriculum,
                Scope::Unit(curriculum.units()[u as usize].id.clone()),
            ),
            (StepKind::CourseChallenge, Some(k)) => group(
                curriculum,
                Scope::Course(curriculum.courses()[k as usize].id.clone()),
            ),
            _ => self.pool[first..first + count].to_vec(),
        }
    }

    /// Every row with ids in place of indices.
    pub fn named<'s>(&self, store: &'s LearnerStore) -> Vec<NamedStepRow<'s>> {
        let c = store.curriculum();
        self.rows
            .iter()
            .map(|row| NamedStepRow {
                learner: &store.learners()[row.learner as usize],
                rank: row.rank,
                kind: row.kind,
                skills: self
                    .skills(row, c)
                    .into_iter()
                    .map(|s| c.skills()[s as usize].id.as_str())
                    .collect(),
                scope: match (row.kind, row.scope) {
                    (StepKind::UnitTest, Some(u)) => {
                        Some(format!("unit:{}", c.units()[u as usize].id))
                    }
                    (StepKind::CourseChallenge, Some(k)) => {
                        Some(format!("course:{}", c.courses()[k as usize].id))
                    }
                    _ => None,
                },
                reason: row.code(),
            })
            .collect()
    }

    /// Appends `other`, whose rows follow these.
    #[cfg(feature = "parallel")]
    pub(crate) fn extend(&mut self, other: ClassSteps) {
        let offset = self.pool.len() as u32;
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            r.skills.0 += offset;
            r
        }));
        self.pool.extend(other.pool);
    }
}

/// The skills of a unit or course, in curriculum order.
fn group(curriculum: &Curriculum, scope: Scope) -> Vec<u32> {
    curriculum
        .scope_skills(&scope)
        .unwrap_or_default()
        .into_iter()
        .map(|s| s as u32)
        .collect()
}

/// A [`StepRow`] with ids: what front ends print or hand over.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NamedStepRow<'s> {
    /// The learner id.
    pub learner: &'s str,
    /// The rank in the learner's list, from 1.
    pub rank: u32,
    /// The kind.
    pub kind: StepKind,
    /// The skill ids.
    pub skills: Vec<&'s str>,
    /// `unit:ID` (unit test) or `course:ID` (course challenge).
    pub scope: Option<String>,
    /// The reason's code.
    pub reason: &'static str,
}

/// The mastery challenge as the plan uses it.
struct ChallengePlan {
    context: u8,
    questions_per_skill: u32,
    max_skills: usize,
    unlock: Vec<(u8, u32)>,
    cooldown_ms: i64,
    /// Skills at this level or above may be challenged.
    min_level: u8,
}

/// What every learner of one call shares.
pub(crate) struct Plan<'s> {
    curriculum: &'s Curriculum,
    policy: &'s Policy,
    rules: Resolved,
    scope: Option<Scope>,
    /// The scope's skills in learnable order.
    scope_order: Vec<u32>,
    in_scope: Vec<bool>,
    /// Every skill in learnable order, and each skill's place in it.
    order: Vec<u32>,
    position: Vec<u32>,
    /// Units and courses with a skill in the scope: (index, skills).
    units: Vec<(u32, Vec<u32>)>,
    courses: Vec<(u32, Vec<u32>)>,
    challenge: Option<ChallengePlan>,
    top: u8,
    probability: bool,
}

impl<'s> Plan<'s> {
    /// The plan for learners of a store with this curriculum and policy.
    pub(crate) fn new(
        curriculum: &'s Curriculum,
        policy: &'s Policy,
        rules: &NextStepRules,
        scope: Option<&Scope>,
    ) -> Result<Plan<'s>> {
        let rules = rules
            .resolve(policy)
            .map_err(|e| Error::InvalidNextStepRules { problems: vec![e] })?;
        let n = curriculum.len();
        let order: Vec<u32> = curriculum.learnable_order_indices().to_vec();
        let mut position = vec![0u32; n];
        for (p, &s) in order.iter().enumerate() {
            position[s as usize] = p as u32;
        }
        let mut in_scope = vec![scope.is_none(); n];
        if let Some(scope) = scope {
            for s in curriculum.scope_skills(scope)? {
                in_scope[s] = true;
            }
        }
        let scope_order = order
            .iter()
            .copied()
            .filter(|&s| in_scope[s as usize])
            .collect();
        let touching = |skills: Vec<usize>| -> Option<Vec<u32>> {
            (!skills.is_empty() && skills.iter().any(|&s| in_scope[s]))
                .then(|| skills.into_iter().map(|s| s as u32).collect())
        };
        let mut units = Vec::new();
        for (u, unit) in curriculum.units().iter().enumerate() {
            if let Some(skills) = touching(curriculum.scope_skills(&Scope::Unit(unit.id.clone()))?)
            {
                units.push((u as u32, skills));
            }
        }
        let mut courses = Vec::new();
        for (c, course) in curriculum.courses().iter().enumerate() {
            if let Some(skills) =
                touching(curriculum.scope_skills(&Scope::Course(course.id.clone()))?)
            {
                courses.push((c as u32, skills));
            }
        }
        let challenge = policy
            .challenge()
            .filter(|_| rules.challenge)
            .map(|ch| ChallengePlan {
                context: ch.context,
                questions_per_skill: ch.questions_per_skill,
                max_skills: ch.max_skills as usize,
                unlock: ch.unlock.clone(),
                cooldown_ms: ch.cooldown_ms,
                min_level: ch.unlock.iter().map(|&(l, _)| l).min().unwrap_or(1).max(1),
            });
        Ok(Plan {
            curriculum,
            policy,
            rules,
            scope: scope.cloned(),
            scope_order,
            in_scope,
            order,
            position,
            units,
            courses,
            challenge,
            top: (policy.levels().len() - 1) as u8,
            probability: policy.is_probability(),
        })
    }

    fn curriculum(&self) -> &'s Curriculum {
        self.curriculum
    }

    fn policy(&self) -> &'s Policy {
        self.policy
    }
}

/// A step, compactly.
#[derive(Debug, Clone, Copy)]
enum Pick {
    /// Work on `skill`, `depth` prerequisite steps below the struggle `of` (0: `of` itself).
    Corrective {
        skill: u32,
        of: u32,
        depth: u32,
    },
    NextUp {
        skill: u32,
    },
    Review {
        skill: u32,
        interval_ms: f64,
    },
    /// On the skills in [`Work::challenge_skills`].
    Challenge,
    UnitTest {
        unit: u32,
        known: u32,
        total: u32,
    },
    CourseChallenge {
        course: u32,
        known: u32,
        total: u32,
    },
    Enrichment {
        skill: u32,
    },
}

/// Why a skill is a struggle.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Struggle {
    No,
    Level,
    Demoted,
    Accuracy,
    PKnown,
}

impl Struggle {
    fn rule(self) -> &'static str {
        match self {
            Struggle::No => "none",
            Struggle::Level => "level",
            Struggle::Demoted => "demoted",
            Struggle::Accuracy => "accuracy",
            Struggle::PKnown => "p_known",
        }
    }
}

/// Per-thread scratch, reused across learners.
pub(crate) struct Work {
    levels: Vec<u8>,
    struggle: Vec<Struggle>,
    picks: Vec<Pick>,
    challenge_skills: Vec<u32>,
    /// Skills a step names already (stamped with `stamp`).
    used: Vec<u32>,
    /// Breadth-first search through weak prerequisites: visit stamps, depths, queue.
    seen: Vec<u32>,
    depth: Vec<u32>,
    queue: Vec<u32>,
    used_stamp: u32,
    seen_stamp: u32,
    candidates: Vec<(f64, u32)>,
    /// Mastery challenge candidates: (outside the goal, at the top level, last practised,
    /// place, skill).
    challengers: Vec<(bool, bool, i64, u32, u32)>,
}

impl Work {
    pub(crate) fn new(plan: &Plan<'_>) -> Work {
        let n = plan.curriculum().len();
        Work {
            levels: vec![0; n],
            struggle: vec![Struggle::No; n],
            picks: Vec::new(),
            challenge_skills: Vec::new(),
            used: vec![0; n],
            seen: vec![0; n],
            depth: vec![0; n],
            queue: Vec::new(),
            used_stamp: 0,
            seen_stamp: 0,
            candidates: Vec::new(),
            challengers: Vec::new(),
        }
    }

    /// A fresh stamp for `marks` (cleared when the counter wraps).
    fn fresh(stamp: &mut u32, marks: &mut [u32]) -> u32 {
        *stamp = stamp.wrapping_add(1);
        if *stamp == 0 {
            marks.fill(0);
            *stamp = 1;
        }
        *stamp
    }

    /// Fills `picks` for one learner.
    pub(crate) fn decide(&mut self, plan: &Plan<'_>, view: &LearnerView<'_>, now: Timestamp) {
        let r = &plan.rules;
        self.picks.clear();
        self.challenge_skills.clear();
        for s in 0..self.levels.len() {
            let p = view.practice_at(s);
            self.levels[s] = p.level_index;
            self.struggle[s] = if p.level_index < r.target {
                struggle(plan, view, s, &p)
            } else {
                Struggle::No
            };
        }
        let used = Work::fresh(&mut self.used_stamp, &mut self.used);
        for &kind in &r.order {
            let room = r.max_steps.saturating_sub(self.picks.len());
            if room == 0 {
                break;
            }
            let before = self.picks.len();
            match kind {
                StepKind::Corrective => self.correctives(plan, used, room.min(r.corrective_max)),
                StepKind::NextUp => self.next_up(plan, used, room.min(r.next_up_max)),
                StepKind::Review => self.reviews(plan, view, now, used, room.min(r.review_max)),
                StepKind::MasteryChallenge => self.challenge(plan, view, now),
                StepKind::UnitTest => self.tests(plan, kind, room.min(r.unit_test.max)),
                StepKind::CourseChallenge => {
                    self.tests(plan, kind, room.min(r.course_challenge.max))
                }
                StepKind::Enrichment => self.enrichment(plan, used, room.min(r.enrichment_max)),
            }
            debug_assert!(self.picks.len() <= before + room);
        }
    }

    fn use_skill(&mut self, stamp: u32, skill: u32) -> bool {
        let fresh = self.used[skill as usize] != stamp;
        self.used[skill as usize] = stamp;
        fresh
    }

    fn correctives(&mut self, plan: &Plan<'_>, used: u32, max: usize) {
        let mut added = 0;
        for &s in &plan.scope_order {
            if added == max {
                break;
            }
            if self.struggle[s as usize] == Struggle::No {
                continue;
            }
            let (skill, depth) = self.root_gap(plan, s).unwrap_or((s, 0));
            if self.use_skill(used, skill) {
                self.picks.push(Pick::Corrective {
                    skill,
                    of: s,
                    depth,
                });
                added += 1;
            }
        }
    }

    /// The weakest, deepest weak prerequisite of `skill` whose own prerequisites are all
    /// fine, searching down through weak prerequisites only; `None` if none is weak.
    fn root_gap(&mut self, plan: &Plan<'_>, skill: u32) -> Option<(u32, u32)> {
        let need = plan.rules.prerequisite_level;
        let graph = plan.curriculum();
        let stamp = Work::fresh(&mut self.seen_stamp, &mut self.seen);
        self.queue.clear();
        self.queue.push(skill);
        self.seen[skill as usize] = stamp;
        self.depth[skill as usize] = 0;
        let mut best: Option<(u8, u32, u32, u32)> = None; // (level, depth, position, skill)
        let mut head = 0;
        while head < self.queue.len() {
            let s = self.queue[head];
            head += 1;
            let d = self.depth[s as usize];
            let mut weak_below = false;
            for &p in graph.prerequisite_indices(s as usize) {
                if self.levels[p as usize] >= need {
                    continue;
                }
                weak_below = true;
                if self.seen[p as usize] != stamp {
                    self.seen[p as usize] = stamp;
                    self.depth[p as usize] = d + 1;
                    self.queue.push(p);
                }
            }
            if s != skill && !weak_below {
                let key = (self.levels[s as usize], d, plan.position[s as usize], s);
                let better = match best {
                    None => true,
                    // Weakest first, then deepest, then earliest in learnable order.
                    Some((l, bd, bp, _)) => {
                        (key.0, std::cmp::Reverse(key.1), key.2) < (l, std::cmp::Reverse(bd), bp)
                    }
                };
                if better {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, d, _, s)| (s, d))
    }

    fn prerequisites_at(&self, plan: &Plan<'_>, skill: u32, level: u8) -> bool {
        plan.curriculum()
            .prerequisite_indices(skill as usize)
            .iter()
            .all(|&p| self.levels[p as usize] >= level)
    }

    fn next_up(&mut self, plan: &Plan<'_>, used: u32, max: usize) {
        let target = plan.rules.target;
        let mut added = 0;
        for &s in &plan.scope_order {
            if added == max {
                break;
            }
            if self.levels[s as usize] < target
                && self.struggle[s as usize] == Struggle::No
                && self.used[s as usize] != used
                && self.prerequisites_at(plan, s, target)
            {
                self.used[s as usize] = used;
                self.picks.push(Pick::NextUp { skill: s });
                added += 1;
            }
        }
    }

    fn reviews(
        &mut self,
        plan: &Plan<'_>,
        view: &LearnerView<'_>,
        now: Timestamp,
        used: u32,
        max: usize,
    ) {
        if max == 0 {
            return;
        }
        let r = &plan.rules;
        self.candidates.clear();
        for &s in &plan.scope_order {
            if self.levels[s as usize] < r.review_level || self.used[s as usize] == used {
                continue;
            }
            let state = view.practice_at(s as usize);
            let Some(last) = state.last_practiced else {
                continue;
            };
            let elapsed = (now.as_millis() - last.as_millis()) as f64;
            let interval = r.review_interval_ms(state.reviews);
            if elapsed >= interval {
                self.candidates.push((elapsed / interval, s));
            }
        }
        // Most overdue first, then learnable order.
        let position = &plan.position;
        // Keys are unique (the place breaks ties), so an unstable sort is deterministic.
        self.candidates.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(position[a.1 as usize].cmp(&position[b.1 as usize]))
        });
        for k in 0..self.candidates.len().min(max) {
            let s = self.candidates[k].1;
            self.used[s as usize] = used;
            let interval_ms = r.review_interval_ms(view.practice_at(s as usize).reviews);
            self.picks.push(Pick::Review {
                skill: s,
                interval_ms,
            });
        }
    }

    fn challenge(&mut self, plan: &Plan<'_>, view: &LearnerView<'_>, now: Timestamp) {
        let Some(ch) = &plan.challenge else {
            return;
        };
        for &(level, at_least) in &ch.unlock {
            let has = self.levels.iter().filter(|&&l| l >= level).count();
            if has < at_least as usize {
                return;
            }
        }
        if let Some(last) = view.last_challenge()
            && now.as_millis() < last.as_millis().saturating_add(ch.cooldown_ms)
        {
            return;
        }
        // Skills of the goal first (others fill the rest), then those that can still level
        // up, then the least recently practised.
        self.challengers.clear();
        for &s in &plan.order {
            let level = self.levels[s as usize];
            if level < ch.min_level {
                continue;
            }
            let last = view.practice_at(s as usize).last_practiced;
            self.challengers.push((
                !plan.in_scope[s as usize],
                level >= plan.top,
                last.map_or(i64::MIN, Timestamp::as_millis),
                plan.position[s as usize],
                s,
            ));
        }
        if self.challengers.is_empty() {
            return;
        }
        self.challengers.sort_unstable();
        let take = self.challengers.len().min(ch.max_skills);
        self.challenge_skills
            .extend(self.challengers[..take].iter().map(|c| c.4));
        self.picks.push(Pick::Challenge);
    }

    fn tests(&mut self, plan: &Plan<'_>, kind: StepKind, max: usize) {
        let (groups, rules) = match kind {
            StepKind::UnitTest => (&plan.units, &plan.rules.unit_test),
            _ => (&plan.courses, &plan.rules.course_challenge),
        };
        let mut added = 0;
        for (g, skills) in groups {
            if added == max {
                break;
            }
            let known = skills
                .iter()
                .filter(|&&s| self.levels[s as usize] >= rules.min_level)
                .count() as u32;
            let total = skills.len() as u32;
            let room_to_grow = skills.iter().any(|&s| self.levels[s as usize] < plan.top);
            if room_to_grow && f64::from(known) >= rules.min_share * f64::from(total) {
                self.picks.push(match kind {
                    StepKind::UnitTest => Pick::UnitTest {
                        unit: *g,
                        known,
                        total,
                    },
                    _ => Pick::CourseChallenge {
                        course: *g,
                        known,
                        total,
                    },
                });
                added += 1;
            }
        }
    }

    fn enrichment(&mut self, plan: &Plan<'_>, used: u32, max: usize) {
        let target = plan.rules.target;
        if plan.scope.is_none()
            || plan
                .scope_order
                .iter()
                .any(|&s| self.levels[s as usize] < target)
        {
            return;
        }
        let mut added = 0;
        for &s in &plan.order {
            if added == max {
                break;
            }
            if !plan.in_scope[s as usize]
                && self.levels[s as usize] < target
                && self.used[s as usize] != used
                && self.prerequisites_at(plan, s, target)
            {
                self.used[s as usize] = used;
                self.picks.push(Pick::Enrichment { skill: s });
                added += 1;
            }
        }
    }

    /// The picks as class-wide rows of learner `row`.
    pub(crate) fn rows(&self, row: u32, out: &mut ClassSteps) {
        for (k, pick) in self.picks.iter().enumerate() {
            let first = out.pool.len() as u32;
            let (kind, scope, code) = match *pick {
                Pick::Corrective { skill, depth, .. } => {
                    out.pool.push(skill);
                    let code = if depth == 0 { 1 } else { 0 };
                    (StepKind::Corrective, None, code)
                }
                Pick::NextUp { skill } => {
                    out.pool.push(skill);
                    (StepKind::NextUp, None, 2)
                }
                Pick::Review { skill, .. } => {
                    out.pool.push(skill);
                    (StepKind::Review, None, 3)
                }
                Pick::Challenge => {
                    out.pool.extend_from_slice(&self.challenge_skills);
                    (StepKind::MasteryChallenge, None, 4)
                }
                Pick::UnitTest { unit, .. } => (StepKind::UnitTest, Some(unit), 5),
                Pick::CourseChallenge { course, .. } => {
                    (StepKind::CourseChallenge, Some(course), 5)
                }
                Pick::Enrichment { skill } => {
                    out.pool.push(skill);
                    (StepKind::Enrichment, None, 6)
                }
            };
            out.rows.push(StepRow {
                learner: row,
                rank: k as u32 + 1,
                kind,
                scope,
                code,
                skills: (first, out.pool.len() as u32 - first),
            });
        }
    }

    /// The picks as steps with their reasons and sentences.
    pub(crate) fn expand(
        &self,
        plan: &Plan<'_>,
        view: &LearnerView<'_>,
        now: Timestamp,
    ) -> Vec<NextStep> {
        let c = plan.curriculum();
        let p = plan.policy();
        let id = |s: u32| c.skills()[s as usize].id.clone();
        let name = |s: u32| c.skills()[s as usize].display_name();
        let level_id = |l: u8| p.level_id(l).to_string();
        let level_name = |l: u8| p.levels()[l as usize].name.as_str();
        let accuracy = |s: u32| {
            let st = view.skill_at(s as usize);
            if st.responses == 0 {
                0.0
            } else {
                st.score_sum / f64::from(st.responses)
            }
        };
        let percent = |x: f64| (x * 100.0).round();
        let step = |kind, skills, reason, text| NextStep {
            kind,
            skills,
            scope: None,
            context: None,
            questions_per_skill: None,
            reason,
            text,
        };
        let mut out = Vec::with_capacity(self.picks.len());
        for pick in &self.picks {
            out.push(match *pick {
                Pick::Corrective { skill, of, depth } => {
                    let st = view.skill_at(of as usize);
                    let level = self.levels[of as usize];
                    if depth == 0 {
                        let rule = self.struggle[of as usize];
                        step(
                            StepKind::Corrective,
                            vec![id(of)],
                            Reason::Struggling {
                                skill: id(of),
                                level: level_id(level),
                                responses: st.responses,
                                accuracy: accuracy(of),
                                p_known: if plan.probability { st.p_known } else { None },
                                rule: rule.rule(),
                            },
                            if rule == Struggle::Demoted {
                                format!(
                                    "Practise {} again: it moved down to {} ({} responses, {}% right).",
                                    name(of),
                                    level_name(level),
                                    st.responses,
                                    percent(accuracy(of))
                                )
                            } else {
                                format!(
                                    "Practise {} again: {} after {} responses, {}% right.",
                                    name(of),
                                    level_name(level),
                                    st.responses,
                                    percent(accuracy(of))
                                )
                            },
                        )
                    } else {
                        let need = plan.rules.prerequisite_level;
                        let pl = self.levels[skill as usize];
                        step(
                            StepKind::Corrective,
                            vec![id(skill)],
                            Reason::WeakPrerequisite {
                                skill: id(of),
                                level: level_id(level),
                                responses: st.responses,
                                accuracy: accuracy(of),
                                prerequisite: id(skill),
                                prerequisite_level: level_id(pl),
                                required_level: level_id(need),
                                depth,
                            },
                            format!(
                                "Practise {} first: {} needs it at {} or better, and it is {}.",
                                name(skill),
                                name(of),
                                level_name(need),
                                level_name(pl)
                            ),
                        )
                    }
                }
                Pick::NextUp { skill } => {
                    let target = plan.rules.target;
                    let prerequisites: Vec<String> = c
                        .prerequisite_indices(skill as usize)
                        .iter()
                        .map(|&q| id(q))
                        .collect();
                    let text = if prerequisites.is_empty() {
                        format!("Next up: {}, which needs nothing before it.", name(skill))
                    } else {
                        format!(
                            "Next up: {}; its prerequisites are {} or better.",
                            name(skill),
                            level_name(target)
                        )
                    };
                    step(
                        StepKind::NextUp,
                        vec![id(skill)],
                        Reason::PrerequisitesMet {
                            skill: id(skill),
                            level: level_id(self.levels[skill as usize]),
                            prerequisites,
                            required_level: level_id(target),
                        },
                        text,
                    )
                }
                Pick::Review { skill, interval_ms } => {
                    let st = view.skill_at(skill as usize);
                    let last = st.last_practiced.unwrap_or(now);
                    let day = DAY_MS as f64;
                    let days_since = (now.as_millis() - last.as_millis()) as f64 / day;
                    let interval_days = interval_ms / day;
                    step(
                        StepKind::Review,
                        vec![id(skill)],
                        Reason::ReviewDue {
                            skill: id(skill),
                            level: level_id(self.levels[skill as usize]),
                            last_practiced: last,
                            days_since,
                            interval_days,
                            reviews: st.reviews,
                        },
                        format!(
                            "Review {}: {}, last practised {} days ago (review every {} days).",
                            name(skill),
                            level_name(self.levels[skill as usize]),
                            days_since.floor(),
                            interval_days.round()
                        ),
                    )
                }
                Pick::Challenge => {
                    let ch = plan.challenge.as_ref();
                    let requirements = ch
                        .map(|ch| {
                            ch.unlock
                                .iter()
                                .map(|&(level, at_least)| {
                                    let has =
                                        self.levels.iter().filter(|&&l| l >= level).count() as u32;
                                    Requirement {
                                        level: level_id(level),
                                        at_least,
                                        has,
                                        met: has >= at_least,
                                    }
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let names: Vec<&str> = self.challenge_skills.iter().map(|&s| name(s)).collect();
                    let questions = ch.map_or(0, |ch| ch.questions_per_skill);
                    NextStep {
                        kind: StepKind::MasteryChallenge,
                        skills: self.challenge_skills.iter().map(|&s| id(s)).collect(),
                        scope: None,
                        context: ch.map(|ch| p.context_id(ch.context).to_string()),
                        questions_per_skill: Some(questions),
                        reason: Reason::ChallengeUnlocked { requirements },
                        text: format!(
                            "Take a mastery challenge on {} ({} questions each): it is unlocked.",
                            and_list(&names),
                            questions
                        ),
                    }
                }
                Pick::UnitTest { unit, known, total } => {
                    let u = &c.units()[unit as usize];
                    let test = Test {
                        kind: StepKind::UnitTest,
                        scope: format!("unit:{}", u.id),
                        what: format!("the unit test of {}", display(&u.name, &u.id)),
                        skills: group_skills(&plan.units, unit),
                        rules: &plan.rules.unit_test,
                    };
                    test.step(c, p, known, total)
                }
                Pick::CourseChallenge {
                    course,
                    known,
                    total,
                } => {
                    let k = &c.courses()[course as usize];
                    let test = Test {
                        kind: StepKind::CourseChallenge,
                        scope: format!("course:{}", k.id),
                        what: format!("the course challenge of {}", display(&k.name, &k.id)),
                        skills: group_skills(&plan.courses, course),
                        rules: &plan.rules.course_challenge,
                    };
                    test.step(c, p, known, total)
                }
                Pick::Enrichment { skill } => {
                    let target = plan.rules.target;
                    let goal = plan.scope.as_ref().map(ToString::to_string).unwrap_or_default();
                    step(
                        StepKind::Enrichment,
                        vec![id(skill)],
                        Reason::GoalMet {
                            goal,
                            skill: id(skill),
                            required_level: level_id(target),
                        },
                        format!(
                            "Goal met. Beyond it: {}, whose prerequisites are {} or better.",
                            name(skill),
                            level_name(target)
                        ),
                    )
                }
            });
        }
        out
    }
}

/// A unit test or course challenge to propose.
struct Test<'r> {
    kind: StepKind,
    /// `unit:ID` or `course:ID`.
    scope: String,
    /// "the unit test of Fractions".
    what: String,
    skills: Vec<u32>,
    rules: &'r ResolvedTest,
}

impl Test<'_> {
    /// The step, `known` of its `total` skills at the rules' level or above.
    fn step(self, c: &Curriculum, p: &Policy, known: u32, total: u32) -> NextStep {
        let t = self.rules;
        NextStep {
            kind: self.kind,
            skills: self
                .skills
                .iter()
                .map(|&s| c.skills()[s as usize].id.clone())
                .collect(),
            scope: Some(self.scope.clone()),
            context: Some(p.context_id(t.context).to_string()),
            questions_per_skill: Some(t.questions_per_skill),
            reason: Reason::MostlyKnown {
                scope: self.scope,
                known,
                skills: total,
                level: p.level_id(t.min_level).to_string(),
                min_share: t.min_share,
            },
            text: format!(
                "Take {}: {} of its {} skills are {} or better.",
                self.what,
                known,
                total,
                p.levels()[t.min_level as usize].name
            ),
        }
    }
}

/// Whether skill `s` (below the target) is a struggle, and by which rule.
/// Whether the learner struggles with skill `s` by the plan's corrective rules: below the
/// target and caught by one of them (its name, e.g. `accuracy`).
pub(crate) fn struggling_rule(
    plan: &Plan<'_>,
    view: &LearnerView<'_>,
    s: usize,
) -> Option<&'static str> {
    let p = view.practice_at(s);
    if p.level_index >= plan.rules.target {
        return None;
    }
    let why = struggle(plan, view, s, &p);
    (why != Struggle::No).then(|| why.rule())
}

fn struggle(plan: &Plan<'_>, view: &LearnerView<'_>, s: usize, st: &Practice) -> Struggle {
    let r = &plan.rules;
    if st.responses == 0 {
        return Struggle::No;
    }
    if r.struggling_levels & (1 << st.level_index) != 0 {
        return Struggle::Level;
    }
    if r.demoted && st.demoted {
        return Struggle::Demoted;
    }
    if st.responses < r.min_responses {
        return Struggle::No;
    }
    if st.accuracy() < r.max_accuracy {
        return Struggle::Accuracy;
    }
    if plan.probability && view.skill_at(s).p_known.is_some_and(|p| p < r.max_p_known) {
        return Struggle::PKnown;
    }
    Struggle::No
}

fn group_skills(groups: &[(u32, Vec<u32>)], index: u32) -> Vec<u32> {
    groups
        .iter()
        .find(|(g, _)| *g == index)
        .map(|(_, s)| s.clone())
        .unwrap_or_default()
}

fn display<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.is_empty() { id } else { name }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
