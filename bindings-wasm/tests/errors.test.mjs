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
    ["LearnerStore.apply (shape)", () => store.apply({ learner: "ana" }), "EvidenceError", "parse_error"],
    ["LearnerStore.apply (unknown field)", () => store.apply({ ...good, mood: "happy" }), "EvidenceError", "parse_error"],
    ["LearnerStore.apply (score)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["add-whole"], score: 1.5 }] }), "EvidenceError", "invalid_score"],
    ["LearnerStore.apply (skill)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["nope"], correct: true }] }), "EvidenceError", "unknown_skill"],
    ["LearnerStore.apply (context)", () => store.apply({ ...good, context: "nap", responses: [{ item: "q", skills: ["add-whole"], correct: true }] }), "EvidenceError", "unknown_context"],
    ["LearnerStore.apply (time)", () => store.apply({ ...good, timestamp: "yesterday" }), "EvidenceError", "parse_error"],
    ["LearnerStore.apply (NaN)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["add-whole"], score: NaN }] }), "EvidenceError", "invalid_number"],
    ["LearnerStore.apply (Infinity)", () => store.apply({ ...good, responses: [{ item: "q", skills: ["add-whole"], correct: true, duration: Infinity }] }), "EvidenceError", "invalid_number"],
    ["LearnerStore.apply (BigInt)", () => store.apply({ ...good, timestamp: 10n }), "EvidenceError", "parse_error"],
    ["LearnerStore.apply (invalid Date)", () => store.apply({ ...good, timestamp: new Date(NaN) }), "EvidenceError", "parse_error"],
    ["LearnerStore.apply (milliseconds)", () => store.apply({ ...good, timestamp: Date.now(), responses: [{ item: "q", skills: ["add-whole"], correct: true }] }), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.replayJsonl", () => store.replayJsonl("{}\n"), "EvidenceError", "parse_error"],
    ["LearnerStore.replayEvents", () => store.replayEvents([good]), "EvidenceError", "empty_evidence"],
    ["LearnerStore.replayEvents (shape)", () => store.replayEvents([{ ...good, responses: [{ item: "q", skills: ["add-whole"], correct: true }] }, { ...good, mood: 1 }]), "EvidenceError", "parse_error"],
    ["LearnerStore.replayEvents (skill)", () => store.replayEvents([{ ...good, responses: [{ item: "q", skills: ["nope"], correct: true }] }]), "EvidenceError", "unknown_skill"],
    ["LearnerStore.replayEvents (NaN)", () => store.replayEvents([{ ...good, responses: [{ item: "q", skills: ["add-whole"], score: NaN }] }]), "EvidenceError", "invalid_number"],
    ["LearnerStore.replayColumns", () => store.replayColumns({}), "EvidenceError", "parse_error"],
    ["LearnerStore.level", () => store.level("zed", "add-whole"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.setRoster", () => store.setRoster({ format_version: 2 }), "MasteryError", "unsupported_format_version"],
    ["LearnerStore.setRoster (shape)", () => store.setRoster({ format_version: 1, klasses: [] }), "MasteryError", "parse_error"],
    ["LearnerStore.changeRoster", () => store.changeRoster({ op: "enrol", class: "nope", learners: ["x"] }), "RosterError", "unknown_class"],
    ["LearnerStore.addClass", () => store.addClass(" "), "RosterError", "invalid_roster"],
    ["LearnerStore.removeClass", () => store.removeClass("nope"), "RosterError", "unknown_class"],
    ["LearnerStore.enrol", () => store.enrol("nope", ["x"]), "RosterError", "unknown_class"],
    ["LearnerStore.unenrol", () => store.unenrol("nope", ["x"]), "RosterError", "unknown_class"],
    ["LearnerStore.addGoal", () => store.addGoal({ id: "g", scope: "unit:nope", learners: ["ana"] }), "CurriculumError", "unknown_unit"],
    ["LearnerStore.removeGoal", () => store.removeGoal("nope"), "RosterError", "unknown_goal"],
    ["LearnerStore.addAssignment", () => store.addAssignment({ id: "a", skills: [], learners: ["ana"] }), "RosterError", "invalid_roster"],
    ["LearnerStore.removeAssignment", () => store.removeAssignment("nope"), "RosterError", "unknown_assignment"],
    ["LearnerStore.assignmentWork", () => store.assignmentWork("nope", "ana"), "RosterError", "unknown_assignment"],
    ["LearnerStore.struggling", () => store.struggling("nope"), "CurriculumError", "unknown_skill"],
    ["LearnerStore.assignCorrectives", () => store.assignCorrectives("a", "add-whole", "nope"), "RosterError", "unknown_class"],
    ["LearnerStore.classGoals", () => store.classGoals("nope", "2026-09-01"), "RosterError", "unknown_class"],
    ["LearnerStore.scores", () => store.scores("nope", "2026-09-01"), "RosterError", "unknown_class"],
    ["LearnerStore.classMastery", () => store.classMastery("nope"), "RosterError", "unknown_class"],
    ["LearnerStore.classSkills", () => store.classSkills("nope"), "RosterError", "unknown_class"],
    ["LearnerStore.progressOverTime", () => store.progressOverTime(["ana"], "unit:whole-numbers", "2026-09-01", "2026-09-08", 0), "MasteryError", "invalid_number"],
    ["LearnerStore.classActivity", () => store.classActivity("nope", "2026-09-01", "2026-09-08"), "RosterError", "unknown_class"],
    ["LearnerStore.level (skill)", () => store.level("ana", "nope"), "CurriculumError", "unknown_skill"],
    ["LearnerStore.skillState", () => store.skillState("zed", "add-whole"), "EvidenceError", "unknown_learner"],
    ["LearnerStore.masteryPercent", () => store.masteryPercent("ana", "unit:nope"), "CurriculumError", "unknown_unit"],
    ["LearnerStore.masteryPercent (scope)", () => store.masteryPercent("ana", "galaxy"), "MasteryError", "parse_error"],
    ["LearnerStore.progress", () => store.progress("ana", { scope: { unit: "whole-numbers" } }, "soon"), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.progress (goal)", () => store.progress("ana", { scope: { planet: "x" } }, "2026-10-01"), "MasteryError", "parse_error"],
    ["LearnerStore.activity", () => store.activity("2026-09-01", "later"), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.activity (milliseconds)", () => store.activity(0, Date.now()), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.activity (fraction)", () => store.activity(0.5, 1), "EvidenceError", "invalid_timestamp"],
    ["LearnerStore.activity (invalid Date)", () => store.activity(new Date(NaN), 1), "MasteryError", "parse_error"],
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

test("times are RFC 3339 text, Dates or whole seconds; milliseconds are refused, saying so", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const answer = [{ item: "q", skills: ["add-whole"], correct: true }];
  const when = new Date(Date.UTC(2026, 8, 1, 10, 30));
  store.apply({ learner: "ana", context: "practice", timestamp: when, responses: answer });
  store.apply({ learner: "ben", context: "practice", timestamp: when.getTime() / 1000, responses: answer });
  const [ana, ben] = ["ana", "ben"].map((l) => store.timeline(l)[0].timestamp);
  assert.equal(ana, "2026-09-01T10:30:00Z");
  assert.equal(ben, ana);
  const goal = { scope: "unit:whole-numbers", due: new Date(Date.UTC(2026, 8, 21)) };
  const byText = store.progress("ana", { scope: "unit:whole-numbers", due: "2026-09-21" }, "2026-09-02");
  for (const now of [new Date(Date.UTC(2026, 8, 2)), Date.UTC(2026, 8, 2) / 1000, "2026-09-02"]) {
    assert.deepEqual(store.progress("ana", goal, now), byText);
  }
  assert.deepEqual(store.activity(new Date(Date.UTC(2026, 8, 1)), "2026-09-02"), store.activity("2026-09-01", "2026-09-02"));
  const e = thrown(() => store.apply({ learner: "cy", context: "practice", timestamp: Date.now(), responses: answer }));
  assert.match(e.message, /looks like milliseconds/);
  assert.deepEqual(store.learners, ["ana", "ben"]);
});

test("replayEvents gives the state replayJsonl gives, NaN refused by field name", () => {
  const events = read("examples/events.jsonl").split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => JSON.parse(l));
  const fromArray = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const fromText = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  assert.equal(fromArray.replayEvents(events), fromText.replayJsonl(read("examples/events.jsonl")));
  assert.equal(fromArray.toSnapshotJson(), fromText.toSnapshotJson());
  const bad = structuredClone(events.slice(0, 3));
  bad[2].responses[0].duration = NaN;
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const e = thrown(() => store.replayEvents(bad));
  assert.equal(e.code, "invalid_number");
  assert.match(e.message, /`duration`/);
  assert.deepEqual(store.learners, []);
  // A null that is only a null is fine.
  const nulls = structuredClone(events.slice(0, 3)).map((a) => ({ ...a, event_id: null }));
  assert.ok(store.replayEvents(nulls) >= 0);
});
