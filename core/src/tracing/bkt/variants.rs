//! pyBKT's model variants: guess and slip per item (`multigs`), learn (and forget) per item
//! (`multilearn`) or per pair of consecutive items (`multipair`), and a prior per learner
//! group (`multiprior`). Each observation belongs to a class of each kind; EM estimates every
//! class's parameters from its own expected counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::BktParams;
use super::em::{LANES, pin};
use super::options::{FitOptions, LO};
use crate::error::{Error, Result};
use crate::tracing::data::{ResponseData, SkillSeqs};
use crate::tracing::metrics::LogProduct;

/// The learn class of a sequence's first response under `multipair` (no previous item).
pub const FIRST_PAIR: &str = "(start)";

/// Guess and slip of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GuessSlip {
    /// P(G) on this item.
    pub guess: f64,
    /// P(S) on this item.
    pub slip: f64,
}

/// Learn and forget after one item (or pair of items).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LearnForget {
    /// P(T) after this item.
    pub learn: f64,
    /// P(F) after this item.
    #[serde(default)]
    pub forget: f64,
}

/// Per-class parameters of a skill fitted with variants. Empty maps mean the skill's own
/// parameters; an item, pair or group not seen in fitting also gets the skill's own
/// parameters (the response-weighted means of its classes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Variants {
    /// Guess and slip per item (`multigs`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub guess_slip_by_item: BTreeMap<String, GuessSlip>,
    /// Learn and forget after each item (`multilearn`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub learn_by_item: BTreeMap<String, LearnForget>,
    /// Learn and forget after each pair of consecutive items, keyed `previous -> item`, and
    /// [`FIRST_PAIR`] after a sequence's first response (`multipair`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub learn_by_pair: BTreeMap<String, LearnForget>,
    /// Prior per learner group: a sequence takes the group of its first response
    /// (`multiprior`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prior_by_group: BTreeMap<String, f64>,
}

impl Variants {
    /// Whether the skill has no per-class parameters (plain BKT).
    pub fn is_empty(&self) -> bool {
        self.guess_slip_by_item.is_empty()
            && self.learn_by_item.is_empty()
            && self.learn_by_pair.is_empty()
            && self.prior_by_group.is_empty()
    }

    /// Checks every probability, naming the skill and class of a bad one.
    pub(crate) fn validate(&self, skill: &str) -> Result<()> {
        let check = |what: String, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::InvalidNumber {
                    location: format!("{what} of skill `{skill}`"),
                    value: v,
                    expected: "a probability within [0, 1]",
                })
            }
        };
        for (item, p) in &self.guess_slip_by_item {
            check(format!("guess of item `{item}`"), p.guess)?;
            check(format!("slip of item `{item}`"), p.slip)?;
        }
        for (kind, map) in [("item", &self.learn_by_item), ("pair", &self.learn_by_pair)] {
            for (key, p) in map {
                check(format!("learn after {kind} `{key}`"), p.learn)?;
                check(format!("forget after {kind} `{key}`"), p.forget)?;
            }
        }
        for (group, &p) in &self.prior_by_group {
            check(format!("prior of group `{group}`"), p)?;
        }
        Ok(())
    }
}

/// Class names of one kind, and the class of each response (or sequence).
#[derive(Debug, Default)]
struct Kind {
    names: Vec<String>,
    of: Vec<u32>,
}

impl Kind {
    /// One class for everything: the variant is off.
    fn single(n: usize) -> Kind {
        Kind {
            names: Vec::new(),
            of: vec![0; n],
        }
    }

