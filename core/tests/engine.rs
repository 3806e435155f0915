//! The mastery engine end to end: replay, snapshots, idempotency, goals and reports.

use masterykit::{
    Assessment, Curriculum, EvidenceColumns, EvidenceTable, Goal, GoalStatus, LearnerStore, Policy,
    Response, Scope, Timestamp, activity, class_report, learner_report, parse_jsonl, progress,
    timeline, to_jsonl,
};

fn repo_file(path: &str) -> String {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
}

fn prealgebra() -> Curriculum {
    Curriculum::from_json(&repo_file("examples/prealgebra.json")).expect("valid")
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

fn practice(learner: &str, skill: &str, answers: &[bool], when: &str) -> Assessment {
    answers.iter().enumerate().fold(
        Assessment::new(learner, "practice", at(when)),
        |a, (i, &c)| a.with(Response::answer(format!("q{i}"), skill, c)),
    )
}

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
        practice("ana", "add-whole", &[false], when).event("e-1"),
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
        for (event, duplicate) in [
            ("e-0", earlier.is_some()),
            ("e-1", true),
            ("e-2", true),
            ("e-3", false),
            ("e-4", false),
        ] {
            let a = practice("eve", "add-whole", &[true], when).event(event);
            let mut probe = store.clone();
            assert_eq!(
                probe.apply(&a).expect("applies").duplicate,
                duplicate,
                "{event}"
            );
        }
    }
}

#[test]
fn a_learner_seen_only_in_duplicates_gets_no_row() {
    let when = "2026-09-01T10:00:00Z";
    let log = [
        practice("ana", "add-whole", &[true], when).event("e-1"),
        practice("ben", "add-whole", &[true], when).event("e-1"),
        practice("cy", "add-whole", &[true], when).event("e-2"),
    ];
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let compiled = store.compile(&log).expect("valid");
    store.apply_compiled(&compiled).expect("applies");
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
    for a in &log {
        one_by_one.apply(a).expect("applies");
    }
    assert_eq!(one_by_one, store);
}

