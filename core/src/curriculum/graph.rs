//! The prerequisite graph over dense skill indices: compressed adjacency in both directions,
//! a stable learnable order, depths, and the graph queries. Ids never appear here;
//! [`crate::Curriculum`] translates.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// A directed acyclic graph in compressed sparse row form. Edge `a -> b` reads
/// "`a` is a prerequisite of `b`".
#[derive(Debug, Clone, Default)]
pub(crate) struct Dag {
    /// `pre[pre_off[v]..pre_off[v + 1]]` are the prerequisites of `v`.
    pre_off: Vec<u32>,
    pre: Vec<u32>,
    pre_weight: Vec<f64>,
    /// `dep[dep_off[v]..dep_off[v + 1]]` are the dependents of `v`.
    dep_off: Vec<u32>,
    dep: Vec<u32>,
    /// The learnable order: a topological order, ties broken by `rank`.
    order: Vec<u32>,
    /// `position[v]` is the index of `v` in `order`.
    position: Vec<u32>,
    /// Length of the longest prerequisite chain below each skill (roots are 0).
    depth: Vec<u32>,
}

/// An edge given to [`Dag::build`]: prerequisite, dependent, weight.
pub(crate) type Edge = (u32, u32, f64);

impl Dag {
    /// Builds the graph for `n` nodes. `rank[v]` breaks ties in the learnable order (lower
    /// first) and must be a permutation of `0..n`. Edges must have no self-loops and no
    /// duplicates. On a cycle, returns every cycle found: one per strongly connected
    /// component, as node lists whose first node is repeated at the end.
    pub(crate) fn build(n: usize, edges: &[Edge], rank: &[u32]) -> Result<Dag, Vec<Vec<u32>>> {
        let (pre_off, pre, pre_weight) = csr(n, edges.iter().map(|&(a, b, w)| (b, a, w)));
        let (dep_off, dep, _) = csr(n, edges.iter().map(|&(a, b, w)| (a, b, w)));
        let mut dag = Dag {
            pre_off,
            pre,
            pre_weight,
            dep_off,
            dep,
            order: Vec::with_capacity(n),
            position: vec![0; n],
            depth: vec![0; n],
        };
        // Kahn's algorithm with a min-heap on rank: stable and deterministic.
        let mut node_of_rank = vec![0u32; n];
        for (v, &r) in rank.iter().enumerate() {
            node_of_rank[r as usize] = v as u32;
        }
        let mut indegree: Vec<u32> = (0..n).map(|v| dag.prerequisites(v).len() as u32).collect();
        let mut heap: BinaryHeap<Reverse<u32>> = (0..n)
            .filter(|&v| indegree[v] == 0)
            .map(|v| Reverse(rank[v]))
            .collect();
        while let Some(Reverse(r)) = heap.pop() {
            let v = node_of_rank[r as usize];
            dag.position[v as usize] = dag.order.len() as u32;
            dag.order.push(v);
            for &w in dag.dependents(v as usize) {
                indegree[w as usize] -= 1;
                if indegree[w as usize] == 0 {
                    heap.push(Reverse(rank[w as usize]));
                }
            }
        }
        if dag.order.len() < n {
            let stuck: Vec<bool> = indegree.iter().map(|&d| d > 0).collect();
            return Err(dag.cycles(&stuck, rank));
        }
        for i in 0..n {
            let v = dag.order[i] as usize;
            let d = dag
                .prerequisites(v)
                .iter()
                .map(|&p| dag.depth[p as usize] + 1)
                .max()
                .unwrap_or(0);
            dag.depth[v] = d;
        }
        Ok(dag)
    }

    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.position.len()
    }

    /// Number of edges.
    pub(crate) fn edge_count(&self) -> usize {
        self.pre.len()
    }

    pub(crate) fn prerequisites(&self, v: usize) -> &[u32] {
        &self.pre[self.pre_off[v] as usize..self.pre_off[v + 1] as usize]
    }

    pub(crate) fn prerequisite_weights(&self, v: usize) -> &[f64] {
        &self.pre_weight[self.pre_off[v] as usize..self.pre_off[v + 1] as usize]
    }

    pub(crate) fn dependents(&self, v: usize) -> &[u32] {
        &self.dep[self.dep_off[v] as usize..self.dep_off[v + 1] as usize]
    }

    pub(crate) fn order(&self) -> &[u32] {
        &self.order
    }

    pub(crate) fn depth(&self, v: usize) -> u32 {
        self.depth[v]
    }

    /// Sorts nodes into learnable order.
    pub(crate) fn sort_learnable(&self, nodes: &mut [u32]) {
        nodes.sort_unstable_by_key(|&v| self.position[v as usize]);
    }

    /// All nodes reachable from `start` through `next`, excluding `start`, in learnable order.
    fn reach<'a>(&'a self, start: &[u32], next: impl Fn(usize) -> &'a [u32]) -> Vec<u32> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<u32> = Vec::new();
        for &s in start {
            seen[s as usize] = true;
            stack.push(s);
        }
        let mut out = Vec::new();
        while let Some(v) = stack.pop() {
            for &w in next(v as usize) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    out.push(w);
                    stack.push(w);
                }
            }
        }
        self.sort_learnable(&mut out);
        out
    }

    /// Every direct and indirect prerequisite of `v`, in learnable order.
    pub(crate) fn ancestors(&self, v: u32) -> Vec<u32> {
        self.reach(&[v], |v| self.prerequisites(v))
    }

    /// Every direct and indirect dependent of `v`.
    pub(crate) fn descendants(&self, v: u32) -> Vec<u32> {
        self.reach(&[v], |v| self.dependents(v))
    }

    /// Skills not in `known` whose prerequisites are all in `known`, in learnable order.
    pub(crate) fn frontier(&self, known: &[bool]) -> Vec<u32> {
        self.order
            .iter()
            .copied()
            .filter(|&v| {
                !known[v as usize]
                    && self
                        .prerequisites(v as usize)
                        .iter()
                        .all(|&p| known[p as usize])
            })
            .collect()
    }

    /// Skills in `known` none of whose dependents are in `known`, in learnable order.
    pub(crate) fn inner_fringe(&self, known: &[bool]) -> Vec<u32> {
        self.order
            .iter()
            .copied()
            .filter(|&v| {
                known[v as usize]
                    && !self
                        .dependents(v as usize)
                        .iter()
                        .any(|&d| known[d as usize])
            })
            .collect()
    }

    /// The goals and their ancestors that are not in `known`, in learnable order.
    pub(crate) fn path_to(&self, goals: &[u32], known: &[bool]) -> Vec<u32> {
        let mut all = self.reach(goals, |v| self.prerequisites(v));
        all.extend_from_slice(goals);
        self.sort_learnable(&mut all);
        all.dedup();
        all.retain(|&v| !known[v as usize]);
        all
    }

    /// The unknown ancestors of `skill`, each with the length of the longest prerequisite
    /// chain from it up to `skill`; deepest first, ties in learnable order.
    pub(crate) fn gaps(&self, skill: u32, known: &[bool]) -> Vec<(u32, u32)> {
        let mut anc = self.reach(&[skill], |v| self.prerequisites(v));
        // Longest distance to `skill`, computed from the nearest ancestors outwards
        // (reverse learnable order).
        let mut dist = vec![u32::MAX; self.len()];
        dist[skill as usize] = 0;
        for &u in anc.iter().rev() {
            let d = self
                .dependents(u as usize)
                .iter()
                .filter(|&&w| dist[w as usize] != u32::MAX)
                .map(|&w| dist[w as usize] + 1)
                .max()
                .unwrap_or(u32::MAX);
            dist[u as usize] = d;
        }
        anc.retain(|&u| !known[u as usize]);
        let mut out: Vec<(u32, u32)> = anc.into_iter().map(|u| (u, dist[u as usize])).collect();
        out.sort_by_key(|&(u, d)| (Reverse(d), self.position[u as usize]));
        out
    }

    /// Edges implied by a longer path (the complement of the transitive reduction), sorted
    /// by learnable position of prerequisite, then dependent.
    ///
    /// For each node, a search from its dependents' dependents, pruned beyond the furthest
    /// direct dependent in learnable order. Worst case O(V (V + E)); on curricula, where
    /// prerequisite chains are local, it is close to linear.
    pub(crate) fn redundant_edges(&self) -> Vec<(u32, u32)> {
        let n = self.len();
        let mut stamp = vec![u32::MAX; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        for &u in &self.order {
            let direct = self.dependents(u as usize);
            if direct.len() < 2 {
                continue;
            }
            let limit = direct
                .iter()
                .map(|&d| self.position[d as usize])
                .max()
                .unwrap_or(0);
            stack.clear();
            for &d in direct {
                for &w in self.dependents(d as usize) {
                    if stamp[w as usize] != u && self.position[w as usize] <= limit {
                        stamp[w as usize] = u;
                        stack.push(w);
                    }
                }
            }
            while let Some(v) = stack.pop() {
                for &w in self.dependents(v as usize) {
                    if stamp[w as usize] != u && self.position[w as usize] <= limit {
                        stamp[w as usize] = u;
                        stack.push(w);
                    }
                }
            }
            for &d in direct {
                if stamp[d as usize] == u {
                    out.push((u, d));
                }
            }
        }
        out.sort_by_key(|&(a, b)| (self.position[a as usize], self.position[b as usize]));
        out
    }

    /// One cycle per non-trivial strongly connected component among `stuck` nodes (Tarjan),
    /// each the shortest cycle through the component's lowest-ranked node, ordered by rank.
    fn cycles(&self, stuck: &[bool], rank: &[u32]) -> Vec<Vec<u32>> {
        let n = self.len();
        const UNSET: u32 = u32::MAX;
        let mut index = vec![UNSET; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut counter = 0u32;
        let mut components: Vec<Vec<u32>> = Vec::new();
        for s in 0..n {
            if !stuck[s] || index[s] != UNSET {
                continue;
            }
            let mut calls: Vec<(u32, usize)> = vec![(s as u32, 0)];
            index[s] = counter;
            low[s] = counter;
            counter += 1;
            stack.push(s as u32);
            on_stack[s] = true;
            while let Some(&mut (v, ref mut cursor)) = calls.last_mut() {
                let succ = self.dependents(v as usize);
                if *cursor < succ.len() {
                    let w = succ[*cursor] as usize;
                    *cursor += 1;
                    if !stuck[w] {
                        continue;
                    }
                    if index[w] == UNSET {
                        index[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w as u32);
                        on_stack[w] = true;
                        calls.push((w as u32, 0));
                    } else if on_stack[w] {
                        low[v as usize] = low[v as usize].min(index[w]);
                    }
                } else {
                    calls.pop();
                    if let Some(&(p, _)) = calls.last() {
                        low[p as usize] = low[p as usize].min(low[v as usize]);
                    }
                    if low[v as usize] == index[v as usize] {
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w as usize] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        if comp.len() > 1 {
                            components.push(comp);
                        }
                    }
                }
            }
        }
        let mut in_comp = vec![false; n];
        let mut cycles: Vec<Vec<u32>> = components
            .iter()
            .map(|comp| {
                for &v in comp {
                    in_comp[v as usize] = true;
                }
                let start = comp
                    .iter()
                    .copied()
                    .min_by_key(|&v| rank[v as usize])
                    .unwrap_or(comp[0]);
                let cycle = self.shortest_cycle_through(start, &in_comp);
                for &v in comp {
                    in_comp[v as usize] = false;
                }
                cycle
            })
            .collect();
        cycles.sort_by_key(|c| rank[c[0] as usize]);
        cycles
    }

    /// Breadth-first search from `start` inside a strongly connected component back to `start`.
    fn shortest_cycle_through(&self, start: u32, in_comp: &[bool]) -> Vec<u32> {
        let mut parent = vec![u32::MAX; self.len()];
        let mut queue = VecDeque::from([start]);
        parent[start as usize] = start;
        while let Some(v) = queue.pop_front() {
            for &w in self.dependents(v as usize) {
                if w == start {
                    let mut back = Vec::new();
                    let mut x = v;
                    while x != start {
                        back.push(x);
                        x = parent[x as usize];
                    }
                    let mut cycle = vec![start];
                    cycle.extend(back.into_iter().rev());
                    cycle.push(start);
                    return cycle;
                }
                if in_comp[w as usize] && parent[w as usize] == u32::MAX {
                    parent[w as usize] = v;
                    queue.push_back(w);
                }
            }
        }
        // Unreachable for a true component; fall back to the start alone.
        vec![start, start]
    }
}

