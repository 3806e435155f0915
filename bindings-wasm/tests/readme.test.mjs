// The READMEs' JavaScript examples run as written (against the built package).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

import { ROOT, read } from "./helpers.mjs";

test("the READMEs' JavaScript examples run", () => {
  const blocks = ["README.md", "bindings-wasm/README.md"].flatMap((f) =>
    [...read(f).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]),
  );
  assert.ok(blocks.length >= 2);
  const dir = mkdtempSync(join(tmpdir(), "masterykit-readme-"));
  blocks.forEach((code, i) => {
    const file = join(dir, `example-${i}.mjs`);
    const pkg = join(ROOT, "bindings-wasm", "pkg", "masterykit.js");
    writeFileSync(file, code.replace(/from "masterykit"/g, `from ${JSON.stringify(pkg)}`));
    execFileSync(process.execPath, [file], { stdio: "inherit" });
  });
});
