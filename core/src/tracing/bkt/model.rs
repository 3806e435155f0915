//! Fitting BKT by expectation-maximisation (Baum-Welch with a scaled forward-backward pass),
//! with random restarts, pinned parameters and bounds; predictions, metrics and
//! cross-validation by learner.

use std::collections::BTreeMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::BktParams;
use super::variants::{self, Variants};
use crate::error::{Error, Result};
use crate::tracing::data::{ResponseData, SkillSeqs};

/// The smallest a fitted probability gets (and 1 minus it the largest).
pub(crate) const LO: f64 = 1e-6;

/// The model file format this build reads and writes.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// Parameters held fixed while fitting (`None` = fitted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pinned {
    /// Fixed P(L0).
    pub prior: Option<f64>,
    /// Fixed P(T).
    pub learn: Option<f64>,
    /// Fixed P(G).
    pub guess: Option<f64>,
    /// Fixed P(S).
    pub slip: Option<f64>,
    /// Fixed P(F).
    pub forget: Option<f64>,
}

/// How to fit. Defaults follow pyBKT: 5 restarts, tolerance 1e-3 on the total
/// log-likelihood, at most 100 iterations, no forgetting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitOptions {
    /// Random restarts per skill; the best log-likelihood wins.
    pub num_fits: u32,
    /// Seed of the random starting points.
    pub seed: u64,
    /// Stop when the log-likelihood improves by less than this (absolute, per skill).
    pub tolerance: f64,
    /// Most EM iterations per restart.
    pub max_iterations: u32,
    /// Fit a forgetting probability too.
    pub forgets: bool,
    /// Largest guess allowed (below 0.5 keeps "known" meaningful).
    pub max_guess: f64,
    /// Largest slip allowed.
    pub max_slip: f64,
    /// Parameters held fixed (for every class under the variants).
    pub pinned: Pinned,
    /// Guess and slip per item (pyBKT's `multigs`); needs an item column.
    pub multigs: bool,
    /// Learn and forget per item (pyBKT's `multilearn`); needs an item column.
    pub multilearn: bool,
    /// Learn and forget per pair of consecutive items (pyBKT's `multipair`); needs an item
    /// column. Not with `multilearn`.
    pub multipair: bool,
    /// Prior per learner group, a sequence taking the group of its first response (pyBKT's
    /// `multiprior`); the group column, or without one the first response's 0/1.
    pub multiprior: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            num_fits: 5,
            seed: 42,
            tolerance: 1e-3,
            max_iterations: 100,
            forgets: false,
            max_guess: 0.5,
            max_slip: 0.5,
            pinned: Pinned::default(),
            multigs: false,
            multilearn: false,
            multipair: false,
            multiprior: false,
        }
    }
}

impl FitOptions {
    /// Whether any of pyBKT's variants is on.
    pub fn has_variants(&self) -> bool {
        self.multigs || self.multilearn || self.multipair || self.multiprior
    }

    fn validate(&self) -> Result<()> {
        if self.multilearn && self.multipair {
            return Err(Error::InvalidOption {
                option: "multilearn and multipair".into(),
                reason: "both set the learn classes: choose one".into(),
            });
        }
        let check = |name: &str, v: f64, ok: bool, expected| {
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidNumber {
                    location: format!("fit option `{name}`"),
                    value: v,
                    expected,
                })
            }
        };
        check(
            "num_fits",
            f64::from(self.num_fits),
            self.num_fits > 0,
            "at least 1",
        )?;
        check(
            "max_iterations",
            f64::from(self.max_iterations),
            self.max_iterations > 0,
            "at least 1",
        )?;
        check(
            "tolerance",
            self.tolerance,
            self.tolerance.is_finite() && self.tolerance >= 0.0,
            "a finite number >= 0",
        )?;
        check(
            "max_guess",
            self.max_guess,
            self.max_guess > 0.0 && self.max_guess <= 1.0,
            "within (0, 1]",
        )?;
        check(
            "max_slip",
            self.max_slip,
            self.max_slip > 0.0 && self.max_slip <= 1.0,
            "within (0, 1]",
        )?;
        let p = &self.pinned;
        for (name, v) in [
            ("pinned.prior", p.prior),
            ("pinned.learn", p.learn),
            ("pinned.guess", p.guess),
            ("pinned.slip", p.slip),
            ("pinned.forget", p.forget),
        ] {
            if let Some(v) = v {
                check(
                    name,
                    v,
                    (0.0..=1.0).contains(&v),
                    "a probability within [0, 1]",
                )?;
            }
        }
        Ok(())
    }
}

