//! A placement session: the next question, answers, the estimate and the stopping rule.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::options::{PlacementMethod, PlacementOptions, PlacementSelector};
use super::sampler::Sampler;
use super::states::{Graph, States};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};
use crate::evidence::{Assessment, Response};
use crate::time::Timestamp;

/// The most skill-state pairs the exact method enumerates before it gives way to sampling.
const MAX_EXACT_WORK: u64 = 100_000_000;
/// Questions whose information is within this share of the best are tied.
const TIE: f64 = 1e-12;

/// The context a placement's assessment is applied in.
pub const PRE_ASSESSMENT: &str = "pre_assessment";

/// An adaptive pre-assessment over a curriculum's prerequisite graph.
///
/// Knowledge states are the prerequisite-closed skill sets. Each answer is noisy (a careless
/// error on a known skill, a lucky guess on an unknown one, BLIM's beta and eta), so the
/// session keeps a posterior over states and asks next the skill whose answer tells the
/// most about the state: the largest mutual information between answer and state, which
/// for one question depends on that skill's P(known) alone.
///
/// A session is a function of its curriculum, options and answers: rebuilt from them
/// ([`Placement::record_answers`]) it gives the same estimate and asks the same next
/// question, in any front end, so a server keeps the answers between requests.
///
/// ```
/// use masterykit::{Curriculum, Placement, PlacementOptions};
/// let c = Curriculum::from_json(r#"{"format_version": 1, "skills": [
///     {"id": "count"}, {"id": "add", "prerequisites": ["count"]},
///     {"id": "mul", "prerequisites": ["add"]}]}"#)?;
/// let mut p = Placement::new(&c, PlacementOptions { careless: 0.0, lucky: 0.0, ..Default::default() })?;
/// let first = p.next_question().expect("a question");
/// assert_eq!(first.skill, "add");                 // splits the four states in half
/// p.record("add", true)?;                         // so count is known too
/// p.record("mul", false)?;
/// assert!(p.done());
/// let e = p.estimate();
/// assert_eq!(e.state, ["count", "add"]);
/// assert_eq!(e.skills.iter().map(|s| s.p_known).collect::<Vec<_>>(), [1.0, 1.0, 0.0]);
/// # Ok::<(), masterykit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Placement {
    names: Vec<String>,
    graph: Graph,
    options: PlacementOptions,
    careless: Vec<f64>,
    lucky: Vec<f64>,
    prior: Vec<f64>,
    /// Likelihood of each skill's answers, known and not (rescaled so the larger is 1).
    like_in: Vec<f64>,
    like_out: Vec<f64>,
    engine: Engine,
    marginals: Vec<f64>,
    answers: Vec<(usize, bool)>,
    asked: Vec<bool>,
    pending: Option<usize>,
}

#[derive(Debug, Clone)]
enum Engine {
    Exact(States),
    Sampling(Box<Sampler>),
}

/// The skill to test next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Question {
    /// The skill.
    pub skill: String,
    /// Its P(known) now.
    pub p_known: f64,
    /// Mutual information between its answer and the knowledge state, in bits.
    pub information: f64,
}

/// One skill's estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkillEstimate {
    /// The skill.
    pub skill: String,
    /// P(known) given the answers.
    pub p_known: f64,
    /// Whether it is in the estimated state.
    pub known: bool,
}

/// Where a placement stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlacementEstimate {
    /// Every skill, in curriculum order.
    pub skills: Vec<SkillEstimate>,
    /// The estimated knowledge state (prerequisite-closed), in learnable order: the most
    /// likely state under the exact method; under sampling, the skills with P(known) at
    /// least 0.5 whose prerequisites are all in it.
    pub state: Vec<String>,
    /// Questions answered.
    pub questions: usize,
    /// Whether the stopping rule is met.
    pub done: bool,
    /// `exact` or `sampling`.
    pub method: &'static str,
    /// Prerequisite-closed states (exact method only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub states: Option<usize>,
}

