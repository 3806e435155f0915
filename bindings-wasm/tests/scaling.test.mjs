// Split work merged back from JavaScript: models fitted on disjoint skills, stores of
// disjoint learners, simulations of consecutive learner ranges, each equal to the whole.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { CLI, ROOT, mk, prealgebra, read, thrown } from "./helpers.mjs";

/** The rows of a pyBKT CSV split in two by skill name, a row naming two skills (`a~~b`)
 * becoming one row per skill, as a fit credits each. */
function splitBySkill(csv) {
  const [header, ...lines] = csv.trim().split("\n");
  const skill = header.split(",").indexOf("skill_name");
  const parts = [[header], [header]];
  for (const line of lines) {
    const cells = line.split(",");
    for (const name of cells[skill].split("~~")) {
      cells[skill] = name;
      parts[[...name].reduce((n, ch) => n + ch.charCodeAt(0), 0) % 2].push(cells.join(","));
    }
  }
  return parts.map((p) => p.join("\n") + "\n");
}

test("models fitted on disjoint skills merge into the model of the whole log", () => {
  const file = join(mkdtempSync(join(tmpdir(), "masterykit-merge-")), "log.csv");
  execFileSync(CLI, ["synthesize", "--messy", "--skills", "12", "--learners", "60", "--responses", "20000", "-o", file, "--test-output", `${file}.test`], { cwd: ROOT });
  const csv = readFileSync(file, "utf8");
  const options = { num_fits: 2, seed: 5 };
  const whole = mk.BktModel.fitCsv(csv, options);
  const [a, b] = splitBySkill(csv).map((part) => mk.BktModel.fitCsv(part, options));
  const merged = a.merge(b);
  assert.equal(merged.toJson(), whole.toJson());
  assert.equal(a.skills.length + b.skills.length, whole.skills.length);
  const e = thrown(() => a.merge(a));
  assert.equal(e.name, "MasteryError");
  assert.equal(e.code, "merge_conflict");
});

test("stores of disjoint learners merge into the store of the whole log", () => {
  const c = prealgebra();
  const lines = read("examples/events.jsonl").trim().split("\n");
  const whole = new mk.LearnerStore(c, mk.Policy.khan());
  whole.replayJsonl(lines.join("\n"));
  const parts = [[], []];
  for (const line of lines) parts[JSON.parse(line).learner < "c" ? 0 : 1].push(line);
  const [a, b] = parts.map((p) => {
    const s = new mk.LearnerStore(c, mk.Policy.khan());
    s.replayJsonl(p.join("\n"));
    return s;
  });
  a.merge(b);
  const canonical = (s) => {
    const snap = JSON.parse(s.toSnapshotJson());
    snap.learners.sort((x, y) => (x.id < y.id ? -1 : 1));
    return snap;
  };
  assert.deepEqual(canonical(a), canonical(whole));
  const e = thrown(() => a.merge(b));
  assert.equal(e.name, "EvidenceError");
  assert.equal(e.code, "duplicate_learner");
});

test("simulations of consecutive learner ranges merge into one run", () => {
  const c = prealgebra();
  const teaching = { kind: "fixed_pace", items: 3 };
  const config = { seed: 7, max_steps: 200 };
  const one = mk.simulate(c, teaching, { ...config, learners: 40 });
  const parts = [
    [0, 15],
    [15, 25],
  ].map(([first_learner, learners]) => mk.simulate(c, teaching, { ...config, first_learner, learners }));
  assert.deepEqual(mk.mergeSimulations(parts), one);
  const e = thrown(() => mk.mergeSimulations([parts[1], parts[0]]));
  assert.equal(e.code, "merge_conflict");
});
