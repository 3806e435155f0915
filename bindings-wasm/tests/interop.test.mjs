// Interchange standards from JavaScript: the shared fixture (tests/fixtures/interop/) gives the
// same curriculum, evidence and levels as Rust and Python, and the same typed errors.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ROOT, mk, read, thrown } from "./helpers.mjs";

const dir = "tests/fixtures/interop";
const expected = JSON.parse(read(`${dir}/expected.json`));
const bad = JSON.parse(read(`${dir}/bad_input.json`));
const byCode = { ids: "human_coding_scheme" };

test("a CASE package gives the expected curriculum", () => {
  const [curriculum, summary] = mk.curriculumFromCase(read(`${dir}/case_package.json`), byCode);
  assert.deepEqual(summary, expected.case.summary);
  assert.deepEqual(curriculum.toObject(), expected.case.curriculum);
  const [again] = mk.curriculumFromCase(JSON.parse(read(`${dir}/case_package.json`)), byCode);
  assert.equal(again.toJson(), curriculum.toJson());
  const [round] = mk.curriculumFromCase(mk.curriculumToCase(curriculum), { ...byCode, skill_types: ["Skill"] });
  assert.deepEqual(round.toObject().skills, expected.case.curriculum.skills);
});

test("xAPI and Caliper give the expected evidence and levels", () => {
  const mapping = JSON.parse(read(`${dir}/xapi_mapping.json`));
  const xapi = mk.assessmentsFromXapi(read(`${dir}/xapi_statements.json`), mapping);
  assert.deepEqual(xapi.summary, expected.xapi.summary);
  assert.deepEqual(xapi.assessments, expected.xapi.assessments);
  const caliper = mk.assessmentsFromCaliper(JSON.parse(read(`${dir}/caliper_envelope.json`)));
  assert.deepEqual(caliper.summary, expected.caliper.summary);
  assert.deepEqual(caliper.assessments, expected.caliper.assessments);

  const [curriculum] = mk.curriculumFromCase(read(`${dir}/case_package.json`), byCode);
  const store = new mk.LearnerStore(curriculum, mk.Policy.khan());
  const all = [...xapi.assessments, ...caliper.assessments].sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  store.replayEvents(all);
  const levels = {};
  for (const learner of store.learners) {
    const row = {};
    for (const skill of curriculum.skillIds()) {
      const s = store.skillState(learner, skill);
      if (s.level !== "not_started" || s.responses > 0) row[skill] = s.level;
    }
    levels[learner] = row;
  }
  assert.deepEqual(levels, expected.levels);
  const out = JSON.parse(mk.transitionsToXapi(store));
  assert.equal(out.length, store.transitions().length);
});

test("bad input throws the typed error the fixture names", () => {
  const call = {
    xapi: (input) => mk.assessmentsFromXapi(input),
    caliper: (input) => mk.assessmentsFromCaliper(input),
    case: (input) => mk.curriculumFromCase(input),
  };
  for (const c of bad) {
    const e = thrown(() => call[c.standard](c.input));
    const codes = (e.problems ?? [{ code: e.code }]).map((p) => p.code);
    assert.ok(codes.includes(c.code), `${c.code} not in ${codes}: ${e.message}`);
    assert.ok(e.message.includes(c.contains), `${c.contains} not in ${e.message}`);
    assert.ok(["CurriculumError", "EvidenceError", "MasteryError"].includes(e.name), e.name);
  }
  const e = thrown(() => mk.assessmentsFromXapi("[]", { sittings: "by_week" }));
  assert.equal(e.code, "invalid_option");
});

test("the JSON Schemas ship in the package, as published", async () => {
  const { readdirSync } = await import("node:fs");
  const published = readdirSync(`${ROOT}/schemas`).sort();
  assert.ok(published.includes("curriculum.schema.json"));
  assert.deepEqual(readdirSync(`${ROOT}/bindings-wasm/pkg/schemas`).sort(), published);
  for (const file of published) {
    assert.equal(read(`bindings-wasm/pkg/schemas/${file}`), read(`schemas/${file}`), file);
  }
  const { createRequire } = await import("node:module");
  const require = createRequire(`${ROOT}/bindings-wasm/tests/`);
  const curriculum = require("masterykit/schemas/curriculum.schema.json");
  assert.equal(curriculum.$schema, "https://json-schema.org/draft/2020-12/schema");
});
