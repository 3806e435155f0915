//! `Placement`: an adaptive pre-assessment session, simulated learners and the selector
//! comparison; identical to the native build for the same answers and seeds.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, to_js};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::learner::{LearnerStore, timestamp};

/// Options from an optional plain object, checked by the core.
fn options(value: Option<JsValue>) -> Result<core::PlacementOptions> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => Ok(core::PlacementOptions::from_value(
            from_js(v, "placement options")?,
        )?),
        _ => Ok(core::PlacementOptions::default()),
    }
}

/// An adaptive pre-assessment over a curriculum's prerequisite graph: the most informative
/// skill to test next, noisy answers, per-skill P(known) and the most likely knowledge
/// state, and a stopping rule.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Placement(core::Placement);

#[wasm_bindgen]
impl Placement {
    /// A session over every skill of `curriculum`; `options` sets careless, lucky,
    /// confidence, max_questions, prior, selector, ...
    #[wasm_bindgen(constructor)]
    pub fn new(
        curriculum: &Curriculum,
        #[wasm_bindgen(unchecked_param_type = "PlacementOptions")] options: Option<JsValue>,
    ) -> Result<Placement> {
        Ok(Placement(core::Placement::new(
            &curriculum.0,
            self::options(options)?,
        )?))
    }

    /// A session rebuilt from its options and answers (`[skill, correct]` pairs): the same
    /// estimate and the same next question as the session that recorded them.
    pub fn restore(
        curriculum: &Curriculum,
        #[wasm_bindgen(unchecked_param_type = "PlacementOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "[string, boolean][]")] answers: JsValue,
    ) -> Result<Placement> {
        let mut p = Placement::new(curriculum, Some(options))?;
        p.record_answers(answers)?;
        Ok(p)
    }

    /// The skill to test next, or `null` once the stopping rule is met.
    #[wasm_bindgen(js_name = nextQuestion, unchecked_return_type = "Question | null")]
    pub fn next_question(&mut self) -> Result<JsValue> {
        to_js(&self.0.next_question())
    }

    /// Records an answer; on error nothing changes.
    pub fn record(&mut self, skill: &str, correct: bool) -> Result<()> {
        Ok(self.0.record(skill, correct)?)
    }

    /// Records `[skill, correct]` pairs in order; on error none is recorded.
    #[wasm_bindgen(js_name = recordAnswers)]
    pub fn record_answers(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "[string, boolean][]")] answers: JsValue,
    ) -> Result<()> {
        let pairs: Vec<(String, bool)> = from_js(answers, "answers")?;
        let answers = core::PlacementAnswer::numbered(pairs);
        Ok(self.0.record_answers(&answers)?)
    }

    /// Whether the stopping rule is met.
    pub fn done(&self) -> bool {
        self.0.done()
    }

    /// Per-skill P(known), the estimated state, questions asked, done, method.
    #[wasm_bindgen(unchecked_return_type = "PlacementEstimate")]
    pub fn estimate(&self) -> Result<JsValue> {
        to_js(&self.0.estimate())
    }

    /// The answers so far: `[skill, correct]` pairs in order.
    #[wasm_bindgen(unchecked_return_type = "[string, boolean][]")]
    pub fn answers(&self) -> Result<JsValue> {
        to_js(&self.0.answers())
    }

    /// The placement as a `pre_assessment` assessment, for `LearnerStore.apply`.
    #[wasm_bindgen(unchecked_return_type = "Assessment")]
    pub fn assessment(
        &self,
        learner: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date | number")] timestamp: JsValue,
        #[wasm_bindgen(js_name = eventId)] event_id: Option<String>,
    ) -> Result<JsValue> {
        let at = self::timestamp(timestamp, "timestamp")?;
        to_js(&self.0.assessment(learner, at, event_id.as_deref()))
    }

    /// Answers until the stopping rule as a learner who knows `known` and their
    /// prerequisites, with noise drawn from `seed`.
    #[wasm_bindgen(js_name = answerAs, unchecked_return_type = "SimulatedPlacement")]
    pub fn answer_as(&mut self, known: Vec<String>, seed: f64) -> Result<JsValue> {
        // A whole number JavaScript holds exactly.
        if !((0.0..=9_007_199_254_740_991.0).contains(&seed) && seed.fract() == 0.0) {
            return Err(Error(core::Error::InvalidNumber {
                location: "seed".into(),
                value: seed,
                expected: "a whole number from 0 to 2^53 - 1",
            }));
        }
        to_js(&self.0.answer_as(&known, seed as u64)?)
    }

    /// The options the session runs with.
    #[wasm_bindgen(getter, unchecked_return_type = "Required<PlacementOptions>")]
    pub fn options(&self) -> Result<JsValue> {
        to_js(self.0.options())
    }
}

