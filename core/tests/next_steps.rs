//! Next steps: the shared golden cases (tests/fixtures/next_steps.json, also run by the
//! Python and JavaScript tests), bad rules documents, and the invariants every list keeps.

mod support;

use masterykit::{
    Assessment, Curriculum, LearnerStore, NextStepRules, Policy, Response, Scope, StepKind,
    Timestamp, challenge_status, next_steps,
};
use proptest::prelude::*;
use serde_json::Value;
use support::{at, repo_file};

fn fixture() -> Value {
    serde_json::from_str(&repo_file("tests/fixtures/next_steps.json")).expect("fixture")
}

fn store_of(curriculum: &Value, events: &Value) -> LearnerStore {
    let c = Curriculum::from_json(&curriculum.to_string()).expect("curriculum");
    let mut store = LearnerStore::new(c, Policy::khan()).expect("store");
    for a in masterykit::assessments_from_value(events.clone()).expect("events") {
        store.apply(&a).expect("applies");
    }
    store
}

/// The khan-2025 rules document with a fixture case's edit (`set` a dotted field to a
/// value, or `remove` one).
fn edited_rules(edit: &Value) -> String {
    let mut doc: Value = serde_json::from_str(&NextStepRules::khan().to_json()).expect("json");
    let walk = |path: &str| -> (Vec<String>, String) {
        let mut parts: Vec<String> = path.split('.').map(String::from).collect();
        let last = parts.pop().expect("a field");
        (parts, last)
    };
    if let Some(set) = edit.get("set").and_then(Value::as_object) {
        for (path, value) in set {
            let (parents, last) = walk(path);
            let mut node = &mut doc;
            for p in &parents {
                node = &mut node[p.as_str()];
            }
            node[last.as_str()] = value.clone();
        }
    }
    if let Some(path) = edit.get("remove").and_then(Value::as_str) {
        let (parents, last) = walk(path);
        let mut node = &mut doc;
        for p in &parents {
            node = &mut node[p.as_str()];
        }
        node.as_object_mut().expect("object").remove(&last);
    }
    doc.to_string()
}

#[test]
fn next_steps_match_the_golden_cases() {
    let f = fixture();
    let rules = NextStepRules::khan();
    let mut kinds = std::collections::BTreeSet::new();
    for case in f["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let store = store_of(&f["curriculum"], &case["events"]);
        let goal: Option<Scope> = case["goal"].as_str().map(|g| g.parse().expect("scope"));
        let now = at(case["now"].as_str().expect("now"));
        let learner = store
            .require_learner(case["learner"].as_str().expect("learner"))
            .expect("known");
        let steps = next_steps(&learner, &rules, goal.as_ref(), now).expect(name);
        let got = serde_json::to_value(&steps).expect("json");
        assert_eq!(got, case["expected"], "{name}");
        let status = serde_json::to_value(challenge_status(&learner, now)).expect("json");
        assert_eq!(status, case["challenge"], "{name}");
        kinds.extend(steps.iter().map(|s| (s.kind, s.reason.code())));
    }
    // Every kind of step, and every reason, appears in the golden cases.
    let seen: std::collections::BTreeSet<StepKind> = kinds.iter().map(|k| k.0).collect();
    assert_eq!(seen.len(), StepKind::ALL.len(), "{seen:?}");
    let codes: std::collections::BTreeSet<&str> = kinds.iter().map(|k| k.1).collect();
    assert_eq!(codes.len(), 7, "{codes:?}");
}

#[test]
fn bad_input_is_a_typed_error() {
    let f = fixture();
    for case in f["errors"].as_array().expect("errors") {
        let name = case["name"].as_str().expect("name");
        let store = store_of(&f["curriculum"], &case["events"]);
        let got = (|| {
            let rules = match case.get("rules") {
                Some(edit) => NextStepRules::from_json(&edited_rules(edit))?,
                None => NextStepRules::khan(),
            };
            let goal: Option<Scope> = case["goal"].as_str().map(str::parse).transpose()?;
            let learner = store.require_learner(case["learner"].as_str().expect("learner"))?;
            next_steps(&learner, &rules, goal.as_ref(), at("2026-09-02"))
        })();
        assert_eq!(
            got.expect_err(name).code(),
            case["code"].as_str().expect("code"),
            "{name}"
        );
    }
}

