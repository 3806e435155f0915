// The demo page (examples/web) in headless Chromium: record answers, check the levels the page
// shows against the Node build of the same package, load the class log, and save a screenshot
// to target/wasm-report/demo.png. (Playwright starts Chromium with a fresh profile.)
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
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

test("the teacher view: a class, a goal and an assignment, answers, scores and goal status as the engine says", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, acceptDownloads: true });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  assert.match(await page.textContent("#teacher-summary"), /No classes yet/);

  await page.click("#teacher-edit summary");
  await page.fill("#new-class-id", "7b");
  await page.fill("#new-class-name", "Class 7B");
  await page.fill("#new-class-learners", "tess, uma");
  await page.click("#add-class");
  await page.fill("#new-goal-id", "wn");
  await page.selectOption("#new-goal-scope", "unit:whole-numbers");
  await page.fill("#new-goal-due", "2027-06-15");
  await page.click("#add-goal");
  await page.fill("#new-assignment-id", "hw");
  await page.selectOption("#new-assignment-skills", ["place-value", "add-whole"]);
  await page.selectOption("#new-assignment-context", "practice");
  await page.fill("#new-assignment-due", "2027-01-31");
  await page.click("#add-assignment");
  // A typed error is shown, and nothing changes: the assignment id is taken.
  await page.click("#add-assignment");
  assert.equal(await page.getAttribute("#error", "data-code"), "duplicate_assignment");
  assert.equal(await page.locator("#roster-table tbody tr").count(), 2);

  // tess answers: place value 2/2 and addition 1/2 in one sitting, which completes "hw".
  await page.fill("#learner", "tess");
  await page.press("#learner", "Tab"); // the change clears the error shown above
  await page.selectOption("#context", "practice");
  await page.selectOption("#skill", "place-value");
  await page.click("#answer-right");
  await page.click("#answer-right");
  await page.selectOption("#skill", "add-whole");
  await page.click("#answer-right");
  await page.click("#answer-wrong");
  await page.click("#submit");
  assert.match(await page.textContent("#events-feed li[data-kind=assignment_completed]"), /tess completed hw: 75%/);

  // The Node build, given the page's roster and the same sitting, says the same.
  const expected = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  expected.setRoster(JSON.parse(await page.getAttribute("#teacher", "data-roster")));
  const answers = [["place-value", true], ["place-value", true], ["add-whole", true], ["add-whole", false]];
  expected.apply({
    learner: "tess",
    context: "practice",
    timestamp: new Date().toISOString(),
    responses: answers.map(([skill, correct], i) => ({ item: `${skill}-${i + 1}`, skills: [skill], correct })),
  });
  const now = await page.getAttribute("#teacher-summary", "data-as-of");
  for (const row of expected.scores("7b", now)) {
    const cell = `#scores-table tr[data-learner=${row.learner}] td[data-assignment=${row.assignment}]`;
    assert.equal(await page.getAttribute(cell, "data-status"), row.status, row.learner);
    assert.equal(await page.getAttribute(cell, "data-score"), row.score === null ? "" : String(row.score), row.learner);
  }
  assert.equal(await page.getAttribute("#scores-table tr[data-learner=tess] td[data-assignment=hw]", "data-status"), "completed");
  assert.equal(await page.getAttribute("#scores-table tr[data-learner=uma] td[data-assignment=hw]", "data-status"), "not_started");
  const [goal] = expected.classGoals("7b", now);
  for (const k of ["achieved", "on_track", "behind", "overdue", "not_started"]) {
    assert.equal(await page.textContent(`#goals-table tr[data-goal=wn] td[data-count=${k}]`), String(goal.counts[k]), k);
  }
  assert.equal(goal.counts.not_started, 1);
  assert.equal(await page.getAttribute("#roster-table tr[data-learner=tess]", "data-struggling"), String(expected.struggling("add-whole", "7b").length > 0));

  // Correctives for everyone struggling with addition: one call, a new column of scores.
  await page.selectOption("#corrective-skill", "add-whole");
  await page.click("#add-correctives");
  const strugglers = expected.struggling("add-whole", "7b").map((s) => s.learner);
  if (strugglers.length) {
    assert.match(await page.textContent("#corrective-result"), new RegExp(strugglers.join(", ")));
    assert.equal(await page.locator("#scores-table thead th").count(), 3);
  }

  // A learner's timeline and progress chart.
  await page.click("#roster-table tr[data-learner=tess]");
  assert.equal(await page.isVisible("#learner-detail"), true);
  assert.ok((await page.locator("#detail-timeline li").count()) >= 1);
  assert.equal(await page.locator("#progress-chart polyline").count(), 1);

  // Every table exports as CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("button.export[data-table=roster-table]")]);
  const csv = readFileSync(await download.path(), "utf8");
  assert.match(csv.split("\n")[0], /^Learner,Mastery,Skills Proficient or above,Last active,Struggling with$/);
  assert.equal(csv.trim().split("\n").length, 3);
  mkdirSync(join(ROOT, "target", "wasm-report"), { recursive: true });
  await page.locator("#teacher").screenshot({ path: join(ROOT, "target", "wasm-report", "teacher-new-class.png") });

  // The sample class: roster and answers, reports as the Node build gives them.
  await page.click("#load-class");
  await page.waitForSelector("#roster-table tr[data-learner=eve]");
  const sample = new mk.LearnerStore(prealgebra(), mk.Policy.khan());
  sample.setRoster(JSON.parse(read("examples/roster.json")));
  sample.replayJsonl(read("examples/events.jsonl"));
  const asOf = await page.getAttribute("#teacher-summary", "data-as-of");
  const shown = await page.$$eval("#scores-table td[data-assignment]", (cells) =>
    cells.map((c) => [c.dataset.assignment, c.closest("tr").dataset.learner, c.dataset.status]),
  );
  const want = sample.scores("period-1", asOf).map((r) => [r.assignment, r.learner, r.status]);
  assert.deepEqual(shown.sort(), want.sort());
  assert.equal(await page.locator("#roster-table tbody tr").count(), 5);
  assert.ok((await page.locator("#activity-table tbody tr").count()) >= 2);
  const skillRows = await page.$$eval("#skills-table tbody tr", (rows) => rows.map((r) => [r.dataset.skill, Number(r.dataset.struggling)]));
  const skills = sample.classSkills("period-1");
  for (const [skill, n] of skillRows) assert.equal(n, skills.skills.find((s) => s.skill === skill).struggling.length, skill);
  // The prerequisite graph fits the page.
  const graph = await page.locator("#graph").boundingBox();
  const panel = await page.locator("#class").boundingBox();
  assert.ok(graph.x + graph.width <= panel.x + panel.width + 1, `${graph.width} wide in ${panel.width}`);
  await page.locator("#teacher").screenshot({ path: join(ROOT, "target", "wasm-report", "teacher.png") });
  assert.deepEqual(errors, []);
});

