// Learner state, reports, goals, BKT and simulation through the wasm build, and the same
// answers as the native build (the CLI) for the same inputs and seeds.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { CLI, ROOT, fixture, mk, prealgebra, read, thrown } from "./helpers.mjs";

const cli = (...args) => execFileSync(CLI, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });

test("replay, reports, goals and snapshots agree with the native CLI", () => {
  const c = prealgebra();
  const policy = mk.Policy.khan();
  const store = new mk.LearnerStore(c, policy);
  const changes = store.replayJsonl(read("examples/events.jsonl"));
  assert.ok(changes > 0);
  const native = JSON.parse(
    cli("replay", "--curriculum", "examples/prealgebra.json", "--policy", "khan-2025", "examples/events.jsonl", "--json"),
  );
  assert.deepEqual(store.transitions(), native.transitions);
  for (const learner of store.learners) {
    const report = JSON.parse(
      cli("report", "--curriculum", "examples/prealgebra.json", "--policy", "khan-2025", "--json", "examples/events.jsonl", "learner", learner),
    );
    assert.deepEqual(store.learnerReport(learner), report.report, learner);
  }
  const klass = JSON.parse(
    cli("report", "--curriculum", "examples/prealgebra.json", "--policy", "khan-2025", "--json", "examples/events.jsonl", "class"),
  );
  assert.deepEqual(store.classReport(), klass.report);

  // The same log as objects, and a snapshot, give the same state.
  const again = new mk.LearnerStore(c, policy);
  const events = read("examples/events.jsonl").split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => JSON.parse(l));
  assert.equal(again.replayEvents(events), changes);
  assert.equal(again.toSnapshotJson(), store.toSnapshotJson());
  const restored = mk.LearnerStore.fromSnapshotJson(c, policy, store.toSnapshotJson());
  assert.deepEqual(restored.learnerReport("ana"), store.learnerReport("ana"));

  // The level matrix is learners x skills of level indices.
  const m = store.levelMatrix();
  assert.ok(m instanceof Uint8Array);
  assert.equal(m.length, store.learners.length * store.skillIds.length);
  const ana = store.learners.indexOf("ana");
  const levels = policy.levels.map((l) => l.id);
  store.skillIds.forEach((skill, j) => assert.equal(levels[m[ana * store.skillIds.length + j]], store.level("ana", skill)));

  const pct = store.masteryPercent("ana", "course:prealgebra");
  assert.equal(pct, store.learnerReport("ana").courses[0].mastery_percent);
  assert.equal(store.masteryPercent("ana", ["place-value"]), store.skillState("ana", "place-value").points);
  const p = store.progress("ana", { scope: { unit: "whole-numbers" }, due: "2026-09-30" }, "2026-09-12");
  assert.equal(p.skills_total, 10);
  assert.ok(["on_track", "behind"].includes(p.status));
  const a = store.activity("2026-01-01", "2027-01-01");
  assert.equal(a.learners_active, 4);
  assert.ok(store.timeline("ana").every((t) => t.learner === "ana"));
});

test("applying returns transitions; a repeated event id is a no-op", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const event = {
    event_id: "e1",
    learner: "lee",
    context: "practice",
    timestamp: "2026-09-01T09:00:00Z",
    responses: [1, 2, 3, 4].map((i) => ({ item: `q${i}`, skills: ["place-value"], correct: true })),
  };
  const first = store.apply(event);
  assert.equal(first.duplicate, false);
  assert.deepEqual(
    first.transitions.map((t) => [t.skill, t.from, t.to, t.outcome]),
    [["place-value", "not_started", "proficient", "perfect"]],
  );
  assert.equal(first.record, JSON.stringify(JSON.parse(first.record)));
  const second = store.apply(event);
  assert.deepEqual(second, { transitions: [], duplicate: true, record: null, events: [] });
  assert.equal(store.skillState("lee", "place-value").points, 80);
});

