// Shared paths and loaders of the node tests.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The Node build of the package (bindings-wasm/pkg/masterykit_node.cjs). */
export const mk = createRequire(import.meta.url)("../pkg/masterykit_node.cjs");

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