    fn from_labels<'a>(labels: impl Iterator<Item = &'a str>) -> Kind {
        let mut index: BTreeMap<&str, u32> = BTreeMap::new();
        let mut names = Vec::new();
        let of = labels
            .map(|l| {
                *index.entry(l).or_insert_with(|| {
                    names.push(l.to_string());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        Kind { names, of }
    }

    fn count(&self) -> usize {
        self.names.len().max(1)
    }
}

/// The classes of one skill's responses under the options' variants.
#[derive(Debug)]
pub(crate) struct Classes {
    gs: Kind,
    learn: Kind,
    prior: Kind,
}

fn item_column(data: &ResponseData, variant: &str) -> Result<()> {
    if data.item.is_empty() {
        return Err(Error::MissingColumn {
            column: format!(
                "an item column (template_id, Problem Name or as named), for {variant}"
            ),
            available: "no item column in this data".into(),
        });
    }
    Ok(())
}

/// The item of the `k`-th response of a skill's sequences.
fn item_of<'d>(data: &'d ResponseData, seqs: &SkillSeqs, k: usize) -> &'d str {
    &data.items[data.item[seqs.entry[k] as usize] as usize]
}

/// The pair class of each response: `previous -> item`, or [`FIRST_PAIR`] at a sequence's
/// start.
fn pair_labels(data: &ResponseData, seqs: &SkillSeqs) -> Vec<String> {
    let mut out = Vec::with_capacity(seqs.obs.len());
    for w in seqs.seq_off.windows(2) {
        for k in w[0] as usize..w[1] as usize {
            if k == w[0] as usize {
                out.push(FIRST_PAIR.to_string());
            } else {
                out.push(format!(
                    "{} -> {}",
                    item_of(data, seqs, k - 1),
                    item_of(data, seqs, k)
                ));
            }
        }
    }
    out
}

/// The group of each sequence: the group column at its first response, or without a group
/// column the first response itself (`0` or `1`, pyBKT's default for `multiprior`).
fn group_labels(data: &ResponseData, seqs: &SkillSeqs) -> Vec<String> {
    seqs.seq_off[..seqs.seq_off.len() - 1]
        .iter()
        .map(|&first| {
            let e = seqs.entry[first as usize] as usize;
            match data.group.get(e) {
                Some(&g) => data.groups[g as usize].clone(),
                None => data.correct[e].to_string(),
            }
        })
        .collect()
}

impl Classes {
    /// Classifies skill `s`'s responses; an error when a variant lacks its column.
    pub(crate) fn new(data: &ResponseData, s: usize, o: &FitOptions) -> Result<Classes> {
        let seqs = &data.per_skill[s];
        let n = seqs.obs.len();
        let items = |variant: &str| -> Result<Kind> {
            item_column(data, variant)?;
            Ok(Kind::from_labels((0..n).map(|k| item_of(data, seqs, k))))
        };
        let gs = if o.multigs {
            items("multigs")?
        } else {
            Kind::single(n)
        };
        let learn = if o.multilearn {
            items("multilearn")?
        } else if o.multipair {
            item_column(data, "multipair")?;
            let labels = pair_labels(data, seqs);
            Kind::from_labels(labels.iter().map(String::as_str))
        } else {
            Kind::single(n)
        };
        let sequences = seqs.seq_off.len() - 1;
        let prior = if o.multiprior {
            let labels = group_labels(data, seqs);
            Kind::from_labels(labels.iter().map(String::as_str))
        } else {
            Kind::single(sequences)
        };
        Ok(Classes { gs, learn, prior })
    }
}

/// Parameters of every class during EM.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassParams {
    prior: Vec<f64>,
    learn: Vec<f64>,
    forget: Vec<f64>,
    guess: Vec<f64>,
    slip: Vec<f64>,
}

impl ClassParams {
    fn uniform(p: &BktParams, c: &Classes) -> ClassParams {
        ClassParams {
            prior: vec![p.prior; c.prior.count()],
            learn: vec![p.learn; c.learn.count()],
            forget: vec![p.forget; c.learn.count()],
            guess: vec![p.guess; c.gs.count()],
            slip: vec![p.slip; c.gs.count()],
        }
    }
}

/// Expected counts per class: numerators and denominators of each parameter.
#[derive(Debug, Clone)]
struct Counts {
    prior: Vec<[f64; 2]>,
    learn: Vec<[f64; 2]>,
    forget: Vec<[f64; 2]>,
    guess: Vec<[f64; 2]>,
    slip: Vec<[f64; 2]>,
}

impl Counts {
    fn zero(c: &Classes) -> Counts {
        Counts {
            prior: vec![[0.0; 2]; c.prior.count()],
            learn: vec![[0.0; 2]; c.learn.count()],
            forget: vec![[0.0; 2]; c.learn.count()],
            guess: vec![[0.0; 2]; c.gs.count()],
            slip: vec![[0.0; 2]; c.gs.count()],
        }
    }
}

