//! Simulated placements: learners with hidden knowledge states answer with noise, and the
//! selectors are compared on how many questions they need to place them.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::options::{PlacementOptions, PlacementSelector};
use super::session::{Placement, PlacementEstimate};
use crate::curriculum::Curriculum;
use crate::error::{Error, IdKind, Result};

/// One simulated placement: the answers a hidden state gave, and where they led.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SimulatedPlacement {
    /// The hidden state (the skills given and their prerequisites), in learnable order.
    pub hidden: Vec<String>,
    /// The answers, in order: `(skill, correct)`.
    pub answers: Vec<(String, bool)>,
    /// How many skills the estimated state gets wrong before any answer (first) and after
    /// each.
    pub wrong_after: Vec<usize>,
    /// The estimate at the end.
    pub estimate: PlacementEstimate,
    /// Skills the final estimated state gets wrong (in one and not the other).
    pub wrong: usize,
}

/// How selectors are compared: simulated learners, the accuracy that counts as placed and
/// each learner's question budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PlacementTrial {
    /// Simulated learners (the same hidden states and answer noise for every selector).
    pub learners: usize,
    /// A learner is placed once the estimated state gets at most this many skills wrong.
    pub within: usize,
    /// Most questions per learner (`None`: one per skill).
    pub budget: Option<usize>,
    /// Seed of the hidden states and the answer noise.
    pub seed: u64,
}

impl PlacementTrial {
    /// A trial from a JSON value with every field optional (what the bindings hand over).
    pub fn from_value(value: serde_json::Value) -> Result<PlacementTrial> {
        serde_json::from_value(value).map_err(|e| Error::Parse {
            format: "placement trial",
            message: e.to_string(),
        })
    }
}

impl Default for PlacementTrial {
    fn default() -> Self {
        PlacementTrial {
            learners: 100,
            within: 0,
            budget: None,
            seed: 7,
        }
    }
}

/// One selector's questions to place the trial's learners.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SelectorResult {
    /// The selector.
    pub selector: PlacementSelector,
    /// Learners placed within the budget.
    pub placed: usize,
    /// Learners simulated.
    pub learners: usize,
    /// The median learner's questions to be placed, a learner never placed counting as
    /// more than any (`None` when the median learner was not placed).
    pub median_questions: Option<f64>,
    /// Each learner's questions to be placed (the first after which the estimate was
    /// within the trial's error), `None` when the budget ran out first.
    pub questions: Vec<Option<usize>>,
    /// Mean skills the estimated state gets wrong before any answer (first) and after each
    /// question, up to the budget.
    pub mean_wrong: Vec<f64>,
}

impl Placement {
    /// Runs a session to its stopping rule against a learner who knows `known` (and their
    /// prerequisites), answering with the session's own noise rates drawn from `seed`.
    ///
    /// ```
    /// use masterykit::{Curriculum, Placement, PlacementOptions};
    /// let c = Curriculum::from_json(r#"{"format_version": 1, "skills": [
    ///     {"id": "count"}, {"id": "add", "prerequisites": ["count"]},
    ///     {"id": "mul", "prerequisites": ["add"]}]}"#)?;
    /// let o = PlacementOptions { careless: 0.0, lucky: 0.0, ..Default::default() };
    /// let run = Placement::simulate(&c, o, &["add"], 1)?;
    /// assert_eq!(run.hidden, ["count", "add"]);
    /// assert_eq!((run.estimate.state.clone(), run.wrong), (run.hidden.clone(), 0));
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn simulate<S: AsRef<str>>(
        curriculum: &Curriculum,
        options: PlacementOptions,
        known: &[S],
        seed: u64,
    ) -> Result<SimulatedPlacement> {
        Placement::new(curriculum, options)?.answer_as(known, seed)
    }

    /// Answers this session's questions, until its stopping rule, as a learner who knows
    /// `known` and their prerequisites, with the session's noise rates drawn from `seed`.
    /// An unknown skill is `unknown_skill`, and then nothing changes.
    pub fn answer_as<S: AsRef<str>>(
        &mut self,
        known: &[S],
        seed: u64,
    ) -> Result<SimulatedPlacement> {
        let mut seeds = vec![false; self.graph().len()];
        for k in known {
            let s = self.index(k.as_ref()).ok_or_else(|| Error::UnknownId {
                kind: IdKind::Skill,
                id: k.as_ref().to_string(),
                referenced_in: "simulated knowledge state".into(),
            })?;
            seeds[s] = true;
        }
        let hidden = self.graph().closure(&seeds);
        let mut noise = ChaCha8Rng::seed_from_u64(seed);
        let wrong_after = run(self, &hidden, &mut noise)?;
        Ok(SimulatedPlacement {
            hidden: self
                .graph()
                .order
                .iter()
                .filter(|&&s| hidden[s as usize])
                .map(|&s| self.name(s as usize).to_string())
                .collect(),
            answers: self
                .answers()
                .into_iter()
                .map(|(s, c)| (s.to_string(), c))
                .collect(),
            wrong: wrong(&self.state_mask(), &hidden),
            wrong_after,
            estimate: self.estimate(),
        })
    }
}

