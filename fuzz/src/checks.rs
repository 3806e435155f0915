//! What each fuzz target checks of its input: no panic on any bytes, and the invariants of
//! what parses (round trips, results free of NaN). Shared by the fuzz targets and by
//! `core/tests/fuzz_fixtures.rs`, which replays the inputs kept in `tests/fixtures/fuzz/`.
#![allow(dead_code)] // each fuzz target uses one check

use masterykit::{
    BktModel, Curriculum, EvidenceTable, FitOptions, LearnerStore, NextStepRules, Policy,
    ResponseData, RosterChange, RosterDoc, Scope, Teaching, Timestamp, parse_jsonl, to_jsonl,
};

/// What a target runs on each input.
pub type Check = fn(&[u8]);

/// Every target, by name, with its check: the fixture test uses this list.
pub const TARGETS: &[(&str, Check)] = &[
    ("curriculum_json", curriculum_json),
    ("curriculum_toml", curriculum_toml),
    ("policy", policy),
    ("jsonl_replay", jsonl_replay),
    ("json_array_replay", json_array_replay),
    ("evidence_table", evidence_table),
    ("response_csv_fit", response_csv_fit),
    ("model_json", model_json),
    ("snapshot", snapshot),
    ("timestamp", timestamp),
    ("evidence_columns", evidence_columns),
    ("scope_and_teaching", scope_and_teaching),
    ("next_step_rules", next_step_rules),
    ("placement", placement),
    ("roster", roster),
    ("case_package", case_package),
    ("xapi_statements", xapi_statements),
    ("caliper_events", caliper_events),
];

/// The course every evidence target replays against: the sample course, whose skill ids the
/// seeds (examples/events.jsonl and the like) use.
const COURSE: &str = include_str!("../../examples/prealgebra.json");

