//! Property tests of the mastery engine: replay equals incremental application, every
//! transition is a cell of the policy table, points follow levels, percentages stay in range,
//! snapshots round-trip.

use masterykit::{
    Assessment, Curriculum, LearnerStore, Policy, Response, Rules, Scope, Timestamp, to_jsonl,
};
use proptest::prelude::*;

const SKILLS: [&str; 4] = ["a", "b", "c", "d"];
const CONTEXTS: [&str; 5] = [
    "practice",
    "quiz",
    "unit_test",
    "course_challenge",
    "mastery_challenge",
];

fn curriculum() -> Curriculum {
    Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]},
            {"id": "c"}, {"id": "d"}], "units": [{"id": "u", "skills": ["a", "b", "c", "d"]}]}"#,
    )
    .expect("valid")
}

fn assessment_strategy() -> impl Strategy<Value = Assessment> {
    (
        0usize..3,
        0usize..CONTEXTS.len(),
        0i64..200,
        proptest::collection::vec((0usize..4, 0usize..4, any::<bool>(), 0u8..3), 1..7),
        proptest::option::of(0u32..5),
    )
        .prop_map(|(learner, ctx, hour, answers, event)| {
            let mut a = Assessment::new(
                format!("L{learner}"),
                CONTEXTS[ctx],
                Timestamp::from_secs(1_788_000_000 + hour * 3600),
            );
            for (i, (s1, s2, correct, kind)) in answers.into_iter().enumerate() {
                let mut r = match kind {
                    0 => Response::answer(format!("q{i}"), SKILLS[s1], correct),
                    1 => Response::scored(
                        format!("q{i}"),
                        SKILLS[s1],
                        if correct { 1.0 } else { 0.4 },
                    ),
                    _ => Response::answer(format!("q{i}"), SKILLS[s1], correct),
                };
                if kind == 2 && s2 != s1 {
                    r.skills.push(SKILLS[s2].to_string());
                }
                a = a.with(r);
            }
            if let Some(e) = event {
                a = a.event(format!("e{e}"));
            }
            a
        })
}

/// The table cell (context, outcome, from) -> to, read straight from the policy document.
fn table_allows(policy: &Policy, context: &str, outcome: &str, from: &str, to: &str) -> bool {
    match &policy.as_doc().rules {
        Rules::Table { transitions, .. } => transitions.iter().any(|r| {
            r.contexts.iter().any(|c| c == context)
                && r.outcome == outcome
                && r.from.iter().any(|f| f == from)
                && r.to == to
        }),
        Rules::Probability { .. } => outcome.is_empty(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn engine_invariants_hold(
        seq in proptest::collection::vec(assessment_strategy(), 0..30),
        p in 0usize..3,
        split in 0usize..31,
    ) {
        let policy = [Policy::khan(), Policy::khan_pre_2018(), Policy::probability()][p].clone();
        let mut store = LearnerStore::new(curriculum(), policy.clone()).expect("store");
        let mut accepted = Vec::new();
        // Every assessment the store took, duplicates included.
        let mut offered = Vec::new();
        let mut transitions = Vec::new();
        for a in &seq {
            let before = store.clone();
            match store.apply(a) {
                Ok(applied) => {
                    offered.push(a.clone());
                    if !applied.duplicate { accepted.push(a.clone()); }
                    transitions.extend(applied.transitions);
                }
                Err(_) => prop_assert_eq!(&store, &before, "a rejected assessment changed state"),
            }
        }
        // Replay of the accepted log gives exactly the same state and transitions.
        let mut replayed = LearnerStore::new(curriculum(), policy.clone()).expect("store");
        replayed.replay_jsonl(&to_jsonl(&accepted)).expect("accepted events replay");
        prop_assert_eq!(&replayed, &store);
        prop_assert_eq!(replayed.transitions(), transitions.clone());
        // So does replay of everything taken, duplicates included, in two logs split anywhere.
        let k = split.min(offered.len());
        let mut halves = LearnerStore::new(curriculum(), policy.clone()).expect("store");
        halves.replay_jsonl(&to_jsonl(&offered[..k])).expect("first part replays");
        halves.replay_jsonl(&to_jsonl(&offered[k..])).expect("second part replays");
        prop_assert_eq!(&halves, &store);
        prop_assert_eq!(halves.transitions(), transitions.clone());
        // Every transition is a cell of the policy's table.
        for t in &transitions {
            let outcome = t.outcome.clone().unwrap_or_default();
            prop_assert!(table_allows(&policy, &t.context, &outcome, &t.from, &t.to), "{:?}", t);
            prop_assert_ne!(&t.from, &t.to);
        }
        for id in store.learners() {
            let view = store.learner(id).expect("learner");
            for s in view.skills() {
                let level = policy.level_index(s.level).expect("level");
                prop_assert_eq!(s.points, policy.points(level));
                if let Some(pk) = s.p_known { prop_assert!((0.0..=1.0).contains(&pk)); }
            }
            let pct = view.mastery_percent(&Scope::Unit("u".into())).expect("unit");
            prop_assert!((0.0..=100.0).contains(&pct));
        }
        // Snapshots restore exactly.
        let restored = LearnerStore::from_snapshot_json(curriculum(), policy, &store.to_snapshot_json())
            .expect("restores");
        prop_assert_eq!(&restored, &store);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Persistence without whole snapshots: a snapshot taken anywhere plus the records
    /// appended since (or a tail that overlaps the snapshot) rebuilds the state exactly.
    #[test]
    fn a_snapshot_and_the_records_since_restore_the_state(
        seq in proptest::collection::vec(assessment_strategy(), 0..30),
        p in 0usize..3,
        split in 0usize..31,
        overlap in 0usize..4,
    ) {
        let policy = [Policy::khan(), Policy::khan_pre_2018(), Policy::probability()][p].clone();
        let mut store = LearnerStore::new(curriculum(), policy.clone()).expect("store");
        let mut snapshot = store.to_snapshot_json();
        // Each record with the number of assessments offered before it.
        let mut records: Vec<(usize, String)> = Vec::new();
        for (i, a) in seq.iter().enumerate() {
            if i == split {
                snapshot = store.to_snapshot_json();
            }
            if let Ok(applied) = store.apply(a) {
                prop_assert_eq!(applied.duplicate, applied.record.is_none());
                records.extend(applied.record.map(|r| (i, r)));
            }
        }
        if split >= seq.len() {
            snapshot = store.to_snapshot_json();
        }
        let since = records.iter().position(|(i, _)| *i >= split).unwrap_or(records.len());
        // A tail may overlap the snapshot where its lines have event ids to skip them by.
        let mut from_overlap = since;
        while from_overlap > 0
            && since - from_overlap < overlap
            && seq[records[from_overlap - 1].0].event_id.is_some()
        {
            from_overlap -= 1;
        }
        for from in [since, from_overlap] {
            let tail: String = records[from..].iter().map(|(_, r)| format!("{r}\n")).collect();
            let restored = LearnerStore::restore(curriculum(), policy.clone(), &snapshot, &tail)
                .expect("restores");
            prop_assert_eq!(restored.to_snapshot_json(), store.to_snapshot_json());
        }
    }
}
