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

#[test]
fn no_pace_is_projected_before_the_goals_minimum_span() {
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    store
        .apply(&practice(
            "ana",
            "add-whole",
            &[true; 4],
            "2026-09-01T10:00:00Z",
        ))
        .expect("applies");
    let ana = store.learner("ana").expect("ana");
    let goal = Goal {
        due: Some(at("2026-10-01")),
        ..Goal::new(Scope::Unit("whole-numbers".into()))
    };
    // An hour after the first exercise: one skill reached says nothing of the pace yet.
    let hour = progress(&ana, &goal, at("2026-09-01T11:00:00Z")).expect("ok");
    assert_eq!(hour.status, GoalStatus::TooEarly);
    assert_eq!(
        (hour.skills_per_day, hour.projected_completion),
        (None, None)
    );
    assert_eq!(hour.skills_at_target, 1, "progress itself is reported");
    // A day later the pace counts, and without a due date the status is in progress.
    let day = progress(&ana, &goal, at("2026-09-02T10:00:00Z")).expect("ok");
    assert_eq!(day.skills_per_day, Some(1.0));
    assert!(matches!(
        day.status,
        GoalStatus::OnTrack | GoalStatus::Behind
    ));
    let open = Goal::new(Scope::Unit("whole-numbers".into()));
    assert_eq!(
        progress(&ana, &open, at("2026-09-02T10:00:00Z"))
            .expect("ok")
            .status,
        GoalStatus::InProgress
    );
    // The span is the goal's to set; a bad one is an error.
    let hasty = Goal {
        min_pace_days: Some(0.01),
        ..goal.clone()
    };
    let p = progress(&ana, &hasty, at("2026-09-01T11:00:00Z")).expect("ok");
    assert!(p.skills_per_day.is_some_and(|r| (r - 24.0).abs() < 1e-9));
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let g = Goal {
            min_pace_days: Some(bad),
            ..goal.clone()
        };
        let e = progress(&ana, &g, at("2026-09-02")).expect_err("rejected");
        assert_eq!(e.code(), "invalid_number");
    }
    // Achieved and overdue need no pace.
    let done = Goal::new(Scope::Skills(vec!["add-whole".into()]));
    assert_eq!(
        progress(&ana, &done, at("2026-09-01T11:00:00Z"))
            .expect("ok")
            .status,
        GoalStatus::Achieved
    );
}

/// tests/fixtures/goals.json, also run by the Python and JavaScript tests.
#[test]
fn goal_progress_matches_the_golden_cases() {
    let fixture: serde_json::Value =
        serde_json::from_str(&repo_file("tests/fixtures/goals.json")).expect("fixture");
    let mut store = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let events = masterykit::assessments_from_value(fixture["events"].clone()).expect("events");
    for a in &events {
        store.apply(a).expect("applies");
    }
    let cases = fixture["cases"].as_array().expect("cases");
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let goal: Goal = serde_json::from_value(case["goal"].clone()).expect(name);
        let now = at(case["now"].as_str().expect("now"));
        let learner = case["learner"].as_str().expect("learner");
        let got = progress_of(&store, learner, &goal, now);
        if let Some(code) = case.get("expected_error") {
            assert_eq!(got.expect_err(name).code(), code, "{name}");
            continue;
        }
        let p = got.unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = &case["expected"];
        let status = serde_json::to_value(p.status).expect("status");
        assert_eq!(status, want["status"], "{name}");
        assert_eq!(
            p.skills_at_target as u64, want["skills_at_target"],
            "{name}"
        );
        match (p.skills_per_day, want["skills_per_day"].as_f64()) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 1e-9, "{name}: {got}"),
            (got, want) => assert_eq!(got, want, "{name}"),
        }
        let projected = p.projected_completion.map(|t| t.to_string());
        assert_eq!(
            projected.as_deref(),
            want["projected_completion"].as_str(),
            "{name}"
        );
    }
}

#[test]
fn a_learner_with_no_evidence_gets_an_empty_report() {
    let mut store = LearnerStore::new(prealgebra(), Policy::probability()).expect("store");
    store
        .apply(&practice("ana", "add-whole", &[true; 4], "2026-09-01"))
        .expect("applies");
    let zed = store.learner_or_empty("zed");
    assert_eq!(
        (zed.id(), zed.index(), zed.first_activity()),
        ("zed", None, None)
    );
    let report = learner_report(&zed).expect("report");
    assert_eq!(report.learner, "zed");
    assert!(
        report
            .skills
            .iter()
            .all(|s| s.level_index == 0 && s.responses == 0)
    );
    assert!(report.strengths.is_empty() && report.weaknesses.is_empty());
    // P(known) of a learner never seen is each skill's prior.
    let fresh = store
        .learner_or_empty("ana")
        .skill("sub-whole")
        .expect("skill");
    assert_eq!(
        zed.skill("sub-whole").expect("skill").p_known,
        fresh.p_known
    );
    assert!(timeline(&zed).is_empty());
    assert_eq!(store.learner_or_empty("ana").index(), Some(0));
    assert!(store.learner("zed").is_none(), "nothing was added");
}