/// Fitted parameters of one skill with the fit's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillFit {
    /// The parameters (under the variants, the means of the per-class ones, used for any
    /// item, pair or group not seen in fitting).
    #[serde(flatten)]
    pub params: BktParams,
    /// Per-class parameters of pyBKT's variants (empty for plain BKT).
    #[serde(flatten)]
    pub variants: Variants,
    /// Log-likelihood of the skill's data under them.
    pub log_likelihood: f64,
    /// EM iterations of the winning restart.
    pub iterations: u32,
    /// Responses the skill had.
    pub responses: usize,
}

/// A fitted BKT model: parameters per skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        options.validate()?;
        if options.has_variants() {
            let classes = (0..data.skills.len())
                .map(|s| variants::Classes::new(data, s, options))
                .collect::<Result<Vec<_>>>()?;
            return Ok(Self::best_of_restarts(
                data,
                options,
                |s, init| variants::em(&data.per_skill[s], &classes[s], init, options),
                |s, p| variants::to_model(&p, &classes[s], options),
            ));
        }
        Ok(Self::best_of_restarts(
            data,
            options,
            |s, init| em(&data.per_skill[s], init, options),
            |_, p| (p, Variants::default()),
        ))
    }

    /// Runs EM (`run(skill, start)`) for every skill and restart (in parallel with the
    /// `parallel` feature) and keeps each skill's best log-likelihood, ties to the lowest
    /// restart whatever the threads; `finish` turns the winner into the model's parameters.
    fn best_of_restarts<P, R, F>(
        data: &ResponseData,
        options: &FitOptions,
        run: R,
        finish: F,
    ) -> BktModel
    where
        P: Send,
        R: Fn(usize, BktParams) -> (P, f64, u32) + Sync,
        F: Fn(usize, P) -> (BktParams, Variants),
    {
        let jobs: Vec<(usize, u32)> = (0..data.skills.len())
            .flat_map(|s| (0..options.num_fits).map(move |r| (s, r)))
            .collect();
        let job = |&(s, r): &(usize, u32)| run(s, start(options, s as u64, r));
        #[cfg(feature = "parallel")]
        let results: Vec<(P, f64, u32)> = {
            use rayon::prelude::*;
            jobs.par_iter().map(job).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let results: Vec<(P, f64, u32)> = jobs.iter().map(job).collect();
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
        BktModel {
            format_version: MODEL_FORMAT_VERSION,
            skills,
        }
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
            (0..data.skills.len()).into_par_iter().map(score).collect()
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
                        let (e1, e0) = emission(p, o);
                        let c = known * e1 + (1.0 - known) * e0;
                        ll.mul(c);
                        let post = known * e1 / c;
                        known = post * (1.0 - p.forget) + (1.0 - post) * p.learn;
                    }
                    total += ll.ln();
                }
            }
        }
        Ok(total)
    }
}

/// Quality of predictions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Root mean squared error.
    pub rmse: f64,
    /// Area under the ROC curve (0.5 when only one class is present).
    pub auc: f64,
    /// Share of predictions on the right side of 0.5.
    pub accuracy: f64,
    /// Mean negative log-likelihood (predictions clamped to [1e-15, 1 - 1e-15]).
    pub log_loss: f64,
    /// Responses scored.
    pub count: usize,
}

