//! Work split into parts and merged gives what one process gives: fits split by skill
//! (models merged), replays split by learner (stores merged), simulations split by learner
//! range (results merged). Dask and Spark run these splits.

mod support;

use masterykit::{
    Assessment, BktModel, FitOptions, LearnerStore, MessyConfig, Policy, ResponseData, RosterDoc,
    SimConfig, Teaching, learner_report, messy_log, simulate,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use support::{practice, prealgebra};

/// The rows of a pyBKT CSV, one row per skill of a multi-skill row, grouped into `parts`
/// by a hash of the skill: the parts a cluster fits side by side.
fn split_by_skill(csv: &str, parts: usize) -> Vec<String> {
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    let skill_col = header
        .split(',')
        .position(|c| c == "skill_name")
        .expect("skill column");
    let mut out = vec![format!("{header}\n"); parts];
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        for skill in fields[skill_col].split("~~") {
            let part = (xxhash(skill) % parts as u64) as usize;
            let mut row = fields.clone();
            row[skill_col] = skill;
            out[part].push_str(&row.join(","));
            out[part].push('\n');
        }
    }
    out
}

fn xxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x1_0000_01b3)
    })
}

#[test]
fn fits_split_by_skill_merge_into_the_fit_of_the_whole_log() {
    let log = messy_log(&MessyConfig {
        learners: 60,
        skills: 18,
        responses: 12_000,
        seed: 3,
        ..MessyConfig::default()
    });
    let whole = ResponseData::from_csv_bytes(log.train.as_bytes()).expect("log");
    for (options, parts) in [
        (
            FitOptions {
                num_fits: 3,
                seed: 7,
                ..FitOptions::default()
            },
            2,
        ),
        (
            FitOptions::from_value(serde_json::json!({"num_fits": 2, "forgets": true, "seed": 1}))
                .expect("options"),
            5,
        ),
        (
            FitOptions::from_value(serde_json::json!({"num_fits": 2, "multigs": true}))
                .expect("options"),
            3,
        ),
    ] {
        let one = BktModel::fit(&whole, &options).expect("fit");
        let mut merged: Option<BktModel> = None;
        for part in split_by_skill(&log.train, parts) {
            let data = ResponseData::from_csv_bytes(part.as_bytes()).expect("part");
            let model = BktModel::fit(&data, &options).expect("fit part");
            match &mut merged {
                None => merged = Some(model),
                Some(m) => m.merge(&model).expect("disjoint skills"),
            }
        }
        let merged = merged.expect("parts");
        assert_eq!(merged.to_json(), one.to_json(), "{parts} parts");
    }
}

