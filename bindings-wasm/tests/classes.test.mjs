// Classes, goals, assignments, events and class reports: the golden cases of
// tests/fixtures/classes.json, shared with the Rust and Python tests.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixture, mk, prealgebra, thrown } from "./helpers.mjs";

const F = fixture("classes.json");

function play() {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  store.setRoster(F.roster);
  const events = F.log.map((line) => {
    if (line.roster) {
      store.changeRoster(line.roster);
      return [];
    }
    return store.apply(line).events;
  });
  return { store, events };
}

test("the golden cases agree with Rust and Python", () => {
  const { store, events } = play();
  const skills = store.classSkills("5a");
  const got = {
    events,
    scores: store.scores("5a", F.now),
    class_goals: store.classGoals("5a", F.now).map((g) => ({
      goal: g.goal, counts: g.counts, behind: g.behind,
      learners: g.learners.map((l) => [l.learner, l.progress.status]),
    })),
    struggling: store.struggling("sub-whole", "5a"),
    skills: skills.skills.filter((s) => s.counts[0] < 4).map((s) => [s.skill, s.counts, s.struggling]),
    mastery: store.classMastery("5a").learners.map((r) => [r.learner, r.skills_at_target, r.last_active]),
  };
  for (const key of Object.keys(F.expected)) assert.deepEqual(got[key], F.expected[key], key);
});

test("bad changes throw RosterErrors and friends with codes, changing nothing", () => {
  const { store } = play();
  const before = store.toSnapshotJson();
  for (const c of F.errors) {
    const e = thrown(() => store.changeRoster(c.change));
    assert.equal(e.code, c.code, c.name);
    assert.ok(e instanceof Error, c.name);
    assert.equal(store.toSnapshotJson(), before, c.name);
  }
  const e = thrown(() => store.enrol("nope", ["x"]));
  assert.equal(e.name, "RosterError");
  assert.equal(e.code, "unknown_class");
});

test("snapshots, log lines and correctives", () => {
  const { store } = play();
  const back = mk.LearnerStore.fromSnapshotJson(prealgebra(), mk.Policy.khan(), store.toSnapshotJson());
  assert.deepEqual(back.scores("5a", F.now), F.expected.scores);
  const fresh = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const empty = fresh.toSnapshotJson();
  const lines = [
    fresh.addClass("7a", "Class 7A", ["ana", "ben"]),
    fresh.addAssignment({ id: "p", skills: ["add-whole"], class: "7a" }),
  ];
  const applied = fresh.apply({
    learner: "ben", context: "practice", timestamp: "2026-09-02",
    responses: [{ item: "q1", skills: ["add-whole"], correct: true }, { item: "q2", skills: ["add-whole"], correct: true }],
  });
  assert.deepEqual(applied.events.map((e) => e.kind), ["assignment_completed"]);
  assert.equal(fresh.assignmentWork("p", "ben").first_score, 1);
  const restored = mk.LearnerStore.restore(prealgebra(), mk.Policy.khan(), empty, [...lines, applied.record].join("\n"));
  assert.equal(restored.toSnapshotJson(), fresh.toSnapshotJson());
  const made = store.assignCorrectives("fix-sub", "sub-whole", "5a", null, null, "2026-09-20");
  assert.deepEqual(made.learners, ["ben", "eli"]);
  assert.equal(store.assignCorrectives("none", "place-value", "5a"), null);
  const points = store.progressOverTime(["ana"], "skills:add-whole,sub-whole", "2026-09-01", "2026-09-08", 1);
  assert.deepEqual(points.map((p) => p.mastery_percent), [0, 80, 80, 80, 100, 100, 100]);
  assert.equal(store.classActivity("5a", "2026-09-01", "2026-09-08").learners_active, 3);
});

test("roster lines with event ids are skipped when seen again", () => {
  const store = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const change = { op: "add_class", class: { id: "7a", learners: ["ana"] } };
  const line = store.changeRoster(change, "r1");
  assert.ok(line.endsWith('"event_id":"r1"}'), line);
  assert.equal(store.changeRoster(change, "r1"), undefined);
  assert.equal(thrown(() => store.changeRoster({ op: "remove_class", id: "7a" }, "r1")).code, "event_conflict");
  const again = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  again.replayJsonl(`${line}\n${line}\n`);
  assert.equal(again.toSnapshotJson(), store.toSnapshotJson());
});