impl Metrics {
    /// Scores predictions against 0/1 outcomes.
    pub fn of(predicted: &[f64], observed: &[u8]) -> Metrics {
        let mut s = Scores::default();
        for (&p, &o) in predicted.iter().zip(observed) {
            s.add(p, o);
        }
        s.finish()
    }
}

/// Running sums for [`Metrics`], mergeable across skills in a fixed order.
#[derive(Debug, Default)]
struct Scores {
    squared_error: f64,
    right: usize,
    log_likelihood: LogProduct,
    /// One AUC sort key per prediction: the probability's bits shifted left, label in bit 0.
    keys: Vec<u64>,
}

impl Scores {
    #[inline]
    fn add(&mut self, p: f64, o: u8) {
        let y = f64::from(o & 1);
        self.squared_error += (p - y) * (p - y);
        self.right += usize::from((p >= 0.5) == (o == 1));
        let q = p.clamp(1e-15, 1.0 - 1e-15);
        self.log_likelihood
            .mul(if o & 1 == 1 { q } else { 1.0 - q });
        self.keys
            .push((p.clamp(0.0, 1.0).to_bits() << 1) | u64::from(o & 1));
    }

    fn merge(&mut self, other: Scores) {
        self.squared_error += other.squared_error;
        self.right += other.right;
        self.log_likelihood.log += other.log_likelihood.ln();
        self.keys.extend(other.keys);
    }

    fn finish(self) -> Metrics {
        let Scores {
            squared_error,
            right,
            log_likelihood,
            mut keys,
        } = self;
        let n = keys.len();
        if n == 0 {
            return Metrics {
                rmse: 0.0,
                auc: 0.5,
                accuracy: 0.0,
                log_loss: 0.0,
                count: 0,
            };
        }
        Metrics {
            rmse: (squared_error / n as f64).sqrt(),
            auc: auc_of_keys(&mut keys),
            accuracy: right as f64 / n as f64,
            log_loss: -log_likelihood.ln() / n as f64,
            count: n,
        }
    }
}

/// AUC by ranks (Mann-Whitney), ties given their mean rank.
#[cfg(test)]
fn auc(p: &[f64], y: &[u8]) -> f64 {
    Metrics::of(p, y).auc
}

