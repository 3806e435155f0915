// Operations the package shares with Python behave like the core: every scope form, the
// policy's default target, fit options with the core's defaults, and the level matrix.
import assert from "node:assert/strict";
import { test } from "node:test";

import { mk, prealgebra, read, thrown } from "./helpers.mjs";

function replayed() {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  store.replayJsonl(read("examples/events.jsonl"));
  return store;
}

test("every scope form gives the same answer; a bad one is parse_error", () => {
  const store = replayed();
  const unit = prealgebra().toObject().units.find((u) => u.id === "whole-numbers").skills;
  const forms = ["unit:whole-numbers", { unit: "whole-numbers" }, unit, `skills:${unit.join(",")}`, { skills: unit }];
  const values = new Set(forms.map((f) => store.masteryPercent("ana", f)));
  assert.equal(values.size, 1);
  const now = "2026-09-12";
  assert.deepEqual(store.progress("ana", { scope: "unit:whole-numbers" }, now), store.progress("ana", { scope: { unit: "whole-numbers" } }, now));
  for (const bad of ["grade:3", "unit:", { grade: "3" }, 7]) {
    const e = thrown(() => store.masteryPercent("ana", bad));
    assert.equal(e.code, "parse_error", JSON.stringify(bad));
    assert.equal(e.name, "MasteryError");
  }
});

test("policies tell their default target", () => {
  assert.equal(mk.Policy.khan().defaultTarget, "proficient");
  assert.equal(mk.Policy.probability().defaultTarget, "proficient");
});

test("fit options take the core's defaults; unknown ones are parse errors naming them", () => {
  const columns = {
    learner_codes: new Uint32Array([0, 0, 1, 1]),
    skill_codes: new Uint32Array([0, 0, 0, 0]),
    correct: new Uint8Array([0, 1, 1, 1]),
    learner_names: ["u", "v"],
    skill_names: ["s"],
  };
  const byDefault = mk.BktModel.fit(columns).toJson();
  assert.equal(mk.BktModel.fit(columns, { num_fits: 5, seed: 42, tolerance: 1e-3, max_iterations: 100 }).toJson(), byDefault);
  assert.equal(mk.BktModel.fit(columns, {}).toJson(), byDefault);
  const e = thrown(() => mk.BktModel.fit(columns, { pinned: { luck: 0.5 } }));
  assert.equal(e.code, "parse_error");
  assert.match(e.message, /unknown parameter `luck`/);
  const pinned = mk.BktModel.fit(columns, { num_fits: 1, pinned: { guess: 0.2 } });
  assert.equal(pinned.params().s.guess, 0.2);
});

test("the level matrix holds every learner's level on every skill", () => {
  const store = replayed();
  const matrix = store.levelMatrix();
  const skills = store.skillIds;
  const levels = mk.Policy.khan().levels.map((l) => l.id);
  assert.equal(matrix.length, store.learners.length * skills.length);
  store.learners.forEach((learner, i) => {
    skills.forEach((skill, j) => assert.equal(levels[matrix[i * skills.length + j]], store.level(learner, skill)));
  });
});

test("a learner with no evidence has not started a goal", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const p = store.progress("nobody", { scope: "unit:whole-numbers", due: "2026-09-21" }, "2026-09-02");
  assert.equal(p.status, "not_started");
  assert.equal(p.skills_at_target, 0);
  assert.equal(p.skills_total, 10);
});