fn course() -> Curriculum {
    Curriculum::from_json(COURSE).expect("the fuzz course is valid")
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Queries that must not panic on any valid curriculum.
fn exercise(c: &Curriculum) {
    let order = c.learnable_order();
    assert_eq!(order.len(), c.len());
    let _ = c.lint();
}

/// A curriculum document in JSON: what parses writes back to the same curriculum.
pub fn curriculum_json(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(c) = Curriculum::from_json(t) {
        exercise(&c);
        let again = Curriculum::from_json(&c.to_json()).expect("its own JSON parses");
        assert_eq!(again.to_json(), c.to_json());
    }
}

/// A curriculum document in TOML: what parses writes back to the same curriculum.
pub fn curriculum_toml(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(c) = Curriculum::from_toml(t) {
        exercise(&c);
        if let Ok(toml) = c.to_toml() {
            let again = Curriculum::from_toml(&toml).expect("its own TOML parses");
            assert_eq!(again.to_json(), c.to_json());
        }
    }
}

/// A policy document (JSON, or TOML when it does not parse as JSON): round trip.
pub fn policy(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let parsed = Policy::from_json(t).or_else(|_| Policy::from_toml(t));
    if let Ok(p) = parsed {
        let again = Policy::from_json(&p.to_json()).expect("its own JSON parses");
        assert_eq!(again.to_json(), p.to_json());
    }
}

/// A next-step rules document (JSON, or TOML when it does not parse as JSON): round trip,
/// then every learner of the sample log's steps and the class-wide rows under it, which
/// must agree and hold no NaN or infinity (serde writes them as `null`).
pub fn next_step_rules(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let Ok(rules) = NextStepRules::from_json(t).or_else(|_| NextStepRules::from_toml(t)) else {
        return;
    };
    let again = NextStepRules::from_json(&rules.to_json()).expect("its own JSON parses");
    assert_eq!(again, rules);
    let mut store = LearnerStore::new(course(), Policy::khan()).expect("store");
    store
        .replay_jsonl(include_str!("../../examples/events.jsonl"))
        .expect("the sample log replays");
    let now = Timestamp::parse("2026-10-01").expect("time");
    let goal: Scope = "unit:fractions".parse().expect("scope");
    for scope in [None, Some(&goal)] {
        // Rules naming a level or context the policy lacks are an error, never a panic.
        let Ok(rows) = store.next_steps_all(&rules, scope, now) else {
            return;
        };
        for id in store.learners() {
            let view = store.learner(id).expect("listed learner");
            let steps = masterykit::next_steps(&view, &rules, scope, now).expect("as the rows");
            assert!(steps.len() <= rules.as_doc().max_steps as usize);
            let json = serde_json::to_string(&steps).expect("serializes");
            assert!(!json.contains("null"), "a NaN or an infinity in {json}");
            let mine = rows
                .rows
                .iter()
                .filter(|r| store.learners()[r.learner as usize] == *id);
            assert_eq!(mine.count(), steps.len());
        }
    }
}

/// The store's state as JSON, which must never hold NaN or infinity (JSON has no form for
/// them, so serde would write `null`).
fn check_store(store: &LearnerStore) {
    let snapshot = store.to_snapshot_json();
    let again = LearnerStore::from_snapshot_json(course(), store.policy().clone(), &snapshot)
        .expect("its own snapshot restores");
    assert_eq!(again.to_snapshot_json(), snapshot);
    for id in store.learners() {
        let view = store.learner(id).expect("listed learner");
        for s in view.skills() {
            assert!(s.score_sum.is_finite() && s.points.is_finite());
            assert!(s.p_known.is_none_or(|p| (0.0..=1.0).contains(&p)));
        }
    }
}

/// An event log in JSON Lines, replayed under each preset; what parses writes back the same.
pub fn jsonl_replay(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(events) = parse_jsonl(t) {
        let again = parse_jsonl(&to_jsonl(&events)).expect("its own JSON Lines parse");
        assert_eq!(again, events);
    }
    for policy in [Policy::khan(), Policy::probability()] {
        let mut store = LearnerStore::new(course(), policy.clone()).expect("store");
        let whole = store.replay_jsonl(t);
        check_store(&store);
        // Read as a stream in small blocks: the same state whenever the whole log applies.
        let mut streamed = LearnerStore::new(course(), policy).expect("store");
        let block = 1 + usize::from(data.first().copied().unwrap_or(0) % 64);
        let stop = std::sync::atomic::AtomicBool::new(false);
        let parts = streamed.replay_jsonl_blocks(data, &stop, |_| {}, block);
        check_store(&streamed);
        if whole.is_ok() {
            assert!(parts.is_ok(), "{parts:?}");
            assert_eq!(streamed, store);
        }
    }
}

/// A JSON array of assessments, streamed: the same state as parsing it whole first.
pub fn json_array_replay(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let mut streamed = LearnerStore::new(course(), Policy::khan()).expect("store");
    let result = streamed.replay_json_array(t);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(t)
        && let Ok(events) = masterykit::assessments_from_value(value)
        && result.is_ok()
    {
        let mut whole = LearnerStore::new(course(), Policy::khan()).expect("store");
        let log = whole.compile(&events).expect("compiled once already");
        whole.apply_compiled(&log).expect("applied once already");
        assert_eq!(whole, streamed);
    }
    check_store(&streamed);
}

/// A table of responses (CSV or TSV), replayed as evidence columns.
pub fn evidence_table(data: &[u8]) {
    let mut streamed = LearnerStore::new(course(), Policy::khan()).expect("store");
    let block = 1 + usize::from(data.first().copied().unwrap_or(0) % 64);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let parts = streamed.replay_table_blocks(data, &stop, |_| {}, block);
    check_store(&streamed);
    // The fast reader gives what the general reader gives, table or error.
    match (
        EvidenceTable::from_csv(data),
        EvidenceTable::from_csv_general(data),
    ) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("fast {a:?} vs general {b:?}"),
    }
    if let Ok(table) = EvidenceTable::from_csv(data) {
        let mut store = LearnerStore::new(course(), Policy::khan()).expect("store");
        let whole = store.replay_columns(&table.columns());
        check_store(&store);
        // Read as a stream in small blocks, cut between sittings: the same state whenever
        // the whole table applies.
        if whole.is_ok() {
            assert!(parts.is_ok(), "{parts:?}");
            assert_eq!(streamed, store);
        }
    }
}

