//! `BktModel`: Bayesian Knowledge Tracing fit, online update, predict and evaluate.

use masterykit as core;
use wasm_bindgen::prelude::*;

use crate::conv::{from_js, from_js_or_default, to_js};
use crate::error::{Error, Result};

/// Fitted BKT parameters per skill.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct BktModel(core::BktModel);

/// A field of the responses object, `None` when absent.
pub(crate) fn field(responses: &JsValue, name: &str) -> Result<Option<JsValue>> {
    let v = js_sys::Reflect::get(responses, &JsValue::from_str(name))
        .map_err(|_| Error::shape("responses", "expected an object of columns"))?;
    Ok((!v.is_undefined() && !v.is_null()).then_some(v))
}

pub(crate) fn required(responses: &JsValue, name: &str) -> Result<JsValue> {
    field(responses, name)?
        .ok_or_else(|| Error::shape("responses", format!("missing column `{name}`")))
}

/// Codes from a `Uint32Array` (copied once into wasm memory) or an array of numbers.
pub(crate) fn codes(value: JsValue, name: &str) -> Result<Vec<u32>> {
    match value.dyn_into::<js_sys::Uint32Array>() {
        Ok(a) => Ok(a.to_vec()),
        Err(v) => from_js(v, name),
    }
}

/// Numbers from a `Float64Array` or an array of numbers.
pub(crate) fn numbers(value: JsValue, name: &str) -> Result<Vec<f64>> {
    match value.dyn_into::<js_sys::Float64Array>() {
        Ok(a) => Ok(a.to_vec()),
        Err(v) => from_js(v, name),
    }
}

/// Whole numbers (exact in a double) from a `Float64Array` or an array of numbers, or an
/// error naming the first row that is not one.
pub(crate) fn whole_numbers(value: JsValue, name: &str) -> Result<Vec<i64>> {
    Ok(core::whole_numbers(name, &numbers(value, name)?)?)
}

/// Responses from an object of columns: `learner_codes` and `skill_codes` into
/// `learner_names` and `skill_names`, 0/1 `correct`, optional `order` (whole numbers in a
/// `Float64Array`), and for the variants `item_codes`/`item_names` and
/// `group_codes`/`group_names`.
fn data(responses: &JsValue) -> Result<core::ResponseData> {
    let learners = codes(required(responses, "learner_codes")?, "learner_codes")?;
    let skills = codes(required(responses, "skill_codes")?, "skill_codes")?;
    let correct: Vec<u8> = match required(responses, "correct")?.dyn_into::<js_sys::Uint8Array>() {
        Ok(a) => a.to_vec(),
        Err(v) => from_js(v, "correct")?,
    };
    let learner_names: Vec<String> =
        from_js(required(responses, "learner_names")?, "learner_names")?;
    let skill_names: Vec<String> = from_js(required(responses, "skill_names")?, "skill_names")?;
    let order = match field(responses, "order")? {
        None => None,
        Some(v) => Some(whole_numbers(v, "order")?),
    };
    let mut d = core::ResponseData::from_codes(
        learner_names,
        skill_names,
        &learners,
        &skills,
        &correct,
        order.as_deref(),
    )?;
    for (kind, items) in [("item", true), ("group", false)] {
        let (c, n) = (
            field(responses, &format!("{kind}_codes"))?,
            field(responses, &format!("{kind}_names"))?,
        );
        match (c, n) {
            (None, None) => {}
            (Some(c), Some(n)) => {
                let c = codes(c, &format!("{kind}_codes"))?;
                let n: Vec<String> = from_js(n, &format!("{kind}_names"))?;
                d = if items {
                    d.with_item_codes(n, &c)?
                } else {
                    d.with_group_codes(n, &c)?
                };
            }
            _ => {
                return Err(Error::shape(
                    "responses",
                    format!("`{kind}_codes` and `{kind}_names` go together"),
                ));
            }
        }
    }
    Ok(d)
}

/// A `Float64Array` of `values`, or with `nulls` an array with `null` for each missing one.
fn float_column(values: Vec<Option<f64>>, nulls: bool) -> Result<JsValue> {
    if nulls {
        return to_js(&values);
    }
    let values: Vec<f64> = values.into_iter().map(Option::unwrap_or_default).collect();
    Ok(js_sys::Float64Array::from(values.as_slice()).into())
}

/// The `unseen` argument: absent (an error), a name, or parameters.
fn unseen_choice(value: Option<JsValue>) -> Result<core::Unseen> {
    let value: serde_json::Value = match value {
        Some(v) if !v.is_undefined() && !v.is_null() => from_js(v, "unseen")?,
        _ => serde_json::Value::Null,
    };
    Ok(core::Unseen::from_value(value)?)
}

/// Fit options: the core's defaults with the fields of the options object.
fn fit_options(options: Option<JsValue>) -> Result<core::FitOptions> {
    let value: serde_json::Value = from_js_or_default(options, "fit options")?;
    Ok(core::FitOptions::from_value(match value {
        serde_json::Value::Null => serde_json::Value::Object(Default::default()),
        v => v,
    })?)
}

#[wasm_bindgen]
impl BktModel {
    /// Fits BKT by EM with seeded random restarts (single-threaded here; the same result as
    /// the native build) to an object of columns (`ResponseColumns`).
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<BktModel> {
        let d = data(&responses)?;
        Ok(BktModel(core::BktModel::fit(&d, &fit_options(options)?)?))
    }

