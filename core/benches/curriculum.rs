//! Curriculum benchmarks on a generated curriculum of 100,000 skills and 300,000 edges.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{Mix, SEED};
use masterykit::{Curriculum, CurriculumDoc, Prerequisite, Skill, Unit};

const SKILLS: usize = 100_000;
const EDGES: usize = 300_000;

/// Skills in units of 50; each edge goes from an earlier skill within a window of 500 to a
/// later one, the way prerequisites stay local in real courses.
fn generate() -> CurriculumDoc {
    let mut rng = Mix(SEED);
    let mut doc = CurriculumDoc::default();
    for i in 0..SKILLS {
        doc.skills
            .push(Skill::new(format!("skill-{i:06}"), format!("Skill {i}")));
    }
    let mut edges = std::collections::HashSet::with_capacity(EDGES);
    while edges.len() < EDGES {
        let b = 1 + rng.below(SKILLS - 1);
        let a = b - 1 - rng.below(b.min(500));
        if edges.insert((a, b)) {
            doc.skills[b]
                .prerequisites
                .push(Prerequisite::new(format!("skill-{a:06}")));
        }
    }
    for (u, chunk) in (0..SKILLS).collect::<Vec<_>>().chunks(50).enumerate() {
        doc.units.push(Unit::new(
            format!("unit-{u}"),
            "",
            chunk.iter().map(|i| format!("skill-{i:06}")),
        ));
    }
    doc
}

fn bench(c: &mut Criterion) {
    let doc = generate();
    let json = serde_json::to_string(&doc).expect("serializes");
    let curriculum = Curriculum::from_doc(doc.clone()).expect("valid");
    let known = curriculum
        .skill_set(curriculum.learnable_order().iter().take(SKILLS / 2))
        .expect("known");

    let mut group = c.benchmark_group("curriculum_100k_skills_300k_edges");
    group.sample_size(10);
    group.bench_function("load_json_validate_order", |b| {
        b.iter(|| Curriculum::from_json(black_box(&json)).expect("valid"))
    });
    group.bench_function("validate_order", |b| {
        b.iter_batched(
            || doc.clone(),
            |d| Curriculum::from_doc(black_box(d)).expect("valid"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("frontier", |b| {
        b.iter(|| black_box(curriculum.frontier(black_box(&known))).len())
    });
    group.bench_function("path_to_last_skill", |b| {
        let last = curriculum.learnable_order()[SKILLS - 1].to_string();
        let empty = curriculum.skill_set(Vec::<&str>::new()).expect("empty");
        b.iter(|| {
            curriculum
                .path_to([last.as_str()], black_box(&empty))
                .expect("ok")
                .len()
        })
    });
    group.bench_function("redundant_edges", |b| {
        b.iter(|| curriculum.redundant_edges().len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