/// AUC from sort keys (the bits of a probability in [0, 1] order like the value; shifted left
/// with the label in the lowest bit, equal values stay adjacent). Sorts `keys`.
fn auc_of_keys(keys: &mut [u64]) -> f64 {
    #[cfg(feature = "parallel")]
    {
        use rayon::slice::ParallelSliceMut;
        keys.par_sort_unstable();
    }
    #[cfg(not(feature = "parallel"))]
    keys.sort_unstable();
    let positives = keys.iter().filter(|&&k| k & 1 == 1).count() as f64;
    let negatives = keys.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < keys.len() {
        let value = keys[i] >> 1;
        let mut j = i;
        let mut pos = 0.0;
        while j < keys.len() && keys[j] >> 1 == value {
            pos += (keys[j] & 1) as f64;
            j += 1;
        }
        // Ranks i+1 ..= j share their mean.
        rank_sum += pos * ((i + 1 + j) as f64 / 2.0);
        i = j;
    }
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

/// k-fold cross-validation split by learner (a learner's responses stay in one fold):
/// the metrics of each held-out fold.
pub fn cross_validate(
    data: &ResponseData,
    folds: usize,
    options: &FitOptions,
) -> Result<Vec<Metrics>> {
    if folds < 2 || folds > data.learners.len() {
        return Err(Error::InvalidNumber {
            location: "number of folds".into(),
            value: folds as f64,
            expected: "at least 2 and at most the number of learners",
        });
    }
    let mut order: Vec<usize> = (0..data.learners.len()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let mut fold_of = vec![0usize; order.len()];
    for (k, &l) in order.iter().enumerate() {
        fold_of[l] = k % folds;
    }
    (0..folds)
        .map(|f| {
            let train: Vec<bool> = fold_of.iter().map(|&x| x != f).collect();
            let test: Vec<bool> = train.iter().map(|t| !t).collect();
            let model = BktModel::fit(&data.subset_learners(&train), options)?;
            let held_out = data.subset_learners(&test);
            // A skill seen only in the held-out fold has no parameters: score what can be.
            let known: Vec<bool> = held_out
                .skills
                .iter()
                .map(|s| model.skills.contains_key(s))
                .collect();
            let keep_rows: Vec<usize> = (0..held_out.len())
                .filter(|&e| known[held_out.skill[e] as usize])
                .collect();
            let mut restricted = model.clone();
            let unseen = held_out
                .skills
                .iter()
                .zip(&known)
                .filter(|(_, k)| !**k)
                .map(|(s, _)| (s.clone(), BktParams::default()));
            restricted
                .skills
                .extend(BktModel::from_params(unseen).skills);
            let p = restricted.predict(&held_out)?;
            let (pp, yy): (Vec<f64>, Vec<u8>) = keep_rows
                .iter()
                .map(|&e| (p[e], held_out.correct[e]))
                .unzip();
            Ok(Metrics::of(&pp, &yy))
        })
        .collect()
}

/// A seeded random starting point for restart `restart` of skill `skill`.
fn start(o: &FitOptions, skill: u64, restart: u32) -> BktParams {
    let mix = o
        .seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(skill.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(u64::from(restart).wrapping_mul(0x94D0_49BB_1331_11EB));
    let mut rng = ChaCha8Rng::seed_from_u64(mix);
    let p = BktParams {
        prior: rng.random_range(0.05..0.95),
        learn: rng.random_range(0.05..0.5),
        guess: rng.random_range(0.05..0.4_f64.min(o.max_guess)),
        slip: rng.random_range(0.05..0.4_f64.min(o.max_slip)),
        forget: if o.forgets {
            rng.random_range(0.0..0.1)
        } else {
            0.0
        },
    };
    pin(p, o)
}

pub(crate) fn pin(mut p: BktParams, o: &FitOptions) -> BktParams {
    let q = &o.pinned;
    p.prior = q.prior.unwrap_or(p.prior);
    p.learn = q.learn.unwrap_or(p.learn);
    p.guess = q.guess.unwrap_or(p.guess);
    p.slip = q.slip.unwrap_or(p.slip);
    p.forget = q.forget.unwrap_or(if o.forgets { p.forget } else { 0.0 });
    p
}

/// Log-likelihood of one sequence (forward pass only).
fn forward_ll(p: &BktParams, obs: &[u8]) -> f64 {
    let mut known = p.prior;
    let mut ll = LogProduct::default();
    for &o in obs {
        let (e1, e0) = emission(p, o);
        let c = known * e1 + (1.0 - known) * e0;
        ll.mul(c);
        let post = known * e1 / c;
        known = post * (1.0 - p.forget) + (1.0 - post) * p.learn;
    }
    ll.ln()
}

/// The log of a long product of probabilities, taking `ln` only when the running product
/// nears underflow rather than once per factor.
#[derive(Debug, Default)]
pub(crate) struct LogProduct {
    log: f64,
    product: Option<f64>,
}

impl LogProduct {
    #[inline]
    pub(crate) fn mul(&mut self, x: f64) {
        let p = self.product.unwrap_or(1.0) * x;
        if p < 1e-250 {
            self.log += p.ln();
            self.product = Some(1.0);
        } else {
            self.product = Some(p);
        }
    }

    pub(crate) fn ln(self) -> f64 {
        self.log + self.product.unwrap_or(1.0).ln()
    }
}

/// P(observation | known), P(observation | unknown).
#[inline]
fn emission(p: &BktParams, o: u8) -> (f64, f64) {
    if o == 1 {
        (1.0 - p.slip, p.guess)
    } else {
        (p.slip, 1.0 - p.guess)
    }
}

/// Runs EM from `init`: (parameters, log-likelihood, iterations).
fn em(seqs: &SkillSeqs, init: BktParams, o: &FitOptions) -> (BktParams, f64, u32) {
    let mut p = init;
    let mut prev = f64::NEG_INFINITY;
    let mut ll = f64::NEG_INFINITY;
    let mut iterations = 0;
    // Sequences longest first, so each group of lanes has similar lengths.
    let mut order: Vec<&[u8]> = seqs.sequences().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let longest = order.first().map_or(0, |s| s.len());
    let mut filt = vec![[0.0f64; LANES]; longest];
    let mut inv = vec![[0.0f64; LANES]; longest];
    for it in 1..=o.max_iterations {
        iterations = it;
        let mut acc = [0.0f64; 10];
        ll = 0.0;
        for group in order.chunks(LANES) {
            let mut lanes: [&[u8]; LANES] = [&[]; LANES];
            lanes[..group.len()].copy_from_slice(group);
            ll += e_step(&p, lanes, &mut filt, &mut inv, &mut acc);
        }
        // M-step, with pins and bounds.
        let [
            prior_num,
            n_seq,
            learn_num,
            learn_den,
            forget_num,
            forget_den,
            guess_num,
            guess_den,
            slip_num,
            slip_den,
        ] = acc;
        let ratio = |num: f64, den: f64, old: f64| if den > 0.0 { num / den } else { old };
        let mut next = BktParams {
            prior: ratio(prior_num, n_seq, p.prior).clamp(LO, 1.0 - LO),
            learn: ratio(learn_num, learn_den, p.learn).clamp(LO, 1.0 - LO),
            guess: ratio(guess_num, guess_den, p.guess).clamp(LO, o.max_guess.min(1.0 - LO)),
            slip: ratio(slip_num, slip_den, p.slip).clamp(LO, o.max_slip.min(1.0 - LO)),
            forget: if o.forgets {
                ratio(forget_num, forget_den, p.forget).clamp(0.0, 1.0 - LO)
            } else {
                0.0
            },
        };
        next = pin(next, o);
        let converged = (ll - prev).abs() < o.tolerance;
        prev = ll;
        if converged || it == o.max_iterations {
            // `p` produced `ll`: return that pair.
            break;
        }
        p = next;
    }
    (p, ll, iterations)
}

/// Sequences forward-backward processes side by side: independent dependency chains that the
/// CPU overlaps (each step's division feeds the next step of the same sequence).
pub(crate) const LANES: usize = 4;

/// Forward-backward over up to [`LANES`] sequences at once (an empty slice is an idle lane),
/// adding expected counts to `acc`: [prior, sequences, learn num/den, forget num/den,
/// guess num/den, slip num/den]. Returns the sequences' total log-likelihood.
///
/// Branch-free on the observations (emission tables indexed by 0/1), one division per step;
/// gamma and xi need no renormalisation since the scaled passes make them sum to 1.
/// `filt[k][l]` and `inv[k][l]` hold P(known | o_1..k) and 1 / P(o_k | o_1..k-1) of lane `l`.
#[inline]
fn e_step(
    p: &BktParams,
    seqs: [&[u8]; LANES],
    filt: &mut [[f64; LANES]],
    inv: &mut [[f64; LANES]],
    acc: &mut [f64; 10],
) -> f64 {
    let len = seqs.map(<[u8]>::len);
    let longest = len.iter().copied().max().unwrap_or(0);
    let (t, f) = (p.learn, p.forget);
    // [P(o | known), P(o | unknown)] for o = 0, 1.
    let known_em = [p.slip, 1.0 - p.slip];
    let unknown_em = [1.0 - p.guess, p.guess];
    let mut known = [p.prior; LANES];
    let mut ll: [LogProduct; LANES] = Default::default();
    for k in 0..longest {
        for l in 0..LANES {
            if k < len[l] {
                let o = usize::from(seqs[l][k] & 1);
                let (e1, e0) = (known_em[o], unknown_em[o]);
                let c = known[l] * e1 + (1.0 - known[l]) * e0;
                let r = 1.0 / c;
                let post = known[l] * e1 * r;
                filt[k][l] = post;
                inv[k][l] = r;
                ll[l].mul(c);
                known[l] = post * (1.0 - f) + (1.0 - post) * t;
            }
        }
    }
    let mut b0 = [1.0f64; LANES];
    let mut b1 = [1.0f64; LANES];
    // Per-lane sums, added in lane order at the end so results do not depend on timing.
    let mut sums = [[0.0f64; 10]; LANES];
    for k in (0..longest).rev() {
        for l in 0..LANES {
            if k >= len[l] {
                continue;
            }
            let s = &mut sums[l];
            let a1 = filt[k][l];
            let g1 = a1 * b1[l];
            let g0 = (1.0 - a1) * b0[l];
            let o = usize::from(seqs[l][k] & 1);
            let y = o as f64;
            s[6] += g0 * y;
            s[7] += g0;
            s[8] += g1 * (1.0 - y);
            s[9] += g1;
            if k == 0 {
                s[0] += g1;
                s[1] += 1.0;
            } else {
                // Transition k-1 -> k: alpha at k-1, emission and beta at k.
                let (e1, e0) = (known_em[o], unknown_em[o]);
                let r = inv[k][l];
                let p1 = filt[k - 1][l];
                let p0 = 1.0 - p1;
                let eb0 = e0 * b0[l] * r;
                let eb1 = e1 * b1[l] * r;
                let x01 = p0 * t * eb1;
                let x00 = p0 * (1.0 - t) * eb0;
                let x10 = p1 * f * eb0;
                let x11 = p1 * (1.0 - f) * eb1;
                s[2] += x01;
                s[3] += x00 + x01;
                s[4] += x10;
                s[5] += x10 + x11;
                // beta at k-1.
                b0[l] = (1.0 - t) * eb0 + t * eb1;
                b1[l] = f * eb0 + (1.0 - f) * eb1;
            }
        }
    }
    let mut total = 0.0;
    for l in 0..LANES {
        for (a, s) in acc.iter_mut().zip(&sums[l]) {
            *a += s;
        }
        total += std::mem::take(&mut ll[l]).ln();
    }
    total
}

/// `skills` skills named `skill-0`, `skill-1`, ... with seeded random parameters in typical
/// ranges (prior 0.1-0.6, learn 0.05-0.3, guess 0.1-0.3, slip 0.05-0.2, forget 0-0.1 when
/// `forgets`).
pub fn random_params(skills: usize, forgets: bool, seed: u64) -> Vec<(String, BktParams)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x005E_ED0F_B4C7);
    (0..skills)
        .map(|s| {
            (
                format!("skill-{s}"),
                BktParams {
                    prior: rng.random_range(0.1..0.6),
                    learn: rng.random_range(0.05..0.3),
                    guess: rng.random_range(0.1..0.3),
                    slip: rng.random_range(0.05..0.2),
                    forget: if forgets {
                        rng.random_range(0.0..0.1)
                    } else {
                        0.0
                    },
                },
            )
        })
        .collect()
}

/// Generates responses from known per-skill parameters: `learners` learners, each answering
/// `steps` questions on every skill. Seeded; for tests and benchmarks.
pub fn synthesize(
    params: &[(String, BktParams)],
    learners: usize,
    steps: usize,
    seed: u64,
) -> ResponseData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut ls, mut ss, mut cs) = (Vec::new(), Vec::new(), Vec::new());
    let names: Vec<String> = (0..learners).map(|l| format!("learner-{l}")).collect();
    for (skill, p) in params {
        for name in &names {
            let mut known = rng.random::<f64>() < p.prior;
            for _ in 0..steps {
                let correct = if known {
                    rng.random::<f64>() >= p.slip
                } else {
                    rng.random::<f64>() < p.guess
                };
                ls.push(name.as_str());
                ss.push(skill.as_str());
                cs.push(correct);
                known = if known {
                    rng.random::<f64>() >= p.forget
                } else {
                    rng.random::<f64>() < p.learn
                };
            }
        }
    }
    // Columns built above have equal lengths and non-empty ids, so this cannot fail.
    ResponseData::from_columns(&ls, &ss, &cs, None).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas in the oracle
