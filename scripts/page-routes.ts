/**
 * The portal's pages, derived from the route files themselves (Remix flat routes): every
 * `app/routes/*.tsx` with a default export (a component) is a page; `.ts` files and
 * components-less `.tsx` files (actions, downloads, the API) are not. The end-to-end sweep
 * (test/e2e/sweep.e2e.test.ts) visits each of them as every role that can open it, so a
 * page added later is swept without anyone listing it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROUTES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app/routes");

export type PageRoute = {
  /** The route file, e.g. `deals.$id_.contract.tsx`. */
  file: string;
  /** Its URL pattern, e.g. `/deals/:id/contract`. */
  pattern: string;
  /** How many dynamic segments it has (a static segment is more specific than a parameter). */
  params: number;
  regex: RegExp;
  /** Whether it renders a page (else it only acts, redirects or serves a file). */
  page: boolean;
};

/** The segments of a flat-route file name: dots separate them, except inside [escapes]. */
function segmentsOf(name: string): string[] {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  segments.push(current);
  return segments;
}

/** The URL pattern of a route file name: `catalog._index.tsx` → `/catalog`, `gi.products.$id.tsx` → `/gi/products/:id`. */
export function routePattern(file: string): string {
  const name = file.replace(/\.(tsx|ts)$/, "");
  const parts: string[] = [];
  for (const raw of segmentsOf(name)) {
    if (raw === "_index" || raw.startsWith("_")) continue; // an index, or a pathless layout
    const segment = raw.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1"); // `x_`: not nested in x's layout
    parts.push(segment.startsWith("$") ? `:${segment.slice(1)}` : segment);
  }
  return `/${parts.join("/")}`;
}

function toRoute(file: string, page: boolean): PageRoute {
  const pattern = routePattern(file);
  const segments = pattern.split("/").filter(Boolean);
  const source = segments.map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
  return { file, pattern, params: segments.filter((s) => s.startsWith(":")).length, regex: new RegExp(`^/${source}/?$`), page };
}

/** Pages the web server mounts beside Remix (server.ts): the platform's technical queue board. */
export const SERVER_PAGES: readonly string[] = ["/admin/queues"];

/** Whether a route module renders a page (has a default-exported component). */
export function isPageModule(source: string): boolean {
  return /^export default\b/m.test(source);
}

/** Every route of the portal, pages or not, static patterns before parameterised ones. */
export function allRoutes(dir = ROUTES_DIR): PageRoute[] {
  return readdirSync(dir)
    .filter((file) => /\.tsx?$/.test(file) && !file.includes(".test."))
    .map((file) => toRoute(file, file.endsWith(".tsx") && isPageModule(readFileSync(path.join(dir, file), "utf8"))))
    .sort((a, b) => a.params - b.params || a.pattern.localeCompare(b.pattern));
}

/** Every page of the portal. */
export function pageRoutes(dir = ROUTES_DIR): PageRoute[] {
  return allRoutes(dir).filter((route) => route.page);
}

/**
 * The page a pathname opens, judged among all routes as the router does (the most specific
 * pattern wins: `/gi/products/new` is not `/gi/products/:id`, and
 * `/catalog/imports/template.csv` is a download, not an import's page); undefined when it
 * is not a page.
 */
export function matchPage(routes: readonly PageRoute[], pathname: string): PageRoute | undefined {
  const route = routes.find((r) => r.regex.test(pathname));
  return route?.page ? route : undefined;
}
