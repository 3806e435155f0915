//! Placement: the exact posterior against a brute-force Bayesian update over every subset,
//! prerequisite consistency, sampling against exact, simulated learners, the policy's
//! pre_assessment rules, determinism and errors.

use masterykit::{
    Curriculum, LearnerStore, Placement, PlacementMethod, PlacementOptions, Policy, Timestamp,
};
use proptest::prelude::*;

/// A curriculum of `n` skills where skill `i` requires each earlier `j` with `edges[i][j]`.
fn dag(n: usize, edges: &[Vec<bool>]) -> Curriculum {
    let skills: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let pre: Vec<String> = (0..i)
                .filter(|&j| edges[i][j])
                .map(|j| format!("s{j}"))
                .collect();
            serde_json::json!({"id": format!("s{i}"), "prerequisites": pre})
        })
        .collect();
    Curriculum::from_json(&serde_json::json!({"format_version": 1, "skills": skills}).to_string())
        .expect("a DAG")
}

fn prealgebra() -> Curriculum {
    Curriculum::from_json(include_str!("../../examples/prealgebra.json")).expect("sample course")
}

/// P(known) of each skill by Bayes over every subset that is prerequisite-closed.
fn brute_force(c: &Curriculum, o: &PlacementOptions, answers: &[(usize, bool)]) -> Vec<f64> {
    let n = c.len();
    let mut m = vec![0.0; n];
    let mut total = 0.0;
    for set in 0u32..(1 << n) {
        let has = |s: usize| set >> s & 1 == 1;
        let closed =
            (0..n).all(|s| !has(s) || c.prerequisite_indices(s).iter().all(|&p| has(p as usize)));
        if !closed {
            continue;
        }
        let mut w: f64 = (0..n)
            .map(|s| {
                if has(s) {
                    o.default_prior
                } else {
                    1.0 - o.default_prior
                }
            })
            .product();
        for &(s, right) in answers {
            w *= match (has(s), right) {
                (true, true) => 1.0 - o.careless,
                (true, false) => o.careless,
                (false, true) => o.lucky,
                (false, false) => 1.0 - o.lucky,
            };
        }
        total += w;
        for (s, v) in m.iter_mut().enumerate() {
            if has(s) {
                *v += w;
            }
        }
    }
    m.iter().map(|v| v / total).collect()
}

fn exact(careless: f64, lucky: f64) -> PlacementOptions {
    PlacementOptions {
        careless,
        lucky,
        method: PlacementMethod::Exact,
        confidence: None,
        max_questions: Some(100),
        ..PlacementOptions::default()
    }
}

fn graphs() -> impl Strategy<Value = (usize, Vec<Vec<bool>>)> {
    (1usize..9).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec(
                proptest::collection::vec(proptest::bool::weighted(0.3), n),
                n,
            ),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn exact_posterior_equals_brute_force_and_stays_consistent(
        (n, edges) in graphs(),
        answers in proptest::collection::vec((0usize..8, any::<bool>()), 0..8),
        careless in 0.01f64..0.4,
        lucky in 0.01f64..0.4,
    ) {
        let c = dag(n, &edges);
        let o = exact(careless, lucky);
        let mut p = Placement::new(&c, o.clone()).expect("placement");
        let mut given = Vec::new();
        for (s, right) in answers {
            let s = s % n;
            p.record(&format!("s{s}"), right).expect("noisy answers are always consistent");
            given.push((s, right));
        }
        let want = brute_force(&c, &o, &given);
        let e = p.estimate();
        for (s, got) in e.skills.iter().enumerate() {
            prop_assert!((got.p_known - want[s]).abs() < 1e-9, "skill {s}: {} vs {}", got.p_known, want[s]);
            prop_assert!((0.0..=1.0).contains(&got.p_known));
            // A dependent is never likelier known than its prerequisite.
            for &pre in c.prerequisite_indices(s) {
                prop_assert!(got.p_known <= e.skills[pre as usize].p_known + 1e-12);
            }
        }
        // The estimated state is prerequisite-closed.
        let known = c.skill_set(e.state.iter().map(String::as_str)).expect("known skills");
        for s in 0..n {
            if known.contains(s) {
                prop_assert!(c.prerequisite_indices(s).iter().all(|&p| known.contains(p as usize)));
            }
        }
        if let Some(q) = p.next_question() {
            prop_assert!(q.information.is_finite() && q.information >= 0.0);
        }
    }
}

