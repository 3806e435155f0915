//! Class-wide next steps: every learner's list for a class of 1,000,000 learners x 100
//! skills (10 units of 10, one course; each skill needs the one before it and, from the
//! second unit on, one in the unit before), after 3,000,000 sittings of practice and
//! quizzes spread over 60 days.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{Mix, SEED};
use masterykit::{
    Assessment, Course, Curriculum, CurriculumDoc, LearnerStore, NextStepRules, Policy, Response,
    Scope, Skill, Timestamp, Unit,
};

const LEARNERS: usize = 1_000_000;
const SKILLS: usize = 100;
const SITTINGS: usize = 3_000_000;
const DAY: i64 = 86_400;

fn curriculum() -> Curriculum {
    let mut doc = CurriculumDoc::default();
    for i in 0..SKILLS {
        let mut prerequisites = Vec::new();
        if i % 10 != 0 {
            prerequisites.push(format!("s{:03}", i - 1));
        }
        let earlier = i.wrapping_sub(10) + (i * 7) % 10;
        if i >= 10 && earlier != i - 1 {
            prerequisites.push(format!("s{earlier:03}"));
        }
        doc.skills
            .push(Skill::new(format!("s{i:03}"), "").with_prerequisites(prerequisites));
    }
    let units: Vec<String> = (0..SKILLS / 10).map(|u| format!("u{u}")).collect();
    for (u, id) in units.iter().enumerate() {
        doc.units.push(Unit::new(
            id.clone(),
            "",
            (u * 10..u * 10 + 10).map(|i| format!("s{i:03}")),
        ));
    }
    doc.courses.push(Course::new("course", "", units));
    Curriculum::from_doc(doc).expect("valid")
}

/// A learner works forward from the start: most sittings are 4-question practice on the
/// learner's next skill or one already seen, every sixth a quiz over three skills seen.
fn store() -> LearnerStore {
    let mut store = LearnerStore::new(curriculum(), Policy::khan()).expect("store");
    store.set_keep_history(false);
    let mut rng = Mix(SEED);
    let mut reached = vec![0usize; LEARNERS];
    let log = store
        .compile_iter((0..SITTINGS).map(|i| {
            let l = rng.below(LEARNERS);
            let quiz = i % 6 == 5 && reached[l] > 2;
            let mut a = Assessment::new(
                format!("learner-{l}"),
                if quiz { "quiz" } else { "practice" },
                Timestamp::from_secs(1_788_000_000 + (i as i64 * 60 * DAY) / SITTINGS as i64),
            );
            for q in 0..4 {
                let review = quiz || (rng.below(3) == 0 && reached[l] > 0);
                let s = if review {
                    rng.below(reached[l])
                } else {
                    reached[l]
                };
                a = a.with(Response::answer(
                    format!("i{q}"),
                    format!("s{s:03}"),
                    rng.below(10) < 8,
                ));
            }
            if !quiz {
                reached[l] = (reached[l] + 1).min(SKILLS - 1);
            }
            a
        }))
        .expect("valid");
    store.apply_compiled(&log).expect("applies");
    store
}

fn bench(c: &mut Criterion) {
    let store = store();
    let rules = NextStepRules::khan();
    let now = Timestamp::from_secs(1_788_000_000 + 70 * DAY);
    let course: Scope = "course:course".parse().expect("scope");
    let unit: Scope = "unit:u1".parse().expect("scope");
    let mut group = c.benchmark_group("next_steps_1m_learners_100_skills");
    group.sample_size(10);
    group.throughput(Throughput::Elements(store.learners().len() as u64));
    group.bench_function("class_toward_the_course", |b| {
        b.iter(|| {
            store
                .next_steps_all(&rules, Some(black_box(&course)), now)
                .expect("rows")
                .rows
                .len()
        })
    });
    group.bench_function("class_toward_a_unit", |b| {
        b.iter(|| {
            store
                .next_steps_all(&rules, Some(black_box(&unit)), now)
                .expect("rows")
                .rows
                .len()
        })
    });
    group.finish();

    let mut one = c.benchmark_group("next_steps_one_learner");
    let learner = store.require_learner("learner-42").expect("known");
    one.bench_function("with_reasons_and_text", |b| {
        b.iter(|| {
            masterykit::next_steps(black_box(&learner), &rules, Some(&course), now)
                .expect("steps")
                .len()
        })
    });
    one.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
