//! Simulated learners: hidden BKT parameters per skill, slower learning while prerequisites
//! are unknown, taught under a teaching policy. Seeded and parallel across learners, with
//! identical results for any number of threads.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::policy::Policy;
use crate::tracing::BktParams;
use crate::tracing::ResponseData;

/// When the simulated teacher moves a learner on to the next skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Teaching {
    /// Every skill gets the same number of items, then the next skill.
    FixedPace {
        /// Items per skill.
        items: u32,
    },
    /// Practice until the teacher's BKT estimate of P(known) reaches `threshold` (the
    /// estimate uses the population parameters, not the learner's hidden ones), at most
    /// `max_items` per skill.
    MasteryThreshold {
        /// P(known) to reach.
        threshold: f64,
        /// Most items per skill.
        max_items: u32,
    },
    /// Practise in exercises until the mastery policy (Khan-style by default) puts the skill
    /// at `level` or above, at most `max_items` per skill.
    PolicyLevel {
        /// Level id to reach, e.g. `proficient`.
        level: String,
        /// Most items per skill.
        max_items: u32,
    },
}

/// A simulation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimConfig {
    /// Number of learners.
    pub learners: usize,
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
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            learners: 1000,
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
        }
    }
}

/// One learner's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Final level index of every skill under the mastery policy (curriculum index order).
    pub levels: Vec<u8>,
}

/// How one skill fared across learners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillOutcome {
    /// The skill.
    pub skill: String,
    /// Share of learners who truly know it at the end.
    pub true_mastery: f64,
    /// Mean items practised on it.
    pub mean_items: f64,
}

/// Results of a run, per learner and aggregated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimResult {
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

/// Runs `config.learners` simulated learners through `curriculum` in learnable order.
///
/// Each learner's randomness comes from its own generator seeded by (seed, learner index),
/// so results are identical for any number of threads.
pub fn simulate(
    curriculum: &Curriculum,
    teaching: &Teaching,
    config: &SimConfig,
) -> Result<SimResult> {
    config.validate(curriculum, Some(teaching))?;
    run_all(curriculum, &Gate::Teaching(teaching), config)
}

/// What a custom teacher sees before each item: it answers whether to move on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step<'a> {
    /// Learner index.
    pub learner: usize,
    /// The skill being practised.
    pub skill: &'a str,
    /// Items already given on this skill.
    pub items: u32,
    /// The teacher's BKT estimate of P(known) from the population parameters.
    pub estimate: f64,
    /// The skill's level id under the mastery policy.
    pub level: &'a str,
    /// Whether the last item on this skill was answered right (`None` before the first).
    pub last_correct: Option<bool>,
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
    config.validate(curriculum, None)?;
    run_all(curriculum, &Gate::Custom(&move_on), config)
}

/// `Sync` with the `parallel` feature, where a custom teacher is called from several
/// threads; every type without it (so a single-threaded build, such as WebAssembly, can call
/// back into a host that is not thread-safe).
#[cfg(feature = "parallel")]
pub trait SyncIfParallel: Sync {}
#[cfg(feature = "parallel")]
impl<T: Sync + ?Sized> SyncIfParallel for T {}
/// `Sync` with the `parallel` feature, where a custom teacher is called from several
/// threads; every type without it (so a single-threaded build, such as WebAssembly, can call
/// back into a host that is not thread-safe).
#[cfg(not(feature = "parallel"))]
pub trait SyncIfParallel {}
#[cfg(not(feature = "parallel"))]
impl<T: ?Sized> SyncIfParallel for T {}

#[cfg(feature = "parallel")]
type Teacher<'t> = dyn Fn(&Step<'_>) -> Result<bool> + Sync + 't;
#[cfg(not(feature = "parallel"))]
type Teacher<'t> = dyn Fn(&Step<'_>) -> Result<bool> + 't;

/// Who decides when to move on.
enum Gate<'t> {
    Teaching(&'t Teaching),
    Custom(&'t Teacher<'t>),
}

