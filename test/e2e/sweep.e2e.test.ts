import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { county } from "~/domain/identity/county";
import { DEMO_KINDS, type DemoKind } from "../../prisma/seed-data";
import { allRoutes, pageRoutes, type PageRoute } from "../../scripts/page-routes";
import { matchPage } from "../../scripts/page-routes";
import { ARTIFACTS, baseUrl, launchBrowser, loginAs } from "./browser";

/**
 * Issue 19's sweep: every page of every role, found the way each user finds them. As each
 * role (and a visitor without an account), it opens every page without parameters, then
 * follows the links it meets to the pages with parameters, one representative URL per page.
 * Each page it can open is checked at 1280 px and at 390 px:
 * - nothing scrolls sideways (`scrollWidth ≤ viewport`);
 * - no raw enum value (any value of the schema's enums), `undefined`, `NaN`,
 *   `[object Object]`, rate as a bare decimal (0.0385) or date as 2026/12/05 in the text;
 * - axe-core finds no serious or critical violation;
 * and photographed (`test/e2e/artifacts/sweep-<role>-<page>-<width>.png`). The page list is
 * derived from the route files (scripts/page-routes.ts); the last test fails when a page
 * was opened by no role.
 *
 * SWEEP_ROLES=SME,BANK limits the roles (for working on a page); the coverage test then
 * does not run.
 */

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = require("axe-core").source;

type Role = DemoKind | "VISITOR";
const ALL_ROLES: Role[] = ["VISITOR", ...DEMO_KINDS];
const ROLES = process.env.SWEEP_ROLES ? (process.env.SWEEP_ROLES.split(",") as Role[]) : ALL_ROLES;

const ROUTES = allRoutes();
const PAGES = pageRoutes();

/**
 * Where a role starts besides the pages without parameters: an invitation arrives by
 * e-mail, never by a link (an unknown token shows its error state); certificates are
 * linked from a verification's results (the demo register's enterprises carry the county's name).
 */
const DIRECT_URLS: Partial<Record<Role, string[]>> = {
  VISITOR: ["/invite/sweep-unknown-token", `/gi/verify?q=${encodeURIComponent(county.name)}`],
};

/** Further instances of a page already checked are opened only to find links to pages not yet seen, at most this many each. */
const MORE_INSTANCES = 10;

/** Never followed: they act on a GET or leave the session. */
const NOT_FOLLOWED = /^\/(logout|set-locale)\b/;

/** Every value of the schema's enums, as they must never reach a page. */
const ENUM_VALUES = (() => {
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const values = new Set<string>();
  for (const [, body] of schema.matchAll(/^enum \w+ \{([^}]*)\}/gm)) {
    for (const line of body.split("\n")) {
      const value = line.trim().split(/\s/)[0];
      if (/^[A-Z][A-Z0-9_]+$/.test(value)) values.add(value);
    }
  }
  return values;
})();

type Finding = { role: Role; url: string; width: number; problem: string };

const WIDTHS = [1280, 390] as const;