mod tests {
    use super::*;

    /// Expected counts by enumerating every hidden path: the oracle for `e_step`.
    fn brute_force(p: &BktParams, obs: &[u8]) -> ([f64; 10], f64) {
        let n = obs.len();
        let mut acc = [0.0; 10];
        let mut total = 0.0;
        let mut weighted = [0.0; 10];
        for mask in 0..(1u32 << n) {
            let state = |k: usize| (mask >> k) & 1 == 1;
            let mut w = if state(0) { p.prior } else { 1.0 - p.prior };
            for k in 0..n {
                let (e1, e0) = emission(p, obs[k]);
                w *= if state(k) { e1 } else { e0 };
                if k + 1 < n {
                    w *= match (state(k), state(k + 1)) {
                        (false, false) => 1.0 - p.learn,
                        (false, true) => p.learn,
                        (true, false) => p.forget,
                        (true, true) => 1.0 - p.forget,
                    };
                }
            }
            total += w;
            let mut c = [0.0; 10];
            c[0] = f64::from(u8::from(state(0)));
            c[1] = 1.0;
            for k in 0..n {
                let y = f64::from(obs[k]);
                if state(k) {
                    c[8] += 1.0 - y;
                    c[9] += 1.0;
                } else {
                    c[6] += y;
                    c[7] += 1.0;
                }
                if k + 1 < n {
                    match (state(k), state(k + 1)) {
                        (false, s) => {
                            c[2] += f64::from(u8::from(s));
                            c[3] += 1.0;
                        }
                        (true, s) => {
                            c[4] += f64::from(u8::from(!s));
                            c[5] += 1.0;
                        }
                    }
                }
            }
            for i in 0..10 {
                weighted[i] += w * c[i];
            }
        }
        for i in 0..10 {
            acc[i] = weighted[i] / total;
        }
        (acc, total.ln())
    }

