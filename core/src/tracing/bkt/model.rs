//! The fitted BKT model: fitting by EM with seeded restarts per skill, predictions, metrics
//! and the model file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::BktParams;
use super::em::{LANES, RESTARTS, em_restarts, forward_ll, forward_step, start};
use super::options::FitOptions;
use super::unseen::{Evaluation, Unseen};
use super::variants::{self, Variants};
use super::warnings::{FitWarning, warnings};
use crate::error::{Error, Result};
use crate::tracing::data::{ResponseData, SkillSeqs};
use crate::tracing::metrics::{LogProduct, Metrics, Scores};
use crate::watch::Watch;

/// The model file format this build reads and writes.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// Fitted parameters of one skill with the fit's figures. In a model file its fields stand
/// flat: the parameters, the variants' maps, then the figures; an unknown one is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "SkillFitDoc", into = "SkillFitDoc")]
pub struct SkillFit {
    /// The parameters (under the variants, the means of the per-class ones, used for any
    /// item, pair or group not seen in fitting).
    pub params: BktParams,
    /// Per-class parameters of pyBKT's variants (empty for plain BKT).
    pub variants: Variants,
    /// Log-likelihood of the skill's data under them.
    pub log_likelihood: f64,
    /// EM iterations of the winning restart.
    pub iterations: u32,
    /// Responses the skill had.
    pub responses: usize,
    /// Why the skill's parameters deserve doubt (all answers right, too few responses, ...).
    pub warnings: Vec<FitWarning>,
}

/// [`SkillFit`] as a model file holds it, every field by name. Numbers are read as
/// optional so that a `null` (how JSON writers spell NaN) is an error naming the skill
/// and field rather than a parse error.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct SkillFitDoc {
    prior: Num,
    learn: Num,
    guess: Num,
    slip: Num,
    #[serde(default, skip_serializing_if = "Num::is_zero")]
    forget: Num,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    guess_slip_by_item: BTreeMap<String, super::GuessSlip>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    learn_by_item: BTreeMap<String, super::LearnForget>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    learn_by_pair: BTreeMap<String, super::LearnForget>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    prior_by_group: BTreeMap<String, f64>,
    log_likelihood: Num,
    iterations: u32,
    responses: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<FitWarning>,
}

/// A number field of a model file as read: a number, or what stood in its place (so that
/// the error can name the skill and field).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Number(f64),
    Other(&'static str),
}

/// In model files: a number (a probability where the field is one; never null).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "number"})
    }
}

impl Default for Num {
    fn default() -> Num {
        Num::Number(0.0)
    }
}

