// The package as shipped: typed declarations without `any`, a size budget, the module once,
// and the tarball loading by its name in Node, as ESM and CommonJS.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { ROOT, installPacked } from "./helpers.mjs";

const PKG = join(ROOT, "bindings-wasm", "pkg");
// Budgets for the release module (the whole engine: curricula, policies, replay, reports,
// next steps, BKT fitting, CSV, TOML and JSON parsing, simulation). Next steps took it from
// 497 kB to 533 kB gzipped; fit warnings, the choices for unseen skills and model files
// checked field by field, from 541 kB to 556 kB (1.52 MB); placement (the exact posterior over
// knowledge states, the Gibbs sampler, simulated learners and the selector comparison), from
// 565 kB to 600 kB (1.64 MB); classes, goals, assignments, their events and the five class
// reports (each read and written as JSON, roster changes read without buffering) and roster
// event ids, from 600 kB to 692 kB (1.90 MB); the CSV fast path and the packed BKT E-step
// (sequences packed into lanes, the lane kernel and the kernel of restarts side by side), to
// 705 kB (1.93 MB); the interchange standards (CASE in and out, the typed xAPI reader, Caliper,
// level changes as xAPI, the options readers naming fields), to 796 kB (2.17 MB); merging the
// parts of split work (models, stores, and simulation results read back from objects) and the
// CSV reader cut into blocks for streams, to 815 kB (2.21 MB). The JSON Schemas ship as files
// beside the module: generating them inside it would add 400 kB more.
const MAX_BYTES = 2_220_000;
const MAX_GZIP_BYTES = 818_000;

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

test("the release module stays within its size budget, and ships once", async () => {
  const { default: base64 } = await import(join(PKG, "masterykit_wasm.js"));
  const wasm = Buffer.from(base64, "base64");
  const gzip = gzipSync(wasm, { level: 9 }).length;
  const inlined = readFileSync(join(PKG, "masterykit_wasm.js"));
  const report = {
    bytes: wasm.length,
    gzip_bytes: gzip,
    inlined_bytes: inlined.length,
    inlined_gzip_bytes: gzipSync(inlined, { level: 9 }).length,
    max_bytes: MAX_BYTES,
    max_gzip_bytes: MAX_GZIP_BYTES,
  };
  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  writeFileSync(join(ROOT, "target", "wasm-report", "size.json"), JSON.stringify(report, null, 2));
  console.log(`module: ${wasm.length} bytes, ${gzip} gzipped; inlined: ${report.inlined_bytes} bytes, ${report.inlined_gzip_bytes} gzipped`);
  assert.equal(wasm.subarray(0, 4).toString("latin1"), "\0asm");
  assert.ok(wasm.length <= MAX_BYTES, `${wasm.length} > ${MAX_BYTES}`);
  assert.ok(gzip <= MAX_GZIP_BYTES, `${gzip} > ${MAX_GZIP_BYTES}`);
  // The module ships once: inlined in masterykit_wasm.js, never as a .wasm file beside it.
  assert.deepEqual(readdirSync(PKG).sort(), [
    "LICENSE-APACHE",
    "LICENSE-MIT",
    "masterykit.d.ts",
    "masterykit.js",
    "masterykit_bg.js",
    "masterykit_wasm.js",
    "schemas",
  ]);
});

test("the packed npm package installs and loads by its name, as ESM and CommonJS", () => {
  const { dir, listing } = installPacked();
  const files = listing.filter((f) => f.startsWith("package/pkg/"));
  assert.deepEqual(files.filter((f) => !f.startsWith("package/pkg/schemas/")).sort(), [
    "package/pkg/LICENSE-APACHE",
    "package/pkg/LICENSE-MIT",
    "package/pkg/masterykit.d.ts",
    "package/pkg/masterykit.js",
    "package/pkg/masterykit_bg.js",
    "package/pkg/masterykit_wasm.js",
  ]);
  const schemas = readdirSync(join(ROOT, "schemas")).map((f) => `package/pkg/schemas/${f}`);
  assert.deepEqual(files.filter((f) => f.startsWith("package/pkg/schemas/")).sort(), schemas.sort());
  const esm = `import { Curriculum, version } from "masterykit";
const c = Curriculum.fromJson('{"format_version": 1, "skills": [{"id": "a"}, {"id": "b", "prerequisites": ["a"]}]}');
if (c.learnableOrder().join() !== "a,b") throw new Error("order");
console.log(version());`;
  writeFileSync(join(dir, "esm.mjs"), esm);
  const cjs = `const { Policy } = require("masterykit"); console.log(Policy.khan().name);
const schema = require("masterykit/schemas/curriculum.schema.json");
if (schema.title !== "A masterykit curriculum") throw new Error("schema");`;
  writeFileSync(join(dir, "cjs.cjs"), cjs);
  assert.match(execFileSync(process.execPath, ["esm.mjs"], { cwd: dir, encoding: "utf8" }), /^\d+\.\d+\.\d+/);
  const required = execFileSync(process.execPath, ["cjs.cjs"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(required.trim(), "khan-2025");
});
