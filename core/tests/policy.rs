//! Policy documents: presets are valid and round-trip; broken policies report every problem.

use masterykit::{Policy, PolicyDoc, Rules};

#[test]
fn presets_are_valid_and_round_trip() {
    for name in Policy::PRESETS {
        let p = Policy::by_name(name).expect("preset");
        assert_eq!(p.name(), name);
        assert_eq!(Policy::from_json(&p.to_json()).expect("valid"), p);
        assert_eq!(Policy::from_json(&p.to_json_pretty()).expect("valid"), p);
    }
    assert!(Policy::by_name("khan").is_some());
    assert!(Policy::by_name("nope").is_none());
}

#[test]
fn khan_levels_and_points_are_data() {
    let p = Policy::khan();
    let levels: Vec<(&str, f64)> = p
        .levels()
        .iter()
        .map(|l| (l.id.as_str(), l.points))
        .collect();
    assert_eq!(
        levels,
        [
            ("not_started", 0.0),
            ("attempted", 0.0),
            ("familiar", 50.0),
            ("proficient", 80.0),
            ("mastered", 100.0)
        ]
    );
    assert_eq!(p.level_id(p.default_target()), "proficient");
}

#[test]
fn broken_policy_reports_every_problem() {
    let mut doc: PolicyDoc = Policy::khan().as_doc().clone();
    doc.levels[2].points = 150.0;
    doc.default_target = "expert".into();
    let Rules::Table {
        transitions,
        contexts,
        ..
    } = &mut doc.rules
    else {
        panic!("khan is a table policy")
    };
    transitions.remove(0); // practice/perfect from not_started..proficient -> now missing
    transitions[0].to = "wizard".into();
    contexts[1].outcomes.retain(|o| o.id != "some_wrong");
    let err = Policy::from_doc(doc).expect_err("broken");
    assert_eq!(err.code(), "invalid_policy");
    let codes: Vec<&str> = err.problems().iter().map(|p| p.code()).collect();
    for code in [
        "invalid_number",
        "unknown_level",
        "unknown_outcome",
        "missing_transition",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert!(
        messages.contains(
            &"no transition for level `not_started` in context `practice` with outcome `perfect`"
                .to_string()
        ),
        "{messages:#?}"
    );
    assert!(messages.contains(&"unknown level `expert` in default_target".to_string()));
}

#[test]
fn conflicting_rules_are_rejected() {
    let mut doc: PolicyDoc = Policy::khan().as_doc().clone();
    let Rules::Table { transitions, .. } = &mut doc.rules else {
        panic!("table")
    };
    let mut dup = transitions[0].clone();
    dup.to = "familiar".into();
    transitions.push(dup);
    let err = Policy::from_doc(doc).expect_err("conflict");
    assert!(
        err.problems()
            .iter()
            .all(|p| p.code() == "conflicting_transition"),
        "{err}"
    );
}

#[test]
fn probability_policy_validates_parameters_and_thresholds() {
    let mut doc: PolicyDoc = Policy::probability().as_doc().clone();
    let Rules::Probability {
        bkt, thresholds, ..
    } = &mut doc.rules
    else {
        panic!("probability")
    };
    bkt.guess = 1.2;
    thresholds.remove(0);
    let err = Policy::from_doc(doc).expect_err("broken");
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("guess of rules.bkt")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("one threshold at 0")),
        "{messages:?}"
    );
}

#[test]
fn unknown_fields_and_versions_are_rejected() {
    let mut v: serde_json::Value = serde_json::from_str(&Policy::khan().to_json()).expect("json");
    v["format_version"] = 2.into();
    assert_eq!(
        Policy::from_json(&v.to_string()).expect_err("v2").code(),
        "unsupported_format_version"
    );
    v["format_version"] = 1.into();
    v["surprise"] = true.into();
    assert_eq!(
        Policy::from_json(&v.to_string()).expect_err("field").code(),
        "parse_error"
    );
}

#[test]
fn a_policy_written_in_toml_loads_the_same() {
    for name in Policy::PRESETS {
        let p = Policy::by_name(name).expect("preset");
        let toml = toml::to_string(p.as_doc()).expect("serializes to TOML");
        assert_eq!(Policy::from_toml(&toml).expect("parses"), p, "{name}");
    }
    let err = Policy::from_toml("format_version = 1\nname = \"x\"").expect_err("incomplete");
    assert_eq!(err.code(), "parse_error");
}
