//! Simulated learners: hidden BKT parameters per skill, slower learning while prerequisites
//! are unknown, taught under a teaching policy. Seeded and parallel across learners, with
//! identical results for any number of threads.

mod guided;
mod learner;
mod memory;
mod run;
mod teacher;

pub use teacher::{Step, SyncIfParallel, Teaching};

use crate::watch::Watch;

use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::policy::Policy;
use crate::tracing::BktParams;
use crate::tracing::ResponseData;
use run::run_all;
use teacher::Gate;

/// A simulation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SimConfig {
    /// Number of learners.
    pub learners: usize,
    /// Index of the first learner: the run simulates learners `first_learner..first_learner
    /// + learners`, each seeded by (seed, its index), so runs over consecutive ranges are the
    /// parts of one run ([`SimResult::merge`]).
    pub first_learner: usize,
    /// Seed of everything random.
    pub seed: u64,
    /// Population BKT parameters; each learner's hidden parameters are drawn around them.
    pub population: BktParams,
    /// Population parameters of particular skills, by id (the others use `population`).
    pub skill_population: std::collections::BTreeMap<String, BktParams>,
    /// Spread of each learner's hidden parameters around the population's (uniform, +-;
    /// 0 gives every learner exactly the population's parameters).
    pub spread: f64,
    /// Learning rate factor while any prerequisite is not truly known (1 = no slowdown).
    pub prerequisite_factor: f64,
    /// Most items a learner sees in all (the step budget).
    pub max_steps: u32,
    /// Keep every response (for fitting BKT to the simulated log).
    pub record_log: bool,
    /// Questions per practice exercise when levels are tracked under `policy`.
    pub exercise_size: u32,
    /// The mastery policy levels are tracked under (and that `PolicyLevel` teaching gates on);
    /// it needs a `practice` context.
    #[serde(skip, default = "Policy::khan")]
    pub policy: Policy,
    /// Forgetting over time: a known skill left unpractised for `d` days is still known
    /// with probability `exp(-d / S)`, where its memory stability `S` starts at
    /// `memory_days` and doubles at each practice on a later day while known. 0: no
    /// forgetting over time.
    pub memory_days: f64,
    /// Items a learner answers per day: the clock of forgetting and of review intervals.
    pub items_per_day: f64,
    /// Days after the last item at which retention is measured.
    pub retention_days: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            learners: 1000,
            first_learner: 0,
            seed: 42,
            population: BktParams {
                prior: 0.1,
                learn: 0.2,
                guess: 0.2,
                slip: 0.1,
                forget: 0.0,
            },
            skill_population: std::collections::BTreeMap::new(),
            spread: 0.05,
            prerequisite_factor: 0.3,
            max_steps: 10_000,
            record_log: false,
            exercise_size: 5,
            policy: Policy::khan(),
            memory_days: 0.0,
            items_per_day: 40.0,
            retention_days: 30.0,
        }
    }
}

/// One learner's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LearnerOutcome {
    /// Items answered.
    pub steps: u32,
    /// Skills truly known at the end.
    pub mastered: u32,
    /// Items answered after the skill was already truly known.
    pub over_practice: u32,
    /// Skills left while not yet truly known.
    pub under_practiced: u32,
    /// Items until every skill was truly known, if that happened.
    pub steps_to_mastery: Option<u32>,
    /// Skills still truly known `retention_days` after the last item.
    pub retained: u32,
    /// Final level index of every skill under the mastery policy (curriculum index order).
    pub levels: Vec<u8>,
}

/// How one skill fared across learners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkillOutcome {
    /// The skill.
    pub skill: String,
    /// Share of learners who truly know it at the end.
    pub true_mastery: f64,
    /// Mean items practised on it.
    pub mean_items: f64,
    /// Learners who truly know it at the end.
    #[serde(default)]
    pub learners_known: u64,
    /// Items practised on it, by all learners.
    #[serde(default)]
    pub items: u64,
}

/// Results of a run, per learner and aggregated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SimResult {
    /// Index of the first learner (the run's `first_learner`).
    #[serde(default)]
    pub first_learner: usize,
    /// Per learner, in learner order.
    pub learners: Vec<LearnerOutcome>,
    /// Share of (learner, skill) pairs truly known at the end.
    pub mastery_share: f64,
    /// Mean items per learner.
    pub mean_steps: f64,
    /// Mean over-practice items per learner.
    pub mean_over_practice: f64,
    /// Mean skills left unmastered per learner.
    pub mean_under_practiced: f64,
    /// Share of learners who truly mastered every skill.
    pub completion_share: f64,
    /// Mean items until every skill was truly known, over the learners who got there.
    pub mean_steps_to_mastery: Option<f64>,
    /// Share of (learner, skill) pairs still truly known `retention_days` after each
    /// learner's last item (the same as `mastery_share` without forgetting over time).
    pub retention_share: f64,
    /// Per skill, in learnable order.
    pub skills: Vec<SkillOutcome>,
    /// Share of (learner, skill) pairs at each level of the mastery policy at the end, by level
    /// id, lowest level first.
    pub level_shares: Vec<(String, f64)>,
    /// The responses, when `record_log` was set (pyBKT columns via [`ResponseData::to_csv`]).
    #[serde(skip)]
    pub log: Option<ResponseData>,
}

