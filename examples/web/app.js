// The mastery dashboard: every level, point and percentage below comes from masterykit's
// WebAssembly build; this file only wires the page to it.
import { Curriculum, LearnerStore, Placement, Policy, version } from "../../bindings-wasm/pkg/masterykit.js";

const $ = (id) => document.getElementById(id);
const PALETTE = ["#e6e8ec", "#f6d9a8", "#b9dcf7", "#6fb6ea", "#2f6fb8", "#173d6b"];

const state = {
  curriculum: null,
  policy: null,
  store: null,
  levels: [],
  sitting: [],
  placement: null,
};

function color(levelIndex) {
  return PALETTE[Math.min(levelIndex, PALETTE.length - 1)];
}

function textColor(levelIndex) {
  return levelIndex >= 4 ? "white" : "#1d2330";
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") Object.assign(node.style, v);
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children);
  return node;
}

function chip(levelId) {
  const i = state.levels.findIndex((l) => l.id === levelId);
  const name = i >= 0 ? state.levels[i].name : levelId;
  return el("span", { className: "chip", style: { background: color(i), color: textColor(i) } }, name);
}

function showError(e) {
  const box = $("error");
  if (!e) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.textContent = e.code ? `${e.name} [${e.code}]: ${e.message}` : String(e);
  box.dataset.code = e.code ?? "";
}

function guarded(fn) {
  return (...args) => {
    try {
      showError(null);
      fn(...args);
    } catch (e) {
      showError(e);
    }
  };
}

// --- course and policy --------------------------------------------------------------------

function setCourse(curriculum) {
  state.curriculum = curriculum;
  const doc = curriculum.toObject();
  $("course-summary").textContent =
    `${doc.name ?? "Curriculum"}: ${curriculum.length} skills, ${(doc.units ?? []).length} units.`;
  const names = new Map((doc.skills ?? []).map((s) => [s.id, s.name || s.id]));
  state.skillNames = names;
  $("skill").replaceChildren(
    ...curriculum.learnableOrder().map((id) => el("option", { value: id }, names.get(id))),
  );
  resetStore();
}

function setPolicy(name) {
  state.policy = Policy.preset(name);
  state.levels = state.policy.levels;
  $("context").replaceChildren(
    ...state.policy.contexts.map((c) => el("option", { value: c }, c.replace(/_/g, " "))),
  );
  $("legend").replaceChildren(...state.levels.map((l) => chip(l.id)));
  if (state.curriculum) resetStore();
}

function resetStore() {
  state.store = new LearnerStore(state.curriculum, state.policy);
  state.sitting = [];
  state.placement = null;
  renderPlacement();
  $("transitions").replaceChildren();
  renderAll();
}

async function loadSampleCourse() {
  const text = await (await fetch("../prealgebra.json")).text();
  setCourse(Curriculum.fromJson(text));
}

async function loadCourseFile(file) {
  const text = await file.text();
  setCourse(file.name.endsWith(".toml") ? Curriculum.fromToml(text) : Curriculum.fromJson(text));
}

// --- recording answers --------------------------------------------------------------------

function addAnswer(correct) {
  state.sitting.push({ skill: $("skill").value, correct });
  renderSitting();
}

function renderSitting() {
  $("sitting").replaceChildren(
    ...state.sitting.map((a) =>
      el("li", { className: a.correct ? "right" : "wrong" }, `${a.correct ? "✓" : "✗"} ${a.skill}`),
    ),
  );
  $("submit").disabled = state.sitting.length === 0;
}

function submitSitting() {
  const learner = $("learner").value.trim();
  const context = $("context").value;
  const timestamp = new Date().toISOString();
  const applied = state.store.apply({
    learner,
    context,
    timestamp,
    responses: state.sitting.map((a, i) => ({ item: `${a.skill}-${i + 1}`, skills: [a.skill], correct: a.correct })),
  });
  state.sitting = [];
  renderSitting();
  showTransitions(applied, context);
  renderAll(learner);
}

/** Lists the level changes of an applied assessment, newest first. */
function showTransitions(applied, context) {
  const list = $("transitions");
  for (const t of applied.transitions) {
    list.prepend(
      el(
        "li",
        { "data-skill": t.skill },
        `${state.skillNames.get(t.skill) ?? t.skill}: `,
        chip(t.from),
        " → ",
        chip(t.to),
        ` (${t.context.replace(/_/g, " ")}${t.outcome ? `, ${t.outcome.replace(/_/g, " ")}` : ""})`,
      ),
    );
  }
  if (applied.transitions.length === 0) {
    list.prepend(el("li", {}, `${context.replace(/_/g, " ")}: no level changed`));
  }
}

// --- placement ----------------------------------------------------------------------------

function startPlacement() {
  state.placement = new Placement(state.curriculum);
  renderPlacement();
}

function answerPlacement(correct) {
  const q = state.placement.nextQuestion();
  if (q) state.placement.record(q.skill, correct);
  renderPlacement();
}

