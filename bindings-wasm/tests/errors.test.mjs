// Every public function given bad input throws a real Error with the core's code, and
// rejected evidence changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";

import { mk, prealgebra, read, thrown } from "./helpers.mjs";

test("bad input throws Errors with name and code", () => {
  const c = prealgebra();
  const store = new mk.LearnerStore(c, mk.Policy.khan());
  store.replayJsonl(read("examples/events.jsonl"));
  const model = mk.BktModel.fromParams({ "add-whole": { prior: 0.1, learn: 0.2, guess: 0.2, slip: 0.1 } });
  const codes = new Uint32Array([0]);
  const cols = (extra = {}) => ({ learner_codes: codes, skill_codes: codes, correct: new Uint8Array([1]), learner_names: ["u"], skill_names: ["s"], ...extra });
  const good = { learner: "ana", context: "quiz", timestamp: "2026-10-01", responses: [] };
  const cases = [
    ["Curriculum.fromJson", () => mk.Curriculum.fromJson("{not json"), "MasteryError", "parse_error"],
    ["Curriculum.fromToml", () => mk.Curriculum.fromToml("format_version = 7"), "MasteryError", "unsupported_format_version"],
    ["Curriculum.fromObject", () => mk.Curriculum.fromObject({ format_version: 1, skills: [{ id: "a", prerequisites: ["a"] }] }), "CurriculumError", "self_prerequisite"],
    ["Curriculum.fromObject (shape)", () => mk.Curriculum.fromObject({ skills: 3 }), "MasteryError", "parse_error"],
    ["Curriculum.ancestors", () => c.ancestors("nope"), "CurriculumError", "unknown_skill"],
    ["Curriculum.descendants", () => c.descendants("nope"), "CurriculumError", "unknown_skill"],
    ["Curriculum.depth", () => c.depth("nope"), "CurriculumError", "unknown_skill"],
    ["Curriculum.prerequisites", () => c.prerequisites("nope"), "CurriculumError", "unknown_skill"],
    ["Curriculum.dependents", () => c.dependents("nope"), "CurriculumError", "unknown_skill"],
    ["Curriculum.frontier", () => c.frontier(["place-value", "nope"]), "CurriculumError", "unknown_skill"],
    ["Curriculum.innerFringe", () => c.innerFringe(["nope"]), "CurriculumError", "unknown_skill"],
    ["Curriculum.pathTo", () => c.pathTo(["nope"]), "CurriculumError", "unknown_skill"],
    ["Curriculum.gaps", () => c.gaps("nope"), "CurriculumError", "unknown_skill"],
    ["Policy.preset", () => mk.Policy.preset("nope"), "PolicyError", "unknown_preset"],
    ["Policy.fromJson", () => mk.Policy.fromJson("{}"), "MasteryError", "parse_error"],
    ["Policy.fromObject", () => { const d = mk.Policy.khan().toObject(); d.default_target = "guru"; return mk.Policy.fromObject(d); }, "PolicyError", "unknown_level"],
    ["Policy.fromToml", () => mk.Policy.fromToml("x = "), "MasteryError", "parse_error"],
    ["LearnerStore.apply (empty)", () => store.apply(good), "EvidenceError", "empty_evidence"],
    ["LearnerStore.apply (shape)", () => store.apply({ learner: "ana" }), "MasteryError", "parse_error"],
    ["LearnerStore.apply (unknown field)", () => store.apply({ ...good, mood: "happy" }), "MasteryError", "parse_error"],
    ["LearnerStore.apply (score)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["add-whole"], score: 1.5 }] }), "EvidenceError", "invalid_score"],
    ["LearnerStore.apply (skill)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["nope"], correct: true }] }), "CurriculumError", "unknown_skill"],
    ["LearnerStore.apply (context)", () => store.apply({ ...good, context: "nap", responses: [{ item: "q", skills: ["add-whole"], correct: true }] }), "EvidenceError", "unknown_context"],
    ["LearnerStore.apply (time)", () => store.apply({ ...good, timestamp: "yesterday" }), "MasteryError", "parse_error"],
    ["LearnerStore.replayJsonl", () => store.replayJsonl("{}\n"), "MasteryError", "parse_error"],
    ["LearnerStore.replayEvents", () => store.replayEvents([good]), "EvidenceError", "empty_evidence"],
    ["LearnerStore.replayColumns", () => store.replayColumns({}), "MasteryError", "parse_error"],
    ["LearnerStore.level", () => store.level("zed", "add-whole"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.level (skill)", () => store.level("ana", "nope"), "CurriculumError", "unknown_skill"],
    ["LearnerStore.skillState", () => store.skillState("zed", "add-whole"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.masteryPercent", () => store.masteryPercent("ana", "unit:nope"), "CurriculumError", "unknown_unit"],
    ["LearnerStore.masteryPercent (scope)", () => store.masteryPercent("ana", "galaxy"), "MasteryError", "parse_error"],
    ["LearnerStore.progress", () => store.progress("ana", { scope: { unit: "whole-numbers" } }, "soon"), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.progress (goal)", () => store.progress("ana", { scope: { planet: "x" } }, "2026-10-01"), "MasteryError", "parse_error"],
    ["LearnerStore.learnerReport", () => store.learnerReport("zed"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.activity", () => store.activity("2026-09-01", "later"), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.timeline", () => store.timeline("zed"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.fromSnapshotJson", () => mk.LearnerStore.fromSnapshotJson(c, mk.Policy.khanPre2018(), store.toSnapshotJson()), "EvidenceError", "snapshot_mismatch"],
    ["BktModel.fitCsv", () => mk.BktModel.fitCsv("user_id,correct\nu,1\n"), "ModelError", "missing_column"],
    ["BktModel.fitCsv (correct)", () => mk.BktModel.fitCsv("order_id,user_id,skill_name,correct\n1,u,s,2\n"), "ModelError", "invalid_correct"],
    ["BktModel.fit (options)", () => mk.BktModel.fit(cols(), { num_fitz: 2 }), "MasteryError", "parse_error"],
    ["BktModel.fit (num_fits)", () => mk.BktModel.fit(cols(), { num_fits: 0 }), "MasteryError", "invalid_number"],
    ["BktModel.fit (lengths)", () => mk.BktModel.fit(cols({ correct: new Uint8Array([1, 0]) })), "MasteryError", "invalid_number"],
    ["BktModel.fit (code)", () => mk.BktModel.fit(cols({ learner_codes: new Uint32Array([3]) })), "MasteryError", "invalid_number"],
    ["BktModel.fit (order)", () => mk.BktModel.fit(cols({ order: new Float64Array([0.5]) })), "MasteryError", "invalid_number"],
    ["BktModel.fit (missing column)", () => mk.BktModel.fit({ learner_codes: codes }), "MasteryError", "parse_error"],
    ["BktModel.fit (items alone)", () => mk.BktModel.fit(cols({ item_codes: codes })), "MasteryError", "parse_error"],
    ["BktModel.fit (multigs without items)", () => mk.BktModel.fit(cols(), { multigs: true }), "ModelError", "missing_column"],
    ["BktModel.fit (multilearn and multipair)", () => mk.BktModel.fit(cols({ item_codes: codes, item_names: ["i"] }), { multilearn: true, multipair: true }), "MasteryError", "invalid_option"],
    ["BktModel.fromParams", () => mk.BktModel.fromParams({ s: { prior: 2, learn: 0.1, guess: 0.1, slip: 0.1 } }), "MasteryError", "invalid_number"],
    ["BktModel.fromJson", () => mk.BktModel.fromJson("[]"), "MasteryError", "parse_error"],
    ["BktModel.predictCorrect", () => model.predictCorrect("nope", 0.5), "ModelError", "unfitted_skill"],
    ["BktModel.predictCorrect (p)", () => model.predictCorrect("add-whole", 1.5), "MasteryError", "invalid_number"],
    ["BktModel.update", () => model.update("add-whole", 0.5, Number.NaN), "EvidenceError", "invalid_score"],
    ["BktModel.prior", () => model.prior("nope"), "ModelError", "unfitted_skill"],
    ["BktModel.predict", () => model.predict(cols({ skill_names: ["nope"] })), "ModelError", "unfitted_skill"],
    ["BktModel.evaluate", () => model.evaluate(cols({ skill_names: ["nope"] })), "ModelError", "unfitted_skill"],
    ["BktModel.crossValidate", () => mk.BktModel.crossValidate(cols(), 1), "MasteryError", "invalid_number"],
    ["simulate (teaching)", () => mk.simulate(c, { kind: "psychic" }), "MasteryError", "parse_error"],
    ["simulate (config)", () => mk.simulate(c, { kind: "fixed_pace", items: 5 }, { learnerz: 3 }), "MasteryError", "parse_error"],
    ["simulate (population)", () => mk.simulate(c, { kind: "fixed_pace", items: 5 }, { population: { prior: -1, learn: 0.1, guess: 0.1, slip: 0.1 } }), "MasteryError", "invalid_number"],
    ["simulate (level)", () => mk.simulate(c, { kind: "policy_level", level: "guru", max_items: 5 }), "PolicyError", "unknown_level"],
  ];
  const failures = [];
  for (const [what, call, name, code] of cases) {
    const e = thrown(call);
    if (!(e instanceof Error) || e.name !== name || e.code !== code || typeof e.message !== "string" || !Array.isArray(e.problems)) {
      failures.push(`${what}: got ${e instanceof Error ? "Error" : typeof e} ${e?.name} ${e?.code}: ${e?.message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test("rejected evidence changes nothing, and a replay error names its line", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  store.replayJsonl(read("examples/events.jsonl"));
  const before = store.toSnapshotJson();
  const e = thrown(() =>
    store.apply({
      learner: "ana",
      context: "quiz",
      timestamp: "2026-10-01",
      responses: [
        { item: "q1", skills: ["add-whole"], correct: true },
        { item: "q2", skills: ["nope"], correct: true },
      ],
    }),
  );
  assert.equal(e.code, "unknown_skill");
  assert.equal(store.toSnapshotJson(), before);
  const bad = thrown(() =>
    store.replayJsonl('{"learner":"x","context":"practice","timestamp":"bad","responses":[]}\n'),
  );
  assert.equal(bad.code, "parse_error");
  assert.match(bad.message, /^line 1: /);
});

test("a teacher function's exception is rethrown as is", () => {
  class Refuse extends Error {}
  const e = thrown(() =>
    mk.simulate(prealgebra(), (step) => {
      if (step.skill === "frac-add") throw new Refuse("no fractions today");
      return step.items >= 1;
    }, { learners: 5 }),
  );
  assert.ok(e instanceof Refuse);
  assert.equal(e.message, "no fractions today");
});
