//! BKT hot paths on a generated log of 20 skills x 5,000 learners x 20 steps (2M responses):
//! reading the CSV, fitting (one restart, as the side-by-side script), evaluating.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use masterykit::{BktModel, FitOptions, ResponseData, random_params, synthesize};

mod common;
use common::SEED;

fn bench(c: &mut Criterion) {
    let data = synthesize(&random_params(20, false, SEED), 5000, 20, SEED);
    let csv = data.to_csv();
    let options = FitOptions {
        num_fits: 1,
        ..FitOptions::default()
    };
    let model = BktModel::fit(&data, &options).expect("fits");

    // The reader in bytes per second, grouping into sequences included.
    let mut group = c.benchmark_group("bkt_csv_bytes");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(csv.len() as u64));
    group.bench_function("read_csv", |b| {
        b.iter(|| {
            ResponseData::from_csv_bytes(black_box(csv.as_bytes()))
                .expect("parses")
                .len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("bkt_2m_responses");
    group.sample_size(10);
    group.throughput(Throughput::Elements(data.len() as u64));
    group.bench_function("fit_one_restart", |b| {
        b.iter(|| BktModel::fit(black_box(&data), &options).expect("fits"))
    });
    group.bench_function("evaluate", |b| {
        b.iter(|| model.evaluate(black_box(&data)).expect("evaluates"))
    });
    group.bench_function("predict", |b| {
        b.iter(|| model.predict(black_box(&data)).expect("predicts").len())
    });
    group.finish();
}

/// EM's inner loop in nanoseconds per response per iteration on one core: one skill, one
/// restart, a fixed 20 iterations (tolerance 0), so the thread pool plays no part.
fn em(c: &mut Criterion) {
    let data = synthesize(&random_params(1, false, SEED), 20_000, 50, SEED);
    let iterations = 20;
    let mut group = c.benchmark_group("bkt_em_response_iterations");
    group.sample_size(10);
    group.throughput(Throughput::Elements(
        data.len() as u64 * u64::from(iterations),
    ));
    for forgets in [false, true] {
        let options = FitOptions {
            num_fits: 1,
            tolerance: 0.0,
            max_iterations: iterations,
            forgets,
            ..FitOptions::default()
        };
        let name = if forgets { "forgets" } else { "plain" };
        group.bench_function(name, |b| {
            b.iter(|| BktModel::fit(black_box(&data), &options).expect("fits"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, em);
criterion_main!(benches);
