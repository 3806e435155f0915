// The package as shipped: typed declarations without `any`, a size budget, and each build
// (Node, bundler, web) carrying the same module.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { ROOT } from "./helpers.mjs";

const PKG = join(ROOT, "bindings-wasm", "pkg");
// Budgets for the release module (the whole engine: curricula, policies, replay, reports,
// BKT fitting, CSV, TOML and JSON parsing, simulation).
const MAX_BYTES = 1_500_000;
const MAX_GZIP_BYTES = 500_000;

test("declarations type-check and never say `any`", () => {
  execFileSync(join(ROOT, "bindings-wasm", "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], {
    cwd: join(ROOT, "bindings-wasm"),
    stdio: "inherit",
  });
  for (const build of readdirSync(PKG)) {
    for (const file of readdirSync(join(PKG, build)).filter((f) => f.endsWith(".d.ts"))) {
      const code = readFileSync(join(PKG, build, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      assert.doesNotMatch(code, /\bany\b/, `${build}/${file}`);
    }
  }
});

test("the release module stays within its size budget", () => {
  const wasm = readFileSync(join(PKG, "web", "masterykit_bg.wasm"));
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const report = { bytes: wasm.length, gzip_bytes: gzip, max_bytes: MAX_BYTES, max_gzip_bytes: MAX_GZIP_BYTES };
  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  writeFileSync(join(ROOT, "target", "wasm-report", "size.json"), JSON.stringify(report, null, 2));
  console.log(`masterykit_bg.wasm: ${wasm.length} bytes, ${gzip} gzipped`);
  assert.ok(wasm.length <= MAX_BYTES, `${wasm.length} > ${MAX_BYTES}`);
  assert.ok(gzip <= MAX_GZIP_BYTES, `${gzip} > ${MAX_GZIP_BYTES}`);
  for (const build of ["bundler", "node"]) {
    assert.equal(statSync(join(PKG, build, "masterykit_bg.wasm")).size, wasm.length, build);
  }
});