/** The current question, the stopping rule's state and every skill's P(known), live. */
function renderPlacement() {
  const p = state.placement;
  const body = $("place-estimate").tBodies[0];
  if (!p) {
    $("place-question").textContent = "";
    $("place-status").textContent = "";
    body.replaceChildren();
    for (const id of ["place-yes", "place-no", "place-apply"]) $(id).disabled = true;
    return;
  }
  const q = p.nextQuestion();
  const e = p.estimate();
  $("place-question").textContent = q
    ? `Does the learner know ${state.skillNames.get(q.skill) ?? q.skill}?`
    : "Placement done.";
  $("place-question").dataset.skill = q ? q.skill : "";
  $("place-yes").disabled = $("place-no").disabled = !q;
  $("place-apply").disabled = e.questions === 0;
  $("place-status").dataset.done = String(e.done);
  $("place-status").textContent =
    `${e.questions} answered; ${e.state.length} of ${e.skills.length} skills placed as known` +
    ` (${e.method}${e.states ? ` over ${e.states} knowledge states` : ""})${e.done ? "; done" : ""}.`;
  body.replaceChildren(
    ...e.skills.map((s) =>
      el(
        "tr",
        { "data-skill": s.skill, "data-p": String(s.p_known), "data-known": String(s.known) },
        el("td", {}, state.skillNames.get(s.skill) ?? s.skill),
        el("td", {}, el("span", { className: "bar", style: { width: `${Math.round(s.p_known * 60)}px` } }), ` ${s.p_known.toFixed(2)}`),
        el("td", {}, s.known ? "known" : ""),
      ),
    ),
  );
}

/** The placement into the learner's log as a pre-assessment: the policy sets the levels. */
function applyPlacement() {
  const learner = $("learner").value.trim();
  const applied = state.store.apply(state.placement.assessment(learner, new Date().toISOString()));
  showTransitions(applied, "pre_assessment");
  renderAll(learner);
}

// --- rendering ----------------------------------------------------------------------------

const KIND_LABELS = {
  corrective: "Fix first",
  next_up: "Next up",
  review: "Review",
  mastery_challenge: "Challenge",
  unit_test: "Unit test",
  course_challenge: "Course challenge",
  enrichment: "Beyond",
};

function kindBadge(kind) {
  return el("span", { className: `kind kind-${kind}` }, KIND_LABELS[kind] ?? kind);
}

/** The engine's next steps for `learner` now, each with its reason, and the challenge status. */
function renderNextSteps(learner) {
  const now = new Date().toISOString();
  const steps = state.store.nextSteps(learner, null, now); // the khan-2025 rules
  $("next").dataset.now = now;
  $("next").replaceChildren(
    ...steps.map((s) =>
      el("li", { "data-kind": s.kind, "data-skills": s.skills.join(" "), "data-reason": s.reason.code }, kindBadge(s.kind), " ", s.text),
    ),
  );
  const status = state.store.challengeStatus(learner, now);
  let line = "";
  if (status.available) {
    const missing = status.requirements.filter((r) => !r.met).map((r) => `${r.has} of ${r.at_least} skills ${r.level} or above`);
    line = status.unlocked
      ? "Mastery challenge: unlocked."
      : status.unlocks_at
        ? `Mastery challenge: unlocks at ${status.unlocks_at}.`
        : `Mastery challenge: locked (has ${missing.join(", ")}).`;
  }
  $("challenge").textContent = line;
  $("challenge").dataset.unlocked = String(status.unlocked);
}

function renderLearner() {
  const learner = $("learner").value.trim();
  const body = $("levels").tBodies[0];
  const units = $("units").tBodies[0];
  if (!state.store.learners.includes(learner)) {
    $("course-mastery").textContent = `${learner} has no evidence yet.`;
    $("next").replaceChildren(
      ...state.curriculum
        .frontier([])
        .slice(0, 8)
        .map((s) => el("li", { "data-kind": "next_up", "data-skills": s }, kindBadge("next_up"), ` Start ${state.skillNames.get(s) ?? s}.`)),
    );
    $("challenge").textContent = "";
    body.replaceChildren();
    units.replaceChildren();
    return;
  }
  const report = state.store.learnerReport(learner);
  $("course-mastery").replaceChildren(
    ...report.courses.map((c) =>
      el("span", { "data-course": c.id }, `${c.name || c.id}: ${c.mastery_percent.toFixed(1)}% mastered (${c.points_earned} of ${c.points_possible} points)`),
    ),
  );
  units.replaceChildren(
    ...report.units.map((u) =>
      el("tr", { "data-unit": u.id }, el("td", {}, u.name || u.id), el("td", {}, `${u.mastery_percent.toFixed(1)}%`)),
    ),
  );
  renderNextSteps(learner);
  body.replaceChildren(
    ...report.skills
      .filter((s) => s.responses > 0 || s.points > 0)
      .map((s) =>
        el(
          "tr",
          { "data-skill": s.skill },
          el("td", {}, state.skillNames.get(s.skill) ?? s.skill),
          el("td", { className: "level", "data-level": s.level }, chip(s.level)),
          el("td", { className: "points" }, String(s.points)),
        ),
      ),
  );
}