/// Compares selectors on simulated learners: each learner's hidden state is drawn
/// consistent with the prerequisite graph (a point in the course before which most skills
/// are known and after which few are, each only when its prerequisites are), answers carry
/// the options' noise rates, and a learner counts as placed at the first question after
/// which the estimated state gets at most `trial.within` skills wrong. Every selector sees
/// the same learners and the same noise; the options' stopping rule is replaced by the
/// trial's budget.
///
/// ```
/// use masterykit::{Curriculum, PlacementOptions, PlacementSelector, PlacementTrial, compare_selectors};
/// let c = Curriculum::generate(30, 1)?;
/// let trial = PlacementTrial { learners: 5, within: 1, budget: None, seed: 2 };
/// let rows = compare_selectors(&c, &PlacementOptions::default(), &trial, &[PlacementSelector::Informative])?;
/// assert_eq!(rows[0].learners, 5);
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn compare_selectors(
    curriculum: &Curriculum,
    options: &PlacementOptions,
    trial: &PlacementTrial,
    selectors: &[PlacementSelector],
) -> Result<Vec<SelectorResult>> {
    let budget = trial.budget.unwrap_or(curriculum.len()).max(1);
    let options = PlacementOptions {
        confidence: None,
        max_questions: Some(budget),
        strict: false,
        ..options.clone()
    };
    let prototype = Placement::new(curriculum, options)?;
    let hidden: Vec<Vec<bool>> = (0..trial.learners)
        .map(|l| draw_state(prototype.graph(), learner_seed(trial.seed, l, 0)))
        .collect();
    selectors
        .iter()
        .map(|&selector| {
            let one = |l: usize| -> Result<Vec<usize>> {
                let mut session = prototype.fork(selector, learner_seed(trial.seed, l, 1));
                let mut noise = ChaCha8Rng::seed_from_u64(learner_seed(trial.seed, l, 2));
                run(&mut session, &hidden[l], &mut noise)
            };
            let curves = for_each_learner(trial.learners, one)?;
            let questions: Vec<Option<usize>> = curves
                .iter()
                .map(|c| c.iter().position(|&w| w <= trial.within))
                .collect();
            let mut sorted: Vec<usize> =
                questions.iter().map(|q| q.unwrap_or(usize::MAX)).collect();
            sorted.sort_unstable();
            let median = match sorted.len() {
                0 => None,
                n if n % 2 == 1 => Some(sorted[n / 2])
                    .filter(|&q| q != usize::MAX)
                    .map(|q| q as f64),
                n => {
                    let (a, b) = (sorted[n / 2 - 1], sorted[n / 2]);
                    (b != usize::MAX).then(|| (a + b) as f64 / 2.0)
                }
            };
            let mean_wrong = (0..=budget)
                .map(|q| {
                    // A learner whose session ended early keeps its last estimate.
                    let total: usize = curves.iter().map(|c| c[q.min(c.len() - 1)]).sum();
                    total as f64 / curves.len().max(1) as f64
                })
                .collect();
            Ok(SelectorResult {
                selector,
                placed: questions.iter().flatten().count(),
                learners: trial.learners,
                median_questions: median,
                questions,
                mean_wrong,
            })
        })
        .collect()
}

/// `f` for learners `0..n`, in order (in parallel with the `parallel` feature: every
/// learner has its own seeds, so the thread count changes nothing).
fn for_each_learner<T: Send>(
    n: usize,
    f: impl Fn(usize) -> Result<T> + Sync + Send,
) -> Result<Vec<T>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        crate::parallel::install(|| (0..n).into_par_iter().map(&f).collect())
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n).map(f).collect()
    }
}

/// A seed of its own for learner `l` and purpose `k`.
fn learner_seed(seed: u64, l: usize, k: u64) -> u64 {
    let mut x = seed
        ^ (l as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ k.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    // splitmix64's finalizer, so nearby inputs give unrelated seeds.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A hidden state consistent with the graph: a cut in the learnable order, skills before it
/// picked with probability 0.8 and after it 0.01, and the picked skills' prerequisites:
/// mostly a prefix of the course, with gaps and a few skills from further on.
fn draw_state(graph: &super::states::Graph, seed: u64) -> Vec<bool> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = graph.len();
    let cut = rng.random_range(0..=n);
    let mut picked = vec![false; n];
    for (position, &s) in graph.order.iter().enumerate() {
        picked[s as usize] = rng.random_bool(if position < cut { 0.8 } else { 0.01 });
    }
    graph.closure(&picked)
}

/// Answers the session's questions from `hidden` until it stops. Returns how many skills
/// the estimated state gets wrong before any answer and after each.
fn run(session: &mut Placement, hidden: &[bool], noise: &mut ChaCha8Rng) -> Result<Vec<usize>> {
    let mut wrong_after = vec![wrong(&session.state_mask(), hidden)];
    while session.next_question().is_some() {
        let Some(s) = session.pending() else { break };
        let (careless, lucky) = session.rates(s);
        let u: f64 = noise.random();
        let correct = if hidden[s] { u >= careless } else { u < lucky };
        session.record_at(s, correct)?;
        wrong_after.push(wrong(&session.state_mask(), hidden));
    }
    Ok(wrong_after)
}

/// Skills in one mask and not the other.
fn wrong(estimate: &[bool], hidden: &[bool]) -> usize {
    estimate.iter().zip(hidden).filter(|(a, b)| a != b).count()
}