    /// A new model fitted to `responses` continuing from this one: a skill this model has
    /// parameters for runs EM once from them, the others take seeded restarts (pyBKT's
    /// `partial_fit`). This model is left as it was.
    #[wasm_bindgen(js_name = partialFit)]
    pub fn partial_fit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<BktModel> {
        let d = data(&responses)?;
        Ok(BktModel(core::BktModel::fit_from(
            &d,
            &fit_options(options)?,
            &self.0,
        )?))
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
        Ok(BktModel(core::BktModel::try_from_params(params)?))
    }

    /// Reads the JSON model form.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<BktModel> {
        Ok(BktModel(core::BktModel::from_json(text)?))
    }

    /// A model with the skills of this one and of `other`, fitted on other skills (one part
    /// of a fit split by skill). A skill in both is a `merge_conflict` error.
    pub fn merge(&self, other: &BktModel) -> Result<BktModel> {
        let mut merged = self.0.clone();
        merged.merge(&other.0)?;
        Ok(BktModel(merged))
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
        Ok(self.0.params_of(skill)?.prior)
    }

    /// P(correct) on the next response of a skill given P(known).
    #[wasm_bindgen(js_name = predictCorrect)]
    pub fn predict_correct(&self, skill: &str, p_known: f64) -> Result<f64> {
        Ok(self.0.predict_correct(skill, p_known)?)
    }

    /// P(known) after a response scored in [0, 1] (1 right, 0 wrong) and one learning
    /// opportunity.
    pub fn update(&self, skill: &str, p_known: f64, score: f64) -> Result<f64> {
        Ok(self.0.update(skill, p_known, score)?)
    }

    /// P(correct) before each row's response, in row order: a `Float64Array`, or under
    /// `unseen: "skip"` an array with `null` where the model lacked the skill.
    #[wasm_bindgen(unchecked_return_type = "Float64Array | (number | null)[]")]
    pub fn predict(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Unseen")] unseen: Option<JsValue>,
    ) -> Result<JsValue> {
        let unseen = unseen_choice(unseen)?;
        let p = self
            .0
            .predict_in_row_order_with(&data(&responses)?, &unseen)?;
        float_column(p, unseen == core::Unseen::Skip)
    }

    /// P(correct) and P(known) before each row's response, in row order (pyBKT's
    /// `correct_predictions` and `state_predictions`): `Float64Array`s, or under `"skip"`
    /// arrays with `null` where the model lacked the skill.
    #[wasm_bindgen(js_name = predictStates, unchecked_return_type = "StatePredictions")]
    pub fn predict_states(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Unseen")] unseen: Option<JsValue>,
    ) -> Result<JsValue> {
        let unseen = unseen_choice(unseen)?;
        let p = self
            .0
            .predict_states_in_row_order_with(&data(&responses)?, &unseen)?;
        let skip = unseen == core::Unseen::Skip;
        let column = |i: usize| float_column(p.iter().map(|x| x.map(|x| x[i])).collect(), skip);
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"correct".into(), &column(0)?)
            .and_then(|_| js_sys::Reflect::set(&out, &"state".into(), &column(1)?))
            .map_err(|_| Error::shape("result", "cannot build the predictions object"))?;
        Ok(out.into())
    }

    /// RMSE, AUC, accuracy, log loss and count of the predictions, with the skills the
    /// model lacked (`unseen_skills`) and the responses on them (`unseen_responses`).
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Unseen")] unseen: Option<JsValue>,
    ) -> Result<JsValue> {
        let unseen = unseen_choice(unseen)?;
        to_js(&self.0.evaluate_with(&data(&responses)?, &unseen)?)
    }

    /// The metrics of each skill with scored responses, in the data's skill order.
    #[wasm_bindgen(js_name = evaluateBySkill, unchecked_return_type = "SkillMetrics[]")]
    pub fn evaluate_by_skill(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Unseen")] unseen: Option<JsValue>,
    ) -> Result<JsValue> {
        let unseen = unseen_choice(unseen)?;
        to_js(&self.0.evaluate_by_skill(&data(&responses)?, &unseen)?)
    }

    /// Why some skills' parameters deserve doubt: `{skill, code, message}` each.
    #[wasm_bindgen(unchecked_return_type = "FitWarning[]")]
    pub fn warnings(&self) -> Result<JsValue> {
        to_js(&self.0.warnings())
    }

    /// Each parameter's mean over the fitted skills, weighted by their responses (what
    /// `unseen: "population"` traces with).
    #[wasm_bindgen(unchecked_return_type = "BktParams")]
    pub fn population(&self) -> Result<JsValue> {
        to_js(&self.0.population()?)
    }

    /// k-fold cross-validation split by learner (folds drawn with `options.seed`): the
    /// metrics of each held-out fold, overall and by skill.
    #[wasm_bindgen(js_name = crossValidate, unchecked_return_type = "FoldMetrics[]")]
    pub fn cross_validate(
        #[wasm_bindgen(unchecked_param_type = "ResponseColumns")] responses: JsValue,
        folds: usize,
        #[wasm_bindgen(unchecked_param_type = "FitOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let d = data(&responses)?;
        to_js(&core::cross_validate(&d, folds, &fit_options(options)?)?)
    }
}
