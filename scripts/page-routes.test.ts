import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRoutes, isPageModule, matchPage, pageRoutes, routePattern, ROUTES_DIR } from "./page-routes";

describe("page routes derived from the route files", () => {
  it("maps flat-route file names to URL patterns", () => {
    expect(routePattern("_index.tsx")).toBe("/");
    expect(routePattern("home.tsx")).toBe("/home");
    expect(routePattern("catalog._index.tsx")).toBe("/catalog");
    expect(routePattern("gi.products.$id.tsx")).toBe("/gi/products/:id");
    expect(routePattern("deals.$id_.contract.tsx")).toBe("/deals/:id/contract");
    expect(routePattern("notifications_.settings.tsx")).toBe("/notifications/settings");
    expect(routePattern("catalog.imports.template[.csv].ts")).toBe("/catalog/imports/template.csv");
    expect(routePattern("api.v1.openapi[.json].ts")).toBe("/api/v1/openapi.json");
  });

  it("tells pages from actions and downloads", () => {
    expect(isPageModule("export async function action() {}\nexport default function Page() {}")).toBe(true);
    expect(isPageModule("export async function action() {}")).toBe(false);
    expect(isPageModule("// export default is mentioned only in a comment")).toBe(false);
  });

  it("lists every .tsx route with a component, and nothing else", () => {
    const routes = pageRoutes();
    const files = new Set(routes.map((r) => r.file));
    const tsx = readdirSync(ROUTES_DIR).filter((f) => f.endsWith(".tsx") && !f.includes(".test."));
    // Not pages: they only act or redirect.
    const nonPages = tsx.filter((f) => !files.has(f));
    expect(nonPages.sort()).toEqual(["logout.tsx", "set-locale.tsx", "subsidies.payment-batch.tsx"]);
    expect(routes.length).toBe(tsx.length - nonPages.length);
    expect(new Set(routes.map((r) => r.pattern)).size).toBe(routes.length);
    expect(routes.some((r) => r.file.endsWith(".ts"))).toBe(false);
  });

  it("matches a pathname to the most specific page", () => {
    const routes = allRoutes();
    expect(matchPage(routes, "/gi/products/new")?.pattern).toBe("/gi/products/new");
    expect(matchPage(routes, "/gi/products/abc123")?.pattern).toBe("/gi/products/:id");
    expect(matchPage(routes, "/deals/abc/contract")?.pattern).toBe("/deals/:id/contract");
    expect(matchPage(routes, "/catalog/imports/template.csv")).toBeUndefined();
    expect(matchPage(routes, "/api/v1/patents")).toBeUndefined();
  });
});
