//! Interchange standards: the shared fixture (`tests/fixtures/interop/`) read from CASE,
//! xAPI and Caliper, replayed into one store, and bad input for each format. Python, JS and
//! the CLI check the same expected file. `MASTERYKIT_BLESS=1` rewrites it.

use masterykit::{
    Assessment, CaseIds, CaseImportOptions, Curriculum, EvidenceMapping, LearnerStore, Policy,
    assessments_from_caliper, assessments_from_xapi, curriculum_from_case, curriculum_to_case,
};
use serde_json::{Value, json};

const CASE: &str = include_str!("../../tests/fixtures/interop/case_package.json");
const XAPI: &str = include_str!("../../tests/fixtures/interop/xapi_statements.json");
const MAPPING: &str = include_str!("../../tests/fixtures/interop/xapi_mapping.json");
const CALIPER: &str = include_str!("../../tests/fixtures/interop/caliper_envelope.json");
const EXPECTED_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/interop/expected.json"
);

fn by_code() -> CaseImportOptions {
    CaseImportOptions {
        ids: CaseIds::HumanCodingScheme,
        ..CaseImportOptions::default()
    }
}

fn events_json(list: &[Assessment]) -> Value {
    serde_json::to_value(list).expect("assessments serialize")
}

/// Everything the fixture's expected file holds, computed now.
fn computed() -> Value {
    let case = curriculum_from_case(CASE, &by_code()).expect("CASE fixture reads");
    let mapping = EvidenceMapping::from_json(MAPPING).expect("mapping reads");
    let xapi = assessments_from_xapi(XAPI, &mapping).expect("xAPI fixture reads");
    let caliper = assessments_from_caliper(CALIPER, &EvidenceMapping::default())
        .expect("Caliper fixture reads");
    let mut store = LearnerStore::new(case.curriculum.clone(), Policy::khan()).expect("store");
    let mut all: Vec<Assessment> = xapi.assessments.clone();
    all.extend(caliper.assessments.iter().cloned());
    all.sort_by_key(|a| a.timestamp);
    for a in &all {
        store.apply(a).expect("fixture evidence applies");
    }
    let mut levels = serde_json::Map::new();
    for learner in store.learners().iter() {
        let view = store.learner(learner).expect("learner");
        let mut row = serde_json::Map::new();
        for state in view.skills() {
            if state.level_index > 0 || state.responses > 0 {
                row.insert(state.skill.to_string(), json!(state.level));
            }
        }
        levels.insert(learner.to_string(), Value::Object(row));
    }
    json!({
        "case": {
            "options": {"ids": "human_coding_scheme"},
            "summary": case.summary,
            "curriculum": serde_json::from_str::<Value>(&case.curriculum.to_json()).expect("json"),
        },
        "xapi": {"summary": xapi.summary, "assessments": events_json(&xapi.assessments)},
        "caliper": {"summary": caliper.summary, "assessments": events_json(&caliper.assessments)},
        "levels": levels,
    })
}