test("BKT fit from typed arrays equals the native fit exactly", () => {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-wasm-"));
  const csv = join(dir, "log.csv");
  cli("synthesize", "--skills", "3", "--learners", "300", "--steps", "12", "--seed", "5", "-o", csv);
  cli("fit", csv, "--num-fits", "3", "--seed", "9", "-o", join(dir, "model.json"));
  const native = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  const text = readFileSync(csv, "utf8");
  const fromCsv = mk.BktModel.fitCsv(text, { num_fits: 3, seed: 9 });
  assert.deepEqual(JSON.parse(fromCsv.toJson()), native);

  // The same rows as typed arrays of codes.
  const rows = text.trim().split("\n").slice(1).map((l) => l.split(","));
  const learners = [...new Set(rows.map((r) => r[1]))];
  const skills = [...new Set(rows.map((r) => r[2]))];
  const lc = Uint32Array.from(rows, (r) => learners.indexOf(r[1]));
  const sc = Uint32Array.from(rows, (r) => skills.indexOf(r[2]));
  const ok = Uint8Array.from(rows, (r) => Number(r[3]));
  const order = Float64Array.from(rows, (r) => Number(r[0]));
  const columns = { learner_codes: lc, skill_codes: sc, correct: ok, learner_names: learners, skill_names: skills, order };
  const model = mk.BktModel.fit(columns, { num_fits: 3, seed: 9 });
  assert.deepEqual(model.params(), native.skills);

  const predicted = model.predict(columns);
  assert.ok(predicted instanceof Float64Array && predicted.length === rows.length);
  assert.ok(predicted.every((p) => p >= 0 && p <= 1));
  // Row order: the CLI prints one prediction per row too.
  const nativePredicted = cli("predict", csv, "--model", join(dir, "model.json")).trim().split("\n").slice(1).map((l) => Number(l.split(",")[4]));
  assert.equal(nativePredicted.length, predicted.length);
  predicted.forEach((p, i) => assert.ok(Math.abs(p - nativePredicted[i]) <= 5e-7, `row ${i}`)); // the CLI prints 6 decimals
  const metrics = model.evaluate(columns);
  const nativeMetrics = JSON.parse(cli("evaluate", "--model", join(dir, "model.json"), csv, "--json"));
  for (const k of ["rmse", "auc", "accuracy", "log_loss", "count"]) assert.equal(metrics[k], nativeMetrics.metrics[k], k);
  const folds = mk.BktModel.crossValidate(columns, 3, { num_fits: 1 });
  assert.equal(folds.length, 3);
  // The same folds and fits as the CLI's, by fold and by skill.
  const nativeFolds = JSON.parse(cli("crossvalidate", csv, "--folds", "3", "--num-fits", "1", "--json")).folds;
  assert.deepEqual(folds, nativeFolds);
  assert.ok(folds.every((f) => f.skills.reduce((n, m) => n + m.count, 0) === f.count));

  // Online tracing: predict, then update.
  const s = skills[0];
  const p0 = model.prior(s);
  const right = model.update(s, p0, 1);
  assert.ok(right > p0 && model.predictCorrect(s, right) > model.predictCorrect(s, p0));
  assert.equal(mk.BktModel.fromJson(model.toJson()).toJson(), model.toJson());
});

test("simulation is seeded and identical to the native build", () => {
  const c = prealgebra();
  const teaching = { kind: "mastery_threshold", threshold: 0.9, max_items: 25 };
  const wasm = mk.simulate(c, teaching, { learners: 500, seed: 11 });
  const native = JSON.parse(
    cli("simulate", "--curriculum", "examples/prealgebra.json", "--learners", "500", "--seed", "11", "--teaching", "mastery:0.9:25", "--json"),
  ).results[0];
  for (const k of ["mastery_share", "mean_steps", "mean_over_practice", "mean_under_practiced", "completion_share", "skills", "level_shares"]) {
    assert.deepEqual(wasm[k], native[k], k);
  }
  assert.deepEqual(mk.simulate(c, teaching, { learners: 500, seed: 11 }), wasm);
  // A teacher function equal to the built-in fixed pace gives the identical result.
  const config = { learners: 200, seed: 3 };
  assert.deepEqual(mk.simulate(c, (step) => step.items >= 4, config), mk.simulate(c, { kind: "fixed_pace", items: 4 }, config));
});

test("pyBKT's variants fit from CSV exactly as natively", () => {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-wasm-"));
  const csv = join(dir, "items.csv");
  let text = "order_id,user_id,skill_name,correct,template_id,group\n";
  let row = 0;
  for (let l = 0; l < 80; l++) {
    for (let k = 0; k < 8; k++) {
      const item = ["a", "b", "c"][(l + k) % 3];
      const right = (l * 31 + k * 7) % (item === "a" ? 2 : 5) === 0 ? 1 : 0;
      text += `${++row},u${l},s${k % 2},${right},${item},g${l % 2}\n`;
    }
  }
  writeFileSync(csv, text);
  const model = join(dir, "model.json");
  cli("fit", csv, "--multigs", "--multipair", "--multiprior", "--num-fits", "2", "-o", model);
  const native = JSON.parse(readFileSync(model, "utf8"));
  const wasm = mk.BktModel.fitCsv(text, { multigs: true, multipair: true, multiprior: true, num_fits: 2 });
  assert.deepEqual(JSON.parse(wasm.toJson()), native);
  assert.deepEqual(Object.keys(wasm.params().s0.guess_slip_by_item).sort(), ["a", "b", "c"]);
});