impl Placement {
    /// A session over every skill of `curriculum`; checks the options.
    pub fn new(curriculum: &Curriculum, options: PlacementOptions) -> Result<Placement> {
        options.validate()?;
        options.check_skills(curriculum)?;
        let n = curriculum.len();
        let graph = Graph::of(curriculum);
        let names: Vec<String> = curriculum.skill_ids().map(str::to_string).collect();
        let per_skill = |map: &std::collections::BTreeMap<String, f64>, default: f64| -> Vec<f64> {
            names
                .iter()
                .map(|s| map.get(s).copied().unwrap_or(default))
                .collect()
        };
        let careless = per_skill(&options.careless_by_skill, options.careless);
        let lucky = per_skill(&options.lucky_by_skill, options.lucky);
        let prior = per_skill(&options.prior, options.default_prior);
        let exact = match options.method {
            PlacementMethod::Sampling => None,
            PlacementMethod::Auto | PlacementMethod::Exact => {
                States::enumerate(&graph, options.max_states, MAX_EXACT_WORK)
            }
        };
        let engine = match exact {
            Some(mut states) => {
                // In logs, scaled by the likeliest state: a product over thousands of
                // skills would underflow to 0 for every state.
                let logs: Vec<f64> = (0..states.len())
                    .map(|k| {
                        (0..n)
                            .map(|s| {
                                if states.contains(k, s) {
                                    prior[s]
                                } else {
                                    1.0 - prior[s]
                                }
                                .ln()
                            })
                            .sum()
                    })
                    .collect();
                let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                states.weights = logs.iter().map(|l| (l - top).exp()).collect();
                let total: f64 = states.weights.iter().sum();
                states.weights.iter_mut().for_each(|w| *w /= total);
                Engine::Exact(states)
            }
            None if options.method == PlacementMethod::Exact => {
                return Err(Error::InvalidOption {
                    option: "method".into(),
                    reason: format!(
                        "the curriculum has more than {} prerequisite-closed states to enumerate; use `sampling` or `auto`",
                        options.max_states
                    ),
                });
            }
            None => Engine::Sampling(Box::new(Sampler::new(n, options.seed))),
        };
        let mut p = Placement {
            names,
            graph,
            careless,
            lucky,
            prior,
            like_in: vec![1.0; n],
            like_out: vec![1.0; n],
            engine,
            marginals: vec![0.0; n],
            answers: Vec::new(),
            asked: vec![false; n],
            pending: None,
            options,
        };
        p.refresh(true);
        Ok(p)
    }

    /// The skill to test next (a skill may come again: another item on it, when its answers
    /// so far leave it uncertain), or `None` once the stopping rule is met. Asking again
    /// before an answer gives the same question.
    pub fn next_question(&mut self) -> Option<Question> {
        if self.done() {
            return None;
        }
        if self.pending.is_none() {
            self.pending = self.choose();
        }
        self.pending.map(|s| Question {
            skill: self.names[s].clone(),
            p_known: self.marginals[s],
            information: self.information(s),
        })
    }

    /// Records an answer. An unknown skill is `unknown_skill`; under `strict`, an answer
    /// for another skill than the one asked is `unexpected_answer`; answers that no
    /// state can explain (possible only with zero noise rates) are `inconsistent_answers`.
    /// On error nothing changes.
    pub fn record(&mut self, skill: &str, correct: bool) -> Result<()> {
        let s = self
            .names
            .iter()
            .position(|n| n == skill)
            .ok_or_else(|| Error::UnknownId {
                kind: IdKind::Skill,
                id: skill.to_string(),
                referenced_in: "placement answer".into(),
            })?;
        self.record_at(s, correct)
    }

    /// [`Placement::record`] by dense skill index.
    pub(crate) fn record_at(&mut self, s: usize, correct: bool) -> Result<()> {
        let skill = self.names[s].as_str();
        if self.options.strict && self.pending != Some(s) {
            return Err(Error::UnexpectedAnswer {
                skill: skill.to_string(),
                asked: self.pending.map(|p| self.names[p].clone()),
            });
        }
        let (b, e) = (self.careless[s], self.lucky[s]);
        let (inside, outside) = if correct { (1.0 - b, e) } else { (b, 1.0 - e) };
        let (mut li, mut lo) = (self.like_in[s] * inside, self.like_out[s] * outside);
        let top = li.max(lo);
        if top > 0.0 {
            li /= top;
            lo /= top;
        }
        let inconsistent = || Error::InconsistentAnswers {
            skill: skill.to_string(),
        };
        let (old_in, old_out) = (self.like_in[s], self.like_out[s]);
        self.like_in[s] = li;
        self.like_out[s] = lo;
        if !self.feasible() {
            self.like_in[s] = old_in;
            self.like_out[s] = old_out;
            return Err(inconsistent());
        }
        if let Engine::Exact(states) = &mut self.engine {
            // Feasible answers always leave some weight; the check is kept for safety.
            if !states.update(s, inside, outside) {
                self.like_in[s] = old_in;
                self.like_out[s] = old_out;
                return Err(inconsistent());
            }
        }
        self.answers.push((s, correct));
        self.asked[s] = true;
        self.pending = None;
        self.refresh(false);
        Ok(())
    }

