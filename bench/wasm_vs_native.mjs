// Replays one generated event log (JSON Lines) in the wasm build under Node and in the native
// CLI, best of 5 each, and prints responses per second and the ratio. Both must end in the
// same state (their snapshots are compared). Run through bench/wasm_vs_native.sh.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as mk from "../bindings-wasm/pkg/masterykit.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "target", "release", "masterykit");
const RUNS = 5;
const learners = Number(process.argv[2] ?? 20000);

// A seeded generator (mulberry32), so the log is the same on every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const coursePath = join(ROOT, "examples", "prealgebra.json");
const course = mk.Curriculum.fromJson(readFileSync(coursePath, "utf8"));
const order = course.learnableOrder();

// Each learner: 8 practice exercises of 5 questions on successive skills and 2 quizzes of
// one question on each of 5 skills, interleaved with everyone else's in time order.
function generate() {
  const random = rng(7);
  const sittings = [];
  for (let l = 0; l < learners; l++) {
    const ability = 0.55 + 0.4 * random();
    for (let k = 0; k < 10; k++) {
      const quiz = k === 4 || k === 9;
      const skills = quiz ? order.slice(k - 4 >= 0 ? k - 4 : 0, (k - 4 >= 0 ? k - 4 : 0) + 5) : [order[k % 8]];
      const responses = [];
      for (let q = 0; q < 5; q++) {
        const skill = skills[quiz ? q : 0];
        responses.push({ item: `${skill}-${q}`, skills: [skill], correct: random() < ability });
      }
      sittings.push({ learner: `learner-${l}`, context: quiz ? "quiz" : "practice", responses, key: random() });
    }
  }
  sittings.sort((a, b) => a.key - b.key);
  const start = Date.parse("2026-09-01T00:00:00Z");
  return sittings
    .map((s, i) =>
      JSON.stringify({
        learner: s.learner,
        context: s.context,
        timestamp: new Date(start + i * 1000).toISOString(),
        responses: s.responses,
      }),
    )
    .join("\n") + "\n";
}

mkdirSync(join(ROOT, "bench", "data"), { recursive: true });
const logPath = join(ROOT, "bench", "data", `replay_${learners}.jsonl`);
const text = generate();
writeFileSync(logPath, text);
const responses = learners * 10 * 5;

let wasmBest = Infinity;
let wasmSnapshot = "";
for (let r = 0; r < RUNS; r++) {
  const store = new mk.LearnerStore(course, mk.Policy.khan());
  const t0 = process.hrtime.bigint();
  store.replayJsonl(text);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  wasmBest = Math.min(wasmBest, seconds);
  if (r === 0) wasmSnapshot = store.toSnapshotJson();
  store.free();
}

const snapshotPath = join(ROOT, "bench", "data", `replay_${learners}.snapshot.json`);
execFileSync(CLI, ["replay", "--curriculum", coursePath, "--policy", "khan-2025", logPath, "--snapshot", snapshotPath], {
  stdio: "ignore",
});
// The CLI prints its timings on standard error. The wasm build runs on one thread, so the
// like-for-like native figure is on one core too (RAYON_NUM_THREADS=1); all cores for reference.
function nativeReplay(threads) {
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const result = execFileSync(
      "sh",
      ["-c", `"${CLI}" replay --curriculum "${coursePath}" --policy khan-2025 "${logPath}" --timings 2>&1 >/dev/null`],
      { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, RAYON_NUM_THREADS: String(threads) } },
    );
    const m = result.match(/replay ([0-9.]+) s/);
    if (!m) throw new Error(`unexpected CLI output: ${result}`);
    best = Math.min(best, Number(m[1]));
  }
  return best;
}
const nativeBest = nativeReplay(1);
const nativeAll = nativeReplay(availableParallelism());
const same = readFileSync(snapshotPath, "utf8") === wasmSnapshot;

const rate = (s) => `${(responses / s / 1e6).toFixed(2)}M responses/s`;
console.log(`replay of ${learners} learners, ${learners * 10} assessments, ${responses} responses (JSON Lines, parse + validate + apply), best of ${RUNS}:`);
console.log(`  native (CLI, release), one core: ${nativeBest.toFixed(3)} s  ${rate(nativeBest)}`);
console.log(`  native (CLI, release), ${availableParallelism()} cores: ${nativeAll.toFixed(3)} s  ${rate(nativeAll)}`);
console.log(`  wasm (Node ${process.version}): ${wasmBest.toFixed(3)} s  ${rate(wasmBest)}`);
console.log(`  wasm / native time, one core each: ${(wasmBest / nativeBest).toFixed(2)}x   same final state: ${same}`);
if (!same) process.exit(1);
