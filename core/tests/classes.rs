//! Classes, goals given to groups, assignments, the events evidence raises, and the
//! reports on classes: the golden cases of tests/fixtures/classes.json (also run by the
//! Python and JavaScript tests), snapshots, replays and bad input.

use masterykit::{
    Assessment, Assignment, AssignmentStatus, Class, ClassGoal, Curriculum, EventKind,
    LearnerStore, NextStepRules, Policy, Response, RosterChange, RosterDoc, Scope,
    assessment_from_value, class_goals, class_mastery, class_skills, progress_over_time, scores,
    struggling,
};
use serde_json::{Value, json};

mod support;
use support::{at, prealgebra, repo_file};

fn fixture() -> Value {
    serde_json::from_str(&repo_file("tests/fixtures/classes.json")).expect("fixture")
}

/// The store after the fixture's roster and log, and the events of each log line.
fn play(f: &Value) -> (LearnerStore, Vec<Value>) {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let doc: RosterDoc = serde_json::from_value(f["roster"].clone()).expect("roster");
    store.set_roster(&doc).expect("roster fits");
    let mut events = Vec::new();
    for line in f["log"].as_array().expect("log") {
        if let Some(change) = line.get("roster") {
            let change: RosterChange = serde_json::from_value(change.clone()).expect("change");
            store.change_roster(&change).expect("change applies");
            events.push(json!([]));
            continue;
        }
        let a = assessment_from_value(line.clone()).expect("assessment");
        let applied = store.apply(&a).expect("applies");
        events.push(serde_json::to_value(&applied.events).expect("json"));
    }
    (store, events)
}

