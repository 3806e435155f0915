//! Synthetic response logs from known parameters, for recovery tests and benchmarks.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::tracing::bkt::BktParams;
use crate::tracing::data::ResponseData;

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