#[test]
fn the_preset_round_trips_and_every_number_is_checked() {
    let rules = NextStepRules::khan();
    assert_eq!(
        NextStepRules::from_json(&rules.to_json()).expect("ok"),
        rules
    );
    assert_eq!(
        NextStepRules::require_preset("nope")
            .expect_err("rejected")
            .code(),
        "unknown_preset"
    );
    let bad = edited_rules(&serde_json::json!({"set": {
        "max_steps": 0, "review.growth": 0.5, "unit_test.min_share": 1.5,
        "order": ["review", "review"]}}));
    let err = NextStepRules::from_json(&bad).expect_err("rejected");
    assert_eq!(err.code(), "invalid_next_step_rules");
    let codes: Vec<_> = err.problems().iter().map(|p| p.code()).collect();
    assert_eq!(
        codes,
        [
            "invalid_number",
            "invalid_number",
            "invalid_number",
            "invalid_option"
        ]
    );
    let version = edited_rules(&serde_json::json!({"set": {"format_version": 2}}));
    assert_eq!(
        NextStepRules::from_json(&version)
            .expect_err("rejected")
            .code(),
        "unsupported_format_version"
    );
    let toml_text = "format_version = 1\nname = \"x\"\n";
    assert_eq!(
        NextStepRules::from_toml(toml_text)
            .expect_err("rejected")
            .code(),
        "parse_error"
    );
}

#[test]
fn a_kind_left_out_of_the_order_is_never_proposed() {
    let f = fixture();
    let case = &f["cases"][0];
    let store = store_of(&f["curriculum"], &case["events"]);
    let only = edited_rules(&serde_json::json!({"set": {"order": ["next_up"], "max_steps": 1}}));
    let rules = NextStepRules::from_json(&only).expect("valid");
    let ana = store.require_learner("ana").expect("known");
    let steps = next_steps(&ana, &rules, None, at("2026-09-01T10:30:00Z")).expect("ok");
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].kind, StepKind::NextUp);
}

const SKILLS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

fn graph() -> Curriculum {
    Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]},
            {"id": "c", "prerequisites": ["a"]}, {"id": "d", "prerequisites": ["b", "c"]},
            {"id": "e", "prerequisites": ["d"]}, {"id": "f"}],
            "units": [{"id": "u", "skills": ["a", "b", "c", "d"]}, {"id": "v", "skills": ["e", "f"]}],
            "courses": [{"id": "k", "units": ["u", "v"]}]}"#,
    )
    .expect("valid")
}

