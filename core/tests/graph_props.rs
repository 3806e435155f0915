//! Property tests: every graph query agrees with a brute-force version on random DAGs, and
//! planted cycles are always rejected.
#![allow(clippy::needless_range_loop)] // index loops read clearest in brute-force oracles

use std::collections::BTreeSet;

use masterykit::{Curriculum, CurriculumDoc, Error, Prerequisite, Skill};
use proptest::prelude::*;

/// A random DAG: `n` nodes, edges only from a lower to a higher index of a random
/// permutation, so the document order differs from any topological order.
fn dag_strategy() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (1usize..24).prop_flat_map(|n| {
        let edges = proptest::collection::vec((0..n, 0..n), 0..(n * 3));
        (
            Just(n),
            edges,
            Just(()).prop_perturb(move |_, mut rng| {
                let mut perm: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    perm.swap(i, rng.random_range(0..=i));
                }
                perm
            }),
        )
            .prop_map(|(n, raw, perm)| {
                let mut set = BTreeSet::new();
                for (a, b) in raw {
                    if a < b {
                        set.insert((perm[a], perm[b]));
                    } else if b < a {
                        set.insert((perm[b], perm[a]));
                    }
                }
                (n, set.into_iter().collect())
            })
    })
}

fn build(n: usize, edges: &[(usize, usize)]) -> Result<Curriculum, Error> {
    let mut doc = CurriculumDoc::default();
    for i in 0..n {
        doc.skills.push(Skill::new(format!("s{i}"), ""));
    }
    for &(a, b) in edges {
        doc.skills[b]
            .prerequisites
            .push(Prerequisite::new(format!("s{a}")));
    }
    Curriculum::from_doc(doc)
}

