#!/usr/bin/env bash
# Builds the npm package in bindings-wasm/pkg: the release .wasm, shrunk by wasm-opt, once,
# with wasm-bindgen's glue for bundlers, browsers (`web`) and Node beside it.
# Run scripts/wasm-setup.sh first (the test script does).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh

cargo +deb-web build --quiet --locked -p masterykit-wasm --profile wasm-release \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

wasm="target/wasm32-unknown-unknown/wasm-release/masterykit_wasm.wasm"
pkg="bindings-wasm/pkg"
rm -rf "$pkg"
mkdir -p "$pkg/.glue"
# One module for every environment: the three glues import it under the same name
# (`./masterykit_bg.js`), so they sit side by side around one shrunk `masterykit_bg.wasm`.
for target in web bundler nodejs; do
  wasm-bindgen --target "$target" --out-dir "$pkg/.glue/$target" --out-name masterykit "$wasm"
done
for target in web nodejs; do
  cmp -s "$pkg/.glue/$target/masterykit_bg.wasm" "$pkg/.glue/bundler/masterykit_bg.wasm" \
    || { echo "the $target module differs from the bundler one" >&2; exit 1; }
done
bindings-wasm/node_modules/.bin/wasm-opt -O3 --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  "$pkg/.glue/bundler/masterykit_bg.wasm" -o "$pkg/masterykit_bg.wasm"
# Bundlers (the default): masterykit.js and masterykit_bg.js; browsers without one:
# masterykit_web.js (call init() first); Node: masterykit_node.cjs (CommonJS).
cp "$pkg/.glue/bundler/masterykit.js" "$pkg/.glue/bundler/masterykit_bg.js" \
  "$pkg/.glue/bundler/masterykit.d.ts" "$pkg/.glue/bundler/masterykit_bg.wasm.d.ts" "$pkg/"
cp "$pkg/.glue/web/masterykit.js" "$pkg/masterykit_web.js"
cp "$pkg/.glue/web/masterykit.d.ts" "$pkg/masterykit_web.d.ts"
cp "$pkg/.glue/nodejs/masterykit.js" "$pkg/masterykit_node.cjs"
rm -rf "$pkg/.glue"
cp LICENSE-MIT LICENSE-APACHE "$pkg/"
# Trailing options objects are optional (the Rust side takes Option<JsValue>).
sed -i -E 's/(options|config): (FitOptions|SimConfig)\)/\1?: \2)/' "$pkg"/masterykit*.d.ts
# The web glue's declarations of the raw wasm exports say `any`; the public API never does.
sed -i '/^ *readonly /s/\bany\b/unknown/g' "$pkg/masterykit_web.d.ts"
sed -i 's/\bany\b/unknown/g' "$pkg/masterykit_bg.wasm.d.ts"
