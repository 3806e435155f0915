//! Gibbs sampling over prerequisite-closed states, for curricula too large to enumerate.
//!
//! The chain holds one closed state. A sweep visits every skill in learnable order; a skill
//! whose prerequisites are all known and none of whose dependents is known may flip, and
//! takes its conditional given the rest: prior odds times the likelihood of its answers.
//! Every other skill is held by the closure. Single flips connect all closed states that
//! the answers allow, so the chain's average converges to the posterior. Marginals are
//! averaged over the conditionals (Rao-Blackwellized), which needs fewer sweeps than
//! counting visits. Only additions, multiplications and divisions: the same bits on every
//! platform for the same seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::states::Graph;

/// The chain and what it needs to flip skills in constant time.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    known: Vec<bool>,
    /// Prerequisites known, per skill.
    ready: Vec<u32>,
    /// Dependents known, per skill.
    held: Vec<u32>,
    rng: ChaCha8Rng,
}

impl Sampler {
    pub(crate) fn new(n: usize, seed: u64) -> Sampler {
        Sampler {
            known: vec![false; n],
            ready: vec![0; n],
            held: vec![0; n],
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Restarts the random stream from `seed`, keeping the chain where it is.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng = ChaCha8Rng::seed_from_u64(seed);
    }

    /// Moves the chain to `state` (closed).
    pub(crate) fn reset(&mut self, graph: &Graph, state: &[bool]) {
        self.known = state.to_vec();
        for s in 0..graph.len() {
            self.ready[s] = graph.prereqs[s]
                .iter()
                .filter(|&&p| state[p as usize])
                .count() as u32;
            self.held[s] = graph.dependents[s]
                .iter()
                .filter(|&&d| state[d as usize])
                .count() as u32;
        }
    }

    pub(crate) fn state(&self) -> &[bool] {
        &self.known
    }

    /// `burn` sweeps, then `sweeps` sweeps whose conditionals are averaged: each skill's
    /// P(known). `odds_in[s]` and `odds_out[s]` are the prior times the likelihood of the
    /// skill's answers, known and not.
    pub(crate) fn run(
        &mut self,
        graph: &Graph,
        weight_in: &[f64],
        weight_out: &[f64],
        burn: usize,
        sweeps: usize,
    ) -> Vec<f64> {
        let n = graph.len();
        let mut sum = vec![0.0; n];
        for sweep in 0..burn + sweeps {
            let keep = sweep >= burn;
            for &s in &graph.order {
                let s = s as usize;
                let free = self.ready[s] as usize == graph.prereqs[s].len() && self.held[s] == 0;
                if !free {
                    if keep && self.known[s] {
                        sum[s] += 1.0;
                    }
                    continue;
                }
                let (a, b) = (weight_in[s], weight_out[s]);
                let p = if a + b > 0.0 {
                    a / (a + b)
                } else {
                    f64::from(u8::from(self.known[s]))
                };
                // 53 random bits as a uniform in [0, 1).
                let u = (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                let now = u < p;
                if now != self.known[s] {
                    self.flip(graph, s, now);
                }
                if keep {
                    sum[s] += p;
                }
            }
        }
        sum.iter()
            .map(|&t| (t / sweeps as f64).clamp(0.0, 1.0))
            .collect()
    }

    fn flip(&mut self, graph: &Graph, s: usize, known: bool) {
        self.known[s] = known;
        for &d in &graph.dependents[s] {
            if known {
                self.ready[d as usize] += 1;
            } else {
                self.ready[d as usize] -= 1;
            }
        }
        for &p in &graph.prereqs[s] {
            if known {
                self.held[p as usize] += 1;
            } else {
                self.held[p as usize] -= 1;
            }
        }
    }
}
