#!/usr/bin/env bash
# Builds the npm package in bindings-wasm/pkg: the release .wasm, wasm-bindgen glue for
# browsers (`web`), bundlers (`bundler`) and Node (`node`), shrunk by wasm-opt.
# Run scripts/wasm-setup.sh first (the test script does).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh

cargo +deb-web build --quiet --locked -p masterykit-wasm --profile wasm-release \
  --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

wasm="target/wasm32-unknown-unknown/wasm-release/masterykit_wasm.wasm"
pkg="bindings-wasm/pkg"
rm -rf "$pkg"
for target in web bundler nodejs; do
  out="$pkg/${target/nodejs/node}"
  wasm-bindgen --target "$target" --out-dir "$out" --out-name masterykit "$wasm"
  bindings-wasm/node_modules/.bin/wasm-opt -O3 --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals \
    "$out/masterykit_bg.wasm" -o "$out/masterykit_bg.wasm"
done
# The Node glue is CommonJS inside an ES-module package.
echo '{"type": "commonjs"}' > "$pkg/node/package.json"
# Trailing options objects are optional (the Rust side takes Option<JsValue>).
sed -i -E 's/(options|config): (FitOptions|SimConfig)\)/\1?: \2)/' "$pkg"/*/masterykit.d.ts
# The web glue's declarations of the raw wasm exports say `any`; the public API never does.
sed -i '/^ *readonly /s/\bany\b/unknown/g' "$pkg/web/masterykit.d.ts"
sed -i 's/\bany\b/unknown/g' "$pkg"/*/masterykit_bg.wasm.d.ts
