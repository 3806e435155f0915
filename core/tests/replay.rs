//! The mastery engine end to end: replay, snapshots, idempotency, chunked logs and errors.

use masterykit::{Assessment, LearnerStore, Policy, Response, Timestamp, parse_jsonl, to_jsonl};

mod support;
use support::{at, practice, prealgebra, repo_file};

#[test]
fn sample_event_log_replays_to_the_same_state_as_incremental_application() {
    let text = repo_file("examples/events.jsonl");
    let mut replayed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let changes = replayed.replay_jsonl(&text).expect("log is valid");
    assert!(changes > 0);
    let mut incremental = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let mut transitions = Vec::new();
    for a in parse_jsonl(&text).expect("parses") {
        transitions.extend(incremental.apply(&a).expect("valid").transitions);
    }
    assert_eq!(replayed, incremental);
    assert_eq!(replayed.transitions(), transitions);
}

#[test]
fn snapshot_restores_exactly_and_continues_identically() {
    let text = repo_file("examples/events.jsonl");
    for policy in [
        Policy::khan(),
        Policy::khan_pre_2018(),
        Policy::probability(),
    ] {
        let mut store = LearnerStore::new(prealgebra(), policy.clone()).expect("store");
        store.replay_jsonl(&text).expect("valid");
        let snap = store.to_snapshot_json();
        let restored = LearnerStore::from_snapshot_json(prealgebra(), policy.clone(), &snap)
            .expect("restores");
        assert_eq!(restored, store, "{}", policy.name());
        assert_eq!(restored.to_snapshot_json(), snap);
        // Both continue the same way.
        let next = practice(
            "ana",
            "frac-add",
            &[true, true, true],
            "2026-10-01T09:00:00Z",
        );
        let (mut a, mut b) = (store, restored);
        assert_eq!(
            a.apply(&next).expect("ok").transitions,
            b.apply(&next).expect("ok").transitions
        );
        assert_eq!(a, b);
    }
}

#[test]
fn snapshot_under_another_policy_is_rejected() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    store
        .apply(&practice(
            "ana",
            "add-whole",
            &[true],
            "2026-09-01T10:00:00Z",
        ))
        .expect("ok");
    let err = LearnerStore::from_snapshot_json(
        prealgebra(),
        Policy::khan_pre_2018(),
        &store.to_snapshot_json(),
    )
    .expect_err("mismatch");
    assert_eq!(err.code(), "snapshot_mismatch");
}

#[test]
fn duplicate_event_ids_are_no_ops() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let a = practice("ana", "add-whole", &[true, true], "2026-09-01T10:00:00Z").event("e-1");
    let first = store.apply(&a).expect("ok");
    assert!(!first.duplicate && first.transitions.len() == 1);
    let before = store.clone();
    let again = store.apply(&a).expect("ok");
    assert!(again.duplicate && again.transitions.is_empty());
    assert_eq!(store, before);
    assert_eq!(
        store
            .learner("ana")
            .expect("ana")
            .skill("add-whole")
            .expect("skill")
            .responses,
        2
    );
}

#[test]
fn a_log_stopped_by_a_rejected_assessment_keeps_only_what_came_before() {
    let when = "2026-09-01T10:00:00Z";
    let locked = Assessment::new("cy", "mastery_challenge", at(when))
        .with(Response::answer("q1", "add-whole", true))
        .with(Response::answer("q2", "add-whole", true))
        .event("e-3");
    let log = [
        practice("ana", "add-whole", &[true], when).event("e-1"),
        practice("ben", "add-whole", &[true], when).event("e-2"),
        practice("ana", "add-whole", &[true], when).event("e-1"),
        locked,
        practice("dan", "add-whole", &[true], when).event("e-4"),
    ];
    // From an empty store, and from one that already holds a learner and an event id.
    for earlier in [
        None,
        Some(practice("zoe", "sub-whole", &[true], when).event("e-0")),
    ] {
        let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        if let Some(a) = &earlier {
            store.apply(a).expect("applies");
        }
        let compiled = store.compile(&log).expect("valid");
        let err = store.apply_compiled(&compiled).expect_err("locked");
        assert_eq!(err.code(), "mastery_challenge_locked");
        assert!(err.to_string().starts_with("line 4: "), "{err}");
        let expected: Vec<&str> = earlier
            .iter()
            .map(|_| "zoe")
            .chain(["ana", "ben"])
            .collect();
        assert_eq!(store.learners().iter().collect::<Vec<_>>(), expected);
        // The repeat of e-1 inside the log was a no-op: ana answered once.
        let ana = store.learner("ana").expect("ana");
        assert_eq!(ana.skill("add-whole").expect("skill").responses, 1);
        // Event ids applied are known: another assessment under one of them is a conflict.
        for (event, seen) in [
            ("e-0", earlier.is_some()),
            ("e-1", true),
            ("e-2", true),
            ("e-3", false),
            ("e-4", false),
        ] {
            let a = practice("eve", "add-whole", &[true], when).event(event);
            let mut probe = store.clone();
            let got = probe.apply(&a).map(|x| x.duplicate).map_err(|e| e.code());
            let want = if seen {
                Err("event_conflict")
            } else {
                Ok(false)
            };
            assert_eq!(got, want, "{event}");
        }
    }
}

