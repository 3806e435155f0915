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
    let mut p = init;
    let mut prev = f64::NEG_INFINITY;
    let mut ll = f64::NEG_INFINITY;
    let mut iterations = 0;
    // Sequences longest first, so each group of lanes has similar lengths.
    let mut order: Vec<&[u8]> = seqs.sequences().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let longest = order.first().map_or(0, |s| s.len());
    let mut filt = vec![[0.0f64; LANES]; longest];
    let mut inv = vec![[0.0f64; LANES]; longest];
    for it in 1..=o.max_iterations {
        iterations = it;
        let mut acc = [0.0f64; 10];
        ll = 0.0;
        for group in order.chunks(LANES) {
            let mut lanes: [&[u8]; LANES] = [&[]; LANES];
            lanes[..group.len()].copy_from_slice(group);
            ll += e_step(&p, lanes, &mut filt, &mut inv, &mut acc);
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

/// Sequences forward-backward processes side by side: independent dependency chains that the
/// CPU overlaps (each step's division feeds the next step of the same sequence).
pub(crate) const LANES: usize = 4;

/// Forward-backward over up to [`LANES`] sequences at once (an empty slice is an idle lane),
/// adding expected counts to `acc`: [prior, sequences, learn num/den, forget num/den,
/// guess num/den, slip num/den]. Returns the sequences' total log-likelihood.
///
/// Branch-free on the observations (emission tables indexed by 0/1), one division per step;
/// gamma and xi need no renormalisation since the scaled passes make them sum to 1.
/// `filt[k][l]` and `inv[k][l]` hold P(known | o_1..k) and 1 / P(o_k | o_1..k-1) of lane `l`.
#[inline]
fn e_step(
    p: &BktParams,
    seqs: [&[u8]; LANES],
    filt: &mut [[f64; LANES]],
    inv: &mut [[f64; LANES]],
    acc: &mut [f64; 10],
) -> f64 {
    let len = seqs.map(<[u8]>::len);
    let longest = len.iter().copied().max().unwrap_or(0);
    let (t, f) = (p.learn, p.forget);
    // [P(o | known), P(o | unknown)] for o = 0, 1.
    let known_em = [p.slip, 1.0 - p.slip];
    let unknown_em = [1.0 - p.guess, p.guess];
    let mut known = [p.prior; LANES];
    let mut ll: [LogProduct; LANES] = Default::default();
    for k in 0..longest {
        for l in 0..LANES {
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
    let mut b0 = [1.0f64; LANES];
    let mut b1 = [1.0f64; LANES];
    // Per-lane sums, added in lane order at the end so results do not depend on timing.
    let mut sums = [[0.0f64; 10]; LANES];
    for k in (0..longest).rev() {
        for l in 0..LANES {
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
    for l in 0..LANES {
        for (a, s) in acc.iter_mut().zip(&sums[l]) {
            *a += s;
        }
        total += std::mem::take(&mut ll[l]).ln();
    }
    total
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
        let mut filt = vec![[0.0; LANES]; 7];
        let mut inv = vec![[0.0; LANES]; 7];
        // Each sequence alone in lane 0, then all four side by side.
        let mut together = ([0.0; 10], 0.0);
        for obs in all {
            let mut acc = [0.0; 10];
            let ll = e_step(&p, [obs, &[], &[], &[]], &mut filt, &mut inv, &mut acc);
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
        let mut acc = [0.0; 10];
        let ll = e_step(&p, all, &mut filt, &mut inv, &mut acc);
        assert!((ll - together.1).abs() < 1e-12);
        for i in 0..10 {
            assert!((acc[i] - together.0[i]).abs() < 1e-12, "lanes, count {i}");
        }
    }
}