impl SimConfig {
    fn validate(&self, curriculum: &Curriculum, teaching: Option<&Teaching>) -> Result<()> {
        self.population.validate("the simulation population")?;
        for (id, p) in &self.skill_population {
            curriculum.require_skill(id, "the simulation skill_population")?;
            p.validate(&format!("the simulation population of `{id}`"))?;
        }
        let check = |name: &str, v: f64, ok: bool, expected| {
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidNumber {
                    location: format!("simulation `{name}`"),
                    value: v,
                    expected,
                })
            }
        };
        check(
            "spread",
            self.spread,
            (0.0..=0.5).contains(&self.spread),
            "within [0, 0.5]",
        )?;
        check(
            "prerequisite_factor",
            self.prerequisite_factor,
            (0.0..=1.0).contains(&self.prerequisite_factor),
            "within [0, 1]",
        )?;
        check(
            "exercise_size",
            f64::from(self.exercise_size),
            self.exercise_size > 0,
            "at least 1",
        )?;
        check(
            "memory_days",
            self.memory_days,
            self.memory_days.is_finite() && self.memory_days >= 0.0,
            "a finite number of days >= 0",
        )?;
        check(
            "items_per_day",
            self.items_per_day,
            self.items_per_day.is_finite() && self.items_per_day > 0.0,
            "a finite number > 0",
        )?;
        check(
            "retention_days",
            self.retention_days,
            self.retention_days.is_finite() && self.retention_days >= 0.0,
            "a finite number of days >= 0",
        )?;
        if self.policy.context_index("practice").is_none() || self.policy.is_probability() {
            return Err(Error::UnknownId {
                kind: IdKind::Context,
                id: "practice".into(),
                referenced_in: format!(
                    "simulation policy `{}` (a transition-table policy with practice)",
                    self.policy.name()
                ),
            });
        }
        let Some(teaching) = teaching else {
            return Ok(());
        };
        match teaching {
            Teaching::FixedPace { items } => {
                check("items", f64::from(*items), *items > 0, "at least 1")
            }
            Teaching::PolicyLevel { level, max_items } => {
                self.policy
                    .require_level(level, "the simulation teaching")?;
                check(
                    "max_items",
                    f64::from(*max_items),
                    *max_items > 0,
                    "at least 1",
                )
            }
            Teaching::NextSteps { max_items } => check(
                "max_items",
                f64::from(*max_items),
                *max_items > 0,
                "at least 1",
            ),
            Teaching::MasteryThreshold {
                threshold,
                max_items,
            } => {
                check(
                    "threshold",
                    *threshold,
                    (0.0..=1.0).contains(threshold),
                    "within [0, 1]",
                )?;
                check(
                    "max_items",
                    f64::from(*max_items),
                    *max_items > 0,
                    "at least 1",
                )
            }
        }
    }
}

impl SimResult {
    /// Appends `other`, the run of the learners that follow this run's (its `first_learner`
    /// is this run's first plus its learner count), under the same curriculum, policy and
    /// config but for the range. Every figure is recomputed in learner order, so the parts
    /// of a run split by learner range merge into exactly the result of the whole run.
    ///
    /// Errors (`merge_conflict`, nothing changed): ranges that do not follow each other,
    /// different skills or levels, a response log in one part only.
    ///
    /// ```
    /// use masterykit::{Curriculum, SimConfig, Teaching, simulate};
    /// let curriculum = Curriculum::generate(5, 1)?;
    /// let teaching = Teaching::FixedPace { items: 5 };
    /// let run = |first_learner, learners| {
    ///     simulate(&curriculum, &teaching, &SimConfig { first_learner, learners, ..SimConfig::default() })
    /// };
    /// let mut parts = run(0, 60)?;
    /// parts.merge(&run(60, 40)?)?;
    /// assert_eq!(parts, run(0, 100)?);
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn merge(&mut self, other: &SimResult) -> Result<()> {
        let conflict = |detail: String| Err(Error::MergeConflict { detail });
        // Results read back from JSON may say anything: the figures merged must fit.
        self.check_shape()?;
        other.check_shape()?;
        let end = self.first_learner.saturating_add(self.learners.len());
        if other.first_learner != end {
            return conflict(format!(
                "simulated learners {}..{} do not follow learners {}..{end}",
                other.first_learner,
                other.first_learner.saturating_add(other.learners.len()),
                self.first_learner
            ));
        }
        let ids = |r: &SimResult| r.skills.iter().map(|s| s.skill.clone()).collect::<Vec<_>>();
        let levels = |r: &SimResult| {
            r.level_shares
                .iter()
                .map(|l| l.0.clone())
                .collect::<Vec<_>>()
        };
        if ids(self) != ids(other) || levels(self) != levels(other) {
            return conflict("the runs have different skills or levels".into());
        }
        let log = match (&self.log, &other.log) {
            (None, None) => None,
            (Some(a), Some(b)) => Some(concat_logs(a, b)?),
            _ => return conflict("one run recorded its responses and the other did not".into()),
        };
        let skills = self
            .skills
            .iter()
            .zip(&other.skills)
            .map(|(a, b)| {
                (
                    a.skill.clone(),
                    a.learners_known.saturating_add(b.learners_known),
                    a.items.saturating_add(b.items),
                )
            })
            .collect();
        let mut learners = std::mem::take(&mut self.learners);
        learners.extend(other.learners.iter().cloned());
        *self = run::summarize(self.first_learner, learners, skills, levels(other), log);
        Ok(())
    }
}