/// Compressed sparse rows from (row, column, weight) triples, columns kept in input order.
fn csr(n: usize, entries: impl Iterator<Item = Edge> + Clone) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
    let mut off = vec![0u32; n + 1];
    for (r, _, _) in entries.clone() {
        off[r as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let m = off[n] as usize;
    let mut cols = vec![0u32; m];
    let mut weights = vec![0f64; m];
    let mut next = off.clone();
    for (r, c, w) in entries {
        let slot = next[r as usize] as usize;
        cols[slot] = c;
        weights[slot] = w;
        next[r as usize] += 1;
    }
    (off, cols, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity_rank(n: usize) -> Vec<u32> {
        (0..n as u32).collect()
    }

    #[test]
    fn diamond_orders_by_rank() {
        // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3; rank prefers 2 before 1.
        let edges = [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)];
        let dag = Dag::build(4, &edges, &[0, 2, 1, 3]).expect("acyclic");
        assert_eq!(dag.order(), &[0, 2, 1, 3]);
        assert_eq!(dag.depth(3), 2);
        assert_eq!(dag.ancestors(3), vec![0, 2, 1]);
    }

    #[test]
    fn two_cycles_reported_separately() {
        let edges = [
            (0, 1, 1.0),
            (1, 0, 1.0),
            (2, 3, 1.0),
            (3, 4, 1.0),
            (4, 2, 1.0),
        ];
        let cycles = Dag::build(5, &edges, &identity_rank(5)).expect_err("cyclic");
        assert_eq!(cycles, vec![vec![0, 1, 0], vec![2, 3, 4, 2]]);
    }

    #[test]
    fn redundant_edge_found() {
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)];
        let dag = Dag::build(3, &edges, &identity_rank(3)).expect("acyclic");
        assert_eq!(dag.redundant_edges(), vec![(0, 2)]);
    }
}
