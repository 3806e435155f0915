//! Expectation-maximisation for one skill: seeded starting points, a scaled forward-backward
//! E-step over several sequences side by side, and the M-step.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::BktParams;
use super::options::{FitOptions, LO};
use crate::tracing::data::SkillSeqs;
use crate::tracing::metrics::LogProduct;

/// A seeded random starting point for restart `restart` of skill `skill`.
pub(super) fn start(o: &FitOptions, skill: u64, restart: u32) -> BktParams {
    let mix = o
        .seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(skill.wrapping_mul(0xBF58_476D_1CE4_E5B9))
        .wrapping_add(u64::from(restart).wrapping_mul(0x94D0_49BB_1331_11EB));
    let mut rng = ChaCha8Rng::seed_from_u64(mix);
    let p = BktParams {
        prior: rng.random_range(0.05..0.95),
        learn: rng.random_range(0.05..0.5),
        guess: rng.random_range(0.05..0.4_f64.min(o.max_guess)),
        slip: rng.random_range(0.05..0.4_f64.min(o.max_slip)),
        forget: if o.forgets {
            rng.random_range(0.0..0.1)
        } else {
            0.0
        },
    };
    pin(p, o)
}

pub(crate) fn pin(mut p: BktParams, o: &FitOptions) -> BktParams {
    let q = &o.pinned;
    p.prior = q.prior.unwrap_or(p.prior);
    p.learn = q.learn.unwrap_or(p.learn);
    p.guess = q.guess.unwrap_or(p.guess);
    p.slip = q.slip.unwrap_or(p.slip);
    p.forget = q.forget.unwrap_or(if o.forgets { p.forget } else { 0.0 });
    p
}

/// Log-likelihood of one sequence (forward pass only).
pub(super) fn forward_ll(p: &BktParams, obs: &[u8]) -> f64 {
    let mut known = p.prior;
    let mut ll = LogProduct::default();
    for &o in obs {
        let (c, next) = forward_step(p, known, o);
        ll.mul(c);
        known = next;
    }
    ll.ln()
}

/// The least probability an answer counts with in a likelihood, as in log loss: an answer
/// the parameters deem impossible (a guess or slip of 0 or 1) counts as this and leaves
/// P(known) as it was, so no likelihood is infinite or NaN.
pub(super) const LEAST: f64 = 1e-15;

/// One step of the forward pass from P(known) `known` on observation `o`: (P(o | the past),
/// P(known) before the next response).
#[inline]
pub(super) fn forward_step(p: &BktParams, known: f64, o: u8) -> (f64, f64) {
    let (e1, e0) = emission(p, o);
    let c = known * e1 + (1.0 - known) * e0;
    let post = if c > 0.0 { known * e1 / c } else { known };
    (
        c.max(LEAST),
        post * (1.0 - p.forget) + (1.0 - post) * p.learn,
    )
}

/// P(observation | known), P(observation | unknown).
#[inline]
pub(super) fn emission(p: &BktParams, o: u8) -> (f64, f64) {
    if o == 1 {
        (1.0 - p.slip, p.guess)
    } else {
        (p.slip, 1.0 - p.guess)
    }
}

/// Runs EM from `init`: (parameters, log-likelihood, iterations).
pub(super) fn em(seqs: &SkillSeqs, init: BktParams, o: &FitOptions) -> (BktParams, f64, u32) {
    let packed = Packed::new(seqs);
    let longest = packed.blocks.first().map_or(0, |b| b.len);
    let mut filt = vec![[0.0f64; WIDTH]; longest];
    let mut inv = vec![[0.0f64; WIDTH]; longest];
    let mut p = init;
    let mut prev = f64::NEG_INFINITY;
    let mut ll = f64::NEG_INFINITY;
    let mut iterations = 0;
    for it in 1..=o.max_iterations {
        iterations = it;
        let mut acc = [0.0f64; 10];
        ll = 0.0;
        let emissions = Emissions::new(&p);
        for block in &packed.blocks {
            let steps = &packed.steps[block.first..block.first + block.len];
            for total in e_step(&p, &emissions, block, steps, &mut filt, &mut inv, &mut acc) {
                ll += total;
            }
        }
        // M-step, with pins and bounds.
        let [
            prior_num,
            n_seq,
            learn_num,
            learn_den,
            forget_num,
            forget_den,
            guess_num,
            guess_den,
            slip_num,
            slip_den,
        ] = acc;
        let ratio = |num: f64, den: f64, old: f64| if den > 0.0 { num / den } else { old };
        let mut next = BktParams {
            prior: ratio(prior_num, n_seq, p.prior).clamp(LO, 1.0 - LO),
            learn: ratio(learn_num, learn_den, p.learn).clamp(LO, 1.0 - LO),
            guess: ratio(guess_num, guess_den, p.guess).clamp(LO, o.max_guess.min(1.0 - LO)),
            slip: ratio(slip_num, slip_den, p.slip).clamp(LO, o.max_slip.min(1.0 - LO)),
            forget: if o.forgets {
                ratio(forget_num, forget_den, p.forget).clamp(0.0, 1.0 - LO)
            } else {
                0.0
            },
        };
        next = pin(next, o);
        let converged = (ll - prev).abs() < o.tolerance;
        prev = ll;
        if converged || it == o.max_iterations {
            // `p` produced `ll`: return that pair.
            break;
        }
        p = next;
    }
    (p, ll, iterations)
}

