//! Response logs shaped like real ones rather than drawn cleanly from the model: skills where
//! every answer is right or wrong, sequences of length 1 or of thousands, skills with a
//! handful of responses, skills seen only in the test split, numeric ids, multi-skill rows,
//! duplicate rows and rows out of order. For robustness tests and benchmarks.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::tracing::bkt::BktParams;

/// The size of a [`messy_log`]. The default is shaped like the ASSISTments 2009-2010
/// skill-builder log: 533 learners, 123 skills, about 400,000 responses.
#[derive(Debug, Clone, PartialEq)]
pub struct MessyConfig {
    /// Learners (ids are numbers).
    pub learners: usize,
    /// Skills in the log, those seen only in the test split included.
    pub skills: usize,
    /// About how many responses in all.
    pub responses: usize,
    /// Share of learners in the test split.
    pub test_share: f64,
    /// Seed of everything.
    pub seed: u64,
}

impl Default for MessyConfig {
    fn default() -> Self {
        MessyConfig {
            learners: 533,
            skills: 123,
            responses: 400_000,
            test_share: 0.2,
            seed: 0,
        }
    }
}

/// A messy log as CSV text with pyBKT's columns (`order_id, user_id, skill_name, correct,
/// template_id`), split by learner.
#[derive(Debug, Clone, PartialEq)]
pub struct MessyLog {
    /// The training split.
    pub train: String,
    /// The test split: other learners, and the skills seen only here.
    pub test: String,
}

/// How one skill's answers come about.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// Drawn from typical BKT parameters.
    Typical,
    /// Mostly right, most sequences without a wrong answer, some of them long.
    MostlyRight,
    /// Every answer right.
    AllRight,
    /// Every answer wrong.
    AllWrong,
    /// Every sequence one response long.
    Singletons,
    /// One learner with thousands of responses beside short sequences.
    Marathon,
    /// A handful of responses in all.
    Sparse,
}

const SHAPES: [Shape; 9] = [
    Shape::Typical,
    Shape::MostlyRight,
    Shape::Typical,
    Shape::AllRight,
    Shape::Singletons,
    Shape::Typical,
    Shape::Marathon,
    Shape::AllWrong,
    Shape::Sparse,
];

/// One response before shuffling: (order, learner, skill cell, correct, item).
type Row = (u64, usize, String, bool, String);

