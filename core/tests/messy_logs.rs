//! Knowledge tracing on logs shaped like real ones: every variant fits without NaN, warns
//! about degenerate skills, round-trips its file, and handles skills seen only at test time.

use masterykit::{BktModel, BktParams, FitOptions, MessyConfig, ResponseData, Unseen, messy_log};

fn small() -> MessyConfig {
    MessyConfig {
        learners: 90,
        skills: 45,
        responses: 40_000,
        ..MessyConfig::default()
    }
}

fn probability(what: &str, v: f64) {
    assert!(v.is_finite() && (0.0..=1.0).contains(&v), "{what}: {v}");
}

fn check_model(model: &BktModel, data: &ResponseData, label: &str) {
    assert_eq!(
        model.skills.len(),
        data.skills().len(),
        "{label}: every skill fitted"
    );
    for (name, f) in &model.skills {
        let p = f.params;
        for (field, v) in [
            ("prior", p.prior),
            ("learn", p.learn),
            ("guess", p.guess),
            ("slip", p.slip),
            ("forget", p.forget),
        ] {
            probability(&format!("{label} {name} {field}"), v);
        }
        assert!(
            f.log_likelihood.is_finite() && f.log_likelihood <= 0.0,
            "{label} {name}"
        );
        let v = &f.variants;
        for gs in v.guess_slip_by_item.values() {
            probability(&format!("{label} {name} item guess"), gs.guess);
            probability(&format!("{label} {name} item slip"), gs.slip);
        }
        for lf in v.learn_by_item.values().chain(v.learn_by_pair.values()) {
            probability(&format!("{label} {name} learn"), lf.learn);
            probability(&format!("{label} {name} forget"), lf.forget);
        }
        for &g in v.prior_by_group.values() {
            probability(&format!("{label} {name} group prior"), g);
        }
    }
    let json = model.to_json();
    assert!(!json.contains("null"), "{label}: no null in the file");
    assert_eq!(
        &BktModel::from_json(&json).expect("reads its own file"),
        model,
        "{label}"
    );
    for p in model.predict(data).expect("predicts") {
        probability(&format!("{label} prediction"), p);
    }
    assert!(model.log_likelihood(data).expect("scores").is_finite());
}

/// Sets one variant's options.
type Variant = fn(&mut FitOptions);

#[test]
fn every_variant_fits_a_messy_log_without_nan() {
    let log = messy_log(&small());
    let train = ResponseData::from_csv_bytes(log.train.as_bytes()).expect("train");
    let variants: [(&str, Variant); 7] = [
        ("plain", |_| {}),
        ("forgets", |o| o.forgets = true),
        ("multigs", |o| o.multigs = true),
        ("multilearn", |o| o.multilearn = true),
        ("multipair", |o| o.multipair = true),
        ("multiprior", |o| o.multiprior = true),
        ("all of them", |o| {
            o.forgets = true;
            o.multigs = true;
            o.multilearn = true;
            o.multiprior = true;
        }),
    ];
    for (label, set) in variants {
        for seed in 0..3 {
            let mut o = FitOptions {
                num_fits: 4,
                seed,
                ..FitOptions::default()
            };
            set(&mut o);
            let model = BktModel::fit(&train, &o).expect(label);
            check_model(&model, &train, &format!("{label} seed {seed}"));
        }
    }
}

#[test]
fn degenerate_skills_carry_warnings() {
    let log = messy_log(&small());
    let train = ResponseData::from_csv_bytes(log.train.as_bytes()).expect("train");
    let o = FitOptions::default();
    let model = BktModel::fit(&train, &o).expect("fits");
    let (mut all_right, mut all_wrong, mut few) = (0, 0, 0);
    for (s, name) in train.skills().iter().enumerate() {
        let obs: Vec<u8> = train
            .entry_skills()
            .iter()
            .zip(train.correct())
            .filter(|(k, _)| **k as usize == s)
            .map(|(_, &c)| c)
            .collect();
        let codes: Vec<&str> = model.skills[name]
            .warnings
            .iter()
            .map(|w| w.code())
            .collect();
        let right = obs.iter().filter(|&&c| c == 1).count();
        assert_eq!(
            codes.contains(&"all_correct"),
            right == obs.len(),
            "{name}: {codes:?}"
        );
        assert_eq!(
            codes.contains(&"all_wrong"),
            right == 0,
            "{name}: {codes:?}"
        );
        assert_eq!(
            codes.contains(&"few_responses"),
            obs.len() < o.min_responses,
            "{name}: {codes:?}"
        );
        all_right += usize::from(right == obs.len());
        all_wrong += usize::from(right == 0);
        few += usize::from(obs.len() < o.min_responses);
    }
    // The log has each shape.
    assert!(
        all_right > 0 && all_wrong > 0 && few > 0,
        "{all_right} {all_wrong} {few}"
    );
}

