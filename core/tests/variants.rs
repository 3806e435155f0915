//! pyBKT's variants: parameters recovered per item, per item pair and per group from data
//! generated with known ones; one class equals plain BKT; models round-trip and predict.

use masterykit::{BktModel, BktParams, FIRST_PAIR, FitOptions, ResponseData};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

mod support;
use support::close;

const LEARNERS: usize = 5000;
const STEPS: usize = 20;
const TOLERANCE: f64 = 0.05;

/// Hidden parameters of the response at each step, given the items so far and the group.
trait Truth {
    fn prior(&self, group: usize) -> f64;
    /// (guess, slip) of an item.
    fn emission(&self, item: usize) -> (f64, f64);
    /// (learn, forget) after `item`, which followed `previous`.
    fn transition(&self, previous: Option<usize>, item: usize) -> (f64, f64);
}

/// One skill: each learner in group `l % groups` answers `STEPS` items drawn uniformly from
/// `items`. Columns: learners, skills, correct, items, groups.
fn generate(truth: &dyn Truth, items: usize, groups: usize, seed: u64) -> ResponseData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut ls, mut ss, mut cs, mut is, mut gs) = (vec![], vec![], vec![], vec![], vec![]);
    for l in 0..LEARNERS {
        let group = l % groups;
        let mut known = rng.random::<f64>() < truth.prior(group);
        let mut previous = None;
        for _ in 0..STEPS {
            let item = rng.random_range(0..items);
            let (guess, slip) = truth.emission(item);
            let correct = if known {
                rng.random::<f64>() >= slip
            } else {
                rng.random::<f64>() < guess
            };
            ls.push(format!("u{l}"));
            ss.push("s".to_string());
            cs.push(correct);
            is.push(format!("i{item}"));
            gs.push(format!("g{group}"));
            let (learn, forget) = truth.transition(previous, item);
            known = if known {
                rng.random::<f64>() >= forget
            } else {
                rng.random::<f64>() < learn
            };
            previous = Some(item);
        }
    }
    ResponseData::from_columns(&ls, &ss, &cs, None)
        .and_then(|d| d.with_items(&is))
        .and_then(|d| d.with_groups(&gs))
        .expect("valid columns")
}

struct PerItemGs;
impl Truth for PerItemGs {
    fn prior(&self, _: usize) -> f64 {
        0.3
    }
    fn emission(&self, item: usize) -> (f64, f64) {
        [(0.05, 0.05), (0.25, 0.15), (0.4, 0.1)][item]
    }
    fn transition(&self, _: Option<usize>, _: usize) -> (f64, f64) {
        (0.15, 0.0)
    }
}

#[test]
fn multigs_recovers_guess_and_slip_per_item() {
    let data = generate(&PerItemGs, 3, 1, 1);
    let o = FitOptions {
        multigs: true,
        num_fits: 3,
        ..FitOptions::default()
    };
    let model = BktModel::fit(&data, &o).expect("fits");
    let fit = &model.skills["s"];
    assert_eq!(fit.variants.guess_slip_by_item.len(), 3);
    for item in 0..3 {
        let p = fit.variants.guess_slip_by_item[&format!("i{item}")];
        let (guess, slip) = PerItemGs.emission(item);
        close(&format!("guess of i{item}"), p.guess, guess, TOLERANCE);
        close(&format!("slip of i{item}"), p.slip, slip, TOLERANCE);
    }
    close("prior", fit.params.prior, 0.3, TOLERANCE);
    close("learn", fit.params.learn, 0.15, TOLERANCE);
    // Better than one guess and slip for all items, on the data it was fitted to.
    let plain = BktModel::fit(&data, &FitOptions::default()).expect("fits");
    assert!(model.log_likelihood(&data).expect("ll") > plain.log_likelihood(&data).expect("ll"));
    let m = model.evaluate(&data).expect("scores");
    assert!(m.auc > plain.evaluate(&data).expect("scores").auc);
}

struct PerItemLearn;
impl Truth for PerItemLearn {
    fn prior(&self, _: usize) -> f64 {
        0.2
    }
    fn emission(&self, _: usize) -> (f64, f64) {
        (0.2, 0.1)
    }
    fn transition(&self, _: Option<usize>, item: usize) -> (f64, f64) {
        ([0.05, 0.2, 0.4][item], 0.0)
    }
}

#[test]
fn multilearn_recovers_learn_per_item() {
    let data = generate(&PerItemLearn, 3, 1, 2);
    let o = FitOptions {
        multilearn: true,
        num_fits: 3,
        ..FitOptions::default()
    };
    let fit = &BktModel::fit(&data, &o).expect("fits").skills["s"];
    for item in 0..3 {
        let p = fit.variants.learn_by_item[&format!("i{item}")];
        close(
            &format!("learn after i{item}"),
            p.learn,
            PerItemLearn.transition(None, item).0,
            TOLERANCE,
        );
    }
    close("guess", fit.params.guess, 0.2, TOLERANCE);
    close("slip", fit.params.slip, 0.1, TOLERANCE);
    close("prior", fit.params.prior, 0.2, TOLERANCE);
}

struct PerPair;
impl Truth for PerPair {
    fn prior(&self, _: usize) -> f64 {
        0.15
    }
    fn emission(&self, _: usize) -> (f64, f64) {
        (0.2, 0.1)
    }
    fn transition(&self, previous: Option<usize>, item: usize) -> (f64, f64) {
        let learn = match (previous, item) {
            (None, _) => 0.1,
            (Some(0), 0) => 0.05,
            (Some(0), _) => 0.35,
            (Some(_), 0) => 0.15,
            (Some(_), _) => 0.25,
        };
        (learn, 0.0)
    }
}

