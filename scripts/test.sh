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
# The Python extension is tested from Python below (its cdylib links no libpython here).
cargo test --workspace --exclude masterykit-python --locked

step "rust: docs (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "rust: benchmarks compile"
cargo bench --workspace --exclude masterykit-python --locked --no-run --quiet

step "python: venv, maturin build, pytest, mypy, stubtest"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check "maturin>=1.5,<2" ziglang==0.17.1 \
  pytest mypy numpy pandas matplotlib polars pyarrow jsonschema knowledgespaces==0.1.0 kstpy==1.0.0 \
  "dask[dataframe,distributed]" pyspark
# The wheel as shipped: manylinux2014 (glibc 2.17+), linked by zig; the tests run against it.
rm -rf target/wheels
(cd bindings-python && VIRTUAL_ENV="$PWD/../.venv" PATH="$PWD/../.venv/bin:$PATH" \
  maturin build --quiet --release --zig --compatibility manylinux2014 --out ../target/wheels \
  -i ../.venv/bin/python)
wheel=$(ls target/wheels/masterykit-*manylinux2014*.whl)
.venv/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
# A fresh venv takes the wheel and its pandas extra from nothing but PyPI.
python3 -m venv --clear target/wheel-venv
target/wheel-venv/bin/pip install --quiet --disable-pip-version-check "$wheel[pandas]"
target/wheel-venv/bin/python bindings-python/tests/wheel_smoke.py
cargo build --quiet --locked -p masterykit-cli   # the cross-language tests call the CLI
.venv/bin/python -m pytest -q bindings-python/tests
.venv/bin/python -m mypy --config-file bindings-python/pyproject.toml bindings-python/python/masterykit
# The stub against the real module: every name, signature and class shape.
.venv/bin/python -m mypy.stubtest masterykit._native --mypy-config-file bindings-python/pyproject.toml \
  --allowlist bindings-python/stubtest-allowlist.txt

step "wasm: toolchain, build, wasm-bindgen-test, node tests, browser test"
bash scripts/wasm-setup.sh
bash scripts/wasm-build.sh
(source scripts/wasm-env.sh && cargo +deb-web test --locked -p masterykit-wasm --test wasm \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
node --test --test-reporter=spec bindings-wasm/tests/

step "fuzz: every target for 20 s (crashers go to tests/fixtures/fuzz/)"
bash scripts/fuzz.sh 20

step "demo runs"
cargo run --quiet --locked -p masterykit-cli -- validate examples/prealgebra.json

echo
echo "all checks passed"
