//! One simulated learner: hidden parameters drawn around the population, then the curriculum
//! in learnable order under the teacher.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::memory::Memory;
use super::teacher::{Gate, Step, Teaching};
use super::{LearnerOutcome, SimConfig};
use crate::curriculum::Curriculum;
use crate::error::Result;
use crate::policy::Policy;
use crate::tracing::BktParams;

/// Each skill's hidden parameters, drawn around its population's within `spread`.
fn hidden(rng: &mut ChaCha8Rng, populations: &[BktParams], spread: f64) -> Vec<BktParams> {
    populations
        .iter()
        .map(|pop| BktParams {
            prior: jitter(rng, pop.prior, spread, 0.999),
            learn: jitter(rng, pop.learn, spread, 0.999),
            guess: jitter(rng, pop.guess, spread, 0.499),
            slip: jitter(rng, pop.slip, spread, 0.499),
            forget: if pop.forget > 0.0 {
                jitter(rng, pop.forget, spread, 0.999)
            } else {
                0.0
            },
        })
        .collect()
}

/// `v` moved uniformly within `spread`, kept inside (0.001, `hi`).
fn jitter(rng: &mut ChaCha8Rng, v: f64, spread: f64, hi: f64) -> f64 {
    if spread == 0.0 {
        return v;
    }
    (v + rng.random_range(-spread..=spread)).clamp(0.001, hi)
}

/// A simulated learner before any teaching: its generator, hidden parameters and what it
/// knows from the start.
pub(super) struct Start {
    pub(super) rng: ChaCha8Rng,
    pub(super) hidden: Vec<BktParams>,
    pub(super) known: Vec<bool>,
}

impl Start {
    /// Learner `learner`'s generator (seeded by the run's seed and its index), hidden
    /// parameters and prior knowledge.
    pub(super) fn new(config: &SimConfig, populations: &[BktParams], learner: usize) -> Start {
        let mixed = config
            .seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add((learner as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
        let mut rng = ChaCha8Rng::seed_from_u64(mixed);
        let hidden = hidden(&mut rng, populations, config.spread);
        let known = hidden
            .iter()
            .map(|p| rng.random::<f64>() < p.prior)
            .collect();
        Start { rng, hidden, known }
    }
}

impl LearnerOutcome {
    /// Nothing answered yet, every skill at the lowest level.
    pub(super) fn empty(skills: usize) -> LearnerOutcome {
        LearnerOutcome {
            steps: 0,
            mastered: 0,
            over_practice: 0,
            under_practiced: 0,
            steps_to_mastery: None,
            retained: 0,
            levels: vec![0; skills],
        }
    }
}

/// What a simulated learner truly knows of each skill, and remembers.
pub(super) struct Mind {
    pub(super) known: Vec<bool>,
    pub(super) n_known: usize,
    memory: Memory,
}

impl Mind {
    pub(super) fn new(known: Vec<bool>, config: &SimConfig) -> Mind {
        Mind {
            n_known: known.iter().filter(|&&k| k).count(),
            memory: Memory::new(config, known.len()),
            known,
        }
    }

    fn set(&mut self, s: usize, known: bool) {
        if known != self.known[s] {
            if known {
                self.n_known += 1;
            } else {
                self.n_known -= 1;
            }
            self.known[s] = known;
        }
    }

    /// One item on skill `s` with hidden parameters `p`: forgetting since its last
    /// practice, the answer (a slip when known, a guess otherwise), then learning at rate
    /// `learn` (or forgetting within practice). Counts the item in `out`, records it in `log`
    /// when given, and returns whether it was answered right.
    pub(super) fn answer(
        &mut self,
        rng: &mut ChaCha8Rng,
        s: usize,
        p: &BktParams,
        learn: f64,
        out: &mut LearnerOutcome,
        log: Option<&mut Vec<(u32, bool)>>,
    ) -> bool {
        let day = self.memory.day(out.steps);
        if self.known[s] && !self.memory.recalls(rng, s, day) {
            self.set(s, false);
        }
        self.memory.practised(s, day, self.known[s]);
        if self.known[s] {
            out.over_practice += 1;
        }
        let correct = if self.known[s] {
            rng.random::<f64>() >= p.slip
        } else {
            rng.random::<f64>() < p.guess
        };
        if let Some(log) = log {
            log.push((s as u32, correct));
        }
        let now_known = if self.known[s] {
            rng.random::<f64>() >= p.forget
        } else {
            rng.random::<f64>() < learn
        };
        self.set(s, now_known);
        out.steps += 1;
        if out.steps_to_mastery.is_none() && self.n_known == self.known.len() {
            out.steps_to_mastery = Some(out.steps);
        }
        correct
    }

    /// The day after `items` items.
    pub(super) fn day(&self, items: u32) -> f64 {
        self.memory.day(items)
    }

    /// The rate of learning skill `s` now: its hidden rate, slowed by
    /// `config.prerequisite_factor` while a prerequisite is not truly known.
    pub(super) fn learn_rate(
        &self,
        curriculum: &Curriculum,
        s: usize,
        p: &BktParams,
        config: &SimConfig,
    ) -> f64 {
        let prerequisites_known = curriculum
            .prerequisite_indices(s)
            .iter()
            .all(|&q| self.known[q as usize]);
        if prerequisites_known {
            p.learn
        } else {
            p.learn * config.prerequisite_factor
        }
    }

    /// Skills still known `config.retention_days` after `items` items.
    pub(super) fn retained(&self, rng: &mut ChaCha8Rng, items: u32, config: &SimConfig) -> u32 {
        let day = self.memory.day(items) + config.retention_days;
        self.known
            .iter()
            .enumerate()
            .filter(|&(s, &k)| k && self.memory.recalls(rng, s, day))
            .count() as u32
    }
}

/// Where an item is recorded: the log when the run keeps one.
pub(super) fn log_to<'a>(
    log: &'a mut Vec<(u32, bool)>,
    config: &SimConfig,
) -> Option<&'a mut Vec<(u32, bool)>> {
    config.record_log.then_some(log)
}

