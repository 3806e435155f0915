//! The shared golden policy cases (tests/fixtures/policy_*.json): the engine must give exactly
//! the levels and transitions the rule tables prescribe.

use masterykit::{Assessment, Curriculum, LearnerStore, Policy};
use serde_json::{Value, json};

mod support;
use support::repo_file;

fn run_fixture(file: &str) -> usize {
    let fixture: Value = serde_json::from_str(&repo_file(file)).expect("fixture parses");
    let policy = Policy::by_name(fixture["policy"].as_str().expect("policy")).expect("preset");
    let curriculum = Curriculum::from_json(&fixture["curriculum"].to_string()).expect("valid");
    let cases = fixture["cases"].as_array().expect("cases");
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let events: Vec<Assessment> =
            serde_json::from_value(case["events"].clone()).expect("events parse");
        let mut store = LearnerStore::new(curriculum.clone(), policy.clone()).expect("store");
        let (last, setup) = events.split_last().expect("at least one event");
        for e in setup {
            store
                .apply(e)
                .unwrap_or_else(|err| panic!("{name}: setup failed: {err}"));
        }
        if let Some(code) = case.get("expected_error") {
            let before = store.clone();
            let err = store.apply(last).expect_err(name);
            assert_eq!(err.code(), code, "{name}: {err}");
            assert_eq!(
                store, before,
                "{name}: a rejected assessment changed the state"
            );
        } else {
            let applied = store
                .apply(last)
                .unwrap_or_else(|err| panic!("{name}: {err}"));
            let got: Vec<Value> = applied
                .transitions
                .iter()
                .map(|t| {
                    json!({"skill": t.skill, "from": t.from, "to": t.to,
                           "context": t.context, "outcome": t.outcome})
                })
                .collect();
            assert_eq!(Value::from(got), case["expected_transitions"], "{name}");
        }
        for (learner, skills) in case["expected_levels"].as_object().expect("levels") {
            let view = store.require_learner(learner).expect("learner exists");
            for (skill, level) in skills.as_object().expect("skills") {
                assert_eq!(
                    view.skill(skill).expect("skill").level,
                    level.as_str().expect("level"),
                    "{name}: {learner}/{skill}"
                );
            }
        }
    }
    cases.len()
}

#[test]
fn khan_2025_golden_cases() {
    assert!(run_fixture("tests/fixtures/policy_khan_2025.json") >= 65);
}

#[test]
fn khan_pre_2018_golden_cases() {
    assert!(run_fixture("tests/fixtures/policy_khan_pre_2018.json") >= 61);
}
