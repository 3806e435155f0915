// The mastery dashboard: every level, point and percentage below comes from masterykit's
// WebAssembly build; this file only wires the page to it.
import {
  Curriculum,
  LearnerStore,
  Placement,
  Policy,
  assessmentsFromCaliper,
  assessmentsFromXapi,
  curriculumFromCase,
  version,
} from "../../bindings-wasm/pkg/masterykit.js";

const $ = (id) => document.getElementById(id);
const PALETTE = ["#e6e8ec", "#f6d9a8", "#b9dcf7", "#6fb6ea", "#2f6fb8", "#173d6b"];

const state = {
  curriculum: null,
  policy: null,
  store: null,
  levels: [],
  sitting: [],
  placement: null,
  klass: null,
  detail: null,
  asOf: null,
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
  state.klass = null;
  state.detail = null;
  state.asOf = null;
  fillTeacherForms();
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
  if (file.name.endsWith(".toml")) return setCourse(Curriculum.fromToml(text));
  const doc = JSON.parse(text);
  if (!doc.CFDocument && !doc.CFPackage) return setCourse(Curriculum.fromJson(text));
  // A CASE package: standards' codes as ids when every skill has one, identifiers otherwise.
  let read;
  try {
    read = curriculumFromCase(doc, { ids: "human_coding_scheme" });
  } catch {
    read = curriculumFromCase(doc);
  }
  const [curriculum, summary] = read;
  setCourse(curriculum);
  $("course-summary").textContent +=
    ` From a CASE package of ${summary.items} items (${summary.prerequisites} prerequisites).`;
}

/**
 * An event log's assessments when it is in a standard: xAPI statements (a batch, an array or
 * one statement) or a Caliper envelope; null for masterykit's own JSON Lines.
 */
function standardEvents(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return null; // JSON Lines
  }
  const lenient = { unknown_verbs: "skip", unmapped_items: "skip" };
  const first = Array.isArray(doc) ? doc[0] ?? {} : doc;
  if (doc.sensor && doc.data) return { source: "Caliper", ...assessmentsFromCaliper(doc, lenient) };
  if (doc.statements || first.actor || first.verb) return { source: "xAPI", ...assessmentsFromXapi(doc, lenient) };
  if (first.type && first.eventTime) return { source: "Caliper", ...assessmentsFromCaliper(doc, lenient) };
  return null;
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
  noteTime(timestamp);
  showTransitions(applied, context);
  showEvents(applied);
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
  const timestamp = new Date().toISOString();
  const applied = state.store.apply(state.placement.assessment(learner, timestamp));
  noteTime(timestamp);
  showTransitions(applied, "pre_assessment");
  showEvents(applied);
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
  // Scaled to the page's width: the whole graph shows, however many layers it has.
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
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
  renderTeacher();
  renderLearner();
  renderHeatmap();
  renderGraphLearnerChoice(preferredLearner);
  renderGraph();
}

// --- class log ----------------------------------------------------------------------------

function replayLog(text) {
  const roster = state.store.roster();
  state.store = new LearnerStore(state.curriculum, state.policy);
  state.store.setRoster(roster);
  const standard = standardEvents(text);
  const changes = standard ? state.store.replayEvents(standard.assessments) : state.store.replayJsonl(text);
  $("transitions").replaceChildren();
  const learners = state.store.learners;
  if (learners.length > 0 && !learners.includes($("learner").value.trim())) {
    $("learner").value = learners[0];
  }
  renderAll();
  $("class-summary").textContent += `, ${changes} level changes replayed`;
  if (standard) {
    const s = standard.summary;
    $("class-summary").textContent += ` from ${s.records} ${standard.source} records (${s.responses} answers, ${s.sittings} sittings)`;
  }
}

// --- teacher view -------------------------------------------------------------------------

const STATUS_LABELS = {
  not_started: "Not started",
  in_progress: "In progress",
  too_early: "Too early",
  on_track: "On track",
  behind: "Behind",
  achieved: "Achieved",
  overdue: "Overdue",
  completed: "Completed",
  completed_late: "Completed late",
  missed: "Missed",
};

function statusChip(status) {
  return el("span", { className: `status status-${status}` }, STATUS_LABELS[status] ?? status);
}

const percent = (x) => (x === null || x === undefined ? "" : `${Math.round(x * 100)}%`);
const day = (t) => (t ? t.slice(0, 10) : "");