    /// Whether the stopping rule is met: the budget spent (without a budget, three
    /// questions per skill), or every skill decided at the confidence.
    pub fn done(&self) -> bool {
        let budget = self.options.max_questions.unwrap_or(3 * self.names.len());
        if self.answers.len() >= budget {
            return true;
        }
        self.options
            .confidence
            .is_some_and(|c| self.marginals.iter().all(|&p| p >= c || p <= 1.0 - c))
    }

    /// Per-skill P(known), the estimated state and where the session stands.
    pub fn estimate(&self) -> PlacementEstimate {
        let state = self.state_mask();
        PlacementEstimate {
            skills: (0..self.names.len())
                .map(|s| SkillEstimate {
                    skill: self.names[s].clone(),
                    p_known: self.marginals[s],
                    known: state[s],
                })
                .collect(),
            state: self
                .graph
                .order
                .iter()
                .filter(|&&s| state[s as usize])
                .map(|&s| self.names[s as usize].clone())
                .collect(),
            questions: self.answers.len(),
            done: self.done(),
            method: match self.engine {
                Engine::Exact(_) => "exact",
                Engine::Sampling(_) => "sampling",
            },
            states: match &self.engine {
                Engine::Exact(states) => Some(states.len()),
                Engine::Sampling(_) => None,
            },
        }
    }

    /// The options the session runs with.
    pub fn options(&self) -> &PlacementOptions {
        &self.options
    }

    /// The answers so far, in order: `(skill, correct)`.
    pub fn answers(&self) -> Vec<(&str, bool)> {
        self.answers
            .iter()
            .map(|&(s, c)| (self.names[s].as_str(), c))
            .collect()
    }

    /// The placement as an assessment in the `pre_assessment` context, for the learner's
    /// log: a right answer for each skill of the estimated state, a wrong one for each
    /// skill answered but placed outside it. The policy's `pre_assessment` rules say what
    /// levels they become.
    pub fn assessment(
        &self,
        learner: &str,
        timestamp: Timestamp,
        event_id: Option<&str>,
    ) -> Assessment {
        let state = self.state_mask();
        let mut a = Assessment::new(learner, PRE_ASSESSMENT, timestamp);
        if let Some(id) = event_id {
            a = a.event(id);
        }
        for &s in &self.graph.order {
            let s = s as usize;
            if state[s] || self.asked[s] {
                a = a.with(Response::answer(
                    format!("placement:{}", self.names[s]),
                    &self.names[s],
                    state[s],
                ));
            }
        }
        a
    }

    /// The same session with its random streams restarted from `seed` and another
    /// selector: a fresh copy for one simulated learner, without enumerating states again.
    pub(crate) fn fork(&self, selector: PlacementSelector, seed: u64) -> Placement {
        let mut p = self.clone();
        p.options.selector = selector;
        p.options.seed = seed;
        if let Engine::Sampling(sampler) = &mut p.engine {
            sampler.reseed(seed);
        }
        p
    }

    /// Each skill's noise rates: careless, lucky.
    pub(crate) fn rates(&self, s: usize) -> (f64, f64) {
        (self.careless[s], self.lucky[s])
    }

    /// The skill the last question asked, while unanswered.
    pub(crate) fn pending(&self) -> Option<usize> {
        self.pending
    }

    /// The graph the session works on.
    pub(crate) fn graph(&self) -> &Graph {
        &self.graph
    }

    /// A skill's id by dense index.
    pub(crate) fn name(&self, s: usize) -> &str {
        &self.names[s]
    }

    /// A skill's dense index.
    pub(crate) fn index(&self, skill: &str) -> Option<usize> {
        self.names.iter().position(|n| n == skill)
    }

    /// The estimated state as a mask over skills.
    pub(crate) fn state_mask(&self) -> Vec<bool> {
        match &self.engine {
            Engine::Exact(states) => states.mask(states.most_likely(), self.names.len()),
            Engine::Sampling(_) => {
                let half: Vec<bool> = self.marginals.iter().map(|&p| p >= 0.5).collect();
                self.graph.interior(&half)
            }
        }
    }

