// The packed npm package in real web apps: one tiny app, built by Vite, webpack 5 and esbuild
// with no plugin and no config beyond entry and output, and loaded unbundled through an import
// map, must run in headless Chromium and compute what the package computes in Node.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";

import * as esbuild from "esbuild";
import { build as vite } from "vite";
import webpack from "webpack";

import { installPacked, launchChromium, mk, serve } from "./helpers.mjs";

// What the app computes, given the package: levels after one sitting, a report figure, a
// graph query and a typed error.
const ENGINE = `export function result(mk) {
  const course = mk.Curriculum.fromObject({
    format_version: 1,
    skills: [{ id: "add" }, { id: "sub", prerequisites: ["add"] }],
    units: [{ id: "ops", skills: ["add", "sub"] }],
  });
  const store = new mk.LearnerStore(course, mk.Policy.khan());
  const applied = store.apply({
    learner: "ana", context: "practice", timestamp: "2026-09-01T10:00:00Z",
    responses: [1, 2, 3, 4].map((i) => ({ item: "q" + i, skills: ["add"], correct: true })),
  });
  let error;
  try {
    mk.Curriculum.fromJson('{"format_version": 1, "skills": [{"id": "a", "prerequisites": ["zz"]}]}');
  } catch (e) {
    error = { name: e.name, code: e.code };
  }
  return {
    version: mk.version(),
    transitions: applied.transitions,
    percent: store.masteryPercent("ana", "unit:ops"),
    frontier: course.frontier(["add"]),
    error,
  };
}
`;
const MAIN = `import * as mk from "masterykit";
import { result } from "./engine.js";
document.body.dataset.result = JSON.stringify(result(mk));
`;
const page = (script) =>
  `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title></head><body>${script}</body></html>`;

let app;
let browser;

before(async () => {
  app = installPacked().dir;
  writeFileSync(join(app, "engine.js"), ENGINE);
  writeFileSync(join(app, "main.js"), MAIN);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Serves the folder `root` of the app as the site's root, opens `path`; returns what the page computed. */
async function run(root, path = "") {
  const site = await serve(join(app, root));
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  tab.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  try {
    await tab.goto(`${site.base}/${path}`);
    await tab.waitForSelector("body[data-result]", { state: "attached", timeout: 20_000 }).catch((e) => {
      throw new Error(`${root}/${path}: no result (${errors.join("; ") || e.message})`);
    });
    assert.deepEqual(errors, []);
    return JSON.parse(await tab.getAttribute("body", "data-result"));
  } finally {
    await tab.close();
    site.close();
  }
}

/** What the same app code computes in Node, against the same build of the package. */
async function expected() {
  const { result } = await import(pathToFileURL(join(app, "engine.js")).href);
  return result(mk);
}

test("Vite builds the app with no plugin, and it runs", async () => {
  writeFileSync(join(app, "index.html"), page('<script type="module" src="./main.js"></script>'));
  await vite({ root: app, configFile: false, logLevel: "warn", build: { outDir: join(app, "out-vite") } });
  const got = await run("out-vite");
  assert.deepEqual(got, await expected());
  assert.equal(got.transitions[0].to, "proficient");
  assert.deepEqual(got.error, { name: "CurriculumError", code: "unknown_skill" });
});

test("webpack 5 builds the app with no plugin or loader, and it runs", async () => {
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: app,
        entry: "./main.js",
        output: { path: join(app, "out-webpack"), filename: "main.js" },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.deepEqual(stats.toJson({ all: false, errors: true }).errors, []);
  writeFileSync(join(app, "out-webpack", "index.html"), page('<script src="main.js"></script>'));
  assert.deepEqual(await run("out-webpack"), await expected());
});

test("esbuild bundles the app with no plugin or loader (its default iife format), and it runs", async () => {
  mkdirSync(join(app, "out-esbuild"), { recursive: true });
  const built = await esbuild.build({
    absWorkingDir: app,
    entryPoints: ["main.js"],
    bundle: true,
    minify: true,
    outfile: join(app, "out-esbuild", "main.js"),
    logLevel: "silent",
  });
  assert.deepEqual(built.errors, []);
  writeFileSync(join(app, "out-esbuild", "index.html"), page('<script src="main.js"></script>'));
  assert.deepEqual(await run("out-esbuild"), await expected());
});

test("a page loads the package unbundled, through an import map", async () => {
  mkdirSync(join(app, "plain"), { recursive: true });
  cpSync(join(app, "engine.js"), join(app, "plain", "engine.js"));
  cpSync(join(app, "main.js"), join(app, "plain", "main.js"));
  const map = JSON.stringify({ imports: { masterykit: "/node_modules/masterykit/pkg/masterykit.js" } });
  writeFileSync(
    join(app, "plain", "index.html"),
    page(`<script type="importmap">${map}</script><script type="module" src="./main.js"></script>`),
  );
  assert.deepEqual(await run(".", "plain/"), await expected());
});