impl Num {
    fn is_zero(&self) -> bool {
        *self == Num::Number(0.0)
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Num::Number(v) => s.serialize_f64(*v),
            Num::Other(_) => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Num, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<Num, E> {
                Ok(Num::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Num, E> {
                Ok(Num::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Num, E> {
                Ok(Num::Number(v as f64))
            }
            fn visit_unit<E>(self) -> std::result::Result<Num, E> {
                Ok(Num::Other("null"))
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<Num, E> {
                Ok(Num::Other("a boolean"))
            }
            fn visit_str<E>(self, _: &str) -> std::result::Result<Num, E> {
                Ok(Num::Other("a string"))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<Num, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Num::Other("an array"))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<Num, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Num::Other("an object"))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl SkillFitDoc {
    /// The fit of skill `name`, every number checked: a missing or non-finite one, or a
    /// probability outside [0, 1], is an `invalid_number` error naming skill and field.
    fn into_fit(self, name: &str) -> Result<SkillFit> {
        let number = |field: &str, v: Num| -> Result<f64> {
            match v {
                Num::Number(v) if v.is_finite() => Ok(v),
                Num::Number(v) => Err(Error::InvalidNumber {
                    location: format!("{field} of skill `{name}`"),
                    value: v,
                    expected: "a finite number",
                }),
                // JSON writers spell NaN and infinities as null.
                Num::Other("null") => Err(Error::InvalidNumber {
                    location: format!("{field} of skill `{name}`"),
                    value: f64::NAN,
                    expected: "a finite number (null is how JSON writers spell NaN)",
                }),
                Num::Other(what) => Err(Error::Parse {
                    format: "model file",
                    message: format!("{field} of skill `{name}`: expected a number, found {what}"),
                }),
            }
        };
        let fit = SkillFit {
            params: BktParams {
                prior: number("prior", self.prior)?,
                learn: number("learn", self.learn)?,
                guess: number("guess", self.guess)?,
                slip: number("slip", self.slip)?,
                forget: number("forget", self.forget)?,
            },
            variants: Variants {
                guess_slip_by_item: self.guess_slip_by_item,
                learn_by_item: self.learn_by_item,
                learn_by_pair: self.learn_by_pair,
                prior_by_group: self.prior_by_group,
            },
            log_likelihood: number("log_likelihood", self.log_likelihood)?,
            iterations: self.iterations,
            responses: self.responses,
            warnings: self.warnings,
        };
        fit.params.validate(&format!("skill `{name}`"))?;
        fit.variants.validate(name)?;
        Ok(fit)
    }
}

impl TryFrom<SkillFitDoc> for SkillFit {
    type Error = Error;

    fn try_from(d: SkillFitDoc) -> Result<SkillFit> {
        d.into_fit("?")
    }
}

impl From<SkillFit> for SkillFitDoc {
    fn from(f: SkillFit) -> SkillFitDoc {
        let (p, v) = (f.params, f.variants);
        SkillFitDoc {
            prior: Num::Number(p.prior),
            learn: Num::Number(p.learn),
            guess: Num::Number(p.guess),
            slip: Num::Number(p.slip),
            forget: Num::Number(p.forget),
            guess_slip_by_item: v.guess_slip_by_item,
            learn_by_item: v.learn_by_item,
            learn_by_pair: v.learn_by_pair,
            prior_by_group: v.prior_by_group,
            log_likelihood: Num::Number(f.log_likelihood),
            iterations: f.iterations,
            responses: f.responses,
            warnings: f.warnings,
        }
    }
}

/// One skill's metrics: `{skill, rmse, auc, accuracy, log_loss, count}` in every front end.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkillMetrics {
    /// The skill.
    pub skill: String,
    /// Its metrics.
    #[serde(flatten)]
    pub metrics: Metrics,
}

/// One fit warning with its skill: `{skill, code, message}` in every front end.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkillWarning<'a> {
    /// The skill.
    pub skill: &'a str,
    /// The warning's code ([`FitWarning::code`]).
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
}

/// A fitted BKT model: parameters per skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "ModelDoc")]
pub struct BktModel {
    /// Format version ([`MODEL_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Per skill, by name.
    pub skills: BTreeMap<String, SkillFit>,
}

/// [`BktModel`] as a file holds it, before its numbers are checked.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ModelDoc {
    format_version: u32,
    skills: BTreeMap<String, SkillFitDoc>,
}

impl TryFrom<ModelDoc> for BktModel {
    type Error = Error;

    fn try_from(d: ModelDoc) -> Result<BktModel> {
        if d.format_version != MODEL_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: d.format_version,
                supported: MODEL_FORMAT_VERSION,
            });
        }
        let mut skills = BTreeMap::new();
        for (name, f) in d.skills {
            let fit = f.into_fit(&name)?;
            skills.insert(name, fit);
        }
        Ok(BktModel {
            format_version: d.format_version,
            skills,
        })
    }
}

impl BktModel {
    /// Fits every skill of `data` that has responses (in parallel with the `parallel`
    /// feature; results do not depend on the number of threads).
    pub fn fit(data: &ResponseData, options: &FitOptions) -> Result<BktModel> {
        Self::fit_from_until(data, options, None, &Watch::new())
    }