#[test]
fn a_learner_seen_only_in_a_conflicting_event_gets_no_row() {
    let when = "2026-09-01T10:00:00Z";
    let log = [
        practice("ana", "add-whole", &[true], when).event("e-1"),
        practice("ana", "add-whole", &[true], when).event("e-1"),
        practice("cy", "add-whole", &[true], when).event("e-2"),
        practice("ben", "add-whole", &[true], when).event("e-1"),
    ];
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let compiled = store.compile(&log).expect("valid");
    let err = store.apply_compiled(&compiled).expect_err("conflict");
    assert_eq!(err.code(), "event_conflict");
    assert!(err.to_string().starts_with("line 4: "), "{err}");
    assert_eq!(store.learners().iter().collect::<Vec<_>>(), ["ana", "cy"]);
    assert_eq!(
        (
            store.learner_index("ana"),
            store.learner_index("ben"),
            store.learner_index("cy")
        ),
        (Some(0), None, Some(1))
    );
    let mut one_by_one = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    for a in &log[..3] {
        one_by_one.apply(a).expect("applies");
    }
    let err = one_by_one.apply(&log[3]).expect_err("conflict");
    assert_eq!(err.code(), "event_conflict");
    assert_eq!(one_by_one, store);
}

/// A JSON Lines log of `n` assessments over 300 learners, with comments, blank lines and event
/// ids mixed in, some assessments re-sent: several MB, enough to be parsed in chunks.
fn big_log(n: usize) -> Vec<String> {
    let skills: Vec<String> = prealgebra().skills().iter().map(|s| s.id.clone()).collect();
    let mut lines = vec!["# generated".to_string()];
    for j in 0..n {
        // Some lines re-send an earlier assessment, as a retrying client would.
        let i = j - j % 3 * (j % 2);
        let when = Timestamp::from_secs(1_788_000_000 + i as i64);
        let mut a = Assessment::new(format!("learner-{}", (i * 7919) % 300), "practice", when)
            .event(format!("e-{i}"));
        for q in 0..5 {
            let skill = &skills[(i * 31 + q / 4) % skills.len()];
            a = a.with(Response::answer(format!("q{q}"), skill, (i + q) % 4 != 0));
        }
        lines.push(to_jsonl(&[a]).trim_end().to_string());
        if i % 1000 == 0 {
            lines.push(String::new());
        }
    }
    lines
}

