//! Expectation-maximisation for one skill: seeded starting points, a scaled forward-backward
//! E-step over several sequences side by side, and the M-step.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::BktParams;
use super::options::{FitOptions, LO};
use crate::tracing::data::SkillSeqs;
use crate::tracing::metrics::LogProduct;

/// A seeded random starting point for restart `restart` of skill `skill`: drawn from the
/// seed and the skill's name (XXH64), never its place in a log, so a skill fitted alone or
/// in any part of a log split by skill starts where it does in the whole log.
pub(super) fn start(o: &FitOptions, skill: &str, restart: u32) -> BktParams {
    let skill = xxhash_rust::xxh64::xxh64(skill.as_bytes(), 0);
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

/// Runs EM from each of `inits` side by side on one skill: (parameters, log-likelihood,
/// iterations) of each. A restart stops when it converges while the others go on; each
/// one's results are what it gives alone, bit for bit.
pub(super) fn em_restarts(
    seqs: &SkillSeqs,
    inits: &[BktParams],
    o: &FitOptions,
) -> Vec<(BktParams, f64, u32)> {
    let packed = Packed::new(seqs);
    let mut filt = vec![[0.0f64; WIDTH]; packed.longest()];
    let mut inv = vec![[0.0f64; WIDTH]; packed.longest()];
    let mut runs: Vec<Run> = inits
        .iter()
        .map(|&p| Run {
            p,
            prev: f64::NEG_INFINITY,
            ll: f64::NEG_INFINITY,
            iterations: 0,
            done: false,
            out: PerSequence {
                counts: vec![[0.0; 10]; packed.sequences],
                ll: vec![0.0; packed.sequences],
            },
        })
        .collect();
    for it in 1..=o.max_iterations {
        let mut active: Vec<&mut Run> = runs.iter_mut().filter(|r| !r.done).collect();
        if active.is_empty() {
            break;
        }
        lone_e_steps(&packed, &mut active, &mut filt, &mut inv);
        for run in active {
            e_step(&run.p, &packed, &mut filt, &mut inv, &mut run.out);
            run.iterations = it;
            let acc;
            (acc, run.ll) = total(&run.out);
            let next = m_step(&run.p, acc, o);
            let converged = (run.ll - run.prev).abs() < o.tolerance;
            run.prev = run.ll;
            if converged || it == o.max_iterations {
                // `p` produced `ll`: return that pair.
                run.done = true;
            } else {
                run.p = next;
            }
        }
    }
    runs.into_iter()
        .map(|r| (r.p, r.ll, r.iterations))
        .collect()
}

/// One restart's EM as it goes.
struct Run {
    p: BktParams,
    prev: f64,
    ll: f64,
    iterations: u32,
    done: bool,
    out: PerSequence,
}

/// The M-step from expected counts, with pins and bounds.
fn m_step(p: &BktParams, acc: [f64; 10], o: &FitOptions) -> BktParams {
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
    let next = BktParams {
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
    pin(next, o)
}

/// A skill's restarts run side by side: as many as the [`WIDTH`] lanes that run one long
/// sequence under each restart's parameters.
pub(super) const RESTARTS: usize = WIDTH;

/// The lone sequences of every active restart: each sequence under all of them at once, one
/// restart a lane (lanes beyond the restarts repeat the first and are not read).
fn lone_e_steps(packed: &Packed, runs: &mut [&mut Run], filt: &mut [Lanes], inv: &mut [Lanes]) {
    let n = runs.len();
    for first in (0..n).step_by(WIDTH) {
        let batch = (n - first).min(WIDTH);
        let params: [BktParams; WIDTH] =
            std::array::from_fn(|l| runs[first + if l < batch { l } else { 0 }].p);
        let lanes = Params::new(&params);
        for (i, seq) in packed.lone.iter().enumerate() {
            let results = restart_e_step(&lanes, seq, filt, inv);
            for (l, (counts, ll)) in results.into_iter().take(batch).enumerate() {
                runs[first + l].out.counts[i] = counts;
                runs[first + l].out.ll[i] = ll;
            }
        }
    }
}

/// Each lane's parameters, as [`restart_e_step`] reads them.
struct Params {
    prior: Lanes,
    learn: Lanes,
    forget: Lanes,
    /// P(o | known) and P(o | unknown) for o = 0, 1.
    known: [Lanes; 2],
    unknown: [Lanes; 2],
}

impl Params {
    fn new(p: &[BktParams; WIDTH]) -> Params {
        Params {
            prior: p.map(|p| p.prior),
            learn: p.map(|p| p.learn),
            forget: p.map(|p| p.forget),
            known: [p.map(|p| p.slip), p.map(|p| 1.0 - p.slip)],
            unknown: [p.map(|p| 1.0 - p.guess), p.map(|p| p.guess)],
        }
    }
}

/// Forward-backward over one sequence under each lane's parameters: (expected counts,
/// log-likelihood) per lane, each the scalar pass's to the bit (as [`e_step`]'s are). With
/// one answer for all lanes, the lane loops have no masks and become SIMD.
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn restart_e_step(
    p: &Params,
    seq: &[u8],
    filt: &mut [Lanes],
    inv: &mut [Lanes],
) -> [([f64; 10], f64); WIDTH] {
    let (t, f) = (&p.learn, &p.forget);
    let mut known = p.prior;
    let mut product: Lanes = [1.0; WIDTH];
    let mut log: Lanes = [0.0; WIDTH];
    for (k, &o) in seq.iter().enumerate() {
        let o = usize::from(o & 1);
        let (e1, e0) = (&p.known[o], &p.unknown[o]);
        let c: Lanes = std::array::from_fn(|l| known[l] * e1[l] + (1.0 - known[l]) * e0[l]);
        let r: Lanes = c.map(|c| 1.0 / c);
        let post: Lanes = std::array::from_fn(|l| known[l] * e1[l] * r[l]);
        known = std::array::from_fn(|l| post[l] * (1.0 - f[l]) + (1.0 - post[l]) * t[l]);
        product = std::array::from_fn(|l| product[l] * c[l]);
        filt[k] = post;
        inv[k] = r;
        settle(&mut product, &mut log);
    }
    let mut b0: Lanes = [1.0; WIDTH];
    let mut b1: Lanes = [1.0; WIDTH];
    let mut s = [[0.0f64; WIDTH]; 10];
    let add = |s: &mut Lanes, x: &Lanes| *s = std::array::from_fn(|l| s[l] + x[l]);
    for k in (0..seq.len()).rev() {
        let o = usize::from(seq[k] & 1);
        let y = o as f64;
        let a1 = &filt[k];
        let g1: Lanes = std::array::from_fn(|l| a1[l] * b1[l]);
        let g0: Lanes = std::array::from_fn(|l| (1.0 - a1[l]) * b0[l]);
        add(&mut s[6], &g0.map(|g0| g0 * y));
        add(&mut s[7], &g0);
        add(&mut s[8], &g1.map(|g1| g1 * (1.0 - y)));
        add(&mut s[9], &g1);
        if k == 0 {
            add(&mut s[0], &g1);
            add(&mut s[1], &[1.0; WIDTH]);
            break;
        }
        // Transitions k-1 -> k: alpha at k-1, emission and beta at k.
        let (e1, e0) = (&p.known[o], &p.unknown[o]);
        let (r, p1) = (&inv[k], &filt[k - 1]);
        let mut x = [[0.0f64; WIDTH]; 4];
        for l in 0..WIDTH {
            let p0 = 1.0 - p1[l];
            let eb0 = e0[l] * b0[l] * r[l];
            let eb1 = e1[l] * b1[l] * r[l];
            let x01 = p0 * t[l] * eb1;
            let x00 = p0 * (1.0 - t[l]) * eb0;
            let x10 = p1[l] * f[l] * eb0;
            let x11 = p1[l] * (1.0 - f[l]) * eb1;
            x[0][l] = x01;
            x[1][l] = x00 + x01;
            x[2][l] = x10;
            x[3][l] = x10 + x11;
            // beta at k-1.
            b0[l] = (1.0 - t[l]) * eb0 + t[l] * eb1;
            b1[l] = f[l] * eb0 + (1.0 - f[l]) * eb1;
        }
        for (s, x) in s[2..6].iter_mut().zip(&x) {
            add(s, x);
        }
    }
    std::array::from_fn(|l| (std::array::from_fn(|c| s[c][l]), log[l] + product[l].ln()))
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

/// A skill's sequences packed for [`e_step`] as [`WIDTH`] lanes, each a stream of whole
/// sequences one after another, balanced by length (longest first, each to the lane with the
/// fewest steps so far) so that lanes end together whatever the mix of lengths. Each step is
/// a byte of answers (bit `l` is lane `l`'s), a byte of the lanes where a sequence starts and
/// a byte of those where one ends. Built once per EM run, read every iteration.
#[derive(Debug)]
struct Packed<'a> {
    /// The longest sequences, each longer than an even share of the lanes' steps: run
    /// by [`restart_e_step`] under several restarts at once, since in a lane each would
    /// leave the others idle.
    /// They come first in the longest-first order.
    lone: Vec<&'a [u8]>,
    /// Per step: (answers, starts, ends).
    steps: Vec<(u8, u8, u8)>,
    /// Per lane, its sequences in stream order, by their place in the longest-first order
    /// ([`PAD`] for the filler that ends a lane shorter than the longest).
    lanes: [Vec<u32>; WIDTH],
    /// Sequences.
    sequences: usize,
}

/// The place of a lane's filler in [`Packed::lanes`]: results never read.
const PAD: u32 = u32::MAX;

impl Packed<'_> {
    fn new(seqs: &SkillSeqs) -> Packed<'_> {
        // Longest first (stable): the order results are added in, whatever the lanes.
        let mut order: Vec<&[u8]> = seqs.sequences().collect();
        order.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut rest = seqs.obs.len();
        let lone = order
            .iter()
            .take_while(|s| {
                let alone = s.len() * WIDTH > rest;
                rest -= s.len();
                alone
            })
            .count();
        let mut lanes: [Vec<u32>; WIDTH] = Default::default();
        let mut length = [0usize; WIDTH];
        for (i, s) in order.iter().enumerate().skip(lone) {
            let l = (0..WIDTH).min_by_key(|&l| length[l]).unwrap_or(0);
            lanes[l].push(i as u32);
            length[l] += s.len();
        }
        let steps_len = length.iter().copied().max().unwrap_or(0);
        let mut steps = vec![(0u8, 0u8, 0u8); steps_len];
        for (l, lane) in lanes.iter_mut().enumerate() {
            let mut k = 0;
            let mark = |k: usize, len: usize, steps: &mut [(u8, u8, u8)]| {
                steps[k].1 |= 1 << l;
                steps[k + len - 1].2 |= 1 << l;
            };
            for &i in lane.iter() {
                let s = order[i as usize];
                for (j, &o) in s.iter().enumerate() {
                    steps[k + j].0 |= (o & 1) << l;
                }
                mark(k, s.len(), &mut steps);
                k += s.len();
            }
            if k < steps_len {
                mark(k, steps_len - k, &mut steps);
                lane.push(PAD);
            }
        }
        Packed {
            lone: order[..lone].to_vec(),
            steps,
            lanes,
            sequences: order.len(),
        }
    }

    /// The most steps one pass runs: the room its per-step buffers need.
    fn longest(&self) -> usize {
        let lone = self.lone.first().map_or(0, |s| s.len());
        lone.max(self.steps.len())
    }
}

