import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server loads @remix-run/router's CommonJS build, which patches/ changes to cache route
// ranking and compiled path patterns (ADR 0006). These tests pin that the patch is in
// place and that matching still answers as before, including for a changed route tree.
const require = createRequire(import.meta.url);
const routerPath = require.resolve("@remix-run/router");
const { matchRoutes } = require("@remix-run/router") as typeof import("@remix-run/router");

type R = AgnosticRouteObject;
const tree = (): R[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "home", path: "home" },
      { id: "org", path: "orgs/:id" },
      { id: "org-new", path: "orgs/new" },
      { id: "splat", path: "*" },
    ],
  },
];
const leaf = (routes: R[], path: string) => matchRoutes(routes, path)?.at(-1);

describe("@remix-run/router patch (server build)", () => {
  it("is applied to the CommonJS build the server loads", () => {
    expect(routerPath).toMatch(/router\.cjs\.js$/);
    const source = readFileSync(routerPath, "utf8");
    expect(source).toContain("ip-bridge patch (backport of react-router#14967)");
    expect(source).toContain("compiledPathCache");
  });

  it("matches the same way on repeated calls with one route tree", () => {
    const routes = tree();
    for (let i = 0; i < 3; i++) {
      expect(leaf(routes, "/")?.route.id).toBe("index");
      expect(leaf(routes, "/home")?.route.id).toBe("home");
      expect(leaf(routes, "/HOME/")?.route.id).toBe("home");
      expect(leaf(routes, "/orgs/new")?.route.id).toBe("org-new"); // static beats dynamic
      const org = leaf(routes, "/orgs/org_42");
      expect(org?.route.id).toBe("org");
      expect(org?.params).toMatchObject({ id: "org_42" });
      expect(leaf(routes, "/a/b")?.params).toMatchObject({ "*": "a/b" });
    }
  });

  it("sees a new route tree, not the ranking of an earlier one", () => {
    expect(leaf(tree(), "/patents")?.route.id).toBe("splat");
    const grown = tree();
    const root = grown[0];
    if (root.index) throw new Error("the root is a layout");
    root.children?.push({ id: "patents", path: "patents" });
    expect(leaf(grown, "/patents")?.route.id).toBe("patents");
    expect(leaf(tree(), "/patents")?.route.id).toBe("splat");
  });
});
