// The WebAssembly front end against the shared list of public operations and the core's
// error catalogue: an operation added to one front end alone, or an error code missing from
// the TypeScript types, fails here.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixture, mk, read } from "./helpers.mjs";

const SURFACE = fixture("api_surface.json");

/** Public names of a wasm-bindgen class: prototype methods and getters, and statics. */
function publicNames(cls) {
  const own = (o, hidden) => Object.getOwnPropertyNames(o).filter((n) => !n.startsWith("__") && !hidden.includes(n));
  return new Set([...own(cls.prototype, ["constructor", "free"]), ...own(cls, ["length", "name", "prototype"])]);
}

test("every listed operation exists and nothing else is public", () => {
  for (const [name, ops] of Object.entries(SURFACE.classes)) {
    const cls = mk[name];
    assert.equal(typeof cls, "function", `${name} is exported`);
    const listed = new Set(ops.map(([, js]) => js).filter((js) => js !== null));
    const names = publicNames(cls);
    for (const js of listed) {
      if (js === "constructor") continue;
      assert.ok(names.has(js), `${name}.${js} is listed but missing`);
    }
    const unlisted = [...names].filter((n) => !listed.has(n));
    assert.deepEqual(unlisted, [], `${name} has operations the list lacks`);
    for (const [py, js] of ops) {
      if (py === null) assert.ok(SURFACE.why[`${name}.${js}`], `${name}.${js}: say why Python lacks it`);
    }
  }
  const functions = new Set(SURFACE.functions.map(([, js]) => js).filter((js) => js !== null));
  for (const js of functions) assert.equal(typeof mk[js], "function", `${js} is listed but missing`);
  const classes = new Set(Object.keys(SURFACE.classes));
  // `start` is the module's initializer (the panic hook), run by wasm-bindgen on load.
  const exported = Object.keys(mk).filter((n) => !classes.has(n) && !n.startsWith("__") && n !== "start");
  assert.deepEqual(exported.filter((n) => !functions.has(n)), [], "module functions the list lacks");
});

test("error codes match the TypeScript union and carry their family's name", () => {
  const types = read("bindings-wasm/src/types.d.ts");
  const union = types.slice(types.indexOf("export type ErrorCode ="));
  const body = union.slice(0, union.indexOf(";"));
  const typed = [...body.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  const codes = mk.errorCodes();
  assert.deepEqual(typed, codes.map(([code]) => code));
  const names = new Set(["MasteryError", "CurriculumError", "PolicyError", "EvidenceError", "ModelError", "RosterError"]);
  for (const [code, name] of codes) assert.ok(names.has(name), `${code}: ${name}`);
});