/// Moves each lane's likelihood product into its log before it underflows, as
/// [`LogProduct`] does.
#[inline(always)]
fn settle(product: &mut Lanes, log: &mut Lanes) {
    if product.iter().fold(false, |low, &x| low | (x < 1e-250)) {
        for l in 0..WIDTH {
            if product[l] < 1e-250 {
                log[l] += product[l].ln();
                product[l] = 1.0;
            }
        }
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
    let (lo, hi) = (
        NIBBLE[usize::from(byte & 15)],
        NIBBLE[usize::from(byte >> 4)],
    );
    [lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]]
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

/// The lanes whose bit is set in `byte`.
#[inline]
fn set_lanes(byte: u8) -> impl Iterator<Item = usize> {
    (0..WIDTH).filter(move |&l| (byte >> l) & 1 == 1)
}

/// Each sequence's expected counts and log-likelihood, filled by [`e_step`].
struct PerSequence {
    counts: Vec<[f64; 10]>,
    ll: Vec<f64>,
}

/// Forward-backward over a skill's [`Packed`] lanes (not its lone sequences, which
/// [`lone_e_steps`] runs): each sequence's expected counts
/// ([prior, sequences, learn num/den, forget num/den, guess num/den, slip num/den]) and
/// log-likelihood into `out`, by its place in the longest-first order.
///
/// Each lane's arithmetic is the scalar pass's, operation for operation, so results do not
/// depend on the width or the instruction set: the lane loops have no branches and become
/// SIMD, and what happens where a sequence starts or ends is done lane by lane. One
/// division per step; gamma and xi need no renormalisation since the scaled passes make them
/// sum to 1. `filt[k]` and `inv[k]` hold each lane's P(known | o_1..k) and
/// 1 / P(o_k | o_1..k-1).
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn e_step(
    p: &BktParams,
    packed: &Packed,
    filt: &mut [Lanes],
    inv: &mut [Lanes],
    out: &mut PerSequence,
) {
    let em = Emissions::new(p);
    let (t, f) = (p.learn, p.forget);
    // Where each lane is in its list of sequences, forwards then backwards.
    let mut at = [0usize; WIDTH];
    let mut known: Lanes = [p.prior; WIDTH];
    // Each lane's likelihood as a product, moved into its log before it underflows.
    let mut product: Lanes = [1.0; WIDTH];
    let mut log: Lanes = [0.0; WIDTH];
    for (k, &(answers, starts, ends)) in packed.steps.iter().enumerate() {
        if starts != 0 {
            for l in set_lanes(starts) {
                (known[l], product[l], log[l]) = (p.prior, 1.0, 0.0);
            }
        }
        let (e1, e0) = em.of(answers);
        let c: Lanes = std::array::from_fn(|l| known[l] * e1[l] + (1.0 - known[l]) * e0[l]);
        let r: Lanes = c.map(|c| 1.0 / c);
        let post: Lanes = std::array::from_fn(|l| known[l] * e1[l] * r[l]);
        known = post.map(|post| post * (1.0 - f) + (1.0 - post) * t);
        product = std::array::from_fn(|l| product[l] * c[l]);
        filt[k] = post;
        inv[k] = r;
        settle(&mut product, &mut log);
        if ends != 0 {
            for l in set_lanes(ends) {
                let i = packed.lanes[l][at[l]];
                at[l] += 1;
                if i != PAD {
                    out.ll[i as usize] = log[l] + product[l].ln();
                }
            }
        }
    }
    let mut b0: Lanes = [1.0; WIDTH];
    let mut b1: Lanes = [1.0; WIDTH];
    // Per-lane sums of the sequence running in each lane, count by count.
    let mut s = [[0.0f64; WIDTH]; 10];
    for k in (0..packed.steps.len()).rev() {
        let (answers, starts, ends) = packed.steps[k];
        if ends != 0 {
            for l in set_lanes(ends) {
                (b0[l], b1[l]) = (1.0, 1.0);
                for s in &mut s {
                    s[l] = 0.0;
                }
            }
        }
        let y = bits(answers);
        let a1 = &filt[k];
        let g1: Lanes = std::array::from_fn(|l| a1[l] * b1[l]);
        let g0: Lanes = std::array::from_fn(|l| (1.0 - a1[l]) * b0[l]);
        let add = |s: &mut Lanes, x: &Lanes| *s = std::array::from_fn(|l| s[l] + x[l]);
        add(&mut s[6], &std::array::from_fn(|l| g0[l] * y[l]));
        add(&mut s[7], &g0);
        add(&mut s[8], &std::array::from_fn(|l| g1[l] * (1.0 - y[l])));
        add(&mut s[9], &g1);
        // 1.0 in the lanes where a sequence starts: their first answer, with the prior's
        // counts and no transition into it. Adding a count times 0.0 leaves a sum as it was.
        let first = bits(starts);
        if k > 0 {
            // Transitions k-1 -> k: alpha at k-1, emission and beta at k.
            let (e1, e0) = em.of(answers);
            let (r, p1) = (&inv[k], &filt[k - 1]);
            let mut x = [[0.0f64; WIDTH]; 4];
            for l in 0..WIDTH {
                let p0 = 1.0 - p1[l];
                let eb0 = e0[l] * b0[l] * r[l];
                let eb1 = e1[l] * b1[l] * r[l];
                let x01 = p0 * t * eb1;
                let x00 = p0 * (1.0 - t) * eb0;
                let x10 = p1[l] * f * eb0;
                let x11 = p1[l] * (1.0 - f) * eb1;
                let within = 1.0 - first[l];
                x[0][l] = x01 * within;
                x[1][l] = (x00 + x01) * within;
                x[2][l] = x10 * within;
                x[3][l] = (x10 + x11) * within;
                // beta at k-1.
                b0[l] = (1.0 - t) * eb0 + t * eb1;
                b1[l] = f * eb0 + (1.0 - f) * eb1;
            }
            for (s, x) in s[2..6].iter_mut().zip(&x) {
                add(s, x);
            }
        }
        add(&mut s[0], &std::array::from_fn(|l| g1[l] * first[l]));
        add(&mut s[1], &first);
        for l in set_lanes(starts) {
            let i = packed.lanes[l][at[l] - 1];
            at[l] -= 1;
            if i != PAD {
                out.counts[i as usize] = std::array::from_fn(|c| s[c][l]);
            }
        }
    }
}

/// The counts and log-likelihood of a skill from its sequences', added as the scalar pass
/// adds them: counts sequence by sequence, likelihoods in sums of four.
fn total(out: &PerSequence) -> ([f64; 10], f64) {
    let mut acc = [0.0f64; 10];
    for counts in &out.counts {
        for (a, c) in acc.iter_mut().zip(counts) {
            *a += c;
        }
    }
    let ll = out
        .ll
        .chunks(4)
        .fold(0.0, |ll, four| ll + four.iter().fold(0.0, |t, &x| t + x));
    (acc, ll)
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
        let seqs = skill(all);
        let packed = Packed::new(&seqs);
        let mut filt = vec![[0.0; WIDTH]; packed.longest()];
        let mut inv = vec![[0.0; WIDTH]; packed.longest()];
        let out = PerSequence {
            counts: vec![[0.0; 10]; packed.sequences],
            ll: vec![0.0; packed.sequences],
        };
        let mut run = Run {
            p: *p,
            prev: 0.0,
            ll: 0.0,
            iterations: 0,
            done: false,
            out,
        };
        lone_e_steps(&packed, &mut [&mut run], &mut filt, &mut inv);
        e_step(p, &packed, &mut filt, &mut inv, &mut run.out);
        total(&run.out)
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

    #[test]
    fn restarts_side_by_side_give_what_each_gives_alone() {
        // One lone long sequence (run with restarts as lanes), many short ones (streams).
        let long: Vec<u8> = (0..2_000u32).map(|k| u8::from(k % 7 != 0)).collect();
        let short: Vec<Vec<u8>> = (0..60u32)
            .map(|i| {
                (0..(i % 13 + 1))
                    .map(|k| u8::from((i + k) % 3 != 0))
                    .collect()
            })
            .collect();
        let mut all: Vec<&[u8]> = vec![&long];
        all.extend(short.iter().map(Vec::as_slice));
        let seqs = skill(&all);
        for forgets in [false, true] {
            let o = FitOptions {
                forgets,
                ..FitOptions::default()
            };
            let inits: Vec<BktParams> = (0..6).map(|r| start(&o, "s3", r)).collect();
            let together = em_restarts(&seqs, &inits, &o);
            let iterations: Vec<u32> = together.iter().map(|r| r.2).collect();
            assert!(
                iterations.iter().any(|&i| i != iterations[0]),
                "{iterations:?}"
            );
            for (init, both) in inits.iter().zip(&together) {
                let alone = em_restarts(&seqs, &[*init], &o)[0];
                assert_eq!(alone, *both);
                assert_eq!(alone.1.to_bits(), both.1.to_bits());
            }
        }
    }
}