impl SimResult {
    /// An error unless every learner has a level of the run's levels for each of its
    /// skills, and no skill is known by more learners than the run has.
    fn check_shape(&self) -> Result<()> {
        let bad = |location: String, value: usize, expected| {
            Err(Error::InvalidNumber {
                location,
                value: value as f64,
                expected,
            })
        };
        let (skills, levels) = (self.skills.len(), self.level_shares.len());
        for (k, o) in self.learners.iter().enumerate() {
            let at = || format!("simulated learner {}", self.first_learner.saturating_add(k));
            if o.levels.len() != skills {
                return bad(
                    format!("levels of {}", at()),
                    o.levels.len(),
                    "one per skill",
                );
            }
            if let Some(&l) = o.levels.iter().find(|&&l| usize::from(l) >= levels) {
                return bad(
                    format!("a level of {}", at()),
                    l.into(),
                    "a level of the run",
                );
            }
        }
        if let Some(s) = self
            .skills
            .iter()
            .find(|s| s.learners_known > self.learners.len() as u64)
        {
            return bad(
                format!("learners_known of skill `{}`", s.skill),
                s.learners_known as usize,
                "at most the run's learners",
            );
        }
        Ok(())
    }
}

/// The entries of `a`, then those of `b`.
fn concat_logs(a: &ResponseData, b: &ResponseData) -> Result<ResponseData> {
    let (mut ls, mut ss, mut cs) = (Vec::new(), Vec::new(), Vec::new());
    for d in [a, b] {
        for e in 0..d.len() {
            ls.push(d.learners()[d.entry_learners()[e] as usize].as_str());
            ss.push(d.skills()[d.entry_skills()[e] as usize].as_str());
            cs.push(d.correct()[e] == 1);
        }
    }
    ResponseData::from_columns(&ls, &ss, &cs, None)
}

/// Runs `config.learners` simulated learners through `curriculum` in learnable order.
///
/// Each learner's randomness comes from its own generator seeded by (seed, learner index),
/// so results are identical for any number of threads.
pub fn simulate(
    curriculum: &Curriculum,
    teaching: &Teaching,
    config: &SimConfig,
) -> Result<SimResult> {
    simulate_until(curriculum, teaching, config, &Watch::new())
}

/// [`simulate`] under a [`Watch`]: it counts learners done and stops with
/// [`Error::Cancelled`] once a stop is asked for (checked before each learner), as a front
/// end does on Ctrl-C.
pub fn simulate_until(
    curriculum: &Curriculum,
    teaching: &Teaching,
    config: &SimConfig,
    watch: &Watch,
) -> Result<SimResult> {
    config.validate(curriculum, Some(teaching))?;
    run_all(curriculum, &Gate::Teaching(teaching), config, watch)
}

/// [`simulate`] with a custom teacher: `move_on(step)` decides, before each item, whether to
/// move to the next skill. Its errors stop the run and are returned. Results are identical for
/// any thread count when `move_on` depends only on the step it is given.
pub fn simulate_with<F>(
    curriculum: &Curriculum,
    config: &SimConfig,
    move_on: F,
) -> Result<SimResult>
where
    F: Fn(&Step<'_>) -> Result<bool> + SyncIfParallel,
{
    simulate_with_until(curriculum, config, move_on, &Watch::new())
}

/// [`simulate_with`] under a [`Watch`] (learners counted, a stop checked before each).
pub fn simulate_with_until<F>(
    curriculum: &Curriculum,
    config: &SimConfig,
    move_on: F,
    watch: &Watch,
) -> Result<SimResult>
where
    F: Fn(&Step<'_>) -> Result<bool> + SyncIfParallel,
{
    config.validate(curriculum, None)?;
    run_all(curriculum, &Gate::Custom(&move_on), config, watch)
}