#[test]
fn a_large_log_replays_in_chunks_to_the_state_of_one_pass() {
    let lines = big_log(20_000);
    let text = lines.join("\n");
    assert!(
        text.len() > 4 << 20,
        "{} bytes: too small to be split",
        text.len()
    );
    let mut chunked = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    chunked.replay_jsonl(&text).expect("replays");
    let mut one_pass = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let compiled = one_pass
        .compile(&parse_jsonl(&text).expect("parses"))
        .expect("valid");
    one_pass.apply_compiled(&compiled).expect("applies");
    assert_eq!(chunked, one_pass);
    assert_eq!(chunked.transitions(), one_pass.transitions());

    // A bad line late in the log: named by its line in the whole text, and nothing applied.
    let mut bad = lines.clone();
    let k = bad.len() - 10;
    bad[k] = bad[k].replace("\"practice\"", "\"homework\"");
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let err = store
        .replay_jsonl(&bad.join("\n"))
        .expect_err("unknown context");
    assert_eq!(err.code(), "unknown_context");
    assert!(
        err.to_string().starts_with(&format!("line {}: ", k + 1)),
        "{err}"
    );
    assert!(store.learners().is_empty());

    // A locked mastery challenge late in the log: named by its line, the lines before applied.
    let challenge = Assessment::new("newcomer", "mastery_challenge", at("2027-01-01T00:00:00Z"))
        .with(Response::answer("q1", "add-whole", true))
        .with(Response::answer("q2", "add-whole", true));
    let mut locked = lines.clone();
    locked.insert(k, to_jsonl(&[challenge]).trim_end().to_string());
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let err = store.replay_jsonl(&locked.join("\n")).expect_err("locked");
    assert_eq!(err.code(), "mastery_challenge_locked");
    assert!(
        err.to_string().starts_with(&format!("line {}: ", k + 1)),
        "{err}"
    );
    let mut before = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    before
        .replay_jsonl(&lines[..k].join("\n"))
        .expect("replays");
    assert_eq!(store, before);
}
#[test]
fn replay_errors_name_the_line_and_keep_earlier_lines() {
    let log = "# a comment\n\
        {\"learner\":\"ana\",\"context\":\"practice\",\"timestamp\":\"2026-09-01T10:00:00Z\",\"responses\":[{\"item\":\"q\",\"skills\":[\"add-whole\"],\"correct\":true}]}\n\
        \n\
        {\"learner\":\"ana\",\"context\":\"practice\",\"timestamp\":\"2026-09-01T11:00:00Z\",\"responses\":[{\"item\":\"q\",\"skills\":[\"nope\"],\"correct\":true}]}\n";
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let err = store.replay_jsonl(log).expect_err("bad line");
    assert_eq!(err.code(), "unknown_skill");
    assert!(
        err.to_string().starts_with("line 4: unknown skill `nope`"),
        "{err}"
    );
    let err = LearnerStore::new(prealgebra(), Policy::khan())
        .expect("store")
        .replay_jsonl("{not json}\n")
        .expect_err("bad json");
    assert_eq!(err.code(), "parse_error");
    assert!(err.to_string().starts_with("line 1: "), "{err}");
}

#[test]
fn nan_and_negative_scores_are_rejected_without_change() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    for bad in [f64::NAN, -0.1, f64::INFINITY] {
        let a = Assessment::new("ana", "quiz", at("2026-09-01T10:00:00Z"))
            .with(Response::answer("q1", "add-whole", true))
            .with(Response::scored("q2", "sub-whole", bad));
        let err = store.apply(&a).expect_err("invalid score");
        assert_eq!(err.code(), "invalid_score");
        assert!(store.learners().is_empty(), "no learner row may be created");
    }
}

#[test]
fn probability_policy_levels_follow_the_bkt_estimate() {
    let mut store = LearnerStore::new(prealgebra(), Policy::probability()).expect("store");
    let mut levels = Vec::new();
    for i in 0..8 {
        let a = practice(
            "ana",
            "add-whole",
            &[true],
            &format!("2026-09-01T1{i}:00:00Z"),
        );
        store.apply(&a).expect("ok");
        let s = store
            .learner("ana")
            .expect("ana")
            .skill("add-whole")
            .expect("skill");
        levels.push((s.level.to_string(), s.p_known.expect("p_known")));
    }
    assert_eq!(levels[0].0, "attempted");
    assert_eq!(levels.last().expect("some").0, "mastered");
    assert!(levels.windows(2).all(|w| w[0].1 < w[1].1), "{levels:?}");
    // Matches the published BKT update with the preset's parameters.
    let p = masterykit::BktParams::default();
    assert!((levels[0].1 - p.update(p.prior, 1.0)).abs() < 1e-15);
}

#[test]
fn event_log_round_trips_through_json_lines() {
    let all = parse_jsonl(&repo_file("examples/events.jsonl")).expect("ok");
    assert_eq!(parse_jsonl(&to_jsonl(&all)).expect("ok"), all);
}

#[test]
fn readme_event_log_example_applies() {
    let full = repo_file("README.md");
    let section = &full[full.find("## Event log format").expect("section")..];
    let start = section.find("```json\n").expect("block") + "```json\n".len();
    let end = start + section[start..].find("```").expect("closed");
    // The example spans lines for reading; as a log it is one line.
    let line = section[start..end].replace('\n', " ");
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let applied = store
        .replay_jsonl(&line)
        .expect("the README example is a valid event");
    assert_eq!(applied, 1);
    let s = store
        .learner("ana")
        .expect("ana")
        .skill("add-whole")
        .expect("skill");
    // (1 + 0.5) / 2 = 75% correct: at least 70%, so Familiar.
    assert_eq!((s.level, s.responses, s.score_sum), ("familiar", 2, 1.5));
}

