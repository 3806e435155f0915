#!/usr/bin/env bash
# Installs what the WebAssembly build and its tests need; quick when everything is present.
#
# - Debian's rustc-web / cargo-web / rust-web-src (a compiler whose std sources let `-Zbuild-std`
#   build std for wasm32-unknown-unknown), linked into rustup as the toolchain `deb-web`;
# - the lld whose LLVM major matches that compiler (wasm-ld);
# - Chromium for the browser test;
# - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock;
# - the npm packages of bindings-wasm (playwright-core, binaryen for wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
# `cargo install` puts the wasm-bindgen CLI here.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# (Read whole outputs before matching: `grep -q` closing a pipe early fails it under pipefail.)
debian_rustc="$(/usr/bin/rustc -vV 2>/dev/null || true)"
if ! grep -q '^release: 1\.9[6-9]\|^release: 1\.[1-9][0-9][0-9]' <<<"$debian_rustc"; then
  echo "wasm-setup: installing Debian rustc-web, cargo-web, rust-web-src"
  apt_install rustc-web cargo-web rust-web-src
fi

llvm_major="$(/usr/bin/rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
if ! command -v "wasm-ld-${llvm_major}" >/dev/null; then
  echo "wasm-setup: installing lld-${llvm_major}"
  apt_install "lld-${llvm_major}"
fi
mkdir -p target/wasm-tools
ln -sf "$(command -v "wasm-ld-${llvm_major}")" target/wasm-tools/wasm-ld

if ! command -v chromium >/dev/null; then
  echo "wasm-setup: installing chromium"
  apt_install chromium
fi

if ! grep -q '^deb-web' <<<"$(rustup toolchain list)"; then
  rustup toolchain link deb-web /usr
fi

bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; sub(/^version = "/, ""); sub(/"$/, ""); print; exit }' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$bindgen_version" ]; then
  echo "wasm-setup: installing wasm-bindgen-cli ${bindgen_version} (about two minutes, once)"
  cargo install --quiet --force wasm-bindgen-cli --version "=${bindgen_version}"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$bindgen_version" ]; then
    echo "wasm-setup: wasm-bindgen ${bindgen_version} is not on PATH after installing it" >&2
    exit 1
  fi
fi

if [ ! -d bindings-wasm/node_modules ] || [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules ]; then
  (cd bindings-wasm && npm ci --no-audit --no-fund --silent)
  touch bindings-wasm/node_modules
fi