    /// Whether some closed state has a positive likelihood: skills that cannot be unknown
    /// (and their prerequisites) against skills that cannot be known.
    fn feasible(&self) -> bool {
        let forced: Vec<bool> = self.like_out.iter().map(|&l| l == 0.0).collect();
        self.graph
            .closure(&forced)
            .iter()
            .zip(&self.like_in)
            .all(|(&k, &l)| !k || l > 0.0)
    }

    /// Recomputes the marginals after an answer (or at the start).
    fn refresh(&mut self, start: bool) {
        let n = self.names.len();
        match &mut self.engine {
            Engine::Exact(states) => self.marginals = states.marginals(n),
            Engine::Sampling(sampler) => {
                let w_in: Vec<f64> = (0..n).map(|s| self.prior[s] * self.like_in[s]).collect();
                let w_out: Vec<f64> = (0..n)
                    .map(|s| (1.0 - self.prior[s]) * self.like_out[s])
                    .collect();
                let current = sampler.state();
                let possible = current
                    .iter()
                    .enumerate()
                    .all(|(s, &k)| if k { w_in[s] > 0.0 } else { w_out[s] > 0.0 });
                if start || !possible {
                    let forced: Vec<bool> = self.like_out.iter().map(|&l| l == 0.0).collect();
                    sampler.reset(&self.graph, &self.graph.closure(&forced));
                }
                let sweeps = self
                    .options
                    .sweeps
                    .unwrap_or_else(|| (4_000_000 / n.max(1)).clamp(100, 20_000));
                let burn = if start { sweeps } else { sweeps.div_ceil(10) };
                self.marginals = sampler.run(&self.graph, &w_in, &w_out, burn, sweeps);
            }
        }
    }

    /// Mutual information (bits) between the answer on `s` and the state.
    fn information(&self, s: usize) -> f64 {
        let (m, b, e) = (self.marginals[s], self.careless[s], self.lucky[s]);
        let right = m * (1.0 - b) + (1.0 - m) * e;
        (entropy(right) - m * entropy(b) - (1.0 - m) * entropy(e)).max(0.0)
    }

    /// The next skill under the selector; near-ties broken by the seeded generator.
    fn choose(&mut self) -> Option<usize> {
        let n = self.names.len();
        match self.options.selector {
            PlacementSelector::Informative => {}
            PlacementSelector::HalfSplit => {
                // The highest score is the P(known) nearest 0.5.
                let scores: Vec<f64> = self.marginals.iter().map(|&m| -(m - 0.5).abs()).collect();
                return self.best(&scores);
            }
            PlacementSelector::Random => {
                let open: Vec<usize> = (0..n).filter(|&s| !self.asked[s]).collect();
                return match open.len() {
                    0 if n == 0 => None,
                    0 => Some(self.ties().random_range(0..n)),
                    k => Some(open[self.ties().random_range(0..k)]),
                };
            }
            PlacementSelector::InOrder => {
                if let Some(&s) = self.graph.order.iter().find(|&&s| !self.asked[s as usize]) {
                    return Some(s as usize);
                }
            }
        }
        let gains: Vec<f64> = (0..n).map(|s| self.information(s)).collect();
        self.best(&gains)
    }

    /// The generator of ties for the next question: a function of the seed and the number
    /// of answers alone, so a session rebuilt from its answers asks what the original would
    /// have, however often either was asked.
    fn ties(&self) -> ChaCha8Rng {
        let n = self.answers.len() as u64;
        ChaCha8Rng::seed_from_u64(
            self.options.seed ^ 0x9e37_79b9_7f4a_7c15 ^ n.wrapping_mul(0xbf58_476d_1ce4_e5b9),
        )
    }

    /// The skill of the highest score; near-ties broken by the seeded generator.
    fn best(&mut self, scores: &[f64]) -> Option<usize> {
        let gains: Vec<(usize, f64)> = scores.iter().copied().enumerate().collect();
        let best = gains.iter().map(|g| g.1).fold(f64::NEG_INFINITY, f64::max);
        let tied: Vec<usize> = gains
            .iter()
            .filter(|g| g.1 >= best - TIE * best.abs().max(1e-300))
            .map(|g| g.0)
            .collect();
        match tied.len() {
            0 => None,
            1 => Some(tied[0]),
            k => Some(tied[self.ties().random_range(0..k)]),
        }
    }
}

/// Binary entropy in bits (0 at 0 and 1).
fn entropy(p: f64) -> f64 {
    if p <= 0.0 || p >= 1.0 {
        0.0
    } else {
        -(p * p.log2() + (1.0 - p) * (1.0 - p).log2())
    }
}