/// A JSON Lines log of `n` assessments over 300 learners, with comments, blank lines and event
/// ids (some repeated) mixed in: several MB, enough to be parsed in chunks.
fn big_log(n: usize) -> Vec<String> {
    let skills: Vec<String> = prealgebra().skills().iter().map(|s| s.id.clone()).collect();
    let mut lines = vec!["# generated".to_string()];
    for i in 0..n {
        let when = Timestamp::from_secs(1_788_000_000 + i as i64);
        let mut a = Assessment::new(format!("learner-{}", (i * 7919) % 300), "practice", when)
            .event(format!("e-{}", i - i % 3 * (i % 2)));
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

/// Rows of a response table: (learner, sitting, context, skill, score, timestamp ms, event).
type Row = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    f64,
    i64,
    Option<&'static str>,
);

/// Name tables and codes, as `pandas.factorize` gives them.
fn factorize(values: impl Iterator<Item = Option<&'static str>>) -> (Vec<String>, Vec<u32>) {
    let mut names: Vec<String> = Vec::new();
    let codes = values
        .map(|v| match v {
            None => u32::MAX,
            Some(v) => match names.iter().position(|n| n == v) {
                Some(i) => i as u32,
                None => {
                    names.push(v.to_string());
                    names.len() as u32 - 1
                }
            },
        })
        .collect();
    (names, codes)
}

fn replay_rows(store: &mut LearnerStore, rows: &[Row]) -> masterykit::Result<usize> {
    let (ln, lc) = factorize(rows.iter().map(|r| Some(r.0)));
    let (cn, cc) = factorize(rows.iter().map(|r| Some(r.2)));
    let (sn, sc) = factorize(rows.iter().map(|r| Some(r.3)));
    let (en, ec) = factorize(rows.iter().map(|r| r.6));
    let sitting: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let score: Vec<f64> = rows.iter().map(|r| r.4).collect();
    let timestamp: Vec<i64> = rows.iter().map(|r| r.5).collect();
    store.replay_columns(&EvidenceColumns {
        learners: (&ln, &lc),
        sitting: &sitting,
        contexts: (&cn, &cc),
        skills: (&sn, &sc),
        score: &score,
        timestamp: &timestamp,
        items: None,
        events: Some((&en, &ec)),
    })
}

#[test]
fn evidence_columns_replay_like_the_same_assessments() {
    let t = 1_788_000_000_000;
    let rows: [Row; 9] = [
        ("ana", 1, "practice", "add-whole", 1.0, t, Some("e-1")),
        (
            "ana",
            1,
            "practice",
            "add-whole",
            1.0,
            t + 5_000,
            Some("e-1"),
        ),
        ("ben", 1, "practice", "add-whole", 0.0, t, None),
        ("ana", 2, "quiz", "add-whole", 1.0, t + 60_000, None),
        ("ana", 2, "quiz", "sub-whole", 0.5, t + 61_000, None),
        ("ben", 7, "practice", "sub-whole", 1.0, t, Some("e-1")),
        (
            "ana",
            3,
            "unit_test",
            "add-whole",
            1.0,
            t + 90_000,
            Some("e-3"),
        ),
        (
            "ana",
            3,
            "unit_test",
            "sub-whole",
            1.0,
            t + 90_000,
            Some("e-3"),
        ),
        (
            "ana",
            3,
            "unit_test",
            "sub-whole",
            1.0,
            t + 90_000,
            Some("e-3"),
        ),
    ];
    let mut columns = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    replay_rows(&mut columns, &rows).expect("replays");
    // The same sittings as assessments; ben's second one repeats event e-1, a no-op.
    let mut one_by_one = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let ms = Timestamp::from_millis;
    let scored = |row: usize, skill: &str, s: f64| Response::scored(format!("row {row}"), skill, s);
    let mut first = Assessment::new("ana", "practice", ms(t + 5_000))
        .with(scored(0, "add-whole", 1.0))
        .with(scored(1, "add-whole", 1.0))
        .event("e-1");
    first.responses[0].timestamp = Some(ms(t));
    let mut quiz = Assessment::new("ana", "quiz", ms(t + 61_000))
        .with(scored(3, "add-whole", 1.0))
        .with(scored(4, "sub-whole", 0.5));
    quiz.responses[0].timestamp = Some(ms(t + 60_000));
    for a in [
        first,
        Assessment::new("ben", "practice", ms(t)).with(scored(2, "add-whole", 0.0)),
        quiz,
        Assessment::new("ben", "practice", ms(t))
            .with(scored(5, "sub-whole", 1.0))
            .event("e-1"),
        Assessment::new("ana", "unit_test", ms(t + 90_000))
            .with(scored(6, "add-whole", 1.0))
            .with(scored(7, "sub-whole", 1.0))
            .with(scored(8, "sub-whole", 1.0))
            .event("e-3"),
    ] {
        one_by_one.apply(&a).expect("applies");
    }
    assert_eq!(columns, one_by_one);
    assert_eq!(columns.transitions(), one_by_one.transitions());
    let ana = columns.learner("ana").expect("ana");
    assert_eq!(ana.skill("add-whole").expect("skill").level, "mastered");
}

#[test]
fn bad_evidence_columns_name_their_row_and_change_nothing() {
    let t = 1_788_000_000_000;
    let ok: Row = ("ana", 1, "practice", "add-whole", 1.0, t, None);
    let cases: [(Vec<Row>, &str, &str); 5] = [
        (
            vec![ok, ("ana", 1, "quiz", "add-whole", 1.0, t, None)],
            "sitting_mismatch",
            "row 1: context `quiz` differs from `practice` on the sitting's first row",
        ),
        (
            vec![ok, ("ana", 1, "practice", "add-whole", 1.0, t, Some("e-9"))],
            "sitting_mismatch",
            "row 1: event id `e-9` differs from `(none)` on the sitting's first row",
        ),
        (
            vec![ok, ("ben", 1, "practice", "nope", 1.0, t, None)],
            "unknown_skill",
            "row 1: unknown skill `nope`",
        ),
        (
            vec![ok, ("ben", 1, "practice", "add-whole", 1.5, t, None)],
            "invalid_score",
            "row 1: ",
        ),
        (
            vec![
                ok,
                ("cy", 1, "mastery_challenge", "add-whole", 1.0, t, None),
                ("cy", 1, "mastery_challenge", "add-whole", 1.0, t, None),
            ],
            "mastery_challenge_locked",
            "row 1: ",
        ),
    ];
    for (rows, code, message) in cases {
        let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        let err = replay_rows(&mut store, &rows).expect_err(code);
        assert_eq!(err.code(), code);
        assert!(err.to_string().starts_with(message), "{err}");
        // Validation errors change nothing; a state-dependent one keeps the sittings before it.
        let kept = if code == "mastery_challenge_locked" {
            1
        } else {
            0
        };
        assert_eq!(store.learners().len(), kept, "{code}");
    }
    // Columns of different lengths, and codes outside their name tables.
    let names = vec!["x".to_string()];
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let columns = |learner_codes: &'static [u32], score: &'static [f64]| EvidenceColumns {
        learners: (&names, learner_codes),
        sitting: &[0, 0],
        contexts: (&names, &[0, 0]),
        skills: (&names, &[0, 0]),
        score,
        timestamp: &[0, 0],
        items: None,
        events: None,
    };
    let err = store
        .replay_columns(&columns(&[0, 0], &[1.0]))
        .expect_err("length");
    assert!(
        err.to_string().contains("length of column `score`"),
        "{err}"
    );
    let err = store
        .replay_columns(&columns(&[0, 3], &[1.0, 1.0]))
        .expect_err("code");
    assert!(
        err.to_string()
            .starts_with("row 1: invalid learner code: 3"),
        "{err}"
    );
}

#[test]
fn many_evidence_rows_replay_in_chunks_to_the_state_of_one_pass() {
    // 120,000 sittings of two rows: enough to be compiled in parallel chunks.
    let sittings = 120_000usize;
    let learners: Vec<String> = (0..500).map(|l| format!("l{l}")).collect();
    let skills: Vec<String> = prealgebra().skills().iter().map(|s| s.id.clone()).collect();
    let contexts = vec!["practice".to_string(), "quiz".to_string()];
    let rows = 2 * sittings;
    let learner: Vec<u32> = (0..rows).map(|r| ((r / 2 * 7919) % 500) as u32).collect();
    let sitting: Vec<i64> = (0..rows).map(|r| (r / 2) as i64).collect();
    let context: Vec<u32> = (0..rows).map(|r| u32::from(r / 2 % 5 == 4)).collect();
    let mut skill: Vec<u32> = (0..rows)
        .map(|r| ((r / 2 * 31 + r % 2 * (r / 2 % 5 / 4)) % skills.len()) as u32)
        .collect();
    let score: Vec<f64> = (0..rows).map(|r| f64::from(u8::from(r % 7 != 3))).collect();
    let timestamp: Vec<i64> = (0..rows)
        .map(|r| 1_788_000_000_000 + r as i64 * 1000)
        .collect();
    let columns = |skill: &[u32]| -> masterykit::Result<(LearnerStore, LearnerStore)> {
        let c = EvidenceColumns {
            learners: (&learners, &learner),
            sitting: &sitting,
            contexts: (&contexts, &context),
            skills: (&skills, skill),
            score: &score,
            timestamp: &timestamp,
            items: None,
            events: None,
        };
        let mut chunked = LearnerStore::new(prealgebra(), Policy::khan())?;
        chunked.replay_columns(&c)?;
        let mut one_pass = LearnerStore::new(prealgebra(), Policy::khan())?;
        let log = one_pass.compile_columns(&c)?;
        one_pass.apply_compiled(&log)?;
        Ok((chunked, one_pass))
    };
    let (chunked, one_pass) = columns(&skill).expect("replays");
    assert_eq!(chunked, one_pass);
    assert_eq!(chunked.transitions(), one_pass.transitions());
    // A skill the curriculum lacks, late in the columns (twice): the earliest is named by the
    // first row of its sitting, and nothing is applied.
    let mut skills = skills.clone();
    skills.push("nope".into());
    skill[rows - 3] = skills.len() as u32 - 1;
    skill[rows - 1] = skills.len() as u32 - 1;
    let c = EvidenceColumns {
        learners: (&learners, &learner),
        sitting: &sitting,
        contexts: (&contexts, &context),
        skills: (&skills, &skill),
        score: &score,
        timestamp: &timestamp,
        items: None,
        events: None,
    };
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let err = store.replay_columns(&c).expect_err("unknown skill");
    let expected = format!("row {}: unknown skill `nope`", rows - 4);
    assert!(err.to_string().starts_with(&expected), "{err}");
    assert!(store.learners().is_empty());
}

#[test]
fn evidence_tables_read_scores_items_events_and_tabs() {
    let tsv = "user_id\tsitting\tcontext\tskill_name\tscore\ttimestamp\titem\tevent_id\n\
               ana\ts1\tpractice\tadd-whole\t1.0\t2026-09-01T10:00:00Z\tq1\te-1\n\
               ana\ts1\tpractice\tadd-whole\t0.5\t2026-09-01T10:01:00Z\tq2\te-1\n\
               ben\ts1\tpractice\tadd-whole\t1\t1788000000\tq1\t\n";
    let table = EvidenceTable::from_csv(tsv.as_bytes()).expect("reads");
    assert_eq!(table.len(), 3);
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    store.replay_columns(&table.columns()).expect("replays");
    let ana = store
        .learner("ana")
        .expect("ana")
        .skill("add-whole")
        .expect("skill");
    assert_eq!(
        (ana.level, ana.responses, ana.score_sum),
        ("familiar", 2, 1.5)
    );
    assert_eq!(ana.last_practiced, Some(at("2026-09-01T10:01:00Z")));
    let ben = store
        .learner("ben")
        .expect("ben")
        .skill("add-whole")
        .expect("skill");
    assert_eq!(
        ben.last_practiced,
        Some(Timestamp::from_secs(1_788_000_000))
    );
    // e-1 was applied: the same sitting again is a duplicate.
    let mut again = store.clone();
    again.replay_columns(&table.columns()).expect("replays");
    assert_eq!(
        again
            .learner("ana")
            .expect("ana")
            .skill("add-whole")
            .expect("skill")
            .responses,
        2
    );

    for (csv, message) in [
        (
            "learner,sitting,context,skill,correct,timestamp\nana,1,practice,add-whole,yes,2026-09-01\n",
            "row 0: invalid correct `yes`",
        ),
        (
            "learner,sitting,context,skill,score,timestamp\nana,1,practice,add-whole,x,2026-09-01\n",
            "row 0: invalid score `x`",
        ),
        (
            "learner,sitting,context,skill,timestamp\n",
            "missing column `correct` or `score`",
        ),
    ] {
        let err = EvidenceTable::from_csv(csv.as_bytes()).expect_err(message);
        assert!(err.to_string().starts_with(message), "{err}");
    }
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
fn goals_report_progress_status_and_pace() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let unit = Scope::Unit("whole-numbers".into());
    let goal = Goal {
        due: Some(at("2026-09-21T00:00:00Z")),
        ..Goal::new(unit.clone())
    };
    store
        .apply(&practice(
            "bo",
            "place-value",
            &[false],
            "2026-09-01T00:00:00Z",
        ))
        .expect("ok");
    let bo = store.learner("bo").expect("bo");
    let p = progress(&bo, &goal, at("2026-09-02T00:00:00Z")).expect("ok");
    assert_eq!((p.skills_total, p.skills_at_target), (10, 0));
    assert_eq!(p.status, GoalStatus::Behind);
    assert_eq!(
        progress(&bo, &Goal::new(unit.clone()), at("2026-09-02T00:00:00Z"))
            .expect("ok")
            .status,
        GoalStatus::InProgress
    );
    assert!(store.learner("nobody").is_none());

    // Five skills to Proficient in 5 days: 1 per day, 5 remaining -> done 5 days later.
    let skills = [
        "place-value",
        "add-whole",
        "sub-whole",
        "mul-whole",
        "div-whole",
    ];
    for (i, s) in skills.iter().enumerate() {
        store
            .apply(&practice(
                "ana",
                s,
                &[true, true],
                &format!("2026-09-0{}T00:00:00Z", i + 1),
            ))
            .expect("ok");
    }
    let ana = store.learner("ana").expect("ana");
    let now = at("2026-09-06T00:00:00Z");
    let p = progress(&ana, &goal, now).expect("ok");
    assert_eq!(p.skills_at_target, 5);
    assert!((p.share_at_target - 0.5).abs() < 1e-12);
    assert!((p.mastery_percent - 40.0).abs() < 1e-12);
    assert_eq!(p.remaining.len(), 5);
    assert!((p.skills_per_day.expect("rate") - 1.0).abs() < 1e-12);
    assert_eq!(p.projected_completion, Some(at("2026-09-11T00:00:00Z")));
    assert_eq!(p.status, GoalStatus::OnTrack);
    let tight = Goal {
        due: Some(at("2026-09-08T00:00:00Z")),
        ..goal.clone()
    };
    assert_eq!(
        progress(&ana, &tight, now).expect("ok").status,
        GoalStatus::Behind
    );
    assert_eq!(
        progress(&ana, &tight, at("2026-09-09T00:00:00Z"))
            .expect("ok")
            .status,
        GoalStatus::Overdue
    );
    let small = Goal::new(Scope::Skills(vec![
        "place-value".into(),
        "add-whole".into(),
    ]));
    assert_eq!(
        progress(&ana, &small, now).expect("ok").status,
        GoalStatus::Achieved
    );
    let untouched = Goal::new(Scope::Unit("geometry".into()));
    assert_eq!(
        progress(&ana, &untouched, now).expect("ok").status,
        GoalStatus::NotStarted
    );
    let bad_target = Goal {
        target: Some("wizard".into()),
        ..goal.clone()
    };
    assert_eq!(
        progress(&ana, &bad_target, now).expect_err("bad").code(),
        "unknown_level"
    );
    assert_eq!(
        progress(&ana, &Goal::new(Scope::Unit("nope".into())), now)
            .expect_err("bad")
            .code(),
        "unknown_unit"
    );
}

#[test]
fn reports_aggregate_levels_points_and_activity() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    store
        .replay_jsonl(&repo_file("examples/events.jsonl"))
        .expect("valid");
    let ana = store.learner("ana").expect("ana");
    let report = learner_report(&ana).expect("report");
    assert_eq!(report.skills.len(), 50);
    assert_eq!(report.courses.len(), 1);
    assert_eq!(report.units.len(), 7);
    let pct = report.courses[0].mastery_percent;
    let expected = 100.0 * report.skills.iter().map(|s| s.points).sum::<f64>() / 5000.0;
    assert!((pct - expected).abs() < 1e-9 && (0.0..=100.0).contains(&pct));
    for s in &report.strengths {
        let st = ana.skill(s).expect("skill");
        assert!(st.level == "proficient" || st.level == "mastered");
    }
    let class = class_report(&store);
    assert_eq!(class.learners, store.learners().len());
    for row in &class.skills {
        assert_eq!(row.counts.iter().sum::<u32>() as usize, class.learners);
    }
    let all = activity(&store, at("2026-01-01"), at("2027-01-01"), None);
    assert_eq!(
        all.assessments,
        parse_jsonl(&repo_file("examples/events.jsonl"))
            .expect("ok")
            .len()
    );
    assert_eq!(all.levels_up + all.levels_down, store.transitions().len());
    let mine = timeline(&ana);
    assert!(mine.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
    assert!(mine.iter().all(|t| t.learner == "ana"));
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