/// Scaled forward-backward over up to [`LANES`] sequences at once (`group` holds sequence
/// indices), adding expected counts to `n` in a fixed order; returns their log-likelihood.
/// `filt[k][l]` and `inv[k][l]` hold P(known | o_1..k) and 1 / P(o_k | o_1..k-1) of lane `l`.
fn e_step(
    p: &ClassParams,
    c: &Classes,
    seqs: &SkillSeqs,
    group: &[usize],
    filt: &mut [[f64; LANES]],
    inv: &mut [[f64; LANES]],
    n: &mut Counts,
) -> f64 {
    let mut lo = [0usize; LANES];
    let mut len = [0usize; LANES];
    let mut prior_class = [0usize; LANES];
    let mut known = [0.0f64; LANES];
    for (l, &s) in group.iter().enumerate() {
        lo[l] = seqs.seq_off[s] as usize;
        len[l] = seqs.seq_off[s + 1] as usize - lo[l];
        prior_class[l] = c.prior.of[s] as usize;
        known[l] = p.prior[prior_class[l]];
    }
    let lanes = group.len();
    let longest = len.iter().copied().max().unwrap_or(0);
    // (P(o | known), P(o | unknown)) of response `i` of the skill.
    let em = |i: usize| -> (f64, f64) {
        let g = c.gs.of[i] as usize;
        if seqs.obs[i] == 1 {
            (1.0 - p.slip[g], p.guess[g])
        } else {
            (p.slip[g], 1.0 - p.guess[g])
        }
    };
    let mut ll: [LogProduct; LANES] = Default::default();
    for k in 0..longest {
        for l in 0..lanes {
            if k < len[l] {
                let i = lo[l] + k;
                let (e1, e0) = em(i);
                let total = known[l] * e1 + (1.0 - known[l]) * e0;
                let r = 1.0 / total;
                let post = known[l] * e1 * r;
                filt[k][l] = post;
                inv[k][l] = r;
                ll[l].mul(total);
                let lc = c.learn.of[i] as usize;
                known[l] = post * (1.0 - p.forget[lc]) + (1.0 - post) * p.learn[lc];
            }
        }
    }
    let mut b0 = [1.0f64; LANES];
    let mut b1 = [1.0f64; LANES];
    for k in (0..longest).rev() {
        for l in 0..lanes {
            if k >= len[l] {
                continue;
            }
            let i = lo[l] + k;
            let g = c.gs.of[i] as usize;
            let g1 = filt[k][l] * b1[l];
            let g0 = (1.0 - filt[k][l]) * b0[l];
            let y = f64::from(seqs.obs[i]);
            n.guess[g][0] += g0 * y;
            n.guess[g][1] += g0;
            n.slip[g][0] += g1 * (1.0 - y);
            n.slip[g][1] += g1;
            if k == 0 {
                n.prior[prior_class[l]][0] += g1;
                n.prior[prior_class[l]][1] += 1.0;
            } else {
                // Transition k-1 -> k, governed by the learn class of response k-1.
                let lc = c.learn.of[i - 1] as usize;
                let (t, f) = (p.learn[lc], p.forget[lc]);
                let (e1, e0) = em(i);
                let r = inv[k][l];
                let p1 = filt[k - 1][l];
                let p0 = 1.0 - p1;
                let eb0 = e0 * b0[l] * r;
                let eb1 = e1 * b1[l] * r;
                let x01 = p0 * t * eb1;
                let x00 = p0 * (1.0 - t) * eb0;
                let x10 = p1 * f * eb0;
                let x11 = p1 * (1.0 - f) * eb1;
                n.learn[lc][0] += x01;
                n.learn[lc][1] += x00 + x01;
                n.forget[lc][0] += x10;
                n.forget[lc][1] += x10 + x11;
                b0[l] = (1.0 - t) * eb0 + t * eb1;
                b1[l] = f * eb0 + (1.0 - f) * eb1;
            }
        }
    }
    ll.into_iter().map(LogProduct::ln).sum()
}

/// EM over every class from `init`: (parameters, log-likelihood, iterations).
pub(crate) fn em(
    seqs: &SkillSeqs,
    c: &Classes,
    init: BktParams,
    o: &FitOptions,
) -> (ClassParams, f64, u32) {
    let mut p = ClassParams::uniform(&init, c);
    let (mut prev, mut ll, mut iterations) = (f64::NEG_INFINITY, f64::NEG_INFINITY, 0);
    // Sequences longest first, so each group of lanes has similar lengths.
    let mut order: Vec<usize> = (0..seqs.seq_off.len() - 1).collect();
    order.sort_by_key(|&s| std::cmp::Reverse(seqs.seq_off[s + 1] - seqs.seq_off[s]));
    let longest = order
        .first()
        .map_or(0, |&s| (seqs.seq_off[s + 1] - seqs.seq_off[s]) as usize);
    let mut filt = vec![[0.0f64; LANES]; longest];
    let mut inv = vec![[0.0f64; LANES]; longest];
    for it in 1..=o.max_iterations {
        iterations = it;
        let mut n = Counts::zero(c);
        ll = 0.0;
        for group in order.chunks(LANES) {
            ll += e_step(&p, c, seqs, group, &mut filt, &mut inv, &mut n);
        }
        let ratio = |[num, den]: [f64; 2], old: f64| if den > 0.0 { num / den } else { old };
        let step = |counts: &[[f64; 2]], old: &[f64], lo: f64, hi: f64| -> Vec<f64> {
            counts
                .iter()
                .zip(old)
                .map(|(&k, &v)| ratio(k, v).clamp(lo, hi))
                .collect()
        };
        let mut next = ClassParams {
            prior: step(&n.prior, &p.prior, LO, 1.0 - LO),
            learn: step(&n.learn, &p.learn, LO, 1.0 - LO),
            forget: if o.forgets {
                step(&n.forget, &p.forget, 0.0, 1.0 - LO)
            } else {
                vec![0.0; p.forget.len()]
            },
            guess: step(&n.guess, &p.guess, LO, o.max_guess.min(1.0 - LO)),
            slip: step(&n.slip, &p.slip, LO, o.max_slip.min(1.0 - LO)),
        };
        let q = &o.pinned;
        for (pinned, values) in [
            (q.prior, &mut next.prior),
            (q.learn, &mut next.learn),
            (q.forget, &mut next.forget),
            (q.guess, &mut next.guess),
            (q.slip, &mut next.slip),
        ] {
            if let Some(v) = pinned {
                values.iter_mut().for_each(|x| *x = v);
            }
        }
        let converged = (ll - prev).abs() < o.tolerance;
        prev = ll;
        if converged || it == o.max_iterations {
            break;
        }
        p = next;
    }
    (p, ll, iterations)
}