/// reach[a][b]: a path of length >= 1 from a to b.
fn closure(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<bool>> {
    let mut r = vec![vec![false; n]; n];
    for &(a, b) in edges {
        r[a][b] = true;
    }
    for k in 0..n {
        for i in 0..n {
            if r[i][k] {
                for j in 0..n {
                    if r[k][j] {
                        r[i][j] = true;
                    }
                }
            }
        }
    }
    r
}

fn idx(id: &str) -> usize {
    id[1..].parse().expect("generated id")
}

fn set_of(ids: &[&str]) -> BTreeSet<usize> {
    ids.iter().map(|s| idx(s)).collect()
}

/// Longest path length from a to b by exhaustive search (None if unreachable).
fn longest(a: usize, b: usize, edges: &[(usize, usize)]) -> Option<u32> {
    if a == b {
        return Some(0);
    }
    edges
        .iter()
        .filter(|&&(x, _)| x == a)
        .filter_map(|&(_, y)| longest(y, b, edges).map(|d| d + 1))
        .max()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_dags_are_accepted_and_order_is_topological((n, edges) in dag_strategy()) {
        let c = build(n, &edges).expect("a DAG is valid");
        let order = c.learnable_order();
        prop_assert_eq!(order.len(), n);
        let pos: Vec<usize> = {
            let mut p = vec![0; n];
            for (i, id) in order.iter().enumerate() { p[idx(id)] = i; }
            p
        };
        for &(a, b) in &edges { prop_assert!(pos[a] < pos[b]); }
        // Stability: at each step the chosen skill is the lowest-ranked ready one
        // (no units here, so rank is document order).
        let mut done = vec![false; n];
        for id in &order {
            let v = idx(id);
            let ready_min = (0..n)
                .filter(|&u| !done[u] && edges.iter().all(|&(a, b)| b != u || done[a]))
                .min()
                .expect("something is ready");
            prop_assert_eq!(v, ready_min);
            done[v] = true;
        }
    }

    #[test]
    fn queries_agree_with_brute_force((n, edges) in dag_strategy(), known_bits in any::<u32>()) {
        let c = build(n, &edges).expect("valid");
        let reach = closure(n, &edges);
        let known: BTreeSet<usize> = (0..n).filter(|i| known_bits >> (i % 32) & 1 == 1).collect();
        let known_set = c.skill_set(known.iter().map(|i| format!("s{i}"))).expect("ids");
        let pre = |b: usize| edges.iter().filter(move |&&(_, y)| y == b).map(|&(x, _)| x);
        let dep = |a: usize| edges.iter().filter(move |&&(x, _)| x == a).map(|&(_, y)| y);
        for v in 0..n {
            let id = format!("s{v}");
            let anc: BTreeSet<usize> = (0..n).filter(|&u| reach[u][v]).collect();
            let des: BTreeSet<usize> = (0..n).filter(|&u| reach[v][u]).collect();
            prop_assert_eq!(set_of(&c.ancestors(&id).expect("ok")), anc.clone());
            prop_assert_eq!(set_of(&c.descendants(&id).expect("ok")), des);
            let depth = (0..n).filter_map(|u| longest(u, v, &edges)).max().unwrap_or(0);
            prop_assert_eq!(c.depth(&id).expect("ok"), depth);

            let mut path: BTreeSet<usize> = anc.iter().copied().filter(|u| !known.contains(u)).collect();
            if !known.contains(&v) { path.insert(v); }
            prop_assert_eq!(set_of(&c.path_to([&id], &known_set).expect("ok")), path);

            let gaps = c.gaps(&id, &known_set).expect("ok");
            let expected: BTreeSet<usize> = anc.iter().copied().filter(|u| !known.contains(u)).collect();
            prop_assert_eq!(gaps.iter().map(|g| idx(g.skill)).collect::<BTreeSet<_>>(), expected);
            for g in &gaps {
                prop_assert_eq!(Some(g.distance), longest(idx(g.skill), v, &edges));
            }
            for w in gaps.windows(2) {
                prop_assert!(w[0].distance >= w[1].distance);
            }
        }
        let frontier: BTreeSet<usize> = (0..n)
            .filter(|&v| !known.contains(&v) && pre(v).all(|p| known.contains(&p)))
            .collect();
        prop_assert_eq!(set_of(&c.frontier(&known_set)), frontier);
        let inner: BTreeSet<usize> = (0..n)
            .filter(|&v| known.contains(&v) && dep(v).all(|d| !known.contains(&d)))
            .collect();
        prop_assert_eq!(set_of(&c.inner_fringe(&known_set)), inner);

        // An edge a->b is redundant iff b is reachable from another dependent of a.
        let redundant: BTreeSet<(usize, usize)> = edges
            .iter()
            .copied()
            .filter(|&(a, b)| dep(a).any(|d| d != b && reach[d][b]))
            .collect();
        let got: BTreeSet<(usize, usize)> = c
            .redundant_edges()
            .iter()
            .map(|e| (idx(e.from), idx(e.to)))
            .collect();
        prop_assert_eq!(got, redundant);
    }

    #[test]
    fn a_planted_cycle_is_rejected_with_that_cycle(
        (n, edges) in dag_strategy(),
        len in 2usize..6,
        into in proptest::collection::vec((0usize..64, 0usize..6), 0..6),
    ) {
        // Fresh nodes n..n+len form a cycle; DAG nodes may point into it, nothing leaves it,
        // so the cycle is the only one.
        let mut all = edges.clone();
        for i in 0..len {
            all.push((n + i, n + (i + 1) % len));
        }
        for (from, to) in into {
            all.push((from % n, n + to % len));
        }
        all.sort();
        all.dedup();
        let err = build(n + len, &all).expect_err("cyclic");
        let cycles: Vec<&Vec<String>> = err
            .problems()
            .iter()
            .filter_map(|p| match p { Error::Cycle { path } => Some(path), _ => None })
            .collect();
        prop_assert_eq!(cycles.len(), 1, "{}", err);
        let expected: Vec<String> = (0..=len).map(|i| format!("s{}", n + i % len)).collect();
        prop_assert_eq!(cycles[0], &expected);
    }

    #[test]
    fn any_graph_is_accepted_iff_acyclic(n in 1usize..12, raw in proptest::collection::vec((0usize..12, 0usize..12), 0..30)) {
        let mut edges: Vec<(usize, usize)> = raw.into_iter().map(|(a, b)| (a % n, b % n)).filter(|(a, b)| a != b).collect();
        edges.sort();
        edges.dedup();
        let reach = closure(n, &edges);
        let cyclic = (0..n).any(|v| reach[v][v]);
        match build(n, &edges) {
            Ok(_) => prop_assert!(!cyclic),
            Err(err) => {
                prop_assert!(cyclic, "{}", err);
                for p in err.problems() {
                    let Error::Cycle { path } = p else { panic!("only cycles expected: {p}") };
                    prop_assert_eq!(path.first(), path.last());
                    for w in path.windows(2) {
                        prop_assert!(edges.contains(&(idx(&w[0]), idx(&w[1]))), "{} is not an edge", p);
                    }
                }
            }
        }
    }

    #[test]
    fn serialization_round_trips((n, edges) in dag_strategy(), w in 0.1f64..10.0) {
        let mut doc = CurriculumDoc::default();
        for i in 0..n {
            doc.skills.push(Skill { weight: w, ..Skill::new(format!("s{i}"), format!("Skill {i}")) });
        }
        for (k, &(a, b)) in edges.iter().enumerate() {
            let weight = if k % 2 == 0 { 1.0 } else { w };
            doc.skills[b].prerequisites.push(Prerequisite { skill: format!("s{a}"), weight });
        }
        let c = Curriculum::from_doc(doc).expect("valid");
        prop_assert_eq!(&Curriculum::from_json(&c.to_json()).expect("json"), &c);
        prop_assert_eq!(&Curriculum::from_toml(&c.to_toml().expect("toml")).expect("toml"), &c);
    }
}