/// Sequences the variants' E-step and the scorers process side by side: independent
/// dependency chains that the CPU overlaps.
pub(crate) const LANES: usize = 4;

/// Sequences the plain E-step runs side by side: independent dependency chains (each step's
/// division feeds the next step of the same sequence) that the CPU overlaps and the compiler
/// turns into SIMD lanes. Eight, so that one byte holds a step's answers.
const WIDTH: usize = 8;

/// One value per lane.
type Lanes = [f64; WIDTH];

/// A skill's sequences packed for [`e_step`]: longest first, in blocks of [`WIDTH`], each
/// step of a block one byte of answers (bit `l` is lane `l`'s) and one byte of the lanes
/// still running. Built once per EM run, read every iteration.
#[derive(Debug)]
struct Packed {
    blocks: Vec<Block>,
    /// Per step of each block: (answers, running lanes).
    steps: Vec<(u8, u8)>,
}

/// A block of [`Packed`] sequences.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Its first step in [`Packed::steps`].
    first: usize,
    /// Its steps: its longest sequence's length.
    len: usize,
    /// Steps every sequence of the block has: its shortest sequence's length. Lanes with
    /// no sequence run on (on answers of 0) and are never read, so these steps need no
    /// masks.
    full: usize,
    /// Lanes holding a sequence (the first ones).
    lanes: usize,
}

impl Packed {
    fn new(seqs: &SkillSeqs) -> Packed {
        // Longest first (stable), so each block's lanes have similar lengths.
        let mut order: Vec<&[u8]> = seqs.sequences().collect();
        order.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut blocks = Vec::with_capacity(order.len().div_ceil(WIDTH));
        let mut steps = Vec::with_capacity(seqs.obs.len().div_ceil(WIDTH) + order.len());
        for group in order.chunks(WIDTH) {
            let len = group[0].len();
            let full = group[group.len() - 1].len();
            blocks.push(Block {
                first: steps.len(),
                len,
                full,
                lanes: group.len(),
            });
            steps.extend((0..len).map(|k| {
                let mut answers = 0u8;
                // Lanes without a sequence count as running.
                let mut running = u8::MAX.checked_shl(group.len() as u32).unwrap_or(0);
                for (l, seq) in group.iter().enumerate() {
                    if let Some(&o) = seq.get(k) {
                        answers |= (o & 1) << l;
                        running |= 1 << l;
                    }
                }
                (answers, running)
            }));
        }
        Packed { blocks, steps }
    }
}

/// Per lane of a nibble's four: 1.0 where its bit is set, else 0.0.
const NIBBLE: [[f64; 4]; 16] = {
    let mut t = [[0.0; 4]; 16];
    let mut n = 0;
    while n < 16 {
        let mut l = 0;
        while l < 4 {
            t[n][l] = ((n >> l) & 1) as f64;
            l += 1;
        }
        n += 1;
    }
    t
};

/// Per lane of a byte of [`WIDTH`] bits: 1.0 where the lane's bit is set, else 0.0.
#[inline(always)]
fn bits(byte: u8) -> Lanes {
    let (lo, hi) = (NIBBLE[usize::from(byte & 15)], NIBBLE[usize::from(byte >> 4)]);
    [lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]]
}