/// The fitted classes as a model's parameters: the skill's own (response-weighted means of
/// its classes; sequence-weighted for the prior) and the per-class maps.
pub(crate) fn to_model(p: &ClassParams, c: &Classes, o: &FitOptions) -> (BktParams, Variants) {
    let mean = |values: &[f64], of: &[u32]| -> f64 {
        if of.is_empty() {
            return values[0];
        }
        of.iter().map(|&k| values[k as usize]).sum::<f64>() / of.len() as f64
    };
    let params = pin(
        BktParams {
            prior: mean(&p.prior, &c.prior.of),
            learn: mean(&p.learn, &c.learn.of),
            guess: mean(&p.guess, &c.gs.of),
            slip: mean(&p.slip, &c.gs.of),
            forget: mean(&p.forget, &c.learn.of),
        },
        o,
    );
    let mut v = Variants::default();
    for (k, name) in c.gs.names.iter().enumerate() {
        v.guess_slip_by_item.insert(
            name.clone(),
            GuessSlip {
                guess: p.guess[k],
                slip: p.slip[k],
            },
        );
    }
    let learn_map = if o.multipair {
        &mut v.learn_by_pair
    } else {
        &mut v.learn_by_item
    };
    for (k, name) in c.learn.names.iter().enumerate() {
        learn_map.insert(
            name.clone(),
            LearnForget {
                learn: p.learn[k],
                forget: p.forget[k],
            },
        );
    }
    for (k, name) in c.prior.names.iter().enumerate() {
        v.prior_by_group.insert(name.clone(), p.prior[k]);
    }
    (params, v)
}

/// Per-response parameters of a skill fitted with variants, for tracing: the parameters in
/// force at each response (guess and slip of its item, learn and forget after it) and each
/// sequence's prior. Unseen classes get the skill's own parameters.
pub(crate) fn traced(
    base: &BktParams,
    v: &Variants,
    data: &ResponseData,
    s: usize,
) -> Result<(Vec<BktParams>, Vec<f64>)> {
    let seqs = &data.per_skill[s];
    let needs_items = !(v.guess_slip_by_item.is_empty()
        && v.learn_by_item.is_empty()
        && v.learn_by_pair.is_empty());
    if needs_items {
        item_column(data, "a model fitted per item")?;
    }
    let pairs = if v.learn_by_pair.is_empty() {
        Vec::new()
    } else {
        pair_labels(data, seqs)
    };
    let mut per = Vec::with_capacity(seqs.obs.len());
    for k in 0..seqs.obs.len() {
        let mut p = *base;
        if needs_items {
            let item = item_of(data, seqs, k);
            if let Some(gs) = v.guess_slip_by_item.get(item) {
                (p.guess, p.slip) = (gs.guess, gs.slip);
            }
            let lf = if pairs.is_empty() {
                v.learn_by_item.get(item)
            } else {
                v.learn_by_pair.get(&pairs[k])
            };
            if let Some(lf) = lf {
                (p.learn, p.forget) = (lf.learn, lf.forget);
            }
        }
        per.push(p);
    }
    let priors = if v.prior_by_group.is_empty() {
        vec![base.prior; seqs.seq_off.len() - 1]
    } else {
        group_labels(data, seqs)
            .iter()
            .map(|g| v.prior_by_group.get(g).copied().unwrap_or(base.prior))
            .collect()
    };
    Ok((per, priors))
}
