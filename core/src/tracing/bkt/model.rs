//! The fitted BKT model: fitting by EM with seeded restarts per skill, predictions, metrics
//! and the model file.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::BktParams;
use super::em::{LANES, em, forward_ll, forward_step, start};
use super::options::FitOptions;
use super::variants::{self, Variants};
use crate::error::{Error, Result};
use crate::tracing::data::ResponseData;
use crate::tracing::metrics::{LogProduct, Metrics, Scores};

/// The model file format this build reads and writes.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// Fitted parameters of one skill with the fit's figures. In a model file its fields stand
/// flat: the parameters, the variants' maps, then the figures; an unknown one is an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "SkillFitDoc", into = "SkillFitDoc")]
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
}

/// [`SkillFit`] as a model file holds it, every field by name.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillFitDoc {
    prior: f64,
    learn: f64,
    guess: f64,
    slip: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    forget: f64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    guess_slip_by_item: BTreeMap<String, super::GuessSlip>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    learn_by_item: BTreeMap<String, super::LearnForget>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    learn_by_pair: BTreeMap<String, super::LearnForget>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    prior_by_group: BTreeMap<String, f64>,
    log_likelihood: f64,
    iterations: u32,
    responses: usize,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl From<SkillFitDoc> for SkillFit {
    fn from(d: SkillFitDoc) -> SkillFit {
        SkillFit {
            params: BktParams {
                prior: d.prior,
                learn: d.learn,
                guess: d.guess,
                slip: d.slip,
                forget: d.forget,
            },
            variants: Variants {
                guess_slip_by_item: d.guess_slip_by_item,
                learn_by_item: d.learn_by_item,
                learn_by_pair: d.learn_by_pair,
                prior_by_group: d.prior_by_group,
            },
            log_likelihood: d.log_likelihood,
            iterations: d.iterations,
            responses: d.responses,
        }
    }
}

impl From<SkillFit> for SkillFitDoc {
    fn from(f: SkillFit) -> SkillFitDoc {
        let (p, v) = (f.params, f.variants);
        SkillFitDoc {
            prior: p.prior,
            learn: p.learn,
            guess: p.guess,
            slip: p.slip,
            forget: p.forget,
            guess_slip_by_item: v.guess_slip_by_item,
            learn_by_item: v.learn_by_item,
            learn_by_pair: v.learn_by_pair,
            prior_by_group: v.prior_by_group,
            log_likelihood: f.log_likelihood,
            iterations: f.iterations,
            responses: f.responses,
        }
    }
}

/// A fitted BKT model: parameters per skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BktModel {
    /// Format version ([`MODEL_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Per skill, by name.
    pub skills: BTreeMap<String, SkillFit>,
}

impl BktModel {
    /// Fits every skill of `data` (in parallel with the `parallel` feature; results do not
    /// depend on the number of threads).
    pub fn fit(data: &ResponseData, options: &FitOptions) -> Result<BktModel> {
        Self::fit_until(data, options, &AtomicBool::new(false))
    }

    /// [`BktModel::fit`] that stops with a `cancelled` error soon after `stop` is set (it is
    /// read before each restart of each skill): a front end sets it on Ctrl-C.
    pub fn fit_until(
        data: &ResponseData,
        options: &FitOptions,
        stop: &AtomicBool,
    ) -> Result<BktModel> {
        options.validate()?;
        if options.has_variants() {
            let classes = (0..data.skills.len())
                .map(|s| variants::Classes::new(data, s, options))
                .collect::<Result<Vec<_>>>()?;
            return Self::best_of_restarts(
                data,
                options,
                stop,
                |s, init| variants::em(&data.per_skill[s], &classes[s], init, options),
                |s, p| variants::to_model(&p, &classes[s], options),
            );
        }
        Self::best_of_restarts(
            data,
            options,
            stop,
            |s, init| em(&data.per_skill[s], init, options),
            |_, p| (p, Variants::default()),
        )
    }