const slug = (pattern: string) => pattern.replace(/^\//, "").replace(/[/:]/g, "-") || "index";

async function textProblems(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const problems: string[] = [];
  for (const bad of ["undefined", "NaN", "[object Object]"]) if (text.includes(bad)) problems.push(`text contains "${bad}"`);
  // A rate is shown as a percentage (3.85%), never as the decimal the books keep (0.0385).
  const rawRates = text.match(/(?<![\d.,¥])0\.\d{3,}(?![\d%])/g);
  if (rawRates) problems.push(`raw decimal rates: ${[...new Set(rawRates)].join(", ")}`);
  // Dates read 2026年12月5日 in text and 2026-12-05 in tables (app/utils/format.ts), never 2026/12/05.
  const slashDates = text.match(/\b\d{4}\/\d{1,2}\/\d{1,2}\b/g);
  if (slashDates) problems.push(`dates in another shape: ${[...new Set(slashDates)].join(", ")}`);
  const words = new Set(text.match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []);
  const raw = [...words].filter((w) => ENUM_VALUES.has(w));
  if (raw.length) problems.push(`raw enum values: ${raw.join(", ")}`);
  return problems;
}

async function axeProblems(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string; any: { message: string }[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""} — ${v.nodes[0].html.slice(0, 120)} ${v.nodes[0].any[0]?.message ?? ""}`);
  });
  return violations;
}

async function checkPage(page: Page, role: Role, url: string, route: PageRoute, findings: Finding[]) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 860 });
    const note = (problem: string) => findings.push({ role, url, width, problem });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) note(`scrolls sideways: ${scrollWidth} px wide`);
    for (const problem of await textProblems(page)) note(problem);
    for (const problem of await axeProblems(page)) note(`axe ${problem}`);
    await page.screenshot({ path: `${ARTIFACTS}/sweep-${role.toLowerCase()}-${slug(route.pattern)}-${width}.png` });
  }
}

/** Patterns opened by the roles swept in this run. */
const opened = new Map<string, Set<Role>>();

describe("every page of every role: phone width, plain Chinese, accessibility", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const role of ROLES) {
    it(`as ${role}`, { timeout: 1_200_000 }, async () => {
      const context = await browser.newContext({ baseURL: baseUrl(), locale: "zh-CN", viewport: { width: 1280, height: 860 } });
      context.setDefaultTimeout(120_000);
      context.setDefaultNavigationTimeout(120_000);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on("pageerror", (err) => consoleErrors.push(String(err)));
      const findings: Finding[] = [];
      const brokenLinks: string[] = [];
      try {
        if (role !== "VISITOR") await loginAs(page, role);
        const seen = new Set<string>();
        const seenUrls = new Set<string>();
        // [url, how it was found]: static pages are tried as seeds (a 404 means not this role's page); links must work.
        const queue: [string, "seed" | "direct" | string][] = [
          ...(DIRECT_URLS[role] ?? []).map((u) => [u, "direct"] as [string, string]),
          ...PAGES.filter((p) => p.params === 0).map((p) => [p.pattern, "seed"] as [string, string]),
        ];
        const harvested = new Map<string, number>();
        const follow = async (landed: string) => {
          const hrefs = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
          for (const href of hrefs) {
            if (!href.startsWith("/") || href.startsWith("//")) continue;
            const pathname = new URL(href, "http://x").pathname;
            if (NOT_FOLLOWED.test(pathname) || !matchPage(ROUTES, pathname)) continue;
            queue.push([pathname, landed]);
          }
        };
        const unseen = () => PAGES.some((p) => !seen.has(p.pattern));
        while (queue.length) {
          const [url, via] = queue.shift()!;
          const route = matchPage(ROUTES, new URL(url, "http://x").pathname);
          if (!route) continue;
          if (seen.has(route.pattern)) {
            // Another instance (another deal, another job): opened only for its links, while some page is still unseen.
            const count = harvested.get(route.pattern) ?? 0;
            if (route.params === 0 || count >= MORE_INSTANCES || !unseen() || seenUrls.has(url)) continue;
            harvested.set(route.pattern, count + 1);
            seenUrls.add(url);
            const response = await page.goto(url, { waitUntil: "load" });
            if ((response?.status() ?? 0) < 400) await follow(new URL(page.url()).pathname);
            continue;
          }
          seenUrls.add(url);
          const response = await page.goto(url, { waitUntil: "load" });
          const status = response?.status() ?? 0;
          const landed = new URL(page.url()).pathname;
          if (status >= 500) {
            findings.push({ role, url, width: 1280, problem: `HTTP ${status}` });
            seen.add(route.pattern);
            continue;
          }
          if (via === "seed" && (status >= 400 || landed !== url)) continue; // not this role's page (404, or sent to log in)
          if (via !== "seed" && via !== "direct" && status >= 400) {
            brokenLinks.push(`${url} (HTTP ${status}, linked from ${via})`);
            continue;
          }
          const landedRoute = matchPage(ROUTES, landed);
          if (!landedRoute) continue;
          if (!seen.has(landedRoute.pattern)) {
            seen.add(landedRoute.pattern);
            (opened.get(landedRoute.pattern) ?? opened.set(landedRoute.pattern, new Set()).get(landedRoute.pattern)!).add(role);
            await checkPage(page, role, landed, landedRoute, findings);
          }
          await follow(landed);
        }
        console.log(`[sweep] ${role}: ${seen.size} pages — ${[...seen].join(" ")}`);
      } finally {
        await context.close();
      }
      const report = findings.map((f) => `${f.role} ${f.url} @${f.width}: ${f.problem}`);
      expect(report, "pages with problems").toEqual([]);
      expect(brokenLinks, "links to pages that do not open").toEqual([]);
      expect(consoleErrors, "script errors").toEqual([]);
    });
  }

  it.runIf(!process.env.SWEEP_ROLES)("opens every page of the portal as some role", () => {
    const missing = PAGES.map((p) => p.pattern).filter((pattern) => !opened.has(pattern));
    expect(missing, "pages no role reached").toEqual([]);
  });
});
