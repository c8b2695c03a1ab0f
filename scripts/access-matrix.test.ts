import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACCESS_MATRIX_PATH, ACCESS_TABLES, renderAccessMatrix } from "./access-matrix";

describe("docs/access-matrix.md", () => {
  it("is what `npm run docs:access` generates from the tables (run it after changing a policies.ts)", () => {
    expect(readFileSync(ACCESS_MATRIX_PATH, "utf8")).toBe(renderAccessMatrix());
  });

  it("names every relation, state and operation of every table", () => {
    const doc = renderAccessMatrix();
    for (const t of ACCESS_TABLES) {
      for (const name of [...t.relations, ...t.states]) expect(doc, `${t.context} ${name}`).toContain(`**${name}**`);
      for (const op of t.operations) expect(doc, `${t.context} ${op}`).toContain(`\`${op}\``);
    }
  });
});
