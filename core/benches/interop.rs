//! Standards in: an LRS batch of 200,000 xAPI statements (10,000 learners, 100 skills, five
//! answers a sitting by registration, account and mailbox actors, success and scaled scores,
//! durations), read into assessments, then read and applied to a store; and a CASE package
//! of 2,000 items read as a curriculum.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{Mix, SEED};
use masterykit::{
    CaseExportOptions, CaseImportOptions, Curriculum, EvidenceMapping, LearnerStore, Policy,
    assessments_from_xapi, curriculum_from_case, curriculum_to_case,
};

const STATEMENTS: usize = 200_000;
const LEARNERS: usize = 10_000;
const SKILLS: usize = 100;

/// The batch, as an LRS returns it: statements in time order, five per registration.
fn batch() -> String {
    let mut rng = Mix(SEED);
    let mut out = String::from("{\"statements\": [");
    let mut learner = 0;
    let mut skill = 0;
    for i in 0..STATEMENTS {
        if i % 5 == 0 {
            learner = rng.below(LEARNERS);
            skill = rng.below(SKILLS);
        }
        if i > 0 {
            out.push(',');
        }
        let actor = if learner % 2 == 0 {
            format!(
                r#"{{"objectType": "Agent", "account": {{"homePage": "https://lms.example", "name": "u{learner}"}}}}"#
            )
        } else {
            format!(
                r#"{{"objectType": "Agent", "name": "Learner {learner}", "mbox": "mailto:l{learner}@school.example"}}"#
            )
        };
        let result = if i % 7 == 0 {
            format!(
                r#"{{"score": {{"scaled": 0.{}}}, "duration": "PT{}S"}}"#,
                rng.below(10),
                20 + rng.below(60)
            )
        } else {
            format!(
                r#"{{"success": {}, "duration": "PT{}.5S"}}"#,
                rng.below(10) < 7,
                20 + rng.below(60)
            )
        };
        let minute = i / 5;
        out.push_str(&format!(
            r#"{{"id": "{:08x}-0000-4000-8000-{:012x}", "actor": {actor},
 "verb": {{"id": "http://adlnet.gov/expapi/verbs/answered", "display": {{"en-US": "answered"}}}},
 "object": {{"objectType": "Activity", "id": "https://app.example/items/s{skill:03}-q{}",
   "definition": {{"extensions": {{"urn:masterykit:skills": "s{skill:03}"}}}}}},
 "result": {result},
 "context": {{"registration": "{:08x}-1111-4111-8111-{:012x}"}},
 "timestamp": "2026-02-{:02}T{:02}:{:02}:{:02}Z"}}"#,
            i,
            i,
            rng.below(20),
            i / 5,
            i / 5,
            1 + minute / 1440 % 28,
            minute / 60 % 24,
            minute % 60,
            i % 5 * 10,
        ));
    }
    out.push_str("], \"more\": \"\"}");
    out
}

fn bench(c: &mut Criterion) {
    let text = batch();
    let mapping = EvidenceMapping::default();
    let curriculum = Curriculum::from_doc(common::chain(SKILLS)).expect("valid");
    let read = assessments_from_xapi(&text, &mapping).expect("the batch reads");
    assert_eq!(read.summary.responses, STATEMENTS);

    let mut g = c.benchmark_group("xapi");
    g.sample_size(10);
    g.throughput(Throughput::Elements(STATEMENTS as u64));
    g.bench_function("read 200k statements", |b| {
        b.iter(|| black_box(assessments_from_xapi(black_box(&text), &mapping).expect("reads")))
    });
    g.bench_function("apply the 200k statements read", |b| {
        b.iter(|| {
            let mut store = LearnerStore::new(curriculum.clone(), Policy::khan()).expect("store");
            let log = store.compile(&read.assessments).expect("compiles");
            black_box(store.apply_compiled(&log).expect("applies"))
        })
    });
    g.bench_function("read and apply 200k statements", |b| {
        b.iter(|| {
            let read = assessments_from_xapi(black_box(&text), &mapping).expect("reads");
            let mut store = LearnerStore::new(curriculum.clone(), Policy::khan()).expect("store");
            let log = store.compile(&read.assessments).expect("compiles");
            black_box(store.apply_compiled(&log).expect("applies"))
        })
    });
    g.finish();

    let big = Curriculum::generate(2_000, SEED).expect("generated");
    let package = curriculum_to_case(&big, &CaseExportOptions::default());
    let options = CaseImportOptions {
        skill_types: vec!["Skill".into()],
        ..CaseImportOptions::default()
    };
    let mut g = c.benchmark_group("case");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(package.len() as u64));
    g.bench_function("read a 2,000-skill package", |b| {
        b.iter(|| black_box(curriculum_from_case(black_box(&package), &options).expect("reads")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