/// What the fixture's `expected` holds, computed.
fn actual(store: &LearnerStore, events: Vec<Value>, now: &str) -> Value {
    let now = at(now);
    let rules = NextStepRules::khan();
    json!({
        "events": events,
        "scores": scores(store, "5a", now).expect("scores"),
        "class_goals": class_goals(store, "5a", now).expect("goals").iter().map(|g| json!({
            "goal": g.goal, "counts": g.counts, "behind": g.behind,
            "learners": g.learners.iter().map(|l| json!([l.learner, l.progress.status])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "struggling": struggling(store, "sub-whole", Some("5a"), &rules).expect("struggling"),
        "skills": class_skills(store, "5a", &rules).expect("skills").skills.iter()
            .filter(|s| s.counts[0] < 4).map(|s| json!([s.skill, s.counts, s.struggling])).collect::<Vec<_>>(),
        "mastery": class_mastery(store, "5a").expect("mastery").learners.iter()
            .map(|r| json!([r.learner, r.skills_at_target, r.last_active])).collect::<Vec<_>>(),
    })
}

#[test]
fn the_golden_cases_hold() {
    let f = fixture();
    let (store, events) = play(&f);
    let got = actual(&store, events, f["now"].as_str().expect("now"));
    if std::env::var_os("MASTERYKIT_PRINT_FIXTURE").is_some() {
        println!("{}", serde_json::to_string_pretty(&got).expect("json"));
    }
    let want = &f["expected"];
    for key in [
        "events",
        "scores",
        "class_goals",
        "struggling",
        "skills",
        "mastery",
    ] {
        assert_eq!(got[key], want[key], "{key}");
    }
}

#[test]
fn bad_changes_are_typed_errors_and_change_nothing() {
    let f = fixture();
    let (mut store, _) = play(&f);
    let before = store.to_snapshot_json();
    for case in f["errors"].as_array().expect("errors") {
        let name = case["name"].as_str().expect("name");
        let change: RosterChange = serde_json::from_value(case["change"].clone()).expect(name);
        let err = store.change_roster(&change).expect_err(name);
        assert_eq!(
            err.code(),
            case["code"].as_str().expect("code"),
            "{name}: {err}"
        );
        assert_eq!(store.to_snapshot_json(), before, "{name} changed the store");
    }
}

#[test]
fn a_snapshot_keeps_the_roster_and_the_work_and_old_snapshots_still_load() {
    let f = fixture();
    let (store, _) = play(&f);
    let text = store.to_snapshot_json();
    let back =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &text).expect("loads");
    assert!(back == store);
    assert_eq!(back.to_snapshot_json(), text);
    let now = at("2026-09-07");
    assert_eq!(
        serde_json::to_value(scores(&back, "5a", now).expect("scores")).expect("json"),
        f["expected"]["scores"]
    );
    // A format 2 snapshot (no roster) still loads.
    let mut v: Value = serde_json::from_str(&text).expect("json");
    v["format_version"] = json!(2);
    v.as_object_mut().expect("object").remove("roster");
    v.as_object_mut().expect("object").remove("assignment_work");
    let old = LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &v.to_string())
        .expect("format 2 loads");
    assert!(old.roster().is_empty());
    assert_eq!(old.learners().len(), store.learners().len());
}

#[test]
fn a_log_with_roster_changes_replays_to_the_same_state() {
    let f = fixture();
    let (store, _) = play(&f);
    let mut replayed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let doc: RosterDoc = serde_json::from_value(f["roster"].clone()).expect("roster");
    replayed.set_roster(&doc).expect("roster");
    let log: String = f["log"]
        .as_array()
        .expect("log")
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    replayed.replay_jsonl(&log).expect("replays");
    assert!(replayed == store);
    // A bad roster line fails naming its line, before anything is applied.
    let bad = format!(
        "{log}{{\"roster\": {{\"op\": \"enrol\", \"class\": \"nope\", \"learners\": [\"x\"]}}}}\n"
    );
    let mut fresh = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    fresh.set_roster(&doc).expect("roster");
    let before = fresh.to_snapshot_json();
    let err = fresh.replay_jsonl(&bad).expect_err("unknown class");
    assert_eq!(err.code(), "unknown_class");
    assert!(err.to_string().contains("line 9"), "{err}");
    assert_eq!(fresh.to_snapshot_json(), before);
}

#[test]
fn change_roster_returns_log_lines_that_rebuild_the_store() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let mut log = String::new();
    let changes = [
        RosterChange::AddClass {
            class: Class::new("7a", "Class 7A", ["ana", "ben"]),
        },
        RosterChange::AddGoal {
            goal: ClassGoal::for_class(
                "g",
                "unit:whole-numbers".parse::<Scope>().expect("scope"),
                "7a",
            ),
        },
        RosterChange::AddAssignment {
            assignment: Assignment::practice("p", ["add-whole"], "7a"),
        },
    ];
    for c in &changes {
        log.push_str(&store.change_roster(c).expect("applies"));
        log.push('\n');
    }
    let a = support::practice("ben", "add-whole", &[true, true], "2026-09-02");
    let applied = store.apply(&a).expect("applies");
    assert_eq!(applied.events.len(), 1);
    assert_eq!(applied.events[0].kind, EventKind::AssignmentCompleted);
    log.push_str(applied.record.as_deref().expect("record"));
    let restored = LearnerStore::restore(
        prealgebra(),
        Policy::khan(),
        &LearnerStore::new(prealgebra(), Policy::khan())
            .expect("store")
            .to_snapshot_json(),
        &log,
    )
    .expect("restores");
    assert!(restored == store);
    assert_eq!(
        restored
            .assignment_work("p", "ben")
            .expect("work")
            .status(None, at("2026-09-03")),
        AssignmentStatus::Completed
    );
}

#[test]
fn reaching_the_top_level_on_a_whole_unit_and_course_raises_their_events() {
    let c = Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b"}],
            "units": [{"id": "u", "skills": ["a", "b"]}],
            "courses": [{"id": "k", "units": ["u"]}]}"#,
    )
    .expect("curriculum");
    let mut store = LearnerStore::new(c, Policy::khan()).expect("store");
    let test = |t: &str| {
        Assessment::new("ana", "unit_test", at(t))
            .with(Response::answer("1", "a", true))
            .with(Response::answer("2", "b", true))
    };
    // A unit test moves each skill one level up: familiar, proficient, then mastered.
    for day in ["2026-09-01", "2026-09-02"] {
        let applied = store.apply(&test(day)).expect("applies");
        assert!(applied.events.is_empty(), "{:?}", applied.events);
    }
    let second = store.apply(&test("2026-09-03")).expect("applies");
    let kinds: Vec<_> = second
        .events
        .iter()
        .map(|e| (e.kind, e.id.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (EventKind::SkillMastered, "a"),
            (EventKind::SkillMastered, "b"),
            (EventKind::UnitMastered, "u"),
            (EventKind::CourseMastered, "k"),
        ]
    );
    assert!(
        store
            .apply(&test("2026-09-03"))
            .expect("applies")
            .events
            .is_empty()
    );
}