test("the page loads a CASE package as its course and xAPI statements as its class log", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  const dir = join(ROOT, "tests", "fixtures", "interop");
  const expected = JSON.parse(read("tests/fixtures/interop/expected.json"));

  await page.setInputFiles("#curriculum-file", join(dir, "case_package.json"));
  await page.waitForFunction(() => document.querySelector("#course-summary").textContent.includes("CASE package"));
  assert.match(await page.textContent("#course-summary"), /20 skills, 8 units\. From a CASE package of 31 items \(16 prerequisites\)\./);
  const options = await page.$$eval("#skill option", (os) => os.map((o) => o.value));
  assert.deepEqual(options.sort(), expected.case.curriculum.skills.map((s) => s.id).sort());

  // The statements' skills come from their extensions; items only the mapping knows are skipped.
  await page.setInputFiles("#events-file", join(dir, "xapi_statements.json"));
  await page.waitForSelector("#heatmap tr[data-learner=u42]");
  const [curriculum] = mk.curriculumFromCase(read("tests/fixtures/interop/case_package.json"), { ids: "human_coding_scheme" });
  const store = new mk.LearnerStore(curriculum, mk.Policy.khan());
  const lenient = { unknown_verbs: "skip", unmapped_items: "skip" };
  const { assessments, summary } = mk.assessmentsFromXapi(read("tests/fixtures/interop/xapi_statements.json"), lenient);
  store.replayEvents(assessments);
  assert.match(await page.textContent("#class-summary"), new RegExp(`from ${summary.records} xAPI records \\(${summary.responses} answers`));
  const order = curriculum.learnableOrder();
  const shown = await page.$$eval("#heatmap tr[data-learner=u42] td.cell", (cells) => cells.map((c) => c.dataset.level));
  assert.deepEqual(shown, order.map((s) => store.level("u42", s)));
  assert.deepEqual(errors, []);
});