test("evidence columns replay like the same log, and errors name the row", () => {
  const c = prealgebra();
  const policy = mk.Policy.khan();
  const fromLog = new mk.LearnerStore(c, policy);
  fromLog.replayJsonl(read("examples/events.jsonl"));
  // The log as columns: one row per response, the line as sitting.
  const cols = { learner_names: [], context_names: [], skill_names: [], event_names: [] };
  const code = (kind, value) => {
    let i = cols[`${kind}_names`].indexOf(value);
    if (i < 0) i = cols[`${kind}_names`].push(value) - 1;
    return i;
  };
  const rows = { learner_codes: [], sitting: [], context_codes: [], skill_codes: [], score: [], timestamp_ms: [], event_codes: [] };
  read("examples/events.jsonl").split("\n").forEach((line, n) => {
    if (!line.trim() || line.startsWith("#")) return;
    const a = JSON.parse(line);
    for (const r of a.responses) {
      rows.learner_codes.push(code("learner", a.learner));
      rows.sitting.push(n);
      rows.context_codes.push(code("context", a.context));
      rows.skill_codes.push(code("skill", r.skills[0]));
      rows.score.push("correct" in r ? Number(r.correct) : r.score);
      rows.timestamp_ms.push(Date.parse(a.timestamp));
      rows.event_codes.push(a.event_id === undefined ? -1 : code("event", a.event_id));
    }
  });
  const columns = {
    ...cols,
    ...rows,
    learner_codes: Uint32Array.from(rows.learner_codes),
    score: Float64Array.from(rows.score),
  };
  const fromColumns = new mk.LearnerStore(c, policy);
  fromColumns.replayColumns(columns);
  assert.equal(fromColumns.toSnapshotJson(), fromLog.toSnapshotJson());
  assert.deepEqual(fromColumns.transitions(), fromLog.transitions());

  const bad = { ...columns, skill_names: [...columns.skill_names, "nope"], skill_codes: [...rows.skill_codes] };
  bad.skill_codes[3] = bad.skill_names.length - 1;
  const store = new mk.LearnerStore(c, policy);
  assert.throws(() => store.replayColumns(bad), (e) => e.code === "unknown_skill" && /^row 0: unknown skill `nope`/.test(e.message));
  assert.deepEqual(store.learners, []);
  assert.throws(
    () => store.replayColumns({ ...columns, score: [1] }),
    (e) => e.code === "invalid_number" && /length of column `score`/.test(e.message),
  );
});

test("goal progress matches the golden cases", () => {
  const f = fixture("goals.json");
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  store.replayEvents(f.events);
  for (const c of f.cases) {
    if (c.expected_error !== undefined) {
      assert.equal(thrown(() => store.progress(c.learner, c.goal, c.now)).code, c.expected_error, c.name);
      continue;
    }
    const p = store.progress(c.learner, c.goal, c.now);
    const want = c.expected;
    assert.equal(p.status, want.status, c.name);
    assert.equal(p.skills_at_target, want.skills_at_target, c.name);
    assert.equal(p.projected_completion, want.projected_completion, c.name);
    if (want.skills_per_day === null) assert.equal(p.skills_per_day, null, c.name);
    else assert.ok(Math.abs(p.skills_per_day - want.skills_per_day) < 1e-9, c.name);
  }
});

test("a snapshot and the records appended since restore the state", () => {
  const lines = read("examples/events.jsonl").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  let snapshot = "";
  const records = [];
  lines.forEach((line, i) => {
    if (i === 40) snapshot = store.toSnapshotJson();
    const applied = store.apply(JSON.parse(line));
    if (i >= 40 && applied.record !== null) records.push(applied.record);
  });
  const tail = records.join("\n");
  const restored = mk.LearnerStore.restore(prealgebra(), mk.Policy.khan(), snapshot, tail);
  assert.equal(restored.toSnapshotJson(), store.toSnapshotJson());
  // A tail that overlaps the snapshot: the lines it holds are skipped by event id.
  const overlapping = lines.slice(30, 40).join("\n") + "\n" + tail;
  const again = mk.LearnerStore.restore(prealgebra(), mk.Policy.khan(), snapshot, overlapping);
  assert.equal(again.toSnapshotJson(), store.toSnapshotJson());
});

test("a learner with no evidence yet gets an empty report and timeline", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  store.replayJsonl(read("examples/events.jsonl"));
  const zed = store.learnerReport("zed");
  assert.equal(zed.learner, "zed");
  assert.ok(zed.skills.every((s) => s.level === "not_started" && s.responses === 0));
  assert.deepEqual(store.timeline("zed"), []);
  assert.deepEqual(zed, JSON.parse(cli("report", "--curriculum", "examples/prealgebra.json", "examples/events.jsonl", "learner", "zed", "--json")).report);
  assert.equal(thrown(() => store.level("zed", "add-whole")).code, "unknown_learner");
});