fn run_all(curriculum: &Curriculum, gate: &Gate<'_>, config: &SimConfig) -> Result<SimResult> {
    let populations: Vec<BktParams> = curriculum
        .skills()
        .iter()
        .map(|s| {
            config
                .skill_population
                .get(&s.id)
                .copied()
                .unwrap_or(config.population)
        })
        .collect();
    let run = |l: usize| run_learner(curriculum, gate, config, &populations, l);
    #[cfg(feature = "parallel")]
    let per: Vec<LearnerRun> = {
        use rayon::prelude::*;
        (0..config.learners)
            .into_par_iter()
            .map(run)
            .collect::<Result<_>>()?
    };
    #[cfg(not(feature = "parallel"))]
    let per: Vec<LearnerRun> = (0..config.learners).map(run).collect::<Result<_>>()?;

    let n = config.learners.max(1) as f64;
    let n_skills = curriculum.len();
    let skills = n_skills.max(1) as f64;
    let mean =
        |f: &dyn Fn(&LearnerOutcome) -> f64| per.iter().map(|(o, _, _)| f(o)).sum::<f64>() / n;
    let log = if config.record_log {
        let names: Vec<String> = (0..config.learners)
            .map(|l| format!("learner-{l}"))
            .collect();
        let (mut ls, mut ss, mut cs) = (Vec::new(), Vec::new(), Vec::new());
        for (l, (_, _, responses)) in per.iter().enumerate() {
            for &(s, correct) in responses {
                ls.push(names[l].as_str());
                ss.push(curriculum.skills()[s as usize].id.as_str());
                cs.push(correct);
            }
        }
        Some(ResponseData::from_columns(&ls, &ss, &cs, None)?)
    } else {
        None
    };
    let n_levels = config.policy.levels().len();
    let mut level_counts = vec![0u64; n_levels];
    let mut true_known = vec![0u64; n_skills];
    let mut items = vec![0u64; n_skills];
    for (o, per_skill, _) in &per {
        for &l in &o.levels {
            level_counts[l as usize] += 1;
        }
        for (s, ps) in per_skill.iter().enumerate() {
            items[s] += u64::from(ps.items);
            true_known[s] += u64::from(ps.known);
        }
    }
    let pairs = (n * skills).max(1.0);
    Ok(SimResult {
        mastery_share: mean(&|o| f64::from(o.mastered)) / skills,
        mean_steps: mean(&|o| f64::from(o.steps)),
        mean_over_practice: mean(&|o| f64::from(o.over_practice)),
        mean_under_practiced: mean(&|o| f64::from(o.under_practiced)),
        completion_share: mean(&|o| f64::from(u8::from(o.steps_to_mastery.is_some()))),
        mean_steps_to_mastery: {
            let done: Vec<u32> = per
                .iter()
                .filter_map(|(o, _, _)| o.steps_to_mastery)
                .collect();
            (!done.is_empty())
                .then(|| done.iter().map(|&s| f64::from(s)).sum::<f64>() / done.len() as f64)
        },
        skills: curriculum
            .learnable_order_indices()
            .iter()
            .map(|&s| SkillOutcome {
                skill: curriculum.skills()[s as usize].id.clone(),
                true_mastery: true_known[s as usize] as f64 / n,
                mean_items: items[s as usize] as f64 / n,
            })
            .collect(),
        level_shares: config
            .policy
            .levels()
            .iter()
            .zip(&level_counts)
            .map(|(l, &c)| (l.id.clone(), c as f64 / pairs))
            .collect(),
        learners: per.into_iter().map(|(o, _, _)| o).collect(),
        log,
    })
}

fn jitter(rng: &mut ChaCha8Rng, v: f64, spread: f64, hi: f64) -> f64 {
    if spread == 0.0 {
        return v;
    }
    (v + rng.random_range(-spread..=spread)).clamp(0.001, hi)
}

