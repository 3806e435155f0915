//! Replay throughput: a class of 1,000,000 learners x 100 skills under the Khan-style policy
//! (and the probability policy), 20,000,000 responses in 4,000,000 assessments, folded from an
//! empty store and onto existing rows.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{Mix, SEED};
use masterykit::{Assessment, CompiledLog, Curriculum, LearnerStore, Policy, Response, Timestamp};

const LEARNERS: usize = 1_000_000;
const SKILLS: usize = 100;
const ASSESSMENTS: usize = 4_000_000;

fn curriculum() -> Curriculum {
    Curriculum::from_doc(common::chain(SKILLS)).expect("valid")
}

/// Mostly 5-question practice on one skill; every fifth sitting a 5-question quiz over
/// several skills. Event ids on every sitting, as real logs have.
fn assessments(with_ids: bool) -> impl Iterator<Item = Assessment> {
    let mut rng = Mix(SEED);
    (0..ASSESSMENTS).map(move |i| {
        let learner = format!("learner-{}", rng.below(LEARNERS));
        let quiz = i % 5 == 4;
        let mut a = Assessment::new(
            learner,
            if quiz { "quiz" } else { "practice" },
            Timestamp::from_secs(1_788_000_000 + i as i64),
        );
        let skill = rng.below(SKILLS);
        for q in 0..5 {
            let s = if quiz { rng.below(SKILLS) } else { skill };
            a = a.with(Response::answer(
                format!("i{q}"),
                format!("s{s:03}"),
                rng.below(10) < 8,
            ));
        }
        if with_ids {
            a = a.event(format!("ev-{i}"));
        }
        a
    })
}

/// From an empty store: the timing includes growing every table and the first touch of the
/// 1.6 GB of cells (the store reserves what the log needs itself).
fn replay(store: &LearnerStore, log: &CompiledLog) -> Duration {
    let mut fresh = store.clone();
    fresh.set_keep_history(false);
    let start = Instant::now();
    black_box(fresh.apply_compiled(black_box(log)).expect("valid"));
    let took = start.elapsed();
    assert_eq!(fresh.learners().len(), black_box(fresh.learners().len()));
    drop(fresh);
    took
}

/// A copy of `store` with `log` applied once: every learner row exists.
fn warmed(store: &LearnerStore, log: &CompiledLog) -> LearnerStore {
    let mut warm = store.clone();
    warm.set_keep_history(false);
    warm.apply_compiled(log).expect("valid");
    warm
}

/// Onto existing rows: only the level rules, no allocation or first touch.
fn refold(warm: &mut LearnerStore, log: &CompiledLog) -> Duration {
    let start = Instant::now();
    black_box(warm.apply_compiled(black_box(log)).expect("valid"));
    start.elapsed()
}

fn bench(c: &mut Criterion) {
    let empty = LearnerStore::new(curriculum(), Policy::khan()).expect("store");
    let t = Instant::now();
    let with_ids = empty.compile_iter(assessments(true)).expect("valid");
    eprintln!(
        "compiled {} assessments / {} responses in {:.2?}",
        with_ids.len(),
        with_ids.response_count(),
        t.elapsed()
    );
    let without_ids = empty.compile_iter(assessments(false)).expect("valid");

    let mut group = c.benchmark_group("replay_1m_learners_100_skills");
    group.sample_size(10);
    group.throughput(Throughput::Elements(with_ids.response_count() as u64));
    group.bench_function("apply_compiled_with_event_ids", |b| {
        b.iter_custom(|n| (0..n).map(|_| replay(&empty, &with_ids)).sum())
    });
    group.bench_function("apply_compiled_without_event_ids", |b| {
        b.iter_custom(|n| (0..n).map(|_| replay(&empty, &without_ids)).sum())
    });
    // The same fold onto a store whose learner rows already exist: no allocation or
    // first touch of the 1.6 GB of cells, only the level rules.
    let mut warm = warmed(&empty, &without_ids);
    group.bench_function("apply_compiled_onto_existing_rows", |b| {
        b.iter_custom(|n| (0..n).map(|_| refold(&mut warm, &without_ids)).sum())
    });
    // Under the probability policy: a BKT update per response and a P(known) per cell.
    let probability = LearnerStore::new(curriculum(), Policy::probability()).expect("store");
    let log = probability.compile_iter(assessments(false)).expect("valid");
    group.bench_function("probability_policy_from_empty", |b| {
        b.iter_custom(|n| (0..n).map(|_| replay(&probability, &log)).sum())
    });
    let mut warm = warmed(&probability, &log);
    group.bench_function("probability_policy_onto_existing_rows", |b| {
        b.iter_custom(|n| (0..n).map(|_| refold(&mut warm, &log)).sum())
    });
    group.finish();

    let mut group = c.benchmark_group("compile_assessments");
    group.sample_size(10);
    group.throughput(Throughput::Elements(500_000));
    group.bench_function("validate_and_resolve_100k_assessments", |b| {
        b.iter(|| {
            empty
                .compile_iter(assessments(true).take(100_000))
                .expect("valid")
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
