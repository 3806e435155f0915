//! k-fold cross-validation by learner.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::error::{Error, Result};
use crate::tracing::bkt::{BktModel, FitOptions, Unseen};
use crate::tracing::data::ResponseData;
use crate::tracing::metrics::Metrics;
use crate::watch::Watch;

/// k-fold cross-validation split by learner (a learner's responses stay in one fold):
/// the metrics of each held-out fold.
pub fn cross_validate(
    data: &ResponseData,
    folds: usize,
    options: &FitOptions,
) -> Result<Vec<Metrics>> {
    cross_validate_until(data, folds, options, &Watch::new())
}

/// [`cross_validate`] under a [`Watch`]: it counts folds done and stops with a `cancelled`
/// error once a stop is asked for (checked before each fold and each restart).
pub fn cross_validate_until(
    data: &ResponseData,
    folds: usize,
    options: &FitOptions,
    watch: &Watch,
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
            Ok(model.evaluate_with(&held_out, &Unseen::Skip)?.metrics)
        })
        .collect()
}