#[test]
fn sampling_agrees_with_the_exact_posterior_on_the_sample_course() {
    let c = prealgebra();
    let answers = [
        ("ratios", true),
        ("add-fractions", false),
        ("order-of-operations", true),
        ("percent", false),
    ];
    let mut marginals = Vec::new();
    for method in [PlacementMethod::Exact, PlacementMethod::Sampling] {
        let o = PlacementOptions {
            method,
            max_questions: Some(50),
            ..PlacementOptions::default()
        };
        let mut p = Placement::new(&c, o).expect("placement");
        for (s, right) in answers.iter().filter(|(s, _)| c.skill_index(s).is_some()) {
            p.record(s, *right).expect("answer");
        }
        let e = p.estimate();
        assert_eq!(
            e.method,
            if method == PlacementMethod::Exact {
                "exact"
            } else {
                "sampling"
            }
        );
        marginals.push(e.skills.iter().map(|s| s.p_known).collect::<Vec<_>>());
    }
    let gap = marginals[0]
        .iter()
        .zip(&marginals[1])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        gap < 0.03,
        "largest gap between sampled and exact P(known): {gap}"
    );
}

/// A learner with a hidden closed state, answering with the session's noise.
fn simulate(c: &Curriculum, o: PlacementOptions, known: &[bool], seed: u64) -> (usize, usize) {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let (b, e) = (o.careless, o.lucky);
    let mut p = Placement::new(c, o).expect("placement");
    while let Some(q) = p.next_question() {
        let s = c.skill_index(&q.skill).expect("skill");
        let right = if known[s] {
            rng.random::<f64>() >= b
        } else {
            rng.random::<f64>() < e
        };
        p.record(&q.skill, right).expect("answer");
    }
    let est = p.estimate();
    let wrong = est
        .skills
        .iter()
        .enumerate()
        .filter(|(s, k)| k.known != known[*s])
        .count();
    (est.questions, wrong)
}

#[test]
fn simulated_learners_are_placed_with_fewer_questions_than_skills() {
    let c = prealgebra();
    let n = c.len();
    let order = c.learnable_order_indices().to_vec();
    let (mut questions, mut wrong) = (0, 0);
    for k in 0..20 {
        // Hidden state: the first k * n / 20 skills in learnable order (prerequisite-closed).
        let mut known = vec![false; n];
        for &s in &order[..k * n / 20] {
            known[s as usize] = true;
        }
        let o = PlacementOptions {
            careless: 0.05,
            lucky: 0.05,
            confidence: Some(0.95),
            seed: k as u64,
            ..PlacementOptions::default()
        };
        let (q, w) = simulate(&c, o, &known, k as u64);
        questions += q;
        wrong += w;
    }
    assert!(
        questions < 20 * n * 3 / 5,
        "{questions} questions for 20 learners of {n} skills"
    );
    assert!(wrong <= 20, "{wrong} skills misplaced over 20 learners");
}

#[test]
fn the_policy_turns_a_placement_into_levels_through_the_log() {
    let c = prealgebra();
    let mut p = Placement::new(
        &c,
        PlacementOptions {
            careless: 0.0,
            lucky: 0.0,
            ..PlacementOptions::default()
        },
    )
    .expect("placement");
    let target = c.learnable_order()[10].to_string();
    p.record(&target, true).expect("answer");
    let last = c.learnable_order().last().expect("skills").to_string();
    p.record(&last, false).expect("answer");
    let known: Vec<String> = p.estimate().state;
    assert!(known.contains(&target) && !known.contains(&last));
    let mut store =
        LearnerStore::new(c.clone(), Policy::by_name("khan-2025").expect("preset")).expect("store");
    let t = Timestamp::parse("2026-09-01T10:00:00Z").expect("time");
    let applied = store
        .apply(&p.assessment("ana", t, Some("place-1")))
        .expect("applied");
    assert_eq!(applied.transitions.len(), known.len());
    assert!(
        applied
            .transitions
            .iter()
            .all(|t| t.to == "familiar" && t.context == "pre_assessment")
    );
    assert!(
        store
            .apply(&p.assessment("ana", t, Some("place-1")))
            .expect("again")
            .duplicate
    );
}