/// One learner: hidden parameters, then the curriculum in learnable order. Returns the
/// outcome, the items per skill, and the responses when recorded.
pub(super) fn run_learner(
    curriculum: &Curriculum,
    gate: &Gate<'_>,
    config: &SimConfig,
    populations: &[BktParams],
    learner: usize,
) -> Result<LearnerRun> {
    if let Gate::Teaching(Teaching::NextSteps { max_items }) = gate {
        return super::guided::run_learner(curriculum, config, populations, learner, *max_items);
    }
    let Start {
        mut rng,
        hidden,
        known,
    } = Start::new(config, populations, learner);
    let policy = &config.policy;
    let practice = policy.context_index("practice").unwrap_or(0);
    let target = match gate {
        Gate::Teaching(Teaching::PolicyLevel { level, .. }) => {
            policy.level_index(level).unwrap_or(u8::MAX)
        }
        _ => u8::MAX,
    };
    let n = curriculum.len();
    let mut out = LearnerOutcome::empty(n);
    let mut per_skill = vec![PerSkill::default(); n];
    let mut log = Vec::new();
    let mut mind = Mind::new(known, config);
    if mind.n_known == n {
        out.steps_to_mastery = Some(0);
    }
    for &s in curriculum.learnable_order_indices() {
        let s = s as usize;
        let p = hidden[s];
        let pop = populations[s];
        let learn = mind.learn_rate(curriculum, s, &p, config);
        let mut estimate = pop.prior;
        let mut items = 0u32;
        let mut last_correct: Option<bool> = None;
        // The practice exercise under way: questions and right answers.
        let (mut asked, mut right) = (0u32, 0u32);
        loop {
            let step = Step {
                learner,
                skill: &curriculum.skills()[s].id,
                items,
                estimate,
                level: policy.level_id(out.levels[s]),
                last_correct,
            };
            let at_target = asked == 0 && out.levels[s] >= target;
            let done = gate.done(&step, at_target)?;
            if done || out.steps >= config.max_steps {
                break;
            }
            let correct = mind.answer(&mut rng, s, &p, learn, &mut out, log_to(&mut log, config));
            last_correct = Some(correct);
            estimate = pop.update(estimate, f64::from(u8::from(correct)));
            asked += 1;
            right += u32::from(correct);
            if asked == config.exercise_size {
                out.levels[s] = exercise(policy, practice, out.levels[s], asked, right);
                (asked, right) = (0, 0);
            }
            items += 1;
        }
        if asked > 0 {
            out.levels[s] = exercise(policy, practice, out.levels[s], asked, right);
        }
        per_skill[s].items = items;
        if !mind.known[s] {
            out.under_practiced += 1;
        }
    }
    out.mastered = mind.n_known as u32;
    out.retained = mind.retained(&mut rng, out.steps, config);
    for (ps, &k) in per_skill.iter_mut().zip(&mind.known) {
        ps.known = k;
    }
    Ok((out, per_skill, log))
}

/// One learner's outcome, per-skill record, and responses (skill, correct) when recorded.
pub(super) type LearnerRun = (LearnerOutcome, Vec<PerSkill>, Vec<(u32, bool)>);

/// One learner's practice and final knowledge on one skill.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PerSkill {
    pub(super) items: u32,
    pub(super) known: bool,
}

/// The level after one practice exercise of `asked` questions with `right` answered right.
pub(super) fn exercise(policy: &Policy, practice: u8, level: u8, asked: u32, right: u32) -> u8 {
    let outcome = policy.outcome(practice, f64::from(right) / f64::from(asked));
    policy.next_level(practice, outcome, level)
}