/// A response log in pyBKT's or DataShop's columns, fitted briefly: parameters in range.
pub fn response_csv_fit(data: &[u8]) {
    let read = ResponseData::from_csv_bytes(data);
    // Read as a stream in small blocks: the same data, or the same error.
    let block = 1 + usize::from(data.first().copied().unwrap_or(0) % 64);
    match (&read, ResponseData::from_csv_blocks(data, block)) {
        (Ok(a), Ok(b)) => assert_eq!(a, &b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("whole {a:?} vs streamed {b:?}"),
    }
    let Ok(responses) = read else {
        return;
    };
    let options = FitOptions {
        num_fits: 1,
        max_iterations: 5,
        ..FitOptions::default()
    };
    if let Ok(model) = BktModel::fit(&responses, &options) {
        let again = BktModel::from_json(&model.to_json()).expect("its own JSON parses");
        assert_eq!(again.to_json(), model.to_json());
        for (skill, fit) in &model.skills {
            let p = fit.params;
            for v in [p.prior, p.learn, p.guess, p.slip, p.forget] {
                assert!((0.0..=1.0).contains(&v), "{skill}: {p:?}");
            }
            assert!(
                fit.log_likelihood.is_finite(),
                "{skill}: {}",
                fit.log_likelihood
            );
        }
        let e = model
            .evaluate_with(&responses, &masterykit::Unseen::Population)
            .expect("every skill fitted");
        let m = e.metrics;
        for v in [m.rmse, m.auc, m.accuracy, m.log_loss] {
            assert!(v.is_finite(), "{m:?}");
        }
    }
}

/// A fitted-model document: round trip, and predictions are probabilities.
pub fn model_json(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(model) = BktModel::from_json(t) {
        let again = BktModel::from_json(&model.to_json()).expect("its own JSON parses");
        assert_eq!(again.to_json(), model.to_json());
        for skill in model.skills.keys() {
            let Ok(p) = model.params_of(skill) else {
                continue;
            };
            for correct in [true, false] {
                let (predicted, next) = p.observe(p.prior, correct);
                for v in [predicted, next] {
                    assert!((0.0..=1.0).contains(&v), "{skill}: {v}");
                }
            }
        }
    }
}

/// A snapshot document: what restores writes back the same and holds finite numbers.
pub fn snapshot(data: &[u8]) {
    let Some(t) = text(data) else { return };
    for policy in [Policy::khan(), Policy::probability()] {
        if let Ok(store) = LearnerStore::from_snapshot_json(course(), policy, t) {
            check_store(&store);
        }
    }
}

/// Timestamp text and integers: what parses writes back to itself, within years 0-9999.
pub fn timestamp(data: &[u8]) {
    if let Some(t) = text(data)
        && let Ok(ts) = Timestamp::parse(t)
    {
        assert!((Timestamp::MIN..=Timestamp::MAX).contains(&ts));
        assert_eq!(
            Timestamp::parse(&ts.to_rfc3339()).expect("its own text"),
            ts
        );
    }
    if data.len() >= 8 {
        let n = i64::from_le_bytes(data[..8].try_into().expect("8 bytes"));
        for ts in [Timestamp::try_from_secs(n), Timestamp::try_from_millis(n)]
            .into_iter()
            .flatten()
        {
            assert_eq!(
                Timestamp::parse(&ts.to_rfc3339()).expect("its own text"),
                ts
            );
        }
    }
}

/// Evidence columns built from raw bytes: codes, sittings, scores and times of any value.
pub fn evidence_columns(data: &[u8]) {
    let rows = data.len() / 4;
    if rows == 0 {
        return;
    }
    let names = |k: &str, n: usize| (0..n).map(|i| format!("{k}{i}")).collect::<Vec<_>>();
    let learners = names("l", 3);
    let contexts = vec![
        "practice".to_string(),
        "quiz".to_string(),
        "nap".to_string(),
    ];
    let skills = vec![
        "place-value".to_string(),
        "add-whole".to_string(),
        "zz".to_string(),
    ];
    let events = names("e", 4);
    let byte = |r: usize, k: usize| data[r * 4 + k];
    let learner: Vec<u32> = (0..rows).map(|r| u32::from(byte(r, 0) % 4)).collect();
    let context: Vec<u32> = (0..rows).map(|r| u32::from(byte(r, 1) % 3)).collect();
    let skill: Vec<u32> = (0..rows).map(|r| u32::from(byte(r, 2) % 3)).collect();
    let sitting: Vec<i64> = (0..rows).map(|r| i64::from(byte(r, 3) / 64)).collect();
    let score: Vec<f64> = (0..rows)
        .map(|r| match byte(r, 3) % 8 {
            7 => f64::NAN,
            6 => 1.5,
            k => f64::from(k) / 5.0,
        })
        .collect();
    let timestamp: Vec<i64> = (0..rows)
        .map(|r| 1_788_000_000_000 + i64::from(byte(r, 0)) * 3_600_000)
        .collect();
    let event: Vec<u32> = (0..rows)
        .map(|r| match byte(r, 1) % 5 {
            4 => masterykit::EvidenceColumns::NO_EVENT,
            k => u32::from(k),
        })
        .collect();
    let columns = masterykit::EvidenceColumns {
        learners: (&learners, &learner),
        sitting: &sitting,
        contexts: (&contexts, &context),
        skills: (&skills, &skill),
        score: &score,
        timestamp: &timestamp,
        items: None,
        events: Some((&events, &event)),
    };
    let mut store = LearnerStore::new(course(), Policy::khan()).expect("store");
    let _ = store.replay_columns(&columns);
    check_store(&store);
}

/// Scope and teaching specs as a command line or a binding hands them over.
pub fn scope_and_teaching(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(scope) = t.parse::<Scope>() {
        let _ = course().scope_skills(&scope);
    }
    let _ = t.parse::<Teaching>();
}

/// The first skills of the sample course, few enough to place exactly in microseconds.
const PLACEMENT_COURSE: &str = r#"{"format_version": 1, "skills": [
    {"id": "place-value"}, {"id": "add-whole", "prerequisites": ["place-value"]},
    {"id": "sub-whole", "prerequisites": ["add-whole"]},
    {"id": "mul-whole", "prerequisites": ["add-whole"]},
    {"id": "div-whole", "prerequisites": ["mul-whole", "sub-whole"]},
    {"id": "exponents", "prerequisites": ["mul-whole"]}]}"#;

