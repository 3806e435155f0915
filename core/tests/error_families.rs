//! Error families follow where the problem is: anything wrong with evidence, in any form,
//! is an evidence error, whatever its code.

use masterykit::{
    Curriculum, ErrorFamily, LearnerStore, Policy, assessment_from_value, assessments_from_value,
    parse_assessment,
};
use serde_json::json;

mod support;
use support::{practice, prealgebra};

fn store() -> LearnerStore {
    LearnerStore::new(prealgebra(), Policy::khan()).expect("store")
}

#[test]
fn an_unknown_skill_in_evidence_is_an_evidence_error_in_every_form() {
    let bad = practice("ana", "nope", &[true], "2026-09-01");
    let alone = store().apply(&bad).expect_err("unknown skill");
    let text = masterykit::to_jsonl(std::slice::from_ref(&bad));
    let logged = store().replay_jsonl(&text).expect_err("unknown skill");
    let listed = store()
        .compile(std::slice::from_ref(&bad))
        .expect_err("unknown skill");
    for e in [alone, logged, listed] {
        assert_eq!(
            (e.code(), e.family()),
            ("unknown_skill", ErrorFamily::Evidence),
            "{e}"
        );
        assert!(e.to_string().contains("unknown skill `nope`"), "{e}");
    }
    // The same code in a curriculum is a curriculum error.
    let doc = r#"{"format_version": 1, "skills": [{"id": "a", "prerequisites": ["nope"]}]}"#;
    let e = Curriculum::from_json(doc).expect_err("unknown prerequisite");
    assert_eq!(
        (e.code(), e.family()),
        ("unknown_skill", ErrorFamily::Curriculum)
    );
}

#[test]
fn malformed_evidence_is_an_evidence_error_naming_the_field() {
    let e = store()
        .replay_jsonl("{\"learner\": \"ana\"}\n")
        .expect_err("no context");
    assert_eq!(
        (e.code(), e.family()),
        ("parse_error", ErrorFamily::Evidence)
    );
    assert!(e.to_string().starts_with("line 1: "), "{e}");

    let good = json!({"learner": "ana", "context": "practice", "timestamp": "2026-09-01",
                      "responses": [{"item": "q1", "skills": ["add-whole"], "correct": true}]});
    assert!(assessment_from_value(good.clone()).is_ok());
    let mut typo = good.clone();
    typo["responses"][0]["scor"] = json!(1);
    let e = assessment_from_value(typo.clone()).expect_err("unknown field");
    assert_eq!(
        (e.code(), e.family()),
        ("parse_error", ErrorFamily::Evidence)
    );
    assert!(
        e.to_string()
            .contains("assessment.responses[0].scor: unknown field `scor`"),
        "{e}"
    );
    let from_text = parse_assessment(&typo.to_string()).expect_err("unknown field");
    assert_eq!(
        from_text, e,
        "the same error from text, without a text position"
    );
    // In a list, from a value or from text: the assessment is named, from 1.
    let list = json!([good, typo]);
    let from_value = assessments_from_value(list.clone()).expect_err("unknown field");
    let mut store = store();
    let from_text = store
        .replay_json_array(&list.to_string())
        .expect_err("unknown field");
    assert_eq!(from_value, from_text);
    assert_eq!(from_text.family(), ErrorFamily::Evidence);
    assert!(
        from_text
            .to_string()
            .starts_with("line 2: cannot parse json: assessment.responses[0].scor: unknown field"),
        "{from_text}"
    );
    assert!(!from_text.to_string().contains("column"), "{from_text}");
    assert!(store.learners().is_empty(), "nothing applied");
    for bad in ["[] x", "{}", "[1]", "["] {
        let e = store.replay_json_array(bad).expect_err(bad);
        assert_eq!(
            (e.code(), e.family()),
            ("parse_error", ErrorFamily::Evidence),
            "{bad}"
        );
    }
    assert_eq!(store.replay_json_array(" [ ] ").expect("an empty array"), 0);
}

#[test]
fn a_snapshot_that_does_not_parse_or_fit_is_an_evidence_error() {
    for text in [
        "{",
        r#"{"format_version": 9, "policy": "khan-2025", "learners": []}"#,
        r#"{"format_version": 2, "policy": "khan-2025", "learners": [{"id": "ana",
            "skills": {"nope": {"level": "familiar", "responses": 1, "score_sum": 1}}}]}"#,
    ] {
        let e = LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), text)
            .expect_err("rejected");
        assert_eq!(e.family(), ErrorFamily::Evidence, "{e}");
    }
}

#[test]
fn a_json_array_replays_like_the_same_log() {
    let text = support::repo_file("examples/events.jsonl");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let array = format!("[{}]", lines.join(","));
    let mut from_array = store();
    let mut from_log = store();
    assert_eq!(
        from_array.replay_json_array(&array).expect("replays"),
        from_log.replay_jsonl(&text).expect("replays")
    );
    assert_eq!(from_array, from_log);
    // An unknown skill in the third assessment: named as in `compile`, nothing applied.
    let bad = practice("ana", "nope", &[true], "2026-09-01");
    let third = format!(
        "[{},{},{}]",
        lines[0],
        lines[1],
        masterykit::to_jsonl(std::slice::from_ref(&bad)).trim()
    );
    let mut fresh = store();
    let e = fresh.replay_json_array(&third).expect_err("unknown skill");
    assert!(
        e.to_string().starts_with("line 3: unknown skill `nope`"),
        "{e}"
    );
    assert_eq!(e.family(), ErrorFamily::Evidence);
    assert!(fresh.learners().is_empty());
}