    #[test]
    fn forward_backward_matches_path_enumeration() {
        let p = BktParams {
            prior: 0.3,
            learn: 0.2,
            guess: 0.25,
            slip: 0.1,
            forget: 0.05,
        };
        let all: [&[u8]; 4] = [&[1], &[0, 1], &[0, 0, 1, 1, 0], &[1, 0, 1, 1, 1, 0, 1]];
        let mut filt = vec![[0.0; LANES]; 7];
        let mut inv = vec![[0.0; LANES]; 7];
        // Each sequence alone in lane 0, then all four side by side.
        let mut together = ([0.0; 10], 0.0);
        for obs in all {
            let mut acc = [0.0; 10];
            let ll = e_step(&p, [obs, &[], &[], &[]], &mut filt, &mut inv, &mut acc);
            let (expected, expected_ll) = brute_force(&p, obs);
            assert!((ll - expected_ll).abs() < 1e-12, "{obs:?}");
            assert!((ll - forward_ll(&p, obs)).abs() < 1e-12);
            for i in 0..10 {
                assert!(
                    (acc[i] - expected[i]).abs() < 1e-12,
                    "{obs:?} count {i}: {} vs {}",
                    acc[i],
                    expected[i]
                );
                together.0[i] += expected[i];
            }
            together.1 += expected_ll;
        }
        let mut acc = [0.0; 10];
        let ll = e_step(&p, all, &mut filt, &mut inv, &mut acc);
        assert!((ll - together.1).abs() < 1e-12);
        for i in 0..10 {
            assert!((acc[i] - together.0[i]).abs() < 1e-12, "lanes, count {i}");
        }
    }

    #[test]
    fn auc_handles_ties_and_single_class() {
        assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[0, 0, 1, 1]), 0.75);
        assert_eq!(auc(&[0.5, 0.5], &[0, 1]), 0.5);
        assert_eq!(auc(&[0.2, 0.9], &[1, 1]), 0.5);
    }
}