/// One learner: hidden parameters, then the curriculum in learnable order. Returns the
/// outcome, the items per skill, and the responses when recorded.
fn run_learner(
    curriculum: &Curriculum,
    gate: &Gate<'_>,
    config: &SimConfig,
    populations: &[BktParams],
    learner: usize,
) -> Result<LearnerRun> {
    let mixed = config
        .seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((learner as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    let mut rng = ChaCha8Rng::seed_from_u64(mixed);
    let policy = &config.policy;
    let practice = policy.context_index("practice").unwrap_or(0);
    let target = match gate {
        Gate::Teaching(Teaching::PolicyLevel { level, .. }) => {
            policy.level_index(level).unwrap_or(u8::MAX)
        }
        _ => u8::MAX,
    };
    let n = curriculum.len();
    let hidden: Vec<BktParams> = populations
        .iter()
        .map(|pop| BktParams {
            prior: jitter(&mut rng, pop.prior, config.spread, 0.999),
            learn: jitter(&mut rng, pop.learn, config.spread, 0.999),
            guess: jitter(&mut rng, pop.guess, config.spread, 0.499),
            slip: jitter(&mut rng, pop.slip, config.spread, 0.499),
            forget: if pop.forget > 0.0 {
                jitter(&mut rng, pop.forget, config.spread, 0.999)
            } else {
                0.0
            },
        })
        .collect();
    let mut known: Vec<bool> = hidden
        .iter()
        .map(|p| rng.random::<f64>() < p.prior)
        .collect();
    let mut out = LearnerOutcome {
        steps: 0,
        mastered: 0,
        over_practice: 0,
        under_practiced: 0,
        steps_to_mastery: None,
        levels: vec![0; n],
    };
    let mut per_skill = vec![PerSkill::default(); n];
    let mut log = Vec::new();
    let mut n_known = known.iter().filter(|&&k| k).count();
    if n_known == n {
        out.steps_to_mastery = Some(0);
    }
    for &s in curriculum.learnable_order_indices() {
        let s = s as usize;
        let p = hidden[s];
        let pop = populations[s];
        let prereqs_known = curriculum
            .prerequisite_indices(s)
            .iter()
            .all(|&q| known[q as usize]);
        let learn = if prereqs_known {
            p.learn
        } else {
            p.learn * config.prerequisite_factor
        };
        let mut estimate = pop.prior;
        let mut items = 0u32;
        let mut last_correct: Option<bool> = None;
        // The practice exercise under way: questions and right answers.
        let (mut asked, mut right) = (0u32, 0u32);
        loop {
            let done = match gate {
                Gate::Teaching(Teaching::FixedPace { items: k }) => items >= *k,
                Gate::Teaching(Teaching::MasteryThreshold {
                    threshold,
                    max_items,
                }) => estimate >= *threshold || items >= *max_items,
                Gate::Teaching(Teaching::PolicyLevel { max_items, .. }) => {
                    (asked == 0 && out.levels[s] >= target) || items >= *max_items
                }
                Gate::Custom(move_on) => move_on(&Step {
                    learner,
                    skill: &curriculum.skills()[s].id,
                    items,
                    estimate,
                    level: policy.level_id(out.levels[s]),
                    last_correct,
                })?,
            };
            if done || out.steps >= config.max_steps {
                break;
            }
            if known[s] {
                out.over_practice += 1;
            }
            let correct = if known[s] {
                rng.random::<f64>() >= p.slip
            } else {
                rng.random::<f64>() < p.guess
            };
            if config.record_log {
                log.push((s as u32, correct));
            }
            last_correct = Some(correct);
            estimate = pop.update(estimate, f64::from(u8::from(correct)));
            asked += 1;
            right += u32::from(correct);
            if asked == config.exercise_size {
                out.levels[s] = exercise(policy, practice, out.levels[s], asked, right);
                (asked, right) = (0, 0);
            }
            let now_known = if known[s] {
                rng.random::<f64>() >= p.forget
            } else {
                rng.random::<f64>() < learn
            };
            if now_known != known[s] {
                if now_known {
                    n_known += 1;
                } else {
                    n_known -= 1;
                }
                known[s] = now_known;
            }
            items += 1;
            out.steps += 1;
            if out.steps_to_mastery.is_none() && n_known == n {
                out.steps_to_mastery = Some(out.steps);
            }
        }
        if asked > 0 {
            out.levels[s] = exercise(policy, practice, out.levels[s], asked, right);
        }
        per_skill[s].items = items;
        if !known[s] {
            out.under_practiced += 1;
        }
    }
    out.mastered = n_known as u32;
    for (ps, &k) in per_skill.iter_mut().zip(&known) {
        ps.known = k;
    }
    Ok((out, per_skill, log))
}

/// One learner's outcome, per-skill record, and responses (skill, correct) when recorded.
type LearnerRun = (LearnerOutcome, Vec<PerSkill>, Vec<(u32, bool)>);

/// One learner's practice and final knowledge on one skill.
#[derive(Debug, Clone, Copy, Default)]
struct PerSkill {
    items: u32,
    known: bool,
}

/// The level after one practice exercise of `asked` questions with `right` answered right.
fn exercise(policy: &Policy, practice: u8, level: u8, asked: u32, right: u32) -> u8 {
    let outcome = policy.outcome(practice, f64::from(right) / f64::from(asked));
    policy.next_level(practice, outcome, level)
}
