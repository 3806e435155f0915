//! Quality of predictions: RMSE, AUC, accuracy and log loss, summed mergeably across skills.

use serde::{Deserialize, Serialize};

/// Quality of predictions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Default, Clone)]
pub(crate) struct Scores {
    squared_error: f64,
    right: usize,
    log_likelihood: LogProduct,
    /// One AUC sort key per prediction: the probability's bits shifted left, label in bit 0.
    pub(crate) keys: Vec<u64>,
}

impl Scores {
    #[inline]
    pub(crate) fn add(&mut self, p: f64, o: u8) {
        let y = f64::from(o & 1);
        self.squared_error += (p - y) * (p - y);
        self.right += usize::from((p >= 0.5) == (o == 1));
        let q = p.clamp(1e-15, 1.0 - 1e-15);
        self.log_likelihood
            .mul(if o & 1 == 1 { q } else { 1.0 - q });
        self.keys
            .push((p.clamp(0.0, 1.0).to_bits() << 1) | u64::from(o & 1));
    }

    pub(crate) fn merge(&mut self, other: Scores) {
        self.squared_error += other.squared_error;
        self.right += other.right;
        self.log_likelihood.log += other.log_likelihood.ln();
        self.keys.extend(other.keys);
    }

    /// The metrics so far, leaving these scores to be merged on.
    pub(crate) fn snapshot(&self) -> Metrics {
        self.clone().finish()
    }

    pub(crate) fn finish(self) -> Metrics {
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
        crate::parallel::install(|| keys.par_sort_unstable());
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

/// The log of a long product of probabilities, taking `ln` only when the running product
/// nears underflow rather than once per factor.
#[derive(Debug, Default, Clone)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_handles_ties_and_single_class() {
        assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[0, 0, 1, 1]), 0.75);
        assert_eq!(auc(&[0.5, 0.5], &[0, 1]), 0.5);
        assert_eq!(auc(&[0.2, 0.9], &[1, 1]), 0.5);
    }
}