fn sittings() -> impl Strategy<Value = Vec<Assessment>> {
    let contexts = [
        "practice",
        "practice",
        "quiz",
        "unit_test",
        "mastery_challenge",
    ];
    proptest::collection::vec(
        (
            0usize..4,
            0usize..contexts.len(),
            0i64..2000,
            proptest::collection::vec((0usize..SKILLS.len(), any::<bool>()), 1..6),
        )
            .prop_map(move |(learner, ctx, hour, answers)| {
                let mut a = Assessment::new(
                    format!("L{learner}"),
                    contexts[ctx],
                    Timestamp::from_secs(1_788_000_000 + hour * 3600),
                );
                for (i, (s, correct)) in answers.into_iter().enumerate() {
                    a = a.with(Response::answer(format!("q{i}"), SKILLS[s], correct));
                }
                a
            }),
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A corrective never names a skill already at the level it must reach; next-up and
    /// enrichment skills have every prerequisite at the target; a challenge is proposed
    /// only when unlocked; no skill is named by two single-skill steps; the list keeps its
    /// limits; the class-wide rows are the per-learner lists.
    #[test]
    fn every_list_keeps_the_rules(
        seq in sittings(),
        p in 0usize..3,
        goal in proptest::option::of(0usize..3),
        later in 0i64..3000,
    ) {
        let policy = [Policy::khan(), Policy::khan_pre_2018(), Policy::probability()][p].clone();
        let mut store = LearnerStore::new(graph(), policy.clone()).expect("store");
        for a in &seq {
            let _ = store.apply(a);
        }
        let scope = goal.map(|g| ["unit:u", "unit:v", "course:k"][g].parse::<Scope>().expect("scope"));
        let rules = NextStepRules::khan();
        let now = Timestamp::from_secs(1_788_000_000 + later * 3600);
        let target = policy.default_target();
        let rows = store.next_steps_all(&rules, scope.as_ref(), now).expect("rows");
        let c = store.curriculum();
        for (r, id) in store.learners().iter().enumerate() {
            let view = store.require_learner(id).expect("known");
            let steps = next_steps(&view, &rules, scope.as_ref(), now).expect("steps");
            prop_assert!(steps.len() <= rules.as_doc().max_steps as usize);
            let level = |s: &str| view.skill(s).expect("skill").level_index;
            let mut named = std::collections::HashSet::new();
            for s in &steps {
                match s.kind {
                    StepKind::Corrective => prop_assert!(level(&s.skills[0]) < target),
                    StepKind::NextUp | StepKind::Enrichment => {
                        prop_assert!(level(&s.skills[0]) < target);
                        for p in c.prerequisites(&s.skills[0]).expect("skill") {
                            prop_assert!(level(p) >= target, "{} before {}", p, s.skills[0]);
                        }
                    }
                    StepKind::MasteryChallenge => {
                        prop_assert!(challenge_status(&view, now).unlocked);
                        prop_assert!(!s.skills.is_empty() && s.skills.len() <= 3);
                    }
                    _ => {}
                }
                if matches!(s.kind, StepKind::Corrective | StepKind::NextUp | StepKind::Review | StepKind::Enrichment) {
                    prop_assert!(named.insert(s.skills[0].clone()), "{} twice", s.skills[0]);
                }
                prop_assert!(serde_json::to_string(s).is_ok());
            }
            let mine: Vec<_> = rows.rows.iter().filter(|row| row.learner as usize == r).collect();
            prop_assert_eq!(mine.len(), steps.len());
            for (row, step) in mine.iter().zip(&steps) {
                prop_assert_eq!(row.kind, step.kind);
                prop_assert_eq!(row.code(), step.reason.code());
                let skills: Vec<&str> = rows.skills(row, c).iter().map(|&s| c.skills()[s as usize].id.as_str()).collect();
                prop_assert_eq!(skills, step.skills.iter().map(String::as_str).collect::<Vec<_>>());
            }
        }
    }
}

/// The class-wide rows are the same for any number of threads.
#[cfg(feature = "parallel")]
#[test]
fn class_wide_steps_are_the_same_for_any_thread_count() {
    let mut store = LearnerStore::new(support::prealgebra(), Policy::khan()).expect("store");
    let skills: Vec<String> = store.curriculum().skill_ids().map(String::from).collect();
    for l in 0..9000 {
        for k in 0..6 {
            let skill = &skills[(l * 7 + k * 3) % skills.len()];
            let answers: Vec<bool> = (0..4).map(|i| (l + k + i) % 5 != 0).collect();
            let when = format!("2026-09-{:02}T10:00:00Z", 1 + (l + k) % 20);
            store
                .apply(&support::practice(&format!("u{l}"), skill, &answers, &when))
                .expect("applies");
        }
    }
    let rules = NextStepRules::khan();
    let now = at("2026-10-15");
    let goal: Scope = "course:prealgebra".parse().expect("scope");
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| {
                store
                    .next_steps_all(&rules, Some(&goal), now)
                    .expect("rows")
            })
    };
    let one = run(1);
    assert!(one.rows.len() > 9000);
    assert_eq!(run(2), one);
    assert_eq!(run(5), one);
}
