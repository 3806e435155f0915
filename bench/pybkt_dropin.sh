#!/usr/bin/env bash
# The pyBKT drop-in, side by side: one pyBKT-style script run with pyBKT 1.4.3 (its C++ build,
# in a throwaway venv) and with `masterykit.pybkt`, changing only the import, on a log drawn
# from BKT and on a messy log shaped like ASSISTments 2009 (about 400,000 rows, 123 skills).
# Usage: bench/pybkt_dropin.sh   (after `bash scripts/test.sh` or a `maturin develop` into .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv-pybkt
if ! ls "$venv"/lib/python3*/site-packages/pyBKT/fit/E_step*.so >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy pandas "scikit-learn<1.6" setuptools wheel
  "$venv/bin/pip" install -q --no-build-isolation --no-binary pybkt pybkt==1.4.3
  ls "$venv"/lib/python3*/site-packages/pyBKT/fit/E_step*.so >/dev/null
fi
cargo build --quiet --release --locked -p masterykit-cli
mk=target/release/masterykit
data=bench/data/dropin
mkdir -p "$data"
[ -f "$data/bkt-train.csv" ] || {
  $mk synthesize --skills 10 --learners 2000 --steps 20 --seed 11 -o "$data/bkt-train.csv" >/dev/null
  $mk synthesize --skills 10 --learners 500 --steps 20 --seed 12 -o "$data/bkt-test.csv" >/dev/null
}
[ -f "$data/messy-train.csv" ] || $mk synthesize --messy -o "$data/messy-train.csv" --test-output "$data/messy-test.csv" >/dev/null
for log in bkt messy; do
  "$venv/bin/python" bench/pybkt_dropin.py pybkt "$data/$log-train.csv" "$data/$log-test.csv" "$data/$log.pybkt"
  .venv/bin/python bench/pybkt_dropin.py masterykit "$data/$log-train.csv" "$data/$log-test.csv" "$data/$log.masterykit"
  .venv/bin/python bench/pybkt_dropin_compare.py "$data/$log" "$log"
done
