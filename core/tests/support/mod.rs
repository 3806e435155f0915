//! Helpers shared by the integration tests: repository files, the sample course, and
//! tolerant comparisons.
#![allow(dead_code)] // each test crate uses a subset

use masterykit::{Assessment, Curriculum, Response, Timestamp};

/// A file of the repository, by its path from the root.
pub fn repo_file(path: &str) -> String {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {full}: {e}"))
}

/// The sample course, `examples/prealgebra.json`.
pub fn prealgebra() -> Curriculum {
    Curriculum::from_json(&repo_file("examples/prealgebra.json")).expect("sample course is valid")
}

/// A timestamp from RFC 3339 text or a date.
pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("timestamp")
}

/// Asserts a fitted value is within `tol` of the true one.
#[track_caller]
pub fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: fitted {got:.4}, true {want:.4}"
    );
}

/// A practice exercise on one skill with these answers, in order.
pub fn practice(learner: &str, skill: &str, answers: &[bool], when: &str) -> Assessment {
    answers.iter().enumerate().fold(
        Assessment::new(learner, "practice", at(when)),
        |a, (i, &c)| a.with(Response::answer(format!("q{i}"), skill, c)),
    )
}