#[test]
fn multipair_recovers_learn_per_item_pair() {
    let data = generate(&PerPair, 2, 1, 3);
    let o = FitOptions {
        multipair: true,
        num_fits: 3,
        ..FitOptions::default()
    };
    let fit = &BktModel::fit(&data, &o).expect("fits").skills["s"];
    let pairs = &fit.variants.learn_by_pair;
    assert_eq!(pairs.len(), 5, "{pairs:?}");
    close(
        "learn at the start",
        pairs[FIRST_PAIR].learn,
        0.1,
        TOLERANCE,
    );
    for (prev, item) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let key = format!("i{prev} -> i{item}");
        close(
            &key,
            pairs[&key].learn,
            PerPair.transition(Some(prev), item).0,
            TOLERANCE,
        );
    }
}

struct PerGroupPrior;
impl Truth for PerGroupPrior {
    fn prior(&self, group: usize) -> f64 {
        [0.1, 0.5, 0.8][group]
    }
    fn emission(&self, _: usize) -> (f64, f64) {
        (0.2, 0.1)
    }
    fn transition(&self, _: Option<usize>, _: usize) -> (f64, f64) {
        (0.1, 0.0)
    }
}

#[test]
fn multiprior_recovers_prior_per_group() {
    let data = generate(&PerGroupPrior, 1, 3, 4);
    let o = FitOptions {
        multiprior: true,
        num_fits: 3,
        ..FitOptions::default()
    };
    let fit = &BktModel::fit(&data, &o).expect("fits").skills["s"];
    for group in 0..3 {
        close(
            &format!("prior of g{group}"),
            fit.variants.prior_by_group[&format!("g{group}")],
            PerGroupPrior.prior(group),
            TOLERANCE,
        );
    }
    close("learn", fit.params.learn, 0.1, TOLERANCE);
}

#[test]
fn combined_variants_and_model_round_trip() {
    let data = generate(&PerItemGs, 3, 2, 5);
    let o = FitOptions {
        multigs: true,
        multilearn: true,
        multiprior: true,
        forgets: true,
        num_fits: 2,
        ..FitOptions::default()
    };
    let model = BktModel::fit(&data, &o).expect("fits");
    let again = BktModel::from_json(&model.to_json()).expect("reads");
    assert_eq!(again, model);
    let p = model.predict(&data).expect("predicts");
    assert!(p.iter().all(|x| (0.0..=1.0).contains(x)));
    assert_eq!(again.predict(&data).expect("predicts"), p);
    // Fitting is deterministic.
    assert_eq!(BktModel::fit(&data, &o).expect("fits"), model);
}

#[test]
fn one_class_per_kind_is_plain_bkt() {
    let truth = [(
        "s".to_string(),
        BktParams {
            prior: 0.3,
            learn: 0.2,
            guess: 0.2,
            slip: 0.1,
            forget: 0.0,
        },
    )];
    let base = masterykit::synthesize(&truth, 500, 15, 9);
    let items = vec!["only"; base.len()];
    let data = base.with_items(&items).expect("items");
    let plain = BktModel::fit(&data, &FitOptions::default()).expect("fits");
    let o = FitOptions {
        multigs: true,
        multilearn: true,
        ..FitOptions::default()
    };
    let variant = BktModel::fit(&data, &o).expect("fits");
    let (a, b) = (&plain.skills["s"], &variant.skills["s"]);
    for (x, y) in [
        (a.params.prior, b.params.prior),
        (a.params.learn, b.params.learn),
        (a.params.guess, b.params.guess),
        (a.params.slip, b.params.slip),
        (a.log_likelihood, b.log_likelihood),
    ] {
        assert!((x - y).abs() < 1e-9, "{x} vs {y}");
    }
    assert_eq!(a.iterations, b.iterations);
}

#[test]
fn variant_errors_name_what_is_missing() {
    let data = masterykit::synthesize(&[("s".to_string(), BktParams::default())], 10, 3, 1);
    let e = BktModel::fit(
        &data,
        &FitOptions {
            multigs: true,
            ..FitOptions::default()
        },
    )
    .expect_err("no items");
    assert_eq!(e.code(), "missing_column");
    assert!(e.to_string().contains("multigs"), "{e}");
    let e = BktModel::fit(
        &data,
        &FitOptions {
            multilearn: true,
            multipair: true,
            ..FitOptions::default()
        },
    )
    .expect_err("conflict");
    assert_eq!(e.code(), "invalid_option");
    // multiprior without a group column groups by the first response (pyBKT's default).
    let model = BktModel::fit(
        &data,
        &FitOptions {
            multiprior: true,
            ..FitOptions::default()
        },
    )
    .expect("fits");
    let groups: Vec<&String> = model.skills["s"].variants.prior_by_group.keys().collect();
    assert_eq!(groups, ["0", "1"]);
}

#[test]
fn variant_fits_are_identical_for_any_thread_count() {
    let data = generate(&PerPair, 2, 2, 6);
    let o = FitOptions {
        multigs: true,
        multipair: true,
        multiprior: true,
        num_fits: 4,
        ..FitOptions::default()
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let single = one.install(|| BktModel::fit(&data, &o).expect("fits"));
    assert_eq!(single, BktModel::fit(&data, &o).expect("fits"));
}