/// Per lane, `a` where `on` is 1.0 and `b` where it is 0.0. Exact: one side is multiplied
/// by 0 and the other by 1 (both are finite), then they are added.
#[inline(always)]
fn keep(on: &Lanes, a: &Lanes, b: &Lanes) -> Lanes {
    std::array::from_fn(|l| on[l] * a[l] + (1.0 - on[l]) * b[l])
}

/// Per step of the E-step, the values of each lane for its answer: P(o | known) and
/// P(o | unknown), looked up by nibble as [`bits`] does.
struct Emissions {
    known: [[f64; 4]; 16],
    unknown: [[f64; 4]; 16],
}

impl Emissions {
    fn new(p: &BktParams) -> Emissions {
        // [P(o | known), P(o | unknown)] for o = 0, 1.
        let known = [p.slip, 1.0 - p.slip];
        let unknown = [1.0 - p.guess, p.guess];
        let table = |values: [f64; 2]| {
            std::array::from_fn(|n| std::array::from_fn(|l| values[(n >> l) & 1]))
        };
        Emissions {
            known: table(known),
            unknown: table(unknown),
        }
    }

    /// (P(o | known), P(o | unknown)) of each lane's answer in `answers`.
    #[inline(always)]
    fn of(&self, answers: u8) -> (Lanes, Lanes) {
        let (lo, hi) = (usize::from(answers & 15), usize::from(answers >> 4));
        let join = |t: &[[f64; 4]; 16]| {
            let (a, b) = (t[lo], t[hi]);
            [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]]
        };
        (join(&self.known), join(&self.unknown))
    }
}

