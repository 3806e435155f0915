// The same assessments replayed in the wasm build three ways: `replayEvents(array)` (the
// array handed over as objects), `replayJsonl(text)`, and `replayEvents` of each half, at
// doubling sizes, best of 3 each. Linear work keeps each column's ratio to the one above
// near 2, and `replayEvents` close to `replayJsonl`. All three must end in the same state.
// Run: bash scripts/wasm-build.sh && node bench/wasm_replay_forms.mjs [MAX_ASSESSMENTS]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as mk from "../bindings-wasm/pkg/masterykit.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const course = mk.Curriculum.fromJson(readFileSync(join(ROOT, "examples", "prealgebra.json"), "utf8"));
const skills = course.skillIds();
const max = Number(process.argv[2] ?? 160000);
const RUNS = 3;

/** `n` five-question practice sittings over 500 learners, each with an event id. */
function events(n) {
  const start = Date.UTC(2026, 8, 1);
  return Array.from({ length: n }, (_, i) => ({
    event_id: `e${i}`,
    learner: `l${i % 500}`,
    context: "practice",
    timestamp: new Date(start + i * 1000),
    responses: [0, 1, 2, 3, 4].map((q) => ({
      item: `q${q}`,
      skills: [skills[(i * 7 + q) % skills.length]],
      correct: (i + q) % 4 !== 0,
    })),
  }));
}

/** Best wall time of `RUNS` runs of `replay` on a fresh store, and that store's snapshot. */
function best(replay) {
  let ms = Infinity;
  let snapshot = "";
  for (let r = 0; r < RUNS; r++) {
    const store = new mk.LearnerStore(course, mk.Policy.khan());
    const t = performance.now();
    replay(store);
    ms = Math.min(ms, performance.now() - t);
    snapshot = store.toSnapshotJson();
    store.free();
  }
  return { ms, snapshot };
}

console.log("assessments  replayEvents ms  replayJsonl ms  events/jsonl  two halves ms");
for (let n = 10000; n <= max; n *= 2) {
  const ev = events(n);
  const text = ev.map((e) => JSON.stringify(e)).join("\n");
  const array = best((s) => s.replayEvents(ev));
  const jsonl = best((s) => s.replayJsonl(text));
  const halves = best((s) => {
    s.replayEvents(ev.slice(0, n / 2));
    s.replayEvents(ev.slice(n / 2));
  });
  if (array.snapshot !== jsonl.snapshot || halves.snapshot !== jsonl.snapshot) {
    throw new Error(`${n}: the three replays end in different states`);
  }
  const row = [n, array.ms, jsonl.ms, array.ms / jsonl.ms, halves.ms];
  console.log(row.map((x, i) => (i === 0 ? String(x).padStart(11) : x.toFixed(i === 3 ? 2 : 0).padStart(i === 3 ? 13 : 15))).join(" "));
}