#[test]
fn same_seed_same_session_and_large_curricula_sample() {
    // 2,000 skills in 40 chains of 50: far too many closed states to enumerate.
    let n = 2000;
    let edges: Vec<Vec<bool>> = (0..n)
        .map(|i| (0..i).map(|j| i % 50 != 0 && j == i - 1).collect())
        .collect();
    let c = dag(n, &edges);
    let run = || {
        let o = PlacementOptions {
            max_questions: Some(8),
            sweeps: Some(50),
            seed: 11,
            ..PlacementOptions::default()
        };
        let mut p = Placement::new(&c, o).expect("placement");
        let mut asked = Vec::new();
        while let Some(q) = p.next_question() {
            let right = q
                .skill
                .trim_start_matches('s')
                .parse::<usize>()
                .expect("id")
                % 50
                < 20;
            p.record(&q.skill, right).expect("answer");
            asked.push(q.skill);
        }
        (asked, serde_json::to_string(&p.estimate()).expect("json"))
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert_eq!(a.0.len(), 8);
    assert!(a.1.contains("\"method\":\"sampling\""));
}

#[test]
fn a_long_chain_stays_finite_under_the_exact_method() {
    // 1,500 skills in one chain: 1,501 states, each prior a product far below f64's range.
    let n = 1500;
    let edges: Vec<Vec<bool>> = (0..n)
        .map(|i| (0..i).map(|j| j + 1 == i).collect())
        .collect();
    let c = dag(n, &edges);
    let mut p = Placement::new(&c, exact(0.1, 0.1)).expect("placement");
    p.record("s700", true).expect("answer");
    let e = p.estimate();
    assert_eq!((e.method, e.states), ("exact", Some(n + 1)));
    assert!(
        e.skills
            .iter()
            .all(|s| s.p_known.is_finite() && (0.0..=1.0).contains(&s.p_known))
    );
    assert!(e.skills[0].p_known > e.skills[1499].p_known);
}

#[test]
fn bad_input_is_a_typed_error_and_changes_nothing() {
    let c = prealgebra();
    let code = |o: PlacementOptions| Placement::new(&c, o).expect_err("refused").code();
    let d = PlacementOptions::default;
    assert_eq!(
        code(PlacementOptions {
            careless: 0.5,
            ..d()
        }),
        "invalid_number"
    );
    assert_eq!(
        code(PlacementOptions { lucky: -0.1, ..d() }),
        "invalid_number"
    );
    assert_eq!(
        code(PlacementOptions {
            max_questions: Some(0),
            ..d()
        }),
        "invalid_number"
    );
    assert_eq!(
        code(PlacementOptions {
            confidence: Some(0.5),
            ..d()
        }),
        "invalid_number"
    );
    assert_eq!(
        code(PlacementOptions {
            confidence: None,
            max_questions: None,
            ..d()
        }),
        "invalid_option"
    );
    assert_eq!(
        code(PlacementOptions {
            max_states: 10,
            method: PlacementMethod::Exact,
            ..d()
        }),
        "invalid_option"
    );
    let mut prior = std::collections::BTreeMap::new();
    prior.insert("nope".to_string(), 0.5);
    assert_eq!(code(PlacementOptions { prior, ..d() }), "unknown_skill");

    let mut p = Placement::new(
        &c,
        PlacementOptions {
            strict: true,
            careless: 0.0,
            lucky: 0.0,
            ..d()
        },
    )
    .expect("placement");
    assert_eq!(
        p.record("nope", true).expect_err("unknown").code(),
        "unknown_skill"
    );
    let q = p.next_question().expect("question");
    let other = c
        .skill_ids()
        .find(|s| *s != q.skill)
        .expect("another skill");
    let e = p.record(other, true).expect_err("not asked");
    assert_eq!(e.code(), "unexpected_answer");
    assert!(e.to_string().contains(&q.skill));
    assert_eq!(p.next_question().expect("same question"), q);
    // Right on a skill, then wrong on its prerequisite, without noise: no state explains it.
    let skill = c
        .skill_ids()
        .find(|s| !c.prerequisites(s).expect("skill").is_empty())
        .expect("a skill with prerequisites")
        .to_string();
    let pre = c.prerequisites(&skill).expect("skill")[0].to_string();
    let mut p = Placement::new(
        &c,
        PlacementOptions {
            careless: 0.0,
            lucky: 0.0,
            ..d()
        },
    )
    .expect("placement");
    p.record(&skill, true).expect("answer");
    let before = p.estimate();
    let e = p.record(&pre, false).expect_err("contradiction");
    assert_eq!(
        (e.code(), e.family()),
        ("inconsistent_answers", masterykit::ErrorFamily::Evidence)
    );
    assert_eq!(p.estimate(), before);
}

/// A session over the fixture's curriculum with `answers` recorded, or the first error.
fn fixture_session(
    c: &Curriculum,
    options: &serde_json::Value,
    answers: &serde_json::Value,
) -> Result<Placement, masterykit::Error> {
    let mut p = Placement::new(c, PlacementOptions::from_value(options.clone())?)?;
    for a in answers.as_array().expect("answers") {
        if p.options().strict {
            p.next_question();
        }
        p.record(
            a[0].as_str().expect("skill"),
            a[1].as_bool().expect("correct"),
        )?;
    }
    Ok(p)
}

#[test]
fn the_shared_golden_cases_hold() {
    let f: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/placement.json")).expect("JSON");
    let c = Curriculum::from_json(&f["curriculum"].to_string()).expect("curriculum");
    for case in f["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let mut p = fixture_session(&c, &case["options"], &case["answers"]).expect(name);
        let want = &case["expected"];
        let e = p.estimate();
        for s in &e.skills {
            let w = want["p_known"][&s.skill].as_f64().expect("p");
            assert!(
                (s.p_known - w).abs() < 1e-12,
                "{name}: {} {} vs {w}",
                s.skill,
                s.p_known
            );
        }
        if let Some(state) = want["state"].as_array() {
            let state: Vec<&str> = state.iter().map(|s| s.as_str().expect("id")).collect();
            assert_eq!(e.state, state, "{name}");
        }
        assert_eq!(e.done, want["done"].as_bool().expect("done"), "{name}");
        assert_eq!(
            e.states,
            Some(want["states"].as_u64().expect("n") as usize),
            "{name}"
        );
        if let Some(next) = want["next"].as_str() {
            let q = p.next_question().expect(name);
            assert_eq!(q.skill, next, "{name}");
            let info = want["information"].as_f64().expect("bits");
            assert!((q.information - info).abs() < 1e-12, "{name}");
        }
        if e.done {
            assert_eq!(p.next_question(), None, "{name}");
        }
    }
    for case in f["errors"].as_array().expect("errors") {
        let name = case["name"].as_str().expect("name");
        let err = fixture_session(&c, &case["options"], &case["answers"]).expect_err(name);
        assert_eq!(err.code(), case["code"].as_str().expect("code"), "{name}");
    }
}

#[test]
fn selectors_differ_only_in_the_choice() {
    use masterykit::PlacementSelector;
    let c = Curriculum::generate(24, 1).expect("curriculum");
    let with = |selector| PlacementOptions {
        selector,
        confidence: None,
        max_questions: Some(60),
        ..Default::default()
    };
    // In order: every skill once, prerequisites first.
    let mut p = Placement::new(&c, with(PlacementSelector::InOrder)).expect("session");
    let mut asked = Vec::new();
    for _ in 0..c.len() {
        let q = p.next_question().expect("a question");
        p.record(&q.skill, true).expect("answer");
        asked.push(q.skill);
    }
    let order: Vec<&str> = c.learnable_order();
    assert_eq!(asked, order);
    // Random: no skill twice before every skill was asked.
    let mut p = Placement::new(&c, with(PlacementSelector::Random)).expect("session");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..c.len() {
        let q = p.next_question().expect("a question");
        assert!(seen.insert(q.skill.clone()), "{} twice", q.skill);
        p.record(&q.skill, false).expect("answer");
    }
    // Half-split ignores noise rates; informative does not.
    let noisy = |selector| PlacementOptions {
        careless_by_skill: [("s1".to_string(), 0.45)].into(),
        lucky_by_skill: [("s1".to_string(), 0.45)].into(),
        ..with(selector)
    };
    let c = dag(3, &[vec![], vec![false], vec![false, false]]);
    let first = |o| {
        Placement::new(&c, o)
            .expect("session")
            .next_question()
            .expect("q")
    };
    assert_ne!(first(noisy(PlacementSelector::Informative)).skill, "s1");
    assert_eq!(
        PlacementSelector::parse("sideways")
            .expect_err("an error")
            .code(),
        "invalid_option"
    );
    assert_eq!(PlacementSelector::NAMES.len(), 4);
    for name in PlacementSelector::NAMES {
        PlacementSelector::parse(name).expect(name);
    }
}

#[test]
fn a_simulated_learner_without_noise_is_placed_exactly() {
    let c = Curriculum::generate(24, 1).expect("curriculum");
    let order: Vec<String> = c
        .learnable_order()
        .into_iter()
        .map(str::to_string)
        .collect();
    let o = PlacementOptions {
        careless: 0.0,
        lucky: 0.0,
        ..Default::default()
    };
    for cut in [0, 7, 15, 24] {
        let run = Placement::simulate(&c, o.clone(), &order[..cut], 4).expect("run");
        assert_eq!(
            run.hidden.len(),
            cut,
            "a prefix of the learnable order is closed"
        );
        assert_eq!(
            (run.wrong, run.estimate.state.clone()),
            (0, run.hidden.clone())
        );
        assert_eq!(run.wrong_after.len(), run.answers.len() + 1);
        assert!(
            run.answers.len() < c.len(),
            "{} questions",
            run.answers.len()
        );
    }
    let err = Placement::simulate(&c, o, &["ghost"], 1).expect_err("an error");
    assert_eq!(err.code(), "unknown_skill");
}

#[test]
fn selector_comparison_is_deterministic_for_any_thread_count() {
    use masterykit::{PlacementSelector, PlacementTrial, compare_selectors};
    let c = Curriculum::generate(16, 3).expect("curriculum");
    let trial = PlacementTrial {
        learners: 12,
        within: 1,
        budget: Some(20),
        seed: 5,
    };
    let sels = [
        PlacementSelector::Informative,
        PlacementSelector::Random,
        PlacementSelector::InOrder,
    ];
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| compare_selectors(&c, &PlacementOptions::default(), &trial, &sels))
            .expect("comparison")
    };
    let one = run(1);
    assert_eq!(one, run(3));
    for r in &one {
        assert_eq!(
            (r.learners, r.questions.len(), r.mean_wrong.len()),
            (12, 12, 21)
        );
        assert!(r.mean_wrong.iter().all(|w| w.is_finite() && *w >= 0.0));
        assert_eq!(r.placed, r.questions.iter().flatten().count());
    }
    // The informative selector leaves fewer skills wrong along the way than random questions
    // or every skill in order (the area under the mean-wrong curve).
    let area = |r: &masterykit::SelectorResult| r.mean_wrong.iter().sum::<f64>();
    assert!(
        area(&one[0]) < area(&one[1]),
        "{} vs {}",
        area(&one[0]),
        area(&one[1])
    );
    assert!(
        area(&one[0]) < area(&one[2]),
        "{} vs {}",
        area(&one[0]),
        area(&one[2])
    );
}

