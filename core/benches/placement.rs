//! Placement: one answer recorded and the next question chosen, on the 50-skill sample course
//! (exact posterior over its closed states) and on generated curricula of 1,000 and 10,000
//! skills (Gibbs sampling, default sweeps).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use masterykit::{Curriculum, Placement, PlacementOptions};

mod common;
use common::SEED;

/// A session a few answers in, ready for the next answer.
fn session(course: &Curriculum) -> Placement {
    let options = PlacementOptions {
        seed: SEED,
        max_questions: Some(1_000),
        ..PlacementOptions::default()
    };
    let mut p = Placement::new(course, options).expect("placement");
    for k in 0..5 {
        let q = p.next_question().expect("question");
        p.record(&q.skill, k % 2 == 0).expect("answer");
    }
    p
}

fn bench(c: &mut Criterion) {
    let path = format!("{}/../examples/prealgebra.json", env!("CARGO_MANIFEST_DIR"));
    let sample =
        Curriculum::from_json(&std::fs::read_to_string(path).expect("sample")).expect("valid");
    let mut group = c.benchmark_group("placement_answer_and_next_question");
    group.sample_size(10);
    for (name, course) in [
        ("sample_course_50_exact", sample),
        (
            "generated_1000_sampling",
            Curriculum::generate(1_000, SEED).expect("generated"),
        ),
        (
            "generated_10000_sampling",
            Curriculum::generate(10_000, SEED).expect("generated"),
        ),
    ] {
        let start = session(&course);
        group.bench_function(name, |b| {
            b.iter_batched(
                || start.clone(),
                |mut p| {
                    let q = p.next_question().expect("question");
                    p.record(&q.skill, true).expect("answer");
                    black_box(p.next_question())
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
