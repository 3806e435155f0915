// Knowledge tracing from JavaScript: the shared fixture (tests/fixtures/tracing_unseen.json)
// of fit warnings, the unseen choices of evaluate and predict, and bad model files.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixture, mk, thrown } from "./helpers.mjs";

const f = fixture("tracing_unseen.json");
const fitted = () => mk.BktModel.fitCsv(f.train_csv, f.fit);

/** A CSV with pyBKT's columns as ResponseColumns. */
function columns(csv) {
  const [header, ...lines] = csv.trim().split("\n");
  const names = header.split(",");
  const at = (name) => names.indexOf(name);
  const learners = [];
  const skills = [];
  const cols = { learner_codes: [], skill_codes: [], correct: [], order: [] };
  const code = (list, id) => (list.includes(id) ? list : list.push(id) && list).indexOf(id);
  for (const line of lines) {
    const cells = line.split(",");
    cols.learner_codes.push(code(learners, cells[at("user_id")]));
    cols.skill_codes.push(code(skills, cells[at("skill_name")]));
    cols.correct.push(Number(cells[at("correct")]));
    cols.order.push(Number(cells[at("order_id")]));
  }
  return { ...cols, learner_names: learners, skill_names: skills };
}

test("fit warnings match the fixture", () => {
  const model = fitted();
  assert.deepEqual(model.warnings().map((w) => [w.skill, w.code]), f.warnings);
  assert.ok(model.warnings().every((w) => typeof w.message === "string" && w.message.length > 0));
  assert.deepEqual(model.params().sub.warnings.map((w) => w.code), ["all_wrong", "few_responses", "at_bound"]);
  assert.equal(model.params().add.warnings, undefined);
});

test("evaluate follows the unseen choice", () => {
  const model = fitted();
  const test = columns(f.test_csv);
  for (const c of f.evaluate) {
    const label = JSON.stringify(c.unseen);
    if (c.error) {
      const e = thrown(() => model.evaluate(test, c.unseen));
      assert.equal(e.code, c.error, label);
      assert.ok(e.message.includes(c.message_contains), `${label}: ${e.message}`);
      continue;
    }
    const got = model.evaluate(test, c.unseen);
    assert.equal(got.unseen, c.name, label);
    for (const key of ["count", "unseen_responses", "unseen_skills"]) assert.deepEqual(got[key], c[key], `${label} ${key}`);
    for (const key of ["rmse", "auc", "accuracy", "log_loss"]) {
      assert.ok(Math.abs(got[key] - c[key]) < 1e-12, `${label} ${key}: ${got[key]} vs ${c[key]}`);
    }
  }
  assert.equal(thrown(() => model.evaluate(test)).code, "unfitted_skill");
});

test("predict under skip gives null where the skill is unseen", () => {
  const model = fitted();
  const test = columns(f.test_csv);
  const skipped = model.predict(test, "skip");
  assert.ok(Array.isArray(skipped));
  const missing = skipped.flatMap((p, i) => (p === null ? [i] : []));
  assert.deepEqual(missing, f.predict_skip_missing_rows);
  const population = model.predict(test, "population");
  assert.ok(population instanceof Float64Array);
  assert.deepEqual(population, model.predict(test, model.population()));
  for (const [i, p] of skipped.entries()) if (p !== null) assert.equal(p, population[i]);
});

test("bad model files are named", () => {
  const doc = JSON.parse(fitted().toJson());
  for (const c of f.model_file_errors) {
    const bad = structuredClone(doc);
    bad.skills.add[c.field] = c.value;
    const e = thrown(() => mk.BktModel.fromJson(JSON.stringify(bad)));
    assert.equal(e.code, c.code, c.field);
    assert.ok(e.message.includes(c.message_contains), e.message);
  }
});

test("predictStates gives P(correct) and P(known); partialFit continues a fit", () => {
  const model = fitted();
  const test = columns(f.test_csv);
  const { correct, state } = model.predictStates(test, "population");
  assert.ok(correct instanceof Float64Array && state instanceof Float64Array);
  assert.deepEqual(correct, model.predict(test, "population"));
  assert.ok([...state].every((p) => p >= 0 && p <= 1));
  const skipped = model.predictStates(test, "skip");
  assert.deepEqual(skipped.state.flatMap((p, i) => (p === null ? [i] : [])), f.predict_skip_missing_rows);
  const train = columns(f.train_csv);
  const more = model.partialFit(train, f.fit);
  for (const [skill, p] of Object.entries(more.params())) {
    assert.ok(p.log_likelihood >= model.params()[skill].log_likelihood - 1e-9, skill);
  }
  assert.equal(model.skills.length, 3, "the model it started from is still usable");
});

test("metrics by skill", () => {
  const rows = fitted().evaluateBySkill(columns(f.test_csv), "skip");
  assert.deepEqual(rows.map((r) => [r.skill, r.count]), f.by_skill_skip);
  assert.ok(rows.every((r) => Number.isFinite(r.rmse) && Number.isFinite(r.auc)));
});
