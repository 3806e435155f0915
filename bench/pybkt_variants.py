"""pyBKT's variants side by side: one generated log with item and group columns, fitted by
pyBKT 1.4.3 (C++ build) and by masterykit with each variant, one restart each, seed 42.

Both models are scored by masterykit's `evaluate` (the same forward algorithm), so the total
log-likelihoods compare like for like. Run through bench/pybkt_compare.sh --variants.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from pyBKT.models import Model

mk = sys.argv[1]
skills, learners, steps, items = 10, 2000, 20, 8
tmp = tempfile.mkdtemp()
csv = os.path.join(tmp, "variants.csv")

# Each skill: items with their own guess, slip and learn rate; learners in two groups with
# different priors.
rng = np.random.default_rng(7)
rows = []
for s in range(skills):
    guess = rng.uniform(0.05, 0.35, items)
    slip = rng.uniform(0.05, 0.2, items)
    learn = rng.uniform(0.05, 0.35, items)
    for l in range(learners):
        group = l % 2
        known = rng.random() < (0.2 if group == 0 else 0.6)
        for _ in range(steps):
            i = rng.integers(items)
            right = rng.random() >= slip[i] if known else rng.random() < guess[i]
            rows.append((f"u{l}", f"skill-{s}", int(right), f"s{s}-item{i}", f"g{group}"))
            known = known or rng.random() < learn[i]
df = pd.DataFrame(rows, columns=["user_id", "skill_name", "correct", "template_id", "group"])
df.insert(0, "order_id", np.arange(1, len(df) + 1))
df.to_csv(csv, index=False)


def run(args):
    started = time.perf_counter()
    out = subprocess.run([mk, *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - started, out


def ll_of(model_path):
    _, out = run(["evaluate", csv, "--model", model_path, "--json"])
    m = json.loads(out.stdout)["metrics"]
    return -m["log_loss"] * m["count"], m["auc"]


def pybkt_model(model, variant):
    """pyBKT's fitted parameters in masterykit's model format."""
    params = model.params().reset_index()
    out = {"format_version": 1, "skills": {}}
    for skill, g in params.groupby("skill"):
        by = {(r.param, r["class"]): float(r.value) for _, r in g.iterrows()}
        scalar = lambda name: np.mean([v for (p, c), v in by.items() if p == name])
        fit = {"prior": scalar("prior"), "learn": scalar("learns"), "guess": scalar("guesses"),
               "slip": scalar("slips"), "log_likelihood": 0.0, "iterations": 0, "responses": 0}
        if variant == "multigs":
            fit["guess_slip_by_item"] = {c: {"guess": by[("guesses", c)], "slip": by[("slips", c)]}
                                         for (p, c) in by if p == "guesses"}
        if variant == "multilearn":
            fit["learn_by_item"] = {c: {"learn": by[("learns", c)], "forget": 0.0}
                                    for (p, c) in by if p == "learns"}
        out["skills"][skill] = fit
    return out


print(f"\n### pyBKT variants: {len(df):,} rows, {skills} skills, {learners:,} learners, "
      f"{items} items per skill, 2 groups\n")
print("| variant | pyBKT fit (s) | masterykit fit (s) | ratio | log-likelihood pyBKT | masterykit | AUC pyBKT / masterykit |")
print("|---|---|---|---|---|---|---|")
checks = []
for variant in ["multigs", "multilearn"]:
    model = Model(seed=42, num_fits=1)
    started = time.perf_counter()
    model.fit(data=df, **{variant: True})
    py_fit = time.perf_counter() - started
    py_path = os.path.join(tmp, f"pybkt-{variant}.json")
    with open(py_path, "w") as f:
        json.dump(pybkt_model(model, variant), f)
    py_ll, py_auc = ll_of(py_path)
    own_rmse, own_auc = model.evaluate(data=df, metric=["rmse", "auc"])
    checks.append(f"{variant}: pyBKT's own AUC {own_auc:.4f}, masterykit's scoring of pyBKT's parameters {py_auc:.4f}")
    mk_path = os.path.join(tmp, f"mk-{variant}.json")
    _, out = run(["fit", csv, f"--{variant}", "--num-fits", "1", "--seed", "42", "-o", mk_path, "--timings"])
    words = out.stderr.replace(",", " ").split()
    mk_fit = float(words[words.index("fit") + 1])
    mk_ll, mk_auc = ll_of(mk_path)
    print(f"| {variant} | {py_fit:.2f} | {mk_fit:.3f} | **{py_fit / mk_fit:.0f}x** | {py_ll:,.1f} | {mk_ll:,.1f} | "
          f"{py_auc:.4f} / {mk_auc:.4f} |")

# multiprior: pyBKT's is the first-response prior (KT-PPS), masterykit's default without a
# group column is the same grouping; compare fit time and likelihood on a copy without `group`.
plain = os.path.join(tmp, "no-group.csv")
df.drop(columns=["group"]).to_csv(plain, index=False)
model = Model(seed=42, num_fits=1)
started = time.perf_counter()
model.fit(data=df.drop(columns=["group"]), multiprior=True)
py_fit = time.perf_counter() - started
_, out = run(["fit", plain, "--multiprior", "--num-fits", "1", "--seed", "42", "-o", os.path.join(tmp, "mp.json"), "--timings"])
words = out.stderr.replace(",", " ").split()
mk_fit = float(words[words.index("fit") + 1])
print(f"| multiprior (first response) | {py_fit:.2f} | {mk_fit:.3f} | **{py_fit / mk_fit:.0f}x** | (different parametrisation) | | |")
print("\nCross-check of the conversion of pyBKT's parameters:")
for line in checks:
    print(f"- {line}")
