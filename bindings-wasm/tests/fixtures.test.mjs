// The shared golden fixtures of tests/fixtures give exactly the Rust results in wasm.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixture, mk, prealgebra, read, thrown } from "./helpers.mjs";

for (const name of ["policy_khan_2025.json", "policy_khan_pre_2018.json"]) {
  test(`policy golden cases: ${name}`, () => {
    const f = fixture(name);
    const policy = mk.Policy.preset(f.policy);
    const course = mk.Curriculum.fromObject(f.curriculum);
    assert.ok(f.cases.length > 30);
    for (const c of f.cases) {
      const store = new mk.LearnerStore(course, policy);
      const setup = c.events.slice(0, -1);
      const last = c.events[c.events.length - 1];
      for (const e of setup) store.apply(e);
      if (c.expected_error !== undefined) {
        const before = store.toSnapshotJson();
        const caught = thrown(() => store.apply(last));
        assert.ok(caught instanceof Error, c.name);
        assert.equal(caught.code, c.expected_error, c.name);
        assert.equal(store.toSnapshotJson(), before, `${c.name}: state unchanged`);
      } else {
        const got = store.apply(last).transitions.map((t) => ({
          skill: t.skill,
          from: t.from,
          to: t.to,
          context: t.context,
          outcome: t.outcome,
        }));
        assert.deepEqual(got, c.expected_transitions, c.name);
      }
      for (const [learner, skills] of Object.entries(c.expected_levels)) {
        for (const [skill, level] of Object.entries(skills)) {
          assert.equal(store.level(learner, skill), level, c.name);
        }
      }
    }
  });
}

test("graph queries match the shared fixture", () => {
  const f = fixture("graph_queries.json");
  const c = mk.Curriculum.fromJson(read(f.curriculum));
  for (const q of f.cases) {
    const known = q.known ?? undefined;
    const got = {
      ancestors: () => c.ancestors(q.skill),
      descendants: () => c.descendants(q.skill),
      depth: () => c.depth(q.skill),
      frontier: () => c.frontier(known),
      inner_fringe: () => c.innerFringe(known),
      path_to: () => c.pathTo(q.goals, known),
      gaps: () => c.gaps(q.skill, known),
    }[q.query]();
    assert.deepEqual(got, q.expected, JSON.stringify(q));
  }
});

test("an invalid curriculum reports every problem with its code", () => {
  const f = fixture("curriculum_invalid.json");
  const err = thrown(() => mk.Curriculum.fromObject(f.document));
  assert.ok(err instanceof Error);
  assert.equal(err.name, "CurriculumError");
  assert.equal(err.code, "invalid_curriculum");
  assert.deepEqual(err.problems, f.expected);
});

test("documents round-trip through objects and JSON", () => {
  const c = prealgebra();
  assert.equal(mk.Curriculum.fromObject(c.toObject()).toJson(), c.toJson());
  assert.equal(mk.Curriculum.fromJson(c.toJson()).toJson(), c.toJson());
  for (const p of [mk.Policy.khan(), mk.Policy.khanPre2018(), mk.Policy.probability()]) {
    assert.equal(mk.Policy.fromObject(p.toObject()).toJson(), p.toJson());
  }
  assert.deepEqual(
    mk.Policy.khan().levels.map((l) => [l.id, l.points]),
    [["not_started", 0], ["attempted", 0], ["familiar", 50], ["proficient", 80], ["mastered", 100]],
  );
  assert.ok(mk.Policy.khan().contexts.includes("unit_test"));
});
