//! BKT fitting: parameter recovery, determinism, CSV input and its errors, model files.

use masterykit::{
    BktModel, BktParams, CsvColumns, FitOptions, Metrics, Pinned, ResponseData, cross_validate,
    synthesize,
};
use proptest::prelude::*;

mod support;
use support::close;

fn truth() -> Vec<(String, BktParams)> {
    vec![
        (
            "fractions".into(),
            BktParams {
                prior: 0.3,
                learn: 0.15,
                guess: 0.2,
                slip: 0.1,
                forget: 0.0,
            },
        ),
        (
            "decimals".into(),
            BktParams {
                prior: 0.1,
                learn: 0.25,
                guess: 0.25,
                slip: 0.08,
                forget: 0.0,
            },
        ),
        (
            "ratios".into(),
            BktParams {
                prior: 0.5,
                learn: 0.1,
                guess: 0.15,
                slip: 0.15,
                forget: 0.0,
            },
        ),
    ]
}

#[test]
fn parameters_are_recovered_within_0_05_on_5000_learners_x_20_steps() {
    let data = synthesize(&truth(), 5000, 20, 7);
    assert_eq!(data.len(), 3 * 5000 * 20);
    let model = BktModel::fit(&data, &FitOptions::default()).expect("fits");
    for (name, p) in truth() {
        let f = &model.skills[&name].params;
        close(&format!("{name} prior"), f.prior, p.prior, 0.05);
        close(&format!("{name} learn"), f.learn, p.learn, 0.05);
        close(&format!("{name} guess"), f.guess, p.guess, 0.05);
        close(&format!("{name} slip"), f.slip, p.slip, 0.05);
    }
    // The fitted model explains the data at least as well as the true parameters.
    let true_model = BktModel::from_params(truth());
    let fitted_ll = model.log_likelihood(&data).expect("ll");
    assert!(fitted_ll >= true_model.log_likelihood(&data).expect("ll") - 1e-6);
    let stored: f64 = model.skills.values().map(|s| s.log_likelihood).sum();
    assert!((stored - fitted_ll).abs() < 1e-6 * fitted_ll.abs());
}

#[test]
fn forgetting_is_recovered_when_fitted() {
    let t = vec![(
        "s".to_string(),
        BktParams {
            prior: 0.2,
            learn: 0.3,
            guess: 0.2,
            slip: 0.1,
            forget: 0.1,
        },
    )];
    let data = synthesize(&t, 5000, 20, 11);
    let opts = FitOptions {
        forgets: true,
        ..FitOptions::default()
    };
    let f = BktModel::fit(&data, &opts).expect("fits").skills["s"].params;
    close("forget", f.forget, 0.1, 0.05);
    close("learn", f.learn, 0.3, 0.05);
}