/// Forward-backward over one block of [`Packed`] steps, adding expected counts to `acc`:
/// [prior, sequences, learn num/den, forget num/den, guess num/den, slip num/den], lane by
/// lane (so in sequence order). Returns the log-likelihoods of lanes 0-3 and 4-7, each a
/// sum in lane order.
///
/// Each lane's arithmetic is the scalar pass's, operation for operation, so results do not
/// depend on the width or the instruction set; steps past a lane's end are computed and
/// discarded by [`keep`], so the lane loops have no branches and become SIMD. One division
/// per step; gamma and xi need no renormalisation since the scaled passes make them sum to 1.
/// `filt[k]` and `inv[k]` hold each lane's P(known | o_1..k) and 1 / P(o_k | o_1..k-1).
#[inline]
fn e_step(
    p: &BktParams,
    em: &Emissions,
    block: &Block,
    steps: &[(u8, u8)],
    filt: &mut [Lanes],
    inv: &mut [Lanes],
    acc: &mut [f64; 10],
) -> [f64; 2] {
    let (t, f) = (p.learn, p.forget);
    let mut known: Lanes = [p.prior; WIDTH];
    // Each lane's likelihood as a product, moved into its log before it underflows.
    let mut product: Lanes = [1.0; WIDTH];
    let mut log: Lanes = [0.0; WIDTH];
    for (k, &(answers, running)) in steps.iter().enumerate() {
        let (e1, e0) = em.of(answers);
        let c: Lanes = std::array::from_fn(|l| known[l] * e1[l] + (1.0 - known[l]) * e0[l]);
        let r: Lanes = c.map(|c| 1.0 / c);
        let post: Lanes = std::array::from_fn(|l| known[l] * e1[l] * r[l]);
        let next: Lanes = post.map(|post| post * (1.0 - f) + (1.0 - post) * t);
        let more: Lanes = std::array::from_fn(|l| product[l] * c[l]);
        filt[k] = post;
        inv[k] = r;
        if k < block.full {
            known = next;
            product = more;
        } else {
            let on = bits(running);
            known = keep(&on, &next, &known);
            product = keep(&on, &more, &product);
        }
        if product.iter().fold(false, |low, &x| low | (x < 1e-250)) {
            for l in 0..WIDTH {
                if product[l] < 1e-250 {
                    log[l] += product[l].ln();
                    product[l] = 1.0;
                }
            }
        }
    }
    let mut b0: Lanes = [1.0; WIDTH];
    let mut b1: Lanes = [1.0; WIDTH];
    // Per-lane sums, count by count.
    let mut s = [[0.0f64; WIDTH]; 10];
    for k in (0..steps.len()).rev() {
        let (answers, running) = steps[k];
        let y = bits(answers);
        let a1 = &filt[k];
        let g1: Lanes = std::array::from_fn(|l| a1[l] * b1[l]);
        let g0: Lanes = std::array::from_fn(|l| (1.0 - a1[l]) * b0[l]);
        let mut add = [[0.0f64; WIDTH]; 10];
        add[6] = std::array::from_fn(|l| g0[l] * y[l]);
        add[7] = g0;
        add[8] = std::array::from_fn(|l| g1[l] * (1.0 - y[l]));
        add[9] = g1;
        let (mut n0, mut n1) = (b0, b1);
        if k == 0 {
            add[0] = g1;
            add[1] = [1.0; WIDTH];
        } else {
            // Transitions k-1 -> k: alpha at k-1, emission and beta at k.
            let (e1, e0) = em.of(answers);
            let (r, p1) = (&inv[k], &filt[k - 1]);
            for l in 0..WIDTH {
                let p0 = 1.0 - p1[l];
                let eb0 = e0[l] * b0[l] * r[l];
                let eb1 = e1[l] * b1[l] * r[l];
                let x01 = p0 * t * eb1;
                let x00 = p0 * (1.0 - t) * eb0;
                let x10 = p1[l] * f * eb0;
                let x11 = p1[l] * (1.0 - f) * eb1;
                add[2][l] = x01;
                add[3][l] = x00 + x01;
                add[4][l] = x10;
                add[5][l] = x10 + x11;
                // beta at k-1.
                n0[l] = (1.0 - t) * eb0 + t * eb1;
                n1[l] = f * eb0 + (1.0 - f) * eb1;
            }
        }
        let first = if k == 0 { 0 } else { 2 };
        if k < block.full {
            for (s, add) in s.iter_mut().zip(&add).skip(first) {
                *s = std::array::from_fn(|l| s[l] + add[l]);
            }
            (b0, b1) = (n0, n1);
        } else {
            let on = bits(running);
            for (s, add) in s.iter_mut().zip(&add).skip(first) {
                let more: Lanes = std::array::from_fn(|l| s[l] + add[l]);
                *s = keep(&on, &more, s);
            }
            b0 = keep(&on, &n0, &b0);
            b1 = keep(&on, &n1, &b1);
        }
    }
    for l in 0..block.lanes {
        for (a, s) in acc.iter_mut().zip(&s) {
            *a += s[l];
        }
    }
    let half = |lanes: std::ops::Range<usize>| {
        lanes.fold(0.0, |total, l| total + (log[l] + product[l].ln()))
    };
    [half(0..block.lanes.min(4)), half(4..block.lanes.max(4))]
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)] // index loops mirror the formulas in the oracle
mod tests {
    use super::*;

    /// Expected counts by enumerating every hidden path: the oracle for `e_step`.
    fn brute_force(p: &BktParams, obs: &[u8]) -> ([f64; 10], f64) {
        let n = obs.len();
        let mut acc = [0.0; 10];
        let mut total = 0.0;
        let mut weighted = [0.0; 10];
        for mask in 0..(1u32 << n) {
            let state = |k: usize| (mask >> k) & 1 == 1;
            let mut w = if state(0) { p.prior } else { 1.0 - p.prior };
            for k in 0..n {
                let (e1, e0) = emission(p, obs[k]);
                w *= if state(k) { e1 } else { e0 };
                if k + 1 < n {
                    w *= match (state(k), state(k + 1)) {
                        (false, false) => 1.0 - p.learn,
                        (false, true) => p.learn,
                        (true, false) => p.forget,
                        (true, true) => 1.0 - p.forget,
                    };
                }
            }
            total += w;
            let mut c = [0.0; 10];
            c[0] = f64::from(u8::from(state(0)));
            c[1] = 1.0;
            for k in 0..n {
                let y = f64::from(obs[k]);
                if state(k) {
                    c[8] += 1.0 - y;
                    c[9] += 1.0;
                } else {
                    c[6] += y;
                    c[7] += 1.0;
                }
                if k + 1 < n {
                    match (state(k), state(k + 1)) {
                        (false, s) => {
                            c[2] += f64::from(u8::from(s));
                            c[3] += 1.0;
                        }
                        (true, s) => {
                            c[4] += f64::from(u8::from(!s));
                            c[5] += 1.0;
                        }
                    }
                }
            }
            for i in 0..10 {
                weighted[i] += w * c[i];
            }
        }
        for i in 0..10 {
            acc[i] = weighted[i] / total;
        }
        (acc, total.ln())
    }

