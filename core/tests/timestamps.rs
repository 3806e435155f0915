//! Timestamps: one accepted range (years 0 to 9999) everywhere, so that whatever is stored
//! can be written and read back; integers are seconds, and a number that looks like
//! milliseconds is told so.

use masterykit::{
    Assessment, EvidenceColumns, EvidenceTable, LearnerStore, Policy, Response, Timestamp,
    parse_jsonl, to_jsonl,
};
use proptest::prelude::*;

mod support;
use support::prealgebra;

fn line(timestamp: &str) -> String {
    format!(
        r#"{{"learner": "ana", "context": "practice", "timestamp": {timestamp}, "responses": [{{"item": "q", "skills": ["add-whole"], "correct": true}}]}}"#
    )
}

#[test]
fn out_of_range_integer_seconds_are_rejected_and_milliseconds_are_named() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    for (value, hint) in [
        ("253402300800", true),  // 10000-01-01 has no RFC 3339 form (as ms, a 1978)
        ("1796156956818", true), // Date.now() milliseconds given as seconds
        ("-62167219201", true),  // before year 0
        ("9223372036854775807", false), // i64::MAX, the store's own marker
        ("18446744073709551615", false), // beyond i64
    ] {
        let err = store.replay_jsonl(&line(value)).expect_err(value);
        assert_eq!(err.code(), "invalid_timestamp", "{value}: {err}");
        if value.len() < 19 {
            assert!(err.to_string().contains(value), "{err}");
        }
        assert_eq!(
            err.to_string().contains("looks like milliseconds"),
            hint,
            "{err}"
        );
    }
    assert!(store.learners().is_empty(), "nothing was applied");
    for value in ["253402300799", "-62167219200", "0"] {
        store.replay_jsonl(&line(value)).expect(value);
    }
    let restored =
        LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &store.to_snapshot_json());
    assert_eq!(restored.expect("the snapshot reads back"), store);
}

#[test]
fn columns_and_tables_reject_out_of_range_times_naming_the_row() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let (learners, contexts, skills) = (
        vec!["ana".to_string()],
        vec!["practice".to_string()],
        vec!["add-whole".to_string()],
    );
    let ms = [0, Timestamp::MAX.as_millis() + 1];
    let columns = EvidenceColumns {
        learners: (&learners, &[0, 0]),
        sitting: &[0, 1],
        contexts: (&contexts, &[0, 0]),
        skills: (&skills, &[0, 0]),
        score: &[1.0, 1.0],
        timestamp: &ms,
        items: None,
        events: None,
    };
    let err = store.replay_columns(&columns).expect_err("out of range");
    assert_eq!(err.code(), "invalid_timestamp");
    assert!(err.to_string().starts_with("row 1: "), "{err}");
    let csv = "learner,sitting,context,skill,correct,timestamp\nana,1,practice,add-whole,1,1796156956818\n";
    let err = EvidenceTable::from_csv(csv.as_bytes()).expect_err("milliseconds");
    assert_eq!(err.code(), "invalid_timestamp");
    assert!(err.to_string().contains("looks like milliseconds"), "{err}");
    assert!(store.learners().is_empty());
}

proptest! {
    /// Any timestamp accepted as integer seconds round-trips through JSON Lines and a
    /// snapshot exactly.
    #[test]
    fn accepted_timestamps_round_trip_through_every_writer(
        secs in (Timestamp::MIN.as_millis() / 1000)..=(Timestamp::MAX.as_millis() / 1000),
        ms in 0i64..1000,
    ) {
        let at = Timestamp::try_from_millis(secs * 1000 + ms).expect("in range");
        let text = line(&secs.to_string());
        let parsed = parse_jsonl(&text).expect("accepted");
        prop_assert_eq!(parsed[0].timestamp.as_millis(), secs * 1000);
        let a = Assessment::new("ana", "practice", at).with(Response::answer("q", "add-whole", true));
        let written = to_jsonl(std::slice::from_ref(&a));
        prop_assert_eq!(&parse_jsonl(&written).expect("reads back")[0], &a);
        let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        store.apply(&a).expect("applies");
        let snapshot = store.to_snapshot_json();
        let restored = LearnerStore::from_snapshot_json(prealgebra(), Policy::khan(), &snapshot)
            .expect("reads back");
        prop_assert_eq!(restored, store);
    }
}

#[test]
fn a_date_with_a_signed_year_is_rejected() {
    // Found by the timestamp fuzz target: "-026-05-01" was read as the year -26.
    for text in ["-026-05-01", "+026-05-01", "2026-+5-01", "2026-05--1"] {
        let e = Timestamp::parse(text).expect_err(text);
        assert_eq!(e.code(), "invalid_timestamp", "{text}");
    }
    assert!(Timestamp::parse("0000-01-01").is_ok());
}