/// Compares question selectors on the same simulated learners: `trial` sets learners,
/// within, budget and seed; `selectors` defaults to all four.
#[wasm_bindgen(js_name = compareSelectors, unchecked_return_type = "SelectorResult[]")]
pub fn compare_selectors(
    curriculum: &Curriculum,
    #[wasm_bindgen(unchecked_param_type = "PlacementTrial")] trial: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "PlacementSelector[]")] selectors: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "PlacementOptions")] options: Option<JsValue>,
) -> Result<JsValue> {
    let trial = match trial {
        Some(t) if !t.is_undefined() && !t.is_null() => {
            core::PlacementTrial::from_value(from_js(t, "trial")?)?
        }
        _ => core::PlacementTrial::default(),
    };
    let names: Vec<String> = match selectors {
        Some(s) if !s.is_undefined() && !s.is_null() => from_js(s, "selectors")?,
        _ => core::PlacementSelector::NAMES.map(str::to_string).to_vec(),
    };
    let selectors = names
        .iter()
        .map(|n| core::PlacementSelector::parse(n))
        .collect::<core::Result<Vec<_>>>()
        .map_err(Error)?;
    to_js(&core::compare_selectors(
        &curriculum.0,
        &self::options(options)?,
        &trial,
        &selectors,
    )?)
}

/// Every knowledge state of `curriculum` (the prerequisite-closed skill sets), each in
/// learnable order; `invalid_option` when there are more than `max`.
#[wasm_bindgen(js_name = knowledgeStates, unchecked_return_type = "string[][]")]
pub fn knowledge_states(curriculum: &Curriculum, max: usize) -> Result<JsValue> {
    to_js(&core::knowledge_states(&curriculum.0, max)?)
}

/// Every learning path of `curriculum`: each order of all its skills with every skill after
/// its prerequisites; `invalid_option` when there are more than `max`.
#[wasm_bindgen(js_name = learningPaths, unchecked_return_type = "string[][]")]
pub fn learning_paths(curriculum: &Curriculum, max: usize) -> Result<JsValue> {
    to_js(&core::learning_paths(&curriculum.0, max)?)
}

#[wasm_bindgen]
impl LearnerStore {
    /// Placement priors from the learner's record: P(known) per skill from its level by
    /// `byLevel` (e.g. `{familiar: 0.7}`), else the store's BKT estimate when it tracks one;
    /// pass as a placement's `prior`.
    #[wasm_bindgen(js_name = placementPrior, unchecked_return_type = "Record<string, number>")]
    pub fn placement_prior(
        &self,
        learner: &str,
        #[wasm_bindgen(js_name = byLevel, unchecked_param_type = "Record<string, number>")]
        by_level: Option<JsValue>,
    ) -> Result<JsValue> {
        let by_level: std::collections::BTreeMap<String, f64> = match by_level {
            Some(v) if !v.is_undefined() && !v.is_null() => from_js(v, "byLevel")?,
            _ => Default::default(),
        };
        let view = self.0.require_learner(learner)?;
        let o = core::PlacementOptions::default().with_learner_prior(&view, &by_level)?;
        to_js(&o.prior)
    }
}
