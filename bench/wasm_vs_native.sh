#!/usr/bin/env bash
# Side-by-side: the same event-log replay in WebAssembly (Node) and natively (the CLI).
# Usage: bench/wasm_vs_native.sh [LEARNERS]   (default 20000 learners, ~1M responses)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/wasm-setup.sh
bash scripts/wasm-build.sh
cargo build --quiet --release --locked -p masterykit-cli
node bench/wasm_vs_native.mjs "${1:-20000}"
