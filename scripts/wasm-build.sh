#!/usr/bin/env bash
# Builds the npm package in bindings-wasm/pkg: the release .wasm, shrunk by wasm-opt, shipped
# once inside an ES module that every bundler, Node and browser loads as it is.
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
# The web glue, without its fallback `new URL("masterykit_bg.wasm", import.meta.url)` (bundlers
# would look for a file the package does not ship), and the bundler glue for its declarations
# (the API alone, no init) and its list of exports.
wasm-bindgen --target web --omit-default-module-path --out-dir "$pkg/.glue/web" --out-name masterykit "$wasm"
wasm-bindgen --target bundler --out-dir "$pkg/.glue/bundler" --out-name masterykit "$wasm"
cmp -s "$pkg/.glue/web/masterykit_bg.wasm" "$pkg/.glue/bundler/masterykit_bg.wasm" \
  || { echo "the web module differs from the bundler one" >&2; exit 1; }
bindings-wasm/node_modules/.bin/wasm-opt -O3 --strip-debug --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  "$pkg/.glue/web/masterykit_bg.wasm" -o "$pkg/.glue/masterykit.wasm"
# The module ships once, as base64 text in an ES module: every bundler (Vite, webpack, esbuild,
# Rollup, ...), Node (import and require) and a plain <script type="module"> load it with no
# loader, plugin or asset to copy. The entry decodes and compiles it on import (about 15 ms).
node -e 'const fs = require("fs");
fs.writeFileSync(process.argv[2], "// The masterykit WebAssembly module, base64.\nexport default \"" +
  fs.readFileSync(process.argv[1]).toString("base64") + "\";\n");' "$pkg/.glue/masterykit.wasm" "$pkg/masterykit_wasm.js"
cp "$pkg/.glue/web/masterykit.js" "$pkg/masterykit_bg.js"
sed -i "1{/@ts-self-types/d}" "$pkg/masterykit_bg.js"
cp "$pkg/.glue/bundler/masterykit.d.ts" "$pkg/masterykit.d.ts"
{
  cat <<'JS'
/* @ts-self-types="./masterykit.d.ts" */
// The engine, ready when this module has loaded: the WebAssembly module is decoded from
// ./masterykit_wasm.js and instantiated synchronously, so no init() call is needed.
import { initSync } from "./masterykit_bg.js";
import base64 from "./masterykit_wasm.js";

function decode(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

initSync({ module: decode(base64) });

JS
  awk '/^export \{/, /\} from "\.\/masterykit_bg\.js";/' "$pkg/.glue/bundler/masterykit.js"
} > "$pkg/masterykit.js"
grep -q '^export {' "$pkg/masterykit.js" || { echo "no exports found in the bundler glue" >&2; exit 1; }
rm -rf "$pkg/.glue"
cp LICENSE-MIT LICENSE-APACHE "$pkg/"
# The JSON Schemas of the documents, for any validator: masterykit/schemas/NAME.schema.json.
cp -r schemas "$pkg/schemas"
# Trailing options objects are optional (the Rust side takes Option<JsValue>).
sed -i -E 's/(options|config|unseen): (FitOptions|SimConfig|Unseen)\)/\1?: \2)/' "$pkg/masterykit.d.ts"
sed -i -E 's/trial: PlacementTrial, selectors: PlacementSelector\[\], options: PlacementOptions\)/trial?: PlacementTrial | null, selectors?: PlacementSelector[] | null, options?: PlacementOptions | null)/; s/options: PlacementOptions\)/options?: PlacementOptions | null)/' "$pkg/masterykit.d.ts"
sed -i -E 's/byLevel: Record<string, number>\)/byLevel?: Record<string, number> | null)/' "$pkg/masterykit.d.ts"
sed -i -E 's/start: TimeLike \| null \| undefined, due: TimeLike \| null \| undefined\)/start?: TimeLike | null, due?: TimeLike | null)/' "$pkg/masterykit.d.ts"
sed -i -E 's/class_id: string \| null \| undefined, rules: (NextStepRules \| NextStepRulesDoc) \| null \| undefined, start\?/class_id?: string | null, rules?: \1 | null, start?/' "$pkg/masterykit.d.ts"
grep -q 'selectors?: PlacementSelector' "$pkg/masterykit.d.ts" || { echo "compareSelectors' optional arguments were not written" >&2; exit 1; }
sed -i -E 's/rules: (NextStepRules \| NextStepRulesDoc) \| null \| undefined\)/rules?: \1 | null)/' "$pkg/masterykit.d.ts"
sed -i -E 's/class_id: string \| null \| undefined, rules\?:/class_id?: string | null, rules?:/' "$pkg/masterykit.d.ts"
# predict gives nulls only under "skip": two overloads say which array comes back.
sed -i -E 's/^( *)predict\(responses: ResponseColumns, unseen\?: Unseen\): Float64Array \| \(number \| null\)\[\];/\1predict(responses: ResponseColumns, unseen: "skip"): (number | null)[];\n\1predict(responses: ResponseColumns, unseen?: Exclude<Unseen, "skip">): Float64Array;/' "$pkg/masterykit.d.ts"
grep -q 'unseen: "skip"): (number | null)\[\];' "$pkg/masterykit.d.ts" || { echo "predict's overloads were not written" >&2; exit 1; }
