#!/usr/bin/env bash
# Side-by-side: masterykit vs pyBKT 1.4.3 (its C++/OpenMP build) on the same generated logs.
# Installs pyBKT from source into a throwaway venv (bench/.venv-pybkt) the first time.
# Usage: bench/pybkt_compare.sh            (2M rows and 6M rows, one restart; a real-shaped
#                                            log of about 400,000 rows, 20 restarts)
#        bench/pybkt_compare.sh --quick     (2M rows and the real-shaped log)
#        bench/pybkt_compare.sh --variants  (multigs, multilearn, multiprior on an item log)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv-pybkt
if ! ls "$venv"/lib/python3*/site-packages/pyBKT/fit/E_step*.so >/dev/null 2>&1; then
  echo "== installing pyBKT 1.4.3 from source (C++ core) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy pandas "scikit-learn<1.6" setuptools wheel
  "$venv/bin/pip" install -q --no-build-isolation --no-binary pybkt pybkt==1.4.3
  # setup.py falls back to pure Python silently when the C++ build fails: check.
  ls "$venv"/lib/python3*/site-packages/pyBKT/fit/E_step*.so >/dev/null
fi
cargo build --quiet --release --locked -p masterykit-cli
if [ "${1:-}" = "--variants" ]; then
  exec "$venv/bin/python" bench/pybkt_variants.py target/release/masterykit
fi
mkdir -p bench/data
sizes=("20 5000 20")
[ "${1:-}" = "--quick" ] || sizes+=("20 15000 20")
for size in "${sizes[@]}"; do
  read -r skills learners steps <<<"$size"
  csv="bench/data/bkt_${skills}x${learners}x${steps}.csv"
  [ -f "$csv" ] || target/release/masterykit synthesize --skills "$skills" --learners "$learners" \
    --steps "$steps" --seed 7 -o "$csv" --params "${csv%.csv}.truth.json" >/dev/null
  "$venv/bin/python" bench/pybkt_compare.py "$csv" target/release/masterykit
done
# Shaped like ASSISTments 2009: skills all right or all wrong, sequences of one response or of
# thousands, numeric ids, two-skill rows, duplicate and shuffled rows.
messy=bench/data/messy_400k.csv
[ -f "$messy" ] || target/release/masterykit synthesize --messy --seed 7 -o "$messy" \
  --test-output "${messy%.csv}_test.csv" >/dev/null
"$venv/bin/python" bench/pybkt_compare.py "$messy" target/release/masterykit 20
