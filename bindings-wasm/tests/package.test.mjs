// The package as shipped: typed declarations without `any`, a size budget, and one module
// that every build (Node, bundler, web) loads.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  for (const file of readdirSync(PKG).filter((f) => f.endsWith(".d.ts"))) {
    const code = readFileSync(join(PKG, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\bany\b/, file);
  }
});

test("the release module stays within its size budget", () => {
  const wasm = readFileSync(join(PKG, "masterykit_bg.wasm"));
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const report = { bytes: wasm.length, gzip_bytes: gzip, max_bytes: MAX_BYTES, max_gzip_bytes: MAX_GZIP_BYTES };
  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  writeFileSync(join(ROOT, "target", "wasm-report", "size.json"), JSON.stringify(report, null, 2));
  console.log(`masterykit_bg.wasm: ${wasm.length} bytes, ${gzip} gzipped`);
  assert.ok(wasm.length <= MAX_BYTES, `${wasm.length} > ${MAX_BYTES}`);
  assert.ok(gzip <= MAX_GZIP_BYTES, `${gzip} > ${MAX_GZIP_BYTES}`);
  // The module ships once: every glue (bundler, web, Node) loads this one file.
  assert.deepEqual(readdirSync(PKG).filter((f) => f.endsWith(".wasm")), ["masterykit_bg.wasm"]);
});

test("the packed npm package installs and loads by its name, as ESM and CommonJS", () => {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-npm-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: join(ROOT, "bindings-wasm"),
    encoding: "utf8",
  }).trim().split("\n").pop();
  // The tarball holds the module once, and the licenses.
  const listing = execFileSync("tar", ["tzf", join(dir, packed)], { encoding: "utf8" }).trim().split("\n");
  assert.deepEqual(listing.filter((f) => f.endsWith(".wasm")), ["package/pkg/masterykit_bg.wasm"]);
  for (const license of ["LICENSE-MIT", "LICENSE-APACHE"]) assert.ok(listing.includes(`package/pkg/${license}`), license);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--offline", join(dir, packed)], { cwd: dir });
  const esm = `import { Curriculum, version } from "masterykit";
const c = Curriculum.fromJson('{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]}]}');
if (c.learnableOrder().join() !== "a,b") throw new Error("order");
console.log(version());`;
  writeFileSync(join(dir, "esm.mjs"), esm);
  const cjs = `const { Policy } = require("masterykit"); console.log(Policy.khan().name);`;
  writeFileSync(join(dir, "cjs.cjs"), cjs);
  assert.match(execFileSync(process.execPath, ["esm.mjs"], { cwd: dir, encoding: "utf8" }), /^\d+\.\d+\.\d+/);
  assert.equal(execFileSync(process.execPath, ["cjs.cjs"], { cwd: dir, encoding: "utf8" }).trim(), "khan-2025");
});