/** "Now" for statuses: the latest answer recorded or replayed (goals and due dates are judged then). */
function asOf() {
  return state.asOf ?? new Date().toISOString();
}

function noteTime(timestamp) {
  if (!state.asOf || timestamp > state.asOf) state.asOf = timestamp;
}

function table(id, header, rows) {
  $(id).replaceChildren(el("thead", {}, el("tr", {}, ...header.map((h) => el("th", {}, h)))), el("tbody", {}, ...rows));
}

/** The selectors of the create forms: scopes, levels, skills, contexts. */
function fillTeacherForms() {
  const doc = state.curriculum.toObject();
  const scopes = [
    ...(doc.courses ?? []).map((c) => [`course:${c.id}`, `Course: ${c.name || c.id}`]),
    ...(doc.units ?? []).map((u) => [`unit:${u.id}`, `Unit: ${u.name || u.id}`]),
  ];
  $("new-goal-scope").replaceChildren(...scopes.map(([v, t]) => el("option", { value: v }, t)));
  $("new-goal-target").replaceChildren(...state.levels.map((l) => el("option", { value: l.id }, l.name)));
  $("new-goal-target").value = state.policy.defaultTarget;
  const skills = state.curriculum.learnableOrder().map((id) => [id, state.skillNames.get(id) ?? id]);
  $("new-assignment-skills").replaceChildren(...skills.map(([v, t]) => el("option", { value: v }, t)));
  $("corrective-skill").replaceChildren(...skills.map(([v, t]) => el("option", { value: v }, t)));
  $("new-assignment-context").replaceChildren(
    ...state.policy.contexts.map((c) => el("option", { value: c }, c.replace(/_/g, " "))),
  );
}

function renderTeacher() {
  const roster = state.store.roster();
  $("teacher").dataset.roster = JSON.stringify(roster);
  const classes = roster.classes ?? [];
  const pick = $("class-pick");
  pick.replaceChildren(...classes.map((c) => el("option", { value: c.id }, c.name || c.id)));
  if (!classes.some((c) => c.id === state.klass)) state.klass = classes[0]?.id ?? null;
  for (const id of ["roster-table", "goals-table", "scores-table", "skills-table", "class-heatmap", "activity-table"]) $(id).replaceChildren();
  if (!state.klass) {
    $("teacher-summary").textContent = "No classes yet: load the sample class or create one.";
    $("learner-detail").hidden = true;
    return;
  }
  pick.value = state.klass;
  const now = asOf();
  const mastery = state.store.classMastery(state.klass);
  const skills = state.store.classSkills(state.klass);
  $("teacher-summary").textContent = `${mastery.learners.length} learners, as of ${now.slice(0, 16).replace("T", " ")} UTC`;
  $("teacher-summary").dataset.asOf = now;
  renderRoster(mastery, skills);
  renderGoals(state.store.classGoals(state.klass, now));
  renderScores(roster, state.store.scores(state.klass, now));
  renderSkills(skills);
  renderClassHeatmap(mastery);
  renderActivity(mastery);
  if (state.detail) renderDetail(state.detail);
  else $("learner-detail").hidden = true;
}

function renderRoster(mastery, skills) {
  const struggles = new Map();
  for (const s of skills.skills) for (const l of s.struggling) (struggles.get(l) ?? struggles.set(l, []).get(l)).push(s.skill);
  const target = state.levels.find((l) => l.id === state.policy.defaultTarget)?.name ?? "target";
  table(
    "roster-table",
    ["Learner", "Mastery", `Skills ${target} or above`, "Last active", "Struggling with"],
    mastery.learners.map((r) => {
      const mine = struggles.get(r.learner) ?? [];
      const row = el(
        "tr",
        { "data-learner": r.learner, "data-struggling": String(mine.length > 0), className: r.learner === state.detail ? "selected" : "" },
        el("td", {}, r.learner),
        el("td", { className: "mastery" }, `${r.mastery_percent.toFixed(1)}%`),
        el("td", {}, `${r.skills_at_target} of ${mastery.skills.length}`),
        el("td", {}, day(r.last_active) || "never"),
        el("td", {}, mine.length ? el("span", { className: "flag" }, `⚑ ${mine.map((s) => state.skillNames.get(s) ?? s).join(", ")}`) : ""),
      );
      row.onclick = guarded(() => showDetail(r.learner));
      return row;
    }),
  );
}

