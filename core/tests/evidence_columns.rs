//! Evidence columns and tables: replayed like the same assessments, errors naming rows.

use masterykit::{
    Assessment, EvidenceColumns, EvidenceTable, LearnerStore, Policy, Response, Timestamp,
};

mod support;
use support::{at, prealgebra};

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
        ("ben", 7, "practice", "sub-whole", 1.0, t, Some("e-2")),
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
    // The same sittings as assessments; ana's second row repeats event e-1 in her sitting.
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
            .event("e-2"),
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
    let cases: [(Vec<Row>, &str, &str); 6] = [
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
        (
            vec![
                ("ana", 1, "practice", "add-whole", 1.0, t, Some("e-1")),
                ("ben", 1, "practice", "add-whole", 0.0, t, Some("e-1")),
            ],
            "event_conflict",
            "row 1: event id `e-1` was applied before with different content",
        ),
    ];
    for (rows, code, message) in cases {
        let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        let err = replay_rows(&mut store, &rows).expect_err(code);
        assert_eq!(err.code(), code);
        assert!(err.to_string().starts_with(message), "{err}");
        // Validation errors change nothing; a state-dependent one keeps the sittings before it.
        let kept = if matches!(code, "mastery_challenge_locked" | "event_conflict") {
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