    /// A skill of these sequences (one learner each).
    fn skill(all: &[&[u8]]) -> SkillSeqs {
        let mut seqs = SkillSeqs::default();
        seqs.seq_off.push(0);
        for (i, obs) in all.iter().enumerate() {
            seqs.obs.extend_from_slice(obs);
            seqs.seq_off.push(seqs.obs.len() as u32);
            seqs.seq_learner.push(i as u32);
        }
        seqs.entry = (0..seqs.obs.len() as u32).collect();
        seqs
    }

    /// The expected counts and log-likelihood of every block of a skill's packed sequences.
    fn packed_e_step(p: &BktParams, all: &[&[u8]]) -> ([f64; 10], f64) {
        let packed = Packed::new(&skill(all));
        let longest = packed.blocks.first().map_or(0, |b| b.len);
        let mut filt = vec![[0.0; WIDTH]; longest];
        let mut inv = vec![[0.0; WIDTH]; longest];
        let mut acc = [0.0; 10];
        let mut ll = 0.0;
        let emissions = Emissions::new(p);
        for block in &packed.blocks {
            let steps = &packed.steps[block.first..block.first + block.len];
            for total in e_step(p, &emissions, block, steps, &mut filt, &mut inv, &mut acc) {
                ll += total;
            }
        }
        (acc, ll)
    }

    const OLD_LANES: usize = 4;

    /// The E-step as one scalar pass over four sequences at a time, branching on the lanes
    /// that run: the oracle the packed E-step must equal bit for bit.
    fn scalar_e_step(
        p: &BktParams,
        seqs: [&[u8]; OLD_LANES],
        filt: &mut [[f64; OLD_LANES]],
        inv: &mut [[f64; OLD_LANES]],
        acc: &mut [f64; 10],
    ) -> f64 {
        let len = seqs.map(<[u8]>::len);
        let longest = len.iter().copied().max().unwrap_or(0);
        let (t, f) = (p.learn, p.forget);
        // [P(o | known), P(o | unknown)] for o = 0, 1.
        let known_em = [p.slip, 1.0 - p.slip];
        let unknown_em = [1.0 - p.guess, p.guess];
        let mut known = [p.prior; OLD_LANES];
        let mut ll: [LogProduct; OLD_LANES] = Default::default();
        for k in 0..longest {
            for l in 0..OLD_LANES {
                if k < len[l] {
                    let o = usize::from(seqs[l][k] & 1);
                    let (e1, e0) = (known_em[o], unknown_em[o]);
                    let c = known[l] * e1 + (1.0 - known[l]) * e0;
                    let r = 1.0 / c;
                    let post = known[l] * e1 * r;
                    filt[k][l] = post;
                    inv[k][l] = r;
                    ll[l].mul(c);
                    known[l] = post * (1.0 - f) + (1.0 - post) * t;
                }
            }
        }
        let mut b0 = [1.0f64; OLD_LANES];
        let mut b1 = [1.0f64; OLD_LANES];
        // Per-lane sums, added in lane order at the end so results do not depend on timing.
        let mut sums = [[0.0f64; 10]; OLD_LANES];
        for k in (0..longest).rev() {
            for l in 0..OLD_LANES {
                if k >= len[l] {
                    continue;
                }
                let s = &mut sums[l];
                let a1 = filt[k][l];
                let g1 = a1 * b1[l];
                let g0 = (1.0 - a1) * b0[l];
                let o = usize::from(seqs[l][k] & 1);
                let y = o as f64;
                s[6] += g0 * y;
                s[7] += g0;
                s[8] += g1 * (1.0 - y);
                s[9] += g1;
                if k == 0 {
                    s[0] += g1;
                    s[1] += 1.0;
                } else {
                    // Transition k-1 -> k: alpha at k-1, emission and beta at k.
                    let (e1, e0) = (known_em[o], unknown_em[o]);
                    let r = inv[k][l];
                    let p1 = filt[k - 1][l];
                    let p0 = 1.0 - p1;
                    let eb0 = e0 * b0[l] * r;
                    let eb1 = e1 * b1[l] * r;
                    let x01 = p0 * t * eb1;
                    let x00 = p0 * (1.0 - t) * eb0;
                    let x10 = p1 * f * eb0;
                    let x11 = p1 * (1.0 - f) * eb1;
                    s[2] += x01;
                    s[3] += x00 + x01;
                    s[4] += x10;
                    s[5] += x10 + x11;
                    // beta at k-1.
                    b0[l] = (1.0 - t) * eb0 + t * eb1;
                    b1[l] = f * eb0 + (1.0 - f) * eb1;
                }
            }
        }
        let mut total = 0.0;
        for l in 0..OLD_LANES {
            for (a, s) in acc.iter_mut().zip(&sums[l]) {
                *a += s;
            }
            total += std::mem::take(&mut ll[l]).ln();
        }
        total
    }