function renderGoals(goals) {
  table(
    "goals-table",
    ["Goal", "Due", "Achieved", "On track", "Behind", "Overdue", "Under way", "Not started", "Behind or overdue"],
    goals.map((g) =>
      el(
        "tr",
        { "data-goal": g.goal },
        el("td", {}, g.name),
        el("td", {}, day(g.due)),
        ...["achieved", "on_track", "behind", "overdue"].map((k) => el("td", { "data-count": k }, String(g.counts[k]))),
        el("td", { "data-count": "under_way" }, String(g.counts.in_progress + g.counts.too_early)),
        el("td", { "data-count": "not_started" }, String(g.counts.not_started)),
        el("td", { className: "behind" }, g.behind.join(", ")),
      ),
    ),
  );
  for (const g of goals) {
    for (const l of g.learners) $("goals-table").dataset[`status_${g.goal}_${l.learner}`.replace(/[^A-Za-z0-9_]/g, "_")] = l.progress.status;
  }
}

function renderScores(roster, rows) {
  const assignments = (roster.assignments ?? []).filter((a) => rows.some((r) => r.assignment === a.id));
  const learners = [...new Set(rows.map((r) => r.learner))];
  const cell = new Map(rows.map((r) => [`${r.assignment}\u0000${r.learner}`, r]));
  table(
    "scores-table",
    ["Learner", ...assignments.map((a) => `${a.name || a.id}${a.due ? ` (due ${day(a.due)})` : ""}`)],
    learners.map((l) =>
      el(
        "tr",
        { "data-learner": l },
        el("th", {}, l),
        ...assignments.map((a) => {
          const r = cell.get(`${a.id}\u0000${l}`);
          if (!r) return el("td", {}, "");
          return el(
            "td",
            { "data-assignment": a.id, "data-status": r.status, "data-score": r.score === null ? "" : String(r.score), title: `${r.sittings} sittings, ${Math.round(r.seconds / 60)} min; best ${percent(r.best_score) || "none"}` },
            statusChip(r.status),
            r.score === null ? "" : ` ${percent(r.score)}`,
          );
        }),
      ),
    ),
  );
}

function renderSkills(skills) {
  const target = state.levels.find((l) => l.id === state.policy.defaultTarget)?.name ?? "target";
  table(
    "skills-table",
    ["Skill", `% ${target}+`, "Struggling", "Who"],
    skills.skills
      .filter((s) => s.counts[0] < skills.learners || s.struggling.length > 0)
      .map((s) =>
        el(
          "tr",
          { "data-skill": s.skill, "data-struggling": String(s.struggling.length) },
          el("td", {}, s.name),
          el("td", {}, `${Math.round(s.percent_at_target)}%`),
          el("td", {}, String(s.struggling.length)),
          el("td", {}, s.struggling.join(", ")),
        ),
      ),
  );
}