/// Placement options (JSON) or answers (CSV or JSON Lines): either parses to something the
/// session takes, or is an error with a code; estimates stay in [0, 1] and closed.
pub fn placement(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let c = Curriculum::from_json(PLACEMENT_COURSE).expect("the placement course is valid");
    let options = match masterykit::PlacementOptions::from_json(t) {
        // Keep each input fast: a few sweeps are as good a test as many.
        Ok(o) => masterykit::PlacementOptions {
            sweeps: o.sweeps.map(|s| s.min(50)),
            max_states: o.max_states.min(10_000),
            ..o
        },
        Err(e) => {
            assert!(!e.code().is_empty());
            masterykit::PlacementOptions::default()
        }
    };
    let Ok(mut p) = masterykit::Placement::new(&c, options) else {
        return; // e.g. a prior for a skill the course lacks
    };
    if let Ok(answers) = masterykit::placement_answers(t) {
        let before = p.estimate();
        if p.record_answers(&answers).is_err() {
            assert_eq!(p.estimate(), before, "a failed batch records nothing");
        }
    }
    for k in 0..6 {
        let Some(q) = p.next_question() else { break };
        assert!(q.information.is_finite() && q.information >= 0.0);
        let _ = p.record(&q.skill, k % 3 == 0);
    }
    let e = p.estimate();
    for s in &e.skills {
        assert!(
            (0.0..=1.0).contains(&s.p_known),
            "P(known) {} of {}",
            s.p_known,
            s.skill
        );
    }
    for skill in &e.state {
        for pre in c.prerequisites(skill).expect("a course skill") {
            assert!(e.state.iter().any(|s| s == pre), "{skill} without {pre}");
        }
    }
}

/// The sample roster, whose class and learner ids the roster seeds use.
const ROSTER: &str = include_str!("../../examples/roster.json");

/// A roster document, a roster change line, or an event log mixing changes and assessments:
/// what a store takes survives its snapshot, and every class report is free of NaN.
pub fn roster(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let mut store = LearnerStore::new(course(), Policy::khan()).expect("store");
    if let Ok(doc) = RosterDoc::from_json(t) {
        let before = store.to_snapshot_json();
        if store.set_roster(&doc).is_err() {
            assert_eq!(
                store.to_snapshot_json(),
                before,
                "a rejected roster changed the store"
            );
        }
    }
    if let Ok(change) = RosterChange::from_json_line(t) {
        assert_eq!(
            RosterChange::from_json_line(&change.json_line()).expect("its own line parses"),
            change
        );
    }
    let mut mixed = LearnerStore::new(course(), Policy::khan()).expect("store");
    mixed
        .set_roster(&RosterDoc::from_json(ROSTER).expect("sample roster"))
        .expect("sample roster fits");
    let _ = mixed.replay_jsonl(t);
    for s in [&store, &mixed] {
        check_store(s);
        check_class_reports(s);
    }
}

