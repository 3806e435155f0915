//! Simulated responses per second: 10,000 learners through the 50-skill sample course.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use masterykit::{Curriculum, SimConfig, Teaching, simulate};

mod common;
use common::SEED;

fn bench(c: &mut Criterion) {
    let path = format!("{}/../examples/prealgebra.json", env!("CARGO_MANIFEST_DIR"));
    let course =
        Curriculum::from_json(&std::fs::read_to_string(path).expect("sample")).expect("valid");
    let config = SimConfig {
        learners: 10_000,
        seed: SEED,
        ..SimConfig::default()
    };
    let fixed = Teaching::FixedPace { items: 10 };
    let responses = simulate(&course, &fixed, &config).expect("runs").mean_steps * 10_000.0;
    let mut group = c.benchmark_group("simulate_10k_learners_50_skills");
    group.sample_size(10);
    group.throughput(Throughput::Elements(responses as u64));
    group.bench_function("fixed_pace_10_items", |b| {
        b.iter(|| simulate(black_box(&course), &fixed, &config).expect("runs"))
    });
    let gated = Teaching::MasteryThreshold {
        threshold: 0.95,
        max_items: 20,
    };
    let gated_responses = simulate(&course, &gated, &config).expect("runs").mean_steps * 10_000.0;
    group.throughput(Throughput::Elements(gated_responses as u64));
    group.bench_function("mastery_threshold_0_95", |b| {
        b.iter(|| simulate(black_box(&course), &gated, &config).expect("runs"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