function renderClassHeatmap(mastery) {
  const index = new Map(state.levels.map((l, i) => [l.id, i]));
  const head = el("tr", {}, el("th", {}, ""), ...mastery.skills.map((s) => el("th", { className: "skill", title: s }, state.skillNames.get(s) ?? s)));
  const rows = mastery.learners.map((r) => {
    const row = el(
      "tr",
      { "data-learner": r.learner, className: r.learner === state.detail ? "selected" : "" },
      el("th", {}, r.learner),
      ...r.levels.map((level, j) => {
        const i = index.get(level) ?? 0;
        return el("td", {
          className: "cell",
          title: `${r.learner} · ${state.skillNames.get(mastery.skills[j]) ?? mastery.skills[j]}: ${state.levels[i].name}`,
          "data-level": level,
          style: { background: color(i) },
        });
      }),
    );
    row.onclick = guarded(() => showDetail(r.learner));
    return row;
  });
  $("class-heatmap").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

/** The class's activity week by week, from its first answer to "now". */
function renderActivity(mastery) {
  const starts = mastery.learners
    .map((r) => (state.store.learners.includes(r.learner) ? state.store.timeline(r.learner)[0]?.timestamp : null))
    .filter(Boolean);
  const end = new Date(asOf());
  const first = starts.length ? new Date(starts.sort()[0]) : null;
  if (!first) {
    table("activity-table", ["Week of", "Active learners", "Sittings", "Responses", "Accuracy", "Minutes", "Levels up"], []);
    return;
  }
  const start = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
  const weeks = [];
  for (let t = start; t <= end && weeks.length < 104; t = new Date(t.getTime() + 7 * 86400000)) weeks.push(t);
  table(
    "activity-table",
    ["Week of", "Active learners", "Sittings", "Responses", "Accuracy", "Minutes", "Levels up"],
    weeks.map((w) => {
      const a = state.store.classActivity(state.klass, w.toISOString(), new Date(w.getTime() + 7 * 86400000).toISOString());
      return el(
        "tr",
        { "data-week": w.toISOString().slice(0, 10) },
        el("td", {}, w.toISOString().slice(0, 10)),
        el("td", {}, String(a.learners_active)),
        el("td", {}, String(a.assessments)),
        el("td", {}, String(a.responses)),
        el("td", {}, a.responses ? percent(a.accuracy) : ""),
        el("td", {}, String(Math.round(a.seconds / 60))),
        el("td", {}, String(a.levels_up)),
      );
    }),
  );
}

function showDetail(learner) {
  state.detail = learner;
  for (const tr of document.querySelectorAll("#roster-table tbody tr, #class-heatmap tbody tr")) tr.classList.toggle("selected", tr.dataset.learner === learner);
  renderDetail(learner);
}

/** A learner's level changes and their mastery of the class's first goal (or the course) over time. */
function renderDetail(learner) {
  const box = $("learner-detail");
  box.hidden = false;
  box.dataset.learner = learner;
  const roster = state.store.roster();
  const goal = (roster.goals ?? []).find((g) => g.class === state.klass);
  const doc = state.curriculum.toObject();
  const scope = goal ? goal.scope : doc.courses?.length ? `course:${doc.courses[0].id}` : state.curriculum.learnableOrder();
  const scopeName = goal ? goal.name || goal.id : doc.courses?.[0]?.name ?? "all skills";
  $("detail-title").textContent = `${learner}: mastery of ${scopeName} over time`;
  const timeline = state.store.timeline(learner);
  const chart = $("progress-chart");
  if (timeline.length === 0) {
    chart.replaceChildren();
    $("detail-timeline").replaceChildren(el("li", {}, "No answers yet."));
    return;
  }
  const from = timeline[0].timestamp;
  const span = (new Date(asOf()) - new Date(from)) / 86400000;
  const step = span > 90 ? 7 : 1;
  const points = state.store.progressOverTime([learner], scope, from, asOf(), step);
  const ns = "http://www.w3.org/2000/svg";
  const make = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const W = 600, H = 160, L = 36, B = 20;
  const x = (i) => L + (points.length > 1 ? (i * (W - L - 10)) / (points.length - 1) : 0);
  const y = (p) => H - B - (p / 100) * (H - B - 10);
  const nodes = [0, 50, 100].flatMap((p) => [make("line", { x1: L, x2: W - 10, y1: y(p), y2: y(p) }), make("text", { x: 2, y: y(p) + 3 }, `${p}%`)]);
  nodes.push(make("polyline", { points: points.map((p, i) => `${x(i)},${y(p.mastery_percent)}`).join(" ") }));
  points.forEach((p, i) => {
    const dot = make("circle", { cx: x(i), cy: y(p.mastery_percent), r: 3, fill: "#2f6fb8" });
    dot.append(make("title", {}, `${day(p.date)}: ${p.mastery_percent.toFixed(1)}%`));
    nodes.push(dot);
  });
  nodes.push(make("text", { x: L, y: H - 4 }, day(points[0].date)), make("text", { x: W - 80, y: H - 4 }, day(points[points.length - 1].date)));
  chart.replaceChildren(...nodes);
  chart.dataset.last = String(points[points.length - 1].mastery_percent);
  $("detail-timeline").replaceChildren(
    ...timeline
      .slice()
      .reverse()
      .map((t) => el("li", {}, `${day(t.timestamp)} ${state.skillNames.get(t.skill) ?? t.skill}: `, chip(t.from), " → ", chip(t.to), ` (${t.context.replace(/_/g, " ")})`)),
  );
}

/** What the answers just recorded achieved, newest first. */
function showEvents(applied) {
  const roster = state.store.roster();
  const name = (list, id) => (roster[list] ?? []).find((x) => x.id === id)?.name || id;
  const doc = state.curriculum.toObject();
  const unit = (id) => (doc.units ?? []).find((u) => u.id === id)?.name || id;
  const course = (id) => (doc.courses ?? []).find((c) => c.id === id)?.name || id;
  for (const e of applied.events ?? []) {
    const text = {
      skill_mastered: () => `${e.learner} mastered ${state.skillNames.get(e.id) ?? e.id}`,
      unit_mastered: () => `🎉 ${e.learner} mastered the unit ${unit(e.id)}`,
      course_mastered: () => `🎉 ${e.learner} mastered the course ${course(e.id)}`,
      goal_achieved: () => `🎉 ${e.learner} achieved the goal “${name("goals", e.id)}”`,
      assignment_completed: () => `${e.learner} completed ${name("assignments", e.id)}: ${percent(e.score)}${e.late ? ", late" : ""}`,
    }[e.kind]();
    $("events-feed").prepend(el("li", { className: e.kind, "data-kind": e.kind, "data-id": e.id }, text));
  }
}

/** A table as CSV text: its header and body cells, quoted where needed. */
function tableCsv(id) {
  const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [...$(id).rows].map((r) => [...r.cells].map((c) => quote(c.textContent.trim())).join(",")).join("\n") + "\n";
}

function exportTable(id) {
  const url = URL.createObjectURL(new Blob([tableCsv(id)], { type: "text/csv" }));
  const a = el("a", { href: url, download: `${state.klass ?? "class"}-${id.replace(/-table$/, "")}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const csvList = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

function addClass() {
  const id = $("new-class-id").value.trim();
  state.store.addClass(id, $("new-class-name").value.trim(), csvList($("new-class-learners").value));
  state.klass = id;
  renderAll();
}

function addGoal() {
  const due = $("new-goal-due").value;
  state.store.addGoal({
    id: $("new-goal-id").value.trim(),
    scope: $("new-goal-scope").value,
    target: $("new-goal-target").value,
    class: state.klass ?? "",
    ...(due ? { due } : {}),
  });
  renderAll();
}

function addAssignment() {
  const due = $("new-assignment-due").value;
  state.store.addAssignment({
    id: $("new-assignment-id").value.trim(),
    skills: [...$("new-assignment-skills").selectedOptions].map((o) => o.value),
    context: $("new-assignment-context").value,
    class: state.klass ?? "",
    start: asOf(),
    ...(due ? { due } : {}),
  });
  renderAll();
}

function addCorrectives() {
  const skill = $("corrective-skill").value;
  const made = state.store.assignCorrectives(`fix-${skill}-${Date.now().toString(36)}`, skill, state.klass, null, asOf());
  $("corrective-result").textContent = made ? `Practice on ${state.skillNames.get(skill) ?? skill} for ${made.learners.join(", ")}.` : "No one in the class is struggling with it.";
  renderAll();
}

async function loadSampleClass() {
  const [roster, log] = await Promise.all([fetch("../roster.json").then((r) => r.json()), fetch("../events.jsonl").then((r) => r.text())]);
  state.store = new LearnerStore(state.curriculum, state.policy);
  state.store.setRoster(roster);
  state.store.replayJsonl(log);
  state.asOf = null;
  for (const line of log.split("\n")) {
    const m = /"timestamp":\s*"([^"]+)"/.exec(line);
    if (m) noteTime(new Date(m[1]).toISOString());
  }
  state.klass = roster.classes[0].id;
  state.detail = null;
  $("events-feed").replaceChildren();
  const learners = state.store.learners;
  if (!learners.includes($("learner").value.trim())) $("learner").value = learners[0];
  renderAll();
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
  $("load-class").onclick = () => loadSampleClass().catch(showError);
  $("roster-file").onchange = (e) =>
    e.target.files[0] && e.target.files[0].text().then(guarded((t) => {
      state.store.setRoster(JSON.parse(t));
      renderAll();
    }));
  $("class-pick").onchange = guarded((e) => {
    state.klass = e.target.value;
    state.detail = null;
    $("learner-detail").hidden = true;
    renderTeacher();
  });
  $("add-class").onclick = guarded(addClass);
  $("add-goal").onclick = guarded(addGoal);
  $("add-assignment").onclick = guarded(addAssignment);
  $("add-correctives").onclick = guarded(addCorrectives);
  for (const b of document.querySelectorAll("button.export")) b.onclick = guarded(() => exportTable(b.dataset.table));
  $("status").textContent = "Ready.";
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  showError(e);
  $("status").textContent = "The engine failed to load.";
});