fn check_class_reports(store: &LearnerStore) {
    let now = Timestamp::parse("2026-09-10").expect("date");
    let rules = NextStepRules::khan();
    for class in store.roster().classes() {
        for row in masterykit::scores(store, &class.id, now).expect("known class") {
            assert!(row.seconds.is_finite());
            assert!(
                row.score
                    .into_iter()
                    .chain(row.best_score)
                    .all(|x| (0.0..=1.0).contains(&x))
            );
        }
        for g in masterykit::class_goals(store, &class.id, now).expect("known class") {
            for l in g.learners {
                assert!(l.progress.mastery_percent.is_finite());
            }
        }
        let m = masterykit::class_mastery(store, &class.id).expect("known class");
        assert!(m.learners.iter().all(|r| r.mastery_percent.is_finite()));
        masterykit::class_skills(store, &class.id, &rules).expect("known class");
    }
}

/// A CASE package, read under each id choice and grouping: what reads writes out as a package
/// that reads back to as many skills and prerequisites.
pub fn case_package(data: &[u8]) {
    use masterykit::{CaseExportOptions, CaseIds, CaseImportOptions};
    let Some(t) = text(data) else { return };
    for options in [
        CaseImportOptions::default(),
        CaseImportOptions {
            ids: CaseIds::HumanCodingScheme,
            unit_depth: Some(2),
            ..CaseImportOptions::default()
        },
    ] {
        let Ok(read) = masterykit::curriculum_from_case(t, &options) else {
            continue;
        };
        let c = &read.curriculum;
        exercise(c);
        let package = masterykit::curriculum_to_case(c, &CaseExportOptions::default());
        let back = masterykit::curriculum_from_case(
            &package,
            &CaseImportOptions {
                skill_types: vec!["Skill".into()],
                ..CaseImportOptions::default()
            },
        )
        .expect("a written package reads back");
        assert_eq!(back.curriculum.len(), c.len());
        assert_eq!(back.curriculum.edge_count(), c.edge_count());
    }
}

/// Assessments read from a standard: each a sitting with answers, scores in [0, 1], and
/// replayable (or rejected) without a panic.
fn check_read(read: &masterykit::EvidenceImport) {
    assert_eq!(read.summary.sittings, read.assessments.len());
    let answers: usize = read.assessments.iter().map(|a| a.responses.len()).sum();
    assert_eq!(answers, read.summary.responses);
    for a in &read.assessments {
        assert!(!a.responses.is_empty());
        for r in &a.responses {
            assert!(r.correct.is_some() != r.score.is_some());
            assert!(r.score.is_none_or(|s| (0.0..=1.0).contains(&s)));
            assert!(r.duration.is_none_or(f64::is_finite));
        }
    }
    let mut store = LearnerStore::new(course(), Policy::khan()).expect("store");
    if let Ok(log) = store.compile(&read.assessments) {
        let _ = store.apply_compiled(&log);
    }
    check_store(&store);
}

/// xAPI statements (any shape an LRS or a file gives) under two mappings.
pub fn xapi_statements(data: &[u8]) {
    let Some(t) = text(data) else { return };
    for mapping in mappings() {
        if let Ok(read) = masterykit::assessments_from_xapi(t, &mapping) {
            check_read(&read);
        }
    }
}

/// Caliper events (an envelope, an array, JSON Lines) under two mappings.
pub fn caliper_events(data: &[u8]) {
    let Some(t) = text(data) else { return };
    for mapping in mappings() {
        if let Ok(read) = masterykit::assessments_from_caliper(t, &mapping) {
            check_read(&read);
        }
    }
}

fn mappings() -> [masterykit::EvidenceMapping; 2] {
    use masterykit::{EvidenceMapping, Sittings, Unplaced};
    [
        EvidenceMapping::default(),
        EvidenceMapping {
            unknown_verbs: Unplaced::Skip,
            unmapped_items: Unplaced::Skip,
            sittings: Sittings::Gap,
            gap_seconds: 60.0,
            ..EvidenceMapping::default()
        },
    ]
}
