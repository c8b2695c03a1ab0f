import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** STYLE.md's one rule, checked on every import: routes are HTTP glue; the domain owns the rules. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : files(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const exists = (dir: string) => {
  try {
    readdirSync(dir);
    return true;
  } catch {
    return false;
  }
};

describe("architecture", () => {
  it("app/domain, workers and search never import Remix", () => {
    const offenders = ["app/domain", "workers", "search"]
      .filter(exists)
      .flatMap(files)
      .flatMap((f) => imports(f).filter((i) => i.startsWith("@remix-run/")).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it("routes never import the Prisma client", () => {
    const routeModules = files("app/routes").filter((f) => !/\.test\.tsx?$/.test(f));
    const offenders = routeModules.flatMap((f) =>
      imports(f)
        .filter((i) => /utils\/db\.server|generated\/prisma\/client|@prisma\/client/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