    /// [`BktModel::fit`] continuing from `start`: a skill `start` has parameters for runs EM
    /// once from them (its restarts would all begin there), pins applied; the others take
    /// seeded random restarts. pyBKT's `partial_fit`.
    ///
    /// ```
    /// use masterykit::{BktModel, FitOptions, ResponseData};
    /// let data = ResponseData::from_columns(&["u", "u", "u", "v", "v"], &["add"; 5], &[false, true, true, false, true], None)?;
    /// let first = BktModel::fit(&data, &FitOptions { max_iterations: 3, ..FitOptions::default() })?;
    /// let more = BktModel::fit_from(&data, &FitOptions::default(), &first)?;
    /// assert!(more.skills["add"].log_likelihood >= first.skills["add"].log_likelihood - 1e-9);
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn fit_from(
        data: &ResponseData,
        options: &FitOptions,
        start: &BktModel,
    ) -> Result<BktModel> {
        Self::fit_from_until(data, options, Some(start), &Watch::new())
    }

    /// [`BktModel::fit_from`] (or [`BktModel::fit`] without `start`) under a [`Watch`]: it
    /// counts restarts done and stops with a `cancelled` error soon after a stop is asked
    /// for (read before each batch of a skill's restarts run side by side), as a front end does on Ctrl-C.
    pub fn fit_from_until(
        data: &ResponseData,
        options: &FitOptions,
        start: Option<&BktModel>,
        watch: &Watch,
    ) -> Result<BktModel> {
        Self::fit_counting(data, options, start, (watch, true))
    }

    /// [`BktModel::fit_from_until`], counting restarts on the watch only with `count` (a
    /// caller counting its own units, folds say, passes false).
    pub(crate) fn fit_counting(
        data: &ResponseData,
        options: &FitOptions,
        start: Option<&BktModel>,
        (watch, count): (&Watch, bool),
    ) -> Result<BktModel> {
        options.validate()?;
        if data.is_empty() {
            return Err(Error::EmptyEvidence {
                location: "the response log to fit".into(),
            });
        }
        let warm: Vec<Option<BktParams>> = data
            .skills
            .iter()
            .map(|name| {
                start
                    .and_then(|m| m.skills.get(name))
                    .map(|f| super::em::pin(f.params, options))
            })
            .collect();
        if options.has_variants() {
            let classes = (0..data.skills.len())
                .map(|s| variants::Classes::new(data, s, options))
                .collect::<Result<Vec<_>>>()?;
            return Self::best_of_restarts(
                data,
                options,
                (&warm, watch, count),
                |s, inits| {
                    inits
                        .iter()
                        .map(|&init| variants::em(&data.per_skill[s], &classes[s], init, options))
                        .collect()
                },
                |s, p| variants::to_model(&p, &classes[s], options),
            );
        }
        Self::best_of_restarts(
            data,
            options,
            (&warm, watch, count),
            |s, inits| em_restarts(&data.per_skill[s], inits, options),
            |_, p| (p, Variants::default()),
        )
    }