#[test]
fn the_fixture_gives_the_expected_curriculum_evidence_and_levels() {
    let got = computed();
    if std::env::var_os("MASTERYKIT_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("json") + "\n";
        std::fs::write(EXPECTED_PATH, text).expect("write expected");
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(EXPECTED_PATH).expect("expected file"))
            .expect("expected json");
    for key in ["case", "xapi", "caliper", "levels"] {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

#[test]
fn bad_input_gets_the_typed_error_the_fixture_names() {
    let cases: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/interop/bad_input.json"))
            .expect("fixture");
    for case in cases.as_array().expect("a list") {
        let input = case["input"].as_str().expect("input");
        let mapping = EvidenceMapping::default();
        let err = match case["standard"].as_str().expect("standard") {
            "xapi" => assessments_from_xapi(input, &mapping).map(|_| ()),
            "caliper" => assessments_from_caliper(input, &mapping).map(|_| ()),
            "case" => curriculum_from_case(input, &CaseImportOptions::default()).map(|_| ()),
            other => panic!("standard {other}"),
        }
        .expect_err(input);
        let codes: Vec<&str> = err.problems().iter().map(|p| p.code()).collect();
        let want = case["code"].as_str().expect("code");
        assert!(codes.contains(&want), "{want} not in {codes:?}: {err}");
        let contains = case["contains"].as_str().expect("contains");
        assert!(
            err.to_string().contains(contains),
            "{contains:?} not in {err}"
        );
    }
}

#[test]
fn case_ids_are_identifiers_by_default_with_codes_kept() {
    let read = curriculum_from_case(CASE, &CaseImportOptions::default()).expect("reads");
    let c = &read.curriculum;
    assert_eq!(c.len(), 20);
    let skill = c
        .skills()
        .iter()
        .find(|s| s.external_code.as_deref() == Some("4.NF.B.4"))
        .expect("4.NF.B.4");
    assert_eq!(skill.id.len(), 36, "a UUID");
    assert_eq!(skill.tags, ["fractions", "multiplication"]);
    assert_eq!(
        skill.description.as_deref(),
        Some("Includes word problems.")
    );
    assert_eq!(
        c.as_doc().name.as_deref(),
        Some("Mathematics Grade 4 (sample)")
    );
}

#[test]
fn case_groupings_follow_the_depths_asked() {
    let read = curriculum_from_case(
        CASE,
        &CaseImportOptions {
            unit_depth: Some(2),
            ..by_code()
        },
    )
    .expect("reads");
    let units: Vec<(&str, Vec<&str>)> = read
        .curriculum
        .units()
        .iter()
        .map(|u| (u.id.as_str(), u.skills.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(units.len(), 7, "{units:?}");
    assert_eq!(
        units[5],
        (
            "4.NF.B",
            vec![
                "4.NF.B.3.a",
                "4.NF.B.3.b",
                "4.NF.B.3.c",
                "4.NF.B.3.d",
                "4.NF.B.4"
            ]
        )
    );
    let standards = curriculum_from_case(
        CASE,
        &CaseImportOptions {
            skill_types: vec!["Standard".into()],
            ..by_code()
        },
    )
    .expect("reads");
    assert_eq!(standards.curriculum.len(), 17);
    assert!(standards.curriculum.skill("4.NF.B.3").is_some());
    // Prerequisites between the components, which are not skills now, are not kept.
    assert_eq!(
        standards.summary.ignored_associations["precedes (groupings)"],
        6
    );
}

#[test]
fn curricula_round_trip_through_case() {
    let from_case = curriculum_from_case(CASE, &CaseImportOptions::default())
        .expect("reads")
        .curriculum;
    let package = curriculum_to_case(&from_case, &masterykit::CaseExportOptions::default());
    let again = curriculum_from_case(&package, &CaseImportOptions::default()).expect("reads back");
    assert_eq!(again.curriculum.as_doc(), from_case.as_doc());

    let native = Curriculum::from_json(
        r#"{"format_version": 1, "name": "Arithmetic", "skills": [
            {"id": "count", "name": "Counting", "tags": ["early"]},
            {"id": "add", "name": "Addition", "prerequisites": ["count"], "description": "Sums."},
            {"id": "sub", "name": "Subtraction", "prerequisites": ["count"]},
            {"id": "mul", "name": "Multiplication", "prerequisites": ["add"]},
            {"id": "loose"}],
          "units": [{"id": "u1", "name": "First", "skills": ["count", "add"]},
                    {"id": "u2", "name": "Second", "skills": ["sub", "mul"]}],
          "courses": [{"id": "c", "name": "Course", "units": ["u2", "u1"]}]}"#,
    )
    .expect("native");
    let package = curriculum_to_case(&native, &masterykit::CaseExportOptions::default());
    let again = curriculum_from_case(
        &package,
        &CaseImportOptions {
            skill_types: vec!["Skill".into()],
            ..by_code()
        },
    )
    .expect("reads back");
    let mut want = native.as_doc().clone();
    // An unnamed skill is written with its id as the statement.
    want.skills[4].name = "loose".into();
    assert_eq!(again.curriculum.as_doc(), &want);
    assert_eq!(
        package,
        curriculum_to_case(&native, &masterykit::CaseExportOptions::default()),
        "deterministic"
    );
}

fn replayed(assessments: &[Assessment]) -> LearnerStore {
    let case = curriculum_from_case(CASE, &by_code()).expect("reads");
    let mut store = LearnerStore::new(case.curriculum, Policy::khan()).expect("store");
    for a in assessments {
        store.apply(a).expect("applies");
    }
    store
}

fn snapshot(store: &LearnerStore) -> String {
    store.to_snapshot_json()
}

#[test]
fn a_resent_or_reordered_batch_changes_nothing() {
    let mapping = EvidenceMapping::from_json(MAPPING).expect("mapping");
    let first = assessments_from_xapi(XAPI, &mapping)
        .expect("reads")
        .assessments;
    let mut store = replayed(&first);
    let before = snapshot(&store);
    for a in &first {
        assert!(store.apply(a).expect("applies").duplicate, "{a:?}");
    }
    assert_eq!(snapshot(&store), before);

    let mut batch: Value = serde_json::from_str(XAPI).expect("json");
    batch["statements"]
        .as_array_mut()
        .expect("statements")
        .reverse();
    let reversed = assessments_from_xapi(&batch.to_string(), &mapping).expect("reads");
    assert_eq!(reversed.assessments, first);
}

#[test]
fn statements_arrive_in_every_shape_an_lrs_or_a_file_gives() {
    let mapping = EvidenceMapping::from_json(MAPPING).expect("mapping");
    let want = assessments_from_xapi(XAPI, &mapping).expect("reads");
    let batch: Value = serde_json::from_str(XAPI).expect("json");
    let statements = batch["statements"].as_array().expect("statements");
    let array = Value::Array(statements.clone()).to_string();
    let lines: String = statements.iter().map(|s| s.to_string() + "\n").collect();
    let halves = format!(
        "{}\n{}\n",
        json!({"statements": statements[..10], "more": "/xapi/statements?more=1"}),
        json!({"statements": statements[10..], "more": ""})
    );
    for text in [array, lines, halves] {
        assert_eq!(assessments_from_xapi(&text, &mapping).expect("reads"), want);
    }
}

#[test]
fn sittings_group_as_asked() {
    let mut mapping = EvidenceMapping::from_json(MAPPING).expect("mapping");
    mapping.sittings = masterykit::Sittings::Record;
    let each = assessments_from_xapi(XAPI, &mapping).expect("reads");
    assert_eq!(each.assessments.len(), each.summary.responses);
    assert!(
        each.assessments
            .iter()
            .all(|a| a.responses.len() == 1 && a.event_id.is_some())
    );
    mapping.sittings = masterykit::Sittings::Gap;
    mapping.gap_seconds = 120.0;
    let gaps = assessments_from_xapi(XAPI, &mapping).expect("reads");
    let sizes: Vec<usize> = gaps.assessments.iter().map(|a| a.responses.len()).collect();
    // Ana's two practice runs are 17 minutes apart; Ben's three answers a minute apart.
    assert_eq!(sizes, [5, 4, 4, 3, 1]);
}

#[test]
fn transitions_go_out_as_xapi_statements() {
    let mapping = EvidenceMapping::from_json(MAPPING).expect("mapping");
    let store = replayed(
        &assessments_from_xapi(XAPI, &mapping)
            .expect("reads")
            .assessments,
    );
    let transitions = store.transitions();
    let text = masterykit::transitions_to_xapi(&store, &transitions, &Default::default());
    let statements: Vec<Value> = serde_json::from_str(&text).expect("json array");
    assert_eq!(statements.len(), transitions.len());
    for (s, t) in statements.iter().zip(&transitions) {
        let verb = s["verb"]["id"].as_str().expect("verb");
        let want = if t.to == "mastered" {
            "mastered"
        } else {
            "progressed"
        };
        assert_eq!(verb, format!("{}{want}", masterykit::ADL_VERBS));
        assert_eq!(
            s["result"]["extensions"]["urn:masterykit:level"],
            json!(t.to)
        );
        assert!(s["object"]["id"].as_str().expect("id").ends_with(&t.skill));
    }
    assert!(
        statements
            .iter()
            .any(|s| s["actor"]["mbox"] == "mailto:ana@example.org")
    );
    assert!(
        statements
            .iter()
            .any(|s| s["actor"]["account"]["name"] == "u42")
    );
    // They read back as xAPI (progressed is not evidence; mastered needs its skills).
    let back = EvidenceMapping {
        unmapped_items: masterykit::Unplaced::Skip,
        ..EvidenceMapping::default()
    };
    let read = assessments_from_xapi(&text, &back).expect("reads back");
    assert_eq!(read.summary.records, statements.len());
}

/// A batch over a megabyte is read in chunks cut at guessed places; strings and nested arrays
/// holding `},{` must not fool the cuts: the result equals reading the same statements as
/// JSON Lines, one by one.
#[test]
fn large_batches_read_in_chunks_equal_the_statements_read_one_by_one() {
    let mapping = EvidenceMapping::default();
    let mut statements = Vec::new();
    for i in 0..6_000 {
        let mut st = json!({
            "id": format!("00000000-0000-4000-8000-{i:012}"),
            "actor": {"account": {"homePage": "https://lms.example", "name": format!("u{}", i % 97)}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
            "object": {"id": format!("https://app.example/items/q{}", i % 13),
                       "definition": {"extensions": {"urn:masterykit:skills": format!("s{}", i % 7)}}},
            "result": {"success": i % 3 != 0},
            "context": {"registration": format!("r{}", i / 5)},
            "timestamp": format!("2026-02-01T{:02}:{:02}:{:02}Z", i / 3600 % 24, i / 60 % 60, i % 60),
        });
        // Some statements hold `},{` in a string or in nested arrays of objects.
        if i % 10 == 0 {
            st["result"]["response"] = json!("a tricky },{\"answer\": [1]}, {");
        }
        if i % 10 == 1 {
            st["context"]["contextActivities"] =
                json!({"grouping": [{"id": "https://x.example/a"}, {"id": "https://x.example/b"}]});
        }
        statements.push(st);
    }
    let array = serde_json::Value::Array(statements.clone()).to_string();
    // Statements first, as LRSs write a batch.
    let batch = format!("{{\"statements\": {array}, \"more\": \"/xapi/statements?more=2\"}}");
    assert!(batch.len() > 2 << 20, "big enough to be cut");
    let lines: String = statements.iter().map(|s| s.to_string() + "\n").collect();
    let one_by_one = assessments_from_xapi(&lines, &mapping).expect("reads");
    assert_eq!(one_by_one.summary.responses, 6_000);
    assert_eq!(
        assessments_from_xapi(&batch, &mapping).expect("reads"),
        one_by_one
    );
    assert_eq!(
        assessments_from_xapi(&array, &mapping).expect("reads"),
        one_by_one
    );
    // An error anywhere is named as the general reader names it.
    let bad = batch.replacen("\"success\":false", "\"success\":\"no\"", 1);
    let err = assessments_from_xapi(&bad, &mapping).expect_err("a bad statement");
    assert_eq!(err.code(), "invalid_statement");
    assert!(err.to_string().contains("result.success"), "{err}");
    let cut = &batch[..batch.len() - 40];
    assert_eq!(
        assessments_from_xapi(cut, &mapping)
            .expect_err("cut short")
            .code(),
        "parse_error"
    );
}
