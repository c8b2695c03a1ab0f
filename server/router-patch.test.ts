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

// The document render builds the route tree and its data routes once per build, not per
// request (patches/@remix-run+react+…, patches/react-router-dom+…; ADR 0006).
describe("RemixServer and static router patches (server build)", () => {
  const { createStaticHandler, createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

  it("are applied to the CommonJS builds the server loads", () => {
    const remixServer = require.resolve("@remix-run/react").replace(/index\.js$/, "server.js");
    expect(readFileSync(remixServer, "utf8")).toContain("serverRoutesCache");
    expect(readFileSync(require.resolve("react-router-dom/server"), "utf8")).toContain("dataRoutesCache");
  });

  it("renders each request's own matches from one cached route tree", async () => {
    const routes = tree();
    const handler = createStaticHandler(routes);
    const routeIdsAt = async (path: string) => {
      const context = await handler.query(new Request(`http://localhost${path}`));
      if (context instanceof Response) throw new Error(`${path} answered ${context.status}`);
      const router = createStaticRouter(routes, context);
      return { router, ids: router.state.matches.map((m) => m.route.id) };
    };
    const home = await routeIdsAt("/home");
    const org = await routeIdsAt("/orgs/org_42");
    expect(home.ids).toEqual(["root", "home"]);
    expect(org.ids).toEqual(["root", "org"]);
    expect(org.router.state.matches.at(-1)?.params).toMatchObject({ id: "org_42" });
    // One conversion for the tree: both routers hold the same data routes.
    expect(org.router.routes).toBe(home.router.routes);
    // A different tree is converted on its own.
    const other = tree();
    const otherContext = await createStaticHandler(other).query(new Request("http://localhost/home"));
    if (otherContext instanceof Response) throw new Error("unexpected response");
    expect(createStaticRouter(other, otherContext).routes).not.toBe(home.router.routes);
  });
});
