// The demo page (examples/web) in headless Chromium: record answers, check the levels the page
// shows against the Node build of the same package, load the class log, and save a screenshot
// to target/wasm-report/demo.png. (Playwright starts Chromium with a fresh profile.)
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ROOT, launchChromium, mk, prealgebra, read, serve } from "./helpers.mjs";

let site;
let browser;
let base;

before(async () => {
  site = await serve(ROOT);
  base = site.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  site?.close();
});

test("the demo page records answers and shows the engine's levels", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });

  // The same sittings through the Node build: the page must show exactly these results.
  const expected = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  const sitting = async (context, skill, answers) => {
    await page.selectOption("#context", context);
    await page.selectOption("#skill", skill);
    for (const right of answers) await page.click(right ? "#answer-right" : "#answer-wrong");
    await page.click("#submit");
    return expected.apply({
      learner: "tess",
      context,
      timestamp: new Date().toISOString(),
      responses: answers.map((correct, i) => ({ item: `${skill}-${i + 1}`, skills: [skill], correct })),
    });
  };
  await page.fill("#learner", "tess");

  const first = await sitting("practice", "place-value", [true, true, true, true]);
  assert.deepEqual(first.transitions.map((t) => t.to), ["proficient"]);
  assert.equal(await page.getAttribute("#levels tr[data-skill=place-value] td.level", "data-level"), "proficient");
  assert.equal(await page.textContent("#levels tr[data-skill=place-value] td.points"), "80");
  assert.match(await page.textContent("#transitions li"), /Place value: Not started → Proficient/);

  await sitting("practice", "add-whole", [true, true, false, true, true]);
  await sitting("quiz", "place-value", [false]);
  for (const skill of ["place-value", "add-whole"]) {
    assert.equal(
      await page.getAttribute(`#levels tr[data-skill=${skill}] td.level`, "data-level"),
      expected.level("tess", skill),
      skill,
    );
  }
  // The next steps the page shows, with their reasons, are the engine's at the page's "now".
  const now = await page.getAttribute("#next", "data-now");
  const listed = await page.$$eval("#next li", (items) =>
    items.map((li) => ({ kind: li.dataset.kind, skills: li.dataset.skills, reason: li.dataset.reason, text: li.textContent })),
  );
  const steps = expected.nextSteps("tess", null, now);
  assert.ok(steps.length > 0);
  assert.deepEqual(
    listed.map(({ kind, skills, reason }) => ({ kind, skills, reason })),
    steps.map((s) => ({ kind: s.kind, skills: s.skills.join(" "), reason: s.reason.code })),
  );
  listed.forEach((li, i) => assert.ok(li.text.endsWith(steps[i].text), li.text));
  assert.equal(await page.getAttribute("#challenge", "data-unlocked"), String(expected.challengeStatus("tess", now).unlocked));
  const percent = expected.masteryPercent("tess", "course:prealgebra");
  assert.match(await page.textContent("#course-mastery"), new RegExp(`${percent.toFixed(1).replace(".", "\\.")}% mastered`));

  // A locked mastery challenge is refused with the engine's code, and nothing changes.
  await page.selectOption("#context", "mastery_challenge");
  await page.click("#answer-right");
  await page.click("#submit");
  const code = await page.getAttribute("#error", "data-code");
  assert.ok(["mastery_challenge_locked", "mastery_challenge_shape"].includes(code), code);
  assert.equal(await page.isVisible("#error"), true);

  // Class view from the sample event log.
  await page.click("#clear");
  await page.click("#load-events");
  await page.waitForSelector("#heatmap tr[data-learner=ana]");
  const klass = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  klass.replayJsonl(read("examples/events.jsonl"));
  assert.equal(await page.locator("#heatmap tbody tr").count(), klass.learners.length);
  assert.equal(await page.locator("#heatmap td.cell").count(), klass.learners.length * 50);
  const order = prealgebra().learnableOrder();
  const shown = await page.$$eval("#heatmap tr[data-learner=ana] td.cell", (cells) => cells.map((c) => c.dataset.level));
  assert.deepEqual(shown, order.map((s) => klass.level("ana", s)));

  await page.selectOption("#graph-learner", "bo");
  const graph = await page.$$eval("#graph g", (gs) => gs.map((g) => [g.dataset.skill, g.dataset.level]));
  assert.deepEqual(graph, order.map((s) => [s, klass.level("bo", s)]));

  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  await page.screenshot({ path: join(ROOT, "target", "wasm-report", "demo.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("the placement page asks, shows the estimate live and applies it as starting levels", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  await page.fill("#learner", "newcomer");
  await page.click("#place-start");
  // The same session in Node, answered the same way: the page must show its questions and
  // estimate. The learner knows the course up to fractions.
  const course = prealgebra();
  const expected = new mk.Placement(course);
  const knows = new Set(course.ancestors("frac-add").concat("frac-add"));
  for (let k = 0; k < 8; k++) {
    const q = expected.nextQuestion();
    if (!q) break;
    assert.equal(await page.getAttribute("#place-question", "data-skill"), q.skill, `question ${k + 1}`);
    const right = knows.has(q.skill);
    await page.click(right ? "#place-yes" : "#place-no");
    expected.record(q.skill, right);
    const shown = await page.$$eval("#place-estimate tbody tr", (rows) => rows.map((r) => [r.dataset.skill, Number(r.dataset.p), r.dataset.known === "true"]));
    assert.deepEqual(shown, expected.estimate().skills.map((s) => [s.skill, s.p_known, s.known]));
  }
  assert.match(await page.textContent("#place-status"), /^8 answered; \d+ of 50 skills placed as known/);
  await page.click("#place-apply");
  // The placed-known skills become familiar through the policy's pre_assessment rules.
  const placed = expected.estimate().state;
  assert.ok(placed.length > 0);
  for (const skill of placed) {
    assert.equal(await page.getAttribute(`#levels tr[data-skill=${skill}] td.level`, "data-level"), "familiar", skill);
  }
  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  await page.locator("#placement").screenshot({ path: join(ROOT, "target", "wasm-report", "placement.png") });
  assert.deepEqual(errors, []);
});
