//! k-fold cross-validation by learner.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::tracing::bkt::{BktModel, FitOptions, SkillMetrics, Unseen};
use crate::tracing::data::ResponseData;
use crate::tracing::metrics::Metrics;
use crate::watch::Watch;

/// One held-out fold of a cross-validation: which it was, how many learners it held, its
/// metrics, and each skill's (skills with scored responses, in the data's order).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FoldMetrics {
    /// The fold, from 0.
    pub fold: usize,
    /// Learners held out in it.
    pub learners: usize,
    /// Its metrics over every scored response.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Skills seen only in this fold (no parameters, not scored).
    pub unseen_skills: Vec<String>,
    /// Each skill's metrics.
    pub skills: Vec<SkillMetrics>,
}

/// k-fold cross-validation split by learner (a learner's responses stay in one fold, folds
/// drawn with `options.seed`): the metrics of each held-out fold, overall and by skill.
///
/// ```
/// use masterykit::{cross_validate, synthesize, FitOptions, BktParams};
/// let skills = [("add".to_string(), BktParams::default()), ("sub".to_string(), BktParams::default())];
/// let data = synthesize(&skills, 40, 10, 3);
/// let folds = cross_validate(&data, 4, &FitOptions { num_fits: 1, ..FitOptions::default() })?;
/// assert_eq!(folds.len(), 4);
/// assert_eq!(folds.iter().map(|f| f.learners).sum::<usize>(), 40);
/// assert_eq!(folds.iter().map(|f| f.metrics.count).sum::<usize>(), data.len());
/// assert!(folds.iter().all(|f| f.skills.len() == 2));
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn cross_validate(
    data: &ResponseData,
    folds: usize,
    options: &FitOptions,
) -> Result<Vec<FoldMetrics>> {
    cross_validate_until(data, folds, options, &Watch::new())
}

/// [`cross_validate`] under a [`Watch`]: it counts folds done and stops with a `cancelled`
/// error once a stop is asked for (checked before each fold and each restart).
pub fn cross_validate_until(
    data: &ResponseData,
    folds: usize,
    options: &FitOptions,
    watch: &Watch,
) -> Result<Vec<FoldMetrics>> {
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
    watch.begin(folds as u64);
    (0..folds)
        .map(|f| {
            if watch.is_stopped() {
                return Err(Error::Cancelled);
            }
            let train: Vec<bool> = fold_of.iter().map(|&x| x != f).collect();
            let test: Vec<bool> = train.iter().map(|t| !t).collect();
            let model = BktModel::fit_counting(
                &data.subset_learners(&train),
                options,
                None,
                (watch, false),
            )?;
            watch.advance();
            let held_out = data.subset_learners(&test);
            // A skill seen only in the held-out fold has no parameters: score what can be.
            let (evaluation, skills) = model.score(&held_out, &Unseen::Skip, true)?;
            Ok(FoldMetrics {
                fold: f,
                learners: test.iter().filter(|&&t| t).count(),
                metrics: evaluation.metrics,
                unseen_skills: evaluation.unseen_skills,
                skills,
            })
        })
        .collect()
}
