"""Python bulk ingest + fit against the same work in Rust, on one CSV, in one run.

Python: a DataFrame already in memory -> masterykit.fit_frame (factorize ids, hand numpy
arrays to Rust, fit). Rust: `masterykit fit --timings` (parse the CSV bytes + fit).
Usage: .venv/bin/python bench/python_vs_rust.py bench/data/bkt_20x5000x20.csv target/release/masterykit
"""
import subprocess
import sys
import time

import pandas as pd

import masterykit

csv, cli = sys.argv[1], sys.argv[2]
df = pd.read_csv(csv)
best_py = float("inf")
for _ in range(3):
    started = time.perf_counter()
    model = masterykit.fit_frame(df, num_fits=1, seed=42)
    best_py = min(best_py, time.perf_counter() - started)
best_rust = float("inf")
for _ in range(3):
    out = subprocess.run([cli, "fit", csv, "--num-fits", "1", "--seed", "42", "-o", "/dev/null", "--timings"],
                         check=True, capture_output=True, text=True).stderr.replace(",", " ").split()
    best_rust = min(best_rust, float(out[out.index("read") + 1]) + float(out[out.index("fit") + 1]))
print(f"{len(df):,} rows: Python fit_frame (ingest + fit) {best_py:.3f} s, "
      f"Rust read + fit {best_rust:.3f} s, ratio {best_py / best_rust:.2f}x (best of 3 each)")