#[test]
fn fits_are_identical_for_any_thread_count() {
    let data = synthesize(&truth(), 300, 12, 3);
    let opts = FitOptions {
        num_fits: 3,
        seed: 9,
        ..FitOptions::default()
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let a = one.install(|| BktModel::fit(&data, &opts).expect("fits"));
    let b = BktModel::fit(&data, &opts).expect("fits");
    assert_eq!(a, b);
    assert_eq!(
        a.to_json(),
        BktModel::from_json(&a.to_json())
            .expect("round trip")
            .to_json()
    );
}

#[test]
fn pinned_parameters_stay_put_and_bounds_hold() {
    let data = synthesize(&truth(), 500, 10, 5);
    let opts = FitOptions {
        pinned: Pinned {
            guess: Some(0.2),
            ..Pinned::default()
        },
        max_slip: 0.12,
        ..FitOptions::default()
    };
    for fit in BktModel::fit(&data, &opts).expect("fits").skills.values() {
        assert_eq!(fit.params.guess, 0.2);
        assert!(fit.params.slip <= 0.12);
    }
    let bad = FitOptions {
        num_fits: 0,
        ..FitOptions::default()
    };
    assert_eq!(
        BktModel::fit(&data, &bad).expect_err("invalid").code(),
        "invalid_number"
    );
}

#[test]
fn csv_in_pybkt_and_datashop_columns_with_multi_skill_rows() {
    let csv = "order_id,user_id,skill_name,correct\n3,u1,a,1\n1,u1,a~~b,0\n2,u2,b,1\n";
    let d = ResponseData::from_csv(csv.as_bytes()).expect("parses");
    // Sorted by order_id; the two-skill row credits both skills.
    assert_eq!(d.len(), 4);
    assert_eq!(d.skills(), ["a", "b"]);
    assert_eq!(d.correct(), [0, 0, 1, 1]);
    let tsv =
        "Row\tAnon Student Id\tKC(Default)\tCorrect First Attempt\n1\ts1\tk\t1\n2\ts1\tk\t0\n";
    let d = ResponseData::from_csv(tsv.as_bytes()).expect("datashop");
    assert_eq!((d.len(), d.learners()), (2, &["s1".to_string()][..]));
    let custom = CsvColumns {
        order: None,
        learner: "who".into(),
        skill: "kc".into(),
        correct: "ok".into(),
        separator: "|".into(),
        item: None,
        group: None,
    };
    let d =
        ResponseData::from_csv_with("who,kc,ok\nx,p|q,true\n".as_bytes(), &custom).expect("custom");
    assert_eq!(d.skills(), ["p", "q"]);
}

#[test]
fn csv_errors_name_the_problem() {
    let err = ResponseData::from_csv("user_id,skill_name\nu,a\n".as_bytes()).expect_err("missing");
    assert_eq!(err.code(), "missing_column");
    assert!(
        err.to_string().starts_with("missing column `correct`"),
        "{err}"
    );
    let err =
        ResponseData::from_csv("user_id,skill_name,correct\nu,a,2\n".as_bytes()).expect_err("bad");
    assert_eq!(
        err.to_string(),
        "invalid correct value `2` on row 2: expected 0 or 1"
    );
    let err =
        ResponseData::from_csv("user_id,skill_name,correct\nu,,1\n".as_bytes()).expect_err("empty");
    assert_eq!(
        (err.code(), err.to_string().as_str()),
        ("empty_id", "empty skill id in row 2")
    );
    let model = BktModel::fit(
        &ResponseData::from_csv("user_id,skill_name,correct\nu,a,1\n".as_bytes()).expect("ok"),
        &FitOptions::default(),
    )
    .expect("fit");
    let other =
        ResponseData::from_csv("user_id,skill_name,correct\nu,zzz,1\n".as_bytes()).expect("ok");
    assert_eq!(
        model.predict(&other).expect_err("unfitted").code(),
        "unfitted_skill"
    );
}

#[test]
fn predictions_beat_chance_and_cross_validation_runs_per_fold() {
    let data = synthesize(&truth(), 1000, 15, 21);
    let model = BktModel::fit(&data, &FitOptions::default()).expect("fits");
    let m: Metrics = model.evaluate(&data).expect("evaluates");
    assert!(m.auc > 0.7 && m.rmse < 0.45 && m.accuracy > 0.7, "{m:?}");
    let folds = cross_validate(
        &data,
        4,
        &FitOptions {
            num_fits: 1,
            ..FitOptions::default()
        },
    )
    .expect("cv");
    assert_eq!(folds.len(), 4);
    assert_eq!(
        folds.iter().map(|f| f.metrics.count).sum::<usize>(),
        data.len()
    );
    for f in &folds {
        assert!(f.metrics.auc > 0.65, "{f:?}");
    }
    assert_eq!(
        cross_validate(&data, 1, &FitOptions::default())
            .expect_err("folds")
            .code(),
        "invalid_number"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fitting_never_leaves_the_unit_interval(
        rows in proptest::collection::vec((0u8..6, 0u8..3, any::<bool>(), 0u8..4), 1..120),
        forgets in any::<bool>(),
        seed in any::<u64>(),
        variants in (any::<bool>(), 0u8..3, any::<bool>()),
    ) {
        let learners: Vec<String> = rows.iter().map(|r| format!("u{}", r.0)).collect();
        let skills: Vec<String> = rows.iter().map(|r| format!("s{}", r.1)).collect();
        let correct: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let items: Vec<String> = rows.iter().map(|r| format!("i{}", r.3)).collect();
        let data = ResponseData::from_columns(&learners, &skills, &correct, None)
            .and_then(|d| d.with_items(&items))
            .expect("columns");
        // Plain BKT and every variant (multilearn and multipair exclude each other).
        let (multigs, learn_kind, multiprior) = variants;
        let opts = FitOptions {
            forgets,
            seed,
            num_fits: 2,
            multigs,
            multilearn: learn_kind == 1,
            multipair: learn_kind == 2,
            multiprior,
            ..FitOptions::default()
        };
        let model = BktModel::fit(&data, &opts).expect("fits");
        for f in model.skills.values() {
            let p = f.params;
            let v = &f.variants;
            let all = [p.prior, p.learn, p.guess, p.slip, p.forget]
                .into_iter()
                .chain(v.guess_slip_by_item.values().flat_map(|g| [g.guess, g.slip]))
                .chain(v.learn_by_item.values().chain(v.learn_by_pair.values()).flat_map(|l| [l.learn, l.forget]))
                .chain(v.prior_by_group.values().copied());
            for x in all {
                prop_assert!((0.0..=1.0).contains(&x), "{:?} {:?}", p, v);
            }
            prop_assert!(p.guess <= 0.5 && p.slip <= 0.5);
            prop_assert!(v.guess_slip_by_item.values().all(|g| g.guess <= 0.5 && g.slip <= 0.5));
            prop_assert!(f.log_likelihood.is_finite() && f.log_likelihood <= 0.0);
        }
        for q in model.predict(&data).expect("predicts") {
            prop_assert!((0.0..=1.0).contains(&q));
        }
    }
}

#[test]
fn codes_give_the_same_data_as_strings_and_bad_codes_are_named() {
    let (ls, ss, cs) = (["u", "v", "u"], ["a", "a", "b"], [true, false, true]);
    let by_strings = ResponseData::from_columns(&ls, &ss, &cs, Some(&[3, 1, 2])).expect("columns");
    let by_codes = ResponseData::from_codes(
        vec!["u".into(), "v".into()],
        vec!["a".into(), "b".into()],
        &[0, 1, 0],
        &[0, 0, 1],
        &[1, 0, 1],
        Some(&[3, 1, 2]),
    )
    .expect("codes");
    assert_eq!(by_codes.correct(), by_strings.correct());
    assert_eq!(by_codes.entry_rows(), by_strings.entry_rows());
    let opts = FitOptions {
        num_fits: 1,
        ..FitOptions::default()
    };
    assert_eq!(
        BktModel::fit(&by_codes, &opts).expect("fit"),
        BktModel::fit(&by_strings, &opts).expect("fit")
    );
    let err = ResponseData::from_codes(
        vec!["u".into()],
        vec!["a".into()],
        &[0, 5],
        &[0, 0],
        &[1, 1],
        None,
    )
    .expect_err("bad code");
    assert_eq!(
        err.to_string(),
        "invalid learner code on row 1: 5 (expected an index into the name table)"
    );
    let err = ResponseData::from_codes(vec!["u".into()], vec!["a".into()], &[0], &[0], &[2], None)
        .expect_err("bad correct");
    assert_eq!(err.code(), "invalid_correct");
}

#[test]
fn boundary_parameters_never_give_nan_or_infinity() {
    // Known for sure and never slipping: the wrong answer is impossible under the model.
    let certain = BktParams {
        prior: 1.0,
        learn: 0.2,
        guess: 0.2,
        slip: 0.0,
        forget: 0.0,
    };
    let model = BktModel::from_params([("s", certain)]);
    let data = ResponseData::from_columns(&["u"; 4], &["s"; 4], &[true, false, true, false], None)
        .expect("columns");
    let predicted = model.predict(&data).expect("predicts");
    assert!(predicted.iter().all(|p| p.is_finite()), "{predicted:?}");
    let m = model.evaluate(&data).expect("scores");
    for (name, v) in [
        ("rmse", m.rmse),
        ("auc", m.auc),
        ("accuracy", m.accuracy),
        ("log_loss", m.log_loss),
    ] {
        assert!(v.is_finite(), "{name} = {v}");
    }
    let ll = model.log_likelihood(&data).expect("likelihood");
    assert!(ll.is_finite() && ll < 0.0, "{ll}");
    // Pinning a guess or slip at 0 or 1 is rejected, naming it; other boundaries fit.
    let pins = [
        (
            Pinned {
                prior: Some(1.0),
                slip: Some(0.0),
                ..Pinned::default()
            },
            "pinned.slip",
        ),
        (
            Pinned {
                guess: Some(0.0),
                slip: Some(0.0),
                ..Pinned::default()
            },
            "pinned.guess",
        ),
    ];
    for (pinned, name) in pins {
        let options = FitOptions {
            pinned,
            num_fits: 1,
            ..FitOptions::default()
        };
        let err = BktModel::fit(&data, &options).expect_err(name);
        assert_eq!(err.code(), "invalid_number");
        assert!(err.to_string().contains(name), "{err}");
    }
    let options = FitOptions {
        pinned: Pinned {
            prior: Some(1.0),
            learn: Some(0.0),
            ..Pinned::default()
        },
        num_fits: 2,
        ..FitOptions::default()
    };
    let fit = BktModel::fit(&data, &options).expect("fits");
    let f = &fit.skills["s"];
    assert!(f.log_likelihood.is_finite(), "{}", f.log_likelihood);
    let p = f.params;
    assert!(
        [p.prior, p.learn, p.guess, p.slip, p.forget]
            .iter()
            .all(|v| v.is_finite())
    );
}
