//! The shared knowledge-tracing fixture (`tests/fixtures/tracing_unseen.json`): fit
//! warnings, the unseen choices of evaluate and predict, and bad model files. Python, JS and
//! the CLI run the same cases.

use masterykit::{BktModel, FitOptions, ResponseData, Unseen};
use serde_json::Value;

fn fixture() -> Value {
    let text = include_str!("../../tests/fixtures/tracing_unseen.json");
    serde_json::from_str(text).expect("fixture")
}

fn fitted(fx: &Value) -> BktModel {
    let train =
        ResponseData::from_csv_bytes(fx["train_csv"].as_str().expect("fixture shape").as_bytes())
            .expect("fixture shape");
    let options = FitOptions::from_value(fx["fit"].clone()).expect("fixture shape");
    BktModel::fit(&train, &options).expect("fixture shape")
}

#[test]
fn warnings_match_the_fixture() {
    let fx = fixture();
    let model = fitted(&fx);
    let got: Vec<Value> = model
        .skills
        .iter()
        .flat_map(|(s, f)| {
            f.warnings
                .iter()
                .map(move |w| serde_json::json!([s, w.code()]))
        })
        .collect();
    assert_eq!(Value::Array(got), fx["warnings"]);
}

#[test]
fn evaluate_and_predict_follow_the_unseen_choice() {
    let fx = fixture();
    let model = fitted(&fx);
    let test =
        ResponseData::from_csv_bytes(fx["test_csv"].as_str().expect("fixture shape").as_bytes())
            .expect("fixture shape");
    for case in fx["evaluate"].as_array().expect("fixture shape") {
        let label = case["unseen"].to_string();
        let result =
            Unseen::from_value(case["unseen"].clone()).and_then(|u| model.evaluate_with(&test, &u));
        if let Some(code) = case["error"].as_str() {
            let err = result.expect_err(&label);
            assert_eq!(err.code(), code, "{label}");
            assert!(
                err.to_string()
                    .contains(case["message_contains"].as_str().expect("fixture shape")),
                "{err}"
            );
            continue;
        }
        let got = serde_json::to_value(result.expect(&label)).expect("fixture shape");
        assert_eq!(got["unseen"], case["name"], "{label}");
        for key in ["count", "unseen_responses", "unseen_skills"] {
            assert_eq!(got[key], case[key], "{label} {key}");
        }
        for key in ["rmse", "auc", "accuracy", "log_loss"] {
            let (g, e) = (
                got[key].as_f64().expect("fixture shape"),
                case[key].as_f64().expect("fixture shape"),
            );
            assert!((g - e).abs() < 1e-12, "{label} {key}: {g} vs {e}");
        }
    }
    let predicted = model
        .predict_in_row_order_with(&test, &Unseen::Skip)
        .expect("fixture shape");
    let missing: Vec<usize> = (0..predicted.len())
        .filter(|&r| predicted[r].is_none())
        .collect();
    let expected: Vec<usize> =
        serde_json::from_value(fx["predict_skip_missing_rows"].clone()).expect("fixture shape");
    assert_eq!(missing, expected);
}

#[test]
fn bad_model_files_are_named() {
    let fx = fixture();
    let model: Value = serde_json::from_str(&fitted(&fx).to_json()).expect("fixture shape");
    for case in fx["model_file_errors"].as_array().expect("fixture shape") {
        let mut doc = model.clone();
        doc["skills"]["add"][case["field"].as_str().expect("fixture shape")] =
            case["value"].clone();
        let err = BktModel::from_json(&doc.to_string()).expect_err("bad file");
        assert_eq!(
            err.code(),
            case["code"].as_str().expect("fixture shape"),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains(case["message_contains"].as_str().expect("fixture shape")),
            "{err}"
        );
    }
}

#[test]
fn warnings_read_back_and_unknown_ones_are_errors() {
    let fx = fixture();
    let model = fitted(&fx);
    let json = model.to_json();
    assert!(json.contains("\"code\": \"few_responses\""));
    assert_eq!(BktModel::from_json(&json).expect("round trip"), model);
    let bad = json.replace("\"all_wrong\"", "\"all_odd\"");
    let err = BktModel::from_json(&bad).expect_err("unknown code");
    assert_eq!(err.code(), "parse_error");
    assert!(
        err.to_string().contains("unknown warning code `all_odd`"),
        "{err}"
    );
}
