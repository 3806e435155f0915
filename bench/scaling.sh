#!/usr/bin/env bash
# Beyond one process, in one run: a 20M-response fit in one process and on a local Dask
# cluster (2 workers) with the cluster's overhead by phase, pickling costs, a simulation split
# into tasks, and the streaming CLI's memory on a log 4x larger than the memory it may use.
# Usage: bench/scaling.sh            (20M responses)
#        bench/scaling.sh --quick    (2M responses)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/test.sh   # the project venv, with masterykit and Dask
cargo build --quiet --release --locked -p masterykit-cli
rows=20000000
[ "${1:-}" = "--quick" ] && rows=2000000
exec .venv/bin/python bench/scaling.py target/release/masterykit --rows "$rows"