#[test]
fn answers_read_from_csv_and_json_lines_name_the_bad_line() {
    use masterykit::placement_answers;
    let c = Curriculum::generate(24, 1).expect("curriculum");
    let order = c.learnable_order();
    let csv = format!("skill,correct\n{},1\n{},no\n", order[0], order[1]);
    let mut p = Placement::new(&c, PlacementOptions::default()).expect("session");
    p.record_answers(&placement_answers(&csv).expect("answers"))
        .expect("recorded");
    assert_eq!(p.answers(), [(order[0], true), (order[1], false)]);
    let jsonl = format!(
        "{{\"skill\": \"{}\", \"correct\": 1}}\n\n{{\"skill\": \"ghost\", \"correct\": true}}\n",
        order[2]
    );
    let before = p.estimate();
    let err = p
        .record_answers(&placement_answers(&jsonl).expect("answers"))
        .expect_err("an error");
    assert_eq!(
        (err.code(), err.to_string().starts_with("line 3:")),
        ("unknown_skill", true)
    );
    assert_eq!(p.estimate(), before, "nothing recorded");
    for (text, code) in [
        ("skill,correct\nadd,2\n", "invalid_correct"),
        ("skill,right\nadd,1\n", "missing_column"),
        ("{\"skill\": \"add\"}\n", "parse_error"),
        (
            "{\"skill\": \"add\", \"correct\": 0.5}\n",
            "invalid_correct",
        ),
    ] {
        assert_eq!(
            placement_answers(text).expect_err("an error").code(),
            code,
            "{text}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// States are exactly the closed subsets (each once, the count the session enumerates);
    /// learning paths are exactly the orders with every skill after its prerequisites.
    #[test]
    fn knowledge_states_and_learning_paths_are_the_closed_sets_and_orders((n, edges) in graphs()) {
        let c = dag(n.min(6), &edges);
        let n = c.len();
        let states = masterykit::knowledge_states(&c, 1 << n).expect("states");
        let closed = (0u32..(1 << n))
            .filter(|set| (0..n).all(|s| set >> s & 1 == 0
                || c.prerequisite_indices(s).iter().all(|&p| set >> p & 1 == 1)))
            .count();
        prop_assert_eq!(states.len(), closed);
        let distinct: std::collections::BTreeSet<_> = states.iter().collect();
        prop_assert_eq!(distinct.len(), closed);
        let session = Placement::new(&c, PlacementOptions::default()).expect("session");
        prop_assert_eq!(session.estimate().states, Some(closed));
        let paths = masterykit::learning_paths(&c, 10_000).expect("paths");
        let distinct: std::collections::BTreeSet<_> = paths.iter().collect();
        prop_assert_eq!(distinct.len(), paths.len());
        let mut orders = 0;
        let ids: Vec<String> = (0..n).map(|s| format!("s{s}")).collect();
        for perm in permutations(n) {
            let ok = perm.iter().enumerate().all(|(k, &s)| c.prerequisite_indices(s).iter().all(|&p| perm[..k].contains(&(p as usize))));
            if ok {
                orders += 1;
                let named: Vec<String> = perm.iter().map(|&s| ids[s].clone()).collect();
                prop_assert!(paths.contains(&named));
            }
        }
        prop_assert_eq!(paths.len(), orders);
    }
}

/// Every order of `0..n`.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for k in 0..=p.len() {
            let mut q = p.clone();
            q.insert(k, n - 1);
            out.push(q);
        }
    }
    out
}