function renderHeatmap() {
  const store = state.store;
  const learners = store.learners;
  const skills = store.skillIds;
  const order = state.curriculum.learnableOrder();
  const column = new Map(skills.map((s, j) => [s, j]));
  const matrix = store.levelMatrix();
  const head = el("tr", {}, el("th", {}, ""), ...order.map((s) => el("th", { className: "skill", title: s }, state.skillNames.get(s) ?? s)));
  const rows = learners.map((learner, i) =>
    el(
      "tr",
      { "data-learner": learner },
      el("th", {}, learner),
      ...order.map((s) => {
        const level = matrix[i * skills.length + column.get(s)];
        return el("td", {
          className: "cell",
          title: `${learner} · ${state.skillNames.get(s) ?? s}: ${state.levels[level].name}`,
          "data-level": state.levels[level].id,
          style: { background: color(level) },
        });
      }),
    ),
  );
  $("heatmap").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  const report = store.classReport();
  $("class-summary").textContent = `${report.learners} learners`;
}

function renderGraphLearnerChoice(preferred) {
  const select = $("graph-learner");
  const current = preferred ?? select.value;
  select.replaceChildren(...state.store.learners.map((l) => el("option", { value: l }, l)));
  if (state.store.learners.includes(current)) select.value = current;
}

function renderGraph() {
  const svg = $("graph");
  const c = state.curriculum;
  const order = c.learnableOrder();
  const depth = new Map(order.map((s) => [s, c.depth(s)]));
  const layers = [];
  for (const s of order) (layers[depth.get(s)] ??= []).push(s);
  const W = 150;
  const H = 26;
  const pos = new Map();
  layers.forEach((layer, x) => layer.forEach((s, y) => pos.set(s, [20 + x * W, 16 + y * H])));
  const width = 40 + layers.length * W;
  const height = 30 + Math.max(...layers.map((l) => l.length)) * H;
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  const learner = $("graph-learner").value;
  const known = state.store.learners.includes(learner);
  const ns = "http://www.w3.org/2000/svg";
  const make = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const nodes = [];
  for (const s of order) {
    const [x2, y2] = pos.get(s);
    for (const p of c.prerequisites(s)) {
      const [x1, y1] = pos.get(p);
      nodes.push(make("line", { x1: x1 + 120, y1: y1 + 8, x2, y2: y2 + 8 }));
    }
  }
  for (const s of order) {
    const [x, y] = pos.get(s);
    const level = known ? state.store.skillState(learner, s).level : state.levels[0].id;
    const i = state.levels.findIndex((l) => l.id === level);
    const g = make("g", { "data-skill": s, "data-level": level });
    const title = make("title", {});
    title.textContent = `${state.skillNames.get(s) ?? s}: ${state.levels[i].name}`;
    g.append(title, make("rect", { x, y, width: 120, height: 17, rx: 4, fill: color(i) }));
    const text = make("text", { x: x + 4, y: y + 12, fill: textColor(i) });
    text.textContent = (state.skillNames.get(s) ?? s).slice(0, 22);
    g.append(text);
    nodes.push(g);
  }
  svg.replaceChildren(...nodes);
}

function renderAll(preferredLearner) {
  renderLearner();
  renderHeatmap();
  renderGraphLearnerChoice(preferredLearner);
  renderGraph();
}

// --- class log ----------------------------------------------------------------------------

function replayLog(text) {
  state.store = new LearnerStore(state.curriculum, state.policy);
  const changes = state.store.replayJsonl(text);
  $("transitions").replaceChildren();
  const learners = state.store.learners;
  if (learners.length > 0 && !learners.includes($("learner").value.trim())) {
    $("learner").value = learners[0];
  }
  renderAll();
  $("class-summary").textContent += `, ${changes} level changes replayed`;
}

// --- start --------------------------------------------------------------------------------

async function main() {
  $("version").textContent = version();
  setPolicy($("policy").value);
  await loadSampleCourse();
  $("load-sample").onclick = () => loadSampleCourse().catch(showError);
  $("curriculum-file").onchange = (e) => e.target.files[0] && loadCourseFile(e.target.files[0]).catch(showError);
  $("policy").onchange = guarded((e) => setPolicy(e.target.value));
  $("answer-right").onclick = () => addAnswer(true);
  $("answer-wrong").onclick = () => addAnswer(false);
  $("clear").onclick = () => {
    state.sitting = [];
    renderSitting();
  };
  $("submit").onclick = guarded(submitSitting);
  $("place-start").onclick = guarded(startPlacement);
  $("place-yes").onclick = guarded(() => answerPlacement(true));
  $("place-no").onclick = guarded(() => answerPlacement(false));
  $("place-apply").onclick = guarded(applyPlacement);
  $("learner").onchange = guarded(() => renderLearner());
  $("graph-learner").onchange = guarded(renderGraph);
  $("load-events").onclick = () =>
    fetch("../events.jsonl").then((r) => r.text()).then(guarded(replayLog)).catch(showError);
  $("events-file").onchange = (e) => e.target.files[0] && e.target.files[0].text().then(guarded(replayLog));
  $("status").textContent = "Ready.";
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  showError(e);
  $("status").textContent = "The engine failed to load.";
});