/// Practice of `learners` learners on the sample course, seeded, as assessments in time
/// order; some carry event ids.
fn evidence(learners: usize, seed: u64) -> Vec<Assessment> {
    let course = prealgebra();
    let skills: Vec<String> = course.skills().iter().map(|s| s.id.clone()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for day in 1..=20 {
        for _ in 0..learners {
            let l = rng.random_range(0..learners);
            let skill = &skills[rng.random_range(0..skills.len())];
            let answers: Vec<bool> = (0..rng.random_range(1..6))
                .map(|_| rng.random_bool(0.7))
                .collect();
            let mut a = practice(
                &format!("s{l}"),
                skill,
                &answers,
                &format!("2026-09-{day:02}T10:00:00Z"),
            );
            if rng.random_bool(0.5) {
                a = a.event(format!("e{}", out.len()));
            }
            out.push(a);
        }
    }
    out
}

/// A snapshot with learners in id order: the state, whatever order learners joined in.
fn canonical(store: &LearnerStore) -> Value {
    let mut snap: Value = serde_json::from_str(&store.to_snapshot_json()).expect("snapshot");
    if let Some(l) = snap["learners"].as_array_mut() {
        l.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    }
    snap
}

#[test]
fn replays_split_by_learner_merge_into_the_replay_of_the_whole_log() {
    let all = evidence(40, 11);
    let roster: RosterDoc = serde_json::from_value(serde_json::json!({
        "format_version": 1,
        "classes": [{"id": "c1", "learners": ["s1", "s2", "s3", "s39", "new-kid"]}],
        "assignments": [{"id": "a1", "class": "c1", "skills": ["add-whole"], "context": "practice"}]
    }))
    .expect("roster");
    let fresh = || {
        let mut s = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        s.set_roster(&roster).expect("roster");
        s
    };
    let mut one = fresh();
    for a in &all {
        one.apply(a).expect("apply");
    }
    for parts in [1, 2, 3, 7] {
        let mut stores: Vec<LearnerStore> = (0..parts).map(|_| fresh()).collect();
        for a in &all {
            let part = (xxhash(&a.learner) % parts as u64) as usize;
            stores[part].apply(a).expect("apply");
        }
        let mut merged = stores.remove(0);
        for s in &stores {
            merged.merge(s).expect("disjoint learners");
        }
        assert_eq!(canonical(&merged), canonical(&one), "{parts} parts");
        assert_eq!(merged.transitions().len(), one.transitions().len());
        for id in one.learners().iter() {
            let a = learner_report(&one.learner_or_empty(id)).expect("report");
            let b = learner_report(&merged.learner_or_empty(id)).expect("report");
            assert_eq!(
                serde_json::to_value(a).expect("json"),
                serde_json::to_value(b).expect("json"),
                "{id}"
            );
        }
        for id in ["s1", "new-kid"] {
            assert_eq!(
                merged.assignment_work("a1", id).expect("work"),
                one.assignment_work("a1", id).expect("work")
            );
        }
    }
}

#[test]
fn merging_what_cannot_be_merged_is_a_typed_error_that_changes_nothing() {
    let all = evidence(10, 5);
    let mut a = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let mut b = a.clone();
    for x in &all {
        if x.learner.as_str() < "s5" {
            a.apply(x).expect("apply");
        } else {
            b.apply(x).expect("apply");
        }
    }
    let before = canonical(&a);
    // The same learner with evidence in both.
    assert_eq!(
        a.merge(&a.clone()).expect_err("refused").code(),
        "duplicate_learner"
    );
    // Another policy.
    let other = LearnerStore::new(prealgebra(), Policy::khan_pre_2018()).expect("store");
    assert_eq!(
        a.merge(&other).expect_err("refused").code(),
        "merge_conflict"
    );
    // An event id applied in both.
    let mut c = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    let shared = all
        .iter()
        .find(|x| x.event_id.is_some() && x.learner.as_str() < "s5")
        .expect("event");
    let mut copy = shared.clone();
    copy.learner = "zz".into();
    c.apply(&copy).expect("apply");
    let err = a.merge(&c).expect_err("refused");
    assert_eq!(err.code(), "merge_conflict");
    assert!(
        err.to_string()
            .contains(shared.event_id.as_deref().unwrap_or("")),
        "{err}"
    );
    assert_eq!(canonical(&a), before);
    a.merge(&b).expect("disjoint");

    // Models sharing a skill.
    let data = ResponseData::from_columns(&["u", "v"], &["add", "add"], &[true, false], None)
        .expect("data");
    let mut m = BktModel::fit(&data, &FitOptions::default()).expect("fit");
    let copy = m.clone();
    let err = m.merge(&copy).expect_err("refused");
    assert_eq!(
        (err.code(), err.to_string().contains("`add`")),
        ("merge_conflict", true)
    );
    assert_eq!(m, copy);
}

#[test]
fn simulations_split_by_learner_range_merge_into_one_run() {
    let course = prealgebra();
    for (teaching, record_log) in [
        (Teaching::FixedPace { items: 4 }, true),
        (Teaching::NextSteps { max_items: 40 }, false),
    ] {
        let run = |first_learner, learners| {
            let config = SimConfig {
                first_learner,
                learners,
                seed: 9,
                record_log,
                max_steps: 200,
                ..SimConfig::default()
            };
            simulate(&course, &teaching, &config).expect("simulate")
        };
        let one = run(0, 50);
        let mut merged = run(0, 17);
        merged.merge(&run(17, 20)).expect("follows");
        merged.merge(&run(37, 13)).expect("follows");
        assert_eq!(merged, one);
        assert_eq!(
            merged.log.as_ref().map(ResponseData::to_csv),
            one.log.as_ref().map(ResponseData::to_csv)
        );
        let err = merged.clone().merge(&run(60, 5)).expect_err("refused");
        assert_eq!(err.code(), "merge_conflict");
        // A result read back from JSON that does not fit its own run is refused, not merged.
        let mut odd = run(50, 2);
        odd.learners[0].levels[0] = 99;
        let err = merged.clone().merge(&odd).expect_err("refused");
        assert_eq!(err.code(), "invalid_number");
        odd.learners[0].levels.pop();
        assert_eq!(
            merged.clone().merge(&odd).expect_err("refused").code(),
            "invalid_number"
        );
    }
}

#[test]
fn a_log_read_as_a_stream_replays_as_the_whole_text() {
    let all = evidence(30, 21);
    let mut text: String = all
        .iter()
        .map(|a| serde_json::to_string(a).expect("json") + "\n")
        .collect();
    let mut whole = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    whole.replay_jsonl(&text).expect("replays");
    let stop = std::sync::atomic::AtomicBool::new(false);
    for block in [1, 300, 5000, 1 << 20] {
        let mut streamed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        let mut seen = 0;
        streamed
            .replay_jsonl_blocks(text.as_bytes(), &stop, |b| seen = b, block)
            .expect("replays");
        assert_eq!(streamed, whole, "block {block}");
        assert_eq!(streamed.transitions(), whole.transitions());
        assert_eq!(seen, text.len() as u64);
    }
    // An error names its line in the whole log, whatever the blocks.
    let lines = text.lines().count();
    text.push_str("{\"learner\": \"x\"}\n");
    for block in [1, 300, 1 << 20] {
        let mut streamed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        let err = streamed
            .replay_jsonl_blocks(text.as_bytes(), &stop, |_| {}, block)
            .expect_err("bad line");
        assert!(
            err.to_string().starts_with(&format!("line {}", lines + 1)),
            "{err}"
        );
    }
}

#[test]
fn a_table_read_as_a_stream_replays_as_the_whole_table() {
    let all = evidence(30, 22);
    let mut csv = String::from("learner,sitting,context,skill,correct,timestamp,event_id\n");
    for (k, a) in all.iter().enumerate() {
        for r in &a.responses {
            csv.push_str(&format!(
                "{},{k},{},{},{},{},{}\n",
                a.learner,
                a.context,
                r.skills[0],
                u8::from(r.score == Some(1.0)),
                a.timestamp.as_millis() / 1000,
                a.event_id.as_deref().unwrap_or("")
            ));
        }
    }
    let table = masterykit::EvidenceTable::from_csv(csv.as_bytes()).expect("table");
    let mut whole = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
    whole.replay_columns(&table.columns()).expect("replays");
    let stop = std::sync::atomic::AtomicBool::new(false);
    for block in [1, 90, 4000, 1 << 20] {
        let mut streamed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        streamed
            .replay_table_blocks(csv.as_bytes(), &stop, |_| {}, block)
            .expect("replays");
        assert_eq!(streamed, whole, "block {block}");
        assert_eq!(
            streamed.activity().len(),
            whole.activity().len(),
            "sittings kept whole"
        );
    }
    // An error names its row in the whole table, whatever the blocks.
    let rows = table.len();
    csv.push_str("zz,1,practice,add-whole,7,1788000000,\n");
    for block in [1, 90, 1 << 20] {
        let mut streamed = LearnerStore::new(prealgebra(), Policy::khan()).expect("store");
        let err = streamed
            .replay_table_blocks(csv.as_bytes(), &stop, |_| {}, block)
            .expect_err("bad row");
        assert!(err.to_string().starts_with(&format!("row {rows}")), "{err}");
    }
}
