// Shared paths and loaders of the node tests.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import * as mk from "../pkg/masterykit.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The package as built (bindings-wasm/pkg/masterykit.js), the same entry Node and bundlers load. */
export { mk };

export const read = (path) => readFileSync(join(ROOT, path), "utf8");
export const fixture = (name) => JSON.parse(read(join("tests", "fixtures", name)));
export const prealgebra = () => mk.Curriculum.fromJson(read("examples/prealgebra.json"));

/** The native CLI, built by the test script before these tests run. */
export const CLI = join(ROOT, "target", "debug", "masterykit");

/** Calls `fn`, which must throw a masterykit error; returns it. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, none was thrown");
}

/**
 * Packs the npm package as published and installs the tarball into a new consumer folder;
 * returns the folder and the tarball's file list.
 */
export function installPacked() {
  const dir = mkdtempSync(join(tmpdir(), "masterykit-npm-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: join(ROOT, "bindings-wasm"),
    encoding: "utf8",
  }).trim().split("\n").pop();
  const listing = execFileSync("tar", ["tzf", join(dir, packed)], { encoding: "utf8" }).trim().split("\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--offline", join(dir, packed)], { cwd: dir });
  return { dir, listing };
}

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".jsonl": "application/jsonl",
  ".wasm": "application/wasm",
};

/** Serves the files under `root` on a free loopback port: `{ base, close }`. */
export async function serve(root) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(root, path);
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (path.endsWith("/")) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Headless Chromium (CHROMIUM, else /usr/bin/chromium), kept off the network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