#[test]
fn correctives_go_to_the_learners_struggling_and_progress_has_a_point_per_period() {
    let f = fixture();
    let (mut store, _) = play(&f);
    let rules = NextStepRules::khan();
    let (a, _) = store
        .assign_correctives(
            "fix-sub",
            "sub-whole",
            Some("5a"),
            &rules,
            None,
            Some(at("2026-09-20")),
        )
        .expect("assigns")
        .expect("someone struggles");
    assert_eq!(a.learners, ["ben", "eli"]);
    let rows = scores(&store, "5a", at("2026-09-07")).expect("scores");
    let fix: Vec<_> = rows
        .iter()
        .filter(|r| r.assignment == "fix-sub")
        .map(|r| r.learner.as_str())
        .collect();
    assert_eq!(fix, ["ben", "eli"]);
    assert!(
        store
            .assign_correctives("none", "place-value", Some("5a"), &rules, None, None)
            .expect("query")
            .is_none()
    );
    let scope: Scope = "skills:add-whole,sub-whole".parse().expect("scope");
    let points = progress_over_time(
        &store,
        &["ana"],
        &scope,
        at("2026-09-01"),
        at("2026-09-08"),
        1,
    )
    .expect("progress");
    let percent: Vec<f64> = points.iter().map(|p| p.mastery_percent).collect();
    assert_eq!(percent, [0.0, 80.0, 80.0, 80.0, 100.0, 100.0, 100.0]);
    assert_eq!(
        progress_over_time(
            &store,
            &["ana"],
            &scope,
            at("2026-09-01"),
            at("2026-09-08"),
            0
        )
        .expect_err("no period")
        .code(),
        "invalid_number"
    );
    assert_eq!(
        class_goals(&store, "nope", at("2026-09-07"))
            .expect_err("unknown")
            .code(),
        "unknown_class"
    );
}

#[test]
fn malformed_changes_are_parse_errors_that_say_what_is_wrong() {
    for (text, says) in [
        (
            r#"{"op": "enrol", "class": "5a"}"#,
            "needs field `learners`",
        ),
        (
            r#"{"op": "enrol", "class": {"id": "5a"}, "learners": []}"#,
            "`class` is a class id",
        ),
        (
            r#"{"op": "remove_goal", "id": "g", "learners": []}"#,
            "takes no field `learners`",
        ),
        (r#"{"op": "rename_class", "id": "g"}"#, "unknown variant"),
        (
            r#"{"op": "add_class", "class": {"id": "x", "teacher": "y"}}"#,
            "unknown field `teacher`",
        ),
        (
            r#"{"op": "remove_goal", "id": "g", "why": 1}"#,
            "unknown field `why`",
        ),
    ] {
        let line = format!(r#"{{"roster": {text}}}"#);
        let err = RosterChange::from_json_line(&line).expect_err(text);
        assert_eq!(err.code(), "parse_error", "{text}");
        assert!(err.to_string().contains(says), "{text}: {err}");
    }
    let change = RosterChange::Enrol {
        class: "5a".into(),
        learners: vec!["x".into()],
    };
    assert_eq!(
        RosterChange::from_json_line(&change.json_line()).expect("round trip"),
        change
    );
}

#[test]
fn roster_lines_with_event_ids_are_skipped_when_seen_again() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let add = RosterChange::AddClass {
        class: Class::new("7a", "", ["ana"]),
    };
    let line = store
        .change_roster_as(&add, Some("r1"))
        .expect("applies")
        .expect("new");
    assert!(line.ends_with(r#","event_id":"r1"}"#), "{line}");
    assert_eq!(
        store.change_roster_as(&add, Some("r1")).expect("same"),
        None
    );
    let other = RosterChange::Enrol {
        class: "7a".into(),
        learners: vec!["ben".into()],
    };
    let err = store
        .change_roster_as(&other, Some("r1"))
        .expect_err("conflict");
    assert_eq!(err.code(), "event_conflict");
    // A tail that overlaps the snapshot: the roster line is skipped by its id.
    let snapshot = store.to_snapshot_json();
    let enrol = store
        .change_roster_as(&other, Some("r2"))
        .expect("applies")
        .expect("new");
    let tail = format!("{line}\n{enrol}\n{line}\n");
    let restored =
        LearnerStore::restore(prealgebra(), Policy::khan(), &snapshot, &tail).expect("restores");
    assert!(restored == store);
    assert_eq!(restored.roster().classes()[0].learners, ["ana", "ben"]);
    let bad = format!("{tail}{}\n", add.json_line_as(Some("r2")));
    let err =
        LearnerStore::restore(prealgebra(), Policy::khan(), &snapshot, &bad).expect_err("conflict");
    assert_eq!(err.code(), "event_conflict");
    assert!(err.to_string().contains("line 4"), "{err}");
}
