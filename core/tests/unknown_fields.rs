//! A misspelt field is an error naming it, in every document masterykit reads: a typo must
//! never give a "valid" document that silently lacks what was meant.

use masterykit::{BktModel, Curriculum, FitOptions, Policy, SimConfig, Teaching};

mod support;
use support::repo_file;

/// Asserts `result` is a parse error that names `field`.
#[track_caller]
fn names_field<T: std::fmt::Debug>(result: masterykit::Result<T>, field: &str) {
    let err = result.expect_err(field);
    assert_eq!(err.code(), "parse_error", "{err}");
    assert!(
        err.to_string().contains(&format!("`{field}`")),
        "{err} does not name `{field}`"
    );
}

#[test]
fn curricula_reject_misspelt_fields_at_every_level() {
    let skill =
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisite": ["a"]}]}"#;
    names_field(Curriculum::from_json(skill), "prerequisite");
    let unit =
        r#"{"format_version": 1, "skills": [{"id": "a"}], "units": [{"id": "u", "skill": ["a"]}]}"#;
    names_field(Curriculum::from_json(unit), "skill");
    let course = r#"{"format_version": 1, "skills": [{"id": "a"}], "units": [{"id": "u", "skills": ["a"]}],
        "courses": [{"id": "c", "unit": ["u"]}]}"#;
    names_field(Curriculum::from_json(course), "unit");
    let edge = r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": [{"skill": "a", "wieght": 2}]}]}"#;
    names_field(Curriculum::from_json(edge), "wieght");
    names_field(
        Curriculum::from_toml("format_version = 1\n[[skills]]\nid = \"a\"\nnmae = \"A\"\n"),
        "nmae",
    );
}

#[test]
fn policies_reject_misspelt_fields_at_every_level() {
    let khan = repo_file("core/src/policy/presets/khan-2025.json");
    let typos = [
        (r#""points": 50"#, r#""pionts": 50"#, "pionts"),
        (r#""min_score": 0.7"#, r#""minscore": 0.7"#, "minscore"),
        (r#""bonus_question": true"#, r#""bonus": true"#, "bonus"),
        (r#""cooldown_hours""#, r#""cooldown""#, "cooldown"),
        (r#""at_least""#, r#""atleast""#, "atleast"),
    ];
    for (right, wrong, field) in typos {
        assert!(khan.contains(right), "the preset holds {right}");
        names_field(Policy::from_json(&khan.replacen(right, wrong, 1)), field);
    }
    let probability = repo_file("core/src/policy/presets/probability-0.95.json");
    for (right, wrong, field) in [
        (r#""slip": 0.1"#, r#""slips": 0.1"#, "slips"),
        (r#""min_p_known": 0.5"#, r#""min_p": 0.5"#, "min_p"),
        (r#""thresholds""#, r#""threshold""#, "threshold"),
    ] {
        assert!(probability.contains(right), "the preset holds {right}");
        names_field(
            Policy::from_json(&probability.replacen(right, wrong, 1)),
            field,
        );
    }
}

#[test]
fn models_options_and_teaching_reject_misspelt_fields() {
    let model = r#"{"format_version": 1, "skills": {"s": {"prior": 0.1, "learn": 0.2, "guess": 0.2,
        "slip": 0.1, "forgett": 0.0, "log_likelihood": -1.0, "iterations": 3, "responses": 4}}}"#;
    names_field(BktModel::from_json(model), "forgett");
    let top = r#"{"format_version": 1, "skill": {}}"#;
    names_field(BktModel::from_json(top), "skill");
    let good = BktModel::from_params([("s", masterykit::BktParams::default())]).to_json();
    assert_eq!(
        BktModel::from_json(&good).expect("its own file").to_json(),
        good
    );
    names_field(
        FitOptions::from_value(serde_json::json!({"numfits": 2})),
        "numfits",
    );
    let teaching = serde_json::from_str::<Teaching>(r#"{"kind": "fixed_pace", "item": 5}"#)
        .map_err(|e| masterykit::Error::Parse {
            format: "json",
            message: e.to_string(),
        });
    names_field(teaching, "item");
    let config = serde_json::from_str::<SimConfig>(r#"{"learner": 5}"#).map_err(|e| {
        masterykit::Error::Parse {
            format: "json",
            message: e.to_string(),
        }
    });
    names_field(config, "learner");
}