    /// Runs EM (`run(skill, starts)`, several restarts of a skill side by side) for every
    /// skill and restart (in parallel with the `parallel` feature) and keeps each skill's
    /// best log-likelihood, ties to the lowest restart whatever the threads; `finish` turns
    /// the winner into the model's parameters. A skill with `warm` parameters runs once from
    /// them.
    fn best_of_restarts<P, R, F>(
        data: &ResponseData,
        options: &FitOptions,
        (warm, watch, count): (&[Option<BktParams>], &Watch, bool),
        run: R,
        finish: F,
    ) -> Result<BktModel>
    where
        P: Send,
        R: Fn(usize, &[BktParams]) -> Vec<(P, f64, u32)> + Sync,
        F: Fn(usize, P) -> (BktParams, Variants),
    {
        let jobs: Vec<(usize, u32)> = (0..data.skills.len())
            .flat_map(|s| {
                // A skill of the name table with no responses has nothing to fit.
                let restarts = match (data.per_skill[s].obs.is_empty(), warm[s]) {
                    (true, _) => 0,
                    (false, Some(_)) => 1,
                    (false, None) => options.num_fits,
                };
                (0..restarts).map(move |r| (s, r))
            })
            .collect();
        if count {
            watch.begin(jobs.len() as u64);
        }
        // A batch of a skill's restarts shares its packed sequences and its lanes; batches
        // are small enough that one skill's restarts still spread over the threads.
        let batches: Vec<&[(usize, u32)]> = jobs
            .chunk_by(|a, b| a.0 == b.0)
            .flat_map(|skill| skill.chunks(RESTARTS))
            .collect();
        let batch = |batch: &&[(usize, u32)]| {
            let s = batch[0].0;
            let inits: Vec<BktParams> = batch
                .iter()
                .map(|&(_, r)| warm[s].unwrap_or_else(|| start(options, &data.skills[s], r)))
                .collect();
            (!watch.is_stopped()).then(|| {
                let out = run(s, &inits);
                if count {
                    for _ in batch.iter() {
                        watch.advance();
                    }
                }
                out
            })
        };
        #[cfg(feature = "parallel")]
        let results: Option<Vec<Vec<(P, f64, u32)>>> = {
            use rayon::prelude::*;
            crate::parallel::install(|| batches.par_iter().map(batch).collect())
        };
        #[cfg(not(feature = "parallel"))]
        let results: Option<Vec<Vec<(P, f64, u32)>>> = batches.iter().map(batch).collect();
        let results: Option<Vec<(P, f64, u32)>> =
            results.map(|r| r.into_iter().flatten().collect());
        let results = results.ok_or(Error::Cancelled)?;
        let mut best: Vec<Option<(P, f64, u32)>> = (0..data.skills.len()).map(|_| None).collect();
        // Results are in job order, so ties go to the lowest restart whatever the threads.
        // A restart whose likelihood is not finite never wins.
        for (&(s, _), (p, ll, it)) in jobs.iter().zip(results) {
            if ll.is_finite() && best[s].as_ref().is_none_or(|b| ll > b.1) {
                best[s] = Some((p, ll, it));
            }
        }
        let mut skills = BTreeMap::new();
        for (s, b) in best.into_iter().enumerate() {
            let name = &data.skills[s];
            if data.per_skill[s].obs.is_empty() {
                continue;
            }
            let Some((p, log_likelihood, iterations)) = b else {
                return Err(Error::InvalidNumber {
                    location: format!("log-likelihood of skill `{name}` in every restart"),
                    value: f64::NAN,
                    expected: "a finite number",
                });
            };
            let (params, variants) = finish(s, p);
            let obs = &data.per_skill[s].obs;
            let fit = SkillFit {
                warnings: warnings(obs, &params, options),
                params,
                variants,
                log_likelihood,
                iterations,
                responses: obs.len(),
            };
            // Bounds keep every parameter a probability; a fit that is not one is a bug
            // that must not reach a model file.
            fit.params.validate(&format!("skill `{name}`"))?;
            fit.variants.validate(name)?;
            skills.insert(name.clone(), fit);
        }
        Ok(BktModel {
            format_version: MODEL_FORMAT_VERSION,
            skills,
        })
    }

