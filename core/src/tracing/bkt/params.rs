//! Bayesian Knowledge Tracing: per-skill parameters and the online update.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// BKT parameters of one skill.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BktParams {
    /// P(L0): probability the skill is known before any practice.
    pub prior: f64,
    /// P(T): probability of learning at each opportunity.
    pub learn: f64,
    /// P(G): probability of a correct answer without knowing the skill.
    pub guess: f64,
    /// P(S): probability of a wrong answer despite knowing the skill.
    pub slip: f64,
    /// P(F): probability of forgetting at each opportunity (0 in classic BKT).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub forget: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Default for BktParams {
    /// Common starting values: prior 0.1, learn 0.2, guess 0.2, slip 0.1, no forgetting.
    fn default() -> Self {
        BktParams {
            prior: 0.1,
            learn: 0.2,
            guess: 0.2,
            slip: 0.1,
            forget: 0.0,
        }
    }
}

impl BktParams {
    /// Checks every parameter is a probability, naming the first that is not.
    pub fn validate(&self, location: &str) -> Result<()> {
        for (name, v) in [
            ("prior", self.prior),
            ("learn", self.learn),
            ("guess", self.guess),
            ("slip", self.slip),
            ("forget", self.forget),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::InvalidNumber {
                    location: format!("{name} of {location}"),
                    value: v,
                    expected: "a probability within [0, 1]",
                });
            }
        }
        Ok(())
    }

    /// P(correct) on the next response given P(known).
    pub fn predict_correct(&self, p_known: f64) -> f64 {
        p_known * (1.0 - self.slip) + (1.0 - p_known) * self.guess
    }

    /// One right-or-wrong response: (P(correct) before it, P(known) after it and one learning
    /// opportunity). Gives the same values as [`BktParams::predict_correct`] then
    /// [`BktParams::update`] with a score of 0 or 1, with one division.
    #[inline]
    pub fn observe(&self, p_known: f64, correct: bool) -> (f64, f64) {
        let predicted = self.predict_correct(p_known);
        let (mass, total) = if correct {
            (p_known * (1.0 - self.slip), predicted)
        } else {
            (p_known * self.slip, 1.0 - predicted)
        };
        // An answer the parameters deem impossible (a slip or guess of 0 or 1) carries no
        // information: P(known) stays, as in [`BktParams::update`], rather than 0/0.
        let post = if total > 0.0 { mass / total } else { p_known };
        let next = (post * (1.0 - self.forget) + (1.0 - post) * self.learn).clamp(0.0, 1.0);
        (predicted, next)
    }

    /// P(known) after observing a response with score in [0, 1] (1 correct, 0 wrong;
    /// fractions weigh both posteriors), then one learning (and forgetting) opportunity.
    pub fn update(&self, p_known: f64, score: f64) -> f64 {
        let right = p_known * (1.0 - self.slip);
        let right_total = right + (1.0 - p_known) * self.guess;
        let wrong = p_known * self.slip;
        let wrong_total = wrong + (1.0 - p_known) * (1.0 - self.guess);
        let post_right = if right_total > 0.0 {
            right / right_total
        } else {
            p_known
        };
        let post_wrong = if wrong_total > 0.0 {
            wrong / wrong_total
        } else {
            p_known
        };
        let post = score * post_right + (1.0 - score) * post_wrong;
        (post * (1.0 - self.forget) + (1.0 - post) * self.learn).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correct_answers_raise_and_wrong_answers_lower_the_estimate() {
        let p = BktParams::default();
        let up = p.update(0.5, 1.0);
        let down = p.update(0.5, 0.0);
        assert!(up > 0.5 && down < up);
        // Hand-computed: post = 0.45 / (0.45 + 0.1) = 0.8181..., then + (1 - post) * 0.2.
        let expected = 0.45 / 0.55 + (1.0 - 0.45 / 0.55) * 0.2;
        assert!((up - expected).abs() < 1e-12);
    }

    #[test]
    fn observe_agrees_with_predict_then_update() {
        let p = BktParams {
            forget: 0.03,
            ..BktParams::default()
        };
        for known in [0.0, 0.1, 0.5, 0.93, 1.0] {
            for correct in [false, true] {
                let (pred, next) = p.observe(known, correct);
                assert_eq!(pred, p.predict_correct(known));
                assert!((next - p.update(known, f64::from(u8::from(correct)))).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn impossible_answers_leave_the_estimate_finite() {
        // Known for sure, never slips: a wrong answer is impossible under these parameters.
        let p = BktParams {
            prior: 1.0,
            slip: 0.0,
            ..BktParams::default()
        };
        let (predicted, next) = p.observe(1.0, false);
        assert_eq!((predicted, next), (1.0, 1.0));
        assert_eq!(p.update(1.0, 0.0), next);
        // Never guesses: a right answer from an unknown skill is impossible.
        let q = BktParams {
            guess: 0.0,
            learn: 0.0,
            ..BktParams::default()
        };
        let (predicted, next) = q.observe(0.0, true);
        assert_eq!((predicted, next), (0.0, 0.0));
        assert_eq!(q.update(0.0, 1.0), next);
    }

    #[test]
    fn out_of_range_parameters_are_named() {
        let bad = BktParams {
            slip: 1.5,
            ..BktParams::default()
        };
        let err = bad.validate("skill `a`").expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "invalid slip of skill `a`: 1.5 (expected a probability within [0, 1])"
        );
    }
}
