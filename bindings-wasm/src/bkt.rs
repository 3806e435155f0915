//! `BktModel`: Bayesian Knowledge Tracing fit, online update, predict and evaluate.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, from_js_or_default, to_js};
use crate::error::{Error, Result};

/// Fitted BKT parameters per skill.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct BktModel(core::BktModel);

/// Responses from typed arrays: learner and skill codes into name tables, 0/1 outcomes, and
/// an optional order key per row (integers held in a `Float64Array`).
fn data(
    learner_codes: &[u32],
    skill_codes: &[u32],
    correct: &[u8],
    learner_names: Vec<String>,
    skill_names: Vec<String>,
    order: Option<Vec<f64>>,
) -> Result<core::ResponseData> {
    let order = match order {
        None => None,
        Some(keys) => Some(
            keys.iter()
                .enumerate()
                .map(|(row, &k)| {
                    if k.is_finite() && k.fract() == 0.0 && k.abs() <= 9_007_199_254_740_992.0 {
                        Ok(k as i64)
                    } else {
                        Err(Error(core::Error::InvalidNumber {
                            location: format!("order on row {row}"),
                            value: k,
                            expected: "a whole number",
                        }))
                    }
                })
                .collect::<Result<Vec<i64>>>()?,
        ),
    };
    Ok(core::ResponseData::from_codes(
        learner_names,
        skill_names,
        learner_codes,
        skill_codes,
        correct,
        order.as_deref(),
    )?)
}

fn fit_options(options: Option<JsValue>) -> Result<core::FitOptions> {
    from_js_or_default(options, "fit options")
}

fn params_of(model: &core::BktModel, skill: &str) -> Result<core::BktParams> {
    model.skills.get(skill).map(|f| f.params).ok_or_else(|| {
        Error(core::Error::UnfittedSkill {
            skill: skill.to_string(),
        })
    })
}

#[wasm_bindgen]
impl BktModel {
    /// Fits BKT by EM with seeded random restarts (single-threaded here; the same result as
    /// the native build). Rows are learner and skill codes into the name arrays and 0/1
    /// outcomes, in time order or sorted by `order`.
    #[allow(clippy::too_many_arguments)]
    pub fn fit(
        learner_codes: &[u32],
        skill_codes: &[u32],
        correct: &[u8],
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<Vec<f64>>,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<BktModel> {
        let d = data(
            learner_codes,
            skill_codes,
            correct,
            learner_names,
            skill_names,
            order,
        )?;
        Ok(BktModel(core::BktModel::fit(&d, &fit_options(options)?)?))
    }

    /// Fits to CSV text with pyBKT's or DataShop's column names.
    #[wasm_bindgen(js_name = fitCsv)]
    pub fn fit_csv(
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<BktModel> {
        let d = core::ResponseData::from_csv_bytes(text.as_bytes())?;
        Ok(BktModel(core::BktModel::fit(&d, &fit_options(options)?)?))
    }

    /// A model from parameters per skill, e.g. `{add: {prior: 0.1, learn: 0.2, guess: 0.2,
    /// slip: 0.1}}`.
    #[wasm_bindgen(js_name = fromParams)]
    pub fn from_params(
        #[wasm_bindgen(unchecked_param_type = "Record<string, BktParams>")] params: JsValue,
    ) -> Result<BktModel> {
        let params: std::collections::BTreeMap<String, core::BktParams> =
            from_js(params, "params")?;
        for (skill, p) in &params {
            p.validate(&format!("parameters of skill `{skill}`"))?;
        }
        Ok(BktModel(core::BktModel::from_params(params)))
    }

    /// Reads the JSON model form.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<BktModel> {
        Ok(BktModel(core::BktModel::from_json(text)?))
    }

    /// The JSON model form.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Per skill: prior, learn, guess, slip, forget and the fit's figures.
    #[wasm_bindgen(unchecked_return_type = "Record<string, SkillFit>")]
    pub fn params(&self) -> Result<JsValue> {
        to_js(&self.0.skills)
    }

    /// Skills with parameters.
    #[wasm_bindgen(getter)]
    pub fn skills(&self) -> Vec<String> {
        self.0.skills.keys().cloned().collect()
    }

    /// P(known) before any practice of a skill.
    pub fn prior(&self, skill: &str) -> Result<f64> {
        Ok(params_of(&self.0, skill)?.prior)
    }

    /// P(correct) on the next response of a skill given P(known).
    #[wasm_bindgen(js_name = predictCorrect)]
    pub fn predict_correct(&self, skill: &str, p_known: f64) -> Result<f64> {
        Ok(params_of(&self.0, skill)?.predict_correct(check_probability(p_known)?))
    }

    /// P(known) after a response scored in [0, 1] (1 right, 0 wrong) and one learning
    /// opportunity.
    pub fn update(&self, skill: &str, p_known: f64, score: f64) -> Result<f64> {
        let p = params_of(&self.0, skill)?;
        if !(0.0..=1.0).contains(&score) {
            return Err(Error(core::Error::InvalidScore {
                location: format!("update of skill `{skill}`"),
                value: score,
            }));
        }
        Ok(p.update(check_probability(p_known)?, score))
    }

    /// P(correct) before each row's response, in row order.
    pub fn predict(
        &self,
        learner_codes: &[u32],
        skill_codes: &[u32],
        correct: &[u8],
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<Vec<f64>>,
    ) -> Result<Vec<f64>> {
        let d = data(
            learner_codes,
            skill_codes,
            correct,
            learner_names,
            skill_names,
            order,
        )?;
        Ok(self.0.predict(&d)?)
    }

    /// RMSE, AUC, accuracy, log loss and count of the predictions.
    #[wasm_bindgen(unchecked_return_type = "Metrics")]
    pub fn evaluate(
        &self,
        learner_codes: &[u32],
        skill_codes: &[u32],
        correct: &[u8],
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<Vec<f64>>,
    ) -> Result<JsValue> {
        let d = data(
            learner_codes,
            skill_codes,
            correct,
            learner_names,
            skill_names,
            order,
        )?;
        to_js(&self.0.evaluate(&d)?)
    }

    /// k-fold cross-validation split by learner: the metrics of each held-out fold.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = crossValidate, unchecked_return_type = "Metrics[]")]
    pub fn cross_validate(
        learner_codes: &[u32],
        skill_codes: &[u32],
        correct: &[u8],
        learner_names: Vec<String>,
        skill_names: Vec<String>,
        order: Option<Vec<f64>>,
        folds: usize,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let d = data(
            learner_codes,
            skill_codes,
            correct,
            learner_names,
            skill_names,
            order,
        )?;
        to_js(&core::cross_validate(&d, folds, &fit_options(options)?)?)
    }
}

fn check_probability(p: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(Error(core::Error::InvalidNumber {
            location: "pKnown".into(),
            value: p,
            expected: "a probability within [0, 1]",
        }))
    }
}