    /// [`scalar_e_step`] over a skill's sequences, longest first, four at a time.
    fn scalar_pass(p: &BktParams, all: &[&[u8]]) -> ([f64; 10], f64) {
        let mut order = all.to_vec();
        order.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let longest = order.first().map_or(0, |s| s.len());
        let mut filt = vec![[0.0; OLD_LANES]; longest];
        let mut inv = vec![[0.0; OLD_LANES]; longest];
        let mut acc = [0.0; 10];
        let mut ll = 0.0;
        for group in order.chunks(OLD_LANES) {
            let mut lanes: [&[u8]; OLD_LANES] = [&[]; OLD_LANES];
            lanes[..group.len()].copy_from_slice(group);
            ll += scalar_e_step(p, lanes, &mut filt, &mut inv, &mut acc);
        }
        (acc, ll)
    }

    #[test]
    fn forward_backward_matches_path_enumeration() {
        let p = BktParams {
            prior: 0.3,
            learn: 0.2,
            guess: 0.25,
            slip: 0.1,
            forget: 0.05,
        };
        let all: [&[u8]; 4] = [&[1], &[0, 1], &[0, 0, 1, 1, 0], &[1, 0, 1, 1, 1, 0, 1]];
        // Each sequence alone, then all four side by side.
        let mut together = ([0.0; 10], 0.0);
        for obs in all {
            let (acc, ll) = packed_e_step(&p, &[obs]);
            let (expected, expected_ll) = brute_force(&p, obs);
            assert!((ll - expected_ll).abs() < 1e-12, "{obs:?}");
            assert!((ll - forward_ll(&p, obs)).abs() < 1e-12);
            for i in 0..10 {
                assert!(
                    (acc[i] - expected[i]).abs() < 1e-12,
                    "{obs:?} count {i}: {} vs {}",
                    acc[i],
                    expected[i]
                );
                together.0[i] += expected[i];
            }
            together.1 += expected_ll;
        }
        let (acc, ll) = packed_e_step(&p, &all);
        assert!((ll - together.1).abs() < 1e-12);
        for i in 0..10 {
            assert!((acc[i] - together.0[i]).abs() < 1e-12, "lanes, count {i}");
        }
    }

    proptest::proptest! {
        /// The packed E-step gives the scalar pass's counts and likelihood to the bit, on
        /// skills of ragged sequences (one block or several, long ones whose likelihood
        /// underflows a plain product) and parameters up to the bounds.
        #[test]
        fn packed_e_step_equals_the_scalar_pass_bit_for_bit(
            all in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::collection::vec(0u8..2, 1..12),
                    proptest::collection::vec(0u8..2, 300..1200),
                ],
                1..30,
            ),
            prior in 1e-6f64..0.999_999,
            learn in 1e-6f64..0.999_999,
            guess in 1e-6f64..0.5,
            slip in 1e-6f64..0.5,
            forget in proptest::prop_oneof![proptest::strategy::Just(0.0), 0.0f64..0.5],
        ) {
            let p = BktParams { prior, learn, guess, slip, forget };
            let all: Vec<&[u8]> = all.iter().map(Vec::as_slice).collect();
            let (acc, ll) = packed_e_step(&p, &all);
            let (expected, expected_ll) = scalar_pass(&p, &all);
            proptest::prop_assert_eq!(ll.to_bits(), expected_ll.to_bits());
            for i in 0..10 {
                proptest::prop_assert_eq!(acc[i].to_bits(), expected[i].to_bits(), "count {}", i);
            }
        }
    }
}
