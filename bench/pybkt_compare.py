"""Runs pyBKT and masterykit on one CSV and prints a table of times, quality and ratios.

Both fit the same number of restarts (num_fits, the third argument, 1 by default), no
forgetting, seed 42. Log-likelihoods of both fitted
models are computed the same way (masterykit's forward algorithm: total log loss of the
one-step-ahead predictions), and pyBKT's own RMSE is compared with masterykit's prediction
under pyBKT's parameters as a cross-check that both predict alike.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd
from pyBKT.models import Model

csv, mk = sys.argv[1], sys.argv[2]
num_fits = int(sys.argv[3]) if len(sys.argv) > 3 else 1
tmp = tempfile.mkdtemp()


def run(args):
    started = time.perf_counter()
    out = subprocess.run([mk, *args], check=True, capture_output=True, text=True)
    return time.perf_counter() - started, out


def timing(stderr, label):
    # "timings: read 0.306 s, fit 0.150 s ..., peak memory 120 MiB" -> the number after `label`
    words = stderr.replace(",", " ").split()
    return float(words[words.index(label) + 1])


def evaluate(model_path):
    _, out = run(["evaluate", csv, "--model", model_path, "--json"])
    m = json.loads(out.stdout)["metrics"]
    return m, -m["log_loss"] * m["count"]


# pyBKT
started = time.perf_counter()
df = pd.read_csv(csv)
py_read = time.perf_counter() - started
model = Model(seed=42, num_fits=num_fits)
started = time.perf_counter()
model.fit(data=df)
py_fit = time.perf_counter() - started
started = time.perf_counter()
py_rmse, py_auc = model.evaluate(data=df, metric=["rmse", "auc"])
py_eval = time.perf_counter() - started
params = model.params().reset_index()
py_model = {"format_version": 1, "skills": {}}
for skill, group in params.groupby("skill"):
    v = {row.param: float(row.value) for row in group.itertuples()}
    py_model["skills"][skill] = {
        "prior": v["prior"], "learn": v["learns"], "guess": v["guesses"], "slip": v["slips"],
        "forget": v.get("forgets", 0.0), "log_likelihood": 0.0, "iterations": 0, "responses": 0,
    }
py_model_path = os.path.join(tmp, "pybkt.json")
with open(py_model_path, "w") as f:
    json.dump(py_model, f)
py_metrics, py_ll = evaluate(py_model_path)

# masterykit
mk_model_path = os.path.join(tmp, "mk.json")
mk_fit_wall, out = run(["fit", csv, "--num-fits", str(num_fits), "--seed", "42", "-o", mk_model_path, "--timings"])
mk_read, mk_fit = timing(out.stderr, "read"), timing(out.stderr, "fit")
# Its own high-water mark: a child's rusage would count the memory of this process it forked
# from (the data frame pyBKT read).
mk_peak = timing(out.stderr, "memory")
mk_eval_wall, out = run(["evaluate", csv, "--model", mk_model_path, "--timings"])
mk_eval = timing(out.stderr, "score")
mk_metrics, mk_ll = evaluate(mk_model_path)

rows = len(df)
size_mb = os.path.getsize(csv) / 1e6
print(f"\n### {os.path.basename(csv)}: {rows:,} rows ({size_mb:.0f} MB), "
      f"{df['skill_name'].nunique()} skill names, {df['user_id'].nunique():,} learners, "
      f"{num_fits} restart{'s' if num_fits > 1 else ''}\n")
print("| | pyBKT 1.4.3 (C++) | masterykit | ratio |")
print("|---|---|---|---|")
print(f"| fit, in process (s) | {py_fit:.2f} | {mk_fit:.3f} | **{py_fit / mk_fit:.0f}x** |")
print(f"| read CSV + fit (s) | {py_read + py_fit:.2f} | {mk_fit_wall:.3f} (whole command) | "
      f"{(py_read + py_fit) / mk_fit_wall:.1f}x |")
print(f"| evaluate RMSE + AUC, in process (s) | {py_eval:.2f} | {mk_eval:.3f} | **{py_eval / mk_eval:.0f}x** |")
print(f"| evaluate, whole command (s) | {py_eval:.2f} | {mk_eval_wall:.3f} | {py_eval / mk_eval_wall:.1f}x |")
print(f"| total log-likelihood of the fitted model | {py_ll:,.1f} | {mk_ll:,.1f} | "
      f"{'masterykit better' if mk_ll > py_ll + 1e-6 else ('equal' if abs(mk_ll - py_ll) <= 1e-6 else 'pyBKT better')} by {abs(mk_ll - py_ll):.1f} |")
print(f"| RMSE | {py_rmse:.6f} | {mk_metrics['rmse']:.6f} | |")
print(f"| AUC | {py_auc:.6f} | {mk_metrics['auc']:.6f} | |")
print(f"| masterykit's read, in process | | {mk_read:.3f} s ({size_mb / mk_read:.0f} MB/s) | |")
print(f"| peak memory of `masterykit fit` | | {mk_peak:.0f} MiB | |")
print(f"\nCross-check: masterykit's RMSE under pyBKT's parameters {py_metrics['rmse']:.6f} "
      f"(pyBKT's own: {py_rmse:.6f}).")