#[test]
fn a_class_large_enough_for_the_huge_page_table_keeps_every_cell() {
    // 4,000 learners x 50 skills = 200,000 cells (3.2 MB): the cell table outgrows its Vec
    // and moves to a mapping partway through, while learners keep arriving.
    let course = prealgebra();
    let skills: Vec<String> = course.skills().iter().map(|s| s.id.clone()).collect();
    let mut store = LearnerStore::new(course.clone(), Policy::khan()).expect("store");
    let log: Vec<Assessment> = (0..4000)
        .map(|l| {
            let skill = &skills[l % skills.len()];
            practice(
                &format!("l{l}"),
                skill,
                &[true, true, true, l % 3 != 0],
                "2026-09-01T10:00:00Z",
            )
        })
        .collect();
    let compiled = store.compile(&log).expect("valid");
    store.apply_compiled(&compiled).expect("applies");
    for l in (0..4000).step_by(37) {
        let view = store.learner(&format!("l{l}")).expect("learner");
        for (k, skill) in skills.iter().enumerate() {
            let want = match (k == l % skills.len(), l % 3 != 0) {
                (true, true) => "proficient",
                (true, false) => "familiar",
                _ => "not_started",
            };
            assert_eq!(
                view.skill(skill).expect("skill").level,
                want,
                "l{l} {skill}"
            );
        }
    }
    let copy = store.clone();
    assert_eq!(copy, store);
    let restored =
        LearnerStore::from_snapshot_json(course, Policy::khan(), &store.to_snapshot_json())
            .expect("restores");
    assert_eq!(restored.to_snapshot_json(), store.to_snapshot_json());
}

/// A snapshot of one learner with one cell, under `policy`.
fn one_cell_snapshot(policy: &str, cell: &str) -> String {
    format!(
        r#"{{"format_version": 1, "policy": "{policy}", "learners": [{{"id": "ana", "skills": {{"add-whole": {cell}}}}}]}}"#
    )
}

#[test]
fn snapshots_with_impossible_cells_are_rejected_naming_them() {
    let cases = [
        (
            "probability-0.95",
            r#"{"level": "familiar", "responses": 2, "score_sum": 1, "p_known": 5.0}"#,
            "p_known 5",
        ),
        (
            "khan-2025",
            r#"{"level": "familiar", "responses": 2, "score_sum": -1}"#,
            "score_sum -1",
        ),
        (
            "khan-2025",
            r#"{"level": "familiar", "responses": 0, "score_sum": 3}"#,
            "score_sum 3",
        ),
        (
            "khan-2025",
            r#"{"level": "familiar", "responses": 99999999, "score_sum": 1}"#,
            "responses 99999999",
        ),
        (
            "khan-2025",
            r#"{"level": "familiar", "responses": 2, "score_sum": 1, "p_known": 0.5}"#,
            "p_known under",
        ),
        (
            "probability-0.95",
            r#"{"level": "familiar", "responses": 2, "score_sum": 1}"#,
            "no p_known",
        ),
    ];
    for (policy, cell, detail) in cases {
        let text = one_cell_snapshot(policy, cell);
        let policy = Policy::require_preset(policy).expect("preset");
        let err = LearnerStore::from_snapshot_json(prealgebra(), policy, &text).expect_err(cell);
        assert_eq!(err.code(), "invalid_snapshot", "{cell}");
        let message = err.to_string();
        assert!(
            message.contains("learner `ana`, skill `add-whole`"),
            "{message}"
        );
        assert!(message.contains(detail), "{message} lacks {detail}");
    }
    let fine = one_cell_snapshot(
        "khan-2025",
        r#"{"level": "familiar", "responses": 2, "score_sum": 2}"#,
    );
    LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &fine).expect("a possible cell");
}

#[test]
fn a_full_response_count_keeps_the_score_sum_within_it() {
    let full = masterykit::MAX_CELL_RESPONSES;
    let cell = format!(
        r#"{{"level": "proficient", "responses": {}, "score_sum": {}}}"#,
        full - 2,
        full - 2
    );
    let text = one_cell_snapshot("khan-2025", &cell);
    let mut store =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &text).expect("restores");
    for day in ["2026-09-01", "2026-09-02"] {
        store
            .apply(&practice("ana", "add-whole", &[true; 5], day))
            .expect("applies");
        let state = store
            .learner("ana")
            .expect("ana")
            .skill("add-whole")
            .expect("skill");
        assert_eq!(state.responses, full);
        assert!(
            state.score_sum <= f64::from(state.responses),
            "{}",
            state.score_sum
        );
        assert_eq!(state.score_sum, f64::from(full));
    }
    let again =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &store.to_snapshot_json());
    assert_eq!(again.expect("its own snapshot restores"), store);
}

