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

criterion_group!(benches, bench);
criterion_main!(benches);