/// Generates a messy log. Seeded: the same configuration gives the same text.
///
/// ```
/// use masterykit::{MessyConfig, ResponseData, messy_log};
/// let log = messy_log(&MessyConfig { learners: 40, skills: 12, responses: 4000, ..MessyConfig::default() });
/// let train = ResponseData::from_csv_bytes(log.train.as_bytes())?;
/// let test = ResponseData::from_csv_bytes(log.test.as_bytes())?;
/// assert!(test.skills().iter().any(|s| !train.skills().contains(s)));
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn messy_log(config: &MessyConfig) -> MessyLog {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0x3E55_7106);
    let learners = config.learners.max(2);
    let skills = config.skills.max(1);
    // Numeric learner ids, not in learner order.
    let ids: Vec<u64> = (0..learners)
        .map(|l| 70_000 + (l as u64 * 7919) % 100_000)
        .collect();
    let in_test: Vec<bool> = (0..learners)
        .map(|_| rng.random::<f64>() < config.test_share)
        .collect();
    // Skills seen only in the test split: one in forty, at least one.
    let test_only = (skills / 40).max(1);
    let per_skill = config.responses.max(skills) / skills;
    let mut rows: Vec<Row> = Vec::with_capacity(config.responses + config.responses / 50);
    let mut order = 0u64;
    let mut test_names = Vec::new();
    let mut typical = Vec::with_capacity(skills);
    for s in 0..skills {
        // Half the skill names are numbers, as in logs keyed by skill id.
        let name = if s % 2 == 0 {
            format!("{}", 300 + s * 13)
        } else {
            format!("skill {s}")
        };
        let only_in_test = s >= skills - test_only;
        if only_in_test {
            test_names.push(name.clone());
        }
        let shape = if only_in_test {
            Shape::Typical
        } else {
            SHAPES[s % SHAPES.len()]
        };
        if shape == Shape::Typical {
            typical.push(name.clone());
        }
        let pool: Vec<usize> = (0..learners)
            .filter(|&l| !only_in_test || in_test[l])
            .collect();
        let budget = ((per_skill as f64) * rng.random_range(0.2..2.5)) as usize;
        let lengths = sequence_lengths(&mut rng, shape, budget.max(1), pool.len());
        let params = BktParams {
            prior: rng.random_range(0.1..0.6),
            learn: rng.random_range(0.05..0.3),
            guess: rng.random_range(0.1..0.3),
            slip: rng.random_range(0.05..0.2),
            forget: 0.0,
        };
        let items = rng.random_range(1..12usize);
        let mut chosen = pool.clone();
        for i in (1..chosen.len()).rev() {
            chosen.swap(i, rng.random_range(0..=i));
        }
        for (&l, &len) in chosen.iter().zip(&lengths) {
            let perfect = shape == Shape::MostlyRight && rng.random::<f64>() < 0.72;
            let mut known = rng.random::<f64>() < params.prior;
            for _ in 0..len {
                let correct = match shape {
                    Shape::AllRight => true,
                    Shape::AllWrong => false,
                    Shape::MostlyRight => perfect || rng.random::<f64>() < 0.65,
                    _ if known => rng.random::<f64>() >= params.slip,
                    _ => rng.random::<f64>() < params.guess,
                };
                known = known || rng.random::<f64>() < params.learn;
                order += 1 + rng.random_range(0..3u64);
                let item = format!("{}", 9000 + s * 20 + rng.random_range(0..items));
                rows.push((order, l, name.clone(), correct, item));
            }
        }
    }
    // Some rows credit two skills at once: each typical skill with one partner, as items
    // tagged with two skills recur (never a test-only skill, nor one whose answers are all
    // right or all wrong).
    let paired: Vec<&String> = typical.iter().filter(|n| !test_names.contains(n)).collect();
    let partner = |skill: &str| -> Option<String> {
        let k = paired.iter().position(|n| n.as_str() == skill)?;
        (paired.len() > 1).then(|| paired[(k + 1) % paired.len()].clone())
    };
    let n = rows.len();
    for r in (0..n).step_by(97) {
        if let Some(other) = partner(&rows[r].2) {
            rows[r].2 = format!("{}~~{other}", rows[r].2);
        }
    }
    // Duplicate rows (one in a hundred), then the file out of order.
    for r in (0..n).step_by(100) {
        rows.push(rows[r].clone());
    }
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.random_range(0..=i));
    }
    let mut train = String::from("order_id,user_id,skill_name,correct,template_id\n");
    let mut test = train.clone();
    for (order, l, skill, correct, item) in rows {
        let out = if in_test[l] { &mut test } else { &mut train };
        out.push_str(&format!(
            "{order},{},{skill},{},{item}\n",
            ids[l],
            u8::from(correct)
        ));
    }
    MessyLog { train, test }
}

/// Sequence lengths for one skill of `shape` summing to about `budget`, at most `learners`
/// of them: heavy-tailed, as real practice is.
fn sequence_lengths(
    rng: &mut ChaCha8Rng,
    shape: Shape,
    budget: usize,
    learners: usize,
) -> Vec<usize> {
    match shape {
        Shape::Singletons => vec![1; budget.min(learners)],
        Shape::Sparse => vec![1; rng.random_range(1..4usize).min(learners)],
        Shape::Marathon => {
            let mut out = vec![3000.max(budget / 2)];
            out.extend((1..learners.min(30)).map(|_| rng.random_range(1..6usize)));
            out
        }
        _ => {
            let count = rng.random_range(5..=150usize).min(learners);
            let weights: Vec<f64> = (0..count)
                .map(|_| (4.0 * rng.random::<f64>()).exp())
                .collect();
            let total: f64 = weights.iter().sum();
            weights
                .iter()
                .map(|w| ((budget as f64) * w / total).round().max(1.0) as usize)
                .collect()
        }
    }
}
