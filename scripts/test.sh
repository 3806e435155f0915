#!/usr/bin/env bash
# Runs every check and test of masterykit. Installs what it needs; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "rust: format"
cargo fmt --all -- --check

step "rust: clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: unit, integration, property and doc tests"
cargo test --workspace --locked

step "rust: docs (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "rust: benchmarks compile"
cargo bench --workspace --locked --no-run --quiet

step "demo runs"
cargo run --quiet --locked -p masterykit-cli -- validate examples/prealgebra.json

echo
echo "all checks passed"