#[test]
fn an_event_id_resent_with_other_content_is_a_conflict() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let first = practice("ana", "add-whole", &[true; 4], "2026-09-01").event("e1");
    assert!(!store.apply(&first).expect("applies").duplicate);
    // The same assessment again: a no-op.
    assert!(store.apply(&first).expect("no-op").duplicate);
    let before = store.clone();
    let other = practice("ana", "add-whole", &[false; 4], "2026-09-01").event("e1");
    let err = store.apply(&other).expect_err("conflict");
    assert_eq!(err.code(), "event_conflict");
    assert!(err.to_string().contains("`e1`"), "{err}");
    assert_eq!(store, before, "nothing changed");
    // Within one log: the line of the second is named, the first stays applied.
    let mut log = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let text = to_jsonl(&[
        practice("bo", "add-whole", &[true; 4], "2026-09-01").event("e2"),
        practice("bo", "add-whole", &[true; 4], "2026-09-01").event("e2"),
        practice("bo", "sub-whole", &[true; 4], "2026-09-02").event("e2"),
    ]);
    let err = log.replay_jsonl(&text).expect_err("conflict in the log");
    assert_eq!(err.code(), "event_conflict");
    assert!(err.to_string().starts_with("line 3: "), "{err}");
    assert_eq!(
        log.learner("bo")
            .expect("bo")
            .skill("add-whole")
            .expect("skill")
            .responses,
        4
    );
    // A snapshot keeps what each event said.
    let restored =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &store.to_snapshot_json());
    let mut restored = restored.expect("restores");
    assert!(restored.apply(&first).expect("still a no-op").duplicate);
    assert_eq!(
        restored.apply(&other).expect_err("still a conflict").code(),
        "event_conflict"
    );
}

#[test]
fn the_same_content_from_columns_and_from_json_is_a_duplicate() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let a = practice("ana", "add-whole", &[true, false], "2026-09-01").event("e1");
    store.apply(&a).expect("applies");
    let (learners, contexts, skills, events) = (
        vec!["ana".to_string()],
        vec!["practice".to_string()],
        vec!["add-whole".to_string()],
        vec!["e1".to_string()],
    );
    let ms = [a.timestamp.as_millis(); 2];
    let columns = masterykit::EvidenceColumns {
        learners: (&learners, &[0, 0]),
        sitting: &[0, 0],
        contexts: (&contexts, &[0, 0]),
        skills: (&skills, &[0, 0]),
        score: &[1.0, 0.0],
        timestamp: &ms,
        items: None,
        events: Some((&events, &[0, 0])),
    };
    assert_eq!(store.replay_columns(&columns).expect("a duplicate"), 0);
    assert_eq!(
        store
            .learner("ana")
            .expect("ana")
            .skill("add-whole")
            .expect("skill")
            .responses,
        2
    );
}

#[test]
fn snapshots_of_the_first_format_still_load() {
    let text = r#"{"format_version": 1, "policy": "khan-2025", "learners": [{"id": "ana",
        "skills": {"add-whole": {"level": "familiar", "responses": 2, "score_sum": 2}}}],
        "events": ["e1"]}"#;
    let mut store =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), text).expect("loads");
    // What e1 said is unknown: any content under it is a duplicate, as before.
    let again = practice("ana", "add-whole", &[false; 3], "2026-09-05").event("e1");
    assert!(store.apply(&again).expect("a no-op").duplicate);
    assert!(store.to_snapshot_json().contains(r#""format_version":3"#));
}

#[test]
fn a_stopped_replay_or_simulation_is_cancelled_and_changes_nothing() {
    use std::sync::atomic::AtomicBool;
    let stop = AtomicBool::new(true);
    let text = big_log(2_000).join("\n");
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let before = store.clone();
    let e = store.replay_jsonl_until(&text, &stop).expect_err("stopped");
    assert_eq!(e.code(), "cancelled");
    assert_eq!(store, before);
    let go = AtomicBool::new(false);
    let mut again = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    again.replay_jsonl_until(&text, &go).expect("replays");
    store.replay_jsonl(&text).expect("replays");
    assert_eq!(store, again);
    let config = masterykit::SimConfig {
        learners: 20,
        ..Default::default()
    };
    let teaching = masterykit::Teaching::FixedPace { items: 3 };
    let stopped = masterykit::Watch::new();
    stopped.stop();
    let e = masterykit::simulate_until(&prealgebra(), &teaching, &config, &stopped)
        .expect_err("stopped");
    assert_eq!(e.code(), "cancelled");
    let watch = masterykit::Watch::new();
    assert_eq!(
        masterykit::simulate_until(&prealgebra(), &teaching, &config, &watch).expect("runs"),
        masterykit::simulate(&prealgebra(), &teaching, &config).expect("runs")
    );
    assert_eq!(watch.progress(), (20, 20), "every learner counted");
}
