//! Goals and reports over replayed state: progress, status, pace, levels, points, activity.

use masterykit::{
    Goal, GoalStatus, LearnerStore, Policy, Scope, activity, class_report, learner_report,
    parse_jsonl, progress, progress_of, timeline,
};

mod support;
use support::{at, practice, prealgebra, repo_file};

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
fn a_learner_with_no_evidence_has_not_started_a_goal() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let goal = Goal {
        due: Some(at("2026-09-21")),
        ..Goal::new(Scope::Unit("whole-numbers".into()))
    };
    let now = at("2026-09-02");
    let p = progress_of(&store, "nobody", &goal, now).expect("no evidence is no error");
    assert_eq!(p.status, GoalStatus::NotStarted);
    assert_eq!((p.skills_total, p.skills_at_target), (10, 0));
    assert_eq!((p.points_earned, p.mastery_percent), (0.0, 0.0));
    assert_eq!(
        (p.started, p.skills_per_day, p.projected_completion),
        (None, None, None)
    );
    assert_eq!(p.remaining.len(), 10);
    // Once the learner has evidence, the same call reads it, as `progress` does.
    store
        .apply(&practice("nobody", "place-value", &[true; 5], "2026-09-01"))
        .expect("applies");
    let view = store.learner("nobody").expect("now known");
    assert_eq!(
        progress_of(&store, "nobody", &goal, now).expect("ok"),
        progress(&view, &goal, now).expect("ok")
    );
    // A bad goal is still an error for an unknown learner.
    let bad = Goal {
        target: Some("expert".into()),
        ..goal
    };
    assert_eq!(
        progress_of(&store, "other", &bad, now)
            .expect_err("bad target")
            .code(),
        "unknown_level"
    );
}
