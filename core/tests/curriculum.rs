//! Curriculum loading, validation and graph queries against the shared fixtures.

use masterykit::{Curriculum, Error, Skill, Unit};
use serde_json::Value;

mod support;
use support::{prealgebra, repo_file};

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn sample_course_is_valid_and_realistic() {
    let c = prealgebra();
    assert!(c.len() >= 40);
    assert!(c.units().len() >= 6);
    assert!(c.lint().is_clean(), "{:?}", c.lint());
    let order = c.learnable_order();
    assert_eq!(order.len(), c.len());
    // Every prerequisite comes before its dependent.
    let pos = |id: &str| order.iter().position(|o| *o == id).expect("in order");
    for s in c.skills() {
        for p in &s.prerequisites {
            assert!(pos(&p.skill) < pos(&s.id), "{} before {}", p.skill, s.id);
        }
    }
}

#[test]
fn graph_queries_match_golden_fixture() {
    let fixture: Value = serde_json::from_str(&repo_file("tests/fixtures/graph_queries.json"))
        .expect("fixture parses");
    let c = Curriculum::from_json(&repo_file(fixture["curriculum"].as_str().expect("path")))
        .expect("valid");
    for case in fixture["cases"].as_array().expect("cases") {
        let known = case
            .get("known")
            .map(|k| c.skill_set(strings(k)).expect("known ids"))
            .unwrap_or_else(|| c.skill_set(Vec::<String>::new()).expect("empty"));
        let skill = case.get("skill").and_then(Value::as_str).unwrap_or("");
        let got: Value = match case["query"].as_str().expect("query") {
            "ancestors" => serde_json::json!(c.ancestors(skill).expect("ok")),
            "descendants" => serde_json::json!(c.descendants(skill).expect("ok")),
            "depth" => serde_json::json!(c.depth(skill).expect("ok")),
            "frontier" => serde_json::json!(c.frontier(&known)),
            "inner_fringe" => serde_json::json!(c.inner_fringe(&known)),
            "path_to" => serde_json::json!(c.path_to(strings(&case["goals"]), &known).expect("ok")),
            "gaps" => serde_json::json!(c.gaps(skill, &known).expect("ok")),
            other => panic!("unknown query {other}"),
        };
        assert_eq!(got, case["expected"], "case {case}");
    }
}