    /// Adds the skills of `other`, a model fitted on other skills (one part of a fit
    /// partitioned by skill). A skill fits on its own responses alone, with restarts seeded
    /// by its name, so the parts of a log split by skill merge into the model of the whole
    /// log. A skill in both is a `merge_conflict` error, with nothing changed.
    ///
    /// ```
    /// use masterykit::{BktModel, FitOptions, ResponseData};
    /// let whole = ResponseData::from_columns(&["u", "u", "v", "v"], &["add", "sub", "add", "sub"], &[false, true, true, true], None)?;
    /// let adds = ResponseData::from_columns(&["u", "v"], &["add", "add"], &[false, true], None)?;
    /// let subs = ResponseData::from_columns(&["u", "v"], &["sub", "sub"], &[true, true], None)?;
    /// let options = FitOptions::default();
    /// let mut model = BktModel::fit(&adds, &options)?;
    /// model.merge(&BktModel::fit(&subs, &options)?)?;
    /// assert_eq!(model, BktModel::fit(&whole, &options)?);
    /// assert_eq!(model.merge(&BktModel::fit(&subs, &options)?).unwrap_err().code(), "merge_conflict");
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn merge(&mut self, other: &BktModel) -> Result<()> {
        if let Some(skill) = other.skills.keys().find(|s| self.skills.contains_key(*s)) {
            return Err(Error::MergeConflict {
                detail: format!("skill `{skill}` is in both models"),
            });
        }
        self.skills
            .extend(other.skills.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }

    /// A model of known parameters (no fit figures), e.g. the truth behind synthetic data.
    pub fn from_params<I, S>(params: I) -> BktModel
    where
        I: IntoIterator<Item = (S, BktParams)>,
        S: Into<String>,
    {
        BktModel {
            format_version: MODEL_FORMAT_VERSION,
            skills: params
                .into_iter()
                .map(|(name, params)| {
                    (
                        name.into(),
                        SkillFit {
                            params,
                            variants: Variants::default(),
                            log_likelihood: 0.0,
                            iterations: 0,
                            responses: 0,
                            warnings: Vec::new(),
                        },
                    )
                })
                .collect(),
        }
    }

    /// [`BktModel::from_params`], validating every skill's parameters first: a probability
    /// outside [0, 1] is an `invalid_number` error naming the skill and parameter.
    pub fn try_from_params<I, S>(params: I) -> Result<BktModel>
    where
        I: IntoIterator<Item = (S, BktParams)>,
        S: Into<String>,
    {
        let params: Vec<(String, BktParams)> =
            params.into_iter().map(|(s, p)| (s.into(), p)).collect();
        for (skill, p) in &params {
            p.validate(&format!("parameters of skill `{skill}`"))?;
        }
        Ok(BktModel::from_params(params))
    }

    /// The parameters of `skill`, or an `unfitted_skill` error.
    pub fn params_of(&self, skill: &str) -> Result<BktParams> {
        self.skills
            .get(skill)
            .map(|f| f.params)
            .ok_or_else(|| Error::UnfittedSkill {
                skill: skill.to_string(),
            })
    }

    /// P(correct) on the next response of `skill` given P(known) `p_known` in [0, 1].
    pub fn predict_correct(&self, skill: &str, p_known: f64) -> Result<f64> {
        Ok(self
            .params_of(skill)?
            .predict_correct(check_p_known(p_known)?))
    }

    /// P(known) on `skill` after a response scored `score` in [0, 1] (1 right, 0 wrong) and
    /// one learning opportunity, from P(known) `p_known`.
    pub fn update(&self, skill: &str, p_known: f64, score: f64) -> Result<f64> {
        let p = self.params_of(skill)?;
        if !(0.0..=1.0).contains(&score) {
            return Err(Error::InvalidScore {
                location: format!("update of skill `{skill}`"),
                value: score,
            });
        }
        Ok(p.update(check_p_known(p_known)?, score))
    }

    /// [`BktModel::predict`] in the order of the rows read (entries of one row together,
    /// in skill order), rather than sorted by the order column.
    pub fn predict_in_row_order(&self, data: &ResponseData) -> Result<Vec<f64>> {
        Ok(self
            .predict_in_row_order_with(data, &Unseen::Error)?
            .into_iter()
            .map(|p| p.unwrap_or_default())
            .collect())
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the JSON form, validating every number: a `null` or a probability outside
    /// [0, 1] is an `invalid_number` error naming the skill and field.
    pub fn from_json(text: &str) -> Result<BktModel> {
        let doc: ModelDoc = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        BktModel::try_from(doc)
    }

    /// Every skill's fit warnings, in skill order, as the front ends list them.
    pub fn warnings(&self) -> Vec<SkillWarning<'_>> {
        self.skills
            .iter()
            .flat_map(|(skill, f)| {
                f.warnings.iter().map(move |w| SkillWarning {
                    skill,
                    code: w.code(),
                    message: w.message(),
                })
            })
            .collect()
    }

    /// The population model: each parameter's mean over the fitted skills, weighted by
    /// their responses (equally when no skill records any). An `unfitted_skill` error for a
    /// model without skills.
    pub fn population(&self) -> Result<BktParams> {
        let total: usize = self.skills.values().map(|f| f.responses).sum();
        let weight = |f: &SkillFit| {
            if total > 0 {
                f.responses as f64 / total as f64
            } else {
                1.0 / self.skills.len() as f64
            }
        };
        if self.skills.is_empty() {
            return Err(Error::UnfittedSkill {
                skill: "(population of an empty model)".into(),
            });
        }
        let mut p = BktParams {
            prior: 0.0,
            learn: 0.0,
            guess: 0.0,
            slip: 0.0,
            forget: 0.0,
        };
        for f in self.skills.values() {
            let w = weight(f);
            p.prior += w * f.params.prior;
            p.learn += w * f.params.learn;
            p.guess += w * f.params.guess;
            p.slip += w * f.params.slip;
            p.forget += w * f.params.forget;
        }
        // Means of probabilities are probabilities; rounding may not know it.
        for v in [
            &mut p.prior,
            &mut p.learn,
            &mut p.guess,
            &mut p.slip,
            &mut p.forget,
        ] {
            *v = v.clamp(0.0, 1.0);
        }
        Ok(p)
    }

    /// How each skill of `data` is traced, and the indices of those the model lacks.
    fn traces(&self, data: &ResponseData, unseen: &Unseen) -> Result<(Vec<Trace>, Vec<usize>)> {
        let mut population = None;
        let mut missing = Vec::new();
        let mut out = Vec::with_capacity(data.skills.len());
        for (s, name) in data.skills.iter().enumerate() {
            if data.per_skill[s].obs.is_empty() {
                // A name-table entry without responses: nothing to trace.
                out.push(Trace::Skip);
                continue;
            }
            let Some(fit) = self.skills.get(name) else {
                missing.push(s);
                out.push(match unseen {
                    Unseen::Error => {
                        return Err(Error::UnfittedSkill {
                            skill: name.clone(),
                        });
                    }
                    Unseen::Skip => Trace::Skip,
                    Unseen::Params(p) => Trace::Plain(*p),
                    Unseen::Population => Trace::Plain(match population {
                        Some(p) => p,
                        None => *population.insert(self.population()?),
                    }),
                });
                continue;
            };
            out.push(if fit.variants.is_empty() {
                Trace::Plain(fit.params)
            } else {
                let (per, priors) = variants::traced(&fit.params, &fit.variants, data, s)?;
                Trace::Variants { per, priors }
            });
        }
        if let Unseen::Params(p) = unseen {
            p.validate("the parameters for unseen skills")?;
        }
        Ok((out, missing))
    }

    /// P(correct) of every entry of `data` before its response is seen (in entry order),
    /// tracing each learner's sequence per skill. A skill without parameters is an
    /// `unfitted_skill` error: see [`BktModel::predict_with`] for the other choices.
    pub fn predict(&self, data: &ResponseData) -> Result<Vec<f64>> {
        Ok(self
            .predict_with(data, &Unseen::Error)?
            .into_iter()
            .map(|p| p.unwrap_or_default())
            .collect())
    }

    /// [`BktModel::predict`] with a choice for skills the model lacks: `None` for the
    /// entries [`Unseen::Skip`] leaves out.
    pub fn predict_with(&self, data: &ResponseData, unseen: &Unseen) -> Result<Vec<Option<f64>>> {
        let (traces, _) = self.traces(data, unseen)?;
        let mut out = vec![None; data.len()];
        for (seqs, trace) in data.per_skill.iter().zip(&traces) {
            trace.each(seqs, |k, predicted, _| {
                out[seqs.entry[k] as usize] = Some(predicted)
            });
        }
        Ok(out)
    }

    /// [`BktModel::predict_with`] in the order of the rows read (entries of one row
    /// together, in skill order), rather than sorted by the order column.
    pub fn predict_in_row_order_with(
        &self,
        data: &ResponseData,
        unseen: &Unseen,
    ) -> Result<Vec<Option<f64>>> {
        let p = self.predict_with(data, unseen)?;
        let rows = data.entry_rows();
        let mut by_row: Vec<u32> = (0..p.len() as u32).collect();
        by_row.sort_by_key(|&e| rows[e as usize]);
        Ok(by_row.into_iter().map(|e| p[e as usize]).collect())
    }

    /// P(correct) and P(known) before each entry's response, in the order of the rows read
    /// (pyBKT's `correct_predictions` and `state_predictions`); `None` for the entries
    /// [`Unseen::Skip`] leaves out.
    pub fn predict_states_in_row_order_with(
        &self,
        data: &ResponseData,
        unseen: &Unseen,
    ) -> Result<Vec<Option<[f64; 2]>>> {
        let (traces, _) = self.traces(data, unseen)?;
        let mut out = vec![None; data.len()];
        for (seqs, trace) in data.per_skill.iter().zip(&traces) {
            trace.each(seqs, |k, predicted, known| {
                out[seqs.entry[k] as usize] = Some([predicted, known]);
            });
        }
        let rows = data.entry_rows();
        let mut by_row: Vec<u32> = (0..out.len() as u32).collect();
        by_row.sort_by_key(|&e| rows[e as usize]);
        Ok(by_row.into_iter().map(|e| out[e as usize]).collect())
    }

    /// Predicts and scores against the observed responses (skills in parallel with the
    /// `parallel` feature; the result does not depend on the number of threads). A skill
    /// without parameters is an `unfitted_skill` error: see [`BktModel::evaluate_with`].
    pub fn evaluate(&self, data: &ResponseData) -> Result<Metrics> {
        Ok(self.evaluate_with(data, &Unseen::Error)?.metrics)
    }

    /// [`BktModel::evaluate`] with a choice for skills the model lacks, reporting which
    /// they were and how many responses the choice affected.
    ///
    /// ```
    /// use masterykit::{BktModel, BktParams, ResponseData, Unseen};
    /// let model = BktModel::from_params([("add", BktParams::default())]);
    /// let data = ResponseData::from_columns(&["u", "u", "v"], &["add", "sub", "sub"], &[true, false, true], None)?;
    /// assert_eq!(model.evaluate(&data).unwrap_err().code(), "unfitted_skill");
    /// let e = model.evaluate_with(&data, &Unseen::Skip)?;
    /// assert_eq!((e.metrics.count, e.unseen_responses, e.unseen_skills.clone()), (1, 2, vec!["sub".to_string()]));
    /// assert_eq!(model.evaluate_with(&data, &Unseen::Population)?.metrics.count, 3);
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn evaluate_with(&self, data: &ResponseData, unseen: &Unseen) -> Result<Evaluation> {
        Ok(self.score(data, unseen, false)?.0)
    }

    /// The overall evaluation and, with `by_skill`, each skill's metrics too, from one pass
    /// of tracing.
    pub(crate) fn score(
        &self,
        data: &ResponseData,
        unseen: &Unseen,
        by_skill: bool,
    ) -> Result<(Evaluation, Vec<SkillMetrics>)> {
        let (traces, missing) = self.traces(data, unseen)?;
        let mut all = Scores::default();
        all.keys.reserve(data.len());
        let mut skills = Vec::new();
        for (part, name) in Self::skill_scores(data, &traces)
            .into_iter()
            .zip(&data.skills)
        {
            if by_skill && !part.keys.is_empty() {
                skills.push(SkillMetrics {
                    skill: name.clone(),
                    metrics: part.snapshot(),
                });
            }
            all.merge(part);
        }
        let evaluation = Evaluation {
            metrics: all.finish(),
            unseen: unseen.name().to_string(),
            unseen_responses: missing.iter().map(|&s| data.per_skill[s].obs.len()).sum(),
            unseen_skills: missing
                .into_iter()
                .map(|s| data.skills[s].clone())
                .collect(),
        };
        Ok((evaluation, skills))
    }

    /// The metrics of each skill of `data` with scored responses, in the data's skill order
    /// (skills [`Unseen::Skip`] leaves out have none).
    ///
    /// ```
    /// use masterykit::{BktModel, BktParams, ResponseData, Unseen};
    /// let model = BktModel::from_params([("add", BktParams::default()), ("sub", BktParams::default())]);
    /// let data = ResponseData::from_columns(&["u", "u", "v"], &["add", "sub", "add"], &[true, false, true], None)?;
    /// let by_skill = model.evaluate_by_skill(&data, &Unseen::Error)?;
    /// assert_eq!(by_skill.iter().map(|m| (m.skill.as_str(), m.metrics.count)).collect::<Vec<_>>(), [("add", 2), ("sub", 1)]);
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn evaluate_by_skill(
        &self,
        data: &ResponseData,
        unseen: &Unseen,
    ) -> Result<Vec<SkillMetrics>> {
        Ok(self.score(data, unseen, true)?.1)
    }

    /// Each skill's scores (skills in parallel with the `parallel` feature).
    fn skill_scores(data: &ResponseData, traces: &[Trace]) -> Vec<Scores> {
        let score = |s: usize| -> Scores {
            let seqs = &data.per_skill[s];
            let mut out = Scores::default();
            out.keys.reserve(seqs.obs.len());
            traces[s].each(seqs, |k, predicted, _| out.add(predicted, seqs.obs[k]));
            out
        };
        #[cfg(feature = "parallel")]
        let parts: Vec<Scores> = {
            use rayon::prelude::*;
            crate::parallel::install(|| (0..data.skills.len()).into_par_iter().map(score).collect())
        };
        #[cfg(not(feature = "parallel"))]
        let parts: Vec<Scores> = (0..data.skills.len()).map(score).collect();
        parts
    }

    /// Total log-likelihood of `data` under the model.
    pub fn log_likelihood(&self, data: &ResponseData) -> Result<f64> {
        let (traces, _) = self.traces(data, &Unseen::Error)?;
        let mut total = 0.0;
        for (seqs, trace) in data.per_skill.iter().zip(&traces) {
            total += match trace {
                Trace::Plain(p) => seqs.sequences().map(|o| forward_ll(p, o)).sum::<f64>(),
                Trace::Variants { per, priors } => {
                    let mut sum = 0.0;
                    for (w, &prior) in seqs.seq_off.windows(2).zip(priors) {
                        let mut known = prior;
                        let mut ll = LogProduct::default();
                        let range = w[0] as usize..w[1] as usize;
                        for (p, &o) in per[range.clone()].iter().zip(&seqs.obs[range]) {
                            let (c, next) = forward_step(p, known, o);
                            ll.mul(c);
                            known = next;
                        }
                        sum += ll.ln();
                    }
                    sum
                }
                Trace::Skip => 0.0,
            };
        }
        Ok(total)
    }
}

/// How one skill's sequences are traced.
enum Trace {
    /// One set of parameters for every response.
    Plain(BktParams),
    /// The parameters in force at each response, and each sequence's prior.
    Variants {
        per: Vec<BktParams>,
        priors: Vec<f64>,
    },
    /// Not traced.
    Skip,
}

impl Trace {
    /// Calls `f(k, P(correct), P(known))` for each response `k` of `seqs`, both before it
    /// is seen.
    /// Plain sequences run side by side, as in fitting: independent chains overlap.
    #[inline]
    fn each(&self, seqs: &SkillSeqs, mut f: impl FnMut(usize, f64, f64)) {
        match self {
            Trace::Skip => {}
            Trace::Variants { per, priors } => {
                for (w, &prior) in seqs.seq_off.windows(2).zip(priors) {
                    let mut known = prior;
                    let range = w[0] as usize..w[1] as usize;
                    for (k, p) in range.clone().zip(&per[range]) {
                        let (predicted, next) = p.observe(known, seqs.obs[k] == 1);
                        f(k, predicted, known);
                        known = next;
                    }
                }
            }
            Trace::Plain(p) => {
                let sequences = seqs.seq_off.len().saturating_sub(1);
                for first in (0..sequences).step_by(LANES) {
                    let lanes = LANES.min(sequences - first);
                    let (mut lo, mut len) = ([0usize; LANES], [0usize; LANES]);
                    for l in 0..lanes {
                        lo[l] = seqs.seq_off[first + l] as usize;
                        len[l] = seqs.seq_off[first + l + 1] as usize - lo[l];
                    }
                    let mut known = [p.prior; LANES];
                    let longest = len.iter().copied().max().unwrap_or(0);
                    for step in 0..longest {
                        for l in 0..lanes {
                            if step < len[l] {
                                let k = lo[l] + step;
                                let (predicted, next) = p.observe(known[l], seqs.obs[k] == 1);
                                f(k, predicted, known[l]);
                                known[l] = next;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `p` when it is a probability, or an `invalid_number` error.
fn check_p_known(p: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(Error::InvalidNumber {
            location: "p_known".into(),
            value: p,
            expected: "a probability within [0, 1]",
        })
    }
}
