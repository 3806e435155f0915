//! Property tests of classes and assignments: a log mixing roster changes and assessments
//! replays to the state their one-by-one application gave; a snapshot anywhere plus the lines
//! since restores it; a rejected change changes nothing; assignment work stays consistent.

use masterykit::{
    Assessment, Assignment, Class, ClassGoal, Curriculum, LearnerStore, Policy, Response,
    RosterChange, Scope, Timestamp, scores,
};
use proptest::prelude::*;

const SKILLS: [&str; 4] = ["a", "b", "c", "d"];
const CONTEXTS: [&str; 3] = ["practice", "quiz", "unit_test"];

fn curriculum() -> Curriculum {
    Curriculum::from_json(
        r#"{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]},
            {"id": "c"}, {"id": "d"}], "units": [{"id": "u", "skills": ["a", "b", "c", "d"]}],
            "courses": [{"id": "k", "units": ["u"]}]}"#,
    )
    .expect("valid")
}

fn at(hour: i64) -> Timestamp {
    Timestamp::from_secs(1_788_000_000 + hour * 3600)
}

#[derive(Debug, Clone)]
enum Step {
    Sitting(Assessment),
    Change(RosterChange),
}

fn sitting() -> impl Strategy<Value = Step> {
    (
        0usize..4,
        0usize..CONTEXTS.len(),
        0i64..100,
        proptest::collection::vec((0usize..4, any::<bool>()), 1..6),
        proptest::option::of(0u32..6),
    )
        .prop_map(|(learner, ctx, hour, answers, event)| {
            let mut a = Assessment::new(format!("L{learner}"), CONTEXTS[ctx], at(hour));
            for (i, (s, correct)) in answers.into_iter().enumerate() {
                a = a.with(Response::answer(format!("q{i}"), SKILLS[s], correct));
            }
            if let Some(e) = event {
                a = a.event(format!("e{e}"));
            }
            Step::Sitting(a)
        })
}

/// Changes over a few ids, so duplicates, unknown ids and classes in use all come up.
fn change() -> impl Strategy<Value = Step> {
    let class = || (0usize..3).prop_map(|c| format!("c{c}"));
    let learners = || proptest::collection::vec((0usize..5).prop_map(|l| format!("L{l}")), 0..4);
    prop_oneof![
        (class(), learners()).prop_map(|(id, ls)| RosterChange::AddClass {
            class: Class::new(&id, "", ls)
        }),
        class().prop_map(|id| RosterChange::RemoveClass { id }),
        (class(), learners()).prop_map(|(class, learners)| RosterChange::Enrol { class, learners }),
        (class(), learners())
            .prop_map(|(class, learners)| RosterChange::Unenrol { class, learners }),
        (0usize..3, class(), proptest::option::of(0i64..100)).prop_map(|(g, c, due)| {
            let mut goal = ClassGoal::for_class(&format!("g{g}"), Scope::Unit("u".into()), &c);
            goal.due = due.map(at);
            RosterChange::AddGoal { goal }
        }),
        (0usize..3).prop_map(|g| RosterChange::RemoveGoal {
            id: format!("g{g}")
        }),
        (
            0usize..3,
            class(),
            proptest::collection::vec(0usize..4, 0..3),
            0usize..3,
            proptest::option::of(0i64..100),
            proptest::option::of(0i64..100)
        )
            .prop_map(|(a, c, skills, ctx, start, due)| {
                let mut x =
                    Assignment::practice(&format!("a{a}"), skills.iter().map(|&s| SKILLS[s]), &c);
                x.context = CONTEXTS[ctx].into();
                x.start = start.map(at);
                x.due = due.map(at);
                RosterChange::AddAssignment { assignment: x }
            }),
        (0usize..3).prop_map(|a| RosterChange::RemoveAssignment {
            id: format!("a{a}")
        }),
    ]
    .prop_map(Step::Change)
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![3 => sitting(), 2 => change()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_mixed_log_replays_and_restores_to_the_same_state(
        steps in proptest::collection::vec(step(), 0..40),
        split in 0usize..41,
        with_ids in any::<bool>(),
        overlap in 0usize..4,
    ) {
        let mut store = LearnerStore::new(curriculum(), Policy::khan()).expect("store");
        let mut snapshot = store.to_snapshot_json();
        let mut lines: Vec<(usize, String)> = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            if i == split {
                snapshot = store.to_snapshot_json();
            }
            let before = store.to_snapshot_json();
            let line = match s {
                Step::Sitting(a) => store.apply(a).map(|applied| applied.record),
                Step::Change(c) if with_ids => store.change_roster_as(c, Some(&format!("r{i}"))),
                Step::Change(c) => store.change_roster(c).map(Some),
            };
            match line {
                Ok(l) => lines.extend(l.map(|l| (i, l))),
                Err(_) => prop_assert_eq!(store.to_snapshot_json(), before, "a rejected step changed the store"),
            }
        }
        if split >= steps.len() {
            snapshot = store.to_snapshot_json();
        }
        let log: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
        let mut replayed = LearnerStore::new(curriculum(), Policy::khan()).expect("store");
        replayed.replay_jsonl(&log).expect("its own log replays");
        prop_assert!(replayed == store);
        let since = lines.iter().position(|(i, _)| *i >= split).unwrap_or(lines.len());
        // A tail may overlap the snapshot by lines that carry event ids, skipped by them.
        let has_id = |k: usize| match &steps[lines[k].0] {
            Step::Sitting(a) => a.event_id.is_some(),
            Step::Change(_) => with_ids,
        };
        let mut from = since;
        while from > 0 && since - from < overlap && has_id(from - 1) {
            from -= 1;
        }
        let tail: String = lines[from..].iter().map(|(_, l)| format!("{l}\n")).collect();
        let restored = LearnerStore::restore(curriculum(), Policy::khan(), &snapshot, &tail).expect("restores");
        prop_assert_eq!(restored.to_snapshot_json(), store.to_snapshot_json());
        prop_assert!(restored == store);
        // Work on assignments is one evidence can produce, and reports hold no NaN.
        for class in store.roster().classes() {
            for row in scores(&store, &class.id, at(50)).expect("known class") {
                prop_assert!(row.score.into_iter().chain(row.best_score).all(|x| (0.0..=1.0).contains(&x)));
                prop_assert!(row.score.is_none() || row.best_score >= row.score);
                prop_assert_eq!(row.completed.is_some(), row.score.is_some());
                prop_assert!(row.seconds.is_finite());
            }
        }
    }
}