    /// Runs EM (`run(skill, start)`) for every skill and restart (in parallel with the
    /// `parallel` feature) and keeps each skill's best log-likelihood, ties to the lowest
    /// restart whatever the threads; `finish` turns the winner into the model's parameters.
    fn best_of_restarts<P, R, F>(
        data: &ResponseData,
        options: &FitOptions,
        stop: &AtomicBool,
        run: R,
        finish: F,
    ) -> Result<BktModel>
    where
        P: Send,
        R: Fn(usize, BktParams) -> (P, f64, u32) + Sync,
        F: Fn(usize, P) -> (BktParams, Variants),
    {
        let jobs: Vec<(usize, u32)> = (0..data.skills.len())
            .flat_map(|s| (0..options.num_fits).map(move |r| (s, r)))
            .collect();
        let job = |&(s, r): &(usize, u32)| {
            (!stop.load(Ordering::Relaxed)).then(|| run(s, start(options, s as u64, r)))
        };
        #[cfg(feature = "parallel")]
        let results: Option<Vec<(P, f64, u32)>> = {
            use rayon::prelude::*;
            crate::parallel::install(|| jobs.par_iter().map(job).collect())
        };
        #[cfg(not(feature = "parallel"))]
        let results: Option<Vec<(P, f64, u32)>> = jobs.iter().map(job).collect();
        let results = results.ok_or(Error::Cancelled)?;
        let mut best: Vec<Option<(P, f64, u32)>> = (0..data.skills.len()).map(|_| None).collect();
        // Results are in job order, so ties go to the lowest restart whatever the threads.
        for (&(s, _), (p, ll, it)) in jobs.iter().zip(results) {
            if best[s].as_ref().is_none_or(|b| ll > b.1) {
                best[s] = Some((p, ll, it));
            }
        }
        let skills = best
            .into_iter()
            .enumerate()
            .filter_map(|(s, b)| {
                b.map(|(p, log_likelihood, iterations)| {
                    let (params, variants) = finish(s, p);
                    (
                        data.skills[s].clone(),
                        SkillFit {
                            params,
                            variants,
                            log_likelihood,
                            iterations,
                            responses: data.per_skill[s].obs.len(),
                        },
                    )
                })
            })
            .collect();
        Ok(BktModel {
            format_version: MODEL_FORMAT_VERSION,
            skills,
        })
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
        let p = self.predict(data)?;
        let rows = data.entry_rows();
        let mut by_row: Vec<u32> = (0..p.len() as u32).collect();
        by_row.sort_by_key(|&e| rows[e as usize]);
        Ok(by_row.into_iter().map(|e| p[e as usize]).collect())
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads the JSON form, validating every parameter.
    pub fn from_json(text: &str) -> Result<BktModel> {
        let m: BktModel = serde_json::from_str(text).map_err(|e| Error::Parse {
            format: "json",
            message: e.to_string(),
        })?;
        if m.format_version != MODEL_FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: m.format_version,
                supported: MODEL_FORMAT_VERSION,
            });
        }
        for (name, f) in &m.skills {
            f.params.validate(&format!("skill `{name}`"))?;
            f.variants.validate(name)?;
        }
        Ok(m)
    }

    /// P(correct) of every entry of `data` before its response is seen (in entry order),
    /// tracing each learner's sequence per skill.
    pub fn predict(&self, data: &ResponseData) -> Result<Vec<f64>> {
        let mut out = vec![0.0; data.len()];
        for (s, seqs) in data.per_skill.iter().enumerate() {
            let name = &data.skills[s];
            let fit = self.skills.get(name).ok_or_else(|| Error::UnfittedSkill {
                skill: name.clone(),
            })?;
            let p = fit.params;
            if !fit.variants.is_empty() {
                let (per, priors) = variants::traced(&p, &fit.variants, data, s)?;
                for (w, prior) in seqs.seq_off.windows(2).zip(priors) {
                    let mut known = prior;
                    for k in w[0] as usize..w[1] as usize {
                        let (predicted, next) = per[k].observe(known, seqs.obs[k] == 1);
                        out[seqs.entry[k] as usize] = predicted;
                        known = next;
                    }
                }
                continue;
            }
            for w in seqs.seq_off.windows(2) {
                let mut known = p.prior;
                for k in w[0] as usize..w[1] as usize {
                    let (predicted, next) = p.observe(known, seqs.obs[k] == 1);
                    out[seqs.entry[k] as usize] = predicted;
                    known = next;
                }
            }
        }
        Ok(out)
    }

    /// Predicts and scores against the observed responses (skills in parallel with the
    /// `parallel` feature; the result does not depend on the number of threads).
    pub fn evaluate(&self, data: &ResponseData) -> Result<Metrics> {
        let fits = data
            .skills
            .iter()
            .map(|name| {
                self.skills.get(name).ok_or_else(|| Error::UnfittedSkill {
                    skill: name.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Skills fitted with variants trace per-response parameters.
        let traced = fits
            .iter()
            .enumerate()
            .map(|(s, f)| {
                if f.variants.is_empty() {
                    Ok(None)
                } else {
                    variants::traced(&f.params, &f.variants, data, s).map(Some)
                }
            })
            .collect::<Result<Vec<_>>>()?;
        let score = |s: usize| -> Scores {
            let (p, seqs) = (fits[s].params, &data.per_skill[s]);
            let mut out = Scores::default();
            out.keys.reserve(seqs.obs.len());
            if let Some((per, priors)) = &traced[s] {
                for (w, &prior) in seqs.seq_off.windows(2).zip(priors) {
                    let mut known = prior;
                    let range = w[0] as usize..w[1] as usize;
                    for (p, &o) in per[range.clone()].iter().zip(&seqs.obs[range]) {
                        let (predicted, next) = p.observe(known, o == 1);
                        out.add(predicted, o);
                        known = next;
                    }
                }
                return out;
            }
            // Sequences side by side, as in fitting: independent chains overlap.
            let all: Vec<&[u8]> = seqs.sequences().collect();
            for group in all.chunks(LANES) {
                let mut known = [p.prior; LANES];
                let longest = group.iter().map(|s| s.len()).max().unwrap_or(0);
                for k in 0..longest {
                    for (l, obs) in group.iter().enumerate() {
                        if let Some(&o) = obs.get(k) {
                            let (predicted, next) = p.observe(known[l], o == 1);
                            out.add(predicted, o);
                            known[l] = next;
                        }
                    }
                }
            }
            out
        };
        #[cfg(feature = "parallel")]
        let parts: Vec<Scores> = {
            use rayon::prelude::*;
            crate::parallel::install(|| (0..data.skills.len()).into_par_iter().map(score).collect())
        };
        #[cfg(not(feature = "parallel"))]
        let parts: Vec<Scores> = (0..data.skills.len()).map(score).collect();
        let mut all = Scores::default();
        all.keys.reserve(data.len());
        for part in parts {
            all.merge(part);
        }
        Ok(all.finish())
    }

    /// Total log-likelihood of `data` under the model.
    pub fn log_likelihood(&self, data: &ResponseData) -> Result<f64> {
        let mut total = 0.0;
        for (s, seqs) in data.per_skill.iter().enumerate() {
            let name = &data.skills[s];
            let fit = self.skills.get(name).ok_or_else(|| Error::UnfittedSkill {
                skill: name.clone(),
            })?;
            if fit.variants.is_empty() {
                total += seqs
                    .sequences()
                    .map(|o| forward_ll(&fit.params, o))
                    .sum::<f64>();
            } else {
                let (per, priors) = variants::traced(&fit.params, &fit.variants, data, s)?;
                for (w, prior) in seqs.seq_off.windows(2).zip(priors) {
                    let mut known = prior;
                    let mut ll = LogProduct::default();
                    let range = w[0] as usize..w[1] as usize;
                    for (p, &o) in per[range.clone()].iter().zip(&seqs.obs[range]) {
                        let (c, next) = forward_step(p, known, o);
                        ll.mul(c);
                        known = next;
                    }
                    total += ll.ln();
                }
            }
        }
        Ok(total)
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
