//! The prerequisite graph as placement uses it, and the exact posterior over every
//! prerequisite-closed state (knowledge space theory's states of a surmise relation).

/// Skills by dense index: a learnable order and each skill's prerequisites and dependents.
#[derive(Debug, Clone)]
pub(crate) struct Graph {
    pub(crate) order: Vec<u32>,
    pub(crate) prereqs: Vec<Vec<u32>>,
    pub(crate) dependents: Vec<Vec<u32>>,
}

impl Graph {
    /// The prerequisite graph of `curriculum` by dense index.
    pub(crate) fn of(curriculum: &crate::curriculum::Curriculum) -> Graph {
        let n = curriculum.len();
        let prereqs: Vec<Vec<u32>> = (0..n)
            .map(|s| curriculum.prerequisite_indices(s).to_vec())
            .collect();
        let mut dependents = vec![Vec::new(); n];
        for (s, ps) in prereqs.iter().enumerate() {
            for &p in ps {
                dependents[p as usize].push(s as u32);
            }
        }
        Graph {
            order: curriculum.learnable_order_indices().to_vec(),
            prereqs,
            dependents,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.prereqs.len()
    }

    /// The smallest closed state holding `seeds`: them and all their ancestors.
    pub(crate) fn closure(&self, seeds: &[bool]) -> Vec<bool> {
        let mut known = seeds.to_vec();
        for &s in self.order.iter().rev() {
            if known[s as usize] {
                for &p in &self.prereqs[s as usize] {
                    known[p as usize] = true;
                }
            }
        }
        known
    }

    /// Skills in `known` whose prerequisites are all in it too, the rest removed (taken in
    /// learnable order, so the result is prerequisite-closed).
    pub(crate) fn interior(&self, known: &[bool]) -> Vec<bool> {
        let mut out = vec![false; self.len()];
        for &s in &self.order {
            let s = s as usize;
            out[s] = known[s] && self.prereqs[s].iter().all(|&p| out[p as usize]);
        }
        out
    }
}

/// Every prerequisite-closed state as a bitset, with its posterior weight (normalized to sum
/// to 1).
#[derive(Debug, Clone)]
pub(crate) struct States {
    words: usize,
    bits: Vec<u64>,
    pub(crate) weights: Vec<f64>,
}

impl States {
    /// The closed states of `graph`, or `None` when they number more than `max`, or when
    /// enumerating them would visit more than `max_work` skill-state pairs.
    pub(crate) fn enumerate(graph: &Graph, max: usize, max_work: u64) -> Option<States> {
        let n = graph.len();
        let words = n.div_ceil(64).max(1);
        let mut bits = Vec::new();
        let mut count = 0usize;
        // A depth-first walk over the learnable order: at each position a skill is left out
        // or, when all its prerequisites are in, taken. `ready[s]` counts prerequisites in.
        let mut ready = vec![0u32; n];
        let mut took = vec![false; n];
        let mut current = vec![0u64; words];
        let mut work = 0u64;
        loop {
            count += 1;
            if count > max {
                return None;
            }
            bits.extend_from_slice(&current);
            // Back up to the deepest position left out that could be taken.
            let mut i = n;
            loop {
                if i == 0 {
                    return Some(States {
                        words,
                        weights: vec![1.0; count],
                        bits,
                    });
                }
                i -= 1;
                work += 1;
                if work > max_work {
                    return None;
                }
                let s = graph.order[i] as usize;
                if took[i] {
                    took[i] = false;
                    current[s / 64] &= !(1u64 << (s % 64));
                    for &d in &graph.dependents[s] {
                        ready[d as usize] -= 1;
                    }
                } else if ready[s] as usize == graph.prereqs[s].len() {
                    took[i] = true;
                    current[s / 64] |= 1u64 << (s % 64);
                    for &d in &graph.dependents[s] {
                        ready[d as usize] += 1;
                    }
                    break;
                }
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.weights.len()
    }

    pub(crate) fn contains(&self, state: usize, skill: usize) -> bool {
        self.bits[state * self.words + skill / 64] >> (skill % 64) & 1 == 1
    }

    /// The skills of one state, as a mask.
    pub(crate) fn mask(&self, state: usize, n: usize) -> Vec<bool> {
        (0..n).map(|s| self.contains(state, s)).collect()
    }

    /// Multiplies each state's weight by `inside` or `outside` as it holds `skill` or not,
    /// then normalizes. Returns false (and changes nothing) when every weight would be 0.
    pub(crate) fn update(&mut self, skill: usize, inside: f64, outside: f64) -> bool {
        let next: Vec<f64> = (0..self.len())
            .map(|k| {
                self.weights[k]
                    * if self.contains(k, skill) {
                        inside
                    } else {
                        outside
                    }
            })
            .collect();
        let total: f64 = next.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return false;
        }
        self.weights = next.into_iter().map(|w| w / total).collect();
        true
    }

    /// Each skill's posterior P(known): the weight of the states holding it.
    pub(crate) fn marginals(&self, n: usize) -> Vec<f64> {
        let mut m = vec![0.0; n];
        for (k, &w) in self.weights.iter().enumerate() {
            if w == 0.0 {
                continue;
            }
            let row = &self.bits[k * self.words..(k + 1) * self.words];
            for (j, &word) in row.iter().enumerate() {
                let mut b = word;
                while b != 0 {
                    let t = b.trailing_zeros() as usize;
                    m[j * 64 + t] += w;
                    b &= b - 1;
                }
            }
        }
        m.iter().map(|p| p.clamp(0.0, 1.0)).collect()
    }

    /// The most likely state (the first of equals in enumeration order).
    pub(crate) fn most_likely(&self) -> usize {
        let mut best = 0;
        for (k, &w) in self.weights.iter().enumerate() {
            if w > self.weights[best] {
                best = k;
            }
        }
        best
    }
}
