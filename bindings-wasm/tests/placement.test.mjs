// Placement from JavaScript: the shared golden cases (tests/fixtures/placement.json), typed
// errors, results identical to the native CLI's, the assessment applied through the policy,
// and the selector comparison.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { CLI, ROOT, fixture, mk, prealgebra, read, thrown } from "./helpers.mjs";

const f = fixture("placement.json");
const curriculum = () => mk.Curriculum.fromObject(f.curriculum);
const cli = (...args) => JSON.parse(execFileSync(CLI, args, { cwd: ROOT, encoding: "utf8" }));

function session(c) {
  const p = new mk.Placement(curriculum(), c.options);
  for (const [skill, correct] of c.answers) {
    if (p.options.strict) p.nextQuestion();
    p.record(skill, correct);
  }
  return p;
}

test("the golden cases hold", () => {
  for (const c of f.cases) {
    const p = session(c);
    const e = p.estimate();
    for (const s of e.skills) {
      assert.ok(Math.abs(s.p_known - c.expected.p_known[s.skill]) < 1e-12, c.name);
    }
    if (c.expected.state !== null) assert.deepEqual(e.state, c.expected.state, c.name);
    assert.equal(e.done, c.expected.done, c.name);
    assert.equal(p.done(), c.expected.done, c.name);
    assert.equal(e.states, c.expected.states, c.name);
    if (c.expected.next !== null) {
      const q = p.nextQuestion();
      assert.equal(q.skill, c.expected.next, c.name);
      assert.ok(Math.abs(q.information - c.expected.information) < 1e-12, c.name);
    }
    assert.deepEqual(p.answers(), c.answers, c.name);
  }
});

test("bad input is an Error with a code and changes nothing", () => {
  for (const c of f.errors) {
    const e = thrown(() => session(c));
    assert.equal(e.code, c.code, c.name);
    assert.ok(e instanceof Error && e.name.endsWith("Error"), c.name);
  }
  const p = new mk.Placement(curriculum(), { careless: 0, lucky: 0 });
  p.record("sub", true);
  const before = p.estimate();
  assert.equal(thrown(() => p.recordAnswers([["geo", true], ["ghost", false]])).code, "unknown_skill");
  assert.equal(thrown(() => p.record("count", false)).code, "inconsistent_answers");
  assert.deepEqual(p.estimate(), before);
  assert.equal(thrown(() => p.answerAs([], 1.5)).code, "invalid_number");
  assert.equal(thrown(() => new mk.Placement(curriculum(), { lucky: NaN })).code, "invalid_number");
});

test("identical to the native CLI for the same answers and seeds", () => {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-place-"));
  writeFileSync(join(dir, "c.json"), JSON.stringify(f.curriculum));
  for (const c of f.cases) {
    writeFileSync(join(dir, "o.json"), JSON.stringify(c.options));
    writeFileSync(join(dir, "a.csv"), "skill,correct\n" + c.answers.map(([s, k]) => `${s},${k ? 1 : 0}\n`).join(""));
    const native = cli("place", "--curriculum", join(dir, "c.json"), "--options", join(dir, "o.json"), "--answers", join(dir, "a.csv"), "--json");
    const p = session(c);
    assert.deepEqual(p.estimate(), native.estimate, c.name);
    assert.deepEqual(p.nextQuestion(), native.next, c.name);
  }
  const native = cli("place", "--curriculum", "examples/prealgebra.json", "--simulate", "frac-intro,decimal-mul", "--seed", "11", "--max-questions", "12", "--json");
  const p = new mk.Placement(prealgebra(), { max_questions: 12, seed: 11 });
  const run = p.answerAs(["frac-intro", "decimal-mul"], 11);
  assert.deepEqual(run.answers, native.answers.map((a) => [a.skill, a.correct]));
  assert.deepEqual(run.estimate, native.estimate);
  assert.deepEqual(run.wrong_after, native.simulated.wrong_after);
});

test("the assessment becomes levels through the policy", () => {
  const course = prealgebra();
  const p = new mk.Placement(course, { careless: 0, lucky: 0 });
  const run = p.answerAs(["add-whole", "sub-whole"], 1);
  assert.equal(run.wrong, 0);
  const store = new mk.LearnerStore(course, mk.Policy.khan());
  const out = store.apply(p.assessment("ana", "2026-02-01", "place-ana"));
  assert.deepEqual(Object.fromEntries(out.transitions.map((t) => [t.skill, t.to])), Object.fromEntries(run.hidden.map((s) => [s, "familiar"])));
});

test("the selector comparison is seeded and matches the CLI", () => {
  const trial = { learners: 10, within: 0, seed: 3 };
  const rows = mk.compareSelectors(curriculum(), trial);
  assert.deepEqual(rows.map((r) => r.selector), ["informative", "half_split", "random", "in_order"]);
  assert.deepEqual(rows, mk.compareSelectors(curriculum(), trial));
  const dir = mkdtempSync(join(tmpdir(), "masterykit-compare-"));
  writeFileSync(join(dir, "c.json"), JSON.stringify(f.curriculum));
  const native = cli("place", "--curriculum", join(dir, "c.json"), "--compare", "--learners", "10", "--within", "0", "--seed", "3", "--json");
  assert.deepEqual(rows, native.selectors);
  assert.equal(thrown(() => mk.compareSelectors(curriculum(), trial, ["sideways"])).code, "invalid_option");
});

test("knowledge states and learning paths match the native CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-states-"));
  writeFileSync(join(dir, "c.json"), JSON.stringify(f.curriculum));
  assert.deepEqual(mk.knowledgeStates(curriculum(), 1000), cli("states", join(dir, "c.json"), "--json").states);
  assert.deepEqual(mk.learningPaths(curriculum(), 1000), cli("states", "--paths", join(dir, "c.json"), "--json").paths);
  assert.equal(mk.knowledgeStates(curriculum(), 1000).length, f.cases[0].expected.states);
  assert.equal(thrown(() => mk.learningPaths(curriculum(), 3)).code, "invalid_option");
});

test("a session is rebuilt from its answers", () => {
  const course = prealgebra();
  const p = new mk.Placement(course, { seed: 4, max_questions: 8 });
  const knows = new Set(course.ancestors("frac-add").concat("frac-add"));
  for (let k = 0; k < 5; k++) {
    const q = p.nextQuestion();
    p.record(q.skill, knows.has(q.skill));
  }
  const again = mk.Placement.restore(course, p.options, p.answers());
  assert.deepEqual(again.estimate(), p.estimate());
  assert.deepEqual(again.nextQuestion(), p.nextQuestion());
});

test("priors come from a learner's record", () => {
  const course = prealgebra();
  const store = new mk.LearnerStore(course, mk.Policy.khan());
  store.replayJsonl(read("examples/events.jsonl"));
  const prior = store.placementPrior("ana", { proficient: 0.9 });
  const proficient = store.learnerReport("ana").skills.filter((s) => s.level === "proficient").map((s) => s.skill);
  assert.deepEqual(Object.keys(prior).sort(), proficient.sort());
  assert.deepEqual(new mk.Placement(course, { prior }).options.prior, prior);
  assert.equal(thrown(() => store.placementPrior("ana", { legendary: 0.5 })).code, "unknown_level");
});
