# Environment of the wasm32 build (sourced by the wasm scripts): the Debian compiler builds std
# for wasm32 (`-Zbuild-std`, which needs RUSTC_BOOTSTRAP on a stable compiler), linked by the
# wasm-ld that scripts/wasm-setup.sh put in target/wasm-tools.
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$PWD/target/wasm-tools/wasm-ld"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