#[test]
fn a_session_is_a_function_of_its_answers() {
    let c = Curriculum::generate(30, 2).expect("curriculum");
    for method in [PlacementMethod::Exact, PlacementMethod::Sampling] {
        let o = PlacementOptions {
            method,
            seed: 9,
            sweeps: Some(100),
            selector: masterykit::PlacementSelector::Random,
            ..Default::default()
        };
        let mut asked = Placement::new(&c, o.clone()).expect("session");
        let mut k = 0;
        while let Some(q) = asked.next_question() {
            // Asking again, any number of times, changes nothing.
            assert_eq!(asked.next_question(), Some(q.clone()));
            asked.record(&q.skill, k % 3 != 0).expect("answer");
            k += 1;
            if k == 12 {
                break;
            }
        }
        let answers: Vec<(String, bool)> = asked
            .answers()
            .into_iter()
            .map(|(s, c)| (s.to_string(), c))
            .collect();
        let mut rebuilt = Placement::new(&c, o).expect("session");
        rebuilt
            .record_answers(&masterykit::PlacementAnswer::numbered(answers))
            .expect("answers");
        assert_eq!(rebuilt.estimate(), asked.estimate(), "{method:?}");
        assert_eq!(rebuilt.next_question(), asked.next_question(), "{method:?}");
    }
}
