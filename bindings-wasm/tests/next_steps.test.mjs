// Next steps from JavaScript: the shared golden cases (tests/fixtures/next_steps.json),
// typed errors, and the class-wide rows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixture, mk, thrown } from "./helpers.mjs";

const f = fixture("next_steps.json");

function store(events) {
  const s = new mk.LearnerStore(mk.Curriculum.fromObject(f.curriculum), mk.Policy.khan());
  s.replayEvents(events);
  return s;
}

function edited(edit) {
  const doc = mk.NextStepRules.khan().toObject();
  const walk = (path) => {
    const parts = path.split(".");
    const last = parts.pop();
    return [parts.reduce((node, p) => node[p], doc), last];
  };
  for (const [path, value] of Object.entries(edit.set ?? {})) {
    const [node, last] = walk(path);
    node[last] = value;
  }
  if (edit.remove) {
    const [node, last] = walk(edit.remove);
    delete node[last];
  }
  return JSON.stringify(doc);
}

test("next steps match the golden cases", () => {
  for (const c of f.cases) {
    const s = store(c.events);
    assert.deepEqual(s.nextSteps(c.learner, c.goal, c.now), c.expected, c.name);
    assert.deepEqual(s.challengeStatus(c.learner, c.now), c.challenge, c.name);
  }
});

test("bad input is a typed error", () => {
  for (const c of f.errors) {
    const s = store(c.events);
    const e = thrown(() => {
      const rules = c.rules ? mk.NextStepRules.fromJson(edited(c.rules)) : undefined;
      s.nextSteps(c.learner, c.goal, "2026-09-02", rules);
    });
    assert.equal(e.code, c.code, c.name);
    assert.ok(e instanceof Error && e.name.endsWith("Error"), c.name);
  }
  const s = store(f.cases[0].events);
  assert.equal(thrown(() => s.nextSteps("zed", null, "2026-09-02")).name, "EvidenceError");
  assert.equal(thrown(() => s.nextSteps("ana", "unit:nope", "2026-09-02")).name, "CurriculumError");
  assert.equal(thrown(() => mk.NextStepRules.preset("nope")).code, "unknown_preset");
});

test("the class-wide rows are every learner's list", () => {
  const s = store(f.cases.slice(0, 5).flatMap((c) => c.events));
  const rows = s.nextStepsAll("unit:ops", new Date("2026-09-09T00:00:00Z"));
  for (const learner of s.learners) {
    const steps = s.nextSteps(learner, "unit:ops", "2026-09-09T00:00:00Z");
    const mine = rows.filter((r) => r.learner === learner);
    assert.deepEqual(mine.map((r) => r.kind), steps.map((x) => x.kind));
    assert.deepEqual(mine.map((r) => r.reason), steps.map((x) => x.reason.code));
    assert.deepEqual(mine.map((r) => r.skills), steps.map((x) => x.skills));
    assert.deepEqual(mine.map((r) => r.rank), steps.map((_, i) => i + 1));
  }
  const rules = mk.NextStepRules.fromObject({ ...mk.NextStepRules.khan().toObject(), max_steps: 1 });
  assert.equal(s.nextSteps("ana", undefined, "2026-09-09", rules).length, 1);
  assert.equal(mk.NextStepRules.fromJson(rules.toJson()).name, "khan-2025");
});