#[test]
fn skills_seen_only_at_test_time_follow_the_unseen_choice() {
    let log = messy_log(&small());
    let train = ResponseData::from_csv_bytes(log.train.as_bytes()).expect("train");
    let test = ResponseData::from_csv_bytes(log.test.as_bytes()).expect("test");
    let model = BktModel::fit(&train, &FitOptions::default()).expect("fits");
    let unseen: Vec<String> = test
        .skills()
        .iter()
        .filter(|s| !model.skills.contains_key(*s))
        .cloned()
        .collect();
    assert!(!unseen.is_empty());
    let err = model.evaluate(&test).expect_err("unseen skills");
    assert_eq!(err.code(), "unfitted_skill");
    assert!(err.to_string().contains(&unseen[0]), "{err}");

    let skipped = model.evaluate_with(&test, &Unseen::Skip).expect("skip");
    let by_skill = model
        .evaluate_by_skill(&test, &Unseen::Skip)
        .expect("by skill");
    assert_eq!(
        by_skill.iter().map(|m| m.metrics.count).sum::<usize>(),
        skipped.metrics.count
    );
    assert!(
        by_skill
            .iter()
            .all(|m| !unseen.contains(&m.skill) && m.metrics.count > 0)
    );
    assert_eq!(skipped.unseen_skills, unseen);
    assert_eq!(skipped.unseen, "skip");
    assert_eq!(skipped.metrics.count + skipped.unseen_responses, test.len());
    let population = model
        .evaluate_with(&test, &Unseen::Population)
        .expect("population");
    assert_eq!(population.metrics.count, test.len());
    assert_eq!(population.unseen_responses, skipped.unseen_responses);
    let given = model
        .evaluate_with(&test, &Unseen::Params(BktParams::default()))
        .expect("params");
    assert_eq!(given.metrics.count, test.len());
    for m in [skipped.metrics, population.metrics, given.metrics] {
        for v in [m.rmse, m.auc, m.accuracy, m.log_loss] {
            probability("metric", v.min(1.0));
            assert!(v.is_finite());
        }
    }

    let predicted = model.predict_with(&test, &Unseen::Skip).expect("skip");
    let names = test.skills();
    for (e, p) in predicted.iter().enumerate() {
        let skill = &names[test.entry_skills()[e] as usize];
        assert_eq!(p.is_none(), unseen.contains(skill), "entry {e} of {skill}");
    }
    let population = model.population().expect("population");
    let traced = model
        .predict_with(&test, &Unseen::Population)
        .expect("population");
    let with_params = model
        .predict_with(&test, &Unseen::Params(population))
        .expect("params");
    assert_eq!(
        traced, with_params,
        "population is the weighted mean of the skills"
    );
    assert!(traced.iter().all(Option::is_some));

    let bad = BktParams {
        slip: 1.5,
        ..BktParams::default()
    };
    let err = model
        .evaluate_with(&test, &Unseen::Params(bad))
        .expect_err("bad params");
    assert_eq!(err.code(), "invalid_number");
}

#[test]
fn null_or_out_of_range_numbers_in_a_model_file_are_named() {
    let model = BktModel::from_params([("add", BktParams::default())]);
    let json = model.to_json();
    for (from, to, field) in [
        ("\"prior\": 0.1", "\"prior\": null", "prior of skill `add`"),
        ("\"slip\": 0.1", "\"slip\": 1.5", "slip of skill `add`"),
        (
            "\"log_likelihood\": 0.0",
            "\"log_likelihood\": null",
            "log_likelihood of skill `add`",
        ),
    ] {
        let text = json.replace(from, to);
        assert_ne!(text, json, "{from}");
        let err = BktModel::from_json(&text).expect_err(field);
        assert_eq!(err.code(), "invalid_number", "{err}");
        assert!(err.to_string().contains(field), "{err}");
    }
    // NaN is not JSON at all.
    let err = BktModel::from_json(&json.replace("0.1", "NaN")).expect_err("NaN");
    assert_eq!(err.code(), "parse_error");
}

#[test]
fn messy_logs_are_seeded() {
    let a = messy_log(&small());
    assert_eq!(a, messy_log(&small()));
    let other = messy_log(&MessyConfig { seed: 1, ..small() });
    assert_ne!(a.train, other.train);
    // Numeric ids, multi-skill rows and duplicates are all there.
    assert!(a.train.lines().nth(1).is_some_and(|l| {
        l.split(',')
            .nth(1)
            .is_some_and(|id| id.parse::<u64>().is_ok())
    }));
    assert!(a.train.contains("~~"));
    let lines: Vec<&str> = a.train.lines().collect();
    let unique: std::collections::HashSet<&&str> = lines.iter().collect();
    assert!(unique.len() < lines.len(), "duplicate rows");
}

#[test]
fn a_skill_without_responses_is_not_fitted() {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let data = ResponseData::from_codes(
        names(&["u", "v"]),
        names(&["a", "b"]),
        &[0, 1, 1],
        &[0, 0, 0],
        &[1, 0, 1],
        None,
    )
    .expect("codes");
    let model = BktModel::fit(&data, &FitOptions::default()).expect("fits");
    assert_eq!(model.skills.keys().collect::<Vec<_>>(), ["a"]);
    // Nor is it an unseen skill when predicting.
    assert_eq!(
        model.evaluate(&data).expect("only `a` has responses").count,
        3
    );
}

#[test]
fn cross_validation_counts_folds_and_stops_when_asked() {
    let log = messy_log(&small());
    let train = ResponseData::from_csv_bytes(log.train.as_bytes()).expect("train");
    let o = FitOptions {
        num_fits: 1,
        ..FitOptions::default()
    };
    let watch = masterykit::Watch::new();
    let folds = masterykit::cross_validate_until(&train, 3, &o, &watch).expect("folds");
    assert_eq!(
        folds,
        masterykit::cross_validate(&train, 3, &o).expect("folds")
    );
    assert_eq!(watch.progress(), (3, 3));
    watch.stop();
    let err = masterykit::cross_validate_until(&train, 3, &o, &watch).expect_err("stopped");
    assert_eq!(err.code(), "cancelled");
}
