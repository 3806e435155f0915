//! A district: 100,000 learners in 4,000 classes, a course goal per class, 200
//! assignments (each given to 20 classes), 20,000,000 responses. Replay with and without the
//! roster, and the class-goal and Scores reports for one class and for every class.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{Mix, SEED};
use masterykit::{
    Assessment, Assignment, Class, ClassGoal, CompiledLog, Course, Curriculum, LearnerStore,
    Policy, Response, RosterDoc, Scope, Timestamp, Unit, class_goals, scores,
};

const LEARNERS: usize = 100_000;
const CLASSES: usize = 4_000;
const SKILLS: usize = 100;
const ASSIGNMENTS: usize = 200;
const ASSESSMENTS: usize = 4_000_000;
const START: i64 = 1_788_000_000;

fn curriculum() -> Curriculum {
    let mut doc = common::chain(SKILLS);
    for u in 0..10 {
        doc.units.push(Unit::new(
            format!("u{u}"),
            "",
            (0..10).map(|k| format!("s{:03}", u * 10 + k)),
        ));
    }
    doc.courses
        .push(Course::new("course", "", (0..10).map(|u| format!("u{u}"))));
    Curriculum::from_doc(doc).expect("valid")
}

/// 25 learners per class; a course goal per class due after the log; each assignment
/// given to 20 classes, on one skill in practice or three in a quiz.
fn roster() -> RosterDoc {
    let mut doc = RosterDoc::default();
    for c in 0..CLASSES {
        let learners = (0..LEARNERS / CLASSES).map(|k| format!("learner-{}", c * 25 + k));
        doc.classes.push(Class::new(&format!("c{c}"), "", learners));
        let mut goal = ClassGoal::for_class(
            &format!("g{c}"),
            Scope::Course("course".into()),
            &format!("c{c}"),
        );
        goal.start = Some(Timestamp::from_secs(START));
        goal.due = Some(Timestamp::from_secs(START + 2 * ASSESSMENTS as i64));
        doc.goals.push(goal);
    }
    for a in 0..ASSIGNMENTS {
        let first = a % SKILLS;
        let mut assignment = if a % 2 == 0 {
            Assignment::practice(&format!("a{a}"), [format!("s{first:03}")], "c0")
        } else {
            let mut q = Assignment::practice(
                &format!("a{a}"),
                (0..3).map(|k| format!("s{:03}", (first + k) % SKILLS)),
                "c0",
            );
            q.context = "quiz".into();
            q
        };
        assignment.class = None;
        assignment.learners = (0..20)
            .flat_map(|k| {
                let c = (a * 20 + k) % CLASSES;
                (0..25).map(move |j| format!("learner-{}", c * 25 + j))
            })
            .collect();
        assignment.due = Some(Timestamp::from_secs(START + ASSESSMENTS as i64));
        doc.assignments.push(assignment);
    }
    doc
}

/// Mostly 5-question practice on one skill; every fifth sitting a quiz over three
/// neighbouring skills. No event ids, so folding the log again applies it again.
fn assessments() -> impl Iterator<Item = Assessment> {
    let mut rng = Mix(SEED);
    (0..ASSESSMENTS).map(move |i| {
        let learner = format!("learner-{}", rng.below(LEARNERS));
        let quiz = i % 5 == 4;
        let mut a = Assessment::new(
            learner,
            if quiz { "quiz" } else { "practice" },
            Timestamp::from_secs(START + i as i64),
        );
        let skill = rng.below(SKILLS);
        for q in 0..5 {
            let s = if quiz {
                (skill + q % 3) % SKILLS
            } else {
                skill
            };
            a = a.with(Response::answer(
                format!("i{q}"),
                format!("s{s:03}"),
                rng.below(10) < 8,
            ));
        }
        a
    })
}

fn refold(warm: &mut LearnerStore, log: &CompiledLog) -> Duration {
    let start = Instant::now();
    black_box(warm.apply_compiled(black_box(log)).expect("valid"));
    start.elapsed()
}

fn bench(c: &mut Criterion) {
    let mut plain = LearnerStore::new(curriculum(), Policy::khan()).expect("store");
    plain.set_keep_history(false);
    let log = plain.compile_iter(assessments()).expect("valid");
    plain.apply_compiled(&log).expect("valid");
    let mut district = plain.clone();
    let t = Instant::now();
    district.set_roster(&roster()).expect("roster");
    eprintln!(
        "roster of {CLASSES} classes, {ASSIGNMENTS} assignments set in {:.2?}",
        t.elapsed()
    );
    district.apply_compiled(&log).expect("valid");
    let now = Timestamp::from_secs(START + ASSESSMENTS as i64 / 2);

    let mut group = c.benchmark_group("district_replay_20m_responses");
    group.sample_size(10);
    group.throughput(Throughput::Elements(log.response_count() as u64));
    group.bench_function("without_roster", |b| {
        b.iter_custom(|n| (0..n).map(|_| refold(&mut plain, &log)).sum())
    });
    group.bench_function("with_4000_classes_200_assignments", |b| {
        b.iter_custom(|n| (0..n).map(|_| refold(&mut district, &log)).sum())
    });
    group.finish();

    let mut group = c.benchmark_group("district_reports");
    group.sample_size(10);
    group.bench_function("class_goals_one_class", |b| {
        b.iter(|| class_goals(&district, "c17", now).expect("report").len())
    });
    group.bench_function("scores_one_class", |b| {
        b.iter(|| scores(&district, "c17", now).expect("report").len())
    });
    group.bench_function("class_goals_every_class", |b| {
        b.iter(|| {
            (0..CLASSES)
                .map(|k| {
                    class_goals(&district, &format!("c{k}"), now)
                        .expect("report")
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("scores_every_class", |b| {
        b.iter(|| {
            (0..CLASSES)
                .map(|k| {
                    scores(&district, &format!("c{k}"), now)
                        .expect("report")
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