#[test]
fn every_problem_in_a_document_is_reported_in_order() {
    let fixture: Value = serde_json::from_str(&repo_file("tests/fixtures/curriculum_invalid.json"))
        .expect("fixture parses");
    let err = Curriculum::from_json(&fixture["document"].to_string()).expect_err("invalid");
    assert_eq!(err.code(), "invalid_curriculum");
    let got: Vec<(String, String)> = err
        .problems()
        .iter()
        .map(|p| (p.code().to_string(), p.to_string()))
        .collect();
    let expected: Vec<(String, String)> = fixture["expected"]
        .as_array()
        .expect("expected")
        .iter()
        .map(|e| {
            (
                e["code"].as_str().expect("code").to_string(),
                e["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn cyclic_prerequisites_return_error_not_panic() {
    let err = Curriculum::builder()
        .skill(Skill::new("a", "A").with_prerequisites(["b"]))
        .skill(Skill::new("b", "B").with_prerequisites(["a"]))
        .build()
        .expect_err("cycle");
    assert_eq!(
        err,
        Error::Cycle {
            path: vec!["a".into(), "b".into(), "a".into()]
        }
    );
}

#[test]
fn unknown_format_version_is_rejected() {
    let err = Curriculum::from_json(r#"{"format_version": 9, "skills": []}"#).expect_err("bad");
    assert_eq!(err.code(), "unsupported_format_version");
    let err = Curriculum::from_json(r#"{"skills": []}"#).expect_err("missing version");
    assert_eq!(err.code(), "parse_error");
    assert!(err.to_string().contains("format_version"), "{err}");
}

#[test]
fn malformed_prerequisite_entry_is_a_parse_error() {
    let err = Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a", "prerequisites": [{"weight": 2}]}]}"#,
    )
    .expect_err("no skill field");
    assert_eq!(err.code(), "parse_error");
    assert!(err.to_string().contains("skill"), "{err}");
}

#[test]
fn json_round_trip_is_identity() {
    let c = prealgebra();
    let again = Curriculum::from_json(&c.to_json()).expect("valid");
    assert_eq!(c, again);
    assert_eq!(c.to_json(), again.to_json());
    let pretty = Curriculum::from_json(&c.to_json_pretty()).expect("valid");
    assert_eq!(c, pretty);
}

#[test]
fn toml_round_trip_is_identity() {
    let c = Curriculum::builder()
        .name("weighted")
        .skill(Skill::new("a", "A"))
        .skill(Skill::new("b", "B").with_prerequisites(["a"]))
        .skill(Skill {
            prerequisites: vec![masterykit::Prerequisite {
                skill: "a".into(),
                weight: 0.5,
            }],
            ..Skill::new("c", "C")
        })
        .unit(Unit::new("u", "U", ["a", "b", "c"]))
        .build()
        .expect("valid");
    let toml = c.to_toml().expect("serializes");
    assert_eq!(Curriculum::from_toml(&toml).expect("parses"), c);
    let sample = prealgebra();
    let sample_toml = sample.to_toml().expect("serializes");
    assert_eq!(Curriculum::from_toml(&sample_toml).expect("parses"), sample);
}

#[test]
fn weighted_prerequisites_keep_their_weights() {
    let c = Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b"},
            {"id": "c", "prerequisites": ["a", {"skill": "b", "weight": 0.25}]}]}"#,
    )
    .expect("valid");
    assert_eq!(
        c.weighted_prerequisites("c").expect("known"),
        vec![("a", 1.0), ("b", 0.25)]
    );
    // The canonical form writes weight-1 edges as bare ids.
    assert!(
        c.to_json()
            .contains(r#""prerequisites":["a",{"skill":"b","weight":0.25}]"#)
    );
}

#[test]
fn reader_and_string_parsing_agree() {
    let text = repo_file("examples/prealgebra.json");
    let from_reader = Curriculum::from_json_reader(text.as_bytes()).expect("valid");
    assert_eq!(from_reader, prealgebra());
}

#[test]
fn queries_name_unknown_ids() {
    let c = prealgebra();
    let err = c.skill_set(["place-value", "nope"]).expect_err("unknown");
    assert_eq!(err.to_string(), "unknown skill `nope` in the known skills");
    let known = c.skill_set(["place-value"]).expect("known");
    let err = c.path_to(["zzz"], &known).expect_err("unknown goal");
    assert_eq!(err.to_string(), "unknown skill `zzz` in the goal skills");
    assert_eq!(
        c.ancestors("x").expect_err("unknown").code(),
        "unknown_skill"
    );
    assert_eq!(
        c.gaps("x", &known).expect_err("unknown").code(),
        "unknown_skill"
    );
}

#[test]
fn ties_follow_course_order_not_document_order() {
    // Document order a, b, c; the course lists c's unit first.
    let c = Curriculum::from_json(
        r#"{"format_version": 1,
            "skills": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
            "units": [{"id": "u1", "skills": ["a", "b"]}, {"id": "u2", "skills": ["c"]}],
            "courses": [{"id": "k", "units": ["u2", "u1"]}]}"#,
    )
    .expect("valid");
    assert_eq!(c.learnable_order(), ["c", "a", "b"]);
    assert_eq!(c.orphans(), Vec::<&str>::new());
}

#[test]
fn lint_finds_redundant_edges_and_orphans() {
    let c = Curriculum::from_json(
        r#"{"format_version": 1,
            "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]},
                       {"id": "c", "prerequisites": ["b", "a"]}, {"id": "lonely"}],
            "units": [{"id": "u", "skills": ["a", "b", "c"]}]}"#,
    )
    .expect("valid");
    let lint = c.lint();
    assert_eq!(lint.redundant_edges.len(), 1);
    assert_eq!(
        (lint.redundant_edges[0].from, lint.redundant_edges[0].to),
        ("a", "c")
    );
    assert_eq!(lint.orphans, ["lonely"]);
}

#[test]
fn builder_reports_prerequisite_on_missing_skill() {
    let err = Curriculum::builder()
        .skill(Skill::new("a", "A"))
        .prerequisite("a", "b")
        .build();
    // `b` is created by the edge, so the edge is valid; an unknown prerequisite is not.
    assert!(err.is_ok());
    let err = Curriculum::builder()
        .skill(Skill::new("b", "B"))
        .prerequisite("ghost", "b")
        .build()
        .expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "unknown skill `ghost` in prerequisites of `b`"
    );
}

#[test]
fn readme_format_example_is_valid() {
    let full = repo_file("README.md");
    let readme = &full[full.find("## Curriculum format").expect("section")..];
    let start = readme.find("```json\n").expect("a JSON block") + "```json\n".len();
    let end = start + readme[start..].find("```").expect("closed");
    let c = Curriculum::from_json(&readme[start..end]).expect("the README example is valid");
    assert_eq!(
        c.learnable_order(),
        ["place-value", "add-whole", "mul-whole"]
    );
    // The weight-0.5 edge from place-value is implied by place-value -> add-whole -> mul-whole.
    assert_eq!(c.redundant_edges().len(), 1);
}
